"""Progress bars that never warn: a notebook widget only when ipywidgets is there.

``tqdm.auto`` warns ``TqdmWarning: IProgress not found`` when it is *imported* in a Jupyter kernel
without ipywidgets, even for a bar that is never shown. :func:`progress_bar` imports nothing when
the bar is off, and in a kernel takes the widget bar only when ipywidgets imports, else the
plain text bar.

>>> bar = progress_bar(3, desc="reading", enabled=False)
>>> bar.update(1); bar.close()
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["progress_bar"]


class _Off:
    """A bar that shows nothing: every tqdm method is accepted and does nothing."""

    def __getattr__(self, name: str) -> Any:
        def nothing(*args: Any, **kwargs: Any) -> None:
            return None

        return nothing


def _in_kernel() -> bool:
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # noqa: BLE001 - an IPython without a shell
        return False
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def progress_bar(total: int, *, desc: str, unit: str = "it", enabled: bool = True,
                 leave: bool = True) -> Any:
    """A tqdm bar (silent off a terminal), or one that shows nothing when ``enabled`` is false."""
    if not enabled:
        return _Off()
    if _in_kernel():
        try:
            import ipywidgets  # noqa: F401
            from tqdm.notebook import tqdm
        except ImportError:
            from tqdm.std import tqdm
    else:
        from tqdm.std import tqdm
    return tqdm(total=total, desc=desc, unit=unit, disable=None, leave=leave)
