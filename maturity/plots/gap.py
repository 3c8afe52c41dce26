"""Gap charts: gap and capability heatmaps, a current-vs-target radar and the backlog bars.

Frames in (from :mod:`maturity.plan.gap` and :mod:`maturity.scoring.score`), Axes out; ``pyplot`` is
imported inside the functions. The target is always drawn where one is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.plan.gap import target_profile
from maturity.plots.fonts import use_cjk_font
from maturity.waves import order_waves

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from maturity.plan.gap import Targets

__all__ = [
    "plot_gap_heatmap",
    "plot_radar",
    "plot_backlog",
    "plot_capability_heatmap",
    "plot_capability_distribution",
]


def _axes(ax: Axes | None, figsize: tuple[float, float], polar: bool = False) -> Axes:
    use_cjk_font()  # Chinese names drawn, never boxes
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize, subplot_kw={"projection": "polar"} if polar else None)
    return ax


def _wave(frame: pd.DataFrame, wave: str | None, what: str) -> tuple[pd.DataFrame, str | None]:
    """Rows of one wave (the latest when None); frames without ``wave`` pass through."""
    if "wave" not in frame.columns or frame.empty:
        return frame, wave
    waves = order_waves(frame["wave"].astype(str).unique())
    w = waves[-1] if wave is None else str(wave)
    if w not in waves:
        raise InputError(f"{what}: wave {w!r} not found; waves: {waves}")
    return frame[frame["wave"].astype(str) == w], w


def _need(frame: pd.DataFrame, cols: list[str], what: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise InputError(f"{what}: columns {missing} missing; found {list(frame.columns)}")


def _grid(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """Lines x PAs, PAs in the order they first appear (model order in toolkit frames)."""
    cols = list(dict.fromkeys(frame["process_area"]))
    rows = sorted(frame["business_line"].astype(str).unique())
    g = frame.pivot_table(index="business_line", columns="process_area", values=value,
                          aggfunc="first", dropna=False)
    return g.reindex(index=rows, columns=cols).astype(float)


def _heat(ax: Axes, values: pd.DataFrame, labels: np.ndarray, cmap: str, vmax: float,
          cbar_label: str, **kwargs: Any) -> Any:
    masked = np.ma.masked_invalid(values.to_numpy(float))
    kwargs.setdefault("cmap", cmap)
    kwargs.setdefault("vmin", 0)
    kwargs.setdefault("vmax", max(vmax, 1))
    im = ax.imshow(masked, aspect="auto", **kwargs)
    ax.set_facecolor("#f2f2f2")
    ax.set_xticks(range(values.shape[1]), values.columns, rotation=90)
    ax.set_yticks(range(values.shape[0]), values.index)
    norm_max = kwargs["vmax"]
    for (i, j), text in np.ndenumerate(labels):
        if text:
            v = values.iat[i, j]
            dark = not np.isnan(v) and v > 0.6 * norm_max
            ax.text(j, i, text, ha="center", va="center", fontsize=7,
                    color="white" if dark else "black",
                    in_layout=False)  # inside its cell: the layout need not measure it
    ax.figure.colorbar(im, ax=ax, label=cbar_label, fraction=0.03, pad=0.02)
    return im


def plot_gap_heatmap(gaps: pd.DataFrame, ax: Axes | None = None, *, wave: str | None = None,
                     **kwargs: Any) -> Axes:
    """Business lines x process areas coloured by gap (levels), annotated ``current/target``.

    Parameters
    ----------
    gaps : pandas.DataFrame
        ``Gaps.gaps`` of :func:`maturity.plan.gap.gap_analysis`. Cells outside the target profile
        stay grey.
    ax : matplotlib.axes.Axes, optional
        A new 12 x 4 inch figure otherwise.
    wave : str, optional
        Wave to draw; the latest by default.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.imshow` (e.g. ``cmap``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> g = pd.DataFrame({"wave": "w1", "business_line": ["a", "a", "b"],
    ...                   "process_area": ["REQM", "PP", "REQM"], "current_level": [1, 3, 2],
    ...                   "target_level": [3, 2, 2], "gap": [2, 0, 0]})
    >>> ax = plot_gap_heatmap(g)
    >>> ax.get_title(), [t.get_text() for t in ax.texts]
    ('Gap to target (w1)', ['1/3', '3/2', '2/2'])
    """
    _need(gaps, ["business_line", "process_area", "current_level", "target_level", "gap"],
          "plot_gap_heatmap")
    df, w = _wave(gaps, wave, "plot_gap_heatmap")
    ax = _axes(ax, (12, 4))
    values = _grid(df, "gap")
    cur, tgt = _grid(df, "current_level"), _grid(df, "target_level")
    labels = np.where(tgt.notna(), cur.fillna(0).astype("Int64").astype(str) + "/"
                      + tgt.astype("Int64").astype(str), "")
    _heat(ax, values, labels, "Reds", float(np.nanmax(values.to_numpy(), initial=1)),
          _("gap (levels)"), **kwargs)
    ax.set_title(f"{_('Gap to target')} ({w})" if w else _("Gap to target"))
    ax.set_xlabel(_("process area (cell: current/target capability level)"))
    return ax


def _profile(targets: Targets | pd.DataFrame, lines: list[str]) -> pd.DataFrame:
    if isinstance(targets, pd.DataFrame):
        _need(targets, ["business_line", "process_area", "target_level"], "targets frame")
        return targets
    return target_profile(targets, lines)


def plot_capability_heatmap(process_areas: pd.DataFrame, targets: Targets | pd.DataFrame | None
                            = None, ax: Axes | None = None, *, wave: str | None = None,
                            lines: Sequence[str] | None = None, **kwargs: Any) -> Axes:
    """Business lines x process areas coloured by capability level, target marked where given.

    Parameters
    ----------
    process_areas : pandas.DataFrame
        ``Scores.process_areas`` (``business_line, process_area, capability_level``).
    targets : Targets or pandas.DataFrame, optional
        :class:`maturity.plan.gap.Targets`, or a frame with ``business_line, process_area,
        target_level`` (``Gaps.gaps`` or ``Gaps.profile``). Cells then read ``current/target``
        and cells below target get a red frame.
    ax : matplotlib.axes.Axes, optional
        A new 12 x 4 inch figure otherwise.
    wave : str, optional
        Wave to draw; the latest by default.
    lines : sequence of str, optional
        The business lines to draw, top to bottom (e.g. the highest and lowest of a thousand);
        all lines by id otherwise.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.imshow`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> pa = pd.DataFrame({"wave": "w1", "business_line": ["a", "a", "b", "b"],
    ...                    "process_area": ["REQM", "PP"] * 2,
    ...                    "capability_level": pd.array([1, 3, None, 2], dtype="Int64")})
    >>> ax = plot_capability_heatmap(pa)
    >>> [t.get_text() for t in ax.texts]
    ['1', '3', 'nr', '2']
    >>> tg = pd.DataFrame({"business_line": ["a", "b"], "process_area": "REQM",
    ...                    "target_level": [3, 2]})
    >>> ax = plot_capability_heatmap(pa, tg)
    >>> [t.get_text() for t in ax.texts], len(ax.patches)
    (['1/3', '3', 'nr/2', '2'], 2)
    >>> ax = plot_capability_heatmap(pa, lines=["b"])
    >>> [t.get_text() for t in ax.get_yticklabels()], [t.get_text() for t in ax.texts]
    (['b'], ['nr', '2'])
    """
    _need(process_areas, ["business_line", "process_area", "capability_level"],
          "plot_capability_heatmap")
    df, w = _wave(process_areas, wave, "plot_capability_heatmap")
    if lines is not None:
        lines = [str(x) for x in lines]
        df = df[df["business_line"].astype(str).isin(lines)]
    ax = _axes(ax, (12, 4))
    values = _grid(df, "capability_level")
    if lines is not None:
        values = values.reindex(index=lines)
    cur = np.where(values.isna(), "nr", values.fillna(0).astype("Int64").astype(str))
    labels = cur.astype(object)
    below = np.zeros(values.shape, dtype=bool)
    if targets is not None:
        prof = _profile(targets, list(values.index))
        if "wave" in prof.columns and w is not None:
            prof = prof[prof["wave"].astype(str) == w]
        tgt = prof.pivot_table(index="business_line", columns="process_area",
                               values="target_level", aggfunc="first")
        tgt = tgt.reindex(index=values.index, columns=values.columns).astype(float)
        has = tgt.notna().to_numpy()
        ttext = tgt.fillna(0).astype(int).astype(str).to_numpy()
        labels = np.where(has, cur + "/" + ttext, cur).astype(object)
        below = has & (values.fillna(0).to_numpy() < tgt.fillna(0).to_numpy())
    vmax = float(np.nanmax(values.to_numpy(), initial=3))
    _heat(ax, values, labels, "Blues", vmax, _("capability level"), **kwargs)
    from matplotlib.patches import Rectangle

    for i, j in zip(*np.nonzero(below), strict=True):
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#c0392b",
                               linewidth=1.5, in_layout=False))
    title = _("Capability level vs target") if targets is not None else _("Capability level")
    ax.set_title(f"{title} ({w})" if w else title)
    ax.set_xlabel(_("process area (cell: current/target; red frame: below target)")
                  if targets is not None else _("process area"))
    return ax


_CL_COLOURS = ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b", "#041f47"]


def plot_capability_distribution(process_areas: pd.DataFrame, targets: Targets | pd.DataFrame
                                 | None = None, ax: Axes | None = None, *,
                                 wave: str | None = None, **kwargs: Any) -> Axes:
    """How many business lines stand at each capability level, per process area.

    The chart for many lines, where a heat map would need a row per line: one stacked bar per
    process area (model order, top to bottom), a segment per capability level, grey for lines
    not rated; with targets, the number of lines below their target is written at the bar's end.

    Parameters
    ----------
    process_areas : pandas.DataFrame
        ``Scores.process_areas`` (``business_line, process_area, capability_level``).
    targets : Targets or pandas.DataFrame, optional
        As for :func:`plot_capability_heatmap`.
    ax : matplotlib.axes.Axes, optional
        A new 8 x (1.5 + 0.3 per area) inch figure otherwise.
    wave : str, optional
        Wave to draw; the latest by default.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> pa = pd.DataFrame({"wave": "w1", "business_line": ["a", "a", "b", "b", "c", "c"],
    ...                    "process_area": ["REQM", "PP"] * 3,
    ...                    "capability_level": pd.array([1, 3, None, 2, 1, 0], dtype="Int64")})
    >>> tg = pd.DataFrame({"business_line": ["a", "b", "c"], "process_area": "REQM",
    ...                    "target_level": [2, 2, 1]})
    >>> ax = plot_capability_distribution(pa, tg)
    >>> [t.get_text() for t in ax.get_yticklabels()], [t.get_text() for t in ax.texts]
    (['REQM', 'PP'], ['2 below target'])
    """
    _need(process_areas, ["business_line", "process_area", "capability_level"],
          "plot_capability_distribution")
    df, w = _wave(process_areas, wave, "plot_capability_distribution")
    values = _grid(df, "capability_level")
    pas = list(values.columns)
    ax = _axes(ax, (8, 1.5 + 0.3 * max(len(pas), 1)))
    v = values.to_numpy(float)
    top = int(np.nanmax(v, initial=3))
    y = np.arange(len(pas))
    left = np.zeros(len(pas))
    kwargs.setdefault("height", 0.7)
    for level in range(0, top + 1):
        n = (v == level).sum(axis=0).astype(float)
        colour = _CL_COLOURS[min(level, len(_CL_COLOURS) - 1)]
        ax.barh(y, n, left=left, color=colour, edgecolor="white", linewidth=0.5,
                label=f"CL{level}", **kwargs)
        left += n
    nr = np.isnan(v).sum(axis=0).astype(float)
    if nr.any():
        ax.barh(y, nr, left=left, color="#bdbdbd", edgecolor="white", linewidth=0.5,
                label=_("not rated"), **kwargs)
    if targets is not None:
        prof = _profile(targets, list(values.index))
        if "wave" in prof.columns and w is not None:
            prof = prof[prof["wave"].astype(str) == w]
        tgt = prof.pivot_table(index="business_line", columns="process_area",
                               values="target_level", aggfunc="first")
        tgt = tgt.reindex(index=values.index, columns=values.columns).astype(float).to_numpy()
        below = (~np.isnan(tgt) & (np.nan_to_num(v) < np.nan_to_num(tgt))).sum(axis=0)
        for yi, k in zip(y, below, strict=True):
            if k:
                ax.annotate(_("{k} below target").format(k=int(k)), (len(values), yi),
                            xytext=(4, 0),
                            textcoords="offset points", va="center", fontsize=7,
                            color="#c0392b", annotation_clip=False)
    ax.set_yticks(y, pas)
    ax.invert_yaxis()
    ax.set_xlim(0, max(len(values), 1))
    ax.set_xlabel(_("business lines (of {n}) at each capability level").format(n=len(values)))
    from matplotlib.transforms import offset_copy

    below_axis = offset_copy(ax.transAxes, fig=ax.figure, y=-34, units="points")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below_axis, ncol=6,
              fontsize="small", frameon=False)
    title = _("Capability level of {n} business lines").format(n=len(values))
    ax.set_title(f"{title} ({w})" if w else title)
    return ax


def plot_radar(frame: pd.DataFrame, business_line: str, ax: Axes | None = None, *,
               targets: Targets | None = None, wave: str | None = None,
               **kwargs: Any) -> Axes:
    """Radar of one line's current capability level per process area against its target.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``Gaps.gaps`` (``current_level``, ``target_level``), or ``Scores.process_areas``
        (``capability_level``; pass ``targets`` to draw the target).
    business_line : str
        The line to draw.
    ax : matplotlib.axes.Axes, optional
        Polar Axes; a new 7 x 7 inch polar figure otherwise.
    targets : Targets, optional
        Target profile, used with a ``process_areas`` frame.
    wave : str, optional
        Wave to draw; the latest by default.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` for the current-level line.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> g = pd.DataFrame({"wave": "w1", "business_line": "a",
    ...                   "process_area": ["REQM", "PP", "PMC", "PPQA"],
    ...                   "current_level": [1, 3, 2, 0], "target_level": [3, 2, 2, 3]})
    >>> ax = plot_radar(g, "a")
    >>> [h.get_label() for h in ax.get_legend_handles_labels()[0]]
    ['current', 'target']
    """
    df, w = _wave(frame, wave, "plot_radar")
    df = df[df["business_line"].astype(str) == business_line]
    if df.empty:
        raise InputError(f"plot_radar: business line {business_line!r} has no rows"
                         + (f" in wave {w}" if w else ""))
    if "current_level" in df.columns:
        cur = df["current_level"].astype(float)
        tgt = df["target_level"].astype(float) if "target_level" in df.columns else None
        pas = list(df["process_area"])
    else:
        _need(df, ["process_area", "capability_level"], "plot_radar")
        cur = df["capability_level"].astype(float).fillna(0)
        pas = list(df["process_area"])
        tgt = None
        if targets is not None:
            prof = target_profile(targets, [business_line]).set_index("process_area")
            tgt = pd.Series([prof["target_level"].get(p, np.nan) for p in pas], dtype=float)
    if ax is None:
        ax = _axes(None, (7, 7), polar=True)
    elif getattr(ax, "name", "") != "polar":
        raise InputError("plot_radar needs polar Axes: plt.subplots(subplot_kw="
                         "{'projection': 'polar'})")
    n = len(pas)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False).tolist()
    close = angles + angles[:1]
    c = cur.to_numpy(float).tolist()
    kwargs.setdefault("color", "#1f77b4")
    ax.plot(close, c + c[:1], marker="o", label=_("current"), **kwargs)
    ax.fill(close, c + c[:1], alpha=0.15, color=kwargs["color"])
    if tgt is not None:
        t = tgt.to_numpy(float).tolist()
        ax.plot(close, t + t[:1], color="#c0392b", linestyle="--", marker="s", markersize=4,
                label=_("target"))
    top = int(np.nanmax([*c, *(tgt.tolist() if tgt is not None else []), 3]))
    ax.set_ylim(0, top + 0.4)  # room outside the top level, so a target there stays visible
    ax.set_yticks(range(0, top + 1))
    ax.set_xticks(angles, pas)
    ax.set_title(_("{line}: capability level vs target").format(line=business_line)
                 + (f" ({w})" if w else ""))
    ax.legend(loc="lower right", bbox_to_anchor=(1.1, -0.1), frameon=False)
    return ax


def plot_backlog(backlog: pd.DataFrame, business_line: str | None = None, top: int = 10,
                 ax: Axes | None = None, *, wave: str | None = None, **kwargs: Any) -> Axes:
    """Horizontal bars of the backlog's practices by priority, rank 1 at the top.

    Parameters
    ----------
    backlog : pandas.DataFrame
        ``Gaps.backlog`` of :func:`maturity.plan.gap.gap_analysis`.
    business_line : str, optional
        One line's backlog; every line's top rows by priority otherwise (labels then name the
        line).
    top : int, default 10
        Number of bars.
    ax : matplotlib.axes.Axes, optional
        A new 9 x 5 inch figure otherwise.
    wave : str, optional
        Wave to draw; the latest by default.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> b = pd.DataFrame({"wave": "w1", "business_line": "a", "process_area": "PPQA",
    ...                   "practice": ["PPQA.SP1.1", "PPQA.GP2.1"], "name": ["Evaluate", "Policy"],
    ...                   "priority": [0.6, 0.45], "rank": [1, 2], "levels_blocked": [2, 1]})
    >>> ax = plot_backlog(b, "a")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['PPQA.SP1.1 Evaluate', 'PPQA.GP2.1 Policy']
    """
    _need(backlog, ["business_line", "practice", "priority"], "plot_backlog")
    df, w = _wave(backlog, wave, "plot_backlog")
    if business_line is not None:
        df = df[df["business_line"].astype(str) == business_line]
    sort = ["priority", "business_line", "rank"] if "rank" in df.columns else ["priority"]
    asc = [False, True, True][: len(sort)]
    df = df.sort_values(sort, ascending=asc, kind="mergesort").head(int(top))
    ax = _axes(ax, (9, 5))
    names = df["name"].fillna("") if "name" in df.columns else pd.Series("", index=df.index)
    labels = [f"{p} {n}".strip() for p, n in zip(df["practice"], names, strict=True)]
    if business_line is None:
        labels = [f"{ln}: {x}" for ln, x in zip(df["business_line"], labels, strict=True)]
    y = np.arange(len(df))
    if "levels_blocked" in df.columns and "color" not in kwargs:
        import matplotlib as mpl

        cmap = mpl.colormaps["Reds"]
        kwargs["color"] = [cmap(0.35 + 0.2 * float(v)) for v in df["levels_blocked"]]
    bars = ax.barh(y, df["priority"].to_numpy(float), **kwargs)
    ax.bar_label(bars, fmt="%.2f", padding=2, fontsize=8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1.0, float(df["priority"].max()) * 1.1) if len(df) else 1.0)
    ax.set_xlabel(_("priority (0-1; darker: more capability levels held back)"))
    if df.empty:
        ax.text(0.5, 0.5, _("no blocking practices"), ha="center", va="center",
                transform=ax.transAxes)
    who = business_line or _("all lines")
    ax.set_title(_("Backlog {who}").format(who=who) + (f" ({w})" if w else "")
                 + _(", top {n}").format(n=len(df)))
    return ax
