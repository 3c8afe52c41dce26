"""Phased rollout roadmap: "pick the low apples first", then outward.

Process standardisation is rolled out in waves: first the business lines whose customers demand
strict processes (customer pressure is the strongest driver), then lines whose work is simple
enough to standardise cheaply, then the rest once earlier waves have shown results. People
trained in an early wave become the champions who carry the process into later lines.

**Inputs** per line: current maturity (``scoring`` ``maturity`` frame), gap size and effort
(``gap`` ``line_gaps`` and ``backlog``), line attributes (:func:`read_lines`: ``group,
headcount, complexity, customer_strictness``) and optionally the SWOT summary
(:func:`maturity.plan.swot.swot_summary`: ``customer_requirement``, ``posture``, ``ife``). For each
line the latest assessment wave is used.

**Scores** (each in [0, 1], on **fixed scales**, so adding or removing a line never changes
another line's scores or quadrant; ``w[...]`` are the :data:`DEFAULT_WEIGHTS`, the scale
constants are in :data:`maturity.plan.sizing.SCALE`)::

    customer_pull = max(customer_strictness, 2 if SWOT customer requirement) / 3
    size          = min(1, headcount / full_value_headcount)            (200 people)
    value         = weighted mean(customer_pull: w[customer_pull], size: w[size])
    gap           = min(1, level_gap / full_gap_levels)                 (2 maturity levels)
    backlog       = min(1, coach_weeks / full_effort_coach_weeks)       (52 coach-weeks)
    complexity    = (complexity - 1) / 4
    effort        = weighted mean(gap, backlog, complexity)
    maturity      = min(1, maturity_index / 5)
    strengths     = (IFE - 1) / 3; 0.5 (neutral) for a line without SWOT, with a note
    readiness     = weighted mean(maturity, strengths)
    priority      = weighted mean(value: w[value], 1 - effort: w[effort],
                                  readiness: w[readiness])

``coach_weeks``, pilot length, pilot phases, training length and checkpoints come from
:mod:`maturity.plan.sizing` (effort points x headcount factor, never capped: a pilot longer than
26 weeks is split into phases by process-area groups, lowest level first).

``quadrant`` (effort/value matrix, fixed thresholds :data:`DEFAULT_THRESHOLDS`): *high value*
is ``value >= thresholds["value"]``; *high effort* is ``effort >= thresholds["effort"]`` or a
pilot longer than ``thresholds["pilot_weeks"]`` (13 weeks, a quarter) or ``complexity >=
thresholds["complexity"]`` (5), so a "quick win" is never a long or very complex pilot. High
value + low effort: *quick win*; high/high *major project*; low/low *fill-in*; low value and
high effort *avoid*.

**Waves** (rollout waves, not survey waves) follow an ordered list of named rules
(:class:`WaveRule`); a line joins the wave of the first rule it matches. Defaults
(:func:`default_rules`, cut-offs configurable): *customer pull* (``customer_strictness >=
min_strictness`` (2) or a SWOT customer requirement), *simple work* (``complexity <=
max_complexity`` (2) and not "avoid"), *the rest* (not "avoid"), *deferred* (the "avoid"
lines: low value, high effort, rolled out last; a customer-pull line is never deferred). Rollout
waves are numbered 1, 2, ... over the rules that matched a line. Within a wave lines are
ordered by the SWOT's IE **posture** (grow and build, then hold and maintain or no SWOT, then
harvest or divest: the PMO's coaches go first where the SWOT says to invest), then
``priority`` descending, then ``business_line``. Lines with no gap, without gap analysis or
without attributes are left out: ``wave`` NA and a reason.

**Reasons** are written from the figures the plan uses (wave rule, position in the wave,
priority, effort points, coach-weeks, pilot weeks and phases, quadrant and why, posture, what
held the start, champions and their process areas), so they cannot contradict the plan.

**Schedule** (:mod:`maturity.plan.schedule`): coach capacity, working-day calendar with holidays
(:mod:`maturity.plan.calendar`), phases training -> test -> pilot(s) with checkpoints -> review,
per-line wave gates, champions by process area.

Frames (columns in this order, plain RangeIndex):

- ``roadmap``: ``business_line, wave, start, end, priority, quadrant, value, effort,
  readiness, reason, champions`` then ``rank, rule, assessment_wave, group, headcount,
  complexity, customer_strictness, customer_requirement, posture, maturity_level,
  maturity_index, target_maturity_level, level_gap, total_gap, backlog_effort, n_backlog,
  focus, pilot_weeks, coach_weeks, headcount_factor, n_pilot_phases, training_weeks, coach,
  pilot_end, start_reason, champion_reason``; sorted by rank, left-out lines last by
  ``business_line``. ``wave`` is the rollout wave; ``assessment_wave`` the survey wave.
- ``notes``: ``business_line, topic, note``: every input problem the plan worked around.
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
from maturity.i18n import _, current_language
from maturity.ids import normalise_column, normalise_id, warn_notes
from maturity.plan import sizing
from maturity.plan.calendar import WorkCalendar
from maturity.plan.schedule import MILESTONE_COLUMNS, PHASE_COLUMNS, next_monday
from maturity.plan.schedule import schedule_lines as _schedule
from maturity.plan.sensitivity import SENSITIVITY_COLUMNS
from maturity.waves import latest_wave, parse_day, wave_rank

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
    "deferred_rule",
    "default_rules",
    "NOTE_COLUMNS",
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
          "backlog_effort", "n_backlog", "focus", "pilot_weeks", "coach_weeks",
          "headcount_factor", "n_pilot_phases", "training_weeks", "coach", "pilot_end",
          "start_reason", "champion_reason"]
NOTE_COLUMNS = ["business_line", "topic", "note"]

#: Weights of the scores (see the module docstring); any subset may be overridden.
DEFAULT_WEIGHTS: dict[str, float] = {
    "value": 1.0, "effort": 1.0, "readiness": 1.0,
    "customer_pull": 2.0, "size": 1.0,
    "gap": 1.0, "backlog": 1.0, "complexity": 1.0,
    "maturity": 1.0, "strengths": 1.0,
}
_GROUPS = {"value": ["customer_pull", "size"], "effort": ["gap", "backlog", "complexity"],
           "readiness": ["maturity", "strengths"], "priority": ["value", "effort", "readiness"]}
#: Fixed quadrant thresholds: value and effort scores (in [0, 1]), and the pilot length (weeks)
#: and complexity (1-5) from which a line counts as high effort whatever its effort score.
DEFAULT_THRESHOLDS: dict[str, float] = {"value": 0.5, "effort": 0.5, "pilot_weeks": 13,
                                        "complexity": 5}
#: Fixed scales of the scores (see the module docstring).
SCORE_SCALE: dict[str, float] = {"full_value_headcount": 200.0, "full_gap_levels": 2.0,
                                 "full_effort_coach_weeks": 52.0, "max_maturity_index": 5.0}
_POSTURE_ORDER = {"grow and build": 0, "hold and maintain": 1, "": 1, "harvest or divest": 2}
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
        bl = normalise_id(r["business_line"])  # as the answers' ids (maturity.ids)
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
    ids, notes, variants = normalise_column(raw["business_line"], rows, "business_line",
                                            source=source, sheet=sheet)
    if bad or variants:
        _fail(sorted(bad + variants, key=lambda f: f["row"]))
    warn_notes(notes, "read_lines")
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
        bits.append(_("customer strictness {s}/3").format(s=int(r["customer_strictness"])))
    if bool(r["customer_requirement"]):
        bits.append(_("a customer requirement in the SWOT"))
    return _("customers demand strict processes ({why})").format(
        why=_(" and ").join(bits or [_("none stated")]))


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
        hit = f["customer_strictness"].astype("Float64").fillna(-1).ge(min_strictness)
        if swot:
            hit = hit | f["customer_requirement"].astype(bool)
        return hit.astype(bool)

    return WaveRule(name, pred, _pull_text)


def _not_avoid(f: pd.DataFrame) -> pd.Series:
    return ~f["quadrant"].eq("avoid") if "quadrant" in f.columns else pd.Series(True, f.index)


def simple_work_rule(max_complexity: int = 2, *, name: str = "simple work") -> WaveRule:
    """Rule: ``complexity <= max_complexity`` and not in the "avoid" quadrant."""
    return WaveRule(name, lambda f: f["complexity"].le(max_complexity) & _not_avoid(f),
                    lambda r: _("its work is simple (complexity {c}/5 <= {m})").format(
                        c=int(r["complexity"]), m=max_complexity))


def quadrant_rule(*quadrants: str, name: str | None = None) -> WaveRule:
    """Rule: the line's effort/value quadrant is one of ``quadrants`` (e.g. ``"quick win"``)."""
    return WaveRule(name or " / ".join(quadrants), lambda f: f["quadrant"].isin(quadrants),
                    lambda r: _("it is a {q} (value {v:.2f}, effort {e:.2f})").format(
                        q=_(r["quadrant"]), v=r["value"], e=r["effort"]))


