"""Hand-worked tests of maturity.plan.progress: progress to target and roll-up.

Expected numbers are worked by hand in the comments from the definitions in the module Notes
of maturity.plan.progress (absolute gap = sum over required practices of max(0, target - current);
percent to target = 1 - gap / target total; progress to date = (current - baseline) /
(target - baseline) on totals capped at the target). No published example exists for these
project definitions: every case is hand-worked.

Models (tests/data/models): ``tiny-staged`` (PAs A, B at ML2 and C at ML3; practices A.SP1.1,
A.SP1.2, B.SP1.1, C.SP1.1 and GP2.1 / GP3.1 of each PA; Likert 0-4, LI threshold 2.5) and
``tiny-additive`` (categories F1, F2; process areas P1-P4; streams A, B; activities at levels
1-3; coverage scale 0 / 0.25 / 0.5 / 1; ``na_policy: exclude``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from maturity.model.load import load_model
from maturity.plan.gap import read_targets
from maturity.plan.progress import LINE_COLUMNS, PRACTICE_COLUMNS, progress_to_target, roll_up
from maturity.scoring.score import score

MODELS = Path(__file__).parent / "data" / "models"
STAGED = MODELS / "tiny-staged.yaml"
ADDITIVE = MODELS / "tiny-additive.yaml"


def frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Responses from ``(wave, business_line, practice, answer)`` rows, one respondent."""
    out = []
    for wave, line, practice, code in rows:
        out.append(
            {"wave": wave, "business_line": line, "respondent": "r1",
             "question": f"{practice}.Q1", "practice": practice, "answer": code,
             "value": np.nan if code == "NA" else float(code), "na": code == "NA"}
        )
    return pd.DataFrame(out)


# --------------------------------------------------------------------------------------------
# staged model: target value = LI threshold 2.5 on the 0-4 scale

STAGED_PRACTICES = ["A.SP1.1", "A.SP1.2", "B.SP1.1", "C.SP1.1", "A.GP2.1", "B.GP2.1",
                    "C.GP2.1", "A.GP3.1", "B.GP3.1", "C.GP3.1"]


def staged_responses() -> pd.DataFrame:
    # baseline w1 and current w2 of line "x"; C and every GP3.1 answered 4 (out of the target)
    w1 = {"A.SP1.1": "1", "A.SP1.2": "3", "A.GP2.1": "0", "B.SP1.1": "2", "B.GP2.1": "4"}
    w2 = {"A.SP1.1": "2", "A.SP1.2": "4", "A.GP2.1": "1", "B.SP1.1": "3", "B.GP2.1": "4"}
    rows = []
    for wave, ans in (("w1", w1), ("w2", w2)):
        rows += [(wave, "x", p, ans.get(p, "4")) for p in STAGED_PRACTICES]
    return frame(rows)


@pytest.fixture(scope="module")
def staged():
    model = load_model(STAGED)
    resp = staged_responses()
    s = score(resp, model)
    return s, progress_to_target(s, read_targets({"default_level": 2}, model))


def test_staged_required_practices_and_targets(staged):
    _, p = staged
    # target ML2 stages to CL2 for the ML2 PAs A and B; C (ML3) is not in the profile.
    # CL2 requires the specific practices (CL1) and GP2.1 (CL2), not GP3.1 (CL3):
    #   A.SP1.1, A.SP1.2, A.GP2.1, B.SP1.1, B.GP2.1
    pr = p.practices.set_index("practice")
    assert sorted(pr.index) == ["A.GP2.1", "A.SP1.1", "A.SP1.2", "B.GP2.1", "B.SP1.1"]
    assert (pr["target"] == 2.5).all() and (pr["target_level"] == 2).all()
    assert pr.loc[["A.SP1.1", "A.GP2.1"], "required_level"].tolist() == [1, 2]
    assert list(p.practices.columns) == PRACTICE_COLUMNS


