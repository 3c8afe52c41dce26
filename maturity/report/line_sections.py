"""The business-line pages and the capability heatmap of the report.

A page a line (``line-<id>``, :func:`maturity.report.markup.slug`): its facts (level, scope,
index, change, target, SWOT cell, rollout wave), capability profile, process areas, first
backlog items and reliability flags; a summarised report gives pages to the lines furthest
below their target only.
"""

from __future__ import annotations

import pandas as pd

from maturity.i18n import _
from maturity.report.context import (
    EXTREMES,
    ReportContext,
)
from maturity.report.markup import (
    Col,
    esc,
    figure,
    fmt_date,
    fmt_int,
    fmt_num,
    fmt_signed,
    shown_note,
    slug,
    table,
    workbook,
)
from maturity.report.translate import translate_code, translate_reason

__all__ = ["line_pages", "capability"]


def line_pages(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    parts = [f'<section id="lines"><h2>{esc(t("lines"))}</h2>']
    pages = ctx.summary
    if ctx.summarised:
        pages = ctx.summary.set_index("business_line", drop=False).loc[ctx.page_lines]
        parts.append(
            '<p class="note">'
            + _("{n} business lines: a page each for the {k} furthest below their target "
                "(largest level gap, then lowest maturity index), as tables. Every line's "
                "process areas, capability levels and backlog are in {where} and the sheets "
                "capability and backlog.").format(
                n=f"{len(ctx.summary):,}", k=len(pages), where=esc(workbook("process_areas")))
            + "</p>"
        )
    for _i, s in pages.iterrows():
        parts.append(_line_page(ctx, svgs, s))
    parts.append("</section>")
    return "".join(parts)


def _below(r: pd.Series) -> str:
    g = r["gap"]
    return "below" if g is not pd.NA and not pd.isna(g) and g > 0 else ""


def _line_page(ctx: ReportContext, svgs: dict[str, str], s: pd.Series) -> str:
    """One line's page: facts (and profile chart), process areas, backlog head, flags."""
    t = ctx.t
    line = str(s["business_line"])
    pa_cols: list[Col] = [
        ("process_area", t("process_area"), None),
        ("name", t("name"), None),
        ("level", t("level"), fmt_int),
        ("rating", t("rating"), None),
        ("capability_level", t("current"), fmt_int),
        ("target_level", t("target"), fmt_int),
        ("gap", t("gap"), fmt_int),
        ("score", t("score"), fmt_num),
    ]
    fhtml = "".join(f'<div class="fact">{esc(k)}<b>{esc(v)}</b></div>'
                    for k, v in _line_facts(ctx, s, line))
    pa = ctx.pa_latest[ctx.pa_latest["business_line"] == line]
    shown = ctx.line_name(line)
    sub = f"{line}, {ctx.latest}" if shown != line else ctx.latest
    parts = [
        f'<article class="line-page" id="line-{slug(line)}" data-line="{esc(line)}">'
        f'<h3>{esc(shown)} <span class="note">({esc(sub)})</span></h3>'
    ]
    if ctx.summarised:
        parts.append(f'<div class="facts">{fhtml}</div>')
    else:
        parts.append(
            f'<div class="line-top"><div class="facts">{fhtml}</div>'
            + figure(
                svgs,
                f"profile_{slug(line)}",
                _("Capability level per process area (solid) and target (dashed)."),
                width="105mm",
            )
            + "</div>"
        )
    parts.append(table(pa, pa_cols, ctx=ctx, row_class=_below))
    parts.append(_line_backlog(ctx, line))
    parts.append(_line_flags(ctx, line))
    parts.append("</article>")
    return "".join(parts)


def _line_facts(ctx: ReportContext, s: pd.Series, line: str) -> list[tuple[str, str]]:
    """The facts beside a line's profile: level, scope, index, change, target, respondents,
    IE cell and posture (with a SWOT), rollout wave (with a roadmap)."""
    t = ctx.t
    facts = [
        (t("maturity_level"), f"ML{int(s['maturity_level'])}"),
        *_scope_facts(ctx, line),
        (t("maturity_index"), fmt_num(s["maturity_index"])),
        (f"{t('change')} ({ctx.previous or '–'})", fmt_signed(s["change"])),
        (
            t("target_ml"),
            "–"
            if pd.isna(s["target_maturity_level"])
            else f"ML{int(s['target_maturity_level'])}",
        ),
        (t("respondents"), fmt_int(s["n_respondents"])),
    ]
    if ctx.swot_summary is not None:
        sw = ctx.swot_summary[ctx.swot_summary["business_line"] == line]
        if len(sw):
            facts.append(
                (
                    f"{t('ie_cell')} / {t('posture')}",
                    f"{sw['ie_cell'].iloc[0]} · {translate_code(sw['posture'].iloc[0])}",
                )
            )
    if ctx.roadmap is not None:
        rm = ctx.roadmap[ctx.roadmap["business_line"] == line]
        if len(rm):
            w = rm["wave"].iloc[0]
            facts.append(
                (
                    t("roadmap"),
                    "–"
                    if pd.isna(w)
                    else _("Wave {w} · {start}").format(
                        w=int(w), start=fmt_date(rm["start"].iloc[0])),
                )
            )
    return facts


def _line_backlog(ctx: ReportContext, line: str) -> str:
    """The line's first five backlog items (empty without a backlog)."""
    t = ctx.t
    if ctx.backlog is None or not len(ctx.backlog):
        return ""
    b = ctx.backlog[ctx.backlog["business_line"] == line].sort_values("rank").head(5)
    if not len(b):
        return ""
    return f"<h4>{esc(t('backlog'))}</h4>" + table(
        b,
        [
            ("rank", t("rank"), fmt_int),
            ("practice", t("practice"), None),
            ("name", t("name"), None),
            ("characterization", t("characterization"), None),
            ("priority", t("priority"), fmt_num),
            ("reason", t("reason"), None),
        ],
        ctx=ctx,
    )


def _line_flags(ctx: ReportContext, line: str) -> str:
    """The reliability flags of the line's process areas in the latest wave."""
    if ctx.reliability is None or not len(ctx.reliability):
        return ""
    r = ctx.reliability[
        (ctx.reliability["business_line"] == line)
        & (ctx.reliability["wave"].astype(str) == ctx.latest)
        & (ctx.reliability["flag"] != "")
    ]
    if not len(r):
        return ""
    return (
        f'<p class="note">{esc(ctx.t("reliability"))}: '
        + "; ".join(
            f"{esc(a)} ({esc(translate_reason(f))})"
            for a, f in zip(r["process_area"], r["flag"], strict=True)
        )
        + esc(_("."))
        + "</p>"
    )


def capability(ctx: ReportContext, svgs: dict[str, str]) -> str:
    cap = (
        _("Cells read current/target capability level; a framed cell is below its target; "
          "grey = not rated.")
        if ctx.gaps is not None
        else _("Capability level per process area (no target profile provided).")
    )
    if not ctx.summarised:
        return (
            f'<section id="capability"><h2>{esc(ctx.t("capability"))}</h2>'
            + figure(svgs, "capability_heatmap", cap, width="182mm")
            + "</section>"
        )
    n = len(ctx.summary)
    dist = (
        _("Lines at each capability level per process area, all {n} lines; red: lines below "
          "their target.")
        if ctx.gaps is not None
        else _("Lines at each capability level per process area, all {n} lines.")
    ).format(n=f"{n:,}")
    return (
        f'<section id="capability"><h2>{esc(ctx.t("capability"))}</h2>'
        + figure(svgs, "capability_distribution", dist, width="170mm")
        + shown_note(
            _("Heat map: the {ext} lines with the highest maturity index (above the black "
              "line) and the {ext} with the lowest, of {n}").format(ext=EXTREMES, n=f"{n:,}"),
            "capability",
        )
        + figure(svgs, "capability_heatmap", cap, width="182mm")
        + "</section>"
    )



def _scope_facts(ctx: ReportContext, line: str) -> list[tuple[str, str]]:
    """The process areas out of scope beside a line's level (all answers "not applicable", or a
    scope decision), and the note when no level could be rated: a level is never reached on
    out-of-scope areas alone (SCAMPI scoping; :mod:`maturity.scoring.scope`)."""
    mat = ctx.scores.maturity
    if "out_of_scope_areas" not in mat.columns:
        return []
    row = mat[(mat["wave"].astype(str) == ctx.latest) & (mat["business_line"].astype(str) == line)]
    if not len(row):
        return []
    areas = str(row["out_of_scope_areas"].iloc[0] or "").strip()
    note = str(row["scope_note"].iloc[0] or "").strip() if "scope_note" in row else ""
    out = []
    if areas and areas != "nan":
        out.append((_("Out of scope (process area, level)"), areas))
    if note and note != "nan":
        out.append((_("Scope note"), _(note)))
    return out


