"""Not applicable and scope (issue 14, item 1): hand-worked cases of the rules in
maturity.scoring.scope's docstring.

Sources: SCAMPI A MDD v1.3 (CMU/SEI-2011-HB-001): "not applicable" is a scoping decision of
the appraisal team, recorded with a reason; a maturity level needs every area of that level and
below satisfied or out of scope. CSET's C2M2 rule: a MIL with no answered practice is not
achieved. Both summarised in /work/shared/reference/methods.md ("Second pass").
The tiny models are described in tests/test_scoring.py.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from maturity.exceptions import MaturityWarning, TargetError
from maturity.model.load import load_model
from maturity.scoring.scope import read_scope
from maturity.scoring.score import score

MODELS = Path(__file__).parent / "data" / "models"
TINY = MODELS / "tiny-staged.yaml"
PRACTICES = ["A.SP1.1", "A.SP1.2", "B.SP1.1", "C.SP1.1", "A.GP2.1", "B.GP2.1", "C.GP2.1",
             "A.GP3.1", "B.GP3.1", "C.GP3.1"]


def frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(business_line, respondent, practice, answer) rows -> a responses frame (tiny model)."""
    out = []
    for line, r, p, a in rows:
        na = a == "NA"
        out.append({"wave": "w1", "business_line": line, "respondent": r, "question": f"{p}.Q1",
                    "practice": p, "answer": a, "value": np.nan if na else float(a), "na": na})
    return pd.DataFrame(out)


def whole_model(model_id: str, na_from_level: int | None) -> pd.DataFrame:
    """One respondent answering every question of a shipped model: ``3`` for the areas below
    ``na_from_level`` and ``NA`` for the others (all NA when ``na_from_level`` is None)."""
    m = load_model(model_id)
    q = m.questions
    lvl = q["process_area"].map(m.process_areas.set_index("process_area")["level"]).astype(float)
    na = np.ones(len(q), bool) if na_from_level is None else (lvl >= na_from_level).to_numpy()
    return pd.DataFrame({"wave": "2026-03", "business_line": "x", "respondent": "r1",
                         "question": q["question"], "practice": q["practice"],
                         "answer": np.where(na, "NA", "3"), "value": np.where(na, np.nan, 3.0),
                         "na": na})


@pytest.mark.parametrize("model_id, n_areas_na", [("cmmi-dev-1.3", 4), ("pmo-process", 1)])
def test_reproducer_na_above_level_3_gives_ml3(model_id, n_areas_na):
    # Issue 14's reproducer: every question of an area at level <= 3 answered 3 (LI on the 0-4
    # scale: 2.5 <= 3 < 3.5), every other NA. Levels 2 and 3 have satisfied areas of their own;
    # the level-4 areas are all out of scope, so ML4 is not reached (it has no satisfied area of
    # its own) and ML5 cannot be either: ML3, index 3 + share of ML4 (no applicable practice: 0).
    # Before the fix: ML5, index 5.0 (cmmi-dev-1.3), ML4 (pmo-process).
    with warnings.catch_warnings():
        warnings.simplefilter("error", MaturityWarning)  # levels 4/5 are not reached: no warning
        s = score(whole_model(model_id, 4), model_id)
    m = s.maturity.iloc[0]
    assert (m["maturity_level"], m["maturity_index"]) == (3, 3.0)
    assert m["n_out_of_scope"] == 0  # none of the out-of-scope areas is at or below ML3
    assert len(m["out_of_scope_areas"].split("; ")) == n_areas_na


@pytest.mark.parametrize("model_id", ["cmmi-dev-1.3", "pmo-process", "c2m2-lite"])
def test_all_na_gives_no_level_with_a_note(model_id):
    # Every answer NA: every area out of scope, no level is reached (the rule's floor: ML1 for
    # the staged rule, 0 for the cumulative one), the index is empty and the note says why.
    resp = whole_model(model_id, None)
    if model_id == "c2m2-lite":
        resp["answer"] = "NA"
    with pytest.warns(MaturityWarning, match="no level rated"):
        s = score(resp, model_id)
    m = s.maturity.iloc[0]
    floor = 0 if model_id == "c2m2-lite" else 1
    assert m["maturity_level"] == floor
    assert np.isnan(m["maturity_index"])
    assert "every process area is out of scope" in m["scope_note"]
    # staged: out-of-scope areas at or below the level (none at ML1); cumulative: every domain
    n_areas = len(load_model(model_id).process_areas)
    assert m["n_out_of_scope"] == (n_areas if model_id == "c2m2-lite" else 0)
    assert len(m["out_of_scope_areas"].split("; ")) == n_areas


