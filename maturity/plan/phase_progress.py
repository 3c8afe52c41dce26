"""Progress per phase of the target answers: OWASP SAMM's relative scoring, phase by phase.

The target answers and their phases are read and resolved in
:mod:`maturity.plan.targets_answers`; the figures per phase and line (``gap``, ``absolute_gap``,
``percent_to_target``, ``progress_to_date``) are those of
:func:`maturity.plan.progress.progress_to_target` on the phase's answers alone (OWASP SAMM
relative scoring, owaspsamm.org blog 2025-01-21, "SAMM Scoring: Percent to Target and Progress
to Date Metrics"), and the target score is the model's score of the posture after the phase
(:func:`maturity.plan.targets_answers.posture_scores`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from maturity.model.load import Model
from maturity.plan.progress import progress_to_target
from maturity.plan.targets_answers import posture_scores, resolve_phases

__all__ = ["PhaseProgress", "phase_progress"]


@dataclass(frozen=True)
class PhaseProgress:
    """The result of :func:`phase_progress`.

    Attributes
    ----------
    practices : pandas.DataFrame
        ``phase, end, wave, business_line, process_area, practice, target, current, gap,
        baseline, note, compared``: one row per phase, line and practice with a target answer.
    areas : pandas.DataFrame
        ``phase, end, wave, business_line, process_area, current_score, target_score,
        baseline_score``: the model's area scores now, after the phase and in the baseline.
    lines : pandas.DataFrame
        ``phase, end, wave, business_line, n_required, target_total, current_total,
        absolute_gap, percent_to_target, baseline_wave, baseline_total, progress_to_date,
        current_score, target_score, baseline_score, note``.
    """

    practices: pd.DataFrame
    areas: pd.DataFrame
    lines: pd.DataFrame


def phase_progress(scores: Any, targets: Any, *, wave: str | None = None,  # noqa: ANN401
                   baseline_wave: str | None = None) -> PhaseProgress:
    """Per phase and line: target score, absolute gap, percent to target and progress to date
    on the target answers (see the module docstring).

    Parameters
    ----------
    scores : Scores
        From :func:`maturity.score`.
    targets : maturity.plan.gap.Targets
        A target profile with target answers (``targets.answers``).
    wave, baseline_wave : str, optional
        As in :func:`maturity.plan.progress.progress_to_target`.

    Examples
    --------
    See ``tests/test_targets_answers.py`` (the SAMM relative-scoring example).
    """
    answers = getattr(targets, "answers", None)
    if answers is None or not len(answers):
        raise ValueError("the targets hold no target answers (a 'practices:' or 'phases:' key, "
                         "or a CSV with columns business_line, practice, target)")
    pr = scores.practices
    waves = sorted(pr["wave"].astype(str).unique())
    cur = wave or waves[-1]
    lines = sorted(pr.loc[pr["wave"].astype(str) == cur, "business_line"].astype(str).unique())
    resolved = resolve_phases(answers, lines)
    model = scores.model
    now = pr[pr["wave"].astype(str) == cur][["business_line", "practice", "mean"]]
    base = None
    if baseline_wave is not None or (len(waves) > 1 and waves[0] != cur):
        bw = baseline_wave or waves[0]
        base = pr[pr["wave"].astype(str) == bw][["business_line", "practice", "mean"]]
    cur_area, cur_line = posture_scores(now.rename(columns={"mean": "value"}).dropna(), model)
    b_area = b_line = None
    if base is not None:
        b_area, b_line = posture_scores(base.rename(columns={"mean": "value"}).dropna(), model)
    ps, areas, lns = [], [], []
    for (name, end), ph in resolved.groupby(["phase", "end"], sort=False):
        # the target answers alone (a level target's practices are not part of the phases)
        no_levels = pd.DataFrame(columns=["business_line", "process_area", "target_level"])
        prog = progress_to_target(scores, no_levels, wave=wave, baseline_wave=baseline_wave,
                                  answers=ph[["business_line", "practice", "target"]])
        t_area, t_line = _posture_after(now, ph, model)
        a = _area_scores(cur_area, t_area, b_area)
        a.insert(0, "phase", name)
        a.insert(1, "end", end)
        a.insert(2, "wave", cur)
        areas.append(a)
        ln = _line_scores(prog.lines, cur_line, t_line, b_line)
        ln.insert(0, "phase", name)
        ln.insert(1, "end", end)
        lns.append(ln)
        p = prog.practices.drop(columns=["required_level", "target_level"])
        p.insert(0, "phase", name)
        p.insert(1, "end", end)
        ps.append(p)
    line_cols = ["phase", "end", "wave", "business_line", "n_required", "target_total",
                 "current_total", "absolute_gap", "percent_to_target", "baseline_wave",
                 "baseline_total", "progress_to_date", "current_score", "target_score",
                 "baseline_score", "note"]
    lines_f = pd.concat(lns, ignore_index=True)[line_cols]
    for c in ("current_score", "target_score", "baseline_score"):
        lines_f[c] = lines_f[c].astype(float).round(4)
    areas_f = pd.concat(areas, ignore_index=True)
    for c in ("current_score", "target_score", "baseline_score"):
        areas_f[c] = areas_f[c].astype(float).round(4)
    return PhaseProgress(pd.concat(ps, ignore_index=True), areas_f, lines_f)


def _posture_after(now: pd.DataFrame, ph: pd.DataFrame,
                   model: Model) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Area and line scores of the posture after a phase: the phase's target answers where
    given, the current answers elsewhere."""
    post = now.merge(ph[["business_line", "practice", "target"]],
                     on=["business_line", "practice"], how="outer")
    post["value"] = post["target"].fillna(post["mean"])
    return posture_scores(post[["business_line", "practice", "value"]].dropna(), model)


def _area_scores(cur: pd.DataFrame, target: pd.DataFrame,
                 base: pd.DataFrame | None) -> pd.DataFrame:
    """Each area's score now, after the phase and in the baseline."""
    a = cur.rename(columns={"score": "current_score"}).merge(
        target.rename(columns={"score": "target_score"}), how="outer")
    return _with_baseline(a, base)


def _line_scores(lines: pd.DataFrame, cur: pd.DataFrame, target: pd.DataFrame,
                 base: pd.DataFrame | None) -> pd.DataFrame:
    """The phase's line figures with each line's score now, after the phase and in the
    baseline."""
    ln = lines.merge(cur.rename(columns={"score": "current_score"}), how="left")
    ln = ln.merge(target.rename(columns={"score": "target_score"}), how="left")
    return _with_baseline(ln, base)


def _with_baseline(frame: pd.DataFrame, base: pd.DataFrame | None) -> pd.DataFrame:
    if base is None:
        return frame.assign(baseline_score=np.nan)
    return frame.merge(base.rename(columns={"score": "baseline_score"}), how="left")
