"""Grouped verbs over a group code ``0..size-1``, each tested against ``pandas.groupby``."""

from __future__ import annotations

import builtins
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity._engine import thresholds as T
from maturity._engine.thresholds import Kernel, use_count_chunks, use_seen_table

__all__ = ["count", "sum", "moments", "mean", "var", "nunique", "all", "any", "chunks", "chunked"]


def _pandas_grouped(values: np.ndarray, group: np.ndarray, size: int) -> Any:
    """pandas GroupBy of ``values`` by codes ``0..size-1`` (every code a group, empty ones
    included), in code order: pandas' own grouped kernels."""
    cat = pd.Categorical.from_codes(group, categories=pd.RangeIndex(size), validate=False)
    return pd.Series(values, copy=False).groupby(cat, observed=False, sort=True)


def count(group: np.ndarray, size: int, where: np.ndarray | None = None) -> np.ndarray:
    """Rows per group (where ``where`` holds), as ``groupby(group).size()``.

    >>> count(np.array([0, 2, 2]), 4)
    array([1, 0, 2, 0])
    """
    g = group if where is None else group[where]
    if not use_count_chunks(len(g), size):
        return np.bincount(g, minlength=size).astype(np.int64)
    out = np.zeros(builtins.max(size, int(g.max()) + 1 if len(g) else 0), dtype=np.int64)
    for lo in range(0, len(g), T.CHUNK_ROWS):  # no 8-byte copy of all the codes at once
        part = np.bincount(g[lo:lo + T.CHUNK_ROWS])
        out[:len(part)] += part
    return out


