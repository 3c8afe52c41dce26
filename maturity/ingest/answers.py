"""Answer and id text as people type it: canonical ids, dates, and answers read on a scale.

Each distinct cell value is read once (:mod:`maturity.ingest.validate` spreads the result to the
rows): :func:`canon_one` gives an id's canonical text (NFKC, stripped), how it is shown and the
note of a conversion; :class:`ScaleLookup` reads an answer on a question's scale: the code
exactly, ignoring case, as a number, or the English or Chinese label; then, with a note, the forms
typed on a Chinese keyboard (trailing punctuation, code with label, Chinese numerals and points).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd

from maturity.excerpt import excerpt
from maturity.i18n import _
from maturity.ids import normalise_id
from maturity.ingest.records import FREE_TEXT_COLUMNS
from maturity.waves import parse_period

__all__ = ["canon_one", "ScaleLookup"]


def canon_one(u: Any, col: str) -> tuple[str, str, str]:
    """(canonical text, as shown to the user, note or '')."""
    if u is None or u is pd.NA or u is pd.NaT:
        return "", "", ""
    if isinstance(u, (bool, np.bool_)):
        return str(bool(u)), str(bool(u)), ""
    if isinstance(u, (int, np.integer)):
        return str(int(u)), str(int(u)), ""
    if isinstance(u, (float, np.floating)):
        if np.isnan(u):
            return "", "", ""
        s = str(int(u)) if float(u).is_integer() else repr(float(u))
        return s, s, ""
    if isinstance(u, (datetime, pd.Timestamp)):
        if col == "wave" and u.day == 1 and u.hour == u.minute == u.second == 0:
            s = u.strftime("%Y-%m")
            return s, u.isoformat(), f"date {u.date().isoformat()} read as wave {s}"
        midnight = (u.hour, u.minute, u.second) == (0, 0, 0)
        s = u.date().isoformat() if midnight else u.isoformat(sep=" ")
        return s, s, ""
    if isinstance(u, date):
        if col == "wave" and u.day == 1:
            s = u.strftime("%Y-%m")
            return s, u.isoformat(), f"date {u.isoformat()} read as wave {s}"
        return u.isoformat(), u.isoformat(), ""
    if isinstance(u, (time, timedelta)):
        return str(u), str(u), ""
    s = str(u)
    if col in FREE_TEXT_COLUMNS:  # free text is kept byte for byte
        return s, s, ""
    if col == "date":
        return _canon_date(s)
    n = unicodedata.normalize("NFKC", s)
    t = normalise_id(s)
    what = []
    if n.strip() != s.strip():
        what.append("full-width or compatibility characters converted (NFKC)")
    if t != n:
        what.append("surrounding whitespace removed")
    return t, s, "; ".join(what)


def _canon_date(s: str) -> tuple[str, str, str]:
    """An answer's date: a calendar day in any form :func:`maturity.waves.parse_date` reads,
    written ``YYYY-MM-DD`` (noted when typed otherwise); anything else is kept as typed, noted."""
    t = normalise_id(s)
    if not t:
        return "", s, ""
    period = parse_period(t)
    if period is not None and period[0] == period[1]:
        iso = period[0].isoformat()
        return iso, s, ("" if iso == s else _("date {typed!r} read as {iso}").format(
            typed=s, iso=iso))
    return t, s, _("date {typed!r} is not a calendar day (expected e.g. 2026-03-15, 2026/3/15 "
                   "or 2026年3月15日); kept as typed, not used to order the waves").format(typed=s)


# --------------------------------------------------------------------------------------------
# Answer resolution


def _float_or_none(s: str) -> float | None:
    try:
        f = float(s)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


class ScaleLookup:
    def __init__(self, scale: Any) -> None:
        opts = scale.options
        self.id = scale.id
        self.codes = [str(c) for c in opts["code"]]
        self.value = dict(zip(self.codes, opts["value"].astype(float), strict=True))
        self.na = dict(zip(self.codes, opts["na"].astype(bool), strict=True))
        self.folded = {}
        for c in self.codes:
            self.folded.setdefault(c.casefold(), []).append(c)
        self.numeric = {}
        for c in self.codes:
            f = _float_or_none(c)
            if f is not None:
                self.numeric.setdefault(f, []).append(c)
        self.labels: dict[str, list[str]] = {}
        self.choices: dict[str, str] = {}  # the template's drop-down "code - label", no note
        for c, lab, labzh in zip(self.codes, opts["label"], opts["label_zh"], strict=True):
            for text in (lab, labzh):
                if isinstance(text, str) and text.strip():
                    k = unicodedata.normalize("NFKC", text).strip().casefold()
                    if c not in self.labels.get(k, []):
                        self.labels.setdefault(k, []).append(c)
                    self.choices[unicodedata.normalize("NFKC", f"{c} - {text.strip()}")
                                 .casefold()] = c
        self.expected = f"one of {', '.join(self.codes)} (scale {self.id}) or an option's label"

    def resolve(self, text: str) -> tuple[str | None, str]:
        """(code or None, note or rejection reason): the code, its case-free form, a number,
        a label; then the forms people type (:meth:`_typed`)."""
        code, why = self._exact(text)
        if code is not None or text == "":
            return code, why
        typed = self._typed(text)
        return typed if typed is not None else (None, why)

    def _typed(self, text: str) -> tuple[str | None, str] | None:
        """Answers as typed on a Chinese keyboard or from a drop-down: trailing punctuation
        (``大部分实施。``), code with label (``4（完全实施）``, ``3 - 大部分实施``), a Chinese
        numeral or a number of points (``２分``, ``三分``). None when no form applies."""
        bare = _TRAILING.sub("", text)
        if bare and bare != text:
            code = self._exact(bare)[0]
            if code is None:
                code = (self._typed(bare) or (None, ""))[0]
            if code is not None:
                return code, _("answer {text!r} read as code {code!r} (trailing punctuation "
                               "ignored)").format(text=text, code=code)
        m = _POINTS.fullmatch(text)
        if m is not None:
            num = _cn_int(m.group(1))
            hits = self.numeric.get(float(num), []) if num is not None else []
            if len(hits) == 1:
                return hits[0], _("answer {text!r} read as code {code!r} (number of "
                                  "points)").format(text=text, code=hits[0])
        for m in (_BRACKET.fullmatch(text), _CODE_LABEL.fullmatch(text)):
            if m is None:
                continue
            a, b = (self._exact(x.strip())[0] or self._prefix(x.strip()) for x in m.groups())
            if a is not None and b is not None:
                if a == b:
                    return a, _("answer {text!r} read as code {code!r} (code and label "
                                "agree)").format(text=text, code=a)
                return None, _("answer {text!r} names two different options ({a!r} and {b!r}) "
                               "of scale {scale}; give one").format(text=text, a=a, b=b,
                                                                     scale=self.id)
        return None

    def _prefix(self, text: str) -> str | None:
        """The one code whose label starts with ``text`` (``完全实施`` for ``完全实施并制度化``),
        used only to confirm the code typed beside it."""
        k = text.casefold()
        hits = {c for lab, cs in self.labels.items() if k and lab.startswith(k) for c in cs}
        return hits.pop() if len(hits) == 1 else None

    def _exact(self, text: str) -> tuple[str | None, str]:
        if text == "":
            return None, "empty answer"
        if text in self.value:
            return text, ""
        if text.casefold() in self.choices:
            return self.choices[text.casefold()], ""
        folded = self.folded.get(text.casefold(), [])
        if len(folded) == 1:
            return folded[0], f"answer {excerpt(text)} read as code {folded[0]!r} (case ignored)"
        f = _float_or_none(text)
        if f is not None:
            num = self.numeric.get(f, [])
            if len(num) == 1:
                return num[0], f"numeric answer {excerpt(text)} read as code {num[0]!r}"
        lab = self.labels.get(text.casefold(), [])
        if len(lab) == 1:
            return lab[0], f"label {excerpt(text)} read as code {lab[0]!r}"
        if len(lab) > 1:
            return None, (f"label {excerpt(text)} is ambiguous on scale {self.id} (codes "
                          f"{', '.join(lab)}); give the code")
        return None, f"answer {excerpt(text)} is not an option of scale {self.id}"


_TRAILING = re.compile(r"[。.!！?？,，;；:：、\s]+$")
_POINTS = re.compile(r"(\d+|[零〇一二两三四五六七八九十]{1,3})\s*分?")
_BRACKET = re.compile(r"(.+?)\s*[(（\[【]\s*(.+?)\s*[)）\]】]")
_CODE_LABEL = re.compile(r"(\S+?)\s*(?:[-–—:：]\s*|\s+)(.+)")
_CN_INT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9, "十": 10}


def _cn_int(text: str) -> int | None:
    """An integer written in digits or as a small Chinese numeral (零 ... 十), else None."""
    if text.isdigit():
        return int(text)
    return _CN_INT.get(text)

