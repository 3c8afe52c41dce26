"""``maturity swot SWOTFILE --out DIR [--normalize]``: IFE/EFE summary and TOWS pairings.

Writes ``swot.csv`` (one row per business line: IFE, EFE, IE cell, posture, ...) and
``tows.csv`` (SO/ST/WO/WT pairings with prompts) into DIR, creating it, and prints the paths.
A bad SWOT file raises :class:`~maturity.exceptions.SwotError` (exit code 2).
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``swot`` command."""
    p = subparsers.add_parser(
        "swot",
        help="IFE/EFE, IE matrix cell and TOWS pairings per business line",
        description="Read a SWOT file (csv, xlsx or yaml) and write swot.csv (summary per "
        "business line) and tows.csv into --out.",
    )
    p.add_argument("swotfile", metavar="SWOTFILE", help="SWOT factors: .csv, .xlsx or .yaml")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    p.add_argument("--normalize", action="store_true",
                   help="rescale weights per line to sum to 1 (with a warning) instead of failing")
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``maturity swot``; returns 0."""
    from maturity.io import output_dir, write_csv
    from maturity.plan.swot import read_swot, swot_summary, tows

    swot = read_swot(args.swotfile, normalize=args.normalize)
    out = Path(args.out)
    frames = (("swot.csv", swot_summary(swot)), ("tows.csv", tows(swot)))
    with output_dir(out) as tmp:
        for name, frame in frames:
            write_csv(frame, tmp / name)
    for name, _ in frames:
        print(out / name)
    return 0
