"""Rows of a big worksheet as XML, written the way openpyxl writes them, but a column at a time.

openpyxl (without lxml) builds an element per cell and serialises it with ``xml.etree``: about
60,000 cells a second, so the 3.3 million cells of a 150,000-row backlog took a minute. The
report writes the header and the first data row of such a sheet with openpyxl (that registers
the cell styles), then :func:`rows_xml` renders rows 3 and below from the frame and
:func:`splice_rows` inserts them into the saved workbook. The bytes are the ones openpyxl would
have written for the same cells (``tests/test_report_xlsx.py`` compares them): inline strings
(``t="inlineStr"``, truncated at 32,767 characters, ``xml:space="preserve"`` around outer
spaces), numbers with ``.16g``, booleans as ``1``/``0``, Excel error texts as ``t="e"``,
missing values left out unless the column is styled.

Values openpyxl would turn into something else (dates, times, decimals, formulas, characters
XML cannot hold) make :func:`rows_xml` return None: the caller then writes the frame with
openpyxl, which converts or rejects them as before.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd


def _empty_tag_space() -> str:
    """What openpyxl writes before ``/>`` of an empty element: nothing when it serialises with
    lxml (installed with python-docx), a space with its own writer."""
    try:
        from openpyxl.xml import LXML
    except ImportError:  # pragma: no cover
        return " "
    return "" if LXML else " "


_SP = _empty_tag_space()
# openpyxl's lxml writer closes empty elements with an end tag, its own writer with " />"
_EMPTY_V = "<v></v>" if _SP == "" else "<v />"  # an infinite number's empty value
_CELL_END = "></c>" if _SP == "" else " />"  # an empty cell

__all__ = ["rows_xml", "splice_rows", "RowsXml"]

_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # openpyxl's ILLEGAL_CHARACTERS_RE
_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_CHUNK = 20_000  # rows rendered and joined at a time


class Unsupported(Exception):
    """A value the fast writer does not render (the frame goes through openpyxl)."""


def _esc(s: str) -> str:
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def _text(v: str) -> str:
    v = v[:32767]
    if _ILLEGAL.search(v):
        raise Unsupported("illegal character")
    if len(v) > 1 and v[0] == "=":
        raise Unsupported("formula")
    if v in _ERRORS:
        return f' t="e"><v>{_esc(v)}</v></c>'
    if v == "":
        return f' t="inlineStr"{_CELL_END}'
    stripped = v.strip()
    # openpyxl marks leading/trailing spaces; its lxml writer marks an all-space text too
    space = ' xml:space="preserve"' if (stripped or _SP == "") and stripped != v else ""
    return f' t="inlineStr"><is><t{space}>{_esc(v)}</t></is></c>'


def _number(v: float | int) -> str:
    if isinstance(v, float) and math.isinf(v):
        return f' t="n">{_EMPTY_V}</c>'
    return f' t="n"><v>{format(v, ".16g")}</v></c>'


def _value(v: object) -> str | None:
    """The cell after ``<c r=".."[ s=".."]``, or None for an empty unstyled-able cell."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    t = type(v)
    if t is str:
        return _text(v)
    if t is bool or t is np.bool_:
        return f' t="b"><v>{1 if v else 0}</v></c>'
    if t is float or t is np.float64 or t is np.float32:
        f = float(v)  # type: ignore[arg-type]
        return None if math.isnan(f) else _number(f)
    if t is int or isinstance(v, np.integer):
        return _number(int(v))  # type: ignore[call-overload]
    if isinstance(v, str):
        return _text(str(v))
    raise Unsupported(t.__name__)


def _column(series: pd.Series) -> list[str | None]:
    """Cell tails of one column: by dtype for plain numbers and text, else value by value."""
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else ""
    if kind == "f":
        inf = f' t="n">{_EMPTY_V}</c>'
        return [
            None if v != v else inf if v in (math.inf, -math.inf) else f' t="n"><v>{v:.16g}</v></c>'
            for v in series.to_numpy(dtype=float).tolist()
        ]
    if kind in "iu" and kind:
        return [f' t="n"><v>{v:.16g}</v></c>' for v in series.to_numpy().tolist()]
    if kind == "b":
        yes, no = ' t="b"><v>1</v></c>', ' t="b"><v>0</v></c>'
        return [yes if v else no for v in series.to_numpy().tolist()]
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        codes, uniques = pd.factorize(values)  # missing values get code -1
        rendered = np.array([_text(str(u)) for u in uniques] + [None], dtype=object)
        return rendered[codes].tolist()
    out: list[str | None] = []
    for v in values.tolist():
        out.append(_value(v))
    return out


