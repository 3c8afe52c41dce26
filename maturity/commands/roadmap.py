"""``maturity roadmap DATA --model ID --target FILE --lines FILE [--swot FILE] [planning
options] --out DIR``.

Reads the answers (:func:`maturity.ingest.responses.read_responses`), scores them
(:func:`maturity.scoring.score.score`) and builds the one rollout plan
(:func:`maturity.plan.rollout.plan_rollout`: targets raised by SWOT customer requirements, gap
analysis, roadmap), the same plan ``maturity report`` shows. Writes ``roadmap.csv``,
``phases.csv``, ``plan_notes.csv``, ``wave_totals.csv``, ``roadmap.xlsx`` (summary, roadmap,
phases, Gantt, quarterly milestones, PMO stages, org backlog, notes[, sensitivity]),
``roadmap_msproject.xml``, ``gantt.png``, ``effort_value.png`` and ``resource_loading.png``
into DIR (with ``--log LOG [--as-of DATE]`` also the rollout's status, issue 22: ``roadmap.csv``
with ``status``, ``phases.csv`` with ``planned_start, planned_end, actual_start, actual_end,
status``, ``gates.csv``, ``standard.csv`` and ``gantt_status.png``; see
:mod:`maturity.plan.rollout_status`), atomically, plus ``rejected.csv`` / ``notes.csv`` when answer
rows were rejected or converted (as ``maturity score`` and ``maturity gap`` do).

Planning options (:func:`maturity.commands.planning.add_plan_arguments`, shared with
``maturity report``): ``--capacity``
(coaches), ``--start``, ``--weights``, ``--ahp`` / ``--force-ahp`` (``--ahp-template FILE``
writes a workbook to fill in and exits), ``--min-strictness``, ``--max-complexity``,
``--quadrant``, ``--scale``, ``--pass-rate``, ``--wave-gate``, ``--champions``,
``--champions-per-source``, ``--checkpoint-weeks``, ``--holidays``, ``--country``,
``--sensitivity``.

Nothing is left out silently: rejected rows are counted on stderr and listed in
``rejected.csv``; the summary names the business lines the plan leaves out (``roadmap.csv``
gives each one's reason); input problems the plan worked around are in ``plan_notes.csv`` and on
stderr (``maturity roadmap: warning: ...``). ``--quiet`` hides the progress bar. Bad inputs
exit with code 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from maturity.commands.inputs import (
    add_input_options,
    read_answers,
    warnings_on_stderr,
    write_read_report,
)
from maturity.commands.planning import add_log_arguments, add_plan_arguments, plan_options
from maturity.exceptions import ValidationError
from maturity.i18n import _

if TYPE_CHECKING:
    from maturity.ingest.responses import Responses
    from maturity.plan.roadmap import Roadmap
    from maturity.plan.rollout import Plan
    from maturity.plan.rollout_status import RolloutStatus

__all__ = ["add_parser", "run", "add_plan_arguments", "plan_options", "add_log_arguments"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``roadmap`` command."""
    p = subparsers.add_parser(
        "roadmap",
        help="phased rollout plan: rollout waves, schedule, champions, Gantt chart",
        description="Score DATA, compare with the --target profile and plan the rollout of "
        "the standard process over the business lines in --lines; write roadmap.csv, "
        "phases.csv, wave_totals.csv, roadmap.xlsx, roadmap_msproject.xml and charts into "
        "--out.",
    )
    p.add_argument("data", metavar="DATA", nargs="?",
                   help="answers: long CSV/xlsx, workbook or folder")
    p.add_argument("--model", metavar="ID", help="model id or YAML path")
    p.add_argument("--target", metavar="FILE", help="target profile (.yaml or .csv)")
    p.add_argument("--lines", metavar="FILE",
                   help="line attributes: business_line, group, headcount, complexity, "
                   "customer_strictness (.csv or .xlsx)")
    p.add_argument("--swot", metavar="FILE", help="SWOT factors (.csv, .xlsx or .yaml)")
    add_plan_arguments(p)
    p.add_argument("--out", metavar="DIR", help="output folder (created)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_log_arguments(p)
    add_input_options(p, lines=True)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``maturity roadmap``; returns 0."""
    with warnings_on_stderr("roadmap"):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from maturity.assessment import Assessment
    from maturity.io import output_dir
    from maturity.plan.rollout import write_ahp_template
    from maturity.plan.rollout_io import write_plan_files

    if args.ahp_template:
        path = write_ahp_template(args.ahp_template)
        print(f"AHP workbook to fill in: {path}")
        return 0
    missing = [f for f, v in (("DATA", args.data), ("--model", args.model),
                              ("--target", args.target), ("--lines", args.lines),
                              ("--out", args.out)) if not v]
    if missing:
        raise ValidationError(f"maturity roadmap: missing {', '.join(missing)}; expected "
                              "maturity roadmap DATA --model ID --target FILE --lines FILE "
                              "--out DIR")
    a = Assessment(args.model, lambda model: read_answers(
                       args.data, model, progress=not args.quiet, command="roadmap", args=args),
                   targets=args.target, lines=args.lines, swot=args.swot,
                   plan_options=plan_options(args), log=getattr(args, "log", None),
                   as_of=args.as_of)
    a.targets, a.lines, a.log  # noqa: B018 (small inputs checked before the answers)
    data, plan, status = a.read, a.plan, a.rollout
    rm = plan.roadmap
    with output_dir(args.out) as tmp:
        written = write_read_report(data, tmp)
        files = write_plan_files(plan, tmp)
        if status is not None:
            from maturity.plan.rollout_status import write_status_files

            files += write_status_files(plan, status, tmp)
        charts = _draw_charts(rm, status, tmp)
    _say(args, data, plan, status, a.plan_options.capacity)
    names = list(dict.fromkeys([p.name for p in files] + charts))
    for name in [*names, *(p.name for p in written)]:
        print(f"{args.out}/{name}")
    return 0


def _draw_charts(rm: Roadmap, status: RolloutStatus | None, tmp: Path) -> list[str]:
    """``gantt.png``, ``effort_value.png``, ``resource_loading.png`` (and, with a log,
    ``gantt_status.png``) into ``tmp``; their names."""
    from matplotlib.figure import Figure

    from maturity.plots.roadmap import plot_effort_value, plot_gantt, plot_resource_loading

    if status is not None:
        from maturity.plots.roadmap import plot_tracking

        n_l = int(status.tracking.lines["business_line"].nunique()) + 1
        fig = Figure(figsize=(11, 1.2 + 0.6 * n_l))
        plot_tracking(status.tracking, ax=fig.subplots())
        fig.savefig(tmp / "gantt_status.png", dpi=120, bbox_inches="tight",
                    metadata={"Software": None})
    n = int(rm.phases["business_line"].nunique()) + 1
    charts = (("gantt.png", plot_gantt, (11, 1.2 + 0.45 * n)),
              ("effort_value.png", plot_effort_value, (7, 6)),
              ("resource_loading.png", plot_resource_loading, (10, 4)))
    for name, fn, size in charts:
        fig = Figure(figsize=size)
        fn(rm, ax=fig.subplots())
        fig.savefig(tmp / name, dpi=120, bbox_inches="tight", metadata={"Software": None})
    return [c[0] for c in charts] + (["gantt_status.png"] if status is not None else [])


def _say(args: argparse.Namespace, data: Responses, plan: Plan, status: RolloutStatus | None,
         capacity: int) -> None:
    """The summary on stdout: lines planned, totals, left out, notes, rejected rows, status."""
    rm = plan.roadmap
    r = rm.roadmap
    planned = r["wave"].notna()
    print(f"roadmap: {len(data.responses)} answers scored; {int(planned.sum())} of {len(r)} "
          f"business line(s) planned in {r.loc[planned, 'wave'].nunique()} rollout wave(s), "
          f"{capacity} coach(es)")
    tot = plan.totals.iloc[-1] if len(plan.totals) else None
    if tot is not None:
        print(f"total: {int(tot.n_lines)} line(s), {tot.effort_points:g} effort points, "
              f"{tot.coach_weeks:g} coach-weeks, {int(tot.people_trained)} people trained, "
              f"{tot.start.date()} .. {tot.end.date()}")
    left = sorted(r.loc[~planned, "business_line"].astype(str))
    if left:
        print(f"left out ({len(left)}, reasons in roadmap.csv): {', '.join(left)}")
    if len(rm.notes):
        print(f"{len(rm.notes)} planning note(s): see {args.out}/plan_notes.csv")
    if len(data.rejected):
        print(f"{len(data.rejected)} answer rows rejected: see {args.out}/rejected.csv")
    if status is not None:
        tr = status.tracking
        counts = tr.lines["status"].value_counts()
        print(_("status as of {day}: {counts}").format(
            day=tr.as_of.date(), counts=", ".join(f"{k} {int(counts[k])}" for k in
                                                  ("done", "in progress", "late", "blocked",
                                                   "held", "planned") if k in counts)))
        for row in tr.lines[tr.lines["status"] != "done"].itertuples():
            print(f"  {row.business_line}: {_(row.status)}: {row.reason}")
        for note in status.notes:
            print(f"note: {note}")
