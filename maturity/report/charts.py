"""Figures of the report: drawn with :mod:`maturity.plots`, saved as PNG and SVG, inlined in HTML.

Saving is deterministic: the SVG hash salt is fixed and the SVG/PNG metadata carry no date or
version, so the same frames give the same bytes. Text in the SVG is drawn as paths
(``svg.fonttype = 'path'``), so Chinese labels need no font in the browser or the PDF.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["new_figure", "save_figure", "inline_svg", "RC"]

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


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(?:(?<=id=")|(?<="#))([^"]+)(?=")|(?<=#)([^"#()\s]+)(?=\))')


def inline_svg(svg: str, prefix: str, *, width: str | None = None) -> str:
    """SVG text made fit to sit inside an HTML page.

    Drops the XML declaration, DOCTYPE, metadata and namespace declarations (HTML parsers put
    ``<svg>`` in the SVG namespace by themselves, and the page must hold no ``http`` URL at all),
    prefixes every ``id`` so charts do not clash, and makes the chart scale to the page width.

    Examples
    --------
    >>> s = ('<?xml version="1.0"?><!DOCTYPE svg PUBLIC "x" "http://w">'
    ...      '<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="5pt" viewBox="0 0 10 5">'
    ...      '<metadata>m</metadata><defs><path id="a"/></defs><use xlink:href="#a"/></svg>')
    >>> print(inline_svg(s, "c1").replace("><", ">\\n<"))
    <svg width="100%" viewBox="0 0 10 5" role="img" style="max-width:10pt">
    <defs>
    <path id="c1-a"/>
    </defs>
    <use xlink:href="#c1-a"/>
    </svg>
    """
    s = svg[svg.index("<svg") :]
    s = re.sub(r"<metadata>.*?</metadata>\s*", "", s, flags=re.S)
    head_end = s.index(">")
    head, body = s[:head_end], s[head_end:]
    width_attr = re.search(r'\bwidth="([^"]+)"', head)
    vb = re.search(r'\bviewBox="([^"]+)"', head)
    max_w = width if width is not None else (width_attr.group(1) if width_attr else "100%")
    view_box = vb.group(1) if vb else ""
    new_head = f'<svg width="100%" viewBox="{view_box}" role="img" style="max-width:{max_w}"'
    ids = set(_ID.findall(body))
    if ids:  # one pass: id="X", "#X" and #X) of the ids defined in the chart

        def prefixed(m: re.Match[str]) -> str:
            i = m.group(1) or m.group(2)
            return f"{prefix}-{i}" if i in ids else i

        body = _REF.sub(prefixed, body)
    return (new_head + body).strip()


def _slug(text: str) -> str:
    from maturity.report.markup import slug

    return slug(text)


def _of(ctx, what: str) -> str:  # noqa: ANN001
    """'20 highest and 20 lowest of 1,000 lines' (the selection of a summarised chart)."""
    from maturity.i18n import _
    from maturity.report.context import EXTREMES

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

    from maturity.i18n import _, language
    from maturity.plots.gap import plot_capability_heatmap, plot_radar
    from maturity.plots.scores import plot_maturity_levels, plot_phases

    out: dict[str, str] = {}
    zh = ctx.language == "zh"
    latest = ctx.latest
    big = ctx.summarised
    lines = list(ctx.chart_lines)

    def tick(name: str) -> None:
        if progress is not None:
            progress.set_postfix_str(name, refresh=False)

    with mpl.rc_context(RC), language(ctx.language):
        from maturity.plots.fonts import use_cjk_font

        use_cjk_font()
        tick("maturity index")
        # a summarised chart's 40 rows are packed tighter, so that it fits on one A4 page
        per_row = 0.22 if big else 0.42
        fig, ax = new_figure(7.5, 1.2 + per_row * max(len(lines), 1))
        mat = ctx.scores.maturity
        if big:
            mat = mat[mat["business_line"].astype(str).isin(set(lines))]
        title = f"{ctx.t('maturity_index')} ({latest})" if zh else None
        if big:
            title = f"{_of(ctx, ctx.t('maturity_index'))} ({latest})"
        plot_maturity_levels(mat, ctx.line_gaps, ax, wave=latest, names=ctx.line_names, title=title)
        out["maturity_index"] = save_figure(fig, charts_dir, "maturity_index")
        if big:
            from maturity.plots.scores import plot_index_distribution

            tick("maturity distribution")
            fig, ax = new_figure(7.5, 3.4)
            plot_index_distribution(ctx.scores.maturity, ax, wave=latest)
            out["maturity_distribution"] = save_figure(fig, charts_dir, "maturity_distribution")

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
            from maturity.report.context import EXTREMES

            ax.axhline(EXTREMES - 0.5, color="black", linewidth=2)
            ax.set_title(f"{_of(ctx, ctx.t('capability'))} ({latest})")
        elif zh:
            ax.set_title(f"{ctx.t('capability')} ({latest})")
        out["capability_heatmap"] = save_figure(fig, charts_dir, "capability_heatmap")
        if big:
            from maturity.plots.gap import plot_capability_distribution

            tick("capability distribution")
            fig, ax = new_figure(7.5, 1.6 + 0.3 * max(n_pa, 1))
            plot_capability_distribution(ctx.scores.process_areas, ctx.gaps, ax, wave=latest)
            out["capability_distribution"] = save_figure(fig, charts_dir, "capability_distribution")

        for line in [] if big else lines:
            tick(f"profile {line}")
            fig, ax = new_figure(5.2, 4.6, polar=True)
            src = ctx.gaps if ctx.gaps is not None and len(ctx.gaps) else ctx.scores.process_areas
            plot_radar(src, line, ax, wave=latest)
            ax.set_title(ctx.line_name(line), pad=16)
            ax.title.set_gid(f"title-{_slug(line)}")  # <g id=...> around the drawn title
            out[f"profile_{_slug(line)}"] = save_figure(fig, charts_dir, f"profile_{_slug(line)}")

        if len(ctx.waves) > 1:
            from maturity.plots.trends import plot_index_spread, plot_index_trend

            fig, ax = new_figure(7.5, 4.0)
            if big:
                tick("index spread")
                plot_index_spread(ctx.scores.maturity, ctx.changes, ax)
                name = "index_spread"
            else:
                tick("index trend")
                plot_index_trend(ctx.scores.maturity, ctx.changes, ax)
                name = "index_trend"
            if zh:
                ax.set_title(ctx.t("trends"))
            out[name] = save_figure(fig, charts_dir, name)

        if ctx.swot_summary is not None and len(ctx.swot_summary):
            tick("IE matrix")
            from maturity.plots.swot import plot_ie_matrix

            fig, ax = new_figure(5.5, 5.5)
            plot_ie_matrix(ctx.swot_summary, ax, labels=not big)
            out["ie_matrix"] = save_figure(fig, charts_dir, "ie_matrix")

        if ctx.phases is not None and len(ctx.phases):
            tick("roadmap")
            ph = ctx.phases
            if "kind" in ph.columns:
                ph = ph[ph["kind"].astype(str) != "stage"]
            title = ctx.t("roadmap") if zh else None
            if big:
                ph, n_all = rollout_head(ph)
                title = _("{roadmap}: first {k} of {n} lines in rollout order").format(
                    roadmap=ctx.t("roadmap"), k=ph["business_line"].nunique(), n=f"{n_all:,}"
                )
            n = ph["business_line"].nunique()
            fig, ax = new_figure(7.5, 1.6 + (0.2 if big else 0.38) * max(n, 1))
            plot_phases(ph, ax, names=ctx.line_names, title=title)
            out["roadmap"] = save_figure(fig, charts_dir, "roadmap")
    return out


def rollout_head(phases, n: int | None = None):  # noqa: ANN001, ANN201
    """The phases of the first ``n`` lines to start (default ``2 * EXTREMES``) and the number
    of lines in ``phases``."""
    import pandas as pd

    from maturity.report.context import EXTREMES

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
