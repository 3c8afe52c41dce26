"""Gap analysis: gaps per business line and process area, and a ranked backlog.

The target profile (:mod:`maturity.plan.targets`, read by
:func:`maturity.plan.targets_read.read_targets`) says which capability level each line needs in
each process area; :func:`gap_analysis` holds it against the scores (any scoring rule) and
lists the practices that block it, ranked by :func:`maturity.plan.backlog.rank_backlog`.

Frames (columns in this order, extra columns after, plain RangeIndex):

- ``Gaps.gaps``: ``wave, business_line, process_area, level, current_level, target_level, gap,
  rating, score, n_blocking, target_source, note``; ``gap = max(0, target - current)`` in
  levels; a PA whose capability is not rated counts as CL0 and says so in ``note``.
- ``Gaps.line_gaps``: ``wave, business_line, maturity_level, target_maturity_level, level_gap,
  n_pa_gaps, total_gap, n_blocking_practices, effort``.
- ``Gaps.backlog``: :data:`maturity.plan.backlog.BACKLOG_COLUMNS` (priority and order in
  :mod:`maturity.plan.backlog`).

Notes
-----
**Blocking practices.** A practice is *required* for capability level ``r`` = its goal's
``capability_level`` (1 for specific goals, 2 for GG2, 3 for GG3); in models whose practices
carry a ``level`` (cumulative / additive) that level is used
(:func:`maturity.plan.targets.required_level`). For a PA with current level ``c`` below its
target ``t``, the practices with ``c < r <= t`` whose characterization is not ``LI``/``FI``
(``PI``, ``NI``, ``NY`` or not characterized; ``NA`` practices are out of scope) block the
target (cumulative models with ``cumulative_threshold: FI``: everything but ``FI``); a
capability level needs its goals satisfied, and a goal its practices largely or fully
implemented (SCAMPI A v1.3, CMU/SEI-2011-HB-001, goal rating).
``levels_blocked = t - max(c, r - 1)``: how many levels the practice holds
back (a specific practice of a CL0 area with target CL3 holds back 3).

**Effort** of a line (``line_gaps.effort``, in effort points) = sum over its blocking practices
of 1 for a ``PI`` practice (in place, to be strengthened) and 2 for ``NI``, ``NY`` or not
characterized (to be built).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import MaturityWarning, TargetError
from maturity.model.load import Model
from maturity.plan.answer_backlog import with_answer_rows  # issue 14 hook
from maturity.plan.backlog import (
    BACKLOG_COLUMNS,
    PRIORITY_WEIGHTS,
    _notes,
    _swot_weights,
    rank_backlog,
)
from maturity.plan.targets import (
    TARGET_COLUMNS,
    Targets,
    required_level,
    target_profile,
    targets_from_swot,
)
from maturity.plan.targets_read import read_targets
from maturity.scoring.score import Scores
from maturity.waves import order_waves, wave_sort_key

__all__ = [
    "Gaps",
    "gap_analysis",
    "GAP_COLUMNS",
    "LINE_GAP_COLUMNS",
    # re-exported from the modules they moved to (maturity.plan.targets, targets_read,
    # backlog) for the callers outside plan/ that import them from here
    "Targets",
    "read_targets",
    "targets_from_swot",
    "target_profile",
    "TARGET_COLUMNS",
    "BACKLOG_COLUMNS",
    "PRIORITY_WEIGHTS",
]

GAP_COLUMNS = ["wave", "business_line", "process_area", "level", "current_level", "target_level",
               "gap", "rating", "score", "n_blocking", "target_source", "note"]
LINE_GAP_COLUMNS = ["wave", "business_line", "maturity_level", "target_maturity_level",
                    "level_gap", "n_pa_gaps", "total_gap", "n_blocking_practices", "effort"]

_OK = ("FI", "LI", "NA")


@dataclass(frozen=True)
class Gaps:
    """The result of :func:`gap_analysis` (columns in the module docstring).

    Attributes
    ----------
    gaps : pandas.DataFrame
        One row per wave x line x PA of the target profile.
    line_gaps : pandas.DataFrame
        One row per wave x line.
    backlog : pandas.DataFrame
        Blocking practices ranked per wave and line (latest wave unless ``wave`` is given).
    profile : pandas.DataFrame
        The resolved target profile (:func:`target_profile`).
    """

    gaps: pd.DataFrame
    line_gaps: pd.DataFrame
    backlog: pd.DataFrame
    profile: pd.DataFrame
    #: With target answers (:mod:`maturity.plan.targets_answers`): per phase and line, ``phase,
    #: end, wave, business_line, n_required, target_total, current_total, absolute_gap,
    #: percent_to_target, baseline_wave, baseline_total, progress_to_date, current_score,
    #: target_score, baseline_score, note``; the backlog then holds the target answers' rows
    #: too and ends with :data:`maturity.plan.answer_backlog.ANSWER_COLUMNS` (``line_gaps``
    #: with ``n_answer_gaps``). None without target answers.
    phases: pd.DataFrame | None = None
    #: The practice rows of ``phases`` (``phase, end, wave, business_line, process_area,
    #: practice, target, current, gap, baseline, note, compared``), or None.
    phase_practices: pd.DataFrame | None = None


def gap_analysis(
    scores: Scores,
    targets: Targets | Mapping[str, Any] | str | Path,
    *,
    swot: pd.DataFrame | None = None,
    wave: str | Sequence[str] | None = None,
    top: int | None = None,
    responses: pd.DataFrame | None = None,
) -> Gaps:
    """Gaps between current and target capability, per line and PA, and a ranked backlog.

    Parameters
    ----------
    scores : Scores
        :func:`maturity.scoring.score.score` (any scoring rule). Not modified.
    targets : Targets, or what :func:`read_targets` reads
        The target profile (a path or mapping is read against ``scores.model``).
    swot : pandas.DataFrame, optional
        :func:`maturity.plan.swot.read_swot`: weaknesses naming a PA raise the priority of its
        practices in that line and are quoted in ``swot_weakness``.
    wave : str or sequence of str, optional
        Waves to analyse; default every wave for ``gaps``/``line_gaps`` and the latest wave for
        ``backlog``.
    top : int, optional
        Keep each line's ``top`` first backlog rows.
    responses : pandas.DataFrame, optional
        The responses scored; their ``evidence`` and ``comment`` texts fill the backlog's
        ``evidence`` and ``comment`` columns.

    Returns
    -------
    Gaps
        ``gaps``, ``line_gaps``, ``backlog``, ``profile`` (columns and formulas in the module
        docstring).

    Examples
    --------
    >>> from maturity import score
    >>> from maturity import load_model
    >>> m = load_model("cmmi-dev-1.3")
    >>> q = m.questions
    >>> answer = q.process_area.eq("PPQA").map({True: "1", False: "3"})   # PPQA weak
    >>> resp = pd.DataFrame({"wave": "2026-03", "business_line": "web", "respondent": "r1",
    ...                      "question": q.question, "practice": q.practice,
    ...                      "answer": answer, "value": answer.astype(float), "na": False})
    >>> g = gap_analysis(score(resp, m), {"default_level": 2})
    >>> g.gaps.loc[g.gaps.gap > 0, ["process_area", "current_level", "target_level", "gap",
    ...                             "n_blocking"]]
      process_area  current_level  target_level  gap  n_blocking
    5         PPQA              0             2    2          14
    >>> g.line_gaps[["maturity_level", "target_maturity_level", "level_gap", "effort"]]
       maturity_level  target_maturity_level  level_gap  effort
    0               1                      2          1      14
    >>> g.backlog[["practice", "characterization", "priority", "rank"]].head(3)
        practice characterization  priority  rank
    0  PPQA.SP1.1               PI    0.6000     1
    1  PPQA.SP1.2               PI    0.6000     2
    2  PPQA.SP2.1               PI    0.6000     3
    >>> for part in g.backlog.reason[0].split("; "):
    ...     print(part)
    blocks CL1-CL2 of PPQA (current CL0, target CL2, gap 2)
    PI, mean 1.0, coverage 100%
    blocking in 1 of 1 line
    """
    model = scores.model
    targets = _targets_for(targets, model)
    pa = scores.process_areas
    all_waves = order_waves(pa["wave"].astype(str).unique(), responses)
    waves = _select_waves(all_waves, wave)
    pa = pa[pa["wave"].astype(str).isin(waves)]
    lines = pa[["wave", "business_line"]].astype(str).drop_duplicates()
    profile = target_profile(targets, sorted(lines["business_line"].unique()))
    listed = set(targets.targets["business_line"]) - {""} - set(lines["business_line"])
    if listed:
        warnings.warn(f"targets name business lines that are not in the scores: "
                      f"{sorted(listed)}", MaturityWarning, stacklevel=2)

    g = _area_gaps(pa, lines, profile)
    b = _blocking_practices(scores.practices, g, model)
    nb = b.groupby(["wave", "business_line", "process_area"]).size().rename("n_blocking")
    g = g.merge(nb.reset_index(), on=["wave", "business_line", "process_area"], how="left")
    g["n_blocking"] = g["n_blocking"].fillna(0).astype("int64")
    gaps = g[GAP_COLUMNS].reset_index(drop=True)
    line_gaps = _line_gaps(scores.maturity, lines, g, b, targets, all_waves)

    profiled = g[["wave", "business_line"]].drop_duplicates()
    answered = targets.answers is not None and len(targets.answers) > 0
    bw = waves if wave is not None else [waves[-1]]
    # with target answers the level rows are cut to ``top`` after the answer rows join them
    backlog = rank_backlog(b, profiled, model, swot, responses, bw, None if answered else top)
    if targets.scope is not None and len(targets.scope):
        applied = scores.practices["aggregation_rule"].astype(str).str.startswith(
            ("out of scope:", "in scope (")).any()
        if not applied:
            warnings.warn("the targets carry scope decisions ('scope:') that these scores do "
                          "not show: score with maturity.score(..., scope=targets.scope)",
                          MaturityWarning, stacklevel=2)
    phases = phase_rows = None
    line_gaps = line_gaps.reset_index(drop=True)
    if answered:  # issue 14 hook: target answers as ranked backlog rows (plan/answer_backlog.py)
        ab = with_answer_rows(scores, targets, backlog, line_gaps, waves=bw, top=top, parts={
            "swot": _swot_weights(swot), "notes": _notes(responses),
            "required": required_level(model)})
        backlog, line_gaps, phases, phase_rows = (ab.backlog, ab.line_gaps, ab.phases,
                                                  ab.phase_practices)
    return Gaps(gaps, line_gaps, backlog, profile, phases, phase_rows)


def _targets_for(targets: Targets | Mapping[str, Any] | str | Path, model: Model) -> Targets:
    """The targets read against the scores' model (refused when read for another model)."""
    targets = read_targets(targets, model)
    if targets.model != model:
        raise TargetError(f"{targets.path}: the targets were read for model "
                          f"'{targets.model.id}' but the scores are for model '{model.id}'; "
                          "read them again with read_targets(path, scores.model)")
    return targets


