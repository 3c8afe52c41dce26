"""Target phases on the rollout plan (issue 14, item 6; maturity.plan.phase_schedule).

Hand-worked plan (expected values computed here, not by the code): the SAMM blog example's
web team (secure-dev, 2025Q1: SB.A.1 0.25, SB.B.1 1, every other activity 0), with phases

    p1 (end 2025Q4 -> deadline 2025-12-31): SB.A.1 -> 1         missed, effort 1 (in place)
    p2 (end 2026-12-31): + SB.A.2 -> 1, SB.B.2 -> 0.5           missed, effort 2 + 2 (to build)
    target posture: + SB.A.3 -> 0.5                              missed, effort 2

Backlog effort 7 points; one line of 50 people (headcount factor 1): 7 / 8 coach-weeks -> the
minimum pilot of 4 weeks. No holidays (country none), plan from Monday 2025-04-07: co-design
1 week, training 1, test 1, pilot 2025-04-28 .. 2025-05-23 (20 working days).

    p1: cumulated effort 1 of 7 -> day ceil(20 x 1/7) = 3  -> 2025-04-30
    p2: 5 of 7                  -> day ceil(20 x 5/7) = 15 -> 2025-05-16
    target: 7 of 7              -> day 20                  -> 2025-05-23
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import maturity
from maturity.exceptions import MaturityWarning
from maturity.plan.gap import read_targets
from maturity.plan.phase_schedule import phase_deadline
from maturity.plan.rollout import plan_rollout
from maturity.plan.rollout_io import write_plan_files

ATTRS = pd.DataFrame({"business_line": ["web"], "group": ["g"], "headcount": [50],
                      "complexity": [2], "customer_strictness": [3]})


def _doc(p1_end: str) -> dict:
    return {"phases": [{"name": "p1", "end": p1_end, "practices": {"SB.A.1": 1}},
                       {"name": "p2", "end": "2026-12-31",
                        "practices": {"SB.A.2": 1, "SB.B.2": 0.5}}],
            "practices": {"SB.A.3": 0.5}}


@pytest.fixture(scope="module")
def samm():
    m = maturity.load_model("secure-dev")
    q = m.questions
    ans = q["practice"].map({"SB.A.1": 0.25, "SB.B.1": 1.0}).fillna(0.0).astype(float)
    resp = pd.DataFrame({"wave": "2025Q1", "business_line": "web", "respondent": "r1",
                         "question": q["question"], "answer": ans.map(lambda v: f"{v:g}"),
                         "value": ans, "na": False})
    return m, maturity.score(resp, m)


def _plan(samm, p1_end: str):
    m, s = samm
    return plan_rollout(s, read_targets(_doc(p1_end), m), ATTRS, country=None,
                        start="2025-04-07")


def test_phase_deadlines():
    # the last day of the period an end names; a full date is itself; no date -> None
    assert phase_deadline("2025Q4") == pd.Timestamp("2025-12-31")
    assert phase_deadline("2026年6月") == pd.Timestamp("2026-06-30")
    assert phase_deadline("2026-05-15") == pd.Timestamp("2026-05-15")
    assert phase_deadline("w3") is None and phase_deadline("") is None


def test_target_phases_planned_by_their_deadlines(samm):
    with warnings.catch_warnings():
        warnings.simplefilter("error", MaturityWarning)  # nothing late: no warning
        plan = _plan(samm, "2025Q4")
    tp = plan.target_phases
    assert tp["phase"].tolist() == ["p1", "p2", "target"]
    assert tp["planned_end"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-04-30", "2025-05-16", "2025-05-23"]
    assert tp["effort_points"].tolist() == [1, 4, 2]
    assert tp["n_practices"].tolist() == [1, 2, 1]
    assert tp["meets"].tolist()[:2] == [True, True]
    assert pd.isna(tp["meets"].iloc[2])  # the target posture has no end
    assert tp["deadline"].iloc[0] == pd.Timestamp("2025-12-31")
    # the line is planned (answer-only targets: no level gap, effort 7 from the answers)
    r = plan.roadmap.roadmap.iloc[0]
    assert (int(r["wave"]), int(r["backlog_effort"]), int(r["n_backlog"])) == (1, 7, 4)
    assert plan.gaps.backlog["phase"].tolist() == ["p1", "p2", "p2", "target"]


def test_a_missed_phase_end_warns_and_is_noted(samm):
    # p1 due 2025-04-29, planned 2025-04-30: one day late
    with pytest.warns(MaturityWarning, match="target phase p1 ends 2025-04-29 but the plan "
                                            "finishes its practices here on 2025-04-30"):
        plan = _plan(samm, "2025-04-29")
    tp = plan.target_phases.set_index("phase")
    assert (bool(tp.loc["p1", "meets"]), int(tp.loc["p1", "late_days"])) == (False, 1)
    notes = plan.roadmap.notes
    late = notes[notes["topic"] == "target phase"]
    assert late["business_line"].tolist() == ["web"]
    assert "(1 days late)" in late["note"].iloc[0]


def test_a_phase_end_without_a_date_is_not_a_deadline(samm):
    plan = _plan(samm, "sprint 9")
    row = plan.target_phases.set_index("phase").loc["p1"]
    assert pd.isna(row["meets"]) and "names no date" in row["note"]


def test_plan_files_include_target_phases(samm, tmp_path):
    plan = _plan(samm, "2025Q4")
    names = [p.name for p in write_plan_files(plan, tmp_path, xlsx=False, msproject=False)]
    assert "target_phases.csv" in names
    back = pd.read_csv(tmp_path / "target_phases.csv")
    assert back["planned_end"].tolist() == ["2025-04-30", "2025-05-16", "2025-05-23"]


def test_the_warning_is_translated(samm):
    from maturity.i18n import language

    with language("zh"), pytest.warns(MaturityWarning, match="目标阶段 p1"):
        _plan(samm, "2025-04-29")
