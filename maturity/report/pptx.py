"""The read-out deck (``maturity_summary.pptx``): a short 16:9 PowerPoint for the meeting.

Slides, in order: cover (title, client, period, date); key findings; maturity by line (chart);
capability heatmap (chart); gaps to target (table); rollout roadmap (Gantt chart); one slide
for each of the :data:`LINE_SLIDES` lines most behind their target (:func:`behind_target`:
facts, radar, top of its backlog); next steps (the blocking practices most lines share, from the
backlog). Slides whose
input was not given are left out. Texts are editable text boxes and native tables, in the
report's language, with the East Asian font set on every run (``a:ea``); the file's dates are
fixed, so the same inputs give the same bytes.
"""

from __future__ import annotations

import html as _html
import re
from pathlib import Path

import pandas as pd

from maturity.i18n import _, language
from maturity.io import fix_xlsx_times
from maturity.report.markup import fmt_int, fmt_num, slug
from maturity.report.summary_sections import findings
from maturity.report.translate import translate_code

__all__ = ["write_pptx", "LINE_SLIDES", "behind_target"]

#: Lines with a slide of their own (the ones most behind their target).
LINE_SLIDES = 10
_EA_FONT = "Microsoft YaHei"
_LATIN = "Calibri"
_NAVY = (0x12, 0x39, 0x5B)


def behind_target(ctx, n: int = LINE_SLIDES) -> list[str]:  # noqa: ANN001
    """The ``n`` lines most behind their target: largest level gap, then lowest index.

    Only lines below their target count; with no target profile, the ``n`` lines with the
    lowest maturity index. Ties keep the report's line order.
    """
    s = ctx.summary
    if s["level_gap"].notna().any():
        s = s[s["level_gap"].astype("Float64").fillna(0) > 0]
    gap = s["level_gap"].astype("Float64").fillna(-1.0)
    key = s.assign(_gap=gap, _pos=range(len(s)))
    key = key.sort_values(["_gap", "maturity_index", "_pos"], ascending=[False, True, True],
                          kind="mergesort")
    return [str(b) for b in key["business_line"].head(n)]


def _text(html_text: str) -> str:
    return re.sub(r"\s+", " ", _html.unescape(re.sub(r"<[^>]+>", "", html_text))).strip()


def _font(run, size: int | None = None, bold: bool = False, colour=None) -> None:  # noqa: ANN001
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    f = run.font
    f.name = _LATIN
    if size:
        f.size = Pt(size)
    f.bold = bold
    if colour:
        f.color.rgb = RGBColor(*colour)
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", _EA_FONT)


class _Deck:
    def __init__(self) -> None:
        from pptx import Presentation
        from pptx.util import Inches

        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(13.333), Inches(7.5)
        self.blank = self.prs.slide_layouts[6]

    def slide(self, title: str):  # noqa: ANN201
        from pptx.util import Inches

        s = self.prs.slides.add_slide(self.blank)
        self.box(s, title, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9), size=28,
                 bold=True, colour=_NAVY)
        return s

    def box(self, slide, text: str | list[str], left, top, width, height, *,  # noqa: ANN001
            size: int = 16, bold: bool = False, colour=None, bullets: bool = False):  # noqa: ANN001, ANN201
        tb = slide.shapes.add_textbox(left, top, width, height)
        tf = tb.text_frame
        tf.word_wrap = True
        items = text if isinstance(text, list) else [text]
        for i, t in enumerate(items):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            r = p.add_run()
            r.text = ("• " if bullets else "") + t
            _font(r, size, bold, colour)
        return tb

    def table(self, slide, header: list[str], rows: list[list[str]], left, top, width,  # noqa: ANN001
              *, size: int = 11):  # noqa: ANN201
        from pptx.util import Inches

        shape = slide.shapes.add_table(len(rows) + 1, len(header), left, top, width,
                                       Inches(0.35) * (len(rows) + 1))
        t = shape.table
        for j, h in enumerate(header):
            cell = t.cell(0, j)
            cell.text = ""
            _font(cell.text_frame.paragraphs[0].add_run(), size, True)
            cell.text_frame.paragraphs[0].runs[0].text = h
        for i, r in enumerate(rows, start=1):
            for j, v in enumerate(r):
                cell = t.cell(i, j)
                run = cell.text_frame.paragraphs[0].add_run()
                run.text = v
                _font(run, size)
        return t

    def picture(self, slide, png: Path, left, top, max_w, max_h) -> None:  # noqa: ANN001
        from PIL import Image

        if not png.is_file():
            return
        with Image.open(png) as im:
            w, h = im.size
        scale = min(max_w / w, max_h / h)
        slide.shapes.add_picture(str(png), left, top, int(w * scale), int(h * scale))


