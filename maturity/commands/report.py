"""``maturity report DATA --model ID [--target F] [--swot F] [--lines F] --out DIR``.

The consultant's deliverable.

Writes ``maturity_report.xlsx``, ``maturity_report.html`` (one self-contained file),
``maturity_report.pdf`` (when headless Chromium is installed) and ``charts/`` into ``--out``,
all or nothing.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "report",
        help="write the maturity report: Excel workbook, single-file HTML, PDF and charts",
        description=(
            "Score the answers and write maturity_report.xlsx, maturity_report.html (one file, "
            "no external resources, A4 print layout), maturity_report.pdf (printed by headless "
            "Chromium when installed) and charts/*.png|svg into --out. --target adds gaps and "
            "backlog, --swot the SWOT section, --lines (with --target) the rollout roadmap."
        ),
    )
    p.add_argument("data", help="answers file or folder (all waves)")
    p.add_argument("--model", required=True, help="model id (e.g. cmmi-dev-1.3) or YAML path")
    p.add_argument("--target", help="target profile (YAML or CSV)")
    p.add_argument("--swot", help="SWOT factors (CSV or xlsx)")
    p.add_argument("--lines", help="business-line attributes (CSV or xlsx)")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--title", default="", help="report title")
    p.add_argument("--client", default="", help="client name on the cover")
    p.add_argument("--period", default="", help="assessment period on the cover")
    p.add_argument(
        "--language",
        choices=["en", "zh"],
        default="en",
        help="labels: English or Simplified Chinese",
    )
    p.add_argument("--no-pdf", action="store_true", help="do not print the PDF")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def run(args: argparse.Namespace) -> int:
    from maturity.report import build_report

    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = build_report(
            args.data,
            args.model,
            args.target,
            args.swot,
            args.lines,
            out_dir=args.out,
            title=args.title,
            client=args.client,
            period=args.period,
            language=args.language,
            pdf=not args.no_pdf,
            progress=not args.quiet,
        )
    for w in caught:
        if str(w.message).startswith("PDF not written"):
            print(str(w.message).splitlines()[0])
    out = Path(args.out)
    names = [p.name + ("/" if k == "charts" else "") for k, p in paths.items()]
    print(f"wrote {', '.join(names)} to {out} in {time.perf_counter() - t0:.1f}s")
    return 0
