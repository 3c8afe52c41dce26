"""The column machinery of the package, in one place and nothing domain-specific.

Domain modules (scoring, reliability, ingest) state their rules as a few lines over grouped
verbs; this module does the work underneath, in the spirit of scikit-learn's
``sklearn/utils/_encode.py``:

- **encoding**: :func:`encode` turns id columns (object, pandas 3 ``str`` or categorical, sorted
  or not, with unused categories) into integer codes once (:class:`Coded` of :class:`Codes`);
- **combined keys**: :func:`combine` numbers the combinations of several code arrays that
  occur; :func:`mixed_key` / :func:`split` build and undo one mixed-radix key; :func:`dense`
  and :func:`tally` number or count keys;
- **runs**: :func:`run_starts`, :func:`run_lengths`, :func:`factorize_runs` (numbering of keys
  that come in runs of equal neighbours), :func:`run_means`;
- **grouped verbs** over a group code ``0..size-1``: :func:`count`, :func:`sum`, :func:`mean`,
  :func:`var`, :func:`moments`, :func:`nunique`, :func:`all`, :func:`any`, each tested against
  ``pandas.groupby`` in ``tests/test_engine.py``;
- **chunking**: :func:`chunks`.

Every size threshold and shape shortcut is a named constant below and is decided by one
function (:func:`use_table`, :func:`use_seen_table`, :func:`use_runs`), as lifelines decides
batch against single in one switch.

Kernels. A grouped sum, mean or variance comes in two kernels, chosen by ``kernel``:
``"pandas"`` is pandas' own grouped kernel (Kahan-compensated sums, Welford variances; equal
to ``Series.groupby(...).mean()`` to the last bit, rows summed in their order), ``"bincount"``
is one ``numpy.bincount`` pass (plain sums in row order; the variance is the two-pass formula).
Both are kept because results are kept bit for bit: each caller names the kernel its published
numbers were computed with. The results of the two agree to a few ulps.

Examples
--------
>>> f = pd.DataFrame({"line": ["b", "a", "b", "a"], "x": [1.0, 2.0, 3.0, 5.0]})
>>> c = encode(f, ["line"], sort=True)
>>> c["line"].codes, c["line"].uniques
(array([1, 0, 1, 0], dtype=int8), array(['a', 'b'], dtype=object))
>>> mean(f["x"].to_numpy(), c["line"].codes, c["line"].size)
array([3.5, 2. ])
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "DENSE_TABLE_MAX",
    "DENSE_TABLE_MIN",
    "DENSE_TABLE_PER_ROW",
    "KEY_MAX_SPAN",
    "PANDAS_RUN_MIN",
    "RUNS_MIN_LENGTH",
    "SEEN_TABLE_MAX",
    "Codes",
    "Coded",
    "all",
    "any",
    "categorical",
    "chunks",
    "code_dtype",
    "combine",
    "count",
    "dense",
    "distinct_pairs",
    "encode",
    "factorize",
    "factorize_runs",
    "index_dtype",
    "mean",
    "mixed_key",
    "moments",
    "nunique",
    "run_lengths",
    "run_means",
    "run_starts",
    "split",
    "sum",
    "tally",
    "use_runs",
    "use_seen_table",
    "use_table",
    "var",
]

Kernel = Literal["pandas", "bincount"]

# --------------------------------------------------------------------------------------------
# Every size threshold and shape shortcut, decided here.

#: A lookup table (4-8 bytes a slot: dense numbering, counts, sums) instead of hashing when
#: the key space has at most this many slots, whatever the number of rows ...
DENSE_TABLE_MIN = 1 << 22
#: ... or at most this many slots per row ...
DENSE_TABLE_PER_ROW = 2
#: ... and never more than this many slots.
DENSE_TABLE_MAX = 1 << 27
#: A table of seen flags (1 byte a slot: distinct counts, distinct pairs) up to this many slots.
SEEN_TABLE_MAX = 1 << 27
#: Keys are numbered run by run (:func:`factorize_runs`) when the runs of equal neighbours are
#: this long on average; shorter runs cost more in bookkeeping than they save in hashing.
RUNS_MIN_LENGTH = 4
#: Mixed-radix keys are renumbered densely before their span would leave int64.
KEY_MAX_SPAN = 1 << 62
#: :func:`run_means` leaves runs of this many values or more to pandas' compensated kernel
#: (a plain sum of one or two values is exact).
PANDAS_RUN_MIN = 3


def use_table(span: int, n_rows: int) -> bool:
    """Whether keys in ``[0, span)`` over ``n_rows`` rows are numbered or tallied in a table
    (no hashing), rather than hashed."""
    return span <= DENSE_TABLE_MAX and span <= builtins.max(DENSE_TABLE_PER_ROW * n_rows,
                                                             DENSE_TABLE_MIN)


def use_seen_table(span: int) -> bool:
    """Whether distinct keys in ``[0, span)`` are found with a table of seen flags."""
    return span <= SEEN_TABLE_MAX


def use_runs(n_runs: int, n_rows: int) -> bool:
    """Whether keys coming in ``n_runs`` runs over ``n_rows`` rows are numbered run by run."""
    return n_runs <= n_rows // RUNS_MIN_LENGTH


def code_dtype(n: int) -> np.dtype:
    """The smallest signed integer dtype holding the codes ``-1..n-1``.

    >>> code_dtype(100), code_dtype(200), code_dtype(1 << 40)
    (dtype('int8'), dtype('int16'), dtype('int64'))
    """
    for t in (np.int8, np.int16, np.int32):
        if n <= np.iinfo(t).max:
            return np.dtype(t)
    return np.dtype(np.int64)


def index_dtype(n: int) -> np.dtype:
    """int32 for positions or codes below 2**31, else int64."""
    return np.dtype(np.int32 if n < 1 << 31 else np.int64)


# --------------------------------------------------------------------------------------------
# Encoding


@dataclass(frozen=True)
class Codes:
    """One column as integer codes into its distinct values.

    Attributes
    ----------
    codes : numpy.ndarray
        One integer code per row, ``-1`` for a missing value (``text=False``).
    uniques : numpy.ndarray of object
        The value of each code (a categorical's unused categories included).
    exact : bool
        The values are plain ``str`` with none missing: the codes of the texts are the codes
        of the values.
    """

    codes: np.ndarray
    uniques: np.ndarray
    exact: bool = False

    @property
    def size(self) -> int:
        """Number of codes (``len(uniques)``)."""
        return len(self.uniques)


def factorize(values: pd.Series | pd.Index | np.ndarray | pd.Categorical | list,
              *, sort: bool = False, text: bool = False) -> Codes:
    """Integer codes of one column, computed from its distinct values only.

    Parameters
    ----------
    values : Series, Index, array, Categorical or list
        Object, pandas 3 ``str``, numeric or categorical values. A categorical is used through
        its own codes (its unused categories stay codes).
    sort : bool
        Codes in the sorted order of the values (pandas' safe sort for mixed types);
        otherwise in order of first appearance (a categorical: the order of its categories).
    text : bool
        Codes of ``values.astype(str)``: a missing value gets the code of its text (``"nan"``,
        ``"None"``) instead of -1, and values with the same text (``1`` and ``"1"``) share one.

    Returns
    -------
    Codes

    Examples
    --------
    >>> c = factorize(pd.Series(["b", None, "a", "b"]))
    >>> c.codes, c.uniques
    (array([ 0, -1,  1,  0], dtype=int8), array(['b', 'a'], dtype=object))
    >>> factorize(pd.Series(["b", None, 1, "1"]), text=True).uniques
    array(['b', '1', 'None'], dtype=object)
    """
    if isinstance(values, pd.Series | pd.Index):
        values = values.array
    if text:
        c = _text_codes(values)
    elif isinstance(values, pd.Categorical):
        c = Codes(np.asarray(values.codes), values.categories.to_numpy(dtype=object))
    else:
        if isinstance(values, list):
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            values = arr
        elif isinstance(values, pd.arrays.NumpyExtensionArray):
            values = values.to_numpy()  # a view: pandas 2.2 warns on factorizing the wrapper
        codes, uniques = pd.factorize(values, sort=sort, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
        return Codes(codes.astype(code_dtype(len(uniques))), uniques)
    return _sorted(c) if sort else c


def _text_codes(values: Any) -> Codes:
    """:func:`factorize` with ``text=True`` (codes of ``astype(str)``)."""
    exact = False
    if isinstance(values, pd.Categorical):
        codes = np.asarray(values.codes)  # int8/int16/int32: kept small (memory)
        uniq = np.asarray(values.categories.astype(str), dtype=object)
        na = codes < 0
        if na.any():  # NaN in a categorical: str() as astype(str) gives it
            uniq = np.append(uniq, "nan")
            codes = np.where(na, len(uniq) - 1, codes.astype(np.int64))
        else:  # the codes of distinct strings are the codes of the values
            exact = builtins.all(type(x) is str for x in values.categories)
    else:
        arr = np.asarray(values, dtype=object)  # as Series.to_numpy(dtype=object)
        codes, u = pd.factorize(arr, use_na_sentinel=True)
        codes = np.asarray(codes, dtype=np.int64)
        exact = builtins.all(type(x) is str for x in u)
        uniq = np.asarray(pd.Index(u, dtype=object).astype(str), dtype=object)
        na = codes < 0
        exact = exact and not na.any()
        if na.any():  # None / NaN / NA: each as str() writes it
            # str() of each (pandas 3's astype(str) would keep them missing, merging them
            # into another id's code)
            nc, nu = pd.factorize(np.array([str(x) for x in arr[na]], dtype=object))
            codes[na] = nc + len(uniq)
            uniq = np.concatenate([uniq, np.asarray(nu, dtype=object)])
    c2, u2 = pd.factorize(uniq)  # values with the same str(), e.g. 1 and "1"
    if len(u2) == len(uniq) or not len(codes):  # nothing merged: the codes stand
        return Codes(codes, np.asarray(uniq, dtype=object), exact)
    return Codes(np.asarray(c2, dtype=np.int64)[codes], np.asarray(u2, dtype=object), False)


def _sorted(c: Codes) -> Codes:
    """``c`` with codes re-ranked in the sorted order of the values (safe sort for mixed
    types); unused values keep a code."""
    u = c.uniques
    try:
        order = np.argsort(u, kind="stable")
    except TypeError:  # mixed types (1 and "r1"): pandas' safe sort
        _, ordered = pd.factorize(u, sort=True)
        order = np.asarray(pd.Index(u).get_indexer(ordered))
    if (order == np.arange(len(u))).all():
        return c
    rank = np.empty(len(u), dtype=np.int64)
    rank[order] = np.arange(len(u))
    codes = np.where(c.codes >= 0, rank[np.maximum(c.codes, 0)], -1)
    return Codes(codes.astype(code_dtype(len(u))), u[order], c.exact)


class Coded(Mapping[str, Codes]):
    """Id columns of one frame encoded once: ``coded[column]`` is the column's :class:`Codes`.

    Combined keys of several columns (:meth:`key`) are computed once and kept with the object:
    pass the :class:`Coded` down instead of encoding the columns again.
    """

    def __init__(self, columns: dict[str, Codes], n_rows: int) -> None:
        self._columns = dict(columns)
        self.n_rows = int(n_rows)
        self._keys: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}

    def __getitem__(self, column: str) -> Codes:
        return self._columns[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}: {v.size}" for k, v in self._columns.items())
        return f"Coded({self.n_rows} rows; {sizes})"

    def sizes(self, *columns: str) -> tuple[int, ...]:
        """Number of codes of each column."""
        return tuple(self._columns[c].size for c in columns)

    def key(self, *columns: str, runs: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """:func:`combine` of the columns' codes (dense codes of the combinations, and the
        mixed-radix key of each), computed once per set of columns. The columns' codes must
        have no -1 (``text=True``, or no missing value)."""
        k = (columns, runs)
        if k not in self._keys:
            self._keys[k] = combine(*((self[c].codes, self[c].size) for c in columns), runs=runs)
        return self._keys[k]


def encode(frame: pd.DataFrame, columns: Sequence[str], *, sort: bool = False,
           text: bool = False) -> Coded:
    """Encode id columns of ``frame`` once (:func:`factorize` of each).

    Parameters
    ----------
    frame : pandas.DataFrame
        Not modified.
    columns : sequence of str
    sort, text : bool
        See :func:`factorize`.

    Returns
    -------
    Coded

    Examples
    --------
    >>> f = pd.DataFrame({"wave": ["w1", "w1", "w2"],
    ...                   "line": pd.Categorical(["b", "a", "b"], categories=["b", "a", "z"])})
    >>> c = encode(f, ["wave", "line"], sort=True)
    >>> c
    Coded(3 rows; wave: 2, line: 3)
    >>> c["line"].codes, c["line"].uniques
    (array([1, 0, 1], dtype=int8), array(['a', 'b', 'z'], dtype=object))
    """
    return Coded({c: factorize(frame[c], sort=sort, text=text) for c in columns}, len(frame))


def categorical(codes: np.ndarray, categories: np.ndarray) -> pd.Categorical:
    """A categorical of ``categories[codes]`` (-1: missing) with only the categories used,
    sorted (so ``groupby(..., observed=True, sort=True)`` and ``sort_values`` order rows as
    they would order the values); codes in the smallest integer dtype.

    >>> categorical(np.array([2, 0, -1, 2]), np.array(["b", "z", "a"], dtype=object))
    ['a', 'b', NaN, 'a']
    Categories (2, object): ['a', 'b']
    """
    cats = np.asarray(categories, dtype=object)
    codes = np.asarray(codes)
    if not len(cats):
        return pd.Categorical.from_codes(np.zeros(len(codes), dtype=np.int8) - 1,
                                         categories=pd.Index([], dtype=object))
    seen = np.zeros(len(cats) + 1, dtype=bool)  # the last slot takes code -1 (missing)
    seen[codes] = True  # a table of the codes seen: no copy or widening of ``codes``
    used = np.flatnonzero(seen[:-1])
    keep = used[np.argsort(cats[used], kind="stable")]
    remap = np.full(len(cats) + 1, -1, dtype=code_dtype(len(keep)))
    remap[keep] = np.arange(len(keep))
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(cats[keep], dtype=object),
                                     validate=False)


# --------------------------------------------------------------------------------------------
# Combined keys


def mixed_key(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> tuple[np.ndarray, int]:
    """One integer key per row that sorts like the tuple of codes (mixed radix), and its span.

    Built in place, one column at a time; renumbered densely (order kept) before the span
    would pass :data:`KEY_MAX_SPAN`. Codes must be in ``[0, size)``.

    >>> mixed_key([np.array([1, 0, 1]), np.array([2, 2, 0])], [2, 3])
    (array([5, 2, 3], dtype=int32), 6)
    """
    total = int(np.prod([builtins.max(int(n), 1) for n in sizes], dtype=object)) if sizes else 1
    key = np.zeros(len(codes[0]) if len(codes) else 0, dtype=index_dtype(total))
    span = 1
    for c, n in zip(codes, sizes, strict=True):
        n = builtins.max(int(n), 1)
        if span * n >= KEY_MAX_SPAN:  # compress what we have so far (sorted, dense)
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
    key = np.zeros(len(codes[0][0]), dtype=np.int64)
    span = 1
    for c, n in codes:
        key *= builtins.max(n, 1)  # in place: no 8-byte-a-row temporaries
        key += c
        span *= builtins.max(n, 1)
    if not runs and use_table(span, len(key)):
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        ku = np.flatnonzero(seen)
        lookup = np.cumsum(seen, dtype=np.int32) - 1
        return lookup[key], ku.astype(np.int64)
    kc, ku = factorize_runs(key)
    return np.asarray(kc, dtype=index_dtype(len(ku))), np.asarray(ku, dtype=np.int64)


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


# --------------------------------------------------------------------------------------------
# Runs


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


def _pandas_grouped(values: np.ndarray, group: np.ndarray, size: int) -> Any:
    """pandas GroupBy of ``values`` by codes ``0..size-1`` (every code a group, empty ones
    included), in code order: pandas' own grouped kernels."""
    cat = pd.Categorical.from_codes(group, categories=pd.RangeIndex(size), validate=False)
    return pd.Series(values, copy=False).groupby(cat, observed=False, sort=True)


def run_means(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Mean of each run of ``values`` (runs starting at ``starts``), as pandas' grouped mean
    gives it: runs shorter than :data:`PANDAS_RUN_MIN` by a plain sum (exact), the others by
    pandas' kernel.

    >>> run_means(np.array([1.0, 2.0, 4.0, 5.0, 6.0]), np.array([0, 2]))
    array([1.5, 5. ])
    """
    if starts.size == values.size:  # runs of one value: x / 1 == x
        return values
    counts = run_lengths(starts, values.size)
    means = np.add.reduceat(values, starts) / counts  # exact for runs of one or two values
    many = counts >= PANDAS_RUN_MIN
    n_many = int(many.sum())
    if n_many:  # pandas sums with Kahan compensation: let it do the longer runs
        ids = np.repeat(np.arange(n_many, dtype=index_dtype(n_many)), counts[many])
        vals = values if n_many == counts.size else values[np.repeat(many, counts)]
        means[many] = _pandas_grouped(vals, ids, n_many).mean().to_numpy()
    return means


# --------------------------------------------------------------------------------------------
# Grouped verbs over a group code 0..size-1 (an array per group, empty groups included)


def count(group: np.ndarray, size: int, where: np.ndarray | None = None) -> np.ndarray:
    """Rows per group (where ``where`` holds), as ``groupby(group).size()``.

    >>> count(np.array([0, 2, 2]), 4)
    array([1, 0, 2, 0])
    """
    g = group if where is None else group[where]
    return np.bincount(g, minlength=size).astype(np.int64)


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


# --------------------------------------------------------------------------------------------
# Chunking


def chunks(n: int, size: int) -> list[slice]:
    """Consecutive slices of at most ``size`` rows covering ``range(n)``.

    >>> chunks(5, 2)
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    """
    size = builtins.max(int(size), 1)
    return [slice(i, builtins.min(i + size, n)) for i in range(0, n, size)]


# --------------------------------------------------------------------------------------------
# Verbs added by other modules (compare, ingest) go below this line, each with a test in
# tests/test_engine.py.


# --- added by the compare helper ---
# Verbs of the compare stage (maturity.compare.answers, cronbach, krippendorff, disagreement):
# rows gathered and sorted by codes in batches, reductions a chunk of whole groups at a time.

#: Rows (or cells) handled at once by the chunked steps (:func:`positions`, :func:`sort_rows`,
#: :func:`run_chunks`): bounds their temporary arrays; the results do not depend on it.
CHUNK_ROWS = 1 << 20
#: :func:`value_codes` numbers values that are integers spanning fewer than this many values
#: by their offset from the smallest (no hashing; Likert answers).
SMALL_INT_SPAN = 64


def positions(mask: np.ndarray) -> np.ndarray:
    """Positions of the true values of ``mask``, in the smallest index dtype, found
    :data:`CHUNK_ROWS` at a time (no int64 array of all of them).

    >>> positions(np.array([False, True, True, False, True]))
    array([1, 2, 4], dtype=int32)
    """
    n = mask.size
    rows = np.empty(int(np.count_nonzero(mask)), dtype=index_dtype(n))
    at = 0
    for lo in range(0, n, CHUNK_ROWS):
        r = np.flatnonzero(mask[lo : lo + CHUNK_ROWS])
        rows[at : at + r.size] = r
        rows[at : at + r.size] += lo
        at += r.size
    return rows


def sort_rows(codes: list[np.ndarray], sizes: list[int], rows: np.ndarray) -> None:
    """Sort the row positions ``rows`` in place by the tuple of ``codes`` (each in ``[0,
    size)``), stably (ties keep their order).

    Rows usually come in order of the first columns (wave, line): the blocks of equal leading
    codes are then sorted a batch of whole blocks (about :data:`CHUNK_ROWS` rows) at a time,
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
    """Cuts ``0 = b0 < b1 < ... = n`` at the first block start after about :data:`CHUNK_ROWS`
    rows (``same[i]``: row i+1 is in row i's block)."""
    bounds = [0]
    while bounds[-1] + CHUNK_ROWS < n:
        at = bounds[-1] + CHUNK_ROWS
        while at < n:
            seg = same[at - 1 : at - 1 + CHUNK_ROWS]
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


def run_chunks(starts: np.ndarray, n: int) -> list[tuple[int, int, int, int]]:
    """``(lo, hi, r_lo, r_hi)``: rows ``lo:hi`` are the whole runs ``r_lo:r_hi`` (runs starting
    at ``starts`` over ``n`` rows), about :data:`CHUNK_ROWS` rows at a time.

    >>> run_chunks(np.array([0, 2, 3]), 6)
    [(0, 6, 0, 3)]
    """
    if n == 0:
        return []
    cut = np.unique(np.r_[np.searchsorted(starts, np.arange(0, n, CHUNK_ROWS)), starts.size])
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


def value_codes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of float values in sorted order and the values they stand for: integers spanning
    fewer than :data:`SMALL_INT_SPAN` values by their offset (no hashing; some of the values
    may not occur), others by sorted factorization.

    >>> value_codes(np.array([3.0, 1.0, 3.0]))
    (array([2, 0, 2], dtype=int8), array([1., 2., 3.]))
    """
    if x.size:
        lo, hi = x.min(), x.max()
        if hi - lo < SMALL_INT_SPAN and lo == int(lo):
            t = x - lo
            ix = t.astype(np.int8)
            if (ix == t).all():
                return ix, np.arange(lo, hi + 1, dtype=float)
    codes, uniq = pd.factorize(x, sort=True)
    return codes, np.asarray(uniq, dtype=float)
# --- added by the ingest helper ---

__all__ += ["concat_codes"]


def concat_codes(pieces: Sequence[Codes]) -> Codes:
    """One :class:`Codes` for pieces of a column given in row order: the pieces' distinct
    values factorised together (first occurrence wins, as when the whole column is factorised
    at once) and each piece's codes mapped to them; -1 (missing) stays -1. Pieces read by
    different processes become one column without a Python object per row.

    >>> a = Codes(np.array([0, 1, -1]), np.array(["x", "y"], dtype=object))
    >>> b = Codes(np.array([1, 0]), np.array(["z", "y"], dtype=object))
    >>> c = concat_codes([a, b])
    >>> c.codes, c.uniques
    (array([ 0,  1, -1,  1,  2], dtype=int8), array(['x', 'y', 'z'], dtype=object))
    """
    if len(pieces) == 1:
        p = pieces[0]
        return Codes(p.codes.astype(code_dtype(p.size), copy=False), p.uniques)
    if not pieces:
        return Codes(np.zeros(0, dtype=np.int8), np.zeros(0, dtype=object))
    gcodes, uniques = pd.factorize(np.concatenate([p.uniques for p in pieces]))
    gcodes = np.asarray(gcodes)
    dtype = code_dtype(len(uniques))
    out = []
    off = 0
    for p in pieces:
        lut = np.append(gcodes[off: off + p.size], -1).astype(dtype)  # -1 (missing) stays -1
        off += p.size
        out.append(lut[p.codes])
    return Codes(np.concatenate(out), np.asarray(uniques, dtype=object))
