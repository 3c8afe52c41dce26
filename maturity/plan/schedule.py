"""Rollout schedule: dates, phases, coach capacity, wave gates, champions and PMO milestones.

Used by :func:`maturity.plan.roadmap.plan_roadmap`; usable on its own with a small frame of planned
lines (``business_line, wave, rank, pilot_weeks, group, complexity, priority``).

Calendar (every date is a calendar day, ends are inclusive): work is counted in **working days**,
Monday to Friday minus the non-working days of a :class:`maturity.plan.calendar.WorkCalendar`
(public holidays, a holidays file); a "week" is 5 working days, so a phase over a public holiday
ends later, and no phase, checkpoint or review starts on a non-working day.

- Each line goes through ``training`` (``training_weeks``;
  :func:`maturity.plan.sizing.training_weeks` scales it with headcount) -> ``training test``
  (``test_weeks``; gate: pass rate ``>= pass_rate``, 0.8 = 4 in 5) -> [``retraining`` + ``training
  retest`` when an observed pass rate is below the gate] -> ``pilot`` (one or more pilot phases,
  see :func:`maturity.plan.sizing.pilot_phases`; checkpoints one every ``checkpoint_weeks`` weeks,
  at least one, spread evenly) -> ``review`` (``review_weeks``; a ``phase review`` after each pilot
  phase but the last).
- **Capacity in coaches**: one coach per line from the first day of its training to the last
  day of its review; ``capacity`` coaches in all. Lines are taken in ``rank`` order and each
  gets the coach who frees first (lowest number on ties).
- **Wave gate, per line**: a line of rollout wave ``w`` starts no earlier than the working day
  after every line of earlier waves *showed benefit* (its first pilot checkpoint, or its review
  if sooner; ``wave_gate="benefit"``, default), so one long, complex line does not hold later
  waves while a coach is free; ``"review"`` waits for every earlier review, ``"pilot"`` for
  every earlier pilot, ``"none"`` for a coach only. ``start_reason`` says which held a line.
- **Champions**: core staff of a line that already has what the receiving line lacks. Sources
  are lines already at target (available from the first day) and planned lines of any wave
  (within a wave too, when lines run one after another) whose review ended before the
  receiving line starts. With the gap analysis' process-area levels (``pa_levels``) a source
  qualifies when it is at or above the receiving line's target level in at least one area the
  receiving line lacks; sources covering most such areas come first, then the same ``group``,
  the closest ``complexity``, the name. A source supports at most ``champions_per_source``
  receiving lines at a time. ``champion_reason`` names the areas.
- PMO stages (milestones): 1 assessment & SWOT (the 4 weeks before the plan starts),
  2 short-term plan (the first rollout wave), 3 institutionalise (later waves, plus
  ``institutionalise_weeks``), 4 continuous improvement (``reassess_weeks`` up to the next
  assessment).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import ValidationError
from maturity.i18n import _
from maturity.plan.calendar import WorkCalendar

__all__ = [
    "PHASE_COLUMNS",
    "MILESTONE_COLUMNS",
    "PMO_STAGES",
    "LINE_SCHEDULE_COLUMNS",
    "schedule_lines",
    "next_monday",
]

PHASE_COLUMNS = ["wave", "business_line", "phase", "start", "end", "kind", "detail"]
MILESTONE_COLUMNS = ["stage", "name", "start", "end", "milestone"]
LINE_SCHEDULE_COLUMNS = ["business_line", "start", "end", "champions", "coach", "pilot_end",
                         "first_checkpoint", "start_reason", "champion_reason", "coach_free"]
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


def _gate(wave_gate: str, earlier: list[dict[str, Any]], w: int, day0: pd.Timestamp,
          cal: WorkCalendar) -> tuple[pd.Timestamp, str]:
    """Earliest start of a line of wave ``w`` and why (see the module docstring)."""
    if wave_gate == "none" or not earlier:
        return day0, ""
    key, what = {"review": ("end", "ended its review"),
                 "pilot": ("pilot_end", "ended its pilot"),
                 "benefit": ("benefit", "showed benefit at its first checkpoint or ended its "
                             "review")}[wave_gate]
    last = max(earlier, key=lambda d: (d[key], d["business_line"]))
    waves = sorted({d["wave"] for d in earlier})
    wtxt = ", ".join(str(x) for x in waves)
    return cal.add_days(last[key], 1), _(
        "every line of rollout wave(s) {waves} {what} (last: {line} on {day})").format(
        waves=wtxt, what=_(what), line=last["business_line"], day=last[key].date())


def _pick_champions(row: Mapping[str, Any], start: pd.Timestamp, end: pd.Timestamp,
                    sources: list[dict[str, Any]], need: Mapping[str, int] | None,
                    levels: Mapping[str, Mapping[str, int]] | None, n: int,
                    per_source: int) -> list[tuple[str, list[str]]]:
    """Champions of one line: sources available before ``start`` that reach the line's target
    level in the process areas it lacks, at most ``per_source`` receiving lines per source at
    a time; most areas covered first, then same group, closest complexity, name."""
    if n <= 0:
        return []
    cand = []
    for src in sources:
        if src["business_line"] == row["business_line"] or src["available"] >= start:
            continue
        busy = sum(1 for a, b in src["serving"] if a <= end and b >= start)
        if busy >= per_source:
            continue
        if need and levels is not None:
            lv = levels.get(src["business_line"], {})
            covered = [pa for pa, t in need.items() if lv.get(pa, -1) >= t]
            if not covered:
                continue
        else:
            covered = []
        grp = row.get("group")
        cx = row.get("complexity")
        same = 0 if (isinstance(grp, str) and src.get("group") == grp) else 1
        dist = abs(float(src.get("complexity", 0)) - float(cx)) if _finite(cx) and _finite(
            src.get("complexity")) else 9.0
        cand.append((-len(covered), same, dist, src["business_line"], src, covered))
    cand.sort(key=lambda t: t[:4])
    out = []
    for *_k, src, covered in cand[:n]:
        src["serving"].append((start, end))
        out.append((src["business_line"], covered))
    return out


def schedule_lines(
    plan: pd.DataFrame,
    start: Any,
    *,
    capacity: int = 2,
    calendar: WorkCalendar | None = None,
    training_weeks: int = 2,
    test_weeks: int = 1,
    pass_rate: float = 0.8,
    pass_rates: Mapping[str, float] | None = None,
    review_weeks: int = 1,
    n_checkpoints: int | None = None,
    checkpoint_weeks: int = 6,
    codesign_weeks: int = 0,
    wave_gate: Literal["benefit", "review", "pilot", "none"] = "benefit",
    n_champions: int = 1,
    champions_per_source: int = 2,
    pa_levels: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    institutionalise_weeks: int = 4,
    reassess_weeks: int = 26,
    stage_texts: Mapping[int, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Schedule planned lines under the PMO's coach capacity; phases, champions, milestones.

    Parameters
    ----------
    plan : pandas.DataFrame
        One row per planned line: ``business_line, wave (int), rank (int), pilot_weeks (int),
        group, complexity, priority``; optional ``training_weeks`` (per line, else the
        argument) and ``pilot_phases`` (a list of :func:`maturity.plan.sizing.pilot_phases` dicts;
        else one phase of ``pilot_weeks``). Not modified.
    start : date-like
        First day of the plan (moved to the next working day).
    capacity : int, default 2
        Coaches: lines coached at once (one coach per line from training to review).
    calendar : WorkCalendar, optional
        Non-working days besides weekends; default none.
    training_weeks, test_weeks, review_weeks : int
        Phase lengths in weeks of 5 working days.
    codesign_weeks : int, default 0
        Weeks of the ``co-design`` phase before ``training`` (the line director and core
        project managers design the line's process with the PMO; the director's sign-off
        closes it); it holds the line's coach. 0 (default here) leaves it out;
        :func:`maturity.plan.rollout.plan_rollout` plans 1 week.
    pass_rate, pass_rates
        Gate of the training test; an observed rate below it adds retraining and a retest.
    n_checkpoints : int, optional
        Checkpoints per pilot phase; default one every ``checkpoint_weeks`` weeks, at least 1.
    checkpoint_weeks : int, default 6
        Spacing of the checkpoints when ``n_checkpoints`` is not given.
    wave_gate : {"benefit", "review", "pilot", "none"}
        When a line of a later rollout wave may start: once every earlier-wave line showed
        benefit (its first checkpoint, or its review if sooner; default), ended its review,
        ended its pilot, or at once.
    n_champions : int, default 1
        Champions per line (from any line available before it starts, any wave).
    champions_per_source : int, default 2
        Receiving lines one source line supports at a time.
    pa_levels : pandas.DataFrame, optional
        ``business_line, process_area, current_level, target_level`` (the gap analysis' latest
        wave): champions must reach the receiving line's target in the areas it lacks.
    sources : pandas.DataFrame, optional
        Lines not in the plan that can supply champions from the first day (lines already at
        target): ``business_line, group, complexity``.
    institutionalise_weeks, reassess_weeks : int
        Lengths of PMO stages 3 (beyond the last review) and 4.
    stage_texts : mapping, optional
        Milestone texts of the PMO stages (1-4) to use instead of the defaults.

    Returns
    -------
    (lines, phases, milestones)
        ``lines``: ``business_line, start, end, champions, coach, pilot_end,
        first_checkpoint, start_reason, champion_reason, coach_free`` (the day its coach was
        free: earlier than ``start`` when the wave gate held the line); ``phases``:
        :data:`PHASE_COLUMNS`; ``milestones``: :data:`MILESTONE_COLUMNS`.

    Examples
    --------
    >>> plan = pd.DataFrame({"business_line": ["a", "b", "c"], "wave": [1, 1, 2],
    ...                      "rank": [1, 2, 3], "pilot_weeks": [4, 6, 4],
    ...                      "group": ["x", "y", "x"], "complexity": [3, 2, 1],
    ...                      "priority": [0.9, 0.8, 0.7]})
    >>> lines, phases, stones = schedule_lines(plan, "2026-04-06", capacity=1)
    >>> lines.assign(start=lines.start.dt.date, end=lines.end.dt.date)[
    ...     ["business_line", "start", "end", "champions"]]
      business_line       start         end champions
    0             a  2026-04-06  2026-05-29
    1             b  2026-06-01  2026-08-07         a
    2             c  2026-08-10  2026-10-02         a
    """
    if capacity < 1:
        raise ValidationError(f"capacity = {capacity}: the PMO needs at least 1 coach; give "
                              "capacity >= 1")
    cal = calendar or WorkCalendar()
    day0 = cal.next_day(start)
    pass_rates = dict(pass_rates or {})
    need, levels = _needs(pa_levels)
    src_rows = _source_rows(sources, day0)
    order = plan.sort_values("rank", kind="mergesort").reset_index(drop=True)
    slots = [day0] * capacity
    done: list[dict[str, Any]] = []
    phase_rows: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    for _i, row in order.iterrows():
        w = int(row["wave"])
        bl = str(row["business_line"])
        # the first coach free, once the wave gate lets the line start
        gate, why = _gate(wave_gate, [d for d in done if d["wave"] < w], w, day0, cal)
        k = int(np.argmin(slots))
        free = slots[k]
        s = cal.next_day(max(slots[k], gate))
        if slots[k] > gate and slots[k] > day0:
            why = _("waits for a free coach (coach {k} free on {day})").format(
                k=k + 1, day=slots[k].date())
        elif not why:
            why = _("starts with the plan")
        # co-design, training, test [, retraining, retest], then the pilot phases
        tw = int(row["training_weeks"]) if "training_weeks" in row and not pd.isna(
            row["training_weeks"]) else int(training_weeks)
        seq = _training_sequence(tw, test_weeks, codesign_weeks, pass_rate, pass_rates.get(bl))
        rows_l, cur = _laid_out(seq, s, cal)
        pilot_rows, first_cp, pb, end = _pilot(row, cur, cal, n_checkpoints, checkpoint_weeks,
                                               review_weeks)
        rows_l += pilot_rows
        champs = _pick_champions(row, s, end, src_rows + [d["src"] for d in done],
                                 need.get(bl), levels, n_champions, champions_per_source)
        for r in rows_l:
            phase_rows.append({"wave": w, "business_line": bl, **r})
        line_rows.append({
            "business_line": bl, "start": s, "end": end,
            "champions": ";".join(c for c, _a in champs), "coach": k + 1, "pilot_end": pb,
            "first_checkpoint": first_cp, "start_reason": why,
            "champion_reason": "; ".join(
                f"{c} ({', '.join(a)})" if a else c for c, a in champs), "coach_free": free})
        benefit = min(first_cp, end) if first_cp is not None else end
        done.append({"business_line": bl, "wave": w, "end": end, "pilot_end": pb,
                     "benefit": benefit,
                     "src": {"business_line": bl, "group": row.get("group"),
                             "complexity": row.get("complexity"), "available": end,
                             "serving": []}})
        slots[k] = cal.add_days(end, 1)
    stones = _milestones(day0, done, institutionalise_weeks, reassess_weeks, cal, stage_texts)
    return (*_frames(line_rows, phase_rows, stones), stones)


