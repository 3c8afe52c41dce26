"""``maturity.Assessment``: every result equals the public function it delegates to, is computed
once and on first use, and the caller's inputs are never changed.

Expected values are the public functions' own results on the bundled sample company (the
Assessment holds no rule of its own), so each test names the function it is held against.
"""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest

import maturity
from maturity.assessment import Assessment
from maturity.datasets import data_path
from maturity.deliverable import report_inputs
from maturity.ingest.responses import read_responses
from maturity.model.load import load_model
from maturity.plan.gap import gap_analysis, read_targets, targets_from_swot
from maturity.plan.rollout import PlanOptions, plan_rollout
from maturity.plan.swot import read_swot, swot_summary
from maturity.scoring.score import score

MODEL = "cmmi-dev-1.3"


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


@pytest.fixture(scope="module")
def read(model):
    return read_responses(data_path("responses/2026-03.csv"), model)


def _frames_equal(a, b, names):
    for name in names:
        pdt.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


def test_public_name():
    assert maturity.Assessment is Assessment
    assert "Assessment" in maturity.__all__
    assert maturity.build_report is not None and maturity.report_inputs is report_inputs


def test_scores_equal_score(model, read):
    a = Assessment(model, read)
    _frames_equal(a.scores, score(read.responses, model),
                  ["practices", "goals", "process_areas", "maturity"])
    assert a.read is read and a.responses is read.responses


def test_reads_a_path_with_read_options(model, read):
    a = Assessment(MODEL, data_path("responses/2026-03.csv"), read_options={"max_bytes": 10**9})
    pdt.assert_frame_equal(a.responses, read.responses)
    pdt.assert_frame_equal(a.read.rejected, read.rejected)


def test_a_validated_frame_has_no_read_result(model, read):
    a = Assessment(model, read.responses)
    assert a.read is None
    _frames_equal(a.scores, score(read.responses, model), ["maturity"])


def test_gaps_equal_gap_analysis_with_swot_raised_targets(model, read):
    a = Assessment(model, read, targets=data_path("targets.yaml"), swot=data_path("swot.csv"))
    sw = read_swot(data_path("swot.csv"), model=model)
    tg = targets_from_swot(swot_summary(sw), read_targets(data_path("targets.yaml"), model))
    want = gap_analysis(score(read.responses, model), tg, swot=sw, responses=read.responses)
    _frames_equal(a.gaps, want, ["gaps", "line_gaps", "backlog"])
    assert a.gaps is a.gaps  # computed once


def test_plan_equals_plan_rollout_and_shares_its_gaps(model, read):
    opts = PlanOptions(capacity=3)
    a = Assessment(model, read, targets=data_path("targets.yaml"), swot=data_path("swot.csv"),
                   lines=data_path("business_lines.csv"), plan_options=opts)
    want = plan_rollout(score(read.responses, model), data_path("targets.yaml"),
                        data_path("business_lines.csv"), data_path("swot.csv"),
                        responses=read.responses, options=opts)
    pdt.assert_frame_equal(a.plan.roadmap.roadmap, want.roadmap.roadmap)
    pdt.assert_frame_equal(a.plan.totals, want.totals)
    assert a.gaps is a.plan.gaps  # the same analysis is not run twice
    assert a.rollout is None  # no log


def test_lazy_and_once(model, read):
    calls = []

    def reader(m):
        calls.append(m.id)
        return read

    a = Assessment(MODEL, reader, targets=data_path("targets.yaml"))
    assert calls == []  # nothing is read before it is asked for
    first = a.scores
    assert a.scores is first and a.gaps is a.gaps and a.reliability() is a.reliability()
    assert calls == [MODEL]


def test_needs_targets_for_gaps(model, read):
    with pytest.raises(ValueError, match="targets="):
        Assessment(model, read).gaps  # noqa: B018
    with pytest.raises(ValueError, match="lines="):
        Assessment(model, read, targets=data_path("targets.yaml")).plan  # noqa: B018


def test_the_callers_frames_are_not_changed(model, read):
    resp = read.responses.copy()
    swot = read_swot(data_path("swot.csv"), model=model)
    swot_before = swot.copy()
    a = Assessment(model, resp, targets=data_path("targets.yaml"), swot=swot)
    a.gaps  # noqa: B018
    a.reliability()
    pdt.assert_frame_equal(resp, read.responses)
    pdt.assert_frame_equal(swot, swot_before)


def test_trends_over_waves(model):
    a = Assessment(model, data_path("responses"))
    t = a.trends(n_boot=0)
    assert set(t) == {"changes", "pa_changes", "line_comparison", "rankings", "company"}
    assert a.trends(n_boot=0) is t
    pairs = set(zip(t["changes"]["wave_from"], t["changes"]["wave_to"], strict=True))
    assert pairs == {("2025-03", "2025-09"), ("2025-09", "2026-03")}


