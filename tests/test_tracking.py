"""Tests of maturity.plan.tracking and tracking_gates: the gates, plan vs actual and the
standard (reading the log: tests/test_tracking_log.py).

Expected statuses are worked by hand from the seed practice (co-design and sign-off before the
training; the training test within 7 days and at least 4 in 5 before the pilot; findings keep a
line in its pilot; the next rollout wave waits for the previous one's benefit)."""

from __future__ import annotations

import pandas as pd
import pytest

from maturity.exceptions import InputError
from maturity.plan.tracking import standard_candidates, track
from maturity.plan.tracking_gates import GATE_COLUMNS, benefit_shown, evaluate_gates
from maturity.plan.tracking_log import read_log


def _phases() -> pd.DataFrame:
    """Two wave-1 lines (a, b) and one wave-2 line (c), capacity 2, as schedule_lines plans."""
    rows = [(pd.NA, "", "stage 1: assessment & SWOT", "2026-03-09", "2026-04-03", "stage")]
    for line, wave, t0 in (("a", 1, "2026-04-06"), ("b", 1, "2026-04-06"),
                           ("c", 2, "2026-08-31")):
        s = pd.Timestamp(t0)
        d = pd.Timedelta
        rows += [
            (wave, line, "training", s, s + d(days=11), "phase"),
            (wave, line, "training test", s + d(days=14), s + d(days=18), "phase"),
            (wave, line, "pilot", s + d(days=21), s + d(days=21 + 7 * 12 - 3), "phase"),
            (wave, line, "checkpoint 1", s + d(days=21 + 7 * 4 - 3), s + d(days=21 + 7 * 4 - 3),
             "checkpoint"),
            (wave, line, "review", s + d(days=21 + 7 * 12), s + d(days=21 + 7 * 12 + 4),
             "phase"),
        ]
    f = pd.DataFrame(rows, columns=["wave", "business_line", "phase", "start", "end", "kind"])
    f["wave"] = f["wave"].astype("Int64")
    f["start"], f["end"] = pd.to_datetime(f["start"]), pd.to_datetime(f["end"])
    f["detail"] = ""
    return f


def _log(rows):
    return read_log(pd.DataFrame(rows, columns=["business_line", "event", "date", "value",
                                                "note"]))


BASE = [
    ("a", "codesign", "2026-03-30", "Zhang Wei", ""),
    ("a", "signoff", "2026-04-02", "", ""),
    ("a", "training", "2026-04-06", "", ""),
    ("a", "training_test", "2026-04-10", "5/5", ""),
    ("b", "codesign", "2026-03-31", "Li Na", ""),
    ("b", "signoff", "2026-04-03", "", ""),
    ("b", "training", "2026-04-06", "", ""),
]


def test_a_test_of_three_in_five_blocks_the_pilot():
    log = _log([*BASE, ("b", "training_test", "2026-04-10", "3/5", "")])
    gates = evaluate_gates(log).set_index(["business_line", "gate"])
    assert list(evaluate_gates(log).columns) == GATE_COLUMNS
    assert gates.loc[("a", "training_test"), "status"] == "passed"
    assert gates.loc[("a", "pilot"), "status"] == "passed"
    assert gates.loc[("b", "training_test"), "status"] == "failed"
    # 3/5 = 60% < 80%
    assert "3/5 = 60% below 80%" in gates.loc[("b", "training_test"), "reason"]
    assert gates.loc[("b", "pilot"), "status"] == "blocked"


def test_a_test_ten_days_after_the_training_is_flagged():
    log = _log([*BASE, ("b", "training_test", "2026-04-16", "5/5", "")])
    g = evaluate_gates(log).set_index(["business_line", "gate"])
    assert g.loc[("b", "training_test"), "status"] == "failed"
    assert "10 days after the training (limit 7)" in g.loc[("b", "training_test"), "reason"]
    # the 4-in-5 gate and the 7-day window are configurable
    g2 = evaluate_gates(log, test_within_days=14).set_index(["business_line", "gate"])
    assert g2.loc[("b", "training_test"), "status"] == "passed"


def test_training_before_signoff_fails_its_gate():
    log = _log([("a", "codesign", "2026-04-01", "Zhang", ""), ("a", "training", "2026-04-06",
                "", ""), ("a", "signoff", "2026-04-08", "", "")])
    g = evaluate_gates(log).set_index(["business_line", "gate"])
    assert g.loc[("a", "training"), "status"] == "failed"
    assert g.loc[("a", "pilot"), "status"] == "blocked"


