"""``maturity template --model ID --out FILE [--language en|zh|both]``: respondent workbook.

Writes the xlsx a respondent fills in (:func:`maturity.ingest.workbook.write_template`; layout in
:mod:`maturity.ingest.workbook`). ``maturity template --swot --out FILE`` writes the SWOT input
template instead (:func:`maturity.plan.swot.write_swot_template`); ``maturity template --log --out
FILE [--language zh]`` the rollout log to fill in
(:func:`maturity.plan.tracking.write_log_template`,
CSV or xlsx by the suffix).
"""

from __future__ import annotations

import argparse

from maturity.exceptions import InputError

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``template`` command."""
    p = subparsers.add_parser(
        "template",
        help="write a respondent workbook (or, with --swot, a SWOT template)",
        description="Write the xlsx workbook a respondent fills in: instructions, the answer "
        "scales and one row per question with a drop-down of answer codes.",
    )
    p.add_argument("--model", metavar="ID", help="model id or YAML path (required unless --swot)")
    p.add_argument("--out", required=True, metavar="FILE", help="xlsx file to write")
    p.add_argument("--language", choices=["en", "zh", "both"], default="en",
                   help="language of labels and question texts (default en)")
    p.add_argument("--business-line", metavar="NAME", help="pre-fill the business line")
    p.add_argument("--wave", metavar="WAVE", help="pre-fill the wave, e.g. 2025-09")
    p.add_argument("--swot", action="store_true", help="write the SWOT input template instead")
    p.add_argument("--log", action="store_true",
                   help="write the rollout log template instead (CSV or xlsx by the suffix; "
                   "one example row per event)")
    p.add_argument("--questionnaire", action="store_true",
                   help="write the question list in form order (id-tagged texts, answer "
                   "choices) for building the form in a survey tool; .csv or .xlsx")
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``maturity template``; prints the path written and returns 0."""
    if getattr(args, "log", False):
        from maturity.plan.tracking import write_log_template

        print(write_log_template(args.out, [args.business_line] if args.business_line else None,
                                 language="zh" if args.language == "zh" else "en"))
        return 0
    if args.swot:
        from maturity.plan.swot import write_swot_template

        print(write_swot_template(args.out, language="zh" if args.language == "zh" else "en"))
        return 0
    if not args.model:
        raise InputError("maturity template: --model is required (or use --swot)")
    if args.questionnaire:  # a form for a survey tool (issue 21; read back with maturity import)
        from maturity.ingest.surveys import questionnaire
        from maturity.io import write_csv, write_xlsx

        q = questionnaire(args.model, args.language)
        xlsx = args.out.lower().endswith((".xlsx", ".xlsm"))
        print(write_xlsx({"questionnaire": q}, args.out) if xlsx else write_csv(q, args.out))
        return 0
    from maturity.ingest.workbook import write_template

    print(write_template(args.model, args.out, language=args.language,
                         business_line=args.business_line, wave=args.wave))
    return 0
