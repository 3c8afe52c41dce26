"""Confidence intervals: a mean (Student t), a share (Wilson), a change between waves.

Vectorised over many groups at once; degenerate inputs (no data, one observation, no variation)
give NaN bounds or bounds equal to the estimate, with a note where a frame is returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as st

from maturity.exceptions import MaturityError

__all__ = [
    "t_interval",
    "group_interval",
    "wilson_interval",
    "paired_change",
    "welch_change",
]

ArrayLike = Any  # scalars, sequences, numpy arrays or pandas Series


def t_interval(
    mean: ArrayLike,
    std: ArrayLike,
    n: ArrayLike,
    *,
    confidence: float = 0.95,
    low: float | None = None,
    high: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Student-t confidence interval for a mean, vectorised and clipped to the scale.

    Parameters
    ----------
    mean, std, n : array-like or scalar
        Sample means, sample standard deviations (``ddof=1``) and sizes; broadcast together.
    confidence : float
        Coverage of the interval, in (0, 1).
    low, high : float, optional
        Ends of the scale (e.g. 0 and 4 for a 0-4 Likert scale); the bounds are clipped to them.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds (float arrays of the broadcast shape). ``n <= 1`` or a missing
        mean/std gives NaN bounds; ``std == 0`` gives bounds equal to the mean (no observed
        variation).

    Notes
    -----
    ``mean -/+ t_{1-(1-c)/2, n-1} * std / sqrt(n)`` with the quantile from
    :func:`scipy.stats.t.ppf`. With few respondents the t-interval keeps its coverage far
    better than a BCa bootstrap (simulated coverage of a nominal 95% interval on a 5-point
    scale: n=5 t 0.94 vs BCa 0.91; n=3 t 0.91 vs BCa 0.74; see ``methods.md``).

    Examples
    --------
    >>> lo, hi = t_interval([2.0, 3.0, 4.0], [1.0, 0.0, 1.0], [5, 4, 1], low=0, high=4)
    >>> lo.round(3), hi.round(3)
    (array([0.758, 3.   ,   nan]), array([3.242, 3.   ,   nan]))
    """
    _check_confidence(confidence)
    m, s, k = np.broadcast_arrays(
        np.asarray(mean, dtype=float), np.asarray(std, dtype=float), np.asarray(n, dtype=float)
    )
    ok = (k > 1) & np.isfinite(m) & np.isfinite(s)
    df = np.where(ok, k - 1, 1.0)
    # the quantile once per distinct size (sizes repeat: 900,000 practices, ~20 sizes)
    udf, inv = np.unique(df, return_inverse=True)
    q = st.t.ppf(0.5 + confidence / 2, udf)[inv.reshape(df.shape)]
    half = q * np.where(ok, s, 0.0) / np.sqrt(np.where(ok, k, 1.0))
    lo = np.where(ok, m - half, np.nan)
    hi = np.where(ok, m + half, np.nan)
    if low is not None or high is not None:
        lo = np.clip(lo, low, high)
        hi = np.clip(hi, low, high)
    return lo, hi


def group_interval(
    frame: pd.DataFrame,
    value: str,
    by: str | Sequence[str],
    *,
    confidence: float = 0.95,
    low: float | None = None,
    high: float | None = None,
) -> pd.DataFrame:
    """Mean, standard deviation and t-interval of ``value`` per group, in one pass.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long frame; NaN values are excluded (e.g. not-applicable answers).
    value : str
        Column to summarise.
    by : str or list of str
        Grouping columns.
    confidence : float
        Coverage of the interval.
    low, high : float, optional
        Ends of the scale, for clipping.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns then ``n, mean, std, ci_low, ci_high, note`` with a RangeIndex;
        ``note`` is ``'no data'``, ``'one observation: no interval'``, ``'no observed
        variation'`` or ``''``. Groups whose values are all NaN keep a row with ``n = 0``.

    Examples
    --------
    >>> df = pd.DataFrame({"line": ["a"] * 3 + ["b"], "value": [1.0, 2.0, 3.0, 4.0]})
    >>> group_interval(df, "value", "line", low=0, high=4).round(3)
      line  n  mean  std  ci_low  ci_high                          note
    0    a  3   2.0  1.0   0.000    4.000
    1    b  1   4.0  NaN     NaN      NaN  one observation: no interval
    """
    keys = [by] if isinstance(by, str) else list(by)
    g = frame.groupby(keys, sort=True, dropna=False, observed=True)[value]
    out = g.agg(n="count", mean="mean", std="std").reset_index()
    out["n"] = out["n"].astype("int64")
    for c in ("mean", "std"):  # nullable Float64 / Int64 values: plain floats, <NA> -> NaN
        out[c] = out[c].to_numpy(dtype=float, na_value=np.nan)
    lo, hi = t_interval(
        out["mean"], out["std"], out["n"], confidence=confidence, low=low, high=high
    )
    out["ci_low"], out["ci_high"] = lo, hi
    out["note"] = np.select(
        [out["n"] == 0, out["n"] == 1, out["std"] == 0],
        ["no data", "one observation: no interval", "no observed variation"],
        default="",
    )
    return out


