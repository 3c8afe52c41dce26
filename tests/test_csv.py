"""maturity.ingest.csv: pyarrow's read of a long CSV gives what pandas' C parser gives.

The pyarrow path (``_read_arrow``) is a speed path only: every file below is read twice, once
as shipped and once with the pyarrow path switched off, and the two ``Responses`` must be equal
frame for frame (files that pyarrow would read otherwise, e.g. ragged rows, an unterminated
quote or a line break inside a field, go to the C parser, which gives the located errors).
Every column holds a text that is not a number, so that the C parser keeps the columns as text
under pandas 3 as well (see ``test_numeric_looking_ids_are_kept_as_typed``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import maturity.ingest.csv as ingest_csv
from maturity.ingest.responses import read_responses

pytest.importorskip("pyarrow")

HERE = Path(__file__).resolve().parent
MODEL = HERE / "data" / "models" / "tiny-staged.yaml"
HEAD = b"wave,business_line,respondent,question,answer,comment"
ROWS = [
    b"2025-03,Retail,r1,A.SP1.1.Q1,3,ok",
    b"2025-03,Retail,r1,A.SP1.2.Q1,Largely implemented,",
    b"2025-03,Retail,r2,A.SP1.1.Q1,\xef\xbc\x93,full width",
    b"2025-03,Retail,r2,X.Q9,2,unknown question",
    b"2025-03,Retail,r2,A.SP1.1.Q1,4,duplicate",
    b"2025-03,Retail,r3,B.SP1.1.Q1,,empty answer",
    b"2025-03,Retail,r3,B.SP1.2.Q1,NA,",
]
CASES = {
    "plain": HEAD + b"\n" + b"\n".join(ROWS) + b"\n",
    "crlf": HEAD + b"\r\n" + b"\r\n".join(ROWS) + b"\r\n",
    "bom": b"\xef\xbb\xbf" + HEAD + b"\n" + b"\n".join(ROWS) + b"\n",
    "no final newline": HEAD + b"\n" + b"\n".join(ROWS),
    "blank lines": HEAD + b"\n" + ROWS[0] + b"\n\n" + b"\n".join(ROWS[1:]) + b"\n\n\n",
    "spaces": HEAD + b"\n" + ROWS[1] + b"\n 2025-03 , Retail ,r9, A.SP1.1.Q1 , 3 ,x\n",
    "semicolons": (HEAD + b"\n" + b"\n".join(ROWS)).replace(b",", b";") + b"\n",
    "quoted": HEAD + b'\n2025-03,Retail,r1,A.SP1.1.Q1,"3","a, b ""c"""\n' + ROWS[1] + b"\n",
    "quote inside a field": HEAD + b'\n2025-03,Retail,r1,A.SP1.1.Q1,3,say "hi"\n' + ROWS[1],
    "unknown column": HEAD + b",extra\n" + b"\n".join(r + b",z" for r in ROWS) + b"\n",
    "unknown columns, CRLF": b"x," + HEAD + b",extra\r\n"
    + b"\r\n".join(b"y," + r + b",z" for r in ROWS) + b"\r\n",
    # read by the C parser (pyarrow would read them otherwise, or not at all)
    "line break in a field": HEAD + b'\n2025-03,Retail,r1,A.SP1.1.Q1,3,"two\nlines"\n' + ROWS[1],
    "short row": HEAD + b"\n2025-03,Retail,r1\n" + b"\n".join(ROWS) + b"\n",
    "long row": HEAD + b"\n" + ROWS[0] + b",x,y\n" + ROWS[1] + b"\n",
    "unterminated quote": HEAD + b'\n2025-03,Retail,r1,A.SP1.1.Q1,3,"open\n' + ROWS[1] + b"\n",
    "duplicate header": HEAD + b",answer\n" + b"\n".join(r + b",1" for r in ROWS) + b"\n",
    "unnamed column": HEAD + b",\n" + b"\n".join(r + b"," for r in ROWS) + b"\n",
    "quoted header": b'"wave","business_line",respondent,question,answer,comment\n' + ROWS[0],
    "not UTF-8 later": HEAD + b"\n" + ROWS[0] + b"\n2025-03,Retail,r1,A.SP1.2.Q1,3,caf\xe9\n",
    "row of spaces": HEAD + b"\n" + ROWS[0] + b"\n   \n" + ROWS[1] + b"\n",
    "header only": HEAD + b"\n",
    "CR line ends": (HEAD + b"\n" + b"\n".join(ROWS) + b"\n").replace(b"\n", b"\r"),
}


def _read(path: Path, arrow: bool, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        if not arrow:
            m.setattr(ingest_csv, "_read_arrow", lambda p, s: None)
        return read_responses(path, MODEL)


@pytest.mark.parametrize("name", list(CASES))
def test_pyarrow_and_the_c_parser_read_alike(name, tmp_path, monkeypatch):
    path = tmp_path / "answers.csv"
    path.write_bytes(CASES[name])
    fast, slow = _read(path, True, monkeypatch), _read(path, False, monkeypatch)
    for what in ("responses", "rejected", "notes"):
        pd.testing.assert_frame_equal(getattr(fast, what), getattr(slow, what), obj=what)


def test_the_pyarrow_path_reads_plain_files(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(CASES["plain"])
    assert ingest_csv._read_arrow(path, str(path)) is not None
    for name in ("line break in a field", "short row", "duplicate header", "not UTF-8 later"):
        path.write_bytes(CASES[name])
        assert ingest_csv._read_arrow(path, str(path)) is None, name


def test_numeric_looking_ids_are_kept_as_typed(tmp_path):
    # pandas 3's C parser turns a column of numbers-only into numbers ("007" and "7" become
    # one respondent 7); the text as typed is read on every pandas version
    path = tmp_path / "answers.csv"
    path.write_bytes(HEAD + b"\n2025-03,Retail,007,A.SP1.1.Q1,3,\n2025-03,Retail,7,A.SP1.1.Q1,"
                     b"3,\n")
    res = read_responses(path, MODEL)
    assert sorted(res.responses["respondent"].astype(str)) == ["007", "7"]
    assert res.rejected.empty
