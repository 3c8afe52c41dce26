"""Phased rollout roadmap: "pick the low apples first", then outward.

Process standardisation is rolled out in waves: first the business lines whose customers demand
strict processes (customer pressure is the strongest driver), then lines whose work is simple
enough to standardise cheaply, then the rest once earlier waves have shown results. People
trained in an early wave become the champions who carry the process into later lines.

**Inputs** per line: current maturity (``scoring`` ``maturity`` frame), gap size and effort
(``gap`` ``line_gaps`` and ``backlog``), line attributes (:func:`read_lines`: ``group,
headcount, complexity, customer_strictness``) and optionally the SWOT summary
(:func:`maturity.swot.swot_summary`: ``customer_requirement``, ``posture``, ``ife``). For each
line the latest assessment wave is used.

**Scores** (each in [0, 1]; ``w[...]`` are the :data:`DEFAULT_WEIGHTS`, all parameters)::

    customer_pull = max(customer_strictness, 2 if SWOT customer requirement) / 3
    size          = headcount / max headcount
    value         = weighted mean(customer_pull: w[customer_pull], size: w[size])
    gap           = total_gap / max total_gap            (summed PA level gaps)
    backlog       = effort / max effort                  (line_gaps.effort, effort points)
    complexity    = (complexity - 1) / 4
    effort        = weighted mean(gap, backlog, complexity)
    maturity      = maturity_index / max maturity_index
    strengths     = (IFE - 1) / 3, 0.5 without SWOT
    readiness     = weighted mean(maturity, strengths)
    priority      = weighted mean(value: w[value], 1 - effort: w[effort],
                                  readiness: w[readiness])

Maxima are taken over the planned lines. ``quadrant`` (effort/value matrix): value >=
``thresholds["value"]`` and effort < ``thresholds["effort"]`` is a *quick win*; high/high a
*major project*; low/low a *fill-in*; low value and high effort *avoid*.

**Waves** follow an ordered list of named rules (:class:`WaveRule`); a line joins the wave of
the first rule it matches. Defaults (:data:`DEFAULT_RULES`): 1 *customer pull*
(``customer_strictness >= 2`` or a SWOT customer requirement), 2 *simple work* (``complexity
<= 2``), 3 *the rest*. Wave ``k`` is the ``k``-th rule, so a wave keeps its meaning (a rule
that matches no line leaves its wave empty and the schedule moves on). Rules
may also use ``value``, ``effort``, ``priority`` or ``quadrant`` (:func:`quadrant_rule`), which
makes the waves depend on the weights (:func:`sensitivity`). Lines with no gap
(``level_gap <= 0`` and ``total_gap <= 0``), lines without gap analysis and lines without
attributes are left out: ``wave`` NA and a reason.

**Schedule** (:mod:`maturity.schedule`): lines in ``rank`` order (wave, priority descending,
``business_line``), PMO capacity, phases training -> test (pass-rate gate) -> pilot with
checkpoints -> review, wave gates, champions from earlier waves, the four PMO stages.

Frames (columns in this order, plain RangeIndex):

- ``roadmap``: ``business_line, wave, start, end, priority, quadrant, value, effort,
  readiness, reason, champions`` then ``rank, rule, assessment_wave, group, headcount,
  complexity, customer_strictness, customer_requirement, posture, maturity_level,
  maturity_index, target_maturity_level, level_gap, total_gap, backlog_effort, n_backlog,
  focus, pilot_weeks``; sorted by rank, left-out lines last by ``business_line``.
- ``phases``: ``wave, business_line, phase, start, end, kind, detail`` (``kind`` ``stage``
  for the PMO stages, ``phase`` or ``checkpoint``).
- ``milestones``: ``stage, name, start, end, milestone``.
- ``sensitivity``: :data:`SENSITIVITY_COLUMNS`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import FAILURE_COLUMNS, InputError, MaturityWarning, ValidationError
from maturity.schedule import MILESTONE_COLUMNS, PHASE_COLUMNS, next_monday, pilot_weeks
from maturity.schedule import schedule_lines as _schedule

__all__ = [
    "Roadmap",
    "WaveRule",
    "LINE_COLUMNS",
    "ROADMAP_COLUMNS",
    "PHASE_COLUMNS",
    "MILESTONE_COLUMNS",
    "SENSITIVITY_COLUMNS",
    "DEFAULT_WEIGHTS",
    "DEFAULT_THRESHOLDS",
    "DEFAULT_RULES",
    "read_lines",
    "line_factors",
    "assign_waves",
    "customer_pull_rule",
    "simple_work_rule",
    "quadrant_rule",
    "rest_rule",
    "plan_roadmap",
    "sensitivity",
    "write_roadmap",
]

LINE_COLUMNS = ["business_line", "group", "headcount", "complexity", "customer_strictness"]
ROADMAP_COLUMNS = ["business_line", "wave", "start", "end", "priority", "quadrant", "value",
                   "effort", "readiness", "reason", "champions"]
_EXTRA = ["rank", "rule", "assessment_wave", "group", "headcount", "complexity",
          "customer_strictness", "customer_requirement", "posture", "maturity_level",
          "maturity_index", "target_maturity_level", "level_gap", "total_gap",
          "backlog_effort", "n_backlog", "focus", "pilot_weeks"]
SENSITIVITY_COLUMNS = ["weight", "change", "factor", "business_line", "base_wave", "wave",
                       "wave_changed", "base_rank", "rank", "base_quadrant", "quadrant",
                       "base_start", "start", "changed"]

#: Weights of the scores (see the module docstring); any subset may be overridden.
DEFAULT_WEIGHTS: dict[str, float] = {
    "value": 1.0, "effort": 1.0, "readiness": 1.0,
    "customer_pull": 2.0, "size": 1.0,
    "gap": 1.0, "backlog": 1.0, "complexity": 1.0,
    "maturity": 1.0, "strengths": 1.0,
}
_GROUPS = {"value": ["customer_pull", "size"], "effort": ["gap", "backlog", "complexity"],
           "readiness": ["maturity", "strengths"], "priority": ["value", "effort", "readiness"]}
#: Quadrant thresholds on value and effort (both in [0, 1]).
DEFAULT_THRESHOLDS: dict[str, float] = {"value": 0.5, "effort": 0.5}
_DIGITS = 4


# --------------------------------------------------------------------------------------------
# Line attributes

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
        import zipfile

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
        r = raw.iloc[i]
        bl = "" if _blank(r["business_line"]) else str(r["business_line"]).strip()
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
        for c, v in zip(LINE_COLUMNS, [bl, grp, hc, cx, cs], strict=True):
            out[c].append(v)
    if bad:
        _fail(bad)
    extras = [c for c in raw.columns if c not in LINE_COLUMNS]
    res = pd.DataFrame(out, columns=LINE_COLUMNS)
    res["headcount"] = res["headcount"].astype("int64")
    res["complexity"] = res["complexity"].astype("int64")
    res["customer_strictness"] = pd.array(
        [pd.NA if v is None else v for v in out["customer_strictness"]], dtype="Int64")
    for c in extras:
        res[c] = raw[c].to_numpy()
    return res.sort_values("business_line", kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Wave rules

Predicate = Callable[[pd.DataFrame], "pd.Series | np.ndarray | Sequence[bool]"]


@dataclass(frozen=True)
class WaveRule:
    """A named wave rule: lines matching ``predicate`` (first match wins) join its wave.

    Attributes
    ----------
    name : str
        Short name shown in ``roadmap.rule`` and in the reason, e.g. ``"customer pull"``.
    predicate : callable
        Takes the factors frame (:func:`line_factors`) and returns a boolean per row.
    reason : str or callable
        Why a line is in this wave: a ``str.format`` template over the factor columns or a
        function of the row (a Series) returning text.
    """

    name: str
    predicate: Predicate
    reason: str | Callable[[pd.Series], str] = field(default="it matches the rule")

    def explain(self, row: pd.Series) -> str:
        """The reason text for one factors row."""
        if callable(self.reason):
            return self.reason(row)
        return self.reason.format(**row.to_dict())


def _pull_text(r: pd.Series) -> str:
    bits = []
    if not pd.isna(r["customer_strictness"]) and r["customer_strictness"] > 0:
        bits.append(f"customer strictness {int(r['customer_strictness'])}/3")
    if bool(r["customer_requirement"]):
        bits.append("a customer requirement in the SWOT")
    return "customers demand strict processes (" + " and ".join(bits or ["none stated"]) + ")"


def customer_pull_rule(min_strictness: int = 2, *, swot: bool = True,
                       name: str = "customer pull") -> WaveRule:
    """Rule: ``customer_strictness >= min_strictness`` (or, with ``swot``, a SWOT customer
    requirement).

    Examples
    --------
    >>> f = pd.DataFrame({"customer_strictness": [3, 1], "customer_requirement": [False, True]})
    >>> customer_pull_rule().predicate(f).tolist()
    [True, True]
    >>> customer_pull_rule(swot=False).predicate(f).tolist()
    [True, False]
    """
    def pred(f: pd.DataFrame) -> pd.Series:
        hit = f["customer_strictness"].fillna(-1).ge(min_strictness)
        if swot:
            hit = hit | f["customer_requirement"].astype(bool)
        return hit

    return WaveRule(name, pred, _pull_text)


def simple_work_rule(max_complexity: int = 2, *, name: str = "simple work") -> WaveRule:
    """Rule: ``complexity <= max_complexity``."""
    return WaveRule(name, lambda f: f["complexity"].le(max_complexity),
                    "its work is simple enough (complexity {complexity}/5) to standardise "
                    "cheaply")


def quadrant_rule(*quadrants: str, name: str | None = None) -> WaveRule:
    """Rule: the line's effort/value quadrant is one of ``quadrants`` (e.g. ``"quick win"``)."""
    return WaveRule(name or " / ".join(quadrants), lambda f: f["quadrant"].isin(quadrants),
                    "it is a {quadrant} (value {value:.2f}, effort {effort:.2f})")


