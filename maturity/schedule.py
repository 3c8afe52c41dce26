"""Rollout schedule: dates, phases, PMO capacity, wave gates, champions and PMO-stage milestones.

Used by :func:`maturity.roadmap.plan_roadmap`; usable on its own with a small frame of planned
lines (``business_line, wave, rank, pilot_weeks, group, complexity``).

Calendar (every date is a calendar day, ends are inclusive):

- Work is planned in whole weeks, Monday to Friday; a phase of ``k`` weeks starting on Monday
  ``s`` ends on Friday ``s + 7k - 3`` days; the next phase starts the Monday after.
- Each line goes through ``training`` (``training_weeks``, 1-2) -> ``training test`` (within
  ``test_weeks`` = 1 week; gate: pass rate ``>= pass_rate``, 0.8 = 4 in 5) -> [``retraining``
  + ``training retest`` when an observed pass rate is given and below the gate] -> ``pilot``
  (``pilot_weeks``, with ``n_checkpoints`` one-day checkpoints on Fridays spread evenly inside
  it) -> ``review`` (``review_weeks``).
- The PMO coaches at most ``capacity`` lines at once: a line holds a coaching slot from the
  first day of its training to the last day of its review.
- Lines are taken in ``rank`` order (wave, then priority, then ``business_line``) and each gets
  the slot that frees first (lowest slot number on ties). A line of wave ``w`` starts no
  earlier than the wave gate: the Monday after every line of earlier waves ended its review
  (``wave_gate="review"``, default: earlier waves have shown results), or its pilot
  (``"pilot"``), or at once (``"none"``: capacity only).
- Champions: each line of wave ``w >= 2`` is assigned ``n_champions`` lines of earlier waves
  that ended their review before it starts (trained core staff), most similar first: same
  ``group`` first, then the smallest ``complexity`` difference, then higher priority, then
  ``business_line``.
- PMO stages (milestones): 1 assessment & SWOT (the 4 weeks up to the Friday before the plan
  starts),
  2 short-term plan (wave 1), 3 institutionalise (later waves, plus ``institutionalise_weeks``
  to fold the process into the organisation's standard set), 4 continuous improvement
  (``reassess_weeks`` up to the next assessment).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "PHASE_COLUMNS",
    "MILESTONE_COLUMNS",
    "PMO_STAGES",
    "schedule_lines",
    "next_monday",
    "pilot_weeks",
]

PHASE_COLUMNS = ["wave", "business_line", "phase", "start", "end", "kind", "detail"]
MILESTONE_COLUMNS = ["stage", "name", "start", "end", "milestone"]
#: The four-stage PMO frame around the rollout, in order.
PMO_STAGES = ["assessment & SWOT", "short-term plan", "institutionalise", "continuous improvement"]
_DAY = pd.Timedelta(days=1)


def next_monday(day: Any, *, strictly: bool = True) -> pd.Timestamp:
    """The first Monday after ``day`` (or ``day`` itself if a Monday and ``strictly=False``).

    Examples
    --------
    >>> next_monday("2026-03-31").date()        # a Tuesday
    datetime.date(2026, 4, 6)
    >>> next_monday("2026-04-06", strictly=False).date()
    datetime.date(2026, 4, 6)
    """
    d = pd.Timestamp(day).normalize()
    ahead = (7 - d.weekday()) % 7
    if ahead == 0 and strictly:
        ahead = 7
    return d + pd.Timedelta(days=ahead)


def _weeks(start: pd.Timestamp, weeks: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(start, inclusive Friday end) of ``weeks`` working weeks from Monday ``start``."""
    return start, start + pd.Timedelta(days=7 * weeks - 3)


def pilot_weeks(effort: float, *, effort_per_week: float = 8.0, min_weeks: int = 4,
                max_weeks: int = 26) -> int:
    """Pilot length in weeks: ``ceil(effort / effort_per_week)`` clipped to [min, max].

    Examples
    --------
    >>> pilot_weeks(130), pilot_weeks(9), pilot_weeks(1000)
    (17, 4, 26)
    """
    e = 0.0 if effort is None or (isinstance(effort, float) and math.isnan(effort)) else effort
    return int(min(max_weeks, max(min_weeks, math.ceil(float(e) / effort_per_week - 1e-9))))


def _champions(line: Mapping[str, Any], done: pd.DataFrame | list[dict[str, Any]],
               n: int) -> list[str]:
    """Most similar earlier-wave lines (already rolled out) as champions of ``line``: same
    group first, then the closest complexity, then the highest priority, then the name."""
    if n <= 0 or len(done) == 0:
        return []
    if isinstance(done, list):
        fast = _champions_of_rows(line, done, n)
        if fast is not None:
            return fast
        done = pd.DataFrame(done, columns=["business_line", "wave", "end", "pilot_end", "group",
                                           "complexity", "priority"])
    c = done.assign(_g=(done["group"] != line["group"]).astype(int),
                    _c=(done["complexity"] - line["complexity"]).abs(),
                    _p=-done["priority"].round(9))
    c = c.sort_values(["_g", "_c", "_p", "business_line"], kind="mergesort")
    return c["business_line"].head(n).tolist()


