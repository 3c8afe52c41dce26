"""Changes between survey waves and comparisons between business lines.

Takes the tidy ``responses`` frame (:func:`maturity.ingest.responses.read_responses`) and the
frames of :func:`maturity.scoring.score.score` computed over several waves, and gives:

* :func:`changes` -- per business line and pair of waves: level and index before/after, the
  change in the mean respondent score with its confidence interval, a rank test and its effect
  size, and a plain-language caveat when the sample is small;
* :func:`pa_changes` -- the same per process area (capability level and score);
* :func:`line_comparison` -- Kruskal-Wallis across lines per wave, then Dunn-Holm pairs, as one
  tidy frame that writes as one CSV;
* :func:`rankings` -- the lines ranked by maturity index in each wave, with the rank change.

A *respondent score* (:func:`respondent_scores`) is a respondent's mean ``value`` over all
their scored answers in a wave (``na`` false, ``value`` not NaN), on the question scale.
Waves are string labels that sort in time order (e.g. ``2025-03``).

Every business line is handled at once: respondent scores come from the answers sorted once by
their integer id codes (object and categorical id columns give the same frames), the tests of
:func:`changes` run in batches of lines with equal sample sizes (one scipy call per batch; the
seeded resamples are those a call per line would draw, so the numbers are those of
:func:`maturity.compare.stats.paired_test` and :func:`maturity.compare.stats.unpaired_test`),
and the Cliff's deltas of :func:`line_comparison` for all pairs of lines come from cumulative
counts.

The functions live in :mod:`maturity.compare.respondents`, :mod:`maturity.compare.changes`,
:mod:`maturity.compare.lines` and :mod:`maturity.compare.frames`; this module is their one
import place.
"""

from __future__ import annotations

from maturity.compare.changes import CHANGES_COLUMNS, PA_CHANGES_COLUMNS, changes, pa_changes
from maturity.compare.frames import wave_pairs
from maturity.compare.lines import (
    LINE_COMPARISON_COLUMNS,
    RANKINGS_COLUMNS,
    line_comparison,
    rankings,
)
from maturity.compare.respondents import respondent_scores

__all__ = [
    "respondent_scores",
    "changes",
    "wave_pairs",
    "pa_changes",
    "line_comparison",
    "rankings",
    "CHANGES_COLUMNS",
    "PA_CHANGES_COLUMNS",
    "LINE_COMPARISON_COLUMNS",
    "RANKINGS_COLUMNS",
]
