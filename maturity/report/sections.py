"""The sections of the HTML report in page order, one function each: ``(ctx[, svgs]) -> HTML``.

They live in four modules, read in the order of the page:

- :mod:`maturity.report.summary_sections` -- cover (with the contents, :data:`SECTION_IDS`) and
  executive summary;
- :mod:`maturity.report.line_sections` -- a page per business line, capability heatmap;
- :mod:`maturity.report.plan_sections` -- gaps and backlog, SWOT, roadmap, rollout status;
- :mod:`maturity.report.trend_sections` -- changes between waves, data-quality annex.

The method section is :mod:`maturity.report.method`. Business-line pages are ``line-<id>``
inside ``lines`` (:func:`maturity.report.markup.slug`: unique per id). Every sentence goes
through :func:`maturity.i18n._` (the caller sets the language, see
:func:`maturity.report.html.render_html`); codes and generated reasons in the frames are
translated at display time (:mod:`maturity.report.translate`).

A summarised report (``ctx.summarised``, more than
:data:`~maturity.report.context.LINE_LIMIT` lines) shows in each section what the context
selected (``ctx.chart_lines``, ``ctx.page_lines``, at most
:data:`~maturity.report.context.TABLE_ROWS` rows per table) with a note naming the workbook
sheet that holds every row (:func:`maturity.report.markup.shown_note`).
"""

from __future__ import annotations

from maturity.report.line_sections import capability, line_pages
from maturity.report.plan_sections import gaps, roadmap, rollout_status, swot
from maturity.report.summary_sections import SECTION_IDS, cover, findings, summary
from maturity.report.trend_sections import quality, trends, trends_caveat

__all__ = [
    "SECTION_IDS",
    "cover",
    "summary",
    "line_pages",
    "capability",
    "gaps",
    "swot",
    "roadmap",
    "rollout_status",
    "trends",
    "trends_caveat",
    "quality",
    "findings",
]
