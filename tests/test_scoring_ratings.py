"""maturity.scoring.ratings: "the worst rating wins" for goals, areas and levels.

Expected ratings are hand-worked from SCAMPI A v1.3 (MDD, CMU/SEI-2011-HB-001, activity 2.4.4;
/work/shared/reference/methods.md): a goal is satisfied iff every practice is LI or FI, not
rated if a practice is uncharacterized or NY, else unsatisfied; a process area is satisfied iff
all goals in scope are satisfied (or not applicable).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.scoring.ratings import AREA_RATING, GOAL_RATING, PRACTICE_VERDICT, rate_goals

RATINGS = ["satisfied", "not satisfied", "not rated", "not applicable"]


@pytest.mark.parametrize(("chars", "expect"), [
    (["FI", "LI"], "satisfied"),
    (["FI", "PI"], "not satisfied"),
    (["NI", "NI"], "not satisfied"),
    (["PI", ""], "not rated"),       # an uncharacterized practice: the goal cannot be rated
    (["FI", "NY"], "not rated"),
    (["NA", "NA"], "not applicable"),
    (["NA", "LI"], "satisfied"),     # a not-applicable practice leaves its goal
    (["NA", "PI"], "not satisfied"),
])
def test_goal_rating_by_hand(chars, expect):
    assert GOAL_RATING.of(PRACTICE_VERDICT[c] for c in chars) == expect
    got = rate_goals(pd.Series(chars), pd.DataFrame({"goal": ["G"] * len(chars)}))
    assert got.tolist() == [expect]


@pytest.mark.parametrize(("goals", "expect"), [
    (["satisfied", "satisfied"], "satisfied"),
    (["satisfied", "not rated", "not satisfied"], "not satisfied"),  # unsatisfied whatever else
    (["satisfied", "not rated"], "not rated"),
    (["not applicable", "not applicable"], "not applicable"),
    (["not applicable", "satisfied"], "satisfied"),
    ([], "not rated"),
])
def test_area_rating_by_hand(goals, expect):
    assert AREA_RATING.of(goals) == expect


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(RATINGS)), max_size=30),
       st.sampled_from([AREA_RATING, GOAL_RATING]))
def test_grouped_is_of_per_group(parts, rule):
    group = np.array([g for g, _ in parts], dtype=np.int64)
    ratings = np.array([r for _, r in parts], dtype=object)
    got = rule.grouped(ratings, group, 4)
    for g in range(4):
        assert got[g] == rule.of(ratings[group == g])


def test_rate_goals_keeps_first_appearance_and_leaves_missing_keys_out():
    chars = pd.Series(["FI", "PI", "LI", "FI"])
    keys = pd.DataFrame({"line": ["b", "a", "b", None], "goal": ["G2", "G1", "G2", "G1"]})
    got = rate_goals(chars, keys)
    assert list(got.index) == [("b", "G2"), ("a", "G1")]
    assert got.tolist() == ["satisfied", "not satisfied"]
