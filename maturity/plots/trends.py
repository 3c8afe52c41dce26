"""Trend charts: maturity index over waves, slope chart of process areas, small multiples.

Frames in (from :mod:`maturity.scoring.score` and :mod:`maturity.compare.trends`), Axes out;
``pyplot`` is
imported inside the functions so ``import maturity`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.waves import WaveOrderError, order_waves, wave_start

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_index_trend", "plot_index_spread", "plot_slope", "plot_small_multiples"]


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def _require(frame: pd.DataFrame, cols: list[str], where: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise InputError(
            f"{where}: the frame lacks column(s) {', '.join(missing)}; found "
            f"{', '.join(map(str, frame.columns))}"
        )


def _wave_positions(waves: list[str]) -> dict[str, float]:
    """x of each wave: years since the first wave when every label names a date (waves spaced
    by time), else 0, 1, 2 ... in time order (:func:`maturity.waves.order_waves`)."""
    try:
        ordered = order_waves(waves)
    except WaveOrderError:
        ordered = sorted(waves)
    starts = [wave_start(w) for w in ordered]
    if ordered and all(s is not None for s in starts):
        t0 = starts[0]
        return {w: (s - t0).days / 365.25 for w, s in zip(ordered, starts, strict=True)}
    return {w: float(i) for i, w in enumerate(ordered)}


def _styles(n: int) -> list[dict[str, Any]]:
    """Colour and line style of n lines: tab10 up to 10, tab20 up to 20, then tab20 colours
    with dashed, dotted and dash-dot lines (no two lines look the same up to 80)."""
    import matplotlib as mpl

    cmap = mpl.colormaps["tab10" if n <= 10 else "tab20"]
    k = 10 if n <= 10 else 20
    dashes = ["-", "--", ":", "-."]
    return [{"color": cmap(i % k), "linestyle": dashes[(i // k) % len(dashes)]} for i in range(n)]


def _significant(changes: pd.DataFrame, alpha: float) -> pd.Series:
    """Rows to star: ``significant`` (Holm, min p and interval agreeing) when the frame has
    it -- and then only when the line as a whole moved the same way as the tested change
    (the stayers' rise of a line whose mean and index fell is not starred) -- else
    ``p_value < alpha``."""
    if "significant" not in changes.columns:
        return changes["p_value"] < alpha
    sig = changes["significant"].fillna(False).astype(bool)
    if {"stayers_delta", "score_delta", "delta", "test"} <= set(changes.columns):
        tested = np.sign(np.where(changes["test"] == "wilcoxon", changes["stayers_delta"],
                                  changes["score_delta"]))
        same = (np.sign(changes["score_delta"]) == tested) & (np.sign(changes["delta"]) != -tested)
        sig &= same.fillna(False).astype(bool)
    return sig


def plot_index_trend(
    maturity: pd.DataFrame,
    changes: pd.DataFrame | None = None,
    ax: Axes | None = None,
    *,
    alpha: float = 0.05,
    **kwargs: Any,
) -> Axes:
    """Maturity index of each business line across waves, one line per business line.

    Parameters
    ----------
    maturity : pandas.DataFrame
        The ``maturity`` frame over several waves (``wave, business_line, maturity_index``).
        When it has ``ci_low`` and ``ci_high`` columns they are drawn as interval bars.
    changes : pandas.DataFrame, optional
        The frame of :func:`maturity.compare.trends.changes`; a change judged ``significant`` (else
        one whose ``p_value`` is below ``alpha``) is marked with a star at its later wave.
        Waves are placed by their dates (``2025-03`` and ``2025-09`` half a year apart).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 8 x 4.5 inch figure otherwise.
    alpha : float
        Level for the significance stars.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` (e.g. ``linewidth``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": ["2025-03", "2025-09"] * 2,
    ...                     "business_line": ["a", "a", "b", "b"],
    ...                     "maturity_level": [1, 2, 2, 2],
    ...                     "maturity_index": [1.4, 2.1, 2.3, 2.6]})
    >>> ax = plot_index_trend(mat)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['a', 'b']
    """
    _require(maturity, ["wave", "business_line", "maturity_index"], "plot_index_trend")
    ax = _axes(ax, (8, 4.5))
    waves = [str(w) for w in maturity["wave"].unique()]
    pos = _wave_positions(waves)
    waves = sorted(pos, key=pos.get)
    has_ci = {"ci_low", "ci_high"} <= set(maturity.columns)
    m = maturity.assign(wave=maturity["wave"].astype(str))
    groups = list(m.groupby("business_line", sort=True))
    for (line, g), style in zip(groups, _styles(len(groups)), strict=True):
        g = g.assign(_x=g["wave"].map(pos)).sort_values("_x")
        kw = {"marker": "o"} | style | kwargs
        x = g["_x"].to_numpy(dtype=float)
        y = g["maturity_index"].to_numpy(dtype=float)
        (h,) = ax.plot(x, y, label=str(line), **kw)
        if has_ci:
            lo = y - g["ci_low"].to_numpy(dtype=float)
            hi = g["ci_high"].to_numpy(dtype=float) - y
            ax.errorbar(x, y, yerr=[lo, hi], fmt="none", ecolor=h.get_color(), capsize=3)
        if changes is not None and len(changes):
            sig = changes[
                (changes["business_line"] == line) & _significant(changes, alpha)
            ]["wave_to"].astype(str)
            for w in sig:
                if w in pos and (g["wave"] == w).any():
                    yy = float(g.loc[g["wave"] == w, "maturity_index"].iloc[0])
                    ax.annotate("*", (pos[w], yy), textcoords="offset points", xytext=(0, 6),
                                ha="center", color=h.get_color(), fontsize=14)
    ax.set_xticks([pos[w] for w in waves], waves)
    ax.set_xlabel(_("wave"))
    ax.set_ylabel(_("maturity index"))
    title = _("Maturity index by wave")
    if changes is not None:
        title += _(" (* significant change)") if "significant" in changes.columns else (
            _(" (* change p < {alpha})").format(alpha=f"{alpha:g}"))
    ax.set_title(title)
    ax.legend(title=_("business line"), loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax


def plot_index_spread(
    maturity: pd.DataFrame,
    changes: pd.DataFrame | None = None,
    ax: Axes | None = None,
    *,
    alpha: float = 0.05,
    **kwargs: Any,
) -> Axes:
    """Spread of the maturity index over business lines, one box per wave.

    The trend chart for many lines, where :func:`plot_index_trend` would draw a curve and a
    legend entry per line: boxes (quartiles, whiskers at 1.5 IQR, outliers as dots), the median
    joined across waves, and with ``changes`` the number of lines whose change into the wave has
    ``p_value < alpha``, split into rises and falls.

    Parameters
    ----------
    maturity : pandas.DataFrame
        The ``maturity`` frame over several waves (``wave, business_line, maturity_index``).
    changes : pandas.DataFrame, optional
        The frame of :func:`maturity.compare.trends.changes` (``wave_to, p_value, score_delta``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 8 x 4 inch figure otherwise.
    alpha : float
        Level below which a change counts as significant.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.boxplot`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": ["2025-03", "2025-09"] * 3,
    ...                     "business_line": ["a", "a", "b", "b", "c", "c"],
    ...                     "maturity_index": [1.4, 2.1, 2.3, 2.6, 1.9, 1.8]})
    >>> ch = pd.DataFrame({"wave_to": "2025-09", "business_line": ["a", "b", "c"],
    ...                    "p_value": [0.01, 0.2, 0.03], "score_delta": [0.5, 0.1, -0.2]})
    >>> ax = plot_index_spread(mat, ch)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['2025-03\\n3 lines', '2025-09\\n3 lines\\n1 up, 1 down (p < 0.05)']
    """
    _require(maturity, ["wave", "business_line", "maturity_index"], "plot_index_spread")
    ax = _axes(ax, (8, 4))
    m = maturity.assign(wave=maturity["wave"].astype(str))
    order = _wave_positions(list(m["wave"].unique()))
    waves = sorted(order, key=order.get)  # time order (boxes evenly spaced)
    data = [
        m.loc[m["wave"] == w, "maturity_index"].dropna().to_numpy(dtype=float) for w in waves
    ]
    kw = {"widths": 0.5, "patch_artist": True, "flierprops": {"markersize": 2, "alpha": 0.5}}
    box = ax.boxplot(data, positions=range(len(waves)), **(kw | kwargs))
    for patch in box.get("boxes", []):
        if hasattr(patch, "set_facecolor"):
            patch.set_facecolor("#c6dbef")
    medians = [float(np.median(d)) if len(d) else np.nan for d in data]
    ax.plot(range(len(waves)), medians, color="#08519c", marker="o", label=_("median"))
    labels = []
    for w, d in zip(waves, data, strict=True):
        text = f"{w}\n" + _("{n} lines").format(n=len(d))
        if changes is not None and len(changes):
            c = changes[(changes["wave_to"].astype(str) == w) & _significant(changes, alpha)]
            if "comparison" in c.columns:  # the change from the previous wave only
                c = c[c["comparison"].astype(str).str.contains("consecutive")]
            if len(c):
                up, down = int((c["score_delta"] > 0).sum()), int((c["score_delta"] < 0).sum())
                text += "\n" + (_("{up} up, {down} down").format(up=up, down=down)
                                if "significant" in c.columns else
                                _("{up} up, {down} down (p < {alpha})").format(
                                    up=up, down=down, alpha=f"{alpha:g}"))
        labels.append(text)
    ax.set_xticks(range(len(waves)), labels)
    ax.set_xlim(-0.6, len(waves) - 0.4)
    ax.set_ylabel(_("maturity index"))
    n = m["business_line"].nunique()
    ax.set_title(_("Maturity index of {n} business lines by wave").format(n=n))
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax


def plot_slope(
    process_areas: pd.DataFrame,
    wave_from: str,
    wave_to: str,
    business_line: str | None = None,
    ax: Axes | None = None,
    *,
    value: Literal["score", "capability_level"] = "score",
    **kwargs: Any,
) -> Axes:
    """Slope chart of each process area's score (or capability level) between two waves.

    Parameters
    ----------
    process_areas : pandas.DataFrame
        The ``process_areas`` frame of :func:`maturity.scoring.score.score` over the waves.
    wave_from, wave_to : str
        The two waves.
    business_line : str, optional
        The line to draw; default the mean over all lines.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new 6 x 7 inch figure otherwise.
    value : {'score', 'capability_level'}
        What to draw.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib.axes.Axes
        Rising process areas in green, falling in red, unchanged in grey; each labelled at
        the right end.

    Examples
    --------
    >>> pa = pd.DataFrame({"wave": ["2025-03"] * 2 + ["2025-09"] * 2, "business_line": "a",
    ...                    "process_area": ["PP", "REQM"] * 2, "capability_level": [1, 2, 2, 2],
    ...                    "score": [1.5, 2.5, 2.4, 2.2]})
    >>> ax = plot_slope(pa, "2025-03", "2025-09", "a")
    >>> len(ax.lines), ax.get_title()
    (2, 'a: score 2025-03 -> 2025-09')
    """
    _require(process_areas, ["wave", "business_line", "process_area", value], "plot_slope")
    d = process_areas[process_areas["wave"].isin([wave_from, wave_to])]
    if business_line is not None:
        d = d[d["business_line"] == business_line]
    if d.empty:
        raise InputError(
            f"plot_slope: no rows for waves {wave_from}, {wave_to}"
            + (f" and business line {business_line}" if business_line else "")
        )
    wide = d.pivot_table(index="process_area", columns="wave", values=value, aggfunc="mean")
    wide = wide.reindex(columns=[wave_from, wave_to])
    ax = _axes(ax, (6, 7))
    colours = {1: "#2e7d32", -1: "#c62828", 0: "#9e9e9e"}
    for a, b in wide.itertuples(index=False):
        s = 0 if np.isnan(a) or np.isnan(b) else int(np.sign(round(b - a, 9)))
        ax.plot([0, 1], [a, b], marker="o", color=colours[s], **kwargs)
    ends = wide[wave_to].fillna(wide[wave_from]).dropna().sort_values(kind="mergesort")
    label_y = _spread(ends.to_numpy(dtype=float))
    for pa, y in zip(ends.index, label_y, strict=True):
        ax.annotate(str(pa), (1.03, y), va="center", fontsize="small", annotation_clip=False)
    if label_y.size:  # keep every label inside the axes
        lo, hi = ax.get_ylim()
        pad = 0.03 * (max(hi, label_y.max()) - min(lo, label_y.min()))
        ax.set_ylim(min(lo, label_y.min() - pad), max(hi, label_y.max() + pad))
    ax.set_xticks([0, 1], [wave_from, wave_to])
    ax.set_xlim(-0.2, 1.35)
    ax.set_ylabel(value.replace("_", " "))
    who = business_line if business_line is not None else "all lines (mean)"
    ax.set_title(f"{who}: {value.replace('_', ' ')} {wave_from} -> {wave_to}")
    ax.grid(axis="y", alpha=0.3)
    return ax


def _spread(y: np.ndarray, min_gap_share: float = 0.025) -> np.ndarray:
    """Label positions for sorted values ``y``: overlapping labels are spread evenly around
    the mean of the values they label (clusters merged until no two are closer than the gap)."""
    if y.size < 2:
        return y
    gap = max(float(y[-1] - y[0]), 0.5) * min_gap_share
    clusters = [[i] for i in range(y.size)]

    def place(c: list[int]) -> np.ndarray:
        return y[c].mean() + gap * (np.arange(len(c)) - (len(c) - 1) / 2)

    merged = True
    while merged:
        merged = False
        for k in range(len(clusters) - 1):
            if place(clusters[k + 1])[0] - place(clusters[k])[-1] < gap - 1e-12:
                clusters[k : k + 2] = [clusters[k] + clusters[k + 1]]
                merged = True
                break
    return np.concatenate([place(c) for c in clusters])


def plot_small_multiples(
    process_areas: pd.DataFrame,
    *,
    value: Literal["score", "capability_level"] = "score",
    ncols: int = 6,
    panel_size: tuple[float, float] = (2.4, 1.9),
    **kwargs: Any,
) -> np.ndarray:
    """One small panel per process area: each business line's score across waves.

    Parameters
    ----------
    process_areas : pandas.DataFrame
        The ``process_areas`` frame over several waves.
    value : {'score', 'capability_level'}
        What to draw.
    ncols : int
        Panels per row.
    panel_size : (float, float)
        Width and height of one panel in inches (the figure size follows).
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot`.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The panels as a flat array, in process-area order (the model's order as it appears in
        the frame); the figure is ``axes[0].figure``. Panels beyond the number of process areas
        are hidden. All panels share the x (waves) and y axes; the legend of business lines is
        on the figure.

    Examples
    --------
    >>> pa = pd.DataFrame({"wave": ["2025-03"] * 2 + ["2025-09"] * 2, "business_line": "a",
    ...                    "process_area": ["PP", "REQM"] * 2, "capability_level": [1, 2, 2, 2],
    ...                    "score": [1.5, 2.5, 2.4, 2.2]})
    >>> axes = plot_small_multiples(pa, ncols=2)
    >>> [a.get_title() for a in axes]
    ['PP', 'REQM']
    """
    import matplotlib.pyplot as plt

    _require(process_areas, ["wave", "business_line", "process_area", value],
             "plot_small_multiples")
    pas = list(dict.fromkeys(process_areas["process_area"]))
    order = _wave_positions([str(w) for w in process_areas["wave"].unique()])
    waves = sorted(order, key=order.get)
    pos = order  # waves spaced by their dates
    lines = sorted(process_areas["business_line"].unique())
    styles = _styles(len(lines))
    ncols = max(1, min(ncols, len(pas)))
    nrows = int(np.ceil(len(pas) / ncols)) if pas else 1
    fig, axes = plt.subplots(
        nrows, ncols, sharex=True, sharey=True, squeeze=False,
        figsize=(panel_size[0] * ncols, panel_size[1] * nrows + 0.6),
    )
    flat = axes.ravel()
    kw = {"marker": "o", "markersize": 3, "linewidth": 1.2} | kwargs
    grouped = {k: g for k, g in process_areas.groupby(["process_area", "business_line"])}
    for ax, pa in zip(flat, pas, strict=False):
        for i, line in enumerate(lines):
            g = grouped.get((pa, line))
            if g is None:
                continue
            x = g["wave"].astype(str).map(pos)
            g = g.assign(_x=x).sort_values("_x")
            ax.plot(g["_x"], g[value], label=str(line), **(styles[i] | kw))
        ax.set_title(str(pa), fontsize="small")
        ax.grid(axis="y", alpha=0.3)
    for i, ax in enumerate(flat[len(pas):], start=len(pas)):
        ax.set_visible(False)
        if i - ncols >= 0:  # the panel above is now the lowest of its column
            flat[i - ncols].xaxis.set_tick_params(labelbottom=True)
    flat[0].set_xticks([pos[w] for w in waves], waves)
    for ax in flat:
        ax.tick_params(axis="x", labelrotation=45, labelsize="x-small")
        ax.tick_params(axis="y", labelsize="x-small")
    handles = [plt.Line2D([], [], marker="o", **styles[i]) for i in range(len(lines))]
    fig.legend(handles, lines, loc="upper center", ncol=min(len(lines), 6),
               fontsize="small", frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))
    return flat[: len(pas)] if pas else flat
