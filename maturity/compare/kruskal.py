"""Many groups: Kruskal-Wallis across business lines, Dunn's pairs, p-value adjustment.

:func:`kruskal_dunn` on a long frame; :func:`kruskal_dunn_codes` on arrays of integer group codes
(one call per wave in :func:`maturity.compare.lines.line_comparison`), both giving the same
numbers; :func:`p_adjust` for Holm (1979), Benjamini-Hochberg and Bonferroni.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats as st

from maturity.compare.ranktests import ArrayLike, check_method, quiet
from maturity.exceptions import MaturityWarning

__all__ = ["p_adjust", "kruskal_dunn", "kruskal_dunn_codes"]


def p_adjust(
    p_values: ArrayLike, method: Literal["holm", "bh", "bonferroni", "none"] = "holm"
) -> np.ndarray:
    """Adjust p-values for multiple comparisons.

    Parameters
    ----------
    p_values : array-like
        Raw p-values; NaN values are kept as NaN and not counted.
    method : {'holm', 'bh', 'bonferroni', 'none'}
        Holm's step-down (controls the family-wise error), Benjamini-Hochberg
        (:func:`scipy.stats.false_discovery_control`, controls the false discovery rate),
        Bonferroni, or no adjustment.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order.

    Notes
    -----
    Holm (1979): sort the m p-values ascending, ``p_(i) * (m - i + 1)`` for i = 1..m, then a
    running maximum so the adjusted values keep the order, capped at 1.

    Examples
    --------
    >>> p_adjust([0.01, 0.04, 0.03, 0.005])
    array([0.03, 0.06, 0.06, 0.02])
    """
    p = np.asarray(p_values, dtype=float).ravel()
    check_method(method, ("holm", "bh", "bonferroni", "none"), "p_adjust")
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    q = p[ok]
    m = q.size
    if m == 0:
        return out
    if method == "none":
        adj = q
    elif method == "bonferroni":
        adj = np.minimum(q * m, 1.0)
    elif method == "bh":
        adj = st.false_discovery_control(q, method="bh")
    else:
        order = np.argsort(q, kind="mergesort")
        stepped = np.maximum.accumulate(q[order] * (m - np.arange(m)))
        adj = np.empty(m)
        adj[order] = np.minimum(stepped, 1.0)
    out[ok] = adj
    return out


def kruskal_dunn(
    frame: pd.DataFrame,
    value: str,
    group: str,
    p_adjust: Literal["holm", "bh", "bonferroni", "none"] = "holm",
    alpha: float = 0.05,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Kruskal-Wallis test across groups, then Dunn's pairwise test with tie correction.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long frame, one row per observation; NaN values are excluded.
    value : str
        Column of the observations.
    group : str
        Column of the group labels (e.g. ``business_line``).
    p_adjust : {'holm', 'bh', 'bonferroni', 'none'}
        Adjustment of the pairwise p-values (see :func:`p_adjust`).
    alpha : float
        Level at which ``significant`` is set (on the adjusted p-value).

    Returns
    -------
    omnibus : dict
        ``statistic`` (H, tie-corrected), ``p_value``, ``df``, ``n``, ``k`` (groups with data),
        ``epsilon_squared`` (``H / (n - 1)``, the rank effect size of Tomczak & Tomczak 2014)
        and ``note``.
    pairwise : pandas.DataFrame
        One row per pair of groups (in sorted label order): ``group_a, group_b, n_a, n_b, z,
        p_value, p_adjusted, significant``. ``z`` is positive when ``group_a`` has the higher
        mean rank.

    Notes
    -----
    H from :func:`scipy.stats.kruskal`. Dunn (1964): with mean ranks ``R_i`` over all ``N``
    observations, ``z = (R_a - R_b) / sqrt((N(N+1)/12 - sum(t^3 - t) / (12(N-1)))
    (1/n_a + 1/n_b))``, where ``t`` runs over the sizes of tied groups; two-sided normal
    p-values. Test vector (Hollander & Wolfe 1973, scipy docs): [2.9, 3.0, 2.5, 2.6, 3.2],
    [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0] give H = 0.7714, p = 0.680.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "line": ["a"] * 5 + ["b"] * 4 + ["c"] * 5,
    ...     "value": [2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0]})
    >>> omnibus, pairs = kruskal_dunn(df, "value", "line")
    >>> round(omnibus["statistic"], 4), round(omnibus["p_value"], 3)
    (0.7714, 0.68)
    >>> pairs[["group_a", "group_b", "z", "p_adjusted", "significant"]].round(3)
      group_a group_b      z  p_adjusted  significant
    0       a       b -0.641         1.0        False
    1       a       c  0.227         1.0        False
    2       b       c  0.855         1.0        False
    """
    adj_method = p_adjust
    # rows without a group are not observations of any group (nor ranked with them)
    data = frame.loc[frame[value].notna() & frame[group].notna(), [group, value]]
    sizes = data.groupby(group, sort=True, observed=True)[value].size()
    sizes = sizes[sizes > 0]
    labels = list(sizes.index)
    n_total = int(sizes.sum())
    omnibus: dict[str, Any] = {
        "statistic": np.nan,
        "p_value": np.nan,
        "df": max(len(labels) - 1, 0),
        "n": n_total,
        "k": len(labels),
        "epsilon_squared": np.nan,
        "note": "",
    }
    pair_cols = ["group_a", "group_b", "n_a", "n_b", "z", "p_value", "p_adjusted", "significant"]
    values = data[value].to_numpy(dtype=float)
    if len(labels) < 2:
        omnibus["note"] = "fewer than two groups with data: no test"
    elif np.all(values == values[0]):
        omnibus["note"] = "all values identical: no test"
    if omnibus["note"]:
        warnings.warn(f"kruskal_dunn: {omnibus['note']}", MaturityWarning, stacklevel=2)
        pairs = _empty_pairs(labels, sizes, pair_cols)
        return omnibus, pairs

    codes = pd.Index(labels).get_indexer(data[group])
    test, pair = kruskal_dunn_codes(values, codes, sizes.to_numpy(), adj_method, alpha)
    omnibus.update(test)
    single = [str(g) for g, n in sizes.items() if n == 1]
    if single:
        warnings.warn("kruskal_dunn: groups with a single observation: "
                      + ", ".join(single[:5]) + (", ..." if len(single) > 5 else "")
                      + f"; {omnibus['note']}", MaturityWarning, stacklevel=2)
    labels_ = np.asarray(labels, dtype=object)
    pairs = pd.DataFrame(
        {
            "group_a": labels_[pair["group_a"]],
            "group_b": labels_[pair["group_b"]],
            "n_a": pair["n_a"].astype("int64"),
            "n_b": pair["n_b"].astype("int64"),
            "z": pair["z"],
            "p_value": pair["p_value"],
            "p_adjusted": pair["p_adjusted"],
            "significant": pair["significant"],
        }
    )
    return omnibus, pairs