def _needs(pa_levels: pd.DataFrame | None
           ) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]] | None]:
    """Per line: the target level of each area it lacks, and its current level of each area."""
    need: dict[str, dict[str, int]] = {}
    levels: dict[str, dict[str, int]] | None = None
    if pa_levels is not None and len(pa_levels):
        levels = {}
        for r in pa_levels.itertuples(index=False):
            bl, pa = str(r.business_line), str(r.process_area)
            cur, tgt = int(r.current_level), int(r.target_level)
            levels.setdefault(bl, {})[pa] = cur
            if tgt > cur:
                need.setdefault(bl, {})[pa] = tgt
    return need, levels


def _source_rows(sources: pd.DataFrame | None, day0: pd.Timestamp) -> list[dict[str, Any]]:
    """The lines already at target, champions' sources from the first day."""
    src_rows: list[dict[str, Any]] = []
    if sources is not None:
        for r in sources.itertuples(index=False):
            src_rows.append({"business_line": str(r.business_line), "group": r.group,
                             "complexity": r.complexity, "available": day0 - _DAY,
                             "serving": []})
    return src_rows


def _training_sequence(tw: int, test_weeks: int, codesign_weeks: int, pass_rate: float,
                       observed: float | None) -> list[tuple[str, int, str]]:
    """The phases before the pilot: (co-design,) training, training test, and retraining with
    a retest when the observed pass rate is below the gate."""
    seq: list[tuple[str, int, str]] = [
        ("co-design", int(codesign_weeks),
         _("the line director and core project managers design the line's process with "
           "the PMO; sign-off closes it")),
    ] if int(codesign_weeks) > 0 else []
    seq += [
        ("training", tw, _("targeted training of the line's staff")),
        ("training test", test_weeks,
         _("gate: pass rate >= {rate:.2f} before the pilot").format(rate=pass_rate)),
    ]
    if observed is not None and observed < pass_rate:
        seq += [("retraining", 1, _("observed pass rate {obs:.2f} < {rate:.2f}").format(
                    obs=observed, rate=pass_rate)),
                ("training retest", test_weeks,
                 _("gate: pass rate >= {rate:.2f} before the pilot").format(
                     rate=pass_rate))]
    return seq


