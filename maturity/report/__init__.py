"""The consultant's deliverable: the maturity report as an Excel workbook, one HTML file and a PDF.

:func:`write_report` takes the frames the other modules give (scores, validation results, gaps,
SWOT, roadmap, changes, reliability) and writes into one folder, atomically (a failed run leaves
no half-written report, see :func:`maturity.io.output_dir`):

- ``maturity_report.xlsx`` -- :mod:`maturity.report.xlsx` (summary with a bar chart, capability
  heatmap with targets, gaps, backlog, SWOT, roadmap with a week-by-week Gantt, trends,
  reliability, rejected answers);
- ``maturity_report.html`` -- :mod:`maturity.report.html`: one self-contained page (inline CSS
  and SVG, no URL at all), laid out for A4 print: executive summary, method and scales, one
  page per business line, capability heatmap, gaps and backlog, SWOT, roadmap, trends with
  intervals and p-values, data-quality annex;
- ``maturity_report.pdf`` -- the HTML printed by headless Chromium (:mod:`maturity.report.pdf`)
  when one is installed; otherwise a :class:`~maturity.exceptions.MaturityWarning` says so;
- ``maturity_report.docx`` -- :mod:`maturity.report.docx`: the HTML's sections as an editable
  Word document (heading styles, native tables, the charts as images, East Asian font set);
- ``maturity_summary.pptx`` -- :mod:`maturity.report.pptx`: a short 16:9 read-out deck;
- ``charts/*.png`` and ``charts/*.svg`` -- every chart of the HTML.

``formats=`` chooses among them (:data:`FORMATS`; default all). Every sentence is in the
report's language through the gettext catalogue of :mod:`maturity.i18n`.

Reports on many business lines stay readable and quick to write: above
:data:`~maturity.report.context.LINE_LIMIT` (40) lines the HTML and PDF are *summarised* --
charts draw the 20 lines with the highest and the 20 with the lowest maturity index next to
distribution charts of all lines, line pages (tables, no radar) are written for the 20 lines
furthest below their target, per-line tables show at most 40 rows -- and each place says what
it shows and which workbook sheet holds all of it; the cover says so too. The workbook always
holds every row (big sheets are written by :mod:`maturity.report.sheetxml`). A sample-sized
report is unchanged by this.

:func:`maturity.deliverable.build_report` computes every input from the answer files first
(an :class:`~maturity.assessment.Assessment`). Sections whose input is not given say "not
provided". The xlsx and HTML bytes depend only on the inputs (no timestamps), so two runs
give identical files. Labels switch between English and Simplified Chinese (``language="zh"``:
headings, table headers, process-area and business-line names).
"""

from __future__ import annotations

import os
import subprocess
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from maturity._bars import progress_bar
from maturity.exceptions import InputError, MaturityWarning
from maturity.io import output_dir
from maturity.report import html
from maturity.report import pdf as pdf_print
from maturity.report.context import ReportContext, make_context
from maturity.report.docx import write_docx
from maturity.report.labels import LABELS, label
from maturity.report.pptx import write_pptx
from maturity.scoring.score import Scores

if TYPE_CHECKING:
    from maturity.ingest.responses import Responses
    from maturity.plan.gap import Gaps
    from maturity.plan.roadmap import Roadmap
    from maturity.plan.rollout_status import RolloutStatus

__all__ = ["write_report", "LABELS", "label", "REPORT_FILES", "FORMATS", "parse_formats",
           "ReportSteps"]

#: Files a report folder holds (the PDF only when Chromium is installed).
REPORT_FILES = {
    "xlsx": "maturity_report.xlsx",
    "html": "maturity_report.html",
    "pdf": "maturity_report.pdf",
    "docx": "maturity_report.docx",
    "pptx": "maturity_summary.pptx",
}
#: Every format :func:`write_report` can write, in the order written.
FORMATS = ("xlsx", "html", "pdf", "docx", "pptx")


