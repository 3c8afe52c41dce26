"""Respondent workbooks (write, fill, read) and safe reading of xlsx answer files.

Template layout
---------------
:func:`write_template` writes an xlsx with two sheets, ``Instructions`` (how to fill it and every
answer scale with its codes and labels) and ``Answers``, laid out as follows (fixed; the reader
relies on it, and on the labels in column A rather than their exact row):

======  =======================  ====================================================
row     column A (label)         column B (value)
======  =======================  ====================================================
1       ``Business line``        business line (pre-filled with ``business_line=``)
2       ``Wave``                 wave, e.g. ``2025-09`` (pre-filled with ``wave=``)
3       ``Respondent``           respondent id (default when empty: the file name stem)
4       ``Role``                 role, optional
5       ``Project``              project, optional
6       ``Date``                 date, optional
7       ``Model``                model id (written by the template, informational)
8       (empty)
9       table header             ``question, process_area, practice, text, answer, comment,
                                 evidence`` (columns A-G)
10...   one row per question     ``answer`` (column E) has a drop-down of the question's scale codes
======  =======================  ====================================================

Labels are English (``language="en"``), Chinese (``"zh"``: 业务线, 评估批次, 答卷人, 角色,
项目, 日期, 模型) or both (``"Business line / 业务线"``); the reader accepts all three. The table
header names are always the English column names. Panes are frozen below the table header, and
only the answer, comment and evidence cells are meant to be edited.

Reading xlsx safely
-------------------
Before any XML parser sees a workbook, :func:`read_workbook_part` checks the zip signature
(renamed text files, legacy ``.xls``), that the zip is complete (truncated downloads), the total
uncompressed size (zip bombs) and that no XML part declares a DTD or entities (Excel never writes
one; billion-laughs entity bombs need one): such files are rejected in milliseconds. Data are
then read with python-calamine; openpyxl (read-only, defusedxml active) is opened only when a
sheet contains formulas, to find them.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import InputError
from maturity.ingest import (
    _RAW_COLUMNS as RAW_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    Part,
    empty_raw,
    entry,
    file_error,
    frame_to_part,
    normalise_header,
)
from maturity.model import Model, load_model

__all__ = [
    "write_template",
    "fill_template",
    "read_workbook_part",
    "HEADER_FIELDS",
    "TABLE_COLUMNS",
    "TABLE_HEADER_ROW",
    "ANSWERS_SHEET",
    "INSTRUCTIONS_SHEET",
]

#: Header block of the ``Answers`` sheet: (key, English label, Chinese label), rows 1-7.
HEADER_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("business_line", "Business line", "业务线"),
    ("wave", "Wave", "评估批次"),
    ("respondent", "Respondent", "答卷人"),
    ("role", "Role", "角色"),
    ("project", "Project", "项目"),
    ("date", "Date", "日期"),
    ("model", "Model", "模型"),
)
#: Columns of the question table of the ``Answers`` sheet.
TABLE_COLUMNS = ["question", "process_area", "practice", "text", "answer", "comment", "evidence"]
#: Excel row of the question table's header.
TABLE_HEADER_ROW = 9
ANSWERS_SHEET = "Answers"
INSTRUCTIONS_SHEET = "Instructions"

_XML_PROBE = 65_536
_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _label_key(text: Any) -> str:
    s = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip().rstrip(":：")
    return re.sub(r"\s+", " ", s).casefold()


_LABELS: dict[str, str] = {}
for _key, _en, _zh in HEADER_FIELDS:
    for _v in (_key, _key.replace("_", " "), _en, _zh, f"{_en} / {_zh}", f"{_en}/{_zh}"):
        _LABELS[_label_key(_v)] = _key


def _label(key: str, language: str) -> str:
    en, zh = next((e, z) for k, e, z in HEADER_FIELDS if k == key)
    return {"en": en, "zh": zh}.get(language, f"{en} / {zh}")


# --------------------------------------------------------------------------------------------
# Reading


def _zip_problem(path: Path, source: str, max_bytes: int) -> Part | None:
    """A Part for an unsafe or broken workbook, else None (see :func:`_scan_zip`)."""
    return _scan_zip(path, source, max_bytes)[0]


def _scan_zip(path: Path, source: str, max_bytes: int) -> tuple[Part | None, bool]:
    """(a Part for an unsafe or broken workbook or None, whether a worksheet has formulas): one
    pass over the zip, reading each worksheet once for both checks."""
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        return file_error(source, f"{source}: a legacy .xls or password-protected workbook; save "
                          f"it as an unprotected .xlsx (Excel: Save As > Excel Workbook)",
                          expected="an .xlsx workbook"), False
    if not magic.startswith(b"PK\x03\x04"):
        return file_error(source, f"{source}: not an xlsx workbook (no zip signature; is it a "
                          f"renamed text/CSV file?); save it from Excel as .xlsx, or name a CSV "
                          f".csv", value=magic[:4].hex(" "), expected="an .xlsx workbook"), False
    formulas = False
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            limit = max(20 * max_bytes, 1_000_000_000)
            if total > limit:
                return file_error(source, f"{source}: unsafe workbook: unpacks to {total:,} bytes "
                                  f"(limit {limit:,}); a zip bomb or far too large",
                                  value=f"{total} bytes", expected=f"at most {limit} bytes"), False
            for i in infos:
                if not i.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                sheet = i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
                with zf.open(i) as fh:
                    head = fh.read() if sheet else fh.read(_XML_PROBE)
                if sheet and not formulas and (b"<f" in head or b":f" in head):  # fast prefilter
                    formulas = _FORMULA_RE.search(head) is not None
                if _DTD_RE.search(head[:_XML_PROBE]):
                    return file_error(
                        source, f"{source}: unsafe XML (entity expansion) rejected: part "
                        f"{i.filename} declares a DTD/entities, which Excel never writes (this is "
                        f"how XML bombs work); re-save the workbook from Excel",
                        value=i.filename, expected="XML without DTD or entities"), False
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        return file_error(source, f"{source}: truncated or corrupt xlsx ({exc}); download or "
                          f"save it again", expected="a complete .xlsx workbook"), False
    return None, formulas


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                if _FORMULA_RE.search(zf.read(name)):
                    return True
    return False


def _formula_rows(path: Path, sheet: str, col: int, first_row: int) -> dict[int, str]:
    """Excel row -> formula text in column ``col`` (0-based) of ``sheet`` (openpyxl read-only)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[sheet]
        out = {}
        for i, row in enumerate(ws.iter_rows(min_row=first_row, min_col=col + 1, max_col=col + 1)):
            for c in row:
                if getattr(c, "data_type", None) == "f":
                    out[first_row + i] = str(c.value)
        return out
    finally:
        wb.close()


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and v != v)


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
    return bool(rows) and bool(rows[0]) and _LABELS.get(_label_key(rows[0][0])) == "business_line"


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
    if not (_has_formulas(path) if has_formulas is None else has_formulas):
        return part
    formulas = _formula_rows(path, sheet, col, first_row)
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


