"""Tests of maturity.compare.disagreement: hand calculations."""

from __future__ import annotations

import pandas as pd
import pytest
from _compare_frames import responses_frame

from maturity.compare.disagreement import (
    DISAGREEMENT_COLUMNS,
    disagreement,
)


def test_disagreement_sorted_worst_first():
    resp = responses_frame(
        {
            ("2025-03", "retail", "PP"): [[0, 4, 3, 3], [4, 0, 3, 4], [2, 2, 4, 3]],
            ("2025-03", "solo", "PP"): [[1, 1, 1, 1]],
        }
    )
    before = resp.copy()
    out = disagreement(resp)
    pd.testing.assert_frame_equal(resp, before)
    assert list(out.columns) == DISAGREEMENT_COLUMNS
    # practice PP-SP0 = questions q0, q1: respondent scores 2, 2, 2 -> full agreement;
    # PP-SP1 = q2, q3: 3, 3.5, 3.5 -> s^2 = 1/12, rwg = 1 - (1/12) / 2 = 23/24
    retail = out[out.business_line == "retail"].set_index("practice")
    assert retail.loc["PP-SP0", "rwg"] == 1.0
    assert retail.loc["PP-SP1", "rwg"] == pytest.approx(23 / 24)
    assert out["rwg"].is_monotonic_increasing or out["rwg"].isna().iloc[-1]
    solo = out[out.business_line == "solo"]
    assert solo["rwg"].isna().all() and not solo["interview"].any()
    assert (solo["note"] == "one respondent: rwg undefined").all()
    assert out.tail(2)["business_line"].eq("solo").all()  # undefined rwg last


def test_disagreement_interview_flag():
    resp = responses_frame({("2025-03", "retail", "PP"): [[0, 0], [4, 4], [0, 0], [4, 4]]})
    out = disagreement(resp, rwg_threshold=0.5)
    # scores 0, 4, 0, 4: s^2 = 16/3 > 2 -> rwg truncated at 0 -> interview
    assert out.loc[0, "rwg"] == 0.0 and bool(out.loc[0, "interview"])
    assert out.loc[0, "mean"] == 2.0
