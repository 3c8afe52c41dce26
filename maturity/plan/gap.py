"""Gap analysis: target profiles, gaps per business line and process area, and a ranked backlog.

A **target profile** says which capability level (CL, 0-3 in CMMI) each business line needs in
each process area (PA). It is written as maturity-level targets and capability-level targets
(:func:`read_targets`, YAML / CSV / mapping) and resolved per line x PA by
:func:`target_profile` with this precedence (first match wins):

1. ``line_process_areas`` - a CL target for one PA of one line;
2. ``process_areas`` - a CL target for one PA in every line;
3. the line's maturity target - ``lines`` (or ``customer_requirement``, see
   :func:`targets_from_swot`);
4. ``default_level`` - the maturity target of every other line.

**Target staging** (CMMI v1.3 staged / continuous equivalence): a maturity-level target ``T``
is turned into CL targets the way the staged representation rates maturity levels. ML2 needs
every ML2 PA at CL2 (specific goals + GG2); ML3 needs every PA at ML2 *and* ML3 at CL3 (GG3
applies to the ML2 areas too); ML4 and ML5 add their PAs at CL3. So a PA at staged level
``<= T`` needs ``CL min(T, 3)`` (``min(T, highest CL of the model)``) and PAs above ``T`` are
not in the profile. For models with other scoring rules (``cumulative``, ``additive``), where
``process_areas.capability_level`` is the level reached per area, a maturity target ``T``
means every area at level ``T``.

Frames (columns in this order, extra columns after, plain RangeIndex):

- ``Targets.targets``: ``business_line, process_area, target_level, kind, source``
  (``business_line`` ``''`` = every line, ``process_area`` ``''`` = a maturity-level target;
  ``kind`` ``maturity``/``capability``; ``source`` the YAML key the row comes from).
- :func:`target_profile`: ``business_line, process_area, level, target_level, target_source,
  target_maturity_level, note``.
- ``Gaps.gaps``: ``wave, business_line, process_area, level, current_level, target_level, gap,
  rating, score, n_blocking, target_source, note``; ``gap = max(0, target - current)`` in
  levels; a PA whose capability is not rated counts as CL0 and says so in ``note``.
- ``Gaps.line_gaps``: ``wave, business_line, maturity_level, target_maturity_level, level_gap,
  n_pa_gaps, total_gap, n_blocking_practices, effort``.
- ``Gaps.backlog``: ``wave, business_line, process_area, practice, name, kind,
  characterization, mean, coverage, n_respondents, gap, n_lines_sharing, swot_weakness,
  priority, rank, reason, evidence, comment, goal, required_level, levels_blocked,
  swot_weight, needed_for_level``.

Notes
-----
**Blocking practices.** A practice is *required* for capability level ``r`` = its goal's
``capability_level`` (1 for specific goals, 2 for GG2, 3 for GG3); in models whose practices
carry a ``level`` (cumulative / additive) that level is used. For a PA with current level ``c``
below its target ``t``, the practices with ``c < r <= t`` whose characterization is not
``LI``/``FI`` (``PI``, ``NI``, ``NY`` or not characterized; ``NA`` practices are out of scope)
block the target (cumulative models with ``cumulative_threshold: FI``: everything but ``FI``).
``levels_blocked = t - max(c, r - 1)``: how many levels the practice holds
back (a specific practice of a CL0 area with target CL3 holds back 3).

**Effort** of a line (``line_gaps.effort``, in effort points) = sum over its blocking practices
of 1 for a ``PI`` practice (in place, to be strengthened) and 2 for ``NI``, ``NY`` or not
characterized (to be built).

**Priority** of a backlog row, in [0, 1]::

    priority = 0.45 * levels_blocked / max_cl          (depth: 3 in CMMI)
             + 0.30 * n_lines_sharing / n_lines        (same practice blocking in other lines)
             + 0.20 * swot_weight / max swot_weight    (linked SWOT weaknesses of the line)
             + 0.05 * (1 - coverage)                   (little-known practice)

rounded to 4 decimals. ``n_lines`` counts the lines of the wave with a target profile;
``swot_weight`` is the summed weight of the line's weaknesses that name the PA
(:func:`maturity.plan.swot.weaknesses_by_process_area`), normalised by the largest such weight in
the SWOT.

**Order (lowest unmet level first).** ``needed_for_level`` is the lowest maturity level the
practice is needed for: in a staged model ``max(staged level of its PA, required_level)`` (an
ML2 area's GG3 practices are needed for ML3, an ML3 area's practices for ML3); in other models
its ``required_level``. ``rank`` 1 = fix first within a wave and line, sorted by

1. practices needed for the line's maturity target before those needed only beyond it (a
   capability target above the maturity target);
2. ``needed_for_level`` ascending: the lowest level the line has not reached comes first;
3. within a level, shared and SWOT weaknesses first: ``0.30 * n_lines_sharing / n_lines +
   0.20 * swot_weight / max swot_weight`` descending;
4. ``priority`` descending, then PA order, then practice order in the model.

``reason`` spells out the drivers.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import FAILURE_COLUMNS, MaturityWarning, TargetError
from maturity.ids import id_note, id_variants, normalise_id, warn_notes
from maturity.model.load import Model, load_model
from maturity.plan.answer_backlog import with_answer_rows  # issue 14 hook
from maturity.scoring.score import Scores
from maturity.waves import order_waves, wave_sort_key

__all__ = [
    "Targets",
    "Gaps",
    "read_targets",
    "targets_from_swot",
    "target_profile",
    "gap_analysis",
    "TARGET_COLUMNS",
    "GAP_COLUMNS",
    "LINE_GAP_COLUMNS",
    "BACKLOG_COLUMNS",
    "PRIORITY_WEIGHTS",
]

TARGET_COLUMNS = ["business_line", "process_area", "target_level", "kind", "source"]
PROFILE_COLUMNS = ["business_line", "process_area", "level", "target_level", "target_source",
                   "target_maturity_level", "note"]
GAP_COLUMNS = ["wave", "business_line", "process_area", "level", "current_level", "target_level",
               "gap", "rating", "score", "n_blocking", "target_source", "note"]
LINE_GAP_COLUMNS = ["wave", "business_line", "maturity_level", "target_maturity_level",
                    "level_gap", "n_pa_gaps", "total_gap", "n_blocking_practices", "effort"]
BACKLOG_COLUMNS = ["wave", "business_line", "process_area", "practice", "name", "kind",
                   "characterization", "mean", "coverage", "n_respondents", "gap",
                   "n_lines_sharing", "swot_weakness", "priority", "rank", "reason", "evidence",
                   "comment", "goal", "required_level", "levels_blocked", "swot_weight",
                   "needed_for_level"]

#: Weights of the backlog priority (depth, shared, swot, coverage); they sum to 1.
PRIORITY_WEIGHTS = {"depth": 0.45, "shared": 0.30, "swot": 0.20, "coverage": 0.05}

_KEYS = ("default_level", "lines", "process_areas", "line_process_areas", "practices", "phases",
         "scope")
_PRECEDENCE = {"line_process_areas": 0, "process_areas": 1, "customer_requirement": 2,
               "lines": 2, "default_level": 3}
_OK = ("FI", "LI", "NA")


# --------------------------------------------------------------------------- targets
@dataclass(frozen=True)
class Targets:
    """A target profile as written: maturity-level and capability-level targets.

    Build it with :func:`read_targets`; resolve it per line x PA with :func:`target_profile`.

    Attributes
    ----------
    targets : pandas.DataFrame
        ``business_line, process_area, target_level, kind, source``: ``business_line`` ``''``
        means every line, ``process_area`` ``''`` a maturity-level target (``kind``
        ``maturity``) and otherwise a capability-level target (``kind`` ``capability``);
        ``source`` is the rule the row comes from (``default_level``, ``lines``,
        ``process_areas``, ``line_process_areas`` or ``customer_requirement``).
    model : Model
        The model the targets were checked against.
    path : str
        The file read (``'<mapping>'``, ``'<DataFrame>'`` for objects).
    """

    targets: pd.DataFrame
    model: Model
    path: str = ""
    #: Target answers as written (:mod:`maturity.plan.targets_answers`,
    #: ``phase, phase_order, end, business_line, practice, target``), or None.
    answers: pd.DataFrame | None = None
    #: Scope decisions (:func:`maturity.scoring.scope.read_scope`) given under ``scope:``, or None.
    scope: pd.DataFrame | None = None

    def maturity_target(self, business_line: str) -> int | None:
        """The maturity-level target of a line (its own, else ``default_level``), or None."""
        return self.maturity_targets([business_line])[business_line]

    def maturity_targets(self, business_lines: Iterable[str]) -> dict[str, int | None]:
        """:meth:`maturity_target` of each line, the targets read once for them all."""
        level, _ = self._maturity_rows()
        default = level.get("")
        return {ln: level.get(ln, default) for ln in business_lines}

    def _maturity_rows(self) -> tuple[dict[str, int], dict[str, str]]:
        """Per business line ('' = every line): the last maturity row's level and source."""
        t = self.targets
        m = t[t["kind"] == "maturity"]
        lines = m["business_line"].tolist()  # later rows win: the dict keeps the last
        return (dict(zip(lines, (int(x) for x in m["target_level"]), strict=True)),
                dict(zip(lines, m["source"], strict=True)))


