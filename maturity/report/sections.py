"""The sections of the HTML report, one function each: ``(ctx[, svgs]) -> HTML string``.

Section ids are :data:`maturity.report.html.SECTION_IDS`; business-line pages are
``line-<id>`` inside ``lines`` (:func:`maturity.report.markup.slug`: unique per id). Every
sentence goes through :func:`maturity.i18n._` (the caller sets the language, see
:func:`maturity.report.html.render_html`); codes and generated reasons in the frames are
translated at display time (:mod:`maturity.report.translate`).

A summarised report (``ctx.summarised``, more than
:data:`~maturity.report.context.LINE_LIMIT` lines) shows in each section what the context
selected (``ctx.chart_lines``, ``ctx.page_lines``, at most
:data:`~maturity.report.context.TABLE_ROWS` rows per table) with a note naming the workbook
sheet that holds every row (:func:`maturity.report.markup.shown_note`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from maturity.i18n import N_, _
from maturity.report.context import (
    EXTREMES,
    LINE_LIMIT,
    PAGE_LINES,
    TABLE_ROWS,
    ReportContext,
)
from maturity.report.html import SECTION_IDS
from maturity.report.markup import (
    Col,
    esc,
    figure,
    fmt_date,
    fmt_int,
    fmt_num,
    fmt_p,
    fmt_signed,
    missing,
    shown_note,
    slug,
    table,
    workbook,
)
from maturity.report.translate import translate_code, translate_reason
from maturity.waves import wave_sort_key

#: Names listed in one finding of the executive summary (the rest are counted).
NAMES = 10

__all__ = [
    "cover",
    "summary",
    "line_pages",
    "capability",
    "gaps",
    "swot",
    "roadmap",
    "trends",
    "quality",
    "rollout_status",
]


def cover(ctx: ReportContext) -> str:
    m = ctx.model
    model_name = (m.name_zh or m.name) if ctx.language == "zh" else m.name
    n_resp = int(ctx.summary["n_respondents"].sum()) if len(ctx.summary) else 0
    rows = [
        (ctx.t("client"), ctx.client or "–"),
        (ctx.t("period"), ctx.period or "–"),
        (ctx.t("date"), ctx.date or "–"),
        (ctx.t("model"), f"{model_name} ({m.id})" if model_name != m.id else m.id),
        (ctx.t("waves"), ", ".join(ctx.waves)),
        (ctx.t("latest_wave"), ctx.latest),
        (ctx.t("lines"), str(len(ctx.summary))),
        (ctx.t("respondents"), f"{n_resp} ({ctx.latest})"),
    ]
    meta = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in rows)
    nav = "".join(f'<li><a href="#{s}">{esc(ctx.t(s))}</a></li>' for s in SECTION_IDS)
    return (
        f'<header class="cover"><h1>{esc(ctx.title)}</h1>'
        f'<table class="meta">{meta}</table>{_summarised(ctx)}</header>'
        f'<nav id="contents"><h3>{esc(ctx.t("contents"))}</h3><ol>{nav}</ol></nav>'
    )


def _summarised(ctx: ReportContext) -> str:
    """The cover's statement of what a summarised report leaves to the workbook."""
    if not ctx.summarised:
        return ""
    return '<p class="caveat">' + esc(summarised_text(ctx)) + "</p>"


def summarised_text(ctx: ReportContext) -> str:
    """The sentence saying how a summarised report is summarised (also in the DOCX)."""
    return _(
        "This report covers {n} business lines, more than the {limit} it shows in full, so it "
        "is summarised to stay readable: charts draw the {ext} lines with the highest and the "
        "{ext} with the lowest maturity index next to a distribution of all lines; line pages "
        "are given for the {pages} lines furthest below their target, as tables; tables with a "
        "row per line show at most {rows} rows and say which. The workbook maturity_report.xlsx "
        "holds every line and every row (sheets summary, capability, process_areas, gaps, "
        "line_gaps, backlog, trends, rankings, swot, roadmap)."
    ).format(n=f"{len(ctx.summary):,}", limit=LINE_LIMIT, ext=EXTREMES, pages=PAGE_LINES,
             rows=TABLE_ROWS)


def _names(items: list[str], total: int, sheet: str) -> str:
    """``a, b, c`` or ``a, b, … and 840 more (sheet 'x' of maturity_report.xlsx)``."""
    text = ", ".join(items[:NAMES])
    if total > NAMES:
        text += _(", … and {n} more ({where})").format(
            n=f"{total - NAMES:,}", where=esc(workbook(sheet)))
    return text


def _ml(v: object) -> str:
    return f"ML{int(v)}"  # type: ignore[call-overload]


