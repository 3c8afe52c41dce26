"""The options every command that reads answers shares, and the business-line / wave filters.

``add_input_options(parser)`` adds ``--encoding``, ``--max-bytes`` and ``--workers`` (passed to
:func:`maturity.ingest.responses.read_responses` by :func:`read_kwargs`); with ``lines=True`` /
``waves=True`` also ``--business-line NAME`` / ``--wave WAVE`` (repeatable), applied to the
answers read by :func:`keep_only`. Not a command: :data:`maturity.cli.COMMANDS` does not list it.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_input_options", "read_kwargs", "keep_only", "DEFAULT_MAX_BYTES"]

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
    if lines:
        g.add_argument("--business-line", action="append", dest="business_lines",
                       metavar="NAME", help="keep only this business line (repeat for several)")
    if waves:
        g.add_argument("--wave", action="append", dest="survey_waves", metavar="WAVE",
                       help="keep only this survey wave (repeat for several)")
    return p


def read_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """``max_bytes``, ``encoding`` and ``workers`` of :func:`maturity.ingest.responses.read_responses`."""
    return {
        "max_bytes": getattr(args, "max_bytes", DEFAULT_MAX_BYTES),
        "encoding": getattr(args, "encoding", None),
        "workers": getattr(args, "workers", None),
    }


def keep_only(read: Any, args: argparse.Namespace) -> Any:
    """The :class:`~maturity.ingest.responses.Responses` with only the ``--business-line`` / ``--wave``
    asked for (rejected rows and notes as read); a name not in the answers is refused with the
    names there are (and the one that differs only by case or spaces)."""
    import dataclasses

    from maturity.exceptions import InputError
    from maturity.i18n import _

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