def test_checkpoint_with_findings_keeps_the_line_in_its_pilot():
    log = _log([*BASE, ("b", "training_test", "2026-04-10", "4/5", ""),
                ("a", "checkpoint", "2026-05-22", "3", ""),
                ("a", "review", "2026-07-10", "", "")])
    t = track(_phases(), log, as_of="2026-07-15")
    ph = t.phases.set_index(["business_line", "phase"])
    assert ph.loc[("a", "pilot"), "status"] == "in progress"
    assert t.lines.set_index("business_line").loc["a", "status"] == "in progress"
    assert "3 findings" in t.lines.set_index("business_line").loc["a", "reason"]


def test_wave_two_is_held_until_benefit_is_shown():
    log = _log([*BASE, ("b", "training_test", "2026-04-10", "4/5", ""),
                ("a", "checkpoint", "2026-05-22", "ok", ""),
                ("b", "checkpoint", "2026-05-22", "ok", ""),
                ("a", "review", "2026-06-29", "", ""), ("b", "review", "2026-06-29", "", "")])
    held = track(_phases(), log, as_of="2026-09-01")
    lines = held.lines.set_index("business_line")
    assert lines.loc["a", "status"] == "done" and lines.loc["b", "status"] == "done"
    assert lines.loc["c", "status"] == "held"
    assert "benefit not yet shown" in lines.loc["c", "reason"]
    assert (held.gates["gate"] == "rollout wave 2").any()
    # held lines move to start after the as-of date (the Monday after 2026-09-01)
    c_start = held.phases.query("business_line == 'c'")["start"].min()
    assert c_start >= pd.Timestamp("2026-09-07")
    # a re-assessment after the pilots in which both wave-1 lines improved releases wave 2
    changes = pd.DataFrame({"business_line": ["a", "b"], "wave_from": ["2026-03", "2026-03"],
                            "wave_to": ["2026-09", "2026-09"], "delta": [0.4, 0.2],
                            "delta_ci_low": [0.1, 0.05]})
    ends = pd.Series({"a": pd.Timestamp("2026-06-26"), "b": pd.Timestamp("2026-06-26")})
    benefit = benefit_shown(changes, after=ends)
    assert benefit["shown"].tolist() == [True, True]
    released = track(_phases(), log, as_of="2026-09-01", benefit=benefit)
    assert released.lines.set_index("business_line").loc["c", "status"] != "held"
    # an interval reaching below zero is no benefit
    weak = benefit_shown(changes.assign(delta_ci_low=[0.1, -0.02]), after=ends)
    assert weak["shown"].tolist() == [True, False]
    assert track(_phases(), log, as_of="2026-09-01", benefit=weak).lines.set_index(
        "business_line").loc["c", "status"] == "held"


def test_benefit_from_a_met_target_and_waves_before_the_pilot_ignored():
    changes = pd.DataFrame({"business_line": ["a", "a"], "wave_from": ["2025-09", "2026-03"],
                            "wave_to": ["2026-03", "2026-09"], "delta": [0.5, 0.0],
                            "delta_ci_low": [0.2, -0.1]})
    ends = pd.Series({"a": pd.Timestamp("2026-06-26")})
    # the 2026-03 gain came before the pilot ended: it does not count
    assert not benefit_shown(changes, after=ends)["shown"].iloc[0]
    gaps = pd.DataFrame({"wave": ["2026-09"], "business_line": ["a"], "level_gap": [0]})
    b = benefit_shown(changes, after=ends, line_gaps=gaps)
    assert b["shown"].iloc[0] and "target met in 2026-09" in b["reason"].iloc[0]
    with pytest.raises(InputError, match="delta_ci_low"):
        benefit_shown(changes.drop(columns="delta_ci_low").assign(ci_low=0.1))


def test_plan_vs_actual_done_late_and_rescheduled():
    log = _log(BASE)  # b trained but never tested by 2026-05-04
    t = track(_phases(), log, as_of="2026-05-04")
    ph = t.phases.set_index(["business_line", "phase"])
    assert ph.loc[("a", "training"), "status"] == "done"
    assert ph.loc[("a", "training"), "actual_start"] == pd.Timestamp("2026-04-06")
    assert ph.loc[("b", "training test"), "status"] == "late"
    assert t.lines.set_index("business_line").loc["b", "status"] == "late"
    # b's rest moves to the Monday after the as-of date; its baseline is kept
    assert ph.loc[("b", "training test"), "start"] == pd.Timestamp("2026-05-11")
    assert ph.loc[("b", "training test"), "planned_start"] == pd.Timestamp("2026-04-20")
    assert t.as_of == pd.Timestamp("2026-05-04")
    # the as-of date defaults to the log's last event, never the clock
    assert track(_phases(), log).as_of == pd.Timestamp("2026-04-10")
    # stage rows are kept in place
    assert t.phases["phase"].iloc[0].startswith("stage 1")