def kruskal_dunn_codes(
    values: np.ndarray, codes: np.ndarray, sizes: np.ndarray,
    p_adjust: Literal["holm", "bh", "bonferroni", "none"] = "holm", alpha: float = 0.05,
) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """The tests of :func:`kruskal_dunn` on arrays: ``values`` (no NaN, not all equal) in
    groups given by integer ``codes`` ``0..k-1`` with ``sizes`` (each > 0, k >= 2).

    Returns ``(statistic, p_value, epsilon_squared)`` as a dict and the pairs ``group_a,
    group_b`` (codes, ``a < b``), ``n_a, n_b, z, p_value, p_adjusted, significant`` as arrays.
    The groups' values go to :func:`scipy.stats.kruskal` in row order and the mean ranks come
    from pandas' grouped mean, so :func:`kruskal_dunn` and callers that hold codes (e.g.
    :func:`maturity.compare.trends.line_comparison`, one call per wave) get the same numbers.

    Examples
    --------
    >>> v = np.array([2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0])
    >>> test, pairs = kruskal_dunn_codes(v, np.repeat([0, 1, 2], [5, 4, 5]), np.array([5, 4, 5]))
    >>> round(test["statistic"], 4), pairs["z"].round(3).tolist()
    (0.7714, [-0.641, 0.227, 0.855])
    """
    k = len(sizes)
    n_total = int(np.sum(sizes))
    order = np.argsort(codes, kind="stable")  # each group's rows, in row order
    grouped = values[order]
    res, said = quiet(st.kruskal, *np.split(grouped, np.cumsum(sizes)[:-1]))
    test: dict[str, Any] = {"statistic": float(res.statistic), "p_value": float(res.pvalue),
                            "epsilon_squared": float(res.statistic) / (n_total - 1)}
    n_single = int((np.asarray(sizes) == 1).sum())
    caveat = (f"{n_single} group(s) with a single observation: their comparisons rest on one "
              "value each; read them with care") if n_single else ""
    if said or caveat:  # H runs, but a group of one is one value, not a distribution
        test["note"] = "; ".join(x for x in (caveat, said) if x)
    ranks = st.rankdata(values)
    mean_rank = pd.Series(ranks[order]).groupby(np.repeat(np.arange(k), sizes)).mean().to_numpy()
    _, tie_counts = np.unique(values, return_counts=True)
    tie_term = float(np.sum(tie_counts**3 - tie_counts)) / (12 * (n_total - 1))
    var_base = n_total * (n_total + 1) / 12 - tie_term
    ia, ib = np.triu_indices(k, k=1)
    na, nb = np.asarray(sizes)[ia], np.asarray(sizes)[ib]
    z = (mean_rank[ia] - mean_rank[ib]) / np.sqrt(var_base * (1 / na + 1 / nb))
    p = 2 * st.norm.sf(np.abs(z))
    padj = _p_adjust(p, p_adjust)
    return test, {"group_a": ia, "group_b": ib, "n_a": na, "n_b": nb, "z": z, "p_value": p,
                  "p_adjusted": padj, "significant": padj < alpha}


_p_adjust = p_adjust  # kruskal_dunn's keyword shadows the function name


def _empty_pairs(labels: list[Any], sizes: pd.Series, cols: list[str]) -> pd.DataFrame:
    ia, ib = np.triu_indices(len(labels), k=1)
    la = np.asarray(labels, dtype=object)[ia]
    lb = np.asarray(labels, dtype=object)[ib]
    return pd.DataFrame(
        {
            "group_a": la,
            "group_b": lb,
            "n_a": sizes.to_numpy()[ia].astype("int64"),
            "n_b": sizes.to_numpy()[ib].astype("int64"),
            "z": np.nan,
            "p_value": np.nan,
            "p_adjusted": np.nan,
            "significant": False,
        },
        columns=cols,
    )
