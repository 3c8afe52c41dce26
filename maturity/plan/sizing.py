"""Sizing of a line's rollout on a fixed, documented scale: coach-weeks, pilot phases, training
and checkpoints.

Every constant of the scale is in :data:`SCALE` (one place); a plan can override any of them
(``plan_roadmap(scale={...})``). The figures are planning conventions of the PMO, stated so a
director can challenge them, not measurements; the reasoning behind each is given here.

**Effort points** come from the gap analysis (:mod:`maturity.plan.gap`): 1 point for a blocking
practice that is partially implemented (PI: strengthen it), 2 for one not implemented or not
yet characterised (build it).

**Coach-weeks** = ``effort_points / points_per_coach_week x headcount_factor``, where

- ``points_per_coach_week = 8``: a coach strengthens about 8 PI practices (or builds 4 new
  ones: write the procedure and template, run it once with the team, check the evidence) in a
  five-day week, leaving a day for meetings; 1 point is half a coach-day.
- ``headcount_factor = clip(sqrt(headcount / reference_headcount), min_factor,
  max_factor)`` with ``reference_headcount = 50`` (one coach works directly with a line of up
  to about 50 people), ``min_factor = 0.5``, ``max_factor = 3``: coaching grows with the number
  of people, but less than linearly, because trained champions inside the line carry the
  practice to their colleagues (a line of 200 needs twice the coaching of a line of 50).

**Pilot** = ``max(min_pilot_weeks, ceil(coach_weeks))`` weeks with one coach. A pilot longer
than ``max_pilot_weeks`` (26, half a year, the longest a pilot keeps management attention)
is never capped: it is split into consecutive **pilot phases** by process-area groups taken in
backlog order (lowest unmet maturity level first, :func:`pilot_phases`), each at most
``max_pilot_weeks`` long (a single process area longer than that is a phase of its own and
says so); the line gets a note.

**Training** = ``ceil(headcount / trainees_per_week)`` weeks (``trainees_per_week = 60``: two
classes of 30 a week), at least 1; **checkpoints** in a pilot: one every
``checkpoint_weeks`` (6) weeks of pilot, at least 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from maturity.exceptions import ValidationError

__all__ = ["SCALE", "scale", "headcount_factor", "coach_weeks", "pilot_length",
           "training_weeks", "n_checkpoints", "pilot_phases"]

#: The sizing scale (see the module docstring for the reasoning behind each value).
SCALE: dict[str, float] = {
    "points_per_coach_week": 8.0,
    "reference_headcount": 50.0,
    "min_factor": 0.5,
    "max_factor": 3.0,
    "min_pilot_weeks": 4.0,
    "max_pilot_weeks": 26.0,
    "trainees_per_week": 60.0,
    "checkpoint_weeks": 6.0,
    "quick_win_weeks": 13.0,
}


def scale(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """:data:`SCALE` with ``overrides`` (unknown keys or values <= 0 refused).

    Examples
    --------
    >>> scale({"max_pilot_weeks": 20})["max_pilot_weeks"]
    20.0
    """
    s = dict(SCALE)
    for k, v in (overrides or {}).items():
        if k not in s:
            raise ValidationError(f"unknown sizing constant {k!r}; expected some of "
                                  f"{', '.join(SCALE)}")
        if not (isinstance(v, int | float) and math.isfinite(v) and v > 0):
            raise ValidationError(f"sizing constant {k} = {v!r}; expected a number > 0")
        s[k] = float(v)
    if s["min_pilot_weeks"] > s["max_pilot_weeks"]:
        raise ValidationError(f"min_pilot_weeks {s['min_pilot_weeks']:g} > max_pilot_weeks "
                              f"{s['max_pilot_weeks']:g}; give min <= max")
    return s


def headcount_factor(headcount: float, sc: Mapping[str, float] = SCALE) -> float:
    """``clip(sqrt(headcount / reference), min_factor, max_factor)``.

    Examples
    --------
    >>> headcount_factor(50), headcount_factor(200), headcount_factor(5), headcount_factor(900)
    (1.0, 2.0, 0.5, 3.0)
    """
    h = max(0.0, float(headcount))
    f = math.sqrt(h / sc["reference_headcount"])
    return round(min(sc["max_factor"], max(sc["min_factor"], f)), 4)


def coach_weeks(effort_points: float, headcount: float,
                sc: Mapping[str, float] = SCALE) -> float:
    """Coach-weeks of a line: ``effort_points / points_per_coach_week x headcount_factor``.

    Examples
    --------
    >>> coach_weeks(712, 200)      # 712 / 8 x 2.0
    178.0
    >>> coach_weeks(232, 50)       # 232 / 8 x 1.0
    29.0
    """
    e = 0.0 if effort_points is None or pd.isna(effort_points) else float(effort_points)
    return round(e / sc["points_per_coach_week"] * headcount_factor(headcount, sc), 2)


def pilot_length(cw: float, sc: Mapping[str, float] = SCALE) -> int:
    """Total pilot weeks for ``cw`` coach-weeks: ``max(min_pilot_weeks, ceil(cw))``; never
    capped (split with :func:`pilot_phases`).

    Examples
    --------
    >>> pilot_length(2.5), pilot_length(29.0), pilot_length(178.0)
    (4, 29, 178)
    """
    return int(max(sc["min_pilot_weeks"], math.ceil(float(cw) - 1e-9)))


def training_weeks(headcount: float, sc: Mapping[str, float] = SCALE) -> int:
    """``max(1, ceil(headcount / trainees_per_week))``.

    Examples
    --------
    >>> training_weeks(10), training_weeks(60), training_weeks(300)
    (1, 1, 5)
    """
    return int(max(1, math.ceil(max(0.0, float(headcount)) / sc["trainees_per_week"] - 1e-9)))


def n_checkpoints(pilot_weeks: int, sc: Mapping[str, float] = SCALE) -> int:
    """One checkpoint every ``checkpoint_weeks`` weeks of pilot, at least 1.

    Examples
    --------
    >>> n_checkpoints(4), n_checkpoints(12), n_checkpoints(26)
    (1, 2, 4)
    """
    return int(max(1, pilot_weeks // sc["checkpoint_weeks"]))


def pilot_phases(pilot_weeks: int, backlog: pd.DataFrame | None,
                 sc: Mapping[str, float] = SCALE) -> list[dict[str, Any]]:
    """Split a pilot longer than ``max_pilot_weeks`` into phases by process-area groups.

    Parameters
    ----------
    pilot_weeks : int
        The line's total pilot weeks (:func:`pilot_length`).
    backlog : pandas.DataFrame or None
        The line's backlog rows in rank order (``process_area``, ``effort`` or a
        ``characterization`` to derive it, ``needed_for_level`` optional). Without it the
        pilot is cut into equal phases.
    sc : mapping
        The sizing scale.

    Returns
    -------
    list of dict
        ``{"weeks": int, "process_areas": [...], "level": int or None, "note": str}`` per
        phase (``level``: the lowest ``needed_for_level`` of its areas); one phase when the
        pilot fits.

    Notes
    -----
    Process areas are taken in backlog order (lowest level first); each area's share of the
    pilot is its effort share (effort points: ``effort``, else 1 for PI and 2 otherwise, else
    equal); areas are added to the current phase while it stays within ``max_pilot_weeks``;
    an area alone longer than that is cut into equal parts (``PP (part 1/2)``). Phase lengths
    are whole weeks adding up to the pilot (largest remainders).

    Examples
    --------
    >>> b = pd.DataFrame({"process_area": ["PP", "PP", "PMC", "OPF"],
    ...                   "effort": [2, 2, 2, 2], "needed_for_level": [2, 2, 2, 3]})
    >>> [(p["weeks"], p["process_areas"]) for p in pilot_phases(40, b)]
    [(20, ['PP']), (20, ['PMC', 'OPF'])]
    >>> [(p["weeks"], p["process_areas"]) for p in pilot_phases(60, b.iloc[:2])]
    [(20, ['PP (part 1/3)']), (20, ['PP (part 2/3)']), (20, ['PP (part 3/3)'])]
    """
    cap = int(sc["max_pilot_weeks"])
    if pilot_weeks <= cap:
        return [{"weeks": int(pilot_weeks), "process_areas": [], "level": None, "note": ""}]
    if backlog is None or not len(backlog):
        n = math.ceil(pilot_weeks / cap)
        base, extra = divmod(int(pilot_weeks), n)
        return [{"weeks": base + (i < extra), "process_areas": [], "level": None,
                 "note": f"pilot phase {i + 1} of {n} (equal split: no backlog)"}
                for i in range(n)]
    b = backlog
    if "effort" in b.columns:
        eff = b["effort"].astype(float)
    elif "characterization" in b.columns:
        eff = b["characterization"].eq("PI").map({True: 1.0, False: 2.0})
    else:
        eff = pd.Series(1.0, index=b.index)
    lvl = b["needed_for_level"] if "needed_for_level" in b.columns else pd.Series(
        [pd.NA] * len(b), index=b.index)
    groups: dict[str, float] = {}
    levels: dict[str, Any] = {}
    for pa, e, lv in zip(b["process_area"].astype(str), eff, lvl, strict=True):
        groups[pa] = groups.get(pa, 0.0) + float(e)
        levels.setdefault(pa, lv)
    total = sum(groups.values()) or 1.0
    # areas in backlog order; an area alone longer than the cap is cut into equal parts
    pieces: list[tuple[str, float]] = []
    for pa, e in groups.items():
        w = e / total * pilot_weeks
        k = max(1, math.ceil(w / cap - 1e-9))
        pieces += [(pa if k == 1 else f"{pa} (part {i + 1}/{k})", w / k) for i in range(k)]
    phases: list[dict[str, Any]] = []
    cur: list[str] = []
    cur_w = 0.0
    for name, w in pieces:
        if cur and cur_w + w > cap + 1e-9:
            phases.append({"areas": cur, "w": cur_w})
            cur, cur_w = [], 0.0
        cur.append(name)
        cur_w += w
    phases.append({"areas": cur, "w": cur_w})
    # whole weeks that add up to the pilot: largest remainders
    raw = [p["w"] for p in phases]
    whole = [math.floor(x + 1e-9) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: (-(raw[i] - whole[i]), i))[
            :int(pilot_weeks) - sum(whole)]:
        whole[i] += 1
    out = []
    for i, (p, w) in enumerate(zip(phases, whole, strict=True)):
        lv = [levels[a.split(" (part ")[0]] for a in p["areas"]
              if not pd.isna(levels[a.split(" (part ")[0]])]
        out.append({"weeks": max(1, int(w)), "process_areas": p["areas"],
                    "level": int(min(lv)) if lv else None,
                    "note": f"pilot phase {i + 1} of {len(phases)}: {', '.join(p['areas'])}"})
    return out
