"""Tests of maturity.compare.changes on small synthetic frames that follow the ARCHITECTURE
contracts.

Expected numbers are published vectors (methods.md sources, cited at each test) pushed through
the respondent-score pipeline, or hand calculations written in the test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _compare_frames import W1, W2, W3, make_maturity, make_responses, one_value_each
from scipy import stats as st

from maturity.compare.changes import (
    CHANGES_COLUMNS,
    PA_CHANGES_COLUMNS,
    changes,
    pa_changes,
)
from maturity.exceptions import InputError


def test_changes_paired_darwin_vector_through_pipeline():
    # Wilcoxon 1945 (Darwin's data, scipy docs): W = 24, exact p = 0.041259765625,
    # rank-biserial 0.6 -- each respondent scores 0 in wave 1 and d_i in wave 2.
    d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
    ids = [f"r{i:02d}" for i in range(15)]
    spec = {}
    spec.update(one_value_each(W1, "retail", dict.fromkeys(ids, 0.0)))
    spec.update(one_value_each(W2, "retail", dict(zip(ids, d, strict=True))))
    resp = make_responses(spec)
    mat = make_maturity([(W1, "retail", 1, 1.2), (W2, "retail", 2, 2.0)])
    before_r, before_m = resp.copy(), mat.copy()
    out = changes(resp, mat)
    pd.testing.assert_frame_equal(resp, before_r)
    pd.testing.assert_frame_equal(mat, before_m)
    assert list(out.columns) == CHANGES_COLUMNS
    row = out.iloc[0]
    assert row["test"] == "wilcoxon" and row["p_method"] == "exact"
    assert row["statistic"] == 24
    assert row["p_value"] == pytest.approx(0.041259765625, abs=1e-12)
    assert row["effect_size"] == pytest.approx(0.6)
    assert row["effect_size_kind"] == "rank_biserial"
    assert (row["n_from"], row["n_to"], row["n_paired"]) == (15, 15, 15)
    assert row["delta"] == pytest.approx(0.8) and row["level_to"] == 2
    # paired t-interval of the differences, by formula
    half = st.t.ppf(0.975, 14) * np.std(d, ddof=1) / np.sqrt(15)
    assert row["score_delta"] == pytest.approx(np.mean(d))  # every respondent stayed
    assert row["stayers_delta"] == pytest.approx(np.mean(d))
    assert row["stayers_ci_low"] == pytest.approx(np.mean(d) - half)
    assert row["stayers_ci_high"] == pytest.approx(np.mean(d) + half)
    assert row["n_test"] == 15 and row["min_p"] == pytest.approx(2 / 2**15)
    # one line: Holm leaves p as it is; p < 0.05 and the stayers' interval excludes 0
    assert row["p_adjusted"] == row["p_value"] and bool(row["significant"])
    assert row["caveat"] == ""


def test_changes_paired_likert_ties_permutation_and_small_sample():
    spec = {
        (W1, "retail"): {"a": [1, 2], "b": [2, 2], "c": [1, 1], "d": [3, 3]},
        (W2, "retail"): {"a": [2, 3], "b": [3, 3], "c": [2, 2], "d": [3, 3]},
    }
    out = changes(make_responses(spec), make_maturity(
        [(W1, "retail", 1, 1.0), (W2, "retail", 2, 2.0)]))
    row = out.iloc[0]
    # differences 1, 1, 1, 0: the zero is dropped, three tied ranks, all positive
    assert row["test"] == "wilcoxon" and row["p_method"] == "permutation"
    assert row["effect_size"] == 1.0
    assert row["p_value"] == pytest.approx(0.25)  # 2 of 2**3 sign patterns are as extreme
    assert row["score_delta"] == pytest.approx(0.75)
    assert "n < 5: small sample, treat as indicative" in row["caveat"]


def test_changes_unpaired_shier_vector_through_pipeline():
    # Shier 2004: U1 = 17, exact p = 0.1111, Cliff's delta 0.7, here later wave vs earlier.
    spec = {}
    spec.update(one_value_each(W1, "retail", {f"x{i}": v for i, v in enumerate([20, 11, 17, 12])}))
    spec.update(
        one_value_each(W2, "retail", {f"y{i}": v for i, v in enumerate([19, 22, 16, 29, 24])})
    )
    out = changes(make_responses(spec), make_maturity(
        [(W1, "retail", 1, 1.0), (W2, "retail", 1, 1.5)]), min_n=4)
    row = out.iloc[0]
    assert row["test"] == "mann_whitney" and row["n_paired"] == 0
    assert row["statistic"] == 17
    assert row["p_value"] == pytest.approx(0.1111, abs=1e-4)
    assert row["effect_size"] == pytest.approx(0.7)
    assert row["effect_size_kind"] == "cliffs_delta"
    # Welch interval by formula
    a, b = np.array([20, 11, 17, 12.0]), np.array([19, 22, 16, 29, 24.0])
    va, vb = a.var(ddof=1) / 4, b.var(ddof=1) / 5
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 4)
    half = st.t.ppf(0.975, df) * np.sqrt(va + vb)
    assert row["score_delta"] == pytest.approx(b.mean() - a.mean())
    assert row["score_ci_low"] == pytest.approx(b.mean() - a.mean() - half)
    assert row["score_ci_high"] == pytest.approx(b.mean() - a.mean() + half)
    assert row["n_test"] == 9  # Mann-Whitney on all 4 + 5 respondents
    # exact Mann-Whitney can reach 2 / C(9, 4) = 0.0159 < 0.05: testable; p = 0.111 is not
    assert row["min_p"] == pytest.approx(2 / 126) and not row["significant"]
    assert row["caveat"] == ""  # n = 4 is not below min_n = 4


def test_changes_auto_falls_back_to_unpaired_with_little_overlap():
    spec = {
        (W1, "retail"): {"a": [1], "b": [2], "c": [1], "d": [2], "e": [2]},
        (W2, "retail"): {"a": [3], "b2": [3], "c2": [4], "d2": [3], "e2": [4]},
    }
    spec[(W2, "retail")]["b"] = [3]
    out = changes(make_responses(spec), make_maturity(
        [(W1, "retail", 1, 1.0), (W2, "retail", 2, 2.0)]))
    row = out.iloc[0]
    assert row["n_paired"] == 2 and row["test"] == "mann_whitney"
    assert "only 2 respondents answered both waves" in row["caveat"]
    forced = changes(make_responses(spec), make_maturity(
        [(W1, "retail", 1, 1.0), (W2, "retail", 2, 2.0)]), test="paired").iloc[0]
    assert forced["test"] == "wilcoxon" and "small sample" in forced["caveat"]


def test_changes_permutation_is_seeded():
    rng = np.random.default_rng(0)
    spec = {
        (W1, "retail"): {f"r{i}": rng.integers(0, 5, 4).tolist() for i in range(30)},
        (W2, "retail"): {f"r{i}": rng.integers(1, 5, 4).tolist() for i in range(30)},
    }
    resp = make_responses(spec)
    mat = make_maturity([(W1, "retail", 1, 1.0), (W2, "retail", 2, 2.0)])
    a = changes(resp, mat, test="permutation", seed=7)
    b = changes(resp, mat, test="permutation", seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert a.loc[0, "p_method"] == "permutation"


def test_changes_consecutive_pairs_and_missing_lines():
    spec = {
        (W1, "retail"): {"a": [1, 2], "b": [2, 2]},
        (W2, "retail"): {"a": [2, 2], "b": [3, 3]},
        (W3, "retail"): {"a": [3, 3], "b": [3, 4]},
        (W2, "wealth"): {"p": [1, 1], "q": [2, 1]},
    }
    mat = make_maturity(
        [(W1, "retail", 1, 1.0), (W2, "retail", 2, 2.0), (W3, "retail", 2, 2.5),
         (W2, "wealth", 1, 1.1)]
    )
    out = changes(make_responses(spec), mat)
    assert out[["business_line", "wave_from", "wave_to"]].values.tolist() == [
        ["retail", W1, W2], ["wealth", W1, W2], ["retail", W2, W3], ["wealth", W2, W3]
    ]
    wealth = out[out.business_line == "wealth"].iloc[0]
    assert np.isnan(wealth["delta"]) and pd.isna(wealth["level_from"])
    assert "not scored in wave 2025-03" in wealth["caveat"]
    assert wealth["test"] == "" and np.isnan(wealth["p_value"])
    assert wealth["n_from"] == 0 and wealth["n_to"] == 2
    only = changes(make_responses(spec), mat, waves=[W1, W3])
    assert only[["wave_from", "wave_to"]].drop_duplicates().values.tolist() == [[W1, W3]]
    assert only.loc[0, "delta"] == pytest.approx(1.5)


def test_changes_identical_scores_give_defined_result():
    spec = {(W1, "retail"): {"a": [2], "b": [2]}, (W2, "retail"): {"a": [2], "b": [2]}}
    mat = make_maturity([(W1, "retail", 1, 1.0), (W2, "retail", 1, 1.0)])
    row = changes(make_responses(spec), mat).iloc[0]
    assert row["delta"] == 0 and row["score_delta"] == 0
    assert row["stayers_ci_low"] == row["stayers_ci_high"] == 0.0
    assert row["score_ci_low"] == row["score_ci_high"] == 0.0
    assert "all differences are zero" in row["caveat"] and np.isnan(row["p_value"])


def test_changes_bad_arguments():
    resp = make_responses({(W1, "retail"): {"a": [1]}})
    mat = make_maturity([(W1, "retail", 1, 1.0)])
    with pytest.raises(InputError, match="unknown test"):
        changes(resp, mat, test="t")
    with pytest.raises(InputError, match="unknown: 1999-01"):
        changes(resp, mat, waves=[W1, "1999-01"])
    with pytest.raises(InputError, match="maturity_index"):
        changes(resp, mat.drop(columns="maturity_index"))
    assert changes(resp, mat).empty  # one wave: nothing to compare


def test_changes_process_area_restriction():
    spec = {(W1, "retail"): {"a": [1, 4], "b": [1, 4]}, (W2, "retail"): {"a": [3, 4], "b": [3, 4]}}
    mat = make_maturity([(W1, "retail", 1, 1.0), (W2, "retail", 1, 1.5)])
    everything = changes(make_responses(spec), mat).iloc[0]
    pp = changes(make_responses(spec), mat, ["PP"]).iloc[0]
    assert everything["score_delta"] == pytest.approx(1.0)  # (1+4)/2 -> (3+4)/2
    assert pp["score_delta"] == pytest.approx(2.0)  # 1 -> 3 on the PP question only


def test_pa_changes():
    pa = pd.DataFrame(
        {
            "wave": [W1, W1, W2, W2],
            "business_line": "retail",
            "process_area": ["PP", "REQM", "PP", "PMC"],
            "level": 2,
            "rating": "satisfied",
            "capability_level": [1, 0, 2, 1],
            "score": [2.0, 1.0, 2.5, 1.5],
            "n_respondents": 4,
        }
    )
    before = pa.copy()
    out = pa_changes(pa)
    pd.testing.assert_frame_equal(pa, before)
    assert list(out.columns) == PA_CHANGES_COLUMNS
    assert out["process_area"].tolist() == ["PMC", "PP", "REQM"]
    pp = out[out.process_area == "PP"].iloc[0]
    assert (pp["capability_from"], pp["capability_to"], pp["delta"]) == (1, 2, 0.5)
    assert pd.isna(out.loc[0, "capability_from"]) and np.isnan(out.loc[0, "delta"])


def test_changes_without_maturity_rows_keep_float_indexes():
    """Answers in two waves but no maturity row for them (found by hypothesis): the maturity
    index columns and their delta are floats (NaN), not object columns."""
    from maturity.compare.changes import changes

    resp = pd.DataFrame({"wave": ["2025-09", "2025-03"], "business_line": "line-z",
                         "respondent": "r0", "question": "PP-SP1-Q1", "answer": "0",
                         "practice": "PP-SP1", "process_area": "PP", "value": 0.0, "na": False})
    mat = pd.DataFrame(columns=["wave", "business_line", "maturity_level", "maturity_index"])
    out = changes(resp, mat)
    assert len(out) == 1
    for c in ("index_from", "index_to", "delta"):
        assert out[c].dtype == "float64" and out[c].isna().all(), c
