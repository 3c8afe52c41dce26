"""The report's opening: the cover with its contents, and the executive summary.

Section ids (stable, for links and tests) are :data:`SECTION_IDS`; the cover's contents list
them. :func:`findings` are the summary's sentences (the read-out deck repeats them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from maturity.i18n import _
from maturity.report.context import (
    EXTREMES,
    LINE_LIMIT,
    PAGE_LINES,
    TABLE_ROWS,
    ReportContext,
)
from maturity.report.markup import (
    Col,
    esc,
    figure,
    fmt_int,
    fmt_num,
    fmt_signed,
    shown_note,
    table,
    workbook,
)

__all__ = ["SECTION_IDS", "NAMES", "cover", "summary", "summarised_text", "findings"]


#: The report's sections in page order (ids of the HTML, links of the contents).
SECTION_IDS = [
    "summary",
    "method",
    "lines",
    "capability",
    "gaps",
    "swot",
    "roadmap",
    "trends",
    "quality",
]

#: Names listed in one finding of the executive summary (the rest are counted).
NAMES = 10


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


def findings(ctx: ReportContext) -> list[str]:
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
    items = "".join(f"<li>{x}</li>" for x in findings(ctx))
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


