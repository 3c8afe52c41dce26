"""Reading survey-tool exports as tables and telling which tool wrote them.

A survey tool's download is a **wide** table: one row per response, one column per question
(and per statement of a grid question), with the tool's own metadata columns in front. This
module reads such a file into a :class:`Table` (header texts per column, body rows, where each
row sits in the file) and detects the tool from its header *text*, never from positions:

==============  ==========================================================================
format          recognised by
==============  ==========================================================================
msforms         ``ID``, ``Start time``, ``Completion time`` (Chinese Forms: ``开始时间``,
                ``完成时间``); one header row, grid statements as their own columns
googleforms     ``Timestamp`` (``时间戳记``); grid rows as ``Question [Row]`` columns
qualtrics       ``StartDate``, ``EndDate``, ``ResponseId``, or a third header row of
                ``{"ImportId":"QID12"}`` cells; three header rows (ids, texts, import ids)
surveymonkey    ``Respondent ID`` and ``Collector ID``; two header rows (question, then
                sub-question / ``Response``), a question's text only above its first column
wjx             问卷星: ``序号`` and ``提交答卷时间``; columns ``N、题干``, grid rows ``N(子题)``
tencent         腾讯问卷: ``编号`` and ``开始答题时间`` / ``结束答题时间`` (unverified layout:
                read as a generic wide table)
wide            none of the above, and some header holds a question id of the model
==============  ==========================================================================

Files: ``.xlsx`` is checked by :mod:`maturity.ingest.workbook`'s scan (zip bombs, XML entities,
truncation) and read with python-calamine, formula cells located with openpyxl; ``.xls`` is
read with xlrd after a size check (file bytes and cells); CSV is decoded from its byte order
mark (UTF-8, UTF-16), else as UTF-8, else as GB18030 (the Chinese Windows encoding wjx and
Excel use), which is noted and accepted only when the header is a tool's known header.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.ingest.csv import sniff_sep
from maturity.ingest.excel import scan
from maturity.ingest.records import _blank

__all__ = ["Table", "read_table", "detect_format", "NotAnExport", "FORMATS", "MAX_CELLS",
           "MAX_XLS_BYTES"]

#: Formats :func:`detect_format` knows, ``auto`` excepted.
FORMATS = ("msforms", "googleforms", "qualtrics", "surveymonkey", "wjx", "tencent", "wide")
#: Most cells an export may have (rows x columns); larger files are refused before reading.
MAX_CELLS = 20_000_000
#: Largest legacy .xls read (xlrd holds the whole file and every cell in memory; a tool's
#: download of a few thousand responses is a few MB).
MAX_XLS_BYTES = 50_000_000

_TOOL_NAMES = {
    "msforms": "Microsoft Forms", "googleforms": "Google Forms", "qualtrics": "Qualtrics",
    "surveymonkey": "SurveyMonkey", "wjx": "问卷星 (wjx)", "tencent": "腾讯问卷 (Tencent)",
    "wide": "a wide table with question ids in its header",
}
#: Header names (normalised by :func:`key`) that mark each tool: all of one group must be there.
_SIGNATURES: dict[str, list[tuple[str, ...]]] = {
    "qualtrics": [("startdate", "enddate", "responseid"), ("responseid", "recordeddate")],
    "surveymonkey": [("respondent id", "collector id")],
    "msforms": [("id", "start time", "completion time"), ("id", "开始时间", "完成时间")],
    "googleforms": [("timestamp",), ("时间戳记",), ("时间戳",)],
    "wjx": [("序号", "提交答卷时间"), ("序号", "所用时间", "来自ip")],
    "tencent": [("编号", "开始答题时间"), ("编号", "结束答题时间")],
}
_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"\s*:', re.IGNORECASE)


def key(text: Any) -> str:
    """A header's comparison key: NFKC, case folded, inner whitespace as one space.

    Examples
    --------
    >>> key(" Respondent  ID "), key("来自IP")
    ('respondent id', '来自ip')
    """
    s = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return re.sub(r"\s+", " ", s).strip().casefold()


@dataclass
class Table:
    """A wide export as read (internal to the survey readers).

    ``headers`` holds every header row (each as long as the widest row); ``rows`` the body,
    ``first_row`` the user-visible row number of its first row (CSV line / Excel row);
    ``formulas`` maps (body index, column index) to the formula of a cell that had one.
    """

    source: str
    sheet: str
    headers: list[list[str]]
    rows: list[list[Any]]
    first_row: int
    notes: list[str] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    encoding: str = ""
    numbers: list[int] = field(default_factory=list)  # user-visible number of each body row

    @property
    def width(self) -> int:
        return len(self.headers[0]) if self.headers else 0


def column_letter(j: int) -> str:
    """Excel letters of 0-based column ``j`` (``0`` -> ``A``, ``26`` -> ``AA``)."""
    letters = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return letters


# --------------------------------------------------------------------------------------------
# Reading


def _decode(data: bytes, source: str, encoding: str | None) -> tuple[str, str]:
    """(text, encoding used) of a CSV's bytes; raises with the offending bytes when none fits."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(_("{source}: not {enc} text ({exc}); pass the file's encoding "
                               "(utf-8, gb18030, utf-16)").format(source=source, enc=encoding,
                                                                  exc=exc)) from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:1] != b"\x00":
        return data.decode("utf-16-le", errors="strict"), "utf-16-le"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 4].hex(" ")
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise InputError(
                _("{source}: neither UTF-8 nor GB18030 text (bytes {bad} at offset {at}); save "
                  "it as 'CSV UTF-8' or download it again").format(source=source, bad=bad,
                                                                   at=exc.start)) from None


