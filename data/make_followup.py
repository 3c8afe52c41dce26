#!/usr/bin/env python
"""Generate "a quarter later" for the sample company: its rollout log and a 2026-09 survey wave.

Run from the top of the checkout (after ``data/make_sample.py``)::

    python data/make_followup.py            # writes data/followup/
    python data/make_followup.py --out DIR  # writes DIR/followup/

Seeded and byte-identical on every run. The log follows the first rollout wave of the sample's
roadmap (the strict lines ``government-projects`` and ``insurance-solutions``, from 2026-04-06):

- government-projects: co-design with its director, sign-off, training, a test passed 4/5,
  a first checkpoint with 2 findings, a second one ok, the review, a champion moved on;
- insurance-solutions: co-design, sign-off, training, a test failed 3/5 (the pilot is blocked),
  a week of retraining and a retest passed 5/5, then the pilot (a checkpoint ok) and the review;
- data-analytics (rollout wave 2): its co-design workshop, waiting for wave 1's benefit.

The 2026-09 survey wave re-assesses the two wave-1 lines with the same respondents as 2026-03;
their latent maturity rises by :data:`GAIN` (the effect of the rollout), so the re-assessment
can show the benefit that releases rollout wave 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import make_sample as ms  # noqa: E402  (the sample's own generator, beside this file)

SEED = 20260901
WAVE = "2026-09"
#: Rise of the latent maturity of each wave-1 line between 2026-03 and 2026-09.
GAIN = {"government-projects": 0.55, "insurance-solutions": 0.45}
LOG_COLUMNS = ["business_line", "event", "date", "value", "note"]
LOG = [
    ("government-projects", "codesign", "2026-03-30", "Wang Jianguo",
     "process workshop with the line director and two project managers"),
    ("government-projects", "signoff", "2026-04-02", "Wang Jianguo", "line process accepted"),
    ("government-projects", "training", "2026-04-06", "", "60 staff, 2 sessions"),
    ("government-projects", "training_test", "2026-04-10", "4/5", ""),
    ("government-projects", "checkpoint", "2026-05-01", "2", "estimates and risk log missing"),
    ("government-projects", "checkpoint", "2026-05-15", "ok", "findings closed"),
    ("government-projects", "review", "2026-05-29", "", "pilot results accepted"),
    ("government-projects", "champion", "2026-06-01", "Chen Jie",
     "senior PM moves to data-analytics"),
    ("insurance-solutions", "codesign", "2026-03-31", "Li Na", "process workshop"),
    ("insurance-solutions", "signoff", "2026-04-03", "Li Na", ""),
    ("insurance-solutions", "training", "2026-04-06", "", "80 staff"),
    ("insurance-solutions", "training_test", "2026-04-10", "3/5", "below the 4-in-5 gate"),
    ("insurance-solutions", "training", "2026-04-20", "", "retraining week"),
    ("insurance-solutions", "training_test", "2026-04-24", "5/5", "retest"),
    ("insurance-solutions", "checkpoint", "2026-06-05", "ok", ""),
    ("insurance-solutions", "review", "2026-08-28", "", "pilot results accepted"),
    ("data-analytics", "codesign", "2026-08-31", "Sun Hao", "waits for wave 1's benefit"),
]


def make_log() -> pd.DataFrame:
    """The rollout log, one row per event (see the module docstring)."""
    return pd.DataFrame(LOG, columns=LOG_COLUMNS)


def make_wave(model) -> pd.DataFrame:
    """Answers of the 2026-09 survey wave: the 2026-03 respondents of the wave-1 lines."""
    _answers, roster = ms.make_cmmi(np.random.default_rng(ms.SEED).spawn(3)[0], model)
    rng = np.random.default_rng(SEED)
    r_days, r_ans = rng.spawn(2)
    again = roster[(roster["wave"] == "2026-03") & roster["business_line"].isin(GAIN)].copy()
    again["wave"] = WAVE
    days = r_days.integers(3, 27, size=len(again))
    again["date"] = [f"{WAVE}-{int(d):02d}" for d in days]
    qt = ms._question_table(model)
    theta = {line: (ms.THETA[line][2] + gain,) for line, gain in GAIN.items()}
    pa_na = {line: {"SAM": ms.NA_RATE_SAM} for line in ms.NO_SUPPLIERS}
    return ms._answers(r_ans, model, again, qt, ms._cmmi_difficulty(qt), theta, [WAVE],
                       ms.LINE_PA_EFFECT, pa_na=pa_na)


def main(out_dir: str | Path | None = None) -> list[Path]:
    """Write ``followup/rollout_log.csv`` and ``followup/2026-09.csv`` under ``out_dir``."""
    out = (Path(out_dir) if out_dir is not None else HERE) / "followup"
    out.mkdir(parents=True, exist_ok=True)
    model = ms._model(ms.CMMI)
    return [ms._write_csv(make_log(), out / "rollout_log.csv"),
            ms._write_csv(make_wave(model), out / f"{WAVE}.csv")]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=None, help="folder holding followup/ (default: data/)")
    for path in main(parser.parse_args().out):
        print(path)