def _geometry():  # noqa: ANN202
    """Full width, body top, body height and left margin of a 16:9 slide."""
    from pptx.util import Inches

    return Inches(12.3), Inches(1.3), Inches(5.9), Inches(0.5)


def write_pptx(ctx, charts_dir: Path, path: Path) -> Path:  # noqa: ANN001
    """Write the read-out deck of ``ctx`` (charts read from ``charts_dir``) to ``path``."""
    import datetime as dt

    d = _Deck()
    with language(ctx.language):
        for slides in (_opening_slides, _gaps_slide, _roadmap_slide, _line_slides,
                       _next_steps_slide):
            slides(d, ctx, charts_dir)
    cp = d.prs.core_properties
    cp.title = ctx.title
    cp.author = cp.last_modified_by = ""
    cp.created = cp.modified = dt.datetime(2000, 1, 1)
    cp.revision = 1
    path = Path(path)
    d.prs.save(str(path))
    fix_xlsx_times(path)
    return path


def _opening_slides(d: _Deck, ctx, charts_dir: Path) -> None:  # noqa: ANN001
    """Cover, key findings, maturity and capability charts."""
    from pptx.util import Inches

    full_w, body_top, body_h, left = _geometry()
    t = ctx.t
    s = d.prs.slides.add_slide(d.blank)
    d.box(s, ctx.title, left, Inches(2.2), full_w, Inches(1.2), size=40, bold=True,
          colour=_NAVY)
    meta = [f"{t('client')}: {ctx.client or '–'}", f"{t('period')}: {ctx.period or '–'}",
            f"{t('date')}: {ctx.date or '–'}", f"{t('latest_wave')}: {ctx.latest}"]
    d.box(s, meta, left, Inches(3.6), full_w, Inches(2.0), size=18)
    s = d.slide(t("key_findings"))
    d.box(s, [_text(f) for f in findings(ctx)], left, body_top, full_w, body_h, size=16,
          bullets=True)
    for key, chart in (("maturity_index", "maturity_index"),
                       ("capability", "capability_heatmap")):
        if (charts_dir / f"{chart}.png").is_file():
            s = d.slide(t(key))
            d.picture(s, charts_dir / f"{chart}.png", left, body_top, full_w, body_h)


def _gaps_slide(d: _Deck, ctx, charts_dir: Path) -> None:  # noqa: ANN001
    """The lines furthest from their target (none without gaps)."""
    if ctx.line_gaps is None or not len(ctx.line_gaps):
        return
    full_w, body_top, _h, left = _geometry()
    t = ctx.t
    lg = ctx.line_gaps[ctx.line_gaps["wave"].astype(str) == ctx.latest]
    lg = ctx.ordered(lg).sort_values(["level_gap", "total_gap"], ascending=False,
                                     kind="stable").head(12)
    s = d.slide(t("gaps"))
    d.table(
        s,
        [t("business_line"), t("maturity_level"), t("target_ml"), t("level_gap"),
         t("n_pa_gaps"), t("effort")],
        [[ctx.line_name(str(r["business_line"])), fmt_int(r["maturity_level"]),
          fmt_int(r["target_maturity_level"]), fmt_int(r["level_gap"]),
          fmt_int(r["n_pa_gaps"]), fmt_num(r["effort"])] for _i, r in lg.iterrows()],
        left, body_top, full_w,
    )