def _max_cl(model: Model) -> int:
    """Highest capability level an area can reach: GG levels (staged), else the model's levels."""
    if model.scoring == "staged":
        return int(model.goals["capability_level"].max())
    return int(model.max_level)


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
        self.max_cl = _max_cl(model)
        self.pas = {p.upper(): p for p in model.process_areas["process_area"]}

    def fail(self, row: Any, column: str, value: Any, expected: str, message: str) -> None:
        from maturity.excerpt import shorten

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
        from maturity.excerpt import shorten

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
    answers = scope = None
    if isinstance(path_or_mapping, Mapping):
        ck = _Checker("<mapping>", model)
        rows = _from_mapping(path_or_mapping, ck)
        answers, scope = _answers_and_scope(path_or_mapping, ck)
    elif isinstance(path_or_mapping, pd.DataFrame):
        ck = _Checker("<DataFrame>", model)
        rows, answers = _table(path_or_mapping.astype(object), ck)
    else:
        path = Path(path_or_mapping)
        ck = _Checker(str(path), model)
        if not path.is_file():
            raise TargetError(f"{path}: target file not found (expected a .yaml or .csv file)")
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            from maturity.safe_yaml import load_yaml

            try:
                doc = load_yaml(path.read_text(encoding="utf-8-sig"))
            except UnicodeDecodeError as exc:
                raise TargetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                  "save the targets as UTF-8 YAML") from None
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
                what = " ".join(str(getattr(exc, "problem", None) or exc).split())
                raise TargetError(f"{path}:{where} not valid YAML: {what}") from None
            rows = _from_mapping(doc if doc is not None else {}, ck)
            answers, scope = _answers_and_scope(doc, ck)
        else:
            try:
                raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            except pd.errors.EmptyDataError:
                raise TargetError(f"{path}: the target file is empty; expected a header "
                                  "business_line,process_area,target_level") from None
            except (UnicodeDecodeError, pd.errors.ParserError) as exc:
                what = str(exc).splitlines()[0]
                raise TargetError(f"{path}: not a readable UTF-8 CSV file ({what}); expected a "
                                  "header business_line,process_area,target_level, or a "
                                  ".yaml target file") from None
            rows, answers = _table(raw, ck)
    ck.line_variants()
    ck.raise_if_any()
    warn_notes(ck.notes, "read_targets")
    frame = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    frame["target_level"] = frame["target_level"].astype("int64")
    return Targets(frame, model, ck.source, answers=answers, scope=scope)


