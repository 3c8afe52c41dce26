"""Tests of maturity.compare.cronbach: published vectors (methods.md sources) and hand
calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _compare_frames import long_frame
from scipy.stats import f

from maturity.compare.cronbach import (
    cronbach_alpha,
)
from maturity.exceptions import InputError, MaturityWarning

DENIS = [
    [10, 12, 15, 11, 12], [12, 18, 12, 12, 1], [8, 16, 14, 14, 4], [6, 8, 16, 8, 6],
    [4, 7, 8, 7, 5], [6, 6, 3, 7, 3], [3, 4, 6, 5, 8], [7, 3, 7, 9, 9], [8, 9, 4, 10, 10],
    [9, 5, 6, 11, 12],
]




def test_cronbach_denis_vector_and_feldt():
    long = long_frame(DENIS)
    before = long.copy()
    res = cronbach_alpha(long)
    pd.testing.assert_frame_equal(long, before)
    assert res["alpha"] == pytest.approx(0.633, abs=5e-4)
    assert res["n"] == 10 and res["k"] == 5 and res["n_dropped"] == 0 and res["note"] == ""
    # Feldt interval, formula of methods.md with the computed alpha
    a = res["alpha"]
    assert res["ci_low"] == pytest.approx(1 - (1 - a) * f.isf(0.025, 9, 36))
    assert res["ci_high"] == pytest.approx(1 - (1 - a) * f.isf(0.975, 9, 36))
    assert res["ci_low"] < a < res["ci_high"]


def test_cronbach_listwise_deletion_reported():
    long = long_frame(DENIS + [[5, 5, np.nan, 5, 5]])
    res = cronbach_alpha(long)
    assert res["alpha"] == pytest.approx(0.633, abs=5e-4)  # the incomplete row is dropped
    assert res["n"] == 10 and res["n_dropped"] == 1
    assert "dropped 1 of 11" in res["note"]


def test_cronbach_custom_columns():
    long = long_frame(DENIS, rows="who", cols="item").rename(columns={"value": "score"})
    res = cronbach_alpha(long, respondent="who", item="item", value="score")
    assert res["alpha"] == pytest.approx(0.633, abs=5e-4)


def test_cronbach_all_identical_is_undefined():
    with pytest.warns(MaturityWarning, match="undefined: no variance"):
        res = cronbach_alpha(long_frame([[3, 3, 3]] * 4))
    assert np.isnan(res["alpha"]) and np.isnan(res["ci_low"])
    assert res["note"] == "undefined: no variance"


@pytest.mark.parametrize(
    ("matrix", "note"),
    [([[1], [2], [3]], "fewer than two items"), ([[1, 2, 3]], "fewer than two respondents")],
)
def test_cronbach_degenerate(matrix, note):
    with pytest.warns(MaturityWarning, match=note):
        assert np.isnan(cronbach_alpha(long_frame(matrix))["alpha"])


def test_cronbach_missing_column():
    with pytest.raises(InputError, match="lacks column"):
        cronbach_alpha(pd.DataFrame({"respondent": [1], "value": [1]}))


def test_cronbach_constant_totals_is_not_no_variance():
    # [[1, 3], [3, 1], [2, 2]]: items vary (variance 1 each) but every total is 4: alpha =
    # 2/1 (1 - 2/0) is undefined because the totals do not vary, not for "no variance".
    wide = pd.DataFrame([[1, 3], [3, 1], [2, 2]], columns=["q1", "q2"])
    long = wide.rename_axis("respondent").reset_index().melt(
        "respondent", var_name="question", value_name="value")
    with pytest.warns(MaturityWarning, match="totals do not"):
        res = cronbach_alpha(long)
    assert np.isnan(res["alpha"])
    assert res["note"].startswith("undefined: the items vary but the respondents' totals do not")
