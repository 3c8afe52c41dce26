"""The scored answers of a responses frame as sorted integer codes, one value per cell.

The reliability statistics, the disagreement table and the respondent scores all start from the
same step: keep the scored answers (``na`` false, ``value`` not NaN; rows with a missing id are
left out, as ``groupby`` drops them), sort them once by the integer codes of their id columns
(wave, business line, ...; then respondent, then question) and average a respondent's repeated
answers to one question (several projects) in row order. The result, :class:`Cells`, is what
``frame.groupby([*keys, rater, unit], sort=True)[value].mean()`` gives, on codes, so object and
categorical id columns give the same frames.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from maturity import _engine as engine

__all__ = [
    "Cells",
    "Groups",
    "Units",
    "answer_cells",
    "column_floats",
    "group_runs",
    "question_units",
    "scored_mask",
]


class Cells(NamedTuple):
    """Scored answers reduced to one mean value per (keys, rater, unit), sorted by them."""

    keys: list[np.ndarray]  # code of each key column per cell
    labels: list[np.ndarray]  # labels of each key column
    rater: np.ndarray
    rater_labels: np.ndarray
    unit: np.ndarray  # code of the unit (question) per cell; zeros when units are not used
    n_units: int
    value: np.ndarray
    count: np.ndarray  # answers averaged into each cell (when asked for)
    first: np.ndarray  # first valid code of the ``first`` column per cell (or empty)
    first_labels: np.ndarray
    # with ``per_group``: the first cell of each group of equal keys (then ``keys`` and
    # ``first`` hold one code per group instead of one per cell); None otherwise
    group_start: np.ndarray | None = None


class Groups(NamedTuple):
    """Groups of equal keys (e.g. wave, business line, process area): runs of cells."""

    n: int
    start: np.ndarray  # first cell of each group (cells are sorted by group)
    codes: list[np.ndarray]  # key codes of each group


class Units(NamedTuple):
    """Units (group x question): the cells of one question in one group."""

    code: np.ndarray  # unit (group x question) of each cell, in (group, question) order
    n: int
    group: np.ndarray  # group of each unit
    size: np.ndarray  # cells (raters) per unit
    first: np.ndarray  # first unit of each group, and the number of units at the end


def scored_mask(frame: pd.DataFrame, value: str, scored_only: bool) -> np.ndarray:
    """Rows with a value (and, with ``scored_only``, not marked ``na``)."""
    keep = frame[value].notna().to_numpy(dtype=bool, copy=True)  # written below (copy-on-write)
    if scored_only and "na" in frame.columns:
        keep &= ~frame["na"].fillna(False).astype(bool).to_numpy()
    return keep


def column_floats(col: pd.Series) -> np.ndarray:
    """A column's values as floats (nullable ``<NA>``: NaN)."""
    if isinstance(col.dtype, np.dtype):
        return col.to_numpy(dtype=float)
    return col.to_numpy(dtype=float, na_value=np.nan)


def answer_cells(
    frame: pd.DataFrame,
    keys: list[str],
    rater: str,
    unit: str | None,
    value: str,
    *,
    scored_only: bool,
    first: str | None = None,
    mask: np.ndarray | None = None,
    counts: bool = False,
    per_group: bool = False,
) -> Cells:
    """The scored answers as sorted codes with one mean value per (keys, rater[, unit]).

    Rows with a missing id are left out (as ``groupby`` drops them); when a respondent answered
    a question more than once (several projects) the values are averaged, in row order.
    ``per_group``: the keys (and the ``first`` column) as one code per group of equal keys,
    with the groups' first cells in ``group_start``, instead of one code per cell.
    """
    cols = [*keys, rater] + ([unit] if unit is not None else [])
    codes, labels, rows = _sorted_rows(frame, cols, value, scored_only, mask)
    nk = len(keys)
    starts, group_rows, kept = _cell_runs(codes, rows, nk, per_group)  # frees codes[nk:]
    if per_group:
        at = rows[group_rows]
        key_codes = [c[at] for c in codes]
        del at
    del codes
    vals = column_floats(frame[value])[rows]
    fcodes, flabels = _first_codes(frame, first, rows, group_rows if per_group else starts)
    n = rows.size
    del rows
    if starts is None:
        means = vals
        count = np.ones(n, dtype=np.int64) if counts else np.zeros(0, dtype=np.int64)
    else:
        means = engine.run_means(vals, starts)
        count = engine.run_lengths(starts, n) if counts else np.zeros(0, dtype=np.int64)
        del vals
    group_start = None
    if group_rows is not None:  # every group starts a cell
        group_start = group_rows if starts is None else np.searchsorted(starts, group_rows)
    if starts is not None:
        kept = [c[starts] for c in kept]
    if per_group:
        kept = key_codes + kept
    return Cells(
        keys=kept[:nk],
        labels=labels[:nk],
        rater=kept[nk],
        rater_labels=labels[nk],
        unit=kept[nk + 1] if unit is not None else np.zeros(means.size, dtype=np.int8),
        n_units=len(labels[nk + 1]) if unit is not None else 1,
        value=means,
        count=count,
        first=fcodes,
        first_labels=flabels,
        group_start=group_start,
    )


