"""Reliability and agreement of survey answers: can the PMO trust a line's score?

Internal consistency of a process area's questions (Cronbach's alpha with a Feldt interval),
agreement between respondents (Krippendorff's alpha with respondents as coders and questions
as units; within-group agreement rwg), and the practices where respondents disagree so much that
the PMO should interview before trusting the score.

All frame functions take the tidy ``responses`` frame of
:func:`maturity.ingest.responses.read_responses` (columns ``wave, business_line, respondent,
question, practice, process_area, value, na, ...``). Only scored answers count: rows with ``na``
true or ``value`` NaN (not applicable, not yet) are excluded. When a respondent answered the
same question more than once in a wave (e.g. for several projects), their answers are averaged
first.

The statistics live in :mod:`maturity.compare.cronbach`, :mod:`maturity.compare.krippendorff`,
:mod:`maturity.compare.rwg` and :mod:`maturity.compare.disagreement`; the answers as sorted
codes in :mod:`maturity.compare.answers`. :func:`reliability` puts them together per process
area.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from maturity import _engine as engine
from maturity.compare.answers import (
    Cells,
    Groups,
    Units,
    answer_cells,
    group_runs,
    question_units,
)
from maturity.compare.cronbach import cronbach_alpha, cronbach_groups
from maturity.compare.disagreement import DISAGREEMENT_COLUMNS, disagreement
from maturity.compare.frames import RESPONSES, require_columns
from maturity.compare.krippendorff import kripp_groups, krippendorff_alpha
from maturity.compare.notes import join_notes, prefixed
from maturity.compare.rwg import rwg, rwg_from_var

__all__ = [
    "cronbach_alpha",
    "krippendorff_alpha",
    "rwg",
    "reliability",
    "disagreement",
    "RELIABILITY_COLUMNS",
    "DISAGREEMENT_COLUMNS",
]


#: Columns of :func:`reliability`, in order.
RELIABILITY_COLUMNS = [
    "wave",
    "business_line",
    "process_area",
    "n_respondents",
    "n_items",
    "cronbach_alpha",
    "alpha_ci_low",
    "alpha_ci_high",
    "krippendorff_alpha",
    "rwg_mean",
    "flag",
    "note",
]


def reliability(
    responses: pd.DataFrame,
    *,
    min_respondents: int = 3,
    alpha_min: float = 0.7,
    kripp_tentative: float = 0.667,
    kripp_reliable: float = 0.8,
    rwg_min: float | None = 0.7,
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "ordinal",
    scale_points: int = 5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Reliability of each process area's answers per wave and business line.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame (at least ``wave, business_line, respondent, question,
        process_area, value, na``).
    min_respondents : int
        Fewer respondents than this gets the flag ``'few respondents'``.
    alpha_min : float
        Cronbach's alpha below this gets ``'low consistency'`` (0.7, Nunnally's rule of thumb).
    kripp_tentative, kripp_reliable : float
        Krippendorff's alpha below ``kripp_tentative`` (0.667) gets ``'low agreement'``;
        between the two (up to 0.8) ``'tentative agreement'`` (Krippendorff 2004).
    rwg_min : float or None
        The agreement flags are only raised when ``rwg_mean`` is also below this (0.7, the
        lower bound of "strong agreement" in LeBreton & Senter 2008), because Krippendorff's
        alpha is near 0 whenever the questions of a process area are answered at about the
        same level, however closely the respondents agree (see Notes). ``None``: flag on
        Krippendorff's alpha alone.
    level : {'nominal', 'ordinal', 'interval', 'ratio'}
        Level of measurement for Krippendorff's alpha.
    scale_points : int
        Number of answer options, for rwg.
    confidence : float
        Coverage of the Feldt interval of Cronbach's alpha.

    Returns
    -------
    pandas.DataFrame
        One row per ``wave, business_line, process_area`` with scored answers, columns
        :data:`RELIABILITY_COLUMNS`: ``n_respondents`` (with at least one scored answer),
        ``n_items`` (questions with a scored answer), ``cronbach_alpha, alpha_ci_low,
        alpha_ci_high`` (:func:`cronbach_alpha`, listwise deletion within the group),
        ``krippendorff_alpha`` (respondents as coders, questions as units),
        ``rwg_mean`` (mean over the questions of each question's rwg), ``flag`` (the
        problems found, joined by ``'; '``; ``''`` when the group is fine) and ``note`` (why a
        statistic is missing, and how many respondents listwise deletion dropped).

    Notes
    -----
    Every statistic is computed for all groups at once: the answers are sorted once by their
    integer id codes, Cronbach's alpha and rwg come from pandas' grouped kernels over the same
    rows in the same order as a ``groupby`` on the id columns, and Krippendorff's alpha from
    per-unit and per-group sums of squares (``'ratio'`` falls back to the ``krippendorff``
    package group by group); object and categorical id columns give the same frame. See
    :func:`cronbach_alpha`, :func:`krippendorff_alpha` and :func:`rwg` for the formulas.

    Krippendorff's alpha with questions as units asks whether respondents agree on which
    practices are stronger than others: it compares the disagreement within a question with the
    disagreement across all answers. When a line answers every question of a process area at
    about the same level (little variation between units), the expected disagreement is as
    small as the observed one and alpha falls towards 0 even though the respondents agree on
    the level -- the "high agreement, low reliability" paradox of chance-corrected coefficients
    (Feinstein & Cicchetti 1990). rwg measures agreement on the level itself, so the flags
    require both to be low by default (``rwg_min``).

    Examples
    --------
    >>> rows = [("2025-03", "retail", f"r{r}", q, "PP", v)
    ...         for r, answers in enumerate([[3, 3, 4], [2, 2, 3], [4, 4, 4], [1, 2, 1]])
    ...         for q, v in zip(["q1", "q2", "q3"], answers)]
    >>> resp = pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "question",
    ...                                    "process_area", "value"]).assign(na=False)
    >>> out = reliability(resp)
    >>> out[["process_area", "n_respondents", "n_items", "cronbach_alpha", "rwg_mean"]].round(3)
      process_area  n_respondents  n_items  cronbach_alpha  rwg_mean
    0           PP              4        3           0.939     0.236
    """
    keys = ["wave", "business_line", "process_area"]
    need = keys + ["respondent", "question", "value"]
    require_columns(responses, need, "reliability", RESPONSES)
    cells = answer_cells(
        responses, keys, "respondent", "question", "value", scored_only=True, per_group=True
    )
    if cells.value.size == 0:
        return pd.DataFrame(columns=RELIABILITY_COLUMNS)
    grp = group_runs(cells)
    units = question_units(cells, grp)
    item_var = _item_variances(cells, grp, units)
    alpha = cronbach_groups(cells, grp, confidence, units, item_var)
    rwg_mean = _mean_item_rwg(grp, units, rwg_from_var(item_var, scale_points))
    kripp, kripp_note = kripp_groups(cells, grp, units, level)

    base = pd.DataFrame(
        {k: lab[c] for k, c, lab in zip(keys, grp.codes, cells.labels, strict=True)}
    )
    base["n_respondents"] = alpha["n_all"].astype("int64")
    base["n_items"] = alpha["k"].astype("int64")
    base["cronbach_alpha"] = alpha["alpha"]
    base["alpha_ci_low"] = alpha["ci_low"]
    base["alpha_ci_high"] = alpha["ci_high"]
    base["krippendorff_alpha"] = kripp
    base["rwg_mean"] = rwg_mean
    base["note"] = join_notes(
        [
            prefixed("cronbach: ", alpha["note"]),
            prefixed("krippendorff: ", kripp_note),
            np.where(np.isnan(rwg_mean), "rwg: fewer than two answers per question", ""),
        ]
    )
    weak_rwg = np.ones(grp.n, dtype=bool) if rwg_min is None else ~(rwg_mean >= rwg_min)
    with np.errstate(invalid="ignore"):
        base["flag"] = join_notes(
            [
                np.where(alpha["n_all"] < min_respondents, "few respondents", ""),
                np.where(alpha["alpha"] < alpha_min, "low consistency", ""),
                np.where((kripp < kripp_tentative) & weak_rwg, "low agreement", ""),
                np.where(
                    (kripp >= kripp_tentative) & (kripp < kripp_reliable) & weak_rwg,
                    "tentative agreement",
                    "",
                ),
            ]
        )
    return base[RELIABILITY_COLUMNS]


def _item_variances(cells: Cells, grp: Groups, units: Units) -> np.ndarray:
    """Variance (ddof 1) of each unit's (group x question's) answers, a chunk of whole groups
    (and so of whole units) at a time."""
    return engine.chunked(
        "var",
        units.n,
        (
            (cells.value[lo:hi], units.code[lo:hi] - units.first[g_lo], int(units.first[g_lo]),
             int(units.first[g_hi] - units.first[g_lo]))
            for lo, hi, g_lo, g_hi in engine.run_chunks(grp.start, cells.value.size)
        ),
    )


def _mean_item_rwg(grp: Groups, units: Units, item_rwg: np.ndarray) -> np.ndarray:
    """Mean over each group's questions of their rwg, the questions taken in the order they
    first appear (as a ``groupby(sort=False)`` lists them; each unit's cells lie in one
    chunk)."""
    chunks = engine.run_chunks(grp.start, units.code.size)
    seen = np.concatenate([pd.unique(units.code[lo:hi]) for lo, hi, _, _ in chunks])
    return engine.mean(item_rwg[seen], units.group[seen], grp.n)
