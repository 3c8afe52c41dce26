"""Column machinery of the compare stage (integer codes of ids, combined keys, runs, chunks).

Nothing here is domain-specific: the id columns become integer codes in the sorted order of their
values, rows are sorted once by them, and every reduction is exact on integers or done by pandas'
own grouped kernels (Kahan sums and means, Welford variances) over the rows in the same order as a
``groupby(..., sort=True)`` on the original columns would see them, so results are the same to
the last bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def _id_codes(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of an id column in the sorted order of its values (-1: missing) and the labels.

    Object and categorical columns give the same codes for the same values, so the groupings
    and their order do not depend on the dtype.
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = col.cat.categories
        codes = col.cat.codes.to_numpy()
        if not cats.is_monotonic_increasing:
            try:
                order = np.asarray(cats.argsort())
            except TypeError:  # mixed types (1 and "r1"): the object path's order (safe sort)
                _, ordered = pd.factorize(np.asarray(cats, dtype=object), sort=True)
                order = np.asarray(cats.get_indexer(ordered))
            rank = np.empty(len(cats), dtype=np.int64)
            rank[order] = np.arange(len(cats))
            codes = np.where(codes >= 0, rank[np.maximum(codes, 0)], -1)
            codes = codes.astype(_code_dtype(len(cats)))
            cats = cats[order]
        return codes, np.asarray(cats, dtype=object)
    codes, uniques = pd.factorize(col, sort=True)
    return codes.astype(_code_dtype(len(uniques))), np.asarray(uniques, dtype=object)


def _code_dtype(n: int) -> type:
    """The smallest signed integer type for codes ``-1..n-1``."""
    for t in (np.int8, np.int16, np.int32):
        if n <= np.iinfo(t).max:
            return t
    return np.int64


def _index_dtype(n: int) -> type:
    return np.int32 if n < 1 << 31 else np.int64


def _combine(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> tuple[np.ndarray, int]:
    """One integer key per row that sorts like the tuple of codes (mixed radix), and its range."""
    total = int(np.prod([max(int(n), 1) for n in sizes], dtype=object)) if sizes else 1
    key = np.zeros(len(codes[0]) if codes else 0, dtype=_index_dtype(total))
    size = 1
    for c, n in zip(codes, sizes, strict=True):
        n = max(int(n), 1)
        if size * n >= 1 << 62:  # compress what we have so far (sorted, dense)
            key, uniq = _dense(key, size)
            key = key.astype(np.int64)
            size = max(len(uniq), 1)
        key *= n
        key += c
        size *= n
    return key, size


def _dense(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes of int64 keys in ``[0, size)``, in key order, and the distinct keys."""
    if size <= max(2 * key.size, 1 << 22) and size <= 1 << 27:
        seen = np.zeros(size, dtype=bool)
        seen[key] = True
        uniq = np.flatnonzero(seen)
        lookup = np.zeros(size, dtype=np.int32 if uniq.size < 1 << 31 else np.int64)
        lookup[uniq] = np.arange(uniq.size)
        return lookup[key], uniq
    codes, uniq = pd.factorize(key, sort=True)
    return codes, np.asarray(uniq)


