"""What every command that reads answers shares: options, reading, the read report, warnings.

``add_input_options(parser)`` adds ``--encoding``, ``--max-bytes``, ``--workers`` and
``--merge-ids`` (passed to :func:`maturity.ingest.responses.read_responses` by
:func:`read_kwargs`); with ``lines=True`` / ``waves=True`` also ``--business-line NAME`` /
``--wave WAVE`` (repeatable), applied to the answers read by :func:`keep_only`.
:func:`read_answers` reads with them (the reader an :class:`~maturity.assessment.Assessment` of a
command is given), :func:`write_read_report` writes ``rejected.csv`` / ``notes.csv`` and
:func:`warnings_on_stderr` says the toolkit's warnings one line each. Not a command:
:data:`maturity.cli.COMMANDS` does not list it.
"""

from __future__ import annotations

import argparse
import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity.exceptions import InputError, MaturityWarning
from maturity.i18n import _

if TYPE_CHECKING:
    from maturity.ingest.responses import Responses
    from maturity.model.load import Model

__all__ = ["add_input_options", "read_kwargs", "keep_only", "read_answers", "write_read_report",
           "warnings_on_stderr", "DEFAULT_MAX_BYTES"]

#: Files larger than this are refused unless ``--max-bytes`` says otherwise (200 MB).
DEFAULT_MAX_BYTES = 200_000_000


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {n}")
    return n


def add_input_options(p: argparse.ArgumentParser, *, lines: bool = False,
                      waves: bool = False) -> argparse.ArgumentParser:
    """Add the shared answer-reading options (and the filters asked for) to ``p``."""
    g = p.add_argument_group("reading the answers")
    g.add_argument("--encoding", metavar="ENC",
                   help="encoding of CSV files that are not UTF-8: gb18030 (Excel 'CSV (逗号分隔)' "
                   "on Chinese Windows), cp1252 (Western Windows), or 'auto' to read such a "
                   "file as GB18030 when every byte decodes (with a note)")
    g.add_argument("--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES, metavar="N",
                   help="refuse answer files larger than N bytes (default 200000000, 200 MB)")
    g.add_argument("--workers", type=_positive, metavar="N",
                   help="processes reading a folder of files (default: up to 4 for more than "
                   "20 files, else 1)")
    g.add_argument("--merge-ids", action="store_true",
                   help=_("merge ids that differ only by case, width or spaces into their most "
                          "frequent spelling (with a note in notes.csv) instead of rejecting "
                          "them"))
    if lines:
        g.add_argument("--business-line", action="append", dest="business_lines",
                       metavar="NAME", help="keep only this business line (repeat for several)")
    if waves:
        g.add_argument("--wave", action="append", dest="survey_waves", metavar="WAVE",
                       help="keep only this survey wave (repeat for several)")
    return p


def read_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """``max_bytes``, ``encoding``, ``workers`` and ``merge_ids`` of
    :func:`maturity.ingest.responses.read_responses`.

    Examples
    --------
    >>> read_kwargs(argparse.Namespace(merge_ids=True))["merge_ids"]
    True
    """
    return {
        "max_bytes": getattr(args, "max_bytes", DEFAULT_MAX_BYTES),
        "encoding": getattr(args, "encoding", None),
        "workers": getattr(args, "workers", None),
        "merge_ids": bool(getattr(args, "merge_ids", False)),
    }


def keep_only(read: Responses, args: argparse.Namespace) -> Responses:
    """The :class:`~maturity.ingest.responses.Responses` with only the ``--business-line`` /
    ``--wave`` asked for (rejected rows and notes as read); a name not in the answers is refused
    with the names there are (and the one that differs only by case or spaces)."""
    import dataclasses

    resp = read.responses
    keep = None
    for column, wanted, flag in (("business_line", getattr(args, "business_lines", None),
                                  "--business-line"),
                                 ("wave", getattr(args, "survey_waves", None), "--wave")):
        if not wanted:
            continue
        have = sorted(resp[column].astype(str).unique())
        missing = [w for w in wanted if w not in have]
        if missing:
            fold = {h.casefold().replace(" ", ""): h for h in have}
            hints = [_("{name!r} (did you mean {other!r}?)").format(name=m, other=fold[k])
                     if (k := m.casefold().replace(" ", "")) in fold else repr(m)
                     for m in missing]
            raise InputError(f"{flag} {', '.join(hints)}: " + _(
                "not in the answers; the answers have {what} {names}").format(
                    what=_("business lines") if column == "business_line" else _("survey waves"),
                    names=", ".join(have)))
        mask = resp[column].astype(str).isin(wanted)
        keep = mask if keep is None else keep & mask
    if keep is None:
        return read
    return dataclasses.replace(read, responses=resp[keep.to_numpy()].reset_index(drop=True))


def read_answers(data: str | Path, model: Model, *, progress: bool = False, command: str = "",
                 args: argparse.Namespace | None = None) -> Responses:
    """Read and validate answers; raise when none is valid (naming the first rejection).

    With ``command`` given, a count of rejected rows goes to stderr as a warning. With ``args``,
    the shared input options (``--encoding``, ``--max-bytes``, ``--workers``, ``--merge-ids``)
    are used and the ``--business-line`` / ``--wave`` filters applied.
    """
    import sys

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
        said = read.notes[read.notes["message"].str.contains("decoded as GB18030", regex=False)]
        for msg in said["message"].head(5):
            print(f"maturity: note: {msg}", file=sys.stderr)
        if len(said) > 5:
            print("maturity: note: " + _("{n} more files decoded as GB18030 (notes.csv)").format(
                n=len(said) - 5), file=sys.stderr)
    return keep_only(read, args) if args is not None else read


def write_read_report(read: Responses, out: Path) -> list[Path]:
    """Write rejected.csv / notes.csv when there is anything to report."""
    from maturity.io import write_csv

    written = []
    if len(read.rejected):
        written.append(write_csv(read.rejected, out / "rejected.csv"))
    if len(read.notes):
        written.append(write_csv(read.notes, out / "notes.csv"))
    return written


@contextlib.contextmanager
def warnings_on_stderr(command: str, *, hold: tuple[str, ...] = ()) -> Iterator[list[str]]:
    """Say the toolkit's warnings raised inside as ``maturity COMMAND: warning: ...`` on stderr.

    One line each (a warning's lines joined by '; '), in order, a repeated one once, also when
    the block fails (before the error line). Warnings starting with one of ``hold`` are not
    printed but put in the list yielded, for the caller to say elsewhere. Other warnings are
    shown as Python shows them (and the filters in force apply to them).
    """
    import sys

    held: list[str] = []
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MaturityWarning)
            yield held
    finally:  # outside catch_warnings: showwarning is Python's (or pytest's) again
        seen = set()
        for w in caught:
            if not issubclass(w.category, MaturityWarning):
                warnings.showwarning(w.message, w.category, w.filename, w.lineno)
                continue
            text = "; ".join(s.strip() for s in str(w.message).splitlines() if s.strip())
            if text in seen:  # the same warning from two steps
                continue
            seen.add(text)
            if hold and text.startswith(hold):
                held.append(text)
            else:
                print(f"maturity {command}: warning: {text}", file=sys.stderr)