def rest_rule(name: str = "the rest") -> WaveRule:
    """Rule matching every line: the last wave."""
    return WaveRule(name, lambda f: pd.Series(True, index=f.index),
                    "it follows once earlier waves have shown results")


#: The issue's order: strict customers, then simple work, then the rest.
DEFAULT_RULES: tuple[WaveRule, ...] = (customer_pull_rule(), simple_work_rule(), rest_rule())


def _rules(rules: Sequence[WaveRule | tuple] | None) -> list[WaveRule]:
    if rules is None:
        return list(DEFAULT_RULES)
    out = []
    for r in rules:
        if isinstance(r, WaveRule):
            out.append(r)
        elif isinstance(r, tuple) and len(r) in (2, 3) and callable(r[1]):
            out.append(WaveRule(*r))
        else:
            raise ValidationError(f"wave rule {r!r}: give a WaveRule or a tuple (name, "
                                  "predicate[, reason]) with a callable predicate")
    if not out:
        raise ValidationError("rules is empty: give at least one wave rule")
    return out


# --------------------------------------------------------------------------------------------
# Scores

def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    w = dict(DEFAULT_WEIGHTS)
    for k, v in (weights or {}).items():
        if k not in w:
            raise ValidationError(f"unknown weight {k!r}; expected some of "
                                  f"{', '.join(DEFAULT_WEIGHTS)}")
        if not np.isfinite(float(v)) or float(v) < 0:
            raise ValidationError(f"weight {k!r} = {v!r}; expected a number >= 0")
        w[k] = float(v)
    for g, parts in _GROUPS.items():
        if sum(w[p] for p in parts) <= 0:
            raise ValidationError(f"the weights of {g} ({', '.join(parts)}) are all 0; give at "
                                  "least one a positive weight")
    return w