def rest_rule(name: str = "the rest") -> WaveRule:
    """Rule matching every line not in the "avoid" quadrant: after customer pull and simple
    work."""
    return WaveRule(name, _not_avoid,
                    lambda r: _("neither strict customers nor simple work: it follows once "
                                "earlier waves have shown results"))


def deferred_rule(name: str = "deferred") -> WaveRule:
    """Rule matching every line (put last): the "avoid" lines, low value and high effort."""
    return WaveRule(name, lambda f: pd.Series(True, index=f.index),
                    lambda r: _("low value ({v:.2f}) and high effort: rolled out last, after "
                                "the lines that pay back sooner").format(v=r["value"]))


def default_rules(min_strictness: int = 2, max_complexity: int = 2) -> tuple[WaveRule, ...]:
    """The default rules with their cut-offs: customer pull (strictness >= ``min_strictness``
    or a SWOT customer requirement), simple work (complexity <= ``max_complexity``), the rest,
    deferred ("avoid" lines).

    Examples
    --------
    >>> [r.name for r in default_rules()]
    ['customer pull', 'simple work', 'the rest', 'deferred']
    """
    return (customer_pull_rule(min_strictness), simple_work_rule(max_complexity), rest_rule(),
            deferred_rule())


#: Strict customers first, then simple work, then the rest, "avoid" lines last.
DEFAULT_RULES: tuple[WaveRule, ...] = default_rules()


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
    rank = frame["wave"].astype(str).map(wave_rank(frame["wave"])).astype(float)  # time order
    return frame[rank.eq(rank.groupby(frame["business_line"]).transform("max"))]


