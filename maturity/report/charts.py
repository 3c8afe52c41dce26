"""Figures of the report: drawn with :mod:`maturity.plots`, saved as PNG and SVG, inlined in HTML.

Saving is deterministic: the SVG hash salt is fixed and the SVG/PNG metadata carry no date or
version, so the same frames give the same bytes. Text in the SVG is drawn as paths
(``svg.fonttype = 'path'``), so Chinese labels need no font in the browser or the PDF.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from maturity.i18n import _, language
from maturity.plots.fonts import use_cjk_font
from maturity.plots.gap import plot_capability_distribution, plot_capability_heatmap, plot_radar
from maturity.plots.scores import plot_index_distribution, plot_maturity_levels, plot_phases
from maturity.plots.swot import plot_ie_matrix
from maturity.plots.trends import plot_index_spread, plot_index_trend
from maturity.report.context import EXTREMES
from maturity.report.markup import slug

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["new_figure", "save_figure", "RC"]

#: matplotlib settings every report chart is drawn with.
RC = {
    "svg.hashsalt": "maturity-report",
    "svg.fonttype": "path",
    "figure.dpi": 100,
    "font.size": 9,
    "axes.titlesize": 10,
}


def new_figure(width: float, height: float, *, polar: bool = False) -> tuple[Figure, object]:
    """A pyplot-free Figure with one Axes (no global figure registry, nothing to close)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot(projection="polar" if polar else None)
    return fig, ax


def save_figure(fig: Figure, charts_dir: Path, name: str) -> str:
    """Write ``name.svg`` and ``name.png`` into ``charts_dir``; return the SVG text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> fig, ax = new_figure(2, 1)
    >>> _ = ax.plot([0, 1], [1, 0])
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> svg = save_figure(fig, d, "x")
    >>> sorted(p.name for p in d.iterdir()), svg.count("Date")
    (['x.png', 'x.svg'], 0)
    """
    import matplotlib as mpl

    charts_dir.mkdir(parents=True, exist_ok=True)
    with mpl.rc_context(RC):
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        fig.set_layout_engine("none")  # keep the layout just computed: the PNG needs no second pass
        svg = buf.getvalue()
        (charts_dir / f"{name}.svg").write_text(svg, encoding="utf-8")
        fig.savefig(charts_dir / f"{name}.png", format="png", dpi=150, metadata={"Software": None})
    return svg


def _of(ctx, what: str) -> str:  # noqa: ANN001
    """'20 highest and 20 lowest of 1,000 lines' (the selection of a summarised chart)."""
    return _("{what}: {ext} highest and {ext} lowest of {n} lines").format(
        what=what, ext=EXTREMES, n=f"{len(ctx.summary):,}")


def draw_charts(ctx, charts_dir: Path, progress=None) -> dict[str, str]:  # noqa: ANN001
    """Draw every chart of the report into ``charts_dir``; return ``{name: svg text}`` in order.

    ``ctx`` is a :class:`maturity.report.context.ReportContext`. Every chart has the CJK font
    of :func:`maturity.plots.fonts.use_cjk_font` as fallback (inside an ``rc_context``, so the
    caller's matplotlib settings are left as they were) and its texts in ``ctx.language``.
    File names come from :func:`maturity.report.markup.slug` (one file per line, whatever
    script its id is written in). A summarised report
    (:data:`maturity.report.context.LINE_LIMIT`) draws its per-line charts for
    ``ctx.chart_lines`` only, adds ``maturity_distribution`` and ``capability_distribution``
    over all lines, has no ``profile_*`` radars and draws ``index_spread`` instead of
    ``index_trend``.
    """
    import matplotlib as mpl

    def tick(name: str) -> None:
        if progress is not None:
            progress.set_postfix_str(name, refresh=False)

    out: dict[str, str] = {}
    with mpl.rc_context(RC), language(ctx.language):
        use_cjk_font()
        for draw in (_maturity_charts, _capability_charts, _profile_charts, _trend_chart,
                     _swot_chart, _roadmap_chart):
            out.update(draw(ctx, charts_dir, tick))
    return out


def _maturity_charts(ctx, charts_dir: Path, tick) -> dict[str, str]:  # noqa: ANN001
    """Maturity index per line (and, summarised, its distribution over all lines)."""
    out: dict[str, str] = {}
    latest, big, lines = ctx.latest, ctx.summarised, list(ctx.chart_lines)
    tick("maturity index")
    # a summarised chart's 40 rows are packed tighter, so that it fits on one A4 page
    per_row = 0.22 if big else 0.42
    fig, ax = new_figure(7.5, 1.2 + per_row * max(len(lines), 1))
    mat = ctx.scores.maturity
    if big:
        mat = mat[mat["business_line"].astype(str).isin(set(lines))]
    title = f"{ctx.t('maturity_index')} ({latest})" if ctx.language == "zh" else None
    if big:
        title = f"{_of(ctx, ctx.t('maturity_index'))} ({latest})"
    plot_maturity_levels(mat, ctx.line_gaps, ax, wave=latest, names=ctx.line_names, title=title)
    out["maturity_index"] = save_figure(fig, charts_dir, "maturity_index")
    if big:
        tick("maturity distribution")
        fig, ax = new_figure(7.5, 3.4)
        plot_index_distribution(ctx.scores.maturity, ax, wave=latest)
        out["maturity_distribution"] = save_figure(fig, charts_dir, "maturity_distribution")
    return out