def _read_respondent(rows: list[list[Any]], source: str, sheet: str, stem: str) -> Part:
    header: dict[str, tuple[Any, str, str]] = {}  # key -> (value, cell, label)
    t = None
    for i, r in enumerate(rows):
        a = r[0] if r else None
        if normalise_header(a) == "question":
            t = i
            break
        key = _LABELS.get(_label_key(a))
        if key and key not in header:
            header[key] = (r[1] if len(r) > 1 else None, f"B{i + 1}", str(a))
    if t is None:
        return file_error(source, f"{source}: sheet {sheet} has a header block but no question "
                          f"table (a row with 'question' in column A)", sheet=sheet,
                          expected=f"a table header on row {TABLE_HEADER_ROW}: "
                          f"{', '.join(TABLE_COLUMNS)}")
    cols = {normalise_header(v): j for j, v in enumerate(rows[t]) if not _blank(v)}
    miss = [c for c in ("question", "answer") if c not in cols]
    if miss:
        return file_error(source, f"{source}: sheet {sheet}, row {t + 1}: question table lacks "
                          f"column(s) {', '.join(miss)}", sheet=sheet, column=", ".join(miss),
                          expected=", ".join(TABLE_COLUMNS))
    part = Part(empty_raw())
    body = rows[t + 1:]
    table = {}  # column by column (one list comprehension each, not a dict per row)
    for c in ("question", "answer", "comment", "evidence"):
        j = cols.get(c)
        table[c] = ([r[j] if j < len(r) else None for r in body] if j is not None
                    else [None] * len(body))
    keep = [k for k, quad in enumerate(zip(*table.values(), strict=True))
            if not all(_blank(v) for v in quad)]
    if not keep:
        part.notes.append(entry(source, "no question rows in the workbook", sheet=sheet))
        return part
    n = len(keep)
    rowcol = {c: np.empty(n, dtype=object) for c in table}
    for c, arr in rowcol.items():
        col = table[c]
        arr[:] = [col[k] for k in keep]
    hv = {k: v[0] for k, v in header.items()}
    respondent = hv.get("respondent")
    if _blank(respondent):
        respondent = stem
        part.notes.append(entry(source, f"respondent empty in the header block; the file name "
                                f"{stem!r} is used", sheet=sheet, column="respondent",
                                value="", expected=stem))
    const = {"source": source, "sheet": sheet, "wave": hv.get("wave"),
             "business_line": hv.get("business_line"), "respondent": respondent,
             "role": hv.get("role"), "project": hv.get("project"), "date": hv.get("date")}
    cols = {"row": np.asarray(keep, dtype="int64") + (t + 2)}  # Excel row numbers
    for c, v in const.items():  # object columns built as such (no frame-wide astype)
        arr = np.empty(n, dtype=object)
        arr[:] = [v] * n
        cols[c] = arr
    cols.update(rowcol)
    frame = pd.DataFrame({c: cols[c] for c in RAW_COLUMNS}, copy=False)
    missing = [k for k in ("business_line", "wave") if _blank(hv.get(k))]
    if missing:
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
                respondent=str(respondent).strip(),
                wave="" if _blank(r["wave"]) else str(r["wave"]),
                business_line="" if _blank(r["business_line"]) else str(r["business_line"])))
        return part
    part.raw = frame  # already 0..n-1; reset_index would copy every column
    part.model_id = "" if _blank(hv.get("model")) else str(hv["model"]).strip()
    return part