def _quadrant(f: pd.DataFrame, thresholds: Mapping[str, float]) -> pd.Series:
    hv = f["value"].ge(thresholds["value"])
    he = (f["effort"].ge(thresholds["effort"])
          | f["pilot_weeks"].astype(float).gt(thresholds["pilot_weeks"])
          | f["complexity"].astype(float).ge(thresholds["complexity"]))
    q = np.select([hv & ~he, hv & he, ~hv & ~he], ["quick win", "major project", "fill-in"],
                  "avoid")
    return pd.Series(q, index=f.index)


def _match_ids(attrs: pd.DataFrame, assessed: set[str]) -> tuple[pd.DataFrame, list[dict]]:
    """Map line ids of the attributes onto the assessed ids that differ only in case, spaces
    or ``-``/``_`` (e.g. ``Web-Shop`` -> ``web-shop``), with a note each."""
    def key(x: str) -> str:
        return x.strip().casefold().replace("_", "-").replace(" ", "-")
    by_key: dict[str, list[str]] = {}
    for a in assessed:
        by_key.setdefault(key(a), []).append(a)
    notes, ren = [], {}
    for bl in attrs["business_line"]:
        if bl in assessed:
            continue
        cand = by_key.get(key(bl), [])
        if len(cand) == 1:
            ren[bl] = cand[0]
            notes.append({"business_line": cand[0], "topic": "id", "note": _(
                "the lines table spells it {a!r}; matched to the assessed line {b!r} (ids "
                "differ only in case or separators)").format(a=bl, b=cand[0])})
    if ren:
        attrs = attrs.assign(business_line=attrs["business_line"].replace(ren))
    return attrs, notes


