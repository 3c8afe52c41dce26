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

from maturity.commands.inputs import add_input_options

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
    """Every frame ``maturity compare`` writes, the read result and the summary lines."""
    import warnings

    import pandas as pd

    from maturity.assessment import Assessment
    from maturity.commands.inputs import read_answers
    from maturity.compare.mappings import NOTE_COLUMNS, unanswered_practices
    from maturity.compare.trends import changes, line_comparison, pa_changes, rankings, wave_pairs
    from maturity.compare.yoy import (
        company_change,
        index_replicates,
        join_outputs,
        no_test_caveat,
        read_outputs,
    )
    from maturity.scoring.score import score

    a = Assessment(args.model, lambda model: read_answers(args.data, model,
                                                          progress=not args.quiet, args=args),
                   mappings=args.mappings, waves=args.waves, all_questions=args.all_questions,
                   lines=args.lines)
    read, resp, score_model, lmap = a.read, a.responses, a.scoring_model, a.line_map
    notes = [pd.DataFrame(columns=NOTE_COLUMNS), *a.mapping_notes]
    said: list[str] = list(a.mapping_said)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        notes.append(unanswered_practices(resp, score_model))
    said += [str(w.message) for w in caught]
    scores = a.scores
    mat, pa = scores.maturity, scores.process_areas
    rs = a.respondent_scores
    base_wave = None
    joined = None
    if args.baseline_outputs:
        joined = join_outputs(read_outputs(args.baseline_outputs), mat, rs, pa, line_map=lmap)
        mat, rs, pa, base_wave = (joined["maturity"], joined["scores"],
                                  joined["process_areas"], joined["baseline"])
        if not joined["respondents"]:
            said.append("baseline from last year's outputs without respondents.csv: level and "
                        "index changes only, no respondent test is possible")
    baseline = args.baseline or (base_wave if args.baseline_outputs else None)
    scorer = (lambda frame: score(frame, score_model).maturity)  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pairs = wave_pairs(mat["wave"], rs["wave"], waves=args.waves, baseline=baseline)
        used = sorted({w for p in pairs for w in p[:2]})
        reps = (index_replicates(resp, scorer, waves=used, n_boot=args.n_boot, seed=args.seed)
                if args.n_boot > 0 and pairs else None)
        ch = changes(rs, mat, waves=args.waves, baseline=baseline, test=args.test,
                     seed=args.seed, min_n=args.min_n, replicates=reps)
    if joined is not None and not joined["respondents"]:
        ch = no_test_caveat(ch, joined["old_waves"])
    lines = a.lines
    groups, company = [], []
    for (wf, wt), _rows in ch.groupby(["wave_from", "wave_to"], sort=False):
        g, c = company_change(mat, lines, wave_from=wf, wave_to=wt, replicates=reps,
                              weight=args.weight)
        groups.append(g)
        company.append(c)
    resp_waves = [w for w in used if w in set(resp["wave"].astype(str))]
    frames = {
        "changes": ch,
        "pa_changes": pa_changes(pa, waves=args.waves, baseline=baseline),
        "line_comparison": line_comparison(resp, wave=resp_waves or None),
        "rankings": rankings(mat, waves=args.waves, baseline=baseline),
        "company": pd.concat(company, ignore_index=True) if company else pd.DataFrame(),
        **a.reliability(min_respondents=args.min_respondents),
    }
    if lines is not None:
        frames["groups"] = pd.concat(groups, ignore_index=True) if groups else pd.DataFrame()
    mapping_notes = pd.concat([n for n in notes if len(n)] or notes[:1], ignore_index=True)
    if len(mapping_notes):
        frames["mapping_notes"] = mapping_notes
    return frames, read, said


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
