"""Characterization of a practice from a mean: the model's thresholds.

A mean on the question scale is mapped to ``FI`` (fully implemented), ``LI`` (largely), ``PI``
(partially) or ``NI`` (not implemented) by the lowest mean of each; the defaults are ``FI >=
3.5``, ``LI >= 2.5``, ``PI >= 1.0`` on the 0-4 scale, the same fractions of the range on any
other scale (1-5: 4.5, 3.5, 2.0; :attr:`maturity.Model.thresholds`), and a scale may carry its
own (:attr:`maturity.Model.scale_thresholds`). The characterization labels are SCAMPI A v1.3's
(MDD, CMU/SEI-2011-HB-001, activity 2.4.2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from maturity.model.load import Model

__all__ = ["characterize", "scale_thresholds"]


def characterize(mean: pd.Series | np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
    """Map Likert means to characterizations with thresholds.

    Parameters
    ----------
    mean : array-like of float
        Means on the question scale; NaN gives ``""`` (not characterized).
    thresholds : dict
        Lowest mean for ``FI``, ``LI`` and ``PI`` (numbers, or arrays aligned with ``mean``);
        below ``PI`` is ``NI``.

    Returns
    -------
    numpy.ndarray of str

    Examples
    --------
    >>> characterize([3.6, 3.5, 2.49, 1.0, 0.2, float("nan")], {"FI": 3.5, "LI": 2.5, "PI": 1.0})
    array(['FI', 'FI', 'PI', 'PI', 'NI', ''], dtype='<U2')
    """
    m = np.asarray(mean, dtype=float)
    out = np.select(
        [np.isnan(m), m >= thresholds["FI"], m >= thresholds["LI"], m >= thresholds["PI"]],
        ["", "FI", "LI", "PI"],
        default="NI",
    )
    return out.astype("<U2")


def scale_thresholds(model: Model, scale_ids: pd.Series) -> dict[str, np.ndarray]:
    """``FI, LI, PI`` and the maturity index's ``zero`` of each row's scale
    (:attr:`Model.scale_thresholds`; the model's own where a scale has none)."""
    base = {**model.thresholds, "zero": model.index_zero}
    per = getattr(model, "scale_thresholds", {}) or {}
    sid = pd.Series(scale_ids, dtype=object).reset_index(drop=True)
    return {k: sid.map({s: t[k] for s, t in per.items()}).astype(float).fillna(base[k]).to_numpy()
            for k in base}