def test_na_by_majority_of_respondents():
    # A.SP1.1: r1 NA, r2 NA, r3 4 -> 2 of 3 respondents said NA (> 0.5): practice NA, its
    #          mean left empty (the minority's 4 does not count for an NA practice).
    # A.SP1.2: r1 NA, r2 4, r3 2  -> 1 of 3 (not a majority): characterized from the others'
    #          scored answers, mean (4 + 2) / 2 = 3.0 -> LI.
    # B.SP1.1: r1 NA, r2 3        -> 1 of 2 = 0.5, not more than half: mean 3.0 -> LI.
    rows = [("L", "r1", "A.SP1.1", "NA"), ("L", "r2", "A.SP1.1", "NA"), ("L", "r3", "A.SP1.1", "4"),
            ("L", "r1", "A.SP1.2", "NA"), ("L", "r2", "A.SP1.2", "4"), ("L", "r3", "A.SP1.2", "2"),
            ("L", "r1", "B.SP1.1", "NA"), ("L", "r2", "B.SP1.1", "3")]
    p = score(frame(rows), TINY).practices.set_index("practice")
    assert p.loc["A.SP1.1", "characterization"] == "NA"
    assert p.loc["A.SP1.1", "aggregation_rule"] == "not applicable: 2 of 3 respondents answered NA"
    assert np.isnan(p.loc["A.SP1.1", "mean"])
    assert (p.loc["A.SP1.2", "characterization"], p.loc["A.SP1.2", "mean"]) == ("LI", 3.0)
    assert (p.loc["B.SP1.1", "characterization"], p.loc["B.SP1.1", "mean"]) == ("LI", 3.0)
    # a documented share: with na_share 0.25, 1 of 3 (0.33) and 1 of 2 (0.5) are enough
    p2 = score(frame(rows), TINY, na_share=0.25).practices.set_index("practice")
    assert p2.loc[["A.SP1.1", "A.SP1.2", "B.SP1.1"], "characterization"].tolist() == ["NA"] * 3


def test_level_not_reached_on_out_of_scope_areas_alone_and_warning():
    # tiny: A, B at ML2, C at ML3. Line "one": B out of scope (all NA), A and C all 4 -> ML2
    # has A satisfied, B out of scope -> reached; ML3 has C satisfied -> ML3 (1 area out of
    # scope at or below ML3: B). Line "both": A and B out of scope, C all 4 -> ML2 has no
    # satisfied area of its own: not reached -> ML1, although C is satisfied.
    one = [("one", "r1", p, "NA" if p.startswith("B.") else "4") for p in PRACTICES]
    both = [("both", "r1", p, "4" if p.startswith("C.") else "NA") for p in PRACTICES]
    s = score(frame(one + both), TINY)
    m = s.maturity.set_index("business_line")
    assert m.loc["one", "maturity_level"] == 3 and m.loc["both", "maturity_level"] == 1
    assert m.loc["one", "n_out_of_scope"] == 1 and m.loc["one", "out_of_scope_areas"] == "B (2)"
    assert m.loc["both", "out_of_scope_areas"] == "A (2); B (2)"
    assert m.loc["both", "n_out_of_scope"] == 0  # ML1: none of them at or below the level
    # the columns come last, in this order
    assert list(s.maturity.columns[-3:]) == ["n_out_of_scope", "out_of_scope_areas", "scope_note"]


def test_out_of_scope_limit_warns(tmp_path):
    # A model with out_of_scope_limit 0.4 (a share): line "one" above reaches ML3 with 1 of the
    # 2 ML2 areas out of scope: 1 > 0.4 * 2 = 0.8 -> a warning and a note naming level 2.
    text = (TINY.read_text(encoding="utf-8") + "\nout_of_scope_limit: 0.4\n")
    path = tmp_path / "tiny-limit.yaml"
    path.write_text(text, encoding="utf-8")
    one = [("one", "r1", p, "NA" if p.startswith("B.") else "4") for p in PRACTICES]
    with pytest.warns(MaturityWarning, match="level 2 counts 1 of its 2 areas out of scope"):
        s = score(frame(one), path)
    assert "level 2 counts 1 of its 2 areas" in s.maturity["scope_note"].iloc[0]