def _finite(values: np.ndarray, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The non-NaN values and their groups (as given when none is NaN)."""
    nan = np.isnan(values)
    if nan.any():
        return values[~nan], group[~nan]
    return values, group


def sum(values: np.ndarray, group: np.ndarray, size: int, *,
        kernel: Kernel = "pandas") -> np.ndarray:
    """Sum of the non-NaN ``values`` per group (0 for an empty group), as
    ``groupby(group).sum()``; ``kernel``: see the module's Notes.

    >>> sum(np.array([1.0, np.nan, 2.5]), np.array([1, 1, 1]), 2)
    array([0. , 3.5])
    """
    if kernel == "pandas":
        return _pandas_grouped(values, group, size).sum().to_numpy(dtype=float)
    v, g = _finite(np.asarray(values, dtype=float), group)
    return np.bincount(g, weights=v, minlength=size)


def moments(values: np.ndarray, group: np.ndarray, size: int, *, ddof: int = 1,
            kernel: Kernel = "pandas") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count, mean and variance (``ddof``) of the non-NaN ``values`` per group; NaN mean for
    an empty group, NaN variance for a group of ``ddof`` values or fewer (as pandas).

    The ``bincount`` kernel is the two-pass formula: sums per group, then the squared
    deviations from the group mean summed per group (one ``numpy.bincount`` each).

    >>> moments(np.array([1.0, 2.0, 4.0]), np.array([0, 0, 1]), 3, kernel="bincount")
    (array([2, 1, 0]), array([1.5, 4. , nan]), array([0.5, nan, nan]))
    """
    if kernel == "pandas":
        gb = _pandas_grouped(values, group, size)
        return (gb.count().to_numpy(dtype=np.int64), gb.mean().to_numpy(dtype=float),
                gb.var(ddof=ddof).to_numpy(dtype=float))
    v, g = _finite(np.asarray(values, dtype=float), group)
    n = np.bincount(g, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        m = np.bincount(g, weights=v, minlength=size) / n
        dev = m[g]
        np.subtract(v, dev, out=dev)
        dev *= dev  # squared deviations, in place
        var_ = np.bincount(g, weights=dev, minlength=size) / (n - ddof)
    var_[n <= ddof] = np.nan
    return n.astype(np.int64), m, var_


def mean(values: np.ndarray, group: np.ndarray, size: int, *,
         kernel: Kernel = "pandas") -> np.ndarray:
    """Mean of the non-NaN ``values`` per group (NaN for an empty group), as
    ``groupby(group).mean()``.

    >>> mean(np.array([1.0, 2.0, 4.0]), np.array([0, 0, 2]), 3)
    array([1.5, nan, 4. ])
    """
    if kernel == "pandas":
        return _pandas_grouped(values, group, size).mean().to_numpy(dtype=float)
    v, g = _finite(np.asarray(values, dtype=float), group)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(g, weights=v, minlength=size) / np.bincount(g, minlength=size)


def var(values: np.ndarray, group: np.ndarray, size: int, *, ddof: int = 1,
        kernel: Kernel = "pandas") -> np.ndarray:
    """Variance (``ddof``) of the non-NaN ``values`` per group, as ``groupby(group).var(ddof)``.

    >>> var(np.array([1.0, 2.0, 4.0]), np.array([0, 0, 1]), 2)
    array([0.5, nan])
    """
    return moments(values, group, size, ddof=ddof, kernel=kernel)[2]


def nunique(member: np.ndarray, n_member: int, group: np.ndarray, size: int) -> np.ndarray:
    """Distinct ``member`` codes (``0..n_member-1``; -1 missing, not counted) per group, as
    ``groupby(group)[member].nunique()``: a table of seen pairs when small
    (:func:`use_seen_table`), else hashing of the pair keys.

    >>> nunique(np.array([0, 0, 1, -1]), 2, np.array([0, 0, 0, 1]), 2)
    array([2, 0])
    """
    ok = member >= 0
    if not ok.all():
        member, group = member[ok], group[ok]
    n_member = builtins.max(int(n_member), 1)
    span = int(size) * n_member
    key = group.astype(np.int64)
    key *= n_member  # in place: one 8-byte-a-row array
    key += member
    if use_seen_table(span):
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        return seen.reshape(int(size), n_member).sum(axis=1).astype(np.int64)
    pairs = pd.unique(key)
    return np.bincount(pairs // n_member, minlength=int(size)).astype(np.int64)


def all(mask: np.ndarray, group: np.ndarray, size: int) -> np.ndarray:
    """Whether ``mask`` holds on every row of each group (True for an empty group), as
    ``groupby(group).all()``.

    >>> all(np.array([True, False, True]), np.array([0, 0, 1]), 3)
    array([False,  True,  True])
    """
    return np.bincount(group[~np.asarray(mask, dtype=bool)], minlength=size) == 0


def any(mask: np.ndarray, group: np.ndarray, size: int) -> np.ndarray:
    """Whether ``mask`` holds on some row of each group (False for an empty group), as
    ``groupby(group).any()``.

    >>> any(np.array([True, False, False]), np.array([0, 0, 1]), 3)
    array([ True, False, False])
    """
    return np.bincount(group[np.asarray(mask, dtype=bool)], minlength=size) > 0


def chunks(n: int, size: int) -> list[slice]:
    """Consecutive slices of at most ``size`` rows covering ``range(n)``.

    >>> chunks(5, 2)
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    """
    size = builtins.max(int(size), 1)
    return [slice(i, builtins.min(i + size, n)) for i in range(0, n, size)]


def chunked(verb: Literal["sum", "mean", "var", "std"], size: int, parts: Any) -> np.ndarray:
    """A grouped verb of ``size`` groups by pandas' kernel (as :func:`sum`, :func:`mean`,
    :func:`var` with ``kernel='pandas'``, ddof 1; ``std`` its square root, as pandas computes
    it), a chunk at a time: ``parts`` yields ``(values, group, first, m)`` for the groups
    ``first:first+m`` (codes ``0..m-1``, each group wholly in one chunk). The same numbers as
    one call over everything (each group's values are reduced in row order); NaN for a group
    no part holds. One pandas kernel per chunk (:func:`var` also computes counts and means).

    >>> parts = [(np.array([1.0, 3.0, 5.0]), np.array([0, 0, 1]), 0, 2)]
    >>> chunked("mean", 3, parts)
    array([ 2.,  5., nan])
    """
    out = np.full(size, np.nan)
    for vals, group, at, m in parts:
        out[at : at + m] = getattr(_pandas_grouped(vals, group, m), verb)().to_numpy(dtype=float)
    return out
