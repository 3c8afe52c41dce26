"""Roadmap scores per business line: value, effort, readiness, priority and the quadrant.

How each business line scores before the waves are drawn (:mod:`maturity.plan.roadmap_waves`).

**Inputs** per line: current maturity (``scoring`` ``maturity`` frame), gap size and effort
(``gap`` ``line_gaps`` and ``backlog``), line attributes
(:func:`maturity.plan.roadmap_lines.read_lines`: ``group, headcount, complexity,
customer_strictness``) and optionally the SWOT summary
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
The effort/value quadrant is the impact/effort (value/effort) prioritisation matrix of
improvement programmes: quick wins first, major projects planned, fill-ins when capacity
allows, and low-value, high-effort work avoided.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from maturity._hints import option
from maturity.exceptions import MaturityWarning, ValidationError
from maturity.i18n import _
from maturity.plan import sizing
from maturity.plan.roadmap_lines import read_lines
from maturity.plan.swot import swot_summary as summarise_swot
from maturity.waves import wave_rank

__all__ = ["DEFAULT_WEIGHTS", "DEFAULT_THRESHOLDS", "SCORE_SCALE", "NOTE_COLUMNS", "line_factors"]

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
_DIGITS = 4


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
        Line attributes, read with :func:`maturity.plan.roadmap_lines.read_lines`.
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
    f, notes = _joined(maturity, line_gaps, read_lines(lines))
    f = _with_backlog(f, backlog)
    f, sw, has_swot, ife = _with_swot(f, swot_summary)
    f = _with_status(f)
    p = f["planned"]
    f = _with_scores(f, p, ife, w, th, sc)
    notes.extend(_input_notes(f, p, sw, has_swot))
    f.attrs["notes"] = notes
    return f


def _joined(maturity: pd.DataFrame, line_gaps: pd.DataFrame,
            attrs: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Every line of the attributes, the maturity and the line gaps (latest wave), joined."""
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
    return f, notes


def _with_backlog(f: pd.DataFrame, backlog: pd.DataFrame | None) -> pd.DataFrame:
    """Backlog item count and focus process areas per line (latest wave, backlog order)."""
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
    return f


def _with_swot(f: pd.DataFrame, swot_summary: pd.DataFrame | None
               ) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.Series, pd.Series]:
    """Customer requirement, posture and IFE of each line from the SWOT summary."""
    # SWOT
    sw = swot_summary
    if sw is not None and "quadrant" in sw.columns and "ife" not in sw.columns:
        sw = summarise_swot(sw)
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
    return f, sw, has_swot, ife


def _with_status(f: pd.DataFrame) -> pd.DataFrame:
    """``status``: planned, or why not (no attributes, not assessed, no gap analysis, no gap)."""
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
        warnings.warn(f"roadmap: no line attributes for {', '.join(no_attr)}; these lines are "
                      f"left out (add them to the {option('lines')} file, column business_line)",
                      MaturityWarning, stacklevel=3)
    f.insert(1, "status", status)
    f.insert(2, "planned", f["status"].eq("planned"))
    return f


def _with_scores(f: pd.DataFrame, p: pd.Series, ife: pd.Series, w: Mapping[str, float],
                 th: Mapping[str, float], sc: Mapping[str, float]) -> pd.DataFrame:
    """Sizing, the scores on their fixed scales and the quadrant (module docstring)."""
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
    return f


def _input_notes(f: pd.DataFrame, p: pd.Series, sw: pd.DataFrame | None,
                 has_swot: pd.Series) -> list[dict]:
    """Input notes: SWOT missing for a line, blank strictness."""
    notes = []
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
    return notes
