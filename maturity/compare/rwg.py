"""Within-group agreement rwg (James, Demaree & Wolf 1984): do a line's respondents agree?"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import InputError, MaturityWarning

__all__ = ["rwg", "rwg_from_var"]


def rwg(values: Sequence[float] | np.ndarray | pd.Series, scale_points: int = 5) -> float:
    """Within-group agreement rwg of one item, truncated at 0.

    Parameters
    ----------
    values : array-like
        Respondents' answers to one item (NaN excluded).
    scale_points : int
        Number of options A of the answer scale (5 for a 0-4 or 1-5 Likert scale).

    Returns
    -------
    float
        rwg in [0, 1]; 1 means perfect agreement. NaN with a
        :class:`~maturity.exceptions.MaturityWarning` for fewer than two answers (undefined).

    Notes
    -----
    ``rwg = 1 - s^2 / sigma_EU^2`` with ``s^2`` the sample variance (ddof=1) and
    ``sigma_EU^2 = (A^2 - 1) / 12`` the variance of a uniform "no agreement" null (2.0 on a
    5-point scale); values below 0 are truncated to 0 (James, Demaree & Wolf 1984).
    Test vector (methods.md): [4, 4, 5, 4, 3] on 5 points -> 0.75.

    Examples
    --------
    >>> rwg([4, 4, 5, 4, 3])
    0.75
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    if x.size < 2:
        warnings.warn(
            "rwg: undefined for fewer than two respondents", MaturityWarning, stacklevel=2
        )
        return float("nan")
    return float(rwg_from_var(np.var(x, ddof=1), scale_points))


def rwg_from_var(var: Any, scale_points: int) -> np.ndarray:
    """rwg of each variance: ``1 - var / sigma_EU^2`` truncated at 0, ``sigma_EU^2 = (A^2 - 1)
    / 12`` with ``A = scale_points`` (James, Demaree & Wolf 1984); NaN where ``var`` is."""
    if scale_points < 2:
        raise InputError(f"rwg: scale_points must be at least 2; got {scale_points}")
    sigma_eu = (scale_points**2 - 1) / 12
    v = np.asarray(var, dtype=float)
    return np.where(np.isfinite(v), np.maximum(1 - v / sigma_eu, 0.0), np.nan)
