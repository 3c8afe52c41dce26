"""Charts: one function per chart, tidy frames in, matplotlib Axes out.

Every function takes ``ax=None`` (a new figure is made when None), forwards ``**kwargs`` to the
main matplotlib call and returns the Axes. ``matplotlib.pyplot`` is imported inside the
functions so that ``import maturity`` stays fast. Chinese labels render with the Noto Sans CJK
SC font shipped by ``mplfonts``: importing this package adds it as matplotlib's fallback font
(:func:`use_cjk_font`), so every chart drawn with it, or with matplotlib afterwards, shows
Chinese business-line names instead of boxes.
"""

from __future__ import annotations

import importlib
from typing import Any

from maturity.plots.fonts import use_cjk_font

_EXPORTS = {
    "plot_swot": "maturity.plots.swot",
    "plot_ie_matrix": "maturity.plots.swot",
    "plot_gap_heatmap": "maturity.plots.gap",
    "plot_radar": "maturity.plots.gap",
    "plot_backlog": "maturity.plots.gap",
    "plot_capability_heatmap": "maturity.plots.gap",
    "plot_capability_distribution": "maturity.plots.gap",
    "plot_gantt": "maturity.plots.roadmap",
    "plot_effort_value": "maturity.plots.roadmap",
    "plot_index_trend": "maturity.plots.trends",
    "plot_index_spread": "maturity.plots.trends",
    "plot_slope": "maturity.plots.trends",
    "plot_small_multiples": "maturity.plots.trends",
    "plot_maturity_levels": "maturity.plots.scores",
    "plot_index_distribution": "maturity.plots.scores",
    "plot_phases": "maturity.plots.scores",
    "use_cjk_font": "maturity.plots.fonts",
}

__all__ = sorted(_EXPORTS)


use_cjk_font()  # every chart drawn after importing this package shows Chinese names


def __getattr__(name: str) -> Any:
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(f"module 'maturity.plots' has no attribute {name!r}")
    value = getattr(importlib.import_module(mod), name)
    globals()[name] = value
    return value