def test_compare_command_frames_are_the_assessments_trends():
    """``maturity compare`` takes its frames from Assessment.trends and .reliability: with
    options other than the defaults, every option reaches them."""
    from maturity.cli import _build_parser
    from maturity.commands.compare import compare_frames

    lines = data_path("business_lines.csv")
    args = _build_parser().parse_args([
        "compare", str(data_path("responses")), "--model", MODEL, "--out", "unused", "--quiet",
        "--baseline", "2025-03", "--test", "permutation", "--seed", "3", "--min-n", "7",
        "--n-boot", "10", "--lines", str(lines), "--weight", "headcount",
        "--min-respondents", "4"])
    frames, _read, _said = compare_frames(args)
    a = Assessment(MODEL, data_path("responses"), lines=lines)
    t = a.trends(baseline="2025-03", test="permutation", seed=3, min_n=7, n_boot=10,
                 weight="headcount")
    for name in ("changes", "pa_changes", "line_comparison", "rankings"):
        pdt.assert_frame_equal(frames[name], t[name], obj=name)
    for name, level in (("company", "company"), ("groups", "group")):
        want = t["company"][t["company"]["level"] == level].reset_index(drop=True)
        pdt.assert_frame_equal(frames[name], want, obj=name)
    for name, frame in a.reliability(min_respondents=4).items():
        pdt.assert_frame_equal(frames[name], frame, obj=name)
    # the options were not the defaults' results
    default = a.trends(n_boot=0)
    assert t["changes"]["ci_low"].notna().any() and default["changes"]["ci_low"].isna().all()
    assert len(t["changes"]) > len(default["changes"])  # the baseline pair 2025-03 -> 2026-03
    assert set(t["company"]["rule"]) == {"weighted by headcount"}
    assert t["changes"]["caveat"].str.contains("n < 7").any()


def test_trends_compare_the_lines_in_every_wave_compared(model, tmp_path):
    """line_comparison covers the waves of the changes that have answers: the baseline too
    (before, the report left it out when waves= did), a wave known from last year's outputs
    only not (before, the report stopped on it)."""
    from maturity.cli import main

    a = Assessment(model, data_path("responses"))
    t = a.trends(waves=["2025-09", "2026-03"], baseline="2025-03", n_boot=0)
    waves = {"2025-03", "2025-09", "2026-03"}
    assert set(t["changes"]["wave_from"]) | set(t["changes"]["wave_to"]) == waves
    assert set(t["line_comparison"]["wave"]) == waves
    last = tmp_path / "last"
    assert main(["score", str(data_path("responses/2025-03.csv")), "--model", MODEL,
                 "--out", str(last), "--quiet"]) == 0
    b = Assessment(model, data_path("responses/2026-03.csv"))
    t = b.trends(waves=["2025-03", "2026-03"], baseline_outputs=last, n_boot=0)
    assert set(t["changes"]["wave_from"]) == {"2025-03"}
    assert set(t["line_comparison"]["wave"]) == {"2026-03"}
    assert b.previous_outputs(last) is b.previous_outputs(last)  # read once


def test_report_inputs_are_the_assessments_results(model, read):
    inputs = report_inputs(read, MODEL, data_path("targets.yaml"), data_path("swot.csv"),
                           data_path("business_lines.csv"))
    a = Assessment(model, read, targets=data_path("targets.yaml"), swot=data_path("swot.csv"),
                   lines=data_path("business_lines.csv"))
    _frames_equal(inputs["scores"], a.scores, ["maturity"])
    _frames_equal(inputs["gaps"], a.gaps, ["backlog"])
    pdt.assert_frame_equal(inputs["roadmap"].roadmap, a.plan.roadmap.roadmap)
    assert inputs["changes"] is None  # one wave
    assert isinstance(inputs["reliability"]["reliability"], pd.DataFrame)


def test_bootstrap_of_the_index_scores_as_the_assessment_does(model):
    """The index intervals of ``trends`` come from resamples scored with the Assessment's own
    options (here a scope decision), so every interval holds its estimate. One respondent per
    line and wave, six times over: every resample is the sample itself, the interval a
    point."""
    resp = read_responses(data_path("responses"), model).responses
    first = resp.groupby(["wave", "business_line"], observed=True)["respondent"].transform(
        lambda s: s.astype(str).min())
    one = resp[resp["respondent"].astype(str) == first.astype(str)]
    one = pd.concat([one.assign(respondent=one["respondent"].astype(str) + f"-{k}")
                     for k in range(6)], ignore_index=True)  # 6 identical: no spread
    scope = [{"business_line": "*", "process_area": "REQM", "scope": "out of scope",
              "reason": "requirements come from the client"}]
    scoped = Assessment(model, one, scope=scope).trends(n_boot=20)["changes"]
    plain = Assessment(model, one).trends(n_boot=20)["changes"]
    assert not (scoped["delta"] - plain["delta"]).abs().lt(1e-12).all()  # the scope matters
    ch = scoped.dropna(subset=["ci_low", "ci_high"])
    assert len(ch)
    pdt.assert_series_equal(ch["ci_low"], ch["delta"], check_names=False, atol=1e-12)
    pdt.assert_series_equal(ch["ci_high"], ch["delta"], check_names=False, atol=1e-12)