def read_workbook_part(path: Path, source: str, max_bytes: int = 200_000_000) -> Part:
    """Read one xlsx (long sheet or respondent workbook) into a raw Part (internal).

    Never raises for a bad workbook: the problem is one rejected entry naming the file.
    """
    bad, has_formulas = _scan_zip(path, source, max_bytes)
    if bad is not None:
        return bad
    import python_calamine as pc

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
            rows = sh.to_python(skip_empty_area=False)
            rows = [list(r) for r in rows]
            while rows and all(_blank(v) for v in rows[-1]):
                rows.pop()
            if not rows:
                continue
            any_data = True
            if _is_respondent(rows):
                part = _read_respondent(rows, source, name, path.stem)
                if len(part.raw):
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
                if len(part.raw):
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
    finally:
        wb.close()


# --------------------------------------------------------------------------------------------
# Writing


def _atomic_save(wb: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=path.parent, prefix=f".{path.stem}.")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_template(
    model: Model | str | os.PathLike[str],
    path: str | os.PathLike[str],
    *,
    language: Literal["en", "zh", "both"] = "en",
    business_line: str | None = None,
    wave: str | None = None,
) -> Path:
    """Write the xlsx workbook a respondent fills in (layout in the module docstring).

    Parameters
    ----------
    model : Model, str or path
        The maturity model (or its id / YAML path).
    path : path
        Where to write the ``.xlsx`` (written atomically).
    language : {"en", "zh", "both"}
        Language of labels, instructions and question texts.
    business_line, wave : str, optional
        Pre-filled header values.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from maturity.datasets import DATA_DIR
    >>> model = load_model(DATA_DIR.parent / "tests/data/models/tiny-staged.yaml")
    >>> out = write_template(model, pathlib.Path(tempfile.mkdtemp()) / "r1.xlsx", wave="2025-09")
    >>> import openpyxl
    >>> ws = openpyxl.load_workbook(out)["Answers"]
    >>> [ws.cell(r, 1).value for r in range(1, 8)]
    ['Business line', 'Wave', 'Respondent', 'Role', 'Project', 'Date', 'Model']
    >>> ws["B2"].value, ws["A9"].value, ws["A10"].value, ws["E9"].value
    ('2025-09', 'question', 'A.SP1.1.Q1', 'answer')
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from maturity.io import _neutralize_value as _safe

    if language not in ("en", "zh", "both"):
        raise ValueError(f"language must be 'en', 'zh' or 'both', not {language!r}")
    model = load_model(model)
    path = Path(path)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")

    def both(en: str, zh: str) -> str:
        return {"en": en, "zh": zh}.get(language, f"{en} / {zh}")

    wb = openpyxl.Workbook()
    ins = wb.active
    ins.title = INSTRUCTIONS_SHEET
    mname = both(model.name, model.name_zh or model.name)
    lines = [
        (both("Self-assessment", "自评问卷") + f": {mname} ({model.id} {model.version})", True),
        ("", False),
        (both("1. On sheet Answers, fill in Business line, Wave and Respondent (cells B1-B3); "
              "Role, Project and Date are optional.",
              "1. 在 Answers 工作表中填写业务线、评估批次和答卷人（B1-B3 单元格）；"
              "角色、项目和日期可选。"), False),
        (both("2. For each question, choose an answer code from the drop-down in column E "
              "(answer). Do not type formulas.",
              "2. 对每个问题，在 E 列（answer）的下拉列表中选择答案代码。请勿输入公式。"), False),
        (both("3. Add a comment and the evidence (document, link) that supports the answer.",
              "3. 填写说明及支持该答案的证据（文档、链接）。"), False),
        (both("4. Leave no answer empty: empty answers are reported as unanswered. Use NA when "
              "the practice does not apply.",
              "4. 请勿留空：空白答案将被报告为未作答。不适用时请选择 NA。"), False),
        (both("5. Do not change the question ids in column A or the sheet names.",
              "5. 请勿修改 A 列的问题编号或工作表名称。"), False),
        ("", False),
    ]
    for text, is_bold in lines:
        ins.append([text])
        if is_bold:
            ins.cell(ins.max_row, 1).font = Font(bold=True, size=14)
    used = list(dict.fromkeys(model.questions["scale"]))
    for sid in used:
        sc = model.scales[sid]
        ins.append([both("Scale", "量表") + f" {sid}"])
        ins.cell(ins.max_row, 1).font = bold
        ins.append(["code", "label", "label_zh"])
        for c in range(1, 4):
            ins.cell(ins.max_row, c).font = bold
            ins.cell(ins.max_row, c).fill = fill
        for o in sc.options.itertuples(index=False):
            ins.append([str(o.code), o.label, o.label_zh])
        ins.append([])
    ins.column_dimensions["A"].width = 110 if language != "zh" else 80
    ins.column_dimensions["B"].width = 40
    ins.column_dimensions["C"].width = 20

    ws = wb.create_sheet(ANSWERS_SHEET)
    preset = {"business_line": business_line, "wave": wave, "model": model.id}
    for i, (key, _en, _zh) in enumerate(HEADER_FIELDS, start=1):
        ws.cell(i, 1, _label(key, language)).font = bold
        v = preset.get(key)
        c = ws.cell(i, 2, _safe(v) if v is not None else None)  # text, never a formula
        if key != "model":
            c.fill = input_fill
    for j, name in enumerate(TABLE_COLUMNS, start=1):
        c = ws.cell(TABLE_HEADER_ROW, j, name)
        c.font, c.fill = bold, fill
    q = model.questions
    text = {"en": q["text"], "zh": q["text_zh"].where(q["text_zh"] != "", q["text"])}.get(
        language, q["text"] + "\n" + q["text_zh"])
    rows_by_scale: dict[str, list[int]] = {}
    for k, (qid, pa, pr, sid, tx) in enumerate(
            zip(q["question"], q["process_area"], q["practice"], q["scale"], text, strict=True)):
        r = TABLE_HEADER_ROW + 1 + k
        for j, v in enumerate((qid, pa, pr, str(tx).strip()), start=1):
            ws.cell(r, j, _safe(v))
        ws.cell(r, 4).alignment = wrap
        ws.cell(r, 5).fill = input_fill
        rows_by_scale.setdefault(sid, []).append(r)
    for sid, rows in rows_by_scale.items():
        codes = ",".join(str(c) for c in model.scales[sid].codes)
        dv = DataValidation(type="list", formula1=f'"{codes}"', allow_blank=True,
                            showErrorMessage=True, errorTitle="answer",
                            error=both(f"Choose one of {codes}", f"请选择 {codes} 之一"),
                            promptTitle="answer", prompt=codes, showInputMessage=True)
        for r in rows:
            dv.add(f"E{r}")
        ws.add_data_validation(dv)
    for col, width in zip("ABCDEFG", (16, 10, 14, 70, 10, 40, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"B{TABLE_HEADER_ROW + 1}"
    wb.active = 0
    _atomic_save(wb, path)
    return path


def fill_template(
    path: str | os.PathLike[str],
    answers: Mapping[str, Any] | pd.Series,
    header: Mapping[str, Any] | None = None,
    *,
    comments: Mapping[str, Any] | None = None,
    evidence: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] | None = None,
) -> Path:
    """Fill a respondent workbook programmatically (sample data, tests, migrations).

    Parameters
    ----------
    path : path
        A workbook written by :func:`write_template`.
    answers : dict or Series
        Question id -> answer (code or label), written to the ``answer`` column as given.
    header : dict, optional
        Header values by key: ``business_line, wave, respondent, role, project, date``.
    comments, evidence : dict, optional
        Question id -> text for the ``comment`` / ``evidence`` columns.
    out : path, optional
        Where to save; default: overwrite ``path`` (atomically).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputError
        A question id or header key that the workbook does not have.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from maturity.datasets import DATA_DIR
    >>> from maturity.ingest import read_responses
    >>> model = load_model(DATA_DIR.parent / "tests/data/models/tiny-staged.yaml")
    >>> p = write_template(model, pathlib.Path(tempfile.mkdtemp()) / "ann.xlsx")
    >>> _ = fill_template(p, {q: "3" for q in model.questions.question},
    ...                   {"business_line": "Retail", "wave": "2025-09"})
    >>> r = read_responses(p, model)
    >>> len(r.responses), r.responses.respondent.unique().tolist(), int(r.responses.row.min())
    (10, ['ann'], 10)
    """
    import openpyxl

    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path)
    except Exception as exc:  # noqa: BLE001
        raise InputError(
            f"{path}: cannot open the template ({type(exc).__name__}: {exc})") from None
    if ANSWERS_SHEET not in wb.sheetnames:
        raise InputError(f"{path}: no sheet {ANSWERS_SHEET!r}; expected a workbook from "
                         f"write_template")
    ws = wb[ANSWERS_SHEET]
    label_rows: dict[str, int] = {}
    qrows: dict[str, int] = {}
    cols: dict[str, int] = {}
    in_table = False
    for r in range(1, ws.max_row + 1):
        a = ws.cell(r, 1).value
        if in_table:
            if not _blank(a):
                qrows[str(a).strip()] = r
        elif normalise_header(a) == "question":
            in_table = True
            cols = {normalise_header(ws.cell(r, j).value): j for j in range(1, ws.max_column + 1)}
        else:
            key = _LABELS.get(_label_key(a))
            if key:
                label_rows.setdefault(key, r)
    for key, v in (header or {}).items():
        if key not in label_rows:
            raise InputError(f"{path}: unknown header field {key!r}; expected one of "
                             f"{', '.join(label_rows)}")
        ws.cell(label_rows[key], 2, v)
    for what, mapping in (("answer", answers), ("comment", comments), ("evidence", evidence)):
        if mapping is None:
            continue
        items = mapping.items()
        unknown = [q for q, _ in items if str(q) not in qrows]
        if unknown:
            raise InputError(f"{path}: question(s) not in the template: "
                             f"{', '.join(map(str, unknown[:10]))}")
        for q, v in items:
            ws.cell(qrows[str(q)], cols[what], None if _blank(v) else v)
    target = Path(out) if out is not None else path
    _atomic_save(wb, target)
    return target
