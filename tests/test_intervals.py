"""Tests of maturity.intervals: published vectors and hand calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from maturity.exceptions import MaturityError
from maturity.intervals import (
    group_interval,
    t_interval,
    wilson_interval,
)


def test_t_interval_hand_calculation():
    # mean 2, s 1, n 5: t(0.975, 4) = 2.776445; half width 2.776445 / sqrt(5) = 1.241664
    lo, hi = t_interval(2.0, 1.0, 5)
    assert lo == pytest.approx(0.758336, abs=1e-6)
    assert hi == pytest.approx(3.241664, abs=1e-6)


def test_t_interval_vectorised_clipped_and_degenerate():
    lo, hi = t_interval(
        pd.Series([0.5, 3.0, 4.0, np.nan]), [1.0, 0.0, 1.0, 1.0], [5, 4, 1, 3], low=0, high=4
    )
    assert lo[0] == 0.0  # clipped at the bottom of the scale
    assert lo[1] == hi[1] == 3.0  # no observed variation: a point
    assert np.isnan(lo[2]) and np.isnan(hi[2])  # n = 1: no interval
    assert np.isnan(lo[3])  # missing mean
    assert hi[0] == pytest.approx(0.5 + 1.241664, abs=1e-6)


def test_t_interval_bad_confidence():
    with pytest.raises(MaturityError, match="confidence"):
        t_interval(1, 1, 5, confidence=95)


def test_group_interval_does_not_mutate_and_notes():
    df = pd.DataFrame(
        {"g": ["a", "a", "a", "b", "c", "c"], "v": [1.0, 2.0, 3.0, 2.0, 2.0, 2.0]}
    )
    before = df.copy()
    out = group_interval(df, "v", "g", low=0, high=4)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == ["g", "n", "mean", "std", "ci_low", "ci_high", "note"]
    assert out["note"].tolist() == ["", "one observation: no interval", "no observed variation"]
    assert out.loc[2, "ci_low"] == out.loc[2, "ci_high"] == 2.0


def test_wilson_matches_r_prop_test():
    # R: prop.test(3, 10, correct = FALSE)$conf.int -> 0.1077913 0.6032219
    lo, hi = wilson_interval(3, 10)
    assert lo == pytest.approx(0.1077913, abs=1e-6)
    assert hi == pytest.approx(0.6032219, abs=1e-6)


def test_wilson_edges():
    lo, hi = wilson_interval([0, 5, 0], [5, 5, 0])
    assert lo[0] == 0.0 and hi[1] == 1.0
    assert np.isnan(lo[2]) and np.isnan(hi[2])
    with pytest.raises(MaturityError, match="between 0 and n"):
        wilson_interval(6, 5)


def test_group_interval_accepts_nullable_float():
    # a Float64 column with <NA>: the NA is left out as NaN is. Group a = [1, 3]: mean 2, std
    # sqrt(2) (hand calculation); group b one value: no interval.
    df = pd.DataFrame({"line": ["a", "a", "a", "b"],
                       "v": pd.array([1.0, None, 3.0, 2.0], dtype="Float64")})
    out = group_interval(df, "v", "line")
    assert out["n"].tolist() == [2, 1] and out["mean"].tolist() == [2.0, 2.0]
    assert out["std"].iloc[0] == pytest.approx(2 ** 0.5) and out["mean"].dtype == float
    assert out["note"].tolist() == ["", "one observation: no interval"]
