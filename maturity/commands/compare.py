"""``maturity compare DATA --model ID --out DIR``: changes between waves, lines compared,
reliability.

Reads and scores the answers of every wave (as ``maturity score`` does), then writes into
``--out``:

* ``changes.csv`` -- :func:`maturity.compare.trends.changes` (each line; consecutive waves, and the
  ``--baseline`` against each other wave): the maturity index change with its bootstrap
  interval, the mean answer change of all respondents and of the stayers, the test, Holm;
* ``pa_changes.csv`` -- :func:`maturity.compare.trends.pa_changes`;
* ``line_comparison.csv`` -- :func:`maturity.compare.trends.line_comparison` (Kruskal-Wallis,
  Dunn-Holm)
  of the waves compared;
* ``rankings.csv`` -- :func:`maturity.compare.trends.rankings` (rank change against the previous
  wave,
  or against ``--baseline``);
* ``company.csv`` and ``groups.csv`` (with ``--lines``) --
  :func:`maturity.compare.yoy.company_change`
  for each wave pair of ``changes.csv``;
* ``reliability.csv`` -- :func:`maturity.compare.reliability.reliability`;
* ``disagreement.csv`` -- :func:`maturity.compare.reliability.disagreement` (practices to
  interview on);
* ``mapping_notes.csv`` -- what the question and line maps did, practices with no answer in a
  wave, the common-questions cut;
* ``rejected.csv`` / ``notes.csv`` when input rows were rejected or converted.

Year over year (docs/year_over_year.md): ``--mappings`` declares questionnaire and
organisation changes (applied before scoring and pairing; with a question map every wave is
scored on the questions common to all waves unless ``--all-questions``); ``--baseline-outputs``
takes last year's ``maturity score`` outputs as the baseline when its raw answers are gone.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from maturity.commands.inputs import add_input_options

if TYPE_CHECKING:
    import pandas as pd

    from maturity.assessment import Assessment

__all__ = ["add_parser", "run", "compare_frames"]


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "compare",
        help="changes between waves, business lines compared, reliability of the answers",
        description=(
            "Score every wave of the answers and compare: changes.csv (per business line and "
            "consecutive waves, and the --baseline against each other wave: maturity index "
            "change with its bootstrap interval, mean answer change of all respondents and of "
            "the stayers with their intervals, Wilcoxon or Mann-Whitney test, Holm, effect "
            "size, caveats), pa_changes.csv, line_comparison.csv (Kruskal-Wallis and Dunn-Holm "
            "per wave), rankings.csv, company.csv and groups.csv, reliability.csv (Cronbach "
            "and Krippendorff alpha, rwg per process area) and disagreement.csv (practices to "
            "interview on) in --out."
        ),
    )
    p.add_argument("data", help="answers file or folder (all waves)")
    p.add_argument("--model", required=True, help="model id (e.g. cmmi-dev-1.3) or YAML path")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--min-respondents", type=int, default=3, metavar="N",
                   help="flag groups with fewer respondents in reliability.csv (default 3)")
    p.add_argument("--min-n", type=int, default=5, metavar="N",
                   help="caveat changes based on fewer respondents (default 5)")
    p.add_argument("--test", choices=["auto", "paired", "unpaired", "permutation"],
                   default="auto", help="test of the wave changes (default auto)")
    p.add_argument("--seed", type=int, default=0, metavar="S",
                   help="seed of permutation p-values and of the bootstrap (default 0)")
    p.add_argument("--waves", nargs="+", metavar="WAVE",
                   help="waves to compare (put in time order; default all)")
    p.add_argument("--baseline", metavar="WAVE",
                   help="also compare this wave with each other wave (changes, rankings)")
    p.add_argument("--baseline-outputs", metavar="PATH",
                   help="last year's `maturity score` output folder, maturity.csv or "
                        "scores.xlsx, used as the baseline when its answers are gone")
    p.add_argument("--mappings", metavar="FILE",
                   help="question and line maps (YAML with questions:/lines:, or a CSV)")
    p.add_argument("--all-questions", action="store_true",
                   help="with a question map, score every question of each wave instead of "
                        "the questions common to all waves")
    p.add_argument("--lines", metavar="FILE",
                   help="line attributes (business_line, group, headcount[, wave]) for "
                        "groups.csv and a weighted company.csv")
    p.add_argument("--weight", metavar="COLUMN",
                   help="weight the company and group figures by this --lines column")
    p.add_argument("--n-boot", type=int, default=200, metavar="N",
                   help="bootstrap resamples of the index changes (default 200; 0: none)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_input_options(p, lines=True)
    return p


def compare_frames(args: argparse.Namespace) -> tuple[dict, object, list[str]]:
    """Every frame ``maturity compare`` writes, the read result and the summary lines: the
    :class:`maturity.Assessment` of the arguments, its :meth:`~maturity.Assessment.trends` and
    :meth:`~maturity.Assessment.reliability`, and the notes of the maps."""
    # lazy, here and below: `maturity --help` imports every command module (cli.py)
    import pandas as pd

    from maturity.assessment import Assessment
    from maturity.commands.inputs import read_answers

    a = Assessment(args.model, lambda model: read_answers(args.data, model,
                                                          progress=not args.quiet, args=args),
                   mappings=args.mappings, waves=args.waves, all_questions=args.all_questions,
                   lines=args.lines)
    notes, said = _mapping_notes(a)
    t = a.trends(waves=args.waves, baseline=args.baseline,
                 baseline_outputs=args.baseline_outputs, test=args.test, seed=args.seed,
                 min_n=args.min_n, n_boot=args.n_boot, weight=args.weight)
    if args.baseline_outputs and "respondents" not in a.previous_outputs(args.baseline_outputs):
        said.append("baseline from last year's outputs without respondents.csv: level and "
                    "index changes only, no respondent test is possible")
    company = t["company"] if t["company"] is not None else pd.DataFrame()

    def level(name: str) -> pd.DataFrame:  # the company's or the groups' rows of company
        return company[company["level"] == name].reset_index(drop=True) if len(company) else company

    frames = {**{k: t[k] for k in ("changes", "pa_changes", "line_comparison", "rankings")},
              "company": level("company"), **a.reliability(min_respondents=args.min_respondents)}
    if a.lines is not None:
        frames["groups"] = level("group")
    if len(notes):
        frames["mapping_notes"] = notes
    return frames, a.read, said


def _mapping_notes(a: Assessment) -> tuple[pd.DataFrame, list[str]]:
    """What the question and line maps did and the practices with no answer in a wave
    (:func:`maturity.compare.mappings.unanswered_practices`, whose warnings are said)."""
    import warnings

    import pandas as pd

    from maturity.compare.mappings import NOTE_COLUMNS, unanswered_practices

    notes = [pd.DataFrame(columns=NOTE_COLUMNS), *a.mapping_notes]
    said: list[str] = list(a.mapping_said)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        notes.append(unanswered_practices(a.responses, a.scoring_model))
    said += [str(w.message) for w in caught]
    return pd.concat([n for n in notes if len(n)] or notes[:1], ignore_index=True), said


def run(args: argparse.Namespace) -> int:
    from maturity.commands.inputs import write_read_report
    from maturity.exceptions import InputError
    from maturity.io import output_dir, write_csv

    if args.min_respondents < 1 or args.min_n < 1 or args.n_boot < 0:
        raise InputError(
            f"--min-respondents and --min-n must be at least 1 and --n-boot at least 0; got "
            f"{args.min_respondents}, {args.min_n} and {args.n_boot}"
        )
    frames, read, said = compare_frames(args)
    resp = read.responses
    n_waves = frames["changes"]["wave_to"].nunique() + 1 if len(frames["changes"]) else 1
    out = Path(args.out)
    with output_dir(out) as tmp:
        for name, df in frames.items():
            write_csv(df, tmp / f"{name}.csv")
        written = write_read_report(read, tmp)
    ch = frames["changes"]
    print(f"compared {resp['wave'].nunique()} wave(s) of answers, "
          f"{resp['business_line'].nunique()} business line(s), {len(read.responses)} answers; "
          f"{len(read.rejected)} rows rejected")
    for line in said:
        print(line)
    if n_waves < 2 or not len(ch):
        print("only one wave: changes.csv and pa_changes.csv are empty")
    else:
        cols = ["business_line", "wave_from", "wave_to", "index_from", "index_to", "delta",
                "ci_low", "ci_high", "score_delta", "n_test", "p_adjusted", "significant"]
        print(ch[cols].round(3).to_string(index=False))
        comp = frames["company"]
        if len(comp):
            print("company:")
            print(comp[["wave_from", "wave_to", "n_lines", "index_from", "index_to", "delta",
                        "ci_low", "ci_high"]].round(3).to_string(index=False))
    flagged = frames["reliability"]["flag"].ne("").sum()
    print(f"reliability: {flagged} of {len(frames['reliability'])} process-area groups flagged; "
          f"{int(frames['disagreement']['interview'].sum())} practices to interview on")
    names = [f"{k}.csv" for k in frames] + [p.name for p in written]
    print(f"wrote {', '.join(sorted(names))} to {out}")
    return 0
