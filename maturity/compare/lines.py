"""Do business lines differ? Kruskal-Wallis per wave with Dunn's pairs; lines ranked per wave.

:func:`line_comparison` tests the respondent scores of all lines of a wave (Kruskal 1952 and
Wallis; Dunn 1964, Holm 1979) with Cliff's delta (Cliff 1993) of every pair of lines;
:func:`rankings` ranks the lines by maturity index in each wave with the change of rank.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from maturity.compare.frames import (
    check_wave_labels,
    chosen_pairs,
    object_ids,
    ordered_waves,
    require_columns,
)
from maturity.compare.kruskal import kruskal_dunn, kruskal_dunn_codes
from maturity.compare.respondents import respondent_scores
from maturity.exceptions import InputError
from maturity.waves import wave_rank

__all__ = ["line_comparison", "rankings", "LINE_COMPARISON_COLUMNS", "RANKINGS_COLUMNS"]


#: Columns of :func:`line_comparison`, in order.
LINE_COMPARISON_COLUMNS = [
    "wave", "comparison", "line_a", "line_b", "statistic", "p_value", "p_adjusted",
    "significant", "effect_size", "effect_size_kind", "n_a", "n_b", "note",
]


#: Columns of :func:`rankings`, in order.
RANKINGS_COLUMNS = [
    "wave", "business_line", "rank", "maturity_index", "maturity_level", "rank_change",
    "compared_with",
]


def line_comparison(
    responses: pd.DataFrame,
    *,
    wave: str | Sequence[str] | None = None,
    process_areas: Sequence[str] | pd.DataFrame | None = None,
    p_adjust: Literal["holm", "bh", "bonferroni", "none"] = "holm",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Do business lines differ? Kruskal-Wallis per wave, then Dunn's pairs with Holm.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame.
    wave : str or list of str, optional
        Wave(s) to compare; default every wave.
    process_areas : list of str or DataFrame, optional
        Restrict the respondent scores to these process areas.
    p_adjust : {'holm', 'bh', 'bonferroni', 'none'}
        Adjustment of the pairwise p-values within a wave.
    alpha : float
        Level for ``significant``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LINE_COMPARISON_COLUMNS`. Per wave one ``comparison = 'omnibus'`` row
        (``statistic`` = H, ``p_adjusted`` = ``p_value`` since it is a single test,
        ``effect_size`` = epsilon-squared ``H / (n - 1)``, ``line_a``/``line_b`` empty, ``n_a``
        = respondents, ``n_b`` = lines) followed by one ``'pairwise'`` row per pair of lines
        (``statistic`` = Dunn's z, positive when ``line_a`` ranks higher; ``effect_size`` =
        Cliff's delta of ``line_a`` vs ``line_b``; ``n_a, n_b`` respondents). Observations
        are respondent scores (:func:`respondent_scores`).

    Notes
    -----
    See :func:`maturity.compare.stats.kruskal_dunn` for the formulas and the test vector.

    Examples
    --------
    >>> resp = pd.DataFrame({
    ...     "wave": "2025-03", "business_line": ["a"] * 4 + ["b"] * 4,
    ...     "respondent": list("pqrstuvw"), "value": [1, 2, 1, 2, 3, 4, 3, 4.0], "na": False})
    >>> out = line_comparison(resp)
    >>> out[["comparison", "line_a", "line_b", "statistic", "p_value", "effect_size"]].round(3)
      comparison line_a line_b  statistic  p_value  effect_size
    0    omnibus                      5.600    0.018          0.8
    1   pairwise      a      b     -2.366    0.018         -1.0
    """
    scores = respondent_scores(responses, process_areas)
    if wave is not None:
        wanted = [wave] if isinstance(wave, str) else list(wave)
        unknown = sorted(set(wanted) - set(scores["wave"]))
        if unknown:
            raise InputError(
                f"line_comparison: wave(s) {', '.join(unknown)} have no scored answers; "
                f"found {', '.join(sorted(scores['wave'].unique()))}"
            )
        scores = scores[scores["wave"].isin(wanted)]
    # one block of rows per wave: the omnibus row, then a row per pair of lines; the columns are
    # allocated once at their final size and filled wave by wave
    waves = []
    for w, g in scores.groupby("wave", sort=True, observed=True):
        line, names = pd.factorize(g["business_line"], sort=True)
        waves.append((w, line, np.asarray(names, dtype=object), g["score"].to_numpy(dtype=float)))
    rank = wave_rank([str(t[0]) for t in waves], responses)  # blocks in time order
    waves.sort(key=lambda t: rank[str(t[0])])
    if not waves:
        out = pd.DataFrame([], columns=LINE_COMPARISON_COLUMNS)
        for c in ("n_a", "n_b"):
            out[c] = out[c].astype("int64")
        out["significant"] = out["significant"].astype(bool)
        return out
    total = sum(1 + len(names) * (len(names) - 1) // 2 for _, _, names, _ in waves)
    kinds = {"statistic": float, "p_value": float, "p_adjusted": float, "effect_size": float,
             "significant": bool, "n_a": np.int64, "n_b": np.int64}
    cols = {
        c: np.empty(total, dtype=kinds.get(c, object)) for c in LINE_COMPARISON_COLUMNS
    }
    at = 0
    for w, line, names, values in waves:
        omnibus, pairs = _kruskal_dunn(values, line, len(names), p_adjust, alpha)
        p = omnibus["p_value"]
        ia, ib = pairs["group_a"], pairs["group_b"]
        m = ia.size + 1
        rows = slice(at, at + m)
        body = slice(at + 1, at + m)
        cols["wave"][rows] = w
        cols["comparison"][at] = "omnibus"
        cols["comparison"][body] = "pairwise"
        cols["line_a"][at] = cols["line_b"][at] = ""
        cols["line_a"][body] = names[ia]
        cols["line_b"][body] = names[ib]
        for c, first, rest in (
            ("statistic", omnibus["statistic"], pairs["z"]),
            ("p_value", p, pairs["p_value"]),
            ("p_adjusted", p, pairs["p_adjusted"]),
            ("significant", bool(p < alpha), pairs["significant"]),
            ("effect_size", omnibus["epsilon_squared"],
             _cliffs_deltas(values, line, len(names), ia, ib)),
            ("n_a", omnibus["n"], pairs["n_a"]),
            ("n_b", omnibus["k"], pairs["n_b"]),
        ):
            cols[c][at] = first
            cols[c][body] = rest
        cols["effect_size_kind"][at] = "epsilon_squared"
        cols["effect_size_kind"][body] = "cliffs_delta"
        cols["note"][rows] = omnibus["note"]
        at += m
    # copy=False: the columns are not copied into consolidated blocks (the frame is the same)
    return pd.DataFrame(cols, columns=LINE_COMPARISON_COLUMNS, copy=False)


def rankings(
    maturity: pd.DataFrame,
    *,
    waves: Sequence[str] | None = None,
    baseline: str | None = None,
) -> pd.DataFrame:
    """Business lines ranked by maturity index in each wave.

    Parameters
    ----------
    maturity : pandas.DataFrame
        The ``maturity`` frame (``wave, business_line, maturity_level, maturity_index``).
    waves : list of str, optional
        Only these waves (put in time order); default every wave.
    baseline : str, optional
        ``rank_change`` against this wave instead of the previous one.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RANKINGS_COLUMNS`, sorted by wave and rank. ``rank`` 1 is the highest
        index; equal indices are broken by business-line name (deterministic) and a missing
        index ranks last. ``rank_change`` = rank in the previous wave minus rank now (positive
        = moved up; NA in the first wave or for a line new in this wave), against the wave
        named in ``compared_with`` (the previous wave in time order, or ``baseline``).

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": ["2025-03"] * 3 + ["2025-09"] * 3,
    ...                     "business_line": ["a", "b", "c"] * 2,
    ...                     "maturity_level": [1, 2, 2, 2, 2, 3],
    ...                     "maturity_index": [1.5, 2.2, 2.2, 2.6, 2.4, 3.1]})
    >>> rankings(mat).drop(columns="compared_with")
          wave business_line  rank  maturity_index  maturity_level  rank_change
    0  2025-03             b     1             2.2               2         <NA>
    1  2025-03             c     2             2.2               2         <NA>
    2  2025-03             a     3             1.5               1         <NA>
    3  2025-09             c     1             3.1               3            1
    4  2025-09             a     2             2.6               2            1
    5  2025-09             b     3             2.4               2           -2
    """
    require_columns(
        maturity, ["wave", "business_line", "maturity_level", "maturity_index"], "rankings"
    )
    d = object_ids(
        maturity[["wave", "business_line", "maturity_index", "maturity_level"]],
        ["wave", "business_line"],
    )
    check_wave_labels(d, "maturity")
    d = d.astype({"wave": str})
    if waves is not None or baseline is not None:
        chosen = {p[0] for p in chosen_pairs(waves, d["wave"], baseline=baseline)} | {
            p[1] for p in chosen_pairs(waves, d["wave"], baseline=baseline)}
        d = d[d["wave"].isin(chosen)]
    d["_neg"] = -d["maturity_index"].astype(float)
    order = {w: i for i, w in enumerate(ordered_waves(d["wave"].unique().tolist()))}
    d["_t"] = d["wave"].map(order)
    d = d.sort_values(["_t", "_neg", "business_line"], na_position="last", kind="mergesort")
    d["rank"] = d.groupby("wave", sort=False).cumcount() + 1
    waves_t = sorted(order, key=order.get)
    if baseline is not None:
        prev = {w: str(baseline) for w in waves_t if w != str(baseline)}
    else:
        prev = dict(zip(waves_t[1:], waves_t[:-1], strict=False))
    before = pd.DataFrame(
        {
            "wave": d["wave"].map(prev).to_numpy(dtype=object),
            "business_line": d["business_line"].to_numpy(dtype=object),
        }
    )
    now = d[["wave", "business_line", "rank"]].astype({"wave": object, "business_line": object})
    prev_rank = before.merge(now, on=["wave", "business_line"], how="left")["rank"]
    prev_rank = prev_rank.to_numpy(dtype=float)
    d["rank_change"] = pd.array(prev_rank - d["rank"].to_numpy(), dtype="Int64")
    d["rank"] = d["rank"].astype("int64")
    d["compared_with"] = d["wave"].map(prev).astype(object).fillna("")
    return d[RANKINGS_COLUMNS].reset_index(drop=True)


def _kruskal_dunn(
    values: np.ndarray, line: np.ndarray, k: int, p_adjust: str, alpha: float
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """:func:`maturity.compare.stats.kruskal_dunn` of ``values`` grouped by the codes ``line``
    (``0..k-1``, each occurring), with the pairs as arrays (``group_a, group_b`` as codes):
    the tests of :func:`maturity.compare.kruskal.kruskal_dunn_codes`, without building a frame and a
    mask per line; the degenerate cases (fewer than two lines, all values equal, NaN) go
    through ``kruskal_dunn`` itself.
    """
    ok = ~np.isnan(values)
    if k < 2 or not ok.all() or np.all(values == values[0]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            omnibus, pairs = kruskal_dunn(
                pd.DataFrame({"line": line, "score": values}), "score", "line",
                p_adjust=p_adjust, alpha=alpha,  # type: ignore[arg-type]
            )
        out = {c: pairs[c].to_numpy() for c in pairs.columns}
        out["group_a"] = out["group_a"].astype(np.int64)
        out["group_b"] = out["group_b"].astype(np.int64)
        return omnibus, out
    sizes = np.bincount(line, minlength=k).astype(np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        test, pairs = kruskal_dunn_codes(
            values, line, sizes, p_adjust, alpha  # type: ignore[arg-type]
        )
    omnibus: dict[str, Any] = {"df": k - 1, "n": int(sizes.sum()), "k": k, "note": "", **test}
    return omnibus, pairs


def _cliffs_deltas(
    values: np.ndarray, line: np.ndarray, k: int, ia: np.ndarray, ib: np.ndarray
) -> np.ndarray:
    """Cliff's delta ``2 U1 / (n_a n_b) - 1`` of line ``ia[j]`` against line ``ib[j]``.

    ``U1`` counts the pairs where line a's value is larger, ties one half: for each value of a,
    twice ``U1`` gains ``2 * (b's values below it) + (b's values equal to it)``, read off
    cumulative counts of each line over the sorted distinct values. Integers throughout, so
    the deltas equal the rank-sum formula exactly; lines are taken in chunks to bound memory.
    """
    if ia.size == 0:
        return np.zeros(0)
    order = np.argsort(line, kind="stable")
    ls = line[order]
    uniq, inv = np.unique(values[order], return_inverse=True)
    inv = inv.reshape(-1)
    nd, n = uniq.size, ls.size
    sizes = np.bincount(ls, minlength=k)
    starts = np.cumsum(sizes) - sizes
    twice_u = np.empty((k, k), dtype=np.int64)  # [b, a]
    # each line's count of each distinct value, sparse: twice U of (a, b) is the product of
    # line a's counts with b's 2 * below + equal (integer sums, any order gives the same)
    counts = sparse.csr_matrix(
        (np.ones(n, dtype=np.int64), (ls, inv)), shape=(k, nd), dtype=np.int64
    )
    counts.sum_duplicates()
    step = max(1, 4_000_000 // max(n, nd))
    for b0 in range(0, k, step):
        b1 = min(k, b0 + step)
        sl = slice(starts[b0], starts[b1 - 1] + sizes[b1 - 1])
        cnt = np.bincount((ls[sl] - b0) * nd + inv[sl], minlength=(b1 - b0) * nd)
        cnt = cnt.reshape(b1 - b0, nd)
        below_twice = 2 * np.cumsum(cnt, axis=1) - cnt
        twice_u[b0:b1] = (counts @ np.ascontiguousarray(below_twice.T)).T
    u1 = twice_u[ib, ia] / 2
    return 2 * u1 / (sizes[ia] * sizes[ib]) - 1
