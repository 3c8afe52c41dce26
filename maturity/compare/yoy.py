"""Year over year: the index change's bootstrap, the company's change, last year's outputs.

* :func:`index_replicates` -- the maturity index of every line and wave rescored on seeded
  bootstrap resamples of its respondents (the resamples of all lines scored together, a batch
  of resamples per call of the scorer);
* :func:`delta_intervals` -- from those, the percentile interval of each line's index change
  (the ``ci_low, ci_high`` of :func:`maturity.compare.trends.changes`);
* :func:`company_change` -- the change of groups of lines and of the company (mean or
  weighted mean of the lines' indices, over the lines scored in both waves) with its bootstrap
  interval, and the distribution of levels in each wave (levels are never averaged);
* :func:`read_outputs` -- last year's ``maturity.csv``, ``process_areas.csv``,
  ``respondents.csv`` or ``scores.xlsx`` read back with the ids as text, to be the baseline
  (with :func:`join_outputs` and :func:`no_test_caveat`, in :mod:`maturity.compare.outputs`;
  this module is their import place).

The bootstrap resamples respondents with replacement within each (wave, line), so each
resample has the line's sample size; waves are resampled independently (which ignores the
pairing of stayers and makes the interval somewhat wider when answers correlate across years).
Source: Efron & Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 13 (percentile
interval); methods.md ("for a maturity index change use a seeded bootstrap over respondents").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from maturity.compare.outputs import join_outputs, no_test_caveat, read_outputs
from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.plan.progress import _levels  # lines per level, never their mean
from maturity.scoring.score import score

__all__ = [
    "index_replicates",
    "delta_intervals",
    "company_change",
    "read_outputs",
    "join_outputs",
    "no_test_caveat",
    "COMPANY_COLUMNS",
]

#: Columns of both frames of :func:`company_change`, in order.
COMPANY_COLUMNS = [
    "wave_from", "wave_to", "level", "unit", "n_lines", "index_from", "index_to", "delta",
    "ci_low", "ci_high", "levels_from", "levels_to", "rule", "note",
]

#: Answer rows per call of the scorer (a batch of resamples).
_MAX_ROWS = 2_000_000
_SEP = "\x1f"


def _scorer(model: Any) -> Callable[[pd.DataFrame], pd.DataFrame]:
    if callable(model) and not hasattr(model, "questions"):
        return model
    return lambda frame: score(frame, model).maturity


def index_replicates(
    responses: pd.DataFrame,
    model: Any,
    *,
    waves: Sequence[str] | None = None,
    n_boot: int = 200,
    seed: int = 0,
) -> pd.DataFrame:
    """Maturity index of each line and wave on bootstrap resamples of its respondents.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame (as given to :func:`maturity.scoring.score.score`).
    model : Model or str or callable
        The model (scored with :func:`maturity.scoring.score.score`'s defaults), or a function
        ``responses -> maturity frame`` (to keep other scoring options).
    waves : list of str, optional
        Only these waves (default all).
    n_boot : int
        Resamples.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the resamples do not depend on the batching.

    Returns
    -------
    pandas.DataFrame
        ``wave, business_line, replicate, maturity_index`` (replicate ``0 .. n_boot - 1``).

    Examples
    --------
    >>> resp = pd.DataFrame({"wave": "2025-03", "business_line": "a",
    ...                      "respondent": ["p", "q"], "value": [1.0, 3.0]})
    >>> fake = lambda f: (f.groupby(["wave", "business_line"], observed=True)["value"].mean()
    ...                   .rename("maturity_index").reset_index())
    >>> r = index_replicates(resp, fake, n_boot=4, seed=1)
    >>> sorted(set(r["maturity_index"])) <= [1.0, 2.0, 3.0]
    True
    """
    score_fn = _scorer(model)
    sub = responses
    if waves is not None:
        sub = sub[sub["wave"].astype(str).isin([str(w) for w in waves])]
    if not len(sub) or n_boot <= 0:
        return pd.DataFrame({"wave": pd.Series(dtype=object),
                             "business_line": pd.Series(dtype=object),
                             "replicate": pd.Series(dtype="int64"),
                             "maturity_index": pd.Series(dtype=float)})
    wave_s = sub["wave"].astype(str).to_numpy(dtype=object)
    line_s = sub["business_line"].astype(str).to_numpy(dtype=object)
    resp_s = sub["respondent"].astype(str).to_numpy(dtype=object)
    keys = pd.DataFrame({"w": wave_s, "l": line_s, "r": resp_s})
    person = keys.groupby(["w", "l", "r"], sort=True).ngroup().to_numpy()
    order = np.argsort(person, kind="stable")
    base = sub.iloc[order].reset_index(drop=True)
    person = person[order]
    n_people = int(person.max()) + 1
    p_len = np.bincount(person, minlength=n_people)
    p_start = np.cumsum(p_len) - p_len
    first = keys.iloc[order].iloc[p_start]  # one row per respondent, sorted
    cell = first.groupby(["w", "l"], sort=True).ngroup().to_numpy()
    n_cells = int(cell.max()) + 1
    c_len = np.bincount(cell, minlength=n_cells)
    c_start = np.cumsum(c_len) - c_len
    cell_line = first["l"].to_numpy(dtype=object)[c_start]
    lines_u, line_code = np.unique(cell_line, return_inverse=True)
    slot_line = line_code[cell]  # line code of each respondent slot
    per_batch = max(1, _MAX_ROWS // max(1, len(base)))
    rng = np.random.default_rng(seed)
    parts = []
    for b0 in range(0, n_boot, per_batch):
        nb = min(per_batch, n_boot - b0)
        u = rng.random((nb, n_people))
        pick = c_start[cell] + np.minimum((u * c_len[cell]).astype(np.int64), c_len[cell] - 1)
        lens = p_len[pick].ravel()
        starts = p_start[pick].ravel()
        total = int(lens.sum())
        offs = np.cumsum(lens) - lens
        rows = np.repeat(starts - offs, lens) + np.arange(total)
        slot = np.repeat(np.tile(np.arange(n_people), nb), lens)
        rep = np.repeat(np.repeat(np.arange(nb), n_people), lens)
        frame = base.take(rows).reset_index(drop=True)
        nl = lines_u.size
        line_codes = rep * nl + slot_line[slot]
        cats = np.array([f"{ln}{_SEP}{b0 + b}" for b in range(nb) for ln in lines_u], dtype=object)
        frame["business_line"] = pd.Categorical.from_codes(line_codes, categories=cats)
        frame["respondent"] = pd.Categorical.from_codes(
            slot, categories=np.array([f"s{i}" for i in range(n_people)], dtype=object))
        mat = score_fn(frame)
        got = mat[["wave", "business_line", "maturity_index"]].astype({"business_line": str})
        split = got["business_line"].str.rsplit(_SEP, n=1, expand=True)
        parts.append(pd.DataFrame({
            "wave": got["wave"].astype(str).to_numpy(dtype=object),
            "business_line": split[0].to_numpy(dtype=object),
            "replicate": split[1].astype("int64").to_numpy(),
            "maturity_index": got["maturity_index"].to_numpy(dtype=float),
        }))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["wave", "business_line", "replicate"], kind="mergesort",
                           ignore_index=True)


def _matrix(reps: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
    """(wave, line) index and the matrix of replicate indices (rows: wave-line, cols: b)."""
    wide = reps.pivot_table(index=["wave", "business_line"], columns="replicate",
                            values="maturity_index", aggfunc="first", dropna=False)
    return wide.index, wide.to_numpy(dtype=float)


def _percentile(d: np.ndarray, est: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the rows of ``d`` (NaN ignored; NaN with fewer than 10 finite
    resamples), widened to hold ``est``."""
    k = d.shape[0]
    lo, hi = np.full(k, np.nan), np.full(k, np.nan)
    enough = (np.isfinite(d).sum(axis=1) >= 10) & np.isfinite(est)
    if enough.any():
        a = (1 - confidence) / 2
        q = np.nanquantile(d[enough], [a, 1 - a], axis=1)
        lo[enough] = np.minimum(q[0], est[enough])
        hi[enough] = np.maximum(q[1], est[enough])
    return lo, hi


def delta_intervals(
    changes: pd.DataFrame, replicates: pd.DataFrame, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval of each row's index change.

    Parameters
    ----------
    changes : pandas.DataFrame
        Rows with ``business_line, wave_from, wave_to, delta``.
    replicates : pandas.DataFrame
        :func:`index_replicates` of the waves compared.
    confidence : float
        Coverage.

    Returns
    -------
    tuple of numpy.ndarray
        ``(ci_low, ci_high)``: the ``(1 - confidence) / 2`` and ``(1 + confidence) / 2``
        quantiles of ``index_to - index_from`` over the resamples, extended to hold ``delta``
        (a stepped index can leave every resample on one side of it); NaN when a wave has no
        resample of the line.

    Examples
    --------
    >>> reps = pd.DataFrame({"wave": ["a"] * 20 + ["b"] * 20, "business_line": "x",
    ...                      "replicate": list(range(20)) * 2,
    ...                      "maturity_index": [1.0] * 20 + [2.0] * 10 + [3.0] * 10})
    >>> ch = pd.DataFrame({"business_line": ["x"], "wave_from": ["a"], "wave_to": ["b"],
    ...                    "delta": [1.5]})
    >>> [float(v[0]) for v in delta_intervals(ch, reps)]
    [1.0, 2.0]
    """
    if not len(changes) or not len(replicates):
        nan = np.full(len(changes), np.nan)
        return nan, nan.copy()
    index, mat = _matrix(replicates)
    mat = np.column_stack([mat, np.full(len(mat), np.nan)])  # a NaN row for missing lines
    nan_row = np.full((1, mat.shape[1]), np.nan)
    mat = np.vstack([mat, nan_row])

    def rows(wave: pd.Series) -> np.ndarray:
        at = index.get_indexer(pd.MultiIndex.from_arrays(
            [wave.astype(str).to_numpy(dtype=object),
             changes["business_line"].astype(str).to_numpy(dtype=object)]))
        return np.where(at < 0, len(mat) - 1, at)

    d = mat[rows(changes["wave_to"])] - mat[rows(changes["wave_from"])]
    return _percentile(d[:, :-1], changes["delta"].to_numpy(dtype=float), confidence)


def company_change(
    maturity: pd.DataFrame,
    lines: pd.DataFrame | None = None,
    *,
    wave_from: str,
    wave_to: str,
    replicates: pd.DataFrame | None = None,
    by: str = "group",
    weight: str | None = None,
    confidence: float = 0.95,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Change of each group of lines and of the company between two waves.

    Parameters
    ----------
    maturity : pandas.DataFrame
        The ``maturity`` frame (``wave, business_line, maturity_level, maturity_index``).
    lines : pandas.DataFrame, optional
        Line attributes: ``business_line``, the ``by`` column and the ``weight`` column; with a
        ``wave`` column they are per wave (a line's group or headcount of that wave), else the
        same in every wave. Without it there is only the company.
    wave_from, wave_to : str
        One pair of waves (the roll-up never pools pairs).
    replicates : pandas.DataFrame, optional
        :func:`index_replicates` of both waves: gives the interval.
    by : str
        Group column of ``lines``.
    weight : str, optional
        Weight column of ``lines`` (e.g. ``headcount``); default the plain mean of the lines.
        A line without a weight in a wave it is scored in is refused (named in the error).
    confidence : float
        Coverage of the interval.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(groups, company)``, columns :data:`COMPANY_COLUMNS`. ``index_from, index_to`` are
        the (weighted) means of the indices of the ``n_lines`` lines scored in both waves (a
        line in one wave only is named in ``note`` and left out, so the change compares the
        same lines); ``delta`` their difference, ``ci_low, ci_high`` its percentile bootstrap
        interval; ``levels_from, levels_to`` the number of lines at each level (all lines
        scored in the wave).

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": ["a", "a", "b", "b"], "business_line": ["x", "y"] * 2,
    ...                     "maturity_level": [1, 2, 2, 2],
    ...                     "maturity_index": [1.5, 2.0, 2.5, 2.0]})
    >>> groups, company = company_change(mat, wave_from="a", wave_to="b")
    >>> company[["unit", "n_lines", "index_from", "index_to", "delta", "levels_to"]]
      unit  n_lines  index_from  index_to  delta levels_to
    0  all        2        1.75      2.25    0.5     ML2: 2
    """
    need = ["wave", "business_line", "maturity_level", "maturity_index"]
    missing = [c for c in need if c not in maturity.columns]
    if missing:
        raise InputError(f"company_change: the maturity frame lacks {', '.join(missing)}")
    mat = maturity[need].astype({"wave": str, "business_line": str})
    mat = mat[mat["wave"].isin([str(wave_from), str(wave_to)])]
    attrs = _attributes(lines, mat, by, weight)
    units: list[tuple[str, str]] = [("company", "all")]
    if attrs is not None and by in attrs.columns:
        units = sorted({("group", str(g)) for g in attrs[by].dropna()}) + units
    rep_index, rep_mat = (_matrix(replicates) if replicates is not None and len(replicates)
                          else (None, None))
    rows = []
    for level, unit in units:
        rows.append(_unit_change(mat, attrs, rep_index, rep_mat, str(wave_from), str(wave_to),
                                 level, unit, by, weight, confidence))
    out = pd.DataFrame(rows, columns=COMPANY_COLUMNS)
    out["n_lines"] = out["n_lines"].astype("int64")
    groups = out[out["level"] == "group"].reset_index(drop=True)
    company = out[out["level"] == "company"].reset_index(drop=True)
    return groups, company


def _attributes(lines: pd.DataFrame | None, mat: pd.DataFrame, by: str,
                weight: str | None) -> pd.DataFrame | None:
    """Per (wave, line) attributes for the lines of ``mat``; a line without a weight refused."""
    if lines is None:
        if weight is not None:
            raise InputError(f"company_change: weight {weight!r} needs a lines table")
        return None
    if "business_line" not in lines.columns:
        raise InputError(f"lines table: no business_line column; found {list(lines.columns)}")
    cols = [c for c in (by, weight) if c is not None and c in lines.columns]
    if weight is not None and weight not in lines.columns:
        raise InputError(
            f"lines table: no {weight!r} column to weight by; found {list(lines.columns)}")
    lt = lines.astype({"business_line": str})
    if "wave" in lt.columns:
        lt = lt.astype({"wave": str})
        att = mat[["wave", "business_line"]].merge(
            lt[["wave", "business_line", *cols]].drop_duplicates(["wave", "business_line"]),
            on=["wave", "business_line"], how="left")
    else:
        att = mat[["wave", "business_line"]].merge(
            lt[["business_line", *cols]].drop_duplicates("business_line"),
            on="business_line", how="left")
    if weight is not None:
        w = pd.to_numeric(att[weight], errors="coerce")
        bad = att.loc[w.isna() | (w < 0), ["wave", "business_line"]]
        if len(bad):
            names = ", ".join(f"{r.business_line} ({r.wave})" for r in bad.itertuples())
            raise InputError(
                f"lines table: no valid {weight!r} for {len(bad)} line(s) scored: {names}; "
                f"add them to the lines table (per wave when a wave column is given) so the "
                "company figure weighs every line"
            )
        att[weight] = w
    if by in att.columns:
        att[by] = att[by].fillna("(no group)").astype(str)
    return att


def _unit_change(mat, attrs, rep_index, rep_mat, wf, wt, level, unit, by, weight,  # noqa: ANN001, ANN202, PLR0913
                 confidence):
    m = mat if attrs is None else mat.merge(attrs, on=["wave", "business_line"], how="left")
    if level == "group":
        m = m[m[by] == unit]
    a = m[m["wave"] == wf].set_index("business_line")
    b = m[m["wave"] == wt].set_index("business_line")
    a = a[a["maturity_index"].notna()]
    b = b[b["maturity_index"].notna()]
    common = sorted(set(a.index) & set(b.index))
    only = sorted(set(a.index) ^ set(b.index))

    def mean(side: pd.DataFrame, vals: np.ndarray) -> Any:
        if not len(common):
            return np.nan
        if weight is None:
            return vals.mean(axis=0)
        w = side.loc[common, weight].to_numpy(dtype=float)
        return (w[:, None] * vals).sum(axis=0) / w.sum() if vals.ndim == 2 else (w @ vals) / w.sum()

    i_from = mean(a, a.loc[common, "maturity_index"].to_numpy(dtype=float))
    i_to = mean(b, b.loc[common, "maturity_index"].to_numpy(dtype=float))
    lo = hi = np.nan
    if rep_mat is not None and common:
        def reps(w: str) -> np.ndarray:
            at = rep_index.get_indexer(pd.MultiIndex.from_arrays([[w] * len(common), common]))
            out = np.full((len(common), rep_mat.shape[1]), np.nan)
            out[at >= 0] = rep_mat[at[at >= 0]]
            return out
        d = mean(b, reps(wt)) - mean(a, reps(wf))
        lo_a, hi_a = _percentile(np.atleast_2d(d), np.array([i_to - i_from]), confidence)
        lo, hi = float(lo_a[0]), float(hi_a[0])
    note = []
    if only:
        note.append(_("in one wave only, left out of the change: {names}").format(
            names=", ".join(only)))
    if rep_mat is None:
        note.append(_("no interval: the respondents' answers are needed to bootstrap it"))
    return [wf, wt, level, unit, len(common), i_from, i_to, i_to - i_from, lo, hi,
            _levels(a["maturity_level"]), _levels(b["maturity_level"]),
            "mean" if weight is None else f"weighted by {weight}", "; ".join(note)]