def _findings(ctx: ReportContext) -> list[str]:
    t, s = ctx.t, ctx.summary
    out = []
    if len(s):
        counts = s["maturity_level"].value_counts().sort_index()
        out.append(
            f"{esc(t('ml_counts'))}: " + ", ".join(f"{_ml(k)}: {int(v)}" for k, v in counts.items())
        )
        hi = s.sort_values(["maturity_index", "business_line"], ascending=[False, True]).iloc[0]
        lo = s.sort_values(["maturity_index", "business_line"]).iloc[0]

        def who(r: pd.Series) -> str:
            return f"{esc(r['name'])} ({fmt_num(r['maturity_index'])}, {_ml(r['maturity_level'])})"

        out.append(f"{esc(t('highest'))}: {who(hi)}; {esc(t('lowest'))}: {who(lo)}" + _("."))
    if s["target_maturity_level"].notna().any():
        has = s[s["target_maturity_level"].notna()]
        ok = has[has["maturity_level"] >= has["target_maturity_level"]]
        below = has[has["maturity_level"] < has["target_maturity_level"]]
        names = _names(
            [
                f"{esc(r['name'])} ({_ml(r['maturity_level'])} → {_ml(r['target_maturity_level'])})"
                for _i, r in below.head(NAMES).iterrows()
            ],
            len(below),
            "summary",
        )
        out.append(
            f"{len(ok)} / {len(has)} {esc(t('at_target'))}; "
            f"{esc(t('below_target'))}: {names or '–'}" + _(".")
        )
    if ctx.changes is not None and len(ctx.changes) and ctx.previous is not None:
        out.append(_change_finding(ctx))
    if ctx.reliability is not None and len(ctx.reliability):
        r = ctx.reliability[ctx.reliability["wave"].astype(str) == ctx.latest]
        n_flag = int((r["flag"] != "").sum())
        out.append(f"{esc(t('flagged'))} ({esc(ctx.latest)}): {n_flag} / {len(r)}" + _("."))
    if ctx.rejected is not None:
        out.append(f"{esc(t('n_rejected'))}: {len(ctx.rejected)}" + _("."))
    return out


def _pair_changes(ctx: ReportContext) -> pd.DataFrame:
    """The rows of ``changes`` for the pair the report leads with (baseline or previous wave
    -> latest)."""
    c = ctx.changes
    return c[(c["wave_to"].astype(str) == ctx.latest)
             & (c["wave_from"].astype(str) == str(ctx.previous))]


def _change_finding(ctx: ReportContext) -> str:
    """Key finding on the changes: lines judged significant (Holm, reachable p and interval
    agreeing), each with its labelled figures."""
    c = _pair_changes(ctx)
    sig_col = c["significant"].astype(bool) if "significant" in c.columns else c["p_value"] < 0.05
    testable = c[(c["test"] != "") & (c["min_p"] < 0.05)] if "min_p" in c.columns else c
    sig = c[sig_col]
    tested = np.where(sig["test"] == "wilcoxon", sig.get("stayers_delta", sig["score_delta"]),
                      sig["score_delta"])
    sig = sig.assign(_tested=tested)
    if len(sig) > NAMES:  # the largest changes first
        sig = sig.reindex(sig["_tested"].abs().sort_values(ascending=False).index)

    def who(r: pd.Series) -> str:
        whose = _("stayers") if r["test"] == "wilcoxon" else _("all respondents")
        interval = ""
        if "ci_low" in r and pd.notna(r["ci_low"]):
            interval = f" [{fmt_signed(r['ci_low'])}, {fmt_signed(r['ci_high'])}]"
        everyone = ""
        if r["test"] == "wilcoxon" and r.get("n_leavers", 0) + r.get("n_newcomers", 0) > 0:
            everyone = f", {esc(_('all respondents'))} {fmt_signed(r['score_delta'])}"
        return (f"{esc(ctx.line_name(r['business_line']))} ("
                + esc(_("maturity index change")) + f" {fmt_signed(r['delta'])}{interval}; "
                + esc(_("mean answer change")) + f", {esc(whose)} {fmt_signed(r['_tested'])}"
                + f"{everyone})")

    names = _names([who(r) for _i, r in sig.head(NAMES).iterrows()], len(sig), "trends")
    pair = f"{esc(ctx.previous)} → {esc(ctx.latest)}"
    return (
        f"{esc(_('Significant changes'))} ({pair}): {len(sig)} / {len(testable)} "
        + esc(_("testable lines (Holm-adjusted test and interval agreeing)"))
        + (f" — {names}" if names else "")
        + ". " + esc(_("Small samples: read as indicative (see Trends)."))
    )


