"""The single-file HTML report: inline CSS and SVG, no URL of any kind, printable on A4.

Every text from the data (answers, comments, SWOT factors, names, titles) is escaped with
:func:`html.escape`. Charts are the SVG of :mod:`maturity.report.charts` inlined (text drawn as
paths). Chinese page text needs a CJK font in the browser and the PDF printer; when the page holds
CJK characters the Noto Sans CJK SC font of ``mplfonts`` is *subset to those characters* with
fontTools and embedded as a base64 ``data:`` URL in an ``@font-face`` rule (tens of kB, instead
of 16 MB for the whole font), so the file stays self-contained and prints the same everywhere.

Section ids (stable, for links and tests): :data:`SECTION_IDS`; business-line pages are
``line-<id>`` inside ``lines``.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import pandas as pd

from maturity.report.charts import inline_svg
from maturity.report.context import ReportContext

__all__ = ["render_html", "SECTION_IDS", "cjk_font_face"]

SECTION_IDS = ["summary", "method", "lines", "capability", "gaps", "swot", "roadmap", "trends", "quality"]

_CSS = """
@page { size: A4; margin: 15mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, "Report CJK", sans-serif;
       font-size: 10pt; line-height: 1.4; color: #1f2328; margin: 0 auto; max-width: 182mm; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 4mm 0; color: #12395b; }
h2 { font-size: 15pt; color: #12395b; border-bottom: 2px solid #12395b; padding-bottom: 1mm; margin-top: 8mm; }
h3 { font-size: 12pt; color: #12395b; margin: 5mm 0 2mm 0; }
h4 { font-size: 10.5pt; margin: 4mm 0 1.5mm 0; }
p, li { margin: 1.2mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.3pt; margin: 2mm 0 4mm 0; }
th, td { border: 1px solid #c8ced6; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #e8eef4; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.below td { background: #fdecea; }
tr.ok td { background: #eef7ee; }
figure { margin: 2mm 0 4mm 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure svg { height: auto; }
figcaption { font-size: 8pt; color: #555; }
.cover { border-left: 6px solid #12395b; padding: 4mm 0 4mm 6mm; margin-bottom: 6mm; }
.meta td:first-child { width: 38%; color: #555; }
.facts { display: flex; flex-wrap: wrap; gap: 2mm; margin: 2mm 0; }
.fact { border: 1px solid #c8ced6; border-radius: 2mm; padding: 1.5mm 3mm; min-width: 30mm; }
.fact b { display: block; font-size: 12pt; color: #12395b; }
article.line-page table { font-size: 7.8pt; }
article.line-page th, article.line-page td { padding: 0.6mm 1.4mm; }
.note { font-size: 8.5pt; color: #555; }
.caveat { background: #fff8e1; border-left: 4px solid #f0b429; padding: 2mm 3mm; font-size: 9pt; }
.missing { color: #777; font-style: italic; }
nav ol { columns: 2; font-size: 10pt; }
a { color: #12395b; }
@media print {
  body { max-width: none; padding: 0; }
  section { break-before: page; page-break-before: always; }
  article.line-page { break-before: page; page-break-before: always; }
  article.line-page:first-of-type { break-before: auto; page-break-before: auto; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  nav { break-after: page; }
}
"""


# --------------------------------------------------------------------------- small helpers
def esc(v: object) -> str:
    """Escaped text of a cell value; missing values as an en dash."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return html.escape(str(v), quote=True)


def _num(v: object, digits: int = 2) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int) or (hasattr(v, "is_integer") and float(v).is_integer() and digits == 0):
        return str(int(v))
    try:
        return f"{float(v):.{digits}f}"
    except (TypeError, ValueError):
        return esc(v)


def _date(v: object) -> str:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return "–"
    try:
        return pd.Timestamp(v).strftime("%Y-%m-%d")
    except (TypeError, ValueError):
        return esc(v)


def _signed(v: object) -> str:
    s = _num(v)
    return s if s == "–" or s.startswith("-") else "+" + s


def _p(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return "< 0.001" if float(v) < 0.001 else f"{float(v):.3f}"


def _int(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return str(int(v))


Col = tuple[str, str, Callable[[object], str] | None]  # (column, header, formatter or None = text)


def table(df: pd.DataFrame, cols: Sequence[Col], *, max_rows: int | None = None, ctx: ReportContext | None = None,
          row_class: Callable[[pd.Series], str] | None = None) -> str:
    """An HTML table of ``df`` with the given columns; numbers right-aligned."""
    if df is None or not len(df):
        return f'<p class="missing">{esc(ctx.t("none") if ctx else "None.")}</p>'
    shown = df.head(max_rows) if max_rows else df
    head = "".join(f'<th class="num">{esc(h)}</th>' if f else f"<th>{esc(h)}</th>" for _, h, f in cols)
    rows = []
    for _, r in shown.iterrows():
        cls = row_class(r) if row_class else ""
        tds = "".join(f'<td class="num">{f(r[c])}</td>' if f else f"<td>{esc(r[c])}</td>" for c, _, f in cols)
        rows.append(f'<tr class="{cls}">{tds}</tr>' if cls else f"<tr>{tds}</tr>")
    more = ""
    if max_rows and len(df) > max_rows:
        more = f'<p class="note">+ {len(df) - max_rows} {esc(ctx.t("more_rows") if ctx else "more rows")}</p>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def _figure(svgs: dict[str, str], name: str, caption: str = "", width: str | None = None) -> str:
    if name not in svgs:
        return ""
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f"<figure>{inline_svg(svgs[name], name, width=width)}{cap}</figure>"


def _missing(ctx: ReportContext, what: str) -> str:
    return f'<p class="missing">{esc(ctx.t("not_provided"))}: {esc(what)}.</p>'


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-") or "x"


# --------------------------------------------------------------------------- sections
def _cover(ctx: ReportContext) -> str:
    m = ctx.model
    model_name = (m.name_zh or m.name) if ctx.language == "zh" else m.name
    n_resp = int(ctx.summary["n_respondents"].sum()) if len(ctx.summary) else 0
    rows = [(ctx.t("client"), ctx.client or "–"), (ctx.t("period"), ctx.period or "–"),
            (ctx.t("model"), f"{model_name} ({m.id})"), (ctx.t("waves"), ", ".join(ctx.waves)),
            (ctx.t("latest_wave"), ctx.latest), (ctx.t("lines"), str(len(ctx.summary))),
            (ctx.t("respondents"), f"{n_resp} ({ctx.latest})")]
    meta = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in rows)
    nav = "".join(f'<li><a href="#{s}">{esc(ctx.t(s))}</a></li>' for s in SECTION_IDS)
    return (f'<header class="cover"><h1>{esc(ctx.title)}</h1><table class="meta">{meta}</table></header>'
            f'<nav id="contents"><h3>{esc(ctx.t("contents"))}</h3><ol>{nav}</ol></nav>')


def _findings(ctx: ReportContext) -> list[str]:
    s = ctx.summary
    out = []
    if len(s):
        counts = s["maturity_level"].value_counts().sort_index()
        out.append(f"{esc(ctx.t('ml_counts'))}: " + ", ".join(f"ML{int(k)}: {int(v)}" for k, v in counts.items()))
        hi = s.sort_values(["maturity_index", "business_line"], ascending=[False, True]).iloc[0]
        lo = s.sort_values(["maturity_index", "business_line"]).iloc[0]
        out.append(f"{esc(ctx.t('highest'))}: {esc(hi['name'])} ({_num(hi['maturity_index'])}, ML{int(hi['maturity_level'])}); "
                   f"{esc(ctx.t('lowest'))}: {esc(lo['name'])} ({_num(lo['maturity_index'])}, ML{int(lo['maturity_level'])}).")
    if s["target_maturity_level"].notna().any():
        has = s[s["target_maturity_level"].notna()]
        ok = has[has["maturity_level"] >= has["target_maturity_level"]]
        below = has[has["maturity_level"] < has["target_maturity_level"]]
        out.append(f"{len(ok)} / {len(has)} {esc(ctx.t('at_target'))}; {esc(ctx.t('below_target'))}: "
                   + (", ".join(f"{esc(r['name'])} (ML{int(r['maturity_level'])} → ML{int(r['target_maturity_level'])})"
                                for _, r in below.iterrows()) or "–") + ".")
    if ctx.changes is not None and len(ctx.changes) and ctx.previous is not None:
        c = ctx.changes[(ctx.changes["wave_to"].astype(str) == ctx.latest)]
        sig = c[c["p_value"] < 0.05]
        up = ", ".join(f"{esc(ctx.line_name(r['business_line']))} ({_signed(r['score_delta'])})" for _, r in sig.iterrows())
        out.append(f"{esc(ctx.t('significant'))} ({esc(ctx.previous)} → {esc(ctx.latest)}): {len(sig)} / {len(c)}"
                   + (f" — {up}" if up else "") + ". Small samples: read as indicative (see Trends).")
    if ctx.reliability is not None and len(ctx.reliability):
        r = ctx.reliability[ctx.reliability["wave"].astype(str) == ctx.latest]
        out.append(f"{esc(ctx.t('flagged'))} ({esc(ctx.latest)}): {int((r['flag'] != '').sum())} / {len(r)}.")
    if ctx.rejected is not None:
        out.append(f"{esc(ctx.t('n_rejected'))}: {len(ctx.rejected)}.")
    return out


def _summary(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    items = "".join(f"<li>{x}</li>" for x in _findings(ctx))
    cols: list[Col] = [("name", t("business_line"), None), ("maturity_level", t("maturity_level"), _int),
                       ("maturity_index", t("maturity_index"), _num),
                       ("previous_index", f"{t('previous_index')} ({ctx.previous or '–'})", _num),
                       ("change", t("change"), _signed), ("target_maturity_level", t("target_ml"), _int),
                       ("level_gap", t("level_gap"), _int), ("n_respondents", t("respondents"), _int)]

    def cls(r: pd.Series) -> str:
        tg = r["target_maturity_level"]
        if tg is pd.NA or pd.isna(tg):
            return ""
        return "below" if r["maturity_level"] < tg else "ok"

    return (f'<section id="summary"><h2>{esc(t("summary"))}</h2><h3>{esc(t("key_findings"))}</h3><ul>{items}</ul>'
            + table(ctx.summary, cols, ctx=ctx, row_class=cls)
            + _figure(svgs, "maturity_index", "Bars: maturity index of the latest wave (colour = maturity level); "
                      "black tick: target maturity level.", width="170mm")
            + "</section>")


def _method(ctx: ReportContext) -> str:
    from maturity.scoring import SCAMPI_RULES

    m = ctx.model
    th = m.thresholds
    scale = m.scales.get(m.default_scale)
    scale_rows = ""
    if scale is not None:
        opts = scale.options
        lab = "label_zh" if ctx.language == "zh" and "label_zh" in opts.columns else "label"
        scale_rows = table(opts, [("code", ctx.t("code"), None), (lab, ctx.t("label"), None),
                                  ("value", ctx.t("value"), _num)], ctx=ctx)
    rules = pd.DataFrame([(k, v[0], v[1]) for k, v in SCAMPI_RULES.items()],
                         columns=["rule", "conservative", "optimistic"])
    rule_text = {
        "staged": "staged (CMMI): process areas are rated on their goals and the maturity level is the highest "
                  "level whose process areas are all satisfied.",
        "cumulative": "cumulative (C2M2-style): a level is reached when every practice of it and of the levels "
                      "below is largely or fully implemented.",
        "additive": "additive (SAMM-style): each practice adds its answer value; area scores are sums of "
                    "activity values.",
    }.get(m.scoring, m.scoring)
    p = [
        f"<p>Each respondent answered questions about practices on the scale below. This model uses the "
        f"<b>{esc(rule_text)}</b></p>",
        scale_rows,
        "<h3>From answers to practices</h3>",
        f"<p>For every business line, a practice's score is the mean over its respondents. The mean is then "
        f"<b>characterized</b>: fully implemented (FI) when it is at least {th.get('FI', 3.5):g}, largely implemented "
        f"(LI) from {th.get('LI', 2.5):g}, partially implemented (PI) from {th.get('PI', 1.0):g}, and not implemented (NI) "
        f"below. 'Not applicable' answers leave the average; 'not yet' answers are never averaged.</p>",
        "<p>Where answers are characterizations per project (SCAMPI A v1.3 method), each project is characterized first "
        "and the projects are combined into the business line's characterization with these rules; where the method "
        "leaves the choice to the appraisal team, this report takes the conservative outcome unless told otherwise:</p>",
        table(rules, [("rule", "instantiations", None), ("conservative", "conservative", None),
                      ("optimistic", "optimistic", None)], ctx=ctx),
        "<h3>From practices to levels</h3>",
        "<p>A <b>goal</b> is satisfied when all its practices are LI or FI. A <b>process area</b> is satisfied when its "
        "specific goals and the generic goals of its level are satisfied. Its <b>capability level</b> (0-3) counts the "
        "goal groups reached in order: specific goals (1), GG2 institutionalised as managed (2), GG3 as defined (3). "
        "The <b>maturity level</b> (1-5) is the highest level L at which every process area of level L and below is "
        "satisfied; a process area that could not be rated blocks the level.</p>",
        "<p>The <b>maturity index</b> adds to the level the share of the next level already in place: each practice "
        "the next level requires earns 1 when LI or FI, otherwise its mean divided by the LI threshold (at most 0.99). "
        "So 2.60 means: level 2 reached, about 60% of what level 3 requires is in place.</p>",
    ]
    if ctx.gaps is not None:
        from maturity.gap import PRIORITY_WEIGHTS as W

        p.append(
            "<h3>Gaps and priorities</h3><p>The target profile gives each line a target capability level per process "
            "area (a maturity target is turned into capability targets as the staged representation rates maturity). "
            "Gap = target − current, never below 0. Practices that hold a process area below its target form the "
            f"backlog, ranked by a priority in [0, 1]: {W['depth']:g} × levels blocked + {W['shared']:g} × share of "
            f"lines with the same blocking practice + {W['swot']:g} × weight of linked SWOT weaknesses + "
            f"{W['coverage']:g} × (1 − coverage).</p>")
    p.append(
        "<h3>Uncertainty</h3><p>Changes between waves compare the respondents' mean scores with a rank test (Wilcoxon "
        "signed-rank for respondents who answered both waves, Mann-Whitney otherwise) and a 95% interval of the score "
        "change. With fewer than 5 respondents per line a test has little power and one respondent moves the mean: "
        "such results are marked as indicative. Many lines are tested at once, so about 1 in 20 changes may look "
        "significant at p &lt; 0.05 by chance alone.</p>")
    return f'<section id="method"><h2>{esc(ctx.t("method"))}</h2>{"".join(p)}</section>'


def _line_pages(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    parts = [f'<section id="lines"><h2>{esc(t("lines"))}</h2>']
    pa_cols: list[Col] = [("process_area", t("process_area"), None), ("name", t("name"), None),
                          ("level", t("level"), _int), ("rating", t("rating"), None),
                          ("capability_level", t("current"), _int), ("target_level", t("target"), _int),
                          ("gap", t("gap"), _int), ("score", t("score"), _num)]

    def below(r: pd.Series) -> str:
        g = r["gap"]
        return "below" if g is not pd.NA and not pd.isna(g) and g > 0 else ""

    for _, s in ctx.summary.iterrows():
        line = str(s["business_line"])
        facts = [(t("maturity_level"), f"ML{int(s['maturity_level'])}"), (t("maturity_index"), _num(s["maturity_index"])),
                 (f"{t('change')} ({ctx.previous or '–'})", _signed(s["change"])),
                 (t("target_ml"), "–" if pd.isna(s["target_maturity_level"]) else f"ML{int(s['target_maturity_level'])}"),
                 (t("respondents"), _int(s["n_respondents"]))]
        if ctx.swot_summary is not None:
            sw = ctx.swot_summary[ctx.swot_summary["business_line"] == line]
            if len(sw):
                facts.append((f"{t('ie_cell')} / {t('posture')}", f"{sw['ie_cell'].iloc[0]} · {sw['posture'].iloc[0]}"))
        if ctx.roadmap is not None:
            rm = ctx.roadmap[ctx.roadmap["business_line"] == line]
            if len(rm):
                w = rm["wave"].iloc[0]
                facts.append((t("roadmap"), "–" if pd.isna(w) else f"{t('wave')} {int(w)} · {_date(rm['start'].iloc[0])}"))
        fhtml = "".join(f'<div class="fact">{esc(k)}<b>{esc(v)}</b></div>' for k, v in facts)
        pa = ctx.pa_latest[ctx.pa_latest["business_line"] == line]
        parts.append(f'<article class="line-page" id="line-{_slug(line)}"><h3>{esc(ctx.line_name(line))}'
                     f' <span class="note">({esc(line)}, {esc(ctx.latest)})</span></h3><div class="facts">{fhtml}</div>')
        parts.append(_figure(svgs, f"profile_{_slug(line)}", "Capability level per process area (solid) and target (dashed).",
                             width="95mm"))
        parts.append(table(pa, pa_cols, ctx=ctx, row_class=below))
        if ctx.backlog is not None and len(ctx.backlog):
            b = ctx.backlog[ctx.backlog["business_line"] == line].sort_values("rank").head(5)
            if len(b):
                parts.append(f"<h4>{esc(t('backlog'))}</h4>")
                parts.append(table(b, [("rank", t("rank"), _int), ("practice", t("practice"), None), ("name", t("name"), None),
                                       ("characterization", t("characterization"), None), ("priority", t("priority"), _num),
                                       ("reason", t("reason"), None)], ctx=ctx))
        if ctx.reliability is not None and len(ctx.reliability):
            r = ctx.reliability[(ctx.reliability["business_line"] == line) & (ctx.reliability["wave"].astype(str) == ctx.latest)
                                & (ctx.reliability["flag"] != "")]
            if len(r):
                parts.append(f'<p class="note">{esc(t("reliability"))}: ' + "; ".join(
                    f"{esc(a)} ({esc(f)})" for a, f in zip(r["process_area"], r["flag"], strict=True)) + ".</p>")
        parts.append("</article>")
    parts.append("</section>")
    return "".join(parts)


def _capability(ctx: ReportContext, svgs: dict[str, str]) -> str:
    cap = ("Cells read current/target capability level; a framed cell is below its target; grey = not rated."
           if ctx.gaps is not None else "Capability level per process area (no target profile provided).")
    return (f'<section id="capability"><h2>{esc(ctx.t("capability"))}</h2>'
            + _figure(svgs, "capability_heatmap", cap, width="182mm") + "</section>")


def _gaps(ctx: ReportContext) -> str:
    t = ctx.t
    head = f'<section id="gaps"><h2>{esc(t("gaps"))}</h2>'
    if ctx.line_gaps is None:
        return head + _missing(ctx, "target profile (--target)") + "</section>"
    lg = ctx.line_gaps[ctx.line_gaps["wave"].astype(str) == ctx.latest].copy()
    lg["name"] = lg["business_line"].map(ctx.line_name)
    body = table(lg, [("name", t("business_line"), None), ("maturity_level", t("maturity_level"), _int),
                      ("target_maturity_level", t("target_ml"), _int), ("level_gap", t("level_gap"), _int),
                      ("n_pa_gaps", t("n_pa_gaps"), _int), ("total_gap", t("gap"), _int),
                      ("n_blocking_practices", t("n_blocking"), _int), ("effort", t("effort"), _num)], ctx=ctx,
                 row_class=lambda r: "below" if r["level_gap"] > 0 else "ok")
    body += ("<p class=\"note\">Effort points: 1 per partially implemented blocking practice, 2 per practice to "
             "be built (not implemented, not yet, or unanswered).</p>")
    if ctx.backlog is not None and len(ctx.backlog):
        b = ctx.backlog[ctx.backlog["rank"] <= 3].sort_values(["priority", "business_line"], ascending=[False, True])
        b = b.assign(line=b["business_line"].map(ctx.line_name))
        body += f"<h3>{esc(t('backlog'))}</h3><p class=\"note\">Top 3 per business line; the full list is in the workbook.</p>"
        body += table(b, [("line", t("business_line"), None), ("rank", t("rank"), _int), ("process_area", t("process_area"), None),
                          ("practice", t("practice"), None), ("characterization", t("characterization"), None),
                          ("priority", t("priority"), _num), ("reason", t("reason"), None)], ctx=ctx)
    return head + body + "</section>"


def _swot(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    head = f'<section id="swot"><h2>{esc(t("swot"))}</h2>'
    if ctx.swot is None:
        return head + _missing(ctx, "SWOT factors (--swot)") + "</section>"
    s = ctx.swot_summary.assign(name=ctx.swot_summary["business_line"].map(ctx.line_name))
    body = table(s, [("name", t("business_line"), None), ("ife", t("ife"), _num), ("efe", t("efe"), _num),
                     ("ie_cell", t("ie_cell"), None), ("posture", t("posture"), None)], ctx=ctx)
    body += _figure(svgs, "ie_matrix", "Internal-External matrix: IFE (internal factors) against EFE (external factors).",
                    width="110mm")
    for line, g in ctx.swot.groupby("business_line", sort=True):
        body += f"<h4>{esc(ctx.line_name(str(line)))}</h4>"
        body += table(g.sort_values(["quadrant", "weight"], ascending=[True, False], kind="stable"),
                      [("quadrant", t("quadrant"), None), ("factor", t("factor"), None),
                       ("weight", t("weight"), _num), ("rating", t("rating"), _int)], ctx=ctx)
    return head + body + "</section>"


def _roadmap(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    head = f'<section id="roadmap"><h2>{esc(t("roadmap"))}</h2>'
    if ctx.roadmap is None:
        return head + _missing(ctx, "business-line attributes (--lines) and targets (--target)") + "</section>"
    r = ctx.roadmap.assign(name=ctx.roadmap["business_line"].map(ctx.line_name))
    body = _figure(svgs, "roadmap", "Phases per business line: training, test, pilot with checkpoints, review.",
                   width="182mm")
    body += table(r, [("name", t("business_line"), None), ("wave", t("wave"), _int), ("start", t("start"), _date),
                      ("end", t("end"), _date), ("priority", t("priority"), _num), ("quadrant", t("quadrant"), None),
                      ("champions", t("champions"), None), ("reason", t("reason"), None)], ctx=ctx)
    return head + body + "</section>"


def _trends(ctx: ReportContext, svgs: dict[str, str]) -> str:
    t = ctx.t
    head = f'<section id="trends"><h2>{esc(t("trends"))}</h2>'
    if ctx.changes is None or len(ctx.waves) < 2:
        return head + _missing(ctx, "answers of at least two waves") + "</section>"
    c = ctx.changes.assign(name=ctx.changes["business_line"].map(ctx.line_name),
                           interval=[f"[{_signed(a)}, {_signed(b)}]" for a, b in zip(ctx.changes["ci_low"], ctx.changes["ci_high"], strict=True)],
                           pair=ctx.changes["wave_from"].astype(str) + " → " + ctx.changes["wave_to"].astype(str))
    body = _figure(svgs, "index_trend", "Maturity index per wave; * marks a change with p < 0.05.", width="170mm")
    body += ('<p class="caveat">The index moves in steps when a level is reached, so the tests use the respondents\' '
             'mean scores (0-4 scale). The interval is the 95% interval of the score change; a p-value below 0.05 '
             'with fewer than 5 respondents, or an interval that touches 0, is indicative only. With 7 lines and '
             'several waves, some changes look significant by chance.</p>')
    body += table(c.sort_values(["wave_to", "business_line"]), [
        ("name", t("business_line"), None), ("pair", t("waves"), None), ("index_from", "index", _num),
        ("delta", t("change"), _signed), ("score_delta", "score Δ", _signed), ("interval", t("interval"), lambda v: esc(v)),
        ("test", t("test"), None), ("p_value", t("p_value"), _p), ("effect_size", t("effect_size"), _num),
        ("n_paired", t("n"), _int), ("caveat", t("caveat"), None)], ctx=ctx)
    if ctx.rankings is not None and len(ctx.rankings):
        rk = ctx.rankings.pivot(index="business_line", columns="wave", values="rank")
        rk = rk.reset_index().assign(name=lambda d: d["business_line"].map(ctx.line_name)).sort_values(ctx.latest)
        body += f"<h3>{esc(t('rankings'))}</h3>" + table(
            rk, [("name", t("business_line"), None)] + [(w, w, _int) for w in ctx.waves if w in rk.columns], ctx=ctx)
    if ctx.line_comparison is not None and len(ctx.line_comparison):
        om = ctx.line_comparison[ctx.line_comparison["comparison"] == "omnibus"]
        body += f"<h3>{esc(t('line_comparison'))}</h3><p>Kruskal-Wallis test across lines per wave (pairs: Dunn with Holm correction, in the workbook).</p>"
        body += table(om, [("wave", t("wave"), None), ("statistic", "H", _num), ("p_value", t("p_value"), _p),
                           ("effect_size", "ε²", _num), ("n_a", t("respondents"), _int), ("n_b", t("lines"), _int)], ctx=ctx)
    return head + body + "</section>"


def _quality(ctx: ReportContext) -> str:
    t = ctx.t
    body = [f'<section id="quality"><h2>{esc(t("quality"))}</h2>']
    for key, frame in (("rejected", ctx.rejected), ("notes", ctx.notes)):
        body.append(f"<h3>{esc(t(key))}</h3>")
        if frame is None:
            body.append(_missing(ctx, "validation results"))
            continue
        if not len(frame):
            body.append(f"<p>{esc(t('none'))}</p>")
            continue
        f = frame.assign(message=frame["message"].astype(str))
        grp = f.groupby("message", sort=False)
        g = pd.DataFrame({"message": list(grp.groups), "count": grp.size().to_numpy()})
        first = grp.head(1).set_index("message")
        g["example"] = [f"{first.at[m, 'source']} row {first.at[m, 'row']}: {first.at[m, 'value']!s}"
                        if "source" in first.columns else "" for m in g["message"]]
        g = g.sort_values(["count", "message"], ascending=[False, True])
        body.append(f"<p>{len(frame)} rows.</p>" + table(g, [("message", t("message"), None), ("count", t("count"), _int),
                                                          ("example", t("example"), None)], max_rows=40, ctx=ctx))
    body.append(f"<h3>{esc(t('reliability'))}</h3>")
    if ctx.reliability is None:
        body.append(_missing(ctx, "reliability analysis"))
    else:
        rel = ctx.reliability[(ctx.reliability["wave"].astype(str) == ctx.latest)]
        flagged = rel[rel["flag"] != ""].assign(line=lambda d: d["business_line"].map(ctx.line_name))
        body.append(f"<p>{ctx.latest}: {len(flagged)} of {len(rel)} process-area answer sets carry a flag. Cronbach's alpha "
                    "below 0.7 = low consistency of a process area's questions; Krippendorff's alpha below 0.667 with "
                    "rwg below 0.7 = respondents disagree; fewer than 3 respondents = few respondents.</p>")
        body.append(table(flagged, [("line", t("business_line"), None), ("process_area", t("process_area"), None),
                                    ("n_respondents", t("respondents"), _int), ("cronbach_alpha", "α (Cronbach)", _num),
                                    ("krippendorff_alpha", "α (Krippendorff)", _num), ("rwg_mean", "rwg", _num),
                                    ("flag", t("flag"), None)], max_rows=40, ctx=ctx))
    if ctx.disagreement is not None and len(ctx.disagreement):
        d = ctx.disagreement[(ctx.disagreement["wave"].astype(str) == ctx.latest) & ctx.disagreement["interview"].astype(bool)]
        d = d.sort_values(["rwg", "business_line", "practice"]).assign(line=lambda x: x["business_line"].map(ctx.line_name))
        body.append(f"<h3>{esc(t('disagreement'))}</h3>")
        body.append(table(d, [("line", t("business_line"), None), ("practice", t("practice"), None),
                              ("n_respondents", t("respondents"), _int), ("mean", "mean", _num), ("std", "sd", _num),
                              ("rwg", "rwg", _num)], max_rows=30, ctx=ctx))
    body.append("</section>")
    return "".join(body)


# --------------------------------------------------------------------------- fonts and page
_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


@lru_cache(maxsize=8)
def _subset_font(chars: str) -> str | None:
    from maturity.plots.fonts import cjk_font_path

    path = cjk_font_path()
    if path is None:
        return None
    import io

    from fontTools import subset

    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    font = subset.load_font(path, opts)
    sub = subset.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def cjk_font_face(text: str) -> str:
    """An ``@font-face`` rule embedding the CJK font subset to the CJK characters of ``text``.

    Empty when ``text`` has no CJK character or no CJK font is installed.

    Examples
    --------
    >>> cjk_font_face("plain English")
    ''
    >>> rule = cjk_font_face("管理摘要")
    >>> rule == "" or rule.startswith('@font-face { font-family: "Report CJK"; src: url(data:font/otf;base64,')
    True
    """
    chars = "".join(sorted(set(_CJK.findall(text))))
    if not chars:
        return ""
    data = _subset_font(chars)
    if data is None:
        return ""
    return f'@font-face {{ font-family: "Report CJK"; src: url(data:font/otf;base64,{data}) format("opentype"); }}'


def render_html(ctx: ReportContext, svgs: dict[str, str]) -> str:
    """The whole report page as one string (no URL, no external resource)."""
    body = "".join([
        _cover(ctx), _summary(ctx, svgs), _method(ctx), _line_pages(ctx, svgs), _capability(ctx, svgs), _gaps(ctx),
        _swot(ctx, svgs), _roadmap(ctx, svgs), _trends(ctx, svgs), _quality(ctx),
    ])
    font = cjk_font_face(body)
    lang = "zh-CN" if ctx.language == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(ctx.title)}</title><style>{font}{_CSS}</style></head>"
            f"<body>{body}</body></html>\n")
