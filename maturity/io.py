"""Safe output writing: formula neutralisation, atomic files and atomic output folders.

Every CSV and xlsx the toolkit writes goes through here, so that

- text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a
  leading apostrophe and is never evaluated as a formula by Excel or LibreOffice (OWASP "CSV
  injection");
- CSV rows end with CRLF (RFC 4180), so line breaks inside a cell are quoted and kept;
- a file is written to a temporary name in the same folder and renamed, so a failed run never
  leaves a half-written file;
- :func:`output_dir` collects a command's files in a temporary folder and moves them into the
  output folder only when every file was written, so an existing folder is never half
  overwritten.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "neutralize", "write_csv", "csv_encoding", "display_width", "write_xlsx", "atomic_path",
    "output_dir", "fix_xlsx_times",
    "DANGEROUS_PREFIXES",
]

#: First characters that make a spreadsheet treat a cell as a formula.
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _neutralize_value(v: object) -> object:
    if isinstance(v, str) and v.startswith(DANGEROUS_PREFIXES):
        return "'" + v
    return v


def _neutralize_objects(col: pd.Series) -> pd.Series:
    """``col.map(_neutralize_value)`` for an object column, each distinct value tested once
    and only the cells that change rewritten."""
    vals = col.to_numpy(dtype=object)
    if not len(vals):
        return col.copy()
    try:
        codes, uniq = pd.factorize(vals, use_na_sentinel=True)
    except TypeError:  # unhashable cells (lists, dicts): one at a time
        return col.map(_neutralize_value)
    need = np.fromiter((isinstance(u, str) and u.startswith(DANGEROUS_PREFIXES) for u in uniq),
                       dtype=bool, count=len(uniq))
    if not need.any():  # types inferred again, as map does (all numbers -> a number column)
        return pd.Series(vals.copy(), index=col.index, name=col.name, dtype=object).infer_objects()
    mask = np.zeros(len(vals), dtype=bool)
    ok = codes >= 0
    mask[ok] = need[codes[ok]]
    vals = vals.copy()
    vals[mask] = ["'" + v for v in vals[mask]]
    return pd.Series(vals, index=col.index, name=col.name, dtype=object).infer_objects()


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells cannot be evaluated as spreadsheet formulas.

    Only text (object / string) columns and column names are touched; numbers stay numbers.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> neutralize(pd.DataFrame({"comment": ["=1+1", "ok", "-x", "@SUM(A1)"], "v": [-1, 2, 3, 4]}))
         comment  v
    0      '=1+1 -1
    1         ok  2
    2        '-x  3
    3  '@SUM(A1)  4
    """
    out = frame.copy()
    for c in out.columns:
        col = out[c]
        if col.dtype == object:
            out[c] = _neutralize_objects(col)
        elif pd.api.types.is_string_dtype(col.dtype):
            out[c] = col.map(_neutralize_value)
        elif isinstance(col.dtype, pd.CategoricalDtype):
            cats = np.array([_neutralize_value(v) for v in col.cat.categories], dtype=object)
            codes = col.cat.codes.to_numpy()
            vals = np.append(cats, np.nan)[codes]  # code -1 (missing): NaN, as astype(object)
            out[c] = pd.Series(vals, index=col.index, dtype=object).infer_objects()
    out.columns = [_neutralize_value(c) if isinstance(c, str) else c for c in out.columns]
    return out


def _umask() -> int:
    """The process's umask (read from /proc on Linux, else set and restored at once)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _plain_mode(target: Path) -> int:
    """The permissions a plain ``open(target, "w")`` would leave: an existing file keeps its
    mode, a new one gets ``0o666`` less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it onto ``path`` if the block succeeds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "x.txt") as tmp:
    ...     _ = tmp.write_text("hello")
    >>> (d / "x.txt").read_text()
    'hello'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, _plain_mode(target))  # mkstemp makes 0600 files
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


#: Environment variable choosing the CSV encoding: ``utf-8`` for plain UTF-8 (no BOM).
CSV_ENCODING_ENV = "MATURITY_CSV_ENCODING"


