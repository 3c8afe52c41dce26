"""``maturity import EXPORT --model ID --out DIR``: a survey tool's download as long answers.

Reads a Microsoft Forms, Google Forms, Qualtrics, SurveyMonkey, 问卷星 (wjx) or 腾讯问卷 export
(or a plain wide table with question ids as headers) with
:func:`maturity.ingest.surveys.read_export`
and writes into DIR:

- ``answers.csv``: the accepted answers in the long format every other command reads;
- ``mapping.csv``: each export column, the question id or respondent detail it was read as and
  how (id in header, metadata, exact text, normalised text, numbering, mapping file), or why it
  was left out, with the closest question texts as suggestions;
- ``rejected.csv`` (unanswered cells included) and ``notes.csv``.

It prints the format detected and why. Exit code 2 when the file cannot be read, has no
business line or wave (the message names ``--business-line`` / ``--wave``) or matches no
question.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from maturity.i18n import _

__all__ = ["add_parser", "run"]

FORMATS = ["auto", "msforms", "googleforms", "qualtrics", "surveymonkey", "wjx", "tencent", "wide"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``import`` command."""
    p = subparsers.add_parser(
        "import",
        help="read a survey tool's export (Forms, Google, Qualtrics, SurveyMonkey, 问卷星, "
        "腾讯问卷)",
        description="Turn a survey tool's response download (one row per respondent, one column "
        "per question) into answers.csv (long format), mapping.csv, rejected.csv and notes.csv.",
    )
    p.add_argument("export", metavar="EXPORT", help="the export file (.xlsx, .xls or .csv)")
    p.add_argument("--model", required=True, metavar="ID", help="model id or YAML path")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    p.add_argument("--format", choices=FORMATS, default="auto",
                   help="the tool that wrote the export (default: detect from the header)")
    p.add_argument("--wave", metavar="W", help="wave of the whole file, e.g. 2026-03 or 2026Q1")
    p.add_argument("--business-line", metavar="L", help="business line of the whole file")
    p.add_argument("--mapping", metavar="FILE",
                   help="CSV 'column, question' naming columns the header text does not match")
    p.add_argument("--language", choices=["auto", "en", "zh"], default="auto",
                   help="which of the model's texts headers are compared with (default both)")
    p.add_argument("--encoding", metavar="ENC",
                   help="a CSV's encoding when not UTF-8/UTF-16/GB18030")
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``maturity import``; returns 0 when the export was read."""
    from maturity.ingest.surveys import read_export
    from maturity.io import output_dir, write_csv

    x = read_export(args.export, args.model, format=args.format, wave=args.wave,
                    business_line=args.business_line, mapping=args.mapping,
                    language=args.language, encoding=args.encoding)
    out = Path(args.out)
    with output_dir(out) as tmp:
        write_csv(x.answers(), tmp / "answers.csv")
        write_csv(x.mapping, tmp / "mapping.csv")
        write_csv(x.rejected, tmp / "rejected.csv")
        write_csv(x.notes, tmp / "notes.csv")
    m = x.mapping
    unanswered = int(x.rejected["message"].str.startswith("unanswered").sum())
    print(_("format: {fmt} ({why})").format(fmt=x.format, why=x.reason))
    print(_("columns: {q} questions, {f} respondent details, {left} left out (see mapping.csv)")
          .format(q=int((m["question"] != "").sum()), f=int((m["field"] != "").sum()),
                  left=int(((m["question"] == "") & (m["field"] == "")).sum())))
    print(_("answers: {a} accepted, {u} unanswered, {r} rejected").format(
        a=len(x.responses), u=unanswered, r=len(x.rejected) - unanswered))
    print(_("wrote answers.csv, mapping.csv, rejected.csv, notes.csv to {out}").format(out=out))
    return 0
