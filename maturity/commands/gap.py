"""``maturity gap DATA --model ID --target FILE [--swot FILE] [--wave W] [--top N] --out DIR``.

Reads the answers (:func:`maturity.ingest.responses.read_responses`), scores them
(:func:`maturity.scoring.score.score`), reads the target profile
(:func:`maturity.plan.gap.read_targets`; with ``--swot``, customer requirements raise line
targets, :func:`maturity.plan.gap.targets_from_swot`, and linked weaknesses weigh in the
backlog priority) and writes ``gaps.csv``, ``line_gaps.csv`` and ``backlog.csv`` into DIR
(formula-safe, atomic: :func:`maturity.io.write_csv`, :func:`maturity.io.output_dir`), plus
``rejected.csv`` / ``notes.csv`` when answer rows were rejected or converted (as ``maturity
score`` does).

Nothing is left out silently: rejected rows are counted on stderr and listed in
``rejected.csv``; the summary printed names the business lines with no target (they have no
rows in ``gaps.csv`` and ``backlog.csv``) and, with ``--top``, how many backlog rows were cut;
warnings of the analysis (e.g. targets naming lines that are not in the answers) go to stderr,
one line each.
``--quiet`` hides the progress bar. Bad targets raise
:class:`~maturity.exceptions.TargetError` (exit code 2).
"""

from __future__ import annotations

import argparse

from maturity.commands.inputs import (
    add_input_options,
    read_answers,
    warnings_on_stderr,
    write_read_report,
)
from maturity.exceptions import InputError

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``gap`` command."""
    p = subparsers.add_parser(
        "gap",
        help="gaps to a target profile per line and process area, and a ranked backlog",
        description="Score DATA against --model, compare with the --target profile and write "
        "gaps.csv, line_gaps.csv and backlog.csv into --out.",
    )
    p.add_argument("data", metavar="DATA", help="answers: long CSV/xlsx, workbook or folder")
    p.add_argument("--model", required=True, metavar="ID", help="model id or YAML path")
    p.add_argument("--target", required=True, metavar="FILE",
                   help="target profile (.yaml or .csv, see surveys/README.md)")
    p.add_argument("--swot", metavar="FILE", help="SWOT factors (.csv, .xlsx or .yaml)")
    p.add_argument("--wave", metavar="W",
                   help="wave to analyse (default: every wave; the backlog uses the latest)")
    p.add_argument("--top", type=int, metavar="N", help="keep each line's N first backlog rows")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    p.add_argument("--scope", metavar="FILE",
                   help="scope decisions (CSV/YAML: business_line, process_area, scope, reason); "
                   "a target file's scope: key applies too")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_input_options(p, lines=True)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``maturity gap``; returns 0."""
    from maturity.assessment import Assessment
    from maturity.io import output_dir, write_csv
    from maturity.waves import order_waves

    if args.top is not None and args.top < 1:
        raise InputError(f"--top must be at least 1; got {args.top}")
    a = Assessment(args.model, lambda model: read_answers(
                       args.data, model, progress=not args.quiet, command="gap", args=args),
                   targets=args.target, swot=args.swot, scope=args.scope, wave=args.wave)
    # the toolkit's warnings (targets, SWOT, scoring) as one line each on stderr
    with warnings_on_stderr("gap"):
        a.goal_targets  # noqa: B018 (targets and SWOT checked before the answers are read)
        # --top is applied below (rank <= N, as gap_analysis(top=N) does) to report what it cut
        data, gaps = a.read, a.gaps
    backlog = gaps.backlog
    if args.top is not None:
        backlog = backlog[backlog["rank"] <= args.top].reset_index(drop=True)
    frames = {"gaps": gaps.gaps, "line_gaps": gaps.line_gaps, "backlog": backlog}
    with output_dir(args.out) as tmp:
        for name, frame in frames.items():
            write_csv(frame.round(6), tmp / f"{name}.csv")  # drop float noise
        written = write_read_report(data, tmp)

    g, lg = gaps.gaps, gaps.line_gaps
    n_lines = lg["business_line"].nunique()
    print(f"gap: {len(data.responses)} answers scored, {n_lines} business line(s), "
          f"{lg['wave'].nunique()} wave(s); {int((g['gap'] > 0).sum())} of {len(g)} "
          f"process-area targets not met")
    no_target = sorted(set(lg["business_line"]) - set(g["business_line"]))
    if no_target:
        print(f"no target for {len(no_target)} business line(s), so no rows in gaps.csv and "
              f"backlog.csv: {', '.join(no_target)}")
    waves = order_waves(gaps.backlog["wave"].unique(), data.responses)
    on = f" (wave {', '.join(waves)})" if waves else ""
    if args.top is not None and len(backlog) < len(gaps.backlog):
        print(f"backlog{on}: {len(backlog)} of {len(gaps.backlog)} items kept "
              f"({_items(backlog)}; --top {args.top} per line; "
              f"{len(gaps.backlog) - len(backlog)} left out)")
    else:
        print(f"backlog{on}: {len(backlog)} items ({_items(backlog)})")
    if len(data.rejected):
        print(f"{len(data.rejected)} answer rows rejected: see {args.out}/rejected.csv")
    for name in [*frames, *(p.stem for p in written)]:
        print(f"{args.out}/{name}.csv")
    return 0


def _items(backlog) -> str:  # noqa: ANN001 - a backlog frame
    """What the backlog's rows are: practices blocking a level target and practices below a
    target answer (``target_kind``, :mod:`maturity.plan.answer_backlog`)."""
    kinds = (backlog["target_kind"].astype(str).tolist() if "target_kind" in backlog
             else ["level"] * len(backlog))
    n_level = sum(k.startswith("level") for k in kinds)
    n_answer = kinds.count("answer")
    parts = [f"{n_level} {_practices(n_level)} blocking a target level"] if (
        n_level or not n_answer) else []
    if n_answer:
        parts.append(f"{n_answer} {_practices(n_answer)} below their target answer")
    return ", ".join(parts)


def _practices(n: int) -> str:
    return "practice" if n == 1 else "practices"