def test_staged_gaps_per_practice_line_and_overall(staged):
    _, p = staged
    pr = p.practices.set_index("practice")
    # w2: A.SP1.1 2 -> gap 0.5; A.SP1.2 4 -> 0; A.GP2.1 1 -> 1.5; B.SP1.1 3 -> 0; B.GP2.1 4 -> 0
    assert pr["gap"].to_dict() == {"A.SP1.1": 0.5, "A.SP1.2": 0.0, "A.GP2.1": 1.5,
                                   "B.SP1.1": 0.0, "B.GP2.1": 0.0}
    # baseline (w1) capped at the target: 1, min(3, 2.5), 0, 2, min(4, 2.5)
    assert pr["baseline"].to_dict() == {"A.SP1.1": 1.0, "A.SP1.2": 2.5, "A.GP2.1": 0.0,
                                        "B.SP1.1": 2.0, "B.GP2.1": 2.5}
    line = p.lines.iloc[0]
    assert list(p.lines.columns) == LINE_COLUMNS
    # target total 5 x 2.5 = 12.5; absolute gap 0.5 + 1.5 = 2.0; percent 1 - 2 / 12.5 = 0.84
    # current total capped 2 + 2.5 + 1 + 2.5 + 2.5 = 10.5; baseline 1 + 2.5 + 0 + 2 + 2.5 = 8
    # progress to date (10.5 - 8) / (12.5 - 8) = 2.5 / 4.5 = 0.5556
    assert line["n_required"] == 5
    assert line[["target_total", "current_total", "absolute_gap", "percent_to_target",
                 "baseline_total", "progress_to_date"]].tolist() == pytest.approx(
        [12.5, 10.5, 2.0, 0.84, 8.0, 0.5556])
    assert (line["wave"], line["baseline_wave"], line["note"]) == ("w2", "w1", "")
    assert p.practices["compared"].all() and set(p.practices["note"]) == {""}
    # one line: overall = the line
    ov = p.overall.iloc[0]
    assert ov["business_line"] == "(all lines)"
    assert ov["absolute_gap"] == 2.0 and ov["progress_to_date"] == pytest.approx(0.5556)


def test_staged_no_baseline_wave_and_unanswered_practice():
    # one wave only: no baseline; B.GP2.1 not answered -> counted as 0 with a note
    model = load_model(STAGED)
    resp = frame([("w2", "x", p, "4") for p in STAGED_PRACTICES if p != "B.GP2.1"])
    p = progress_to_target(score(resp, model), read_targets({"default_level": 2}, model))
    pr = p.practices.set_index("practice")
    assert pr.loc["B.GP2.1", ["current", "gap"]].tolist() == [0.0, 2.5]
    assert pr.loc["B.GP2.1", "note"] == "no scored answer: counted as 0"
    line = p.lines.iloc[0]
    # gap 2.5 of 12.5 -> percent 0.8; no baseline -> progress NaN with a note
    assert line["percent_to_target"] == pytest.approx(0.8)
    assert np.isnan(line["progress_to_date"]) and line["note"] == "no baseline wave"
    assert line["baseline_wave"] == ""


def test_staged_explicit_target_profile_frame():
    # a resolved profile asking CL1 of A only: required = A.SP1.1, A.SP1.2 (w2: 2 and 4)
    model = load_model(STAGED)
    s = score(staged_responses(), model)
    prof = pd.DataFrame({"business_line": ["x"], "process_area": ["A"], "target_level": [1]})
    line = progress_to_target(s, prof).lines.iloc[0]
    # target 5.0, gap 0.5 -> 0.9; baseline 1 + 2.5 = 3.5, current 4.5: (4.5-3.5)/(5-3.5) = 0.6667
    assert line[["n_required", "target_total", "absolute_gap", "percent_to_target",
                 "progress_to_date"]].tolist() == pytest.approx([2, 5.0, 0.5, 0.9, 0.6667])


# --------------------------------------------------------------------------------------------
# progress to date compares the practices scored in both waves (na_policy exclude)

REQUIRED = ["A.SP1.1", "A.SP1.2", "A.GP2.1", "B.SP1.1", "B.GP2.1"]  # target ML2, value 2.5