def _answers_and_scope(doc: Any, ck: _Checker) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Target answers (``practices:``, ``phases:``) and scope decisions (``scope:``) of a
    target mapping (:mod:`maturity.plan.targets_answers`, :mod:`maturity.scoring.scope`)."""
    if not isinstance(doc, Mapping):
        return None, None
    from maturity.plan.targets_answers import answer_targets

    answers = None
    if doc.get("practices") is not None or doc.get("phases") is not None:
        answers = answer_targets(doc, ck.model, ck.fail)
    scope = None
    if doc.get("scope") is not None:
        from maturity.scoring.scope import read_scope

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
        from maturity.plan.targets_answers import answer_targets_from_table

        raw = raw.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
        return [], answer_targets_from_table(raw, ck.model, ck.fail)
    return _from_table(raw, ck), None


def targets_from_swot(
    swot_summary: pd.DataFrame, base: Targets, *, how: Literal["max", "replace"] = "max"
) -> Targets:
    """Let customer requirements in the SWOT set lines' maturity targets.

    Parameters
    ----------
    swot_summary : pandas.DataFrame
        :func:`maturity.plan.swot.swot_summary` (``business_line, customer_requirement,
        required_level``).
    base : Targets
        The target profile to start from (not modified).
    how : {"max", "replace"}
        ``"max"`` (default): the customer's ``required_level`` is a floor, a higher target of
        the base is kept; ``"replace"``: the required level is the line's target.

    Returns
    -------
    Targets
        ``base`` with a maturity row (``source`` ``customer_requirement``) for every line with
        a customer requirement that sets its target.

    Examples
    --------
    >>> base = read_targets({"default_level": 2, "lines": {"web": 4}}, "cmmi-dev-1.3")
    >>> summary = pd.DataFrame({"business_line": ["bank", "web", "ops"],
    ...                         "customer_requirement": [True, True, False],
    ...                         "required_level": pd.array([3, 3, None], dtype="Int64")})
    >>> targets_from_swot(summary, base).targets
      business_line process_area  target_level      kind                source
    0                                        2  maturity         default_level
    1           web                          4  maturity                 lines
    2          bank                          3  maturity  customer_requirement
    """
    if how not in ("max", "replace"):
        raise TargetError(f"targets_from_swot(how={how!r}): expected 'max' or 'replace'")
    s = swot_summary
    req = s[s["customer_requirement"].astype(bool) & s["required_level"].notna()]
    t = base.targets
    levels = set(int(x) for x in base.model.levels["level"])
    add, drop = [], []
    pairs = zip(req["business_line"].astype(str), req["required_level"].astype(int), strict=True)
    for line, level in pairs:
        if level not in levels:
            raise TargetError(f"swot summary, business line '{line}': required_level {level} "
                              f"is not a level of model '{base.model.id}' ({sorted(levels)})")
        current = base.maturity_target(line)
        if how == "max" and current is not None and current > level:
            continue
        drop.append(line)
        add.append((line, "", level, "maturity", "customer_requirement"))
    keep = ~((t["kind"] == "maturity") & t["business_line"].isin(drop))
    frame = pd.concat([t[keep], pd.DataFrame(add, columns=TARGET_COLUMNS)], ignore_index=True)
    frame["target_level"] = frame["target_level"].astype("int64")
    return Targets(frame, base.model, base.path)


def _staged_need(model: Model, maturity_target: int) -> dict[str, int]:
    """CL each PA needs for a maturity target (target staging); PAs above it are absent."""
    need = min(maturity_target, _max_cl(model))
    pa = model.process_areas
    if model.scoring == "staged":
        pa = pa[pa["level"].notna() & (pa["level"].astype("float") <= maturity_target)]
    return dict.fromkeys(pa["process_area"], need)


def target_profile(targets: Targets, lines: Sequence[str]) -> pd.DataFrame:
    """Resolve a target profile per business line and process area.

    Parameters
    ----------
    targets : Targets
    lines : sequence of str
        The business lines to resolve (e.g. those assessed).

    Returns
    -------
    pandas.DataFrame
        ``business_line, process_area, level, target_level, target_source,
        target_maturity_level, note``: one row per line and PA with a target, lines in the
        given order, PAs in model order. ``target_source`` names the rule that won (see the
        module's precedence); ``note`` explains a target derived from a maturity level.

    Examples
    --------
    >>> t = read_targets({"default_level": 2, "lines": {"bank": 3},
    ...                   "process_areas": {"REQM": 3},
    ...                   "line_process_areas": {"web": {"PPQA": 1}}}, "cmmi-dev-1.3")
    >>> p = target_profile(t, ["bank", "web"])
    >>> p.groupby("business_line").size().tolist()   # bank: 7 ML2 + 11 ML3 PAs; web: 7 ML2 PAs
    [18, 7]
    >>> p[p.process_area.isin(["REQM", "PP", "PPQA", "RD"])].iloc[:, :5]
       business_line process_area  level  target_level       target_source
    0           bank         REQM      2             3       process_areas
    1           bank           PP      2             3               lines
    5           bank         PPQA      2             3               lines
    7           bank           RD      3             3               lines
    18           web         REQM      2             3       process_areas
    19           web           PP      2             2       default_level
    23           web         PPQA      2             1  line_process_areas
    """
    model = targets.model
    t = targets.targets
    pa_level = model.process_areas.set_index("process_area")["level"]
    rows = []
    wanted = list(dict.fromkeys(str(x) for x in lines))
    mts = targets.maturity_targets(wanted)
    _, msources = targets._maturity_rows()
    needs: dict[int, dict[str, int]] = {}
    # capability rows per business line, with their row numbers (a line's rows and the
    # every-line rows are taken in file order, as one filter of the frame would)
    cap_rows: dict[str, list[tuple[int, Any]]] = {}
    for i, r in enumerate(t[t["kind"] == "capability"].itertuples(index=False)):
        cap_rows.setdefault(r.business_line, []).append((i, r))
    for line in wanted:
        mt = mts[line]
        msrc = ""
        if mt is not None:
            msrc = msources.get(line, "default_level")
        if mt is not None and mt not in needs:
            needs[mt] = _staged_need(model, mt)
        staged = needs[mt] if mt is not None else {}
        cap = sorted(cap_rows.get("", []) + (cap_rows.get(line, []) if line else []),
                     key=lambda x: x[0])
        explicit = {}
        for _, r in cap:
            rank = _PRECEDENCE[r.source]
            if r.process_area not in explicit or rank <= explicit[r.process_area][1]:
                explicit[r.process_area] = (int(r.target_level), rank, r.source)
        for pa in model.process_areas["process_area"]:
            if pa in explicit:
                level, _, src = explicit[pa]
                note = ""
            elif pa in staged:
                level, src = staged[pa], msrc
                note = (f"ML{mt} target -> CL{level} (target staging)"
                        if model.scoring == "staged"
                        else f"maturity level {mt} target -> level {level} in every area")
            else:
                continue
            rows.append((line, pa, pa_level[pa], level, src, mt, note))
    out = pd.DataFrame(rows, columns=PROFILE_COLUMNS)
    for c in ("level", "target_level", "target_maturity_level"):
        out[c] = pd.array(out[c].tolist(), dtype="Float64").astype("Int64") if len(out) else \
            pd.Series(dtype="Int64")
    return out


# --------------------------------------------------------------------------- gaps
@dataclass(frozen=True)
class Gaps:
    """The result of :func:`gap_analysis` (columns in the module docstring).

    Attributes
    ----------
    gaps : pandas.DataFrame
        One row per wave x line x PA of the target profile.
    line_gaps : pandas.DataFrame
        One row per wave x line.
    backlog : pandas.DataFrame
        Blocking practices ranked per wave and line (latest wave unless ``wave`` is given).
    profile : pandas.DataFrame
        The resolved target profile (:func:`target_profile`).
    """

    gaps: pd.DataFrame
    line_gaps: pd.DataFrame
    backlog: pd.DataFrame
    profile: pd.DataFrame
    #: With target answers (:mod:`maturity.plan.targets_answers`): per phase and line, ``phase,
    #: end, wave, business_line, n_required, target_total, current_total, absolute_gap,
    #: percent_to_target, baseline_wave, baseline_total, progress_to_date, current_score,
    #: target_score, baseline_score, note``; the backlog then holds the target answers' rows
    #: too and ends with :data:`maturity.plan.answer_backlog.ANSWER_COLUMNS` (``line_gaps``
    #: with ``n_answer_gaps``). None without target answers.
    phases: pd.DataFrame | None = None
    #: The practice rows of ``phases`` (``phase, end, wave, business_line, process_area,
    #: practice, target, current, gap, baseline, note, compared``), or None.
    phase_practices: pd.DataFrame | None = None


def _required_level(model: Model) -> pd.Series:
    """Capability level each practice is required for (goal CL; practice level if not staged)."""
    p = model.practices[["practice", "goal", "level"]].merge(
        model.goals[["goal", "capability_level"]], on="goal", how="left")
    req = p["capability_level"].astype("Float64")
    if model.scoring != "staged":
        req = p["level"].astype("Float64").fillna(req)
    return pd.Series(req.to_numpy(dtype=float, na_value=np.nan), index=p["practice"])


def _swot_weights(swot: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["business_line", "process_area", "swot_weight", "swot_weakness"]
    if swot is None or not len(swot):
        return pd.DataFrame({"business_line": pd.Series(dtype=object),
                             "process_area": pd.Series(dtype=object),
                             "swot_weight": pd.Series(dtype=float),
                             "swot_weakness": pd.Series(dtype=object)})
    w = swot.loc[swot["quadrant"] == "W", ["business_line", "process_areas", "factor", "weight"]]
    w = w.assign(process_area=w["process_areas"].fillna("").astype(str).str.split(";"))
    w = w.explode("process_area")
    w = w[w["process_area"].fillna("").str.strip() != ""]
    w = w.assign(process_area=w["process_area"].str.strip().str.upper())
    w = w.sort_values(["business_line", "process_area", "weight", "factor"],
                      ascending=[True, True, False, True], kind="mergesort")
    g = w.groupby(["business_line", "process_area"], sort=True)
    out = pd.DataFrame({
        "swot_weight": g["weight"].sum().round(10),
        "swot_weakness": g.apply(lambda d: "; ".join(
            f"'{f}' (w={x:g})" for f, x in zip(d["factor"], d["weight"], strict=True)),
            include_groups=False),
    }).reset_index()
    return out[cols]


def _stripped_text(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(rows whose text is not blank, their stripped texts): '' for missing, computed once per
    distinct value and only for the kept rows for a categorical."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = pd.Series(col.cat.categories.to_numpy(dtype=object)).fillna("").astype(str)
        text = np.append(cats.str.strip().to_numpy(dtype=object), "")
        codes = col.cat.codes.to_numpy()  # code -1 (missing) is the last, ''
        keep = (text != "")[codes]
        return keep, text[codes[keep]]
    v = col.fillna("").astype(str).str.strip().to_numpy(dtype=object)
    keep = v != ""
    return keep, v[keep]


def _notes(responses: pd.DataFrame | None) -> pd.DataFrame:
    """Evidence and comment texts joined per (wave, business line, practice), only for the
    practices that have any (the backlog fills the others with '')."""
    keys = ["wave", "business_line", "practice"]
    cols = [*keys, "evidence", "comment"]
    if responses is None or not len(responses):
        return pd.DataFrame(columns=cols)
    r = responses
    joined = []
    for c in ("evidence", "comment"):
        if c not in r:
            continue
        keep, v = _stripped_text(r[c])
        if not len(v):
            continue
        f = pd.DataFrame({k: r[k].to_numpy()[keep].astype(str) for k in keys})
        f["v"] = v
        f = f.drop_duplicates()
        joined.append(f.groupby(keys, sort=False)["v"].agg("; ".join).str.slice(0, 300)
                      .rename(c))
    if not joined:
        return pd.DataFrame(columns=cols)
    out = pd.concat(joined, axis=1).reindex(columns=["evidence", "comment"], fill_value="")
    out = out.fillna("")  # (the column absent as "" text, not float NaN: pandas 3 warns)
    return out.reset_index()[cols]


def _select_waves(all_waves: list[str], wave: str | Sequence[str] | None) -> list[str]:
    if wave is None:
        return all_waves
    want = [wave] if isinstance(wave, str) else [str(w) for w in wave]
    unknown = [w for w in want if w not in all_waves]
    if unknown:
        raise TargetError(f"wave {unknown[0]!r} is not in the scores; waves found: {all_waves}")
    return want


def gap_analysis(
    scores: Scores,
    targets: Targets | Mapping[str, Any] | str | Path,
    *,
    swot: pd.DataFrame | None = None,
    wave: str | Sequence[str] | None = None,
    top: int | None = None,
    responses: pd.DataFrame | None = None,
) -> Gaps:
    """Gaps between current and target capability, per line and PA, and a ranked backlog.

    Parameters
    ----------
    scores : Scores
        :func:`maturity.scoring.score.score` (any scoring rule). Not modified.
    targets : Targets, or what :func:`read_targets` reads
        The target profile (a path or mapping is read against ``scores.model``).
    swot : pandas.DataFrame, optional
        :func:`maturity.plan.swot.read_swot`: weaknesses naming a PA raise the priority of its
        practices in that line and are quoted in ``swot_weakness``.
    wave : str or sequence of str, optional
        Waves to analyse; default every wave for ``gaps``/``line_gaps`` and the latest wave for
        ``backlog``.
    top : int, optional
        Keep each line's ``top`` first backlog rows.
    responses : pandas.DataFrame, optional
        The responses scored; their ``evidence`` and ``comment`` texts fill the backlog's
        ``evidence`` and ``comment`` columns.

    Returns
    -------
    Gaps
        ``gaps``, ``line_gaps``, ``backlog``, ``profile`` (columns and formulas in the module
        docstring).

    Examples
    --------
    >>> from maturity import score
    >>> m = load_model("cmmi-dev-1.3")
    >>> q = m.questions
    >>> answer = q.process_area.eq("PPQA").map({True: "1", False: "3"})   # PPQA weak
    >>> resp = pd.DataFrame({"wave": "2026-03", "business_line": "web", "respondent": "r1",
    ...                      "question": q.question, "practice": q.practice,
    ...                      "answer": answer, "value": answer.astype(float), "na": False})
    >>> g = gap_analysis(score(resp, m), {"default_level": 2})
    >>> g.gaps.loc[g.gaps.gap > 0, ["process_area", "current_level", "target_level", "gap",
    ...                             "n_blocking"]]
      process_area  current_level  target_level  gap  n_blocking
    5         PPQA              0             2    2          14
    >>> g.line_gaps[["maturity_level", "target_maturity_level", "level_gap", "effort"]]
       maturity_level  target_maturity_level  level_gap  effort
    0               1                      2          1      14
    >>> g.backlog[["practice", "characterization", "priority", "rank"]].head(3)
        practice characterization  priority  rank
    0  PPQA.SP1.1               PI    0.6000     1
    1  PPQA.SP1.2               PI    0.6000     2
    2  PPQA.SP2.1               PI    0.6000     3
    >>> for part in g.backlog.reason[0].split("; "):
    ...     print(part)
    blocks CL1-CL2 of PPQA (current CL0, target CL2, gap 2)
    PI, mean 1.0, coverage 100%
    blocking in 1 of 1 line
    """
    model = scores.model
    targets = read_targets(targets, model)
    if targets.model != model:
        raise TargetError(f"{targets.path}: the targets were read for model "
                          f"'{targets.model.id}' but the scores are for model '{model.id}'; "
                          "read them again with read_targets(path, scores.model)")
    pa = scores.process_areas
    all_waves = order_waves(pa["wave"].astype(str).unique(), responses)
    waves = _select_waves(all_waves, wave)
    pa = pa[pa["wave"].astype(str).isin(waves)]
    lines = pa[["wave", "business_line"]].astype(str).drop_duplicates()
    profile = target_profile(targets, sorted(lines["business_line"].unique()))
    listed = set(targets.targets["business_line"]) - {""} - set(lines["business_line"])
    if listed:
        warnings.warn(f"targets name business lines that are not in the scores: "
                      f"{sorted(listed)}", MaturityWarning, stacklevel=2)

    # gaps: lines x profile x current state
    cur = pa[["wave", "business_line", "process_area", "rating", "capability_level", "score"]]
    cur = cur.assign(wave=cur["wave"].astype(str), business_line=cur["business_line"].astype(str))
    g = lines.merge(profile, on="business_line").merge(
        cur, on=["wave", "business_line", "process_area"], how="left")
    not_rated = g["capability_level"].isna()
    g["current_level"] = g["capability_level"].astype("Int64").fillna(0)
    g["gap"] = (g["target_level"] - g["current_level"]).clip(lower=0).astype("Int64")
    nr_note = np.where(not_rated, "current capability not rated; counted as CL0", "")
    g["note"] = ["; ".join(x for x in (a, b) if x)
                 for a, b in zip(g["note"], nr_note, strict=True)]
    g["rating"] = g["rating"].fillna("not rated")

    # blocking practices
    req = _required_level(model)
    p = scores.practices
    p = p.assign(wave=p["wave"].astype(str), business_line=p["business_line"].astype(str))
    open_ = g.loc[g["gap"] > 0, ["wave", "business_line", "process_area", "current_level",
                                 "target_level", "gap", "target_maturity_level"]]
    b = p.merge(open_, on=["wave", "business_line", "process_area"])
    b["required_level"] = b["practice"].map(req).astype("Int64")
    ok = _OK
    if model.scoring == "cumulative" and model.cumulative_threshold == "FI":
        ok = ("FI", "NA")
    b = b[(b["required_level"] > b["current_level"]) & (b["required_level"] <= b["target_level"])
          & ~b["characterization"].isin(ok)].copy()
    b["levels_blocked"] = (b["target_level"] - np.maximum(b["current_level"],
                                                          b["required_level"] - 1)).astype("Int64")
    b["effort"] = np.where(b["characterization"].eq("PI"), 1, 2)
    nb = b.groupby(["wave", "business_line", "process_area"]).size().rename("n_blocking")
    g = g.merge(nb.reset_index(), on=["wave", "business_line", "process_area"], how="left")
    g["n_blocking"] = g["n_blocking"].fillna(0).astype("int64")
    gaps = g[GAP_COLUMNS].reset_index(drop=True)

    # line gaps
    mat = scores.maturity.assign(wave=scores.maturity["wave"].astype(str),
                                 business_line=scores.maturity["business_line"].astype(str))
    lg = lines.merge(mat[["wave", "business_line", "maturity_level"]],
                     on=["wave", "business_line"], how="left")
    tml = targets.maturity_targets(lg["business_line"].unique())
    lg["target_maturity_level"] = pd.array([tml[x] for x in lg["business_line"]], dtype="Int64")
    lg["maturity_level"] = lg["maturity_level"].astype("Int64")
    lg["level_gap"] = (lg["target_maturity_level"] - lg["maturity_level"]).clip(lower=0)
    agg = g.assign(_open=(g["gap"] > 0).astype("int64")).groupby(["wave", "business_line"]).agg(
        n_pa_gaps=("_open", "sum"), total_gap=("gap", "sum"),
        n_blocking_practices=("n_blocking", "sum"))
    eff = b.groupby(["wave", "business_line"])["effort"].sum()
    lg = lg.merge(agg.reset_index(), on=["wave", "business_line"], how="left").merge(
        eff.reset_index(), on=["wave", "business_line"], how="left")
    for c in ("n_pa_gaps", "total_gap", "n_blocking_practices", "effort"):
        lg[c] = lg[c].fillna(0).astype("int64")
    line_gaps = lg.sort_values(["wave", "business_line"], kind="mergesort",
                               key=wave_sort_key(all_waves))[LINE_GAP_COLUMNS]

    profiled = g[["wave", "business_line"]].drop_duplicates()
    answered = targets.answers is not None and len(targets.answers) > 0
    bw = waves if wave is not None else [waves[-1]]
    backlog = _backlog(b, profiled, model, swot, responses, bw, None if answered else top)
    if targets.scope is not None and len(targets.scope):
        applied = scores.practices["aggregation_rule"].astype(str).str.startswith(
            ("out of scope:", "in scope (")).any()
        if not applied:
            warnings.warn("the targets carry scope decisions ('scope:') that these scores do "
                          "not show: score with maturity.score(..., scope=targets.scope)",
                          MaturityWarning, stacklevel=2)
    phases = phase_rows = None
    line_gaps = line_gaps.reset_index(drop=True)
    if answered:  # issue 14 hook: target answers as ranked backlog rows (plan/answer_backlog.py)
        ab = with_answer_rows(scores, targets, backlog, line_gaps, waves=bw, top=top, parts={
            "swot": _swot_weights(swot), "notes": _notes(responses),
            "required": _required_level(model)})
        backlog, line_gaps, phases, phase_rows = (ab.backlog, ab.line_gaps, ab.phases,
                                                  ab.phase_practices)
    return Gaps(gaps, line_gaps, backlog, profile, phases, phase_rows)


def _backlog(b: pd.DataFrame, lines: pd.DataFrame, model: Model, swot: pd.DataFrame | None,
             responses: pd.DataFrame | None, waves: list[str], top: int | None) -> pd.DataFrame:
    b = b[b["wave"].isin(waves)].copy()
    n_lines = lines.drop_duplicates().groupby("wave").size()
    share = b.groupby(["wave", "practice"])["business_line"].transform("nunique")
    b["n_lines_sharing"] = share.astype("int64")
    b["n_lines_wave"] = b["wave"].map(n_lines).astype("int64")
    sw = _swot_weights(swot)
    b = b.merge(sw, on=["business_line", "process_area"], how="left")
    b["swot_weight"] = b["swot_weight"].astype(float).fillna(0.0)
    b["swot_weakness"] = b["swot_weakness"].fillna("")
    wmax = float(sw["swot_weight"].max()) if len(sw) else 0.0
    cov = b["coverage"].fillna(0.0).astype(float)
    w = PRIORITY_WEIGHTS
    b["priority"] = (w["depth"] * b["levels_blocked"].astype(float) / _max_cl(model)
                     + w["shared"] * b["n_lines_sharing"] / b["n_lines_wave"]
                     + w["swot"] * (b["swot_weight"] / wmax if wmax > 0 else 0.0)
                     + w["coverage"] * (1 - cov)).round(4)
    b["needed_for_level"] = _needed_for_level(b, model)
    b["_beyond"] = (b["needed_for_level"] > b["target_maturity_level"]).fillna(False).astype(
        bool) if "target_maturity_level" in b.columns else False
    b["_pull"] = -(w["shared"] * b["n_lines_sharing"] / b["n_lines_wave"]
                   + w["swot"] * (b["swot_weight"] / wmax if wmax > 0 else 0.0)).round(4)
    pa_order = {x: i for i, x in enumerate(model.process_areas["process_area"])}
    pr_order = {x: i for i, x in enumerate(model.practices["practice"])}
    b = b.assign(_pa=b["process_area"].map(pa_order), _pr=b["practice"].map(pr_order))
    b = b.sort_values(["wave", "business_line", "_beyond", "needed_for_level", "_pull",
                       "priority", "_pa", "_pr"],
                      ascending=[True, True, True, True, True, False, True, True],
                      kind="mergesort")
    b["rank"] = b.groupby(["wave", "business_line"]).cumcount().add(1).astype("int64")
    names = model.practices.set_index("practice")["name"]
    b["name"] = b["practice"].map(names).fillna("")
    b["reason"] = [_reason(*r) for r in zip(*(b[c].tolist() for c in _REASON_FIELDS), strict=True)]
    notes = _notes(responses)
    b = b.merge(notes, on=["wave", "business_line", "practice"], how="left")
    b[["evidence", "comment"]] = b[["evidence", "comment"]].fillna("")
    if top is not None:
        b = b[b["rank"] <= int(top)]
    return b[BACKLOG_COLUMNS].reset_index(drop=True)


def _needed_for_level(b: pd.DataFrame, model: Model) -> pd.Series:
    """Lowest maturity level each backlog practice is needed for (see the module notes)."""
    req = b["required_level"].astype("Float64")
    if model.scoring != "staged":
        return req.astype("Int64")
    pa_level = b["process_area"].map(
        model.process_areas.set_index("process_area")["level"]).astype("Float64")
    return pd.concat([pa_level, req], axis=1).max(axis=1).astype("Int64")


_REASON_FIELDS = ("target_level", "levels_blocked", "process_area", "current_level", "gap",
                  "characterization", "mean", "coverage", "n_lines_sharing", "n_lines_wave",
                  "swot_weakness")


def _reason(target_level: Any, levels_blocked: Any, process_area: str, current_level: Any, gap: Any,
            characterization: str, mean: float, coverage: float, n_lines_sharing: int,
            n_lines_wave: int, swot_weakness: str) -> str:
    lo = int(target_level) - int(levels_blocked) + 1
    span = f"CL{lo}" if lo == target_level else f"CL{lo}-CL{target_level}"
    ch = characterization or "not characterized"
    parts = [f"blocks {span} of {process_area} (current CL{current_level}, "
             f"target CL{target_level}, gap {gap})"]
    state = ch
    if not pd.isna(mean):
        state += f", mean {mean:.2f}"
    state += f", coverage {0 if pd.isna(coverage) else coverage:.0%}"
    parts.append(state)
    parts.append(f"blocking in {n_lines_sharing} of {n_lines_wave} line"
                 f"{'s' if n_lines_wave > 1 else ''}")
    if swot_weakness:
        parts.append(f"linked SWOT weakness {swot_weakness}")
    return "; ".join(parts)
