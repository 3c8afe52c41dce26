"""Plain-language notes of the compare frames: joined per row, prefixed, shared texts."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["join_notes", "prefixed", "NO_VARIANCE"]

#: Why a statistic of answers that never vary is undefined (Cronbach, Krippendorff).
NO_VARIANCE = "undefined: no variance"


def join_notes(parts: list[Any]) -> np.ndarray:
    """Join string arrays element-wise with '; ', skipping empty strings.

    A part is an array of strings or a ``(mask, text)`` pair: ``text`` where ``mask``.
    """
    n = len(parts[0][0] if isinstance(parts[0], tuple) else parts[0]) if parts else 0
    out = np.full(n, "", dtype=object)
    for p in parts:
        if isinstance(p, tuple):
            has = np.asarray(p[0], dtype=bool)
            text: Any = p[1]
        else:
            a = np.asarray(p, dtype=object)
            has = a != ""
            text = None
        if not has.any():
            continue
        both = has & (out != "")
        alone = has & ~both
        if text is None:
            out[both] = out[both] + "; " + a[both]
            out[alone] = a[alone]
        else:
            out[both] = out[both] + ("; " + text)
            out[alone] = text
    return out


def prefixed(prefix: str, notes: np.ndarray) -> np.ndarray:
    """``prefix + note`` where the note is not empty, else ''."""
    out = np.asarray(notes, dtype=object).copy()
    has = out != ""
    out[has] = prefix + out[has]
    return out