def _area_gaps(pa: pd.DataFrame, lines: pd.DataFrame, profile: pd.DataFrame) -> pd.DataFrame:
    """Lines x target profile x current state: ``gap = max(0, target - current)`` per area,
    an area whose capability is not rated counted as CL0 (and noted)."""
    cur = pa[["wave", "business_line", "process_area", "rating", "capability_level", "score"]]
    cur = cur.assign(wave=cur["wave"].astype(str), business_line=cur["business_line"].astype(str))
    g = lines.merge(profile, on="business_line").merge(
        cur, on=["wave", "business_line", "process_area"], how="left")
    not_rated = g["capability_level"].isna()
    g["current_level"] = g["capability_level"].astype("Int64").fillna(0)
    g["gap"] = (g["target_level"] - g["current_level"]).clip(lower=0).astype("Int64")
    nr_note = np.where(not_rated, "current capability not rated; counted as CL0", "")
    g["note"] = ["; ".join(x for x in (a, b) if x)
                 for a, b in zip(g["note"], nr_note, strict=True)]
    g["rating"] = g["rating"].fillna("not rated")
    return g


def _blocking_practices(practices: pd.DataFrame, g: pd.DataFrame, model: Model) -> pd.DataFrame:
    """The practices of the open gaps required for a level above the current one and at most
    the target (``current < required <= target``) that are not in place (module Notes), with
    ``levels_blocked = target - max(current, required - 1)`` and their effort points."""
    req = required_level(model)
    p = practices.assign(wave=practices["wave"].astype(str),
                         business_line=practices["business_line"].astype(str))
    open_ = g.loc[g["gap"] > 0, ["wave", "business_line", "process_area", "current_level",
                                 "target_level", "gap", "target_maturity_level"]]
    b = p.merge(open_, on=["wave", "business_line", "process_area"])
    b["required_level"] = b["practice"].map(req).astype("Int64")
    ok = _OK
    if model.scoring == "cumulative" and model.cumulative_threshold == "FI":
        ok = ("FI", "NA")
    b = b[(b["required_level"] > b["current_level"]) & (b["required_level"] <= b["target_level"])
          & ~b["characterization"].isin(ok)].copy()
    b["levels_blocked"] = (b["target_level"] - np.maximum(b["current_level"],
                                                          b["required_level"] - 1)).astype("Int64")
    b["effort"] = np.where(b["characterization"].eq("PI"), 1, 2)
    return b