def _finite(x: Any) -> bool:
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool) \
        and math.isfinite(x)


def _champions_of_rows(line: Mapping[str, Any], done: list[dict[str, Any]],
                       n: int) -> list[str] | None:
    """:func:`_champions` on the rows as kept by :func:`schedule_lines` (no frame a line): the
    same stable order; None (use the frame) when a value is missing or not a plain number/text."""
    g = line["group"]
    if not _finite(line["complexity"]) or not isinstance(g, str) or not all(
            _finite(d["complexity"]) and _finite(d["priority"]) and isinstance(d["group"], str)
            and isinstance(d["business_line"], str) for d in done):
        return None
    cx = line["complexity"]

    def key(d: dict[str, Any]) -> tuple[int, float, float, str]:
        p = d.get("_p")
        if p is None:  # -priority rounded as pandas rounds it, once a row
            p = d["_p"] = -float(np.round(d["priority"], 9))
        return (int(d["group"] != g), abs(d["complexity"] - cx), p, d["business_line"])
    # = sorted(done, key=key)[:n], stable, without sorting every row
    return [d["business_line"] for d in heapq.nsmallest(n, done, key=key)]


def schedule_lines(
    plan: pd.DataFrame,
    start: Any,
    *,
    capacity: int = 2,
    training_weeks: int = 2,
    test_weeks: int = 1,
    pass_rate: float = 0.8,
    pass_rates: Mapping[str, float] | None = None,
    review_weeks: int = 1,
    n_checkpoints: int = 2,
    wave_gate: Literal["review", "pilot", "none"] = "review",
    n_champions: int = 1,
    institutionalise_weeks: int = 4,
    reassess_weeks: int = 26,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Schedule planned lines under the PMO capacity; phases, champions and milestones.

    Parameters
    ----------
    plan : pandas.DataFrame
        One row per planned line: ``business_line, wave (int), rank (int), pilot_weeks (int),
        group, complexity, priority``. Not modified.
    start : date-like
        First day of the plan (moved to the next Monday if it is not one).
    capacity : int, default 2
        Lines the PMO coaches at once.
    training_weeks, test_weeks, review_weeks : int
        Phase lengths in weeks (training 1-2 weeks, test within a week).
    pass_rate : float, default 0.8
        Gate of the training test (4 in 5 must pass before the pilot).
    pass_rates : mapping business_line -> float, optional
        Observed pass rates; a line below the gate gets a week of retraining and a retest.
    n_checkpoints : int, default 2
        One-day checkpoints inside each pilot.
    wave_gate : {"review", "pilot", "none"}
        When a later wave may start (see the module docstring).
    n_champions : int, default 1
        Champions per line of waves 2+.
    institutionalise_weeks, reassess_weeks : int
        Lengths of PMO stages 3 (beyond the last review) and 4.

    Returns
    -------
    (lines, phases, milestones)
        ``lines``: ``business_line, start, end, champions`` (``champions`` ``;``-separated);
        ``phases``: :data:`PHASE_COLUMNS`, PMO stages first, then lines in rank order;
        ``milestones``: :data:`MILESTONE_COLUMNS`.

    Examples
    --------
    >>> plan = pd.DataFrame({"business_line": ["a", "b", "c"], "wave": [1, 1, 2],
    ...                      "rank": [1, 2, 3], "pilot_weeks": [4, 6, 4],
    ...                      "group": ["x", "y", "x"], "complexity": [3, 2, 1],
    ...                      "priority": [0.9, 0.8, 0.7]})
    >>> lines, phases, stones = schedule_lines(plan, "2026-04-06", capacity=1)
    >>> lines.assign(start=lines.start.dt.date, end=lines.end.dt.date)
      business_line       start         end champions
    0             a  2026-04-06  2026-05-29
    1             b  2026-06-01  2026-08-07
    2             c  2026-08-10  2026-10-02         a
    """
    if capacity < 1:
        from maturity.exceptions import ValidationError

        raise ValidationError(f"capacity = {capacity}: the PMO must coach at least 1 line at "
                              "once; give capacity >= 1")
    day0 = next_monday(start, strictly=False)
    pass_rates = dict(pass_rates or {})
    order = plan.sort_values("rank", kind="mergesort").reset_index(drop=True)
    slots = [day0] * capacity
    done_rows: list[dict[str, Any]] = []
    phase_rows: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    for _, row in order.iterrows():
        w = int(row["wave"])
        earlier = [d for d in done_rows if d["wave"] < w]
        gate = day0
        if wave_gate != "none" and earlier:
            key = "end" if wave_gate == "review" else "pilot_end"
            gate = next_monday(max(d[key] for d in earlier))
        k = int(np.argmin(slots))  # first of the earliest-free slots
        s = max(slots[k], gate)
        bl = row["business_line"]
        seq: list[tuple[str, int, str]] = [
            ("training", training_weeks, "targeted training of the line's staff"),
            ("training test", test_weeks,
             f"gate: pass rate >= {pass_rate:.2f} before the pilot"),
        ]
        observed = pass_rates.get(bl)
        if observed is not None and observed < pass_rate:
            seq += [("retraining", 1, f"observed pass rate {observed:.2f} < {pass_rate:.2f}"),
                    ("training retest", test_weeks,
                     f"gate: pass rate >= {pass_rate:.2f} before the pilot")]
        cur = s
        rows_l: list[dict[str, Any]] = []
        for name, weeks, detail in seq:
            a, b = _weeks(cur, weeks)
            rows_l.append({"phase": name, "start": a, "end": b, "kind": "phase",
                           "detail": detail})
            cur = next_monday(b)
        pw = int(row["pilot_weeks"])
        pa, pb = _weeks(cur, pw)
        rows_l.append({"phase": "pilot", "start": pa, "end": pb, "kind": "phase",
                       "detail": f"{pw} weeks on the line's backlog"})
        for i in range(1, n_checkpoints + 1):
            wk = max(1, round(i * pw / (n_checkpoints + 1)))
            day = pa + pd.Timedelta(days=7 * wk - 3)
            rows_l.append({"phase": f"checkpoint {i}", "start": day, "end": day,
                           "kind": "checkpoint", "detail": f"pilot week {wk} of {pw}"})
        ra, rb = _weeks(next_monday(pb), review_weeks)
        rows_l.append({"phase": "review", "start": ra, "end": rb, "kind": "phase",
                       "detail": "results, lessons learned, core staff become champions"})
        champs = _champions(row, [d for d in earlier if d["end"] < s], n_champions) if w > 1 else []
        for r in rows_l:
            phase_rows.append({"wave": w, "business_line": bl, **r})
        line_rows.append({"business_line": bl, "start": s, "end": rb,
                          "champions": ";".join(champs)})
        done_rows.append({"business_line": bl, "wave": w, "end": rb, "pilot_end": pb,
                          "group": row["group"], "complexity": row["complexity"],
                          "priority": float(row["priority"])})
        slots[k] = next_monday(rb)
    lines = pd.DataFrame(line_rows, columns=["business_line", "start", "end", "champions"])
    stones = _milestones(day0, done_rows, institutionalise_weeks, reassess_weeks)
    stage_rows = [{"wave": pd.NA, "business_line": "", "phase": f"stage {r.stage}: {r.name}",
                   "start": r.start, "end": r.end, "kind": "stage", "detail": r.milestone}
                  for r in stones.itertuples()]
    phases = pd.DataFrame(stage_rows + phase_rows, columns=PHASE_COLUMNS)
    phases["wave"] = phases["wave"].astype("Int64")
    for c in ("start", "end"):
        phases[c] = pd.to_datetime(phases[c])
        lines[c] = pd.to_datetime(lines[c])
    return lines, phases, stones


def _milestones(day0: pd.Timestamp, done: list[dict[str, Any]], inst_weeks: int,
                reassess_weeks: int) -> pd.DataFrame:
    """The four PMO stages as spans with their closing milestone."""
    end1 = day0 - pd.Timedelta(days=3)
    if done:
        w1 = min(d["wave"] for d in done)
        end2 = max(d["end"] for d in done if d["wave"] == w1)
        last = max(d["end"] for d in done)
    else:
        end2 = last = end1
    s3 = next_monday(end2)
    end3 = max(last, s3 - pd.Timedelta(days=3)) + pd.Timedelta(days=7 * inst_weeks)
    s4 = next_monday(end3)
    end4 = s4 + pd.Timedelta(days=7 * reassess_weeks - 3)
    rows = [
        (1, PMO_STAGES[0], min(day0 - pd.Timedelta(days=28), end1), end1,
         "assessment report and SWOT accepted; roadmap approved"),
        (2, PMO_STAGES[1], day0, max(end2, day0),
         "first wave rolled out where customer pull is strongest"),
        (3, PMO_STAGES[2], s3, end3,
         "later waves rolled out; process folded into the organisation's standard set"),
        (4, PMO_STAGES[3], s4, end4, "re-assessment: next survey wave measures the change"),
    ]
    out = pd.DataFrame(rows, columns=MILESTONE_COLUMNS)
    for c in ("start", "end"):
        out[c] = pd.to_datetime(out[c])
    return out