def _read_csv(path: Path, source: str, encoding: str | None) -> Table:
    text, used = _decode(path.read_bytes(), source, encoding)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_sep(first))
    lines: list[tuple[int, list[str]]] = []
    try:
        for rec in reader:
            lines.append((reader.line_num, rec))
    except csv.Error as exc:
        raise InputError(_("{source}, line {line}: not a valid CSV table ({exc})").format(
            source=source, line=reader.line_num, exc=exc)) from None
    table = _split(source, "", [r for _, r in lines], [n for n, _ in lines])
    table.encoding = used
    if used not in ("utf-8", "utf-8-sig") and not encoding:
        table.notes.append(_("decoded as {enc} (not UTF-8)").format(enc=used.upper()))
    return table


def _read_xlsx(path: Path, source: str, max_bytes: int) -> Table:
    bad, has_formulas, _ = scan(path, source, max_bytes)
    if bad is not None:
        raise InputError(bad.rejected[0]["message"])
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine's errors
        raise InputError(_("{source}: not a readable xlsx workbook ({exc}); open it in Excel "
                           "and save it again").format(source=source, exc=exc)) from None
    try:
        names = [m.name for m in wb.sheets_metadata
                 if str(m.visible).rsplit(".", 1)[-1].lower() == "visible"
                 and str(m.typ).rsplit(".", 1)[-1].lower() == "worksheet"]
        for name in names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if any(any(not _blank(v) for v in r) for r in rows):
                break
        else:
            raise InputError(_("{source}: empty workbook: no visible sheet has any data")
                             .format(source=source))
    finally:
        wb.close()
    _check_cells(source, len(rows), max((len(r) for r in rows), default=0))
    table = _split(source, name, rows, list(range(1, len(rows) + 1)))
    if has_formulas:
        h = len(table.headers)
        for (r, c), f in _formulas(path, name).items():
            if r - 1 >= h:
                table.formulas[(r - 1 - h, c)] = f
    return table


