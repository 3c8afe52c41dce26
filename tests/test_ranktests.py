"""Tests of maturity.compare.ranktests: published vectors (methods.md sources) and hand
calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from maturity.compare.ranktests import (
    paired_test,
    unpaired_test,
)
from maturity.exceptions import MaturityError, MaturityWarning

DARWIN = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]


SHIER_A = [19, 22, 16, 29, 24]


SHIER_B = [20, 11, 17, 12]


def test_paired_darwin_vector():
    # Wilcoxon 1945 / scipy docs: W = 24, exact two-sided p = 0.041259765625.
    # Rank-biserial (Kerby 2014): T- = 24, T+ = 120 - 24 = 96, r = (96 - 24) / 120 = 0.6,
    # positive because `after` (the differences) is mostly larger than `before` (zeros).
    res = paired_test(np.zeros(15), DARWIN, method="exact")
    assert res.statistic == 24
    assert res.p_value == pytest.approx(0.041259765625, abs=1e-12)
    assert res.effect_size == pytest.approx(0.6)
    assert res.effect_size_kind == "rank_biserial"
    assert res.n == 15 and res.method == "exact"
    # Sign convention: swapping before/after flips the effect size, not W or p.
    rev = paired_test(DARWIN, np.zeros(15), method="exact")
    assert rev.effect_size == pytest.approx(-0.6) and rev.p_value == res.p_value
    assert paired_test(np.zeros(15), DARWIN).method == "exact"  # auto, no ties


def test_paired_permutation_seeded_and_close_to_exact():
    a = paired_test(np.zeros(15), DARWIN, method="permutation", seed=1)
    b = paired_test(np.zeros(15), DARWIN, method="permutation", seed=1)
    assert a.p_value == b.p_value
    assert a.p_value == pytest.approx(0.04126, abs=0.01)
    assert a.method == "permutation"


def test_paired_ties_use_permutation_and_drop_zeros():
    before = [2, 2, 3, 1, 2, 3, 2, 2]
    after = [2, 3, 4, 3, 1, 4, 2, 5]  # d = 0,1,1,2,-1,1,0,3
    res = paired_test(before, after)
    assert res.method == "permutation"
    assert res.n == 6  # the two zero differences are dropped
    # |d| = 1,1,2,1,1,3 -> ranks 2.5,2.5,5,2.5,2.5,6; T- = 2.5, T+ = 18.5, r = 16/21
    assert res.statistic == 2.5
    assert res.effect_size == pytest.approx(16 / 21)
    # 2**6 = 64 <= 9999 sign patterns: scipy enumerates them, p = 10/64
    assert res.p_value == pytest.approx(10 / 64)


@pytest.mark.parametrize(
    ("before", "after", "note"),
    [
        ([], [], "no pairs"),
        ([1, 2, 3], [1, 2, 3], "all differences are zero"),
        ([1, 2, 3], [1, 2, 4], "one non-zero difference"),
        ([np.nan], [1.0], "no pairs"),
    ],
)
def test_paired_degenerate(before, after, note):
    with pytest.warns(MaturityWarning, match=note):
        res = paired_test(before, after)
    assert np.isnan(res.p_value) and note in res.note and res.method == ""


def test_paired_length_mismatch():
    with pytest.raises(MaturityError, match="same length"):
        paired_test([1, 2], [1, 2, 3])


def test_unpaired_shier_vector():
    # Shier 2004: U1 = 17, exact p = 0.1111; Cliff's delta = 2 * 17 / 20 - 1 = 0.7
    res = unpaired_test(SHIER_A, SHIER_B)
    assert res.statistic == 17
    assert res.p_value == pytest.approx(0.1111, abs=1e-4)
    assert res.effect_size == pytest.approx(0.7)
    assert res.method == "exact" and res.n == 9
    rev = unpaired_test(SHIER_B, SHIER_A)
    assert rev.statistic == 3 and rev.effect_size == pytest.approx(-0.7)


def test_unpaired_permutation_seeded():
    a = unpaired_test([1, 2, 2, 3, 4], [2, 3, 3, 4, 4, 5], seed=3)
    b = unpaired_test([1, 2, 2, 3, 4], [2, 3, 3, 4, 4, 5], seed=3)
    assert a.method == "permutation" and a.p_value == b.p_value
    # U1 by hand: 1 beats none; 2s tie one 2 each (0.5 + 0.5); 3 beats 2 and ties two 3s
    # (1 + 1); 4 beats 2, 3, 3 and ties two 4s (3 + 1): U1 = 0 + 1 + 2 + 4 = 7
    assert a.statistic == 7
    assert a.effect_size == pytest.approx(2 * 7 / 30 - 1)


def test_unpaired_degenerate():
    with pytest.warns(MaturityWarning, match="empty"):
        assert np.isnan(unpaired_test([], [1, 2]).p_value)
    with pytest.warns(MaturityWarning, match="identical"):
        res = unpaired_test([3, 3], [3, 3, 3])
    assert np.isnan(res.p_value) and res.effect_size == 0.0


def test_unknown_method():
    with pytest.raises(MaturityError, match="unknown method"):
        unpaired_test([1], [2], method="magic")


def test_paired_test_accepts_nullable_and_pd_na():
    # [1, NA, 3, 4] vs [2, 3, 5, 7]: the pair with NA is dropped; differences 1, 2, 3 (no ties,
    # all positive): W = 0, exact two-sided p = 2 / 2**3 = 0.25, rank-biserial (6 - 0) / 6 = 1
    # (hand calculation).
    res = paired_test([1, pd.NA, 3, 4], [2, 3, 5, 7])
    assert (res.statistic, res.p_value, res.effect_size, res.n) == (0.0, 0.25, 1.0, 3)
    same = paired_test(pd.array([1, None, 3, 4], dtype="Int64"),
                       pd.Series([2.0, 3.0, 5.0, 7.0], dtype="Float64"))
    assert same == res
    u = unpaired_test(pd.array(SHIER_A + [None], dtype="Float64"),
                      pd.Series(SHIER_B, dtype="Int64"))
    assert u.statistic == 17.0 and round(u.p_value, 4) == 0.1111


def test_scipy_runtime_warnings_become_notes(monkeypatch):
    # a RuntimeWarning raised inside scipy is caught and returned in the result's note, not
    # printed (here a stand-in for scipy.stats.wilcoxon that warns)
    import warnings

    import maturity.compare.ranktests as ms

    real = ms.st.wilcoxon

    def noisy(*a, **k):  # noqa: ANN002, ANN003, ANN202
        warnings.warn("invalid value encountered in divide", RuntimeWarning, stacklevel=1)
        return real(*a, **k)

    monkeypatch.setattr(ms.st, "wilcoxon", noisy)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        res = paired_test([0] * 15, DARWIN)
    assert res.statistic == 24.0
    assert "invalid value encountered in divide" in res.note
