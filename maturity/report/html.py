"""The single-file HTML report: inline CSS and SVG, no URL of any kind, printable on A4.

Every text from the data (answers, comments, SWOT factors, names, titles) is escaped with
:func:`html.escape`. Charts are the SVG of :mod:`maturity.report.charts` inlined (text drawn as
paths). Chinese page text needs a CJK font in the browser and the PDF printer; when the page holds
CJK characters the Noto Sans CJK SC font of ``mplfonts`` is *subset to those characters* with
fontTools and embedded as a base64 ``data:`` URL in an ``@font-face`` rule (tens of kB, instead
of 16 MB for the whole font), so the file stays self-contained and prints the same everywhere.

Section ids (stable, for links and tests): :data:`SECTION_IDS` (defined beside the cover that
lists them, :mod:`maturity.report.summary_sections`); business-line pages are ``line-<id>``
inside ``lines``. The sections are written by :mod:`maturity.report.sections` from the blocks
of :mod:`maturity.report.markup`.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache

from maturity.i18n import language
from maturity.report import sections as s
from maturity.report.context import ReportContext
from maturity.report.markup import esc
from maturity.report.method import method
from maturity.report.summary_sections import SECTION_IDS

__all__ = ["render_html", "SECTION_IDS", "cjk_font_face"]


_CSS = """
@page { size: A4; margin: 15mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Report CJK", "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       font-size: 10pt; line-height: 1.4; color: #1f2328; margin: 0 auto; max-width: 182mm;
       padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 4mm 0; color: #12395b; }
h2 { font-size: 15pt; color: #12395b; border-bottom: 2px solid #12395b; padding-bottom: 1mm;
     margin-top: 8mm; }
h3 { font-size: 12pt; color: #12395b; margin: 5mm 0 2mm 0; }
h4 { font-size: 10.5pt; margin: 4mm 0 1.5mm 0; }
p, li { margin: 1.2mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.3pt; margin: 2mm 0 4mm 0; }
th, td { border: 1px solid #c8ced6; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #e8eef4; font-weight: bold; word-break: keep-all; }
td.name { word-break: keep-all; overflow-wrap: normal; }  /* never break inside a name */
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }  /* headers wrap at spaces: a table wider than A4 makes
                                  Chromium shrink the whole PDF */
#trends table { font-size: 6.5pt; }  /* the 15-column changes table */
#trends th { word-break: normal; }  /* its Chinese headers wrap too */
#trends td:not(.num):not(.name) { overflow-wrap: anywhere; }  /* long caveats */
#trends th, #trends td { padding: 0.7mm 0.5mm; }
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
.line-top { display: flex; gap: 4mm; align-items: flex-start; }
.line-top .facts { flex-direction: column; flex: 0 0 58mm; }
.line-top figure { flex: 1 1 auto; margin: 0; }
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
  /* a line's page fits one A4 page in Chinese too (CJK glyphs set taller lines) */
  article.line-page { line-height: 1.25; }
  article.line-page .fact { padding: 1mm 3mm; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  nav { break-after: page; }
}
"""


# --------------------------------------------------------------------------- fonts and page
_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


@lru_cache(maxsize=8)
def _subset_font(chars: str) -> str | None:
    from maturity.plots.fonts import cjk_font_path  # lazy: maturity.plots loads matplotlib

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
    >>> rule == "" or "src: url(data:font/otf;base64," in rule
    True
    """
    chars = "".join(sorted(set(_CJK.findall(text))))
    if not chars:
        return ""
    data = _subset_font(chars)
    if data is None:
        return ""
    src = f'url(data:font/otf;base64,{data}) format("opentype")'
    # One face for every weight the CSS uses (bold headings and table headers): the browser
    # synthesises bold (and oblique) from it instead of falling back to a font without CJK
    # glyphs. unicode-range keeps Latin text in the Latin font named after it.
    return (
        f'@font-face {{ font-family: "Report CJK"; src: {src}; font-weight: 100 900; '
        f"unicode-range: U+2E80-9FFF, U+3000-303F, U+FF00-FFEF; }}"
    )


def render_html(ctx: ReportContext, svgs: dict[str, str]) -> str:
    """The whole report page as one string (no URL, no external resource)."""
    with language(ctx.language):
        return _page(ctx, svgs)


def _page(ctx: ReportContext, svgs: dict[str, str]) -> str:
    body = "".join(
        [
            s.cover(ctx),
            s.summary(ctx, svgs),
            method(ctx),
            s.line_pages(ctx, svgs),
            s.capability(ctx, svgs),
            s.gaps(ctx),
            s.swot(ctx, svgs),
            s.roadmap(ctx, svgs),
            s.rollout_status(ctx),
            s.trends(ctx, svgs),
            s.quality(ctx),
        ]
    )
    font = cjk_font_face(body)
    lang = "zh-CN" if ctx.language == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(ctx.title)}</title><style>{font}{_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )
