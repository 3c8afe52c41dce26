"""Krippendorff's alpha: do respondents (coders) agree on the questions (units)?

:func:`krippendorff_alpha` of one long frame uses the ``krippendorff`` package;
:func:`kripp_groups` gives every group of :class:`~maturity.compare.answers.Cells` at once from
per-unit and per-group sums of squares, the package's coincidence-matrix formula summed in
another order (the same to ~1e-15). ``alpha = 1 - D_o / D_e`` (Krippendorff 2004, 2011).
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import krippendorff as _kd
import numpy as np
import pandas as pd

from maturity import _engine as engine
from maturity.compare.answers import Cells, Groups, Units
from maturity.compare.frames import RESPONSES, require_columns
from maturity.compare.notes import NO_VARIANCE
from maturity.exceptions import MaturityWarning

__all__ = ["krippendorff_alpha", "kripp_one", "kripp_groups"]

#: Krippendorff: the pairable values (units coded by two or more) are all one value
_PAIRABLE_SAME = ("undefined: every pairable answer (questions answered by two or more "
                  "respondents) is the same value, so the expected disagreement is 0; answers "
                  "given by one respondent only do not count")


def krippendorff_alpha(
    frame: pd.DataFrame,
    *,
    unit: str = "question",
    rater: str = "respondent",
    value: str = "value",
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "ordinal",
) -> float:
    """Krippendorff's alpha of agreement between raters, from a long frame with gaps.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long frame, one row per (rater, unit) answer; NaN values are missing data.
    unit : str
        Column of the rated units (here: questions).
    rater : str
        Column of the raters (coders; here: respondents).
    value : str
        Column of the numeric answers.
    level : {'nominal', 'ordinal', 'interval', 'ratio'}
        Level of measurement (ordinal for Likert answers).

    Returns
    -------
    float
        Alpha in (-inf, 1]; NaN with a :class:`~maturity.exceptions.MaturityWarning` when it
        is undefined (one distinct value overall, or no unit rated by two raters).

    Notes
    -----
    ``alpha = 1 - D_o / D_e`` (observed over expected disagreement from the coincidence
    matrix), computed by the ``krippendorff`` package. Read as: >= 0.800 reliable,
    0.667-0.800 tentative, below not reliable (Krippendorff 2004). Test vector
    (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", 4 coders x 12 units):
    nominal 0.743, ordinal 0.815, interval 0.849.

    Examples
    --------
    >>> df = pd.DataFrame({"respondent": ["r1"] * 3 + ["r2"] * 3,
    ...                    "question": ["q1", "q2", "q3"] * 2,
    ...                    "value": [1, 2, 3, 1, 2, 4]})
    >>> round(krippendorff_alpha(df, level="interval"), 3)
    0.878
    """
    require_columns(frame, [unit, rater, value], "krippendorff_alpha", RESPONSES)
    data = frame.loc[frame[value].notna(), [rater, unit, value]]
    data = data.groupby([rater, unit], sort=False, observed=True)[value].mean().reset_index()
    alpha, note = kripp_one(data, rater, unit, value, level)
    if note:
        warnings.warn(f"krippendorff_alpha: {note}", MaturityWarning, stacklevel=2)
    return alpha


def kripp_one(
    g: pd.DataFrame, rater: str, unit: str, value: str, level: str
) -> tuple[float, str]:
    """Krippendorff's alpha of one group (already one value per rater and unit)."""
    vals = g[value].to_numpy(dtype=float)
    if vals.size == 0:
        return float("nan"), "no data"
    if np.unique(vals).size < 2:
        return float("nan"), NO_VARIANCE + " (one distinct answer)"
    r_codes, _ = pd.factorize(g[rater])
    u_codes, _ = pd.factorize(g[unit])
    if np.bincount(u_codes).max() < 2:
        return float("nan"), "undefined: no question answered by two respondents"
    pairable = np.bincount(u_codes)[u_codes] >= 2
    if np.unique(vals[pairable]).size < 2:
        return float("nan"), _PAIRABLE_SAME
    mat = np.full((r_codes.max() + 1, u_codes.max() + 1), np.nan)
    mat[r_codes, u_codes] = vals
    try:
        with warnings.catch_warnings(record=True) as caught:  # the package's 0/0 warnings
            warnings.simplefilter("always")
            a = float(_kd.alpha(reliability_data=mat, level_of_measurement=level))
    except ValueError as exc:  # pragma: no cover - guarded above, kept for safety
        return float("nan"), f"undefined: {exc}"
    said = "; ".join(dict.fromkeys(str(w.message) for w in caught))
    if np.isnan(a):
        return a, f"undefined: {said}" if said else "undefined"
    return a, f"krippendorff package: {said}" if said else ""


def kripp_groups(
    cells: Cells, grp: Groups, units: Units, level: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Krippendorff's alpha of every group (respondents as coders, questions as units).

    With ``m_u`` coders of unit ``u`` and the (pairable) values ``x``: ``D_o = sum_u 2 m_u
    SS_u / (m_u - 1)`` and ``D_e = 2 n SS / (n - 1)``, where ``SS_u`` and ``SS`` are the sums
    of squared deviations within the unit and the group, ``x`` the value itself for the
    interval metric and its mid-rank among the group's pairable values for the ordinal one
    (Krippendorff's ordinal distance is the squared difference of mid-ranks); the nominal
    metric counts the pairs of different values. ``alpha = 1 - D_o / D_e``: the coincidence
    matrix of the ``krippendorff`` package, summed in another order (same to ~1e-15). Other
    levels (``'ratio'``) use the package group by group.
    """
    v = cells.value
    alpha = np.full(grp.n, np.nan)
    note = np.full(grp.n, "", dtype=object)
    one = np.minimum.reduceat(v, grp.start) == np.maximum.reduceat(v, grp.start)
    ustart = engine.run_starts(units.group)
    lonely = ~one & (np.maximum.reduceat(units.size, ustart) < 2)
    note[one] = NO_VARIANCE + " (one distinct answer)"
    note[lonely] = "undefined: no question answered by two respondents"
    ok = ~one & ~lonely
    if not ok.any():
        return alpha, note
    if level not in ("nominal", "ordinal", "interval"):
        ends = np.append(grp.start[1:], v.size)
        with np.errstate(divide="ignore", invalid="ignore"):  # 0/0: NaN, as below
            for gi in np.flatnonzero(ok):
                sl = slice(grp.start[gi], ends[gi])
                g = pd.DataFrame({"r": cells.rater[sl], "u": cells.unit[sl], "v": v[sl]})
                alpha[gi], note[gi] = kripp_one(g, "r", "u", "v", level)
        return alpha, note

    # pairable values (units with two or more coders) of the defined groups, tallied per
    # (unit, value) and per (group, value): the sums below run over these small tables
    unit_ok = (units.size >= 2) & ok[units.group]
    sums = _kripp_chunked(v, grp, units, unit_ok, level)
    if sums is None:  # values that are not small integers: tally everything at once
        sel = unit_ok[units.code]
        every = bool(sel.all())
        vcode, vals = engine.value_codes(v if every else v[sel])
        nv = max(vals.size, 1)
        uv_key = (units.code if every else units.code[sel]).astype(np.int64)
        del sel
        uv_key *= nv
        uv_key += vcode
        del vcode
        uv_key, c = engine.tally(uv_key, units.n * nv)
        sums = _kripp_sums(uv_key, c, vals, level, units.group, units.size, unit_ok, grp.n)
        del uv_key, c
    per_unit, d_e, distinct = sums
    with np.errstate(divide="ignore", invalid="ignore"):
        d_o = np.bincount(units.group, weights=per_unit, minlength=grp.n)
        a = 1 - d_o / d_e
    a = np.where(distinct >= 2, a, np.nan)  # one pairable value: 0/0 in the package too
    alpha[ok] = a[ok]
    note[ok & (distinct < 2)] = _PAIRABLE_SAME
    return alpha, note


def _kripp_sums(
    uv_key: np.ndarray,
    c: np.ndarray,
    vals: np.ndarray,
    level: Any,
    unit_group: np.ndarray,
    unit_size: np.ndarray,
    unit_ok: np.ndarray,
    n_groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Krippendorff's per-unit observed disagreement, each group's expected disagreement and
    its number of distinct pairable values, from the sorted (unit, value code) keys ``uv_key``
    and their counts ``c`` (units ``0..len(unit_size)-1`` of groups ``0..n_groups-1``)."""
    nv = max(vals.size, 1)
    u = uv_key // nv
    g_of = unit_group[u].astype(np.int64) * nv + (uv_key - u * nv)
    gv_key, cnt = engine.tally(g_of, n_groups * nv, weights=c)
    gv_group = gv_key // nv
    entry = np.searchsorted(gv_key, g_of)  # (unit, value) -> (group, value)
    n_g = np.bincount(gv_group, weights=cnt, minlength=n_groups)
    distinct = np.bincount(gv_group, minlength=n_groups)
    m = unit_size.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if level == "nominal":
            c2 = np.bincount(u, weights=c * c, minlength=unit_size.size)
            per_unit = np.where(unit_ok, (m * m - c2) / (m - 1), 0.0)
            c2_g = np.bincount(gv_group, weights=cnt * cnt, minlength=n_groups)
            d_e = (n_g * n_g - c2_g) / (n_g - 1)
        else:
            if level == "ordinal":  # mid-rank of each value among the group's pairable values
                before = np.cumsum(cnt) - cnt
                run = np.cumsum(np.r_[0, np.diff(gv_group) != 0])
                x = before - before[engine.run_starts(gv_group)][run] + (cnt + 1) / 2
            else:
                x = vals[gv_key - gv_group * nv]
            xe = x[entry]
            mean_u = np.bincount(u, weights=c * xe, minlength=unit_size.size) / m
            dev = xe - mean_u[u]
            ss_u = np.bincount(u, weights=c * dev * dev, minlength=unit_size.size)
            per_unit = np.where(unit_ok, 2 * m * ss_u / (m - 1), 0.0)
            mean_g = np.bincount(gv_group, weights=cnt * x, minlength=n_groups) / n_g
            dev = x - mean_g[gv_group]
            ss_g = np.bincount(gv_group, weights=cnt * dev * dev, minlength=n_groups)
            d_e = 2 * n_g * ss_g / (n_g - 1)
    return per_unit, d_e, distinct


def _kripp_chunked(
    v: np.ndarray, grp: Groups, units: Units, unit_ok: np.ndarray, level: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`_kripp_sums` of all units and groups, a chunk of whole groups at a time (the same
    sums: each unit's and group's entries are added in the same order); None when the values
    are not small integers (as :func:`maturity._engine.value_codes` sees them) or the tables
    would be large."""
    chunks = engine.run_chunks(grp.start, v.size)
    lo_v, hi_v = np.inf, -np.inf
    for lo, hi, _, _ in chunks:
        x = v[lo:hi][unit_ok[units.code[lo:hi]]]
        if x.size:
            lo_v, hi_v = min(lo_v, x.min()), max(hi_v, x.max())
    if not (hi_v - lo_v < engine.SMALL_INT_SPAN and lo_v == int(lo_v)):  # also no values at all
        return None
    vals = np.arange(lo_v, hi_v + 1, dtype=float)
    nv = max(vals.size, 1)
    if units.n * nv > engine.DENSE_TABLE_MAX:
        return None
    per_unit = np.zeros(units.n)
    d_e = np.full(grp.n, np.nan)
    distinct = np.zeros(grp.n, dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for lo, hi, g_lo, g_hi in chunks:
            sel = unit_ok[units.code[lo:hi]]
            t = v[lo:hi][sel]
            t -= lo_v
            ix = t.astype(np.int8)
            if not (ix == t).all():
                return None
            del t
            u_lo, u_hi = int(units.first[g_lo]), int(units.first[g_hi])
            key = units.code[lo:hi][sel].astype(np.int64)
            del sel
            key -= u_lo
            key *= nv
            key += ix
            del ix
            tot = np.bincount(key, minlength=(u_hi - u_lo) * nv)
            del key
            uv_key = np.flatnonzero(tot)
            if not uv_key.size:  # no pairable value: alpha stays NaN
                continue
            sums = _kripp_sums(
                uv_key, tot[uv_key], vals, level, units.group[u_lo:u_hi] - g_lo,
                units.size[u_lo:u_hi], unit_ok[u_lo:u_hi], g_hi - g_lo,
            )
            per_unit[u_lo:u_hi], d_e[g_lo:g_hi], distinct[g_lo:g_hi] = sums
    return per_unit, d_e, distinct
