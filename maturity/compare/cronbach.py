"""Cronbach's alpha of a process area's questions, with the Feldt interval.

:func:`cronbach_alpha` takes one long frame; :func:`cronbach_groups` computes the same statistic
for every group of :class:`~maturity.compare.answers.Cells` at once (the frame function
:func:`maturity.compare.reliability.reliability` uses it): listwise deletion, the items'
variances and the variance of the respondents' totals, each a grouped kernel over the sorted
answers.
"""

from __future__ import annotations

import warnings
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy import stats as st

from maturity import _engine as engine
from maturity.compare.answers import (
    Cells,
    Groups,
    Units,
    answer_cells,
    group_runs,
    question_units,
)
from maturity.compare.frames import RESPONSES, require_columns
from maturity.compare.notes import NO_VARIANCE, join_notes
from maturity.exceptions import MaturityWarning

__all__ = ["cronbach_alpha", "cronbach_groups"]

#: Cronbach: the items vary but every respondent's total is the same (alpha = k/(k-1)(1 - s/0))
_TOTALS_CONSTANT = ("undefined: the items vary but the respondents' totals do not (variance of "
                    "the totals 0, alpha divides by it)")


def cronbach_alpha(
    frame: pd.DataFrame,
    *,
    respondent: str = "respondent",
    item: str = "question",
    value: str = "value",
    confidence: float = 0.95,
) -> dict[str, Any]:
    """Cronbach's alpha of a set of items, with the Feldt confidence interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long frame, one row per answer; NaN values are excluded.
    respondent, item, value : str
        Column names of the respondent id, the item (question) id and the numeric answer.
    confidence : float
        Coverage of the interval.

    Returns
    -------
    dict
        ``alpha, ci_low, ci_high`` (floats), ``n`` (complete respondents used), ``k`` (items),
        ``n_dropped`` (respondents dropped by listwise deletion) and ``note`` (why alpha is NaN,
        or which respondents were dropped; ``''`` otherwise). When every answer is the same the
        alpha is undefined (0/0): NaN with the note ``'undefined: no variance'`` and a
        :class:`~maturity.exceptions.MaturityWarning`.

    Notes
    -----
    The long frame is pivoted to respondents x items; respondents who did not answer every item
    are dropped (listwise deletion, reported in ``n_dropped`` and ``note``). With ``k`` items,
    item variances ``s_i^2`` and the variance of the respondents' totals ``s_T^2``:
    ``alpha = k/(k-1) (1 - sum s_i^2 / s_T^2)`` (Cronbach 1951). Feldt (1965) interval:
    ``1 - (1 - alpha) F.isf((1-c)/2, n-1, (n-1)(k-1))`` to
    ``1 - (1 - alpha) F.isf((1+c)/2, n-1, (n-1)(k-1))``.
    Test vector (Denis, *Applied Univariate, Bivariate and Multivariate Statistics*; pingouin's
    docs): 10 respondents x 5 items -> alpha = 0.633.

    Examples
    --------
    >>> wide = pd.DataFrame([[3, 4, 3], [2, 2, 3], [4, 4, 4], [1, 2, 1]],
    ...                     columns=["q1", "q2", "q3"])
    >>> long = wide.rename_axis("respondent").reset_index().melt(
    ...     "respondent", var_name="question", value_name="value")
    >>> res = cronbach_alpha(long)
    >>> round(res["alpha"], 3), round(res["ci_low"], 3), round(res["ci_high"], 3), res["n"]
    (0.939, 0.596, 0.996, 4)
    """
    require_columns(frame, [respondent, item, value], "cronbach_alpha", RESPONSES)
    cells = answer_cells(frame, [], respondent, item, value, scored_only=False)
    if cells.value.size == 0:
        row: dict[str, Any] = {
            "alpha": np.nan, "ci_low": np.nan, "ci_high": np.nan,
            "n": 0, "k": 0, "n_dropped": 0, "note": "no data",
        }
    else:
        t = cronbach_groups(cells, group_runs(cells), confidence)
        row = {
            "alpha": float(t["alpha"][0]),
            "ci_low": float(t["ci_low"][0]),
            "ci_high": float(t["ci_high"][0]),
            "n": int(t["n"][0]),
            "k": int(t["k"][0]),
            "n_dropped": int(t["n_dropped"][0]),
            "note": str(t["note"][0]),
        }
    if np.isnan(row["alpha"]):
        warnings.warn(f"cronbach_alpha: {row['note']}", MaturityWarning, stacklevel=2)
    return row




