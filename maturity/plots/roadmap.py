"""Roadmap charts: the Gantt chart of waves and phases, and the effort/value matrix.

Frames in (from :func:`maturity.plan.roadmap.plan_roadmap`), Axes out; ``pyplot`` is imported inside
the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from maturity.i18n import gettext as _t  # "_" is a loop variable here
from maturity.plan.roadmap import DEFAULT_THRESHOLDS
from maturity.plots.fonts import use_cjk_font

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_gantt", "plot_effort_value", "plot_resource_loading", "plot_tracking"]

_PHASE_COLOURS = {"co-design": "#c6dbef",
                  "training": "#9ecae1", "training test": "#3182bd", "retraining": "#fdae6b",
                  "training retest": "#e6550d", "pilot": "#74c476", "review": "#756bb1"}
_STAGE_COLOURS = ["#d9d9d9", "#fdd0a2", "#c7e9c0", "#dadaeb"]
_WAVE_COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
_QUADRANTS = [("quick win", 0, 1), ("major project", 1, 1), ("fill-in", 0, 0), ("avoid", 1, 0)]


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    use_cjk_font()  # Chinese names drawn, never boxes
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def _frame(obj: Any, attr: str) -> pd.DataFrame:
    return getattr(obj, attr) if hasattr(obj, attr) and not isinstance(obj, pd.DataFrame) else obj


def _phase_colour(phase: str) -> str:
    p = str(phase)
    if p.startswith("pilot"):
        p = "pilot"
    elif "review" in p:
        p = "review"
    return _PHASE_COLOURS.get(p, "#bdbdbd")


def _month_axis(ax: Axes, start: Any, end: Any) -> None:
    """Ticks on the first of months, each labelled once (``YYYY-MM``), at most ~12."""
    import matplotlib.dates as mdates

    months = max(1, (pd.Timestamp(end).year - pd.Timestamp(start).year) * 12
                 + pd.Timestamp(end).month - pd.Timestamp(start).month + 1)
    step = max(1, -(-months // 12))
    ax.xaxis.set_major_locator(mdates.MonthLocator(interval=step))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))


def _wave_colour(w: Any) -> str:
    return "#7f7f7f" if pd.isna(w) else _WAVE_COLOURS[(int(w) - 1) % len(_WAVE_COLOURS)]


def plot_gantt(roadmap_or_phases: Any, ax: Axes | None = None, *, stages: bool = True,
               **kwargs: Any) -> Axes:
    """Gantt chart: one row per line (rollout order), its phases as bars, checkpoints as marks.

    Parameters
    ----------
    roadmap_or_phases : Roadmap or pandas.DataFrame
        A :class:`~maturity.plan.roadmap.Roadmap`, its ``phases`` frame, or its ``roadmap`` frame
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
    >>> from maturity.plan.roadmap import plan_roadmap
    >>> mat = pd.DataFrame({"business_line": ["a", "b"], "maturity_level": [1, 2],
    ...                     "maturity_index": [1.5, 2.5]})
    >>> lg = pd.DataFrame({"business_line": ["a", "b"], "level_gap": [1, 1],
    ...                    "total_gap": [4, 2], "effort": [40, 10]})
    >>> attrs = pd.DataFrame({"business_line": ["a", "b"], "group": "g",
    ...                       "headcount": [50, 100], "complexity": [5, 1],
    ...                       "customer_strictness": [3, 0]})
    >>> ax = plot_gantt(plan_roadmap(mat, lg, None, attrs, start="2026-04-06"))
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['PMO stages', 'a (rollout wave 1)', 'b (rollout wave 2)']
    >>> ticks = [t.get_text() for t in ax.get_xticklabels()]
    >>> len(ticks) == len(set(ticks))
    True
    """
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    phases = _frame(roadmap_or_phases, "phases")
    kwargs.setdefault("height", 0.6)
    if "phase" not in phases.columns:  # a roadmap frame: one bar per line
        rm = phases.dropna(subset=["start"]).reset_index(drop=True)
        ax = _axes(ax, (10, 1 + 0.45 * max(1, len(rm))))
        labels = [_t("{line} (rollout wave {wave})").format(line=b, wave=int(w))
                  for b, w in zip(rm["business_line"], rm["wave"], strict=True)]
        for i, r in rm.iterrows():
            ax.barh(i, (r["end"] - r["start"]).days + 1, left=r["start"],
                    color=_wave_colour(r["wave"]), **kwargs)
        waves = sorted(rm["wave"].dropna().unique())
        handles = [Patch(color=_wave_colour(w),
                         label=_t("rollout wave {wave}").format(wave=int(w))) for w in waves]
        span = (rm["start"].min(), rm["end"].max()) if len(rm) else (None, None)
    else:
        lines = phases[phases["kind"] != "stage"]
        order = list(dict.fromkeys(lines["business_line"]))
        wave_of = lines.drop_duplicates("business_line").set_index("business_line")["wave"]
        labels = ([_t("PMO stages")] if stages else []) + [
            _t("{line} (rollout wave {wave})").format(line=b, wave=int(wave_of[b]))
            for b in order]
        shown = phases if stages else lines
        span = (shown["start"].min(), shown["end"].max()) if len(shown) else (None, None)
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
                    color=_phase_colour(r["phase"]), **kwargs)
        cps = lines[lines["kind"] == "checkpoint"]
        if len(cps):
            ax.scatter(cps["start"] + pd.Timedelta(hours=12),
                       [row[b] for b in cps["business_line"]], marker="D", s=18,
                       color="black", zorder=3)
        kinds = {("pilot" if str(x).startswith("pilot") else "review" if "review" in str(x)
                  else str(x)) for x in bars["phase"]}
        present = [p for p in _PHASE_COLOURS if p in kinds]
        handles = [Patch(color=_PHASE_COLOURS[p], label=_t(p)) for p in present]
        if len(cps):
            from matplotlib.lines import Line2D

            handles.append(Line2D([], [], marker="D", color="black", linestyle="",
                                  markersize=4, label=_t("checkpoint")))
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    if span[0] is not None and not pd.isna(span[0]):
        _month_axis(ax, span[0], span[1])
    else:
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.set_title(_t("Rollout roadmap: rollout waves and phases"))
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
        A :class:`~maturity.plan.roadmap.Roadmap` or its ``roadmap`` frame (``business_line, wave,
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

    With a ``quadrant`` column each point is labelled with the plan's quadrant, which also
    counts a long pilot or complexity 5 as high effort (:mod:`maturity.plan.roadmap`).
    """
    th = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    rm = _frame(roadmap, "roadmap").dropna(subset=["value", "effort"])
    ax = _axes(ax, (7, 6))
    kwargs.setdefault("s", 60)
    for w, g in rm.groupby(rm["wave"].astype("Float64").fillna(-1), sort=True):
        label = _t("left out") if w == -1 else _t("rollout wave {wave}").format(wave=int(w))
        ax.scatter(g["effort"], g["value"], color=_wave_colour(None if w == -1 else w),
                   label=label, zorder=3, **kwargs)
    for _, r in rm.iterrows():
        # the quadrant also counts long pilots and complexity 5 as high effort: say so
        q = r.get("quadrant", "")
        text = r["business_line"] if not q else f"{r['business_line']} ({q})"
        ax.annotate(text, (r["effort"], r["value"]), xytext=(5, 4),
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
    ax.set_title(_t("Effort / value by rollout wave"))
    if len(rm):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=8, frameon=False,
                  ncol=6)
    return ax