def _laid_out(seq: list[tuple[str, int, str]], cur: pd.Timestamp,
              cal: WorkCalendar) -> tuple[list[dict[str, Any]], pd.Timestamp]:
    """Phases one after another from ``cur`` in working weeks; the rows and the next day."""
    rows_l: list[dict[str, Any]] = []
    for name, weeks, detail in seq:
        a, b = cal.span(cur, 5 * weeks)
        rows_l.append({"phase": name, "start": a, "end": b, "kind": "phase",
                       "detail": detail})
        cur = cal.add_days(b, 1)
    return rows_l, cur


def _pilot(row: Mapping[str, Any], cur: pd.Timestamp, cal: WorkCalendar,
           n_checkpoints: int | None, checkpoint_weeks: int, review_weeks: int
           ) -> tuple[list[dict[str, Any]], pd.Timestamp | None, pd.Timestamp, pd.Timestamp]:
    """The pilot phases from ``cur``, each with its checkpoints spread evenly and its review:
    the rows, the first checkpoint, the pilot's end and the last review's end."""
    rows_l: list[dict[str, Any]] = []
    phases_p = row["pilot_phases"] if "pilot_phases" in row and isinstance(
        row["pilot_phases"], list) and row["pilot_phases"] else [
        {"weeks": int(row["pilot_weeks"]), "process_areas": [], "note": ""}]
    first_cp = None
    pb = cur
    for j, ph in enumerate(phases_p):
        pw = int(ph["weeks"])
        pa, pb = cal.span(cur, 5 * pw)
        label = "pilot" if len(phases_p) == 1 else f"pilot {j + 1}/{len(phases_p)}"
        detail = _("{weeks} weeks on the line's backlog").format(weeks=pw)
        if ph.get("process_areas"):
            detail += ": " + ", ".join(ph["process_areas"])
        rows_l.append({"phase": label, "start": pa, "end": pb, "kind": "phase",
                       "detail": detail})
        ncp = int(n_checkpoints) if n_checkpoints is not None else max(
            1, pw // max(1, int(checkpoint_weeks)))
        days = cal.count(pa, pb)
        for i in range(1, ncp + 1):
            off = max(1, round(i * days / (ncp + 1)))
            day = cal.add_days(pa, off - 1)
            wk = max(1, math.ceil(off / 5))
            first_cp = day if first_cp is None else first_cp
            rows_l.append({"phase": f"checkpoint {i}" if len(phases_p) == 1
                           else f"checkpoint {j + 1}.{i}", "start": day, "end": day,
                           "kind": "checkpoint",
                           "detail": _("pilot week {wk} of {pw}").format(wk=wk, pw=pw)})
        ra, rb = cal.span(cal.add_days(pb, 1), 5 * review_weeks)
        last = j == len(phases_p) - 1
        rows_l.append({"phase": "review" if last else f"phase review {j + 1}",
                       "start": ra, "end": rb, "kind": "phase",
                       "detail": _("results, lessons learned, core staff become "
                                   "champions") if last else _(
                           "results of pilot phase {j}; next phase planned").format(
                           j=j + 1)})
        cur = cal.add_days(rb, 1)
    return rows_l, first_cp, pb, rb


def _frames(line_rows: list[dict[str, Any]], phase_rows: list[dict[str, Any]],
            stones: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lines and the phases (the PMO stages first) as frames."""
    lines = pd.DataFrame(line_rows, columns=LINE_SCHEDULE_COLUMNS)
    stage_rows = [{"wave": pd.NA, "business_line": "", "phase": f"stage {r.stage}: {r.name}",
                   "start": r.start, "end": r.end, "kind": "stage", "detail": r.milestone}
                  for r in stones.itertuples()]
    phases = pd.DataFrame(stage_rows + phase_rows, columns=PHASE_COLUMNS)
    phases["wave"] = phases["wave"].astype("Int64")
    for c in ("start", "end"):
        phases[c] = pd.to_datetime(phases[c])
    for c in ("start", "end", "pilot_end", "first_checkpoint", "coach_free"):
        lines[c] = pd.to_datetime(lines[c])
    lines["coach"] = lines["coach"].astype("int64")
    return lines, phases


def _milestones(day0: pd.Timestamp, done: list[dict[str, Any]], inst_weeks: int,
                reassess_weeks: int, cal: WorkCalendar,
                texts: Mapping[int, str] | None = None) -> pd.DataFrame:
    """The four PMO stages as spans with their closing milestone."""
    end1 = day0 - _DAY
    if done:
        w1 = min(d["wave"] for d in done)
        end2 = max(d["end"] for d in done if d["wave"] == w1)
        last = max(d["end"] for d in done)
    else:
        end2 = last = end1
    s3 = cal.add_days(end2, 1)
    end3 = cal.add_days(max(last, end2), 5 * inst_weeks)
    s4 = cal.add_days(end3, 1)
    end4 = cal.add_days(s4, 5 * reassess_weeks - 1)
    t = {1: _("assessment report and SWOT accepted; roadmap approved"),
         2: _("first rollout wave rolled out"),
         3: _("later rollout waves rolled out; process folded into the organisation's "
              "standard set"),
         4: _("re-assessment: next survey wave measures the change"), **(texts or {})}
    rows = [
        (1, PMO_STAGES[0], min(day0 - pd.Timedelta(days=28), end1), end1, t[1]),
        (2, PMO_STAGES[1], day0, max(end2, day0), t[2]),
        (3, PMO_STAGES[2], s3, end3, t[3]),
        (4, PMO_STAGES[3], s4, end4, t[4]),
    ]
    out = pd.DataFrame(rows, columns=MILESTONE_COLUMNS)
    for c in ("start", "end"):
        out[c] = pd.to_datetime(out[c])
    return out
