"""Combined keys: mixed-radix keys of several code arrays, numbered, counted, sorted by."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

import numpy as np
import pandas as pd

from maturity._engine import thresholds as T
from maturity._engine.runs import factorize_runs
from maturity._engine.thresholds import index_dtype, use_seen_table, use_table

__all__ = ["mixed_key", "split", "dense", "combine", "duplicated", "tally", "distinct_pairs",
           "sort_rows"]


def mixed_key(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> tuple[np.ndarray, int]:
    """One integer key per row that sorts like the tuple of codes (mixed radix), and its span.

    Built in place, one column at a time; renumbered densely (order kept) before the span
    would pass :data:`T.KEY_MAX_SPAN`. Codes must be in ``[0, size)``.

    >>> mixed_key([np.array([1, 0, 1]), np.array([2, 2, 0])], [2, 3])
    (array([5, 2, 3], dtype=int32), 6)
    """
    total = int(np.prod([builtins.max(int(n), 1) for n in sizes], dtype=object)) if sizes else 1
    key = np.zeros(len(codes[0]) if len(codes) else 0, dtype=index_dtype(total))
    span = 1
    for c, n in zip(codes, sizes, strict=True):
        n = builtins.max(int(n), 1)
        if span * n >= T.KEY_MAX_SPAN:  # compress what we have so far (sorted, dense)
            key, uniq = dense(key, span)
            key = key.astype(np.int64)
            span = builtins.max(len(uniq), 1)
        key *= n
        key += c
        span *= n
    return key, span


def split(key: np.ndarray, *sizes: int) -> list[np.ndarray]:
    """The codes of a mixed-radix key (:func:`mixed_key`, :func:`combine`) of the given sizes.

    >>> split(np.array([5, 2, 3]), 2, 3)
    [array([1, 0, 1]), array([2, 2, 0])]
    """
    out = []
    for n in reversed(sizes[1:]):
        out.append(key % builtins.max(n, 1))
        key = key // builtins.max(n, 1)
    out.append(key)
    return out[::-1]


def dense(key: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes of keys in ``[0, span)`` in key order, and the distinct keys (sorted).

    >>> dense(np.array([7, 3, 7, 9]), 10)
    (array([1, 0, 1, 2], dtype=int32), array([3, 7, 9]))
    """
    if use_table(span, key.size):
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        uniq = np.flatnonzero(seen)
        lookup = np.zeros(span, dtype=index_dtype(uniq.size))
        lookup[uniq] = np.arange(uniq.size)
        return lookup[key], uniq
    codes, uniq = pd.factorize(key, sort=True)
    return codes, np.asarray(uniq)