def wilson_interval(
    successes: ArrayLike, n: ArrayLike, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion, vectorised.

    Parameters
    ----------
    successes, n : array-like or scalar
        Number of successes and of trials; broadcast together.
    confidence : float
        Coverage of the interval.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds in [0, 1]; NaN where ``n == 0``.

    Notes
    -----
    With ``p = x/n`` and ``z`` the normal quantile (:func:`scipy.stats.norm.ppf`):
    ``(p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)`` (Wilson 1927; the
    recommended interval for small n in Brown, Cai & DasGupta 2001).

    Examples
    --------
    >>> lo, hi = wilson_interval([0, 3, 10], [10, 10, 10])
    >>> lo.round(4), hi.round(4)
    (array([0.    , 0.1078, 0.7225]), array([0.2775, 0.6032, 1.    ]))
    """
    _check_confidence(confidence)
    x, k = np.broadcast_arrays(np.asarray(successes, dtype=float), np.asarray(n, dtype=float))
    if np.any((x < 0) | (x > k)):
        raise MaturityError(
            "wilson_interval: successes must lie between 0 and n; "
            f"got successes={x.tolist()}, n={k.tolist()}"
        )
    z = st.norm.ppf(0.5 + confidence / 2)
    ok = k > 0
    kk = np.where(ok, k, 1.0)
    p = x / kk
    denom = 1 + z**2 / kk
    centre = (p + z**2 / (2 * kk)) / denom
    half = z * np.sqrt(p * (1 - p) / kk + z**2 / (4 * kk**2)) / denom
    lo = np.where(ok, np.clip(centre - half, 0, 1), np.nan)
    hi = np.where(ok, np.clip(centre + half, 0, 1), np.nan)
    return lo, hi


def paired_change(a: np.ndarray, b: np.ndarray, confidence: float) -> dict[str, np.ndarray]:
    """Means of matched scores (rows: lines) and the t-interval of the mean difference."""
    k, n = a.shape
    if n == 0:
        nan = np.full(k, np.nan)
        return {"score_from": nan, "score_to": nan, "score_delta": nan}
    d = b - a
    delta = d.mean(axis=1)
    sd = d.std(axis=1, ddof=1) if n > 1 else np.full(k, np.nan)
    lo, hi = t_interval(delta, sd, n, confidence=confidence)
    return {
        "score_from": a.mean(axis=1), "score_to": b.mean(axis=1), "score_delta": delta,
        "ci_low": lo, "ci_high": hi,
    }


def welch_change(
    a: np.ndarray, n_a: np.ndarray, b: np.ndarray, n_b: np.ndarray, confidence: float
) -> dict[str, np.ndarray]:
    """Means of all scores of each wave and Welch's interval of ``mean_b - mean_a``, every
    line at once: ``a`` holds the lines' scores one block after the other (``n_a`` each).

    The interval is scipy's (:meth:`scipy.stats.ttest_ind`, ``equal_var=False``): the
    difference plus or minus ``t(df).ppf((1 + confidence) / 2) * sqrt(va / na + vb / nb)``
    with the Welch-Satterthwaite ``df``; both variances zero: the difference itself; fewer
    than two scores on a side: NaN.
    """
    def moments(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = n.size
        code = np.repeat(np.arange(k), n)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(code, x, minlength=k) / n
            dev = x - mean[code]
            var = np.bincount(code, dev * dev, minlength=k) / (n - 1)
        return mean, var

    mean_a, var_a = moments(a, n_a)
    mean_b, var_b = moments(b, n_b)
    diff = mean_b - mean_a
    lo = np.full(n_a.size, np.nan)
    hi = np.full(n_a.size, np.nan)
    ok = (n_a >= 2) & (n_b >= 2)
    point = ok & (var_a == 0) & (var_b == 0)
    lo[point] = hi[point] = diff[point]
    ok &= ~point
    if ok.any():
        va, vb = var_a[ok] / n_a[ok], var_b[ok] / n_b[ok]
        df = (va + vb) ** 2 / (va**2 / (n_a[ok] - 1) + vb**2 / (n_b[ok] - 1))
        half = st.t.ppf((1 + confidence) / 2, df) * np.sqrt(va + vb)
        lo[ok] = diff[ok] - half
        hi[ok] = diff[ok] + half
    return {"score_from": mean_a, "score_to": mean_b, "score_delta": diff,
            "ci_low": lo, "ci_high": hi}


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise MaturityError(
            f"confidence must lie strictly between 0 and 1 (e.g. 0.95); got {confidence!r}"
        )