def cronbach_groups(
    cells: Cells,
    grp: Groups,
    confidence: float,
    units: Units | None = None,
    unit_var: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Cronbach's alpha with listwise deletion and the Feldt interval of every group.

    ``alpha = k/(k-1) (1 - sum s_i^2 / s_T^2)`` (Cronbach 1951) over the respondents who
    answered every item of their group; Feldt (1965) interval (see :func:`cronbach_alpha`).
    ``unit_var``: the variance of each unit over all its cells, reused when no respondent is
    dropped (then the items' variances are exactly these).
    """
    units = units if units is not None else question_units(cells, grp)
    resp = _respondents(cells, grp, units)
    sv = _item_variance_sums(cells, grp, units, resp, unit_var)
    tv = _total_variances(cells, grp, resp)
    k, n, n_all = resp.k, resp.n, resp.n_all
    kk = k.astype(float)
    nn = n.astype(float)
    defined = (kk >= 2) & (nn >= 2) & (tv > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(defined, kk / (kk - 1) * (1 - sv / tv), np.nan)
    df1 = np.where(defined, nn - 1, 1.0)
    df2 = np.where(defined, (nn - 1) * (kk - 1), 1.0)
    f_lo = st.f.isf((1 - confidence) / 2, df1, df2)
    f_hi = st.f.isf((1 + confidence) / 2, df1, df2)
    ci_low = np.where(defined, 1 - (1 - alpha) * f_lo, np.nan)
    ci_high = np.where(defined, 1 - (1 - alpha) * f_hi, np.nan)
    n_dropped = n_all - n
    return {
        "alpha": alpha,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "n": n.astype("int64"),
        "k": k.astype("int64"),
        "n_all": n_all.astype("int64"),
        "n_dropped": n_dropped.astype("int64"),
        "note": _notes(kk, nn, sv, tv, n_dropped, n_all),
    }


class _Respondents(NamedTuple):
    """Each (group, respondent) run of cells, and who answered every item of their group."""

    start: np.ndarray  # first cell of each run
    length: np.ndarray  # cells (items answered) of each run
    group: np.ndarray  # group of each run
    complete: np.ndarray  # answered every item of the group
    n_all: np.ndarray  # respondents per group
    n: np.ndarray  # complete respondents per group
    k: np.ndarray  # items per group


def _respondents(cells: Cells, grp: Groups, units: Units) -> _Respondents:
    n_cells = cells.value.size
    new = np.zeros(n_cells, dtype=bool)  # one run per (group, respondent)
    new[grp.start] = True
    new[1:] |= cells.rater[1:] != cells.rater[:-1]
    rs = np.flatnonzero(new)
    del new
    rlen = engine.run_lengths(rs, n_cells)
    rg = np.searchsorted(grp.start, rs, side="right") - 1
    n_all = np.bincount(rg, minlength=grp.n)
    k = np.bincount(units.group, minlength=grp.n)
    complete = rlen == k[rg]  # respondents who answered every item of their group
    n = np.bincount(rg[complete], minlength=grp.n)
    return _Respondents(rs, rlen, rg, complete, n_all, n, k)


def _complete_cells(resp: _Respondents) -> np.ndarray | None:
    """Cells of complete respondents (None: every respondent is complete)."""
    return None if bool(resp.complete.all()) else np.repeat(resp.complete, resp.length)


def _item_variance_sums(
    cells: Cells, grp: Groups, units: Units, resp: _Respondents, unit_var: np.ndarray | None
) -> np.ndarray:
    """Sum over each group's items of the item's variance among the complete respondents
    (items in sorted order)."""
    v = cells.value
    cell_ok = _complete_cells(resp)
    if cell_ok is None and unit_var is not None:
        item_var, used = unit_var, np.arange(units.n)
    else:
        seen = np.zeros(units.n, dtype=bool)  # items with a complete respondent's answer

        def item_parts() -> Any:
            for lo, hi, g_lo, g_hi in engine.run_chunks(grp.start, v.size):
                u_lo, u_hi = int(units.first[g_lo]), int(units.first[g_hi])
                ok = slice(None) if cell_ok is None else cell_ok[lo:hi]
                cu = units.code[lo:hi][ok] - u_lo
                seen[u_lo + cu] = True
                yield v[lo:hi][ok], cu, u_lo, u_hi - u_lo

        item_var = engine.chunked("var", units.n, item_parts())
        used = np.flatnonzero(seen)
        item_var = item_var[used]
    gi, g_used = engine.dense(units.group[used], grp.n)
    sv = np.full(grp.n, np.nan)
    sv[g_used] = engine.sum(item_var, gi, g_used.size)
    return sv


def _total_variances(cells: Cells, grp: Groups, resp: _Respondents) -> np.ndarray:
    """Variance (ddof 1) of the complete respondents' totals in each group."""
    v = cells.value
    complete = resp.complete
    cell_ok = _complete_cells(resp)
    n_complete = int(complete.sum())
    r_at = np.cumsum(complete) - complete  # complete respondents before each run

    def total_parts() -> Any:
        for lo, hi, _, _ in engine.run_chunks(grp.start, v.size):
            r_lo, r_hi = np.searchsorted(resp.start, [lo, hi])
            ok = complete[r_lo:r_hi]
            m = int(ok.sum())
            ids = np.repeat(np.arange(m, dtype=engine.index_dtype(m)), resp.length[r_lo:r_hi][ok])
            if m:
                vals = v[lo:hi] if cell_ok is None else v[lo:hi][cell_ok[lo:hi]]
                yield vals, ids, int(r_at[r_lo]), m

    totals = engine.chunked("sum", n_complete, total_parts())
    gt, g_tot = engine.dense(resp.group[complete], grp.n)
    tv = np.full(grp.n, np.nan)
    tv[g_tot] = engine.var(totals, gt, g_tot.size, ddof=1)
    return tv


def _notes(
    kk: np.ndarray, nn: np.ndarray, sv: np.ndarray, tv: np.ndarray, n_dropped: np.ndarray,
    n_all: np.ndarray,
) -> np.ndarray:
    """Why alpha is undefined, and how many respondents listwise deletion dropped."""
    with np.errstate(invalid="ignore"):
        reason = np.select(
            [kk < 2, nn < 2, ~(tv > 0) & (sv > 0), ~(tv > 0)],
            [
                "undefined: fewer than two items",
                "undefined: fewer than two respondents answered every item",
                _TOTALS_CONSTANT,
                NO_VARIANCE,
            ],
            default="",
        )
    dropped = np.full(kk.size, "", dtype=object)
    some = np.flatnonzero(n_dropped > 0)
    if some.size:
        dropped[some] = (
            "listwise deletion dropped "
            + pd.Series(n_dropped[some]).astype(str)
            + " of "
            + pd.Series(n_all[some]).astype(str)
            + " respondents"
        ).to_numpy(dtype=object)
    return join_notes([reason, dropped])
