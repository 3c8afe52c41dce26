"""Hand-worked tests of maturity.scoring.score against the CMMI / SCAMPI rules.

Every expected value below is worked by hand from the method's rules (written as a comment in
each test), never copied from the code's output. Sources:

- SCAMPI A MDD v1.3 (CMU/SEI-2011-HB-001), activity 2.4.2: aggregation of instantiation
  characterizations to the organisational unit, goal and process-area ratings.
- CMMI-DEV v1.3 (CMU/SEI-2010-TR-033): staged maturity levels (ML2 needs GG2 of the ML2 PAs,
  ML3 needs GG3 of every PA up to ML3) and continuous capability levels (CL0-CL3).
- The module docstrings of maturity.scoring.score (and .scampi, .staged) for the project's own
  conventions (thresholds FI >= 3.5, LI >= 2.5, PI >= 1.0 on the 0-4 scale,
  "conservative"/"optimistic" team
  judgement, the maturity index formula, na_policy).

Models (tests/data/models): ``tiny-staged`` has PAs A, B at ML2 and C at ML3; A has practices
A.SP1.1 and A.SP1.2 under A.SG1, B has B.SP1.1 (B.SG1), C has C.SP1.1 (C.SG1); every PA has
GG2 (GP2.1) and GG3 (GP3.1). Each practice has one question ``<practice>.Q1``.
``tiny-scampi`` is the same model answered on the SCAMPI scale (FI/LI/PI/NI/NY),
``tiny-thresholds`` has ``thresholds: {FI: 3.0, LI: 2.0, PI: 0.5}`` and ``tiny-na-zero`` has
``na_policy: zero``.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from maturity.exceptions import InputError
from maturity.model.load import load_model
from maturity.scoring.score import (
    GOAL_COLUMNS,
    PRACTICE_COLUMNS,
    aggregate_characterizations,
    characterize,
    score,
)

MODELS = Path(__file__).parent / "data" / "models"
TINY = MODELS / "tiny-staged.yaml"
TINY_SCAMPI = MODELS / "tiny-scampi.yaml"
TINY_THRESHOLDS = MODELS / "tiny-thresholds.yaml"
TINY_NA_ZERO = MODELS / "tiny-na-zero.yaml"

SPECIFIC = ["A.SP1.1", "A.SP1.2", "B.SP1.1", "C.SP1.1"]
GENERIC2 = ["A.GP2.1", "B.GP2.1", "C.GP2.1"]
GENERIC3 = ["A.GP3.1", "B.GP3.1", "C.GP3.1"]
ALL_PRACTICES = SPECIFIC + GENERIC2 + GENERIC3
SCAMPI_VALUES = {"FI": 4.0, "LI": 3.0, "PI": 2.0, "NI": 0.0}
WAVE = "2026-03"


def answers(rows, wave: str = WAVE) -> pd.DataFrame:
    """A responses frame from ``(business_line, respondent, project, practice, answer)`` rows.

    ``answer`` is a Likert code "0".."4", "NA" (not applicable) or a SCAMPI code; ``value`` and
    ``na`` follow the contract of ingest.read_responses (value NaN for NA and NY).
    """
    out = []
    for line, resp, proj, practice, code in rows:
        code = str(code)
        if code.isdigit():
            value = float(code)
        else:
            value = SCAMPI_VALUES.get(code, np.nan)
        out.append(
            {
                "wave": wave,
                "business_line": line,
                "respondent": resp,
                "project": proj,
                "question": f"{practice}.Q1",
                "practice": practice,
                "answer": code,
                "value": value,
                "na": code == "NA",
            }
        )
    return pd.DataFrame(out)


def line_answers(line: str, resp: str, codes: dict[str, str], default: str | None = None,
                 project: str = ""):
    """Rows for one respondent: ``codes`` per practice, ``default`` for the others (None: skip)."""
    rows = []
    for p in ALL_PRACTICES:
        code = codes.get(p, default)
        if code is not None:
            rows.append((line, resp, project, p, code))
    return rows


def lookup(frame: pd.DataFrame, col: str, **keys):
    sel = frame
    for k, v in keys.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"expected one row for {keys}, found {len(sel)}"
    return sel[col].iloc[0]


# --------------------------------------------------------------------------------------------
# 1. SCAMPI aggregation table (SCAMPI A MDD v1.3, CMU/SEI-2011-HB-001, activity 2.4.2)

# (FI, LI, PI, NI, NY) -> (rule, conservative, optimistic, team judgement made)
# The table rows, as in methods.md:
#   all FI or NY, >= 1 FI                 -> FI
#   all LI, FI or NY, >= 1 LI             -> LI
#   >= 1 LI or FI and >= 1 PI or NI       -> LI or PI
#                                            (team judgement: conservative PI, optimistic LI)
#   all PI, NI or NY, >= 1 PI             -> PI or NI
#                                            (team judgement: conservative NI, optimistic PI)
#     ... but with no NI among them (all PI, or PI and NY) there is nothing for the team to weigh:
#     PI, rule "all PI or NY", no judgement (module docstring).
#   all NI or NY, >= 1 NI                 -> NI
#   all NY                                -> NY
AGGREGATION_CASES = {
    # one instantiation of each kind
    "one FI": ((1, 0, 0, 0, 0), "all FI or NY", "FI", "FI", False),
    "one LI": ((0, 1, 0, 0, 0), "all LI, FI or NY", "LI", "LI", False),
    # a single PI instantiation: no NI to weigh -> PI
    "one PI": ((0, 0, 1, 0, 0), "all PI or NY", "PI", "PI", False),
    "one NI": ((0, 0, 0, 1, 0), "all NI or NY", "NI", "NI", False),
    "one NY": ((0, 0, 0, 0, 1), "all NY", "NY", "NY", False),
    # several of one kind
    "three FI": ((3, 0, 0, 0, 0), "all FI or NY", "FI", "FI", False),
    "all NY": ((0, 0, 0, 0, 4), "all NY", "NY", "NY", False),
    # NY instantiations never change the outcome of the others
    "FI+NY": ((1, 0, 0, 0, 1), "all FI or NY", "FI", "FI", False),
    "LI+FI+NY": ((1, 1, 0, 0, 1), "all LI, FI or NY", "LI", "LI", False),
    "LI+NY": ((0, 2, 0, 0, 3), "all LI, FI or NY", "LI", "LI", False),
    # mixed strong and weak instantiations: LI or PI by team judgement
    "FI+NI": ((1, 0, 0, 1, 0), "mixed LI/FI with PI/NI", "PI", "LI", True),
    "FI+PI": ((2, 0, 1, 0, 0), "mixed LI/FI with PI/NI", "PI", "LI", True),
    "LI+PI+NY": ((0, 1, 1, 0, 1), "mixed LI/FI with PI/NI", "PI", "LI", True),
    "every kind": ((1, 1, 1, 1, 1), "mixed LI/FI with PI/NI", "PI", "LI", True),
    # weak only, with at least one PI: PI or NI by team judgement
    "PI+NY": ((0, 0, 1, 0, 1), "all PI or NY", "PI", "PI", False),
    "PI+NI": ((0, 0, 2, 1, 0), "all PI, NI or NY", "NI", "PI", True),
    # NI only (with NY): NI, no choice
    "NI+NY": ((0, 0, 0, 1, 2), "all NI or NY", "NI", "NI", False),
    # no instantiation at all: not characterized
    "empty": ((0, 0, 0, 0, 0), "", "", "", False),
}


@pytest.mark.parametrize("judgement", ["conservative", "optimistic"])
@pytest.mark.parametrize("case", list(AGGREGATION_CASES), ids=list(AGGREGATION_CASES))
def test_aggregation_table_row(case, judgement):
    # SCAMPI A MDD v1.3 (CMU/SEI-2011-HB-001) 2.4.2, one row of the table per case (see the
    # comments of AGGREGATION_CASES); conservative takes the lower of the two team-judgement
    # outcomes, optimistic the higher (module docstring).
    counts, rule, cons, opt, judged = AGGREGATION_CASES[case]
    c = pd.DataFrame([counts], columns=["FI", "LI", "PI", "NI", "NY"], index=["p"])
    out = aggregate_characterizations(c, judgement=judgement)
    assert list(out.columns) == ["characterization", "aggregation_rule", "judgement"]
    assert out.index.tolist() == ["p"]
    assert out.loc["p", "characterization"] == (cons if judgement == "conservative" else opt)
    assert out.loc["p", "aggregation_rule"] == rule
    assert bool(out.loc["p", "judgement"]) is judged


def test_aggregation_all_rows_at_once_keep_index_and_order():
    # Same table, many practices in one frame with a non-default index: each row is aggregated
    # on its own (SCAMPI A MDD v1.3, CMU/SEI-2011-HB-001, 2.4.2 is per practice).
    names = list(AGGREGATION_CASES)
    c = pd.DataFrame([AGGREGATION_CASES[n][0] for n in names],
                     columns=["FI", "LI", "PI", "NI", "NY"], index=names)
    cons = aggregate_characterizations(c)  # default judgement is conservative
    opt = aggregate_characterizations(c, judgement="optimistic")
    assert cons.index.tolist() == names
    assert cons["characterization"].tolist() == [AGGREGATION_CASES[n][2] for n in names]
    assert opt["characterization"].tolist() == [AGGREGATION_CASES[n][3] for n in names]


def test_aggregation_missing_columns_count_as_zero():
    # Only FI and NY columns given: LI, PI, NI are 0 -> "all FI or NY, at least one FI" -> FI;
    # a NaN count is no instantiation (row 2: NY only -> all NY).
    c = pd.DataFrame({"FI": [2, np.nan], "NY": [1, 3]})
    out = aggregate_characterizations(c)
    assert out["characterization"].tolist() == ["FI", "NY"]


def test_aggregation_rejects_unknown_judgement():
    c = pd.DataFrame({"FI": [1]})
    with pytest.raises(ValueError, match="judgement"):
        aggregate_characterizations(c, judgement="generous")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# 2. characterize: threshold mapping

DEFAULT = {"FI": 3.5, "LI": 2.5, "PI": 1.0}


@pytest.mark.parametrize(
    "mean, expected",
    [
        (4.0, "FI"),
        (3.5, "FI"),  # FI >= 3.5: the boundary is FI
        (3.4999, "LI"),
        (2.5, "LI"),  # LI >= 2.5
        (2.4999, "PI"),
        (1.0, "PI"),  # PI >= 1.0
        (0.9999, "NI"),
        (0.0, "NI"),
        (float("nan"), ""),  # no mean: not characterized
    ],
)
def test_characterize_default_boundaries(mean, expected):
    # Module docstring: default FI >= 3.5, LI >= 2.5, PI >= 1.0, else NI (0-4 scale).
    assert characterize([mean], DEFAULT).tolist() == [expected]


def test_characterize_custom_thresholds():
    # FI >= 3.0, LI >= 2.0, PI >= 0.5: each boundary value lands on the higher side, just
    # below lands on the lower side.
    th = {"FI": 3.0, "LI": 2.0, "PI": 0.5}
    means = [3.0, 2.99, 2.0, 1.99, 0.5, 0.49]
    assert characterize(means, th).tolist() == ["FI", "LI", "LI", "PI", "PI", "NI"]
    # the same means with the default thresholds
    assert characterize(means, DEFAULT).tolist() == ["LI", "LI", "PI", "PI", "NI", "NI"]


def test_characterize_accepts_series():
    s = pd.Series([3.7, 1.2], index=["x", "y"])
    assert characterize(s, DEFAULT).tolist() == ["FI", "PI"]


def test_model_thresholds_change_the_mapping():
    # One respondent answers every practice "2": mean 2.0.
    # tiny-staged (default thresholds): 2.0 < 2.5 -> PI; every goal not satisfied -> ML1.
    # tiny-thresholds (LI >= 2.0): 2.0 -> LI; every goal satisfied -> ML3 (the highest level).
    m = load_model(TINY_THRESHOLDS)
    assert m.thresholds == {"FI": 3.0, "LI": 2.0, "PI": 0.5}
    resp = answers(line_answers("L1", "r1", {}, default="2"))
    default = score(resp, TINY)
    custom = score(resp, TINY_THRESHOLDS)
    assert set(default.practices["characterization"]) == {"PI"}
    assert set(custom.practices["characterization"]) == {"LI"}
    assert default.maturity["maturity_level"].tolist() == [1]
    assert custom.maturity["maturity_level"].tolist() == [3]
    # index with custom thresholds: ML3 is the model's top level -> index = 3 exactly
    assert custom.maturity["maturity_index"].tolist() == [3.0]


# --------------------------------------------------------------------------------------------
# 3. score(): goals


def test_goal_ratings_satisfied_not_satisfied_not_rated_not_applicable():
    # One respondent, tiny-staged, default thresholds.
    # A.SG1: A.SP1.1 = 4 (FI), A.SP1.2 = 3 (LI) -> every practice LI/FI -> satisfied.
    # B.SG1: B.SP1.1 = 2 (PI)                  -> not satisfied.
    # C.SG1: C.SP1.1 unanswered ("")           -> not rated.
    # A.GG2: A.GP2.1 = NA only                 -> practice NA -> goal not applicable.
    # B.GG2: B.GP2.1 = NA, practice NA          -> not applicable.
    # C.GG2: C.GP2.1 = 0 (NI)                   -> not satisfied.
    # GG3s: A 4, B 3, C unanswered              -> satisfied, satisfied, not rated.
    codes = {"A.SP1.1": "4", "A.SP1.2": "3", "B.SP1.1": "2", "A.GP2.1": "NA", "B.GP2.1": "NA",
             "C.GP2.1": "0", "A.GP3.1": "4", "B.GP3.1": "3"}
    s = score(answers(line_answers("L1", "r1", codes)), TINY)
    got = dict(zip(s.goals["goal"], s.goals["rating"], strict=True))
    assert got == {
        "A.SG1": "satisfied",
        "B.SG1": "not satisfied",
        "C.SG1": "not rated",
        "A.GG2": "not applicable",
        "B.GG2": "not applicable",
        "C.GG2": "not satisfied",
        "A.GG3": "satisfied",
        "B.GG3": "satisfied",
        "C.GG3": "not rated",
    }
    assert lookup(s.practices, "characterization", practice="A.GP2.1") == "NA"
    assert lookup(s.practices, "characterization", practice="C.SP1.1") == ""
    assert lookup(s.practices, "aggregation_rule", practice="C.SP1.1") == "no answer"


def test_goal_na_practice_leaves_the_goal():
    # A.SG1: A.SP1.1 all NA (characterized NA, leaves the goal), A.SP1.2 = 4 (FI) -> satisfied.
    # A not-yet (NY) practice makes its goal not rated (methods.md: "not rated if any practice
    # is uncharacterised or NY"): on the SCAMPI scale, B.SP1.1 = NY -> B.SG1 not rated.
    s = score(answers(line_answers("L1", "r1", {"A.SP1.1": "NA", "A.SP1.2": "4"})), TINY)
    assert lookup(s.goals, "rating", goal="A.SG1") == "satisfied"
    s2 = score(answers(line_answers("L1", "r1",
                                    {"A.SP1.1": "FI", "A.SP1.2": "LI", "B.SP1.1": "NY"})),
               TINY_SCAMPI)
    assert lookup(s2.practices, "characterization", practice="B.SP1.1") == "NY"
    assert lookup(s2.goals, "rating", goal="B.SG1") == "not rated"
    assert lookup(s2.goals, "rating", goal="A.SG1") == "satisfied"


def test_goal_not_rated_wins_over_not_satisfied():
    # methods.md / SCAMPI MDD v1.3: a goal is satisfied only if every practice is LI/FI; it is
    # not rated if any practice is uncharacterized; only otherwise unsatisfied. A.SG1 with
    # A.SP1.1 = 0 (NI) and A.SP1.2 unanswered is therefore not rated.
    s = score(answers(line_answers("L1", "r1", {"A.SP1.1": "0", "B.SP1.1": "4"})), TINY)
    assert lookup(s.goals, "rating", goal="A.SG1") == "not rated"


# --------------------------------------------------------------------------------------------
# score(): process areas, capability levels, maturity levels


def test_pa_rating_scope_ml2_vs_ml3():
    # CMMI-DEV v1.3 staged: an ML2 PA is rated on its SGs + GG2, an ML3 PA on SGs + GG2 + GG3.
    # Line "L1": everything 4 (FI) except A.GP3.1 = 0 and C.GP3.1 = 0 (both NI).
    #   A (ML2): SG1 ok, GG2 ok; GG3 out of scope -> satisfied.
    #   B (ML2): all FI -> satisfied.
    #   C (ML3): GG3 not satisfied and in scope -> not satisfied.
    # Line "L2": everything 4; B.SP1.1 = 2 (PI), B.GP2.1 unanswered.
    #   B: SG1 not satisfied, GG2 not rated -> "not satisfied" beats "not rated".
    #   A, C: satisfied.
    # Line "L3": everything 4; B.GP2.1 unanswered -> B not rated (no goal unsatisfied).
    rows = (
        line_answers("L1", "r1", {"A.GP3.1": "0", "C.GP3.1": "0"}, default="4")
        + line_answers("L2", "r1", {"B.SP1.1": "2", "B.GP2.1": None}, default="4")
        + line_answers("L3", "r1", {"B.GP2.1": None}, default="4")
    )
    s = score(answers(rows), TINY)
    pa = s.process_areas
    got = {(r.business_line, r.process_area): r.rating for r in pa.itertuples()}
    assert got == {
        ("L1", "A"): "satisfied", ("L1", "B"): "satisfied", ("L1", "C"): "not satisfied",
        ("L2", "A"): "satisfied", ("L2", "B"): "not satisfied", ("L2", "C"): "satisfied",
        ("L3", "A"): "satisfied", ("L3", "B"): "not rated", ("L3", "C"): "satisfied",
    }
    assert lookup(pa, "level", business_line="L1", process_area="C") == 3


def test_capability_levels():
    # CMMI-DEV v1.3 continuous view for PA A, one line per case (other PAs all 4):
    #   cl0: A.SP1.1 = 2 (PI) -> SG not satisfied -> CL0.
    #   cl1: SG ok, A.GP2.1 = 0 (NI) -> CL1 (and GG3 satisfied does not skip GG2).
    #   cl1b: SG ok, GG2 NI, GG3 FI -> still CL1 (levels are taken in order).
    #   cl2: SG ok, GG2 ok, A.GP3.1 = 1 (PI) -> CL2.
    #   cl3: all FI -> CL3.
    #   nr: A.SP1.2 unanswered -> SG not rated -> no capability level (NA).
    #   nr_gg2: SG ok, GG2 unanswered -> GG2 not rated -> CL1.
    cases = {
        "cl0": {"A.SP1.1": "2"},
        "cl1": {"A.GP2.1": "0", "A.GP3.1": "0"},
        "cl1b": {"A.GP2.1": "0"},
        "cl2": {"A.GP3.1": "1"},
        "cl3": {},
        "nr": {"A.SP1.2": None},
        "nr_gg2": {"A.GP2.1": None},
    }
    rows = [r for line, c in cases.items() for r in line_answers(line, "r1", c, default="4")]
    s = score(answers(rows), TINY)
    a = s.process_areas[s.process_areas["process_area"] == "A"].set_index("business_line")
    assert str(a["capability_level"].dtype) == "Int64"
    expected = {"cl0": 0, "cl1": 1, "cl1b": 1, "cl2": 2, "cl3": 3, "nr": pd.NA, "nr_gg2": 1}
    for line, cl in expected.items():
        got = a.loc[line, "capability_level"]
        if cl is pd.NA:
            assert got is pd.NA, line
        else:
            assert got == cl, line
    # the other PAs are all FI: CL3 everywhere
    others = s.process_areas[s.process_areas["process_area"] != "A"]
    assert (others["capability_level"] == 3).all()


def test_maturity_levels():
    # CMMI-DEV v1.3 staged (methods.md): ML = highest level whose PAs and all lower PAs are
    # satisfied; ML2 needs SG + GG2 of A and B; ML3 needs SG + GG2 + GG3 of A, B and C.
    #   ml1: B.SP1.1 = 0 -> B fails -> ML1, although C is fully FI.
    #   ml2: A, B SG + GG2 FI, every GG3 = 0, C.SP1.1 = 0 -> ML2.
    #   ml3: everything FI -> ML3.
    #   gg3gap: everything FI except A.GP3.1 = 0: A is *satisfied* as an ML2 PA and C is
    #           satisfied, but ML3 needs GG3 of the ML2 PAs too -> ML2.
    #   nr2: B.GP2.1 unanswered -> B not rated -> ML2 not reached -> ML1.
    #   nr3: C.GP3.1 unanswered -> C not rated -> ML3 not reached -> ML2.
    #   na3: C all NA -> C out of scope; A, B all FI -> ML2: C is the only ML3 area and a level
    #        is never reached on out-of-scope areas alone (issue 14: SCAMPI scoping, CSET C2M2).
    cases = {
        "ml1": {"B.SP1.1": "0"},
        "ml2": {"A.GP3.1": "0", "B.GP3.1": "0", "C.GP3.1": "0", "C.SP1.1": "0"},
        "ml3": {},
        "gg3gap": {"A.GP3.1": "0"},
        "nr2": {"B.GP2.1": None},
        "nr3": {"C.GP3.1": None},
        "na3": {"C.SP1.1": "NA", "C.GP2.1": "NA", "C.GP3.1": "NA"},
    }
    rows = [r for line, c in cases.items() for r in line_answers(line, "r1", c, default="4")]
    s = score(answers(rows), TINY)
    ml = dict(zip(s.maturity["business_line"], s.maturity["maturity_level"], strict=True))
    assert ml == {"ml1": 1, "ml2": 2, "ml3": 3, "gg3gap": 2, "nr2": 1, "nr3": 2, "na3": 2}
    pa = s.process_areas.set_index(["business_line", "process_area"])
    assert pa.loc[("gg3gap", "A"), "rating"] == "satisfied"
    assert pa.loc[("gg3gap", "A"), "capability_level"] == 2
    assert pa.loc[("gg3gap", "C"), "rating"] == "satisfied"
    assert pa.loc[("na3", "C"), "rating"] == "not applicable"


def test_single_respondent_is_scored_without_interval():
    # n = 1: no t-interval (methods.md "n = 1: no interval"), std undefined, but the practice
    # is still characterized and the line still rated: all "4" -> FI everywhere -> ML3.
    s = score(answers(line_answers("L1", "r1", {}, default="4")), TINY)
    p = s.practices
    assert (p["n_respondents"] == 1).all()
    assert p["std"].isna().all()
    assert p["ci_low"].isna().all() and p["ci_high"].isna().all()
    assert (p["mean"] == 4.0).all()
    assert set(p["characterization"]) == {"FI"}
    assert s.maturity["maturity_level"].tolist() == [3]
    assert s.maturity["n_respondents"].tolist() == [1]


def test_practice_statistics_by_hand():
    # A.SP1.1 answered 4, 2, 3 by three respondents:
    #   mean = 9/3 = 3.0; std (ddof=1) = sqrt(((1)^2 + (-1)^2 + 0^2)/2) = 1.0
    #   t-interval: 3 -/+ t(0.975, 2) * 1/sqrt(3) = 3 -/+ 4.302653 * 0.577350 = 3 -/+ 2.484138
    #   -> [0.515862, 5.484138], clipped to the 0-4 scale -> [0.515862, 4.0]
    #   characterization: 3.0 >= 2.5 -> LI.
    rows = [("L1", "r1", "", "A.SP1.1", "4"), ("L1", "r2", "", "A.SP1.1", "2"),
            ("L1", "r3", "", "A.SP1.1", "3")]
    p = score(answers(rows), TINY).practices
    row = p[p["practice"] == "A.SP1.1"].iloc[0]
    assert row["mean"] == pytest.approx(3.0)
    assert row["std"] == pytest.approx(1.0)
    assert row["ci_low"] == pytest.approx(0.515862, abs=1e-5)
    assert row["ci_high"] == pytest.approx(4.0)
    assert row["characterization"] == "LI"
    assert row["aggregation_rule"] == "line mean vs thresholds"
    assert row["n_respondents"] == 3 and row["n_answers"] == 3 and row["n_na"] == 0


def test_maturity_index_by_hand_ml2():
    # Module docstring: index = ML + mean credit of the practices the next level requires;
    # credit 1 for LI/FI, else mean / LI threshold (2.5) capped at 0.99; NA practices left out.
    # A, B: SGs and GG2 all 4 -> ML2 reached. Next level 3 requires C.SP1.1, C.GP2.1, C.GP3.1
    # and the GG3 practices of the lower PAs, A.GP3.1 and B.GP3.1:
    #   A.GP3.1 = 4 -> FI -> 1;   B.GP3.1 = 0 -> NI -> 0/2.5 = 0
    #   C.SP1.1 = 2 -> PI -> 2/2.5 = 0.8;   C.GP2.1 = 1 -> PI -> 1/2.5 = 0.4
    #   C.GP3.1 = NA -> practice NA -> left out
    # share = (1 + 0 + 0.8 + 0.4) / 4 = 0.55 -> index 2.55. ML3 not reached (B.GG3 NI).
    codes = {p: "4" for p in ["A.SP1.1", "A.SP1.2", "B.SP1.1", "A.GP2.1", "B.GP2.1"]}
    codes.update({"A.GP3.1": "4", "B.GP3.1": "0", "C.SP1.1": "2", "C.GP2.1": "1", "C.GP3.1": "NA"})
    s = score(answers(line_answers("L1", "r1", codes)), TINY)
    assert s.maturity["maturity_level"].tolist() == [2]
    assert s.maturity["maturity_index"].iloc[0] == pytest.approx(2.55)


def test_maturity_index_by_hand_ml1():
    # ML2 fails (B.SP1.1 = 0). Next level 2 requires the SPs and GP2 practices of A and B:
    #   A.SP1.1 = 3 (LI) -> 1;  A.SP1.2 = 2 -> 0.8;  B.SP1.1 = 0 -> 0
    #   A.GP2.1 = 4 (FI) -> 1;  B.GP2.1 = 1 -> 0.4
    # share = 3.2 / 5 = 0.64 -> index 1.64. GG3 answers and C do not count toward level 2.
    codes = {"A.SP1.1": "3", "A.SP1.2": "2", "B.SP1.1": "0", "A.GP2.1": "4", "B.GP2.1": "1",
             "A.GP3.1": "4", "C.SP1.1": "4"}
    s = score(answers(line_answers("L1", "r1", codes)), TINY)
    assert s.maturity["maturity_level"].tolist() == [1]
    assert s.maturity["maturity_index"].iloc[0] == pytest.approx(1.64)


@pytest.mark.parametrize("judgement, expected", [("conservative", 1.5), ("optimistic", 1.5)])
def test_maturity_index_characterization_scale_credit(judgement, expected):
    # Characterization scale credits (module docstring): LI/FI 1, PI 0.5, NI/NY 0,
    # uncharacterized 0. One respondent is one instantiation, aggregated with the SCAMPI table
    # (SCAMPI A MDD v1.3, CMU/SEI-2011-HB-001, 2.4.2). A.SP1.2 = PI alone: no NI to weigh -> PI
    # under either judgement. ML2 fails (B.SP1.1 = NI). Level-2 practices:
    #   A.SP1.1 FI 1, A.SP1.2 PI 0.5, B.SP1.1 NI 0, A.GP2.1 LI 1, B.GP2.1 unanswered 0
    # share = 2.5 / 5 = 0.5 -> index 1.5.
    codes = {"A.SP1.1": "FI", "A.SP1.2": "PI", "B.SP1.1": "NI", "A.GP2.1": "LI"}
    s = score(answers(line_answers("L1", "r1", codes)), TINY_SCAMPI, judgement=judgement)
    assert s.maturity["maturity_level"].tolist() == [1]
    assert s.maturity["maturity_index"].iloc[0] == pytest.approx(expected)


def test_maturity_index_bounds():
    # Nothing answered at all except one NI practice: ML1, share 0 -> index exactly 1.
    # Everything FI: ML3 is the top level, no next level -> index exactly 3.
    s = score(
        answers(line_answers("none", "r1", {"A.SP1.1": "0"})
                + line_answers("top", "r1", {}, default="4")),
        TINY,
    )
    got = dict(zip(s.maturity["business_line"], s.maturity["maturity_index"], strict=True))
    assert got == {"none": 1.0, "top": 3.0}


# --------------------------------------------------------------------------------------------
# score(): SCAMPI aggregation through projects


def _scampi_rows():
    # Line L1 on the SCAMPI scale, instantiations = projects p1, p2, p3 (two respondents in p1
    # who agree). Everything else FI from everyone.
    rows = []
    per_project = {
        # A.SP1.1: FI, NY, LI -> all LI, FI or NY, at least one LI -> LI
        "A.SP1.1": {"p1": "FI", "p2": "NY", "p3": "LI"},
        # A.SP1.2: FI, NI, FI -> mixed -> conservative PI / optimistic LI
        "A.SP1.2": {"p1": "FI", "p2": "NI", "p3": "FI"},
        # B.SP1.1: PI, NY, NY -> all PI or NY (no NI to weigh) -> PI
        "B.SP1.1": {"p1": "PI", "p2": "NY", "p3": "NY"},
        # B.GP2.1: all NY -> NY -> B.GG2 not rated
        "B.GP2.1": {"p1": "NY", "p2": "NY", "p3": "NY"},
        # C.SP1.1: NI, NY, NI -> all NI or NY -> NI
        "C.SP1.1": {"p1": "NI", "p2": "NY", "p3": "NI"},
    }
    respondents = {"p1": ["r1", "r4"], "p2": ["r2"], "p3": ["r3"]}
    for p in ALL_PRACTICES:
        for proj, rs in respondents.items():
            code = per_project.get(p, {}).get(proj, "FI")
            for r in rs:
                rows.append(("L1", r, proj, p, code))
    return answers(rows)


@pytest.mark.parametrize("judgement", ["conservative", "optimistic"])
def test_scampi_aggregation_over_projects(judgement):
    # SCAMPI A MDD v1.3 (CMU/SEI-2011-HB-001) 2.4.2 with projects as instantiations; see the
    # comments in _scampi_rows for each practice's row of the table.
    s = score(_scampi_rows(), TINY_SCAMPI, judgement=judgement)
    p = s.practices.set_index("practice")
    cons = judgement == "conservative"
    assert p.loc["A.SP1.1", "characterization"] == "LI"
    assert p.loc["A.SP1.2", "characterization"] == ("PI" if cons else "LI")
    assert p.loc["B.SP1.1", "characterization"] == "PI"
    assert p.loc["B.GP2.1", "characterization"] == "NY"
    assert p.loc["C.SP1.1", "characterization"] == "NI"
    assert p.loc["A.GP3.1", "characterization"] == "FI"
    assert p.loc["A.SP1.2", "aggregation_rule"] == "SCAMPI: mixed LI/FI with PI/NI"
    assert bool(p.loc["A.SP1.2", "judgement"])
    assert not p.loc["A.SP1.1", "judgement"] and not p.loc["A.GP3.1", "judgement"]
    # three projects are three instantiations (p1 has two respondents); NY counts as one
    assert p.loc["A.SP1.1", "n_instantiations"] == 3
    assert p.loc["A.GP3.1", "n_instantiations"] == 3
    # four respondents answered A.GP3.1 (FI from all) -> n_respondents 4
    assert p.loc["A.GP3.1", "n_respondents"] == 4
    # A.SP1.1: the NY respondent's answer has no value: 3 scored respondents, coverage 3/4
    assert p.loc["A.SP1.1", "n_respondents"] == 3
    assert p.loc["A.SP1.1", "coverage"] == pytest.approx(0.75)
    g = dict(zip(s.goals["goal"], s.goals["rating"], strict=True))
    # A.SG1: LI + (PI or LI) -> not satisfied (conservative) / satisfied (optimistic)
    assert g["A.SG1"] == ("not satisfied" if cons else "satisfied")
    assert g["B.SG1"] == "not satisfied"  # PI
    assert g["B.GG2"] == "not rated"  # NY
    assert s.maturity["maturity_level"].tolist() == [1]
    assert s.maturity["n_respondents"].tolist() == [4]


@pytest.mark.parametrize("judgement", ["conservative", "optimistic"])
def test_respondents_of_one_project_combine_by_lower_median(judgement):
    # Module docstring: respondents answering for one instantiation are combined by their lower
    # median characterization (no second round of team judgement), then the SCAMPI table runs
    # across instantiations. Line L2: A.SP1.1 answered by p1 = {r1 FI, r2 LI, r3 PI} and
    # p2 = {r4 FI}.
    #   p1: ranks FI 3, LI 2, PI 1 -> lower median 2 -> LI;  p2: FI.
    #   line: LI, FI -> "all LI, FI or NY, at least one LI" -> LI, no choice.
    # A.SP1.2: p1 = {r1 PI, r2 PI} -> PI (agreement, no choice); p2 = {r4 NI}
    #   line: PI, NI -> "all PI, NI or NY" with an NI -> conservative NI / optimistic PI, a choice.
    rows = [("L2", "r1", "p1", "A.SP1.1", "FI"), ("L2", "r2", "p1", "A.SP1.1", "LI"),
            ("L2", "r3", "p1", "A.SP1.1", "PI"), ("L2", "r4", "p2", "A.SP1.1", "FI"),
            ("L2", "r1", "p1", "A.SP1.2", "PI"), ("L2", "r2", "p1", "A.SP1.2", "PI"),
            ("L2", "r4", "p2", "A.SP1.2", "NI")]
    p = score(answers(rows), TINY_SCAMPI, judgement=judgement).practices.set_index("practice")
    assert p.loc["A.SP1.1", "characterization"] == "LI"
    assert not p.loc["A.SP1.1", "judgement"]
    assert p.loc["A.SP1.1", "n_instantiations"] == 2
    assert p.loc["A.SP1.2", "characterization"] == ("NI" if judgement == "conservative" else "PI")
    assert bool(p.loc["A.SP1.2", "judgement"])


def test_scampi_on_likert_answers_with_projects():
    # aggregation="scampi" on the 0-4 scale: each project is characterized by its mean, then the
    # SCAMPI table applies (module docstring). A.SP1.1:
    #   p1: r1 = 4, r2 = 3 -> project mean 3.5 -> FI;  p2: r3 = 4 -> FI
    #   projects: all FI -> FI.
    #   instantiation="respondent": r1 FI, r2 LI (3 >= 2.5), r3 FI -> all LI/FI, one LI -> LI.
    #   aggregation="mean": line mean 11/3 = 3.667 -> FI.
    # A.SP1.2:
    #   p1: r1 = 4, r2 = 4 -> FI; p2: r3 = 1 -> PI -> mixed -> conservative PI, optimistic LI.
    #   the line mean 9/3 = 3.0 would give LI.
    rows = [
        ("L1", "r1", "p1", "A.SP1.1", "4"), ("L1", "r2", "p1", "A.SP1.1", "3"),
        ("L1", "r3", "p2", "A.SP1.1", "4"),
        ("L1", "r1", "p1", "A.SP1.2", "4"), ("L1", "r2", "p1", "A.SP1.2", "4"),
        ("L1", "r3", "p2", "A.SP1.2", "1"),
    ]
    resp = answers(rows)

    def chars(**kw):
        p = score(resp, TINY, **kw).practices.set_index("practice")
        return p.loc["A.SP1.1", "characterization"], p.loc["A.SP1.2", "characterization"], p

    c1, c2, p = chars(aggregation="scampi")
    assert (c1, c2) == ("FI", "PI")
    assert p.loc["A.SP1.1", "aggregation_rule"] == "SCAMPI: all FI or NY"
    assert p.loc["A.SP1.1", "n_instantiations"] == 2
    assert chars(aggregation="scampi", judgement="optimistic")[:2] == ("FI", "LI")
    assert chars(aggregation="scampi", instantiation="respondent")[:2] == ("LI", "PI")
    c1, c2, p = chars()
    assert (c1, c2) == ("FI", "LI")
    assert p.loc["A.SP1.1", "mean"] == pytest.approx(11 / 3)


# --------------------------------------------------------------------------------------------
# score(): overrides, NA policy, coverage, counts


def test_overrides_replace_the_characterization():
    # All 4 -> ML3. The team overrides A.SP1.1 to PI: A.SG1 not satisfied -> A fails -> ML1,
    # marked "override" with judgement True. Overriding C.SP1.1 to NA takes it out of C.SG1,
    # which is then not applicable (its only practice).
    resp = answers(line_answers("L1", "r1", {}, default="4"))
    ov = pd.DataFrame(
        {"wave": [WAVE, WAVE], "business_line": ["L1", "L1"], "practice": ["A.SP1.1", "C.SP1.1"],
         "characterization": ["PI", "NA"]}
    )
    s = score(resp, TINY, overrides=ov)
    p = s.practices.set_index("practice")
    assert p.loc["A.SP1.1", "characterization"] == "PI"
    assert p.loc["A.SP1.1", "aggregation_rule"] == "override"
    assert bool(p.loc["A.SP1.1", "judgement"])
    assert p.loc["A.SP1.1", "mean"] == 4.0  # the statistics stay as answered
    assert p.loc["A.SP1.2", "aggregation_rule"] == "line mean vs thresholds"
    g = dict(zip(s.goals["goal"], s.goals["rating"], strict=True))
    assert g["A.SG1"] == "not satisfied"
    assert g["C.SG1"] == "not applicable"
    assert s.maturity["maturity_level"].tolist() == [1]
    # an override for another line changes nothing here, and says so
    other = ov.assign(business_line="elsewhere")
    with pytest.warns(UserWarning, match="elsewhere.*not applied|not applied.*elsewhere"):
        assert score(resp, TINY, overrides=other).maturity["maturity_level"].tolist() == [3]


def test_overrides_reject_unknown_practice():
    resp = answers(line_answers("L1", "r1", {}, default="4"))
    ov = pd.DataFrame({"wave": [WAVE], "business_line": ["L1"], "practice": ["A.SP9.9"],
                       "characterization": ["PI"]})
    with pytest.raises(InputError, match=r"row 1, column 'practice': 'A.SP9.9' is not a practice"):
        score(resp, TINY, overrides=ov)


def test_overrides_reject_unknown_characterization():
    resp = answers(line_answers("L1", "r1", {}, default="4"))
    ov = pd.DataFrame({"wave": [WAVE], "business_line": ["L1"], "practice": ["A.SP1.1"],
                       "characterization": ["XX"]})
    with pytest.raises(InputError, match="XX"):
        score(resp, TINY, overrides=ov)


def test_na_policy_exclude_vs_zero():
    # A.SP1.1 answered 4, NA, 2 by r1, r2, r3.
    #   exclude: NA leaves the denominator: mean (4 + 2) / 2 = 3.0 -> LI; 2 respondents scored;
    #            coverage 2/3.
    #   zero:    NA scored as the scale's lowest value 0: mean (4 + 0 + 2) / 3 = 2.0 -> PI;
    #            3 respondents scored; coverage 3/3.
    # A.SP1.2 answered NA by everyone:
    #   exclude: characterized NA (leaves A.SG1, which is then satisfied by A.SP1.1 = LI)
    #   zero:    mean 0 -> NI.
    rows = [("L1", r, "", "A.SP1.1", c) for r, c in [("r1", "4"), ("r2", "NA"), ("r3", "2")]]
    rows += [("L1", r, "", "A.SP1.2", "NA") for r in ["r1", "r2", "r3"]]
    resp = answers(rows)
    ex = score(resp, TINY).practices.set_index("practice")
    ze = score(resp, TINY_NA_ZERO).practices.set_index("practice")
    assert ex.loc["A.SP1.1", "mean"] == pytest.approx(3.0)
    assert ze.loc["A.SP1.1", "mean"] == pytest.approx(2.0)
    got = (ex.loc["A.SP1.1", "characterization"], ze.loc["A.SP1.1", "characterization"])
    assert got == ("LI", "PI")
    assert (ex.loc["A.SP1.1", "n_respondents"], ze.loc["A.SP1.1", "n_respondents"]) == (2, 3)
    assert ex.loc["A.SP1.1", "n_na"] == 1
    assert ex.loc["A.SP1.1", "coverage"] == pytest.approx(2 / 3)
    assert ze.loc["A.SP1.1", "coverage"] == pytest.approx(1.0)
    assert ex.loc["A.SP1.2", "characterization"] == "NA"
    assert ex.loc["A.SP1.2", "aggregation_rule"] == "all answers not applicable"
    assert ex.loc["A.SP1.2", "n_na"] == 3 and ex.loc["A.SP1.2", "n_answers"] == 0
    assert np.isnan(ex.loc["A.SP1.2", "mean"])
    assert ze.loc["A.SP1.2", "characterization"] == "NI"
    assert ze.loc["A.SP1.2", "mean"] == 0.0


def test_coverage_and_respondent_counts():
    # Line L1 has four respondents r1..r4 (r4 answers only B.SP1.1).
    # A.SP1.1: r1 = 3, r2 = 1, r3 = NA, r4 no answer -> 2 scored respondents -> coverage 2/4.
    # A.GP2.1: r1 = 2 -> coverage 1/4.  C.SP1.1: nobody -> coverage 0, n_respondents 0.
    # PA A n_respondents: respondents with a scored answer on any A practice: r1, r2 -> 2.
    # PA B: r4 (B.SP1.1) -> 1. PA C: 0.  Line: 4 respondents (r3 counts though only NA).
    rows = [
        ("L1", "r1", "", "A.SP1.1", "3"), ("L1", "r2", "", "A.SP1.1", "1"),
        ("L1", "r3", "", "A.SP1.1", "NA"),
        ("L1", "r1", "", "A.GP2.1", "2"), ("L1", "r4", "", "B.SP1.1", "4"),
    ]
    s = score(answers(rows), TINY)
    p = s.practices.set_index("practice")
    assert p.loc["A.SP1.1", "coverage"] == pytest.approx(0.5)
    assert p.loc["A.SP1.1", "n_respondents"] == 2
    assert p.loc["A.SP1.1", "mean"] == pytest.approx(2.0)
    assert p.loc["A.GP2.1", "coverage"] == pytest.approx(0.25)
    assert p.loc["C.SP1.1", "coverage"] == 0.0 and p.loc["C.SP1.1", "n_respondents"] == 0
    pa = s.process_areas.set_index("process_area")
    assert pa["n_respondents"].to_dict() == {"A": 2, "B": 1, "C": 0}
    # PA score: mean of the SP means: A (2.0 + NaN) -> 2.0, B 4.0, C none -> NaN
    assert pa.loc["A", "score"] == pytest.approx(2.0)
    assert pa.loc["B", "score"] == pytest.approx(4.0)
    assert np.isnan(pa.loc["C", "score"])
    assert s.maturity["n_respondents"].tolist() == [4]


def test_waves_and_lines_are_scored_separately():
    # The same respondent id in two waves and two lines: each (wave, line) on its own.
    # 2025-09 / L1: all 0 -> ML1; 2026-03 / L1: all 4 -> ML3; 2026-03 / L2: all 4 -> ML3.
    resp = pd.concat(
        [
            answers(line_answers("L1", "r1", {}, default="0"), wave="2025-09"),
            answers(line_answers("L1", "r1", {}, default="4"), wave="2026-03"),
            answers(line_answers("L2", "r1", {}, default="4"), wave="2026-03"),
        ],
        ignore_index=True,
    )
    s = score(resp, TINY)
    got = {(r.wave, r.business_line): r.maturity_level for r in s.maturity.itertuples()}
    assert got == {("2025-09", "L1"): 1, ("2026-03", "L1"): 3, ("2026-03", "L2"): 3}
    assert len(s.practices) == 3 * len(ALL_PRACTICES)
    assert len(s.goals) == 3 * 9  # 3 SGs + 3 GG2 + 3 GG3 per line
    assert len(s.process_areas) == 3 * 3


# --------------------------------------------------------------------------------------------
# score(): frame contracts


def test_input_frame_is_not_mutated():
    resp = _scampi_rows()
    resp["respondent"] = resp["respondent"].astype("category")
    before = copy.deepcopy(resp)
    score(resp, TINY_SCAMPI, judgement="optimistic")
    pd.testing.assert_frame_equal(resp, before)
    likert = answers(line_answers("L1", "r1", {"A.SP1.1": "NA"}, default="3"))
    likert = likert.drop(columns="practice")
    before = copy.deepcopy(likert)
    score(likert, TINY_NA_ZERO)
    pd.testing.assert_frame_equal(likert, before)


def test_output_columns_and_index():
    # docs/ARCHITECTURE.md, "scoring.score" contract: these columns in this order, then the
    # process_areas and maturity frames report n_na and na_policy; plain RangeIndex.
    s = score(_scampi_rows(), TINY_SCAMPI)
    expected = {
        "practices": ["wave", "business_line", "process_area", "goal", "practice", "kind",
                      "n_respondents", "n_instantiations", "n_answers", "n_na", "mean", "std",
                      "ci_low", "ci_high", "coverage", "characterization", "aggregation_rule",
                      "judgement"],
        "goals": ["wave", "business_line", "process_area", "goal", "kind", "capability_level",
                  "rating"],
        "process_areas": ["wave", "business_line", "process_area", "level", "rating",
                          "capability_level", "score", "n_respondents", "n_na", "na_policy"],
        "maturity": ["wave", "business_line", "maturity_level", "maturity_index", "n_respondents",
                     "n_na", "na_policy", "n_out_of_scope", "out_of_scope_areas", "scope_note"],
    }
    assert expected["practices"] == PRACTICE_COLUMNS
    assert expected["goals"] == GOAL_COLUMNS
    for name, cols in expected.items():
        f = getattr(s, name)
        assert list(f.columns) == cols, name
        assert isinstance(f.index, pd.RangeIndex) and f.index.start == 0 and f.index.step == 1, name
        assert len(f.index) == len(f), name
    assert s.practices["judgement"].dtype == bool
    assert s.categories is None


def test_n_na_counts_not_applicable_answers_under_both_policies():
    # Scores docstring: n_na counts the not-applicable answers, na_policy says how they were
    # handled. Line L1: A.SP1.1 answered 4, NA, 2; B.SP1.1 answered NA by r1.
    #   practices: A.SP1.1 n_na 1, B.SP1.1 n_na 1; process areas A 1, B 1, C 0; line 2 -
    #   whatever the policy (under "zero" the NA answers are also scored as 0).
    rows = [("L1", r, "", "A.SP1.1", c) for r, c in [("r1", "4"), ("r2", "NA"), ("r3", "2")]]
    rows += [("L1", "r1", "", "B.SP1.1", "NA")]
    for model, policy in [(TINY, "exclude"), (TINY_NA_ZERO, "zero")]:
        s = score(answers(rows), model)
        p = s.practices.set_index("practice")
        assert (p.loc["A.SP1.1", "n_na"], p.loc["B.SP1.1", "n_na"]) == (1, 1), policy
        got = s.process_areas.set_index("process_area")["n_na"].to_dict()
        assert got == {"A": 1, "B": 1, "C": 0}, policy
        assert s.maturity["n_na"].tolist() == [2], policy
        assert s.maturity["na_policy"].tolist() == [policy]
    # scored answers: NA is not one under "exclude" (2), is one under "zero" (3)
    for model, n in ((TINY, 2), (TINY_NA_ZERO, 3)):
        p = score(answers(rows), model).practices.set_index("practice")
        assert p.loc["A.SP1.1", "n_answers"] == n


def test_missing_columns_raise_input_error():
    resp = answers(line_answers("L1", "r1", {}, default="4")).drop(columns=["value"])
    with pytest.raises(InputError, match="value"):
        score(resp, TINY)


@pytest.mark.parametrize("high_answer, expected", [("0", 3.0), ("2", 3.8)])
def test_maturity_index_at_ml3_counts_only_ml4_work(high_answer, expected):
    # CMMI-DEV v1.3 (shipped model): every practice of the ML2 and ML3 PAs answered 4 -> ML3
    # (all SGs, GG2 and GG3 satisfied). ML4 (OPP, QPM) practices all answered `high_answer`.
    # The GG3 practices of the ML2/ML3 PAs were already required for ML3, so they are not new
    # work for ML4; the module docstring promises index = ML exactly "when nothing of the next
    # level is in place":
    #   "0": every ML4 practice NI, credit 0 -> index 3.0
    #   "2": every ML4 practice mean 2 -> PI, credit 2 / 2.5 = 0.8 -> index 3.8
    # ML5 practices answered like ML4 ones cannot change an ML3 line's index.
    m = load_model("cmmi-dev-1.3")
    q = m.questions.merge(m.process_areas[["process_area", "level"]], on="process_area")
    code = q["level"].map(lambda lv: "4" if lv <= 3 else high_answer)
    resp = pd.DataFrame({"wave": WAVE, "business_line": "L1", "respondent": "r1",
                         "question": q["question"], "practice": q["practice"], "answer": code,
                         "value": code.astype(float), "na": False})
    s = score(resp, m)
    assert s.maturity["maturity_level"].tolist() == [3]
    assert s.maturity["maturity_index"].iloc[0] == pytest.approx(expected)


def test_practice_with_two_questions_averages_per_respondent_first():
    # Module docstring: a respondent's value for a practice is the mean of their scored answers
    # to its questions; the line mean is over respondents. tiny-two-questions: A.SP1.1 has Q1, Q2.
    #   r1: Q1 = 4, Q2 = 2 -> 3.0;   r2: Q1 = 1, Q2 = NA -> 1.0 (NA left out)
    #   line mean (3 + 1) / 2 = 2.0 (not the answer mean 7/3); std sqrt(2) = 1.414214
    #   n_respondents 2, n_answers 3, n_na 1; 2.0 < 2.5 -> PI.
    rows = [("r1", "Q1", "4"), ("r1", "Q2", "2"), ("r2", "Q1", "1"), ("r2", "Q2", "NA")]
    resp = pd.DataFrame(
        {"wave": WAVE, "business_line": "L1", "respondent": [r for r, _, _ in rows],
         "question": [f"A.SP1.1.{q}" for _, q, _ in rows], "practice": "A.SP1.1",
         "answer": [c for _, _, c in rows],
         "value": [np.nan if c == "NA" else float(c) for _, _, c in rows],
         "na": [c == "NA" for _, _, c in rows]}
    )
    p = score(resp, MODELS / "tiny-two-questions.yaml").practices.set_index("practice")
    assert p.loc["A.SP1.1", "mean"] == pytest.approx(2.0)
    assert p.loc["A.SP1.1", "std"] == pytest.approx(2**0.5)
    assert tuple(p.loc["A.SP1.1", ["n_respondents", "n_answers", "n_na"]]) == (2, 3, 1)
    assert p.loc["A.SP1.1", "characterization"] == "PI"
    assert p.loc["A.SP1.1", "coverage"] == pytest.approx(1.0)


def test_overrides_repeated_rows():
    # One team decision per practice and line: the same decision twice is one decision (the
    # practices frame keeps one row per practice); two different decisions for the same
    # practice are ambiguous and rejected.
    resp = answers(line_answers("L1", "r1", {}, default="4"))
    same = pd.DataFrame({"wave": [WAVE] * 2, "business_line": ["L1"] * 2,
                         "practice": ["A.SP1.1"] * 2,
                         "characterization": ["PI", "PI"]})
    s = score(resp, TINY, overrides=same)
    assert len(s.practices) == len(ALL_PRACTICES)
    assert lookup(s.practices, "characterization", practice="A.SP1.1") == "PI"
    conflict = same.assign(characterization=["PI", "FI"])
    with pytest.raises(InputError, match="A.SP1.1"):
        score(resp, TINY, overrides=conflict)
