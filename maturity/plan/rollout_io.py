"""Files of a rollout plan for the management meeting: CSVs, a readable Excel workbook with a
Gantt sheet, and an MS Project XML.

:func:`write_plan_files` writes into a folder, atomically (:mod:`maturity.io`):

- ``roadmap.csv``, ``phases.csv``, ``plan_notes.csv``, ``wave_totals.csv`` (snake_case columns,
  ``YYYY-MM-DD`` dates: for tools);
- ``roadmap.xlsx`` (for people): sheets *Summary* (per rollout wave: lines, effort points,
  coach-weeks, pilot weeks, people trained, dates), *Roadmap*, *Phases*, *Quarterly
  milestones*, *PMO stages*, *Gantt* (one row per line, one column per week from Monday, cells
  filled by phase), *Org backlog* (when planned through :func:`maturity.plan.rollout.plan_rollout`),
  *Notes*, and, when computed, *Sensitivity* (the one-table summary first) and *Sensitivity
  detail*. Headers are words (``Rollout wave``, ``Effort points``), dates are real Excel dates
  (``yyyy-mm-dd``), every table has filters and a frozen header;
- ``roadmap_msproject.xml`` (:func:`maturity.plan.msproject.write_msproject`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from maturity import io as safe_io  # looked up at call time (tests patch it)
from maturity.i18n import N_, _
from maturity.plan.msproject import write_msproject
from maturity.plan.roadmap import Roadmap
from maturity.plan.rollout import org_backlog, quarterly_milestones, wave_totals
from maturity.plan.sensitivity import sensitivity_summary

__all__ = ["write_plan_files", "write_plan_xlsx", "write_roadmap", "readable", "HEADERS"]

#: Readable header (msgid) per column of the plan's tables; also used by the report workbook
#: (:func:`maturity.report.labels.column_label`).
HEADERS = {
    "business_line": N_("Business line"), "wave": N_("Rollout wave"), "rule": N_("Wave rule"),
    "start": N_("Start"), "end": N_("End"), "priority": N_("Priority"),
    "quadrant": N_("Quadrant"), "value": N_("Value score"), "effort": N_("Effort score"),
    "readiness": N_("Readiness score"), "reason": N_("Reason"), "champions": N_("Champions"),
    "rank": N_("Rollout order"), "assessment_wave": N_("Assessment (survey) wave"),
    "group": N_("Group"), "headcount": N_("Headcount"), "complexity": N_("Complexity (1-5)"),
    "customer_strictness": N_("Customer strictness (0-3)"),
    "customer_requirement": N_("SWOT customer requirement"), "posture": N_("IE posture"),
    "maturity_level": N_("Maturity level"), "maturity_index": N_("Maturity index"),
    "target_maturity_level": N_("Target maturity level"), "level_gap": N_("Levels to target"),
    "total_gap": N_("Process-area level gaps"), "backlog_effort": N_("Effort points"),
    "n_backlog": N_("Backlog items"), "focus": N_("Pilot focus"),
    "pilot_weeks": N_("Pilot weeks"), "coach_weeks": N_("Coach-weeks"),
    "headcount_factor": N_("Headcount factor"), "n_pilot_phases": N_("Pilot phases"),
    "training_weeks": N_("Training weeks"), "coach": N_("Coach"),
    "pilot_end": N_("Pilot end"), "start_reason": N_("Why it starts then"),
    "champion_reason": N_("Champions and their process areas"), "phase": N_("Phase"),
    "kind": N_("Kind"), "detail": N_("Detail"), "stage": N_("PMO stage"), "name": N_("Name"),
    "milestone": N_("Milestone"), "quarter": N_("Quarter"), "date": N_("Date"),
    "n_lines": N_("Lines"), "lines": N_("Business lines"),
    "effort_points": N_("Effort points"), "people_trained": N_("People trained"),
    "topic": N_("Topic"), "note": N_("Note"), "practice": N_("Practice"),
    "process_area": N_("Process area"), "needed_for_level": N_("Needed for maturity level"),
    "parameter": N_("Parameter changed"), "change": N_("Change"),
    "n_wave_changes": N_("Lines changing rollout wave"), "wave_changes": N_("Which"),
    "n_quadrant_changes": N_("Lines changing quadrant"),
    "quadrant_changes": N_("Which (quadrant)"),
    "max_start_shift_days": N_("Largest start shift (days)"),
    "base_wave": N_("Rollout wave (base)"), "base_rule": N_("Wave rule (base)"),
    "wave_changed": N_("Wave changed"), "base_rank": N_("Rollout order (base)"),
    "base_quadrant": N_("Quadrant (base)"), "base_start": N_("Start (base)"),
    "changed": N_("Anything changed"),
}
_PHASE_FILL = {"training": "9ECAE1", "training test": "3182BD", "retraining": "FDAE6B",
               "training retest": "E6550D", "pilot": "74C476", "review": "756BB1",
               "checkpoint": "000000"}


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with readable (translated) headers instead of snake_case column names."""
    return frame.rename(columns={c: _(HEADERS[c]) if c in HEADERS else
                                 c.replace("_", " ").capitalize() for c in frame.columns})


