"""The editable Word report (``maturity_report.docx``), made from the HTML report's sections.

Each section of :func:`maturity.report.html.render_html` is converted block by block, so the
Word file has the same sections, order, texts and summarising rules as the HTML and PDF:
``h1``-``h4`` become Word's *Title* and *Heading 1-3* styles (Word's navigation pane and table of
contents work), ``table`` a native Word table (the summary, per-line, gap and backlog tables
stay editable), ``figure`` the chart's PNG from ``charts/`` with its caption, paragraphs and
list items their text. Every run has its East Asian font set (``w:eastAsia``), so Chinese text
shows in a CJK font on any Windows or macOS Word. The file's dates are fixed, so the same
inputs give the same bytes.
"""

from __future__ import annotations

import html as _html
import re
from html.parser import HTMLParser
from pathlib import Path

from maturity.i18n import language
from maturity.io import fix_xlsx_times

__all__ = ["write_docx", "EAST_ASIAN_FONT", "html_blocks"]

#: East Asian font named on every run (present on Chinese Windows; Word substitutes elsewhere).
EAST_ASIAN_FONT = "Microsoft YaHei"
#: Latin font of the document.
LATIN_FONT = "Calibri"
#: Fixed document date (core properties), for reproducible bytes.
_FIXED = (2000, 1, 1)


