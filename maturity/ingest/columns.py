"""Raw text columns as integer codes into their distinct values (internal to ingest).

A raw answer column is factorised once; the canonical text, the text shown to the user and the
note of a conversion are computed once per *distinct* value (:func:`maturity.ingest.answers.
canon_one`) and spread to the rows by the codes, so that validation never makes a Python string
per row. A categorical column (the CSV reader's) is used through its own codes, without looking
at its rows' text at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from maturity._engine import code_dtype, count, factorize, recode
from maturity.ingest.answers import canon_one

__all__ = ["CodedColumn"]


class CodedColumn:
    """A raw text column as integer codes into its distinct values, with the canonical text,
    display text and note of each distinct value (computed once per distinct value).

    A categorical column (the CSV reader's) is used through its own codes, without looking at
    its rows' text at all."""

    __slots__ = ("codes", "canon_u", "shown_u", "note_u", "ckey", "cuniq", "_counts")

    def __init__(self, values: pd.Series | np.ndarray, col: str) -> None:
        coded = factorize(values)  # a categorical's own codes; missing values -1
        codes, uniques = coded.codes, coded.uniques
        res = [canon_one(u, col) for u in uniques]
        self.canon_u = np.array([r[0] for r in res] + [""], dtype=object)
        self.shown_u = np.array([r[1] for r in res] + [""], dtype=object)
        self.note_u = np.array([r[2] for r in res] + [""], dtype=object)
        missing = codes < 0
        if missing.any() or np.dtype(codes.dtype) != np.dtype(code_dtype(len(res) + 1)):
            self.codes = codes.astype(code_dtype(len(res) + 1))
            self.codes[missing] = len(res)  # missing: the last, empty entry
        else:  # a categorical's codes as they are (no copy)
            self.codes = codes
        del missing
        ck, cu = pd.factorize(self.canon_u)  # distinct values with the same canonical text
        self.ckey = np.asarray(ck, dtype=np.int32)
        self.cuniq = np.asarray(cu, dtype=object)
        self._counts: np.ndarray | None = None

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

    def counts(self) -> np.ndarray:
        """Rows per raw value (per code; the last entry: missing), counted once."""
        if self._counts is None:
            self._counts = count(self.codes, len(self.canon_u))
        return self._counts

    def used_counts(self) -> dict[str, int]:
        """Rows per canonical text (texts of no row left out)."""
        n = np.bincount(self.ckey, weights=self.counts(), minlength=len(self.cuniq))
        return {str(t): int(c) for t, c in zip(self.cuniq, n, strict=True) if c and t != ""}

    def blank(self) -> np.ndarray | None:
        """Rows whose canonical text is empty (a bool mask), or None when there are none."""
        empty = self.canon_u == ""
        if not (empty & (self.counts() > 0)).any():
            return None
        return empty[self.codes]

    def shown(self, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.shown_u[self.codes[idx]]

    def note(self, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.note_u[self.codes[idx]]

    def keys(self, idx: np.ndarray | slice = slice(None)) -> tuple[np.ndarray, int]:
        """(code of the canonical text of rows ``idx``, number of codes): the raw codes
        themselves (a view for a slice) when no two distinct values share a canonical text."""
        if len(self.cuniq) == len(self.canon_u):  # factorize numbers in order: ckey is 0..n-1
            return self.codes[idx], len(self.canon_u)
        return self.ckey[self.codes[idx]], max(len(self.cuniq), 1)

    def key_texts(self) -> np.ndarray:
        """The canonical text of each code :meth:`keys` gives."""
        return self.canon_u if len(self.cuniq) == len(self.canon_u) else self.cuniq

    def categorical(self, idx: np.ndarray | slice = slice(None),
                    dropped: np.ndarray | None = None) -> pd.Categorical:
        """The canonical texts of rows ``idx`` as a categorical (sorted categories), through
        :func:`maturity._engine.recode`; ``dropped``: the positions of the rows ``idx`` leaves
        out (few: the rejected rows), to know the values used from the counts without a pass
        over the rows."""
        c = self.codes[idx]
        if dropped is not None or (isinstance(idx, slice) and idx == slice(None)):
            counts = self.counts()
            if dropped is not None and len(dropped):
                counts = counts - np.bincount(self.codes[dropped], minlength=len(counts))
            used = counts > 0
        else:
            used = np.zeros(len(self.canon_u), dtype=bool)
            used[c] = True
        return recode(c, self.ckey, self.cuniq, used)
