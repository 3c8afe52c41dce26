"""One normaliser for the ids of every input file, and lists of ids inside one cell.

Ids (business lines, respondents, waves, questions, process areas, tags) are typed by people in
spreadsheets, often on a Chinese keyboard: ``ＢＡＮＫ保险２部`` (full-width letters and digits),
``银行交付（上海）`` (full-width brackets), a trailing space. Every reader (answers, respondent
workbooks, targets, line attributes, SWOT) passes its id columns through :func:`normalise_id`,
so that the same id typed in two files is the same id everywhere:

1. Unicode NFKC (full-width ``Ａ１（`` become ``A1(``, the ideographic space a space);
2. surrounding whitespace removed.

Nothing else changes: case, inner spaces and the characters themselves are kept. Free text
(comments, evidence, roles, names, factors) is never passed through it: it is kept byte for byte.

Ids that are still different after this but differ only by case, width or spaces
(``Insurance`` / ``insurance``, ``Bank Delivery`` / ``BankDelivery``) are *variants*
(:func:`id_variants`): readers refuse them naming every spelling, or merge them into one spelling
when asked (``merge_ids=True``), with a note.

Lists inside one cell (:func:`split_list`) accept ``,`` ``;`` ``，`` ``；`` ``、`` and spaces as
separators.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from maturity.exceptions import MaturityWarning

__all__ = [
    "normalise_id",
    "id_key",
    "id_variants",
    "merge_map",
    "id_note",
    "split_list",
    "normalise_column",
    "warn_notes",
    "LIST_SEPARATORS",
]

#: Separators accepted between the items of a list typed in one cell.
LIST_SEPARATORS = (",", ";", "，", "；", "、", " ")
_SPLIT = re.compile(r"[,;，；、\s]+")
_SPACE = re.compile(r"\s+")


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def normalise_id(value: Any) -> str:
    """The canonical text of an id: NFKC, then surrounding whitespace removed.

    Parameters
    ----------
    value : object
        A cell value; None/NaN/NA give ``""``; numbers are written without ``.0``.

    Returns
    -------
    str

    Examples
    --------
    >>> normalise_id("  ＢＡＮＫ保险２部 ")
    'BANK保险2部'
    >>> normalise_id("银行交付（上海）")
    '银行交付(上海)'
    >>> normalise_id(3.0), normalise_id(None)
    ('3', '')
    """
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def id_key(value: Any) -> str:
    """The key under which ids that differ only by case, width or spaces fall together.

    Examples
    --------
    >>> id_key("Bank Delivery") == id_key("ｂａｎｋdelivery")
    True
    """
    return _SPACE.sub("", normalise_id(value)).casefold()


def id_variants(values: Iterable[Any]) -> dict[str, list[str]]:
    """Groups of distinct normalised ids that differ only by case, width or spaces.

    Parameters
    ----------
    values : iterable
        Ids as typed (blanks ignored).

    Returns
    -------
    dict
        ``id_key -> [spelling, ...]`` (normalised spellings in order of first appearance), only
        for keys with more than one spelling.

    Examples
    --------
    >>> id_variants(["insurance", "Insurance", "bank", "ｂａｎｋ", "web"])
    {'insurance': ['insurance', 'Insurance']}
    """
    groups: dict[str, dict[str, None]] = {}
    for v in values:
        t = normalise_id(v)
        if t:
            groups.setdefault(id_key(t), {}).setdefault(t, None)
    return {k: list(g) for k, g in groups.items() if len(g) > 1}


def merge_map(values: Iterable[Any], counts: Mapping[str, int] | None = None) -> dict[str, str]:
    """Spelling -> the spelling it merges into, for ids that differ only by case, width or
    spaces: each group merges into its most frequent spelling (ties: the first seen).

    ``counts`` (spelling -> number of rows), when given, replaces counting ``values``.

    Examples
    --------
    >>> merge_map(["insurance", "insurance", "Insurance", "web"])
    {'Insurance': 'insurance'}
    """
    if counts is None:
        counts = {}
        for v in values:
            t = normalise_id(v)
            if t:
                counts[t] = counts.get(t, 0) + 1
    out: dict[str, str] = {}
    for spellings in id_variants(counts).values():
        keep = max(spellings, key=lambda s: counts[s])  # max keeps the first of equal counts
        out.update({s: keep for s in spellings if s != keep})
    return out


def id_note(column: str, typed: Any, canonical: str) -> str:
    """The note written when :func:`normalise_id` changed an id ('' when it did not).

    Examples
    --------
    >>> id_note("business_line", "ＢＡＮＫ ", "BANK")
    "business_line 'ＢＡＮＫ ' read as 'BANK' (full-width characters converted, spaces trimmed)"
    """
    if _blank(typed) or str(typed) == canonical:
        return ""
    s = str(typed)
    what = []
    if unicodedata.normalize("NFKC", s).strip() != s.strip():
        what.append("full-width characters converted")
    if s.strip() != s:
        what.append("spaces trimmed")
    return f"{column} {s!r} read as {canonical!r} ({', '.join(what) or 'normalised'})"


def split_list(value: Any) -> list[str]:
    """The items of a list typed in one cell, normalised as ids, blanks dropped.

    Separators: ``,`` ``;`` ``，`` ``；`` ``、`` and whitespace; a list or tuple is taken item by
    item.

    Examples
    --------
    >>> split_list("OPD；OPF、 MA,REQM")
    ['OPD', 'OPF', 'MA', 'REQM']
    >>> split_list(None)
    []
    """
    if isinstance(value, list | tuple):
        items: list[str] = []
        for v in value:
            items.extend(split_list(v))
        return items
    if _blank(value):
        return []
    text = unicodedata.normalize("NFKC", str(value))
    return [normalise_id(x) for x in _SPLIT.split(text) if x.strip()]


def normalise_column(
    values: Iterable[Any],
    rows: Iterable[Any],
    column: str,
    *,
    source: str = "",
    sheet: str = "",
    merge: bool = False,
) -> tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """Normalise one id column of an input file: the ids, the notes, the problems.

    Parameters
    ----------
    values : iterable
        The column's cells as typed.
    rows : iterable
        The row of each cell as the user sees it (header = row 1), for the messages.
    column : str
        The column's name.
    source, sheet : str
        Where the cells come from.
    merge : bool
        Merge ids that differ only by case, width or spaces into their most frequent spelling
        (noted) instead of refusing them.

    Returns
    -------
    ids : list of str
        :func:`normalise_id` of each cell (merged spellings replaced when ``merge``).
    notes : list of dict
        One per cell whose id was changed: ``source, sheet, row, column, value, expected,
        message`` (the value typed, the id used).
    failures : list of dict
        Same columns, one per cell whose id is a variant of another spelling (not ``merge``),
        the message naming every spelling.

    Examples
    --------
    >>> ids, notes, bad = normalise_column(["ＢＡＮＫ", "web", "Web"], [2, 3, 4], "business_line")
    >>> ids, [n["message"] for n in notes]  # doctest: +ELLIPSIS
    (['BANK', 'web', 'Web'], ["business_line 'ＢＡＮＫ' read as 'BANK' (full-width ...)"])
    >>> [(b["row"], b["value"]) for b in bad]
    [(3, 'web'), (4, 'Web')]
    """
    typed = list(values)
    rows = list(rows)
    ids = [normalise_id(v) for v in typed]
    notes, failures = [], []

    def rec(i: int, expected: str, message: str) -> dict[str, Any]:
        return {"source": source, "sheet": sheet, "row": rows[i], "column": column,
                "value": "" if _blank(typed[i]) else str(typed[i]), "expected": expected,
                "message": message}

    for i, (v, t) in enumerate(zip(typed, ids, strict=True)):
        msg = id_note(column, v, t)
        if msg:
            notes.append(rec(i, t, msg))
    if merge:
        into = merge_map(ids)
        for i, t in enumerate(ids):
            if t in into:
                notes.append(rec(i, into[t], f"{column} {t!r} merged into {into[t]!r} (they "
                                             f"differ only by case, width or spaces)"))
                ids[i] = into[t]
        return ids, notes, failures
    groups = id_variants(ids)
    for i, t in enumerate(ids):
        spellings = groups.get(id_key(t)) if t else None
        if spellings:
            failures.append(rec(i, "one spelling per id", f"{column} ids "
                                f"{' and '.join(repr(s) for s in spellings)} differ only by "
                                f"case, width or spaces: use one spelling"))
    return ids, notes, failures


def warn_notes(notes: list[dict[str, Any]], what: str) -> None:
    """One :class:`~maturity.exceptions.MaturityWarning` listing the ids a reader changed
    (nothing when ``notes`` is empty)."""
    if not notes:
        return
    import warnings

    rows: dict[tuple[str, str], list[str]] = {}  # one entry per distinct change, its rows
    for n in notes:
        rows.setdefault((str(n["source"]), str(n["message"])), []).append(str(n["row"]))
    items = list(rows.items())
    shown = "; ".join(f"{src}, row(s) {', '.join(r[:10])}{' ...' if len(r) > 10 else ''}: {msg}"
                      for (src, msg), r in items[:5])
    more = f" (and {len(items) - 5} more)" if len(items) > 5 else ""
    warnings.warn(f"{what}: ids normalised: {shown}{more}", MaturityWarning, stacklevel=3)
