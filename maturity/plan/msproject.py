"""MS Project XML (MSPDI) export of a rollout plan, and a reader to check it.

Microsoft Project opens ``.xml`` files in its *Project XML* format (MSPDI, schema
``http://schemas.microsoft.com/project``); ProjectLibre, GanttProject and every MPXJ-based
tool import it too. :func:`write_msproject` writes:

- a calendar ``Standard`` (Monday to Friday, 08:00-12:00 and 13:00-17:00) whose exceptions are
  the plan's non-working days (public holidays, holidays file);
- tasks in an outline: rollout wave (summary) > business line (summary) > phases (training,
  training test, pilot(s), review) and checkpoints (milestones, zero duration); every task has
  its planned start and finish, a "start no earlier than" constraint on its start (so Project
  keeps the plan's dates when it reschedules) and a finish-to-start link to the previous phase
  of the same line;
- resources ``Coach 1..N`` and one assignment per phase to the line's coach.

:func:`read_msproject` parses such a file back into a frame (used by the tests to check the
export round-trips).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd

from maturity import io as safe_io  # looked up at call time (tests patch it)
from maturity.plan.calendar import WorkCalendar

__all__ = ["write_msproject", "read_msproject", "MSPROJECT_COLUMNS"]

_NS = "http://schemas.microsoft.com/project"
#: Columns of :func:`read_msproject`.
MSPROJECT_COLUMNS = ["uid", "name", "outline_level", "outline_number", "start", "finish",
                     "duration_hours", "milestone", "summary", "predecessor_uid"]


def _dt(day: Any, end: bool = False) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%dT") + ("17:00:00" if end else "08:00:00")


def _el(tag: str, value: Any) -> str:
    return f"<{tag}>{escape(str(value))}</{tag}>"


def _task(uid: int, name: str, level: int, number: str, start: Any, finish: Any, hours: int,
          *, summary: bool = False, milestone: bool = False, pred: int | None = None,
          notes: str = "") -> str:
    parts = [_el("UID", uid), _el("ID", uid), _el("Name", name), _el("Type", 1),
             _el("IsNull", 0), _el("WBS", number), _el("OutlineNumber", number),
             _el("OutlineLevel", level), _el("Start", _dt(start)),
             _el("Finish", _dt(finish, end=not milestone)),
             _el("Duration", f"PT{hours}H0M0S"), _el("DurationFormat", 7),
             _el("Milestone", int(milestone)), _el("Summary", int(summary)),
             _el("ConstraintType", 0 if summary else 4)]
    if not summary:
        parts.append(_el("ConstraintDate", _dt(start)))
    if notes:
        parts.append(_el("Notes", notes))
    if pred is not None:
        parts.append(f"<PredecessorLink>{_el('PredecessorUID', pred)}{_el('Type', 1)}"
                     f"</PredecessorLink>")
    return "<Task>" + "".join(parts) + "</Task>"


def write_msproject(rm: Any, path: str | Path, *, title: str = "Process rollout") -> Path:
    """Write the plan as MS Project XML (MSPDI), atomically.

    Parameters
    ----------
    rm : maturity.plan.roadmap.Roadmap or maturity.plan.rollout.Plan
        The plan.
    path : path
        The ``.xml`` file to write.
    title : str
        Project name.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from maturity.plan.roadmap import plan_roadmap
    >>> mat = pd.DataFrame({"wave": "2026-03", "business_line": ["bank"],
    ...                     "maturity_level": [2], "maturity_index": [2.4]})
    >>> lg = pd.DataFrame({"wave": "2026-03", "business_line": ["bank"], "level_gap": [1],
    ...                    "total_gap": [6], "effort": [40]})
    >>> attrs = pd.DataFrame({"business_line": ["bank"], "group": ["FS"], "headcount": [80],
    ...                       "complexity": [4], "customer_strictness": [3]})
    >>> p = write_msproject(plan_roadmap(mat, lg, None, attrs),
    ...                     pathlib.Path(tempfile.mkdtemp()) / "plan.xml")
    >>> read_msproject(p)[["name", "outline_level", "start", "milestone"]].head(4)
                      name  outline_level      start  milestone
    0  Rollout wave 1 (customer pull)  1 2026-04-06      False
    1                 bank              2 2026-04-06      False
    2             training              3 2026-04-06      False
    3        training test              3 2026-04-20      False
    """
    rm = getattr(rm, "roadmap", rm) if not hasattr(rm, "phases") else rm
    road, ph = rm.roadmap, rm.phases
    n_hol = 0
    hol = pd.DataFrame(columns=["date", "name"])
    cal = rm.settings.get("calendar") if isinstance(getattr(rm, "settings", None), dict) else None
    if isinstance(cal, WorkCalendar):
        hol = cal.holidays
        n_hol = len(hol)
    planned = road[road["wave"].notna()].sort_values("rank", kind="mergesort")
    start = planned["start"].min() if len(planned) else pd.Timestamp("2026-01-01")
    finish = planned["end"].max() if len(planned) else start
    work = WorkCalendar(hol) if n_hol else WorkCalendar()
    tasks, assigns = _tasks(planned, ph, work)
    n_coach = int(rm.settings.get("capacity", 1)) if hasattr(rm, "settings") else 1
    calendar = _calendar(hol)
    resources = "".join(f"<Resource><UID>{i}</UID><ID>{i}</ID><Name>Coach {i}</Name>"
                        f"<Type>1</Type></Resource>" for i in range(1, n_coach + 1))
    assignments = "".join(
        f"<Assignment><UID>{i}</UID><TaskUID>{t}</TaskUID><ResourceUID>{c}</ResourceUID>"
        f"<Units>1</Units><Work>PT{h}H0M0S</Work></Assignment>"
        for i, (t, c, h) in enumerate(assigns, start=1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<Project xmlns="{_NS}">{_el("SaveVersion", 14)}{_el("Name", title)}'
           f'{_el("Title", title)}{_el("ScheduleFromStart", 1)}'
           f'{_el("StartDate", _dt(start))}{_el("FinishDate", _dt(finish, end=True))}'
           f'{_el("CalendarUID", 1)}{_el("MinutesPerDay", 480)}{_el("MinutesPerWeek", 2400)}'
           f'{_el("DaysPerMonth", 20)}{calendar}<Tasks>{"".join(tasks)}</Tasks>'
           f'<Resources>{resources}</Resources><Assignments>{assignments}</Assignments>'
           f'</Project>\n')
    with safe_io.atomic_path(path) as tmp:
        Path(tmp).write_text(xml, encoding="utf-8")
    return Path(path)


def _tasks(planned: pd.DataFrame, ph: pd.DataFrame,
           work: WorkCalendar) -> tuple[list[str], list[tuple[int, int, int]]]:
    """The task outline (rollout wave > line > phase; checkpoints as milestones, each phase the
    predecessor of the next) and the coach assignments (task, coach, hours)."""
    tasks, assigns = [], []
    uid = 0
    for w, lines in planned.groupby("wave", sort=True):
        uid += 1
        wn = f"{int(w)}"
        rule = str(lines["rule"].iloc[0])
        tasks.append(_task(uid, f"Rollout wave {int(w)} ({rule})", 1, wn, lines["start"].min(),
                           lines["end"].max(), 8 * work.count(lines["start"].min(),
                                                              lines["end"].max()),
                           summary=True))
        for j, r in enumerate(lines.itertuples(), start=1):
            uid += 1
            ln = f"{wn}.{j}"
            tasks.append(_task(uid, str(r.business_line), 2, ln, r.start, r.end,
                               8 * work.count(r.start, r.end), summary=True,
                               notes=str(r.reason)))
            prev = None
            rows = ph[(ph["business_line"] == r.business_line) & ph["kind"].ne("stage")]
            for k, p in enumerate(rows.itertuples(), start=1):
                uid += 1
                ms = p.kind == "checkpoint"
                hours = 0 if ms else 8 * work.count(p.start, p.end)
                tasks.append(_task(uid, str(p.phase), 3, f"{ln}.{k}", p.start, p.end, hours,
                                   milestone=ms, pred=None if ms else prev,
                                   notes=str(p.detail)))
                if not ms:
                    prev = uid
                    if not pd.isna(r.coach):
                        assigns.append((uid, int(r.coach), hours))
    return tasks, assigns


def _calendar(hol: pd.DataFrame) -> str:
    """The Standard calendar: Monday to Friday 08:00-12:00 and 13:00-17:00, holidays off."""
    exc = "".join(
        f"<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>"
        f"{_el('FromDate', pd.Timestamp(d).strftime('%Y-%m-%dT00:00:00'))}"
        f"{_el('ToDate', pd.Timestamp(d).strftime('%Y-%m-%dT23:59:00'))}</TimePeriod></WeekDay>"
        for d in hol["date"])
    hours = ("<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
             "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime>"
             "</WorkingTime></WorkingTimes>")
    days = "".join(
        f"<WeekDay><DayType>{d}</DayType><DayWorking>{int(2 <= d <= 6)}</DayWorking>"
        f"{hours if 2 <= d <= 6 else ''}</WeekDay>" for d in range(1, 8))
    calendar = (f"<Calendars><Calendar><UID>1</UID><Name>Standard</Name>"
                f"<IsBaseCalendar>1</IsBaseCalendar><WeekDays>{days}{exc}</WeekDays>"
                f"</Calendar></Calendars>")
    return calendar


def read_msproject(path: str | Path) -> pd.DataFrame:
    """Tasks of an MSPDI file (:data:`MSPROJECT_COLUMNS`), parsed with ``defusedxml``."""
    from defusedxml import ElementTree

    root = ElementTree.parse(str(path)).getroot()
    ns = {"p": _NS}
    rows = []
    for t in root.findall("p:Tasks/p:Task", ns):
        def get(tag: str, t: Any = t) -> str:
            e = t.find(f"p:{tag}", ns)
            return "" if e is None or e.text is None else e.text
        dur = get("Duration")
        hours = int(dur[2:dur.index("H")]) if dur.startswith("PT") and "H" in dur else 0
        pred = t.find("p:PredecessorLink/p:PredecessorUID", ns)
        rows.append({"uid": int(get("UID")), "name": get("Name"),
                     "outline_level": int(get("OutlineLevel")),
                     "outline_number": get("OutlineNumber"),
                     "start": pd.Timestamp(get("Start")).normalize(),
                     "finish": pd.Timestamp(get("Finish")).normalize(),
                     "duration_hours": hours, "milestone": get("Milestone") == "1",
                     "summary": get("Summary") == "1",
                     "predecessor_uid": pd.NA if pred is None else int(pred.text or 0)})
    out = pd.DataFrame(rows, columns=MSPROJECT_COLUMNS)
    out["predecessor_uid"] = out["predecessor_uid"].astype("Int64")
    return out
