"""The report workbook ``maturity_report.xlsx``: one sheet per table, formatted for reading.

Every sheet has a bold frozen header, fitted column widths, numbers rounded in the display (the
cell keeps the full value) and an auto-filter. Text cells go through
:func:`maturity.io.neutralize`, so answers or SWOT factors starting with ``= + - @`` are text,
never formulas. The bytes are reproducible: fixed document times and zip entry dates.

Sheets: ``summary`` (with a bar chart of index and target per line), ``capability`` (current
and target capability level side by side, colour scale on current), ``process_areas``,
``gaps``, ``line_gaps``, ``backlog``, ``swot``, ``swot_summary``, ``roadmap``, ``phases``,
``gantt`` (cells filled per week), ``trends``, ``rankings``, ``line_comparison``,
``reliability``, ``disagreement`` (the practices to interview on), ``rejected``, ``notes``,
``maturity`` (all waves). A sheet
whose input was not given holds one line saying so. After them, when given: the rollout log's
``rollout_status``, ``rollout_phases``, ``gates``, ``standard``, and ``target_phases`` (target
answers by phase: target and current totals, gap, percent to target, progress to date; the
report's "Target answers by phase" section in full).

These are the names of an English workbook, whose headers are the frames' column names and
whose cells hold the frames' codes (``satisfied``, ``grow and build``). A workbook in another
language (``language="zh"``) is in that language throughout: sheet names from
:data:`SHEET_TITLES` (Excel's rules kept: at most 31 characters, unique, none of the
characters it forbids; continuation sheets ``待改进实践 (2)``...), headers from
:func:`maturity.report.labels.column_label`, codes and generated reasons through
:func:`maturity.report.translate.display` (the HTML's translation) and :data:`_CODE_COLUMNS`,
the summary chart's title and axis translated; numbers stay numbers.

Every row of every frame is written, however many business lines there are: a frame longer
than a sheet can hold (:data:`MAX_ROWS`, Excel's limit) continues on sheets ``name (2)``,
``name (3)``, ... right after it, and big sheets are written by
:mod:`maturity.report.sheetxml` (:data:`FAST_CELLS`). The summary's bar chart is drawn for up
to :data:`maturity.report.context.LINE_LIMIT` lines (a bar per line is unreadable beyond).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from maturity.i18n import N_, _, current_language, language
from maturity.io import atomic_path, display_width, fix_xlsx_times, neutralize
from maturity.report.context import LINE_LIMIT, ReportContext
from maturity.report.labels import column_label
from maturity.report.plan_sections import gate_name
from maturity.report.sheetxml import rows_xml, splice_rows
from maturity.report.translate import display, translate_code, translate_reason

__all__ = ["write_workbook", "SHEETS", "SHEET_TITLES"]

SHEETS = [
    "summary",
    "capability",
    "process_areas",
    "gaps",
    "line_gaps",
    "backlog",
    "swot",
    "swot_summary",
    "roadmap",
    "phases",
    "gantt",
    "trends",
    "rankings",
    "line_comparison",
    "reliability",
    "disagreement",
    "rejected",
    "notes",
    "maturity",
]

#: Sheet name (msgid) per sheet of a workbook in another language than English (an English
#: workbook keeps the names of :data:`SHEETS`).
SHEET_TITLES = {
    "summary": N_("Summary"), "capability": N_("Capability levels"),
    "process_areas": N_("Process areas"), "gaps": N_("Gaps"), "line_gaps": N_("Line gaps"),
    "backlog": N_("Backlog"), "swot": N_("SWOT factors"), "swot_summary": N_("SWOT summary"),
    "roadmap": N_("Roadmap"), "phases": N_("Phases"), "gantt": N_("Gantt"),
    "trends": N_("Trends"), "rankings": N_("Rankings"), "line_comparison": N_("Line comparison"),
    "reliability": N_("Reliability"), "disagreement": N_("Disagreement"),
    "rejected": N_("Rejected answers"), "notes": N_("Conversion notes"),
    "maturity": N_("Maturity (all waves)"), "rollout_status": N_("Rollout status"),
    "rollout_phases": N_("Rollout phases"), "gates": N_("Gates"), "standard": N_("Standard"),
    "target_phases": N_("Target answers by phase"),
}
#: Sheets of the rollout plan: their ``wave`` is the rollout wave (:func:`column_label`).
_PLAN_SHEETS = {"roadmap", "phases", "gantt", "rollout_status", "rollout_phases", "gates",
                "standard"}
#: Code columns the workbook translates besides those of :func:`display`.
_CODE_COLUMNS = {
    "comparison": translate_code, "test": translate_code, "effect_size_kind": translate_code,
    "p_method": translate_code, "na_policy": translate_code, "target_source": translate_code,
    "note": translate_reason, "status": translate_code, "candidate": translate_code,
    "gate": gate_name,
}
_P_COLS = {"p_value", "p_adjusted"}
_HEADER_FILL = "DDE6F0"
_PHASE_FILLS = {
    "training": "6BAED6",
    "training test": "9ECAE1",
    "retraining": "C6DBEF",
    "training retest": "C6DBEF",
    "pilot": "FD8D3C",
    "checkpoint": "E6550D",
    "review": "74C476",
}


def _translated(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its codes and generated sentences in the active language (English: ``df``).

    :func:`maturity.report.translate.display` (the HTML's translation), then
    :data:`_CODE_COLUMNS`; only text cells change, each distinct text translated once.
    """
    out = display(df)
    if out is df:
        return df
    for c in (c for c in _CODE_COLUMNS if c in out.columns):
        fn = _CODE_COLUMNS[c]
        seen = {v: fn(v) for v in pd.unique(out[c].astype(object)) if isinstance(v, str) and v}
        out[c] = [seen.get(v, v) if isinstance(v, str) else v for v in out[c].astype(object)]
    return out