def _capability_charts(ctx, charts_dir: Path, tick) -> dict[str, str]:  # noqa: ANN001
    """Capability heatmap (and, summarised, the capability distribution)."""
    out: dict[str, str] = {}
    latest, big, lines = ctx.latest, ctx.summarised, list(ctx.chart_lines)
    tick("capability heatmap")
    n_pa = ctx.pa_latest["process_area"].nunique()
    per_row = 0.28 if big else 0.4
    fig, ax = new_figure(max(7.0, 0.36 * n_pa + 2.2), 1.6 + per_row * max(len(lines), 1))
    plot_capability_heatmap(
        ctx.scores.process_areas, ctx.gaps, ax, wave=latest, lines=lines if big else None
    )
    ticks = ax.get_yticks()
    ax.set_yticks(ticks, [ctx.line_name(t.get_text()) for t in ax.get_yticklabels()])
    if big:
        ax.axhline(EXTREMES - 0.5, color="black", linewidth=2)
        ax.set_title(f"{_of(ctx, ctx.t('capability'))} ({latest})")
    elif ctx.language == "zh":
        ax.set_title(f"{ctx.t('capability')} ({latest})")
    out["capability_heatmap"] = save_figure(fig, charts_dir, "capability_heatmap")
    if big:
        tick("capability distribution")
        fig, ax = new_figure(7.5, 1.6 + 0.3 * max(n_pa, 1))
        plot_capability_distribution(ctx.scores.process_areas, ctx.gaps, ax, wave=latest)
        out["capability_distribution"] = save_figure(fig, charts_dir, "capability_distribution")
    return out


def _profile_charts(ctx, charts_dir: Path, tick) -> dict[str, str]:  # noqa: ANN001
    """A radar per line (none in a summarised report)."""
    out: dict[str, str] = {}
    for line in [] if ctx.summarised else list(ctx.chart_lines):
        tick(f"profile {line}")
        fig, ax = new_figure(5.2, 4.6, polar=True)
        src = ctx.gaps if ctx.gaps is not None and len(ctx.gaps) else ctx.scores.process_areas
        plot_radar(src, line, ax, wave=ctx.latest)
        ax.set_title(ctx.line_name(line), pad=16)
        ax.title.set_gid(f"title-{slug(line)}")  # <g id=...> around the drawn title
        out[f"profile_{slug(line)}"] = save_figure(fig, charts_dir, f"profile_{slug(line)}")
    return out


def _trend_chart(ctx, charts_dir: Path, tick) -> dict[str, str]:  # noqa: ANN001
    """Index per wave (a spread when summarised); none with one wave."""
    if len(ctx.waves) <= 1:
        return {}
    fig, ax = new_figure(7.5, 4.0)
    if ctx.summarised:
        tick("index spread")
        plot_index_spread(ctx.scores.maturity, ctx.changes, ax)
        name = "index_spread"
    else:
        tick("index trend")
        plot_index_trend(ctx.scores.maturity, ctx.changes, ax)
        name = "index_trend"
    if ctx.language == "zh":
        ax.set_title(ctx.t("trends"))
    return {name: save_figure(fig, charts_dir, name)}


def _swot_chart(ctx, charts_dir: Path, tick) -> dict[str, str]:  # noqa: ANN001
    """The IE matrix of the lines' SWOT (none without a SWOT)."""
    if ctx.swot_summary is None or not len(ctx.swot_summary):
        return {}
    tick("IE matrix")
    fig, ax = new_figure(5.5, 5.5)
    plot_ie_matrix(ctx.swot_summary, ax, labels=not ctx.summarised)
    return {"ie_matrix": save_figure(fig, charts_dir, "ie_matrix")}


def _roadmap_chart(ctx, charts_dir: Path, tick) -> dict[str, str]:  # noqa: ANN001
    """The rollout's phases (summarised: the first lines in rollout order)."""
    if ctx.phases is None or not len(ctx.phases):
        return {}
    big = ctx.summarised
    tick("roadmap")
    ph = ctx.phases
    if "kind" in ph.columns:
        ph = ph[ph["kind"].astype(str) != "stage"]
    title = ctx.t("roadmap") if ctx.language == "zh" else None
    if big:
        ph, n_all = rollout_head(ph)
        title = _("{roadmap}: first {k} of {n} lines in rollout order").format(
            roadmap=ctx.t("roadmap"), k=ph["business_line"].nunique(), n=f"{n_all:,}"
        )
    n = ph["business_line"].nunique()
    fig, ax = new_figure(7.5, 1.6 + (0.2 if big else 0.38) * max(n, 1))
    plot_phases(ph, ax, names=ctx.line_names, title=title)
    return {"roadmap": save_figure(fig, charts_dir, "roadmap")}


def rollout_head(phases, n: int | None = None):  # noqa: ANN001, ANN201
    """The phases of the first ``n`` lines to start (default ``2 * EXTREMES``) and the number
    of lines in ``phases``."""
    import pandas as pd

    n = 2 * EXTREMES if n is None else n
    start = pd.to_datetime(phases["start"], errors="coerce")
    first = (
        phases.assign(_start=start)
        .dropna(subset=["_start"])
        .sort_values(["_start", "business_line"], kind="mergesort")
        .drop_duplicates("business_line")["business_line"]
    )
    keep = set(first.head(n))
    return phases[phases["business_line"].isin(keep)], int(phases["business_line"].nunique())