def changed_scope_responses() -> pd.DataFrame:
    """Line x: B.SP1.1 not applicable in the baseline only. Line y: A.GP2.1 not answered in
    the current wave. Line z: B.SP1.1 not applicable in the current wave only. Practices not
    listed (C, GP3.1) are answered 4 and are not required."""
    w1 = {"A.SP1.1": "1", "A.SP1.2": "3", "A.GP2.1": "0", "B.SP1.1": "2", "B.GP2.1": "4"}
    w2 = {"A.SP1.1": "2", "A.SP1.2": "4", "A.GP2.1": "1", "B.SP1.1": "3", "B.GP2.1": "4"}
    answers = {
        ("w1", "x"): {**w1, "B.SP1.1": "NA"}, ("w2", "x"): w2,
        ("w1", "y"): {**w1, "A.GP2.1": "2"}, ("w2", "y"): {**w2, "A.GP2.1": None},
        ("w1", "z"): w1, ("w2", "z"): {**w2, "B.SP1.1": "NA"},
    }
    rows = []
    for (wave, line), ans in answers.items():
        for pr in STAGED_PRACTICES:
            code = ans.get(pr, "4")
            if code is not None:
                rows.append((wave, line, pr, code))
    return frame(rows)


@pytest.fixture(scope="module")
def changed_scope():
    model = load_model(STAGED)
    s = score(changed_scope_responses(), model)
    return progress_to_target(s, read_targets({"default_level": 2}, model))


def test_practice_na_only_in_baseline_does_not_inflate_progress(changed_scope):
    p = changed_scope
    x = p.lines.set_index("business_line").loc["x"]
    # w2 (all five counted): capped 2, 2.5, 1, 2.5, 2.5 = 10.5 of 12.5; gap 0.5 + 1.5 = 2;
    #   percent 1 - 2 / 12.5 = 0.84 (B.SP1.1 is applicable now, so it is in the gap)
    # progress to date on the 4 practices scored in both waves (B.SP1.1 was NA in w1):
    #   target 4 x 2.5 = 10; current 2 + 2.5 + 1 + 2.5 = 8; baseline 1 + 2.5 + 0 + 2.5 = 6;
    #   (8 - 6) / (10 - 6) = 0.5
    # (counting B.SP1.1 as a gain from 0 would give (10.5 - 6) / (12.5 - 6) = 0.6923)
    assert x[["n_required", "target_total", "current_total", "absolute_gap",
              "percent_to_target", "baseline_total", "progress_to_date"]].tolist() == \
        pytest.approx([5, 12.5, 10.5, 2.0, 0.84, 6.0, 0.5])
    assert x["note"] == ("progress to date on the 4 of 5 practices scored in both waves; "
                         "1 left out: B.SP1.1")
    pr = p.practices.set_index(["business_line", "practice"])
    b = pr.loc[("x", "B.SP1.1")]
    assert (b["current"], b["gap"], bool(b["compared"])) == (3.0, 0.0, False)
    assert np.isnan(b["baseline"])
    assert b["note"] == "not applicable in baseline w1: left out of progress to date"
    assert pr.loc["x"].drop(index="B.SP1.1")["compared"].all()


def test_practice_unanswered_now_is_not_a_loss(changed_scope):
    p = changed_scope
    y = p.lines.set_index("business_line").loc["y"]
    # w2: A.GP2.1 unanswered counts 0 in the gap: capped 2 + 2.5 + 0 + 2.5 + 2.5 = 9.5;
    #   gap 0.5 + 2.5 = 3; percent 1 - 3 / 12.5 = 0.76
    # progress on A.SP1.1, A.SP1.2, B.SP1.1, B.GP2.1: target 10, current 2 + 2.5 + 2.5 + 2.5
    #   = 9.5, baseline 1 + 2.5 + 2 + 2.5 = 8: (9.5 - 8) / (10 - 8) = 0.75
    # (with A.GP2.1 as 0 now against 2 then: (9.5 - 10) / (12.5 - 10) = -0.2)
    assert y[["n_required", "target_total", "current_total", "absolute_gap",
              "percent_to_target", "baseline_total", "progress_to_date"]].tolist() == \
        pytest.approx([5, 12.5, 9.5, 3.0, 0.76, 8.0, 0.75])
    assert y["note"].endswith("1 left out: A.GP2.1")
    a = p.practices.set_index(["business_line", "practice"]).loc[("y", "A.GP2.1")]
    # the baseline value is shown (capped 2), but the practice is not compared
    assert (a["current"], a["gap"], a["baseline"], bool(a["compared"])) == (0.0, 2.5, 2.0, False)
    assert a["note"] == ("no scored answer: counted as 0; "
                         "no scored answer in w2: left out of progress to date")


