"""Tests of maturity.plan.gap and maturity.plan.backlog: gaps, blocking practices, backlog
ranking (target profiles: tests/test_targets.py).

Expected values are hand calculations on the tiny staged model (tests/data/models/tiny-staged.yaml):
areas A (ML2: A.SP1.1, A.SP1.2, A.GP2.1, A.GP3.1), B (ML2: B.SP1.1, B.GP2.1, B.GP3.1) and
C (ML3: C.SP1.1, C.GP2.1, C.GP3.1); levels 1-3; specific practices are required for CL1,
GP2.x for CL2, GP3.x for CL3. Each test says how its numbers were worked out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from maturity.exceptions import MaturityWarning, TargetError
from maturity.model.load import load_model
from maturity.plan.backlog import BACKLOG_COLUMNS, PRIORITY_WEIGHTS
from maturity.plan.gap import GAP_COLUMNS, LINE_GAP_COLUMNS, gap_analysis
from maturity.plan.swot import read_swot
from maturity.plan.targets import Targets
from maturity.plan.targets_read import read_targets
from maturity.scoring.score import GOAL_COLUMNS, PRACTICE_COLUMNS, Scores, score

TINY = Path(__file__).parent / "data/models/tiny-staged.yaml"
M = load_model(TINY)
MEANS = {"FI": 4.0, "LI": 3.0, "PI": 2.0, "NI": 0.0}


def make_scores(
    chars: dict, cls: dict, mls: dict, wave: str = "w1", coverage: dict | None = None
) -> Scores:
    """Scores frames built by hand: every practice FI unless ``chars[line]`` says otherwise;
    capability level 3 unless ``cls[(line, pa)]`` says otherwise (None = not rated)."""
    coverage = coverage or {}
    rows = []
    for line, ch in chars.items():
        for pr in M.practices.itertuples(index=False):
            c = ch.get(pr.practice, "FI")
            rows.append(
                {
                    "wave": wave,
                    "business_line": line,
                    "process_area": pr.process_area,
                    "goal": pr.goal,
                    "practice": pr.practice,
                    "kind": pr.kind,
                    "n_respondents": 0 if c == "" else 3,
                    "mean": MEANS.get(c, np.nan),
                    "coverage": coverage.get((line, pr.practice), 0.0 if c == "" else 1.0),
                    "characterization": c,
                }
            )
    practices = pd.DataFrame(rows).reindex(columns=PRACTICE_COLUMNS)
    pas = []
    for line in chars:
        for pa in M.process_areas.itertuples(index=False):
            cl = cls.get((line, pa.process_area), 3)
            pas.append(
                {
                    "wave": wave,
                    "business_line": line,
                    "process_area": pa.process_area,
                    "level": pa.level,
                    "rating": "not rated" if cl is None else "satisfied",
                    "capability_level": cl,
                    "score": 3.0,
                    "n_respondents": 3,
                }
            )
    process_areas = pd.DataFrame(pas)
    process_areas["capability_level"] = process_areas["capability_level"].astype("Int64")
    maturity = pd.DataFrame(
        {
            "wave": wave,
            "business_line": list(mls),
            "maturity_level": list(mls.values()),
            "maturity_index": [float(v) for v in mls.values()],
            "n_respondents": 3,
        }
    )
    return Scores(practices, pd.DataFrame(columns=GOAL_COLUMNS), process_areas, maturity, M)


# --------------------------------------------------------------------------- gaps
def scenario() -> Scores:
    """Two lines, ML3 target for x and ML2 (default) for y.

    x: A at CL1 (SPs FI, A.GP2.1 PI, A.GP3.1 NI); B not rated (B.SP1.1 not characterized,
       B.GP2.1 LI, B.GP3.1 NA); C at CL3.
    y: A at CL2; B at CL0 (B.SP1.1 PI, B.GP2.1 NI, B.GP3.1 NI); C at CL0 but above y's target.
    """
    return make_scores(
        {
            "x": {
                "A.GP2.1": "PI",
                "A.GP3.1": "NI",
                "B.SP1.1": "",
                "B.GP2.1": "LI",
                "B.GP3.1": "NA",
            },
            "y": {
                "A.GP3.1": "PI",
                "B.SP1.1": "PI",
                "B.GP2.1": "NI",
                "B.GP3.1": "NI",
                "C.SP1.1": "NI",
            },
        },
        {("x", "A"): 1, ("x", "B"): None, ("y", "A"): 2, ("y", "B"): 0, ("y", "C"): 0},
        {"x": 1, "y": 1},
    )


TARGETS = {"default_level": 2, "lines": {"x": 3}}


def test_gaps_and_blocking_practices():
    g = gap_analysis(scenario(), TARGETS)
    assert list(g.gaps.columns) == GAP_COLUMNS
    got = {
        (r.business_line, r.process_area): (r.current_level, r.target_level, r.gap, r.n_blocking)
        for r in g.gaps.itertuples(index=False)
    }
    assert got == {
        ("x", "A"): (1, 3, 2, 2),  # A.GP2.1 (PI) and A.GP3.1 (NI) block; SPs are FI
        ("x", "B"): (0, 3, 3, 1),  # not rated -> CL0; only B.SP1.1 (not characterized) blocks:
        # B.GP2.1 is LI, B.GP3.1 is NA (out of scope)
        ("x", "C"): (3, 3, 0, 0),
        ("y", "A"): (2, 2, 0, 0),  # A.GP3.1 is PI, but CL3 is not targeted
        ("y", "B"): (0, 2, 2, 2),  # B.SP1.1 PI and B.GP2.1 NI; B.GP3.1 (CL3) is above the target
    }
    note = g.gaps.set_index(["business_line", "process_area"]).note
    assert (
        note["x", "B"]
        == "ML3 target -> CL3 (target staging); current capability not rated; counted as CL0"
    )
    assert note["y", "A"] == "ML2 target -> CL2 (target staging)"
    bl = g.backlog
    assert set(zip(bl.business_line, bl.practice, strict=True)) == {
        ("x", "A.GP2.1"),
        ("x", "A.GP3.1"),
        ("x", "B.SP1.1"),
        ("y", "B.SP1.1"),
        ("y", "B.GP2.1"),
    }


def test_line_gaps_and_effort():
    g = gap_analysis(scenario(), TARGETS)
    lg = g.line_gaps.set_index("business_line")
    assert list(g.line_gaps.columns) == LINE_GAP_COLUMNS
    # x: ML1 vs ML3 -> level gap 2; PA gaps A 2 + B 3 = 5; 3 blocking practices;
    #    effort: A.GP2.1 PI 1 + A.GP3.1 NI 2 + B.SP1.1 not characterized 2 = 5.
    # y: ML1 vs ML2 -> 1; B gap 2; B.SP1.1 PI 1 + B.GP2.1 NI 2 = 3.
    assert lg.loc[
        "x", ["level_gap", "n_pa_gaps", "total_gap", "n_blocking_practices", "effort"]
    ].tolist() == [2, 2, 5, 3, 5]
    assert lg.loc[
        "y", ["level_gap", "n_pa_gaps", "total_gap", "n_blocking_practices", "effort"]
    ].tolist() == [1, 1, 2, 2, 3]


def test_backlog_priority_by_hand():
    # swot: y has one weakness on B (w=0.4) - the largest weakness weight, so normalised to 1.
    swot = read_swot(
        pd.DataFrame(
            {
                "business_line": ["y", "y", "y"],
                "quadrant": ["S", "W", "O"],
                "factor": ["staff", "no config control", "bank"],
                "weight": [0.6, 0.4, 1.0],
                "rating": [4, 1, 3],
                "process_areas": ["", "B", ""],
            }
        )
    )
    g = gap_analysis(scenario(), TARGETS, swot=swot)
    assert list(g.backlog.columns) == BACKLOG_COLUMNS
    w = PRIORITY_WEIGHTS
    assert w == {"depth": 0.45, "shared": 0.30, "swot": 0.20, "coverage": 0.05}
    # priority = .45 levels_blocked/3 + .30 sharing/2 lines + .20 swot + .05 (1 - coverage)
    expected = {
        # x B.SP1.1: CL0 -> CL3 blocks 3 levels; blocking in x and y; coverage 0 (not answered)
        ("x", "B.SP1.1"): (3, 2, 0.45 * 3 / 3 + 0.30 * 2 / 2 + 0.05 * 1, 1),  # 0.80
        ("x", "A.GP2.1"): (2, 1, 0.45 * 2 / 3 + 0.30 * 1 / 2, 2),  # 0.45: CL2-CL3
        ("x", "A.GP3.1"): (1, 1, 0.45 * 1 / 3 + 0.30 * 1 / 2, 3),  # 0.30: CL3
        ("y", "B.SP1.1"): (2, 2, 0.45 * 2 / 3 + 0.30 * 2 / 2 + 0.20, 1),  # 0.80
        ("y", "B.GP2.1"): (1, 1, 0.45 * 1 / 3 + 0.30 * 1 / 2 + 0.20, 2),  # 0.50
    }
    got = {
        (r.business_line, r.practice): (r.levels_blocked, r.n_lines_sharing, r.priority, r.rank)
        for r in g.backlog.itertuples(index=False)
    }
    assert got.keys() == expected.keys()
    for k, (lb, n, pr, rank) in expected.items():
        assert (
            got[k][:2] == (lb, n) and got[k][2] == pytest.approx(round(pr, 4)) and got[k][3] == rank
        ), k
    row = g.backlog.set_index(["business_line", "practice"]).loc[("y", "B.GP2.1")]
    assert row.reason == (
        "blocks CL2 of B (current CL0, target CL2, gap 2); NI, mean 0.00, coverage 100%; "
        "blocking in 1 of 2 lines; linked SWOT weakness 'no config control' (w=0.4)"
    )
    assert row.swot_weakness == "'no config control' (w=0.4)" and row.swot_weight == 0.4
    x = g.backlog[g.backlog.business_line == "x"]
    assert x.reason.iloc[0].startswith(
        "blocks CL1-CL3 of B (current CL0, target CL3, gap 3); not characterized"
    )


def test_backlog_ties_are_deterministic():
    # z targets A at CL1 only; A.SP1.1 and A.SP1.2 are both PI with full coverage -> the same
    # priority .45*1/3 + .30*1/1 = 0.45; the tie goes by practice order in the model.
    # w targets B at CL1: B.SP1.1 PI -> same 0.45, ranked within its own line.
    s = make_scores(
        {"w": {"B.SP1.1": "PI"}, "z": {"A.SP1.1": "PI", "A.SP1.2": "PI"}},
        {("z", "A"): 0, ("w", "B"): 0},
        {"w": 1, "z": 1},
    )
    t = {"line_process_areas": {"z": {"A": 1}, "w": {"B": 1}}}
    shuffled = Scores(
        s.practices.sample(frac=1, random_state=1).reset_index(drop=True),
        s.goals,
        s.process_areas.iloc[::-1].reset_index(drop=True),
        s.maturity,
        M,
    )
    for sc in (s, shuffled):
        b = gap_analysis(sc, t).backlog
        assert b[["business_line", "practice", "priority", "rank"]].values.tolist() == [
            ["w", "B.SP1.1", 0.45 / 3 + 0.15, 1],  # shared by 1 of 2 lines
            ["z", "A.SP1.1", 0.45 / 3 + 0.15, 1],
            ["z", "A.SP1.2", 0.45 / 3 + 0.15, 2],
        ]


def test_line_without_gap_has_no_backlog_and_top():
    g = gap_analysis(make_scores({"ok": {}}, {}, {"ok": 3}), {"default_level": 3})
    assert g.backlog.empty and list(g.backlog.columns) == BACKLOG_COLUMNS
    assert g.gaps.gap.sum() == 0
    assert g.line_gaps[["level_gap", "n_pa_gaps", "effort"]].values.tolist() == [[0, 0, 0]]
    top = gap_analysis(scenario(), TARGETS, top=1).backlog
    assert top[["business_line", "practice"]].values.tolist() == [
        ["x", "B.SP1.1"],
        ["y", "B.SP1.1"],
    ]


def test_waves_gaps_every_wave_backlog_latest():
    s1 = scenario()
    s2 = make_scores({"x": {}, "y": {}}, {("y", "B"): 1}, {"x": 3, "y": 1}, wave="w2")
    both = Scores(
        *(
            pd.concat([getattr(s1, f), getattr(s2, f)], ignore_index=True)
            for f in ("practices", "goals", "process_areas", "maturity")
        ),
        M,
    )
    g = gap_analysis(both, TARGETS)
    assert sorted(g.gaps.wave.unique()) == ["w1", "w2"] and g.line_gaps.wave.tolist() == [
        "w1",
        "w1",
        "w2",
        "w2",
    ]
    # w2: y.B at CL1 with everything FI -> gap 1 but no blocking practice; backlog (latest) empty
    assert g.backlog.empty
    assert set(gap_analysis(both, TARGETS, wave="w1").backlog.wave) == {"w1"}
    with pytest.raises(TargetError, match="wave 'w9'"):
        gap_analysis(both, TARGETS, wave="w9")


def test_evidence_from_responses_and_unknown_line_warning():
    resp = pd.DataFrame(
        {
            "wave": "w1",
            "business_line": "x",
            "practice": ["A.GP2.1", "A.GP2.1", "A.GP3.1"],
            "evidence": ["policy.docx", "", "=HYPERLINK()"],
            "comment": ["", "draft only", ""],
        }
    )
    with pytest.warns(MaturityWarning, match="'ghost'"):
        g = gap_analysis(scenario(), {**TARGETS, "lines": {"x": 3, "ghost": 2}}, responses=resp)
    b = g.backlog.set_index(["business_line", "practice"])
    assert b.loc[("x", "A.GP2.1"), "evidence"] == "policy.docx"
    assert b.loc[("x", "A.GP2.1"), "comment"] == "draft only"
    assert b.loc[("y", "B.SP1.1"), "evidence"] == ""


def test_inputs_not_mutated():
    s = scenario()
    frames = {f: getattr(s, f).copy() for f in ("practices", "goals", "process_areas", "maturity")}
    t = read_targets(TARGETS, M)
    tcopy = t.targets.copy()
    swot = read_swot(
        pd.DataFrame(
            {
                "business_line": ["y", "y"],
                "quadrant": ["W", "O"],
                "factor": ["a", "b"],
                "weight": [1.0, 1.0],
                "rating": [1, 3],
                "process_areas": ["B", ""],
            }
        )
    )
    scopy = swot.copy()
    mapping = {"default_level": 2, "lines": {"x": 3}}
    gap_analysis(s, t, swot=swot, top=2)
    read_targets(mapping, M)
    for f, df in frames.items():
        pd.testing.assert_frame_equal(getattr(s, f), df)
    pd.testing.assert_frame_equal(t.targets, tcopy)
    pd.testing.assert_frame_equal(swot, scopy)
    assert mapping == {"default_level": 2, "lines": {"x": 3}}
    assert isinstance(t, Targets)


def test_targets_of_another_model_are_refused():
    with pytest.raises(TargetError, match="read for model 'cmmi-dev-1.3'.*'tiny-staged'"):
        gap_analysis(scenario(), read_targets({"default_level": 2}, "cmmi-dev-1.3"))


# --------------------------------------------------------------------------- integration
def tiny_responses(answers: dict[str, dict[str, str]]) -> pd.DataFrame:
    """One respondent per line; every question answered 4 unless ``answers[line]`` says so."""
    q = M.questions
    frames = []
    for line, a in answers.items():
        ans = q.practice.map(lambda p, a=a: a.get(p, "4"))
        frames.append(
            pd.DataFrame(
                {
                    "wave": "2026-03",
                    "business_line": line,
                    "respondent": f"{line}-r1",
                    "question": q.question,
                    "practice": q.practice,
                    "process_area": q.process_area,
                    "answer": ans,
                    "value": ans.astype(float),
                    "na": False,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def test_integration_with_scoring():
    # weak: A SPs 3 (LI), A.GP2.1 1 (PI), A.GP3.1 0 (NI) -> A at CL1; B all 4 -> CL3;
    #       C.SP1.1 2 (PI, mean 2 >= 1.0) -> C at CL0 though its GPs are FI.
    #       ML: ML2 needs A's GG2 -> ML1. Target ML3 (default) -> A gap 2, B 0, C gap 3.
    #       Blocking: A.GP2.1, A.GP3.1 (A at CL1); C.SP1.1 only (C's GPs are FI).
    #       Effort: PI 1 + NI 2 + PI 1 = 4.
    # good: everything 4 -> CL3 everywhere, ML3, nothing to do.
    resp = tiny_responses(
        {
            "good": {},
            "weak": {
                "A.SP1.1": "3",
                "A.SP1.2": "3",
                "A.GP2.1": "1",
                "A.GP3.1": "0",
                "C.SP1.1": "2",
            },
        }
    )
    s = score(resp, M)
    g = gap_analysis(s, {"default_level": 3})
    gaps = g.gaps.set_index(["business_line", "process_area"])
    assert gaps.loc["weak", ["current_level", "gap", "n_blocking"]].values.tolist() == [
        [1, 2, 2],
        [3, 0, 0],
        [0, 3, 1],
    ]
    assert gaps.loc["good", "gap"].tolist() == [0, 0, 0]
    lg = g.line_gaps.set_index("business_line")
    assert lg.loc[
        "weak", ["maturity_level", "target_maturity_level", "level_gap", "effort"]
    ].tolist() == [1, 3, 2, 4]
    b = g.backlog
    assert set(b.business_line) == {"weak"}
    # two lines have a profile, each practice blocks in 1 of them (.30 * 1/2 = .15):
    # priorities C.SP1.1 .45*3/3 + .15 = .60, A.GP2.1 .45*2/3 + .15 = .45,
    # A.GP3.1 .45*1/3 + .15 = .30. Order: lowest unmet level first (issue 17): the line is
    # ML1, A.GP2.1 (GG2 of the ML2 area A) is needed for ML2; C.SP1.1 (ML3 area) and A.GP3.1
    # (GG3) for ML3; within ML3 the shared/SWOT part ties (.15), then priority.
    assert b[["practice", "needed_for_level", "priority", "rank"]].values.tolist() == [
        ["A.GP2.1", 2, 0.45, 1],
        ["C.SP1.1", 3, 0.6, 2],
        ["A.GP3.1", 3, 0.3, 3],
    ]
    assert b.name.tolist() == [
        "Establish an Organizational Policy",
        "Practice C1.1",
        "Establish a Defined Process",
    ]


# --------------------------------------------------------------------------- plots
def test_plots_draw_current_and_target():
    import matplotlib.pyplot as plt

    from maturity.plots.gap import (
        plot_backlog,
        plot_capability_heatmap,
        plot_gap_heatmap,
        plot_radar,
    )

    s = scenario()
    g = gap_analysis(s, TARGETS)
    ax = plot_gap_heatmap(g.gaps)
    # row by row (x, y) over A, B, C; y has no C target (ML2 profile); x.B not rated -> 0
    assert [t.get_text() for t in ax.texts] == ["1/3", "0/3", "3/3", "2/2", "0/2"]
    ax = plot_capability_heatmap(s.process_areas, read_targets(TARGETS, M))
    assert len(ax.patches) == 3  # x.A, x.B, y.B below target
    ax = plot_radar(g.gaps, "x")
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["current", "target"]
    target_line = ax.get_lines()[1]
    assert list(target_line.get_ydata()) == [3, 3, 3, 3]  # closed polygon over A, B, C
    ax = plot_radar(s.process_areas, "y", targets=read_targets(TARGETS, M))
    assert ax.get_legend_handles_labels()[1] == ["current", "target"]
    ax = plot_backlog(g.backlog, "x", top=2)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "B.SP1.1 Practice B1.1",
        "A.GP2.1 Establish an Organizational Policy",
    ]
    ax = plot_backlog(g.backlog)
    assert ax.get_yticklabels()[0].get_text().startswith("x: B.SP1.1")
    _, bad = plt.subplots()
    with pytest.raises(ValueError, match="polar"):
        plot_radar(g.gaps, "x", ax=bad)
    plt.close("all")


# --------------------------------------------------------------------------- cli
def test_cli_gap_writes_safe_csvs(tmp_path, capsys):
    from maturity.cli import main

    resp = tiny_responses({"good": {}, "weak": {"A.GP2.1": "1", "C.SP1.1": "2"}})
    resp["comment"] = np.where(resp.practice == "A.GP2.1", "=cmd|' /C calc'!A0", "")
    cols = ["wave", "business_line", "respondent", "question", "answer", "comment"]
    resp[cols].to_csv(tmp_path / "answers.csv", index=False)
    (tmp_path / "targets.yaml").write_text("default_level: 3\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = [
        "gap",
        str(tmp_path / "answers.csv"),
        "--model",
        str(TINY),
        "--target",
        str(tmp_path / "targets.yaml"),
        "--top",
        "1",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    assert sorted(p.name for p in out.iterdir()) == ["backlog.csv", "gaps.csv", "line_gaps.csv"]
    gaps = pd.read_csv(out / "gaps.csv")
    assert list(gaps.columns[:6]) == [
        "wave",
        "business_line",
        "process_area",
        "level",
        "current_level",
        "target_level",
    ]
    backlog = pd.read_csv(out / "backlog.csv", keep_default_na=False)
    # weak is ML1: A.GP2.1 (GG2 of the ML2 area A) is needed for ML2, C.SP1.1 (ML3 area C)
    # only for ML3 -> the lowest unmet level first: A.GP2.1; --top 1
    assert backlog[["business_line", "practice", "rank"]].values.tolist() == [
        ["weak", "A.GP2.1", 1]
    ]
    full = main(argv[:-4] + ["--out", str(tmp_path / "o2")])
    assert full == 0
    b2 = pd.read_csv(tmp_path / "o2" / "backlog.csv", keep_default_na=False)
    assert b2.set_index("practice").loc["A.GP2.1", "comment"] == "'=cmd|' /C calc'!A0"
    (tmp_path / "bad.yaml").write_text("process_areas: {Z: 2}\n", encoding="utf-8")
    assert main(argv[:4] + ["--target", str(tmp_path / "bad.yaml"), "--out", str(out)]) == 2
    assert "process_areas.Z" in capsys.readouterr().err


@pytest.mark.parametrize("model_id", ["c2m2-lite", "secure-dev"])
def test_other_scoring_rules(model_id):
    # cumulative / additive: a maturity target T means level T in every area; blocking
    # practices are those with current < practice level <= target that are not LI/FI.
    m = load_model(model_id)
    q = m.questions
    opts = m.scales[q.scale.iloc[0]].options
    codes = opts.loc[~opts.na, "code"].tolist()
    rng = np.random.default_rng(0)
    frames = []
    for line in ("a", "b"):
        for r in range(3):
            ans = pd.Series(rng.choice(codes, size=len(q)))
            frames.append(
                pd.DataFrame(
                    {
                        "wave": "w1",
                        "business_line": line,
                        "respondent": f"{line}{r}",
                        "question": q.question.to_numpy(),
                        "practice": q.practice.to_numpy(),
                        "answer": ans,
                        "value": ans.map(opts.set_index("code").value).to_numpy(),
                        "na": False,
                    }
                )
            )
    s = score(pd.concat(frames, ignore_index=True), m)
    g = gap_analysis(s, {"default_level": 2})
    assert len(g.gaps) == 2 * len(m.process_areas) and set(g.gaps.target_level) == {2}
    assert g.gaps.note.str.startswith("maturity level 2 target -> level 2 in every area").all()
    b = g.backlog.merge(g.gaps[["business_line", "process_area", "current_level"]])
    assert len(b) and (b.required_level > b.current_level).all() and (b.required_level <= 2).all()
    assert not b.characterization.isin(["FI", "LI"]).any()
    counts = b.groupby(["business_line", "process_area"]).size()
    n_blocking = g.gaps.set_index(["business_line", "process_area"]).n_blocking
    assert (n_blocking[counts.index] == counts).all()


def test_backlog_beyond_target_never_outranks_needed_practices():
    # Issue 17 item 2. Target ML2 with A raised to CL3 (a capability target beyond ML2).
    # weak: A.GP2.1 1 (PI), A.GP3.1 0 (NI), B.SP1.1 2 (PI). A is CL1, B CL0 -> ML1.
    # Blocking: A.GP2.1 (needed for ML2), A.GP3.1 (GG3: needed for ML3 > target ML2),
    # B.SP1.1 (ML2). Priorities (2 profiled lines, each practice in 1 of them: +.15):
    # A.GP3.1 .45*1/3+.15 = .30; A.GP2.1 .45*2/3+.15 = .45; B.SP1.1: B target CL2,
    # current CL0: levels_blocked 2 -> .45*2/3+.15 = .45. A.GP3.1 comes last whatever its
    # priority; A.GP2.1 and B.SP1.1 tie on level, pull and priority -> PA order A, B.
    resp = tiny_responses({"good": {}, "weak": {"A.GP2.1": "1", "A.GP3.1": "0",
                                                 "B.SP1.1": "2"}})
    g = gap_analysis(score(resp, M), {"default_level": 2, "process_areas": {"A": 3}})
    b = g.backlog
    assert b[["practice", "needed_for_level", "rank"]].values.tolist() == [
        ["A.GP2.1", 2, 1], ["B.SP1.1", 2, 2], ["A.GP3.1", 3, 3]]
