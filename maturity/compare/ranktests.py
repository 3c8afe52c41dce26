"""Two-sample rank tests: Wilcoxon signed-rank (paired waves), Mann-Whitney U (unpaired).

One formulation of each test, batched: :func:`signed_rank_tests` and :func:`rank_sum_tests` test
every row of a matrix (a business line's scores) at once, one scipy call per batch of rows with
the same sample sizes and ties (the seeded resamples are those a call per row would draw);
:func:`paired_test` and :func:`unpaired_test` are the one-row calls, with their effect sizes.
Degenerate inputs (no data, one observation, every value the same) give NaN statistics with a
``note`` that says why, and a :class:`~maturity.exceptions.MaturityWarning` for the scalar tests.

Sign conventions
----------------
* :func:`paired_test` (``before``, ``after``): the rank-biserial correlation is positive when
  ``after`` tends to be larger than ``before`` (differences are ``after - before``).
* :func:`unpaired_test` (``a``, ``b``): Cliff's delta is positive when ``a`` tends to be larger
  than ``b``.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats as st

from maturity.exceptions import MaturityError, MaturityWarning

__all__ = [
    "TestResult",
    "paired_test",
    "unpaired_test",
    "signed_rank_tests",
    "rank_sum_tests",
]

ArrayLike = Any  # scalars, sequences, numpy arrays or pandas Series


#: Above this many observations with ties, the 'auto' method switches from a permutation
#: p-value to the normal approximation (the permutation distribution is then very close to it).
_PERMUTATION_MAX_N = 1000


#: Largest sample for which 'auto' uses an exact null distribution when there are no ties.
_EXACT_MAX_N = 50


@dataclass(frozen=True)
class TestResult:
    """Result of :func:`paired_test` or :func:`unpaired_test`.

    Attributes
    ----------
    statistic : float
        Wilcoxon ``W`` (the smaller of the signed-rank sums, as scipy reports it for a
        two-sided test) or Mann-Whitney ``U1`` (the U of the first sample).
    p_value : float
        Two-sided p-value.
    effect_size : float
        Matched-pairs rank-biserial correlation (paired) or Cliff's delta (unpaired), in [-1, 1].
    effect_size_kind : str
        ``'rank_biserial'`` or ``'cliffs_delta'``.
    n : int
        Number of pairs used (non-zero differences for the paired test) or ``n1 + n2``.
    method : str
        How the p-value was obtained: ``'exact'``, ``'approx'`` (normal approximation) or
        ``'permutation'``; ``''`` when no test was possible.
    note : str
        Why a value is NaN, or ``''``.
    """

    __test__ = False  # not a pytest test class despite the name

    statistic: float
    p_value: float
    effect_size: float
    effect_size_kind: str
    n: int
    method: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The result as a plain dict (handy for building frames)."""
        return asdict(self)


def paired_test(
    before: ArrayLike,
    after: ArrayLike,
    method: Literal["auto", "exact", "approx", "permutation"] = "auto",
    n_resamples: int = 9999,
    seed: int = 0,
) -> TestResult:
    """Wilcoxon signed-rank test of paired observations, with the rank-biserial effect size.

    Parameters
    ----------
    before, after : array-like
        Paired observations of equal length (e.g. a respondent's score in two waves). Pairs
        with a NaN on either side are dropped.
    method : {'auto', 'exact', 'approx', 'permutation'}
        How to get the p-value. ``'auto'``: exact when there are no ties and no zero
        differences and at most 50 pairs; a seeded permutation distribution when there are
        ties or zeros (as Likert differences always have), up to 1000 pairs; the normal
        approximation beyond.
    n_resamples : int
        Resamples of the permutation method (the exact distribution is enumerated instead when
        ``2**n <= n_resamples``).
    seed : int
        Seed of the permutation method.

    Returns
    -------
    TestResult
        ``statistic`` = W, the smaller of the positive and negative rank sums (scipy's
        two-sided statistic); ``effect_size`` = matched-pairs rank-biserial correlation,
        positive when ``after > before``; ``n`` = number of non-zero differences.

    Notes
    -----
    Zero differences are dropped before ranking (Wilcoxon's original ``zero_method='wilcox'``).
    With ``T+`` and ``T-`` the rank sums of the positive and negative differences
    ``after - before`` (average ranks of ``|d|`` for ties), the matched-pairs rank-biserial
    correlation is ``r = (T+ - T-) / (T+ + T-)`` (Kerby 2014). Test vector (Wilcoxon 1945,
    Darwin's data, scipy docs): W = 24, exact p = 0.041259765625, r = 0.6.

    Examples
    --------
    >>> d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
    >>> res = paired_test([0] * 15, d)
    >>> res.statistic, round(res.p_value, 6), res.effect_size, res.method
    (24.0, 0.04126, 0.6, 'exact')
    """
    x = float_array(before)
    y = float_array(after)
    if x.shape != y.shape:
        raise MaturityError(
            f"paired_test: before and after must have the same length; got {x.size} and "
            f"{y.size}. Pair the observations (e.g. by respondent) first."
        )
    check_method(method, ("auto", "exact", "approx", "permutation"), "paired_test")
    n = int(np.count_nonzero(np.isfinite(x) & np.isfinite(y) & (y != x)))
    return _one_row(
        signed_rank_tests, "wilcoxon", "rank_biserial", n, x[None, :], y[None, :], method,
        n_resamples, seed,
    )


