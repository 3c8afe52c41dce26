"""Score charts: maturity index per business line with its target, and the phases of a rollout.

Frames in (from :mod:`maturity.scoring.score`, :mod:`maturity.plan.gap` and
:mod:`maturity.plan.roadmap`), Axes
out; ``pyplot`` is imported inside the functions. Targets, where given, are drawn next to the
current values so a reader compares them in one place (the capability radar and heatmap with
targets are :func:`maturity.plots.gap.plot_radar` and
:func:`maturity.plots.gap.plot_capability_heatmap`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.plots.fonts import use_cjk_font
from maturity.waves import latest_wave

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_maturity_levels", "plot_index_distribution", "plot_phases"]

_LEVEL_COLOURS = ["#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850", "#006837"]
_PHASE_COLOURS = {
    "training": "#6baed6",
    "training test": "#9ecae1",
    "retraining": "#c6dbef",
    "training retest": "#c6dbef",
    "pilot": "#fd8d3c",
    "checkpoint": "#e6550d",
    "review": "#74c476",
}


def _axes(ax: Axes | None, figsize: tuple[float, float], polar: bool = False) -> Axes:
    use_cjk_font()  # Chinese names drawn, never boxes
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, subplot_kw={"projection": "polar"} if polar else None)
    return ax


def _require(frame: pd.DataFrame, cols: list[str], where: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise InputError(
            f"{where}: the frame lacks column(s) {', '.join(missing)}; found "
            f"{', '.join(map(str, frame.columns))}"
        )


def _wave(frame: pd.DataFrame, wave: str | None) -> pd.DataFrame:
    if "wave" not in frame.columns:
        return frame
    w = wave if wave is not None else latest_wave(frame["wave"].astype(str))
    return frame[frame["wave"].astype(str) == w]


def plot_maturity_levels(
    maturity: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    ax: Axes | None = None,
    *,
    wave: str | None = None,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Horizontal bars of the maturity index per business line, with the target level marked.

    Parameters
    ----------
    maturity : pandas.DataFrame
        The ``maturity`` frame (``wave, business_line, maturity_level, maturity_index``).
    targets : pandas.DataFrame, optional
        ``business_line, target_maturity_level`` (e.g. ``Gaps.line_gaps``); drawn as a black
        tick per line.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 8 x (1 + 0.45 per line) inch figure otherwise.
    wave : str, optional
        Wave to draw; default the latest.
    names : mapping, optional
        Display name of each business line id.
    title : str, optional
        Axes title (default ``"Maturity index by business line (WAVE)"``).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": "2026-03", "business_line": ["a", "b"],
    ...                     "maturity_level": [2, 1], "maturity_index": [2.4, 1.8]})
    >>> ax = plot_maturity_levels(mat, pd.DataFrame({"business_line": ["a", "b"],
    ...                                              "target_maturity_level": [3, 2]}))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['b', 'a']
    """
    _require(
        maturity, ["business_line", "maturity_level", "maturity_index"], "plot_maturity_levels"
    )
    m = _wave(maturity, wave).sort_values(["maturity_index", "business_line"], ignore_index=True)
    ax = _axes(ax, (8, 1 + 0.45 * max(len(m), 1)))
    names = dict(names or {})
    y = np.arange(len(m))
    colours = [_LEVEL_COLOURS[min(int(v), len(_LEVEL_COLOURS) - 1)] for v in m["maturity_level"]]
    ax.barh(
        y,
        m["maturity_index"].to_numpy(float),
        color=colours,
        edgecolor="#333333",
        linewidth=0.5,
        **({"height": 0.6} | kwargs),
    )
    for yi, v in zip(y, m["maturity_index"], strict=True):
        ax.annotate(
            f"{v:.2f}", (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
        )
    top = float(m["maturity_index"].max()) if len(m) else 1.0
    if targets is not None and len(targets):
        _require(
            targets, ["business_line", "target_maturity_level"], "plot_maturity_levels targets"
        )
        t = _wave(targets, wave).drop_duplicates("business_line").set_index("business_line")
        tv = m["business_line"].map(t["target_maturity_level"]).astype(float).to_numpy()
        ok = ~np.isnan(tv)
        ax.scatter(
            tv[ok],
            y[ok],
            marker="|",
            s=400,
            color="black",
            linewidths=2.5,
            zorder=3,
            label=_("target level"),
        )
        ax.legend(loc="lower right", fontsize="small")
        if ok.any():
            top = max(top, float(np.nanmax(tv)))
    ax.set_yticks(y, [names.get(str(b), str(b)) for b in m["business_line"]])
    ax.set_xlim(1, max(5.0, np.ceil(top)) + 0.3)
    ax.set_xlabel(_("maturity index (level + share of the next level)"))
    w = str(m["wave"].iloc[0]) if "wave" in m.columns and len(m) else ""
    ax.set_title(title if title is not None
                 else _("Maturity index by business line ({wave})").format(wave=w))
    ax.grid(axis="x", alpha=0.3)
    return ax


def plot_index_distribution(
    maturity: pd.DataFrame,
    ax: Axes | None = None,
    *,
    wave: str | None = None,
    bin_width: float = 0.1,
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Histogram of the maturity index over business lines, stacked by maturity level.

    The chart for many lines, where :func:`plot_maturity_levels` would need a bar per line.

    Parameters
    ----------
    maturity : pandas.DataFrame
        The ``maturity`` frame (``wave, business_line, maturity_level, maturity_index``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 8 x 3.5 inch figure otherwise.
    wave : str, optional
        Wave to draw; default the latest.
    bin_width : float
        Width of a bin on the index scale.
    title : str, optional
        Axes title (default ``"Maturity index of N business lines (WAVE)"``).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.hist`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": "2026-03", "business_line": ["a", "b", "c"],
    ...                     "maturity_level": [2, 1, 2], "maturity_index": [2.4, 1.8, 2.45]})
    >>> ax = plot_index_distribution(mat)
    >>> ax.get_title(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('Maturity index of 3 business lines (2026-03)', ['ML1', 'ML2'])
    """
    _require(
        maturity, ["business_line", "maturity_level", "maturity_index"], "plot_index_distribution"
    )
    m = _wave(maturity, wave)
    ax = _axes(ax, (8, 3.5))
    idx = m["maturity_index"].to_numpy(float)
    ok = ~np.isnan(idx)
    top = max(5.0, float(np.ceil(idx[ok].max()))) if ok.any() else 5.0
    bins = np.arange(1.0, top + bin_width / 2, bin_width)
    levels = sorted({int(v) for v in m["maturity_level"].dropna()})
    data = [idx[ok & (m["maturity_level"].to_numpy() == lv)] for lv in levels]
    colours = [_LEVEL_COLOURS[min(lv, len(_LEVEL_COLOURS) - 1)] for lv in levels]
    if levels:
        ax.hist(
            data,
            bins=bins,
            stacked=True,
            color=colours,
            edgecolor="#333333",
            linewidth=0.4,
            label=[f"ML{lv}" for lv in levels],
            **kwargs,
        )
        ax.legend(loc="upper right", fontsize="small", title=_("maturity level"))
    ax.set_xlim(1, top + 0.3)
    ax.set_xlabel(_("maturity index (level + share of the next level)"))
    ax.set_ylabel(_("business lines"))
    ax.yaxis.get_major_locator().set_params(integer=True)
    w = str(m["wave"].iloc[0]) if "wave" in m.columns and len(m) else ""
    default = _("Maturity index of {n} business lines").format(n=len(m)) + (f" ({w})" if w else "")
    ax.set_title(title if title is not None else default)
    ax.grid(axis="y", alpha=0.3)
    return ax


def plot_phases(
    phases: pd.DataFrame,
    ax: Axes | None = None,
    *,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> Axes:
    """Gantt chart of a rollout: one row per business line, one bar per phase.

    Parameters
    ----------
    phases : pandas.DataFrame
        ``wave, business_line, phase, start, end`` (``Roadmap.phases``); one-day phases
        (checkpoints, milestones) are drawn as diamonds.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure otherwise.
    names : mapping, optional
        Display name of each business line id.
    title : str, optional
        Axes title.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ph = pd.DataFrame({"wave": [1, 1], "business_line": "a", "phase": ["training", "pilot"],
    ...                    "start": ["2026-04-06", "2026-04-20"],
    ...                    "end": ["2026-04-17", "2026-06-12"]})
    >>> ax = plot_phases(ph)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a']
    """
    _require(phases, ["business_line", "phase", "start", "end"], "plot_phases")
    import matplotlib.dates as mdates

    ph = phases.assign(start=pd.to_datetime(phases["start"]), end=pd.to_datetime(phases["end"]))
    ph = ph.dropna(subset=["start", "end"])
    order = (
        ph.sort_values(["start", "business_line"])
        .drop_duplicates("business_line")["business_line"]
        .astype(str)
        .tolist()
    )
    ax = _axes(ax, (10, 0.5 * max(len(order), 1) + 1.5))
    pos = {b: i for i, b in enumerate(order)}
    seen: set[str] = set()
    for r in ph.itertuples(index=False):
        y = pos[str(r.business_line)]
        phase = str(r.phase)
        key = next((k for k in _PHASE_COLOURS if phase.startswith(k)), "")
        colour = _PHASE_COLOURS.get(key, "#969696")
        lab = None if key in seen else _(key or phase)
        seen.add(key)
        s = mdates.date2num(r.start)
        e = mdates.date2num(r.end) + 1
        if e - s <= 1.5:
            ax.scatter([s + 0.5], [y], marker="D", s=25, color=colour, zorder=3, label=lab)
        else:
            ax.barh(
                y,
                e - s,
                left=s,
                height=0.5,
                color=colour,
                edgecolor="#444444",
                linewidth=0.4,
                label=lab,
                **kwargs,
            )
    names = dict(names or {})
    ax.set_yticks(range(len(order)), [names.get(b, b) for b in order], fontsize=8)
    ax.invert_yaxis()
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", alpha=0.3)
    if seen:
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=4, fontsize="small", frameon=False
        )
    ax.set_title(title if title is not None else _("Rollout phases"), fontsize=10)
    return ax
