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
import sys
from collections.abc import Sequence

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
    """Run the chosen command; toolkit and file errors as one line on stderr, exit code 2."""
    from maturity.exceptions import MaturityError

    try:
        return int(args._run(args) or 0)
    except MaturityError as exc:
        if args.debug:
            raise
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"maturity {args.command}: error: {msg}", file=sys.stderr)
        return 2
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        if args.debug:
            raise
        print(f"maturity {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
