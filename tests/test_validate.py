"""maturity.ingest.validate: each named check on its own, and their order.

Expected outcomes are worked out by hand from the tiny test model
(``tests/data/models/tiny-staged.yaml``: questions A.SP1.1.Q1, A.SP1.2.Q1, B.SP1.1.Q1, ...,
scale likert-0-4 with codes 0-4 and NA).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from maturity.ingest.records import empty_raw, frame_to_part
from maturity.ingest.validate import (
    Checked,
    answers_on_scale,
    duplicates,
    missing_ids,
    unknown_questions,
    validate_raw,
)
from maturity.model.load import load_model

MODEL = load_model(Path(__file__).resolve().parent / "data" / "models" / "tiny-staged.yaml")


def raw(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """Raw rows (wave, business_line, respondent, question, answer) of a frame source."""
    df = pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "question", "answer"])
    return frame_to_part(df, "<frame>", "", 2, "an answer frame").raw


def rejected_rows(rows: Checked) -> list[int]:
    return sorted(int(i) for r in rows.rejections for i in r[0])


def test_missing_ids_names_every_missing_one():
    rows = Checked.of(raw([("2025-03", "", "", "A.SP1.1.Q1", "3"),
                           ("2025-03", "Retail", "r1", "A.SP1.1.Q1", "3")]))
    missing_ids(rows)
    assert rejected_rows(rows) == [0]
    idx, column, _, _, message = rows.rejections[0]
    assert list(column) == ["business_line"]
    assert message[0].startswith("missing business_line, respondent;")


def test_unknown_question_after_missing_ids():
    rows = Checked.of(raw([("", "Retail", "r1", "X.Q9", "3"),
                           ("2025-03", "Retail", "r1", "X.Q9", "3"),
                           ("2025-03", "Retail", "r1", "A.SP1.1.Q1", "3")]))
    missing_ids(rows)
    unknown_questions(rows, MODEL)
    # row 0 is rejected for its missing wave only (the first problem found)
    assert [r[0].tolist() for r in rows.rejections] == [[0], [1]]
    qpos = rows.question_of_code[rows.cols["question"].codes]  # per code, spread to the rows
    assert qpos.tolist()[2] >= 0 and qpos.tolist()[1] == -1


def test_duplicates_reject_every_copy():
    rows = Checked.of(raw([("2025-03", "Retail", "r1", "A.SP1.1.Q1", "3"),
                           ("2025-03", "Retail", "r1", "A.SP1.2.Q1", "3"),
                           ("2025-03", "Retail", "r1", "A.SP1.1.Q1", "4"),
                           ("2025-03", "Retail", "r2", "A.SP1.1.Q1", "4")]))
    duplicates(rows)
    assert rejected_rows(rows) == [0, 2]
    message = rows.rejections[0][4][0]
    assert message.startswith("duplicate answer: question A.SP1.1.Q1 answered 2 times")
    assert "<frame>, row 2; <frame>, row 4" in message


def test_answers_on_scale_reads_each_distinct_answer_once():
    rows = Checked.of(raw([("2025-03", "Retail", "r1", "A.SP1.1.Q1", "3"),
                           ("2025-03", "Retail", "r1", "A.SP1.2.Q1", "Largely implemented"),
                           ("2025-03", "Retail", "r1", "B.SP1.1.Q1", "maybe"),
                           ("2025-03", "Retail", "r2", "B.SP1.1.Q1", "")]))
    unknown_questions(rows, MODEL)
    answers = answers_on_scale(rows, MODEL)
    assert rejected_rows(rows) == [2, 3]
    assert sorted(answers.code[answers.pair[answers.pair >= 0]]) == ["3", "3"]
    assert np.isnan(answers.value).sum() == 2  # the two rejected pairs


def test_validate_raw_puts_every_row_in_one_frame():
    r = raw([("2025-03", "Retail", "r1", "A.SP1.1.Q1", "3"),
             ("2025-03", "Retail", "", "A.SP1.2.Q1", "3"),
             ("2025-03", "Retail", "r1", "X.Q9", "3"),
             ("2025-03", "Retail", "r1", "B.SP1.1.Q1", "")])
    responses, rejected, notes = validate_raw(r, MODEL)
    assert len(responses) + len(rejected) == len(r)
    assert rejected["row"].tolist() == [3, 4, 5]
    assert rejected["column"].tolist() == ["respondent", "question", "answer"]
    assert notes.empty


def test_validate_raw_of_no_rows():
    responses, rejected, notes = validate_raw(empty_raw(), MODEL)
    assert responses.empty and rejected.empty and notes.empty
