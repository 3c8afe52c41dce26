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
3       ``Respondent id``        the person's unique id, e.g. the staff number (工号);
                                 default when empty: the file name stem
4       ``Role``                 role, optional
5       ``Project``              project, optional
6       ``Date``                 date, optional
7       ``Model``                model id (written by the template, informational)
8       ``Name``                 the respondent's name (informational: two people with one
                                 name are told apart by their ids)
9       table header             ``question, process_area, practice, text, answer, comment,
                                 evidence`` (columns A-G)
10...   one row per question     ``answer`` (column E) has a drop-down "code - label" of the
                                 question's scale (``3 - 大部分实施``); other typed answers get
                                 a warning in Excel, not a refusal
======  =======================  ====================================================

Labels are English (``language="en"``), Chinese (``"zh"``: 业务线, 评估批次, 答卷人编号, 角色,
项目, 日期, 模型, 姓名; sheets 填写说明 and 答卷; table header 问题编号, 过程域, 实践, 问题, 答案,
说明, 证据; practice and model names in Chinese) or both (``"Business line / 业务线"``); the
reader accepts all three. Panes are frozen below the table header, and
only the answer, comment and evidence cells are meant to be edited.

Reading xlsx safely
-------------------
Before any XML parser sees a workbook, :func:`read_workbook_part` checks the zip signature
(renamed text files, legacy ``.xls``), that the zip is complete (truncated downloads), the total
uncompressed size (zip bombs) and that no XML part declares a DTD or entities (Excel never writes
one; billion-laughs entity bombs need one): such files are rejected in milliseconds. Data are
then read with python-calamine; openpyxl (read-only, defusedxml active) is opened only when a
sheet contains formulas (a ``<f>`` element in its cells), to find them.

