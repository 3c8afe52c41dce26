"""Encoding: id columns to integer codes once (:class:`Coded` of :class:`Codes`)."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from maturity._engine import thresholds as T
from maturity._engine.keys import combine
from maturity._engine.thresholds import code_dtype

__all__ = [
    "Codes", "factorize", "Coded", "encode", "categorical", "recode", "value_codes",
    "concat_codes",
]


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
    if len(cats) == 1 and codes.dtype.kind == "i" and (not len(codes) or codes.min() >= 0):
        used = np.array([len(codes) > 0])  # one value, no missing: no pass to find the used
    else:
        seen = np.zeros(len(cats) + 1, dtype=bool)  # the last slot takes code -1 (missing)
        seen[codes] = True  # a table of the codes seen: no copy or widening of ``codes``
        used = seen[:-1]
    return recode(codes, np.arange(len(cats)), cats, used)


def recode(codes: np.ndarray, table: np.ndarray, categories: np.ndarray,
           used: np.ndarray) -> pd.Categorical:
    """The categorical of ``categories[table[codes]]`` (-1 in ``codes`` or ``table``: missing)
    with only the categories used, sorted, as :func:`categorical`; ``used`` flags the codes
    that occur in ``codes`` (known to the caller, e.g. from counts: no pass over the rows to
    find them). The rows' codes are gathered through one small table, and not at all when
    they already are the codes of the result (a view of ``codes`` is returned then).

    >>> recode(np.array([1, 0, 1]), np.array([2, 0]), np.array(["b", "z", "a"], dtype=object),
    ...        np.array([True, True]))
    ['b', 'a', 'b']
    Categories (2, object): ['a', 'b']
    """
    cats = np.asarray(categories, dtype=object)
    codes = np.asarray(codes)
    inner = np.asarray(table)[np.flatnonzero(used)]
    present = np.zeros(len(cats) + 1, dtype=bool)  # the last slot takes -1 (missing)
    present[inner] = True
    found = np.flatnonzero(present[:-1])
    keep = found[np.argsort(cats[found], kind="stable")]
    remap = np.full(len(cats) + 1, -1, dtype=code_dtype(len(keep)))
    remap[keep] = np.arange(len(keep))
    per_code = np.append(remap[np.asarray(table)], remap.dtype.type(-1))  # code -1: missing
    index = pd.Index(cats[keep], dtype=object)
    if per_code.dtype == codes.dtype and np.array_equal(per_code[:-1][used],
                                                        np.flatnonzero(used)):
        return pd.Categorical.from_codes(codes, categories=index, validate=False)
    return pd.Categorical.from_codes(per_code[codes], categories=index, validate=False)


def value_codes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of float values in sorted order and the values they stand for: integers spanning
    fewer than :data:`T.SMALL_INT_SPAN` values by their offset (no hashing; some of the values
    may not occur), others by sorted factorization.

    >>> value_codes(np.array([3.0, 1.0, 3.0]))
    (array([2, 0, 2], dtype=int8), array([1., 2., 3.]))
    """
    if x.size:
        lo, hi = x.min(), x.max()
        if hi - lo < T.SMALL_INT_SPAN and lo == int(lo):
            t = x - lo
            ix = t.astype(np.int8)
            if (ix == t).all():
                return ix, np.arange(lo, hi + 1, dtype=float)
    codes, uniq = pd.factorize(x, sort=True)
    return codes, np.asarray(uniq, dtype=float)


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