def line_factors(
    maturity: pd.DataFrame,
    line_gaps: pd.DataFrame,
    backlog: pd.DataFrame | None,
    lines: pd.DataFrame | str | Path,
    swot_summary: pd.DataFrame | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    thresholds: Mapping[str, float] | None = None,
    scale: Mapping[str, float] | None = None,
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
        :func:`maturity.plan.swot.swot_summary` (or the SWOT factors of
        :func:`maturity.plan.swot.read_swot`, summarised here).
    weights, thresholds : mapping, optional
        Overrides of :data:`DEFAULT_WEIGHTS` and :data:`DEFAULT_THRESHOLDS`.
    scale : mapping, optional
        Overrides of :data:`maturity.plan.sizing.SCALE`.

    Returns
    -------
    pandas.DataFrame
        ``business_line, status, planned, customer_pull, size, gap, backlog, complexity_score,
        maturity, strengths, value, effort, readiness, priority, quadrant``, the sizing
        (``headcount_factor, coach_weeks, pilot_weeks, training_weeks``) and the input
        columns of the roadmap frame; ``status`` is ``planned``, ``no gap``, ``no gap
        analysis``, ``not assessed`` or ``no attributes``. Scores are NaN for lines not
        planned. ``.attrs["notes"]``: the input notes (list of dicts, :data:`NOTE_COLUMNS`).

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
    0             a  0.7500  0.5321        0.4    0.5393  major project
    1             b  0.1667  0.1780        0.5    0.4962        fill-in

    By hand (a): value (2 x 3/3 + 1 x 50/200) / 3 = 0.75; coach-weeks 40 / 8 x sqrt(50/50) =
    5; effort (1/2 + 5/52 + 4/4) / 3 = 0.5321; readiness (1.5/5 + 0.5) / 2 = 0.4.
    """
    w = _weights(weights)
    th = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    sc = sizing.scale(scale)
    _need(maturity, "maturity", ["business_line", "maturity_level", "maturity_index"])
    _need(line_gaps, "line_gaps", ["business_line", "level_gap", "total_gap", "effort"])
    attrs = read_lines(lines)
    mat = _latest(maturity).drop_duplicates("business_line", keep="last")
    lg = _latest(line_gaps).drop_duplicates("business_line", keep="last")
    mat = mat.assign(business_line=mat["business_line"].astype(str))
    lg = lg.assign(business_line=lg["business_line"].astype(str))
    attrs, notes = _match_ids(attrs, set(mat["business_line"]) | set(lg["business_line"]))
    ids = sorted(set(attrs["business_line"]) | set(mat["business_line"])
                 | set(lg["business_line"]))
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
    # backlog: item count and focus process areas per line (latest wave, backlog order)
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
        from maturity.plan.swot import swot_summary as _summ

        sw = _summ(sw)
    has_swot = pd.Series(False, index=f.index)
    if sw is not None:
        _need(sw, "swot_summary", ["business_line", "customer_requirement"])
        s = sw.drop_duplicates("business_line", keep="last").set_index("business_line")
        has_swot = f["business_line"].isin(s.index)
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
    no_gap &= f["backlog_effort"].fillna(0).le(0)  # issue 14 hook: target answers' effort
    status = np.select([~has_attr, f["maturity_level"].isna() & ~has_gap, ~has_gap, no_gap],
                       ["no attributes", "not assessed", "no gap analysis", "no gap"],
                       "planned")
    no_attr = f.loc[status == "no attributes", "business_line"].tolist()
    if no_attr:
        from maturity._hints import option

        warnings.warn(f"roadmap: no line attributes for {', '.join(no_attr)}; these lines are "
                      f"left out (add them to the {option('lines')} file, column business_line)",
                      MaturityWarning, stacklevel=2)
    f.insert(1, "status", status)
    f.insert(2, "planned", f["status"].eq("planned"))
    p = f["planned"]
    # sizing (fixed scale, maturity.plan.sizing)
    hc = f["headcount"].astype("Float64").fillna(0).astype(float)
    f["headcount_factor"] = [sizing.headcount_factor(h, sc) for h in hc]
    f["coach_weeks"] = [sizing.coach_weeks(e, h, sc)
                        for e, h in zip(f["backlog_effort"], hc, strict=True)]
    f["pilot_weeks"] = [sizing.pilot_length(c, sc) for c in f["coach_weeks"]]
    f["training_weeks"] = [sizing.training_weeks(h, sc) for h in hc]
    cs = f["customer_strictness"].astype("Float64").astype(float)
    pull = np.maximum(cs.fillna(0), np.where(f["customer_requirement"], 2.0, 0.0)) / 3
    parts = {
        "customer_pull": pd.Series(pull, index=f.index),
        "size": (hc / SCORE_SCALE["full_value_headcount"]).clip(0, 1),
        "gap": (f["level_gap"].astype(float).fillna(0) / SCORE_SCALE["full_gap_levels"]).clip(
            0, 1),
        "backlog": (f["coach_weeks"].astype(float)
                    / SCORE_SCALE["full_effort_coach_weeks"]).clip(0, 1),
        "complexity": (f["complexity"].astype(float) - 1) / 4,
        "maturity": (f["maturity_index"].astype(float).fillna(0)
                     / SCORE_SCALE["max_maturity_index"]).clip(0, 1),
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
    f["quadrant"] = _quadrant(f, th).where(p, "")
    # input notes: SWOT missing for a line, blank strictness, id spelling
    for i in np.flatnonzero(p.to_numpy()):
        bl = f["business_line"].iat[i]
        if sw is not None and not has_swot.iat[i]:
            notes.append({"business_line": bl, "topic": "swot", "note": _(
                "no SWOT for this line: strengths taken as neutral (0.5), no customer "
                "requirement, no posture")})
        if pd.isna(f["customer_strictness"].iat[i]):
            notes.append({"business_line": bl, "topic": "attributes", "note": _(
                "customer_strictness is blank: counted as 0 (no customer pull) unless the "
                "SWOT states a customer requirement")})
    f.attrs["notes"] = notes
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
        ``factors`` plus ``wave`` (Int64 rollout wave: the rules that matched a line numbered
        1, 2, ... in rule order; NA when left out), ``rule``, ``rank`` (Int64: order of
        rollout: wave, IE posture (grow and build, hold and maintain or none, harvest or
        divest), priority descending, ``business_line``) and ``why`` (the rule's reason);
        sorted by rank, left-out lines last.

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
    used = sorted(set(int(k) for k in pos if k >= 0))
    number = {k: i + 1 for i, k in enumerate(used)}  # waves 1, 2, ... over the rules used
    f["wave"] = pd.array([number[k] if k >= 0 else pd.NA for k in pos], dtype="Int64")
    f["rule"] = [rs[k].name if k >= 0 else "" for k in pos]
    f["why"] = [rs[k].explain(f.iloc[i]) if k >= 0 else "" for i, k in enumerate(pos)]
    unmatched = p & (pos < 0)
    f.loc[unmatched, "status"] = "no rule"
    f.loc[unmatched, "planned"] = False
    f["_w"] = f["wave"].astype("Float64").fillna(np.inf).astype(float)
    posture = f["posture"] if "posture" in f.columns else pd.Series("", index=f.index)
    f["_o"] = posture.fillna("").astype(str).map(_POSTURE_ORDER).fillna(1)
    f["_p"] = -f["priority"].astype(float).round(9).fillna(0)
    f = f.sort_values(["_w", "_o", "_p", "business_line"], kind="mergesort").drop(
        columns=["_w", "_o", "_p"])
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
    sensitivity_summary : pandas.DataFrame or None
        :func:`maturity.plan.sensitivity.sensitivity_summary` of it.
    notes : pandas.DataFrame
        :data:`NOTE_COLUMNS`: every input problem the plan worked around.
    settings : dict
        The planning settings used (capacity, cut-offs, thresholds, scale, calendar, ...).
    """

    roadmap: pd.DataFrame
    phases: pd.DataFrame
    milestones: pd.DataFrame
    sensitivity: pd.DataFrame | None = None
    sensitivity_summary: pd.DataFrame | None = None
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOTE_COLUMNS))
    settings: dict = field(default_factory=dict)


