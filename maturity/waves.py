"""Survey waves in time order, whatever their labels.

A survey wave is labelled the way the people who run it write dates: ``2026-03``, ``2026-3``,
``2026/3``, ``2026年3月``, ``2026Q1``, ``2026-Q1``, ``2026年第1季度``, ``2026H1``,
``2026年上半年``, a full date (``2026-03-15``, ``2026/3/15``, ``2026年3月15日``) or a year.
Ordering such labels as text puts ``2026年10月`` before ``2026年3月``; every module that needs
the order of waves calls :func:`order_waves` (never ``sorted()`` of labels).

Rules, in this order:

1. when every label parses as a date (:func:`parse_period`), waves are ordered by the start of
   the period they name, then by its end (``2026`` before ``2026-03`` is never ambiguous: a
   year starts on 1 January);
2. otherwise, when the answers' dates are given (``dates``: the ``date`` column beside the
   ``wave`` column), each wave is placed at the median of its answers' dates;
3. otherwise, when there is at most one wave, or the labels are numbers (``1``, ``2``,
   ``10``) or one text with a number (``w1``, ``w2``, ``w10``; ``第1次``, ``第2次``), the
   numbers' order is used;
4. otherwise :class:`WaveOrderError` names the waves whose order is unknown and how to label
   them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import pandas as pd

from maturity.exceptions import MaturityError

__all__ = [
    "WaveOrderError",
    "parse_period",
    "parse_date",
    "order_waves",
    "wave_rank",
    "wave_start",
    "latest_wave",
    "wave_sort_key",
    "parse_day",
]


class WaveOrderError(MaturityError, ValueError):
    """The survey waves cannot be put in time order from their labels or their answers' dates."""


