"""Tests of maturity.roadmap / maturity.schedule on small hand-made frames.

The gap frames follow the contract in docs/ARCHITECTURE.md (``line_gaps``: business_line,
level_gap, total_gap, effort; ``backlog``: business_line, process_area, rank); expected values
are worked out by hand in the comments.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from maturity.exceptions import InputError, MaturityWarning, ValidationError
from maturity.roadmap import (
    DEFAULT_WEIGHTS,
    ROADMAP_COLUMNS,
    SENSITIVITY_COLUMNS,
    WaveRule,
    assign_waves,
    customer_pull_rule,
    line_factors,
    plan_roadmap,
    quadrant_rule,
    read_lines,
    rest_rule,
    sensitivity,
    simple_work_rule,
    write_roadmap,
)
from maturity.schedule import PHASE_COLUMNS, next_monday, schedule_lines

START = "2026-04-06"  # a Monday


def make_inputs(spec: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """spec rows: (line, group, headcount, complexity, strictness, ml, index, level_gap,
    total_gap, effort)."""
    cols = ["business_line", "group", "headcount", "complexity", "customer_strictness",
            "maturity_level", "maturity_index", "level_gap", "total_gap", "effort"]
    d = pd.DataFrame(spec, columns=cols)
    mat = d[["business_line", "maturity_level", "maturity_index"]].assign(wave="2026-03")
    mat = mat[["wave", "business_line", "maturity_level", "maturity_index"]]
    lg = d[["business_line", "level_gap", "total_gap", "effort"]].assign(
        wave="2026-03", target_maturity_level=d["maturity_level"] + d["level_gap"])
    backlog = pd.DataFrame({"wave": "2026-03",
                            "business_line": np.repeat(d["business_line"], 2),
                            "process_area": ["PPQA", "REQM"] * len(d), "rank": [1, 2] * len(d)})
    lines = d[["business_line", "group", "headcount", "complexity", "customer_strictness"]]
    return mat, lg, backlog, lines


# Seven lines: strict customers (s >= 2), simple work (c <= 2), the rest, one with no gap.
SPEC = [
    # line,   group, hc, cx, strict, ml, index, lgap, tgap, effort
    ("bank",  "FS", 120, 3, 3, 2, 2.5, 1, 6, 60),
    ("ins",   "FS", 80, 4, 2, 2, 2.4, 1, 8, 120),
    ("gov",   "PS", 60, 5, 3, 2, 2.9, 1, 3, 20),
    ("ops",   "PS", 90, 2, 1, 1, 1.8, 1, 5, 40),
    ("data",  "DG", 40, 2, 1, 1, 1.9, 1, 4, 70),
    ("shop",  "DG", 150, 3, 1, 1, 1.5, 1, 9, 100),
    ("tools", "DG", 25, 1, 0, 2, 2.2, 0, 0, 0),
]


@pytest.fixture
def inputs():
    return make_inputs(SPEC)


# --------------------------------------------------------------------------------------------
# read_lines

def test_read_lines_sample_file():
    from maturity.datasets import data_path

    p = data_path("business_lines.csv")
    if not p.exists():
        pytest.skip("sample data not written yet")
    df = read_lines(p)
    assert list(df.columns[:5]) == ["business_line", "group", "headcount", "complexity",
                                    "customer_strictness"]
    assert "name" in df.columns  # extra columns kept after the standard ones
    assert df["business_line"].is_monotonic_increasing and df.index.equals(pd.RangeIndex(len(df)))


def test_read_lines_validation_names_file_row_column_value(tmp_path):
    p = tmp_path / "lines.csv"
    p.write_text("Business Line,group,headcount,complexity,customer-strictness\n"
                 "a,FS,10,3,1\n"
                 "b,FS,ten,3,1\n"          # row 3: headcount not a number
                 "a,FS,5,6,4\n", encoding="utf-8")  # row 4: duplicate, complexity, strictness
    with pytest.raises(InputError) as e:
        read_lines(p)
    msg = str(e.value)
    assert str(p) in msg and "row 3" in msg and "'headcount'" in msg and "'ten'" in msg
    assert "4 problems in total" in msg
    f = e.value.failures
    assert f[["row", "column"]].values.tolist() == [
        [3, "headcount"], [4, "business_line"], [4, "complexity"], [4, "customer_strictness"]]
    assert f.loc[2, "expected"] == "an integer 1 (simple) .. 5 (complex)"
    assert "first on row 2" in f.loc[1, "message"]


def test_read_lines_missing_columns():
    with pytest.raises(InputError, match="column 'complexity': column missing") as e:
        read_lines(pd.DataFrame({"business_line": ["a"], "group": ["g"], "headcount": [1]}))
    assert e.value.failures["column"].tolist() == ["complexity", "customer_strictness"]


def test_read_lines_xlsx_names_sheet(tmp_path):
    p = tmp_path / "lines.xlsx"
    df = pd.DataFrame({"business_line": ["a", "b"], "group": ["g", ""], "headcount": [1, 2],
                       "complexity": [1, 2], "customer_strictness": [0, None]})
    df.to_excel(p, sheet_name="lines", index=False)
    with pytest.raises(InputError, match=r"sheet 'lines', row 3, column 'group'"):
        read_lines(p)


def test_read_lines_blank_strictness_is_na_and_input_not_mutated():
    df = pd.DataFrame({"business_line": ["b", "a"], "group": ["g", "g"], "headcount": [1, 2],
                       "complexity": [1, 2], "customer_strictness": [None, 2],
                       "director": ["x", "y"]})
    before = df.copy()
    out = read_lines(df)
    pd.testing.assert_frame_equal(df, before)
    assert out["business_line"].tolist() == ["a", "b"]
    assert out["customer_strictness"].dtype == "Int64"
    assert out["customer_strictness"].isna().tolist() == [False, True]
    assert out["director"].tolist() == ["y", "x"]


# --------------------------------------------------------------------------------------------
# Scores and waves

def test_scores_hand_worked(inputs):
    mat, lg, backlog, lines = inputs
    f = line_factors(mat, lg, backlog, lines).set_index("business_line")
    # gov: pull 3/3 = 1, size 60/150 = 0.4 -> value (2*1 + 0.4)/3 = 0.8
    #      gap 3/9, backlog 20/120, complexity (5-1)/4 = 1 -> effort (1/3 + 1/6 + 1)/3 = 0.5
    #      maturity 2.9/2.9 = 1, strengths 0.5 (no SWOT) -> readiness 0.75
    #      priority (0.8 + (1 - 0.5) + 0.75)/3 = 0.6833; value >= .5, effort >= .5: major
    g = f.loc["gov"]
    assert (g["value"], g["effort"], g["readiness"], g["priority"]) == pytest.approx(
        (0.8, 0.5, 0.75, 0.6833), abs=1e-4)
    assert g["quadrant"] == "major project"
    # data: pull 1/3, size 40/150 -> value (2/3 + 0.2667)/3 = 0.3111
    #       effort (4/9 + 70/120 + 0.25)/3 = 0.4259 -> fill-in (low value, low effort)
    d = f.loc["data"]
    assert (d["value"], d["effort"]) == pytest.approx((0.3111, 0.4259), abs=1e-4)
    assert d["quadrant"] == "fill-in"
    assert f.loc["data", "focus"] == "PPQA;REQM" and f.loc["data", "n_backlog"] == 2
    assert f.loc["tools", "status"] == "no gap" and np.isnan(f.loc["tools", "priority"])


def test_quadrant_thresholds_are_parameters(inputs):
    mat, lg, backlog, lines = inputs
    f = line_factors(mat, lg, backlog, lines, thresholds={"effort": 0.6}).set_index(
        "business_line")
    assert f.loc["gov", "quadrant"] == "quick win"  # effort 0.5 < 0.6


def test_default_wave_rules(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START).roadmap.set_index("business_line")
    # strictness >= 2 -> wave 1: bank (3), ins (2), gov (3)
    # complexity <= 2 -> wave 2: ops (2), data (2)
    # the rest        -> wave 3: shop
    assert rm["wave"].drop("tools").to_dict() == {"bank": 1, "ins": 1, "gov": 1, "ops": 2,
                                                  "data": 2, "shop": 3}
    assert pd.isna(rm.loc["tools", "wave"])
    assert rm.loc["bank", "rule"] == "customer pull"
    assert rm.loc["ops", "rule"] == "simple work" and rm.loc["shop", "rule"] == "the rest"
    assert rm.loc["ops", "reason"].startswith("Wave 2 (simple work): its work is simple enough "
                                              "(complexity 2/5)")
    assert rm.loc["shop", "reason"].startswith("Wave 3 (the rest): it follows once earlier")


def test_swot_customer_requirement_pulls_into_wave_1(inputs):
    mat, lg, backlog, lines = inputs
    swot = pd.DataFrame({"business_line": ["shop"], "ife": [3.0], "posture": ["hold"],
                         "customer_requirement": [True]})
    rm = plan_roadmap(mat, lg, backlog, lines, swot, start=START).roadmap.set_index(
        "business_line")
    assert rm.loc["shop", "wave"] == 1
    assert "a customer requirement in the SWOT" in rm.loc["shop", "reason"]
    # without the SWOT alternative the same line is in the last wave
    rules = [customer_pull_rule(swot=False), simple_work_rule(), rest_rule()]
    rm2 = plan_roadmap(mat, lg, backlog, lines, swot, rules=rules, start=START).roadmap
    assert rm2.set_index("business_line").loc["shop", "wave"] == 3


def test_rules_configurable_order_wave_is_rule_position(inputs):
    mat, lg, backlog, lines = inputs
    # simple work first, then everything else
    rm = plan_roadmap(mat, lg, backlog, lines, rules=[simple_work_rule(), rest_rule()],
                      start=START).roadmap
    w = rm.set_index("business_line")["wave"]
    assert w["ops"] == 1 and w["data"] == 1 and w["bank"] == 2 and w["shop"] == 2
    # a rule that matches nobody keeps its number: its wave stays empty
    rules = [("nobody", lambda f: f["headcount"] > 10_000), simple_work_rule(), rest_rule()]
    rm = plan_roadmap(mat, lg, backlog, lines, rules=rules, start=START).roadmap
    w = rm.set_index("business_line")["wave"]
    assert w["ops"] == 2 and w["bank"] == 3 and (w.dropna() > 1).all()
    assert rm["start"].min() == pd.Timestamp(START)


def test_line_matching_no_rule_left_out(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, rules=[customer_pull_rule()], start=START)
    r = rm.roadmap.set_index("business_line")
    assert pd.isna(r.loc["ops", "wave"])
    assert r.loc["ops", "reason"] == "Left out: the line matches none of the wave rules."


def test_assign_waves_quadrant_rule():
    f = pd.DataFrame({"business_line": ["a", "b", "c"], "planned": True, "status": "planned",
                      "quadrant": ["avoid", "quick win", "fill-in"], "value": [0.1, 0.9, 0.2],
                      "effort": [0.9, 0.1, 0.2], "priority": [0.1, 0.9, 0.5]})
    out = assign_waves(f, [quadrant_rule("quick win"), quadrant_rule("fill-in"), rest_rule()])
    assert out["business_line"].tolist() == ["b", "c", "a"]
    assert out["wave"].tolist() == [1, 2, 3]
    assert out.loc[0, "why"] == "it is a quick win (value 0.90, effort 0.10)"


def test_bad_rules_and_weights():
    with pytest.raises(ValidationError, match="give a WaveRule"):
        assign_waves(pd.DataFrame({"planned": [True]}), ["strict"])
    mat, lg, backlog, lines = make_inputs(SPEC)
    with pytest.raises(ValidationError, match="unknown weight 'pull'"):
        plan_roadmap(mat, lg, backlog, lines, weights={"pull": 1}, start=START)
    with pytest.raises(ValidationError, match="expected a number >= 0"):
        plan_roadmap(mat, lg, backlog, lines, weights={"size": -1}, start=START)
    with pytest.raises(ValidationError, match="weights of value"):
        plan_roadmap(mat, lg, backlog, lines, weights={"size": 0, "customer_pull": 0},
                     start=START)
    with pytest.raises(ValidationError, match="line_gaps: missing column"):
        plan_roadmap(mat, lg.drop(columns="effort"), backlog, lines, start=START)


def test_no_gap_left_out_with_reason(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START)
    r = rm.roadmap.set_index("business_line").loc["tools"]
    assert pd.isna(r["wave"]) and pd.isna(r["start"]) and pd.isna(r["rank"])
    assert r["reason"] == ("Left out: no gap to the target (maturity level 2 meets its target 2 "
                           "and no process-area gaps), so there is nothing to roll out.")
    assert "tools" not in set(rm.phases["business_line"])
    # left-out lines come last
    assert rm.roadmap["business_line"].iloc[-1] == "tools"


def test_line_without_attributes_or_gaps_left_out():
    mat, lg, backlog, lines = make_inputs(SPEC[:3])
    mat = pd.concat([mat, pd.DataFrame({"wave": ["2026-03"], "business_line": ["new"],
                                        "maturity_level": [1], "maturity_index": [1.2]})])
    lines = pd.concat([lines, pd.DataFrame({"business_line": ["extra"], "group": ["g"],
                                            "headcount": [3], "complexity": [1],
                                            "customer_strictness": [0]})])
    with pytest.warns(MaturityWarning, match="no line attributes for new"):
        r = plan_roadmap(mat, lg, backlog, lines, start=START).roadmap
    r = r.set_index("business_line")
    assert r.loc["new", "reason"].startswith("Left out: the line has no attributes")
    assert r.loc["extra", "reason"] == ("Left out: the line was not assessed (no maturity or gap "
                                        "rows).")


# --------------------------------------------------------------------------------------------
# Schedule

def _busy_days(roadmap: pd.DataFrame) -> pd.Series:
    p = roadmap.dropna(subset=["start"])
    days = pd.date_range(p["start"].min(), p["end"].max(), freq="D")
    return pd.Series([int(((p["start"] <= d) & (p["end"] >= d)).sum()) for d in days],
                     index=days)


@pytest.mark.parametrize("capacity", [1, 2, 3])
@pytest.mark.parametrize("gate", ["review", "pilot", "none"])
def test_capacity_never_exceeded(inputs, capacity, gate):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START, capacity=capacity, wave_gate=gate)
    busy = _busy_days(rm.roadmap)
    assert busy.max() <= capacity
    # with the gate "none" and 6 lines the PMO is full at the start
    if gate == "none":
        assert busy.iloc[0] == capacity


def test_capacity_2_hand_worked(inputs):
    mat, lg, backlog, lines = inputs
    r = plan_roadmap(mat, lg, backlog, lines, start=START).roadmap.set_index("business_line")
    # wave 1 in priority order bank, gov, ins (ranks 1-3); two slots from 2026-04-06.
    # bank: value (2*1 + 120/150)/3 = 0.9333, effort (6/9 + 60/120 + 2/4)/3 = 0.5556,
    #       readiness (2.5/2.9 + 0.5)/2 = 0.6810 -> priority (0.9333 + 0.4444 + 0.6810)/3
    #       = 0.6863 > gov 0.6833 (test_scores_hand_worked) > ins
    # gov: effort 20 -> pilot max(4, ceil(20/8)=3) = 4 weeks; 2+1+4+1 = 8 weeks
    #      2026-04-06 .. Friday 2026-05-29
    # bank: effort 60 -> 8 weeks pilot; 12 weeks: 2026-04-06 .. 2026-06-26
    # ins waits for the first free slot (gov's): Monday 2026-06-01; 120/8 = 15 weeks pilot,
    #      19 weeks: .. 2026-10-09
    assert r.loc[["bank", "gov", "ins"], "rank"].tolist() == [1, 2, 3]
    assert r.loc["bank", "priority"] == pytest.approx(0.6863, abs=1e-4)
    assert str(r.loc["gov", "end"].date()) == "2026-05-29"
    assert str(r.loc["bank", "end"].date()) == "2026-06-26"
    assert str(r.loc["ins", "start"].date()) == "2026-06-01"
    assert str(r.loc["ins", "end"].date()) == "2026-10-09"
    # wave 2 waits for every wave-1 review (gate "review"): Monday after 2026-10-09
    assert str(r.loc[["ops", "data"], "start"].min().date()) == "2026-10-12"
    assert r.loc["ins", "pilot_weeks"] == 15


def test_no_line_before_training_of_its_wave(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START, capacity=2)
    ph = rm.phases[rm.phases["kind"] != "stage"]
    for bl, p in ph.groupby("business_line"):
        p = p.set_index("phase")
        # every line starts with its training; the pilot comes after the test gate
        assert p["start"].min() == p.loc["training", "start"]
        assert p.loc["training test", "start"] > p.loc["training", "end"]
        assert p.loc["pilot", "start"] > p.loc["training test", "end"]
        assert p.loc["review", "start"] > p.loc["pilot", "end"]
        cps = p[p.index.str.startswith("checkpoint")]
        assert len(cps) == 2
        assert (cps["start"] >= p.loc["pilot", "start"]).all()
        assert (cps["end"] <= p.loc["pilot", "end"]).all()
        assert (p.loc["training test", "end"] - p.loc["training test", "start"]).days < 7
    # later waves start only after every earlier-wave line has ended its review
    r = rm.roadmap.dropna(subset=["wave"])
    for w in range(2, int(r["wave"].max()) + 1):
        assert r.loc[r["wave"] == w, "start"].min() > r.loc[r["wave"] < w, "end"].max()
    # all starts are Mondays, all ends Fridays
    assert (r["start"].dt.weekday == 0).all() and (r["end"].dt.weekday == 4).all()


def test_retraining_when_pass_rate_below_gate(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START, pass_rates={"gov": 0.6, "bank": 0.8})
    gov = rm.phases[rm.phases["business_line"] == "gov"]["phase"].tolist()
    bank = rm.phases[rm.phases["business_line"] == "bank"]["phase"].tolist()
    assert gov[:5] == ["training", "training test", "retraining", "training retest", "pilot"]
    assert "retraining" not in bank  # 0.8 = 4 in 5 passes the gate


def test_champions_only_from_earlier_waves(inputs):
    mat, lg, backlog, lines = inputs
    for gate in ("review", "none"):
        rm = plan_roadmap(mat, lg, backlog, lines, start=START, wave_gate=gate, n_champions=2)
        r = rm.roadmap.dropna(subset=["wave"]).set_index("business_line")
        for bl, row in r.iterrows():
            champs = [c for c in row["champions"].split(";") if c]
            if row["wave"] == 1:
                assert champs == []
            for c in champs:
                assert r.loc[c, "wave"] < row["wave"]
                assert r.loc[c, "end"] < row["start"]  # already rolled out


def test_champions_most_similar_hand_worked(inputs):
    mat, lg, backlog, lines = inputs
    r = plan_roadmap(mat, lg, backlog, lines, start=START).roadmap.set_index("business_line")
    # ops (PS, complexity 2): same group PS -> gov (only PS line in wave 1)
    assert r.loc["ops", "champions"] == "gov"
    # data (DG, 2): no DG line earlier; complexity distance bank 1, ins 2, gov 3 -> bank
    assert r.loc["data", "champions"] == "bank"
    # shop (DG, 3), wave 3: earlier DG line data (|3-2| = 1) beats bank (other group)
    assert r.loc["shop", "champions"] == "data"
    assert r.loc["shop", "reason"].endswith("with champions from data.")


def test_ties_broken_by_business_line():
    # two identical lines: same priority; order by id, whatever the input order
    spec = [("zeta", "G", 10, 3, 3, 1, 1.5, 1, 2, 16), ("alpha", "G", 10, 3, 3, 1, 1.5, 1, 2, 16)]
    mat, lg, backlog, lines = make_inputs(spec)
    rm1 = plan_roadmap(mat, lg, backlog, lines, start=START, capacity=1)
    rm2 = plan_roadmap(mat.iloc[::-1], lg.iloc[::-1], backlog.iloc[::-1], lines.iloc[::-1],
                       start=START, capacity=1)
    assert rm1.roadmap["business_line"].tolist() == ["alpha", "zeta"]
    assert rm1.roadmap.loc[0, "start"] < rm1.roadmap.loc[1, "start"]
    pd.testing.assert_frame_equal(rm1.roadmap, rm2.roadmap)
    pd.testing.assert_frame_equal(rm1.phases, rm2.phases)


def test_default_start_first_monday_after_latest_wave(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines)
    # latest wave 2026-03 ends Tuesday 2026-03-31 -> Monday 2026-04-06
    assert str(rm.roadmap["start"].min().date()) == "2026-04-06"
    # a given start on a Wednesday moves to the next Monday
    rm2 = plan_roadmap(mat, lg, backlog, lines, start="2026-05-06")
    assert str(rm2.roadmap["start"].min().date()) == "2026-05-11"
    with pytest.raises(ValidationError, match="give start="):
        plan_roadmap(mat.drop(columns="wave"), lg.drop(columns="wave"), backlog, lines)


def test_next_monday():
    assert str(next_monday("2026-04-06").date()) == "2026-04-13"  # strictly after a Monday
    assert str(next_monday("2026-04-10").date()) == "2026-04-13"


def test_pmo_stage_milestones(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START)
    m = rm.milestones
    assert m["name"].tolist() == ["assessment & SWOT", "short-term plan", "institutionalise",
                                  "continuous improvement"]
    r = rm.roadmap
    # stage 2 = wave 1 (from the plan start to the last wave-1 review)
    assert m.loc[1, "start"] == r["start"].min()
    assert m.loc[1, "end"] == r.loc[r["wave"] == 1, "end"].max()
    assert m.loc[2, "end"] >= r["end"].max()
    assert (m["start"].iloc[1:].to_numpy() > m["end"].iloc[:-1].to_numpy()).all()
    st = rm.phases[rm.phases["kind"] == "stage"]
    assert len(st) == 4 and st["wave"].isna().all()


def test_output_shape_and_columns(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START)
    assert list(rm.roadmap.columns[:11]) == ROADMAP_COLUMNS
    assert list(rm.phases.columns) == PHASE_COLUMNS
    assert len(rm.roadmap) == 7 and rm.roadmap["business_line"].is_unique
    assert rm.roadmap.index.equals(pd.RangeIndex(7))
    assert rm.roadmap["wave"].dtype == "Int64"
    assert rm.roadmap["reason"].str.count(r"\.$").eq(1).all()  # one sentence each
    assert rm.sensitivity is None


def test_inputs_not_mutated(inputs):
    mat, lg, backlog, lines = inputs
    swot = pd.DataFrame({"business_line": ["shop"], "ife": [3.0], "posture": ["hold"],
                         "customer_requirement": [True]})
    before = [x.copy() for x in (mat, lg, backlog, lines, swot)]
    weights = {"value": 2.0}
    plan_roadmap(mat, lg, backlog, lines, swot, weights=weights, start=START,
                 with_sensitivity=True)
    for a, b in zip((mat, lg, backlog, lines, swot), before, strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert weights == {"value": 2.0}


def test_ahp_weights_feed_the_plan(inputs):
    from maturity.ahp import ahp_weights

    mat, lg, backlog, lines = inputs
    # value 2x effort, 4x readiness; effort 2x readiness -> 4/7, 2/7, 1/7
    w = ahp_weights([[2, 4], [2]], labels=["value", "effort", "readiness"]).as_dict()
    f = line_factors(mat, lg, backlog, lines, weights=w).set_index("business_line")
    # gov: 4/7 * 0.8 + 2/7 * (1 - 0.5) + 1/7 * 0.75 = 0.4571 + 0.1429 + 0.1071 = 0.7071
    assert f.loc["gov", "priority"] == pytest.approx(0.7071, abs=1e-4)


# --------------------------------------------------------------------------------------------
# Sensitivity

def test_sensitivity_shape(inputs):
    mat, lg, backlog, lines = inputs
    s = sensitivity(mat, lg, backlog, lines, start=START)
    assert list(s.columns) == SENSITIVITY_COLUMNS
    assert len(s) == 2 * len(DEFAULT_WEIGHTS) * 7
    assert sorted(s["change"].unique()) == [-0.2, 0.2]
    # default rules do not use the weights: no line changes wave
    assert not s["wave_changed"].any()


def test_sensitivity_with_weight_driven_rules():
    # Rules: quick wins first (wave 1), the rest (wave 2); value threshold 0.55.
    # a: pull 1/3, size 100/100 = 1 -> value (2/3 + 1)/3 = 0.5556 (just above 0.55);
    #    effort (1/4 + 8/32 + 0)/3 = 0.1667 -> quick win, wave 1
    # b: pull 1, size 0.5 -> value 0.8333; effort (1 + 1 + 0)/3 = 0.667 -> major project,
    #    wave 2 under every weight change (effort stays >= 2/3.2 = 0.625)
    # a's value under +-20 %: customer_pull 0.8 -> (1.6/3 + 1)/2.6 = 0.5897 (stays),
    #   1.2 -> (2.4/3 + 1)/3.4 = 0.5294 (moves), size 0.8 -> (2/3 + 0.8)/2.8 = 0.5238
    #   (moves), size 1.2 -> (2/3 + 1.2)/3.2 = 0.5833 (stays)
    spec = [("a", "G", 100, 1, 1, 1, 1.5, 1, 1, 8),
            ("b", "G", 50, 1, 3, 1, 1.5, 1, 4, 32)]
    mat, lg, backlog, lines = make_inputs(spec)
    rules = [quadrant_rule("quick win"), rest_rule()]
    s = sensitivity(mat, lg, backlog, lines, rules=rules, thresholds={"value": 0.55},
                    start=START)
    moved = s[s["wave_changed"]]
    assert moved[["weight", "change", "business_line", "base_wave", "wave"]].values.tolist() == [
        ["customer_pull", 0.2, "a", 1, 2], ["size", -0.2, "a", 1, 2]]
    rm = plan_roadmap(mat, lg, backlog, lines, rules=rules, thresholds={"value": 0.55},
                      start=START, with_sensitivity=True)
    assert rm.sensitivity is not None and rm.sensitivity.shape == s.shape


# --------------------------------------------------------------------------------------------
# Output files and plots

def test_write_roadmap(tmp_path, inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START, with_sensitivity=True)
    paths = write_roadmap(rm, tmp_path)
    assert sorted(p.name for p in paths) == ["phases.csv", "roadmap.csv", "roadmap.xlsx"]
    back = pd.read_csv(tmp_path / "roadmap.csv")
    assert list(back.columns[:6]) == ["business_line", "wave", "start", "end", "priority",
                                      "quadrant"]
    assert back.loc[0, "start"] == "2026-04-06"
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "roadmap.xlsx")
    assert wb.sheetnames == ["roadmap", "phases", "milestones", "sensitivity"]
    # same bytes on a second run
    first = (tmp_path / "roadmap.xlsx").read_bytes()
    write_roadmap(rm, tmp_path)
    assert (tmp_path / "roadmap.xlsx").read_bytes() == first


def test_schedule_lines_rejects_zero_capacity():
    plan = pd.DataFrame({"business_line": ["a"], "wave": [1], "rank": [1], "pilot_weeks": [4],
                         "group": ["g"], "complexity": [1], "priority": [0.5]})
    with pytest.raises(ValidationError, match="capacity >= 1"):
        schedule_lines(plan, START, capacity=0)


def test_wave_rule_tuple_with_reason(inputs):
    mat, lg, backlog, lines = inputs
    rules = [("big", lambda f: f["headcount"] >= 100, "it has {headcount} people"), rest_rule()]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = plan_roadmap(mat, lg, backlog, lines, rules=rules, start=START).roadmap
    r = r.set_index("business_line")
    assert r.loc["shop", "reason"].startswith("Wave 1 (big): it has 150 people;")
    assert isinstance(WaveRule("x", lambda f: f["headcount"] > 0).explain(r.iloc[0]), str)


@pytest.mark.parametrize("what", ["roadmap_obj", "phases", "roadmap_frame"])
def test_plot_gantt(inputs, what):
    import matplotlib.pyplot as plt

    from maturity.plots.roadmap import plot_gantt

    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START)
    arg = {"roadmap_obj": rm, "phases": rm.phases, "roadmap_frame": rm.roadmap}[what]
    fig, ax = plt.subplots()
    out = plot_gantt(arg, ax=ax)
    assert out is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    first = "bank (wave 1)"
    assert labels[1 if what != "roadmap_frame" else 0] == first
    assert len(labels) == 6 + (what != "roadmap_frame")  # 6 planned lines (+ PMO stages)
    plt.close(fig)


def test_plot_effort_value(inputs):
    import matplotlib.pyplot as plt

    from maturity.plots.roadmap import plot_effort_value

    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START)
    ax = plot_effort_value(rm, thresholds={"value": 0.6})
    texts = {t.get_text() for t in ax.texts}
    assert {"bank", "shop", "quick win", "avoid"} <= texts and "tools" not in texts
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["wave 1", "wave 2", "wave 3"]
    assert ax.lines[1].get_ydata()[0] == 0.6  # the value threshold line
    plt.close(ax.figure)


# --------------------------------------------------------------------------------------------
# CLI

def _sample_ready() -> bool:
    from maturity.datasets import data_path

    return all(data_path(n).exists() for n in ("responses", "targets.yaml",
                                               "business_lines.csv", "swot.csv"))


@pytest.mark.skipif(not _sample_ready(), reason="sample data not written yet")
def test_cli_roadmap_on_sample(tmp_path, capsys):
    from maturity.cli import main
    from maturity.datasets import data_path

    out = tmp_path / "out"
    rc = main(["roadmap", str(data_path("responses")), "--model", "cmmi-dev-1.3",
               "--target", str(data_path("targets.yaml")),
               "--lines", str(data_path("business_lines.csv")),
               "--swot", str(data_path("swot.csv")), "--capacity", "2",
               "--start", "2026-04-06", "--out", str(out)])
    assert rc == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "effort_value.png", "gantt.png", "phases.csv", "roadmap.csv", "roadmap.xlsx"]
    rm = pd.read_csv(out / "roadmap.csv")
    assert list(rm.columns[:6]) == ["business_line", "wave", "start", "end", "priority",
                                    "quadrant"]
    assert len(rm) == 7 and rm["reason"].notna().all()
    assert rm["start"].dropna().min() == "2026-04-06"
    assert "roadmap.csv" in capsys.readouterr().out


def test_cli_bad_lines_file_exit_2(tmp_path, capsys):
    from maturity.cli import main

    bad = tmp_path / "lines.csv"
    bad.write_text("business_line,group\na,g\n", encoding="utf-8")
    (tmp_path / "t.yaml").write_text("default_level: 2\n", encoding="utf-8")
    rc = main(["roadmap", str(tmp_path), "--model", "cmmi-dev-1.3", "--target",
               str(tmp_path / "t.yaml"), "--lines", str(bad), "--out", str(tmp_path / "o")])
    assert rc == 2
    err = capsys.readouterr().err
    assert "maturity roadmap: error:" in err and "column 'headcount': column missing" in err
    assert not (tmp_path / "o").exists()


def test_nothing_to_plan():
    # one line, already at its target: no wave, stages still framed, plots still draw
    import matplotlib.pyplot as plt

    from maturity.plots.roadmap import plot_effort_value, plot_gantt

    mat, lg, backlog, lines = make_inputs([SPEC[-1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rm = plan_roadmap(mat, lg, backlog, lines, with_sensitivity=True)
        plot_gantt(rm)
        plot_effort_value(rm)
    plt.close("all")
    assert rm.roadmap["wave"].isna().all() and len(rm.milestones) == 4
    assert (rm.phases["kind"] == "stage").all()
    assert len(rm.sensitivity) == 2 * len(DEFAULT_WEIGHTS)
