"""Tests of maturity.plan.roadmap / maturity.plan.schedule on small hand-made frames.

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
from maturity.plan.roadmap import (
    DEFAULT_WEIGHTS,
    ROADMAP_COLUMNS,
    SENSITIVITY_COLUMNS,
    WaveRule,
    assign_waves,
    customer_pull_rule,
    deferred_rule,
    line_factors,
    plan_roadmap,
    quadrant_rule,
    read_lines,
    rest_rule,
    sensitivity,
    simple_work_rule,
)
from maturity.plan.rollout_io import write_roadmap
from maturity.plan.schedule import PHASE_COLUMNS, next_monday, schedule_lines

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
    # Fixed scales (issue 17): size = hc / 200, gap = level_gap / 2, backlog = coach-weeks / 52,
    # maturity = index / 5, coach-weeks = effort / 8 x sqrt(hc / 50).
    # gov: pull 3/3 = 1, size 60/200 = 0.3 -> value (2*1 + 0.3)/3 = 0.7667
    #      coach-weeks 20/8 x sqrt(1.2) = 2.74; effort (1/2 + 2.74/52 + (5-1)/4)/3 = 0.5176
    #      maturity 2.9/5 = 0.58, strengths 0.5 (no SWOT) -> readiness 0.54
    #      priority (0.7667 + (1 - 0.5176) + 0.54)/3 = 0.5964; value >= .5, effort >= .5
    #      (and complexity 5): major project
    g = f.loc["gov"]
    assert (g["value"], g["effort"], g["readiness"], g["priority"]) == pytest.approx(
        (0.7667, 0.5176, 0.54, 0.5964), abs=1e-4)
    assert g["coach_weeks"] == 2.74 and g["pilot_weeks"] == 4  # max(4, ceil(2.74))
    assert g["quadrant"] == "major project"
    # data: pull 1/3, size 40/200 -> value (2/3 + 0.2)/3 = 0.2889
    #       coach-weeks 70/8 x sqrt(0.8) = 7.83; effort (0.5 + 7.83/52 + 0.25)/3 = 0.3002
    #       -> fill-in (low value, low effort, pilot 8 weeks <= 13)
    d = f.loc["data"]
    assert (d["value"], d["effort"]) == pytest.approx((0.2889, 0.3002), abs=1e-4)
    assert d["quadrant"] == "fill-in"
    assert f.loc["data", "focus"] == "PPQA;REQM" and f.loc["data", "n_backlog"] == 2
    assert f.loc["tools", "status"] == "no gap" and np.isnan(f.loc["tools", "priority"])


def test_quadrant_thresholds_are_parameters(inputs):
    mat, lg, backlog, lines = inputs
    f = line_factors(mat, lg, backlog, lines, thresholds={"effort": 0.6}).set_index(
        "business_line")
    # gov: effort 0.5176 < 0.6 but complexity 5 still counts as high effort
    assert f.loc["gov", "quadrant"] == "major project"
    f = line_factors(mat, lg, backlog, lines, thresholds={"effort": 0.6, "complexity": 6})
    assert f.set_index("business_line").loc["gov", "quadrant"] == "quick win"


def test_default_wave_rules(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START).roadmap.set_index("business_line")
    # strictness >= 2 -> wave 1: bank (3), ins (2), gov (3)
    # complexity <= 2 -> wave 2: ops (2), data (2)
    # shop: value (2/3 + 150/200)/3 = 0.4722 < 0.5 and a pilot of 100/8 x sqrt(3) = 21.65 ->
    #       22 weeks > 13: "avoid" -> not "the rest" but "deferred", numbered wave 3 (the
    #       rollout waves are numbered over the rules used)
    assert rm["wave"].drop("tools").to_dict() == {"bank": 1, "ins": 1, "gov": 1, "ops": 2,
                                                  "data": 2, "shop": 3}
    assert pd.isna(rm.loc["tools", "wave"])
    assert rm.loc["bank", "rule"] == "customer pull"
    assert rm.loc["ops", "rule"] == "simple work" and rm.loc["shop", "rule"] == "deferred"
    assert rm.loc["ops", "reason"].startswith(
        "Rollout wave 2 of 3 (simple work): its work is simple (complexity 2/5 <= 2); 1st of "
        "2 in the wave")
    assert rm.loc["shop", "reason"].startswith(
        "Rollout wave 3 of 3 (deferred): low value (0.47) and high effort")
    assert "quadrant avoid: value 0.47 < 0.50, high effort (pilot 22 weeks > 13)" in \
        rm.loc["shop", "reason"]


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


def test_rules_configurable_waves_numbered_over_rules_used(inputs):
    mat, lg, backlog, lines = inputs
    # simple work first, then everything else ("avoid" shop deferred last)
    rules = [simple_work_rule(), rest_rule(), deferred_rule()]
    rm = plan_roadmap(mat, lg, backlog, lines, rules=rules, start=START).roadmap
    w = rm.set_index("business_line")["wave"]
    assert w["ops"] == 1 and w["data"] == 1 and w["bank"] == 2 and w["shop"] == 3
    # a rule that matches nobody leaves no empty wave: the first wave is always wave 1
    rules = [("nobody", lambda f: f["headcount"] > 10_000), simple_work_rule(), rest_rule(),
             deferred_rule()]
    rm = plan_roadmap(mat, lg, backlog, lines, rules=rules, start=START).roadmap
    w = rm.set_index("business_line")["wave"]
    assert w["ops"] == 1 and w["bank"] == 2 and w["shop"] == 3
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
    out = assign_waves(f, [quadrant_rule("quick win"), quadrant_rule("fill-in"), rest_rule(),
                           deferred_rule()])
    assert out["business_line"].tolist() == ["b", "c", "a"]
    assert out["wave"].tolist() == [1, 2, 3] and out.loc[2, "rule"] == "deferred"
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
    # Working days Monday-Friday (no holiday calendar given); "a week" = 5 working days.
    # wave 1 in priority order bank, gov, ins (ranks 1-3); two coaches from 2026-04-06.
    # bank: value (2*1 + 120/200)/3 = 0.8667; coach-weeks 60/8 x sqrt(120/50) = 11.62;
    #       effort (0.5 + 11.62/52 + 0.5)/3 = 0.4078; readiness (2.5/5 + 0.5)/2 = 0.5
    #       -> priority (0.8667 + 0.5922 + 0.5)/3 = 0.6530 > gov 0.5964 > ins 0.5098
    # bank: training ceil(120/60) = 2 weeks 04-06..04-17, test 04-20..04-24, pilot 12 weeks
    #       04-27..07-17, review 07-20..07-24 (coach 1)
    # gov:  training 1 week 04-06..04-10, test ..04-17, pilot 4 weeks 04-20..05-15, review
    #       05-18..05-22 (coach 2)
    # ins:  waits for coach 2, free Monday 05-25: training 2 weeks ..06-05, test ..06-12,
    #       pilot 120/8 x sqrt(1.6) = 18.97 -> 19 weeks 06-15..10-23, review 10-26..10-30
    assert r.loc[["bank", "gov", "ins"], "rank"].tolist() == [1, 2, 3]
    assert r.loc["bank", "priority"] == pytest.approx(0.6530, abs=1e-4)
    assert str(r.loc["gov", "end"].date()) == "2026-05-22"
    assert str(r.loc["bank", "end"].date()) == "2026-07-24"
    assert str(r.loc["ins", "start"].date()) == "2026-05-25"
    assert str(r.loc["ins", "end"].date()) == "2026-10-30"
    assert r.loc["ins", "pilot_weeks"] == 19 and r.loc["ins", "training_weeks"] == 2
    assert r.loc["ins", "start_reason"] == "waits for a free coach (coach 2 free on 2026-05-25)"
    # wave 2 (gate "benefit"): every wave-1 line has shown benefit at its first checkpoint by
    # ins's: pilot 95 working days, 3 checkpoints (19 // 6), the first on working day
    # round(95/4) = 24 of the pilot = Thursday 07-16 -> gate Friday 07-17; coach 1 frees on
    # 07-27 (after bank's review) -> ops starts 07-27 while ins still runs (no needless wait
    # for ins's review on 10-30).
    assert str(r.loc["ops", "start"].date()) == "2026-07-27"
    assert r.loc["ops", "start_reason"] == "waits for a free coach (coach 1 free on 2026-07-27)"
    # data: coach 1 again after ops (training 2 wk, test, pilot 7 wk, review: ends 10-09)
    assert str(r.loc["data", "start"].date()) == "2026-10-12"
    # shop (wave 3) waits until every earlier line showed benefit: data's first checkpoint,
    # working day 20 of its 8-week pilot from 10-26 = 11-20 -> starts Monday 11-23 on coach 2
    assert str(r.loc["shop", "start"].date()) == "2026-11-23"
    assert "last: data on 2026-11-20" in r.loc["shop", "start_reason"]


def test_no_line_before_training_of_its_wave(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START, capacity=2)
    ph = rm.phases[rm.phases["kind"] != "stage"]
    r = rm.roadmap.dropna(subset=["wave"]).set_index("business_line")
    for bl, p in ph.groupby("business_line"):
        p = p.set_index("phase")
        # every line starts with its training; the pilot comes after the test gate
        assert p["start"].min() == p.loc["training", "start"]
        assert p.loc["training test", "start"] > p.loc["training", "end"]
        assert p.loc["pilot", "start"] > p.loc["training test", "end"]
        assert p.loc["review", "start"] > p.loc["pilot", "end"]
        cps = p[p.index.str.startswith("checkpoint")]
        # one checkpoint every 6 pilot weeks, at least one (maturity.plan.sizing.n_checkpoints)
        assert len(cps) == max(1, r.loc[bl, "pilot_weeks"] // 6)
        assert (cps["start"] >= p.loc["pilot", "start"]).all()
        assert (cps["end"] <= p.loc["pilot", "end"]).all()
        assert (p.loc["training test", "end"] - p.loc["training test", "start"]).days < 7
    # later waves start only after every earlier-wave line showed benefit (first checkpoint)
    first_cp = ph[ph["phase"] == "checkpoint 1"].set_index("business_line")["start"]
    for w in range(2, int(r["wave"].max()) + 1):
        earlier = r.index[r["wave"] < w]
        assert r.loc[r["wave"] == w, "start"].min() > first_cp[earlier].max()
    # every phase starts and ends on a working day
    assert (ph["start"].dt.day_of_week < 5).all() and (ph["end"].dt.day_of_week < 5).all()


def test_retraining_when_pass_rate_below_gate(inputs):
    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START, pass_rates={"gov": 0.6, "bank": 0.8})
    gov = rm.phases[rm.phases["business_line"] == "gov"]["phase"].tolist()
    bank = rm.phases[rm.phases["business_line"] == "bank"]["phase"].tolist()
    assert gov[:5] == ["training", "training test", "retraining", "training retest", "pilot"]
    assert "retraining" not in bank  # 0.8 = 4 in 5 passes the gate


def test_champions_available_and_limited_per_source(inputs):
    mat, lg, backlog, lines = inputs
    for gate in ("review", "none"):
        rm = plan_roadmap(mat, lg, backlog, lines, start=START, wave_gate=gate, n_champions=2,
                          champions_per_source=1)
        r = rm.roadmap.set_index("business_line")
        p = r.dropna(subset=["wave"])
        for _bl, row in p.iterrows():
            for c in [c for c in row["champions"].split(";") if c]:
                # a line at target (tools) or one whose review ended before this one starts
                assert c == "tools" or r.loc[c, "end"] < row["start"]
        # one receiving line per source at a time
        for c in set(";".join(p["champions"]).split(";")) - {""}:
            got = p[p["champions"].str.split(";").apply(lambda x, c=c: c in x)]
            spans = got.sort_values("start")[["start", "end"]].to_numpy()
            assert all(spans[i + 1][0] > spans[i][1] for i in range(len(spans) - 1))


def test_champions_hand_worked(inputs):
    mat, lg, backlog, lines = inputs
    r = plan_roadmap(mat, lg, backlog, lines, start=START).roadmap.set_index("business_line")
    # Without process-area levels: sources are tools (at target, available from the start)
    # and lines whose review ended before; same group, then closest complexity, then name;
    # at most 2 receiving lines per source at a time (dates in test_capacity_2_hand_worked).
    # bank (FS, 3), gov (PS, 5): only tools is available -> tools (serving 2 now)
    # ins (FS, 4) 05-25: gov ended 05-22 (PS, |5-4| = 1) beats tools (DG, 3)
    # ops (PS, 2) 07-27: gov (same group) over bank (ended 07-24) and tools
    # data (DG, 2) 10-12: tools (same group DG)
    # shop (DG, 3) 11-23: data still runs -> tools (DG; serves data only: 1 < 2)
    assert r["champions"].dropna().drop("tools").to_dict() == {
        "bank": "tools", "gov": "tools", "ins": "gov", "ops": "gov", "data": "tools",
        "shop": "tools"}
    assert "champions gov" in r.loc["ins", "reason"]


def test_champions_by_process_area():
    # a lacks PP and PMC at CL2; source b (at target) has PP at CL2 only, c (at target) has
    # both: c first (covers 2 areas), the reason names them.
    from maturity.plan.schedule import schedule_lines as sl

    plan = pd.DataFrame({"business_line": ["a"], "wave": [1], "rank": [1], "pilot_weeks": [4],
                         "group": ["g"], "complexity": [2], "priority": [0.5]})
    pa = pd.DataFrame({"business_line": ["a", "a", "b", "b", "c", "c"],
                       "process_area": ["PP", "PMC"] * 3,
                       "current_level": [0, 1, 2, 1, 2, 3], "target_level": [2, 2, 2, 2, 2, 2]})
    src = pd.DataFrame({"business_line": ["b", "c"], "group": ["g", "h"], "complexity": [2, 5]})
    lines_, _, _ = sl(plan, START, pa_levels=pa, sources=src, n_champions=2)
    assert lines_.loc[0, "champions"] == "c;b"
    assert lines_.loc[0, "champion_reason"] == "c (PP, PMC); b (PP)"


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
    from maturity.plan.ahp import ahp_weights

    mat, lg, backlog, lines = inputs
    # value 2x effort, 4x readiness; effort 2x readiness -> 4/7, 2/7, 1/7
    w = ahp_weights([[2, 4], [2]], labels=["value", "effort", "readiness"]).as_dict()
    f = line_factors(mat, lg, backlog, lines, weights=w).set_index("business_line")
    # gov (test_scores_hand_worked, unrounded): 4/7 * 0.766667 + 2/7 * (1 - 0.517564)
    #     + 1/7 * 0.54 = 0.438095 + 0.137839 + 0.077143 = 0.6531
    assert f.loc["gov", "priority"] == pytest.approx(0.6531, abs=1e-4)


# --------------------------------------------------------------------------------------------
# Sensitivity

def test_sensitivity_shape(inputs):
    from maturity.plan.sensitivity import sensitivity_summary

    mat, lg, backlog, lines = inputs
    s = sensitivity(mat, lg, backlog, lines, start=START)
    assert list(s.columns) == SENSITIVITY_COLUMNS
    summ = sensitivity_summary(s)
    # 20 weight changes, 4 cut-off changes, 6 threshold changes, then attributes of the 6
    # planned lines: strictness +-1 within 0..3 (bank 3 and gov 3: -1 only -> 10 changes),
    # complexity +-1 within 1..5 (gov 5: -1 only -> 11 changes)
    assert len(summ) == 20 + 4 + 6 + 10 + 11
    assert len(s) == len(summ) * 7
    by = summ.set_index(["parameter", "change"])
    # weights never move a line between waves under the default rules...
    assert by.loc[by.index.get_level_values(0).str.startswith("weight"),
                  "n_wave_changes"].eq(0).all()
    # ...the cut-offs do: strictness >= 3 drops ins (2) out of customer pull into "the rest"
    assert "ins 1 (customer pull)->" in by.loc[("min_strictness", "+1"), "wave_changes"]
    # and an attribute: ops complexity 2 -> 3 leaves simple work
    assert "ops 2 (simple work)->" in by.loc[("ops: complexity", "+1"), "wave_changes"]


def test_sensitivity_with_weight_driven_rules():
    # Rules: quick wins first (wave 1), the rest (wave 2); value threshold 0.55.
    # a: pull 1/3, size 200/200 = 1 -> value (2/3 + 1)/3 = 0.5556 (just above 0.55); effort
    #    (1/2 + (8/8 x 2)/52 + 0)/3 = 0.1795, pilot 4 weeks -> quick win, wave 1
    # b: pull 1, size 0.25 -> value 0.75; complexity 1; effort (1/2 + (32/8)/52 + 0)/3 =
    #    0.1923 -> quick win too, wave 1 under every change (value >= 2.4/3.2 ... >= 0.55)
    # a's value under +-20 %: customer_pull 0.8 -> (1.6/3 + 1)/2.6 = 0.5897 (stays),
    #   1.2 -> (2.4/3 + 1)/3.4 = 0.5294 (moves), size 0.8 -> (2/3 + 0.8)/2.8 = 0.5238
    #   (moves), size 1.2 -> (2/3 + 1.2)/3.2 = 0.5833 (stays)
    spec = [("a", "G", 200, 1, 1, 1, 1.5, 1, 1, 8),
            ("b", "G", 50, 1, 3, 1, 1.5, 1, 4, 32)]
    mat, lg, backlog, lines = make_inputs(spec)
    rules = [quadrant_rule("quick win"), rest_rule(), deferred_rule()]
    s = sensitivity(mat, lg, backlog, lines, rules=rules, thresholds={"value": 0.55},
                    start=START)
    moved = s[s["wave_changed"] & s["parameter"].str.startswith("weight")]
    assert moved[["parameter", "change", "business_line", "base_wave", "wave"]].values.tolist(
        ) == [["weight customer_pull", "+20%", "a", 1, 2], ["weight size", "-20%", "a", 1, 2]]
    rm = plan_roadmap(mat, lg, backlog, lines, rules=rules, thresholds={"value": 0.55},
                      start=START, with_sensitivity=True)
    assert rm.sensitivity is not None and rm.sensitivity.shape == s.shape
    assert rm.sensitivity_summary is not None


# --------------------------------------------------------------------------------------------
# Output files and plots

def test_write_roadmap(tmp_path, inputs):
    import openpyxl

    from maturity.plan.msproject import read_msproject

    mat, lg, backlog, lines = inputs
    rm = plan_roadmap(mat, lg, backlog, lines, start=START, with_sensitivity=True)
    paths = write_roadmap(rm, tmp_path)
    assert sorted(p.name for p in paths) == [
        "phases.csv", "plan_notes.csv", "roadmap.csv", "roadmap.xlsx",
        "roadmap_msproject.xml", "wave_totals.csv"]
    back = pd.read_csv(tmp_path / "roadmap.csv")
    assert list(back.columns[:6]) == ["business_line", "wave", "start", "end", "priority",
                                      "quadrant"]
    assert back.loc[0, "start"] == "2026-04-06"
    wb = openpyxl.load_workbook(tmp_path / "roadmap.xlsx")
    assert wb.sheetnames == ["Summary", "Roadmap", "Phases", "Gantt", "Quarterly milestones",
                             "PMO stages", "Notes", "Sensitivity", "Sensitivity detail"]
    ws = wb["Roadmap"]
    assert [c.value for c in ws[1]][:4] == ["Business line", "Rollout wave", "Start", "End"]
    assert ws["C2"].is_date and ws["C2"].number_format == "yyyy-mm-dd"  # a real Excel date
    assert ws.auto_filter.ref.startswith("A1:")
    g = wb["Gantt"]
    weeks = [c.value for c in g[1]][4:]
    assert len(weeks) == len(set(weeks)) and all(w.weekday() == 0 for w in weeks)
    # the summary: one row per rollout wave and a total (6 planned lines)
    summ = pd.read_excel(tmp_path / "roadmap.xlsx", sheet_name="Summary")
    assert summ["Lines"].tolist() == [3, 2, 1, 6]
    # MS Project XML parses back with the plan's lines and dates
    tasks = read_msproject(tmp_path / "roadmap_msproject.xml")
    lines2 = tasks[tasks["outline_level"] == 2].set_index("name")
    r = rm.roadmap.dropna(subset=["wave"]).set_index("business_line")
    assert set(lines2.index) == set(r.index)
    assert (lines2["start"] == r.loc[lines2.index, "start"]).all()
    assert (lines2["finish"] == r.loc[lines2.index, "end"]).all()
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
    assert r.loc["shop", "reason"].startswith("Rollout wave 1 of 2 (big): it has 150 people;")
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
    first = "bank (rollout wave 1)"
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
    assert {"bank (quick win)", "shop (avoid)", "quick win", "avoid"} <= texts
    assert not any(t.startswith("tools") for t in texts)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "rollout wave 1", "rollout wave 2", "rollout wave 3"]
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
        "effort_value.png", "gantt.png", "phases.csv", "plan_notes.csv", "resource_loading.png",
        "roadmap.csv", "roadmap.xlsx", "roadmap_msproject.xml", "wave_totals.csv"]
    rm = pd.read_csv(out / "roadmap.csv")
    assert list(rm.columns[:6]) == ["business_line", "wave", "start", "end", "priority",
                                    "quadrant"]
    assert len(rm) == 7 and rm["reason"].notna().all()
    # 2026-04-06 is a day off in mainland China (Tomb-Sweeping Day observed; the default
    # holiday calendar is CN): the plan starts on the next working day
    assert rm["start"].dropna().min() == "2026-04-07"
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
    # weights (20), cut-offs (4), thresholds (6); no planned line, no attribute changes
    assert len(rm.sensitivity) == 2 * len(DEFAULT_WEIGHTS) + 4 + 6