def _header(col: str, plan: bool) -> str:
    """A column's header: its name in English, its label (:func:`column_label`) otherwise."""
    return col if current_language() == "en" else column_label(col, plan=plan)


def _title(wb, name: str, k: int = 1) -> str:
    """The sheet name of ``name`` (continuation ``k``): translated unless English, within
    Excel's rules (at most 31 characters, none of ``[]:*?/\\``, unique in the workbook)."""
    text = name if current_language() == "en" else _(SHEET_TITLES.get(name, name))
    text = re.sub(r"[\[\]:*?/\\]", "-", text)
    taken = {ws.title.lower() for ws in wb.worksheets}  # Excel ignores case
    tail = f" ({k})" if k > 1 else ""
    title, i = text[: 31 - len(tail)] + tail, 1
    while title.lower() in taken:
        i += 1
        title = text[: 31 - len(tail) - len(f" {i}")] + f"{tail} {i}"
    return title


def _cell(v: object) -> object:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    return v


#: Frames with more data cells than this are written by :mod:`maturity.report.sheetxml`
#: (rows 3 and below rendered a column at a time; same bytes as openpyxl's, ~30x faster).
FAST_CELLS = 20_000


def _write_frame(
    ws,
    df: pd.DataFrame,
    *,
    filter_: bool = True,
    column_styles: dict[str, dict[str, object]] | None = None,
    fast: bool = True,
    plan: bool = False,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Write ``df`` from A1 with a bold frozen header, widths and number formats.

    Headers and code cells are in the active language (:func:`_header` with ``plan``, unless
    ``headers`` names a column's header; :func:`_translated`). ``column_styles`` maps a column
    to cell attributes (``fill``, ``font``) given to all its data cells. Big frames (more than
    :data:`FAST_CELLS` cells; ``fast=False`` when the caller styles single cells afterwards) get
    only their first data row from openpyxl here; the rest is rendered by
    :func:`maturity.report.sheetxml.rows_xml` and spliced in after saving (``ws._maturity_rows``).
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    safe = neutralize(_translated(df).reset_index(drop=True))
    heads = [(headers or {}).get(str(c)) or _header(str(c), plan) for c in safe.columns]
    ws.append(heads)
    n = len(safe)
    letters = [get_column_letter(i) for i in range(1, len(safe.columns) + 1)]
    rows = None
    if fast and n > 1 and n * len(safe.columns) > FAST_CELLS:
        rows = rows_xml(safe.iloc[1:], letters, [None] * len(letters), first=3)
    shown = safe.head(1) if rows is not None else safe
    for row in shown.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    last = len(shown) + 1
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=_HEADER_FILL)
    for c in ws[1]:
        c.font, c.fill = bold, fill
    ws.freeze_panes = "A2"
    for i, col in enumerate(safe.columns, start=1):
        letter = letters[i - 1]
        s = safe[col]
        if pd.api.types.is_float_dtype(s.dtype):
            fmt = "0.0000" if col in _P_COLS else "0.00"
            for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=i, max_col=i):
                cell.number_format = fmt
            width = max(display_width(heads[i - 1]), 8)
        else:
            head = s.head(500)  # str() of each cell: pandas 3 keeps NaN/None missing in astype(str)
            lens = head.astype(object).map(str).map(display_width)  # a Chinese character is two
            width = max(display_width(heads[i - 1]), int(lens.max()) if len(lens) else 0)
        for attr, value in (column_styles or {}).get(col, {}).items():
            for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=i, max_col=i):
                setattr(cell, attr, value)
        ws.column_dimensions[letter].width = min(60, width + 2)
    if filter_ and n:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(safe.columns))}{n + 1}"
    if rows is not None:
        for c in ws[1]:  # register the header's style first, as openpyxl's writer would
            _ = c.style_id
        rows.styles = [
            c.style_id if c.has_style else None
            for c in (ws.cell(row=2, column=i) for i in range(1, len(letters) + 1))
        ]
        ws._maturity_rows = rows