def test_practice_na_now_is_listed_not_dropped(changed_scope):
    p = changed_scope
    z = p.lines.set_index("business_line").loc["z"]
    # B.SP1.1 NA in w2: out of the totals and of the comparison. Four counted and compared:
    #   target 10; current 2 + 2.5 + 1 + 2.5 = 8; gap 2; percent 0.8;
    #   baseline 1 + 2.5 + 0 + 2.5 = 6; progress (8 - 6) / (10 - 6) = 0.5
    assert z[["n_required", "target_total", "current_total", "absolute_gap",
              "percent_to_target", "baseline_total", "progress_to_date"]].tolist() == \
        pytest.approx([4, 10.0, 8.0, 2.0, 0.8, 6.0, 0.5])
    assert z["note"] == "1 not applicable, left out of the totals (na_policy exclude): B.SP1.1"
    b = p.practices.set_index(["business_line", "practice"]).loc[("z", "B.SP1.1")]
    assert b[["target", "current", "gap", "baseline"]].isna().all()
    assert b["note"] == "not applicable: left out of the totals (na_policy exclude)"
    assert sorted(p.practices.loc[p.practices.business_line == "z", "practice"]) == sorted(REQUIRED)


def test_overall_compares_the_same_practices(changed_scope):
    ov = changed_scope.overall.iloc[0]
    # totals: target 12.5 + 12.5 + 10 = 35; current 10.5 + 9.5 + 8 = 28; gap 2 + 3 + 2 = 7;
    #   percent 1 - 7 / 35 = 0.8; 14 counted, 12 compared
    # progress: target 10 + 10 + 10 = 30; current 8 + 9.5 + 8 = 25.5; baseline 6 + 8 + 6 = 20;
    #   (25.5 - 20) / (30 - 20) = 0.55
    assert ov[["n_required", "target_total", "current_total", "absolute_gap",
               "percent_to_target", "baseline_total", "progress_to_date"]].tolist() == \
        pytest.approx([14, 35.0, 28.0, 7.0, 0.8, 20.0, 0.55])
    assert ov["note"] == ("progress to date on the 12 of 14 practices scored in both waves; "
                          "2 left out (listed per line); "
                          "1 not applicable, left out of the totals (na_policy exclude)")


def test_line_not_assessed_in_baseline_and_nothing_comparable():
    model = load_model(STAGED)
    rows = [("w1", "x", pr, "1") for pr in STAGED_PRACTICES]
    rows += [("w2", "x", pr, "3") for pr in STAGED_PRACTICES]
    rows += [("w2", "new", pr, "3") for pr in STAGED_PRACTICES]           # not in w1
    rows += [("w1", "gone", pr, "NA") for pr in STAGED_PRACTICES]         # all NA in w1
    rows += [("w2", "gone", pr, "3") for pr in STAGED_PRACTICES]
    p = progress_to_target(score(frame(rows), model), read_targets({"default_level": 2}, model))
    lines = p.lines.set_index("business_line")
    # x: 5 x min(3, 2.5) = 12.5 of 12.5; baseline 5 x 1 = 5: (12.5 - 5) / (12.5 - 5) = 1
    assert lines.loc["x", "progress_to_date"] == 1.0 and lines.loc["x", "note"] == ""
    assert lines.loc["new", "percent_to_target"] == 1.0
    assert np.isnan(lines.loc["new", "progress_to_date"])
    assert lines.loc["new", "note"] == "not assessed in baseline wave w1"
    assert np.isnan(lines.loc["gone", "progress_to_date"])
    assert np.isnan(lines.loc["gone", "baseline_total"])
    assert lines.loc["gone", "note"].startswith(
        "no practice scored in both waves: progress undefined")
    # overall: only x is compared: 12.5 vs 5 of 12.5 -> 1
    ov = p.overall.iloc[0]
    assert (ov["baseline_total"], ov["progress_to_date"]) == (5.0, 1.0)
    assert "progress to date on the 5 of 15 practices" in ov["note"]


