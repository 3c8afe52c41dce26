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

from maturity._engine import code_dtype, factorize
from maturity.ingest.answers import canon_one

__all__ = ["CodedColumn"]


class CodedColumn:
    """A raw text column as integer codes into its distinct values, with the canonical text,
    display text and note of each distinct value (computed once per distinct value).

    A categorical column (the CSV reader's) is used through its own codes, without looking at
    its rows' text at all."""

    __slots__ = ("codes", "canon_u", "shown_u", "note_u", "ckey", "cuniq")

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
        remap_ck = np.full(len(self.cuniq), -1, dtype=code_dtype(len(keep)))
        remap_ck[keep] = np.arange(len(keep))
        return pd.Categorical.from_codes(remap_ck[self.ckey][c],
                                         categories=pd.Index(self.cuniq[keep], dtype=object),
                                         validate=False)