#: Data rows of one sheet (Excel: 1,048,576 rows with the header); longer frames continue on
#: sheets ``name (2)``, ``name (3)``, ...
MAX_ROWS = 1_048_575


def _write_long(wb, ws, name: str, df: pd.DataFrame) -> None:
    """:func:`_write_frame`, continued on new sheets every :data:`MAX_ROWS` rows."""
    plan = name in _PLAN_SHEETS
    _write_frame(ws, df.iloc[:MAX_ROWS] if len(df) > MAX_ROWS else df, plan=plan)
    for k, lo in enumerate(range(MAX_ROWS, len(df), MAX_ROWS), start=2):
        _write_frame(wb.create_sheet(_title(wb, name, k)), df.iloc[lo : lo + MAX_ROWS], plan=plan)


def _not_provided(ws, ctx: ReportContext, what: str) -> None:
    """One line saying the sheet's input was not given (``what``: English, or the sheet name)."""
    what = what if current_language() == "en" else ws.title
    _write_frame(
        ws, pd.DataFrame({"note": [f"{what}: {ctx.t('not_provided').lower()}"]}), filter_=False
    )


def _capability(ws, ctx: ReportContext) -> None:
    """Lines x process areas; for each area the current capability level, then its target."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    p = ctx.pa_latest
    pas = list(dict.fromkeys(p["process_area"]))
    lines = sorted(p["business_line"].unique())
    cur = p.pivot(index="business_line", columns="process_area", values="capability_level").reindex(
        index=lines, columns=pas
    )
    tgt = p.pivot(index="business_line", columns="process_area", values="target_level").reindex(
        index=lines, columns=pas
    )
    cols: dict[str, object] = {"wave": ctx.latest, "business_line": lines}
    for a in pas:
        cols[a] = cur[a].to_numpy()
        cols[f"{a} target"] = tgt[a].to_numpy()
    frame = pd.DataFrame(cols)
    grey, italic = PatternFill("solid", fgColor="EEEEEE"), Font(italic=True, color="555555")
    _write_frame(
        ws,
        frame,
        filter_=False,
        column_styles={f"{a} target": {"fill": grey, "font": italic} for a in pas},
        headers={**{a: a for a in pas}, **{f"{a} target": f"{a} {_('target')}" for a in pas}},
    )
    n = len(lines)
    for j, a in enumerate(pas):
        ci = 3 + 2 * j
        cl, tl = get_column_letter(ci), get_column_letter(ci + 1)
        ws.column_dimensions[cl].width = max(6, display_width(a) + 2)
        ws.column_dimensions[tl].width = max(8, display_width(a) + 9)
        if n:
            ws.conditional_formatting.add(
                f"{cl}2:{cl}{n + 1}",
                ColorScaleRule(
                    start_type="num",
                    start_value=0,
                    start_color="F8696B",
                    mid_type="num",
                    mid_value=1.5,
                    mid_color="FFEB84",
                    end_type="num",
                    end_value=3,
                    end_color="63BE7B",
                ),
            )
    ws.freeze_panes = "C2"


def _summary(ws, ctx: ReportContext) -> None:
    from openpyxl.chart import BarChart, Reference

    s = ctx.summary
    _write_frame(ws, s)
    n = len(s)
    if not n or n > LINE_LIMIT:
        return
    cols = list(s.columns)
    chart = BarChart()
    chart.type = "bar"
    chart.title = _("Maturity index and target level ({wave})").format(wave=ctx.latest)
    chart.y_axis.title = _("level")
    chart.y_axis.scaling.min = 1
    chart.y_axis.scaling.max = 5
    idx = cols.index("maturity_index") + 1
    data = Reference(ws, min_col=idx, min_row=1, max_row=n + 1)
    chart.add_data(data, titles_from_data=True)
    if s["target_maturity_level"].notna().any():
        tcol = cols.index("target_maturity_level") + 1
        chart.add_data(Reference(ws, min_col=tcol, min_row=1, max_row=n + 1), titles_from_data=True)
    chart.set_categories(
        Reference(ws, min_col=cols.index("business_line") + 1, min_row=2, max_row=n + 1)
    )
    chart.height, chart.width = 3 + 0.9 * n, 18
    ws.add_chart(chart, f"A{n + 4}")


def _gantt(ws, ctx: ReportContext) -> None:
    """``business_line, phase, start, end``, then one column per week, filled while it runs."""
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    ph = ctx.phases.copy()
    ph["start"] = pd.to_datetime(ph["start"])
    ph["end"] = pd.to_datetime(ph["end"])
    ph = ph.dropna(subset=["start", "end"]).sort_values(
        ["start", "business_line", "end"], kind="stable"
    )
    base = ph[[c for c in ("wave", "business_line", "phase") if c in ph.columns]].copy()
    base["start"] = ph["start"].dt.strftime("%Y-%m-%d")
    base["end"] = ph["end"].dt.strftime("%Y-%m-%d")
    if not len(ph):
        _write_frame(ws, base, plan=True)
        return
    first = (ph["start"].min() - pd.Timedelta(days=int(ph["start"].min().weekday()))).normalize()
    weeks = pd.date_range(first, ph["end"].max(), freq="7D")
    # week cells are filled one by one below
    _write_frame(ws, base, filter_=False, fast=False, plan=True)
    k0 = len(base.columns) + 1
    rot = Alignment(text_rotation=90, horizontal="center")
    for j, w in enumerate(weeks):
        c = ws.cell(row=1, column=k0 + j, value=w.strftime("%Y-%m-%d"))
        c.alignment = rot
        ws.column_dimensions[get_column_letter(k0 + j)].width = 3
    ws.row_dimensions[1].height = 62
    fills = {k: PatternFill("solid", fgColor=v) for k, v in _PHASE_FILLS.items()}
    other = PatternFill("solid", fgColor="969696")
    # week j is filled when it overlaps the phase: start <= week + 6 days and end >= week
    lo = np.searchsorted((weeks + pd.Timedelta(days=6)).to_numpy(), ph["start"].to_numpy(), "left")
    hi = np.searchsorted(weeks.to_numpy(), ph["end"].to_numpy(), "right")
    cache: dict[str, object] = {}
    for i, (phase, a, b) in enumerate(
        zip(ph["phase"].astype(str), lo.tolist(), hi.tolist(), strict=True), start=2
    ):
        fill = cache.get(phase)
        if fill is None:
            fill = cache[phase] = next((f for k, f in fills.items() if phase.startswith(k)), other)
        for j in range(a, b):
            ws.cell(row=i, column=k0 + j).fill = fill
    ws.freeze_panes = ws.cell(row=2, column=k0)


def _add_sheets(wb, ctx: ReportContext) -> None:
    """Every sheet of :data:`SHEETS` (then the rollout log's), named in the active language."""
    frames: dict[str, pd.DataFrame | None] = {
        "process_areas": ctx.pa_latest,
        "gaps": ctx.gaps,
        "line_gaps": ctx.line_gaps,
        "backlog": ctx.backlog,
        "swot": ctx.swot,
        "swot_summary": ctx.swot_summary,
        "roadmap": ctx.roadmap,
        "phases": ctx.phases,
        "trends": ctx.changes,
        "rankings": ctx.rankings,
        "line_comparison": ctx.line_comparison,
        "reliability": ctx.reliability,
        "disagreement": None
        if ctx.disagreement is None
        else ctx.disagreement[ctx.disagreement["interview"].astype(bool)],
        "rejected": ctx.rejected,
        "notes": ctx.notes,
        "maturity": ctx.scores.maturity,
    }
    for name in SHEETS:
        ws = wb.create_sheet(_title(wb, name))
        if name == "summary":
            _summary(ws, ctx)
        elif name == "capability":
            _capability(ws, ctx)
        elif name == "gantt":
            if ctx.phases is None:
                _not_provided(ws, ctx, "roadmap phases")
            else:
                _gantt(ws, ctx)
        elif frames[name] is None:
            _not_provided(ws, ctx, name)
        else:
            _write_long(wb, ws, name, frames[name])
    if ctx.rollout is not None:  # issue 22: the rollout log against the plan, after SHEETS
        tr = ctx.rollout.tracking
        for name, frame in (("rollout_status", tr.lines), ("rollout_phases", tr.phases),
                            ("gates", tr.gates), ("standard", ctx.rollout.standard)):
            _write_long(wb, wb.create_sheet(_title(wb, name)), name, frame)
    phases = ctx.target_phases  # issue 14: target answers by phase, when the targets have any
    if phases is not None and len(phases):
        _write_long(wb, wb.create_sheet(_title(wb, "target_phases")), "target_phases", phases)


def write_workbook(ctx: ReportContext, path: str | Path) -> Path:
    """Write the report workbook atomically, in the report's language; returns its path."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    with language(ctx.language):
        _add_sheets(wb, ctx)
    wb.properties.creator = "maturity"
    with atomic_path(path) as tmp:
        wb.save(tmp)
        fix_xlsx_times(tmp)  # before the big rows go in: splice_rows keeps the fixed times
        splice_rows(
            tmp,
            {
                ws.path.lstrip("/"): ws._maturity_rows
                for ws in wb.worksheets
                if getattr(ws, "_maturity_rows", None) is not None
            },
        )
    return Path(path)
