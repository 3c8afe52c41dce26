"""Respondent scores: each respondent's mean scored answer in a wave.

A *respondent score* is a respondent's mean ``value`` over all their scored answers in a wave
(``na`` false, ``value`` not NaN), on the question scale: the observations of the tests of
:func:`maturity.compare.changes.changes` and :func:`maturity.compare.lines.line_comparison`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from maturity.compare.answers import answer_cells
from maturity.compare.frames import require_columns

__all__ = [
    "respondent_scores",
    "WaveBlocks",
    "wave_blocks",
    "Stayers",
    "stayers",
    "composition",
]


def respondent_scores(
    responses: pd.DataFrame, process_areas: Sequence[str] | pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each respondent's mean scored answer per wave and business line.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame (at least ``wave, business_line, respondent, value``;
        ``na`` and ``process_area`` are used when present).
    process_areas : list of str or DataFrame, optional
        Only answers to these process areas count (a frame: its ``process_area`` column).

    Returns
    -------
    pandas.DataFrame
        ``wave, business_line, respondent, score, n_answers``, sorted, RangeIndex; respondents
        without a scored answer are left out.

    Examples
    --------
    >>> resp = pd.DataFrame({"wave": "2025-03", "business_line": "retail",
    ...                      "respondent": ["a", "a", "b"], "value": [2.0, 4.0, np.nan],
    ...                      "na": [False, False, True]})
    >>> respondent_scores(resp)
          wave business_line respondent  score  n_answers
    0  2025-03        retail          a    3.0          2
    """
    need = ["wave", "business_line", "respondent", "value"]
    require_columns(responses, need, "respondent_scores")
    if process_areas is not None:
        require_columns(responses, ["process_area"], "respondent_scores")
        pas = (
            process_areas["process_area"].unique()
            if isinstance(process_areas, pd.DataFrame)
            else list(process_areas)
        )
        keep = responses["process_area"].isin(pas).to_numpy(dtype=bool)
    else:
        keep = None
    # sorted integer codes, one mean per (wave, line, respondent) as groupby(sort=True) gives it
    cells = answer_cells(
        responses, ["wave", "business_line"], "respondent", None, "value", scored_only=True,
        mask=keep, counts=True,
    )
    out = pd.DataFrame(
        {
            c: lab[cc]
            for c, cc, lab in zip(
                need[:3], [*cells.keys, cells.rater], cells.labels + [cells.rater_labels],
                strict=True,
            )
        }
    )
    out["score"] = cells.value
    out["n_answers"] = cells.count.astype("int64")
    return out


class WaveBlocks(NamedTuple):
    """The respondent scores of one wave, each business line's one block after the other."""

    values: np.ndarray  # scores, line by line (row order within a line)
    n: np.ndarray  # respondents per line
    offset: np.ndarray  # first position of each line's block
    sums: np.ndarray  # sum of each line's scores (in row order)


def wave_blocks(scores: pd.DataFrame, wave: str, lines: pd.Index) -> WaveBlocks:
    """The scores of ``wave`` (frame of :func:`respondent_scores`) in blocks per line of
    ``lines``."""
    s = scores[scores["wave"] == wave]
    line = lines.get_indexer(s["business_line"])
    values = s["score"].to_numpy(dtype=float)
    order = np.argsort(line, kind="stable")
    n = np.bincount(line, minlength=len(lines))
    sums = np.bincount(line, values, minlength=len(lines))
    return WaveBlocks(values[order], n, np.cumsum(n) - n, sums)


class Stayers(NamedTuple):
    """The respondents who answered both waves (in respondent order within each line)."""

    before: np.ndarray  # their scores in the earlier wave, line by line
    after: np.ndarray  # in the later wave
    n: np.ndarray  # stayers per line
    offset: np.ndarray  # first position of each line's block
    moved: np.ndarray  # stayers whose score changed (Wilcoxon drops the others), per line
    sum_before: np.ndarray  # sum of their scores per line, earlier wave
    sum_after: np.ndarray  # later wave


def stayers(scores: pd.DataFrame, wave_from: str, wave_to: str, lines: pd.Index) -> Stayers:
    """The stayers of each line of ``lines`` between two waves (frame of
    :func:`respondent_scores`)."""
    keys = ["business_line", "respondent"]
    both = scores.loc[scores["wave"] == wave_from, keys + ["score"]].merge(
        scores.loc[scores["wave"] == wave_to, keys + ["score"]], on=keys, suffixes=("_a", "_b")
    )
    nl = len(lines)
    line = lines.get_indexer(both["business_line"])
    order = np.argsort(line, kind="stable")
    before = both["score_a"].to_numpy(dtype=float)
    after = both["score_b"].to_numpy(dtype=float)
    n = np.bincount(line, minlength=nl)
    moved = np.bincount(line, (after != before).astype(float), minlength=nl).astype("int64")
    return Stayers(
        before[order], after[order], n, np.cumsum(n) - n, moved,
        np.bincount(line, before, minlength=nl), np.bincount(line, after, minlength=nl),
    )


def composition(a: WaveBlocks, b: WaveBlocks, stay: Stayers) -> dict[str, np.ndarray]:
    """Who answered: ``n_from, n_to`` respondents with a score in each wave, ``n_paired``
    stayers, ``n_leavers, n_newcomers`` and the mean scores of the leavers (earlier wave) and
    of the newcomers (later wave)."""
    n_leavers = (a.n - stay.n).astype("int64")
    n_newcomers = (b.n - stay.n).astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        leavers_mean = np.where(n_leavers > 0, (a.sums - stay.sum_before) / n_leavers, np.nan)
        newcomers_mean = np.where(
            n_newcomers > 0, (b.sums - stay.sum_after) / n_newcomers, np.nan)
    return {
        "n_from": a.n.astype("int64"), "n_to": b.n.astype("int64"),
        "n_paired": stay.n.astype("int64"), "n_leavers": n_leavers,
        "n_newcomers": n_newcomers, "leavers_mean": leavers_mean,
        "newcomers_mean": newcomers_mean,
    }
