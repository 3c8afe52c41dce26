"""The consultant's deliverable from the answer files: an :class:`~maturity.assessment.Assessment`
computes every frame, :func:`maturity.report.write_report` writes them.

:func:`report_inputs` gives the keyword arguments of :func:`maturity.report.write_report` (the
report's sections, each from the assessment's result of the same name); :func:`build_report`
computes them in the report's language and writes the files.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from maturity.assessment import Assessment, PathLike
from maturity.exceptions import InputError, MaturityWarning
from maturity.i18n import language as _language
from maturity.ingest.responses import Responses
from maturity.model.load import Model
from maturity.plan.rollout import PlanOptions
from maturity.report import ReportSteps, write_report

if TYPE_CHECKING:
    from maturity.plan.gap import Targets
    from maturity.plan.tracking import RolloutLog

__all__ = ["report_inputs", "build_report"]


def report_inputs(
    data: Responses | pd.DataFrame | PathLike,
    model: Model | PathLike,
    target: Targets | Mapping[str, Any] | PathLike | None = None,
    swot: pd.DataFrame | PathLike | None = None,
    lines: pd.DataFrame | PathLike | None = None,
    *,
    plan_options: PlanOptions | None = None,
    progress: bool = False,
    waves: Sequence[str] | None = None,
    baseline: str | None = None,
    n_boot: int = 100,
    baseline_outputs: PathLike | None = None,
    _steps: Any = None,
    start: Any = None,
    log: RolloutLog | pd.DataFrame | PathLike | None = None,
    as_of: Any = None,
) -> dict[str, Any]:
    """Compute every input of :func:`maturity.report.write_report` with an :class:`Assessment`.

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
    start : date, optional
        First day of the plan (replaces ``plan_options.start``).
    log, as_of : optional
        Rollout log and the day of its status (:attr:`Assessment.rollout`).

    Returns
    -------
    dict
        Keyword arguments of :func:`maturity.report.write_report` (``scores, read, gaps, swot,
        roadmap, changes, reliability, lines, rollout``); inputs not given are None.

    Examples
    --------
    >>> from maturity import datasets
    >>> inputs = report_inputs(datasets.data_path("responses/2026-03.csv"), "cmmi-dev-1.3",
    ...                        datasets.data_path("targets.yaml"))
    >>> sorted(k for k, v in inputs.items() if v is not None)
    ['gaps', 'read', 'reliability', 'scores']
    """
    if start is not None:
        plan_options = dataclasses.replace(plan_options or PlanOptions(), start=start)
    a = Assessment(model, data, targets=target, swot=swot, lines=lines,
                   plan_options=plan_options, log=log, as_of=as_of,
                   read_options={"progress": False})
    own = _steps is None
    steps = _steps or ReportSteps(6, progress)
    try:
        steps.step("read and score")
        _check_answers(a, data)
        scores = a.scores
        steps.done()
        steps.step("swot")
        a.swot  # noqa: B018 (read here: its errors come before the plan's)
        steps.done()
        steps.step("gaps")
        gaps = a.gaps if target is not None else None
        rollout = a.rollout if target is not None and lines is not None else None
        steps.done()
        steps.step("roadmap")
        rm = a.plan.roadmap if target is not None and lines is not None else None
        steps.done()
        steps.step("trends")
        ch = None
        if scores.maturity["wave"].nunique() > 1 or baseline_outputs is not None:
            ch = a.trends(waves=waves, baseline=baseline, n_boot=n_boot,
                          baseline_outputs=baseline_outputs)
        steps.done()
        steps.step("reliability")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rel = a.reliability()
        steps.done()
    finally:
        if own:
            steps.close()
    return {"scores": scores, "read": a.read, "gaps": gaps, "swot": a.swot, "roadmap": rm,
            "changes": ch, "reliability": rel, "lines": a.lines, "rollout": rollout}


def _check_answers(a: Assessment, data: Any) -> None:
    """Refuse a report without answers; warn of rejected rows (said, not only in the annex)."""
    read = a.read
    resp = a.responses
    if resp is None or not len(resp):
        first = (read.rejected["message"].iloc[0] if read is not None and len(read.rejected)
                 else "no answer rows found")
        raise InputError(f"{data}: no valid answers to report on (first problem: {first})",
                         read.rejected if read is not None else None)
    if read is not None and len(read.rejected):
        warnings.warn(
            f"{len(read.rejected)} answer row(s) rejected and not scored (first: "
            f"{read.rejected['message'].iloc[0]}); every one is listed in the report's "
            f"data-quality annex and the workbook's 'rejected' sheet",
            MaturityWarning, stacklevel=3,
        )


def build_report(
    data: Responses | pd.DataFrame | PathLike,
    model: Model | PathLike,
    target: Targets | Mapping[str, Any] | PathLike | None = None,
    swot: pd.DataFrame | PathLike | None = None,
    lines: pd.DataFrame | PathLike | None = None,
    *,
    out_dir: PathLike,
    title: str = "",
    client: str = "",
    period: str = "",
    language: Literal["en", "zh"] = "en",
    pdf: bool = True,
    progress: bool = False,
    start: Any = None,
    formats: str | list[str] | tuple[str, ...] | None = None,
    date: str = "",
    plan_options: PlanOptions | None = None,
    waves: Sequence[str] | None = None,
    baseline: str | None = None,
    n_boot: int = 100,
    baseline_outputs: PathLike | None = None,
    log: RolloutLog | pd.DataFrame | PathLike | None = None,
    as_of: Any = None,
) -> dict[str, Path]:
    """Compute everything from the answer files (:func:`report_inputs`) and write the report.

    Returns the paths of :func:`maturity.report.write_report`.

    Examples
    --------
    >>> import tempfile
    >>> from maturity.datasets import data_path
    >>> paths = build_report(data_path("responses/2026-03.csv"), "cmmi-dev-1.3",
    ...                      data_path("targets.yaml"), out_dir=tempfile.mkdtemp(), pdf=False)
    >>> paths["html"].name
    'maturity_report.html'
    """
    steps = ReportSteps(11, progress)
    try:
        with _language(language):  # reasons and caveats written in the report's language
            inputs = report_inputs(data, model, target, swot, lines, plan_options=plan_options,
                                   _steps=steps, start=start, waves=waves, baseline=baseline,
                                   n_boot=n_boot, baseline_outputs=baseline_outputs, log=log,
                                   as_of=as_of)
        return write_report(out_dir, **inputs, title=title, client=client, period=period,
                            language=language, pdf=pdf, _steps=steps, formats=formats,
                            date=date)
    finally:
        steps.close()
