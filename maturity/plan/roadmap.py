"""Phased rollout roadmap: "pick the low apples first", then outward (the public entry point).

Process standardisation is rolled out in waves: first the business lines whose customers demand
strict processes (customer pressure is the strongest driver), then lines whose work is simple
enough to standardise cheaply, then the rest once earlier waves have shown results. People
trained in an early wave become the champions who carry the process into later lines.

The method, one module per step:

- line attributes: :func:`maturity.plan.roadmap_lines.read_lines`;
- scores per line on fixed scales (value, effort, readiness, priority) and the effort/value
  quadrant: :mod:`maturity.plan.roadmap_factors` (:func:`line_factors`);
- rollout waves by ordered, named rules ("customer pull", "simple work", "the rest",
  "deferred"), ordered within a wave by IE posture and priority:
  :mod:`maturity.plan.roadmap_waves` (:func:`assign_waves`);
- sizing (coach-weeks, pilot length and phases, training): :mod:`maturity.plan.sizing`;
- the schedule (coach capacity, working-day calendar, phases, wave gates, champions, PMO
  stages): :mod:`maturity.plan.schedule`; the plan and its reasons:
  :mod:`maturity.plan.roadmap_plan`;
- how the plan moves when a weight, cut-off or line attribute moves:
  :mod:`maturity.plan.sensitivity`.

Frames (columns in this order, plain RangeIndex):

- ``roadmap``: ``business_line, wave, start, end, priority, quadrant, value, effort,
  readiness, reason, champions`` then ``rank, rule, assessment_wave, group, headcount,
  complexity, customer_strictness, customer_requirement, posture, maturity_level,
  maturity_index, target_maturity_level, level_gap, total_gap, backlog_effort, n_backlog,
  focus, pilot_weeks, coach_weeks, headcount_factor, n_pilot_phases, training_weeks, coach,
  pilot_end, start_reason, champion_reason``; sorted by rank, left-out lines last by
  ``business_line``. ``wave`` is the rollout wave; ``assessment_wave`` the survey wave.
- ``notes``: ``business_line, topic, note``: every input problem the plan worked around.
- ``phases``: ``wave, business_line, phase, start, end, kind, detail`` (``kind`` ``stage``
  for the PMO stages, ``phase`` or ``checkpoint``).
- ``milestones``: ``stage, name, start, end, milestone``.
- ``sensitivity``: :data:`SENSITIVITY_COLUMNS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from maturity.plan.calendar import WorkCalendar
from maturity.plan.roadmap_factors import (
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHTS,
    NOTE_COLUMNS,
    SCORE_SCALE,
    line_factors,
)
from maturity.plan.roadmap_lines import LINE_COLUMNS, read_lines
from maturity.plan.roadmap_plan import ROADMAP_COLUMNS, Roadmap, StartDateError, base_roadmap
from maturity.plan.roadmap_waves import (
    DEFAULT_RULES,
    WaveRule,
    assign_waves,
    customer_pull_rule,
    default_rules,
    deferred_rule,
    quadrant_rule,
    rest_rule,
    simple_work_rule,
)
from maturity.plan.schedule import MILESTONE_COLUMNS, PHASE_COLUMNS
from maturity.plan.sensitivity import SENSITIVITY_COLUMNS, sensitivity, sensitivity_summary

# The roadmap's names, gathered here from the modules of the method's steps (the entry point
# callers import them from).
__all__ = [
    "Roadmap",
    "WaveRule",
    "StartDateError",
    "LINE_COLUMNS",
    "ROADMAP_COLUMNS",
    "PHASE_COLUMNS",
    "MILESTONE_COLUMNS",
    "SENSITIVITY_COLUMNS",
    "DEFAULT_WEIGHTS",
    "DEFAULT_THRESHOLDS",
    "DEFAULT_RULES",
    "SCORE_SCALE",
    "read_lines",
    "line_factors",
    "assign_waves",
    "customer_pull_rule",
    "simple_work_rule",
    "quadrant_rule",
    "rest_rule",
    "deferred_rule",
    "default_rules",
    "NOTE_COLUMNS",
    "plan_roadmap",
    "sensitivity",
]


def plan_roadmap(
    maturity: pd.DataFrame,
    line_gaps: pd.DataFrame,
    backlog: pd.DataFrame | None,
    lines: pd.DataFrame | str | Path,
    swot_summary: pd.DataFrame | None = None,
    *,
    gaps: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    rules: Sequence[WaveRule | tuple] | None = None,
    min_strictness: int = 2,
    max_complexity: int = 2,
    thresholds: Mapping[str, float] | None = None,
    scale: Mapping[str, float] | None = None,
    capacity: int = 2,
    start: Any = None,
    calendar: WorkCalendar | None = None,
    training_weeks: int | None = None,
    test_weeks: int = 1,
    pass_rate: float = 0.8,
    pass_rates: Mapping[str, float] | None = None,
    review_weeks: int = 1,
    n_checkpoints: int | None = None,
    codesign_weeks: int = 0,
    wave_gate: Literal["benefit", "review", "pilot", "none"] = "benefit",
    n_champions: int = 1,
    champions_per_source: int = 2,
    institutionalise_weeks: int = 4,
    reassess_weeks: int = 26,
    with_sensitivity: bool = False,
) -> Roadmap:
    """Plan the phased rollout: priorities, quadrants, waves, sizing, schedule, champions.

    Most callers use :func:`maturity.plan.rollout.plan_rollout`, which runs the gap analysis with
    the same inputs first (the one plan of the CLI, the report and the notebooks).

    Parameters
    ----------
    maturity, line_gaps, backlog, lines, swot_summary
        See :func:`line_factors`. None of them is modified.
    gaps : pandas.DataFrame, optional
        ``gap`` ``gaps`` frame: champions are chosen by the process areas a line lacks.
    weights : mapping, optional
        Overrides of :data:`DEFAULT_WEIGHTS`.
    rules : sequence of WaveRule, optional
        Ordered wave rules; default :func:`default_rules` with ``min_strictness`` and
        ``max_complexity``.
    min_strictness, max_complexity : int
        Cut-offs of the default rules (customer pull, simple work).
    thresholds : mapping, optional
        Overrides of :data:`DEFAULT_THRESHOLDS` (quadrants).
    scale : mapping, optional
        Overrides of :data:`maturity.plan.sizing.SCALE` (effort scale, pilot limits, training,
        checkpoint spacing).
    capacity : int, default 2
        Coaches (lines coached at once).
    start : date-like, optional
        First day of the plan (moved to a working day). Default: the first Monday after the
        latest assessment wave; a start on or before the assessment's last day is refused.
    calendar : WorkCalendar, optional
        Non-working days (holidays); default weekends only.
    training_weeks : int, optional
        Training length for every line; default scaled by headcount
        (:func:`maturity.plan.sizing.training_weeks`).
    test_weeks, pass_rate, pass_rates, review_weeks, n_checkpoints, codesign_weeks, wave_gate,
    n_champions, champions_per_source, institutionalise_weeks, reassess_weeks
        Schedule settings, see :func:`maturity.plan.schedule.schedule_lines`.
    with_sensitivity : bool, default False
        Also compute :func:`maturity.plan.sensitivity.sensitivity`.

    Returns
    -------
    Roadmap
        ``roadmap``, ``phases``, ``milestones``, ``notes``, ``settings`` and (optionally)
        ``sensitivity``.

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": "2026-03", "business_line": ["bank", "shop", "tools"],
    ...                     "maturity_level": [2, 1, 3], "maturity_index": [2.4, 1.6, 3.1]})
    >>> lg = pd.DataFrame({"wave": "2026-03", "business_line": ["bank", "shop", "tools"],
    ...                    "level_gap": [1, 1, 0], "total_gap": [6, 3, 0],
    ...                    "effort": [40, 16, 0]})
    >>> attrs = pd.DataFrame({"business_line": ["bank", "shop", "tools"],
    ...                       "group": ["FS", "Digital", "Digital"], "headcount": [80, 30, 10],
    ...                       "complexity": [4, 2, 1], "customer_strictness": [3, 0, 0]})
    >>> rm = plan_roadmap(mat, lg, None, attrs)
    >>> rm.roadmap[["business_line", "wave", "start", "end", "pilot_weeks", "champions"]]
      business_line  wave      start        end  pilot_weeks champions
    0          bank     1 2026-04-06 2026-06-19            7     tools
    1          shop     2 2026-05-21 2026-07-08            4     tools
    2         tools  <NA>        NaT        NaT         <NA>

    By hand: bank trains ceil(80/60) = 2 weeks (04-06..04-17), is tested (..04-24), pilots
    ceil(40/8 x sqrt(80/50)) = 7 weeks (04-27..06-12) and is reviewed (..06-19); its first
    checkpoint is working day 18 of 35 (05-20), so shop (rollout wave 2) starts the next
    working day. tools, already at target, is a champion from the start.
    >>> print(rm.roadmap.reason[1].split("; ")[0])
    Rollout wave 2 of 2 (simple work): its work is simple (complexity 2/5 <= 2)
    """
    kwargs = {"gaps": gaps, "weights": weights, "rules": rules,
              "min_strictness": min_strictness, "max_complexity": max_complexity,
              "thresholds": thresholds, "scale": scale, "capacity": capacity, "start": start,
              "calendar": calendar, "training_weeks": training_weeks, "test_weeks": test_weeks,
              "pass_rate": pass_rate, "pass_rates": pass_rates, "review_weeks": review_weeks,
              "n_checkpoints": n_checkpoints, "codesign_weeks": codesign_weeks,
              "wave_gate": wave_gate, "n_champions": n_champions,
              "champions_per_source": champions_per_source,
              "institutionalise_weeks": institutionalise_weeks,
              "reassess_weeks": reassess_weeks}
    rm = base_roadmap(maturity, line_gaps, backlog, lines, swot_summary, **kwargs)
    if not with_sensitivity:
        return rm
    # the variations start from the base plan's settings (its thresholds, scale, first day
    # and calendar resolved)
    s = rm.settings
    sens = sensitivity(maturity, line_gaps, backlog, lines, swot_summary, gaps=gaps,
                       weights=weights, rules=rules,
                       min_strictness=min_strictness, max_complexity=max_complexity,
                       thresholds=s["thresholds"], scale=s["scale"], capacity=capacity,
                       start=s["start"], calendar=s["calendar"],
                       training_weeks=training_weeks, test_weeks=test_weeks,
                       pass_rate=pass_rate, pass_rates=pass_rates,
                       review_weeks=review_weeks, n_checkpoints=n_checkpoints,
                       codesign_weeks=codesign_weeks, wave_gate=wave_gate,
                       n_champions=n_champions, champions_per_source=champions_per_source)
    return replace(rm, sensitivity=sens, sensitivity_summary=sensitivity_summary(sens))