def parse_formats(formats: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """The formats asked for (``"xlsx,html"`` or a list; None = all), checked, in order.

    Examples
    --------
    >>> parse_formats("pptx, xlsx")
    ('xlsx', 'pptx')
    >>> parse_formats(None) == FORMATS
    True
    """
    if formats is None:
        return FORMATS
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    asked = {str(f).strip().lower() for f in items if str(f).strip()}
    bad = sorted(asked - set(FORMATS))
    if bad or not asked:
        raise InputError(
            f"unknown report format(s) {', '.join(bad) or '(none given)'}; choose from "
            f"{', '.join(FORMATS)} (comma-separated, e.g. --formats xlsx,html,docx)"
        )
    return tuple(f for f in FORMATS if f in asked)


class ReportSteps:
    """A tqdm bar over named steps (silent when ``progress`` is false)."""

    def __init__(self, total: int, progress: bool):
        self.bar = progress_bar(total, desc="report", unit="step", enabled=progress, leave=False)

    def step(self, name: str) -> None:
        self.bar.set_postfix_str(name)

    def done(self) -> None:
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def write_report(
    out_dir: str | os.PathLike[str],
    *,
    scores: Scores,
    read: Responses | None = None,
    gaps: Gaps | None = None,
    swot: pd.DataFrame | None = None,
    roadmap: Roadmap | None = None,
    changes: pd.DataFrame | Mapping[str, pd.DataFrame | None] | None = None,
    reliability: pd.DataFrame | Mapping[str, pd.DataFrame] | None = None,
    lines: pd.DataFrame | None = None,
    title: str = "",
    client: str = "",
    period: str = "",
    language: Literal["en", "zh"] = "en",
    pdf: bool = True,
    progress: bool = False,
    rollout: RolloutStatus | None = None,
    _steps: ReportSteps | None = None,
    formats: str | list[str] | tuple[str, ...] | None = None,
    date: str = "",
) -> dict[str, Path]:
    """Write the report workbook, HTML page, PDF, Word report, deck and charts into ``out_dir``.

    Parameters
    ----------
    out_dir : path
        Output folder (created). Files are written to a temporary folder inside it and moved in
        only when all were written.
    scores : Scores
        :func:`maturity.scoring.score.score` over one or more waves.
    read : Responses, optional
        :func:`maturity.ingest.responses.read_responses` result (``responses``, ``rejected``,
        ``notes``): the data-quality annex.
    gaps : Gaps, optional
        :func:`maturity.plan.gap.gap_analysis` (``gaps``, ``line_gaps``, ``backlog``): targets
        next to current levels, gap section, backlog.
    swot : pandas.DataFrame, optional
        :func:`maturity.plan.swot.read_swot`; the summary and IE matrix are derived.
    roadmap : Roadmap, optional
        :func:`maturity.plan.roadmap.plan_roadmap` (``roadmap``, ``phases``).
    changes : pandas.DataFrame or mapping, optional
        :func:`maturity.compare.trends.changes`, or a mapping with ``changes`` and
        ``line_comparison`` frames.
    reliability : pandas.DataFrame or mapping, optional
        :func:`maturity.compare.reliability.reliability`, or a mapping with ``reliability`` and
        ``disagreement`` frames.
    lines : pandas.DataFrame, optional
        Business-line attributes with ``name`` / ``name_zh``
        (:func:`maturity.plan.roadmap.read_lines`): display names.
    title, client, period : str
        Shown on the cover; the title defaults to "Process maturity assessment".
    language : {"en", "zh"}
        Language of the headings, table headers and names.
    pdf : bool
        Print the PDF with headless Chromium when one is found.
    progress : bool
        Show a progress bar on stderr.
    formats : str or list of str, optional
        Which of :data:`FORMATS` to write (``"xlsx,html,docx"``); default all. ``pdf`` needs
        Chromium (a warning says so when it is missing) and ``pdf=True``.
    date : str
        Report date shown on the cover (e.g. ``"2026-04-06"``); not shown when empty.

    Returns
    -------
    dict of str to pathlib.Path
        ``xlsx``, ``html``, ``docx``, ``pptx`` (those asked for), ``charts`` (folder) and ``pdf``
        when printed.

    Examples
    --------
    >>> import tempfile
    >>> from maturity import load_model, score
    >>> m = load_model("cmmi-dev-1.3")
    >>> q = m.questions
    >>> resp = pd.DataFrame({"wave": "2026-03", "business_line": "web", "respondent": "r1",
    ...                      "question": q.question, "practice": q.practice, "answer": "3",
    ...                      "value": 3.0, "na": False})
    >>> paths = write_report(tempfile.mkdtemp(), scores=score(resp, m), pdf=False, client="ACME")
    >>> sorted(paths)
    ['charts', 'docx', 'html', 'pptx', 'xlsx']
    """
    from maturity.report.charts import draw_charts  # lazy: matplotlib only when drawing
    from maturity.report.xlsx import write_workbook  # lazy: openpyxl (report.sheetxml)

    wanted = parse_formats(formats)
    own = _steps is None
    steps = _steps or ReportSteps(5, progress)
    try:
        steps.step("prepare")
        ctx = make_context(
            scores=scores,
            read=read,
            gaps=gaps,
            swot=swot,
            roadmap=roadmap,
            changes=changes,
            reliability=reliability,
            lines=lines,
            rollout=rollout,
            title=title,
            client=client,
            period=period,
            language=language,
            date=date,
        )
        steps.done()
        out = Path(out_dir)
        written: dict[str, Path] = {}
        with output_dir(out) as tmp:
            steps.step("charts")
            svgs = draw_charts(ctx, tmp / "charts", steps.bar)
            steps.done()
            steps.step("workbook")
            if "xlsx" in wanted:
                write_workbook(ctx, tmp / REPORT_FILES["xlsx"])
                written["xlsx"] = out / REPORT_FILES["xlsx"]
            steps.done()
            steps.step("html")
            page = html.render_html(ctx, svgs)
            (tmp / REPORT_FILES["html"]).write_text(page, encoding="utf-8")
            written.update({k: out / REPORT_FILES[k]
                            for k in _documents(ctx, page, tmp, wanted)})
            steps.done()
            steps.step("pdf")
            if pdf and "pdf" in wanted and _print(tmp):
                written["pdf"] = out / REPORT_FILES["pdf"]
            if "html" not in wanted:  # printed from it, not asked for
                (tmp / REPORT_FILES["html"]).unlink()
            steps.done()
        if "html" in wanted:
            written["html"] = out / REPORT_FILES["html"]
        written["charts"] = out / "charts"
        return dict(sorted(written.items()))
    finally:
        if own:
            steps.close()


def _documents(ctx: ReportContext, page: str, tmp: Path, wanted: tuple[str, ...]) -> list[str]:
    """Write the Word report and the deck asked for (from the page and its charts)."""
    done = []
    if "docx" in wanted:
        write_docx(ctx, page, tmp / "charts", tmp / REPORT_FILES["docx"])
        done.append("docx")
    if "pptx" in wanted:
        write_pptx(ctx, tmp / "charts", tmp / REPORT_FILES["pptx"])
        done.append("pptx")
    return done


def _print(tmp: Path) -> bool:
    """Print the HTML page to PDF with headless Chromium; a warning says why when it cannot."""
    browser = pdf_print.find_chromium()
    if browser is None:
        warnings.warn(
            "PDF not written: no chromium, chromium-browser or google-chrome on PATH "
            "(install Chromium to get maturity_report.pdf)",
            MaturityWarning,
            stacklevel=3,
        )
        return False
    try:
        return bool(pdf_print.print_pdf(tmp / REPORT_FILES["html"], tmp / REPORT_FILES["pdf"],
                                        browser=browser))
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        warnings.warn(f"PDF not written: {exc}", MaturityWarning, stacklevel=3)
        return False
