"""SWOT charts: the 2x2 factor chart of one business line and the 3x3 IE matrix.

Frames in (from :mod:`maturity.plan.swot`), Axes out; ``pyplot`` is imported inside the functions.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import pandas as pd

from maturity.exceptions import SwotError
from maturity.i18n import N_, _
from maturity.plan.swot import ie_cell, posture
from maturity.plots.fonts import use_cjk_font, with_cjk

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_swot", "plot_ie_matrix"]

_PANELS = [("S", N_("Strengths"), 0.0, 1.0, "#e3f1e3"),
           ("W", N_("Weaknesses"), 0.5, 1.0, "#fbe5e1"),
           ("O", N_("Opportunities"), 0.0, 0.5, "#e2ecf8"),
           ("T", N_("Threats"), 0.5, 0.5, "#fdf1d8")]
_POSTURE_COLOURS = {"grow and build": "#d9eed9", "hold and maintain": "#fff3cd",
                    "harvest or divest": "#f8dcd8"}


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    use_cjk_font()  # Chinese names drawn, never boxes
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_swot(swot: pd.DataFrame, business_line: str, ax: Axes | None = None,
              *, width: int = 42, **kwargs: Any) -> Axes:
    """Four-quadrant chart listing one line's factors with their weights, heaviest first.

    Parameters
    ----------
    swot : pandas.DataFrame
        The frame of :func:`maturity.plan.swot.read_swot`.
    business_line : str
        The line to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 10 x 7 inch figure otherwise.
    width : int, default 42
        Characters per line before a factor text wraps.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.text` for the factor texts (e.g. ``fontsize``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from maturity.datasets import data_path
    >>> from maturity.plan.swot import read_swot
    >>> ax = plot_swot(read_swot(data_path("swot.csv")), "bank-delivery")
    >>> ax.get_title()
    'SWOT: bank-delivery'
    """
    df = swot[swot["business_line"] == business_line]
    if df.empty:
        known = ", ".join(sorted(swot["business_line"].unique()))
        raise SwotError(f"business line {business_line!r} not in the SWOT frame; known: {known}")
    ax = _axes(ax, (10, 7))
    import matplotlib.patches as mpatches

    kwargs.setdefault("fontsize", 8)
    for quadrant, title, x0, y1, colour in _PANELS:
        ax.add_patch(mpatches.Rectangle((x0, y1 - 0.5), 0.5, 0.5, facecolor=colour,
                                        edgecolor="grey"))
        ax.text(x0 + 0.02, y1 - 0.03, _(title), fontsize=11, fontweight="bold", va="top")
        rows = df[df["quadrant"] == quadrant].sort_values("weight", ascending=False,
                                                          kind="mergesort")
        lines = []
        for weight, factor in zip(rows["weight"], rows["factor"], strict=True):
            wrapped = textwrap.wrap(str(factor), width) or [""]
            lines.append(f"{weight:.2f}  {wrapped[0]}")
            lines.extend(f"      {w}" for w in wrapped[1:])
        ax.text(x0 + 0.02, y1 - 0.09, "\n".join(lines), va="top", family=with_cjk("monospace"),
                **kwargs)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(_("SWOT: {line}").format(line=business_line))
    return ax


def plot_ie_matrix(summary: pd.DataFrame, ax: Axes | None = None, *,
                   labels: bool | None = None, **kwargs: Any) -> Axes:
    """The Internal-External matrix: nine cells with their numerals, each line placed and named.

    IFE runs from 4 (strong, left) to 1 (weak, right) and EFE from 1 (bottom) to 4 (top), as
    David draws it; cells are shaded by posture.

    Parameters
    ----------
    summary : pandas.DataFrame
        The frame of :func:`maturity.plan.swot.swot_summary` (``business_line, ife, efe``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 7 x 7 inch figure otherwise.
    labels : bool, optional
        Name each point; by default only when there are at most 40 lines (more would be
        an unreadable pile of names).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the points.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from maturity.datasets import data_path
    >>> from maturity.plan.swot import read_swot, swot_summary
    >>> ax = plot_ie_matrix(swot_summary(read_swot(data_path("swot.csv"))))
    >>> ax.get_xlabel()
    'IFE total weighted score'
    """
    ax = _axes(ax, (7, 7))
    import matplotlib.patches as mpatches

    for x0 in (1, 2, 3):
        for y0 in (1, 2, 3):
            cell = ie_cell(x0 + 0.5, y0 + 0.5)
            ax.add_patch(mpatches.Rectangle((x0, y0), 1, 1, edgecolor="grey", zorder=0,
                                            facecolor=_POSTURE_COLOURS[posture(cell)]))
            ax.text(x0 + 0.93, y0 + 0.9, cell, ha="left", va="top", fontsize=14,
                    color="grey", zorder=1)
    kwargs.setdefault("s", 60)
    kwargs.setdefault("color", "#1f4e79")
    ax.scatter(summary["ife"], summary["efe"], zorder=3, **kwargs)
    if labels is None:
        labels = len(summary) <= 40
    for line, x, y in zip(summary["business_line"], summary["ife"], summary["efe"], strict=True):
        if not labels:
            break
        ax.annotate(str(line), (x, y), xytext=(6, 5), textcoords="offset points",
                    fontsize=8, zorder=4)
    handles = [mpatches.Patch(facecolor=c, edgecolor="grey", label=_(p))
               for p, c in _POSTURE_COLOURS.items()]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3,
              fontsize=8, frameon=False)
    ax.set_xlim(4, 1)
    ax.set_ylim(1, 4)
    ax.set_xticks([4, 3, 2, 1])
    ax.set_yticks([1, 2, 3, 4])
    ax.set_xlabel(_("IFE total weighted score"))
    ax.set_ylabel(_("EFE total weighted score"))
    ax.set_title(_("Internal-External (IE) matrix"))
    ax.set_aspect("equal")
    return ax
