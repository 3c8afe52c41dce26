"""``maturity score DATA --model ID --out DIR``: score answers into CSV files and one xlsx."""

from __future__ import annotations

import argparse
from pathlib import Path

from maturity.commands.inputs import add_input_options

__all__ = ["add_parser", "run"]


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
    p.add_argument("--overrides", help="CSV of team decisions: wave, business_line, practice, characterization")
    p.add_argument("--scope", metavar="FILE",
                   help="scope decisions (CSV/YAML: business_line, process_area, scope, reason; "
                   "'out of scope' or 'in scope', as a SCAMPI team records them)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_input_options(p, lines=True, waves=True)
    return p


def read_answers(data, model, *, progress: bool = False, command: str = "",  # noqa: ANN001
                 args: argparse.Namespace | None = None):
    """Read and validate answers; raise when none is valid (naming the first rejection).

    With ``command`` given, a count of rejected rows goes to stderr as a warning. With ``args``,
    the shared input options (``--encoding``, ``--max-bytes``, ``--workers``) are used and the
    ``--business-line`` / ``--wave`` filters applied (:mod:`maturity.commands.inputs`).
    """
    import sys

    from maturity.commands.inputs import keep_only, read_kwargs
    from maturity.exceptions import InputError
    from maturity.ingest.responses import read_responses

    read = read_responses(data, model, progress=progress,
                          **(read_kwargs(args) if args is not None else {}))
    if read.responses.empty:
        first = read.rejected["message"].iloc[0] if len(read.rejected) else "no answer rows found"
        raise InputError(
            f"{data}: no valid answers to score ({len(read.rejected)} rejected; first: {first})",
            read.rejected,
        )
    if command and len(read.rejected):
        print(f"maturity {command}: {len(read.rejected)} answer rows rejected "
              f"(see `maturity validate {data}`)", file=sys.stderr)
    if args is not None and str(getattr(args, "encoding", "") or "").lower() == "auto":
        from maturity.i18n import _

        said = read.notes[read.notes["message"].str.contains("decoded as GB18030", regex=False)]
        for msg in said["message"].head(5):
            print(f"maturity: note: {msg}", file=sys.stderr)
        if len(said) > 5:
            print("maturity: note: " + _("{n} more files decoded as GB18030 (notes.csv)").format(
                n=len(said) - 5), file=sys.stderr)
    return keep_only(read, args) if args is not None else read


def score_data(args: argparse.Namespace):
    """Read, validate and score ``args.data``; shared by the commands that need scores."""
    import pandas as pd

    from maturity.model.load import load_model
    from maturity.scoring.score import score

    model = load_model(args.model)
    read = read_answers(args.data, model, progress=not getattr(args, "quiet", True), args=args)
    overrides = None
    if getattr(args, "overrides", None):
        overrides = pd.read_csv(args.overrides, dtype=str, keep_default_na=False)
    scores = score(
        read.responses, model,
        aggregation=getattr(args, "aggregation", "auto"),
        judgement=getattr(args, "judgement", "conservative"),
        overrides=overrides,
        scope=getattr(args, "scope", None),
    )
    return model, read, scores


def write_read_report(read, out: Path) -> list[Path]:
    """Write rejected.csv / notes.csv when there is anything to report."""
    from maturity.io import write_csv

    written = []
    if len(read.rejected):
        written.append(write_csv(read.rejected, out / "rejected.csv"))
    if len(read.notes):
        written.append(write_csv(read.notes, out / "notes.csv"))
    return written


def run(args: argparse.Namespace) -> int:
    from maturity.io import output_dir, write_csv, write_xlsx

    model, read, scores = score_data(args)
    frames = {
        "practices": scores.practices,
        "goals": scores.goals,
        "process_areas": scores.process_areas,
        "maturity": scores.maturity,
    }
    if scores.categories is not None:
        frames["categories"] = scores.categories
    from maturity.compare.trends import respondent_scores

    # each respondent's mean answer: next year's `compare --baseline-outputs` can test on it
    frames["respondents"] = respondent_scores(read.responses)
    out = Path(args.out)
    with output_dir(out) as tmp:
        for name, df in frames.items():
            write_csv(df, tmp / f"{name}.csv")
        write_xlsx({**frames, **({"rejected": read.rejected} if len(read.rejected) else {})}, tmp / "scores.xlsx")
        write_read_report(read, tmp)
    n_in = len(read.responses) + int(read.rejected["row"].notna().sum())
    print(f"scored {len(read.responses)} answers of {n_in} rows; {len(read.rejected)} rejected "
          f"(see {out / 'rejected.csv'})" if len(read.rejected) else
          f"scored {len(read.responses)} answers; none rejected")
    print(scores.maturity.to_string(index=False))
    print(f"wrote {', '.join(sorted(p for p in [*(f'{k}.csv' for k in frames), 'scores.xlsx']))} to {out}")
    return 0