The scan inflates every worksheet once (for the formula check); calamine then reads those very
bytes from a copy of the zip in which they are stored rather than inflating them again (only for
plain zips scanned in memory; anything unusual is read from the file itself, and so is any
workbook on which the copy fails). A folder is read by a process pool in runs of files
(:func:`read_chunk`); the workers send the rows back as integer codes into each column's
distinct values, which :func:`combine_chunks` turns into one raw frame of categoricals, so that
neither a frame per file nor a Python object per cell crosses between processes.
"""

from __future__ import annotations

import io
import os
import re
import struct
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import InputError
from maturity.ingest.responses import (
    _RAW_COLUMNS as RAW_COLUMNS,
)
from maturity.ingest.responses import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    Part,
    empty_raw,
    entry,
    file_error,
    frame_to_part,
    normalise_header,
)
from maturity.model.load import Model, load_model

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
    ("respondent", "Respondent id", "答卷人编号"),
    ("role", "Role", "角色"),
    ("project", "Project", "项目"),
    ("date", "Date", "日期"),
    ("model", "Model", "模型"),
    ("name", "Name", "姓名"),
)
#: Earlier or other labels the reader also accepts.
_OTHER_LABELS = {"respondent": ("Respondent", "答卷人", "Respondent / 答卷人", "Respondent/答卷人",
                                "工号", "答卷人编号(工号)", "Respondent id (e.g. staff number)")}
#: Sheet names by template language (the reader finds the answers by their layout, any name).
SHEET_NAMES = {"en": ("Instructions", "Answers"), "zh": ("填写说明", "答卷"),
               "both": ("Instructions", "Answers")}
#: Question-table header by template language (the reader maps the Chinese names).
_TABLE_ZH = ["问题编号", "过程域", "实践", "问题", "答案", "说明", "证据"]
#: Columns of the question table of the ``Answers`` sheet.
TABLE_COLUMNS = ["question", "process_area", "practice", "text", "answer", "comment", "evidence"]
#: Excel row of the question table's header.
TABLE_HEADER_ROW = 9
ANSWERS_SHEET = "Answers"
INSTRUCTIONS_SHEET = "Instructions"

_XML_PROBE = 65_536
_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_RE = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _label_key(text: Any) -> str:
    s = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip().rstrip(":：")
    return re.sub(r"\s+", " ", s).casefold()


_LABELS: dict[str, str] = {}
for _key, _en, _zh in HEADER_FIELDS:
    for _v in (_key, _key.replace("_", " "), _en, _zh, f"{_en} / {_zh}", f"{_en}/{_zh}",
               *_OTHER_LABELS.get(_key, ())):
        _LABELS[_label_key(_v)] = _key


# The reader's versions, cached: every workbook has the same labels (calamine's cell values are
# hashable; typed, so that 1, 1.0 and True stay apart).
_header_name = lru_cache(maxsize=4096, typed=True)(normalise_header)
_cell_label = lru_cache(maxsize=4096, typed=True)(_label_key)


def _label(key: str, language: str) -> str:
    en, zh = next((e, z) for k, e, z in HEADER_FIELDS if k == key)
    return {"en": en, "zh": zh}.get(language, f"{en} / {zh}")


# --------------------------------------------------------------------------------------------
# Reading


def _zip_problem(path: Path, source: str, max_bytes: int) -> Part | None:
    """A Part for an unsafe or broken workbook, else None (see :func:`_scan_zip`)."""
    return _scan_zip(path, source, max_bytes)[0]


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # a zip member's local header (zipfile's layout)
_IN_MEMORY = 32 << 20  # workbooks up to this size are scanned from their bytes in memory


def _member_head(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None,
                 limit: int | None) -> bytes:
    """``zf.open(info).read(limit)`` (all of it when ``limit`` is None), inflated straight from
    the file's bytes ``data`` when the member is plain (stored or deflated, not encrypted) and
    everything checks out as zipfile checks it: the local header's signature and name, the
    compressed size, and the CRC when the whole member is read. Anything else is read by
    zipfile itself, which raises its own errors (zipfile's reader costs ~0.1 ms a workbook in
    Python-level reads, a third of the scan)."""
    want = info.file_size if limit is None else min(limit, info.file_size)
    out = None
    if data is not None and not info.flag_bits & 0x61 and info.compress_type in (0, 8):
        off = info.header_offset
        h = _LOCAL_HEADER.unpack_from(data, off) if off + 30 <= len(data) else None
        if h is not None and h[0] == b"PK\x03\x04":
            name = data[off + 30: off + 30 + h[10]]
            enc = "utf-8" if info.flag_bits & 0x800 else (
                getattr(zf, "metadata_encoding", None) or "cp437")
            start = off + 30 + h[10] + h[11]
            comp = memoryview(data)[start: start + info.compress_size]
            if name.decode(enc, "replace") == info.orig_filename and \
                    len(comp) == info.compress_size:
                if info.compress_type == 0:
                    out = bytes(comp[:want])
                else:
                    try:
                        out = zlib.decompressobj(-15).decompress(comp, want)
                    except zlib.error:
                        out = None
                if out is not None and (len(out) != want or (
                        want == info.file_size and zlib.crc32(out) != info.CRC)):
                    out = None
    if out is None:
        with zf.open(info) as fh:
            out = fh.read() if limit is None else fh.read(limit)
    return out


_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")


def _stored_copy(data: bytes, infos: list[zipfile.ZipInfo],
                 inflated: dict[str, bytes]) -> bytes | None:
    """The workbook's zip with the members of ``inflated`` (the worksheets the scan has just
    inflated and checked) stored uncompressed and every other member's compressed bytes copied:
    calamine reads it without inflating the worksheets a second time. None unless the zip is
    plain: unique names, no encryption, data descriptors, extra fields or zip64, every local
    header agreeing with the central directory and its data inside the file; anything else is
    read from the file itself."""
    if len(infos) >= 0xFFFF or len({i.orig_filename for i in infos}) != len(infos):
        return None
    out: list[bytes] = []
    central: list[bytes] = []
    pos = 0
    for i in infos:
        if (i.flag_bits & ~0x806 or i.compress_type not in (0, 8) or i.extra
                or max(i.file_size, i.compress_size, i.header_offset) >= 0xFFFFFFFF):
            return None
        off = i.header_offset
        if off + 30 > len(data):
            return None
        h = _LOCAL_HEADER.unpack_from(data, off)
        start = off + 30 + h[10]
        if (h[0] != b"PK\x03\x04" or h[3] != i.flag_bits or h[4] != i.compress_type
                or h[7:10] != (i.CRC, i.compress_size, i.file_size) or h[11]
                or start + i.compress_size > len(data)):
            return None
        enc = "utf-8" if i.flag_bits & 0x800 else "cp437"  # as zipfile decodes names
        if data[off + 30: start].decode(enc, "replace") != i.orig_filename:
            return None
        body = inflated.get(i.orig_filename)
        method = 0 if body is not None else i.compress_type
        if body is None:
            body = data[start: start + i.compress_size]
        name = i.orig_filename.encode("utf-8")
        local = _LOCAL_HEADER.pack(b"PK\x03\x04", 20, 0, 0x800, method, 0, 0x21, i.CRC,
                                   len(body), i.file_size, len(name), 0)
        central.append(_CENTRAL_HEADER.pack(b"PK\x01\x02", 20, 0, 20, 0, 0x800, method, 0,
                                            0x21, i.CRC, len(body), i.file_size, len(name),
                                            0, 0, 0, 0, 0, pos) + name)
        out += (local, name, body)
        pos += len(local) + len(name) + len(body)
    directory = b"".join(central)
    out += (directory, _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(infos), len(infos),
                                        len(directory), pos, 0))
    return b"".join(out)


def _scan_zip(path: Path, source: str, max_bytes: int) -> tuple[Part | None, bool]:
    """(a Part for an unsafe or broken workbook or None, whether a worksheet has formulas): one
    pass over the zip, reading each worksheet once for both checks."""
    return _scan(path, source, max_bytes)[:2]


def _scan(path: Path, source: str,
          max_bytes: int) -> tuple[Part | None, bool, bytes | None]:
    """:func:`_scan_zip`, and the workbook with its worksheets stored (:func:`_stored_copy`)
    when it is plain and small enough to be scanned in memory, else None."""
    data = path.read_bytes() if path.stat().st_size <= _IN_MEMORY else None
    if data is not None:
        magic = data[:8]
    else:
        with path.open("rb") as fh:
            magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        return file_error(source, f"{source}: a legacy .xls or password-protected workbook; save "
                          f"it as an unprotected .xlsx (Excel: Save As > Excel Workbook)",
                          expected="an .xlsx workbook"), False, None
    if not magic.startswith(b"PK\x03\x04"):
        return file_error(source, f"{source}: not an xlsx workbook (no zip signature; is it a "
                          f"renamed text/CSV file?); save it from Excel as .xlsx, or name a CSV "
                          f".csv", value=magic[:4].hex(" "),
                          expected="an .xlsx workbook"), False, None
    formulas = False
    inflated: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            limit = max(20 * max_bytes, 1_000_000_000)
            if total > limit:
                return file_error(source, f"{source}: unsafe workbook: unpacks to {total:,} bytes "
                                  f"(limit {limit:,}); a zip bomb or far too large",
                                  value=f"{total} bytes",
                                  expected=f"at most {limit} bytes"), False, None
            for i in infos:
                if not i.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                sheet = i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
                head = _member_head(zf, i, data, None if sheet else _XML_PROBE)
                if sheet:
                    inflated[i.orig_filename] = head
                    if not formulas:
                        formulas = _sheet_has_formulas(head)
                if head.find(b"!", 0, _XML_PROBE) >= 0 and _DTD_RE.search(head, 0, _XML_PROBE):
                    return file_error(
                        source, f"{source}: unsafe XML (entity expansion) rejected: part "
                        f"{i.filename} declares a DTD/entities, which Excel never writes (this is "
                        f"how XML bombs work); re-save the workbook from Excel",
                        value=i.filename, expected="XML without DTD or entities"), False, None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        return file_error(source, f"{source}: truncated or corrupt xlsx ({exc}); download or "
                          f"save it again", expected="a complete .xlsx workbook"), False, None
    stored = None
    if data is not None:
        try:
            stored = _stored_copy(data, infos, inflated)
        except Exception:  # noqa: BLE001 - a shortcut only: the file is read as it is
            stored = None
    return None, formulas, stored


def _sheet_has_formulas(xml: bytes) -> bool:
    """Whether a worksheet's XML has a formula element (``<f>``) in its cells.

    Cells, and so formulas, live in ``<sheetData>``; what follows it (data validations'
    ``<formula1>``, which every respondent template has, conditional formats) is not searched.
    The region ends at the last ``sheetData>``, unless a cell element follows it (malformed XML,
    or text that looks like the end tag): then the whole part is searched. The regex runs only
    when some ``f`` follows a ``<`` or ``:`` (found with numpy: ``bytes.find`` of a two-byte
    needle is ~20x slower than the one-byte scan, and this is every file's cost).
    """
    end = xml.rfind(b"sheetData>")
    if end < 0 or _CELL_RE.search(xml, end) is not None:
        end = len(xml)
    a = np.frombuffer(xml, dtype=np.uint8, count=end)
    at = np.flatnonzero(a[1:] == 0x66) + 1  # every 'f' after the first byte
    before = a[at - 1]
    if not ((before == 0x3C) | (before == 0x3A)).any():  # '<f' or ':f'
        return False
    return _FORMULA_RE.search(xml, 0, end) is not None


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                if _sheet_has_formulas(zf.read(name)):
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
        part = Part(empty_raw(), notes=notes)
        frame = out.frame()
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
    return out


def read_workbook_part(path: Path, source: str, max_bytes: int = 200_000_000, *,
                       compact: bool = False) -> Part | _Rows:
    """Read one xlsx (long sheet or respondent workbook) into a raw Part (internal).

    Never raises for a bad workbook: the problem is one rejected entry naming the file.
    ``compact=True``: a respondent workbook's rows come as a :class:`_Rows` (what
    :func:`read_chunk` combines), not as a frame.
    """
    bad, has_formulas, stored = _scan(path, source, max_bytes)
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


# --------------------------------------------------------------------------------------------
# Folders: files read in chunks by worker processes, sent back as integer codes

#: Raw columns sent as codes into their distinct values (every raw column but ``row``).
_CODED = [c for c in RAW_COLUMNS if c != "row"]
_HEADER_COLUMNS = ["source", "sheet", "wave", "business_line", "respondent", "role", "project",
                   "date"]
_CELL_COLUMNS = ["question", "answer", "comment", "evidence"]


def model_note(source: str, sheet: str, written_for: str, model_id: str) -> dict[str, Any]:
    """The note for a workbook written for another model than the one it is read with (the
    words of ``read_responses``' note for a Part of its own)."""
    return entry(source, f"workbook written for model {written_for!r}, read with model "
                 f"{model_id!r}", sheet=sheet, column="model", value=written_for,
                 expected=model_id)


def _small_codes(codes: np.ndarray, n: int) -> np.ndarray:
    for t in (np.int8, np.int16, np.int32):
        if n < np.iinfo(t).max:
            return codes.astype(t, copy=False)
    return codes.astype(np.int64, copy=False)


def _factorize(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values) of one column piece, missing values coded -1, as
    ``validate_raw`` factorises a raw column (a categorical gives its own codes)."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.Categorical):
        return np.asarray(values.codes), values.categories.to_numpy(dtype=object)
    if not isinstance(values, np.ndarray) or values.dtype != object:
        arr = np.empty(len(values), dtype=object)
        arr[:] = list(values) if not isinstance(values, list) else values
        values = arr
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes), np.asarray(uniques, dtype=object)


