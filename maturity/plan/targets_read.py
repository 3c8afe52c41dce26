"""Reading a target profile: YAML, CSV, a mapping or a frame, checked against the model.

The written forms and the precedence of their rules are in :mod:`maturity.plan.targets`. Every
problem is collected first (:class:`_Checker`), then one :class:`maturity.exceptions.TargetError`
is raised that names the file, the key (YAML) or row and column (CSV), the value found and what
was expected, and carries every problem in ``.failures`` (pandera's lazy validation).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from maturity.exceptions import FAILURE_COLUMNS, TargetError
from maturity.excerpt import shorten
from maturity.ids import id_note, id_variants, normalise_id, warn_notes
from maturity.model.load import Model, load_model
from maturity.plan.targets import TARGET_COLUMNS, Targets, max_capability
from maturity.plan.targets_answers import answer_targets, answer_targets_from_table
from maturity.safe_yaml import load_yaml
from maturity.scoring.scope import read_scope

__all__ = ["read_targets"]

_KEYS = ("default_level", "lines", "process_areas", "line_process_areas", "practices", "phases",
         "scope")


def _int(v: Any) -> int | None:
    """Integer of a cell, or None when it is not an integer (2.5, 'x', True, blank)."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return int(v) if math.isfinite(v) and float(v).is_integer() else None
    s = str(v).strip()
    try:
        f = float(s)
    except ValueError:
        return None
    return int(f) if math.isfinite(f) and f.is_integer() else None


class _Checker:
    """Collects every problem of a target file, then raises one TargetError."""

    def __init__(self, source: str, model: Model) -> None:
        self.source, self.model, self.failures = source, model, []
        self.notes: list[dict[str, Any]] = []
        self.lines: dict[str, tuple[Any, str]] = {}
        self.levels = sorted(int(x) for x in model.levels["level"])
        self.max_cl = max_capability(model)
        self.pas = {p.upper(): p for p in model.process_areas["process_area"]}

    def fail(self, row: Any, column: str, value: Any, expected: str, message: str) -> None:
        self.failures.append({"source": self.source, "sheet": "", "row": row,
                              "column": shorten(column, 160), "value": shorten(value),
                              "expected": expected, "message": message})

    def maturity(self, v: Any, row: Any, column: str) -> int | None:
        n = _int(v)
        if n is None or n not in self.levels:
            what = "not an integer" if n is None else f"not a level of model '{self.model.id}'"
            self.fail(row, column, v, f"a maturity level, one of {self.levels}",
                      f"maturity target is {what}")
            return None
        return n

    def capability(self, v: Any, row: Any, column: str) -> int | None:
        n = _int(v)
        if n is None or not 0 <= n <= self.max_cl:
            what = "not an integer" if n is None else f"outside 0-{self.max_cl}"
            self.fail(row, column, v, f"a capability level 0-{self.max_cl}",
                      f"capability target is {what}")
            return None
        return n

    def area(self, v: Any, row: Any, column: str) -> str | None:
        pa = self.pas.get(normalise_id(v).upper())
        if pa is None:
            ids = ", ".join(self.model.process_areas["process_area"])
            self.fail(row, column, v, f"a process area of model '{self.model.id}' ({ids})",
                      "unknown process area")
        return pa

    def line(self, v: Any, row: Any, column: str) -> str | None:
        s = normalise_id(v)  # the same id normaliser as the answers (maturity.ids)
        if not s:
            self.fail(row, column, v, "a business line id", "business line id is blank")
            return None
        if id_note("business_line", v, s):
            self.notes.append({"source": self.source, "row": row, "message": id_note(
                "business_line", v, s) + (f" (key {column})" if row in ("", None) else "")})
        self.lines.setdefault(s, (row, column))
        return s

    def line_variants(self) -> None:
        for spellings in id_variants(self.lines).values():
            row, column = self.lines[spellings[-1]]
            self.fail(row, column, spellings[-1], "one spelling per business line",
                      f"business line ids {' and '.join(map(repr, spellings))} differ only "
                      f"by case, width or spaces: use one spelling")

    def raise_if_any(self) -> None:
        if not self.failures:
            return
        frame = pd.DataFrame(self.failures, columns=FAILURE_COLUMNS)
        f = self.failures[0]
        where = (f"key '{f['column']}'" if f["row"] in ("", None)
                 else f"row {f['row']}, column '{f['column']}'")
        more = f" ({len(self.failures)} problems, see .failures)" if len(self.failures) > 1 else ""
        raise TargetError(f"{self.source}: {where}: {shorten(f['message'], 300)}; found "
                          f"{f['value']!r}, expected {shorten(f['expected'], 300)}{more}", frame)


