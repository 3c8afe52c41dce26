"""Tests of maturity.compare.krippendorff: published vectors (methods.md sources) and hand
calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _compare_frames import long_frame

from maturity.compare.krippendorff import krippendorff_alpha
from maturity.compare.reliability import reliability
from maturity.exceptions import MaturityWarning

N = np.nan


KRIPP = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]




@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_krippendorff_2011_vector(level, expected):
    # coders are the raters (rows), units the columns; '.' (NaN) are gaps
    long = long_frame(KRIPP, rows="coder", cols="unit")
    assert krippendorff_alpha(long, unit="unit", rater="coder", level=level) == pytest.approx(
        expected, abs=5e-4
    )


def test_krippendorff_undefined():
    with pytest.warns(MaturityWarning, match="no variance"):
        assert np.isnan(krippendorff_alpha(long_frame([[2, 2], [2, 2]])))
    gaps = long_frame([[1, np.nan], [np.nan, 2]])
    with pytest.warns(MaturityWarning, match="two respondents"):
        assert np.isnan(krippendorff_alpha(gaps))


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