def csv_encoding(bom: bool | None = None) -> str:
    """``utf-8-sig`` (UTF-8 with a byte-order mark: Excel's "CSV UTF-8", which Excel on a
    Chinese Windows opens right) unless ``bom=False`` or the environment variable
    ``MATURITY_CSV_ENCODING=utf-8`` asks for plain UTF-8.

    Examples
    --------
    >>> csv_encoding(), csv_encoding(bom=False)
    ('utf-8-sig', 'utf-8')
    """
    if bom is None:
        bom = os.environ.get(CSV_ENCODING_ENV, "utf-8-sig").strip().lower() not in (
            "utf-8", "utf8", "plain")
    return "utf-8-sig" if bom else "utf-8"


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str], *, bom: bool | None = None,
              **kwargs: object) -> Path:
    """Write a frame as UTF-8 CSV (with BOM by default), atomically, formula-like text neutralised.

    Parameters
    ----------
    frame : pandas.DataFrame
    path : path
    bom : bool, optional
        Start the file with the UTF-8 byte-order mark, so Excel reads it as UTF-8 (default;
        :func:`csv_encoding`). False (or ``MATURITY_CSV_ENCODING=utf-8``) writes plain UTF-8.
    **kwargs
        Passed to :meth:`pandas.DataFrame.to_csv` (``index=False`` by default).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_csv(pd.DataFrame({"a": ["=cmd"]}), pathlib.Path(tempfile.mkdtemp()) / "a.csv")
    >>> p.read_bytes()[:3], p.read_text(encoding="utf-8-sig")
    (b'\\xef\\xbb\\xbf', "a\\n'=cmd\\n")
    """
    kwargs.setdefault("index", False)
    # CRLF (RFC 4180): the csv module quotes a cell holding any line-terminator character, so a
    # CR or LF inside a cell stays in its cell (with "\n" endings a bare CR would split the row).
    kwargs.setdefault("lineterminator", "\r\n")
    with atomic_path(path) as tmp:
        neutralize(frame).to_csv(tmp, encoding=csv_encoding(bom), **kwargs)  # type: ignore[call-overload]
    return Path(path)


def write_xlsx(
    sheets: Mapping[str, pd.DataFrame], path: str | os.PathLike[str], *, freeze_header: bool = True
) -> Path:
    """Write frames as sheets of one xlsx workbook, atomically, with formula-like text neutralised.

    Header row frozen and bold, column widths fitted to the content (capped at 60 characters).

    Parameters
    ----------
    sheets : mapping of sheet name to DataFrame
        Sheet names longer than 31 characters are cut, as Excel requires.
    path : path
    freeze_header : bool
        Freeze the first row.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.xlsx"
    >>> _ = write_xlsx({"scores": pd.DataFrame({"note": ["=HYPERLINK()"], "x": [1.5]})}, p)
    >>> ws = openpyxl.load_workbook(p)["scores"]
    >>> ws["A2"].value, ws["A2"].data_type, ws["B2"].value
    ("'=HYPERLINK()", 's', 1.5)
    """
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")  # pandas 2's header style, which pandas 3 no longer applies
    box, top = Border(left=thin, right=thin, top=thin, bottom=thin), Alignment("center", "top")
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for name, df in sheets.items():
                sheet = str(name)[:31]
                safe = neutralize(df)
                safe.to_excel(xw, sheet_name=sheet, index=False)
                ws = xw.sheets[sheet]
                for cell in ws[1]:
                    cell.font = Font(bold=True)
                    cell.border, cell.alignment = box, top
                if freeze_header:
                    ws.freeze_panes = "A2"
                for i, col in enumerate(safe.columns, start=1):
                    head = safe[col].head(500)  # str() of each cell: pandas 3 keeps NaN missing
                    vals = head.astype(object).map(str).map(display_width)
                    width = min(60, max(display_width(col), int(vals.max()) if len(vals) else 0)
                                + 2)
                    ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
        fix_xlsx_times(tmp)
    return Path(path)


def display_width(text: object) -> int:
    """Columns ``text`` takes in a spreadsheet: East Asian wide and full-width characters
    count two.

    Examples
    --------
    >>> display_width("abc"), display_width("银行交付"), display_width("ＢＡＮＫ2")
    (3, 8, 9)
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def fix_xlsx_times(path: Path) -> None:
    """Make xlsx bytes reproducible: fixed created/modified times in docProps/core.xml."""
    import re
    import zipfile

    fixed = b"1980-01-01T00:00:00Z"
    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                stamp = rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)"
                data = re.sub(stamp, rb"\g<1>" + fixed + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)


@contextlib.contextmanager
def output_dir(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Collect output files in a temporary folder; move them into ``path`` only on success.

    Files already in ``path`` that the block does not write are left alone; those it writes are
    replaced one by one with :func:`os.replace` after the whole block succeeded.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "reports"
    >>> with output_dir(out) as tmp:
    ...     _ = (tmp / "a.csv").write_text("x\\n1\\n")
    >>> sorted(p.name for p in out.iterdir())
    ['a.csv']
    """
    target = Path(path)
    target.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".maturity-", dir=target))
    try:
        yield tmp
        for src in sorted(tmp.rglob("*")):
            if src.is_file():
                dst = target / src.relative_to(tmp)
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