class _Blocks(HTMLParser):
    """Flatten report HTML into blocks: ("h", level, text), ("p", cls, text), ("li", text),
    ("table", rows, header_count), ("figure", chart name, caption)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple] = []
        self.text: list[str] | None = None
        self.kind: tuple | None = None
        self.skip = 0
        self.rows: list[list[str]] | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.n_head = 0
        self.in_head = False
        self.figure: str | None = None
        self.caption: list[str] | None = None
        self.fact: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.skip or tag in ("svg", "style", "nav", "script"):
            self.skip += tag in ("svg", "style", "nav", "script")
            return
        if tag in ("h1", "h2", "h3", "h4"):
            self.kind, self.text = ("h", int(tag[1])), []
        elif tag in ("p", "li") and self.rows is None and self.figure is None:
            self.kind, self.text = (tag, a.get("class") or ""), []
        elif tag == "table":
            self.rows, self.n_head = [], 0
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.rows is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "figure":
            self.figure = a.get("data-chart") or ""
        elif tag == "figcaption":
            self.caption = []
        elif tag == "div" and "fact" in (a.get("class") or "").split():
            self.fact = []
        elif tag == "b" and self.fact is not None:
            self.fact.append(": ")
        elif tag == "br" and self.text is not None:
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= tag in ("svg", "style", "nav", "script")
            return
        if tag in ("h1", "h2", "h3", "h4") and self.text is not None:
            self.blocks.append(("h", int(tag[1]), _clean("".join(self.text))))
            self.text = None
        elif tag in ("p", "li") and self.text is not None and self.kind is not None:
            t = _clean("".join(self.text))
            if t:
                self.blocks.append((tag, self.kind[1], t))
            self.text = None
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(_clean("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.rows is not None:
            self.rows.append(self.row)
            self.n_head += self.in_head
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table" and self.rows is not None:
            self.blocks.append(("table", self.rows, self.n_head))
            self.rows = None
        elif tag == "figcaption" and self.caption is not None:
            self.cap_text = _clean("".join(self.caption))
            self.caption = None
        elif tag == "figure" and self.figure is not None:
            self.blocks.append(("figure", self.figure, getattr(self, "cap_text", "")))
            self.figure, self.cap_text = None, ""
        elif tag == "div" and self.fact is not None:
            self.blocks.append(("p", "fact", _clean("".join(self.fact))))
            self.fact = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        for buf in (self.cell, self.caption, self.fact, self.text):
            if buf is not None:
                buf.append(data)
                return


def _clean(text: str) -> str:
    return re.sub(r"[ \t\r\f\v]+", " ", _html.unescape(text)).strip()


def html_blocks(page: str) -> list[tuple]:
    """The blocks of a report page, in order (what :func:`write_docx` writes).

    Examples
    --------
    >>> html_blocks("<h2>A</h2><p>x &amp; y</p><table><thead><tr><th>h</th></tr></thead>"
    ...             "<tbody><tr><td>1</td></tr></tbody></table>")
    [('h', 2, 'A'), ('p', '', 'x & y'), ('table', [['h'], ['1']], 1)]
    """
    p = _Blocks()
    p.feed(page)
    p.close()
    return p.blocks


def _east_asian(run, font: str = EAST_ASIAN_FONT) -> None:  # noqa: ANN001
    from docx.oxml.ns import qn

    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _style_fonts(doc) -> None:  # noqa: ANN001
    """East Asian font on the styles too (text typed later by the consultant gets it)."""
    from docx.oxml.ns import qn

    for st in doc.styles:
        el = getattr(st, "element", None)
        if el is None or st.type != 1:  # paragraph styles
            continue
        rpr = el.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _para(doc, text: str, style: str | None = None):  # noqa: ANN001, ANN202
    p = doc.add_paragraph(style=style)
    run = p.add_run(text)
    _east_asian(run)
    return p


def write_docx(ctx, page: str, charts_dir: Path, path: Path) -> Path:  # noqa: ANN001
    """Write ``page`` (the report HTML of ``ctx``) as an editable Word document at ``path``.

    ``charts_dir`` holds the PNG of every chart the page shows (``<figure data-chart=NAME>``).
    The cover holds title, client, period, date and model (from the HTML cover's table).
    """
    import datetime as dt

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(1.8))
    doc.styles["Normal"].font.name = LATIN_FONT
    doc.styles["Normal"].font.size = Pt(10)
    _style_fonts(doc)
    width = sec.page_width - sec.left_margin - sec.right_margin
    blocks = html_blocks(page)
    with language(ctx.language):
        for block in blocks:
            kind = block[0]
            if kind == "h":
                level, text = block[1], block[2]
                h = doc.add_heading(level=0 if level == 1 else min(level - 1, 3))
                _east_asian(h.add_run(text))
            elif kind == "p":
                style = "Intense Quote" if block[1] == "caveat" else None
                p = _para(doc, block[2], style)
                if block[1] in ("note", "missing"):
                    for r in p.runs:
                        r.font.size = Pt(8.5)
                        r.italic = block[1] == "missing"
            elif kind == "li":
                _para(doc, block[2], "List Bullet")
            elif kind == "table":
                rows, n_head = block[1], block[2]
                if not rows:
                    continue
                ncol = max(len(r) for r in rows)
                t = doc.add_table(rows=0, cols=ncol)
                t.style = doc.styles["Table Grid"]
                for i, r in enumerate(rows):
                    cells = t.add_row().cells
                    if len(r) < ncol and len(r) == 1:  # a "… lines between" row
                        cells[0].merge(cells[-1])
                    for j, v in enumerate(r[:ncol]):
                        par = cells[j].paragraphs[0]
                        run = par.add_run(v)
                        _east_asian(run)
                        run.font.size = Pt(8)
                        run.bold = i < n_head
                doc.add_paragraph()
            elif kind == "figure":
                png = charts_dir / f"{block[1]}.png"
                if block[1] and png.is_file():
                    doc.add_picture(str(png), width=min(width, Cm(17)))
                    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
                if block[2]:
                    p = _para(doc, block[2], "Caption")
    cp = doc.core_properties
    cp.title = ctx.title
    cp.author = cp.last_modified_by = ""
    cp.subject = ctx.client
    cp.created = cp.modified = dt.datetime(*_FIXED)
    cp.revision = 1
    path = Path(path)
    doc.save(str(path))
    fix_xlsx_times(path)  # fixed zip entry times and core dates: same inputs, same bytes
    return path
