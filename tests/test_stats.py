"""Tests of maturity.compare.stats: published vectors (methods.md sources) and hand calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from maturity.compare.stats import (
    group_interval,
    kruskal_dunn,
    p_adjust,
    paired_test,
    t_interval,
    unpaired_test,
    wilson_interval,
)
from maturity.exceptions import MaturityError, MaturityWarning

# Darwin's data (Wilcoxon 1945; scipy.stats.wilcoxon docs): height differences of 15 pairs.
DARWIN = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
# Shier 2004, "Mann-Whitney U test" (Mathematics Learning Support Centre).
SHIER_A = [19, 22, 16, 29, 24]
SHIER_B = [20, 11, 17, 12]
# Hollander & Wolfe 1973 (scipy.stats.kruskal docs).
HW = {
    "a": [2.9, 3.0, 2.5, 2.6, 3.2],
    "b": [3.8, 2.7, 4.0, 2.4],
    "c": [2.8, 3.4, 3.7, 2.2, 2.0],
}


def _hw_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [(g, v) for g, vals in HW.items() for v in vals], columns=["line", "value"]
    )


# ---------------------------------------------------------------- t_interval


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


# ---------------------------------------------------------------- wilson


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


# ---------------------------------------------------------------- paired


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


# ---------------------------------------------------------------- unpaired


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


# ---------------------------------------------------------------- multiple groups


def test_holm_hand_worked():
    # m = 4, sorted p: 0.005, 0.01, 0.03, 0.04
    # times (4, 3, 2, 1): 0.02, 0.03, 0.06, 0.04 -> running max 0.02, 0.03, 0.06, 0.06
    adj = p_adjust([0.01, 0.04, 0.03, 0.005], "holm")
    np.testing.assert_allclose(adj, [0.03, 0.06, 0.06, 0.02])
    np.testing.assert_allclose(p_adjust([0.5, 0.6], "holm"), [1.0, 1.0])  # capped at 1
    out = p_adjust([0.01, np.nan, 0.02], "bonferroni")
    np.testing.assert_allclose(out, [0.02, np.nan, 0.04])


def test_bh_uses_scipy():
    # BH by hand: sorted 0.01, 0.02, 0.03 times 3/1, 3/2, 3/3 -> 0.03 each
    np.testing.assert_allclose(p_adjust([0.01, 0.02, 0.03], "bh"), [0.03, 0.03, 0.03])


def test_kruskal_hollander_wolfe_and_dunn_by_hand():
    df = _hw_frame()
    before = df.copy()
    omnibus, pairs = kruskal_dunn(df, "value", "line")
    pd.testing.assert_frame_equal(df, before)
    assert omnibus["statistic"] == pytest.approx(0.7714, abs=1e-4)
    assert omnibus["p_value"] == pytest.approx(0.680, abs=1e-3)
    assert omnibus["df"] == 2 and omnibus["n"] == 14 and omnibus["k"] == 3
    # Dunn by hand: ranks of the 14 values give mean ranks a 36/5 = 7.2, b 36/4 = 9,
    # c 33/5 = 6.6; no ties, so var = 14 * 15 / 12 = 17.5;
    # z_ab = (7.2 - 9) / sqrt(17.5 * (1/5 + 1/4)) = -0.641426
    assert list(pairs.columns) == [
        "group_a", "group_b", "n_a", "n_b", "z", "p_value", "p_adjusted", "significant"
    ]
    z_ab = (7.2 - 9) / np.sqrt(17.5 * (1 / 5 + 1 / 4))
    assert pairs.loc[0, "z"] == pytest.approx(z_ab)
    z_ac = (7.2 - 6.6) / np.sqrt(17.5 * (2 / 5))
    assert pairs.loc[1, "z"] == pytest.approx(z_ac)
    assert not pairs["significant"].any()
    np.testing.assert_allclose(pairs["p_adjusted"], p_adjust(pairs["p_value"], "holm"))


def test_dunn_tie_correction_hand_calculation():
    # values 1,1,2 | 3,3,3: ranks 1.5,1.5,3 | 5,5,5; mean ranks 2 and 5; N = 6
    # ties: t = 2 and t = 3 -> sum(t^3 - t) = 6 + 24 = 30; 30 / (12 * 5) = 0.5
    # var = 6 * 7 / 12 - 0.5 = 3.0; z = (2 - 5) / sqrt(3 * (1/3 + 1/3)) = -3 / sqrt(2)
    df = pd.DataFrame({"g": list("aaabbb"), "v": [1, 1, 2, 3, 3, 3]})
    _, pairs = kruskal_dunn(df, "v", "g")
    assert pairs.loc[0, "z"] == pytest.approx(-3 / np.sqrt(2))


def test_kruskal_degenerate():
    same = pd.DataFrame({"g": list("aabb"), "v": [2.0] * 4})
    with pytest.warns(MaturityWarning, match="identical"):
        omnibus, pairs = kruskal_dunn(same, "v", "g")
    assert np.isnan(omnibus["statistic"]) and omnibus["note"]
    assert len(pairs) == 1 and np.isnan(pairs.loc[0, "p_value"])
    one = pd.DataFrame({"g": ["a", "a", "b"], "v": [1.0, 2.0, np.nan]})
    with pytest.warns(MaturityWarning, match="fewer than two groups"):
        omnibus, pairs = kruskal_dunn(one, "v", "g")
    assert omnibus["k"] == 1 and pairs.empty


def test_kruskal_dunn_rows_without_a_group_are_not_ranked():
    """A row with no group label is no observation of any group: the result is the one without
    that row (it was ranked with the others, shifting every mean rank)."""
    from maturity.compare.stats import kruskal_dunn

    df = pd.DataFrame({
        "line": ["a"] * 5 + ["b"] * 4 + ["c"] * 5,
        "value": [2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0]})
    stray = pd.concat([df, pd.DataFrame({"line": [None], "value": [1.0]})], ignore_index=True)
    a, pa = kruskal_dunn(df, "value", "line")
    b, pb = kruskal_dunn(stray, "value", "line")
    assert a == b
    pd.testing.assert_frame_equal(pa, pb)
    assert round(a["statistic"], 4) == 0.7714  # Hollander & Wolfe (1973), as in the docstring


# --------------------------------------------------------------------------- issue 14, item 4


def test_paired_test_accepts_nullable_and_pd_na():
    # [1, NA, 3, 4] vs [2, 3, 5, 7]: the pair with NA is dropped; differences 1, 2, 3 (no ties,
    # all positive): W = 0, exact two-sided p = 2 / 2**3 = 0.25, rank-biserial (6 - 0) / 6 = 1
    # (hand calculation).
    res = paired_test([1, pd.NA, 3, 4], [2, 3, 5, 7])
    assert (res.statistic, res.p_value, res.effect_size, res.n) == (0.0, 0.25, 1.0, 3)
    same = paired_test(pd.array([1, None, 3, 4], dtype="Int64"),
                       pd.Series([2.0, 3.0, 5.0, 7.0], dtype="Float64"))
    assert same == res
    u = unpaired_test(pd.array(SHIER_A + [None], dtype="Float64"), pd.Series(SHIER_B, dtype="Int64"))
    assert u.statistic == 17.0 and round(u.p_value, 4) == 0.1111


def test_kruskal_flags_single_observation_groups():
    # groups a = [1], b = [2, 3], c = [4, 5]: H is computed, but a has one value: a caveat in
    # the note and a warning (the Dunn comparisons of a rest on one value)
    df = pd.DataFrame({"g": ["a", "b", "b", "c", "c"], "v": [1.0, 2, 3, 4, 5]})
    with pytest.warns(MaturityWarning, match="single observation: a;"):
        omnibus, pairs = kruskal_dunn(df, "v", "g")
    assert np.isfinite(omnibus["statistic"])
    assert omnibus["note"].startswith("1 group(s) with a single observation")


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


def test_group_interval_accepts_nullable_float():
    # a Float64 column with <NA>: the NA is left out as NaN is. Group a = [1, 3]: mean 2, std
    # sqrt(2) (hand calculation); group b one value: no interval.
    df = pd.DataFrame({"line": ["a", "a", "a", "b"],
                       "v": pd.array([1.0, None, 3.0, 2.0], dtype="Float64")})
    out = group_interval(df, "v", "line")
    assert out["n"].tolist() == [2, 1] and out["mean"].tolist() == [2.0, 2.0]
    assert out["std"].iloc[0] == pytest.approx(2 ** 0.5) and out["mean"].dtype == float
    assert out["note"].tolist() == ["", "one observation: no interval"]
