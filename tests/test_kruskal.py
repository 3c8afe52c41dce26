"""Tests of maturity.compare.kruskal: published vectors (methods.md sources) and hand
calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from maturity.compare.kruskal import (
    kruskal_dunn,
    p_adjust,
)
from maturity.exceptions import MaturityWarning

HW = {
    "a": [2.9, 3.0, 2.5, 2.6, 3.2],
    "b": [3.8, 2.7, 4.0, 2.4],
    "c": [2.8, 3.4, 3.7, 2.2, 2.0],
}


def _hw_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [(g, v) for g, vals in HW.items() for v in vals], columns=["line", "value"]
    )


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
    from maturity.compare.kruskal import kruskal_dunn

    df = pd.DataFrame({
        "line": ["a"] * 5 + ["b"] * 4 + ["c"] * 5,
        "value": [2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0]})
    stray = pd.concat([df, pd.DataFrame({"line": [None], "value": [1.0]})], ignore_index=True)
    a, pa = kruskal_dunn(df, "value", "line")
    b, pb = kruskal_dunn(stray, "value", "line")
    assert a == b
    pd.testing.assert_frame_equal(pa, pb)
    assert round(a["statistic"], 4) == 0.7714  # Hollander & Wolfe (1973), as in the docstring


def test_kruskal_flags_single_observation_groups():
    # groups a = [1], b = [2, 3], c = [4, 5]: H is computed, but a has one value: a caveat in
    # the note and a warning (the Dunn comparisons of a rest on one value)
    df = pd.DataFrame({"g": ["a", "b", "b", "c", "c"], "v": [1.0, 2, 3, 4, 5]})
    with pytest.warns(MaturityWarning, match="single observation: a;"):
        omnibus, pairs = kruskal_dunn(df, "v", "g")
    assert np.isfinite(omnibus["statistic"])
    assert omnibus["note"].startswith("1 group(s) with a single observation")
