"""Translation of every user-facing sentence (gettext style).

English is the source language; Simplified Chinese (``zh``) is the second. Code marks a
sentence with :func:`_` (translate now, in the active language) or :func:`N_` (mark a constant
for the catalogue, translate later with :func:`_`). The active language is set for a block with
:func:`language`::

    with language("zh"):
        text = _("not rated")

Catalogues are gettext ``.po`` files in ``maturity/locale/<lang>/LC_MESSAGES/maturity.po``,
read at first use (no compile step); a message missing from the catalogue falls back to the
English source. Frames keep English column names and codes; only what a person reads is
translated.
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Literal

__all__ = ["Language", "LANGUAGES", "_", "N_", "gettext", "ngettext", "language",
           "current_language", "catalogue"]

Language = Literal["en", "zh"]
LANGUAGES: tuple[str, ...] = ("en", "zh")

_LOCALE = Path(__file__).with_name("locale")
_ACTIVE: contextvars.ContextVar[str] = contextvars.ContextVar("maturity_language", default="en")


def _unquote(chunk: str) -> str:
    return ast.literal_eval(chunk) if chunk else ""


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The ``msgid -> msgstr`` map of a language's ``.po`` file (empty for English).

    Examples
    --------
    >>> catalogue("en")
    {}
    """
    path = _LOCALE / lang / "LC_MESSAGES" / "maturity.po"
    if lang == "en" or not path.is_file():
        return {}
    out: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    target: list[str] | None = None

    def flush() -> None:
        mid, mstr = "".join(msgid), "".join(msgstr)
        if mid and mstr:
            out[mid] = mstr

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [_unquote(line[6:].strip())], []
            target = msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:].strip())]
            target = msgstr
        elif line.startswith('"') and target is not None:
            target.append(_unquote(line))
    flush()
    return out


def current_language() -> str:
    """The language sentences are translated into now (``en`` unless set by :func:`language`)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Translate into ``lang`` inside the ``with`` block (None keeps the current language).

    Examples
    --------
    >>> with language("en"):
    ...     _("not rated")
    'not rated'
    """
    if lang is None:
        yield current_language()
        return
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {lang!r}")
    token = _ACTIVE.set(lang)
    try:
        yield lang
    finally:
        _ACTIVE.reset(token)


def gettext(message: str) -> str:
    """``message`` in the active language (the English source when not translated)."""
    lang = _ACTIVE.get()
    if lang == "en":
        return message
    return catalogue(lang).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, translated (Chinese has one form)."""
    return gettext(singular if n == 1 else plural)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now."""
    return message
