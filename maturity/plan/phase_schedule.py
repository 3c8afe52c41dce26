"""Target phases on the rollout plan: each phase's end is a deadline the plan is checked against.

A target profile's phases (``phases: [{name, end, practices}]``,
:mod:`maturity.plan.targets_answers`) name when their target answers are due. The backlog
(:mod:`maturity.plan.answer_backlog`) ranks a line's rows phase by phase (earlier phase first),
and the line's pilot (:mod:`maturity.plan.schedule`) works through the backlog in rank order.
So, per planned line, phase ``k`` is finished when the pilot has spent on the backlog the effort
of every row ranked up to the last row of phase ``k``:

    planned_end(k) = the working day ceil(D x E(k) / E) of the line's pilot

where ``D`` is the pilot's working days (its pilot phases laid end to end, reviews between
them left out), ``E`` the line's backlog effort points and ``E(k)`` the cumulated effort up to
the last row of phase ``k``. Rows of a later phase never come before it, so phase ``k``'s
practices are planned in the line's pilot waves that finish by ``planned_end(k)``. (A pilot
longer than ``max_pilot_weeks`` is cut into pilot phases by process-area groups,
:func:`maturity.plan.sizing.pilot_phases`; the planned ends still take the backlog's rank
order through the pilot's working days, an approximation when an area spans target phases.)
The plan itself is not moved to meet a deadline: a missed one is reported, with what to do.

**Deadline.** A phase's ``end`` is a date or a wave label (``2026-06-30``, ``2026Q2``,
``2026年6月``), read with :func:`maturity.waves.parse_period`: the deadline is the *last* day
of the period it names (``2026Q2`` -> 2026-06-30; a full date -> that day). An end that names
no date (``w3``) is no deadline (a note says so). A line whose ``planned_end`` falls after its
phase's deadline misses it: ``meets`` is False, ``late_days`` counts the calendar days, and a
warning and a plan note (topic ``target phase``) name the line, the phase and the dates.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Any

import pandas as pd

from maturity.exceptions import MaturityWarning
from maturity.i18n import _
from maturity.waves import latest_wave, parse_period

__all__ = ["TARGET_PHASE_COLUMNS", "phase_deadline", "schedule_target_phases"]

#: Columns of the target-phase schedule (one row per target phase and business line).
TARGET_PHASE_COLUMNS = ["phase", "phase_order", "phase_end", "deadline", "business_line",
                        "wave", "n_practices", "effort_points", "planned_end", "meets",
                        "late_days", "note"]


def phase_deadline(end: object) -> pd.Timestamp | None:
    """The deadline a phase ``end`` names: the last day of its period, or None.

    Examples
    --------
    >>> phase_deadline("2026Q2"), phase_deadline("2026-05-15"), phase_deadline("w3")
    (Timestamp('2026-06-30 00:00:00'), Timestamp('2026-05-15 00:00:00'), None)
    """
    if end is None or (isinstance(end, float) and math.isnan(end)) or str(end).strip() == "":
        return None
    per = parse_period(str(end).strip())
    return None if per is None else pd.Timestamp(per[1])


def _pilot_days(phases: pd.DataFrame, line: str, cal: Any) -> list[pd.Timestamp]:  # noqa: ANN401
    """The working days of a line's pilot (its pilot phases in order)."""
    p = phases[(phases["business_line"].astype(str) == line) & (phases["kind"] == "phase")
               & phases["phase"].astype(str).str.match(r"pilot( \d+/\d+)?$")]
    days: list[pd.Timestamp] = []
    for a, b in zip(p["start"], p["end"], strict=True):
        days += [cal.add_days(a, i) for i in range(cal.count(a, b))]
    return days


def _line_rows(b: pd.DataFrame, days: list[pd.Timestamp], wave: Any) -> list[dict]:  # noqa: ANN401
    """Per target phase of one line's backlog: practices, effort and the planned end."""
    b = b.sort_values("rank", kind="mergesort")
    eff = b["effort"].astype(float)
    cum, total = eff.cumsum(), float(eff.sum())
    out = []
    for (order, phase, end), rows in b[b["phase"] != ""].groupby(
            ["phase_order", "phase", "phase_end"], sort=True):
        done = float(cum.loc[rows.index].max())
        planned = None
        if days and total > 0:
            planned = days[max(1, math.ceil(len(days) * done / total - 1e-9)) - 1]
        out.append({"phase": phase, "phase_order": int(order), "phase_end": end,
                    "business_line": b["business_line"].iloc[0], "wave": wave,
                    "n_practices": len(rows), "effort_points": int(eff.loc[rows.index].sum()),
                    "planned_end": planned})
    return out