def unpaired_test(
    a: ArrayLike,
    b: ArrayLike,
    method: Literal["auto", "exact", "approx", "permutation"] = "auto",
    n_resamples: int = 9999,
    seed: int = 0,
) -> TestResult:
    """Mann-Whitney U test of two independent samples, with Cliff's delta.

    Parameters
    ----------
    a, b : array-like
        The two samples; NaN values are dropped.
    method : {'auto', 'exact', 'approx', 'permutation'}
        ``'auto'``: exact when there are no ties and both samples have at most 50 values;
        a seeded permutation test (:class:`scipy.stats.PermutationMethod`, which runs
        :func:`scipy.stats.permutation_test` on U) when there are ties, up to 1000 values in
        all; the normal approximation with tie correction beyond. ``'approx'`` is scipy's
        ``'asymptotic'``.
    n_resamples : int
        Resamples of the permutation method.
    seed : int
        Seed of the permutation method.

    Returns
    -------
    TestResult
        ``statistic`` = U1, the U statistic of ``a``; ``effect_size`` = Cliff's delta,
        positive when ``a`` tends to be larger than ``b``; ``n`` = ``n1 + n2``.

    Notes
    -----
    ``U1`` counts the pairs (a_i, b_j) with a_i > b_j, ties counting one half; Cliff's delta
    = ``P(a > b) - P(a < b) = 2 U1 / (n1 n2) - 1`` (Cliff 1993). Test vector (Shier 2004,
    "Mann-Whitney U test"): [19, 22, 16, 29, 24] vs [20, 11, 17, 12] gives U1 = 17, exact
    p = 0.1111, delta = 0.7.

    Examples
    --------
    >>> res = unpaired_test([19, 22, 16, 29, 24], [20, 11, 17, 12])
    >>> res.statistic, round(res.p_value, 4), round(res.effect_size, 3), res.method
    (17.0, 0.1111, 0.7, 'exact')
    """
    x = float_array(a)
    y = float_array(b)
    check_method(method, ("auto", "exact", "approx", "permutation"), "unpaired_test")
    n = int(np.count_nonzero(np.isfinite(x)) + np.count_nonzero(np.isfinite(y)))
    return _one_row(
        rank_sum_tests, "mannwhitneyu", "cliffs_delta", n, x[None, :], y[None, :], method,
        n_resamples, seed,
    )


