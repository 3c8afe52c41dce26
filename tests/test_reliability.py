"""Tests of maturity.compare.reliability: published vectors (methods.md sources) and hand calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import f

from maturity.compare.reliability import (
    DISAGREEMENT_COLUMNS,
    RELIABILITY_COLUMNS,
    cronbach_alpha,
    disagreement,
    krippendorff_alpha,
    reliability,
    rwg,
)
from maturity.exceptions import InputError, MaturityWarning

# Denis, Applied Univariate, Bivariate and Multivariate Statistics (pingouin's docs):
# 10 respondents x 5 items, alpha = 0.633.
DENIS = [
    [10, 12, 15, 11, 12], [12, 18, 12, 12, 1], [8, 16, 14, 14, 4], [6, 8, 16, 8, 6],
    [4, 7, 8, 7, 5], [6, 6, 3, 7, 3], [3, 4, 6, 5, 8], [7, 3, 7, 9, 9], [8, 9, 4, 10, 10],
    [9, 5, 6, 11, 12],
]

# Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability": 4 coders x 12 units.
N = np.nan
KRIPP = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def _long(matrix, rows="respondent", cols="question") -> pd.DataFrame:
    wide = pd.DataFrame(matrix, columns=[f"q{j + 1:02d}" for j in range(len(matrix[0]))])
    wide.index = [f"r{i + 1:02d}" for i in range(len(matrix))]
    long = wide.rename_axis(rows).reset_index().melt(rows, var_name=cols, value_name="value")
    return long


def _responses(groups: dict[tuple[str, str, str], list[list[float]]]) -> pd.DataFrame:
    """A contract-shaped responses frame: {(wave, line, pa): respondents x questions}."""
    rows = []
    for (wave, line, pa), matrix in groups.items():
        for i, answers in enumerate(matrix):
            for j, v in enumerate(answers):
                na = v is None
                rows.append(
                    {
                        "wave": wave, "business_line": line, "respondent": f"{line}-r{i}",
                        "project": "", "role": "PM", "date": pd.Timestamp("2025-03-01"),
                        "question": f"{pa}-q{j}", "practice": f"{pa}-SP{j // 2}",
                        "process_area": pa, "answer": "NA" if na else str(int(v)),
                        "value": np.nan if na else float(v), "na": na, "comment": "",
                        "evidence": "", "source": "x.csv", "sheet": "", "row": len(rows) + 2,
                    }
                )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- cronbach


def test_cronbach_denis_vector_and_feldt():
    long = _long(DENIS)
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
    long = _long(DENIS + [[5, 5, np.nan, 5, 5]])
    res = cronbach_alpha(long)
    assert res["alpha"] == pytest.approx(0.633, abs=5e-4)  # the incomplete row is dropped
    assert res["n"] == 10 and res["n_dropped"] == 1
    assert "dropped 1 of 11" in res["note"]


def test_cronbach_custom_columns():
    long = _long(DENIS, rows="who", cols="item").rename(columns={"value": "score"})
    res = cronbach_alpha(long, respondent="who", item="item", value="score")
    assert res["alpha"] == pytest.approx(0.633, abs=5e-4)


def test_cronbach_all_identical_is_undefined():
    with pytest.warns(MaturityWarning, match="undefined: no variance"):
        res = cronbach_alpha(_long([[3, 3, 3]] * 4))
    assert np.isnan(res["alpha"]) and np.isnan(res["ci_low"])
    assert res["note"] == "undefined: no variance"


@pytest.mark.parametrize(
    ("matrix", "note"),
    [([[1], [2], [3]], "fewer than two items"), ([[1, 2, 3]], "fewer than two respondents")],
)
def test_cronbach_degenerate(matrix, note):
    with pytest.warns(MaturityWarning, match=note):
        assert np.isnan(cronbach_alpha(_long(matrix))["alpha"])


def test_cronbach_missing_column():
    with pytest.raises(InputError, match="lacks column"):
        cronbach_alpha(pd.DataFrame({"respondent": [1], "value": [1]}))


# ---------------------------------------------------------------- krippendorff


@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_krippendorff_2011_vector(level, expected):
    # coders are the raters (rows), units the columns; '.' (NaN) are gaps
    long = _long(KRIPP, rows="coder", cols="unit")
    assert krippendorff_alpha(long, unit="unit", rater="coder", level=level) == pytest.approx(
        expected, abs=5e-4
    )


def test_krippendorff_undefined():
    with pytest.warns(MaturityWarning, match="no variance"):
        assert np.isnan(krippendorff_alpha(_long([[2, 2], [2, 2]])))
    gaps = _long([[1, np.nan], [np.nan, 2]])
    with pytest.warns(MaturityWarning, match="two respondents"):
        assert np.isnan(krippendorff_alpha(gaps))


# ---------------------------------------------------------------- rwg


def test_rwg_vector():
    # methods.md: [4, 4, 5, 4, 3]: s^2 = 2/4 = 0.5, sigma_EU^2 = (25 - 1) / 12 = 2 -> 0.75
    assert rwg([4, 4, 5, 4, 3]) == pytest.approx(0.75)
    assert rwg([4, 4, 5, 4, 3, np.nan]) == pytest.approx(0.75)  # NaN excluded
    # 7-point scale: sigma_EU^2 = 48 / 12 = 4 -> 1 - 0.5 / 4
    assert rwg([4, 4, 5, 4, 3], scale_points=7) == pytest.approx(0.875)


def test_rwg_truncated_and_undefined():
    assert rwg([0, 4]) == 0.0  # s^2 = 8 > 2: truncated at 0
    with pytest.warns(MaturityWarning, match="fewer than two"):
        assert np.isnan(rwg([3]))


# ---------------------------------------------------------------- reliability()


def _two_group_responses() -> pd.DataFrame:
    return _responses(
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
    resp = _responses({("2025-03", "retail", "PP"): [[3, 4, 3], [4, 3, 4], [3, 3, 4], [4, 4, 3]]})
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
    out = reliability(_responses(groups))
    assert len(out) == 300
    assert out["cronbach_alpha"].notna().mean() > 0.9


# ---------------------------------------------------------------- disagreement()


def test_disagreement_sorted_worst_first():
    resp = _responses(
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
    resp = _responses({("2025-03", "retail", "PP"): [[0, 0], [4, 4], [0, 0], [4, 4]]})
    out = disagreement(resp, rwg_threshold=0.5)
    # scores 0, 4, 0, 4: s^2 = 16/3 > 2 -> rwg truncated at 0 -> interview
    assert out.loc[0, "rwg"] == 0.0 and bool(out.loc[0, "interview"])
    assert out.loc[0, "mean"] == 2.0


# --------------------------------------------------------------------------- issue 14, item 4


def test_krippendorff_nan_when_pairable_answers_agree_has_its_note():
    # q1 answered 3 by r1 and r2 (the only pairable unit), q2 answered 1 by r3 alone: the
    # pairable values are all 3, D_e = 0, alpha 0/0: NaN with the reason, and no RuntimeWarning
    # of the krippendorff package leaks (it is turned into the note).
    import warnings

    df = pd.DataFrame({"respondent": ["r1", "r2", "r3"], "question": ["q1", "q1", "q2"],
                       "value": [3.0, 3.0, 1.0]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = krippendorff_alpha(df)
    assert np.isnan(a)
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    said = [str(w.message) for w in caught if issubclass(w.category, MaturityWarning)]
    assert len(said) == 1 and "every pairable answer" in said[0]
    # the grouped path says the same in its note column
    grouped = reliability(df.assign(wave="w", business_line="x", practice="p",
                                    process_area="A", na=False))
    assert grouped["krippendorff_alpha"].isna().all()
    assert grouped["note"].str.contains("every pairable answer").all()


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
