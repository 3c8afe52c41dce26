"""Running the rollout (tracking): the log of what happened, its gates, plan vs actual, re-planning.

The roadmap (:mod:`maturity.plan.roadmap`) is a plan made once; the PMO practice it serves is a loop
run over months. The **rollout log** records what actually happened
(:mod:`maturity.plan.tracking_log`) and its gates are checked from it
(:mod:`maturity.plan.tracking_gates`); this module holds them against the plan.

Plan vs actual (:func:`track`): done phases keep their actual dates, the rest of a late line
moves by its slip, and every line not yet started is re-scheduled within the PMO capacity in the
plan's order. The as-of date comes from the log (its last event) or the caller, never the clock.

The company standard (:func:`standard_candidates`): practices in place (LI/FI) in all (or a
share of) the rolled-out lines are candidates for the organisation's standard process set;
practices in place in some of them only are tailoring candidates, with the lines that have them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.plan.schedule import next_monday
from maturity.plan.tracking_gates import (
    GATE_COLUMNS,
    _as_of,
    _line_events,
    benefit_shown,
    evaluate_gates,
)
from maturity.plan.tracking_log import (
    EVENTS,
    LOG_COLUMNS,
    RolloutLog,
    read_log,
    write_log_template,
)
from maturity.waves import order_waves

__all__ = [
    "STATUSES",
    "Tracking",
    "track",
    "standard_candidates",
    # re-exported from tracking_log and tracking_gates, where they are defined
    "LOG_COLUMNS",
    "EVENTS",
    "GATE_COLUMNS",
    "RolloutLog",
    "read_log",
    "write_log_template",
    "evaluate_gates",
    "benefit_shown",
]

#: Status of a phase or a line, from the earliest in the loop to the latest.
STATUSES = ("planned", "in progress", "done", "late", "blocked", "held")


@dataclass(frozen=True)
class Tracking:
    """Plan vs actual.

    Attributes
    ----------
    phases : DataFrame
        The plan's phases with ``actual_start, actual_end, status`` and the re-planned
        ``start, end`` (the baseline dates kept as ``planned_start, planned_end``).
    lines : DataFrame
        ``business_line, wave, status, reason, planned_end, end``.
    gates : DataFrame
        :data:`GATE_COLUMNS`, plus the wave-benefit gate of each later rollout wave.
    as_of : Timestamp
    """

    phases: pd.DataFrame
    lines: pd.DataFrame
    gates: pd.DataFrame
    as_of: pd.Timestamp


_PHASE_EVENT = {"co-design": "codesign", "codesign": "codesign",
                "training": "training", "training test": "training_test",
                "training retest": "training_test", "review": "review"}


def track(
    phases: pd.DataFrame,
    log: RolloutLog | pd.DataFrame,
    *,
    as_of: Any = None,
    capacity: int = 2,
    benefit: pd.DataFrame | None = None,
    pass_rate: float = 0.8,
    test_within_days: int = 7,
) -> Tracking:
    """Plan vs actual, and the rest of the plan re-scheduled from the as-of date.

    Parameters
    ----------
    phases : DataFrame
        :attr:`maturity.Roadmap.phases` (``wave, business_line, phase, start, end, kind``).
    log : RolloutLog or DataFrame
        What happened (:func:`read_log`).
    as_of : date-like, optional
        The day of the status (default: the log's last event; never the clock).
    capacity : int, default 2
        Lines the PMO coaches at once, as in the plan.
    benefit : DataFrame, optional
        :func:`benefit_shown` output; without it a later rollout wave whose predecessors have
        all finished their review is held until benefit is shown.
    pass_rate, test_within_days
        The training gate (:func:`evaluate_gates`).

    Returns
    -------
    Tracking

    Notes
    -----
    Status of a phase: ``done`` (its event is logged, or for the pilot the review is), ``in
    progress`` (started, not done), ``late`` (should have ended by the as-of date), ``blocked``
    (a gate before it failed), ``held`` (its rollout wave waits for the benefit of the previous
    one), else ``planned``. A late or blocked line's remaining phases move to start the Monday
    after the as-of date; lines not started are re-scheduled after it in plan order within
    ``capacity``.
    """
    events = log.events if isinstance(log, RolloutLog) else log
    day = _as_of(events, as_of)
    if day is None:
        raise InputError("the rollout log is empty and no as-of date was given; pass --as-of")
    events = events[events["date"] <= day]
    plan = phases[phases["kind"] != "stage"].copy()
    line_order = list(dict.fromkeys(plan["business_line"].astype(str)))
    gates = evaluate_gates(events, line_order, as_of=day, pass_rate=pass_rate,
                           test_within_days=test_within_days)
    g = {(r.business_line, r.gate): r for r in gates.itertuples()}
    waves = plan.groupby(plan["business_line"].astype(str), sort=False)["wave"].first()
    shown = set() if benefit is None else set(
        benefit.loc[benefit["shown"].astype(bool), "business_line"].astype(str))
    held_waves = _held_waves(waves, shown, benefit is not None)
    plan["planned_start"], plan["planned_end"] = plan["start"], plan["end"]
    plan["actual_start"], plan["actual_end"] = pd.NaT, pd.NaT
    plan["status"] = "planned"
    line_rows = []
    slip_to = next_monday(day)
    for line in line_order:
        idx = plan.index[plan["business_line"].astype(str) == line]
        status, reason = _line_status(plan, idx, events, line, g, day, held_waves,
                                      int(waves[line]))
        started = plan.loc[idx, "actual_start"].notna().any()
        pending = idx[~plan.loc[idx, "status"].eq("done")]
        if len(pending) and status in {"late", "blocked", "held"}:
            first_start = plan.loc[pending, "start"].min()
            shift = max(pd.Timedelta(0), slip_to - first_start)
            plan.loc[pending, ["start", "end"]] = plan.loc[pending, ["start", "end"]] + shift
        line_rows.append({"business_line": line, "wave": int(waves[line]), "status": status,
                          "reason": reason, "started": bool(started)})
    _reschedule(plan, line_rows, capacity, slip_to)
    ends = plan.groupby(plan["business_line"].astype(str), sort=False)
    lines = pd.DataFrame(line_rows)
    lines["planned_end"] = lines["business_line"].map(ends["planned_end"].max())
    lines["end"] = lines["business_line"].map(ends["end"].max())
    lines = lines.drop(columns="started")
    wave_gates = [{"business_line": "", "gate": f"rollout wave {w}", "status": "held",
                   "date": pd.NaT, "reason": _("benefit not yet shown by rollout wave {w}'s "
                                               "lines").format(w=w - 1)}
                  for w in sorted(held_waves)]
    gates = pd.concat([gates, pd.DataFrame(wave_gates, columns=GATE_COLUMNS)],
                      ignore_index=True) if wave_gates else gates
    cols = [*phases.columns.drop(["start", "end"], errors="ignore"), "planned_start",
            "planned_end", "start", "end", "actual_start", "actual_end", "status"]
    out = pd.concat([phases[phases["kind"] == "stage"], plan]).loc[phases.index]
    return Tracking(phases=out.reindex(columns=cols).reset_index(drop=True), lines=lines,
                    gates=gates, as_of=day)


def _held_waves(waves: pd.Series, shown: set[str], judged: bool) -> set[int]:
    held: set[int] = set()
    for w in sorted(set(waves.astype(int)))[1:]:
        previous = [b for b, v in waves.items() if int(v) == w - 1]
        if w - 1 in held or not judged or any(b not in shown for b in previous):
            held.add(w)
    return held


def _line_status(plan: pd.DataFrame, idx: pd.Index, events: pd.DataFrame, line: str,
                 g: dict[tuple[str, str], Any], day: pd.Timestamp, held: set[int],
                 wave: int) -> tuple[str, str]:
    for i in idx:
        name = str(plan.at[i, "phase"])
        ev = _PHASE_EVENT.get(name)
        sel = _line_events(events, line, ev) if ev else pd.DataFrame()
        if ev and not sel.empty:
            plan.at[i, "actual_start"] = plan.at[i, "actual_end"] = sel.iloc[0]["date"]
            if name in ("co-design", "codesign"):  # the director's sign-off closes it
                signed = _line_events(events, line, "signoff")
                if not signed.empty:
                    plan.at[i, "actual_end"] = signed.iloc[0]["date"]
            plan.at[i, "status"] = "done"
        if name == "pilot" and g[(line, "pilot")].status == "passed":
            plan.at[i, "actual_start"] = next_day(g[(line, "pilot")].date)
            reviewed = not _line_events(events, line, "review").empty
            if reviewed and g[(line, "checkpoints")].status != "failed":
                plan.at[i, "status"] = "done"
                plan.at[i, "actual_end"] = _line_events(events, line, "review").iloc[0]["date"]
            else:
                plan.at[i, "status"] = "in progress"
        if name.startswith("checkpoint"):
            checks = _line_events(events, line, "checkpoint")
            k = int(re.sub(r"\D", "", name) or 1)
            if len(checks) >= k:
                plan.at[i, "actual_start"] = plan.at[i, "actual_end"] = checks.iloc[k - 1]["date"]
                plan.at[i, "status"] = "done"
    reviewed = any(plan.at[i, "phase"] == "review" and plan.at[i, "status"] == "done"
                   for i in idx)
    # after the review, checkpoints not logged no longer make the line late
    pending = [i for i in idx if plan.at[i, "status"] != "done"
               and not (reviewed and plan.at[i, "kind"] == "checkpoint")]
    if g[(line, "pilot")].status == "blocked" and g[(line, "training_test")].status == "failed":
        for i in pending:
            plan.at[i, "status"] = "blocked"
        return "blocked", str(g[(line, "pilot")].reason)
    if g[(line, "checkpoints")].status == "failed":
        for i in pending:
            if plan.at[i, "status"] != "in progress":
                plan.at[i, "status"] = "blocked" if plan.at[i, "phase"] == "review" else "planned"
        return "in progress", str(g[(line, "checkpoints")].reason)
    if not pending:
        return "done", _("review held")
    if wave in held and not any(plan.at[i, "status"] == "done"
                                and plan.at[i, "phase"] not in ("co-design", "codesign")
                                for i in idx):  # co-design may go ahead while the wave waits
        for i in pending:
            plan.at[i, "status"] = "held"
        return "held", _("benefit not yet shown by rollout wave {w}'s lines").format(w=wave - 1)
    late = [i for i in pending if plan.at[i, "status"] == "planned" and plan.at[i, "end"] < day]
    for i in late:
        plan.at[i, "status"] = "late"
    for i in pending:
        if plan.at[i, "status"] == "planned" and plan.at[i, "start"] <= day:
            plan.at[i, "status"] = "in progress"
    if late:
        first = plan.loc[late].sort_values("end").iloc[0]
        return "late", _("{phase} planned to end {end:%Y-%m-%d}, not logged by {day:%Y-%m-%d}"
                         ).format(phase=first["phase"], end=first["end"], day=day)
    started = any(plan.at[i, "status"] in {"done", "in progress"} for i in idx)
    return ("in progress" if started else "planned"), (
        _("on plan") if started else _("not started; planned"))


def next_day(d: Any) -> pd.Timestamp:
    return pd.Timestamp(d) + pd.Timedelta(days=1)


def _reschedule(plan: pd.DataFrame, line_rows: list[dict[str, Any]], capacity: int,
                earliest: pd.Timestamp) -> None:
    """Lines not started keep their plan order and are packed within ``capacity``."""
    busy: list[pd.Timestamp] = []  # end of every line that holds a slot after ``earliest``
    for r in line_rows:
        idx = plan.index[plan["business_line"].astype(str) == r["business_line"]]
        start, end = plan.loc[idx, "start"].min(), plan.loc[idx, "end"].max()
        if r["started"] or r["status"] == "done":
            if end >= earliest:
                busy.append(end)
            continue
        busy = sorted(b for b in busy if b >= start)
        if len(busy) >= capacity:
            free = next_monday(busy[len(busy) - capacity])
            if free > start:
                shift = free - start
                pending = idx[plan.loc[idx, "status"] != "done"]
                plan.loc[pending, ["start", "end"]] = plan.loc[pending, ["start", "end"]] + shift
                end = end + shift
        busy.append(end)


def standard_candidates(
    practices: pd.DataFrame,
    lines: list[str] | None = None,
    *,
    share: float = 1.0,
) -> pd.DataFrame:
    """Practices to fold into the company's standard process set, and tailoring candidates.

    Parameters
    ----------
    practices : DataFrame
        :attr:`maturity.Scores.practices` (``wave, business_line, process_area, practice,
        characterization``); the latest survey wave of each line is used.
    lines : list of str, optional
        The rolled-out (standardised) lines (default: every line).
    share : float, default 1.0
        Share of those lines in which a practice must be in place (LI or FI) to be a standard
        candidate.

    Returns
    -------
    DataFrame
        ``process_area, practice, candidate ('standard' | 'tailoring'), n_lines, share,
        lines`` (``;``-separated lines that have it in place), standard candidates first.

    Examples
    --------
    >>> p = pd.DataFrame({"wave": ["2026-03"] * 4, "business_line": ["a", "a", "b", "b"],
    ...     "process_area": ["PP"] * 4, "practice": ["PP.1", "PP.2", "PP.1", "PP.2"],
    ...     "characterization": ["FI", "LI", "LI", "PI"]})
    >>> standard_candidates(p)[["practice", "candidate", "lines"]].values.tolist()
    [['PP.1', 'standard', 'a;b'], ['PP.2', 'tailoring', 'a']]
    """
    if not 0 < share <= 1:
        raise ValueError(f"share = {share}: give a share of lines in (0, 1]")
    p = practices[["wave", "business_line", "process_area", "practice", "characterization"]]
    p = p.astype({"wave": str, "business_line": str, "process_area": str, "practice": str,
                  "characterization": str})
    rank = {w: i for i, w in enumerate(order_waves(p["wave"]))}
    p = p.assign(_r=p["wave"].map(rank))
    latest = p.groupby("business_line")["_r"].transform("max")
    p = p[p["_r"] == latest]
    scope = list(dict.fromkeys(p["business_line"])) if lines is None else [str(b) for b in lines]
    p = p[p["business_line"].isin(scope)]
    in_place = p[p["characterization"].isin(["FI", "LI"])]
    grouped = in_place.groupby(["process_area", "practice"], sort=False)["business_line"]
    out = grouped.agg(n_lines="nunique", lines=lambda s: ";".join(sorted(set(s)))).reset_index()
    n = max(len(scope), 1)
    out["share"] = out["n_lines"] / n
    out["candidate"] = np.where(out["share"] + 1e-12 >= share, "standard", "tailoring")
    out = out.sort_values(["candidate", "n_lines", "process_area", "practice"],
                          ascending=[True, False, True, True], kind="mergesort")
    return out[["process_area", "practice", "candidate", "n_lines", "share", "lines"]
               ].reset_index(drop=True)
