"""``maturity roadmap DATA --model ID --target FILE --lines FILE [--swot FILE] [--capacity N]
[--start DATE] [--sensitivity] --out DIR``.

Reads the answers (:func:`maturity.ingest.read_responses`), scores them
(:func:`maturity.scoring.score`), runs the gap analysis against the target profile
(:func:`maturity.gap.read_targets`, :func:`maturity.gap.gap_analysis`; with ``--swot`` customer
requirements raise line targets as in ``maturity gap``, and the SWOT summary feeds the wave
rules and readiness), reads the line attributes (:func:`maturity.roadmap.read_lines`) and plans
the rollout (:func:`maturity.roadmap.plan_roadmap`). Writes ``roadmap.csv``, ``phases.csv``,
``roadmap.xlsx`` (roadmap, phases, milestones[, sensitivity]), ``gantt.png`` and
``effort_value.png`` into DIR, atomically, plus ``rejected.csv`` / ``notes.csv`` when answer
rows were rejected or converted (as ``maturity score`` and ``maturity gap`` do).

Nothing is left out silently: rejected rows are counted on stderr and listed in
``rejected.csv``; the summary names the business lines the plan leaves out (``roadmap.csv``
gives each one's reason); warnings of the analysis (targets naming lines that are not in the
answers, assessed lines missing from the lines file, SWOT weights rescaled) go to stderr, one line
each (``maturity roadmap: warning: ...``). ``--quiet`` hides the progress bar. Bad inputs exit
with code 2.
"""

from __future__ import annotations

import argparse

from maturity.commands.inputs import add_input_options

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``roadmap`` command."""
    p = subparsers.add_parser(
        "roadmap",
        help="phased rollout plan: waves, schedule, champions, Gantt chart",
        description="Score DATA, compare with the --target profile and plan the rollout of "
        "the standard process over the business lines in --lines; write roadmap.csv, "
        "phases.csv, roadmap.xlsx, gantt.png and effort_value.png into --out.",
    )
    p.add_argument("data", metavar="DATA", help="answers: long CSV/xlsx, workbook or folder")
    p.add_argument("--model", required=True, metavar="ID", help="model id or YAML path")
    p.add_argument("--target", required=True, metavar="FILE",
                   help="target profile (.yaml or .csv)")
    p.add_argument("--lines", required=True, metavar="FILE",
                   help="line attributes: business_line, group, headcount, complexity, "
                   "customer_strictness (.csv or .xlsx)")
    p.add_argument("--swot", metavar="FILE", help="SWOT factors (.csv, .xlsx or .yaml)")
    p.add_argument("--capacity", type=int, default=2, metavar="N",
                   help="lines the PMO coaches at once (default 2)")
    p.add_argument("--start", metavar="DATE",
                   help="first day of the plan, 2026-04-06, 2026/4/6 or 2026年4月6日 (default: "
                   "first Monday after the latest assessment wave)")
    p.add_argument("--sensitivity", action="store_true",
                   help="add the +-20%% weight sensitivity table to roadmap.xlsx")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_input_options(p, lines=True)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``maturity roadmap``; returns 0."""
    from maturity.commands.report import warnings_on_stderr

    with warnings_on_stderr("roadmap"):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from matplotlib.figure import Figure

    from maturity.commands.report import _start
    from maturity.gap import gap_analysis, read_targets, targets_from_swot
    from maturity.io import output_dir
    from maturity.model import load_model
    from maturity.plots.roadmap import plot_effort_value, plot_gantt
    from maturity.roadmap import plan_roadmap, read_lines, write_roadmap
    from maturity.scoring import score

    start = _start(args)  # 2026-04-06, 2026/4/6, 2026年4月6日 (maturity.waves.parse_day)
    model = load_model(args.model)
    targets = read_targets(args.target, model)
    lines = read_lines(args.lines)
    swot = summary = None
    if args.swot:
        from maturity.swot import read_swot, swot_summary

        swot = read_swot(args.swot, model=model)
        summary = swot_summary(swot)
        targets = targets_from_swot(summary, targets)
    from maturity.commands.score import read_answers, write_read_report

    data = read_answers(args.data, model, progress=not args.quiet, command="roadmap", args=args)
    scores = score(data.responses, model)
    gaps = gap_analysis(scores, targets, swot=swot, responses=data.responses)
    rm = plan_roadmap(scores.maturity, gaps.line_gaps, gaps.backlog, lines, summary,
                      capacity=args.capacity, start=start, with_sensitivity=args.sensitivity)
    names = ["roadmap.csv", "phases.csv", "roadmap.xlsx", "gantt.png", "effort_value.png"]
    with output_dir(args.out) as tmp:
        written = write_read_report(data, tmp)
        write_roadmap(rm, tmp)
        n = int(rm.phases["business_line"].nunique()) + 1
        for name, fn, size in (("gantt.png", plot_gantt, (11, 1.2 + 0.45 * n)),
                               ("effort_value.png", plot_effort_value, (7, 6))):
            fig = Figure(figsize=size)
            fn(rm, ax=fig.subplots())
            fig.savefig(tmp / name, dpi=120, bbox_inches="tight",
                        metadata={"Software": None})
    r = rm.roadmap
    planned = r["wave"].notna()
    print(f"roadmap: {len(data.responses)} answers scored; {int(planned.sum())} of {len(r)} "
          f"business line(s) planned in {r.loc[planned, 'wave'].nunique()} rollout wave(s)")
    left = sorted(r.loc[~planned, "business_line"].astype(str))
    if left:
        print(f"left out ({len(left)}, reasons in roadmap.csv): {', '.join(left)}")
    if len(data.rejected):
        print(f"{len(data.rejected)} answer rows rejected: see {args.out}/rejected.csv")
    for name in [*names, *(p.name for p in written)]:
        print(f"{args.out}/{name}")
    return 0