def test_standard_candidates_by_share():
    p = pd.DataFrame({
        "wave": ["2025-09"] * 2 + ["2026年3月"] * 6,
        "business_line": ["a", "a", "a", "a", "b", "b", "c", "c"],
        "process_area": ["PP"] * 8,
        "practice": ["PP.1", "PP.2", "PP.1", "PP.2", "PP.1", "PP.2", "PP.1", "PP.2"],
        "characterization": ["NI", "NI", "FI", "LI", "LI", "PI", "FI", "NI"],
    })
    # the latest wave of a (2026年3月, after 2025-09) counts: PP.1 in place in a, b, c
    out = standard_candidates(p)
    assert out[["practice", "candidate", "n_lines", "lines"]].values.tolist() == [
        ["PP.1", "standard", 3, "a;b;c"], ["PP.2", "tailoring", 1, "a"]]
    assert out["share"].tolist() == pytest.approx([1.0, 1 / 3])
    # with a 2-in-3 share and only the rolled-out lines a and b
    out2 = standard_candidates(p, ["a", "b"], share=0.5)
    assert out2["candidate"].tolist() == ["standard", "standard"]
    with pytest.raises(ValueError, match="share"):
        standard_candidates(p, share=0)


def test_a_retraining_and_retest_pass_the_gate():
    log = _log([*BASE, ("b", "training_test", "2026-04-10", "3/5", ""),
                ("b", "training", "2026-04-20", "", "retraining"),
                ("b", "training_test", "2026-04-24", "5/5", "retest")])
    g = evaluate_gates(log).set_index(["business_line", "gate"])
    # the retest is 4 days after the retraining, 5/5 = 100%
    assert g.loc[("b", "training_test"), "status"] == "passed"
    assert "4 days after the training" in g.loc[("b", "training_test"), "reason"]
    assert g.loc[("b", "pilot"), "status"] == "passed"


def test_benefit_reads_the_index_interval_of_maturity_changes():
    # maturity.changes: ci_low/ci_high bound delta (the index change), score_ci_* the mean answer
    changes = pd.DataFrame({"business_line": ["a"], "wave_from": ["2026-03"],
                            "wave_to": ["2026-09"], "delta": [0.3], "ci_low": [0.05],
                            "ci_high": [0.6], "score_ci_low": [-0.2], "score_ci_high": [0.4]})
    b = benefit_shown(changes, after=pd.Series({"a": pd.Timestamp("2026-06-26")}))
    assert b["shown"].tolist() == [True]
    assert "interval from +0.05" in b["reason"].iloc[0]
def test_codesign_phase_first_in_every_line_hand_worked():
    """schedule_lines leaves co-design out by default (0 weeks); with 1 week it opens each
    line's plan and shifts the rest by 5 working days (hand-worked: the docstring example,
    capacity 1 from Monday 2026-04-06, no holidays: a's co-design 04-06..04-10, training from
    Monday 04-13, end 05-29 + 1 week = 06-05)."""
    from maturity.plan.schedule import schedule_lines

    plan = pd.DataFrame({"business_line": ["a", "b"], "wave": [1, 1], "rank": [1, 2],
                         "pilot_weeks": [4, 6], "group": ["x", "y"], "complexity": [3, 2],
                         "priority": [0.9, 0.8]})
    lines0, ph0, _s = schedule_lines(plan, "2026-04-06", capacity=1)
    assert "co-design" not in set(ph0["phase"])
    lines1, ph1, _s = schedule_lines(plan, "2026-04-06", capacity=1, codesign_weeks=1)
    a = ph1[ph1["business_line"] == "a"].reset_index(drop=True)
    assert a.loc[0, "phase"] == "co-design"
    assert (a.loc[0, "start"], a.loc[0, "end"]) == (pd.Timestamp("2026-04-06"),
                                                    pd.Timestamp("2026-04-10"))
    assert a.loc[1, "phase"] == "training" and a.loc[1, "start"] == pd.Timestamp("2026-04-13")
    assert lines0.loc[0, "end"] == pd.Timestamp("2026-05-29")
    assert lines1.loc[0, "end"] == pd.Timestamp("2026-06-05")