def test_explicit_scope_decisions(tmp_path):
    # Every practice answered 4 (FI), except B answered 4 by r1 and nothing else. A decision
    # "B out of scope: no suppliers" makes every B practice NA with the reason as its rule,
    # B "not applicable", and the line still ML3 (A at ML2, C at ML3 satisfied).
    rows = [("L", "r1", p, "4") for p in PRACTICES]
    csv = tmp_path / "scope.csv"
    csv.write_text("business_line,process_area,scope,reason\nL,B,out of scope,no suppliers\n",
                   encoding="utf-8")
    s = score(frame(rows), TINY, scope=csv)
    p = s.practices.set_index("practice")
    assert p.loc["B.SP1.1", "characterization"] == "NA"
    assert p.loc["B.SP1.1", "aggregation_rule"] == "out of scope: no suppliers"
    assert s.process_areas.set_index("process_area").loc["B", "rating"] == "not applicable"
    assert s.maturity["maturity_level"].iloc[0] == 3
    # "in scope": the NA answers of C are not accepted: C not rated -> ML3 not reached -> ML2
    rows2 = [("L", "r1", p, "NA" if p.startswith("C.") else "4") for p in PRACTICES]
    dec = pd.DataFrame({"business_line": ["*"], "process_area": ["C"], "scope": ["In scope"],
                        "reason": ["C is a contract requirement"]})
    s2 = score(frame(rows2), TINY, scope=dec)
    assert s2.process_areas.set_index("process_area").loc["C", "rating"] == "not rated"
    assert s2.maturity["maturity_level"].iloc[0] == 2
    # a targets YAML may carry the decisions under "scope:"
    y = tmp_path / "targets.yaml"
    y.write_text("default: {maturity_level: 3}\nscope:\n  - {business_line: L, process_area: B,"
                 " scope: out of scope, reason: no suppliers}\n", encoding="utf-8")
    assert read_scope(y)["reason"].tolist() == ["no suppliers"]


def test_scope_decision_errors():
    with pytest.raises(TargetError, match="expected one of out of scope, in scope"):
        read_scope([{"business_line": "L", "process_area": "B", "scope": "maybe", "reason": "x"}])
    with pytest.raises(TargetError, match="needs its reason"):
        read_scope([{"business_line": "L", "process_area": "B", "scope": "out of scope",
                     "reason": ""}])
    with pytest.raises(TargetError, match="not a process area of model"):
        read_scope([{"business_line": "L", "process_area": "ZZ", "scope": "out of scope",
                     "reason": "r"}], load_model(TINY))


def test_nullable_na_column_accepted():
    # issue 14 item 4: a nullable-boolean ``na`` column holding <NA> (and a Float64 value column)
    # scores as the plain one with <NA> read as "not flagged not applicable".
    rows = [("L", "r1", p, "4") for p in PRACTICES]
    plain = frame(rows)
    nullable = plain.assign(na=pd.array([pd.NA] + [False] * (len(plain) - 1), dtype="boolean"),
                            value=plain["value"].astype("Float64"))
    a, b = score(plain, TINY), score(nullable, TINY)
    pd.testing.assert_frame_equal(a.maturity, b.maturity)
    assert b.maturity["maturity_level"].iloc[0] == 3


def test_scope_key_of_a_target_file(tmp_path):
    # a target YAML may carry scope decisions under "scope:": read_targets keeps them, score
    # applies them when given, and gap_analysis says so when the scores did not apply them
    from maturity.plan.gap import gap_analysis, read_targets

    y = tmp_path / "targets.yaml"
    y.write_text("default_level: 3\nscope:\n  - {business_line: L, process_area: B, "
                 "scope: out of scope, reason: no suppliers}\n", encoding="utf-8")
    t = read_targets(y, load_model(TINY))
    assert t.scope[["business_line", "process_area", "scope"]].values.tolist() == [
        ["L", "B", "out of scope"]]
    rows = [("L", "r1", p, "4") for p in PRACTICES]
    with pytest.warns(MaturityWarning, match="scope decisions"):
        gap_analysis(score(frame(rows), TINY), t)
    s = score(frame(rows), TINY, scope=t.scope)
    assert s.maturity["out_of_scope_areas"].iloc[0] == "B (2)"
    with warnings.catch_warnings():
        warnings.simplefilter("error", MaturityWarning)
        gap_analysis(s, t)
