"""Command-line interface: ``maturity COMMAND ...``.

Thin argument parsing over the package's functions. Each command lives in its own module under
:mod:`maturity.commands` with two functions, ``add_parser(subparsers)`` and ``run(args) -> int``.
Errors of the toolkit (:class:`~maturity.exceptions.MaturityError`) end the program with exit
code 2 and a one-line reason on stderr; ``--debug`` shows the traceback instead. When the reader
of stdout goes away (``maturity validate ... | head -1``), the command ends quietly with exit code
141 (128 + SIGPIPE, as the shell reports a program SIGPIPE ended; not 1, which means findings)
instead of a BrokenPipeError traceback, as the Python docs' "Note on SIGPIPE" advises.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from maturity._hints import cli_audience
from maturity.exceptions import MaturityError
from maturity.i18n import _

__all__ = ["main", "COMMANDS"]

#: Command modules, in the order ``--help`` lists them.
COMMANDS = [
    "demo",
    "validate",
    "score",
    "template",
    "swot",
    "gap",
    "roadmap",
    "compare",
    "report",
    "import_",
]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maturity",
        description="Process maturity assessment: score surveys, SWOT, gaps, roadmap, trends, "
        "report.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "--plain-utf8",
        action="store_true",
        help="write CSV files as plain UTF-8 (default: UTF-8 with BOM, Excel's 'CSV UTF-8')",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"maturity.commands.{name}")
        except ModuleNotFoundError as exc:  # a command not written yet
            if exc.name == f"maturity.commands.{name}":
                continue
            raise
        p = mod.add_parser(sub)
        p.set_defaults(_run=mod.run)
    return parser


#: Exit code when stdout is a pipe whose reader has gone (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 findings such as --strict, 2 error,
    141 stdout closed by its reader)."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.plain_utf8:  # read by maturity.io.csv_encoding for this run
        os.environ["MATURITY_CSV_ENCODING"] = "utf-8"
    try:
        code = _run(args)
        sys.stdout.flush()  # a closed pipe shows here, not as "Exception ignored" at exit
    except BrokenPipeError:
        # Python docs, "Note on SIGPIPE": point stdout at devnull so that the flush at
        # interpreter exit does not fail again, and end quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # stdout without a file descriptor (e.g. captured)
            pass
        return EXIT_BROKEN_PIPE
    return code


def _run(args: argparse.Namespace) -> int:
    """Run the chosen command; toolkit and file errors on stderr, exit code 2.

    Messages inside name command-line flags (``--encoding gb18030``, not ``encoding=...``:
    :func:`maturity._hints.cli_audience`). An error carrying several problems (``.failures``)
    is followed by every one of them, one per line, or, past :data:`MAX_PROBLEM_LINES`, by the
    first ones and the path of a CSV file holding them all.
    """
    try:
        with cli_audience():
            return int(args._run(args) or 0)
    except MaturityError as exc:
        if args.debug:
            raise
        msg = str(getattr(exc, "cli", "") or exc)  # a message naming CLI flags when it has one
        msg = msg.splitlines()[0] if msg else type(exc).__name__
        msg = _SEE_FAILURES.sub("", msg)
        print(f"maturity {args.command}: error: {msg}", file=sys.stderr)
        _print_problems(args.command, getattr(exc, "failures", None))
        return 2
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        if args.debug:
            raise
        print(f"maturity {args.command}: error: {exc}", file=sys.stderr)
        return 2


#: At most this many problems are printed; all of them go to a CSV file beyond that.
MAX_PROBLEM_LINES = 200

# "(and 13 more problems, see .failures)": a Python attribute; the CLI lists them instead
_SEE_FAILURES = re.compile(r" \((?:and )?\d+ (?:more )?problems?(?:\(s\))?(?: in total)?, see "
                           r"\.failures\)")


def _where(row: dict) -> str:
    """``source, sheet S, row R, column C`` of a failures row (the parts it has)."""
    import pandas as pd

    parts = [str(row["source"])] if str(row.get("source", "") or "") else []
    if str(row.get("sheet", "") or ""):
        parts.append(f"sheet {row['sheet']}")
    if not pd.isna(row.get("row", pd.NA)):
        parts.append(f"row {int(row['row'])}")
    if str(row.get("column", "") or ""):
        parts.append(str(row["column"]))
    return ", ".join(parts)


def _print_problems(command: str, failures: object) -> None:
    """Every problem of an error after its first line (see :func:`_run`)."""
    import pandas as pd

    if not isinstance(failures, pd.DataFrame) or len(failures) < 2:
        return
    n = len(failures)
    shown = failures.head(MAX_PROBLEM_LINES)
    print(f"maturity {command}: " + _("{n} problems:").format(n=n), file=sys.stderr)
    for row in shown.to_dict("records"):
        msg = str(row.get("message", ""))
        found, expected = str(row.get("value", "") or ""), str(row.get("expected", "") or "")
        if found and found not in msg:
            msg += "; " + _("found {value!r}").format(value=found)
        if expected and f"expected {expected}" not in msg:
            msg += "; " + _("expected {expected}").format(expected=expected)
        where = _where(row)
        if where and msg.startswith(where.split(", ")[0]):
            where = ", ".join(where.split(", ")[1:])
        print(f"  {where + ': ' if where else ''}{msg}", file=sys.stderr)
    if n > len(shown):
        from maturity.io import write_csv  # lazy: pandas, off `maturity --help`

        path = write_csv(failures, Path(f"maturity-{command}-problems.csv"))
        print(f"maturity {command}: " + _("{k} more problems; all {n} are in {path}").format(
            k=n - len(shown), n=n, path=path), file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
