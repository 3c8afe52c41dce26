"""score() lists waves in time order (issue 15): ``2026年3月`` before ``2026年10月``, whatever the
text order; rows within a wave unchanged; labels that tell no time keep their text order."""

import pandas as pd
import pytest

import maturity


@pytest.fixture(scope="module")
def model():
    return maturity.load_model("cmmi-dev-1.3")


def _answers(model, waves, dates=None):
    q = model.questions
    frames = []
    for i, w in enumerate(waves):
        f = pd.DataFrame({"wave": w, "business_line": "bank", "respondent": "r1",
                          "question": q["question"], "practice": q["practice"],
                          "answer": str(1 + i), "value": float(1 + i), "na": False})
        if dates is not None:
            f["date"] = dates[i]
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def _waves(frame):
    return list(dict.fromkeys(frame["wave"].astype(str)))


def test_chinese_month_labels_in_time_order(model):
    # text order puts 2026年10月 first ('1' < '3'); time order is March, then October
    sc = maturity.score(_answers(model, ["2026年10月", "2026年3月"]), model)
    for f in (sc.practices, sc.goals, sc.process_areas, sc.maturity):
        assert _waves(f) == ["2026年3月", "2026年10月"]
        assert isinstance(f.index, pd.RangeIndex)
    # October was answered 1 and March 2 everywhere: the rows moved with their values
    idx = sc.maturity.set_index("wave")["maturity_index"]
    assert idx["2026年3月"] > idx["2026年10月"]


def test_rows_within_a_wave_unchanged(model):
    resp = _answers(model, ["2026年10月", "2026年3月"])
    sc = maturity.score(resp, model)
    one = maturity.score(resp[resp["wave"] == "2026年3月"], model)
    got = sc.practices[sc.practices["wave"] == "2026年3月"].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, one.practices)


def test_labels_that_name_no_period_keep_text_order(model):
    sc = maturity.score(_answers(model, ["followup", "baseline"]), model)
    assert _waves(sc.maturity) == ["baseline", "followup"]


def test_answer_dates_order_labels_that_name_no_period(model):
    resp = _answers(model, ["baseline", "after"], dates=["2025-03-10", "2025-09-15"])
    sc = maturity.score(resp, model)
    assert _waves(sc.maturity) == ["baseline", "after"]