def test_line_without_target_is_listed_not_dropped():
    model = load_model(STAGED)
    s = score(changed_scope_responses(), model)
    # only x has a target; y and z are assessed but have none
    p = progress_to_target(s, read_targets({"lines": {"x": 2}}, model))
    lines = p.lines.set_index("business_line")
    assert lines.index.tolist() == ["x", "y", "z"]
    assert lines.loc["x", "progress_to_date"] == 0.5
    for ln in ("y", "z"):
        assert lines.loc[ln, ["n_required", "target_total", "absolute_gap"]].tolist() == [0, 0, 0]
        assert np.isnan(lines.loc[ln, "percent_to_target"])
        assert lines.loc[ln, "note"] == "no target for this line in the profile"
    assert set(p.practices["business_line"]) == {"x"}
    # a profile asking level 0 of every area: listed, nothing required
    prof = pd.DataFrame({"business_line": ["x", "y"], "process_area": ["A", "A"],
                         "target_level": [1, 0]})
    lines = progress_to_target(s, prof).lines.set_index("business_line")
    assert lines.loc["y", "note"] == "no practice required at this line's target"
    assert lines.loc["z", "note"] == "no target for this line in the profile"
    assert lines.loc["x", "n_required"] == 2


# --------------------------------------------------------------------------------------------
# additive model: target value = the scale's highest value, 1

ACTIVITIES = [f"P{i}.{s}.{lv}" for i in (1, 2, 3, 4) for s in "AB" for lv in (1, 2, 3)]


def additive_responses() -> pd.DataFrame:
    """Lines x and y, waves w1 (baseline) and w2; stream P3.B is NA throughout.

    x, w1: level-1 activities 0.5, the rest 0;  x, w2: level 1 -> 1, level 2 -> 0.25, level 3 -> 1
    y: every activity 1 in both waves.
    """
    def code(line: str, wave: str, a: str) -> str:
        if a.startswith("P3.B"):
            return "NA"
        if line == "y":
            return "1"
        lv = a[-1]
        if wave == "w1":
            return "0.5" if lv == "1" else "0"
        return {"1": "1", "2": "0.25", "3": "1"}[lv]

    return frame([(w, ln, a, code(ln, w, a)) for w in ("w1", "w2") for ln in ("x", "y")
                  for a in ACTIVITIES])


@pytest.fixture(scope="module")
def additive():
    model = load_model(ADDITIVE)
    s = score(additive_responses(), model)
    return s, progress_to_target(s, read_targets({"default_level": 2}, model))


def test_additive_required_practices(additive):
    _, p = additive
    x = p.practices[p.practices.business_line == "x"].set_index("practice")
    # target level 2 in every process area: activities at levels 1 and 2 are required, 8 streams
    # x 2 = 16; P3.B.1 and P3.B.2 are NA and left out of the totals (na_policy exclude) but
    # listed with a note and empty figures: 14 counted
    assert len(x) == 16 and not x.index.str.endswith(".3").any()
    na = x.loc[["P3.B.1", "P3.B.2"]]
    assert na[["target", "current", "gap", "baseline"]].isna().all().all()
    assert set(na["note"]) == {"not applicable: left out of the totals (na_policy exclude)"}
    assert not na["compared"].any()
    counted = x.drop(index=["P3.B.1", "P3.B.2"])
    assert len(counted) == 14 and (counted["target"] == 1.0).all() and counted["compared"].all()
    assert set(counted["note"]) == {""}
    # x, w2: P1.A.2 answered 0.25 -> gap 0.75, baseline 0
    assert x.loc["P1.A.2", ["current", "gap", "baseline"]].tolist() == [0.25, 0.75, 0.0]


def test_additive_line_and_overall_figures(additive):
    _, p = additive
    lines = p.lines.set_index("business_line")
    # x: target 14 x 1 = 14; current 7 x 1 + 7 x 0.25 = 8.75; gap 14 - 8.75 = 5.25;
    #    percent 1 - 5.25 / 14 = 0.625; baseline 7 x 0.5 = 3.5;
    #    progress (8.75 - 3.5) / (14 - 3.5) = 5.25 / 10.5 = 0.5
    assert lines.loc["x", ["n_required", "target_total", "current_total", "absolute_gap",
                           "percent_to_target", "baseline_total", "progress_to_date"]].tolist() \
        == pytest.approx([14, 14.0, 8.75, 5.25, 0.625, 3.5, 0.5])
    # y: at target in both waves: gap 0, percent 1, progress undefined (NaN) with a note
    assert lines.loc["y", ["absolute_gap", "percent_to_target"]].tolist() == [0.0, 1.0]
    assert np.isnan(lines.loc["y", "progress_to_date"])
    na_note = "2 not applicable, left out of the totals (na_policy exclude): P3.B.1, P3.B.2"
    assert lines.loc["y", "note"] == "baseline already at target: progress undefined; " + na_note
    assert lines.loc["x", "note"] == na_note
    # overall: target 28; current 8.75 + 14 = 22.75; gap 5.25; percent 1 - 5.25 / 28 = 0.8125;
    #   baseline 3.5 + 14 = 17.5; progress (22.75 - 17.5) / (28 - 17.5) = 0.5
    ov = p.overall.iloc[0]
    assert ov[["target_total", "current_total", "absolute_gap", "percent_to_target",
               "baseline_total", "progress_to_date"]].tolist() == pytest.approx(
        [28.0, 22.75, 5.25, 0.8125, 17.5, 0.5])
    assert ov["note"] == "4 not applicable, left out of the totals (na_policy exclude)"


