"""The column machinery of the package, in one place and nothing domain-specific.

A small private package: ``encode`` (codes of ids), ``keys`` (combined keys), ``runs``
(runs of equal neighbours), ``grouped`` (grouped verbs, chunking) and ``thresholds`` (every
size cut-off); the names below are imported from it as ``from maturity import _engine as E``.

Domain modules (scoring, reliability, ingest) state their rules as a few lines over grouped
verbs; this module does the work underneath, in the spirit of scikit-learn's
``sklearn/utils/_encode.py``:

- **encoding**: :func:`encode` turns id columns (object, pandas 3 ``str`` or categorical, sorted
  or not, with unused categories) into integer codes once (:class:`Coded` of :class:`Codes`);
- **combined keys**: :func:`combine` numbers the combinations of several code arrays that
  occur, :func:`duplicated` finds the rows whose combination occurs more than once;
  :func:`mixed_key` / :func:`split` build and undo one mixed-radix key; :func:`dense` and
  :func:`tally` number or count keys;
- **runs**: :func:`run_starts`, :func:`run_lengths`, :func:`factorize_runs` (numbering of keys
  that come in runs of equal neighbours), :func:`run_means`;
- **grouped verbs** over a group code ``0..size-1``: :func:`count`, :func:`sum`, :func:`mean`,
  :func:`var`, :func:`moments`, :func:`nunique`, :func:`all`, :func:`any`, each tested against
  ``pandas.groupby`` in ``tests/test_engine.py``;
- **chunking**: :func:`chunks`.

Every size threshold and shape shortcut is a named constant in
:mod:`maturity._engine.thresholds` and is decided by one function (:func:`use_table`,
:func:`use_seen_table`, :func:`use_runs`), as lifelines decides batch against single in one
switch; tests shrink a threshold by patching that module.

Kernels. A grouped sum, mean or variance comes in two kernels, chosen by ``kernel``:
``"pandas"`` is pandas' own grouped kernel (Kahan-compensated sums, Welford variances; equal
to ``Series.groupby(...).mean()`` to the last bit, rows summed in their order), ``"bincount"``
is one ``numpy.bincount`` pass (plain sums in row order; the variance is the two-pass formula).
Both are kept because results are kept bit for bit: each caller names the kernel its published
numbers were computed with. The results of the two agree to a few ulps.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"line": ["b", "a", "b", "a"], "x": [1.0, 2.0, 3.0, 5.0]})
>>> c = encode(f, ["line"], sort=True)
>>> c["line"].codes, c["line"].uniques
(array([1, 0, 1, 0], dtype=int8), array(['a', 'b'], dtype=object))
>>> mean(f["x"].to_numpy(), c["line"].codes, c["line"].size)
array([3.5, 2. ])
"""

from __future__ import annotations

from maturity._engine.encode import (  # noqa: F401
    Coded,
    Codes,
    categorical,
    concat_codes,
    encode,
    factorize,
    recode,
    value_codes,
)
from maturity._engine.grouped import (  # noqa: F401
    all,
    any,
    chunked,
    chunks,
    count,
    mean,
    moments,
    nunique,
    sum,
    var,
)
from maturity._engine.keys import (  # noqa: F401
    combine,
    dense,
    distinct_pairs,
    duplicated,
    mixed_key,
    sort_rows,
    split,
    tally,
)
from maturity._engine.runs import (  # noqa: F401
    factorize_runs,
    first_valid,
    positions,
    run_chunks,
    run_codes,
    run_lengths,
    run_means,
    run_starts,
)
from maturity._engine.thresholds import (  # noqa: F401
    CHUNK_ROWS,
    DENSE_TABLE_MAX,
    DENSE_TABLE_MIN,
    DENSE_TABLE_PER_ROW,
    KEY_MAX_SPAN,
    PANDAS_RUN_MIN,
    RUNS_MIN_LENGTH,
    SEEN_TABLE_MAX,
    SMALL_INT_SPAN,
    Kernel,
    code_dtype,
    index_dtype,
    use_runs,
    use_seen_table,
    use_table,
)

__all__ = [
    "CHUNK_ROWS",
    "Coded",
    "Codes",
    "DENSE_TABLE_MAX",
    "DENSE_TABLE_MIN",
    "DENSE_TABLE_PER_ROW",
    "KEY_MAX_SPAN",
    "Kernel",
    "PANDAS_RUN_MIN",
    "RUNS_MIN_LENGTH",
    "SEEN_TABLE_MAX",
    "SMALL_INT_SPAN",
    "all",
    "any",
    "categorical",
    "chunked",
    "chunks",
    "code_dtype",
    "combine",
    "concat_codes",
    "count",
    "dense",
    "distinct_pairs",
    "encode",
    "factorize",
    "factorize_runs",
    "first_valid",
    "index_dtype",
    "mean",
    "mixed_key",
    "moments",
    "nunique",
    "positions",
    "run_chunks",
    "run_codes",
    "run_lengths",
    "run_means",
    "run_starts",
    "sort_rows",
    "split",
    "sum",
    "tally",
    "use_runs",
    "use_seen_table",
    "use_table",
    "value_codes",
    "var",
]
