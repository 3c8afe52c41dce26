"""Roadmap charts: the Gantt chart of waves and phases, and the effort/value matrix.

Frames in (from :func:`maturity.roadmap.plan_roadmap`), Axes out; ``pyplot`` is imported inside
the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from maturity.i18n import gettext as _t  # "_" is a loop variable here

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_gantt", "plot_effort_value"]

_PHASE_COLOURS = {"training": "#9ecae1", "training test": "#3182bd", "retraining": "#fdae6b",
                  "training retest": "#e6550d", "pilot": "#74c476", "review": "#756bb1"}
_STAGE_COLOURS = ["#d9d9d9", "#fdd0a2", "#c7e9c0", "#dadaeb"]
_WAVE_COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
_QUADRANTS = [("quick win", 0, 1), ("major project", 1, 1), ("fill-in", 0, 0), ("avoid", 1, 0)]


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    from maturity.plots.fonts import use_cjk_font

    use_cjk_font()  # Chinese names drawn, never boxes
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def _frame(obj: Any, attr: str) -> pd.DataFrame:
    return getattr(obj, attr) if hasattr(obj, attr) and not isinstance(obj, pd.DataFrame) else obj


def _wave_colour(w: Any) -> str:
    return "#7f7f7f" if pd.isna(w) else _WAVE_COLOURS[(int(w) - 1) % len(_WAVE_COLOURS)]


def plot_gantt(roadmap_or_phases: Any, ax: Axes | None = None, *, stages: bool = True,
               **kwargs: Any) -> Axes:
    """Gantt chart: one row per line (rollout order), its phases as bars, checkpoints as marks.

    Parameters
    ----------
    roadmap_or_phases : Roadmap or pandas.DataFrame
        A :class:`~maturity.roadmap.Roadmap`, its ``phases`` frame, or its ``roadmap`` frame
        (then one bar per line from ``start`` to ``end``, coloured by wave).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure (10 inches wide, 0.45 inch per row) otherwise.
    stages : bool, default True
        Draw the four PMO stages as a top row.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh` (e.g. ``height``, ``alpha``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from maturity.roadmap import plan_roadmap
    >>> mat = pd.DataFrame({"business_line": ["a", "b"], "maturity_level": [1, 2],
    ...                     "maturity_index": [1.5, 2.5]})
    >>> lg = pd.DataFrame({"business_line": ["a", "b"], "level_gap": [1, 1],
    ...                    "total_gap": [4, 2], "effort": [40, 10]})
    >>> attrs = pd.DataFrame({"business_line": ["a", "b"], "group": "g",
    ...                       "headcount": [50, 100], "complexity": [5, 1],
    ...                       "customer_strictness": [3, 0]})
    >>> ax = plot_gantt(plan_roadmap(mat, lg, None, attrs, start="2026-04-06"))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['PMO stages', 'a (wave 1)', 'b (wave 2)']
    """
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    phases = _frame(roadmap_or_phases, "phases")
    kwargs.setdefault("height", 0.6)
    if "phase" not in phases.columns:  # a roadmap frame: one bar per line
        rm = phases.dropna(subset=["start"]).reset_index(drop=True)
        ax = _axes(ax, (10, 1 + 0.45 * max(1, len(rm))))
        labels = [_t("{line} (wave {wave})").format(line=b, wave=int(w))
                  for b, w in zip(rm["business_line"], rm["wave"], strict=True)]
        for i, r in rm.iterrows():
            ax.barh(i, (r["end"] - r["start"]).days + 1, left=r["start"],
                    color=_wave_colour(r["wave"]), **kwargs)
        waves = sorted(rm["wave"].dropna().unique())
        handles = [Patch(color=_wave_colour(w), label=_t("wave {wave}").format(wave=int(w)))
                   for w in waves]
    else:
        lines = phases[phases["kind"] != "stage"]
        order = list(dict.fromkeys(lines["business_line"]))
        wave_of = lines.drop_duplicates("business_line").set_index("business_line")["wave"]
        labels = ([_t("PMO stages")] if stages else []) + [
            _t("{line} (wave {wave})").format(line=b, wave=int(wave_of[b])) for b in order]
        row = {b: i + (1 if stages else 0) for i, b in enumerate(order)}
        ax = _axes(ax, (10, 1 + 0.45 * max(1, len(labels))))
        if stages:
            st = phases[phases["kind"] == "stage"].reset_index(drop=True)
            for i, r in st.iterrows():
                ax.barh(0, (r["end"] - r["start"]).days + 1, left=r["start"],
                        color=_STAGE_COLOURS[i % 4], edgecolor="white", **kwargs)
                ax.text(r["start"] + (r["end"] - r["start"]) / 2, 0, str(i + 1),
                        ha="center", va="center", fontsize=8)
        bars = lines[lines["kind"] == "phase"]
        for _, r in bars.iterrows():
            ax.barh(row[r["business_line"]], (r["end"] - r["start"]).days + 1, left=r["start"],
                    color=_PHASE_COLOURS.get(r["phase"], "#bdbdbd"), **kwargs)
        cps = lines[lines["kind"] == "checkpoint"]
        if len(cps):
            ax.scatter(cps["start"] + pd.Timedelta(hours=12),
                       [row[b] for b in cps["business_line"]], marker="D", s=18,
                       color="black", zorder=3)
        present = [p for p in _PHASE_COLOURS if p in set(bars["phase"])]
        handles = [Patch(color=_PHASE_COLOURS[p], label=_t(p)) for p in present]
        if len(cps):
            from matplotlib.lines import Line2D

            handles.append(Line2D([], [], marker="D", color="black", linestyle="",
                                  markersize=4, label=_t("checkpoint")))
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.set_title(_t("Rollout roadmap: waves and phases"))
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08),
                  fontsize=8, frameon=False, ncol=min(7, len(handles)))
    ax.grid(axis="x", alpha=0.3)
    return ax


def plot_effort_value(roadmap: Any, ax: Axes | None = None, *,
                      thresholds: dict[str, float] | None = None, **kwargs: Any) -> Axes:
    """Effort/value matrix: one labelled point per planned line, coloured by wave.

    Parameters
    ----------
    roadmap : Roadmap or pandas.DataFrame
        A :class:`~maturity.roadmap.Roadmap` or its ``roadmap`` frame (``business_line, wave,
        value, effort``); lines left out (no scores) are not drawn.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 7 x 6 inch figure otherwise.
    thresholds : dict, optional
        Quadrant lines ``{"value": 0.5, "effort": 0.5}`` (use the plan's thresholds).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` (e.g. ``s``, ``alpha``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> rm = pd.DataFrame({"business_line": ["a", "b"], "wave": [1, 2],
    ...                    "value": [0.8, 0.3], "effort": [0.2, 0.7]})
    >>> ax = plot_effort_value(rm)
    >>> sorted(t.get_text() for t in ax.texts if t.get_text() in {"a", "b"})
    ['a', 'b']
    """
    from maturity.roadmap import DEFAULT_THRESHOLDS

    th = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    rm = _frame(roadmap, "roadmap").dropna(subset=["value", "effort"])
    ax = _axes(ax, (7, 6))
    kwargs.setdefault("s", 60)
    for w, g in rm.groupby(rm["wave"].astype("Float64").fillna(-1), sort=True):
        label = _t("left out") if w == -1 else _t("wave {wave}").format(wave=int(w))
        ax.scatter(g["effort"], g["value"], color=_wave_colour(None if w == -1 else w),
                   label=label, zorder=3, **kwargs)
    for _, r in rm.iterrows():
        ax.annotate(r["business_line"], (r["effort"], r["value"]), xytext=(5, 4),
                    textcoords="offset points", fontsize=8)
    ax.axvline(th["effort"], color="grey", lw=0.8, ls="--")
    ax.axhline(th["value"], color="grey", lw=0.8, ls="--")
    for name, x, y in _QUADRANTS:
        ax.text(0.02 if x == 0 else 0.98, 0.98 if y == 1 else 0.02, _t(name),
                transform=ax.transAxes, ha="left" if x == 0 else "right",
                va="top" if y == 1 else "bottom", color="grey", fontsize=9, style="italic")
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(_t("effort (gap, backlog, complexity)"))
    ax.set_ylabel(_t("value (customer pull, size)"))
    ax.set_title(_t("Effort / value by wave"))
    if len(rm):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=8, frameon=False,
                  ncol=6)
    return ax
