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

:func:`build_report` computes every input from the answer files first. Sections whose input is
not given say "not provided". The xlsx and HTML bytes depend only on the inputs (no timestamps),
so two runs give identical files. Labels switch between English and Simplified Chinese
(``language="zh"``: headings, table headers, process-area and business-line names).
"""

from __future__ import annotations

import os
import subprocess
import warnings
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from maturity.i18n import language as _language
from maturity.report.labels import LABELS, label
from maturity.scoring.score import Scores

__all__ = ["write_report", "build_report", "report_inputs", "LABELS", "label", "REPORT_FILES",
           "FORMATS", "parse_formats"]

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
        from maturity.exceptions import InputError

        raise InputError(
            f"unknown report format(s) {', '.join(bad) or '(none given)'}; choose from "
            f"{', '.join(FORMATS)} (comma-separated, e.g. --formats xlsx,html,docx)"
        )
    return tuple(f for f in FORMATS if f in asked)


class _Steps:
    """A tqdm bar over named steps (silent when ``progress`` is false)."""

    def __init__(self, total: int, progress: bool):
        from maturity._bars import progress_bar

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
    read: Any = None,
    gaps: Any = None,
    swot: pd.DataFrame | None = None,
    roadmap: Any = None,
    changes: Any = None,
    reliability: Any = None,
    lines: pd.DataFrame | None = None,
    title: str = "",
    client: str = "",
    period: str = "",
    language: Literal["en", "zh"] = "en",
    pdf: bool = True,
    progress: bool = False,
    rollout: Any = None,
    _steps: _Steps | None = None,
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
        :func:`maturity.ingest.responses.read_responses` result (``responses``, ``rejected``, ``notes``):
        the data-quality annex.
    gaps : Gaps, optional
        :func:`maturity.plan.gap.gap_analysis` (``gaps``, ``line_gaps``, ``backlog``): targets next to
        current levels, gap section, backlog.
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
        Business-line attributes with ``name`` / ``name_zh`` (:func:`maturity.plan.roadmap.read_lines`):
        display names.
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
    from maturity.io import output_dir
    from maturity.report.charts import draw_charts
    from maturity.report.context import make_context
    from maturity.report.html import render_html
    from maturity.report.pdf import find_chromium, print_pdf
    from maturity.report.xlsx import write_workbook

    wanted = parse_formats(formats)
    own = _steps is None
    steps = _steps or _Steps(5, progress)
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
            page = render_html(ctx, svgs)
            (tmp / REPORT_FILES["html"]).write_text(page, encoding="utf-8")
            if "docx" in wanted:
                from maturity.report.docx import write_docx

                write_docx(ctx, page, tmp / "charts", tmp / REPORT_FILES["docx"])
                written["docx"] = out / REPORT_FILES["docx"]
            if "pptx" in wanted:
                from maturity.report.pptx import write_pptx

                write_pptx(ctx, tmp / "charts", tmp / REPORT_FILES["pptx"])
                written["pptx"] = out / REPORT_FILES["pptx"]
            steps.done()
            steps.step("pdf")
            if pdf and "pdf" in wanted:
                browser = find_chromium()
                if browser is None:
                    warnings.warn(
                        "PDF not written: no chromium, chromium-browser or google-chrome on PATH "
                        "(install Chromium to get maturity_report.pdf)",
                        _warning(),
                        stacklevel=2,
                    )
                else:
                    try:
                        if print_pdf(
                            tmp / REPORT_FILES["html"], tmp / REPORT_FILES["pdf"], browser=browser
                        ):
                            written["pdf"] = out / REPORT_FILES["pdf"]
                    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                        warnings.warn(f"PDF not written: {exc}", _warning(), stacklevel=2)
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


def _warning() -> type[Warning]:
    from maturity.exceptions import MaturityWarning

    return MaturityWarning


def report_inputs(
    data: Any,
    model: Any,
    target: Any = None,
    swot: Any = None,
    lines: Any = None,
    *,
    plan_options: Any = None,
    progress: bool = False,
    waves: Any = None,
    baseline: str | None = None,
    n_boot: int = 100,
    baseline_outputs: Any = None,
    _steps: _Steps | None = None,
    start: Any = None,
    log: Any = None,
    as_of: Any = None,
) -> dict[str, Any]:
    """Compute every input of :func:`write_report` from the answer files.

    Parameters
    ----------
    data : path or Responses or pandas.DataFrame
        Answers: what :func:`maturity.ingest.responses.read_responses` reads, or its result.
    model : Model or str
        The model (id or path).
    target : path or mapping, optional
        Target profile (:func:`maturity.plan.gap.read_targets`): gaps, backlog and the roadmap.
    swot : path or pandas.DataFrame, optional
        SWOT factors (:func:`maturity.plan.swot.read_swot`).
    lines : path or pandas.DataFrame, optional
        Business-line attributes (:func:`maturity.plan.roadmap.read_lines`): the roadmap and names.
    plan_options : maturity.plan.rollout.PlanOptions, optional
        Planning options; with ``lines`` and ``target`` gaps and roadmap come from
        :func:`maturity.plan.rollout.plan_rollout`, the one plan ``maturity roadmap`` writes too.
    progress : bool
        Show a progress bar.
    waves, baseline : optional
        Waves compared and the baseline wave (:func:`maturity.compare.trends.changes`): the trends
        compare consecutive waves and, with a baseline, the baseline with each other wave.
    n_boot : int
        Bootstrap resamples of the maturity index changes' intervals (0: none).
    baseline_outputs : path, optional
        Last year's ``maturity score`` outputs (:func:`maturity.compare.yoy.read_outputs`) as the
        baseline when its answers are gone.

    Returns
    -------
    dict
        Keyword arguments of :func:`write_report` (``scores, read, gaps, swot, roadmap,
        changes, reliability, lines``); inputs not given are None.
    """
    from maturity.ingest.responses import Responses, read_responses
    from maturity.model.load import load_model
    from maturity.scoring.score import score

    own = _steps is None
    steps = _steps or _Steps(6, progress)
    try:
        m = load_model(model)
        steps.step("read and score")
        if isinstance(data, Responses):
            read = data
        elif isinstance(data, pd.DataFrame):  # an already validated responses frame
            read = None
        else:
            read = read_responses(data, m, progress=False)
        resp = read.responses if read is not None else data
        if resp is None or not len(resp):
            from maturity.exceptions import InputError

            first = (
                read.rejected["message"].iloc[0]
                if read is not None and len(read.rejected)
                else "no answer rows found"
            )
            raise InputError(
                f"{data}: no valid answers to report on (first problem: {first})",
                read.rejected if read is not None else None,
            )
        if read is not None and len(read.rejected):  # said, not only in the annex
            from maturity.exceptions import MaturityWarning

            warnings.warn(
                f"{len(read.rejected)} answer row(s) rejected and not scored (first: "
                f"{read.rejected['message'].iloc[0]}); every one is listed in the report's "
                f"data-quality annex and the workbook's 'rejected' sheet",
                MaturityWarning, stacklevel=2,
            )
        scores = score(resp, m)
        steps.done()
        steps.step("swot")
        sw = None
        if swot is not None:
            from maturity.plan.swot import read_swot

            sw = (
                swot
                if isinstance(swot, pd.DataFrame) and "weighted_score" in swot.columns
                else read_swot(swot, model=m)
            )
        steps.done()
        steps.step("gaps")
        gaps = plan = None
        rollout = None
        if target is not None and lines is not None:  # the one plan (maturity.plan.rollout)
            from maturity.plan.rollout import plan_rollout

            base, base_scores = resp, scores
            if log is not None:  # issue 22: the plan from the baseline waves, then the status
                from maturity.plan.rollout_status import baseline_answers
                from maturity.plan.tracking import RolloutLog, read_log

                log = log if isinstance(log, RolloutLog) else read_log(log)
                base = baseline_answers(resp, log)
                base_scores = score(base, m) if len(base) != len(resp) else scores
            plan = plan_rollout(base_scores, target, lines, sw, responses=base,
                                options=plan_options,
                                **({"start": start} if start is not None else {}))
            gaps = plan.gaps
            if log is not None:
                from maturity.plan.rollout_status import rollout_status

                rollout = rollout_status(plan, log, responses=resp, model=m, targets=target,
                                         as_of=as_of)
                if base_scores is not scores:  # the report's gaps: every wave, as without a log
                    from maturity.plan.gap import gap_analysis, read_targets, targets_from_swot

                    tg = read_targets(target, m)
                    if plan.swot_summary is not None:
                        tg = targets_from_swot(plan.swot_summary, tg)
                    gaps = gap_analysis(scores, tg, swot=sw, responses=resp)
        elif target is not None:
            from maturity.plan.gap import gap_analysis, read_targets, targets_from_swot

            tg = read_targets(target, m)
            if sw is not None:
                from maturity.plan.swot import swot_summary

                tg = targets_from_swot(swot_summary(sw), tg)
            gaps = gap_analysis(scores, tg, swot=sw, responses=resp)
        steps.done()
        steps.step("roadmap")
        line_attrs = rm = None
        if lines is not None:
            from maturity.plan.roadmap import read_lines

            line_attrs = read_lines(lines)
            rm = plan.roadmap if plan is not None else None
        steps.done()
        steps.step("trends")
        ch = None
        if scores.maturity["wave"].nunique() > 1 or baseline_outputs is not None:
            ch = _trends(resp, scores, line_attrs, waves, baseline, n_boot, baseline_outputs)
        steps.done()
        steps.step("reliability")
        from maturity.compare.reliability import disagreement, reliability

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rel = {"reliability": reliability(resp), "disagreement": disagreement(resp)}
        steps.done()
    finally:
        if own:
            steps.close()
    return {
        "scores": scores,
        "read": read,
        "gaps": gaps,
        "swot": sw,
        "roadmap": rm,
        "changes": ch,
        "reliability": rel,
        "lines": line_attrs,
        "rollout": rollout,
    }


def _trends(resp: pd.DataFrame, scores: Scores, line_attrs: Any, waves: Any,
            baseline: str | None, n_boot: int, baseline_outputs: Any) -> dict[str, Any]:
    """The ``changes`` input of :func:`write_report`: changes, line comparison and the
    company's change, one bootstrap shared by all (docs/year_over_year.md)."""
    from maturity.compare.trends import changes, line_comparison, respondent_scores, wave_pairs
    from maturity.compare.yoy import (
        company_change,
        index_replicates,
        join_outputs,
        no_test_caveat,
        read_outputs,
    )

    mat, rs, joined = scores.maturity, resp, None
    if baseline_outputs is not None:
        joined = join_outputs(read_outputs(baseline_outputs), mat, respondent_scores(resp))
        mat, rs = joined["maturity"], joined["scores"]
        baseline = baseline or joined["baseline"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pairs = wave_pairs(mat["wave"], waves=waves, baseline=baseline)
        used = sorted({w for p in pairs for w in p[:2]})
        reps = (index_replicates(resp, scores.model, waves=used, n_boot=n_boot)
                if n_boot > 0 else None)
        ch = changes(rs, mat, waves=waves, baseline=baseline, replicates=reps)
        if joined is not None and not joined["respondents"]:
            ch = no_test_caveat(ch, joined["old_waves"])
        by = "group" if line_attrs is not None and "group" in line_attrs.columns else "_none"
        company = [pd.concat(company_change(mat, line_attrs, wave_from=a, wave_to=b,
                                            replicates=reps, by=by))
                   for a, b, _k in pairs]
        present = [w for w in used if w in set(resp["wave"].astype(str))]
        return {
            "changes": ch,
            "line_comparison": line_comparison(resp, wave=waves or present or None),
            "company": pd.concat(company, ignore_index=True) if company else None,
        }


def build_report(
    data: Any,
    model: Any,
    target: Any = None,
    swot: Any = None,
    lines: Any = None,
    *,
    out_dir: str | os.PathLike[str],
    title: str = "",
    client: str = "",
    period: str = "",
    language: Literal["en", "zh"] = "en",
    pdf: bool = True,
    progress: bool = False,
    start: Any = None,
    formats: str | list[str] | tuple[str, ...] | None = None,
    date: str = "",
    plan_options: Any = None,
    waves: Any = None,
    baseline: str | None = None,
    n_boot: int = 100,
    baseline_outputs: Any = None,
    log: Any = None,
    as_of: Any = None,
) -> dict[str, Path]:
    """Compute everything from the answer files (:func:`report_inputs`) and write the report.

    Returns the paths of :func:`write_report`.

    Examples
    --------
    >>> import tempfile
    >>> from maturity.datasets import data_path
    >>> paths = build_report(data_path("responses/2026-03.csv"), "cmmi-dev-1.3",
    ...                      data_path("targets.yaml"), out_dir=tempfile.mkdtemp(), pdf=False)
    >>> paths["html"].name
    'maturity_report.html'
    """
    steps = _Steps(11, progress)
    try:
        with _language(language):  # reasons and caveats written in the report's language
            inputs = report_inputs(data, model, target, swot, lines, plan_options=plan_options,
                                   _steps=steps, start=start, waves=waves, baseline=baseline,
                                   n_boot=n_boot, baseline_outputs=baseline_outputs, log=log,
                                   as_of=as_of)
        return write_report(
            out_dir,
            **inputs,
            title=title,
            client=client,
            period=period,
            language=language,
            pdf=pdf,
            _steps=steps,
            formats=formats,
            date=date,
        )
    finally:
        steps.close()