def _assessment_end(factors: pd.DataFrame) -> pd.Timestamp | None:
    """Last day of the latest assessment (survey) wave, or None when no label names a date."""
    from maturity.waves import parse_period

    ends = []
    for w in factors["assessment_wave"].dropna().astype(str).unique():
        per = parse_period(w)
        if per is not None:
            ends.append(pd.Timestamp(per[1]))
    return max(ends) if ends else None


class StartDateError(ValidationError):
    """No first day for the plan: the message names ``start=``; :attr:`cli` names ``--start``."""

    @property
    def cli(self) -> str:
        """The message for command-line users (``--start`` instead of ``start=``)."""
        return str(self).replace("start='YYYY-MM-DD'", "--start YYYY-MM-DD")  # both languages


def _default_start(factors: pd.DataFrame) -> pd.Timestamp:
    waves = factors["assessment_wave"].dropna().astype(str)
    if waves.empty:
        raise StartDateError(_("no assessment wave to start from: give start='YYYY-MM-DD' "
                               "(the plan never uses today's date)"))
    last = _assessment_end(factors)
    if last is None:
        raise StartDateError(_("assessment wave {last!r} is not a date (2026-03, 2026年3月, "
                               "2026Q1, 2026-03-15...); give start='YYYY-MM-DD'").format(
                                   last=latest_wave(waves)))
    return next_monday(last)  # the Monday after the period the latest wave names


def _ordinal(k: int) -> str:
    if current_language() != "en":  # Chinese writes 第 {k} 位 in the sentence
        return str(k)
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"


def _quadrant_text(r: pd.Series, th: Mapping[str, float]) -> str:
    hv = r["value"] >= th["value"]
    why_e = []
    if r["effort"] >= th["effort"]:
        why_e.append(_("effort {e:.2f} >= {t:.2f}").format(e=r["effort"], t=th["effort"]))
    if r["pilot_weeks"] > th["pilot_weeks"]:
        why_e.append(_("pilot {w} weeks > {t:g}").format(w=int(r["pilot_weeks"]),
                                                       t=th["pilot_weeks"]))
    if r["complexity"] >= th["complexity"]:
        why_e.append(_("complexity {c}/5").format(c=int(r["complexity"])))
    e_txt = (_("high effort ({why})").format(why=", ".join(why_e)) if why_e else
             _("low effort ({e:.2f} < {t:.2f}, pilot {w} weeks <= {tw:g})").format(
                 e=r["effort"], t=th["effort"], w=int(r["pilot_weeks"]), tw=th["pilot_weeks"]))
    v_txt = (_("value {v:.2f} >= {t:.2f}") if hv else _("value {v:.2f} < {t:.2f}")).format(
        v=r["value"], t=th["value"])
    return _("quadrant {q}: {v}, {e}").format(q=_(r["quadrant"]), v=v_txt, e=e_txt)


_POSTURE_TEXT = {
    "grow and build": "IE posture 'grow and build' (SWOT): first within its wave",
    "hold and maintain": "IE posture 'hold and maintain' (SWOT): after lines to grow within "
                         "its wave",
    "harvest or divest": "IE posture 'harvest or divest' (SWOT): last within its wave, kept to "
                         "the backlog the target needs",
}


