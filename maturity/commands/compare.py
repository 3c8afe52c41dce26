"""``maturity compare DATA --model ID --out DIR``: changes between waves, lines compared, reliability.

Reads and scores the answers of every wave (as ``maturity score`` does), then writes into
``--out``:

* ``changes.csv`` -- :func:`maturity.trends.changes` (each line, consecutive waves);
* ``pa_changes.csv`` -- :func:`maturity.trends.pa_changes`;
* ``line_comparison.csv`` -- :func:`maturity.trends.line_comparison` (Kruskal-Wallis, Dunn-Holm);
* ``rankings.csv`` -- :func:`maturity.trends.rankings`;
* ``reliability.csv`` -- :func:`maturity.reliability.reliability`;
* ``disagreement.csv`` -- :func:`maturity.reliability.disagreement` (practices to interview on);
* ``rejected.csv`` / ``notes.csv`` when input rows were rejected or converted.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from maturity.commands.inputs import add_input_options

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "compare",
        help="changes between waves, business lines compared, reliability of the answers",
        description=(
            "Score every wave of the answers and compare: changes.csv (per business line and "
            "consecutive waves: level, index, score change with its interval, Wilcoxon or "
            "Mann-Whitney test, effect size, caveats), pa_changes.csv, line_comparison.csv "
            "(Kruskal-Wallis and Dunn-Holm per wave), rankings.csv, reliability.csv (Cronbach "
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
                   help="seed of permutation p-values (default 0)")
    p.add_argument("--waves", nargs="+", metavar="WAVE",
                   help="waves to compare in time order (default all, consecutive pairs)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_input_options(p, lines=True)
    return p


def run(args: argparse.Namespace) -> int:
    from maturity.commands.score import score_data, write_read_report
    from maturity.exceptions import InputError
    from maturity.io import output_dir, write_csv
    from maturity.reliability import disagreement, reliability
    from maturity.trends import changes, line_comparison, pa_changes, rankings

    if args.min_respondents < 1 or args.min_n < 1:
        raise InputError(
            f"--min-respondents and --min-n must be at least 1; got {args.min_respondents} "
            f"and {args.min_n}"
        )
    _, read, scores = score_data(args)
    resp = read.responses
    n_waves = resp["wave"].nunique()
    frames = {
        "changes": changes(resp, scores.maturity, waves=args.waves, test=args.test,
                           seed=args.seed, min_n=args.min_n),
        "pa_changes": pa_changes(scores.process_areas, waves=args.waves),
        "line_comparison": line_comparison(resp),
        "rankings": rankings(scores.maturity),
        "reliability": reliability(resp, min_respondents=args.min_respondents),
        "disagreement": disagreement(resp, min_respondents=args.min_respondents),
    }
    out = Path(args.out)
    with output_dir(out) as tmp:
        for name, df in frames.items():
            write_csv(df, tmp / f"{name}.csv")
        written = write_read_report(read, tmp)
    ch = frames["changes"]
    print(f"compared {n_waves} wave(s), {resp['business_line'].nunique()} business line(s), "
          f"{len(read.responses)} answers; {len(read.rejected)} rows rejected")
    if n_waves < 2:
        print("only one wave: changes.csv and pa_changes.csv are empty")
    elif len(ch):
        cols = ["business_line", "wave_from", "wave_to", "index_from", "index_to", "delta",
                "p_value", "caveat"]
        print(ch[cols].round(3).to_string(index=False))
    flagged = frames["reliability"]["flag"].ne("").sum()
    print(f"reliability: {flagged} of {len(frames['reliability'])} process-area groups flagged; "
          f"{int(frames['disagreement']['interview'].sum())} practices to interview on")
    names = [f"{k}.csv" for k in frames] + [p.name for p in written]
    print(f"wrote {', '.join(sorted(names))} to {out}")
    return 0