def _line_gaps(maturity: pd.DataFrame, lines: pd.DataFrame, g: pd.DataFrame, b: pd.DataFrame,
               targets: Targets, all_waves: list[str]) -> pd.DataFrame:
    """Per wave and line: maturity level against its target, the area gaps and effort."""
    mat = maturity.assign(wave=maturity["wave"].astype(str),
                          business_line=maturity["business_line"].astype(str))
    lg = lines.merge(mat[["wave", "business_line", "maturity_level"]],
                     on=["wave", "business_line"], how="left")
    tml = targets.maturity_targets(lg["business_line"].unique())
    lg["target_maturity_level"] = pd.array([tml[x] for x in lg["business_line"]], dtype="Int64")
    lg["maturity_level"] = lg["maturity_level"].astype("Int64")
    lg["level_gap"] = (lg["target_maturity_level"] - lg["maturity_level"]).clip(lower=0)
    agg = g.assign(_open=(g["gap"] > 0).astype("int64")).groupby(["wave", "business_line"]).agg(
        n_pa_gaps=("_open", "sum"), total_gap=("gap", "sum"),
        n_blocking_practices=("n_blocking", "sum"))
    eff = b.groupby(["wave", "business_line"])["effort"].sum()
    lg = lg.merge(agg.reset_index(), on=["wave", "business_line"], how="left").merge(
        eff.reset_index(), on=["wave", "business_line"], how="left")
    for c in ("n_pa_gaps", "total_gap", "n_blocking_practices", "effort"):
        lg[c] = lg[c].fillna(0).astype("int64")
    return lg.sort_values(["wave", "business_line"], kind="mergesort",
                          key=wave_sort_key(all_waves))[LINE_GAP_COLUMNS]


def _select_waves(all_waves: list[str], wave: str | Sequence[str] | None) -> list[str]:
    if wave is None:
        return all_waves
    want = [wave] if isinstance(wave, str) else [str(w) for w in wave]
    unknown = [w for w in want if w not in all_waves]
    if unknown:
        raise TargetError(f"wave {unknown[0]!r} is not in the scores; waves found: {all_waves}")
    return want
