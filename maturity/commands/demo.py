"""``maturity demo --out reports``: the whole job on the bundled sample company.

Runs, in order: validate + score (CMMI-DEV v1.3, three waves), SWOT, gap analysis against
``data/targets.yaml``, rollout roadmap, wave/line comparison, the consultant's report, and the
non-CMMI ``secure-dev`` model (additive rule); prints every file written and the time each step
took.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

__all__ = ["add_parser", "run", "demo_steps"]


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "demo",
        help="run every step on the bundled sample company and write the outputs",
        description="Score, SWOT, gap, roadmap, compare and report on the sample company in data/.",
    )
    p.add_argument("--out", default="reports", help="output folder (default: reports)")
    return p


def demo_steps(out: Path) -> list[tuple[str, list[str]]]:
    """The commands the demo runs, as (name, argv) pairs."""
    # lazy: maturity.datasets looks for the sample's folder on disk when imported; only the demo
    # needs it, not the start-up of every other command
    from maturity.datasets import data_path

    resp = str(data_path("responses"))
    model = ["--model", "cmmi-dev-1.3"]
    target = ["--target", str(data_path("targets.yaml"))]
    swot = ["--swot", str(data_path("swot.csv"))]
    lines = ["--lines", str(data_path("business_lines.csv"))]
    return [
        ("validate", ["validate", str(data_path("raw/2026-03_data-analytics_submission.csv")),
                      *model, "--out", str(out / "validation")]),
        ("score", ["score", resp, *model, "--out", str(out / "scores"), "--quiet"]),
        ("swot", ["swot", str(data_path("swot.csv")), "--out", str(out / "swot")]),
        ("gap", ["gap", resp, *model, *target, *swot, "--out", str(out / "gap"), "--quiet"]),
        ("roadmap", ["roadmap", resp, *model, *target, *lines, *swot, "--out",
                     str(out / "roadmap"), "--quiet"]),
        ("compare", ["compare", resp, *model, "--out", str(out / "compare")]),
        ("secure-dev", ["score", str(data_path("secure-dev")), "--model", "secure-dev",
                        "--out", str(out / "secure-dev"), "--quiet"]),
        ("report", ["report", resp, *model, *target, *swot, *lines, "--out",
                    str(out / "report"), "--quiet"]),
    ]


def run(args: argparse.Namespace) -> int:
    from maturity.cli import main  # lazy: cli imports this module to build its parser

    out = Path(args.out)
    timings = []
    for name, argv in demo_steps(out):
        print(f"== {name}: maturity {' '.join(argv)}")
        t0 = time.perf_counter()
        code = main(argv)
        timings.append((name, time.perf_counter() - t0))
        if code not in (0, 1):  # validate exits 1 with --strict only; any error stops the demo
            print(f"== {name} failed (exit {code})")
            return code
    print("\n== timings: " + ", ".join(f"{n} {t:.1f}s" for n, t in timings))
    files = sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    print(f"== {len(files)} files written under {out.resolve()}:")
    for p in files:
        print(f"   {p}")
    report = out / "report" / "maturity_report.html"
    if report.exists():
        print(f"\nOpen the report: {report.resolve()}")
    return 0
