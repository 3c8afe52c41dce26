"""``maturity validate DATA --model ID [--strict] [--out DIR]``: check answer files.

Reads DATA (a CSV, an xlsx, a respondent workbook or a folder of them) with
:func:`maturity.ingest.responses.read_responses`, prints a summary (answer rows read, accepted,
rejected,
notes; the rejected rows grouped by problem) and, with ``--out``, writes ``rejected.csv`` and
``notes.csv`` there (text that looks like a formula is neutralised).

Exit codes: 0 when the data were read (even with rejected rows), 1 with ``--strict`` when any row
was rejected (to gate a submission in CI), 2 when a file cannot be read at all (an
:class:`~maturity.exceptions.InputError`, e.g. not a workbook, missing columns, not UTF-8).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from maturity.commands.inputs import add_input_options, read_kwargs
from maturity.exceptions import InputError

__all__ = ["add_parser", "run", "summarize"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``validate`` command."""
    p = subparsers.add_parser(
        "validate",
        help="check answer files against a model; list rejected rows",
        description="Read answer files (csv, xlsx, respondent workbooks, or a folder of them), "
        "print what was accepted and rejected, and optionally write rejected.csv.",
    )
    p.add_argument("data", metavar="DATA", help="answer file or folder")
    p.add_argument("--model", required=True, metavar="ID", help="model id or YAML path")
    p.add_argument("--strict", action="store_true",
                   help="exit with code 1 when any answer row is rejected")
    p.add_argument("--out", metavar="DIR", help="write rejected.csv and notes.csv into DIR")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    add_input_options(p)
    return p


def _problem(message: str) -> str:
    """A message with the quoted values and row lists removed, to group rows by problem."""
    s = re.sub(r"'[^']*'", "'…'", message)
    s = re.sub(r"\bcell [A-Z]+\d+", "cell …", s)
    s = re.sub(r" at .*?; every copy", " …; every copy", s)
    s = re.sub(r"answered \d+ times by respondent \S+ \(wave [^)]*\)", "answered more than once", s)
    s = re.sub(r"question \S+ answered", "question answered", s)
    return s


def summarize(res: object) -> str:
    """Text summary of a :class:`~maturity.ingest.responses.Responses` (used by the command)."""
    responses, rejected, notes = res.responses, res.rejected, res.notes  # type: ignore[attr-defined]
    row_level = rejected[rejected["row"].notna()]
    files = rejected[rejected["row"].isna()]
    n_in = len(responses) + len(row_level)
    lines = [
        f"answer rows read: {n_in}",
        f"accepted:         {len(responses)}",
        f"rejected:         {len(row_level)}"
        + (f" (+{len(files)} unreadable file(s))" if len(files) else ""),
        f"notes:            {len(notes)}",
    ]
    if len(responses):
        lines.append(
            f"respondents: {responses['respondent'].nunique()}, business lines: "
            f"{responses['business_line'].nunique()}, "
            f"waves: {', '.join(_waves_in_order(responses))}"
        )
    if len(rejected):
        lines.append("")
        lines.append("rejected, by problem:")
        groups = rejected["message"].map(_problem).value_counts(sort=True)
        for msg, n in groups.items():
            lines.append(f"  {n:>7}  {msg}")
        first = rejected.iloc[0]
        lines.append("")
        msg = str(first["message"])
        if msg.startswith(f"{first['source']}:"):
            msg = msg[len(str(first["source"])) + 1:].strip()
        lines.append("first rejected: " + _where(first) + f": {msg}")
    return "\n".join(lines)


def _where(e: object) -> str:
    import pandas as pd

    w = str(e["source"])  # type: ignore[index]
    if e["sheet"]:  # type: ignore[index]
        w += f", sheet {e['sheet']}"  # type: ignore[index]
    if not pd.isna(e["row"]):  # type: ignore[index]
        w += f", row {int(e['row'])}"  # type: ignore[index]
    return w


def run(args: argparse.Namespace) -> int:
    """Run ``maturity validate``; returns 0, or 1 with ``--strict`` when rows were rejected."""
    from maturity.ingest.responses import read_responses
    from maturity.io import write_csv

    res = read_responses(args.data, args.model, progress=args.progress, **read_kwargs(args))
    print(summarize(res))
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        print(write_csv(res.rejected, out / "rejected.csv"))
        print(write_csv(res.notes, out / "notes.csv"))
    files = res.rejected[res.rejected["row"].isna()]
    if len(files):
        first = files.iloc[0]
        more = f" ({len(files) - 1} more unreadable file(s))" if len(files) > 1 else ""
        raise InputError(str(first["message"]) + more, files.reset_index(drop=True))
    return 1 if args.strict and len(res.rejected) else 0


def _waves_in_order(responses: object) -> list[str]:
    """The waves of the answers in time order; as found when their order cannot be told."""
    from maturity.waves import WaveOrderError, order_waves

    try:
        return order_waves(responses["wave"].unique(), responses)  # type: ignore[index]
    except WaveOrderError:
        return [str(w) for w in dict.fromkeys(responses["wave"])]  # type: ignore[index]
