"""Reading xlsx answer files: long answer sheets and respondent workbooks.

:func:`read_workbook_part` reads one workbook, checked first by :mod:`maturity.ingest.excel`
(zip and XML bombs, formulas), with python-calamine: the sheet named ``Answers`` first, then
every visible sheet, either a respondent workbook (the layout of
:mod:`maturity.ingest.templates`, found by its labels in column A) or a long sheet (the columns
of a long answer file in its first rows). Formulas in answer cells are rejected, located.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity.ingest.excel import any_formulas, formula_rows, scan
from maturity.ingest.records import _RAW_COLUMNS as RAW_COLUMNS
from maturity.ingest.records import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    Part,
    _blank,
    empty_raw,
    entry,
    file_error,
    frame_to_part,
    normalise_header,
)
from maturity.ingest.templates import (
    _LABELS,
    TABLE_COLUMNS,
    TABLE_HEADER_ROW,
    _label_key,
    fill_template,
    write_template,
)

# the template's writers stay importable from here, as before the split
__all__ = ["read_workbook_part", "write_template", "fill_template"]

# The reader's versions, cached: every workbook has the same labels (calamine's cell values are
# hashable; typed, so that 1, 1.0 and True stay apart).
_header_name = lru_cache(maxsize=4096, typed=True)(normalise_header)
_cell_label = lru_cache(maxsize=4096, typed=True)(_label_key)


def _cell(col: int, row: int) -> str:
    letters = ""
    col += 1
    while col:
        col, r = divmod(col - 1, 26)
        letters = chr(65 + r) + letters
    return f"{letters}{row}"


def _find_long_header(rows: list[list[Any]]) -> int | None:
    for i, r in enumerate(rows[:10]):
        names = {normalise_header(v) for v in r if not _blank(v)}
        if all(c in names for c in REQUIRED_COLUMNS):
            return i
    return None


def _is_respondent(rows: list[list[Any]]) -> bool:
    return bool(rows) and bool(rows[0]) and _LABELS.get(_cell_label(rows[0][0])) == "business_line"


def _merged_in_row(merged: list[Any], r: int) -> list[str]:
    out = []
    for (r0, c0), (r1, c1) in merged or []:
        if r0 <= r <= r1:
            out.append(f"{_cell(c0, r0 + 1)}:{_cell(c1, r1 + 1)}")
    return out


def _reject_formulas(part: Part, path: Path, source: str, sheet: str, col: int,
                     first_row: int, keyed: Mapping[str, Any] | None = None,
                     has_formulas: bool | None = None) -> Part:
    if not len(part.raw):
        return part
    if not (any_formulas(path) if has_formulas is None else has_formulas):
        return part
    formulas = formula_rows(path, sheet, col, first_row)
    if not formulas:
        return part
    raw = part.raw
    hit = raw["row"].isin(list(formulas))
    for _, r in raw[hit].iterrows():  # few rows: formulas are rare
        keys = {k: ("" if _blank(r[k]) else str(r[k]).strip())
                for k in ("wave", "business_line", "respondent", "question")}
        part.rejected.append(entry(
            source, f"formula in answer cell {_cell(col, int(r['row']))}, expected a typed value: "
            f"type the answer itself (a code or label), not a formula",
            sheet=sheet, row=int(r["row"]), column="answer", value=formulas[int(r["row"])],
            expected="a typed value (a code or label)", **keys))
    part.raw = raw[~hit].reset_index(drop=True)
    return part


def _read_long(rows: list[list[Any]], h: int, source: str, sheet: str, merged: list[Any]) -> Part:
    width = max(len(r) for r in rows)
    header = [("" if _blank(v) else str(v)) for v in rows[h]] + [""] * (width - len(rows[h]))
    keep = [j for j, v in enumerate(header) if v.strip()]
    body = [[(r[j] if j < len(r) else None) for j in keep] for r in rows[h + 1:]]
    df = pd.DataFrame(body, columns=[header[j] for j in keep], dtype=object)
    part = frame_to_part(df, source, sheet, h + 2, "a long answer sheet")
    if h:
        part.notes.append(entry(source, f"header found on row {h + 1}; rows above it ignored",
                                sheet=sheet, row=h + 1))
    m = _merged_in_row(merged, h)
    if m:
        part.notes.append(entry(source, f"merged cells in the header row ({', '.join(m)}) "
                                f"ignored", sheet=sheet, row=h + 1, value=", ".join(m)))
    return part


@dataclass
class _Rows:
    """A respondent workbook's answer rows before they become a frame (internal): the header
    block's values once, the table's columns as lists. A folder's workbooks are combined from
    these without a frame per file (:func:`read_chunk`)."""

    const: dict[str, Any]  # source, sheet, wave, business_line, respondent, role, project, date
    row: np.ndarray  # Excel row numbers (int64)
    table: dict[str, list[Any]]  # question, answer, comment, evidence
    notes: list[dict[str, Any]]
    model_id: str
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.row)

    def frame(self) -> pd.DataFrame:
        n = len(self.row)
        cols: dict[str, Any] = {"row": self.row}
        for c, v in self.const.items():  # object columns built as such (no frame-wide astype)
            arr = np.empty(n, dtype=object)
            arr[:] = [v] * n
            cols[c] = arr
        for c, vals in self.table.items():
            arr = np.empty(n, dtype=object)
            arr[:] = vals
            cols[c] = arr
        return pd.DataFrame({c: cols[c] for c in RAW_COLUMNS}, copy=False)

    def part(self) -> Part:
        return Part(self.frame(), self.rejected, self.notes, self.model_id)


def _column(body: list[list[Any]], j: int | None, width: int) -> list[Any]:
    if j is None:
        return [None] * len(body)
    if j < width:  # every row is at least this wide (calamine's rows are all equally wide)
        return list(map(itemgetter(j), body))
    return [r[j] if j < len(r) else None for r in body]


def _read_respondent(rows: list[list[Any]], source: str, sheet: str, stem: str) -> Part | _Rows:
    """A respondent sheet's rows: a :class:`_Rows` when it has answer rows and a complete header
    block, else a Part (a problem, or no rows)."""
    header: dict[str, tuple[Any, str, str]] = {}  # key -> (value, cell, label)
    t = None
    for i, r in enumerate(rows):
        a = r[0] if r else None
        if _header_name(a) == "question":
            t = i
            break
        key = _LABELS.get(_cell_label(a))
        if key and key not in header:
            header[key] = (r[1] if len(r) > 1 else None, f"B{i + 1}", str(a))
    if t is None:
        return file_error(source, f"{source}: sheet {sheet} has a header block but no question "
                          f"table (a row with 'question' in column A)", sheet=sheet,
                          expected=f"a table header on row {TABLE_HEADER_ROW}: "
                          f"{', '.join(TABLE_COLUMNS)}")
    cols = {_header_name(v): j for j, v in enumerate(rows[t]) if not _blank(v)}
    miss = [c for c in ("question", "answer") if c not in cols]
    if miss:
        return file_error(source, f"{source}: sheet {sheet}, row {t + 1}: question table lacks "
                          f"column(s) {', '.join(miss)}", sheet=sheet, column=", ".join(miss),
                          expected=", ".join(TABLE_COLUMNS))
    body = rows[t + 1:]
    width = min(map(len, body), default=0)
    table = {c: _column(body, cols.get(c), width)
             for c in ("question", "answer", "comment", "evidence")}  # column by column
    # rows blank in all four columns are not answer rows; a non-blank text question (nearly
    # every row) settles it without looking at the other three
    q, a, cm, ev = table.values()
    try:
        drop = [] if all(map(str.strip, q)) else None  # every question a non-blank text
    except TypeError:  # a cell that is not text
        drop = None
    if drop is None:
        drop = [k for k, v in enumerate(q) if not (v.__class__ is str and v.strip())
                and _blank(v) and _blank(a[k]) and _blank(cm[k]) and _blank(ev[k])]
    if drop:
        gone = set(drop)
        keep = [k for k in range(len(body)) if k not in gone]
        table = {c: [v[k] for k in keep] for c, v in table.items()}
    else:
        keep = range(len(body))
    notes: list[dict[str, Any]] = []
    if not keep:
        part = Part(empty_raw())
        part.notes.append(entry(source, "no question rows in the workbook", sheet=sheet))
        return part
    hv = {k: v[0] for k, v in header.items()}
    respondent = hv.get("respondent")
    if _blank(respondent):
        respondent = stem
        notes.append(entry(source, f"respondent empty in the header block; the file name "
                           f"{stem!r} is used", sheet=sheet, column="respondent",
                           value="", expected=stem))
    const = {"source": source, "sheet": sheet, "wave": hv.get("wave"),
             "business_line": hv.get("business_line"), "respondent": respondent,
             "role": hv.get("role"), "project": hv.get("project"), "date": hv.get("date")}
    row = (np.arange(len(keep), dtype="int64") if isinstance(keep, range)
           else np.asarray(keep, dtype="int64")) + (t + 2)  # Excel row numbers
    out = _Rows(const, row, table, notes,
                "" if _blank(hv.get("model")) else str(hv["model"]).strip())
    missing = [k for k in ("business_line", "wave") if _blank(hv.get(k))]
    if missing:
        return _header_missing(out, missing, header, source, sheet, str(respondent).strip())
    return out


def _header_missing(rows: _Rows, missing: list[str], header: dict[str, tuple[Any, str, str]],
                    source: str, sheet: str, respondent: str) -> Part:
    """A respondent sheet without its business line or wave: every answer row rejected, the
    empty cells named (nothing is dropped silently)."""
    part = Part(empty_raw(), notes=rows.notes)
    frame = rows.frame()
    names = {"business_line": "business line", "wave": "wave"}
    where = []
    for k in missing:
        cell = header[k][1] if k in header else f"{'B1' if k == 'business_line' else 'B2'}"
        where.append(f"{names[k]} (sheet {sheet}, cell {cell})")
    msg = (f"missing {' and '.join(where)} in the header block: fill it in and resubmit")
    for _, r in frame.iterrows():  # one entry per answer row: nothing is dropped silently
        part.rejected.append(entry(
            source, msg, sheet=sheet, row=int(r["row"]), column=missing[0],
            expected="a non-empty " + names[missing[0]],
            question="" if _blank(r["question"]) else str(r["question"]).strip(),
            respondent=respondent,
            wave="" if _blank(r["wave"]) else str(r["wave"]),
            business_line="" if _blank(r["business_line"]) else str(r["business_line"])))
    return part


def read_workbook_part(path: Path, source: str, max_bytes: int = 200_000_000, *,
                       compact: bool = False) -> Part | _Rows:
    """Read one xlsx (long sheet or respondent workbook) into a raw Part (internal).

    Never raises for a bad workbook: the problem is one rejected entry naming the file.
    ``compact=True``: a respondent workbook's rows come as a :class:`_Rows` (what
    :func:`read_chunk` combines), not as a frame.
    """
    bad, has_formulas, stored = scan(path, source, max_bytes)
    if bad is not None:
        return bad
    import python_calamine as pc

    if stored is not None:  # the worksheets the scan inflated, not inflated again
        try:
            wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(stored))
            try:
                return _read_sheets(wb, path, source, has_formulas, compact)
            finally:
                wb.close()
        except Exception:  # noqa: BLE001 - the file itself is read below, for its errors
            pass
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        return file_error(source, f"{source}: workbook is password-protected; remove the "
                          f"password and save again", expected="an unprotected workbook")
    except Exception as exc:  # noqa: BLE001 - calamine's Zip/Xml/Calamine errors
        return file_error(source, f"{source}: not a readable xlsx workbook "
                          f"({type(exc).__name__}: {exc}); open it in Excel and save it again",
                          expected="an .xlsx workbook")
    try:
        return _read_sheets(wb, path, source, has_formulas, compact)
    finally:
        wb.close()


def _read_sheets(wb: Any, path: Path, source: str, has_formulas: bool,
                 compact: bool) -> Part | _Rows:
    """The answers of an open calamine workbook (see :func:`read_workbook_part`)."""
    notes: list[dict[str, Any]] = []
    visible = []
    for meta in wb.sheets_metadata:
        if str(meta.visible).rsplit(".", 1)[-1].lower() != "visible":
            notes.append(entry(source, f"hidden sheet {meta.name!r} ignored", sheet=meta.name))
        elif str(meta.typ).rsplit(".", 1)[-1].lower() == "worksheet":
            visible.append(meta.name)
    order = sorted(visible, key=lambda s: s.strip().casefold() != "answers")
    seen: list[str] = []
    any_data = False
    for name in order:
        sh = wb.get_sheet_by_name(name)
        rows = sh.to_python(skip_empty_area=False)  # a list of lists, ours to change
        while rows and all(_blank(v) for v in rows[-1]):
            rows.pop()
        if not rows:
            continue
        any_data = True
        if _is_respondent(rows):
            part = _read_respondent(rows, source, name, path.stem)
            if isinstance(part, _Rows):
                if compact and not has_formulas:
                    part.notes[:0] = notes
                    return part
                part = part.part()
            if len(part.raw) and has_formulas:
                hdr = next(i for i, r in enumerate(rows)
                           if r and normalise_header(r[0]) == "question")
                acol = [normalise_header(v) for v in rows[hdr]].index("answer")
                part = _reject_formulas(part, path, source, name, acol, hdr + 2,
                                        has_formulas=has_formulas)
            part.notes[:0] = notes
            return part
        h = _find_long_header(rows)
        if h is not None:
            part = _read_long(rows, h, source, name, sh.merged_cell_ranges)
            if len(part.raw) and has_formulas:
                acol = [normalise_header(v) for v in rows[h] if not _blank(v)].index("answer")
                keep = [j for j, v in enumerate(rows[h]) if not _blank(v)]
                part = _reject_formulas(part, path, source, name, keep[acol], h + 2,
                                        has_formulas=has_formulas)
            part.notes[:0] = notes
            return part
        first = next(r for r in rows if any(not _blank(v) for v in r))
        cols = ", ".join(str(v) for v in first if not _blank(v))
        merged = _merged_in_row(sh.merged_cell_ranges, rows.index(first))
        seen.append(f"{name!r} (first row: {cols}" + (f"; merged cells {', '.join(merged)}"
                                                      if merged else "") + ")")
    if not any_data:
        part = file_error(source, f"{source}: empty workbook: no visible sheet has any data",
                          expected="a sheet of answers")
    else:
        part = file_error(
            source, f"{source}: no recognised sheet: {'; '.join(seen)}; expected a sheet with "
            f"columns {', '.join(REQUIRED_COLUMNS)} (optional {', '.join(OPTIONAL_COLUMNS)}) "
            f"in its first rows, one name per cell (unmerge merged header cells), or a "
            f"respondent workbook from `maturity template`",
            value="; ".join(seen), expected=", ".join(REQUIRED_COLUMNS))
    part.notes[:0] = notes
    return part

