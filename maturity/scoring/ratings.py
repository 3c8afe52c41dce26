"""Ratings of goals, process areas and levels: the worst rating among the parts wins.

SCAMPI A v1.3 (MDD, CMU/SEI-2011-HB-001, activity 2.4.4 "Generate appraisal results"): a goal
is satisfied when every associated practice is characterized LI or FI at organisational-unit
level, not rated when a practice is not characterized (or not yet implemented, NY), else
unsatisfied; a process area is satisfied when all goals in its scope are satisfied (or not
applicable), unsatisfied when any goal is unsatisfied; a maturity or capability level is
reached when every goal it requires is satisfied (or not applicable).

Each of these is one rule, "the worst rating among the parts wins", over an order of the
ratings from worst to best. The two orders differ in one place, as the method says: a goal
with a practice that was not characterized cannot be rated at all (``not rated`` is the worst),
while a process area with an unsatisfied goal is unsatisfied whatever its other goals
(``not satisfied`` is the worst). A whole with no parts is ``not rated``; ``not applicable``
is the best: it is the rating of a whole only when every part is not applicable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from maturity import _engine as E
from maturity.model.load import Model
from maturity.scoring.frames import GOAL_COLUMNS

__all__ = ["WorstWins", "GOAL_RATING", "AREA_RATING", "PRACTICE_VERDICT", "MET", "rate_goals",
           "goal_ratings"]

#: What a practice's characterization says of its goal.
PRACTICE_VERDICT = {
    "FI": "satisfied", "LI": "satisfied",
    "PI": "not satisfied", "NI": "not satisfied",
    "": "not rated", "NY": "not rated",
    "NA": "not applicable",
}

#: Ratings under which a goal counts toward a level.
MET = ("satisfied", "not applicable")


@dataclass(frozen=True)
class WorstWins:
    """The rating of a whole is the worst rating among its parts.

    Parameters
    ----------
    order : tuple of str
        The ratings from worst to best.
    empty : str
        The rating of a whole without parts.

    Examples
    --------
    >>> AREA_RATING.of(["satisfied", "not rated", "not satisfied"])
    'not satisfied'
    >>> GOAL_RATING.of(["not satisfied", "not rated"])
    'not rated'
    >>> AREA_RATING.of(["not applicable", "satisfied"]), AREA_RATING.of([])
    ('satisfied', 'not rated')
    """

    order: tuple[str, ...]
    empty: str = "not rated"

    def of(self, ratings: Iterable[str]) -> str:
        """The rating of one whole from its parts' ratings."""
        seen = set(ratings)
        return next((r for r in self.order if r in seen), self.empty)

    def grouped(self, ratings: np.ndarray | pd.Series, group: np.ndarray, size: int) -> np.ndarray:
        """:meth:`of` for each group ``0..size-1`` of the parts (``group``: each part's
        group), as a text array.

        >>> AREA_RATING.grouped(np.array(["satisfied", "not rated", "satisfied"]),
        ...                     np.array([0, 0, 1]), 3)
        array(['not rated', 'satisfied', 'not rated'], dtype='<U14')
        """
        codes, uniq = pd.factorize(np.asarray(ratings, dtype=object), use_na_sentinel=False)
        uniq = np.asarray(uniq, dtype=object)
        has = [E.any((uniq == r)[codes], group, size) for r in self.order]
        return np.select(has, list(self.order), default=self.empty)


#: Goals: any practice not characterized (or NY) -> not rated; else any PI/NI -> not satisfied;
#: else satisfied, or not applicable when every practice is.
GOAL_RATING = WorstWins(("not rated", "not satisfied", "satisfied", "not applicable"))
#: Process areas and levels: any goal not satisfied -> not satisfied; else any not rated ->
#: not rated; else satisfied, or not applicable when every goal is.
AREA_RATING = WorstWins(("not satisfied", "not rated", "satisfied", "not applicable"))


def rate_goals(practice_chars: pd.Series, keys: pd.DataFrame) -> pd.Series:
    """Rate goals from the characterizations of their practices (:data:`GOAL_RATING`).

    Parameters
    ----------
    practice_chars : pandas.Series
        Characterization of each practice (``FI LI PI NI NY``, ``NA`` not applicable, ``""``
        not characterized).
    keys : pandas.DataFrame
        Same length: the columns identifying the goal (e.g. ``wave, business_line, goal``).

    Returns
    -------
    pandas.Series
        One rating per goal (index = the keys, in order of first appearance; rows with a
        missing key left out): ``satisfied``, ``not satisfied``, ``not rated`` or
        ``not applicable``.

    Examples
    --------
    >>> ch = pd.Series(["FI", "LI", "FI", "PI", "LI", "NY", "NA", "NA"])
    >>> k = pd.DataFrame({"goal": ["G1", "G1", "G2", "G2", "G3", "G3", "G4", "G4"]})
    >>> rate_goals(ch, k).tolist()
    ['satisfied', 'not satisfied', 'not rated', 'not applicable']
    """
    cols = [E.factorize(keys[c]) for c in keys.columns]
    ok = np.logical_and.reduce([c.codes >= 0 for c in cols]) if cols else np.ones(0, bool)
    key, _ = E.mixed_key([c.codes[ok] for c in cols], [c.size for c in cols])
    group, _ = pd.factorize(key)  # goals in order of first appearance
    first = np.flatnonzero(ok)[np.unique(group, return_index=True)[1]]
    chars = practice_chars.to_numpy(dtype=object)[ok]
    verdict = pd.Series(chars, dtype=object).map(PRACTICE_VERDICT).to_numpy(dtype=object)
    rating = GOAL_RATING.grouped(verdict, group, len(first))
    index = pd.MultiIndex.from_frame(keys.iloc[first].reset_index(drop=True))
    if index.nlevels == 1:
        index = index.get_level_values(0)
    return pd.Series(rating, index=index, name="rating")


def goal_ratings(practices: pd.DataFrame, model: Model) -> pd.DataFrame:
    """The ``goals`` frame of a practices frame (:data:`~maturity.scoring.frames.GOAL_COLUMNS`):
    :func:`rate_goals` per (wave, business_line, goal) with the model's facts of each goal."""
    gk = ["wave", "business_line", "goal"]
    gr = rate_goals(practices["characterization"], practices[gk]).reset_index()
    goals = gr.merge(model.goals[["goal", "process_area", "kind", "capability_level"]],
                     on="goal", how="left")
    return goals[GOAL_COLUMNS]