def _wmean(parts: Mapping[str, pd.Series], w: Mapping[str, float]) -> pd.Series:
    tot = sum(w[k] for k in parts)
    return sum(parts[k] * w[k] for k in parts) / tot  # type: ignore[return-value]


def _ratio(s: pd.Series) -> pd.Series:
    s = s.astype(float).fillna(0.0)
    m = s.max() if len(s) else 0.0
    return s / m if m > 0 else s * 0.0


def _need(frame: pd.DataFrame, name: str, cols: list[str]) -> None:
    miss = [c for c in cols if c not in frame.columns]
    if miss:
        raise ValidationError(f"{name}: missing column(s) {', '.join(miss)}; expected the "
                              f"{name} frame with at least {', '.join(cols)}")


def _latest(frame: pd.DataFrame) -> pd.DataFrame:
    """Each line's rows of its latest assessment wave."""
    if "wave" not in frame.columns or frame.empty:
        return frame
    last = frame.groupby("business_line")["wave"].transform("max")
    return frame[frame["wave"].eq(last)]


def _quadrant(value: pd.Series, effort: pd.Series, thresholds: Mapping[str, float]) -> pd.Series:
    hv = value.ge(thresholds["value"])
    he = effort.ge(thresholds["effort"])
    q = np.select([hv & ~he, hv & he, ~hv & ~he], ["quick win", "major project", "fill-in"],
                  "avoid")
    return pd.Series(q, index=value.index)


