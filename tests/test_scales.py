"""Scales carry their meaning: thresholds and the maturity index's zero point come from the scale.

Hand calculations (the defaults are the fractions 3.5/4, 2.5/4 and 1.0/4 of a scale's range,
maturity.model.load.THRESHOLD_FRACTIONS; the index's numeric credit is
``(mean - lowest value) / (LI - lowest value)`` capped at 0.99, maturity.scoring.score Notes):

- 1-5 scale: FI = 1 + 0.875 * 4 = 4.5, LI = 1 + 0.625 * 4 = 3.5, PI = 1 + 0.25 * 4 = 2.0.
- all "Never" (1): every practice mean 1 < PI -> NI; no goal satisfied -> ML1; credit of level
  2's practices (1 - 1) / (3.5 - 1) = 0 -> index 1.0.
- all "Always" (5): 5 >= 4.5 -> FI; every goal satisfied -> ML3 (tiny's highest) -> index 3.0.
- all "Sometimes" (3): 3 >= 2.0, < 3.5 -> PI; ML1; credit (3 - 1) / 2.5 = 0.8 -> index 1.8.
- the 0-4 model, all "2": 2 >= 1.0, < 2.5 -> PI; ML1; credit 2 / 2.5 = 0.8 -> index 1.8, as
  before scales carried their thresholds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from maturity.exceptions import ModelError
from maturity.ingest.responses import read_responses
from maturity.model.load import DEFAULT_THRESHOLDS, THRESHOLD_FRACTIONS, load_model
from maturity.scoring.score import score

MODELS = Path(__file__).parent / "data" / "models"
TINY = MODELS / "tiny-staged.yaml"
TINY_1_5 = MODELS / "tiny-likert-1-5.yaml"


def _answers(model, answer: str) -> pd.DataFrame:
    """One line, two respondents answering every question of ``model`` with ``answer``."""
    qs = load_model(model).questions["question"]  # model: a Model, an id or a path
    return pd.DataFrame([
        {"wave": "2026-03", "business_line": "retail", "respondent": r, "question": q,
         "answer": answer}
        for r in ("r1", "r2") for q in qs
    ])


def _scored(model, answer: str):
    read = read_responses(_answers(model, answer), model)
    assert read.rejected.empty, read.rejected["message"].tolist()
    return score(read.responses, model)


def test_thresholds_and_zero_point_follow_a_1_5_scale():
    m = load_model(TINY_1_5)
    assert m.thresholds == {"FI": 4.5, "LI": 3.5, "PI": 2.0}
    assert m.index_zero == 1.0


def test_0_4_models_keep_their_thresholds():
    assert THRESHOLD_FRACTIONS == {"FI": 0.875, "LI": 0.625, "PI": 0.25}
    for mid in ("cmmi-dev-1.3", "pmo-process", TINY):
        m = load_model(mid)
        assert m.thresholds == DEFAULT_THRESHOLDS == {"FI": 3.5, "LI": 2.5, "PI": 1.0}
        assert m.index_zero == 0.0
    # secure-dev: 0-1 coverage scale, its explicit thresholds equal the fractions of 0-1
    assert load_model("secure-dev").thresholds == {"FI": 0.875, "LI": 0.625, "PI": 0.25}


@pytest.mark.parametrize("answer", ["Never", "1"])
def test_all_never_is_not_implemented_and_index_1(answer):
    s = _scored(TINY_1_5, answer)
    assert set(s.practices["characterization"]) == {"NI"}
    assert set(s.goals["rating"]) == {"not satisfied"}
    assert s.maturity["maturity_level"].tolist() == [1]
    assert s.maturity["maturity_index"].tolist() == [1.0]


def test_all_always_is_fully_implemented():
    s = _scored(TINY_1_5, "Always")
    assert set(s.practices["characterization"]) == {"FI"}
    assert s.maturity["maturity_level"].tolist() == [3]
    assert s.maturity["maturity_index"].tolist() == [3.0]


def test_sometimes_is_partial_with_credit_from_the_lowest_value():
    s = _scored(TINY_1_5, "Sometimes")
    assert set(s.practices["characterization"]) == {"PI"}
    assert s.maturity["maturity_index"].tolist() == [pytest.approx(1.8)]


def test_0_4_results_unchanged():
    s = _scored(TINY, "2")
    assert set(s.practices["characterization"]) == {"PI"}
    assert s.maturity["maturity_level"].tolist() == [1]
    assert s.maturity["maturity_index"].tolist() == [pytest.approx(1.8)]


def _write(tmp_path: Path, extra: str, scale_extra: str = "") -> Path:
    text = TINY_1_5.read_text(encoding="utf-8")
    text = text.replace("scoring: staged\n", f"scoring: staged\n{extra}", 1)
    text = text.replace("    kind: numeric\n", f"    kind: numeric\n{scale_extra}", 1)
    p = tmp_path / "m.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_inherited_0_4_thresholds_on_a_1_5_scale_are_refused_with_the_fix(tmp_path):
    # copied from cmmi-dev-1.3.yaml: PI 1.0 is the 1-5 scale's lowest value, "Never" would be PI
    p = _write(tmp_path, "thresholds: {FI: 3.5, LI: 2.5, PI: 1.0}\n")
    with pytest.raises(ModelError) as err:
        load_model(p)
    msg = str(err.value)
    assert "thresholds" in msg and "1-5" in msg
    assert "FI 4.5, LI 3.5, PI 2" in msg  # the defaults to use instead


def test_explicit_thresholds_inside_the_range_are_used(tmp_path):
    m = load_model(_write(tmp_path, "thresholds: {FI: 4.8, LI: 4.0, PI: 2.5}\n"))
    assert m.thresholds == {"FI": 4.8, "LI": 4.0, "PI": 2.5}
    # a partial mapping: the rest from the range
    m = load_model(_write(tmp_path, "thresholds: {LI: 4.0}\n"))
    assert m.thresholds == {"FI": 4.5, "LI": 4.0, "PI": 2.0}


def test_thresholds_declared_on_the_scale(tmp_path):
    m = load_model(_write(tmp_path, "", "    thresholds: {FI: 5, LI: 4, PI: 3}\n"))
    assert m.thresholds == {"FI": 5.0, "LI": 4.0, "PI": 3.0}
    assert m.scales["frequency-1-5"].characterization_thresholds == m.thresholds


def _mixed(tmp_path: Path, extra: str = "") -> Path:
    """tiny-likert-1-5 with A.SP1.1 asked on the built-in 0-4 scale."""
    text = TINY_1_5.read_text(encoding="utf-8").replace(
        'questions: [{id: A.SP1.1.Q1, text: "Do you do A1.1?"}]',
        'questions: [{id: A.SP1.1.Q1, text: "Do you do A1.1?", scale: likert-0-4}]')
    text = text.replace("scoring: staged\n", f"scoring: staged\n{extra}", 1)
    p = tmp_path / "mixed.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(("low", "high"), [("0", "Never"), ("4", "Always")])
def test_scales_of_different_ranges_each_keep_their_meaning(tmp_path, low, high):
    # A.SP1.1 on 0-4 (FI 3.5, LI 2.5, PI 1.0, zero 0), the rest on 1-5 (4.5, 3.5, 2.0, zero 1):
    # each lowest answer is NI with no index credit, each highest FI
    m = load_model(_mixed(tmp_path))
    assert m.scale_thresholds == {
        "frequency-1-5": {"FI": 4.5, "LI": 3.5, "PI": 2.0, "zero": 1.0},
        "likert-0-4": {"FI": 3.5, "LI": 2.5, "PI": 1.0, "zero": 0.0},
    }
    frame = _answers(m, high)
    frame["answer"] = frame["answer"].where(frame["question"].ne("A.SP1.1.Q1"),
                                            "0" if high == "Never" else "4")
    if low == "0":
        read = read_responses(frame, m)
        assert read.rejected.empty
        s = score(read.responses, m)
        assert set(s.practices["characterization"]) == {"NI"}
        assert s.maturity["maturity_index"].tolist() == [1.0]
    else:
        s = score(read_responses(frame, m).responses, m)
        assert set(s.practices["characterization"]) == {"FI"}
        assert s.maturity["maturity_index"].tolist() == [3.0]


def test_one_model_threshold_set_over_scales_of_different_ranges_is_refused(tmp_path):
    with pytest.raises(ModelError, match=r"scales\.<id>\.thresholds"):
        load_model(_mixed(tmp_path, "thresholds: {FI: 3.5, LI: 2.5, PI: 1.0}\n"))
