"""Invariants of the modules beyond ingestion and scoring, checked with hypothesis; determinism of
the written files; a model of 5,000 questions.

Each property follows from the definitions in the module docstrings:

- SWOT (:mod:`maturity.plan.swot`): IFE and EFE are sums of weight x rating per line, so the
  order of the factor rows cannot matter; ``normalize=True`` divides each group's weights by
  their sum, so scaling a group's weights by a constant first changes nothing.
- Gap (:mod:`maturity.plan.gap`): ``gap = max(0, target - current)`` and scoring is monotone, so a
  better answer never increases a gap; a line whose targets equal its current capability has no
  gap and no blocking practice, hence no backlog row.
- Trends (:mod:`maturity.compare.trends`): the change from wave b to wave a is minus the change
  from a to b.
- Roadmap (:mod:`maturity.plan.roadmap`): the PMO never runs more pilots at once than its capacity;
  the plan is a function of its inputs (same input, same frames; row order irrelevant).
- Progress (:mod:`maturity.plan.progress`): percent to target is ``1 - gap / target`` with the gap
  capped at the target, so it lies in [0, 1].
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
import pytest
from _robust_data import TINY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.exceptions import MaturityWarning
from maturity.model.load import load_model

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MODEL = load_model(TINY)
QUESTIONS = list(MODEL.questions["question"])
PRACTICE_OF = dict(zip(MODEL.questions["question"], MODEL.questions["practice"], strict=True))


# ------------------------------------------------------------------------------------------
# SWOT

@st.composite
def swot_frames(draw):
    """1-3 lines, each with 1-3 factors per quadrant, weights in (0, 1] (normalised later)."""
    rows = []
    for line in draw(st.sampled_from([["a"], ["a", "b"], ["a", "b", "c"]])):
        for quad, ratings in (("S", [3, 4]), ("W", [1, 2]), ("O", [1, 2, 3, 4]),
                              ("T", [1, 2, 3, 4])):
            for i in range(draw(st.integers(1, 3))):
                rows.append({"business_line": line, "quadrant": quad,
                             "factor": f"{quad}{i}", "weight": draw(st.integers(1, 20)) / 20,
                             "rating": draw(st.sampled_from(ratings))})
    return pd.DataFrame(rows)


def _summary(df: pd.DataFrame) -> pd.DataFrame:
    from maturity.plan.swot import read_swot, swot_summary

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MaturityWarning)
        s = swot_summary(read_swot(df, normalize=True))
    return s.sort_values("business_line", ignore_index=True)


def _same_summary(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a["business_line"]) == list(b["business_line"])
    np.testing.assert_allclose(a["ife"], b["ife"], atol=1e-9)
    np.testing.assert_allclose(a["efe"], b["efe"], atol=1e-9)
    assert list(a["ie_cell"]) == list(b["ie_cell"])
    assert list(a["posture"]) == list(b["posture"])


@SETTINGS
@given(df=swot_frames(), seed=st.integers(0, 2**32 - 1))
def test_swot_row_order_irrelevant(df, seed):
    shuffled = df.sample(frac=1, random_state=np.random.RandomState(seed)).reset_index(drop=True)
    _same_summary(_summary(df), _summary(shuffled))


@SETTINGS
@given(df=swot_frames(), factor=st.sampled_from([0.01, 0.1, 0.5, 0.9]),
       group=st.sampled_from([("S", "W"), ("O", "T")]), line=st.sampled_from(["a", "b"]))
def test_swot_scaling_a_group_then_normalize_changes_nothing(df, factor, group, line):
    scaled = df.copy()
    pick = scaled["quadrant"].isin(group) & scaled["business_line"].eq(line)
    scaled.loc[pick, "weight"] = scaled.loc[pick, "weight"] * factor
    _same_summary(_summary(df), _summary(scaled))


# ------------------------------------------------------------------------------------------
# answers over the tiny model, for gap / trends / progress

@st.composite
def answers(draw, waves=("2026-03",)):
    rows = []
    for wave in waves:
        for line in ("L1", "L2"):
            palette = draw(st.sampled_from([["0", "1", "2", "3", "4", "NA"], ["2", "3", "4"],
                                            ["3", "4"], ["4"]]))
            for r in range(draw(st.integers(1, 3))):
                for q in QUESTIONS:
                    code = draw(st.sampled_from(palette))
                    rows.append({"wave": wave, "business_line": line, "respondent": f"{line}-{r}",
                                 "project": "", "question": q, "practice": PRACTICE_OF[q],
                                 "answer": code, "value": np.nan if code == "NA" else float(code),
                                 "na": code == "NA"})
    return pd.DataFrame(rows)


def _score(resp: pd.DataFrame):
    from maturity.scoring.score import score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MaturityWarning)
        return score(resp, MODEL)


def _gaps(resp: pd.DataFrame, targets):  # noqa: ANN001
    from maturity.plan.gap import gap_analysis

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MaturityWarning)
        return gap_analysis(_score(resp), targets)


@SETTINGS
@given(resp=answers(), data=st.data())
def test_gap_never_increases_when_a_line_scores_higher(resp, data):
    target = {"default_level": 3}
    before = _gaps(resp, target)
    better = resp.copy()
    rows = better.index[better["business_line"].eq("L1") & ~better["na"]]
    if len(rows):
        pick = data.draw(st.lists(st.sampled_from(list(rows)), min_size=1, max_size=len(rows),
                                  unique=True))
        new = np.minimum(better.loc[pick, "value"] + data.draw(st.integers(1, 4)), 4.0)
        better.loc[pick, "value"] = new
        better.loc[pick, "answer"] = new.astype(int).astype(str)
    after = _gaps(better, target)
    key = ["wave", "business_line", "process_area"]
    m = before.gaps.merge(after.gaps, on=key, suffixes=("_b", "_a"))
    assert len(m) == len(before.gaps) == len(after.gaps)
    assert (m["gap_a"] <= m["gap_b"]).all()
    lg = before.line_gaps.merge(after.line_gaps, on=["wave", "business_line"],
                                suffixes=("_b", "_a"))
    assert (lg["total_gap_a"] <= lg["total_gap_b"]).all()
    assert (lg["level_gap_a"] <= lg["level_gap_b"]).all()


@SETTINGS
@given(resp=answers())
def test_line_at_target_has_no_gap_and_no_backlog(resp):
    pa = _score(resp).process_areas.dropna(subset=["capability_level"])  # NA: not applicable
    current = {line: {p: int(cl) for p, cl in zip(g["process_area"], g["capability_level"],
                                                   strict=True)}
               for line, g in pa.groupby("business_line")}
    if not current:
        return
    g = _gaps(resp, {"line_process_areas": current})
    assert (g.gaps["gap"] == 0).all()
    assert (g.line_gaps["total_gap"] == 0).all()
    assert g.backlog.empty


# ------------------------------------------------------------------------------------------
# trends

@SETTINGS
@given(resp=answers(waves=("2025-03", "2025-09")))
def test_swapping_the_two_waves_keeps_the_time_order(resp):
    # issue 16: waves are compared in time order, never in the order typed (a typed
    # "2025-09 2025-03" once flipped every sign)
    from maturity.compare.trends import changes

    mat = _score(resp).maturity
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ab = changes(resp, mat, waves=["2025-03", "2025-09"]).set_index("business_line")
        ba = changes(resp, mat, waves=["2025-09", "2025-03"]).set_index("business_line")
    assert len(ab) == len(ba) == 2
    ba = ba.loc[ab.index]
    assert set(ba["wave_from"]) == {"2025-03"}
    by_hand = mat.pivot(index="business_line", columns="wave", values="maturity_index")
    np.testing.assert_allclose(ab["delta"], by_hand["2025-09"] - by_hand["2025-03"], atol=1e-9)
    np.testing.assert_allclose(ab["delta"], ba["delta"], atol=1e-9)


# ------------------------------------------------------------------------------------------
# progress

@SETTINGS
@given(resp=answers(waves=("2025-03", "2025-09")), level=st.integers(1, 3))
def test_percent_to_target_between_0_and_1(resp, level):
    from maturity.plan.gap import read_targets
    from maturity.plan.progress import progress_to_target

    p = progress_to_target(_score(resp), read_targets({"default_level": level}, MODEL))
    for frame in (p.lines, p.overall):
        pct = frame["percent_to_target"].dropna()
        assert ((pct >= 0) & (pct <= 1)).all(), frame


# ------------------------------------------------------------------------------------------
# roadmap

@st.composite
def roadmap_inputs(draw):
    from test_roadmap import make_inputs

    n = draw(st.integers(1, 7))
    spec = []
    for i in range(n):
        lgap = draw(st.integers(0, 2))
        spec.append((f"line{i}", draw(st.sampled_from(["FS", "PS", "DG"])),
                     draw(st.integers(1, 300)), draw(st.integers(1, 5)), draw(st.integers(0, 3)),
                     draw(st.integers(1, 3)), draw(st.floats(1, 4).map(lambda x: round(x, 2))),
                     lgap, lgap * draw(st.integers(1, 5)), lgap * draw(st.integers(0, 100))))
    return make_inputs(spec)


def _plan(inputs, capacity=2):  # noqa: ANN001, ANN202
    from maturity.plan.roadmap import plan_roadmap

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MaturityWarning)
        return plan_roadmap(*inputs, start="2026-04-06", capacity=capacity)


@SETTINGS
@given(inputs=roadmap_inputs(), capacity=st.integers(1, 4))
def test_roadmap_capacity_never_exceeded(inputs, capacity):
    from test_roadmap import _busy_days

    rm = _plan(inputs, capacity)
    if rm.roadmap["start"].notna().any():
        assert _busy_days(rm.roadmap).max() <= capacity


@SETTINGS
@given(inputs=roadmap_inputs(), seed=st.integers(0, 2**32 - 1))
def test_roadmap_deterministic_and_row_order_free(inputs, seed):
    a, b = _plan(inputs), _plan(inputs)
    for name in ("roadmap", "phases", "milestones"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    rs = np.random.RandomState(seed)
    shuffled = tuple(f.sample(frac=1, random_state=rs).reset_index(drop=True) for f in inputs)
    c = _plan(shuffled)
    for name in ("roadmap", "phases", "milestones"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(c, name))


# ------------------------------------------------------------------------------------------
# determinism of the written files

def test_score_twice_gives_identical_files(tmp_path):
    from maturity.cli import main
    from maturity.datasets import data_path

    data = str(data_path("responses"))
    for out in ("a", "b"):
        assert main(["score", data, "--model", "cmmi-dev-1.3", "--out", str(tmp_path / out),
                     "--quiet"]) == 0
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                   if p.is_file())
    assert any(f.suffix == ".xlsx" for f in files) and any(f.suffix == ".csv" for f in files)
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*")
                           if p.is_file())
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


# ------------------------------------------------------------------------------------------
# a huge model

def _huge_model(n_pa: int = 50, n_pr: int = 100) -> str:
    lines = ["id: huge", "name: Huge generated model", "version: '1'", "scoring: staged",
             "levels:", "  - {level: 1, name: Initial}", "  - {level: 2, name: Managed}",
             "process_areas:"]
    for a in range(n_pa):
        lines += [f"  - id: P{a}", f"    name: Area {a}", "    level: 2", "    goals:",
                  f"      - id: P{a}.SG1", f"        name: Goal {a}", "        practices:"]
        for p in range(n_pr):
            lines += [f"          - id: P{a}.SP{p}", f"            name: Practice {a}.{p}",
                      f"            questions: [{{id: P{a}.SP{p}.Q1, text: 'Question {a}.{p}?'}}]"]
    return "\n".join(lines) + "\n"


def test_model_with_5000_questions_loads(tmp_path):
    p = tmp_path / "huge.yaml"
    p.write_text(_huge_model(), encoding="utf-8")
    t0 = time.perf_counter()
    m = load_model(p)
    elapsed = time.perf_counter() - t0
    assert len(m.questions) == 5000 and m.questions["question"].is_unique
    assert len(m.practices) == 5000 and len(m.process_areas) == 50
    # generous on purpose (measured ~2.5 s here, the issue asks < 3 s); a regression to quadratic
    # validation would take minutes
    assert elapsed < 30, elapsed


@pytest.mark.parametrize("n", [5000])
def test_huge_model_answers_read_and_scored(tmp_path, n):
    from maturity.ingest.responses import read_responses

    p = tmp_path / "huge.yaml"
    p.write_text(_huge_model(), encoding="utf-8")
    m = load_model(p)
    q = m.questions["question"]
    df = pd.DataFrame({"wave": "2026-03", "business_line": "L", "respondent": "r1",
                       "question": q, "answer": "3"})
    res = read_responses(df, m)
    assert len(res.responses) == n and res.rejected.empty
    s = _score_model(res.responses, m)
    assert len(s.practices) == n


def _score_model(resp, m):  # noqa: ANN001, ANN202
    from maturity.scoring.score import score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MaturityWarning)
        return score(resp, m)