def test_additive_na_zero_counts_na_activities(tmp_path):
    # same model with na_policy zero: P3.B.1 and P3.B.2 are required and count 0
    text = ADDITIVE.read_text(encoding="utf-8").replace("na_policy: exclude", "na_policy: zero")
    (tmp_path / "tiny-additive.yaml").write_text(text, encoding="utf-8")
    model = load_model(tmp_path / "tiny-additive.yaml")
    s = score(additive_responses(), model)
    p = progress_to_target(s, read_targets({"default_level": 2}, model))
    x = p.lines.set_index("business_line").loc["x"]
    # 16 required, target 16, current 8.75, gap 16 - 8.75 = 7.25, percent 1 - 7.25/16 = 0.546875
    assert x[["n_required", "target_total", "current_total", "absolute_gap"]].tolist() == [
        16, 16.0, 8.75, 7.25]
    assert x["percent_to_target"] == pytest.approx(0.5469)


def test_explicit_waves_and_unknown_wave(additive):
    s, _ = additive
    model = s.model
    t = read_targets({"default_level": 2}, model)
    # current = w1 with no baseline (the earliest wave is the current one)
    p = progress_to_target(s, t, wave="w1")
    x = p.lines.set_index("business_line").loc["x"]
    # w1: 7 x 0.5 = 3.5 of 14 -> gap 10.5, percent 0.25
    assert x[["current_total", "absolute_gap", "percent_to_target"]].tolist() == [3.5, 10.5, 0.25]
    assert x["note"].startswith("no baseline wave; 2 not applicable")
    assert not p.practices["compared"].any() and p.practices["baseline"].isna().all()
    with pytest.raises(ValueError, match="not in the scores"):
        progress_to_target(s, t, wave="w9")
    with pytest.raises(ValueError, match="baseline wave"):
        progress_to_target(s, t, baseline_wave="w0")


def test_progress_does_not_mutate_inputs(staged):
    s, _ = staged
    model = s.model
    before = {k: getattr(s, k).copy(deep=True) for k in ("practices", "process_areas", "maturity")}
    prof = pd.DataFrame({"business_line": ["x"], "process_area": ["A"], "target_level": [2]})
    prof_before = prof.copy(deep=True)
    progress_to_target(s, prof)
    progress_to_target(s, read_targets({"default_level": 2}, model))
    for k, f in before.items():
        pd.testing.assert_frame_equal(getattr(s, k), f)
    pd.testing.assert_frame_equal(prof, prof_before)


# --------------------------------------------------------------------------------------------
# roll-up

RESULTS = pd.DataFrame({"wave": "w1", "business_line": ["a", "b", "c", "d"],
                        "maturity_index": [1.0, 2.0, 4.0, 7.0], "n_respondents": [1, 3, 2, 2]})
# d belongs to no group of the lines table
ORG = pd.DataFrame({"business_line": ["a", "b", "c", "e"], "group": ["X", "X", "Y", "Z"],
                    "headcount": [10, 30, 20, 99]})