class RowsXml:
    """Data rows ``first..`` of a sheet, rendered on demand in chunks (see :func:`rows_xml`)."""

    def __init__(
        self,
        columns: list[list[str | None]],
        letters: list[str],
        styles: Sequence[int | None],
        first: int,
    ):
        self.columns, self.letters, self.styles, self.first = columns, letters, styles, first
        self.n = len(columns[0]) if columns else 0

    @property
    def last_row(self) -> int:
        return self.first + self.n - 1

    def chunks(self) -> Iterator[bytes]:
        for lo in range(0, self.n, _CHUNK):
            hi = min(self.n, lo + _CHUNK)
            nums = [str(self.first + i) for i in range(lo, hi)]
            cells = []
            for col, letter, style in zip(self.columns, self.letters, self.styles, strict=True):
                pre, s = f'<c r="{letter}', "" if style is None else f' s="{style}"'
                if style is None:  # missing values are left out
                    cells.append(
                        [
                            "" if t is None else f'{pre}{r}"{s}{t}'
                            for r, t in zip(nums, col[lo:hi], strict=True)
                        ]
                    )
                else:  # styled: missing values are empty styled cells
                    empty = f'"{s} t="n"{_CELL_END}'
                    cells.append(
                        [
                            f"{pre}{r}{empty}" if t is None else f'{pre}{r}"{s}{t}'
                            for r, t in zip(nums, col[lo:hi], strict=True)
                        ]
                    )
            rows = map("".join, zip(*cells, strict=True)) if cells else ("" for _ in nums)
            yield "".join(
                f'<row r="{r}">{row}</row>' if row else (
                    f'<row r="{r}"></row>' if _SP == "" else f'<row r="{r}" />')
                for r, row in zip(nums, rows, strict=True)
            ).encode("utf-8")


def rows_xml(
    frame: pd.DataFrame, letters: list[str], styles: Sequence[int | None], first: int
) -> RowsXml | None:
    """Render the rows of ``frame`` as sheet rows ``first, first + 1, ...``; None if unsupported.

    ``frame`` holds the values as written (already neutralised); ``letters`` are the column
    letters and ``styles`` the ``s`` index of each column's cells (None = unstyled).
    """
    try:
        cols = [_column(frame[c]) for c in frame.columns]
    except Unsupported:
        return None
    return RowsXml(cols, letters, styles, first)


# openpyxl writes ``" />"`` with its own serialiser and ``"/>"`` when lxml is installed
_DIM = re.compile(rb'<dimension ref="([A-Z]+)1:([A-Z]+)(\d+)"(\s*)/>')


def splice_rows(path: str | Path, rows: dict[str, RowsXml]) -> None:
    """Insert rendered rows into the sheets of a saved workbook (``{part name: rows}``).

    Each part's ``</sheetData>`` gets the rows before it and its ``<dimension>`` the new last
    row. The other parts are copied as they are.
    """
    if not rows:
        return
    path = Path(path)
    tmp = path.with_name(path.name + ".rows")
    # level 1: the big sheets deflate 3-4 times faster for a file about a third larger
    with (
        zipfile.ZipFile(path) as zin,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            spec = rows.get(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi._compresslevel = 1  # a ZipInfo does not take the ZipFile's level by itself
            if spec is None:
                zout.writestr(zi, data)
                continue
            cut = data.rindex(b"</sheetData>")
            head, tail = data[:cut], data[cut:]
            m = _DIM.search(head)
            if m is not None:
                last = max(int(m.group(3)), spec.last_row)
                dim = b'<dimension ref="%s1:%s%d"%s/>' % (m.group(1), m.group(2), last,
                                                         m.group(4))
                head = head[: m.start()] + dim + head[m.end() :]
            with zout.open(zi, "w", force_zip64=True) as fh:
                fh.write(head)
                for chunk in spec.chunks():
                    fh.write(chunk)
                fh.write(tail)
    tmp.replace(path)