def plot_resource_loading(roadmap: Any, ax: Axes | None = None, *,
                          capacity: int | None = None, **kwargs: Any) -> Axes:
    """Coaches busy per week, stacked by rollout wave, with the capacity line.

    A line holds one coach from its start to its end (:mod:`maturity.plan.schedule`).

    Parameters
    ----------
    roadmap : Roadmap or pandas.DataFrame
        A :class:`~maturity.plan.roadmap.Roadmap` or its ``roadmap`` frame (``wave, start, end``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 10 x 4 inch figure otherwise.
    capacity : int, optional
        Coaches available (default: the plan's ``settings["capacity"]``).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> rm = pd.DataFrame({"business_line": ["a", "b"], "wave": [1, 2],
    ...                    "start": pd.to_datetime(["2026-04-06", "2026-04-13"]),
    ...                    "end": pd.to_datetime(["2026-05-01", "2026-04-24"])})
    >>> ax = plot_resource_loading(rm, capacity=2)
    >>> [round(p.get_height()) for p in ax.patches][:4]   # wave 1 bars: weeks 1-4
    [1, 1, 1, 1]
    """
    frame = _frame(roadmap, "roadmap")
    if capacity is None and hasattr(roadmap, "settings"):
        capacity = roadmap.settings.get("capacity")
    r = frame.dropna(subset=["start"]).reset_index(drop=True)
    ax = _axes(ax, (10, 4))
    if not len(r):
        ax.set_title("Coach loading (no planned line)")
        return ax
    first = r["start"].min() - pd.Timedelta(days=int(r["start"].min().weekday()))
    weeks = pd.date_range(first, r["end"].max(), freq="7D")
    bottom = pd.Series(0.0, index=weeks)
    kwargs.setdefault("width", 6)
    for w, g in r.groupby("wave", sort=True):
        busy = pd.Series([float(((g["start"] <= wk + pd.Timedelta(days=4))
                                 & (g["end"] >= wk)).sum()) for wk in weeks], index=weeks)
        ax.bar(weeks, busy, bottom=bottom, color=_wave_colour(w), align="edge",
               label=f"rollout wave {int(w)}", **kwargs)
        bottom = bottom + busy
    if capacity:
        ax.axhline(capacity, color="black", lw=1, ls="--", label=f"capacity ({capacity})")
    _month_axis(ax, weeks[0], weeks[-1])
    ax.set_ylabel("coaches busy")
    ax.set_title("Coach loading by week")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax


#: Colours of the rollout statuses (issue 22) in :func:`plot_tracking`.
STATUS_COLOURS = {"planned": "#bdbdbd", "in progress": "#3182bd", "done": "#31a354",
                  "late": "#fd8d3c", "blocked": "#de2d26", "held": "#9e9ac8"}


def plot_tracking(tracking: Any, ax: Axes | None = None) -> Axes:
    """Plan vs actual: per line, a thin bar of each baseline phase and, over it, the actual
    (or re-planned) bar coloured by status; a dashed line on the as-of date.

    Parameters
    ----------
    tracking : maturity.plan.tracking.Tracking
        :func:`maturity.plan.tracking.track` (or
        :attr:`maturity.plan.rollout_status.RolloutStatus.tracking`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.dates as mdates
    from matplotlib.patches import Patch

    ph = tracking.phases
    ph = ph[(ph["kind"] == "phase")].copy()
    order = list(dict.fromkeys(ph["business_line"].astype(str)))
    ax = _axes(ax, (11, 1.2 + 0.6 * max(1, len(order))))
    one = pd.Timedelta(days=1)
    for y, line in enumerate(order):
        d = ph[ph["business_line"].astype(str) == line]
        for r in d.itertuples():
            a0, b0 = mdates.date2num(r.planned_start), mdates.date2num(r.planned_end + one)
            ax.barh(y - 0.28, b0 - a0, left=a0, height=0.14, color="#969696",
                    edgecolor="none")
            start = r.actual_start if pd.notna(r.actual_start) else r.start
            end = r.actual_end if pd.notna(r.actual_end) else r.end
            if pd.isna(start) or pd.isna(end):
                continue
            a, b = mdates.date2num(start), mdates.date2num(end + one)
            ax.barh(y + 0.05, b - a, left=a, height=0.42,
                    color=STATUS_COLOURS.get(str(r.status), "#bdbdbd"), edgecolor="white",
                    linewidth=0.5)
    day = mdates.date2num(pd.Timestamp(tracking.as_of))
    ax.axvline(day, color="black", linestyle="--", linewidth=1)
    ax.text(day, -0.9, " " + _t("as of {day}").format(day=pd.Timestamp(
        tracking.as_of).date()), fontsize=8, va="bottom")
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels(order)
    ax.invert_yaxis()
    ax.xaxis_date()
    lo = min(ph["planned_start"].min(), ph["start"].min())
    hi = max(ph["planned_end"].max(), ph["end"].max())
    _month_axis(ax, lo, hi)
    handles = [Patch(color="#969696", label=_t("baseline plan"))] + [
        Patch(color=c, label=_t(k)) for k, c in STATUS_COLOURS.items()]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=7,
              fontsize=8, frameon=False)
    ax.set_title(_t("Rollout status: baseline plan and actual"))
    ax.grid(axis="x", alpha=0.3)
    return ax