def _sorted_rows(
    frame: pd.DataFrame, cols: list[str], value: str, scored_only: bool,
    mask: np.ndarray | None,
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Codes and labels of the id columns, and the positions of the counted rows (scored, no
    missing id, in ``mask``) sorted stably by the codes."""
    keep = scored_mask(frame, value, scored_only)
    if mask is not None:
        keep &= mask
    codes, labels = [], []
    for c in cols:
        coded = engine.factorize(frame[c], sort=True)
        cc, lab = coded.codes, coded.uniques
        if cc.size and cc.min() < 0:
            keep &= cc >= 0
        codes.append(cc)
        labels.append(lab)
    rows = engine.positions(keep)
    del keep
    engine.sort_rows(codes, [len(lab) for lab in labels], rows)
    return codes, labels, rows


def _cell_runs(
    codes: list[np.ndarray], rows: np.ndarray, nk: int, per_group: bool
) -> tuple[np.ndarray | None, np.ndarray | None, list[np.ndarray]]:
    """Runs of equal ids among the sorted ``rows``: the first row of each cell (None when every
    cell holds one answer), the first row of each group of equal keys (``per_group``; else
    None) and the codes per row that stay per cell (the rater and unit, and the keys unless
    ``per_group``). The rater and unit codes are dropped from ``codes`` (freed early)."""
    n = rows.size
    new = np.zeros(n, dtype=bool)
    if n:
        new[0] = True
    group_new = None
    kept = []
    for i, c in enumerate(codes):
        cr = c[rows]
        new[1:] |= cr[1:] != cr[:-1]
        if per_group and i < nk:
            del cr  # the keys are taken at the groups' first rows
            if i == nk - 1:
                group_new = new.copy()
        else:
            kept.append(cr)
    del codes[nk:]
    starts = None if new.all() else np.flatnonzero(new)
    del new
    group_rows = None
    if per_group:
        group_rows = (
            np.zeros(min(n, 1), dtype=np.int64) if group_new is None
            else np.flatnonzero(group_new)
        )
    return starts, group_rows, kept


def _first_codes(
    frame: pd.DataFrame, first: str | None, rows: np.ndarray, runs: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the ``first`` column (its first valid value in each run, as groupby ``first``
    skips NaN) and its labels; empty without ``first``."""
    if first is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    coded = engine.factorize(frame[first], sort=True)
    fcodes, flabels = coded.codes[rows], coded.uniques
    if runs is not None:
        fcodes = engine.first_valid(fcodes, runs)
    return fcodes, flabels


def group_runs(cells: Cells) -> Groups:
    """The groups of equal keys of ``cells`` (runs of cells, the cells being sorted by them)."""
    n = cells.value.size
    if cells.group_start is not None:
        return Groups(int(cells.group_start.size), cells.group_start, list(cells.keys))
    if not cells.keys:
        start = np.zeros(min(n, 1), dtype=np.int64)
        return Groups(int(start.size), start, [])
    start = engine.run_starts(*cells.keys)
    return Groups(int(start.size), start, [c[start] for c in cells.keys])


def question_units(cells: Cells, grp: Groups) -> Units:
    """Units (group x question) in (group, question) order."""
    n = cells.value.size
    nu = cells.n_units
    code = np.empty(n, dtype=engine.index_dtype(n))
    groups, sizes, first = [], [], np.zeros(grp.n + 1, dtype=np.int64)
    at = 0
    for lo, hi, g_lo, g_hi in engine.run_chunks(grp.start, n):
        size = (g_hi - g_lo) * nu
        key = engine.run_codes(grp.start[g_lo:g_hi] - lo, hi - lo)
        key = key.astype(engine.index_dtype(size), copy=False)
        key *= nu
        key += cells.unit[lo:hi]
        c, uniq = engine.dense(key, size)
        del key
        code[lo:hi] = c
        code[lo:hi] += at
        sizes.append(np.bincount(c, minlength=uniq.size))
        del c
        g = uniq // nu + g_lo
        first[g_lo:g_hi] = at + np.searchsorted(g, np.arange(g_lo, g_hi))
        groups.append(g)
        at += uniq.size
    first[grp.n] = at
    group = np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64)
    size = np.concatenate(sizes) if sizes else np.zeros(0, dtype=np.int64)
    return Units(code, int(at), group, size, first)