def _reason(r: pd.Series, th: Mapping[str, float], n_in_wave: Mapping[int, int],
            n_waves: int) -> str:
    status = r["status"]
    if status == "no gap":
        tgt = r["target_maturity_level"]
        tgt_t = _(" meets its target {t}").format(t=int(tgt)) if not pd.isna(tgt) else _(
            " meets its target")
        return _("Left out: no gap to the target (maturity level {ml}{tgt} and no "
                 "process-area gaps), so there is nothing to roll out.").format(
            ml=int(r["maturity_level"]), tgt=tgt_t)
    if status == "no gap analysis":
        return _("Left out: the line has no row in the gap analysis (line_gaps).")
    if status == "not assessed":
        return _("Left out: the line was not assessed (no maturity or gap rows).")
    if status == "no attributes":
        return _("Left out: the line has no attributes (group, headcount, complexity, "
                 "customer strictness) in the lines table.")
    if status == "no rule":
        return _("Left out: the line matches none of the wave rules.")
    w = int(r["wave"])
    parts = [_("Rollout wave {w} of {n} ({rule}): {why}").format(
        w=w, n=n_waves, rule=_(r["rule"]), why=r["why"])]
    parts.append(_("{pos} of {k} in the wave, priority {p:.2f} (value {v:.2f}, effort "
                   "{e:.2f}, readiness {rd:.2f})").format(
        pos=_ordinal(int(r["pos_in_wave"])), k=n_in_wave[w], p=r["priority"], v=r["value"],
        e=r["effort"], rd=r["readiness"]))
    if r["posture"] in _POSTURE_TEXT:
        parts.append(_(_POSTURE_TEXT[r["posture"]]))
    size = _("{pts:g} effort points / {ppw:g} per coach-week x headcount factor {hf:g} "
             "({hc} people) = {cw:g} coach-weeks -> pilot {pw} weeks").format(
        pts=float(r["backlog_effort"]), ppw=r["_ppw"], hf=r["headcount_factor"],
        hc=int(r["headcount"]), cw=r["coach_weeks"], pw=int(r["pilot_weeks"]))
    if int(r["n_pilot_phases"]) > 1:
        size += _(" in {k} phases ({areas})").format(k=int(r["n_pilot_phases"]),
                                                     areas=r["_phase_areas"])
    parts.append(size)
    q = _quadrant_text(r, th)
    if r["quadrant"] == "avoid" and r["rule"] != "deferred":
        q += _(" (scheduled nevertheless: the {rule} rule places it before the deferred "
               "lines)").format(rule=_(r["rule"]))
    parts.append(q)
    parts.append(_("starts {day}: {why}").format(day=pd.Timestamp(r["start"]).date(),
                                                 why=r["start_reason"]))
    if r["champion_reason"]:
        parts.append(_("champions {c}").format(c=r["champion_reason"]))
    return _("; ").join(parts) + _(".")