def test_roll_up_mean_with_spread_and_no_group():
    r = roll_up(RESULTS, ORG, values=["maturity_index"]).set_index(["level", "unit"])
    # X = a, b: mean 1.5, min 1, max 2, sample std sqrt(((1-1.5)^2 + (2-1.5)^2) / 1) = 0.7071
    assert r.loc[("group", "X"), ["value", "n_lines", "min", "max"]].tolist() == [1.5, 2, 1.0, 2.0]
    assert r.loc[("group", "X"), "std"] == pytest.approx(0.7071, abs=1e-4)
    # Y = c alone: std undefined (NaN); d has no group -> "(no group)"
    assert r.loc[("group", "Y"), "value"] == 4.0 and np.isnan(r.loc[("group", "Y"), "std"])
    assert r.loc[("group", "(no group)"), ["value", "n_lines"]].tolist() == [7.0, 1]
    # Z has no line in the results: not listed
    assert ("group", "Z") not in r.index
    # company: mean (1 + 2 + 4 + 7) / 4 = 3.5, min 1, max 7,
    #   std sqrt((2.5^2 + 1.5^2 + 0.5^2 + 3.5^2) / 3) = sqrt(21 / 3) = sqrt(7) = 2.6458
    comp = r.loc[("company", "all")]
    assert comp[["value", "n_lines", "min", "max"]].tolist() == [3.5, 4, 1.0, 7.0]
    assert comp["std"] == pytest.approx(np.sqrt(7))
    assert set(r["rule"]) == {"mean"} and set(r["wave"]) == {"w1"}


def test_roll_up_weighted_by_respondents():
    r = roll_up(RESULTS, ORG, values=["maturity_index"], rule="weighted")
    v = r.set_index(["level", "unit"])["value"]
    # X: (1 x 1 + 2 x 3) / (1 + 3) = 7 / 4 = 1.75; Y 4; (no group) 7
    # company: (1 + 6 + 8 + 14) / (1 + 3 + 2 + 2) = 29 / 8 = 3.625
    assert v.to_dict() == {("group", "X"): 1.75, ("group", "Y"): 4.0,
                           ("group", "(no group)"): 7.0, ("company", "all"): 3.625}
    # the spread stays that of the lines, unweighted
    assert r.set_index(["level", "unit"]).loc[("company", "all"), "max"] == 7.0
    assert set(r["rule"]) == {"weighted by n_respondents"}


def test_roll_up_weighted_by_a_column_of_the_lines_table():
    # the docstring allows the weight to come from the lines table (e.g. headcount)
    # d has no headcount (not in the lines table): refused by name, or left out and named
    with pytest.raises(ValueError, match="no 'headcount' for line.s. d"):
        roll_up(RESULTS, ORG, values=["maturity_index"], rule="weighted", weight="headcount")
    r = roll_up(RESULTS, ORG, values=["maturity_index"], rule="weighted", weight="headcount",
                missing="drop")
    v = r.set_index(["level", "unit"])["value"]
    # X: (1 x 10 + 2 x 30) / 40 = 1.75; company without d: (10 + 60 + 80) / 60 = 2.5
    assert v[("group", "X")] == 1.75
    assert v[("company", "all")] == 2.5
    assert set(r["note"]) == {"left out (no headcount): d"}


def test_roll_up_default_values_and_keys():
    # every numeric column but the weight; wave kept as a key
    r = roll_up(RESULTS, ORG)
    assert set(r["metric"]) == {"maturity_index"}
    assert list(r.columns) == ["wave", "level", "unit", "metric", "value", "n_lines", "min",
                               "max", "std", "rule", "levels", "note"]


def test_roll_up_errors_and_no_mutation():
    res, org = RESULTS.copy(deep=True), ORG.copy(deep=True)
    roll_up(RESULTS, ORG, rule="weighted")
    pd.testing.assert_frame_equal(RESULTS, res)
    pd.testing.assert_frame_equal(ORG, org)
    with pytest.raises(ValueError, match="rule must be"):
        roll_up(RESULTS, ORG, rule="median")
    with pytest.raises(KeyError, match="weight column"):
        roll_up(RESULTS, ORG, rule="weighted", weight="budget")
    with pytest.raises(KeyError, match="group"):
        roll_up(RESULTS, ORG.drop(columns="group"))
    with pytest.raises(KeyError, match="business_line"):
        roll_up(RESULTS.drop(columns="business_line"), ORG)


def test_roll_up_of_progress_lines(additive):
    # progress.lines roll up like any line-level frame
    _, p = additive
    org = pd.DataFrame({"business_line": ["x", "y"], "group": ["G", "G"]})
    r = roll_up(p.lines, org, values=["percent_to_target"])
    # G = x, y: (0.625 + 1) / 2 = 0.8125
    assert r.set_index("level").loc["group", "value"] == pytest.approx(0.8125)