def _one_row(
    batch: Any, name: str, kind: str, n: int, *args: Any  # noqa: ANN401
) -> TestResult:
    """The batched test ``batch`` of one row as a :class:`TestResult`: scipy's warnings caught
    and returned as its note (prefixed by ``name``), a degenerate row warned about."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = batch(*args)
    said = "; ".join(dict.fromkeys(
        f"{name}: {w.message}" for w in caught if issubclass(w.category, RuntimeWarning)))
    degenerate = str(r["note"][0])
    if degenerate:
        warnings.warn(degenerate, MaturityWarning, stacklevel=3)
    return TestResult(
        statistic=float(r["statistic"][0]),
        p_value=float(r["p_value"][0]),
        effect_size=float(r["effect_size"][0]),
        effect_size_kind=kind,
        n=n,
        method=str(r["p_method"][0]),
        note=degenerate or said,
    )


def signed_rank_tests(
    before: np.ndarray, after: np.ndarray, method: str, n_resamples: int, seed: int
) -> dict[str, np.ndarray]:
    """Wilcoxon signed-rank test of ``after - before`` in every row (line) at once.

    Zero differences are dropped (``zero_method='wilcox'``); ``T+``, ``T-`` the rank sums of
    the positive and negative differences, the effect size ``(T+ - T-) / (T+ + T-)`` (Kerby
    2014); the p-value exact, by seeded permutation or normal as :func:`choose_method` says.
    Rows with the same number of non-zero differences and ties go to scipy in one call. Returns
    arrays ``statistic, p_value, effect_size, p_method, note`` (see :func:`paired_test`).
    """
    k = before.shape[0]
    stat, p, effect = np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan)
    used = np.full(k, "", dtype=object)
    note = np.full(k, "", dtype=object)
    keep = np.isfinite(before) & np.isfinite(after)
    d = after - before
    valid = keep & (d != 0)
    nz = valid.sum(axis=1)
    none = nz == 0
    note[none] = np.where(
        keep[none].any(axis=1), "all differences are zero: no test", "no pairs: no test"
    )
    for m in np.unique(nz[~none]):
        rows = np.flatnonzero(nz == m)
        dm = d[rows][valid[rows]].reshape(rows.size, m)  # zeros dropped, order kept
        ranks = st.rankdata(np.abs(dm), axis=1)
        t_plus = np.where(dm > 0, ranks, 0.0).sum(axis=1)
        t_minus = np.where(dm < 0, ranks, 0.0).sum(axis=1)
        effect[rows] = (t_plus - t_minus) / (t_plus + t_minus)
        if m == 1:
            note[rows] = "one non-zero difference: no test"
            continue
        s = np.sort(np.abs(dm), axis=1)
        ties = (s[:, 1:] == s[:, :-1]).any(axis=1)
        for tie in (False, True):
            sub = np.flatnonzero(ties == tie)
            if not sub.size:
                continue
            how = choose_method(method, bool(tie), int(m))
            if how == "permutation":
                r = st.permutation_test(
                    (dm[sub],), _positive_rank_sum, permutation_type="samples",
                    n_resamples=n_resamples, rng=seed, alternative="two-sided", axis=-1,
                    vectorized=True, batch=_resample_batch(sub.size * int(m)),
                )
                p[rows[sub]] = r.pvalue
                stat[rows[sub]] = np.minimum(t_plus[sub], t_minus[sub])
            else:
                r = st.wilcoxon(dm[sub], zero_method="wilcox", method=how, axis=-1)
                p[rows[sub]] = r.pvalue
                stat[rows[sub]] = r.statistic
            used[rows[sub]] = how
    return {"statistic": stat, "p_value": p, "effect_size": effect, "p_method": used,
            "note": note}


def rank_sum_tests(
    x: np.ndarray, y: np.ndarray, method: str, n_resamples: int, seed: int
) -> dict[str, np.ndarray]:
    """Mann-Whitney U test of ``x`` vs ``y`` in every row (line) at once.

    ``U1`` the U of ``x`` from its rank sum, Cliff's delta ``2 U1 / (n1 n2) - 1`` (Cliff 1993);
    the p-value as :func:`choose_method` says. Rows with the same sample sizes and ties go to
    scipy in one call. Returns arrays ``statistic, p_value, effect_size, p_method, note`` (see
    :func:`unpaired_test`).
    """
    k = x.shape[0]
    stat, p, effect = np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan)
    used = np.full(k, "", dtype=object)
    note = np.full(k, "", dtype=object)
    fx, fy = np.isfinite(x), np.isfinite(y)
    n1, n2 = fx.sum(axis=1), fy.sum(axis=1)
    for a1, a2 in np.unique(np.stack([n1, n2]), axis=1).T:
        rows = np.flatnonzero((n1 == a1) & (n2 == a2))
        if a1 == 0 or a2 == 0:
            note[rows] = "a sample is empty: no test"
            continue
        xs = x[rows][fx[rows]].reshape(rows.size, a1)
        ys = y[rows][fy[rows]].reshape(rows.size, a2)
        both = np.concatenate([xs, ys], axis=1)
        u1 = st.rankdata(both, axis=1)[:, :a1].sum(axis=1) - a1 * (a1 + 1) / 2
        effect[rows] = 2 * u1 / (a1 * a2) - 1
        same = (both == both[:, :1]).all(axis=1)
        note[rows[same]] = "all values identical: no test"
        stat[rows[same]] = u1[same]
        s = np.sort(both, axis=1)
        ties = (s[:, 1:] == s[:, :-1]).any(axis=1)
        for tie in (False, True):
            sub = np.flatnonzero(~same & (ties == tie))
            if not sub.size:
                continue
            how = choose_method(method, bool(tie), int(a1 + a2 if tie else max(a1, a2)))
            if how == "permutation" and min(a1, a2) < 2:
                note[rows[sub]] = "a sample has a single value: no permutation test"
                stat[rows[sub]] = u1[sub]
                continue
            scipy_method: Any = {"approx": "asymptotic"}.get(how, how)
            if how == "permutation":
                scipy_method = st.PermutationMethod(
                    n_resamples=n_resamples, rng=seed,
                    batch=_resample_batch(sub.size * int(a1 + a2)),
                )
            r = st.mannwhitneyu(
                xs[sub], ys[sub], alternative="two-sided", method=scipy_method, axis=-1
            )
            p[rows[sub]] = r.pvalue
            stat[rows[sub]] = r.statistic
            used[rows[sub]] = how
    return {"statistic": stat, "p_value": p, "effect_size": effect, "p_method": used,
            "note": note}


#: Values of resampled data per batch of a permutation test (bounds its memory; scipy draws
#: the same resamples whatever the batch size, so the p-values do not depend on it).
_RESAMPLED = 1 << 20


def _resample_batch(values_per_resample: int) -> int:
    """Resamples per batch of a permutation test whose resamples hold this many values."""
    return max(1, _RESAMPLED // max(1, values_per_resample))


def _positive_rank_sum(d: np.ndarray, axis: int = -1) -> np.ndarray:
    """Wilcoxon's T+ along ``axis`` (scipy's statistic of the signed-rank permutation test)."""
    ranks = st.rankdata(np.abs(d), axis=axis)
    return np.where(d > 0, ranks, 0.0).sum(axis=axis)


def float_array(values: ArrayLike) -> np.ndarray:
    """A flat float array of ``values``; ``None``, ``pd.NA`` and ``NaN`` (nullable ``Float64``,
    ``Int64``, ``boolean`` or object data) become NaN.

    Examples
    --------
    >>> float_array([1, pd.NA, 3, None]).tolist()
    [1.0, nan, 3.0, nan]
    >>> float_array(pd.array([1, None], dtype="Int64")).tolist()
    [1.0, nan]
    """
    try:
        return np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        pass
    if isinstance(values, (pd.Series, pd.Index)) or pd.api.types.is_extension_array_dtype(values):
        return pd.Series(values).to_numpy(dtype=float, na_value=np.nan).ravel()
    obj = pd.Series(np.asarray(values, dtype=object).ravel(), dtype=object)
    return obj.mask(obj.isna(), np.nan).to_numpy(dtype=float)


def quiet(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, str]:  # noqa: ANN401
    """``fn(*args, **kwargs)`` with the warnings it raises (scipy's RuntimeWarnings, its
    notes on exact p-values with ties) caught and returned as one note, not printed."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fn(*args, **kwargs)
    notes = dict.fromkeys(f"{getattr(fn, '__name__', 'scipy')}: {w.message}" for w in caught
                          if issubclass(w.category, RuntimeWarning))
    return res, "; ".join(notes)


def choose_method(method: str, has_ties: bool, n: int) -> str:
    """How ``'auto'`` gets a p-value: exact without ties up to :data:`_EXACT_MAX_N`, a seeded
    permutation distribution with ties up to :data:`_PERMUTATION_MAX_N`, else the normal
    approximation (methods.md); any other ``method`` is kept."""
    if method != "auto":
        return method
    if not has_ties and n <= _EXACT_MAX_N:
        return "exact"
    if has_ties and n <= _PERMUTATION_MAX_N:
        return "permutation"
    return "approx"


def check_method(method: str, allowed: tuple[str, ...], where: str) -> None:
    """Raise :class:`~maturity.exceptions.MaturityError` for a ``method`` not in ``allowed``."""
    if method not in allowed:
        raise MaturityError(
            f"{where}: unknown method {method!r}; expected one of {', '.join(allowed)}"
        )
