"""Tests of maturity.compare.reliability: published vectors (methods.md sources) and hand
calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _compare_frames import responses_frame

from maturity.compare.reliability import (
    RELIABILITY_COLUMNS,
    cronbach_alpha,
    krippendorff_alpha,
    reliability,
)
from maturity.exceptions import InputError


def _two_group_responses() -> pd.DataFrame:
    return responses_frame(
        {
            ("2025-03", "retail", "PP"): [[3, 3, 4], [2, 2, 3], [4, 4, 4], [1, 2, 1]],
            ("2025-03", "retail", "REQM"): [[2, 2], [2, 2], [2, 2]],
            ("2025-03", "wealth", "PP"): [[0, 4, None], [4, 0, 3]],
        }
    )


def test_reliability_columns_values_and_no_mutation():
    resp = _two_group_responses()
    before = resp.copy()
    out = reliability(resp)
    pd.testing.assert_frame_equal(resp, before)
    assert list(out.columns) == RELIABILITY_COLUMNS
    assert isinstance(out.index, pd.RangeIndex)
    assert out[["business_line", "process_area"]].values.tolist() == [
        ["retail", "PP"], ["retail", "REQM"], ["wealth", "PP"]
    ]
    pp = out.iloc[0]
    # same numbers as the scalar functions on the group
    g = resp[(resp.business_line == "retail") & (resp.process_area == "PP")]
    assert pp["cronbach_alpha"] == pytest.approx(cronbach_alpha(g)["alpha"])
    assert pp["krippendorff_alpha"] == pytest.approx(krippendorff_alpha(g))
    assert pp["n_respondents"] == 4 and pp["n_items"] == 3
    # rwg per question by hand: variances 5/3, 11/12, 2 -> rwg 1/6, 13/24, 0 -> mean 17/72
    assert pp["rwg_mean"] == pytest.approx(17 / 72)
    assert pp["cronbach_alpha"] > 0.7 and pp["krippendorff_alpha"] < 0.667
    assert pp["flag"] == "low agreement" and pp["note"] == ""


def test_reliability_degenerate_groups_are_explained():
    out = reliability(_two_group_responses(), min_respondents=3)
    reqm = out.iloc[1]  # everyone answered 2
    assert np.isnan(reqm["cronbach_alpha"]) and np.isnan(reqm["krippendorff_alpha"])
    assert "undefined: no variance" in reqm["note"]
    assert reqm["rwg_mean"] == 1.0
    wealth = out.iloc[2]  # 2 respondents, one NA answer excluded
    assert wealth["n_respondents"] == 2 and wealth["n_items"] == 3
    assert "few respondents" in wealth["flag"]
    assert "listwise deletion dropped 1 of 2" in wealth["note"]
    assert "low agreement" in wealth["flag"]  # 0 vs 4 and 4 vs 0


def test_reliability_agreement_flag_needs_low_rwg_by_default():
    # respondents agree on the level (3 or 4 everywhere: rwg 1 - 1/3/2 per question) but the
    # questions do not differ, so Krippendorff's alpha is low: no flag unless rwg_min=None
    resp = responses_frame(
        {("2025-03", "retail", "PP"): [[3, 4, 3], [4, 3, 4], [3, 3, 4], [4, 4, 3]]})
    out = reliability(resp)
    assert out.loc[0, "krippendorff_alpha"] < 0.667 and out.loc[0, "rwg_mean"] > 0.7
    assert "agreement" not in out.loc[0, "flag"]
    assert "low agreement" in reliability(resp, rwg_min=None).loc[0, "flag"]


def test_reliability_na_flag_excludes_values():
    resp = _two_group_responses()
    resp.loc[0, "na"] = True  # marked NA although a value is present: excluded
    out = reliability(resp)
    assert "listwise deletion dropped 1 of 4" in out.iloc[0]["note"]


def test_reliability_empty_and_missing_columns():
    resp = _two_group_responses().assign(value=np.nan)
    assert list(reliability(resp).columns) == RELIABILITY_COLUMNS
    with pytest.raises(InputError, match="process_area"):
        reliability(resp.drop(columns="process_area"))


def test_reliability_many_groups_vectorised():
    rng = np.random.default_rng(0)
    groups = {
        ("2025-03", f"line{i:03d}", pa): rng.integers(0, 5, (4, 4)).tolist()
        for i in range(150)
        for pa in ("PP", "PMC")
    }
    out = reliability(responses_frame(groups))
    assert len(out) == 300
    assert out["cronbach_alpha"].notna().mean() > 0.9


def test_reliability_accepts_nullable_columns():
    # Int64 values and a nullable boolean na with <NA>: the <NA> value is not scored, the same
    # frame in plain dtypes (NaN, False) gives the same row
    base = pd.DataFrame({"wave": "w", "business_line": "x", "process_area": "A",
                         "practice": "p", "respondent": ["r1", "r1", "r2", "r2", "r3", "r3"],
                         "question": ["q1", "q2"] * 3})
    nullable = base.assign(value=pd.array([1, 2, 2, 3, None, 4], dtype="Int64"),
                           na=pd.array([False, False, False, False, None, False], dtype="boolean"))
    plain = base.assign(value=[1.0, 2.0, 2.0, 3.0, np.nan, 4.0], na=False)
    pd.testing.assert_frame_equal(reliability(nullable), reliability(plain))