def plan_roadmap(
    maturity: pd.DataFrame,
    line_gaps: pd.DataFrame,
    backlog: pd.DataFrame | None,
    lines: pd.DataFrame | str | Path,
    swot_summary: pd.DataFrame | None = None,
    *,
    gaps: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    rules: Sequence[WaveRule | tuple] | None = None,
    min_strictness: int = 2,
    max_complexity: int = 2,
    thresholds: Mapping[str, float] | None = None,
    scale: Mapping[str, float] | None = None,
    capacity: int = 2,
    start: Any = None,
    calendar: WorkCalendar | None = None,
    training_weeks: int | None = None,
    test_weeks: int = 1,
    pass_rate: float = 0.8,
    pass_rates: Mapping[str, float] | None = None,
    review_weeks: int = 1,
    n_checkpoints: int | None = None,
    codesign_weeks: int = 0,
    wave_gate: Literal["benefit", "review", "pilot", "none"] = "benefit",
    n_champions: int = 1,
    champions_per_source: int = 2,
    institutionalise_weeks: int = 4,
    reassess_weeks: int = 26,
    with_sensitivity: bool = False,
) -> Roadmap:
    """Plan the phased rollout: priorities, quadrants, waves, sizing, schedule, champions.

    Most callers use :func:`maturity.plan.rollout.plan_rollout`, which runs the gap analysis with
    the same inputs first (the one plan of the CLI, the report and the notebooks).

    Parameters
    ----------
    maturity, line_gaps, backlog, lines, swot_summary
        See :func:`line_factors`. None of them is modified.
    gaps : pandas.DataFrame, optional
        ``gap`` ``gaps`` frame: champions are chosen by the process areas a line lacks.
    weights : mapping, optional
        Overrides of :data:`DEFAULT_WEIGHTS`.
    rules : sequence of WaveRule, optional
        Ordered wave rules; default :func:`default_rules` with ``min_strictness`` and
        ``max_complexity``.
    min_strictness, max_complexity : int
        Cut-offs of the default rules (customer pull, simple work).
    thresholds : mapping, optional
        Overrides of :data:`DEFAULT_THRESHOLDS` (quadrants).
    scale : mapping, optional
        Overrides of :data:`maturity.plan.sizing.SCALE` (effort scale, pilot limits, training,
        checkpoint spacing).
    capacity : int, default 2
        Coaches (lines coached at once).
    start : date-like, optional
        First day of the plan (moved to a working day). Default: the first Monday after the
        latest assessment wave; a start on or before the assessment's last day is refused.
    calendar : WorkCalendar, optional
        Non-working days (holidays); default weekends only.
    training_weeks : int, optional
        Training length for every line; default scaled by headcount
        (:func:`maturity.plan.sizing.training_weeks`).
    test_weeks, pass_rate, pass_rates, review_weeks, n_checkpoints, codesign_weeks, wave_gate,
    n_champions, champions_per_source, institutionalise_weeks, reassess_weeks
        Schedule settings, see :func:`maturity.plan.schedule.schedule_lines`.
    with_sensitivity : bool, default False
        Also compute :func:`sensitivity`.

    Returns
    -------
    Roadmap
        ``roadmap``, ``phases``, ``milestones``, ``notes``, ``settings`` and (optionally)
        ``sensitivity``.

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
    >>> rm.roadmap[["business_line", "wave", "start", "end", "pilot_weeks", "champions"]]
      business_line  wave      start        end  pilot_weeks champions
    0          bank     1 2026-04-06 2026-06-19            7     tools
    1          shop     2 2026-05-21 2026-07-08            4     tools
    2         tools  <NA>        NaT        NaT         <NA>

    By hand: bank trains ceil(80/60) = 2 weeks (04-06..04-17), is tested (..04-24), pilots
    ceil(40/8 x sqrt(80/50)) = 7 weeks (04-27..06-12) and is reviewed (..06-19); its first
    checkpoint is working day 18 of 35 (05-20), so shop (rollout wave 2) starts the next
    working day. tools, already at target, is a champion from the start.
    >>> print(rm.roadmap.reason[1].split("; ")[0])
    Rollout wave 2 of 2 (simple work): its work is simple (complexity 2/5 <= 2)
    """
    sc = sizing.scale(scale)
    th = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    f = line_factors(maturity, line_gaps, backlog, lines, swot_summary, weights=weights,
                     thresholds=th, scale=sc)
    notes = list(f.attrs.get("notes", []))
    f = assign_waves(f, rules if rules is not None else default_rules(min_strictness,
                                                                        max_complexity))
    f.attrs = {}
    assessed_end = _assessment_end(f)
    if start is not None:
        start = parse_day(start)  # 2026-04-06, 2026/4/6, 2026年4月6日 (maturity.waves)
        day0 = next_monday(start, strictly=False)
        if assessed_end is not None and pd.Timestamp(start).normalize() <= assessed_end:
            raise ValidationError(
                f"start {pd.Timestamp(start).date()} is not after the assessment (its latest "
                f"wave ends {assessed_end.date()}): a rollout cannot be planned on results "
                "not yet known; give a later start")
    else:
        day0 = _default_start(f)
    cal = calendar or WorkCalendar()
    day0 = cal.next_day(day0)
    planned = f[f["wave"].notna()].copy()
    if training_weeks is not None:
        planned["training_weeks"] = int(training_weeks)
    phase_lists, phase_areas = [], []
    for r in planned.itertuples():
        rows = None
        if backlog is not None and len(backlog) and "business_line" in backlog.columns:
            rows = _latest(backlog)
            rows = rows[rows["business_line"].astype(str) == r.business_line]
            if "rank" in rows.columns:
                rows = rows.sort_values("rank", kind="mergesort")
        ph = sizing.pilot_phases(int(r.pilot_weeks), rows, sc)
        phase_lists.append(ph)
        phase_areas.append(" | ".join(", ".join(p["process_areas"]) for p in ph))
        if len(ph) > 1:
            notes.append({"business_line": r.business_line, "topic": "pilot", "note": _(
                "pilot of {w} weeks split into {k} phases of at most {m:g} weeks by "
                "process-area groups, lowest level first: {areas}").format(
                w=int(r.pilot_weeks), k=len(ph), m=sc["max_pilot_weeks"],
                areas=phase_areas[-1])})
    planned["pilot_phases"] = phase_lists
    planned["_phase_areas"] = phase_areas
    planned["n_pilot_phases"] = [len(x) for x in phase_lists]
    pa_levels = sources = None
    if gaps is not None and len(gaps):
        g = _latest(gaps)
        pa_levels = g[["business_line", "process_area", "current_level", "target_level"]]
    at_target = f[f["status"].eq("no gap") & f["group"].notna()]
    if len(at_target):
        sources = at_target[["business_line", "group", "complexity"]]
    n_waves = int(planned["wave"].max()) if len(planned) else 0
    first_rule = planned.loc[planned["wave"].eq(1), "rule"]
    stage2 = (_("rollout wave 1 ({rule}) rolled out").format(rule=_(first_rule.iloc[0]))
              if len(first_rule) else None)
    sched, phases, stones = _schedule(
        planned, day0, capacity=capacity, calendar=cal, test_weeks=test_weeks,
        pass_rate=pass_rate, pass_rates=pass_rates, review_weeks=review_weeks,
        n_checkpoints=n_checkpoints, checkpoint_weeks=int(sc["checkpoint_weeks"]),
        codesign_weeks=codesign_weeks, wave_gate=wave_gate,
        n_champions=n_champions,
        champions_per_source=champions_per_source, pa_levels=pa_levels, sources=sources,
        institutionalise_weeks=institutionalise_weeks, reassess_weeks=reassess_weeks,
        stage_texts={2: stage2} if stage2 else None)
    f = f.merge(planned[["business_line", "n_pilot_phases", "_phase_areas"]],
                on="business_line", how="left")
    f = f.merge(sched, on="business_line", how="left")
    for c in ("champions", "start_reason", "champion_reason", "_phase_areas"):
        f[c] = f[c].astype(object).fillna("")  # all-NaN float after an empty merge (pandas 3)
    f["pos_in_wave"] = f.groupby("wave").cumcount() + 1
    n_in_wave = f.groupby("wave").size().to_dict()
    f["_ppw"] = sc["points_per_coach_week"]
    f["reason"] = [_reason(f.iloc[i], th, n_in_wave, n_waves) for i in range(len(f))]
    p = f["wave"].notna()
    for c in ("pilot_weeks", "n_pilot_phases", "training_weeks", "coach"):
        f[c] = f[c].where(p).astype("Float64").astype("Int64")
    for c in ("coach_weeks", "headcount_factor"):
        f[c] = f[c].where(p)
    out = f[ROADMAP_COLUMNS + _EXTRA].copy()
    for c in ("start", "end", "pilot_end"):
        out[c] = pd.to_datetime(out[c])
    for i in np.flatnonzero(~p.to_numpy()):
        if f["status"].iat[i] == "not assessed" and not pd.isna(
                f["customer_strictness"].iat[i]) and f["customer_strictness"].iat[i] >= \
                min_strictness:
            msg = _("customer strictness {s}/3 but the line was not assessed: assess it "
                    "before the rollout, it would be in rollout wave 1").format(
                s=int(f["customer_strictness"].iat[i]))
            notes.append({"business_line": f["business_line"].iat[i], "topic": "assessment",
                          "note": msg})
    for i in np.flatnonzero(p.to_numpy()):  # a coach idle for a month or more: say so
        free, begin = f["coach_free"].iat[i], f["start"].iat[i]
        idle = cal.count(free, begin - pd.Timedelta(days=1)) if begin > free else 0
        if idle >= 20:
            notes.append({"business_line": f["business_line"].iat[i], "topic": "capacity",
                          "note": _("coach {k} idle {w:g} weeks ({a} .. {b}) while this line "
                                    "waits for the wave gate ({why}); a laxer --wave-gate or "
                                    "moving the line to an earlier wave would use it").format(
                              k=int(f["coach"].iat[i]), w=round(idle / 5, 1), a=free.date(),
                              b=(begin - pd.Timedelta(days=1)).date(),
                              why=f["start_reason"].iat[i])})
    if swot_summary is None and len(planned):
        notes.append({"business_line": "", "topic": "inputs", "note": _(
            "no SWOT given: strengths neutral (0.5) for every line, no SWOT customer "
            "requirement, no IE posture")})
    notes_f = pd.DataFrame(notes, columns=NOTE_COLUMNS)
    for r in notes_f.itertuples():
        if r.topic in ("assessment", "swot", "attributes", "id"):
            warnings.warn(f"roadmap: {r.business_line}: {r.note}", MaturityWarning,
                          stacklevel=2)
    settings = {"capacity": capacity, "start": day0, "min_strictness": min_strictness,
                "max_complexity": max_complexity, "thresholds": th, "scale": sc,
                "weights": _weights(weights), "wave_gate": wave_gate,
                "pass_rate": pass_rate, "n_champions": n_champions,
                "codesign_weeks": codesign_weeks,
                "champions_per_source": champions_per_source,
                "calendar": cal, "holidays": len(cal.holidays)}
    sens = None
    if with_sensitivity:
        sens = sensitivity(maturity, line_gaps, backlog, lines, swot_summary, gaps=gaps,
                           weights=weights, rules=rules,
                           min_strictness=min_strictness, max_complexity=max_complexity,
                           thresholds=th, scale=sc, capacity=capacity, start=day0,
                           calendar=cal, training_weeks=training_weeks,
                           test_weeks=test_weeks, pass_rate=pass_rate, pass_rates=pass_rates,
                           review_weeks=review_weeks, n_checkpoints=n_checkpoints,
                           codesign_weeks=codesign_weeks, wave_gate=wave_gate,
        n_champions=n_champions,
                           champions_per_source=champions_per_source)
    summ = None
    if sens is not None:
        from maturity.plan.sensitivity import sensitivity_summary

        summ = sensitivity_summary(sens)
    return Roadmap(roadmap=out.reset_index(drop=True), phases=phases, milestones=stones,
                   sensitivity=sens, sensitivity_summary=summ, notes=notes_f,
                   settings=settings)


def sensitivity(
    maturity: pd.DataFrame,
    line_gaps: pd.DataFrame,
    backlog: pd.DataFrame | None,
    lines: pd.DataFrame | str | Path,
    swot_summary: pd.DataFrame | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """Which lines change wave, rank, quadrant or start when a weight, cut-off, threshold or
    line attribute moves: :func:`maturity.plan.sensitivity.sensitivity` (see there)."""
    from maturity.plan.sensitivity import sensitivity as _sens

    return _sens(maturity, line_gaps, backlog, lines, swot_summary, **kwargs)


def write_roadmap(rm: Roadmap, out_dir: str | Path, *, xlsx: bool = True) -> list[Path]:
    """Write the plan's files: :func:`maturity.plan.rollout_io.write_plan_files` (see there)."""
    from maturity.plan.rollout_io import write_plan_files

    return write_plan_files(rm, out_dir, xlsx=xlsx)
