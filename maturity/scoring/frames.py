"""The frames of a scoring: :class:`Scores` and the columns of each of its frames, in order.

Every frame is long (one row per wave, business line and practice / goal / process area / line)
with ``wave, business_line`` first and a plain RangeIndex.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maturity.exceptions import InputError
from maturity.model.load import Model

__all__ = [
    "KEYS",
    "PRACTICE_COLUMNS",
    "GOAL_COLUMNS",
    "PA_COLUMNS",
    "MATURITY_COLUMNS",
    "Scores",
    "check_columns",
]

#: A business line in a wave: the keys of every frame.
KEYS = ["wave", "business_line"]

PRACTICE_COLUMNS = [
    "wave", "business_line", "process_area", "goal", "practice", "kind", "n_respondents",
    "n_instantiations", "n_answers", "n_na", "mean", "std", "ci_low", "ci_high", "coverage",
    "characterization", "aggregation_rule", "judgement",
]
GOAL_COLUMNS = [
    "wave", "business_line", "process_area", "goal", "kind", "capability_level", "rating",
]
PA_COLUMNS = [
    "wave", "business_line", "process_area", "level", "rating", "capability_level", "score",
    "n_respondents",
]
MATURITY_COLUMNS = ["wave", "business_line", "maturity_level", "maturity_index", "n_respondents"]


@dataclass(frozen=True)
class Scores:
    """The result of :func:`maturity.score`: four tidy frames keyed by ``wave, business_line``,
    their waves in time order (:func:`maturity.order_waves`: ``2026年3月`` before ``2026年10月``).

    Attributes
    ----------
    practices : pandas.DataFrame
        ``wave, business_line, process_area, goal, practice, kind, n_respondents,
        n_instantiations, n_answers, n_na, mean, std, ci_low, ci_high, coverage,
        characterization, aggregation_rule, judgement``.
    goals : pandas.DataFrame
        ``wave, business_line, process_area, goal, kind, capability_level, rating``.
    process_areas : pandas.DataFrame
        ``wave, business_line, process_area, level, rating, capability_level, score,
        n_respondents, n_na, na_policy`` (``n_na``: not-applicable answers, handled by the
        model's ``na_policy``: ``exclude`` or ``zero``).
    maturity : pandas.DataFrame
        ``wave, business_line, maturity_level, maturity_index, n_respondents, n_na,
        na_policy``.
    model : Model
        The model scored against.
    categories : pandas.DataFrame or None
        ``wave, business_line, category, score`` where the rule defines category scores (the
        ``additive`` rule's business functions); None otherwise.
    """

    practices: pd.DataFrame
    goals: pd.DataFrame
    process_areas: pd.DataFrame
    maturity: pd.DataFrame
    model: Model
    categories: pd.DataFrame | None = None


def check_columns(responses: pd.DataFrame) -> None:
    """Raise :class:`~maturity.exceptions.InputError` when ``responses`` lacks a column that
    scoring needs."""
    need = {"wave", "business_line", "respondent", "question", "answer", "value", "na"}
    missing = sorted(need - set(responses.columns))
    if missing:
        raise InputError(
            f"responses frame lacks columns {missing}; found {list(responses.columns)}. "
            "Read answers with maturity.read_responses, which adds value and na."
        )