def line_factors(
    maturity: pd.DataFrame,
    line_gaps: pd.DataFrame,
    backlog: pd.DataFrame | None,
    lines: pd.DataFrame | str | Path,
    swot_summary: pd.DataFrame | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """One row per business line with every input, score and the quadrant; no waves yet.

    Parameters
    ----------
    maturity : pandas.DataFrame
        ``scoring`` ``maturity`` frame (``business_line, maturity_level, maturity_index``;
        ``wave`` optional, the latest per line is used).
    line_gaps : pandas.DataFrame
        ``gap`` ``line_gaps`` (``business_line, level_gap, total_gap, effort``; ``wave``,
        ``target_maturity_level`` optional).
    backlog : pandas.DataFrame or None
        ``gap`` ``backlog`` (``business_line, process_area, rank``): counts items and names the
        pilot's focus (first three process areas by rank). Without it ``n_backlog`` is 0.
    lines : pandas.DataFrame or path
        Line attributes, read with :func:`read_lines`.
    swot_summary : pandas.DataFrame, optional
        :func:`maturity.swot.swot_summary` (or the SWOT factors of
        :func:`maturity.swot.read_swot`, summarised here).
    weights, thresholds : mapping, optional
        Overrides of :data:`DEFAULT_WEIGHTS` and :data:`DEFAULT_THRESHOLDS`.

    Returns
    -------
    pandas.DataFrame
        ``business_line, status, planned, customer_pull, size, gap, backlog, complexity_score,
        maturity, strengths, value, effort, readiness, priority, quadrant`` and the input
        columns of the roadmap frame; ``status`` is ``planned``, ``no gap``, ``no gap
        analysis``, ``not assessed`` or ``no attributes``. Scores are NaN for lines not
        planned.

    Examples
    --------
    >>> mat = pd.DataFrame({"business_line": ["a", "b"], "maturity_level": [1, 2],
    ...                     "maturity_index": [1.5, 2.5]})
    >>> lg = pd.DataFrame({"business_line": ["a", "b"], "level_gap": [1, 1],
    ...                    "total_gap": [4, 2], "effort": [40, 10]})
    >>> attrs = pd.DataFrame({"business_line": ["a", "b"], "group": "g",
    ...                       "headcount": [50, 100], "complexity": [5, 1],
    ...                       "customer_strictness": [3, 0]})
    >>> line_factors(mat, lg, None, attrs)[["business_line", "value", "effort", "readiness",
    ...                                     "priority", "quadrant"]]
      business_line   value  effort  readiness  priority       quadrant
    0             a  0.8333    1.00       0.55    0.4611  major project
    1             b  0.3333    0.25       0.75    0.6111        fill-in
    """
    w = _weights(weights)
    th = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    _need(maturity, "maturity", ["business_line", "maturity_level", "maturity_index"])
    _need(line_gaps, "line_gaps", ["business_line", "level_gap", "total_gap", "effort"])
    attrs = read_lines(lines)
    mat = _latest(maturity).drop_duplicates("business_line", keep="last")
    lg = _latest(line_gaps).drop_duplicates("business_line", keep="last")
    ids = sorted(set(attrs["business_line"]) | set(mat["business_line"].astype(str))
                 | set(lg["business_line"].astype(str)))
    f = pd.DataFrame({"business_line": ids})
    f = f.merge(attrs, on="business_line", how="left")
    keep_m = ["business_line", "maturity_level", "maturity_index"] + (
        ["wave"] if "wave" in mat.columns else [])
    f = f.merge(mat[keep_m].rename(columns={"wave": "assessment_wave"}), on="business_line",
                how="left")
    lgc = ["business_line", "level_gap", "total_gap", "effort"] + (
        ["target_maturity_level"] if "target_maturity_level" in lg.columns else [])
    f = f.merge(lg[lgc].rename(columns={"effort": "backlog_effort"}), on="business_line",
                how="left")
    if "assessment_wave" not in f.columns:
        f["assessment_wave"] = pd.NA
    if "target_maturity_level" not in f.columns:
        f["target_maturity_level"] = pd.NA
    # backlog: item count and focus process areas per line (latest wave)
    if backlog is not None and len(backlog):
        _need(backlog, "backlog", ["business_line", "process_area"])
        b = _latest(backlog)
        b = b.sort_values(["business_line", "rank"] if "rank" in b.columns
                          else ["business_line"], kind="mergesort")
        n_b = b.groupby("business_line").size()
        focus = b.groupby("business_line")["process_area"].agg(
            lambda s: ";".join(list(dict.fromkeys(s.astype(str)))[:3]))
        f["n_backlog"] = f["business_line"].map(n_b).fillna(0).astype(int)
        f["focus"] = f["business_line"].map(focus).fillna("")
    else:
        f["n_backlog"] = 0
        f["focus"] = ""
    # SWOT
    sw = swot_summary
    if sw is not None and "quadrant" in sw.columns and "ife" not in sw.columns:
        from maturity.swot import swot_summary as _summ

        sw = _summ(sw)
    if sw is not None:
        _need(sw, "swot_summary", ["business_line", "customer_requirement"])
        s = sw.drop_duplicates("business_line", keep="last").set_index("business_line")
        f["customer_requirement"] = f["business_line"].map(
            s["customer_requirement"].astype(bool)).astype("boolean").fillna(False).astype(bool)
        f["posture"] = f["business_line"].map(s["posture"]).fillna("") if "posture" in s \
            else ""
        ife = f["business_line"].map(s["ife"]) if "ife" in s else pd.Series(np.nan, f.index)
    else:
        f["customer_requirement"] = False
        f["posture"] = ""
        ife = pd.Series(np.nan, index=f.index)
    # status
    has_attr = f["group"].notna()
    has_gap = f["level_gap"].notna() | f["total_gap"].notna()
    no_gap = f["level_gap"].fillna(0).le(0) & f["total_gap"].fillna(0).le(0)
    status = np.select([~has_attr, f["maturity_level"].isna() & ~has_gap, ~has_gap, no_gap],
                       ["no attributes", "not assessed", "no gap analysis", "no gap"],
                       "planned")
    no_attr = f.loc[status == "no attributes", "business_line"].tolist()
    if no_attr:
        warnings.warn(f"roadmap: no line attributes for {', '.join(no_attr)}; these lines are "
                      "left out (add them to the lines table)", MaturityWarning, stacklevel=2)
    f.insert(1, "status", status)
    f.insert(2, "planned", f["status"].eq("planned"))
    p = f["planned"]
    cs = f["customer_strictness"].astype("Float64").astype(float)
    pull = np.maximum(cs.fillna(0), np.where(f["customer_requirement"], 2.0, 0.0)) / 3
    parts = {
        "customer_pull": pd.Series(pull, index=f.index),
        "size": _ratio(f["headcount"].where(p)),
        "gap": _ratio(f["total_gap"].where(p)),
        "backlog": _ratio(f["backlog_effort"].where(p)),
        "complexity": (f["complexity"].astype(float) - 1) / 4,
        "maturity": _ratio(f["maturity_index"].where(p)),
        "strengths": ((ife.astype(float) - 1) / 3).clip(0, 1).fillna(0.5),
    }
    for k, v in parts.items():
        f[k if k != "complexity" else "complexity_score"] = v.where(p).round(_DIGITS)
    value = _wmean({k: parts[k] for k in _GROUPS["value"]}, w)
    effort = _wmean({k: parts[k] for k in _GROUPS["effort"]}, w)
    ready = _wmean({k: parts[k] for k in _GROUPS["readiness"]}, w)
    prio = _wmean({"value": value, "effort": 1 - effort, "readiness": ready}, w)
    f["value"] = value.where(p).round(_DIGITS)
    f["effort"] = effort.where(p).round(_DIGITS)
    f["readiness"] = ready.where(p).round(_DIGITS)
    f["priority"] = prio.where(p).round(_DIGITS)
    f["quadrant"] = _quadrant(f["value"], f["effort"], th).where(p, "")
    return f


def assign_waves(factors: pd.DataFrame,
                 rules: Sequence[WaveRule | tuple] | None = None) -> pd.DataFrame:
    """Wave, rule, rank and reason per line from :func:`line_factors` and ordered rules.

    Parameters
    ----------
    factors : pandas.DataFrame
        The frame of :func:`line_factors`. Not modified.
    rules : sequence of WaveRule or (name, predicate[, reason]), optional
        Ordered rules; first match wins. Default :data:`DEFAULT_RULES`.

    Returns
    -------
    pandas.DataFrame
        ``factors`` plus ``wave`` (Int64, position of the first matching rule, 1-based; NA when
        left out), ``rule``, ``rank`` (Int64: order of rollout: wave, priority descending,
        ``business_line``) and ``why`` (the rule's reason); sorted by rank, left-out lines last.

    Examples
    --------
    >>> f = pd.DataFrame({"business_line": ["a", "b", "c"], "planned": True,
    ...                   "status": "planned", "customer_strictness": [0, 3, 0],
    ...                   "customer_requirement": False, "complexity": [4, 4, 1],
    ...                   "priority": [0.5, 0.4, 0.3], "quadrant": "quick win",
    ...                   "value": 0.6, "effort": 0.2})
    >>> assign_waves(f)[["business_line", "wave", "rule", "rank"]]
      business_line  wave         rule  rank
    0             b     1  customer pull     1
    1             c     2    simple work     2
    2             a     3     the rest     3
    """
    rs = _rules(rules)
    f = factors.copy()
    p = f["planned"].astype(bool).to_numpy()
    pos = np.full(len(f), -1)
    sub = f[p]
    for i, r in enumerate(rs):
        hit = np.asarray(r.predicate(sub), dtype=bool) if len(sub) else np.zeros(0, bool)
        free = pos[p] < 0
        take = np.zeros(len(f), bool)
        take[np.flatnonzero(p)[hit & free]] = True
        pos[take] = i
    f["wave"] = pd.array([k + 1 if k >= 0 else pd.NA for k in pos], dtype="Int64")
    f["rule"] = [rs[k].name if k >= 0 else "" for k in pos]
    f["why"] = [rs[k].explain(f.iloc[i]) if k >= 0 else "" for i, k in enumerate(pos)]
    unmatched = p & (pos < 0)
    f.loc[unmatched, "status"] = "no rule"
    f.loc[unmatched, "planned"] = False
    f["_w"] = f["wave"].astype("Float64").fillna(np.inf).astype(float)
    f["_p"] = -f["priority"].astype(float).round(9).fillna(0)
    f = f.sort_values(["_w", "_p", "business_line"], kind="mergesort").drop(columns=["_w", "_p"])
    n = int(f["wave"].notna().sum())
    f["rank"] = pd.array(list(range(1, n + 1)) + [pd.NA] * (len(f) - n), dtype="Int64")
    return f.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# The plan

@dataclass(frozen=True)
class Roadmap:
    """Result of :func:`plan_roadmap`.

    Attributes
    ----------
    roadmap : pandas.DataFrame
        One row per line (columns in the module docstring).
    phases : pandas.DataFrame
        ``wave, business_line, phase, start, end, kind, detail``.
    milestones : pandas.DataFrame
        ``stage, name, start, end, milestone`` (the four PMO stages).
    sensitivity : pandas.DataFrame or None
        :func:`sensitivity` table when asked for.
    """

    roadmap: pd.DataFrame
    phases: pd.DataFrame
    milestones: pd.DataFrame
    sensitivity: pd.DataFrame | None = None


def _default_start(factors: pd.DataFrame) -> pd.Timestamp:
    waves = factors["assessment_wave"].dropna().astype(str)
    if waves.empty:
        raise ValidationError("no assessment wave to start from: give start='YYYY-MM-DD' "
                              "(the plan never uses today's date)")
    last = max(waves)
    try:
        if len(last) == 7:  # 'YYYY-MM': the assessment ran during that month
            day = pd.Period(last, freq="M").end_time.normalize()
        else:
            day = pd.Timestamp(last)
    except (ValueError, TypeError):
        raise ValidationError(f"assessment wave {last!r} is not a date or 'YYYY-MM'; give "
                              "start='YYYY-MM-DD'") from None
    return next_monday(day)


def _reason(r: pd.Series) -> str:
    status = r["status"]
    if status == "no gap":
        tgt = r["target_maturity_level"]
        tgt_t = f" meets its target {int(tgt)}" if not pd.isna(tgt) else " meets its target"
        return (f"Left out: no gap to the target (maturity level {int(r['maturity_level'])}"
                f"{tgt_t} and no process-area gaps), so there is nothing to roll out.")
    if status == "no gap analysis":
        return "Left out: the line has no row in the gap analysis (line_gaps)."
    if status == "not assessed":
        return "Left out: the line was not assessed (no maturity or gap rows)."
    if status == "no attributes":
        return ("Left out: the line has no attributes (group, headcount, complexity, customer "
                "strictness) in the lines table.")
    if status == "no rule":
        return "Left out: the line matches none of the wave rules."
    champs = r["champions"]
    tail = f", with champions from {champs.replace(';', ', ')}" if champs else ""
    return (f"Wave {int(r['wave'])} ({r['rule']}): {r['why']}; priority {r['priority']:.2f} "
            f"({r['quadrant']}){tail}.")


def plan_roadmap(
    maturity: pd.DataFrame,
    line_gaps: pd.DataFrame,
    backlog: pd.DataFrame | None,
    lines: pd.DataFrame | str | Path,
    swot_summary: pd.DataFrame | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    rules: Sequence[WaveRule | tuple] | None = None,
    thresholds: Mapping[str, float] | None = None,
    capacity: int = 2,
    start: Any = None,
    effort_per_week: float = 8.0,
    min_pilot_weeks: int = 4,
    max_pilot_weeks: int = 26,
    training_weeks: int = 2,
    test_weeks: int = 1,
    pass_rate: float = 0.8,
    pass_rates: Mapping[str, float] | None = None,
    review_weeks: int = 1,
    n_checkpoints: int = 2,
    wave_gate: Literal["review", "pilot", "none"] = "review",
    n_champions: int = 1,
    institutionalise_weeks: int = 4,
    reassess_weeks: int = 26,
    with_sensitivity: bool = False,
) -> Roadmap:
    """Plan the phased rollout: priorities, quadrants, waves, schedule, champions, reasons.

    Parameters
    ----------
    maturity, line_gaps, backlog, lines, swot_summary
        See :func:`line_factors`. None of them is modified.
    weights : mapping, optional
        Overrides of :data:`DEFAULT_WEIGHTS` (e.g. the priorities of
        :func:`maturity.ahp.ahp_weights` for ``value, effort, readiness``).
    rules : sequence of WaveRule, optional
        Ordered wave rules; default :data:`DEFAULT_RULES`.
    thresholds : mapping, optional
        Quadrant thresholds ``{"value": 0.5, "effort": 0.5}``.
    capacity : int, default 2
        Lines the PMO coaches at once.
    start : date-like, optional
        First day of the plan (moved to a Monday). Default: the first Monday after the latest
        assessment wave (a ``YYYY-MM`` wave ends on the month's last day); never today.
    effort_per_week, min_pilot_weeks, max_pilot_weeks
        Pilot length = ``ceil(line_gaps.effort / effort_per_week)`` weeks, clipped.
    training_weeks, test_weeks, pass_rate, pass_rates, review_weeks, n_checkpoints, wave_gate,
    n_champions, institutionalise_weeks, reassess_weeks
        Schedule settings, see :func:`maturity.schedule.schedule_lines`.
    with_sensitivity : bool, default False
        Also compute :func:`sensitivity` (+-20 % on each weight).

    Returns
    -------
    Roadmap
        ``roadmap``, ``phases``, ``milestones`` and (optionally) ``sensitivity``.

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": "2026-03", "business_line": ["bank", "shop", "tools"],
    ...                     "maturity_level": [2, 1, 3], "maturity_index": [2.4, 1.6, 3.1]})
    >>> lg = pd.DataFrame({"wave": "2026-03", "business_line": ["bank", "shop", "tools"],
    ...                    "level_gap": [1, 1, 0], "total_gap": [6, 3, 0],
    ...                    "effort": [40, 16, 0]})
    >>> attrs = pd.DataFrame({"business_line": ["bank", "shop", "tools"],
    ...                       "group": ["FS", "Digital", "Digital"], "headcount": [80, 30, 10],
    ...                       "complexity": [4, 2, 1], "customer_strictness": [3, 0, 0]})
    >>> rm = plan_roadmap(mat, lg, None, attrs)
    >>> rm.roadmap[["business_line", "wave", "start", "end", "champions"]]
      business_line  wave      start        end champions
    0          bank     1 2026-04-06 2026-06-05
    1          shop     2 2026-06-08 2026-07-31      bank
    2         tools  <NA>        NaT        NaT
    >>> print(rm.roadmap.reason[1])
    Wave 2 (simple work): its work is simple enough (complexity 2/5) to standardise cheaply; ...
    >>> print(rm.roadmap.reason[2])
    Left out: no gap to the target (maturity level 3 meets its target and no process-area ...
    """
    f = line_factors(maturity, line_gaps, backlog, lines, swot_summary, weights=weights,
                     thresholds=thresholds)
    f = assign_waves(f, rules)
    day0 = next_monday(start, strictly=False) if start is not None else _default_start(f)
    planned = f[f["wave"].notna()].copy()
    planned["pilot_weeks"] = [
        pilot_weeks(e, effort_per_week=effort_per_week, min_weeks=min_pilot_weeks,
                    max_weeks=max_pilot_weeks) for e in planned["backlog_effort"]]
    sched, phases, stones = _schedule(
        planned, day0, capacity=capacity, training_weeks=training_weeks,
        test_weeks=test_weeks, pass_rate=pass_rate, pass_rates=pass_rates,
        review_weeks=review_weeks, n_checkpoints=n_checkpoints, wave_gate=wave_gate,
        n_champions=n_champions, institutionalise_weeks=institutionalise_weeks,
        reassess_weeks=reassess_weeks)
    f = f.merge(planned[["business_line", "pilot_weeks"]], on="business_line", how="left")
    f = f.merge(sched, on="business_line", how="left")
    f["champions"] = f["champions"].fillna("")
    f["pilot_weeks"] = f["pilot_weeks"].astype("Int64")
    f["reason"] = [_reason(f.iloc[i]) for i in range(len(f))]
    out = f[ROADMAP_COLUMNS + _EXTRA].copy()
    for c in ("start", "end"):
        out[c] = pd.to_datetime(out[c])
    sens = None
    if with_sensitivity:
        sens = sensitivity(maturity, line_gaps, backlog, lines, swot_summary, weights=weights,
                           rules=rules, thresholds=thresholds, capacity=capacity, start=day0,
                           effort_per_week=effort_per_week, min_pilot_weeks=min_pilot_weeks,
                           max_pilot_weeks=max_pilot_weeks, training_weeks=training_weeks,
                           test_weeks=test_weeks, pass_rate=pass_rate, pass_rates=pass_rates,
                           review_weeks=review_weeks, n_checkpoints=n_checkpoints,
                           wave_gate=wave_gate, n_champions=n_champions)
    return Roadmap(roadmap=out.reset_index(drop=True), phases=phases, milestones=stones,
                   sensitivity=sens)


def sensitivity(
    maturity: pd.DataFrame,
    line_gaps: pd.DataFrame,
    backlog: pd.DataFrame | None,
    lines: pd.DataFrame | str | Path,
    swot_summary: pd.DataFrame | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    step: float = 0.2,
    **kwargs: Any,
) -> pd.DataFrame:
    """Which lines change wave (or rank, quadrant, start) when one weight moves by +-``step``.

    Parameters
    ----------
    maturity, line_gaps, backlog, lines, swot_summary
        As for :func:`plan_roadmap`.
    weights : mapping, optional
        The base weights (overrides of :data:`DEFAULT_WEIGHTS`).
    step : float, default 0.2
        Relative change of each weight (0.2 = -20 % and +20 %).
    **kwargs
        Other :func:`plan_roadmap` arguments (``rules``, ``capacity``, ``start``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per weight x change x planned-or-not line (``2 * len(DEFAULT_WEIGHTS) *
        n_lines`` rows): ``weight, change (-0.2 / +0.2), factor (the multiplier),
        business_line, base_wave, wave, wave_changed, base_rank, rank, base_quadrant,
        quadrant, base_start, start, changed`` (``changed``: wave, rank, quadrant or start
        differ).

    Examples
    --------
    >>> mat = pd.DataFrame({"business_line": ["a", "b"], "maturity_level": [1, 2],
    ...                     "maturity_index": [1.5, 2.5]})
    >>> lg = pd.DataFrame({"business_line": ["a", "b"], "level_gap": [1, 1],
    ...                    "total_gap": [4, 2], "effort": [40, 10]})
    >>> attrs = pd.DataFrame({"business_line": ["a", "b"], "group": "g",
    ...                       "headcount": [50, 100], "complexity": [3, 3],
    ...                       "customer_strictness": [0, 0]})
    >>> s = sensitivity(mat, lg, None, attrs, start="2026-04-06")
    >>> s.shape
    (40, 14)
    >>> int(s.wave_changed.sum())
    0
    """
    kwargs.pop("with_sensitivity", None)
    base_w = _weights(weights)
    base = plan_roadmap(maturity, line_gaps, backlog, lines, swot_summary, weights=base_w,
                        **kwargs).roadmap.set_index("business_line")
    if kwargs.get("start") is None:
        kwargs["start"] = base["start"].min() if base["start"].notna().any() else None
    rows = []
    for k in DEFAULT_WEIGHTS:
        for ch in (-step, step):
            w = {**base_w, k: base_w[k] * (1 + ch)}
            try:
                rm = plan_roadmap(maturity, line_gaps, backlog, lines, swot_summary,
                                  weights=w, **kwargs).roadmap.set_index("business_line")
            except ValidationError:  # e.g. the only positive weight of a group went to 0
                continue
            for bl in base.index:
                b, r = base.loc[bl], rm.loc[bl]
                rows.append({
                    "weight": k, "change": round(ch, 6), "factor": round(1 + ch, 6),
                    "business_line": bl, "base_wave": b["wave"], "wave": r["wave"],
                    "base_rank": b["rank"], "rank": r["rank"],
                    "base_quadrant": b["quadrant"], "quadrant": r["quadrant"],
                    "base_start": b["start"], "start": r["start"]})
    out = pd.DataFrame(rows, columns=[c for c in SENSITIVITY_COLUMNS
                                      if c not in ("wave_changed", "changed")])
    for c in ("base_wave", "wave", "base_rank", "rank"):
        out[c] = out[c].astype("Int64")

    def differs(a: str, b: str) -> pd.Series:
        x, y = out[a], out[b]
        return (x.ne(y) & ~(x.isna() & y.isna())).fillna(True).astype(bool)

    out.insert(6, "wave_changed", differs("base_wave", "wave"))
    out["changed"] = (out["wave_changed"] | differs("base_rank", "rank")
                      | differs("base_quadrant", "quadrant") | differs("base_start", "start"))
    return out[SENSITIVITY_COLUMNS]


def write_roadmap(rm: Roadmap, out_dir: str | Path, *, xlsx: bool = True) -> list[Path]:
    """Write ``roadmap.csv``, ``phases.csv`` and (``xlsx``) ``roadmap.xlsx`` into ``out_dir``.

    The workbook has sheets ``roadmap``, ``phases``, ``milestones`` and, when computed,
    ``sensitivity``. Files are written atomically with formula-like text neutralised
    (:mod:`maturity.io`); dates are written as ``YYYY-MM-DD``.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from maturity.io import write_csv, write_xlsx

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [write_csv(rm.roadmap, out / "roadmap.csv", date_format="%Y-%m-%d"),
             write_csv(rm.phases, out / "phases.csv", date_format="%Y-%m-%d")]
    if xlsx:
        sheets = {"roadmap": rm.roadmap, "phases": rm.phases, "milestones": rm.milestones}
        if rm.sensitivity is not None:
            sheets["sensitivity"] = rm.sensitivity
        paths.append(write_xlsx(sheets, out / "roadmap.xlsx"))
    return paths