def schedule_target_phases(backlog: pd.DataFrame, rm: Any) -> tuple[Any, pd.DataFrame]:  # noqa: ANN401
    """The target phases of a backlog on a roadmap: planned end per phase and line, checked
    against the phase's deadline (see the module docstring).

    Parameters
    ----------
    backlog : pandas.DataFrame
        The ranked backlog with target answers (:mod:`maturity.plan.answer_backlog`: columns
        ``phase, phase_order, phase_end, effort``); its latest wave is used.
    rm : maturity.plan.roadmap.Roadmap
        The plan (``roadmap``, ``phases``, ``notes``, ``settings["calendar"]``).

    Returns
    -------
    (Roadmap, pandas.DataFrame)
        ``rm`` with a note per missed deadline (topic ``target phase``), and
        :data:`TARGET_PHASE_COLUMNS` (lines not planned have no ``planned_end`` and say so).
        A missed deadline is also a :class:`maturity.exceptions.MaturityWarning`.

    Examples
    --------
    See ``tests/test_phase_schedule.py`` (a hand-worked plan).
    """
    if backlog is None or "phase" not in backlog.columns or not len(backlog):
        return rm, pd.DataFrame(columns=TARGET_PHASE_COLUMNS)
    last = latest_wave(backlog["wave"].astype(str))
    b = backlog[backlog["wave"].astype(str) == last]
    cal = rm.settings["calendar"]
    wave_of = rm.roadmap.set_index(rm.roadmap["business_line"].astype(str))["wave"]
    rows: list[dict] = []
    for line, lb in b.groupby(b["business_line"].astype(str), sort=True):
        wave = wave_of.get(line, pd.NA)
        days = _pilot_days(rm.phases, line, cal) if not pd.isna(wave) else []
        rows += _line_rows(lb, days, wave)
    out = pd.DataFrame(rows, columns=TARGET_PHASE_COLUMNS)
    out["deadline"] = [phase_deadline(e) for e in out["phase_end"]]
    late = _verdicts(out)
    out = out.sort_values(["phase_order", "business_line"], kind="mergesort")
    out["wave"] = out["wave"].astype("Int64")
    for c in ("deadline", "planned_end"):
        out[c] = pd.to_datetime(out[c])
    if late:
        extra = pd.DataFrame(late, columns=rm.notes.columns)
        rm = dataclasses.replace(rm, notes=pd.concat([rm.notes, extra], ignore_index=True))
    for n in late:
        warnings.warn(f"roadmap: {n['business_line']}: {n['note']}", MaturityWarning,
                      stacklevel=2)
    return rm, out[TARGET_PHASE_COLUMNS].reset_index(drop=True)


def _verdicts(out: pd.DataFrame) -> list[dict]:
    """Set ``meets``, ``late_days`` and ``note`` of every row; the late rows' plan notes."""
    notes, late, meets, days = [], [], [], []
    for r in out.itertuples(index=False):
        ok, d, note = pd.NA, pd.NA, ""
        if r.planned_end is None or pd.isna(r.planned_end):
            note = _("line not planned: no date for its target phase")
        elif r.deadline is None or pd.isna(r.deadline):
            if str(r.phase_end).strip():
                note = _("phase end {end!r} names no date: not checked as a deadline").format(
                    end=r.phase_end)
        else:
            d = max(0, (pd.Timestamp(r.planned_end) - r.deadline).days)
            ok = d == 0
            if not ok:
                note = _("target phase {phase} ends {deadline} but the plan finishes its "
                         "practices here on {day} ({d} days late): start the line earlier, "
                         "add coaches (--capacity) or move the phase end").format(
                    phase=r.phase, deadline=r.deadline.date(),
                    day=pd.Timestamp(r.planned_end).date(), d=d)
                late.append({"business_line": r.business_line, "topic": "target phase",
                             "note": note})
        meets.append(ok)
        days.append(d)
        notes.append(note)
    out["meets"] = pd.array(meets, dtype="boolean")
    out["late_days"] = pd.array(days, dtype="Int64")
    out["note"] = notes
    return late
