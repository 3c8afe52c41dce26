"""The records every answer reader shares: column lists, entries, ``Part``, ``Responses``.

Every reader (:mod:`maturity.ingest.csv`, :mod:`maturity.ingest.workbook`,
:mod:`maturity.ingest.surveys`) turns a file into a :class:`Part`: its raw long rows (columns
``source, sheet, row`` and the answer file's columns, as typed) and the file's rejected and notes
entries (:func:`entry`, columns :data:`ENTRY_COLUMNS`). :func:`frame_to_part` checks the header of
a long table and gives its rows; :mod:`maturity.ingest.validate` turns the raw rows of every file
into the :class:`Responses` that :func:`maturity.ingest.responses.read_responses` returns.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import FAILURE_COLUMNS
from maturity.excerpt import EXCERPT_CHARS

__all__ = [
    "Responses",
    "Part",
    "RESPONSE_COLUMNS",
    "ENTRY_COLUMNS",
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "FREE_TEXT_COLUMNS",
    "entry",
    "empty_raw",
    "file_error",
    "normalise_header",
    "frame_to_part",
]

#: Columns of ``Responses.responses``, in order.
RESPONSE_COLUMNS = [
    "wave", "business_line", "respondent", "project", "role", "date", "question", "practice",
    "process_area", "answer", "value", "na", "comment", "evidence", "source", "sheet", "row",
]
#: Columns of ``Responses.rejected`` and ``Responses.notes``.
ENTRY_COLUMNS = [*FAILURE_COLUMNS, "wave", "business_line", "respondent", "question"]
#: Columns a long answer file must have.
REQUIRED_COLUMNS = ["wave", "business_line", "respondent", "question", "answer"]
#: Columns a long answer file may have.
OPTIONAL_COLUMNS = ["role", "project", "date", "comment", "evidence"]
_ALIASES = {"note": "comment", "notes": "comment", "comments": "comment",
            # Chinese headers (the Chinese respondent template and long files typed in Chinese)
            "评估批次": "wave", "批次": "wave", "业务线": "business_line", "答卷人": "respondent",
            "答卷人编号": "respondent", "工号": "respondent", "角色": "role", "项目": "project",
            "日期": "date", "问题编号": "question", "答案": "answer", "说明": "comment",
            "备注": "comment", "证据": "evidence", "过程域": "process_area", "实践": "practice",
            "问题": "text"}
#: Free-text columns: kept byte for byte (only ids and answer codes are normalised).
FREE_TEXT_COLUMNS = ("role", "project", "comment", "evidence")
_RAW_COLUMNS = ["source", "sheet", "row", *REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
_KEYS = ["wave", "business_line", "respondent", "question"]


@dataclass(frozen=True)
class Responses:
    """Answers read by :func:`maturity.ingest.responses.read_responses`.

    Attributes
    ----------
    responses : pandas.DataFrame
        Accepted answers, columns :data:`RESPONSE_COLUMNS`, sorted by ``source, row``.
    rejected : pandas.DataFrame
        One row per rejected answer row or unreadable file, columns :data:`ENTRY_COLUMNS`.
    notes : pandas.DataFrame
        Accepted conversions and skipped files/sheets, columns :data:`ENTRY_COLUMNS`.
    """

    responses: pd.DataFrame = field(repr=False)
    rejected: pd.DataFrame = field(repr=False)
    notes: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"Responses({len(self.responses)} accepted, {len(self.rejected)} rejected, "
            f"{len(self.notes)} notes)"
        )


# --------------------------------------------------------------------------------------------
# Entries (rejected / notes) and the per-file result


def _entries(rows: Iterable[dict[str, Any]] | None = None) -> pd.DataFrame:
    df = pd.DataFrame(list(rows or []), columns=ENTRY_COLUMNS)
    for c in ENTRY_COLUMNS:
        if c == "row":
            df[c] = pd.array(df[c], dtype="Int64")
        else:
            df[c] = df[c].fillna("").astype(object)
    return df


def entry(source: str, message: str, *, sheet: str = "", row: Any = pd.NA, column: str = "",
          value: Any = "", expected: str = "", **keys: str) -> dict[str, Any]:
    """One rejected/notes entry as a dict (internal; shared by every reader)."""
    d = {"source": source, "sheet": sheet, "row": row, "column": column,
         "value": "" if value is None else str(value), "expected": expected, "message": message}
    for k in _KEYS:
        d[k] = keys.get(k, "")
    return d


@dataclass
class Part:
    """What reading one file gives: raw long rows, rejected entries, notes (internal)."""

    raw: pd.DataFrame
    rejected: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    model_id: str = ""  # the model a respondent workbook was written for


def empty_raw() -> pd.DataFrame:
    """A raw frame with no rows (internal)."""
    return _EMPTY_RAW.copy()


_EMPTY_RAW = pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else object)
                           for c in _RAW_COLUMNS})


def file_error(source: str, message: str, *, sheet: str = "", value: Any = "",
               expected: str = "", column: str = "") -> Part:
    """A Part for a file that cannot be read: one rejected entry with row NA (internal)."""
    return Part(empty_raw(), [entry(source, message, sheet=sheet, value=value,
                                    expected=expected, column=column)])


def normalise_header(name: Any) -> str:
    """Canonical column name: stripped, lower case, inner spaces/dashes as ``_``, aliases mapped.

    Examples
    --------
    >>> normalise_header(" Business Line "), normalise_header("NOTE")
    ('business_line', 'comment')
    """
    s = unicodedata.normalize("NFKC", "" if name is None else str(name)).strip().lower()
    s = re.sub(r"[\s\-]+", "_", s)
    return _ALIASES.get(s, s)


def _constant(value: str, n: int) -> pd.Categorical:
    """A column of ``n`` copies of one text, as a categorical (one byte a row)."""
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index([value],
                                                                                     dtype=object))


def _listing(names: list[str], shown: int = 10) -> str:
    """The first ``shown`` names (each cut to a short excerpt) and how many more."""
    cut = [n if len(n) <= EXCERPT_CHARS else n[:EXCERPT_CHARS] + "…" for n in names[:shown]]
    more = f" (and {len(names) - shown:,} more)" if len(names) > shown else ""
    return ", ".join(cut) + more


def _empty_rows(columns: list[Any], n: int) -> np.ndarray:
    """Rows blank in every one of ``columns`` (a bool mask): exact ``""`` or missing (rows of
    spaces are answer rows, then rejected); a categorical is checked through its codes."""
    for v in columns:  # a categorical with no blank category and no missing value: none
        if isinstance(v, pd.Categorical) and not (v.categories == "").any() and (
                not v.categories.hasnans and (n == 0 or v.codes.min() >= 0)):
            return np.zeros(n, dtype=bool)
    cand = np.arange(n)  # rows blank in every column checked so far
    for v in columns:
        if isinstance(v, pd.Categorical):
            cats = v.categories.to_numpy(dtype=object)
            empty = np.append((cats == "") | pd.isna(cats), True)  # code -1 (missing) is blank
            cand = cand[empty[v.codes[cand]]]
        else:
            v = v[cand]
            cand = cand[(v == "") | pd.isna(v)]
    blank = np.zeros(n, dtype=bool)
    blank[cand] = True
    return blank


def frame_to_part(df: pd.DataFrame, source: str, sheet: str, first_row: int,
                  what: str, ignored: Sequence[str] = ()) -> Part:
    """Check the header of a long table and give its rows as a raw Part (internal).

    ``first_row`` is the user-visible row number of ``df``'s first data row; ``ignored``: names
    of columns already left out by the reader (unknown columns, noted with the others).
    """
    found = [str(c) for c in df.columns]
    canon = [normalise_header(c) for c in df.columns]
    seen = Counter(canon)  # linear in the columns (a wide sheet has thousands)
    dup = sorted(c for c, k in seen.items() if c and k > 1)
    where = f"{source}" + (f", sheet {sheet}" if sheet else "")
    if dup:
        return file_error(source, f"{where}: column(s) {', '.join(dup)} appear more than once in "
                          f"the header; keep one of each", sheet=sheet, column=", ".join(dup),
                          value=", ".join(found), expected="each column once")
    missing = [c for c in REQUIRED_COLUMNS if c not in canon]
    if missing:
        return file_error(
            source,
            f"{where}: missing required column(s) {', '.join(missing)}; columns found: "
            f"{', '.join(found) or '(none)'}; {what} needs {', '.join(REQUIRED_COLUMNS)}",
            sheet=sheet, column=", ".join(missing), value=", ".join(found),
            expected=", ".join(REQUIRED_COLUMNS))
    part = Part(empty_raw())
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    extra = list(ignored) + [f for f, c in zip(found, canon, strict=True) if c not in known]
    if extra:
        listed = _listing(extra)
        part.notes.append(entry(source, f"column(s) ignored: {listed}", sheet=sheet,
                                column=listed, expected=", ".join(
                                    REQUIRED_COLUMNS + OPTIONAL_COLUMNS)))
    body = df.set_axis(canon, axis=1)
    n = len(body)
    out: dict[str, Any] = {"source": _constant(source, n), "sheet": _constant(sheet, n),
                           "row": np.arange(first_row, first_row + n, dtype="int64")}
    for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
        if c not in body:
            out[c] = _constant("", n)
        elif isinstance(body[c].dtype, pd.CategoricalDtype):
            out[c] = body[c].array  # codes into distinct texts (the CSV reader's output)
        else:
            out[c] = body[c].to_numpy(dtype=object)
    raw = pd.DataFrame(out, columns=_RAW_COLUMNS, copy=False)
    # completely empty rows are not answer rows
    blank = _empty_rows([out[c] for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if c in body], n)
    if blank.any():
        part.notes.append(entry(source, f"{int(blank.sum())} empty row(s) skipped", sheet=sheet))
        raw = raw[~blank].reset_index(drop=True)
    if not len(raw):
        part.notes.append(entry(source, f"{what} with a header but no answer rows", sheet=sheet))
    part.raw = raw
    return part



def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and v != v)


def _sort_responses(df: pd.DataFrame) -> pd.DataFrame:
    """``df.sort_values(["source", "row"], kind="stable", ignore_index=True)``, without copying
    a frame that is already in that order (files read top to bottom, in path order): the order
    is checked with comparisons of neighbours (one byte a row), sorted only when it is not."""
    if not len(df):
        return _range_index(df)
    src = df["source"]
    if isinstance(src.dtype, pd.CategoricalDtype) and src.cat.categories.is_monotonic_increasing \
            and not src.hasnans:
        sc = src.cat.codes.to_numpy()  # sorted categories: code order is string order
    else:
        sc = np.asarray(pd.factorize(src, sort=True)[0])
    rows = df["row"]
    if not rows.hasnans:
        rv = rows.to_numpy(dtype="int64")  # an Int64 column without NA: its values, no copy
        if len(df) < 2 or ((sc[1:] >= sc[:-1]).all()
                           and ((sc[1:] != sc[:-1]) | (rv[1:] >= rv[:-1])).all()):
            return _range_index(df)
    row = rows.to_numpy(dtype="float64", na_value=np.nan)  # NA last, as sort_values
    order = np.lexsort((row, sc))  # stable, like sort_values(kind="stable")
    if (order == np.arange(len(df))).all():
        return _range_index(df)
    return _range_index(df.take(order))


def _range_index(df: pd.DataFrame) -> pd.DataFrame:
    """``df.reset_index(drop=True)`` without copying the data (a shallow copy gets the index)."""
    if isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1:
        return df
    out = df.copy(deep=False)
    out.index = pd.RangeIndex(len(df))
    return out


def _sort(df: pd.DataFrame) -> pd.DataFrame:
    order = df.assign(_r=df["row"].fillna(0)).sort_values(["source", "_r"], kind="stable").index
    out = df.loc[order].reset_index(drop=True)
    for c in ENTRY_COLUMNS:
        if c != "row":
            out[c] = out[c].astype(object)
    return out