def summary(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    items = "".join(f"<li>{x}</li>" for x in _findings(ctx))
    cols: list[Col] = [
        ("name", t("business_line"), None),
        ("maturity_level", t("maturity_level"), fmt_int),
        ("maturity_index", t("maturity_index"), fmt_num),
        ("previous_index", f"{t('previous_index')} ({ctx.previous or '–'})", fmt_num),
        ("change", t("change"), fmt_signed),
        ("target_maturity_level", t("target_ml"), fmt_int),
        ("level_gap", t("level_gap"), fmt_int),
        ("n_respondents", t("respondents"), fmt_int),
    ]

    def cls(r: pd.Series) -> str:
        tg = r["target_maturity_level"]
        if tg is pd.NA or pd.isna(tg):
            return ""
        return "below" if r["maturity_level"] < tg else "ok"

    if not ctx.summarised:
        return (
            f'<section id="summary"><h2>{esc(t("summary"))}</h2>'
            f"<h3>{esc(t('key_findings'))}</h3><ul>{items}</ul>"
            + table(ctx.summary, cols, ctx=ctx, row_class=cls)
            + figure(
                svgs,
                "maturity_index",
                _("Bars: maturity index of the latest wave (colour = maturity level); "
                  "black tick: target maturity level."),
                width="170mm",
            )
            + "</section>"
        )
    n = len(ctx.summary)
    ends = ctx.summary.set_index("business_line", drop=False).loc[ctx.chart_lines]
    return (
        f'<section id="summary"><h2>{esc(t("summary"))}</h2>'
        f"<h3>{esc(t('key_findings'))}</h3><ul>{items}</ul>"
        + figure(
            svgs,
            "maturity_distribution",
            _("Maturity index of all {n} lines: lines per 0.1 of the index, coloured by "
              "maturity level.").format(n=f"{n:,}"),
            width="170mm",
        )
        + shown_note(
            _("The {ext} lines with the highest and the {ext} with the lowest maturity index "
              "of {n}, highest first").format(ext=EXTREMES, n=f"{n:,}"),
            "summary",
        )
        + table(
            ends,
            cols,
            ctx=ctx,
            row_class=cls,
            split=EXTREMES,
            split_note=_("{n} lines between").format(n=f"{n - len(ends):,}"),
        )
        + figure(
            svgs,
            "maturity_index",
            _("Bars: maturity index of the {ext} highest and {ext} lowest lines "
              "(colour = maturity level); black tick: target maturity level.").format(
                ext=EXTREMES),
            width="170mm",
        )
        + "</section>"
    )


def line_pages(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    parts = [f'<section id="lines"><h2>{esc(t("lines"))}</h2>']
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

    def below(r: pd.Series) -> str:
        g = r["gap"]
        return "below" if g is not pd.NA and not pd.isna(g) and g > 0 else ""

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
        line = str(s["business_line"])
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
        fhtml = "".join(f'<div class="fact">{esc(k)}<b>{esc(v)}</b></div>' for k, v in facts)
        pa = ctx.pa_latest[ctx.pa_latest["business_line"] == line]
        shown = ctx.line_name(line)
        sub = f"{line}, {ctx.latest}" if shown != line else ctx.latest
        parts.append(
            f'<article class="line-page" id="line-{slug(line)}" data-line="{esc(line)}">'
            f'<h3>{esc(shown)} <span class="note">({esc(sub)})</span></h3>'
        )
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
        parts.append(table(pa, pa_cols, ctx=ctx, row_class=below))
        if ctx.backlog is not None and len(ctx.backlog):
            b = ctx.backlog[ctx.backlog["business_line"] == line].sort_values("rank").head(5)
            if len(b):
                parts.append(f"<h4>{esc(t('backlog'))}</h4>")
                parts.append(
                    table(
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
                )
        if ctx.reliability is not None and len(ctx.reliability):
            r = ctx.reliability[
                (ctx.reliability["business_line"] == line)
                & (ctx.reliability["wave"].astype(str) == ctx.latest)
                & (ctx.reliability["flag"] != "")
            ]
            if len(r):
                parts.append(
                    f'<p class="note">{esc(t("reliability"))}: '
                    + "; ".join(
                        f"{esc(a)} ({esc(translate_reason(f))})"
                        for a, f in zip(r["process_area"], r["flag"], strict=True)
                    )
                    + esc(_("."))
                    + "</p>"
                )
        parts.append("</article>")
    parts.append("</section>")
    return "".join(parts)


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


def gaps(ctx: ReportContext) -> str:
    t = ctx.t
    head = f'<section id="gaps"><h2>{esc(t("gaps"))}</h2>'
    if ctx.line_gaps is None:
        return head + missing(ctx, _("target profile (--target)")) + "</section>"
    lg = ctx.line_gaps[ctx.line_gaps["wave"].astype(str) == ctx.latest].copy()
    lg["name"] = lg["business_line"].map(ctx.line_name)
    body = ""
    if ctx.summarised:
        body = _gap_counts(ctx, lg)
        lg = lg.sort_values(
            ["level_gap", "total_gap", "business_line"],
            ascending=[False, False, True],
            kind="mergesort",
        ).head(TABLE_ROWS)
        body += shown_note(
            _("The {n} lines with the largest gaps (level gap, then total gap)").format(
                n=len(lg)), "line_gaps"
        )
    body += table(
        lg,
        [
            ("name", t("business_line"), None),
            ("maturity_level", t("maturity_level"), fmt_int),
            ("target_maturity_level", t("target_ml"), fmt_int),
            ("level_gap", t("level_gap"), fmt_int),
            ("n_pa_gaps", t("n_pa_gaps"), fmt_int),
            ("total_gap", t("gap"), fmt_int),
            ("n_blocking_practices", t("n_blocking"), fmt_int),
            ("effort", t("effort"), fmt_num),
        ],
        ctx=ctx,
        row_class=lambda r: "below" if pd.notna(r["level_gap"]) and r["level_gap"] > 0 else "ok",
    )
    body += (
        '<p class="note">'
        + esc(_("Effort points: 1 per partially implemented blocking practice, 2 per practice "
                "to be built (not implemented, not yet, or unanswered)."))
        + "</p>"
    )
    if ctx.backlog is not None and len(ctx.backlog) and ctx.summarised:
        body += _shared_backlog(ctx)
    elif ctx.backlog is not None and len(ctx.backlog):
        b = ctx.backlog[ctx.backlog["rank"] <= 3].sort_values(
            ["priority", "business_line"], ascending=[False, True]
        )
        b = b.assign(line=b["business_line"].map(ctx.line_name))
        body += (
            f'<h3>{esc(t("backlog"))}</h3><p class="note">'
            + esc(_("Top 3 per business line; the full list is in the workbook."))
            + "</p>"
        )
        body += table(
            b,
            [
                ("line", t("business_line"), None),
                ("rank", t("rank"), fmt_int),
                ("process_area", t("process_area"), None),
                ("practice", t("practice"), None),
                ("characterization", t("characterization"), None),
                ("priority", t("priority"), fmt_num),
                ("reason", t("reason"), None),
            ],
            ctx=ctx,
        )
    body += _target_phases(ctx)
    return head + body + "</section>"


def _gap_counts(ctx: ReportContext, lg: pd.DataFrame) -> str:
    """Lines per maturity-level gap (a summarised report's overview of the gaps)."""
    g = lg["level_gap"].astype("Float64")
    counts = g.value_counts(dropna=False).sort_index()
    cells = "".join(
        f'<tr><td>{"–" if pd.isna(k) else int(k)}</td><td class="num">{int(v):,}</td></tr>'
        for k, v in counts.items()
    )
    return (
        f'<table style="width:auto"><thead><tr><th>{esc(ctx.t("level_gap"))}</th>'
        f'<th class="num">{esc(_("Lines"))}</th>'
        f"</tr></thead><tbody>{cells}</tbody></table>"
    )


def _shared_backlog(ctx: ReportContext) -> str:
    """The blocking practices most lines share (a summarised report's backlog)."""
    t = ctx.t
    b = ctx.backlog
    if "wave" in b.columns:
        b = b[b["wave"].astype(str) == ctx.latest]
    b = b.assign(
        business_line=b["business_line"].astype(str),
        practice=b["practice"].astype(str),
        top3=b["rank"] <= 3,
    )
    grp = b.groupby("practice", sort=True, observed=True)
    shared = pd.DataFrame(
        {
            "process_area": grp["process_area"].first().astype(str),
            "name": grp["name"].first() if "name" in b.columns else "",
            "lines": grp["business_line"].nunique(),
            "top3": grp["top3"].sum(),
            "priority": grp["priority"].mean(),
        }
    ).reset_index()
    shared = shared.sort_values(
        ["lines", "priority", "practice"], ascending=[False, False, True], kind="mergesort"
    ).head(TABLE_ROWS // 2)
    n = b["business_line"].nunique()
    return (
        f'<h3>{esc(t("backlog"))}</h3><p class="note">'
        + _("The {k} blocking practices shared by the most of the {n} lines with a backlog; "
            "each line's own top 5 is on its page, and every line's full backlog is in "
            "{where}.").format(k=len(shared), n=f"{n:,}", where=esc(workbook("backlog")))
        + "</p>"
        + table(
            shared,
            [
                ("practice", t("practice"), None),
                ("process_area", t("process_area"), None),
                ("name", t("name"), None),
                ("lines", t("lines"), fmt_int),
                ("top3", _("top 3"), fmt_int),
                ("priority", _("{priority} (mean)").format(priority=t("priority")), fmt_num),
            ],
            ctx=ctx,
        )
    )


def swot(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    head = f'<section id="swot"><h2>{esc(t("swot"))}</h2>'
    if ctx.swot is None:
        return head + missing(ctx, _("SWOT factors (--swot)")) + "</section>"
    s = ctx.swot_summary.assign(name=ctx.swot_summary["business_line"].map(ctx.line_name))
    body = ""
    shown = None
    if ctx.summarised:
        posture = s.groupby(["ie_cell", "posture"], sort=True, observed=True).size()
        body += table(
            posture.rename("lines").reset_index(),
            [
                ("ie_cell", t("ie_cell"), None),
                ("posture", t("posture"), None),
                ("lines", t("lines"), fmt_int),
            ],
            ctx=ctx,
        )
        shown = set(ctx.page_lines)
        s = s[s["business_line"].astype(str).isin(shown)]
        body += shown_note(
            _("IFE, EFE and factors of the {n} lines with a page").format(n=len(s)),
            "swot_summary",
        )
    body += table(
        s,
        [
            ("name", t("business_line"), None),
            ("ife", t("ife"), fmt_num),
            ("efe", t("efe"), fmt_num),
            ("ie_cell", t("ie_cell"), None),
            ("posture", t("posture"), None),
        ],
        ctx=ctx,
    )
    body += figure(
        svgs,
        "ie_matrix",
        _("Internal-External matrix: IFE (internal factors) against EFE (external factors)."),
        width="110mm",
    )
    sw = ctx.swot
    if shown is not None:
        sw = sw[sw["business_line"].astype(str).isin(shown)]
    for line, g in sw.groupby("business_line", sort=True, observed=True):
        body += f"<h4>{esc(ctx.line_name(str(line)))}</h4>"
        body += table(
            g.sort_values(["quadrant", "weight"], ascending=[True, False], kind="stable"),
            [
                ("quadrant", t("quadrant"), None),
                ("factor", t("factor"), None),
                ("weight", t("weight"), fmt_num),
                ("rating", t("rating"), fmt_int),
            ],
            ctx=ctx,
        )
    return head + body + "</section>"


def roadmap(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    head = f'<section id="roadmap"><h2>{esc(t("roadmap"))}</h2>'
    if ctx.roadmap is None:
        return (
            head
            + missing(ctx, _("business-line attributes (--lines) and targets (--target)"))
            + "</section>"
        )
    r = ctx.roadmap.assign(name=ctx.roadmap["business_line"].map(ctx.line_name))
    if "reason" in r.columns:  # champion line ids in the reason -> display names
        r = r.assign(reason=[
            re.sub(r"(with champions from )(.+)(\.)$",
                   lambda m: m.group(1) + ", ".join(ctx.line_name(c.strip())
                                                    for c in m.group(2).split(",")) + m.group(3),
                   v) if isinstance(v, str) else v
            for v in r["reason"]
        ])
    if "champions" in r.columns:  # line ids -> display names
        r = r.assign(champions=[
            ", ".join(ctx.line_name(c.strip()) for c in str(v).split(";") if c.strip())
            if isinstance(v, str) else v
            for v in r["champions"]
        ])
    caption = _("Phases per business line: training, test, pilot with checkpoints, review.")
    if ctx.summarised:
        caption = _(
            "Phases of the first {n} lines to start: training, test, pilot with checkpoints, "
            "review (every line's phases: sheets phases and gantt of maturity_report.xlsx)."
        ).format(n=2 * EXTREMES)
    body = figure(svgs, "roadmap", caption, width="182mm")
    if ctx.summarised:
        body += _waves(ctx)
        r = r.assign(_start=pd.to_datetime(r["start"], errors="coerce"))
        r = r.sort_values(["wave", "_start", "business_line"], kind="mergesort").head(TABLE_ROWS)
        body += shown_note(_("The first {n} lines in rollout order").format(n=len(r)), "roadmap")
    body += table(
        r,
        [
            ("name", t("business_line"), None),
            ("wave", t("wave"), fmt_int),
            ("start", t("start"), fmt_date),
            ("end", t("end"), fmt_date),
            ("priority", t("priority"), fmt_num),
            ("quadrant", t("quadrant"), None),
            ("champions", t("champions"), None),
            ("reason", t("reason"), None),
        ],
        ctx=ctx,
    )
    return head + body + "</section>"


def _waves(ctx: ReportContext) -> str:
    """Lines, start and end per rollout wave (a summarised report's roadmap overview)."""
    t = ctx.t
    r = ctx.roadmap.assign(
        start=pd.to_datetime(ctx.roadmap["start"], errors="coerce"),
        end=pd.to_datetime(ctx.roadmap["end"], errors="coerce"),
        wave=ctx.roadmap["wave"].astype("Float64"),
    )
    grp = r.groupby("wave", dropna=False, sort=True)
    w = pd.DataFrame(
        {"lines": grp.size(), "start": grp["start"].min(), "end": grp["end"].max()}
    ).reset_index()
    return table(
        w,
        [
            ("wave", t("wave"), fmt_int),
            ("lines", t("lines"), fmt_int),
            ("start", t("start"), fmt_date),
            ("end", t("end"), fmt_date),
        ],
        ctx=ctx,
    )


def trends(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    head = f'<section id="trends"><h2>{esc(t("trends"))}</h2>'
    if ctx.changes is None or len(ctx.waves) < 2:
        return head + missing(ctx, _("answers of at least two waves")) + "</section>"

    def interval(lo: pd.Series, hi: pd.Series) -> list[str]:
        return [f"[{fmt_signed(a)}, {fmt_signed(b)}]" if pd.notna(a) else "–"
                for a, b in zip(lo, hi, strict=True)]

    ch = ctx.changes
    compared = ", ".join(dict.fromkeys(
        f"{a} → {b}" + (f" ({_(k)})" if k else "") for a, b, k in zip(
            ch["wave_from"].astype(str), ch["wave_to"].astype(str),
            ch.get("comparison", pd.Series("", index=ch.index)).astype(str), strict=True)))
    head += f"<p>{esc(_('Compared'))}: {esc(compared)}.</p>"
    c = ch.assign(
        name=ch["business_line"].map(ctx.line_name),
        interval=interval(ch.get("ci_low", pd.Series(np.nan, index=ch.index)),
                          ch.get("ci_high", pd.Series(np.nan, index=ch.index))),
        score_interval=interval(ch.get("score_ci_low", ch.get("ci_low")),
                                ch.get("score_ci_high", ch.get("ci_high"))),
        pair=ch["wave_from"].astype(str) + " → " + ch["wave_to"].astype(str),
        significant_text=[_("yes") if bool(v) else "" for v in
                          ch.get("significant", pd.Series(False, index=ch.index))],
    )
    if ctx.summarised:
        body = figure(
            svgs,
            "index_spread",
            _("Maturity index of all {n} lines per wave: box = middle half of the lines, "
              "whiskers = 1.5 times its width, dots = lines beyond; the line joins the "
              "medians. Under each wave: lines whose change into it is significant "
              "(Holm-adjusted test and interval agreeing).").format(n=f"{len(ctx.summary):,}"),
            width="170mm",
        )
    else:
        body = figure(
            svgs,
            "index_trend",
            _("Maturity index per wave, waves placed by their dates; * marks a significant "
              "change (Holm-adjusted test and interval agreeing)."),
            width="170mm",
        )
    body += '<p class="caveat">' + esc(trends_caveat(ctx)) + "</p>"
    split = None
    split_note = ""
    if ctx.summarised:
        c = c[(c["wave_to"].astype(str) == ctx.latest)
              & (c["wave_from"].astype(str) == str(ctx.previous))]
        order = c.sort_values(
            ["score_delta", "business_line"], ascending=[False, True], kind="mergesort"
        )
        ends = order.head(EXTREMES)
        low = order.iloc[len(ends) :].tail(EXTREMES)
        split = len(ends)
        split_note = _("{n} lines between").format(n=f"{len(c) - len(ends) - len(low):,}")
        c = pd.concat([ends, low])
        body += shown_note(
            _("{a} → {b}: the {up} largest rises and {down} largest falls of the score, of "
              "{n} lines").format(a=ctx.previous, b=ctx.latest, up=len(ends), down=len(low),
                                  n=f"{len(order):,}"),
            "trends",
        )
    else:
        c = c.sort_values(["wave_to", "business_line"], key=wave_sort_key(ctx.waves))
    n_col = "n_test" if "n_test" in c.columns else "n_paired"
    p_col = "p_adjusted" if "p_adjusted" in c.columns else "p_value"
    body += table(
        c,
        [
            ("name", t("business_line"), None),
            ("pair", t("waves"), None),
            ("index_from", _("index from"), fmt_num),
            ("index_to", _("index to"), fmt_num),
            ("delta", _("maturity index change"), fmt_signed),
            ("interval", t("interval"), lambda v: esc(v)),
            ("score_delta", _("mean answer change (all)"), fmt_signed),
            ("score_interval", t("interval"), lambda v: esc(v)),
            *([("stayers_delta", _("stayers"), fmt_signed)] if "stayers_delta" in c.columns
              else []),
            ("test", t("test"), None),
            (p_col, _("p (Holm)") if p_col == "p_adjusted" else t("p_value"),
             lambda v: esc(fmt_p(v))),
            ("significant_text", _("significant"), None),
            ("effect_size", t("effect_size"), fmt_num),
            (n_col, t("n"), fmt_int),
            ("caveat", t("caveat"), None),
        ],
        ctx=ctx,
        split=split,
        split_note=split_note,
    )
    if ctx.company is not None and len(ctx.company):
        comp = ctx.company.assign(
            pair=ctx.company["wave_from"].astype(str) + " → " + ctx.company["wave_to"].astype(str),
            interval=interval(ctx.company["ci_low"], ctx.company["ci_high"]),
            unit=ctx.company["unit"].where(ctx.company["level"].ne("company"), _("whole company")),
        )
        body += f"<h3>{esc(_('Groups and the company'))}</h3><p>" + esc(_(
            "Mean maturity index of the lines scored in both waves, its change and a bootstrap "
            "interval over respondents; levels are counted, not averaged.")) + "</p>"
        body += table(
            comp,
            [
                ("unit", _("unit"), None),
                ("pair", t("waves"), None),
                ("n_lines", t("lines"), fmt_int),
                ("index_from", _("index from"), fmt_num),
                ("index_to", _("index to"), fmt_num),
                ("delta", _("maturity index change"), fmt_signed),
                ("interval", t("interval"), lambda v: esc(v)),
                ("levels_to", _("levels"), None),
                ("note", t("caveat"), None),
            ],
            ctx=ctx,
        )
    if ctx.rankings is not None and len(ctx.rankings):
        rk = ctx.rankings.pivot(index="business_line", columns="wave", values="rank")
        rk = (
            rk.reset_index()
            .assign(name=lambda d: d["business_line"].map(ctx.line_name))
            .sort_values(ctx.latest)
        )
        split = None
        body += f"<h3>{esc(t('rankings'))}</h3>"
        if ctx.summarised:
            top, bottom = rk.head(EXTREMES), rk.iloc[EXTREMES:].tail(EXTREMES)
            split = len(top)
            rk_note = _("{n} lines between").format(n=f"{len(rk) - len(top) - len(bottom):,}")
            body += shown_note(
                _("The {top} first and {bottom} last ranks of {n} lines in {wave}").format(
                    top=len(top), bottom=len(bottom), n=f"{len(rk):,}", wave=ctx.latest),
                "rankings",
            )
            rk = pd.concat([top, bottom])
        body += table(
            rk,
            [("name", t("business_line"), None)]
            + [(w, w, fmt_int) for w in ctx.waves if w in rk.columns],
            ctx=ctx,
            split=split,
            split_note=rk_note if split is not None else "",
        )
    if ctx.line_comparison is not None and len(ctx.line_comparison):
        om = ctx.line_comparison[ctx.line_comparison["comparison"] == "omnibus"]
        body += (
            f"<h3>{esc(t('line_comparison'))}</h3><p>"
            + esc(_("Kruskal-Wallis test across lines per wave (pairs: Dunn with Holm "
                    "correction, in the workbook)."))
            + "</p>"
        )
        body += table(
            om,
            [
                ("wave", t("wave"), None),
                ("statistic", "H", fmt_num),
                ("p_value", t("p_value"), lambda v: esc(fmt_p(v))),
                ("effect_size", "ε²", fmt_num),
                ("n_a", t("respondents"), fmt_int),
                ("n_b", t("lines"), fmt_int),
            ],
            ctx=ctx,
        )
    return head + body + "</section>"


def _target_phases(ctx: ReportContext) -> str:
    """Progress toward target answers per phase and line (OWASP SAMM relative scoring: gap =
    max(0, target - current) per activity; percent to target = 1 - gap / target total; progress
    to date = (current - baseline) / (target - baseline); :mod:`maturity.plan.targets_answers`)."""
    ph = ctx.target_phases
    if ph is None or not len(ph):
        return ""
    t = ctx.t
    ph = ph[ph["wave"].astype(str) == ctx.latest].assign(
        name=lambda d: d["business_line"].map(ctx.line_name))
    if not len(ph):
        return ""
    return (f"<h3>{esc(_('Target answers by phase'))}</h3>"
            + table(ph, [
                ("phase", _("phase"), None),
                ("end", _("end of phase"), None),
                ("name", t("business_line"), None),
                ("target_total", _("target total"), fmt_num),
                ("current_total", _("current total"), fmt_num),
                ("absolute_gap", _("absolute gap"), fmt_num),
                ("percent_to_target", _("percent to target"),
                 lambda v: "–" if pd.isna(v) else f"{100 * float(v):.1f}%"),
                ("progress_to_date", _("progress to date"),
                 lambda v: "–" if pd.isna(v) else f"{100 * float(v):.1f}%"),
            ], ctx=ctx))


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


def trends_caveat(ctx: ReportContext) -> str:
    """How to read the changes between waves (the trends section's caveat)."""
    ch = ctx.changes
    n_lines = ch["business_line"].nunique() if ch is not None else len(ctx.summary)
    return _(
        "Two figures per line: the maturity index change (index_to - index_from, with a "
        "bootstrap interval over respondents) and the mean answer change (answer scale) of "
        "all respondents, with Welch's interval; the test runs on the respondents who "
        "answered both waves (stayers, Wilcoxon) when they are at least half of the "
        "smaller wave, else on all respondents (Mann-Whitney), and n is that test's. "
        "'Significant' needs the Holm-adjusted p below 0.05 across the lines, a sample "
        "large enough for p < 0.05 to be possible, and the interval of the tested change "
        "excluding 0. A composition caveat means leavers and newcomers moved the line's "
        "mean. With {lines} lines and {waves} waves, some changes look significant by "
        "chance.").format(lines=n_lines, waves=len(ctx.waves))


def quality(ctx: ReportContext) -> str:
    t = ctx.t
    body = [f'<section id="quality"><h2>{esc(t("quality"))}</h2>']
    for key, frame in (("rejected", ctx.rejected), ("notes", ctx.notes)):
        body.append(f"<h3>{esc(t(key))}</h3>")
        if frame is None:
            body.append(missing(ctx, _("validation results")))
            continue
        if not len(frame):
            body.append(f"<p>{esc(t('none'))}</p>")
            continue
        f = frame.assign(message=frame["message"].astype(str))
        grp = f.groupby("message", sort=False)
        g = pd.DataFrame({"message": list(grp.groups), "count": grp.size().to_numpy()})
        first = grp.head(1).set_index("message")
        g["example"] = [
            _("{source} row {row}: {value}").format(
                source=first.at[m, "source"], row=first.at[m, "row"], value=first.at[m, "value"])
            if "source" in first.columns
            else ""
            for m in g["message"]
        ]
        g = g.sort_values(["count", "message"], ascending=[False, True])
        body.append(
            f"<p>{esc(_('{n} rows.').format(n=len(frame)))}</p>"
            + table(
                g,
                [
                    ("message", t("message"), None),
                    ("count", t("count"), fmt_int),
                    ("example", t("example"), None),
                ],
                max_rows=40,
                ctx=ctx,
            )
        )
    body.append(f"<h3>{esc(t('reliability'))}</h3>")
    if ctx.reliability is None:
        body.append(missing(ctx, _("reliability analysis")))
    else:
        rel = ctx.reliability[(ctx.reliability["wave"].astype(str) == ctx.latest)]
        flagged = rel[rel["flag"] != ""].assign(
            line=lambda d: d["business_line"].map(ctx.line_name)
        )
        body.append(
            "<p>"
            + esc(_("{wave}: {k} of {n} process-area answer sets carry a flag. Cronbach's alpha "
                    "below 0.7 = low consistency of a process area's questions; Krippendorff's "
                    "alpha below 0.667 with rwg below 0.7 = respondents disagree; fewer than 3 "
                    "respondents = few respondents.").format(
                wave=ctx.latest, k=len(flagged), n=len(rel)))
            + "</p>"
        )
        body.append(
            table(
                flagged,
                [
                    ("line", t("business_line"), None),
                    ("process_area", t("process_area"), None),
                    ("n_respondents", t("respondents"), fmt_int),
                    ("cronbach_alpha", "α (Cronbach)", fmt_num),
                    ("krippendorff_alpha", "α (Krippendorff)", fmt_num),
                    ("rwg_mean", "rwg", fmt_num),
                    ("flag", t("flag"), None),
                ],
                max_rows=40,
                ctx=ctx,
            )
        )
    if ctx.disagreement is not None and len(ctx.disagreement):
        d = ctx.disagreement[
            (ctx.disagreement["wave"].astype(str) == ctx.latest)
            & ctx.disagreement["interview"].astype(bool)
        ]
        d = d.sort_values(["rwg", "business_line", "practice"]).assign(
            line=lambda x: x["business_line"].map(ctx.line_name)
        )
        body.append(f"<h3>{esc(t('disagreement'))}</h3>")
        body.append(
            table(
                d,
                [
                    ("line", t("business_line"), None),
                    ("practice", t("practice"), None),
                    ("n_respondents", t("respondents"), fmt_int),
                    ("mean", _("mean"), fmt_num),
                    ("std", _("sd"), fmt_num),
                    ("rwg", "rwg", fmt_num),
                ],
                max_rows=30,
                ctx=ctx,
            )
        )
    body.append("</section>")
    return "".join(body)


# --------------------------------------------------------------------------------------------
# Rollout status (issue 22): the rollout log against the plan

_GATE_NAMES = {"codesign": N_("co-design"), "signoff": N_("sign-off"), "training": N_("training"),
               "training_test": N_("training test"), "pilot": N_("pilot"),
               "checkpoints": N_("checkpoints")}


def rollout_status(ctx: ReportContext) -> str:
    """The "Rollout status" section: lines' status, gates not passed, benefit, standard
    candidates (only when the report was given a rollout log)."""
    st = ctx.rollout
    if st is None:
        return ""
    tr = st.tracking
    head = f'<section id="rollout-status"><h2>{esc(_("Rollout status"))}</h2>'
    body = "<p>" + esc(_(
        "Status as of {day}: what the rollout log records against the plan. Co-design and "
        "sign-off come before the training; a training test within 7 days, passed by at least "
        "4 in 5, before the pilot; checkpoint findings keep a line in its pilot; the next "
        "rollout wave starts once every line of the previous one has shown benefit in a later "
        "survey wave.").format(day=fmt_date(tr.as_of))) + "</p>"
    lines = tr.lines.assign(name=tr.lines["business_line"].map(ctx.line_name),
                            status=[_(s) for s in tr.lines["status"]])
    body += "<h3>" + esc(_("Business lines' status")) + "</h3>" + table(lines, [
        ("name", ctx.t("business_line"), None), ("wave", ctx.t("wave"), fmt_int),
        ("status", _("Status"), None), ("reason", ctx.t("reason"), None),
        ("planned_end", _("Planned end"), fmt_date), ("end", _("Expected end"), fmt_date),
    ], ctx=ctx)
    gates = tr.gates[tr.gates["status"] != "passed"]
    gates = gates.assign(
        name=[ctx.line_name(b) if b else "" for b in gates["business_line"]],
        gate=[_(_GATE_NAMES[g]) if g in _GATE_NAMES else _("rollout wave {w}").format(
            w=str(g).rsplit(" ", 1)[-1]) for g in gates["gate"]],
        status=[_(s) for s in gates["status"]])
    body += f"<h3>{esc(_('Gates not passed'))}</h3>" + table(gates, [
        ("name", ctx.t("business_line"), None), ("gate", _("Gate"), None),
        ("status", _("Status"), None), ("date", _("Date"), fmt_date),
        ("reason", ctx.t("reason"), None)], max_rows=TABLE_ROWS, ctx=ctx)
    body += shown_note(_("Gates not passed"), "gates") if len(gates) > TABLE_ROWS else ""
    if st.benefit is not None and len(st.benefit):
        b = st.benefit.assign(name=st.benefit["business_line"].map(ctx.line_name),
                              shown=[_("yes") if v else _("no") for v in st.benefit["shown"]])
        body += f"<h3>{esc(_('Benefit shown'))}</h3>" + table(b, [
            ("name", ctx.t("business_line"), None), ("survey_wave", _("Survey wave"), None),
            ("shown", _("Benefit shown"), None), ("reason", ctx.t("reason"), None)], ctx=ctx)
    for note in st.notes:
        body += f'<p class="note">{esc(note)}</p>'
    std = st.standard
    n_std = int((std["candidate"] == "standard").sum()) if len(std) else 0
    body += f"<h3>{esc(_('Standard candidates'))}</h3><p>" + esc(_(
        "{n} practices are in place in every reviewed line: candidates for the organisation's "
        "standard process set; {m} are in place in some of them only: tailoring "
        "candidates.").format(n=n_std, m=len(std) - n_std)) + "</p>"
    if len(std):
        tail = std[std["candidate"] == "tailoring"]
        body += table(tail.assign(candidate=[_(c) for c in tail["candidate"]]), [
            ("process_area", ctx.t("process_area"), None), ("practice", ctx.t("practice"), None),
            ("candidate", _("Candidate"), None), ("n_lines", _("Lines"), fmt_int),
            ("lines", _("Lines in place"), None)], max_rows=TABLE_ROWS, ctx=ctx)
        body += shown_note(_("Tailoring candidates"), "standard")
    return head + body + "</section>"
