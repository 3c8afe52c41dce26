"""Working-day calendar of the rollout plan: weekends, public holidays and a holidays file.

The schedule (:mod:`maturity.plan.schedule`) counts phases in working days, Monday to Friday, minus
the non-working days of a :class:`WorkCalendar`:

- ``country="CN"`` (the default of :func:`maturity.plan.rollout.plan_rollout`): mainland China's
  statutory public holidays and the State Council's bridging days off ("Day off (substituted
  from ...)"), from the `holidays <https://pypi.org/project/holidays/>`_ package (kept, offline:
  the dates ship with the package, no network at run time). Make-up working Saturdays/Sundays
  (调休上班) are not used for coaching: the plan only schedules Monday to Friday.
- ``holidays_file``: a CSV (``date[, name]``), an xlsx (first sheet, same columns) or a text
  file with one ``YYYY-MM-DD`` a line; dates the organisation does not work (company shutdown,
  local holidays). Combined with the country's list.

Dates are handled with :func:`numpy.busday_offset` on ``datetime64[D]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import InputError

__all__ = ["WorkCalendar", "read_holidays", "country_holidays"]


def country_holidays(country: str, years: Iterable[int]) -> pd.DataFrame:
    """Public holidays of ``country`` (ISO code, e.g. ``"CN"``) for ``years``: ``date, name``.

    Examples
    --------
    >>> h = country_holidays("CN", [2026])
    >>> h[h.date.dt.month.eq(10)].date.dt.day.tolist()
    [1, 2, 3, 5, 6, 7]
    """
    import holidays

    try:
        h = holidays.country_holidays(country.upper(), years=sorted(set(years)))
    except (NotImplementedError, KeyError):
        raise InputError(f"holiday calendar {country!r}: unknown country code; give an ISO "
                         "code such as CN, HK, TW, US, or 'none'") from None
    rows = sorted((pd.Timestamp(d), str(n)) for d, n in h.items())
    return pd.DataFrame(rows, columns=["date", "name"]).astype({"date": "datetime64[ns]"})


def read_holidays(path: str | Path) -> pd.DataFrame:
    """Read a holidays file: CSV/xlsx with a ``date`` column (``name`` optional) or a text file
    with one date a line. Returns ``date, name`` sorted.

    Raises
    ------
    maturity.exceptions.InputError
        Unreadable file, no ``date`` column, or a value that is not a date (row and value
        named).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "h.csv")
    >>> _ = open(p, "w", encoding="utf-8").write("date,name\\n2026-12-24,shutdown\\n")
    >>> read_holidays(p).date.dt.strftime("%Y-%m-%d").tolist()
    ['2026-12-24']
    """
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            raw = pd.read_excel(p, dtype=str, engine="openpyxl")
        elif suffix == ".csv":
            raw = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            lines = [x.strip() for x in p.read_text(encoding="utf-8-sig").splitlines()]
            raw = pd.DataFrame({"date": [x for x in lines if x and not x.startswith("#")]})
    except (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"{p}: not a readable holidays file ({type(exc).__name__}); expected "
                         "a CSV/xlsx with a 'date' column or one YYYY-MM-DD a line") from None
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    if "date" not in raw.columns:
        raise InputError(f"{p}: no 'date' column; expected a header row 'date,name' and one "
                         "non-working day a row")
    out = []
    for i, v in enumerate(raw["date"].fillna("").astype(str)):
        if not v.strip():
            continue
        try:
            d = pd.Timestamp(v.strip()).normalize()
        except (ValueError, TypeError):
            raise InputError(f"{p}, row {i + 2}, column 'date': found {v[:40]!r}, expected a "
                             "date YYYY-MM-DD") from None
        name = str(raw["name"].iloc[i]) if "name" in raw.columns else "holiday (file)"
        out.append((d, name))
    return pd.DataFrame(sorted(out), columns=["date", "name"]).astype(
        {"date": "datetime64[ns]", "name": str})


@dataclass(frozen=True)
class WorkCalendar:
    """Non-working days (besides weekends) and working-day arithmetic.

    Attributes
    ----------
    holidays : pandas.DataFrame
        ``date, name`` of every non-working weekday.

    Examples
    --------
    >>> cal = WorkCalendar.build(country="CN", years=[2026])
    >>> cal.add_days("2026-09-30", 2).date()       # 1-7 October are days off
    datetime.date(2026, 10, 9)
    >>> cal.next_day("2026-05-01").date()          # Labour Day -> the next working day
    datetime.date(2026, 5, 6)
    """

    holidays: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"date": pd.Series(dtype="datetime64[ns]"), "name": pd.Series(dtype=str)}))

    @classmethod
    def build(cls, *, country: str | None = None, years: Iterable[int] = (),
              holidays_file: str | Path | None = None) -> WorkCalendar:
        """Calendar of ``country``'s public holidays for ``years`` plus a holidays file."""
        parts = []
        if country and country.lower() != "none":
            parts.append(country_holidays(country, years))
        if holidays_file is not None:
            parts.append(read_holidays(holidays_file))
        if not parts:
            return cls()
        h = pd.concat(parts, ignore_index=True).drop_duplicates("date").sort_values("date")
        h = h[h["date"].dt.day_of_week < 5]
        return cls(h.reset_index(drop=True))

    @property
    def _days(self) -> np.ndarray:
        return self.holidays["date"].to_numpy(dtype="datetime64[D]")

    def next_day(self, day: Any) -> pd.Timestamp:
        """``day`` if it is a working day, else the next working day."""
        d = np.datetime64(pd.Timestamp(day).date(), "D")
        return pd.Timestamp(np.busday_offset(d, 0, roll="forward", holidays=self._days))

    def add_days(self, day: Any, n: int) -> pd.Timestamp:
        """The working day ``n`` working days after ``day`` (rolled forward to a working day
        first); ``n = 0`` gives that day."""
        d = np.datetime64(pd.Timestamp(day).date(), "D")
        return pd.Timestamp(np.busday_offset(d, int(n), roll="forward", holidays=self._days))

    def span(self, start: Any, days: int) -> tuple[pd.Timestamp, pd.Timestamp]:
        """(first, last) working day of a phase of ``days`` working days from ``start``."""
        a = self.next_day(start)
        return a, self.add_days(a, max(1, int(days)) - 1)

    def is_holiday(self, day: Any) -> bool:
        """Whether ``day`` is one of the calendar's non-working weekdays."""
        return bool((self.holidays["date"] == pd.Timestamp(day).normalize()).any())

    def count(self, start: Any, end: Any) -> int:
        """Working days from ``start`` to ``end``, both included."""
        a = np.datetime64(pd.Timestamp(start).date(), "D")
        b = np.datetime64(pd.Timestamp(end).date(), "D") + np.timedelta64(1, "D")
        return int(np.busday_count(a, b, holidays=self._days))
