"""Every size threshold and shape shortcut of the machinery, decided here (one switch each).

Tests shrink a threshold by patching this module (``monkeypatch.setattr(thresholds, ...)``):
the verbs read them from here at call time.
"""

from __future__ import annotations

import builtins
from typing import Literal

import numpy as np

__all__ = [
    "Kernel",
    "DENSE_TABLE_MIN",
    "DENSE_TABLE_PER_ROW",
    "DENSE_TABLE_MAX",
    "SEEN_TABLE_MAX",
    "RUNS_MIN_LENGTH",
    "KEY_MAX_SPAN",
    "PANDAS_RUN_MIN",
    "use_table",
    "use_seen_table",
    "use_runs",
    "use_count_chunks",
    "code_dtype",
    "index_dtype",
    "CHUNK_ROWS",
    "SMALL_INT_SPAN",
]


Kernel = Literal["pandas", "bincount"]


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


def use_count_chunks(n_rows: int, size: int) -> bool:
    """Whether codes in ``[0, size)`` over ``n_rows`` rows are counted :data:`CHUNK_ROWS` at a
    time: ``numpy.bincount`` copies its input to 8-byte integers first, so narrow codes (1-4
    bytes) are counted a chunk at a time when the groups are few against a chunk."""
    return n_rows > CHUNK_ROWS and size * 16 <= CHUNK_ROWS


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


#: Rows (or cells) handled at once by the chunked steps (:func:`positions`, :func:`sort_rows`,
#: :func:`run_chunks`): bounds their temporary arrays; the results do not depend on it.
CHUNK_ROWS = 1 << 20


#: :func:`value_codes` numbers values that are integers spanning fewer than this many values
#: by their offset from the smallest (no hashing; Likert answers).
SMALL_INT_SPAN = 64
