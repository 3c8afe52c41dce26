"""Scoring: practice statistics, SCAMPI characterization and aggregation, goal / process-area
ratings, capability and maturity levels, and the maturity index.

:func:`score` turns the tidy ``responses`` frame of :func:`maturity.read_responses` into a
:class:`Scores` bundle of tidy frames (columns listed in :class:`Scores`). The scoring rule is the
model's (``staged`` here; ``cumulative`` and ``additive`` in :mod:`maturity.scoring.rules`).

Notes
-----
**Practice statistics.** A respondent's value for a practice is the mean of their scored answers
to the practice's questions; ``mean``/``std``/``n_respondents`` are taken over respondents, with a
t-interval clipped to the scale (none for n = 1). "Not applicable" answers are left out of the
denominator (``na_policy: exclude``) or scored as the scale's lowest value (``na_policy: zero``);
``NY`` (not yet) answers are never averaged.

**Characterization** of a practice at business-line level (``aggregation``):

- ``"mean"`` (default for numeric scales): the line mean mapped by the model's thresholds,
  default ``FI >= 3.5``, ``LI >= 2.5``, ``PI >= 1.0``, else ``NI`` on the 0-4 scale, the same
  fractions of the range on any other (1-5: 4.5, 3.5, 2.0; :attr:`Model.thresholds`).
- ``"scampi"`` (default for characterization scales): each instantiation (``project`` when the
  answers carry one, otherwise the respondent) is characterized first, then the instantiations
  are aggregated to the line with the SCAMPI A v1.3 rules (MDD, CMU/SEI-2011-HB-001; the
  table in :mod:`maturity.scoring.scampi`).

  When no instantiation is NI in the "all PI, NI or NY" row (all PI, or PI and NY), the team
  has nothing to weigh and the outcome is PI (rule ``all PI or NY``, no judgement). Several
  respondents answering for one instantiation (same project) are combined by their lower
  median characterization before the SCAMPI table is applied across instantiations.

  Where the method leaves the choice to the team, ``judgement="conservative"`` (default) takes
  the lower outcome and ``"optimistic"`` the higher; ``overrides`` sets any practice by hand.
  ``aggregation_rule`` names the row applied and ``judgement`` whether a choice was made.

A practice whose answers were all "not applicable" is characterized ``NA`` and leaves its goal;
one with no answer at all is not characterized (``""``).

**Goals** are ``satisfied`` when every practice is LI or FI, ``not rated`` when a practice is not
characterized or NY, ``not applicable`` when all practices are NA, else ``not satisfied``.
**Process areas** (staged) are rated on their specific goals plus the generic goals of their
level (GG2 at ML2; GG2 and GG3 at ML3 and above): ``not satisfied`` if any goal is not
satisfied, else ``not rated`` if any goal is not rated, else ``satisfied`` (or ``not
applicable``). **Capability level** (continuous view): 0, 1 when every specific goal is
satisfied, then each generic goal in turn (GG2 -> 2, GG3 -> 3); not rated areas have none.
**Maturity level** (staged): the highest level L such that every process area at L and below
satisfies its specific goals and GG2 (L = 2) or GG2 + GG3 (L >= 3); 1 otherwise. A level with a
not-rated process area is not reached.

**Maturity index** = ML + share of the next level, where the share is the mean credit of the
practices that level requires (specific and generic practices of its areas, plus GG3 practices of
lower areas when the next level is the first to need GG3, i.e. 3): credit 1 for LI/FI, else
``(mean - lowest value) / (LI threshold - lowest value)`` capped at 0.99 for numeric scales
(the scale's own values; PI 0.5, NI/NY 0 for characterization scales), 0 when not
characterized. The index lies in [1, max level], equals ML exactly when nothing of the next
level is in place, and never falls when an answer rises.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Literal

import numpy as np
import pandas as pd

from maturity.model.load import Model, load_model
from maturity.scoring.answers import Answers
from maturity.scoring.characterize import characterize
from maturity.scoring.frames import (
    GOAL_COLUMNS,
    KEYS,
    MATURITY_COLUMNS,
    PA_COLUMNS,
    PRACTICE_COLUMNS,
    Scores,
    check_columns,
)
from maturity.scoring.grid import Grid, practice_frame
from maturity.scoring.practices import practice_statistics
from maturity.scoring.ratings import rate_goals
from maturity.scoring.rules import score_additive, score_cumulative
from maturity.scoring.scampi import SCAMPI_RULES, aggregate_characterizations
from maturity.scoring.scope import apply_scope, read_scope, scope_columns
from maturity.scoring.staged import score_staged
from maturity.waves import WaveOrderError, order_waves

__all__ = [
    "Scores",
    "score",
    "characterize",
    "aggregate_characterizations",
    "rate_goals",
    "SCAMPI_RULES",
    # the frames' keys and columns (defined in maturity.scoring.frames), as before the split
    "KEYS",
    "PRACTICE_COLUMNS",
    "GOAL_COLUMNS",
    "PA_COLUMNS",
    "MATURITY_COLUMNS",
]

#: The scoring rule of each ``model.scoring``.
RULES = {"staged": score_staged, "cumulative": score_cumulative, "additive": score_additive}


def score(
    responses: pd.DataFrame,
    model: Model | str,
    *,
    aggregation: Literal["auto", "mean", "scampi"] = "auto",
    judgement: Literal["conservative", "optimistic"] = "conservative",
    instantiation: Literal["auto", "project", "respondent"] = "auto",
    overrides: pd.DataFrame | None = None,
    confidence: float = 0.95,
    na_share: float | None = None,
    scope: pd.DataFrame | str | os.PathLike[str] | None = None,
) -> Scores:
    """Score survey answers: practices, goals, process areas, capability and maturity levels.

    Parameters
    ----------
    responses : pandas.DataFrame
        The ``responses`` frame of :func:`maturity.read_responses` (needs at least ``wave,
        business_line, respondent, question, practice, answer, value, na``; ``project`` is used
        for SCAMPI instantiations when present). Not modified.
    model : Model or str
        The model (or its id / path).
    aggregation : {"auto", "mean", "scampi"}
        How a practice is characterized at business-line level (see Notes of the module):
        ``auto`` uses SCAMPI aggregation for characterization answers and the line mean for
        numeric answers.
    judgement : {"conservative", "optimistic"}
        Outcome of the SCAMPI rows that leave the choice to the appraisal team.
    instantiation : {"auto", "project", "respondent"}
        What counts as one instantiation for SCAMPI aggregation; ``auto``: the project when the
        answer names one, otherwise the respondent.
    overrides : pandas.DataFrame, optional
        Team decisions ``wave, business_line, practice, characterization`` that replace the
        computed characterization (marked ``override`` in ``aggregation_rule``).
    confidence : float
        Level of the practice means' t-intervals.
    na_share : float, optional
        A practice is not applicable for a line when more than this share of its respondents
        answered only "not applicable" (default: the model's ``na_share``, 0.5, a majority);
        otherwise the NA answers are left out and the others' answers count. See
        :mod:`maturity.scoring.scope`.
    scope : DataFrame or path, optional
        Explicit scope decisions ``business_line, process_area, scope, reason`` (``wave``
        optional), read by :func:`maturity.scoring.scope.read_scope`: ``out of scope`` makes every
        practice of the area NA; ``in scope`` refuses NA answers for it.

    Returns
    -------
    Scores
        ``practices``, ``goals``, ``process_areas`` and ``maturity`` frames (columns in
        :class:`Scores`). Models with the ``cumulative`` or ``additive`` rule are scored by
        :mod:`maturity.scoring.rules` into the same frames.

    Examples
    --------
    >>> from maturity import load_model
    >>> m = load_model("cmmi-dev-1.3")
    >>> q = m.questions.question
    >>> resp = pd.DataFrame({"wave": "2026-03", "business_line": "demo", "respondent": "r1",
    ...                      "question": q, "practice": m.questions.practice, "answer": "3",
    ...                      "value": 3.0, "na": False})
    >>> s = score(resp, m)
    >>> s.maturity[["business_line", "maturity_level", "maturity_index"]]
      business_line  maturity_level  maturity_index
    0          demo               5             5.0
    >>> pa = s.process_areas.loc[0, ["process_area", "rating", "capability_level", "score"]]
    >>> pa.astype(str).tolist()
    ['REQM', 'satisfied', '3', '3.0']
    """
    model = load_model(model)
    check_columns(responses)
    share = model.na_share if na_share is None else float(na_share)
    if not 0 <= share < 1:
        raise ValueError(f"na_share must be in [0, 1) (0.5: a majority); got {na_share!r}")
    if scope is not None:
        scope = read_scope(scope, model)
    return _score(responses, model, aggregation, judgement, instantiation, overrides,
                  confidence, share, scope)


def _score(responses: pd.DataFrame, model: Model, aggregation: str, judgement: str,
           instantiation: str, overrides: pd.DataFrame | None, confidence: float,
           na_share: float, scope: pd.DataFrame | None) -> Scores:
    """Encode the answers once, then: practice statistics -> the practices grid (overrides,
    scope) -> the model's rule -> not-applicable counts and scope columns."""
    resp = responses
    if "practice" not in resp.columns:
        resp = resp.assign(practice=resp["question"].map(
            model.questions.set_index("question")["practice"]))
    answers = Answers(resp, model, instantiation)
    stats, where = practice_statistics(answers, aggregation, judgement, instantiation,
                                       confidence, na_share)
    practices = apply_scope(practice_frame(answers, stats, where, overrides), scope)
    grid = Grid.of(practices, model)
    if model.scoring == "staged":
        sc = score_staged(answers, practices, model, grid)
    else:
        sc = RULES[model.scoring](answers, practices, model)
    sc = _with_na_counts(sc, grid)
    sc = replace(sc, maturity=scope_columns(sc.process_areas, sc.maturity, sc.model))
    return _in_time_order(sc, resp)


def _in_time_order(sc: Scores, responses: pd.DataFrame) -> Scores:
    """Every frame's waves in time order (``2026年3月`` before ``2026年10月``; issue 15), the
    rows within a wave as they are: :func:`maturity.order_waves` of the labels, else of the
    answers' ``date`` column. Labels that tell no order keep their text order, as before."""
    labels = [str(w) for w in pd.unique(sc.maturity["wave"].astype(str))]
    if len(labels) < 2:
        return sc
    try:
        order = order_waves(labels)
    except WaveOrderError:
        if "date" not in responses.columns:
            return sc
        try:
            order = order_waves(labels, responses[["wave", "date"]].drop_duplicates())
        except WaveOrderError:
            return sc
    if order == labels:
        return sc  # the frames are sorted by wave first: already in time order
    rank = {w: i for i, w in enumerate(order)}

    def reorder(f: pd.DataFrame | None) -> pd.DataFrame | None:
        if f is None or not len(f):
            return f
        at = np.argsort(f["wave"].astype(str).map(rank).to_numpy(), kind="stable")
        return f.take(at).reset_index(drop=True)

    return replace(sc, practices=reorder(sc.practices), goals=reorder(sc.goals),
                   process_areas=reorder(sc.process_areas), maturity=reorder(sc.maturity),
                   categories=reorder(sc.categories))


def _with_na_counts(sc: Scores, grid: Grid) -> Scores:
    """Add ``n_na`` (not-applicable answers) and ``na_policy`` to the process-area and
    maturity frames."""
    na_ = sc.practices["n_na"].to_numpy(dtype=np.int64)
    pa_na = grid.sums(na_, "process_area").rename("n_na")
    line_na = grid.sums(na_, None).rename("n_na")
    pas = sc.process_areas.merge(pa_na.reset_index(), on=["wave", "business_line", "process_area"],
                                 how="left")
    mat = sc.maturity.merge(line_na.reset_index(), on=KEYS, how="left")
    for f in (pas, mat):
        f["n_na"] = f["n_na"].fillna(0).astype("int64")
        f["na_policy"] = sc.model.na_policy
    return replace(sc, process_areas=pas, maturity=mat)