def _formulas(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(Excel row, 0-based column) -> formula text of every formula cell of ``sheet`` (openpyxl
    read-only; defusedxml is active)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        out = {}
        for i, row in enumerate(wb[sheet].iter_rows(), start=1):
            for j, c in enumerate(row):
                if getattr(c, "data_type", None) == "f":
                    out[(i, j)] = str(c.value)
        return out
    finally:
        wb.close()


def _read_xls(path: Path, source: str) -> Table:
    try:
        import xlrd
    except ImportError:  # pragma: no cover - a dependency
        raise InputError(_("{source}: reading .xls needs the xlrd package (pip install xlrd), "
                           "or save the file as .xlsx").format(source=source)) from None
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # noqa: BLE001 - xlrd.XLRDError, struct errors of broken files
        raise InputError(_("{source}: not a readable .xls workbook ({exc}); open it in Excel "
                           "and save it as .xlsx").format(source=source, exc=exc)) from None
    try:
        for i in range(book.nsheets):
            sh = book.sheet_by_index(i)
            _check_cells(source, sh.nrows, sh.ncols)
            if sh.visibility == 0 and sh.nrows:
                rows = [[_xls_value(c, book.datemode) for c in sh.row(r)]
                        for r in range(sh.nrows)]
                return _split(source, sh.name, rows, list(range(1, sh.nrows + 1)))
        raise InputError(_("{source}: empty workbook: no visible sheet has any data")
                         .format(source=source))
    finally:
        book.release_resources()


def _xls_value(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except Exception:  # noqa: BLE001 - an out-of-range date stays a number
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return "#" + xlrd.error_text_from_code.get(cell.value, "ERROR")
    return cell.value


def _check_cells(source: str, nrows: int, ncols: int) -> None:
    if nrows * ncols > MAX_CELLS:
        raise InputError(_("{source}: {rows:,} rows x {cols:,} columns is over the limit of "
                           "{limit:,} cells for a survey export; split the download").format(
                               source=source, rows=nrows, cols=ncols, limit=MAX_CELLS))


def _text(v: Any) -> str:
    return "" if _blank(v) else str(v).strip()


def _split(source: str, sheet: str, rows: list[list[Any]], numbers: list[int]) -> Table:
    """Header rows and body of a wide table, the number of header rows told by the text of the
    second and third rows (Qualtrics' import ids, SurveyMonkey's sub-question row)."""
    while rows and all(_blank(v) for v in rows[-1]):
        rows, numbers = rows[:-1], numbers[:-1]
    if not rows:
        raise InputError(_("{source}: empty file (no header, no rows)").format(source=source))
    width = max(len(r) for r in rows)
    rows = [list(r) + [None] * (width - len(r)) for r in rows]
    h = 1
    names = {key(v) for v in rows[0]}
    if len(rows) > 2 and any(_IMPORT_ID.match(_text(v)) for v in rows[2]):
        h = 3
    elif {"respondent id", "collector id"} <= names and len(rows) > 1 and \
            all(_blank(v) for v in rows[1][:2]):
        h = 2
    headers = [[_text(v) for v in r] for r in rows[:h]]
    return Table(source, sheet, headers, rows[h:], numbers[h] if len(numbers) > h else h + 1,
                 numbers=numbers[h:])


def read_table(path: str | Path, *, encoding: str | None = None,
               max_bytes: int = 200_000_000) -> Table:
    """Read an export file (``.csv``/``.txt``, ``.xlsx``/``.xlsm``, ``.xls``) into a Table.

    Raises
    ------
    InputError
        The file is missing, too large, unsafe, not decodable or empty; the message names it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = p.write_text("序号,提交答卷时间,1、题\\n1,2026/3/2,(跳过)\\n", encoding="gb18030")
    >>> t = read_table(p)
    >>> t.headers, t.rows, t.first_row
    ([['序号', '提交答卷时间', '1、题']], [['1', '2026/3/2', '(跳过)']], 2)
    >>> t.notes
    ['decoded as GB18030 (not UTF-8)']
    """
    p = Path(path)
    source = str(p)
    if not p.is_file():
        raise InputError(_("{source}: no such file").format(source=source))
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(_("{source}: file is {size:,} bytes, over the limit of {limit:,}; "
                           "split it or raise max_bytes").format(source=source, size=size,
                                                                 limit=max_bytes))
    with p.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        if size > MAX_XLS_BYTES:
            raise InputError(_("{source}: a legacy .xls of {size:,} bytes, over the limit of "
                               "{limit:,} for .xls; save it as .xlsx or CSV").format(
                                   source=source, size=size, limit=MAX_XLS_BYTES))
        return _read_xls(p, source)
    if magic.startswith(b"PK\x03\x04"):
        return _read_xlsx(p, source, max_bytes)
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise InputError(_("{source}: named {suffix} but is not an Excel workbook (no zip or "
                           "OLE signature); is it a renamed CSV? name it .csv").format(
                               source=source, suffix=p.suffix))
    return _read_csv(p, source, encoding)


# --------------------------------------------------------------------------------------------
# Detection


class NotAnExport(InputError):
    """The table is no survey-tool export this module knows (internal)."""


def detect_format(table: Table, question_ids: set[str] | None = None) -> tuple[str, str]:
    """(format, why) of a table, from its header text (see the module's table).

    Examples
    --------
    >>> hs = [["Respondent ID", "Collector ID", "Q"], ["", "", "Response"]]
    >>> t = Table("x.csv", "", hs, [], 3)
    >>> detect_format(t)
    ('surveymonkey', "SurveyMonkey: header has 'Respondent ID', 'Collector ID'")
    """
    shown = {key(v): v for row in table.headers[:1] for v in row if v}
    if len(table.headers) == 3:
        return "qualtrics", _("Qualtrics: three header rows, the third of import ids "
                              "({\"ImportId\": ...})")
    for fmt, groups in _SIGNATURES.items():
        for g in groups:
            if all(k in shown for k in g):
                cols = ", ".join(repr(shown[k]) for k in g)
                return fmt, f"{_TOOL_NAMES[fmt]}: " + _("header has {cols}").format(cols=cols)
    if question_ids:
        hits = [v for v in table.headers[0] if _has_id(v, question_ids)]
        if hits:
            return "wide", _("wide table: {n} column(s) name a question id of the model, e.g. "
                             "{first!r}").format(n=len(hits), first=hits[0])
    seen = ", ".join(repr(v) for v in table.headers[0][:8] if v)
    raise NotAnExport(_("{source}: not a survey-tool export we know: header starts {seen}; "
                       "expected the download of Microsoft Forms, Google Forms, Qualtrics, "
                       "SurveyMonkey, 问卷星 or 腾讯问卷, or question ids in the header (pass "
                       "--format wide and --mapping FILE to name the columns)").format(
                           source=table.source, seen=seen or "(empty)"))


_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9]")


def ids_in(text: str, question_ids: set[str]) -> list[str]:
    """Question ids found in a header text, in order, each once.

    Examples
    --------
    >>> ids_in("[PP.SP1.1.Q1] Estimates are documented.", {"PP.SP1.1.Q1"})
    ['PP.SP1.1.Q1']
    """
    s = unicodedata.normalize("NFKC", text)
    return list(dict.fromkeys(t for t in _ID_TOKEN.findall(s) if t in question_ids))


def _has_id(text: str, question_ids: set[str]) -> bool:
    return bool(ids_in(text, question_ids))