def _roadmap_slide(d: _Deck, ctx, charts_dir: Path) -> None:  # noqa: ANN001
    """The roadmap chart (none without a roadmap)."""
    if (charts_dir / "roadmap.png").is_file():
        full_w, body_top, body_h, left = _geometry()
        s = d.slide(ctx.t("roadmap"))
        d.picture(s, charts_dir / "roadmap.png", left, body_top, full_w, body_h)


def _line_slides(d: _Deck, ctx, charts_dir: Path) -> None:  # noqa: ANN001
    """One slide per line most behind target: facts, profile, first backlog items."""
    from pptx.util import Inches

    _w, body_top, _h, left = _geometry()
    t = ctx.t
    for line in behind_target(ctx):
        r = ctx.summary[ctx.summary["business_line"].astype(str) == line].iloc[0]
        s = d.slide(ctx.line_name(line))
        facts = [
            f"{t('maturity_level')}: ML{fmt_int(r['maturity_level'])}",
            f"{t('maturity_index')}: {fmt_num(r['maturity_index'])}",
            f"{t('target_ml')}: "
            + ("–" if pd.isna(r["target_maturity_level"])
               else f"ML{int(r['target_maturity_level'])}"),
            f"{t('level_gap')}: {fmt_int(r['level_gap'])}",
            f"{t('respondents')}: {fmt_int(r['n_respondents'])}",
        ]
        d.box(s, facts, left, body_top, Inches(4.2), Inches(2.6), size=16)
        png = charts_dir / f"profile_{slug(line)}.png"
        d.picture(s, png, Inches(7.6), body_top, Inches(5.2), Inches(4.6))
        if ctx.backlog is not None and len(ctx.backlog):
            b = ctx.backlog[ctx.backlog["business_line"].astype(str) == line]
            b = b.sort_values("rank").head(3)
            if len(b):
                d.table(
                    s, [t("rank"), t("practice"), t("name"), t("characterization")],
                    [[fmt_int(x["rank"]), str(x["practice"]), str(x["name"]),
                      translate_code(x["characterization"])] for _i, x in b.iterrows()],
                    left, Inches(4.1), Inches(7.0), size=10,
                )


def _next_steps_slide(d: _Deck, ctx, charts_dir: Path) -> None:  # noqa: ANN001
    """The blocking practices most lines share (none without a backlog)."""
    from pptx.util import Inches

    if ctx.backlog is None or not len(ctx.backlog):
        return
    full_w, body_top, _h, left = _geometry()
    t = ctx.t
    b = ctx.backlog
    if "wave" in b.columns:
        b = b[b["wave"].astype(str) == ctx.latest]
    grp = b.assign(practice=b["practice"].astype(str)).groupby("practice", sort=True)
    steps = pd.DataFrame({
        "name": grp["name"].first(),
        "lines": grp["business_line"].nunique(),
        "priority": grp["priority"].mean(),
    }).reset_index().sort_values(["lines", "priority", "practice"],
                                 ascending=[False, False, True], kind="mergesort").head(8)
    s = d.slide(_("Next steps"))
    d.box(s, _("Fix first the blocking practices most lines share:"), left, body_top,
          full_w, Inches(0.5), size=16)
    d.table(
        s, [t("practice"), t("name"), t("lines"), _("{priority} (mean)").format(
            priority=t("priority"))],
        [[str(x["practice"]), str(x["name"]), fmt_int(x["lines"]),
          fmt_num(x["priority"])] for _i, x in steps.iterrows()],
        left, Inches(1.9), full_w,
    )
