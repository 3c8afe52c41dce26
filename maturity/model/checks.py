"""Collecting every problem of a model file, located by its key path (internal).

:class:`Checker` is lazy validation in pandera's sense: each problem is recorded with the key
path where it was found (``process_areas[3].goals[0].id``), the value found and what was
expected; :meth:`Checker.raise_if_any` then raises one :class:`~maturity.exceptions.ModelError`
naming the first problem, with every problem in ``.failures``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from maturity.exceptions import ModelError
from maturity.excerpt import EXCERPT_CHARS

__all__ = ["Checker", "excerpt_key"]

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def excerpt_key(key: str, limit: int = 120) -> str:
    """A key path cut to ``limit`` characters (a YAML key can be a long text)."""
    return key if len(key) <= limit else f"{key[:limit]}…"


class Checker:
    """Collects every schema problem of one file with its key path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[tuple[str, str, str, str]] = []

    def add(self, key: str, value: Any, expected: str, message: str) -> None:
        text = "" if value is None else str(value)
        if len(text) > EXCERPT_CHARS:  # a value quoted in a message is cut, its size said
            text = f"{text[:EXCERPT_CHARS]}… ({len(text):,} characters)"
        self.problems.append((excerpt_key(key), text, expected, message))

    def text(self, node: Any, key: str, where: str, required: bool = True) -> str:
        v = node.get(key) if isinstance(node, dict) else None
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                self.add(f"{where}.{key}" if where else key, v, "a non-empty string", "missing")
            return ""
        if isinstance(v, (dict, list)):
            self.add(f"{where}.{key}" if where else key, v, "a string", "not a string")
            return ""
        return str(v).strip()

    def ident(self, node: Any, where: str, seen: dict[str, str], what: str) -> str:
        v = self.text(node, "id", where)
        if v and not _ID_RE.match(v):
            self.add(f"{where}.id", v, "letters, digits, '.', '_' or '-'", f"invalid {what} id")
        if v:
            if v in seen:
                self.add(f"{where}.id", v, f"a unique {what} id",
                         f"duplicate {what} id '{v}' (first at {seen[v]})")
            else:
                seen[v] = f"{where}.id"
        return v

    def seq(self, node: Any, key: str, where: str, required: bool = True) -> list:
        v = node.get(key) if isinstance(node, dict) else None
        full = f"{where}.{key}" if where else key
        if v is None:
            if required:
                self.add(full, None, "a non-empty list", "missing")
            return []
        if not isinstance(v, list):
            self.add(full, type(v).__name__, "a list", "not a list")
            return []
        if required and not v:
            self.add(full, "[]", "a non-empty list", "empty")
        return v

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        failures = pd.DataFrame(
            [(str(self.path), "", pd.NA, k, v, e, m) for k, v, e, m in self.problems],
            columns=["source", "sheet", "row", "column", "value", "expected", "message"],
        )
        k, v, e, m = self.problems[0]
        more = (f" (and {len(self.problems) - 1} more problems, see .failures)"
                if len(self.problems) > 1 else "")
        raise ModelError(f"{self.path}: {k}: {m}: found {v!r}, expected {e}{more}", failures)