def _sheet(wb: Any, title: str, frame: pd.DataFrame) -> Any:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title[:31])
    df = readable(safe_io.neutralize(frame))
    ws.append(list(df.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    dates = [i for i, c in enumerate(frame.columns) if pd.api.types.is_datetime64_any_dtype(
        frame[c])]
    for row in df.itertuples(index=False):
        vals = []
        for v in row:
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                vals.append(None)
            elif isinstance(v, pd.Timestamp):
                vals.append(v.to_pydatetime())
            elif hasattr(v, "item"):
                vals.append(v.item())
            else:
                vals.append(v)
        ws.append(vals)
    for i in dates:
        for cell in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell[0].number_format = "yyyy-mm-dd"
    for i, col in enumerate(df.columns, start=1):
        lens = df[col].head(300).astype(str).str.len().fillna(0)  # an all-NA column: 0
        width = max(len(str(col)), int(lens.max()) if len(lens) else 0) + 2
        if i - 1 in dates:
            width = max(12, len(str(col)) + 2)
        ws.column_dimensions[get_column_letter(i)].width = min(60, width)
    ws.freeze_panes = "A2"
    if len(df.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{max(1, len(df) + 1)}"
    return ws


def _gantt(wb: Any, rm: Any) -> None:
    """One row per planned line, one column per week (Monday date), cells filled by phase."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    road = rm.roadmap[rm.roadmap["wave"].notna()].sort_values("rank", kind="mergesort")
    ws = wb.create_sheet(_("Gantt"))
    head = [_("Rollout wave"), _("Business line"), _("Start"), _("End")]
    if not len(road):
        ws.append(head)
        return
    first = road["start"].min() - pd.Timedelta(days=road["start"].min().weekday())
    last = road["end"].max()
    weeks = list(pd.date_range(first, last, freq="7D"))
    ws.append(head + [w.to_pydatetime() for w in weeks])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for j in range(len(weeks)):
        c = ws.cell(row=1, column=5 + j)
        c.number_format = "yyyy-mm-dd"
        c.alignment = Alignment(text_rotation=90)
        ws.column_dimensions[get_column_letter(5 + j)].width = 3.2
    ph = rm.phases[rm.phases["kind"].ne("stage")]
    shown = safe_io.neutralize(road[["business_line"]])["business_line"].tolist()
    for i, (r, name) in enumerate(zip(road.itertuples(), shown, strict=True), start=2):
        ws.append([int(r.wave), str(name), r.start.to_pydatetime(), r.end.to_pydatetime()])
        ws.cell(row=i, column=3).number_format = "yyyy-mm-dd"
        ws.cell(row=i, column=4).number_format = "yyyy-mm-dd"
        for p in ph[ph["business_line"] == r.business_line].itertuples():
            kind = "checkpoint" if p.kind == "checkpoint" else (
                "pilot" if str(p.phase).startswith("pilot") else
                "review" if "review" in str(p.phase) else str(p.phase))
            fill = PatternFill("solid", fgColor=_PHASE_FILL.get(kind, "BDBDBD"))
            a = (p.start - first).days // 7
            b = (p.end - first).days // 7
            for j in range(a, b + 1):
                cell = ws.cell(row=i, column=5 + j)
                if kind == "checkpoint":
                    cell.value = "◆"
                else:
                    cell.fill = fill
    for col, w in zip("ABCD", (8, 24, 12, 12), strict=True):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "E2"
    ws.auto_filter.ref = f"A1:D{len(road) + 1}"


def write_plan_xlsx(plan: Any, path: str | Path) -> Path:
    """Write ``roadmap.xlsx`` (sheets in the module docstring), atomically."""
    from openpyxl import Workbook  # imported when a workbook is written

    rm = plan.roadmap if hasattr(plan, "gaps") else plan
    totals = plan.totals if hasattr(plan, "totals") else wave_totals(rm)
    quarters = plan.quarters if hasattr(plan, "quarters") else quarterly_milestones(rm)
    ob = plan.org_backlog if hasattr(plan, "org_backlog") else org_backlog(None)  # type: ignore
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, _("Summary"), totals)
    _sheet(wb, _("Roadmap"), rm.roadmap)
    _sheet(wb, _("Phases"), rm.phases)
    _gantt(wb, rm)
    _sheet(wb, _("Quarterly milestones"), quarters)
    _sheet(wb, _("PMO stages"), rm.milestones)
    if len(ob):
        _sheet(wb, _("Org backlog"), ob)
    _sheet(wb, _("Notes"), rm.notes)
    if rm.sensitivity is not None:
        summ = rm.sensitivity_summary if rm.sensitivity_summary is not None else \
            sensitivity_summary(rm.sensitivity)
        _sheet(wb, _("Sensitivity"), summ)
        _sheet(wb, _("Sensitivity detail"), rm.sensitivity)
    with safe_io.atomic_path(path) as tmp:
        wb.save(tmp)
        safe_io.fix_xlsx_times(Path(tmp))
    return Path(path)


def write_plan_files(plan: Any, out_dir: str | Path, *, xlsx: bool = True,
                     msproject: bool = True) -> list[Path]:
    """Write the plan's files into ``out_dir`` (see the module docstring).

    Parameters
    ----------
    plan : maturity.plan.rollout.Plan or maturity.plan.roadmap.Roadmap
        The plan.
    out_dir : path
        Folder (created).
    xlsx, msproject : bool
        Also write ``roadmap.xlsx`` / ``roadmap_msproject.xml``.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    rm = plan.roadmap if hasattr(plan, "gaps") else plan
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    totals = plan.totals if hasattr(plan, "totals") else wave_totals(rm)
    paths = [safe_io.write_csv(rm.roadmap, out / "roadmap.csv", date_format="%Y-%m-%d"),
             safe_io.write_csv(rm.phases, out / "phases.csv", date_format="%Y-%m-%d"),
             safe_io.write_csv(rm.notes, out / "plan_notes.csv"),
             safe_io.write_csv(totals, out / "wave_totals.csv", date_format="%Y-%m-%d")]
    if getattr(plan, "target_phases", None) is not None:  # issue 14 hook (phase_schedule)
        paths.append(safe_io.write_csv(plan.target_phases, out / "target_phases.csv",
                                       date_format="%Y-%m-%d"))
    if xlsx:
        paths.append(write_plan_xlsx(plan, out / "roadmap.xlsx"))
    if msproject:
        paths.append(write_msproject(rm, out / "roadmap_msproject.xml"))
    return paths


def write_roadmap(rm: Roadmap, out_dir: str | Path, *, xlsx: bool = True) -> list[Path]:
    """Write the plan's files: :func:`write_plan_files` (see there)."""
    return write_plan_files(rm, out_dir, xlsx=xlsx)