def combine(*codes: tuple[np.ndarray, int], runs: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes of the combinations of several code arrays (each given with its number of
    codes) that occur, and the mixed-radix key of each code (undone by :func:`split`).

    Small key spaces are numbered in a table (codes in key order, no hashing; see
    :func:`use_table`), larger ones by hashing one value per run of equal neighbours
    (:func:`factorize_runs`, codes in order of first appearance). ``runs``: the combinations
    come in long runs (e.g. a respondent's answers): numbered per run even when the key space
    is small (a table as large as the key space costs more in random accesses than the runs'
    one sequential pass).

    >>> combine((np.array([1, 0, 1]), 2), (np.array([2, 2, 2]), 3))
    (array([1, 0, 1], dtype=int32), array([2, 5]))
    """
    span = int(np.prod([builtins.max(int(n), 1) for _, n in codes], dtype=object))
    # 4 bytes a row when the key space allows, else 8; built in place (no temporaries)
    key = np.asarray(codes[0][0]).astype(np.int32 if span < 1 << 31 else np.int64)
    for c, n in codes[1:]:
        key *= builtins.max(n, 1)
        key += c
    if not runs and use_table(span, len(key)):
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        ku = np.flatnonzero(seen)
        lookup = np.cumsum(seen, dtype=np.int32) - 1
        return lookup[key], ku.astype(np.int64)
    kc, ku = factorize_runs(key)
    return np.asarray(kc, dtype=index_dtype(len(ku))), np.asarray(ku, dtype=np.int64)


def duplicated(*codes: tuple[np.ndarray, int]) -> np.ndarray:
    """Rows whose combination of codes occurs more than once, as pandas'
    ``DataFrame.duplicated(keep=False)`` of the code columns (each given with its number of
    codes, as for :func:`combine`).

    All but the last column are numbered first, by runs (:func:`combine` with ``runs=True``:
    e.g. a respondent's answers come together); the pairs (that number, last code) are then
    checked with a table of seen flags when their span allows (:func:`use_seen_table`): when
    every row sets a flag of its own there is no copy and nothing is counted. Otherwise, and
    when a copy exists, the keys are counted (:func:`combine`, :func:`tally`).

    >>> duplicated((np.array([0, 1, 0, 0]), 2), (np.array([3, 3, 3, 1]), 4))
    array([ True, False,  True, False])
    """
    n = len(codes[0][0])
    if len(codes) > 2:
        lead, uniq = combine(*codes[:-1], runs=True)
        codes = ((lead, builtins.max(len(uniq), 1)), codes[-1])
    key, span = mixed_key([c for c, _ in codes], [s for _, s in codes])
    if use_seen_table(span):
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        if np.count_nonzero(seen) == n:
            return np.zeros(n, dtype=bool)
        del seen
    group, uniq = combine((key, span))
    del key
    return (np.bincount(group, minlength=len(uniq)) > 1)[group]


def tally(key: np.ndarray, span: int,
          weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys in ``[0, span)`` (sorted) with their counts, or sums of positive weights.

    >>> tally(np.array([4, 1, 4]), 6)
    (array([1, 4]), array([1, 2]))
    """
    if use_table(span, key.size):
        tot = np.bincount(key, weights=weights, minlength=span)
        present = np.flatnonzero(tot)
        return present, tot[present]
    uniq, inv = np.unique(key, return_inverse=True)
    return uniq, np.bincount(inv.reshape(-1), weights=weights, minlength=uniq.size)


def distinct_pairs(a: np.ndarray, na: int, b: np.ndarray, nb: int) -> np.ndarray:
    """Sorted distinct keys ``a * nb + b`` of codes ``a`` in ``[0, na)``, ``b`` in ``[0, nb)``.

    >>> distinct_pairs(np.array([1, 0, 1]), 2, np.array([2, 1, 2]), 3)
    array([1, 5])
    """
    span = int(na) * int(nb)
    key = a.astype(np.int64)
    key *= int(nb)  # in place
    key += b
    if use_seen_table(span):
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        return np.flatnonzero(seen)
    return np.sort(pd.unique(key))


def sort_rows(codes: list[np.ndarray], sizes: list[int], rows: np.ndarray) -> None:
    """Sort the row positions ``rows`` in place by the tuple of ``codes`` (each in ``[0,
    size)``), stably (ties keep their order).

    Rows usually come in order of the first columns (wave, line): the blocks of equal leading
    codes are then sorted a batch of whole blocks (about :data:`T.CHUNK_ROWS` rows) at a time,
    the same order as one stable sort of everything, with small temporaries.

    >>> rows = np.arange(4)
    >>> sort_rows([np.array([0, 0, 1, 1]), np.array([2, 1, 0, 0])], [2, 3], rows)
    >>> rows
    array([1, 0, 2, 3])
    """
    n = rows.size
    if n < 2:
        return
    same = np.ones(n - 1, dtype=bool)  # row i+1 has the same leading codes as row i
    depth = 0
    for c in codes:
        cr = c[rows]
        down = cr[1:] < cr[:-1]
        down &= same
        if down.any():
            break
        del down
        same &= cr[1:] == cr[:-1]
        depth += 1
        del cr
    if depth == len(codes):
        return  # already sorted
    bounds = _block_bounds(same, n)
    del same
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=False):
        r = rows[lo:hi]
        key, _ = mixed_key([c[r] for c in codes], sizes)
        if not (key[1:] >= key[:-1]).all():
            rows[lo:hi] = r[np.argsort(key, kind="stable")]


def _block_bounds(same: np.ndarray, n: int) -> list[int]:
    """Cuts ``0 = b0 < b1 < ... = n`` at the first block start after about :data:`T.CHUNK_ROWS`
    rows (``same[i]``: row i+1 is in row i's block)."""
    bounds = [0]
    while bounds[-1] + T.CHUNK_ROWS < n:
        at = bounds[-1] + T.CHUNK_ROWS
        while at < n:
            seg = same[at - 1 : at - 1 + T.CHUNK_ROWS]
            i = int(seg.argmin())
            if not seg[i]:
                at += i
                break
            at += seg.size
        if at >= n:
            break
        bounds.append(at)
    bounds.append(n)
    return bounds
