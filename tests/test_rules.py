"""Hand-worked tests of maturity.scoring.rules: the cumulative (C2M2-style) and additive
(SAMM-style)
scoring rules.

Every expected number is worked by hand in a comment from the rule, never copied from the
code's output. Sources:

- cumulative: C2M2 v2.1 (U.S. DOE, June 2022) as summarised in the project's methods reference:
  "a MIL is achieved when all practices in that level and all preceding levels are FI or LI";
  the module Notes of maturity.scoring.rules for the project's conventions
  (``cumulative_threshold``,
  NA practices left out, capability NA when a MIL1 practice is not characterized, line level
  = lowest domain level, maturity index = mean over domains of ``level + share of the next
  level's practices at the threshold``, the share capped at 0.99).
- additive: OWASP SAMM v2 (https://owaspsamm.org/model/): an activity is answered 0 / 0.25 /
  0.5 / 1, a stream scores the sum of its activities over the maturity levels, a security
  practice the mean of its two streams, a business function the mean of its practices. We
  found no published worked example with numbers (the SAMM toolbox spreadsheet computes the
  same sums and means), so the examples below are hand-worked. N/A: SAMM counts a "not
  applicable" activity as zero (SAMM team, "The 'Not Applicable' Question", owaspsamm.org blog,
  2023-02-28), the project's ``na_policy: exclude`` leaves it out of the respondents' mean.

Models (tests/data/models): ``tiny-cumulative`` has domains D1, D2, D3, each with practices
``a, b`` at MIL1, ``c, d`` at MIL2 and ``e`` at MIL3, answered on a SCAMPI scale with NA.
``tiny-additive`` has categories F1 (process areas P1, P2) and F2 (P3, P4); each process area
has streams A and B with activities ``.1 .2 .3`` at levels 1, 2, 3 (``na_policy: exclude``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from maturity.model.load import load_model
from maturity.plan.gap import gap_analysis, read_targets
from maturity.scoring.score import score

MODELS = Path(__file__).parent / "data" / "models"
CUMULATIVE = MODELS / "tiny-cumulative.yaml"
ADDITIVE = MODELS / "tiny-additive.yaml"
CHAR_VALUES = {"FI": 4.0, "LI": 3.0, "PI": 2.0, "NI": 0.0}
LETTERS = "abcde"  # a, b: MIL1; c, d: MIL2; e: MIL3


def frame(rows: list[tuple[str, str, str, str]], wave: str = "w1") -> pd.DataFrame:
    """Responses from ``(business_line, respondent, practice, answer)`` rows.

    ``value`` and ``na`` follow the contract of ingest.read_responses: NaN for NA and NY;
    numeric codes ("0.25") are their own value.
    """
    out = []
    for line, resp, practice, code in rows:
        if code in CHAR_VALUES:
            value = CHAR_VALUES[code]
        elif code in ("NA", "NY"):
            value = np.nan
        else:
            value = float(code)
        out.append(
            {"wave": wave, "business_line": line, "respondent": resp, "question": f"{practice}.Q1",
             "practice": practice, "answer": code, "value": value, "na": code == "NA"}
        )
    return pd.DataFrame(out)


def domains(line: str, **codes: str) -> pd.DataFrame:
    """One respondent of ``line``; ``D1="FI LI PI FI FI"`` gives practices D1.a .. D1.e."""
    rows = []
    for d, spec in codes.items():
        for letter, code in zip(LETTERS, spec.split(), strict=True):
            if code != "-":  # "-": no answer at all
                rows.append((line, "r1", f"{d}.{letter}", code))
    return frame(rows)


def pa_value(scores, col: str, line: str, pa: str):
    pas = scores.process_areas
    sel = pas[(pas.business_line == line) & (pas.process_area == pa)]
    assert len(sel) == 1
    return sel[col].iloc[0]


def model_copy(tmp_path: Path, src: Path, old: str, new: str):
    """Load a copy of a tiny model that differs from it only by replacing ``old`` with ``new``."""
    text = src.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / src.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_model(path)


# --------------------------------------------------------------------------------------------
# cumulative rule


def test_cumulative_mil_per_domain_line_level_and_index():
    # One respondent, so each practice's characterization is the answer itself.
    # D1: MIL1 a FI, b LI -> met; MIL2 c PI, d FI -> not met; MIL3 e FI does not count.  MIL1
    # D2: MIL1 LI LI, MIL2 FI LI -> met; MIL3 e NI -> not met.                           MIL2
    # D3: everything FI.                                                                  MIL3
    resp = domains("x", D1="FI LI PI FI FI", D2="LI LI FI LI NI", D3="FI FI FI FI FI")
    s = score(resp, load_model(CUMULATIVE))
    assert [pa_value(s, "capability_level", "x", d) for d in ("D1", "D2", "D3")] == [1, 2, 3]
    # line level = lowest domain = min(1, 2, 3) = 1
    assert s.maturity.maturity_level.tolist() == [1]
    # index per domain = level + share of next level's practices at LI or above:
    #   D1: 1 + 1/2 (d FI, c PI) = 1.5;  D2: 2 + 0/1 (e NI) = 2.0;  D3: 3 (no next level)
    #   mean = (1.5 + 2 + 3) / 3 = 6.5 / 3 = 2.1667
    assert s.maturity.maturity_index.iloc[0] == pytest.approx(2.1667)
    # rating of the domain's objective: D1 has a PI practice -> not satisfied; D3 satisfied
    assert pa_value(s, "rating", "x", "D1") == "not satisfied"
    assert pa_value(s, "rating", "x", "D3") == "satisfied"
    # score = mean of practice means: D1 (4 + 3 + 2 + 4 + 4) / 5 = 3.4
    assert pa_value(s, "score", "x", "D1") == pytest.approx(3.4)


def test_cumulative_failing_mil1_practice_blocks_higher_mils():
    # D1: MIL1 a PI fails, although b and every MIL2/MIL3 practice is FI -> MIL0
    # D2: everything NI -> MIL0;  D3: everything LI -> MIL3
    resp = domains("y", D1="PI FI FI FI FI", D2="NI NI NI NI NI", D3="LI LI LI LI LI")
    s = score(resp, load_model(CUMULATIVE))
    assert [pa_value(s, "capability_level", "y", d) for d in ("D1", "D2", "D3")] == [0, 0, 3]
    assert s.maturity.maturity_level.tolist() == [0]
    # index: D1 0 + 1/2 (b FI of a, b) = 0.5; D2 0 + 0/2 = 0; D3 3 -> (0.5 + 0 + 3) / 3 = 1.1667
    assert s.maturity.maturity_index.iloc[0] == pytest.approx(1.1667)


def test_cumulative_failing_mil2_practice_blocks_mil3():
    # MIL1 met, MIL2 d NI fails, MIL3 e FI: the domain stays at MIL1 (cumulative, no skipping)
    resp = domains("z", D1="FI FI FI NI FI", D2="FI FI FI NI FI", D3="FI FI FI NI FI")
    s = score(resp, load_model(CUMULATIVE))
    assert s.process_areas.capability_level.tolist() == [1, 1, 1]
    # index 1 + 1/2 for every domain
    assert s.maturity[["maturity_level", "maturity_index"]].iloc[0].tolist() == [1, 1.5]


def test_cumulative_threshold_fi_vs_li(tmp_path):
    # D1: a FI, b FI, c LI, d FI, e FI;  D2: all FI;  D3: all LI
    resp = domains("x", D1="FI FI LI FI FI", D2="FI FI FI FI FI", D3="LI LI LI LI LI")
    # threshold LI (the model's): LI and FI both meet -> every domain MIL3, line 3, index 3
    li = score(resp, load_model(CUMULATIVE))
    assert li.process_areas.capability_level.tolist() == [3, 3, 3]
    assert li.maturity[["maturity_level", "maturity_index"]].iloc[0].tolist() == [3, 3.0]
    # threshold FI: D1 stops at MIL1 (c is only LI), D2 MIL3, D3 MIL0 (a, b only LI)
    fi_model = model_copy(
        tmp_path, CUMULATIVE, "cumulative_threshold: LI", "cumulative_threshold: FI"
    )
    assert fi_model.cumulative_threshold == "FI"
    fi = score(resp, fi_model)
    assert fi.process_areas.capability_level.tolist() == [1, 3, 0]
    # line 0; index: D1 1 + 1/2 (d FI, c LI) = 1.5; D2 3; D3 0 + 0/2 = 0 -> 4.5 / 3 = 1.5
    assert fi.maturity[["maturity_level", "maturity_index"]].iloc[0].tolist() == [0, 1.5]


def test_cumulative_not_applicable_practices_are_left_out():
    # D1: a NA, b LI | c NA, d LI | e FI -> remaining practices all meet LI: MIL3
    # D2: a LI, b LI | c PI, d NA | e FI -> c fails MIL2: MIL1; index share of MIL2 = 0/1
    #     (d is left out of the share too)
    # D3: a NA, b NA | c FI, d FI | e PI -> MIL1 has no answered practice, so it is not
    #     achieved (CSET's C2M2 rule, methods.md "Second pass"; issue 14): MIL0
    resp = domains("x", D1="NA LI NA LI FI", D2="LI LI PI NA FI", D3="NA NA FI FI PI")
    s = score(resp, load_model(CUMULATIVE))
    assert s.process_areas.capability_level.tolist() == [3, 1, 0]
    assert s.maturity.maturity_level.tolist() == [0]
    # index: D1 3; D2 1 + 0/1 = 1; D3 0 + 0 (no applicable MIL1 practice) = 0 -> 4 / 3
    assert s.maturity.maturity_index.iloc[0] == pytest.approx(round(4 / 3, 4))
    ch = s.practices.set_index("practice")["characterization"]
    assert ch[["D1.a", "D1.c", "D2.d"]].tolist() == ["NA", "NA", "NA"]


def test_cumulative_top_level_all_not_applicable_is_not_reached():
    # D1: MIL1 and MIL2 FI, the only MIL3 practice e is NA: a MIL with no answered practice is
    # not achieved (CSET's C2M2 rule: a MIL is achieved only if the lower one is, none of its
    # practices is PI/NI/unanswered and at least one is FI/LI; issue 14), so D1 and D3 stop at
    # MIL2 while D2 with e FI reaches MIL3.
    resp = domains("x", D1="FI FI FI FI NA", D2="FI FI FI FI FI", D3="FI FI FI FI NA")
    s = score(resp, load_model(CUMULATIVE))
    assert s.process_areas.capability_level.tolist() == [2, 3, 2]
    # line = min(2, 3, 2) = 2; index (2 + 0 + 3 + 2 + 0) / 3 = 7 / 3
    assert s.maturity[["maturity_level", "maturity_index"]].iloc[0].tolist() == [2, round(7 / 3, 4)]


def test_cumulative_domain_entirely_not_applicable():
    # D3 is answered NA throughout: no practice remains, the domain has no level (NA), its
    # rating is "not applicable" and it is left out of the line's level and index (as a not
    # applicable process area in the staged rule).  D1 MIL2 (e PI), D2 MIL3.
    resp = domains("x", D1="FI FI LI LI PI", D2="LI LI LI LI LI", D3="NA NA NA NA NA")
    s = score(resp, load_model(CUMULATIVE))
    cl = s.process_areas.capability_level
    assert cl.iloc[:2].tolist() == [2, 3] and cl.isna().iloc[2]
    assert pa_value(s, "rating", "x", "D3") == "not applicable"
    # line = min(2, 3) = 2; index = (2 + 0/1 + 3) / 2 = 2.5
    assert s.maturity[["maturity_level", "maturity_index"]].iloc[0].tolist() == [2, 2.5]


def test_cumulative_uncharacterized_mil1_practice_gives_capability_na():
    # D1: MIL1 b has no answer at all (not characterized) -> capability NA, rating not rated
    # D2: MIL1 a NY (not yet) -> not characterized either -> NA
    # D3: MIL1 met, MIL2 d not answered -> blocks MIL2 but MIL1 stands: capability 1
    resp = domains("x", D1="FI - FI FI FI", D2="NY LI LI LI LI", D3="LI LI LI - LI")
    s = score(resp, load_model(CUMULATIVE))
    cl = s.process_areas.capability_level
    assert cl.isna().tolist() == [True, True, False]
    assert cl.iloc[2] == 1
    assert pa_value(s, "rating", "x", "D1") == "not rated"
    # the line cannot claim MIL1 while D1 and D2 are unrated: level 0 (lowest, unrated = 0)
    assert s.maturity.maturity_level.tolist() == [0]
    # index: D1 0 + 1/2 (a FI of a, b) = 0.5; D2 0 + 1/2 (b LI) = 0.5; D3 1 + 1/2 = 1.5
    #   -> 2.5 / 3 = 0.8333
    assert s.maturity.maturity_index.iloc[0] == pytest.approx(0.8333)


def test_cumulative_lines_and_two_respondents_scampi_aggregation():
    # Line "p" has two respondents; SCAMPI aggregation (conservative): FI + LI -> LI (meets),
    # LI + PI -> PI (team judgement, conservative: fails). Line "q" all FI.
    rows = [("p", "r1", f"D{d}.{x}", "FI") for d in (1, 2, 3) for x in LETTERS]
    rows += [("p", "r2", f"D{d}.{x}", "LI") for d in (1, 2, 3) for x in LETTERS]
    rows = [r if r[2:] != ("D2.c", "LI") else ("p", "r2", "D2.c", "PI") for r in rows]
    rows = [r if r[2:] != ("D2.c", "FI") else ("p", "r1", "D2.c", "LI") for r in rows]
    rows += [("q", "r9", f"D{d}.{x}", "FI") for d in (1, 2, 3) for x in LETTERS]
    s = score(frame(rows), load_model(CUMULATIVE))
    pas = s.process_areas.set_index(["business_line", "process_area"])["capability_level"]
    # p: D1 3, D2 MIL1 (c = LI + PI -> PI), D3 3;  q: all 3
    assert pas.tolist() == [3, 1, 3, 3, 3, 3]
    assert s.maturity.set_index("business_line")["maturity_level"].to_dict() == {"p": 1, "q": 3}


# --------------------------------------------------------------------------------------------
# additive rule

# Two respondents per activity. Means by hand (exclude: NA left out; zero: NA = 0).
ADDITIVE_ANSWERS = {
    #            r1      r2        mean (exclude)          mean (zero)
    "P1.A.1": ("1", "1"),       # 1                       1
    "P1.A.2": ("0.5", "1"),     # 0.75                    0.75
    "P1.A.3": ("0", "0.25"),    # 0.125                   0.125
    "P1.B.1": ("1", "0.5"),     # 0.75
    "P1.B.2": ("0.25", "0.25"),  # 0.25
    "P1.B.3": ("0", "0"),       # 0
    "P2.A.1": ("0.5", "0.5"),   # 0.5
    "P2.A.2": ("NA", "1"),      # 1 (r2 only)             (0 + 1) / 2 = 0.5
    "P2.A.3": ("0", "0"),       # 0
    "P2.B.1": ("0.25", "0.5"),  # 0.375
    "P2.B.2": ("0", "0.25"),    # 0.125
    "P2.B.3": ("0", "0"),       # 0
    "P3.A.1": ("1", "1"),       # 1
    "P3.A.2": ("1", "1"),       # 1
    "P3.A.3": ("0.5", "1"),     # 0.75
    "P3.B.1": ("NA", "NA"),     # NA (practice left out)  0
    "P3.B.2": ("NA", "NA"),     # NA                      0
    "P3.B.3": ("NA", "NA"),     # NA                      0
    "P4.A.1": ("0.25", "0.25"),  # 0.25
    "P4.A.2": ("0", "0"),       # 0
    "P4.A.3": ("0", "0"),       # 0
    "P4.B.1": ("0.5", "0"),     # 0.25
    "P4.B.2": ("0", "0"),       # 0
    "P4.B.3": ("0", "0"),       # 0
}


def additive_responses(
    line: str = "x", answers: dict | None = None, wave: str = "w1"
) -> pd.DataFrame:
    answers = ADDITIVE_ANSWERS if answers is None else answers
    rows = [(line, r, a, c[i]) for a, c in answers.items() for i, r in enumerate(("r1", "r2"))]
    return frame(rows, wave=wave)


@pytest.fixture(scope="module")
def additive_models(tmp_path_factory):
    exclude = load_model(ADDITIVE)
    tmp = tmp_path_factory.mktemp("zero")
    zero = model_copy(tmp, ADDITIVE, "na_policy: exclude", "na_policy: zero")
    assert (exclude.na_policy, zero.na_policy) == ("exclude", "zero")
    return {"exclude": exclude, "zero": zero}


# Streams (sum over levels):
#   P1.A 1 + 0.75 + 0.125 = 1.875     P1.B 0.75 + 0.25 + 0 = 1.0
#   P2.A exclude 0.5 + 1 + 0 = 1.5, zero 0.5 + 0.5 + 0 = 1.0     P2.B 0.375 + 0.125 = 0.5
#   P3.A 1 + 1 + 0.75 = 2.75          P3.B exclude: no scored activity -> not scored; zero 0
#   P4.A 0.25                         P4.B 0.25
# Process areas (mean of streams):
#   P1 (1.875 + 1) / 2 = 1.4375
#   P2 exclude (1.5 + 0.5) / 2 = 1.0;  zero (1.0 + 0.5) / 2 = 0.75
#   P3 exclude 2.75 (P3.B left out of the mean);  zero (2.75 + 0) / 2 = 1.375
#   P4 (0.25 + 0.25) / 2 = 0.25
# Categories (mean of process areas):
#   F1 exclude (1.4375 + 1.0) / 2 = 1.21875;  zero (1.4375 + 0.75) / 2 = 1.09375
#   F2 exclude (2.75 + 0.25) / 2 = 1.5;       zero (1.375 + 0.25) / 2 = 0.8125
# Overall (mean of categories):
#   exclude (1.21875 + 1.5) / 2 = 1.359375 -> 1.3594 (rounded to 4 places), level 1
#   zero (1.09375 + 0.8125) / 2 = 0.953125 -> 0.9531, level 0
ADDITIVE_EXPECTED = {
    "exclude": {
        "activity": {"P2.A.2": 1.0, "P3.B.1": np.nan},
        "stream": {"P1.A": 1.875, "P1.B": 1.0, "P2.A": 1.5, "P2.B": 0.5, "P3.A": 2.75,
                   "P3.B": np.nan, "P4.A": 0.25, "P4.B": 0.25},
        "pa": {"P1": 1.4375, "P2": 1.0, "P3": 2.75, "P4": 0.25},
        "cl": {"P1": 1, "P2": 1, "P3": 2, "P4": 0},
        "category": {"F1": 1.21875, "F2": 1.5},
        "index": 1.3594,
        "level": 1,
    },
    "zero": {
        "activity": {"P2.A.2": 0.5, "P3.B.1": 0.0},
        "stream": {"P1.A": 1.875, "P1.B": 1.0, "P2.A": 1.0, "P2.B": 0.5, "P3.A": 2.75,
                   "P3.B": 0.0, "P4.A": 0.25, "P4.B": 0.25},
        "pa": {"P1": 1.4375, "P2": 0.75, "P3": 1.375, "P4": 0.25},
        "cl": {"P1": 1, "P2": 0, "P3": 1, "P4": 0},
        "category": {"F1": 1.09375, "F2": 0.8125},
        "index": 0.9531,
        "level": 0,
    },
}


@pytest.mark.parametrize("policy", ["exclude", "zero"])
def test_additive_every_level_of_the_hierarchy(additive_models, policy):
    s = score(additive_responses(), additive_models[policy])
    exp = ADDITIVE_EXPECTED[policy]
    act = s.practices.set_index("practice")["mean"]
    for a, v in exp["activity"].items():
        assert act[a] == pytest.approx(v, nan_ok=True), a
    # goals = streams: score column
    streams = s.goals.set_index("goal")["score"]
    for g, v in exp["stream"].items():
        assert streams[g] == pytest.approx(v, nan_ok=True), g
    pas = s.process_areas.set_index("process_area")
    assert pas["score"].to_dict() == pytest.approx(exp["pa"])
    # capability level = process-area score rounded down
    assert pas["capability_level"].astype(int).to_dict() == exp["cl"]
    assert s.categories is not None
    assert list(s.categories.columns) == ["wave", "business_line", "category", "score"]
    assert s.categories.set_index("category")["score"].to_dict() == pytest.approx(exp["category"])
    m = s.maturity.iloc[0]
    assert m["maturity_index"] == pytest.approx(exp["index"])
    assert m["maturity_level"] == exp["level"]
    assert m["na_policy"] == policy
    # NA answers counted under both policies: P2.A.2 r1 (1) + P3.B.1-3 x 2 respondents (6) = 7
    assert m["n_na"] == 7


def test_additive_all_na_stream_is_not_applicable_under_exclude(additive_models):
    s = score(additive_responses(), additive_models["exclude"])
    g = s.goals.set_index("goal")["rating"]
    assert g["P3.B"] == "not applicable"
    assert s.practices.set_index("practice").loc["P3.B.1", "characterization"] == "NA"


def test_additive_lines_are_scored_separately(additive_models):
    # line "full": every activity answered 1 by both -> each stream 3, every PA 3, index 3
    full = {a: ("1", "1") for a in ADDITIVE_ANSWERS}
    resp = pd.concat([additive_responses("x"), additive_responses("full", full)], ignore_index=True)
    s = score(resp, additive_models["exclude"])
    mat = s.maturity.set_index("business_line")
    assert mat.loc["full", "maturity_index"] == 3.0 and mat.loc["full", "maturity_level"] == 3
    assert mat.loc["x", "maturity_index"] == pytest.approx(1.3594)


def test_additive_input_not_mutated(additive_models):
    resp = additive_responses()
    before = resp.copy(deep=True)
    score(resp, additive_models["zero"])
    pd.testing.assert_frame_equal(resp, before)


# --------------------------------------------------------------------------------------------
# both rules flow into gap analysis


def test_cumulative_scores_flow_into_gap_analysis():
    # D1 MIL1, D2 MIL2, D3 MIL3 (as in the first test); target every domain at level 2
    resp = domains("x", D1="FI LI PI FI FI", D2="LI LI FI LI NI", D3="FI FI FI FI FI")
    model = load_model(CUMULATIVE)
    g = gap_analysis(score(resp, model), read_targets({"default_level": 2}, model))
    gaps = g.gaps.set_index("process_area")
    # gap = max(0, 2 - current): D1 1, D2 0, D3 0
    assert gaps["gap"].to_dict() == {"D1": 1, "D2": 0, "D3": 0}
    # the blocking practice of D1 is c (PI, required for MIL2)
    assert g.backlog["practice"].tolist() == ["D1.c"]
    lg = g.line_gaps.iloc[0]
    assert (lg["maturity_level"], lg["target_maturity_level"], lg["level_gap"]) == (1, 2, 1)


@pytest.mark.parametrize("policy", ["exclude", "zero"])
def test_additive_scores_flow_into_gap_analysis(additive_models, policy):
    model = additive_models[policy]
    g = gap_analysis(score(additive_responses(), model), read_targets({"default_level": 2}, model))
    gaps = g.gaps.set_index("process_area")
    # current = capability level (score rounded down), gap = max(0, 2 - current)
    cl = ADDITIVE_EXPECTED[policy]["cl"]
    assert gaps["gap"].to_dict() == {pa: max(0, 2 - c) for pa, c in cl.items()}
    assert len(g.backlog) > 0
