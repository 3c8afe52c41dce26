"""``maturity score DATA --model ID --out DIR``: score answers into CSV files and one xlsx."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from maturity.commands.inputs import add_input_options, read_answers, write_read_report

if TYPE_CHECKING:
    from maturity.assessment import Assessment

__all__ = ["add_parser", "run", "assessment"]


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "score",
        help="score answers: practices, process areas, capability and maturity levels",
        description=(
            "Read and validate answers (a long CSV/xlsx, a respondent workbook or a folder of "
            "them), score them against the model and write practices.csv, goals.csv, "
            "process_areas.csv, maturity.csv, respondents.csv (each respondent's mean answer, "
            "for next year's test) and scores.xlsx (one sheet each) into --out; "
            "rejected.csv and notes.csv when anything was rejected or converted."
        ),
    )
    p.add_argument("data", help="answers file or folder")
    p.add_argument("--model", required=True, help="model id (e.g. cmmi-dev-1.3) or YAML path")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--aggregation", choices=["auto", "mean", "scampi"], default="auto",
                   help="practice characterization: line mean vs thresholds, or SCAMPI aggregation")
    p.add_argument("--judgement", choices=["conservative", "optimistic"], default="conservative",
                   help="outcome where SCAMPI leaves the choice to the team (default conservative)")
    p.add_argument("--overrides", help="CSV of team decisions: wave, business_line, practice, "
                   "characterization")
    p.add_argument("--scope", metavar="FILE",
                   help="scope decisions (CSV/YAML: business_line, process_area, scope, reason; "
                   "'out of scope' or 'in scope', as a SCAMPI team records them)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_input_options(p, lines=True, waves=True)
    return p


def assessment(args: argparse.Namespace) -> Assessment:
    """The :class:`~maturity.assessment.Assessment` of ``args.data`` with the scoring options
    (``--aggregation``, ``--judgement``, ``--overrides``, ``--scope``) and the shared input
    options; shared by the commands that need scores."""
    import pandas as pd

    from maturity.assessment import Assessment

    overrides = None
    if getattr(args, "overrides", None):
        overrides = pd.read_csv(args.overrides, dtype=str, keep_default_na=False)
    return Assessment(
        args.model,
        lambda model: read_answers(args.data, model, progress=not getattr(args, "quiet", True),
                                   args=args),
        aggregation=getattr(args, "aggregation", "auto"),
        judgement=getattr(args, "judgement", "conservative"),
        overrides=overrides,
        scope=getattr(args, "scope", None),
    )


def run(args: argparse.Namespace) -> int:
    from maturity.io import output_dir, write_csv, write_xlsx

    a = assessment(args)
    read, scores = a.read, a.scores
    frames = {
        "practices": scores.practices,
        "goals": scores.goals,
        "process_areas": scores.process_areas,
        "maturity": scores.maturity,
    }
    if scores.categories is not None:
        frames["categories"] = scores.categories
    # each respondent's mean answer: next year's `compare --baseline-outputs` can test on it
    frames["respondents"] = a.respondent_scores
    out = Path(args.out)
    with output_dir(out) as tmp:
        for name, df in frames.items():
            write_csv(df, tmp / f"{name}.csv")
        write_xlsx({**frames, **({"rejected": read.rejected} if len(read.rejected) else {})},
                   tmp / "scores.xlsx")
        write_read_report(read, tmp)
    n_in = len(read.responses) + int(read.rejected["row"].notna().sum())
    print(f"scored {len(read.responses)} answers of {n_in} rows; {len(read.rejected)} rejected "
          f"(see {out / 'rejected.csv'})" if len(read.rejected) else
          f"scored {len(read.responses)} answers; none rejected")
    print(scores.maturity.to_string(index=False))
    names = sorted(p for p in [*(f"{k}.csv" for k in frames), "scores.xlsx"])
    print(f"wrote {', '.join(names)} to {out}")
    return 0
