"""``maturity report DATA --model ID [--target F] [--swot F] [--lines F] --out DIR``.

The consultant's deliverable.

Writes ``maturity_report.xlsx``, ``maturity_report.html`` (one self-contained file),
``maturity_report.pdf`` (when headless Chromium is installed), ``maturity_report.docx``
(editable Word), ``maturity_summary.pptx`` (read-out deck) and ``charts/`` into ``--out``, all
or nothing; ``--formats xlsx,html,pdf,docx,pptx`` picks some of them.

Nothing is left out silently: every warning of the run (e.g. a target for a business line that is
not in the answers, a lines file without some of the assessed lines, which are then left out of
the roadmap) goes to stderr, one line each (``maturity report: warning: ...``), as in
``maturity gap``. A PDF that could not be printed is said on stdout next to the list of files
written. Other Python warnings are shown as Python shows them.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from maturity.commands.inputs import add_input_options, read_answers, warnings_on_stderr
from maturity.commands.planning import add_log_arguments, add_plan_arguments, plan_options
from maturity.commands.planning import parse_start as _start

__all__ = ["add_parser", "run", "warnings_on_stderr"]


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
    p.add_argument(
        "--formats",
        default=None,
        help="comma-separated formats to write among xlsx,html,pdf,docx,pptx (default: all; "
        "pdf only where Chromium is installed)",
    )
    p.add_argument("--date", default="", help="report date shown on the cover")
    p.add_argument("--no-pdf", action="store_true", help="do not print the PDF")
    p.add_argument("--waves", nargs="+", metavar="WAVE",
                   help="waves compared in the trends (put in time order; default all)")
    p.add_argument("--baseline", metavar="WAVE",
                   help="compare this wave with each other wave (default: previous wave)")
    p.add_argument("--n-boot", type=int, default=100, metavar="N",
                   help="bootstrap resamples of the index change intervals (default 100)")
    p.add_argument("--baseline-outputs", metavar="PATH",
                   help="last year's `maturity score` outputs (folder, maturity.csv or "
                        "scores.xlsx) as the baseline when its answers are gone")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_input_options(p, lines=True, waves=True)
    add_plan_arguments(p)  # the same planning options as `maturity roadmap`
    add_log_arguments(p)  # --log LOG [--as-of DATE]: the "Rollout status" section (issue 22)
    return p


def run(args: argparse.Namespace) -> int:
    from maturity.deliverable import build_report
    from maturity.model.load import load_model

    t0 = time.perf_counter()
    with warnings_on_stderr("report", hold=("PDF not written",)) as pdf_notes:
        model = load_model(args.model)
        # read here: the shared input options and the --business-line / --wave filters
        read = read_answers(args.data, model, progress=not args.quiet, args=args)
        paths = build_report(
            read,
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
            start=_start(args),
            formats=args.formats,
            date=args.date,
            plan_options=plan_options(args),
            waves=args.waves,
            baseline=args.baseline,
            n_boot=args.n_boot,
            baseline_outputs=args.baseline_outputs,
            log=getattr(args, "log", None),
            as_of=getattr(args, "as_of", None),
        )
    for text in pdf_notes:  # with the files written, on stdout
        print(text)
    out = Path(args.out)
    names = [p.name + ("/" if k == "charts" else "") for k, p in paths.items()]
    print(f"wrote {', '.join(names)} to {out} in {time.perf_counter() - t0:.1f}s")
    return 0
