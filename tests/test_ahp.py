"""Tests of maturity.plan.ahp on a published vector (Saaty 2008) and hand-worked 3 x 3 cases."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from maturity.exceptions import MaturityWarning, ValidationError
from maturity.plan.ahp import RANDOM_INDEX, ahp_weights, pairwise_matrix

# Saaty (2008), "Decision making with the analytic hierarchy process", drinks consumption in
# the US; upper triangle by row (coffee, wine, tea, beer, soda, milk, water), as quoted in
# /work/shared/reference/methods.md.
DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINKS_UPPER = [
    [9, 5, 2, 1, 1, "1/2"],
    ["1/3", "1/9", "1/9", "1/9", "1/9"],
    ["1/3", "1/4", "1/3", "1/9"],
    ["1/2", 1, "1/3"],
    [2, "1/2"],
    ["1/3"],
]


def test_drinks_published_priorities():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # CR 0.022 < 0.10: no warning
        r = ahp_weights(DRINKS_UPPER, labels=DRINKS)
    # published to three decimals
    assert r.weights.round(3).tolist() == [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert round(r.lambda_max, 3) == 7.177
    assert round(r.cr, 3) == 0.022
    assert r.ri == 1.32 and r.consistent
    assert r.weights.sum() == pytest.approx(1.0)
    assert list(r.weights.index) == DRINKS


def test_drinks_full_matrix_and_flat_triangle_agree():
    full = pairwise_matrix(DRINKS_UPPER, labels=DRINKS)
    r_full = ahp_weights(full)  # labels from the DataFrame index
    flat = [v for row in DRINKS_UPPER for v in row]
    r_flat = ahp_weights(flat, labels=DRINKS)
    np.testing.assert_allclose(r_full.weights, r_flat.weights)
    assert list(r_full.weights.index) == DRINKS


def test_consistent_3x3_hand_worked():
    # A = [[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]] is consistent (a_ik = a_ij a_jk), so every
    # column is proportional to the priorities: column 1 = (1, 1/2, 1/4) -> (4, 2, 1)/7.
    # lambda_max = n = 3, CI = 0, CR = 0.
    r = ahp_weights(np.array([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]]), labels=list("abc"))
    np.testing.assert_allclose(r.weights.to_numpy(), [4 / 7, 2 / 7, 1 / 7], atol=1e-12)
    assert r.lambda_max == pytest.approx(3.0)
    assert r.ci == pytest.approx(0.0, abs=1e-12) and r.cr == pytest.approx(0.0, abs=1e-12)
    assert r.table()["rank"].tolist() == [1, 2, 3]


def test_cyclic_3x3_inconsistent_refused_unless_forced():
    # a > b (9), b > c (9), c > a (9): circulant matrix, every row sums to 1 + 9 + 1/9 = 91/9,
    # so (1, 1, 1)/3 is the Perron vector with lambda_max = 91/9 = 10.111;
    # CI = (91/9 - 3)/2 = 32/9 = 3.556; CR = CI / 0.58 = 6.130 > 0.05 (Saaty, n = 3).
    with pytest.raises(ValidationError, match=r"CR = 6.130 > 0.05.*force=True") as e:
        ahp_weights([[9, "1/9"], [9]])
    assert e.value.failures["message"].tolist() == ["CR 6.130 > 0.05"]
    with pytest.warns(MaturityWarning, match="CR = 6.130"):
        r = ahp_weights([[9, "1/9"], [9]], force=True)
    np.testing.assert_allclose(r.weights.to_numpy(), [1 / 3] * 3)
    assert r.lambda_max == pytest.approx(91 / 9)
    assert r.ci == pytest.approx(32 / 9)
    assert r.cr == pytest.approx(32 / 9 / 0.58)
    assert not r.consistent
    assert list(r.weights.index) == ["c1", "c2", "c3"]


def test_two_criteria_always_consistent():
    # 2 x 2: weights 3/4, 1/4; RI(2) = 0 so CR is 0 by definition.
    r = ahp_weights([[3]], labels=["value", "effort"])
    assert r.as_dict() == pytest.approx({"value": 0.75, "effort": 0.25})
    assert r.cr == 0.0 and r.consistent


def test_random_index_table():
    assert [RANDOM_INDEX[n] for n in range(1, 11)] == [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32,
                                                        1.41, 1.45, 1.49]


@pytest.mark.parametrize(
    ("comparisons", "match"),
    [
        ([[2, 0], [3]], "not positive"),
        ([[2, "x"], [3]], "not positive"),
        ([[2, 3, 4], [3]], "neither a square matrix nor an upper triangle"),
        ([1, 2, 3, 4], "do not form an upper triangle"),
        ([[1, 2], [2, 1]], "not the reciprocal"),
        ([[2, 3], [3, 4]], "diagonal"),
    ],
)
def test_validation_messages(comparisons, match):
    with pytest.raises(ValidationError, match=match):
        ahp_weights(comparisons)


def test_failures_frame_lists_each_bad_cell():
    with pytest.raises(ValidationError) as e:
        ahp_weights([[0, -1], [2]])
    f = e.value.failures
    assert f[["row", "column"]].values.tolist() == [[1, 2], [1, 3]]
    assert "and 1 more" in str(e.value)


def test_label_count_checked():
    with pytest.raises(ValidationError, match="give 3 distinct labels"):
        ahp_weights([[2, 4], [2]], labels=["a", "b"])


def test_input_not_mutated():
    df = pd.DataFrame([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]], index=list("xyz"),
                      columns=list("xyz"))
    before = df.copy()
    r = ahp_weights(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(r.weights.index) == list("xyz")


def test_saaty_size_dependent_thresholds():
    # Saaty (1994, p. 80): CR <= 0.05 for n = 3, <= 0.08 for n = 4, <= 0.10 for n >= 5;
    # n = 2 always consistent.
    from maturity.plan.ahp import cr_threshold

    assert [cr_threshold(n) for n in (1, 2, 3, 4, 5, 7, 10)] == [
        np.inf, np.inf, 0.05, 0.08, 0.10, 0.10, 0.10]


def test_three_criteria_between_005_and_010_is_refused():
    # a/b = 2, b/c = 2, a/c = 2 (consistent would be 4): lambda_max 3.0536 (numpy eig),
    # CI = 0.0536 / 2 = 0.0268, CR = 0.0268 / 0.58 = 0.0462 <= 0.05: accepted.
    r = ahp_weights([[2, 2], [2]])
    assert r.cr == pytest.approx(0.0462, abs=5e-4) and r.consistent and r.threshold == 0.05
    # a/b = 1, a/c = 3, b/c = 7: lambda_max 3.0803, CI 0.0401, CR 0.0692: accepted by the
    # old flat 0.10, refused by Saaty's 0.05 for n = 3.
    with pytest.raises(ValidationError, match=r"CR = 0.069 > 0.05"):
        ahp_weights([[1, 3], [7]])
    assert ahp_weights([[1, 3], [7]], force=True, threshold=0.10).consistent


def test_four_criteria_threshold_008():
    # Saaty drinks example cut to coffee, wine, tea, beer (methods.md): judgements
    # coffee 9, 5, 2; wine 1/3, 1/9; tea 1/3. CR computed with numpy and Saaty's RI(4) = 0.90.
    r = ahp_weights([[9, 5, 2], ["1/3", "1/9"], ["1/3"]], force=True)
    assert r.threshold == 0.08
    assert r.consistent == (r.cr <= 0.08)


def test_consistent_cr_is_positive_zero():
    # A consistent 4 x 4 table: lambda_max = 4 up to rounding; CR clipped at 0, never -0.0.
    r = ahp_weights([[2, 4, 8], [2, 4], [2]])
    assert r.cr == 0.0 and np.copysign(1.0, r.cr) == 1.0
    assert np.copysign(1.0, r.ci) == 1.0


def test_explicit_threshold_overrides_saaty():
    r = ahp_weights([[2, 1], [2]], threshold=0.2)
    assert r.consistent and r.threshold == 0.2
