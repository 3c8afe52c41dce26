"""Tests of maturity.compare.lines on small synthetic frames: published vectors (methods.md
sources, cited at each test) and hand calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _compare_frames import W1, W2, make_maturity, make_responses, one_value_each

from maturity.compare.lines import (
    LINE_COMPARISON_COLUMNS,
    RANKINGS_COLUMNS,
    line_comparison,
    rankings,
)
from maturity.exceptions import InputError


def test_line_comparison_hollander_wolfe_vector():
    # Hollander & Wolfe 1973 (scipy.stats.kruskal docs): H = 0.7714, p = 0.680
    groups = {"a": [2.9, 3.0, 2.5, 2.6, 3.2], "b": [3.8, 2.7, 4.0, 2.4],
              "c": [2.8, 3.4, 3.7, 2.2, 2.0]}
    spec = {}
    for line, vals in groups.items():
        spec.update(one_value_each(W1, line, {f"{line}{i}": v for i, v in enumerate(vals)}))
    resp = make_responses(spec)
    before = resp.copy()
    out = line_comparison(resp)
    pd.testing.assert_frame_equal(resp, before)
    assert list(out.columns) == LINE_COMPARISON_COLUMNS
    omni = out.iloc[0]
    assert omni["comparison"] == "omnibus"
    assert omni["statistic"] == pytest.approx(0.7714, abs=1e-4)
    assert omni["p_value"] == pytest.approx(0.680, abs=1e-3)
    assert omni["effect_size"] == pytest.approx(omni["statistic"] / 13)  # epsilon^2, n = 14
    pairs = out[out.comparison == "pairwise"]
    assert pairs[["line_a", "line_b"]].values.tolist() == [["a", "b"], ["a", "c"], ["b", "c"]]
    # Dunn z by hand (mean ranks 7.2 and 9, var 17.5) and Holm over three p-values
    assert pairs.iloc[0]["statistic"] == pytest.approx(-1.8 / np.sqrt(17.5 * 0.45))
    assert not pairs["significant"].any()
    # Cliff's delta a vs b by definition: P(a > b) - P(a < b) over all 20 pairs
    a, b = np.array(groups["a"]), np.array(groups["b"])
    cliff = (np.sign(a[:, None] - b[None, :])).mean()
    assert pairs.iloc[0]["effect_size"] == pytest.approx(cliff)


def test_line_comparison_per_wave_and_degenerate():
    spec = {
        (W1, "a"): {"p": [1], "q": [2], "r": [1]}, (W1, "b"): {"s": [4], "t": [3], "u": [4]},
        (W2, "a"): {"p": [2], "q": [2]}, (W2, "b"): {"s": [2], "t": [2]},
    }
    out = line_comparison(make_responses(spec))
    assert out["wave"].tolist() == [W1, W1, W2, W2]
    w2 = out[out.wave == W2]
    assert np.isnan(w2["p_value"]).all() and (w2["note"] == "all values identical: no test").all()
    assert line_comparison(make_responses(spec), wave=W1)["wave"].unique().tolist() == [W1]
    with pytest.raises(InputError, match="1999-01"):
        line_comparison(make_responses(spec), wave="1999-01")


def test_rankings_ties_missing_and_change():
    mat = make_maturity(
        [(W1, "b", 2, 2.2), (W1, "a", 2, 2.2), (W1, "c", 1, 1.0),
         (W2, "a", 1, 1.5), (W2, "b", 3, 3.0), (W2, "c", 1, np.nan), (W2, "d", 2, 2.0)]
    )
    before = mat.copy()
    out = rankings(mat)
    pd.testing.assert_frame_equal(mat, before)
    assert list(out.columns) == RANKINGS_COLUMNS
    w1 = out[out.wave == W1]
    assert w1["business_line"].tolist() == ["a", "b", "c"]  # tie 2.2 broken by name
    assert w1["rank"].tolist() == [1, 2, 3] and w1["rank_change"].isna().all()
    w2 = out[out.wave == W2].set_index("business_line")
    assert w2["rank"].to_dict() == {"b": 1, "d": 2, "a": 3, "c": 4}  # NaN index last
    assert w2.loc["b", "rank_change"] == 1 and w2.loc["a", "rank_change"] == -2
    assert pd.isna(w2.loc["d", "rank_change"])
