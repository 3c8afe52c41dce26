"""HTML building blocks of the report: escaping, number formats, tables and figures.

Every value from the data goes through :func:`esc` (:func:`html.escape`); numbers are rounded
to 2 decimals, p-values to 3 (``< 0.001`` below), missing values shown as an en dash.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Sequence

import pandas as pd

from maturity.i18n import _
from maturity.report.context import ReportContext
from maturity.report.translate import display

__all__ = [
    "esc",
    "fmt_num",
    "fmt_date",
    "fmt_signed",
    "fmt_p",
    "fmt_int",
    "Col",
    "table",
    "figure",
    "missing",
    "slug",
    "workbook",
    "shown_note",
    "inline_svg",
]


def esc(v: object) -> str:
    """Escaped text of a cell value; missing values as an en dash."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return html.escape(str(v), quote=True)


def fmt_num(v: object, digits: int = 2) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, bool):
        return _("yes") if v else _("no")
    if isinstance(v, int) or (hasattr(v, "is_integer") and float(v).is_integer() and digits == 0):
        return str(int(v))
    try:
        return f"{float(v):.{digits}f}"
    except (TypeError, ValueError):
        return esc(v)


def fmt_date(v: object) -> str:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return "–"
    try:
        return pd.Timestamp(v).strftime("%Y-%m-%d")
    except (TypeError, ValueError):
        return esc(v)


def fmt_signed(v: object) -> str:
    s = fmt_num(v)
    return s if s == "–" or s.startswith("-") else "+" + s


def fmt_p(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return "< 0.001" if float(v) < 0.001 else f"{float(v):.3f}"


def fmt_int(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return str(int(v))


#: Columns holding names: their cells never break inside a word (CSS ``word-break: keep-all``).
_NAMES = {"name", "line", "business_line", "champions", "characterization", "rating", "quadrant",
          "posture", "test", "phase", "pair"}

Col = tuple[str, str, Callable[[object], str] | None]  # (column, header, formatter or None = text)


def table(
    df: pd.DataFrame,
    cols: Sequence[Col],
    *,
    max_rows: int | None = None,
    ctx: ReportContext | None = None,
    row_class: Callable[[pd.Series], str] | None = None,
    split: int | None = None,
    split_note: str = "",
) -> str:
    """An HTML table of ``df`` with the given columns; numbers right-aligned.

    ``split``: after that many rows a full-width row holds ``split_note`` (e.g. "960 lines
    between the highest and the lowest"), for tables that show both ends of a ranking.
    """
    if df is None or not len(df):
        return f'<p class="missing">{esc(ctx.t("none") if ctx else _("None."))}</p>'
    shown = df.head(max_rows) if max_rows else df
    shown = display(shown, [c for c, _h, f in cols if f is None])
    head = "".join(
        f'<th class="num">{esc(h)}</th>' if f else f"<th>{esc(h)}</th>" for _c, h, f in cols
    )
    rows = []
    for _i, r in shown.iterrows():
        cls = row_class(r) if row_class else ""
        tds = "".join(
            f'<td class="num">{f(r[c])}</td>'
            if f
            else (f'<td class="name">{esc(r[c])}</td>' if c in _NAMES else f"<td>{esc(r[c])}</td>")
            for c, _h, f in cols
        )
        rows.append(f'<tr class="{cls}">{tds}</tr>' if cls else f"<tr>{tds}</tr>")
    if split is not None and 0 < split < len(rows):
        rows.insert(
            split,
            f'<tr><td colspan="{len(cols)}" class="note" style="text-align:center">'
            f"⋯ {esc(split_note)} ⋯</td></tr>",
        )
    more = ""
    if max_rows and len(df) > max_rows:
        what = esc(ctx.t("more_rows") if ctx else _("more rows"))
        more = f'<p class="note">+ {len(df) - max_rows} {what}</p>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"


def figure(svgs: dict[str, str], name: str, caption: str = "", width: str | None = None) -> str:
    if name not in svgs:
        return ""
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    svg = inline_svg(svgs[name], slug(name), width=width)
    return f'<figure data-chart="{esc(name)}">{svg}{cap}</figure>'


def workbook(sheet: str) -> str:
    """Where the full data is: ``sheet 'backlog' of maturity_report.xlsx``."""
    return _("sheet '{sheet}' of maturity_report.xlsx").format(sheet=sheet)


def shown_note(text: str, sheet: str) -> str:
    """A note saying what a summarised table or chart shows and which sheet holds all of it."""
    return (
        '<p class="note">'
        + esc(_("{what}; every row is in {where}.").format(what=text, where=workbook(sheet)))
        + "</p>"
    )


def missing(ctx: ReportContext, what: str) -> str:
    return f'<p class="missing">{esc(ctx.t("not_provided"))}: {esc(what)}{esc(_("."))}</p>'


def slug(text: object) -> str:
    """A readable ASCII name for ``text`` (file names, HTML anchors, SVG ids, sheet names),
    unique per text: the ASCII letters, digits, ``_`` and ``-`` kept (runs of anything else
    become ``-``), lower-cased, at most 40 characters, plus an 8-digit hash of the whole text
    whenever anything was dropped or changed (non-ASCII characters, case, punctuation, length).

    Examples
    --------
    >>> slug("bank-delivery"), slug("银行交付"), slug("Bank-Delivery")
    ('bank-delivery', 'x-b91a8c39', 'bank-delivery-91f96158')
    >>> slug("银行交付") != slug("政府项目")
    True
    """
    import hashlib

    s = str(text)
    kept = re.sub(r"[^A-Za-z0-9_-]+", "-", s).strip("-").lower()[:40].strip("-")
    if kept == s:
        return kept
    digest = hashlib.sha1(s.encode("utf-8")).hexdigest()[:8]
    return f"{kept or 'x'}-{digest}"


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
