"""The report's comparisons over waves and its data-quality annex.

Trends: maturity index and mean-answer changes with intervals and Holm-adjusted tests, the
groups and the company, rankings, the Kruskal-Wallis comparison of lines. Quality: rejected rows
and notes grouped by message, reliability flags and practices to interview on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from maturity.i18n import _
from maturity.report.context import (
    EXTREMES,
    ReportContext,
)
from maturity.report.markup import (
    esc,
    figure,
    fmt_int,
    fmt_num,
    fmt_p,
    fmt_signed,
    missing,
    shown_note,
    table,
)
from maturity.waves import wave_sort_key

__all__ = ["trends", "trends_caveat", "quality"]


def _interval(lo: pd.Series, hi: pd.Series) -> list[str]:
    return [f"[{fmt_signed(a)}, {fmt_signed(b)}]" if pd.notna(a) else "–"
            for a, b in zip(lo, hi, strict=True)]


def trends(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    head = f'<section id="trends"><h2>{esc(t("trends"))}</h2>'
    if ctx.changes is None or len(ctx.waves) < 2:
        return head + missing(ctx, _("answers of at least two waves")) + "</section>"
    ch = ctx.changes
    compared = ", ".join(dict.fromkeys(
        f"{a} → {b}" + (f" ({_(k)})" if k else "") for a, b, k in zip(
            ch["wave_from"].astype(str), ch["wave_to"].astype(str),
            ch.get("comparison", pd.Series("", index=ch.index)).astype(str), strict=True)))
    head += f"<p>{esc(_('Compared'))}: {esc(compared)}.</p>"
    body = _trend_figure(ctx, svgs) + '<p class="caveat">' + esc(trends_caveat(ctx)) + "</p>"
    body += _changes_table(ctx)
    body += _company_table(ctx) + _rankings_table(ctx) + _line_comparison_table(ctx)
    return head + body + "</section>"


def _trend_figure(ctx: ReportContext, svgs: dict[str, str]) -> str:
    """The index chart: a distribution per wave when summarised, else a line per line."""
    if ctx.summarised:
        return figure(
            svgs,
            "index_spread",
            _("Maturity index of all {n} lines per wave: box = middle half of the lines, "
              "whiskers = 1.5 times its width, dots = lines beyond; the line joins the "
              "medians. Under each wave: lines whose change into it is significant "
              "(Holm-adjusted test and interval agreeing).").format(n=f"{len(ctx.summary):,}"),
            width="170mm",
        )
    return figure(
        svgs,
        "index_trend",
        _("Maturity index per wave, waves placed by their dates; * marks a significant "
          "change (Holm-adjusted test and interval agreeing)."),
        width="170mm",
    )


def _changes_table(ctx: ReportContext) -> str:
    """The changes between waves, one row per line and wave pair (summarised: the largest rises
    and falls of the latest pair)."""
    t = ctx.t
    ch = ctx.changes
    body = ""
    c = ch.assign(
        name=ch["business_line"].map(ctx.line_name),
        interval=_interval(ch.get("ci_low", pd.Series(np.nan, index=ch.index)),
                           ch.get("ci_high", pd.Series(np.nan, index=ch.index))),
        score_interval=_interval(ch.get("score_ci_low", ch.get("ci_low")),
                                 ch.get("score_ci_high", ch.get("ci_high"))),
        pair=ch["wave_from"].astype(str) + " → " + ch["wave_to"].astype(str),
        significant_text=[_("yes") if bool(v) else "" for v in
                          ch.get("significant", pd.Series(False, index=ch.index))],
    )
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
    return body


def _company_table(ctx: ReportContext) -> str:
    """The groups' and the company's index change (empty without them)."""
    t = ctx.t
    body = ""
    if ctx.company is not None and len(ctx.company):
        comp = ctx.company.assign(
            pair=ctx.company["wave_from"].astype(str) + " → " + ctx.company["wave_to"].astype(str),
            interval=_interval(ctx.company["ci_low"], ctx.company["ci_high"]),
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
    return body


def _rankings_table(ctx: ReportContext) -> str:
    """Each line's rank per wave (summarised: the first and last ranks)."""
    t = ctx.t
    body = ""
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
    return body


def _line_comparison_table(ctx: ReportContext) -> str:
    """The Kruskal-Wallis comparison of the lines per wave (empty without it)."""
    t = ctx.t
    body = ""
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
    return body


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
    body += _validation_tables(ctx)
    body += _reliability_tables(ctx)
    body += _disagreement_table(ctx)
    body.append("</section>")
    return "".join(body)


def _validation_tables(ctx: ReportContext) -> list[str]:
    """Rejected rows and notes, grouped by message with a count and a first example."""
    t = ctx.t
    body: list[str] = []
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
    return body


def _reliability_tables(ctx: ReportContext) -> list[str]:
    """The flagged process-area answer sets of the latest wave."""
    t = ctx.t
    body: list[str] = []
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
    return body


def _disagreement_table(ctx: ReportContext) -> list[str]:
    """Practices to interview on (respondents disagree) in the latest wave."""
    t = ctx.t
    body: list[str] = []
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
    return body

