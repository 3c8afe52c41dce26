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

Planning options (:func:`add_plan_arguments`, shared with ``maturity report``): ``--capacity``
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
from typing import Any

from maturity.commands.inputs import add_input_options

__all__ = ["add_parser", "run", "add_plan_arguments", "plan_options", "add_log_arguments"]


def _pairs(text: str, flag: str) -> dict[str, float]:
    """``"a=1,b=2.5"`` -> ``{"a": 1.0, "b": 2.5}`` (located error otherwise)."""
    from maturity.exceptions import ValidationError

    out: dict[str, float] = {}
    for part in [x for x in text.split(",") if x.strip()]:
        k, sep, v = part.partition("=")
        try:
            if not sep:
                raise ValueError
            out[k.strip()] = float(v)
        except ValueError:
            raise ValidationError(f"{flag} {text!r}: {part.strip()!r} is not name=number; "
                                  f"expected e.g. {flag} value=2,effort=1") from None
    return out


def add_plan_arguments(p: argparse.ArgumentParser) -> None:
    """Add every planning option (the fields of :class:`maturity.plan.rollout.PlanOptions`)."""
    g = p.add_argument_group("planning options")
    g.add_argument("--capacity", type=int, default=2, metavar="N",
                   help="coaches: lines coached at once (default 2)")
    g.add_argument("--start", metavar="DATE",
                   help="first day of the plan after the assessment: 2026-04-06, 2026/4/6 or "
                   "2026年4月6日 (default: the first working day after the latest survey wave)")
    g.add_argument("--weights", metavar="K=V,...",
                   help="score weights, e.g. customer_pull=3,size=1 (names: value, effort, "
                   "readiness, customer_pull, size, gap, backlog, complexity, maturity, "
                   "strengths)")
    g.add_argument("--ahp", metavar="FILE",
                   help="AHP workbook (sheets priority, value, effort, readiness); its "
                   "priorities replace the weights of each group it has a sheet for")
    g.add_argument("--ahp-template", metavar="FILE",
                   help="write an AHP workbook to fill in and exit")
    g.add_argument("--force-ahp", action="store_true",
                   help="use AHP tables whose consistency ratio is above Saaty's threshold")
    g.add_argument("--min-strictness", type=int, default=2, metavar="N",
                   help="customer-pull wave: customer_strictness >= N (default 2)")
    g.add_argument("--max-complexity", type=int, default=2, metavar="N",
                   help="simple-work wave: complexity <= N (default 2)")
    g.add_argument("--quadrant", metavar="K=V,...",
                   help="quadrant thresholds, e.g. value=0.5,effort=0.5,pilot_weeks=13,"
                   "complexity=5")
    g.add_argument("--scale", metavar="K=V,...",
                   help="sizing constants, e.g. points_per_coach_week=8,max_pilot_weeks=26,"
                   "trainees_per_week=60 (see maturity.plan.sizing)")
    g.add_argument("--pass-rate", type=float, default=0.8, metavar="F",
                   help="training-test gate before the pilot (default 0.8)")
    g.add_argument("--codesign-weeks", type=int, default=1, metavar="N",
                   help="weeks of the co-design phase before training: the line director and "
                   "core project managers design the line's process with the PMO (default 1; "
                   "0 leaves it out)")
    g.add_argument("--wave-gate", choices=["benefit", "review", "pilot", "none"],
                   default="benefit",
                   help="when a later rollout wave may start (default benefit: every earlier "
                   "line showed benefit at its first checkpoint)")
    g.add_argument("--champions", type=int, default=1, metavar="N",
                   help="champions per line (default 1)")
    g.add_argument("--champions-per-source", type=int, default=2, metavar="N",
                   help="receiving lines one source line supports at a time (default 2)")
    g.add_argument("--checkpoint-weeks", type=int, metavar="N",
                   help="one pilot checkpoint every N weeks (default 6)")
    g.add_argument("--holidays", metavar="FILE",
                   help="non-working days: CSV/xlsx with a date column, or one date a line")
    g.add_argument("--country", default="CN", metavar="CODE",
                   help="public-holiday calendar, ISO code (default CN; 'none' for none)")
    g.add_argument("--sensitivity", action="store_true",
                   help="add the sensitivity tables (weights, cut-offs, thresholds, "
                   "attributes) to roadmap.xlsx")


def plan_options(args: argparse.Namespace) -> Any:
    """:class:`maturity.plan.rollout.PlanOptions` from the parsed planning flags."""
    from maturity.commands.report import _start
    from maturity.plan.rollout import PlanOptions

    start = _start(args)  # 2026-04-06, 2026/4/6, 2026年4月6日 (maturity.waves.parse_day)
    return PlanOptions(
        weights=_pairs(args.weights, "--weights") if args.weights else None,
        ahp=args.ahp, force_ahp=args.force_ahp, min_strictness=args.min_strictness,
        max_complexity=args.max_complexity,
        thresholds=_pairs(args.quadrant, "--quadrant") if args.quadrant else None,
        scale=_pairs(args.scale, "--scale") if args.scale else None,
        checkpoint_weeks=args.checkpoint_weeks, capacity=args.capacity, start=start,
        wave_gate=args.wave_gate, pass_rate=args.pass_rate,
        codesign_weeks=getattr(args, "codesign_weeks", 1), n_champions=args.champions,
        champions_per_source=args.champions_per_source,
        country=None if str(args.country).lower() == "none" else args.country,
        holidays=args.holidays, sensitivity=args.sensitivity)


def add_log_arguments(p: argparse.ArgumentParser) -> None:
    """``--log LOG [--as-of DATE]``: the rollout log (issue 22), shared with ``report``."""
    g = p.add_argument_group("rollout log (what happened)")
    g.add_argument("--log", metavar="LOG",
                   help="rollout log (CSV/xlsx; template: maturity template --log): adds the "
                   "status, gates.csv, standard.csv and gantt_status.png; survey waves that "
                   "start after the log's first event are re-assessments, not the baseline")
    g.add_argument("--as-of", metavar="DATE",
                   help="day of the status (default: the log's last event)")


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
    from maturity.commands.report import warnings_on_stderr

    with warnings_on_stderr("roadmap"):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from matplotlib.figure import Figure

    from maturity.exceptions import ValidationError
    from maturity.io import output_dir
    from maturity.model.load import load_model
    from maturity.plan.rollout import plan_rollout, write_ahp_template
    from maturity.plan.rollout_io import write_plan_files
    from maturity.plots.roadmap import plot_effort_value, plot_gantt, plot_resource_loading
    from maturity.scoring.score import score

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
    options = plan_options(args)
    model = load_model(args.model)
    from maturity.commands.score import read_answers, write_read_report
    from maturity.plan.gap import read_targets
    from maturity.plan.roadmap import read_lines

    targets = read_targets(args.target, model)  # small inputs checked before the answers
    lines = read_lines(args.lines)
    log = None
    if getattr(args, "log", None):  # issue 22: read (located errors) before the answers
        from maturity.plan.tracking import read_log

        log = read_log(args.log)
    data = read_answers(args.data, model, progress=not args.quiet, command="roadmap",
                        args=args)
    base = data.responses
    if log is not None:
        from maturity.plan.rollout_status import baseline_answers

        base = baseline_answers(data.responses, log)
    scores = score(base, model)
    plan = plan_rollout(scores, targets, lines, args.swot, responses=base,
                        options=options)
    rm = plan.roadmap
    status = None
    if log is not None:
        from maturity.plan.rollout_status import rollout_status

        status = rollout_status(plan, log, responses=data.responses, model=model,
                                targets=args.target, as_of=args.as_of)
    with output_dir(args.out) as tmp:
        written = write_read_report(data, tmp)
        files = write_plan_files(plan, tmp)
        if status is not None:
            from maturity.plan.rollout_status import write_status_files
            from maturity.plots.roadmap import plot_tracking

            files += write_status_files(plan, status, tmp)
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
            fig.savefig(tmp / name, dpi=120, bbox_inches="tight",
                        metadata={"Software": None})
    r = rm.roadmap
    planned = r["wave"].notna()
    print(f"roadmap: {len(data.responses)} answers scored; {int(planned.sum())} of {len(r)} "
          f"business line(s) planned in {r.loc[planned, 'wave'].nunique()} rollout wave(s), "
          f"{options.capacity} coach(es)")
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
        from maturity.i18n import _

        tr = status.tracking
        counts = tr.lines["status"].value_counts()
        print(_("status as of {day}: {counts}").format(
            day=tr.as_of.date(), counts=", ".join(f"{k} {int(counts[k])}" for k in
                                                  ("done", "in progress", "late", "blocked",
                                                   "held", "planned") if k in counts)))
        for r in tr.lines[tr.lines["status"] != "done"].itertuples():
            print(f"  {r.business_line}: {_(r.status)}: {r.reason}")
        for note in status.notes:
            print(f"note: {note}")
        charts = (*charts, ("gantt_status.png", None, None))
    names = list(dict.fromkeys([p.name for p in files] + [c[0] for c in charts]))
    for name in [*names, *(p.name for p in written)]:
        print(f"{args.out}/{name}")
    return 0
