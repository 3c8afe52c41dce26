"""Business-line attributes of the roadmap: group, headcount, complexity, customer strictness.

:func:`read_lines` reads them from CSV, xlsx or a frame and checks every row (ids, ranges),
collecting every problem before raising one :class:`maturity.exceptions.InputError`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import FAILURE_COLUMNS, InputError, ValidationError
from maturity.ids import normalise_column, normalise_id, warn_notes

__all__ = ["LINE_COLUMNS", "read_lines"]

LINE_COLUMNS = ["business_line", "group", "headcount", "complexity", "customer_strictness"]


def _fail(failures: list[dict[str, Any]], cls: type[ValidationError] = InputError) -> None:
    frame = pd.DataFrame(failures, columns=FAILURE_COLUMNS)
    f = failures[0]
    where = f["source"] + (f", sheet '{f['sheet']}'" if f["sheet"] else "")
    row = f", row {f['row']}" if not pd.isna(f["row"]) else ""
    more = f" ({len(failures)} problems in total, see .failures)" if len(failures) > 1 else ""
    found = f"found {f['value']!r}, " if row else ""
    raise cls(f"{where}{row}, column '{f['column']}': {f['message']}; {found}"
              f"expected {f['expected']}{more}", frame)


def _load_lines(path_or_frame: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, str, str]:
    if isinstance(path_or_frame, pd.DataFrame):
        return path_or_frame.copy().astype(object), "<DataFrame>", ""
    path = Path(path_or_frame)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        try:
            with pd.ExcelFile(path, engine="openpyxl") as xf:
                sheet = str(xf.sheet_names[0])
                raw = pd.read_excel(xf, sheet_name=sheet, dtype=object)  # parse: deprecated
        except (ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise InputError(f"{path}: not a readable xlsx workbook ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0] if str(exc) else ''}); save it as "
                             "Excel Workbook (.xlsx) or CSV UTF-8") from None
        return raw, str(path), sheet
    if suffix not in {".csv", ".txt"}:
        raise InputError(f"{path}: line attributes must be .csv or .xlsx, found '{suffix}'")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: the file is empty; expected a header row "
                         f"({', '.join(LINE_COLUMNS)}) and one row per business line") from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: not a readable UTF-8 CSV file ({str(exc).splitlines()[0]}); "
                         f"expected a header row ({', '.join(LINE_COLUMNS)}) and one row per "
                         "business line") from None
    return raw.astype(object), str(path), ""


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == "" or (
        v is pd.NA)


def _int_in(v: Any, lo: int, hi: int | None) -> int | None:
    try:
        x = float(str(v).strip())
    except ValueError:
        return None
    if not np.isfinite(x) or x != int(x) or x < lo or (hi is not None and x > hi):
        return None
    return int(x)


def read_lines(path_or_frame: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read and validate the business-line attributes used by the roadmap.

    Parameters
    ----------
    path_or_frame : str, pathlib.Path or pandas.DataFrame
        CSV or xlsx (first sheet) or a frame with columns ``business_line, group, headcount,
        complexity, customer_strictness`` (headers are matched case-insensitively, spaces and
        hyphens read as ``_``); other columns are kept after these. Not modified.

    Returns
    -------
    pandas.DataFrame
        ``business_line`` (str), ``group`` (str), ``headcount`` (int >= 0), ``complexity``
        (int, 1 simple .. 5 complex), ``customer_strictness`` (Int64, 0 none .. 3 clients audit
        the process; NA when blank: then a SWOT customer requirement decides), then the extra
        columns; sorted by ``business_line``.

    Raises
    ------
    maturity.exceptions.InputError
        Missing columns, blank or duplicate ids, values out of range; the message names the
        file, row (as a spreadsheet shows it), column, value and what was expected, and
        ``.failures`` lists every problem.

    Examples
    --------
    >>> df = pd.DataFrame({"business_line": ["web", "bank"], "group": ["Digital", "FS"],
    ...                    "headcount": [20, 80], "complexity": [1, 4],
    ...                    "customer_strictness": [0, 3]})
    >>> read_lines(df)
      business_line    group  headcount  complexity  customer_strictness
    0          bank       FS         80           4                    3
    1           web  Digital         20           1                    0
    >>> read_lines(df.assign(complexity=[1, 7]))
    Traceback (most recent call last):
    ...
    maturity.exceptions.InputError: <DataFrame>, row 3, column 'complexity': ... found 7, ...
    """
    raw, source, sheet = _load_lines(path_or_frame)
    raw.columns = [str(c).strip().lower().replace(" ", "_").replace("-", "_")
                   for c in raw.columns]
    missing = [c for c in LINE_COLUMNS if c not in raw.columns]
    if missing:
        _fail([{"source": source, "sheet": sheet, "row": pd.NA, "column": c, "value": "",
                "expected": f"a column '{c}' (header row: {', '.join(LINE_COLUMNS)})",
                "message": "column missing"} for c in missing])
    keep = [i for i in range(len(raw)) if not all(_blank(v) for v in raw.iloc[i])]
    raw = raw.iloc[keep].reset_index(drop=True)
    rows = [i + 2 for i in keep]  # header is row 1, as a spreadsheet shows it
    bad: list[dict[str, Any]] = []

    def add(i: int, col: str, value: Any, expected: str, message: str) -> None:
        bad.append({"source": source, "sheet": sheet, "row": rows[i], "column": col,
                    "value": value, "expected": expected, "message": message})

    out: dict[str, list[Any]] = {c: [] for c in LINE_COLUMNS}
    seen: dict[str, int] = {}
    for i in range(len(raw)):
        values = _line_row(raw.iloc[i], i, rows, seen, add)
        for c, v in zip(LINE_COLUMNS, values, strict=True):
            out[c].append(v)
    ids, notes, variants = normalise_column(raw["business_line"], rows, "business_line",
                                            source=source, sheet=sheet)
    if bad or variants:
        _fail(sorted(bad + variants, key=lambda f: f["row"]))
    warn_notes(notes, "read_lines")
    extras = [c for c in raw.columns if c not in LINE_COLUMNS]
    res = pd.DataFrame(out, columns=LINE_COLUMNS)
    res["headcount"] = res["headcount"].astype("int64")
    res["complexity"] = res["complexity"].astype("int64")
    res["customer_strictness"] = pd.array(
        [pd.NA if v is None else v for v in out["customer_strictness"]], dtype="Int64")
    for c in extras:
        res[c] = raw[c].to_numpy()
    return res.sort_values("business_line", kind="mergesort").reset_index(drop=True)


