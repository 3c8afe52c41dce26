"""The report's planning sections: gaps and backlog, SWOT, roadmap and the rollout status.

Target answers by phase (:mod:`maturity.plan.targets_answers`) sit in the gaps section; the
rollout status (issue 22) is the rollout log held against the plan.
"""

from __future__ import annotations

import re

import pandas as pd

from maturity.i18n import N_, _
from maturity.report.context import (
    EXTREMES,
    TABLE_ROWS,
    ReportContext,
)
from maturity.report.markup import (
    esc,
    figure,
    fmt_date,
    fmt_int,
    fmt_num,
    missing,
    shown_note,
    table,
    workbook,
)

__all__ = ["gaps", "swot", "roadmap", "rollout_status", "gate_name"]


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




# --------------------------------------------------------------------------------------------
# Rollout status (issue 22): the rollout log against the plan

_GATE_NAMES = {"codesign": N_("co-design"), "signoff": N_("sign-off"), "training": N_("training"),
               "training_test": N_("training test"), "pilot": N_("pilot"),
               "checkpoints": N_("checkpoints")}


def gate_name(gate: object) -> str:
    """A gate of the rollout log (``codesign``, ``rollout wave 2``...) in the active language."""
    g = str(gate)
    if g in _GATE_NAMES:
        return _(_GATE_NAMES[g])
    return _("rollout wave {w}").format(w=g.rsplit(" ", 1)[-1])


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
        gate=[gate_name(g) for g in gates["gate"]],
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
