"""Exceptions and warnings of the maturity toolkit.

Every error the toolkit raises on bad input is a :class:`MaturityError`. Validation errors
also subclass :class:`ValueError` and carry ``.failures``: a DataFrame with one row per
problem (columns ``source, sheet, row, column, value, expected, message``), so a caller can
show or save every defect at once rather than one at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "MaturityError",
    "ModelError",
    "InputError",
    "ValidationError",
    "SwotError",
    "TargetError",
    "MaturityWarning",
    "FAILURE_COLUMNS",
]

#: Columns of the ``failures`` frame carried by :class:`ValidationError`.
FAILURE_COLUMNS = ["source", "sheet", "row", "column", "value", "expected", "message"]


class MaturityError(Exception):
    """Base class of every error raised by the toolkit."""


class ValidationError(MaturityError, ValueError):
    """Input that does not satisfy its schema.

    Parameters
    ----------
    message : str
        One-line summary naming the file, sheet, row and column of the first problem.
    failures : pandas.DataFrame, optional
        Every problem found, one row each, columns :data:`FAILURE_COLUMNS`.
    """

    def __init__(self, message: str, failures: pd.DataFrame | None = None) -> None:
        super().__init__(message)
        if failures is None:
            import pandas as pd

            failures = pd.DataFrame(columns=FAILURE_COLUMNS)
        self.failures = failures


class ModelError(ValidationError):
    """A maturity model (YAML) that is malformed; the message names the file and key path."""


class InputError(ValidationError):
    """A survey/answer file that cannot be read or has invalid rows."""


class SwotError(ValidationError):
    """A SWOT input whose weights, ratings or quadrants are invalid."""


class TargetError(ValidationError):
    """A target profile that is malformed or refers to unknown levels or process areas."""


class MaturityWarning(UserWarning):
    """Something was computed but deserves the analyst's attention (e.g. few respondents)."""