def _line_row(r: pd.Series, i: int, rows: list[int], seen: dict[str, int],
              add: Callable[..., None]) -> list[Any]:
    """One line's attributes checked (every problem passed to ``add``): a unique id, a group,
    a headcount >= 0, complexity 1..5 and customer strictness 0..3 or blank."""
    bl = normalise_id(r["business_line"])  # as the answers' ids (maturity.ids)
    if not bl:
        add(i, "business_line", r["business_line"], "a business line id",
            "business_line is blank")
    elif bl in seen:
        add(i, "business_line", bl, "each business line once",
            f"duplicate business_line (first on row {seen[bl]})")
    else:
        seen[bl] = rows[i]
    grp = "" if _blank(r["group"]) else str(r["group"]).strip()
    if not grp:
        add(i, "group", r["group"], "a group name (e.g. 'Financial Services')",
            "group is blank")
    hc = _int_in(r["headcount"], 0, None)
    if hc is None:
        add(i, "headcount", r["headcount"], "a whole number of people >= 0",
            "headcount is not a whole number >= 0")
    cx = _int_in(r["complexity"], 1, 5)
    if cx is None:
        add(i, "complexity", r["complexity"], "an integer 1 (simple) .. 5 (complex)",
            "complexity out of range")
    cs_raw = r["customer_strictness"]
    cs = None if _blank(cs_raw) else _int_in(cs_raw, 0, 3)
    if cs is None and not _blank(cs_raw):
        add(i, "customer_strictness", cs_raw,
            "an integer 0 (none) .. 3 (clients audit the process) or blank",
            "customer_strictness out of range")
    return [bl, grp, hc, cx, cs]