def _from_mapping(doc: Any, ck: _Checker) -> list[tuple]:
    rows: list[tuple] = []
    if not isinstance(doc, Mapping):
        ck.fail("", "<top>", type(doc).__name__, f"a mapping with keys {', '.join(_KEYS)}",
                "target file is not a mapping")
        return rows
    for key in doc:
        if key not in _KEYS:
            ck.fail("", str(key), key, f"one of {', '.join(_KEYS)}", "unknown key")

    def mapping(key: str, value: Any) -> Mapping:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            ck.fail("", key, value, "a mapping", f"'{key}' must be a mapping")
            return {}
        return value

    if doc.get("default_level") is not None:
        n = ck.maturity(doc["default_level"], "", "default_level")
        rows.append(("", "", n, "maturity", "default_level"))
    for line, v in mapping("lines", doc.get("lines")).items():
        ln = ck.line(line, "", f"lines.{line}")
        rows.append((ln, "", ck.maturity(v, "", f"lines.{line}"), "maturity", "lines"))
    for pa, v in mapping("process_areas", doc.get("process_areas")).items():
        p = ck.area(pa, "", f"process_areas.{pa}")
        rows.append(("", p, ck.capability(v, "", f"process_areas.{pa}"), "capability",
                     "process_areas"))
    for line, pas in mapping("line_process_areas", doc.get("line_process_areas")).items():
        ln = ck.line(line, "", f"line_process_areas.{line}")
        for pa, v in mapping(f"line_process_areas.{line}", pas).items():
            key = f"line_process_areas.{line}.{pa}"
            rows.append((ln, ck.area(pa, "", key), ck.capability(v, "", key), "capability",
                         "line_process_areas"))
    return rows


def _from_table(raw: pd.DataFrame, ck: _Checker) -> list[tuple]:
    raw = raw.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
    missing = [c for c in ("business_line", "process_area", "target_level") if c not in raw]
    for c in missing:
        ck.fail(1, c, "", f"a column named {c}",
                f"required column missing (columns found: {', '.join(map(str, raw.columns))})")
    if missing:
        return []
    rows, seen = [], {}
    for i, rec in enumerate(raw.itertuples(index=False), start=2):
        line = (ck.line(rec.business_line, i, "business_line") or "") if normalise_id(
            rec.business_line) else ""
        pa_raw = "" if pd.isna(rec.process_area) else str(rec.process_area).strip()
        pa = ck.area(pa_raw, i, "process_area") if pa_raw else ""
        if pa:
            level = ck.capability(rec.target_level, i, "target_level")
            source = "line_process_areas" if line else "process_areas"
        else:
            level = ck.maturity(rec.target_level, i, "target_level")
            source = "lines" if line else "default_level"
        key = (line, pa)
        if pa is not None and key in seen:
            ck.fail(i, "process_area" if pa else "business_line", pa or line,
                    "one row per business line and process area",
                    f"duplicate of row {seen[key]}")
        seen.setdefault(key, i)
        rows.append((line, pa, level, "capability" if pa else "maturity", source))
    return rows


