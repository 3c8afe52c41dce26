"""Tests of maturity.compare.rwg: published vectors (methods.md sources)."""

from __future__ import annotations

import numpy as np
import pytest

from maturity.compare.rwg import (
    rwg,
)
from maturity.exceptions import MaturityWarning


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
