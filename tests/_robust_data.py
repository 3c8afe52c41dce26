"""Small, complete inputs for every CLI command over the tiny staged model (used by
``tests/test_cli.py``, ``tests/test_output_safety.py`` and ``tests/test_robustness.py``).

:func:`write_inputs` writes into a folder: two waves of answers for two business lines (every
question of ``tests/data/models/tiny-staged.yaml``, three respondents each), a target profile,
a SWOT file and the business-line attributes, and returns their paths. With ``hostile=True``
every free-text field a user controls (respondent comments and evidence, SWOT factors, business
line names) starts with a character a spreadsheet would evaluate (``= + - @``, tab, CR).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

TINY = Path(__file__).parent / "data" / "models" / "tiny-staged.yaml"

#: Text a spreadsheet would run as a formula or that hides a formula behind a control character.
HOSTILE = ["=HYPERLINK(\"http://x\",\"ok\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")

WAVES = ["2025-03", "2025-09"]


def line_names(hostile: bool) -> list[str]:
    return ["=cmd|' /C calc'!A0", "@retail"] if hostile else ["retail", "bank"]


def answers(hostile: bool = False) -> pd.DataFrame:
    """Long answers: 2 waves x 2 lines x 3 respondents x every question of the tiny model."""
    from maturity.model.load import load_model

    questions = list(load_model(TINY).questions["question"])
    rows = []
    k = 0
    for w, wave in enumerate(WAVES):
        for li, line in enumerate(line_names(hostile)):
            for r in range(3):
                for q in questions:
                    k += 1
                    code = str((li + r + w + len(q)) % 5)
                    text = HOSTILE[k % len(HOSTILE)] if hostile else f"note {k}"
                    rows.append({"wave": wave, "business_line": line,
                                 "respondent": f"{line}-r{r}", "question": q, "answer": code,
                                 "comment": text, "evidence": text + " evidence"})
    return pd.DataFrame(rows)


def swot_frame(hostile: bool = False) -> pd.DataFrame:
    rows = []
    for line in line_names(hostile):
        for i, (quad, weight, rating) in enumerate(
                [("S", 0.3, 4), ("S", 0.2, 3), ("W", 0.5, 1), ("O", 0.6, 3), ("T", 0.4, 2)]):
            factor = f"{HOSTILE[i % len(HOSTILE)]} factor {i}" if hostile else f"factor {i}"
            rows.append({"business_line": line, "quadrant": quad, "factor": factor,
                         "weight": weight, "rating": rating,
                         "process_areas": "A" if quad == "W" else ""})
    return pd.DataFrame(rows)


def lines_frame(hostile: bool = False) -> pd.DataFrame:
    names = line_names(hostile)
    return pd.DataFrame({"business_line": names,
                         "group": ["-group one", "+group two"] if hostile else ["g1", "g2"],
                         "headcount": [20, 60], "complexity": [2, 4],
                         "customer_strictness": [3, 0]})


def write_inputs(d: Path, hostile: bool = False) -> dict[str, Path]:
    """Write answers.csv, targets.yaml, swot.csv and lines.csv into ``d``; return the paths."""
    d.mkdir(parents=True, exist_ok=True)
    paths = {"answers": d / "answers.csv", "targets": d / "targets.yaml",
             "swot": d / "swot.csv", "lines": d / "lines.csv", "model": TINY}
    answers(hostile).to_csv(paths["answers"], index=False, lineterminator="\r\n")  # CR quoted
    paths["targets"].write_text("default_level: 3\n", encoding="utf-8")
    swot_frame(hostile).to_csv(paths["swot"], index=False, lineterminator="\r\n")
    lines_frame(hostile).to_csv(paths["lines"], index=False, lineterminator="\r\n")
    return paths


def argv(cmd: str, p: dict[str, Path], out: Path) -> list[str]:
    """A working command line for ``cmd`` on the inputs ``p`` writing into ``out``."""
    d, m = str(p["answers"]), ["--model", str(p["model"])]
    o = ["--out", str(out)]
    t, s = ["--target", str(p["targets"])], ["--swot", str(p["swot"])]
    li = ["--lines", str(p["lines"])]
    return {
        "validate": ["validate", d, *m],
        "score": ["score", d, *m, *o, "--quiet"],
        "template": ["template", *m, "--out", str(out / "template.xlsx")],
        "swot": ["swot", str(p["swot"]), *o],
        "gap": ["gap", d, *m, *t, *s, *o],
        "roadmap": ["roadmap", d, *m, *t, *li, *s, *o],
        "compare": ["compare", d, *m, *o, "--quiet"],
        "report": ["report", d, *m, *t, *s, *li, *o, "--no-pdf", "--quiet"],
    }[cmd]
