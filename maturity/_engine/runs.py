"""Runs of equal neighbours in sorted keys: numbering, lengths, means, batched sorting."""

from __future__ import annotations

import numpy as np
import pandas as pd

from maturity._engine import thresholds as T
from maturity._engine.grouped import _pandas_grouped
from maturity._engine.thresholds import index_dtype, use_runs

__all__ = [
    "run_starts",
    "run_lengths",
    "factorize_runs",
    "run_means",
    "positions",
    "run_chunks",
    "run_codes",
    "first_valid",
]


def run_starts(*arrays: np.ndarray) -> np.ndarray:
    """Positions where any of the arrays changes value (from 0): the starts of the runs of
    equal neighbours (the groups, when the rows are sorted by the arrays).

    >>> run_starts(np.array([1, 1, 2, 2, 2]), np.array([0, 1, 1, 1, 1]))
    array([0, 1, 2])
    """
    n = len(arrays[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for a in arrays:
        new[1:] |= a[1:] != a[:-1]
    return np.flatnonzero(new)


def run_lengths(starts: np.ndarray, n: int) -> np.ndarray:
    """Lengths of the runs starting at ``starts`` in ``n`` rows.

    >>> run_lengths(np.array([0, 1, 2]), 5)
    array([1, 1, 3])
    """
    return np.diff(np.append(starts, n))


def factorize_runs(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(key)`` (codes in order of first appearance), hashing one value per run
    of equal neighbours when the runs are long (:func:`use_runs`): answers come in runs (a
    respondent's, a project's), so the hash table sees the runs, not the rows.

    >>> factorize_runs(np.array([7, 7, 7, 7, 3, 3, 3, 3, 7, 7, 7, 7]))
    (array([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0], dtype=int32), array([7, 3]))
    """
    n = len(key)
    if n < 2:
        return pd.factorize(key)
    change = np.empty(n, dtype=bool)
    change[0] = True
    np.not_equal(key[1:], key[:-1], out=change[1:])
    starts = np.flatnonzero(change)
    del change
    if not use_runs(len(starts), n):
        return pd.factorize(key)
    rc, ru = pd.factorize(key[starts])
    return np.repeat(np.asarray(rc, dtype=index_dtype(len(ru))), run_lengths(starts, n)), ru


def run_means(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Mean of each run of ``values`` (runs starting at ``starts``), as pandas' grouped mean
    gives it: runs shorter than :data:`T.PANDAS_RUN_MIN` by a plain sum (exact), the others by
    pandas' kernel.

    >>> run_means(np.array([1.0, 2.0, 4.0, 5.0, 6.0]), np.array([0, 2]))
    array([1.5, 5. ])
    """
    if starts.size == values.size:  # runs of one value: x / 1 == x
        return values
    counts = run_lengths(starts, values.size)
    means = np.add.reduceat(values, starts) / counts  # exact for runs of one or two values
    many = counts >= T.PANDAS_RUN_MIN
    n_many = int(many.sum())
    if n_many:  # pandas sums with Kahan compensation: let it do the longer runs
        ids = np.repeat(np.arange(n_many, dtype=index_dtype(n_many)), counts[many])
        vals = values if n_many == counts.size else values[np.repeat(many, counts)]
        means[many] = _pandas_grouped(vals, ids, n_many).mean().to_numpy()
    return means


def positions(mask: np.ndarray) -> np.ndarray:
    """Positions of the true values of ``mask``, in the smallest index dtype, found
    :data:`T.CHUNK_ROWS` at a time (no int64 array of all of them).

    >>> positions(np.array([False, True, True, False, True]))
    array([1, 2, 4], dtype=int32)
    """
    n = mask.size
    rows = np.empty(int(np.count_nonzero(mask)), dtype=index_dtype(n))
    at = 0
    for lo in range(0, n, T.CHUNK_ROWS):
        r = np.flatnonzero(mask[lo : lo + T.CHUNK_ROWS])
        rows[at : at + r.size] = r
        rows[at : at + r.size] += lo
        at += r.size
    return rows


def run_chunks(starts: np.ndarray, n: int) -> list[tuple[int, int, int, int]]:
    """``(lo, hi, r_lo, r_hi)``: rows ``lo:hi`` are the whole runs ``r_lo:r_hi`` (runs starting
    at ``starts`` over ``n`` rows), about :data:`T.CHUNK_ROWS` rows at a time.

    >>> run_chunks(np.array([0, 2, 3]), 6)
    [(0, 6, 0, 3)]
    """
    if n == 0:
        return []
    cut = np.unique(np.r_[np.searchsorted(starts, np.arange(0, n, T.CHUNK_ROWS)), starts.size])
    ends = np.append(starts, n)
    return [
        (int(ends[a]), int(ends[b]), int(a), int(b))
        for a, b in zip(cut[:-1], cut[1:], strict=False)
    ]


def run_codes(starts: np.ndarray, n: int) -> np.ndarray:
    """The run number of each of ``n`` rows, runs starting at ``starts`` (from 0).

    >>> run_codes(np.array([0, 2, 3]), 5)
    array([0, 0, 1, 2, 2], dtype=int32)
    """
    return np.repeat(np.arange(starts.size, dtype=index_dtype(starts.size)),
                     run_lengths(starts, n))


def first_valid(codes: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The first code that is not -1 in each run (-1 when none), as groupby ``first`` skips
    missing values.

    >>> first_valid(np.array([-1, 3, 2, -1, -1]), np.array([0, 3]))
    array([ 3, -1])
    """
    n = codes.size
    if starts.size == n or (codes >= 0).all():
        return codes[starts].astype(np.int64)
    pos = np.where(codes >= 0, np.arange(n), n)
    first = np.minimum.reduceat(pos, starts)
    out = np.full(starts.size, -1, dtype=np.int64)
    ok = first < n
    out[ok] = codes[first[ok]]
    return out
