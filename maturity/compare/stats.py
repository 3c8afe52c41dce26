"""Small statistical primitives used by scoring, reliability and trends (one import place).

Everything here is a thin, documented layer over :mod:`scipy.stats`: intervals for a line's
mean (t) and for shares (Wilson), the Wilcoxon signed-rank test for paired waves, the
Mann-Whitney U test for unpaired waves, and Kruskal-Wallis with Dunn's post-hoc test for
comparing many business lines. Degenerate inputs (no data, one observation, every value the
same) give a defined result: NaN statistics with a ``note`` that says why, and a
:class:`~maturity.exceptions.MaturityWarning` for the scalar tests. They live in
:mod:`maturity.intervals`, :mod:`maturity.compare.ranktests` and
:mod:`maturity.compare.kruskal`; this module is their one import place.

Sign conventions: see :mod:`maturity.compare.ranktests`.
"""

from __future__ import annotations

from maturity.compare.kruskal import kruskal_dunn, p_adjust
from maturity.compare.ranktests import TestResult, paired_test, unpaired_test
from maturity.intervals import group_interval, t_interval, wilson_interval

__all__ = [
    "TestResult",
    "t_interval",
    "group_interval",
    "wilson_interval",
    "paired_test",
    "unpaired_test",
    "kruskal_dunn",
    "p_adjust",
]