def read_targets(
    path_or_mapping: str | Path | Mapping[str, Any] | pd.DataFrame | Targets,
    model: Model | str,
) -> Targets:
    """Read and validate a target profile.

    Parameters
    ----------
    path_or_mapping : path, mapping, DataFrame or Targets
        A YAML file (or the same as a dict)::

            default_level: 2                 # maturity target of every line
            lines: {bank-delivery: 3}        # maturity target of some lines
            process_areas: {REQM: 3}         # capability target (0-3) of a PA, every line
            line_process_areas:              # capability target of a PA in one line
              bank-delivery: {PPQA: 3}

        or a CSV file / DataFrame with columns ``business_line, process_area, target_level``
        (empty ``business_line`` = every line; empty ``process_area`` = a maturity target).
        Process-area ids are matched without regard to case. Not modified.
    model : Model or str
        The model (or its id / path) the targets refer to.

    Returns
    -------
    Targets
        ``.targets``: ``business_line, process_area, target_level, kind, source``.

    Raises
    ------
    maturity.exceptions.TargetError
        After checking everything: the message names the file, the key (YAML) or row and
        column (CSV), the value found and what was expected; ``.failures`` lists every
        problem. Checked: known top-level keys, maturity levels of the model, capability
        levels 0..3 (0..highest level for non-staged models), integers, known PA ids, no
        duplicate CSV rows.

    Examples
    --------
    >>> t = read_targets({"default_level": 2, "lines": {"bank-delivery": 3},
    ...                   "process_areas": {"reqm": 3}}, "cmmi-dev-1.3")
    >>> t.targets
       business_line process_area  target_level        kind         source
    0                                         2    maturity  default_level
    1  bank-delivery                          3    maturity          lines
    2                         REQM             3  capability  process_areas
    >>> read_targets({"lines": {"web": 6}}, "cmmi-dev-1.3")
    Traceback (most recent call last):
    ...
    maturity.exceptions.TargetError: <mapping>: key 'lines.web': maturity target is not a level
    of model 'cmmi-dev-1.3'; found '6', expected a maturity level, one of [1, 2, 3, 4, 5]
    """
    model = load_model(model)
    if isinstance(path_or_mapping, Targets):
        return path_or_mapping
    if isinstance(path_or_mapping, Mapping):
        ck = _Checker("<mapping>", model)
        rows, answers, scope = _read_mapping(path_or_mapping, ck)
    elif isinstance(path_or_mapping, pd.DataFrame):
        ck = _Checker("<DataFrame>", model)
        (rows, answers), scope = _table(path_or_mapping.astype(object), ck), None
    else:
        path = Path(path_or_mapping)
        ck = _Checker(str(path), model)
        if not path.is_file():
            raise TargetError(f"{path}: target file not found (expected a .yaml or .csv file)")
        if path.suffix.lower() in (".yaml", ".yml"):
            doc = _load_yaml(path)
            rows, answers, scope = _read_mapping(doc if doc is not None else {}, ck)
        else:
            (rows, answers), scope = _table(_load_csv(path), ck), None
    ck.line_variants()
    ck.raise_if_any()
    warn_notes(ck.notes, "read_targets")
    frame = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    frame["target_level"] = frame["target_level"].astype("int64")
    return Targets(frame, model, ck.source, answers=answers, scope=scope)


def _read_mapping(doc: Any, ck: _Checker) -> tuple[list[tuple], pd.DataFrame | None,
                                                   pd.DataFrame | None]:
    """Level rows, target answers and scope decisions of a target mapping."""
    rows = _from_mapping(doc, ck)
    answers, scope = _answers_and_scope(doc, ck)
    return rows, answers, scope


def _load_yaml(path: Path) -> Any:
    """The YAML document of a target file (safe loader; a readable error when it is not)."""
    try:
        return load_yaml(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise TargetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                          "save the targets as UTF-8 YAML") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        what = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise TargetError(f"{path}:{where} not valid YAML: {what}") from None


def _load_csv(path: Path) -> pd.DataFrame:
    """The cells of a target CSV as text (a readable error when it is not a CSV)."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise TargetError(f"{path}: the target file is empty; expected a header "
                          "business_line,process_area,target_level") from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        what = str(exc).splitlines()[0]
        raise TargetError(f"{path}: not a readable UTF-8 CSV file ({what}); expected a "
                          "header business_line,process_area,target_level, or a "
                          ".yaml target file") from None


def _answers_and_scope(doc: Any, ck: _Checker) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Target answers (``practices:``, ``phases:``) and scope decisions (``scope:``) of a
    target mapping (:mod:`maturity.plan.targets_answers`, :mod:`maturity.scoring.scope`)."""
    if not isinstance(doc, Mapping):
        return None, None
    answers = None
    if doc.get("practices") is not None or doc.get("phases") is not None:
        answers = answer_targets(doc, ck.model, ck.fail)
    scope = None
    if doc.get("scope") is not None:
        try:
            scope = read_scope({"scope": doc["scope"]}, ck.model)
        except TargetError as exc:
            ck.fail("", "scope", "", "scope decisions business_line, process_area, scope, "
                    "reason", str(exc))
    return answers, scope


def _table(raw: pd.DataFrame, ck: _Checker) -> tuple[list[tuple], pd.DataFrame | None]:
    """A target table: levels (``process_area, target_level``) or target answers
    (``practice, target[, phase]``, :mod:`maturity.plan.targets_answers`)."""
    cols = {str(c).strip().lower().replace(" ", "_") for c in raw.columns}
    if "practice" in cols and "target" in cols and "target_level" not in cols:
        raw = raw.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
        return [], answer_targets_from_table(raw, ck.model, ck.fail)
    return _from_table(raw, ck), None
