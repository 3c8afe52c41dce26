"""Command-line interface: ``maturity COMMAND ...``.

Thin argument parsing over the package's functions. Each command lives in its own module under
:mod:`maturity.commands` with two functions, ``add_parser(subparsers)`` and ``run(args) -> int``.
Errors of the toolkit (:class:`~maturity.exceptions.MaturityError`) end the program with exit
code 2 and a one-line reason on stderr; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
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
        description="Process maturity assessment: score surveys, SWOT, gaps, roadmap, trends, report.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 findings such as --strict, 2 error)."""
    from maturity.exceptions import MaturityError

    parser = _build_parser()
    args = parser.parse_args(argv)
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