def _compact(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes in ``[0, size)`` with gaps -> dense codes, and which of the old codes occur."""
    seen = np.bincount(codes, minlength=size) > 0
    lookup = (np.cumsum(seen) - 1).astype(_index_dtype(size))
    return lookup[codes], np.flatnonzero(seen)


def _tally(
    key: np.ndarray, size: int, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys in ``[0, size)`` (sorted) with their counts, or sums of positive weights."""
    if size <= max(2 * key.size, 1 << 22) and size <= 1 << 27:
        tot = np.bincount(key, weights=weights, minlength=size)
        present = np.flatnonzero(tot)
        return present, tot[present]
    uniq, inv = np.unique(key, return_inverse=True)
    return uniq, np.bincount(inv.reshape(-1), weights=weights, minlength=uniq.size)


def _value_codes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the values in sorted order and the values they stand for (small integers: no
    hashing; some of those values may not occur)."""
    if x.size:
        lo, hi = x.min(), x.max()
        if hi - lo < 64 and lo == int(lo):  # small integers (Likert): value - min, with gaps
            t = x - lo
            ix = t.astype(np.int8)
            if (ix == t).all():
                return ix, np.arange(lo, hi + 1, dtype=float)
    codes, uniq = pd.factorize(x, sort=True)
    return codes, np.asarray(uniq, dtype=float)


def _run_starts(*arrays: np.ndarray) -> np.ndarray:
    """Positions where any of the (sorted) arrays changes value, from 0."""
    n = len(arrays[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for a in arrays:
        new[1:] |= a[1:] != a[:-1]
    return np.flatnonzero(new)


def _lengths(starts: np.ndarray, n: int) -> np.ndarray:
    return np.diff(np.append(starts, n))


def _grouped(values: np.ndarray, codes: np.ndarray, n: int) -> Any:
    """pandas GroupBy of ``values`` by dense codes ``0..n-1`` (each occurring), in code order."""
    cat = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(n))
    return pd.Series(values, copy=False).groupby(cat, observed=False, sort=True)


def _run_means(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Mean of each run of sorted values, as pandas' grouped mean gives it."""
    if starts.size == values.size:  # runs of one value: x / 1 == x
        return values
    counts = _lengths(starts, values.size)
    means = np.add.reduceat(values, starts) / counts  # exact for runs of one or two values
    many = counts > 2
    n_many = int(many.sum())
    if n_many:  # pandas sums with Kahan compensation: let it do the longer runs
        ids = np.repeat(np.arange(n_many, dtype=_index_dtype(n_many)), counts[many])
        vals = values if n_many == counts.size else values[np.repeat(many, counts)]
        means[many] = _grouped(vals, ids, n_many).mean().to_numpy()
    return means


def _first_valid(codes: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """First code that is not -1 in each run (-1 when none), as groupby ``first`` skips NaN."""
    n = codes.size
    if starts.size == n or (codes >= 0).all():
        return codes[starts].astype(np.int64)
    pos = np.where(codes >= 0, np.arange(n), n)
    first = np.minimum.reduceat(pos, starts)
    out = np.full(starts.size, -1, dtype=np.int64)
    ok = first < n
    out[ok] = codes[first[ok]]
    return out


#: Rows or cells handled at once by the chunked steps (bounds their temporary arrays).
_CHUNK = 1 << 20


def _kept_rows(keep: np.ndarray) -> np.ndarray:
    """Positions of the true values of ``keep``, in the smallest index type (no int64 copy)."""
    n = keep.size
    rows = np.empty(int(np.count_nonzero(keep)), dtype=_index_dtype(n))
    at = 0
    for lo in range(0, n, _CHUNK):
        r = np.flatnonzero(keep[lo : lo + _CHUNK])
        rows[at : at + r.size] = r
        rows[at : at + r.size] += lo
        at += r.size
    return rows


def _sort_rows(codes: list[np.ndarray], sizes: list[int], rows: np.ndarray) -> None:
    """Sort the row positions ``rows`` in place by the tuple of codes, stably (ties keep their
    order).

    The rows are usually already in order by the first columns (wave, line): the blocks of equal
    leading codes are then sorted a batch of whole blocks at a time, which is the same order as
    one stable sort of everything, with small temporaries.
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
    bounds = [0]
    while bounds[-1] + _CHUNK < n:  # cut at the first block start after about _CHUNK rows
        at = bounds[-1] + _CHUNK
        while at < n:
            seg = same[at - 1 : at - 1 + _CHUNK]
            i = int(seg.argmin())
            if not seg[i]:
                at += i
                break
            at += seg.size
        if at >= n:
            break
        bounds.append(at)
    del same
    bounds.append(n)
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=False):
        r = rows[lo:hi]
        key, _ = _combine([c[r] for c in codes], sizes)
        if not (key[1:] >= key[:-1]).all():
            rows[lo:hi] = r[np.argsort(key, kind="stable")]


def _chunks(start: np.ndarray, n: int) -> list[tuple[int, int, int, int]]:
    """``(lo, hi, g_lo, g_hi)``: cells ``lo:hi`` are the whole groups ``g_lo:g_hi``, about
    ``_CHUNK`` cells at a time (groups are contiguous runs of cells starting at ``start``)."""
    if n == 0:
        return []
    cut = np.unique(np.r_[np.searchsorted(start, np.arange(0, n, _CHUNK)), start.size])
    ends = np.append(start, n)
    return [
        (int(ends[a]), int(ends[b]), int(a), int(b))
        for a, b in zip(cut[:-1], cut[1:], strict=False)
    ]


def _local_codes(start: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Group of each cell ``lo:hi`` counted from the chunk's first group (``start``: the
    chunk's groups' first cells)."""
    return np.repeat(
        np.arange(start.size, dtype=_index_dtype(start.size)), _lengths(start - lo, hi - lo)
    )


def _agg_chunks(how: str, n: int, parts: Any) -> np.ndarray:
    """pandas' grouped ``how`` (``'mean', 'sum', 'var', 'std'``, defaults) of ``n`` groups, one
    chunk at a time: ``parts`` yields ``(values, codes, first, m)`` for the groups
    ``first:first+m`` (codes ``0..m-1``, each group wholly in one chunk). The same numbers as one
    call over everything: the kernels reduce each group's values in row order."""
    out = np.full(n, np.nan)
    for vals, codes, at, m in parts:
        out[at : at + m] = getattr(_grouped(vals, codes, m), how)().to_numpy()
    return out