_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _cn_number(text: str) -> int | None:
    """Small Chinese numerals (一 ... 十二) and digits as an int, else None."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS for ch in text):
        return None
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]] if len(text) == 2 else None
    if len(text) == 2 and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10
    if len(text) == 3 and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10 + _CN_DIGITS[text[2]]
    if len(text) == 1:
        return _CN_DIGITS[text]
    return None


def _month_end(year: int, month: int) -> date:
    return (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))


def _normal(label: object) -> str:
    text = unicodedata.normalize("NFKC", str(label)).strip()
    return re.sub(r"\s+", "", text)


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # full dates: 2026-03-15, 2026/3/15, 2026.3.15, 2026年3月15日, 20260315
    (re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?"), "day"),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), "day"),
    # quarters: 2026Q1, 2026-Q1, 2026 Q1, Q1 2026, 2026年第1季度, 2026年一季度, 2026年Q1
    (re.compile(r"(\d{4})[-/.年]?(?:第)?[Qq]([1-4])(?:季度)?"), "quarter"),
    (re.compile(r"[Qq]([1-4])[-/.]?(\d{4})"), "quarter_rev"),
    (re.compile(r"(\d{4})年?(?:第)?([1-4一二三四])季度?"), "quarter"),
    # halves: 2026H1, 2026-H2, 2026年上半年, 2026年下半年, H1 2026
    (re.compile(r"(\d{4})[-/.]?[Hh]([12])"), "half"),
    (re.compile(r"[Hh]([12])[-/.]?(\d{4})"), "half_rev"),
    (re.compile(r"(\d{4})年?([上下])半年"), "half_cn"),
    # months: 2026-03, 2026-3, 2026/3, 2026.3, 2026年3月, 2026年三月, 202603
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), "month"),
    (re.compile(r"(\d{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月份?"), "month"),
    (re.compile(r"(\d{4})(0[1-9]|1[0-2])"), "month"),
    # years: 2026, 2026年, FY2026
    (re.compile(r"(?:FY|fy)?(\d{4})年?(?:度)?"), "year"),
]


def parse_period(label: object) -> tuple[date, date] | None:
    """The (first day, last day) of the period a wave label names, or None.

    Parameters
    ----------
    label : object
        A wave label as typed: ``2026-03``, ``2026年3月``, ``2026Q1``, ``2026年上半年``,
        ``2026-03-15``, ``2026``... Full-width digits and spaces are accepted (NFKC).

    Returns
    -------
    tuple of datetime.date, or None
        None when the label does not name a period (``baseline``, ``wave 1``) or names an
        impossible one (month 13).

    Examples
    --------
    >>> parse_period("2026年3月")
    (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    >>> parse_period("2026Q4")
    (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    >>> parse_period("2026年下半年")[0]
    datetime.date(2026, 7, 1)
    >>> parse_period("baseline") is None
    True
    """
    if label is None or (isinstance(label, float) and label != label):
        return None
    if isinstance(label, pd.Timestamp | date):
        d = pd.Timestamp(label).date()
        return d, d
    text = _normal(label)
    if not text:
        return None
    try:
        for pattern, kind in _PATTERNS:
            m = pattern.fullmatch(text)
            if m is None:
                continue
            g = m.groups()
            if kind == "day":
                d = date(int(g[0]), int(g[1]), int(g[2]))
                return d, d
            if kind in ("quarter", "quarter_rev"):
                y, q = (g[0], g[1]) if kind == "quarter" else (g[1], g[0])
                qn = _cn_number(q)
                if qn is None or not 1 <= qn <= 4:
                    return None
                first = date(int(y), 3 * qn - 2, 1)
                return first, _month_end(int(y), 3 * qn)
            if kind in ("half", "half_rev", "half_cn"):
                y, h = (g[1], g[0]) if kind == "half_rev" else (g[0], g[1])
                hn = {"上": 1, "下": 2}.get(h) or int(h)
                return date(int(y), 6 * hn - 5, 1), _month_end(int(y), 6 * hn)
            if kind == "month":
                mn = _cn_number(g[1])
                if mn is None or not 1 <= mn <= 12:
                    return None
                return date(int(g[0]), mn, 1), _month_end(int(g[0]), mn)
            if kind == "year":
                return date(int(g[0]), 1, 1), date(int(g[0]), 12, 31)
    except ValueError:  # e.g. 2026-02-30
        return None
    return None


def parse_date(value: object) -> date | None:
    """A calendar date from a wave label or a typed date, or None.

    A period (``2026-03``, ``2026Q1``) gives its first day; a full date gives itself.

    Examples
    --------
    >>> parse_date("2026年4月6日")
    datetime.date(2026, 4, 6)
    >>> parse_date("2026-3")
    datetime.date(2026, 3, 1)
    """
    period = parse_period(value)
    return None if period is None else period[0]


def wave_start(label: object) -> pd.Timestamp | None:
    """First day of the period a wave label names, as a Timestamp (None when it names none).

    Examples
    --------
    >>> wave_start("2026年第2季度")
    Timestamp('2026-04-01 00:00:00')
    """
    d = parse_date(label)
    return None if d is None else pd.Timestamp(d)


def _as_text(values: Iterable[object]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v is None or (isinstance(v, float) and v != v):
            continue
        seen.setdefault(str(v), None)
    return list(seen)


def order_waves(
    waves: Iterable[object],
    dates: pd.DataFrame | None = None,
) -> list[str]:
    """Distinct wave labels in time order.

    Parameters
    ----------
    waves : iterable
        Wave labels (a column, a list, a categorical); blanks are ignored, duplicates kept once.
    dates : DataFrame, optional
        Columns ``wave`` and ``date`` (the answers' dates), used when some labels do not name a
        period: each wave is placed at the median of its parsable dates.

    Returns
    -------
    list of str

    Raises
    ------
    WaveOrderError
        When the order cannot be told: the message names the waves and the label forms
        accepted.

    Examples
    --------
    >>> order_waves(["2026年10月", "2025年10月", "2026年3月"])
    ['2025年10月', '2026年3月', '2026年10月']
    >>> order_waves(["2026Q1", "2025H2", "2025-03"])
    ['2025-03', '2025H2', '2026Q1']
    """
    labels = _as_text(waves)
    if len(labels) <= 1:
        return labels
    periods = {w: parse_period(w) for w in labels}
    if all(p is not None for p in periods.values()):
        return sorted(labels, key=lambda w: (periods[w][0], periods[w][1], w))  # type: ignore[index]
    if dates is not None and {"wave", "date"} <= set(dates.columns):
        placed: dict[str, date] = {}
        # distinct (wave, date) pairs with their counts: each distinct date parsed once
        pairs = dates[["wave", "date"]].astype(str).value_counts(sort=False)
        by_wave: dict[str, list[tuple[date, int]]] = {}
        for (w, d), n in pairs.items():
            day = parse_date(d)
            if day is not None:
                by_wave.setdefault(str(w), []).append((day, int(n)))
        for w, days in by_wave.items():
            days.sort()
            half, seen = (sum(n for _, n in days) - 1) // 2, 0
            for day, n in days:  # the lower median, as parsed[(len - 1) // 2]
                seen += n
                if seen > half:
                    placed[w] = day
                    break
        for w, p in periods.items():
            if w not in placed and p is not None:
                placed[w] = p[0]
        if all(w in placed for w in labels):
            return sorted(labels, key=lambda w: (placed[w], w))
    if all(re.fullmatch(r"\d+", _normal(w)) for w in labels):
        return sorted(labels, key=lambda w: (int(_normal(w)), w))
    numbered = [re.fullmatch(r"(\D*)(\d+)(\D*)", _normal(w)) for w in labels]
    if all(numbered) and len({(m.group(1).casefold(), m.group(3).casefold())  # type: ignore[union-attr]
                              for m in numbered}) == 1:
        return sorted(labels, key=lambda w: (int(re.sub(r"\D", "", _normal(w))), w))
    unknown = [w for w, p in periods.items() if p is None]
    raise WaveOrderError(
        "cannot tell the time order of the survey waves "
        f"{', '.join(repr(w) for w in unknown[:10])}"
        f"{' (and more)' if len(unknown) > 10 else ''}: their labels name no date and their "
        "answers have no date. Label waves as dates (2026-03, 2026年3月, 2026Q1, 2026H1, "
        "2026-03-15) or fill the answers' date column."
    )


def wave_rank(waves: Sequence[object], dates: pd.DataFrame | None = None) -> dict[str, int]:
    """Position (0 = earliest) of each distinct wave label in time order.

    Examples
    --------
    >>> wave_rank(["2026年10月", "2026年3月"])
    {'2026年3月': 0, '2026年10月': 1}
    """
    return {w: i for i, w in enumerate(order_waves(waves, dates))}


def latest_wave(waves: Iterable[object], dates: pd.DataFrame | None = None) -> str | None:
    """The last wave in time order (:func:`order_waves`), None when there is none.

    Examples
    --------
    >>> latest_wave(["2026年10月", "2026年3月"])
    '2026年10月'
    """
    order = order_waves(waves, dates)
    return order[-1] if order else None


def wave_sort_key(order: Sequence[object]):  # noqa: ANN201 - a sort_values key
    """A ``key=`` for :meth:`pandas.DataFrame.sort_values` that sorts the columns ``wave``,
    ``wave_from``, ``wave_to`` and ``assessment_wave`` in the time order ``order`` (other
    columns as they are; waves not in ``order`` last).

    Examples
    --------
    >>> df = pd.DataFrame({"wave": ["2026年10月", "2026年3月"], "x": [1, 2]})
    >>> df.sort_values(["wave", "x"], key=wave_sort_key(order_waves(df["wave"])))["x"].tolist()
    [2, 1]
    """
    rank = {str(w): i for i, w in enumerate(order)}

    def key(col: pd.Series) -> pd.Series:
        if col.name in ("wave", "wave_from", "wave_to", "assessment_wave"):
            return col.astype(str).map(rank).fillna(len(rank)).astype("int64")
        return col

    return key


def parse_day(value: object, what: str = "start") -> pd.Timestamp:
    """A calendar day typed by a user (``2026-04-06``, ``2026/4/6``, ``2026年4月6日``, a
    ``date``/``Timestamp``) as a Timestamp; a period (``2026-04``, ``2026Q2``) gives its first day.

    Raises
    ------
    ValueError
        Not a date; the message lists the forms accepted (``what`` names the value).

    Examples
    --------
    >>> parse_day("2026年4月6日")
    Timestamp('2026-04-06 00:00:00')
    """
    if isinstance(value, pd.Timestamp | date):
        return pd.Timestamp(value).normalize()
    d = parse_date(value)
    if d is None:
        raise ValueError(f"{what} {value!r} is not a date; expected e.g. 2026-04-06, 2026/4/6 "
                         f"or 2026年4月6日")
    return pd.Timestamp(d)
