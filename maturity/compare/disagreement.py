"""Practices where a line's respondents disagree: interview before trusting the score.

Each respondent's practice score is the mean of their scored answers to the practice's
questions; the practice's agreement is rwg of those scores (James, Demaree & Wolf 1984), marked
for an interview below the "weak agreement" boundary of LeBreton & Senter (2008).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from maturity import _engine as engine
from maturity.compare.answers import answer_cells, group_runs
from maturity.compare.frames import RESPONSES, require_columns
from maturity.compare.notes import join_notes
from maturity.compare.rwg import rwg_from_var

__all__ = ["disagreement", "DISAGREEMENT_COLUMNS"]


#: Columns of :func:`disagreement`, in order.
DISAGREEMENT_COLUMNS = [
    "wave",
    "business_line",
    "practice",
    "n_respondents",
    "mean",
    "std",
    "rwg",
    "interview",
    "process_area",
    "note",
]


def disagreement(
    responses: pd.DataFrame,
    *,
    rwg_threshold: float = 0.5,
    min_respondents: int = 3,
    scale_points: int = 5,
) -> pd.DataFrame:
    """Practices where a line's respondents disagree: interview before trusting the score.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame (at least ``wave, business_line, respondent, question,
        practice, process_area, value, na``).
    rwg_threshold : float
        A practice whose rwg is below this is marked ``interview`` (0.5: the conventional
        "weak agreement" boundary of LeBreton & Senter 2008 is 0.51-0.70).
    min_respondents : int
        Fewer respondents than this is noted as ``'few respondents'`` (rwg is then unstable).
    scale_points : int
        Number of answer options A, for rwg.

    Returns
    -------
    pandas.DataFrame
        One row per ``wave, business_line, practice``, columns :data:`DISAGREEMENT_COLUMNS`:
        ``n_respondents``, ``mean`` and ``std`` of the respondents' practice scores (each
        respondent's mean scored answer over the practice's questions), ``rwg`` (NaN for one
        respondent), ``interview`` (True when rwg < ``rwg_threshold``), ``process_area`` and
        ``note``. Sorted worst first: lowest rwg, then largest std; undefined rwg last.

    Examples
    --------
    >>> resp = pd.DataFrame({
    ...     "wave": "2025-03", "business_line": "retail", "process_area": "PP",
    ...     "respondent": ["a", "b", "c", "a", "b", "c"],
    ...     "question": ["q1"] * 3 + ["q2"] * 3, "practice": ["SP1.1"] * 3 + ["SP1.2"] * 3,
    ...     "value": [0.0, 4.0, 2.0, 3.0, 3.0, 4.0], "na": False})
    >>> disagreement(resp)[["practice", "n_respondents", "mean", "rwg", "interview"]].round(3)
      practice  n_respondents   mean    rwg  interview
    0    SP1.1              3  2.000  0.000       True
    1    SP1.2              3  3.333  0.833      False
    """
    keys = ["wave", "business_line", "practice"]
    need = keys + ["process_area", "respondent", "question", "value"]
    require_columns(responses, need, "disagreement", RESPONSES)
    # one value per respondent and practice: the mean of their scored answers to its questions
    cells = answer_cells(
        responses, keys, "respondent", None, "value", scored_only=True, first="process_area",
        per_group=True,
    )
    if cells.value.size == 0:
        return pd.DataFrame(columns=DISAGREEMENT_COLUMNS)
    grp = group_runs(cells)
    n_cells = cells.value.size
    chunks = engine.run_chunks(grp.start, n_cells)

    def parts() -> Any:  # a chunk of whole groups at a time
        for lo, hi, g_lo, g_hi in chunks:
            codes = engine.run_codes(grp.start[g_lo:g_hi] - lo, hi - lo)
            yield cells.value[lo:hi], codes, g_lo, g_hi - g_lo

    mean = engine.chunked("mean", grp.n, parts())
    std = engine.chunked("std", grp.n, parts())
    n_resp = engine.run_lengths(grp.start, n_cells)
    pa_code = cells.first  # first valid process area code of each group
    pa_labels = np.append(cells.first_labels, np.nan).astype(object)  # code -1: missing

    rwg = rwg_from_var(std**2, scale_points)
    note = join_notes(
        [
            (n_resp < 2, "one respondent: rwg undefined"),
            ((n_resp >= 2) & (n_resp < min_respondents), "few respondents"),
        ]
    )
    # worst first: lowest rwg, then largest std, undefined last; the groups are in key order
    # and keys are unique, so a stable sort on (rwg, -std) keeps the key order for ties
    order = np.lexsort(
        (np.where(np.isnan(std), np.inf, -std), np.where(np.isnan(rwg), np.inf, rwg))
    )
    out = {k: lab[c[order]] for k, c, lab in zip(keys, grp.codes, cells.labels, strict=True)}
    out.update(
        n_respondents=n_resp[order].astype("int64"),
        mean=mean[order],
        std=std[order],
        rwg=rwg[order],
        interview=(rwg < rwg_threshold)[order],
        process_area=pa_labels[pa_code[order]],
        note=note[order],
    )
    return pd.DataFrame(out, columns=DISAGREEMENT_COLUMNS)