def _combine(pieces: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """One (codes, distinct values) for pieces in row order: the pieces' distinct values are
    factorised together (first occurrence wins, as when the whole column is factorised at once)
    and each piece's codes mapped to them."""
    if len(pieces) == 1:
        codes, uniques = pieces[0]
        return _small_codes(codes, len(uniques)), uniques
    if not pieces:
        return np.zeros(0, dtype=np.int8), np.zeros(0, dtype=object)
    gcodes, uniques = pd.factorize(np.concatenate([u for _, u in pieces]))
    gcodes = np.asarray(gcodes)
    out = []
    off = 0
    for codes, u in pieces:
        lut = np.append(gcodes[off: off + len(u)], -1)  # code -1 (missing) stays -1
        off += len(u)
        out.append(_small_codes(lut, len(uniques))[codes])
    return np.concatenate(out), np.asarray(uniques, dtype=object)


def file_runs(files: list[str], workers: int, smallest: int = 8) -> list[list[str]]:
    """Contiguous runs of ``files`` for the workers, shrinking as fewer files remain (a third
    of what is left per worker, at least ``smallest``): few round trips, and the last runs are
    short so that the workers finish together."""
    runs = []
    i = 0
    while i < len(files):
        size = max(smallest, -(-(len(files) - i) // (3 * workers)))
        runs.append(files[i: i + size])
        i += size
    return runs


@dataclass
class _Chunk:
    """What a worker sends back for a run of files: the raw rows as integer codes per column
    (a few bytes a cell, instead of a pickled frame of Python objects per file) and the files'
    rejected and notes entries in file order (internal)."""

    row: np.ndarray
    codes: dict[str, np.ndarray]
    uniques: dict[str, np.ndarray]
    rejected: list[dict[str, Any]]
    notes: list[dict[str, Any]]


def read_chunk(paths: list[str], max_bytes: int, encoding: str | None,
               model_id: str) -> _Chunk:
    """Read files (any kind :func:`maturity.ingest.responses.read_file_part` reads) into one
    :class:`_Chunk`; a workbook written for another model than ``model_id`` gets the note
    ``read_responses`` gives it (internal; runs in the worker processes)."""
    import gc

    from maturity.ingest.responses import read_file_part

    enabled = gc.isenabled()
    gc.disable()  # the cells are acyclic; collections would walk every object of the worker
    try:
        items = [read_file_part(p, max_bytes, encoding, compact=True) for p in paths]
    finally:
        if enabled:
            gc.enable()
    rejected: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    rows: list[np.ndarray] = []
    pieces: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {c: [] for c in _CODED}
    # workbook rows not yet factorised: the header values once per file (with the file's
    # number of rows), the table's cells as one list per column
    const: dict[str, list[Any]] = {c: [] for c in _HEADER_COLUMNS}
    counts: list[int] = []
    cells: dict[str, list[Any]] = {c: [] for c in _CELL_COLUMNS}

    def flush() -> None:
        if counts:
            for c, vals in const.items():
                codes, uniques = _factorize(vals)
                pieces[c].append((np.repeat(codes, counts), uniques))
                vals.clear()
            for c, vals in cells.items():
                pieces[c].append(_factorize(vals))
                cells[c] = []
            counts.clear()

    for it in items:
        rejected.extend(it.rejected)
        notes.extend(it.notes)
        if not len(it.raw if isinstance(it, Part) else it):
            continue
        if isinstance(it, _Rows):
            first = (it.const["source"], it.const["sheet"])
            counts.append(len(it))
            for c, v in it.const.items():
                const[c].append(v)
            for c, vals in it.table.items():
                cells[c] += vals
            rows.append(it.row)
        else:
            raw = it.raw
            first = (raw["source"].iloc[0], raw["sheet"].iloc[0])
            flush()
            for c in _CODED:
                pieces[c].append(_factorize(raw[c]))
            rows.append(raw["row"].to_numpy(dtype=np.int64))
        if it.model_id and it.model_id != model_id:
            notes.append(model_note(str(first[0]), str(first[1]), it.model_id, model_id))
    flush()
    codes, uniques = {}, {}
    for c in _CODED:
        codes[c], uniques[c] = _combine(pieces[c])
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    return _Chunk(row, codes, uniques, rejected, notes)


def combine_chunks(chunks: list[_Chunk]) -> Part:
    """One raw Part for chunks in file order: every raw column but ``row`` a categorical of
    the cells' values (codes into distinct values: validation factorises nothing again)."""
    rejected = [e for ch in chunks for e in ch.rejected]
    notes = [e for ch in chunks for e in ch.notes]
    n = sum(len(ch.row) for ch in chunks)
    if not n:
        return Part(empty_raw(), rejected, notes)
    cols: dict[str, Any] = {"row": np.concatenate([ch.row for ch in chunks])}
    for c in _CODED:
        codes, uniques = _combine([(ch.codes[c], ch.uniques[c]) for ch in chunks if len(ch.row)])
        cols[c] = pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object),
                                            validate=False)
    raw = pd.DataFrame({c: cols[c] for c in RAW_COLUMNS}, columns=RAW_COLUMNS, copy=False)
    return Part(raw, rejected, notes)


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
    >>> [ws.cell(r, 1).value for r in range(1, 9)]
    ['Business line', 'Wave', 'Respondent id', 'Role', 'Project', 'Date', 'Model', 'Name']
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
    ins_name, ans_name = SHEET_NAMES[language]
    ins.title = ins_name
    mname = both(model.name, model.name_zh or model.name)
    ident = model.id if str(model.version) in model.id else f"{model.id} {model.version}"
    lines = [
        (both("Self-assessment", "自评问卷") + f": {mname} ({ident})", True),
        ("", False),
        (both(f"1. On sheet {ans_name}, fill in Business line, Wave and Respondent id (cells "
              "B1-B3): the respondent id is unique to the person (e.g. the staff number), so "
              "two people with the same name are not taken as one; write the name in B8. Role, "
              "Project and Date are optional.",
              f"1. 在“{ans_name}”工作表中填写业务线、评估批次和答卷人编号（B1-B3 单元格）："
              "答卷人编号须唯一标识一个人（如工号），同名的两个人不会被当作一人；姓名填在 B8。"
              "角色、项目和日期可选。"), False),
        (both("2. For each question, choose an answer from the drop-down in column E "
              "(answer), e.g. '3 - Largely implemented'. Do not type formulas.",
              "2. 对每个问题，在 E 列（答案）的下拉列表中选择答案，如“3 - 大部分实施”。"
              "请勿输入公式。"), False),
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
    choice_ref: dict[str, str] = {}  # scale -> the cells of its drop-down choices
    for sid in used:
        sc = model.scales[sid]
        ins.append([both("Scale", "量表") + f" {sid}"])
        ins.cell(ins.max_row, 1).font = bold
        labels = _scale_labels(sc.options, language)
        head = [both("code", "代码"), *labels.keys(), both("drop-down", "下拉选项")]
        ins.append(head)
        for c in range(1, len(head) + 1):
            ins.cell(ins.max_row, c).font = bold
            ins.cell(ins.max_row, c).fill = fill
        first = ins.max_row + 1
        shown = next(iter(labels.values()))
        for k, o in enumerate(sc.options.itertuples(index=False)):
            lab = str(shown[k]).strip()
            choice = f"{o.code} - {lab}" if lab else str(o.code)
            ins.append([_safe(str(o.code)), *(_safe(v[k]) for v in labels.values()),
                        _safe(choice)])
        col = "ABCDEFG"[len(head) - 1]
        choice_ref[sid] = f"'{ins_name}'!${col}${first}:${col}${ins.max_row}"
        ins.append([])
    ins.column_dimensions["A"].width = 110 if language != "zh" else 80
    ins.column_dimensions["B"].width = 40
    ins.column_dimensions["C"].width = 20

    ws = wb.create_sheet(ans_name)
    preset = {"business_line": business_line, "wave": wave, "model": model.id}
    for i, (key, _en, _zh) in enumerate(HEADER_FIELDS, start=1):
        ws.cell(i, 1, _label(key, language)).font = bold
        v = preset.get(key)
        c = ws.cell(i, 2, _safe(v) if v is not None else None)  # text, never a formula
        if key != "model":
            c.fill = input_fill
    for j, name in enumerate(_TABLE_ZH if language == "zh" else TABLE_COLUMNS, start=1):
        c = ws.cell(TABLE_HEADER_ROW, j, name)
        c.font, c.fill = bold, fill
    q = model.questions
    text = {"en": q["text"], "zh": q["text_zh"].where(q["text_zh"] != "", q["text"])}.get(
        language, q["text"] + "\n" + q["text_zh"])
    rows_by_scale: dict[str, list[int]] = {}
    pnames = _practice_names(model, language)
    for k, (qid, pa, pr, sid, tx) in enumerate(
            zip(q["question"], q["process_area"], q["practice"], q["scale"], text, strict=True)):
        r = TABLE_HEADER_ROW + 1 + k
        pr_shown = f"{pr} {pnames[pr]}" if pnames.get(pr) else pr  # the id, then its name
        for j, v in enumerate((qid, pa, pr_shown, str(tx).strip()), start=1):
            ws.cell(r, j, _safe(v))
        ws.cell(r, 4).alignment = wrap
        ws.cell(r, 5).fill = input_fill
        rows_by_scale.setdefault(sid, []).append(r)
    for sid, rows in rows_by_scale.items():
        codes = ",".join(str(c) for c in model.scales[sid].codes)
        # "code - label" choices from the instructions sheet; a typed code or label gets a
        # warning, not a refusal (the reader accepts them)
        dv = DataValidation(type="list", formula1=choice_ref[sid], allow_blank=True,
                            showErrorMessage=True, errorStyle="warning", errorTitle="answer",
                            error=both(f"Choose one of the list (codes {codes})",
                                       f"请从列表中选择（代码 {codes}）"),
                            promptTitle="answer", prompt=both(f"codes {codes}", f"代码 {codes}"),
                            showInputMessage=True)
        for r in rows:
            dv.add(f"E{r}")
        ws.add_data_validation(dv)
    for col, width in zip("ABCDEFG", (16, 10, 14, 70, 10, 40, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"B{TABLE_HEADER_ROW + 1}"
    wb.active = 0
    _atomic_save(wb, path)
    return path


def _scale_labels(options: pd.DataFrame, language: str) -> dict[str, list[str]]:
    """The label columns of a scale's table in the template: no empty language column."""
    en = ["" if pd.isna(v) else str(v) for v in options["label"]]
    zh = ["" if pd.isna(v) else str(v) for v in options["label_zh"]]
    has_zh = any(x.strip() for x in zh)
    if language == "en" or (language == "both" and not has_zh):
        return {"label": en}
    if language == "zh":
        return {"标签": [z or e for z, e in zip(zh, en, strict=True)]}
    return {"label": en, "label_zh": zh}


def _practice_names(model: Model, language: str) -> dict[str, str]:
    """Practice id -> name in the template's language (the English name when no Chinese)."""
    p = model.practices
    en = p["name"].fillna("").astype(str)
    zh = p["name_zh"].fillna("").astype(str) if "name_zh" in p else en
    shown = {"en": en, "zh": zh.where(zh != "", en),
             "both": en.where(zh == "", en + " / " + zh)}[language]
    return dict(zip(p["practice"].astype(str), shown, strict=True))


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
    >>> from maturity.ingest.responses import read_responses
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
    sheet = next((n for _, n in SHEET_NAMES.values() if n in wb.sheetnames), None)
    if sheet is None:
        raise InputError(f"{path}: no sheet {ANSWERS_SHEET!r} (答卷); expected a workbook from "
                         f"write_template")
    ws = wb[sheet]
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
