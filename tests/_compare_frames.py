"""Contract-shaped frames shared by the compare tests (responses, maturity, answer matrices)."""

from __future__ import annotations

import numpy as np
import pandas as pd

RESPONSE_COLUMNS = [
    "wave", "business_line", "respondent", "project", "role", "date", "question", "practice",
    "process_area", "answer", "value", "na", "comment", "evidence", "source", "sheet", "row",
]
W1, W2, W3 = "2025-03", "2025-09", "2026-03"


def make_responses(spec: dict[tuple[str, str], dict[str, list[float | None]]]) -> pd.DataFrame:
    """{(wave, line): {respondent: answers}}; answer j goes to question PP-q{j} (or REQM-q for
    odd j), None is a not-applicable answer."""
    rows = []
    for (wave, line), people in spec.items():
        for resp, answers in people.items():
            for j, v in enumerate(answers):
                pa = "PP" if j % 2 == 0 else "REQM"
                na = v is None
                rows.append(
                    [wave, line, resp, "", "PM", pd.Timestamp(wave + "-01"), f"{pa}-q{j}",
                     f"{pa}-SP1.{j}", pa, "NA" if na else str(v),
                     np.nan if na else float(v), na, "", "", "s.csv", "", len(rows) + 2]
                )
    return pd.DataFrame(rows, columns=RESPONSE_COLUMNS)


def make_maturity(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["wave", "business_line", "maturity_level", "maturity_index"])
    df["n_respondents"] = 5
    return df


def one_value_each(wave: str, line: str, values: dict[str, float]) -> dict:
    return {(wave, line): {r: [v] for r, v in values.items()}}


def long_frame(matrix, rows="respondent", cols="question") -> pd.DataFrame:  # noqa: ANN001
    """A respondents x questions matrix as a long frame ``respondent, question, value``."""
    wide = pd.DataFrame(matrix, columns=[f"q{j + 1:02d}" for j in range(len(matrix[0]))])
    wide.index = [f"r{i + 1:02d}" for i in range(len(matrix))]
    long = wide.rename_axis(rows).reset_index().melt(rows, var_name=cols, value_name="value")
    return long


def responses_frame(groups: dict[tuple[str, str, str], list[list[float]]]) -> pd.DataFrame:
    """A contract-shaped responses frame: {(wave, line, pa): respondents x questions}."""
    rows = []
    for (wave, line, pa), matrix in groups.items():
        for i, answers in enumerate(matrix):
            for j, v in enumerate(answers):
                na = v is None
                rows.append(
                    {
                        "wave": wave, "business_line": line, "respondent": f"{line}-r{i}",
                        "project": "", "role": "PM", "date": pd.Timestamp("2025-03-01"),
                        "question": f"{pa}-q{j}", "practice": f"{pa}-SP{j // 2}",
                        "process_area": pa, "answer": "NA" if na else str(int(v)),
                        "value": np.nan if na else float(v), "na": na, "comment": "",
                        "evidence": "", "source": "x.csv", "sheet": "", "row": len(rows) + 2,
                    }
                )
    return pd.DataFrame(rows)
