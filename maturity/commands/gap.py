"""``maturity gap DATA --model ID --target FILE [--swot FILE] [--wave W] [--top N] --out DIR``.

Reads the answers (:func:`maturity.ingest.read_responses`), scores them
(:func:`maturity.scoring.score`), reads the target profile (:func:`maturity.gap.read_targets`;
with ``--swot``, customer requirements raise line targets, :func:`maturity.gap.targets_from_swot`,
and linked weaknesses weigh in the backlog priority) and writes ``gaps.csv``,
``line_gaps.csv`` and ``backlog.csv`` into DIR (formula-safe, atomic:
:func:`maturity.io.write_csv`, :func:`maturity.io.output_dir`). Rejected answer rows are
counted on stderr. Bad targets raise :class:`~maturity.exceptions.TargetError` (exit code 2).
"""

from __future__ import annotations

import argparse

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
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``maturity gap``; returns 0."""
    from maturity.gap import gap_analysis, read_targets, targets_from_swot
    from maturity.io import output_dir, write_csv
    from maturity.model import load_model
    from maturity.scoring import score

    model = load_model(args.model)
    targets = read_targets(args.target, model)
    swot = None
    if args.swot:
        from maturity.swot import read_swot, swot_summary

        swot = read_swot(args.swot)
        targets = targets_from_swot(swot_summary(swot), targets)
    from maturity.commands.score import read_answers

    data = read_answers(args.data, model, command="gap")
    scores = score(data.responses, model)
    gaps = gap_analysis(scores, targets, swot=swot, wave=args.wave, top=args.top,
                        responses=data.responses)
    with output_dir(args.out) as tmp:
        for name in ("gaps", "line_gaps", "backlog"):
            write_csv(getattr(gaps, name).round(6), tmp / f"{name}.csv")  # drop float noise
    for name in ("gaps", "line_gaps", "backlog"):
        print(f"{args.out}/{name}.csv")
    return 0
