"""Raw text columns as integer codes into their distinct values (internal to ingest).

A raw answer column is factorised once; the canonical text, the text shown to the user and the
note of a conversion are computed once per *distinct* value (:func:`maturity.ingest.answers.
canon_one`) and spread to the rows by the codes, so that validation never makes a Python string
per row. A categorical column (the CSV reader's) is used through its own codes, without looking
at its rows' text at all.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from maturity.ingest.answers import canon_one

__all__ = ["CodedColumn", "codes_of", "categorical"]


def _small_int(n: int) -> type:
    """The smallest signed integer dtype holding 0..n (and -1)."""
    for t in (np.int8, np.int16, np.int32):
        if n < np.iinfo(t).max:
            return t
    return np.int64


def codes_of(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values) of a column: a categorical's own codes, else one factorisation;
    missing values get code -1."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.Categorical):
        return np.asarray(values.codes), values.categories.to_numpy(dtype=object)
    codes, uniques = pd.factorize(pd.Series(np.asarray(values, dtype=object), dtype=object),
                                  use_na_sentinel=True)
    return np.asarray(codes, dtype=_small_int(len(uniques))), np.asarray(uniques, dtype=object)


def categorical(codes: np.ndarray, categories: np.ndarray) -> pd.Categorical:
    """A categorical of ``categories[codes]`` with only the categories used, sorted as strings
    sort (so ``groupby(..., observed=True, sort=True)`` and ``sort_values`` order rows as they
    would order the strings); codes in the smallest integer dtype (internal)."""
    cats = np.asarray(categories, dtype=object)
    codes = np.asarray(codes)
    if not len(cats):
        return pd.Categorical.from_codes(np.zeros(len(codes), dtype=np.int8) - 1,
                                         categories=pd.Index([], dtype=object))
    seen = np.zeros(len(cats) + 1, dtype=bool)  # the last slot takes code -1 (missing)
    seen[codes] = True  # a table of the codes seen: no copy or widening of ``codes``
    used = np.flatnonzero(seen[:-1])
    keep = used[np.argsort(cats[used], kind="stable")]
    remap = np.full(len(cats) + 1, -1, dtype=_small_int(len(keep)))
    remap[keep] = np.arange(len(keep))
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(cats[keep], dtype=object),
                                     validate=False)


class CodedColumn:
    """A raw text column as integer codes into its distinct values, with the canonical text,
    display text and note of each distinct value (computed once per distinct value).

    A categorical column (the CSV reader's) is used through its own codes, without looking at
    its rows' text at all."""

    __slots__ = ("codes", "canon_u", "shown_u", "note_u", "ckey", "cuniq")

    def __init__(self, values: pd.Series | np.ndarray, col: str) -> None:
        codes, uniques = codes_of(values)
        res = [canon_one(u, col) for u in uniques]
        self.canon_u = np.array([r[0] for r in res] + [""], dtype=object)
        self.shown_u = np.array([r[1] for r in res] + [""], dtype=object)
        self.note_u = np.array([r[2] for r in res] + [""], dtype=object)
        missing = codes < 0
        if missing.any() or np.dtype(codes.dtype) != np.dtype(_small_int(len(res) + 1)):
            self.codes = codes.astype(_small_int(len(res) + 1))
            self.codes[missing] = len(res)  # missing: the last, empty entry
        else:  # a categorical's codes as they are (no copy)
            self.codes = codes
        del missing
        ck, cu = pd.factorize(self.canon_u)  # distinct values with the same canonical text
        self.ckey = np.asarray(ck, dtype=np.int32)
        self.cuniq = np.asarray(cu, dtype=object)

    def canon(self, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.canon_u[self.codes[idx]]

    def merge(self, mapping: dict[str, str], note: str) -> None:
        """Canonical spellings ``mapping`` keys become their values (ids merged), noted."""
        for i, t in enumerate(self.canon_u):
            if t in mapping:
                self.canon_u[i] = mapping[t]
                self.note_u[i] = "; ".join(x for x in (self.note_u[i], note.format(
                    typed=t, into=mapping[t])) if x)
        ck, cu = pd.factorize(self.canon_u)
        self.ckey = np.asarray(ck, dtype=np.int32)
        self.cuniq = np.asarray(cu, dtype=object)

    def used_counts(self) -> dict[str, int]:
        """Rows per canonical text (texts of no row left out)."""
        n = np.bincount(self.ckey[self.codes], minlength=len(self.cuniq))
        return {str(t): int(c) for t, c in zip(self.cuniq, n, strict=True) if c and t != ""}

    def shown(self, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.shown_u[self.codes[idx]]

    def note(self, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.note_u[self.codes[idx]]

    def key(self) -> np.ndarray:
        """Code of each row's canonical text (equal texts, equal codes)."""
        return self.ckey[self.codes]

    def categorical(self, idx: np.ndarray | slice = slice(None)) -> pd.Categorical:
        """The canonical texts of rows ``idx`` as a categorical (sorted categories), built
        from the raw codes with one gather (no intermediate array of canonical keys)."""
        c = self.codes[idx]
        seen = np.zeros(len(self.canon_u), dtype=bool)
        seen[c] = True
        used_ck = np.zeros(len(self.cuniq), dtype=bool)
        used_ck[self.ckey[seen]] = True
        keep = np.flatnonzero(used_ck)
        keep = keep[np.argsort(self.cuniq[keep], kind="stable")]
        remap_ck = np.full(len(self.cuniq), -1, dtype=_small_int(len(keep)))
        remap_ck[keep] = np.arange(len(keep))
        return pd.Categorical.from_codes(remap_ck[self.ckey][c],
                                         categories=pd.Index(self.cuniq[keep], dtype=object),
                                         validate=False)