def test_one_plan_opens_every_line_with_codesign():
    """plan_rollout plans 1 co-design week (PlanOptions.codesign_weeks) before each training;
    the training starts the working day after the co-design ends (CN holidays counted)."""
    from maturity import datasets, score
    from maturity.ingest.responses import read_responses
    from maturity.model.load import load_model
    from maturity.plan.calendar import WorkCalendar
    from maturity.plan.rollout import plan_rollout

    m = load_model("cmmi-dev-1.3")
    resp = read_responses(datasets.data_path("responses/2026-03.csv"), m).responses
    plan = plan_rollout(score(resp, m), datasets.data_path("targets.yaml"),
                        datasets.data_path("business_lines.csv"),
                        datasets.data_path("swot.csv"))
    assert plan.options.codesign_weeks == 1
    cal = WorkCalendar.build(country="CN", years=[2026, 2027])
    ph = plan.roadmap.phases
    for line, grp in ph[ph["kind"] != "stage"].groupby("business_line"):
        grp = grp.reset_index(drop=True)
        assert grp.loc[0, "phase"] == "co-design", line
        assert cal.count(grp.loc[0, "start"], grp.loc[0, "end"]) == 5
        assert grp.loc[1, "start"] == cal.add_days(grp.loc[0, "end"], 1)


def test_plot_tracking_draws_baseline_and_actual_bars():
    """One thin baseline bar and one status bar per phase; the as-of line (hand count: the
    frame below has 2 phases -> 4 bars)."""
    from matplotlib.figure import Figure

    from maturity.plan.tracking import Tracking
    from maturity.plots.roadmap import STATUS_COLOURS, plot_tracking

    d = pd.Timestamp
    ph = pd.DataFrame({"wave": [1, 1], "business_line": ["a", "a"],
                       "phase": ["co-design", "training"], "kind": ["phase", "phase"],
                       "detail": ["", ""],
                       "planned_start": [d("2026-04-06"), d("2026-04-13")],
                       "planned_end": [d("2026-04-10"), d("2026-04-24")],
                       "start": [d("2026-04-06"), d("2026-04-20")],
                       "end": [d("2026-04-10"), d("2026-05-01")],
                       "actual_start": [d("2026-04-06"), pd.NaT],
                       "actual_end": [d("2026-04-09"), pd.NaT],
                       "status": ["done", "late"]})
    tr = Tracking(phases=ph, lines=pd.DataFrame(), gates=pd.DataFrame(), as_of=d("2026-04-17"))
    ax = plot_tracking(tr, ax=Figure().subplots())
    assert len(ax.patches) == 4
    colours = {tuple(round(c, 3) for c in p.get_facecolor()[:3]) for p in ax.patches}
    from matplotlib.colors import to_rgb

    assert tuple(round(c, 3) for c in to_rgb(STATUS_COLOURS["late"])) in colours
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a"]


def test_rollout_status_sample_before_and_after_the_reassessment():
    """The sample (data/make_followup.py): on 2026-08-31 no survey wave follows the pilots, so
    no benefit is judged and rollout wave 2 is held; with the 2026-09 wave each wave-1 line
    gets a benefit row in 2026-09."""
    from maturity import datasets, score
    from maturity.ingest.responses import read_responses
    from maturity.model.load import load_model
    from maturity.plan.rollout import plan_rollout
    from maturity.plan.rollout_status import rollout_status
    from maturity.plan.tracking import read_log

    m = load_model("cmmi-dev-1.3")
    resp = read_responses(datasets.responses_path(), m).responses
    plan = plan_rollout(score(resp, m), datasets.data_path("targets.yaml"),
                        datasets.data_path("business_lines.csv"), datasets.swot_path())
    log = read_log(datasets.followup_log_path())
    before = rollout_status(plan, log, responses=resp, model=m,
                            targets=datasets.data_path("targets.yaml"), as_of="2026-08-31")
    assert before.benefit is None
    st = before.tracking.lines.set_index("business_line")["status"]
    assert st["government-projects"] == st["insurance-solutions"] == "done"
    assert st["data-analytics"] == "held"
    sep = read_responses(datasets.followup_responses_path(), m).responses
    after = rollout_status(plan, log, responses=pd.concat([resp, sep], ignore_index=True),
                           model=m, targets=datasets.data_path("targets.yaml"),
                           as_of="2026-09-30")
    assert sorted(after.benefit["business_line"]) == ["government-projects",
                                                      "insurance-solutions"]
    assert set(after.benefit["survey_wave"]) == {"2026-09"}
    held = bool((after.tracking.gates["gate"] == "rollout wave 2").any())
    assert held == (not after.benefit["shown"].all())
    assert set(after.standard["candidate"]) == {"standard", "tailoring"}
