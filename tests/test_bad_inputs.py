"""Every defect of the generated corpus (tests/bad_inputs/make_bad.py) gives a clear entry.

The corpus is written at test time into a session temporary folder. For each file we check the
outcome (a file-level rejected entry, a rejected row, or a note), that the message names the file
and never shows a raw library traceback, and that the XML bomb is rejected quickly.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pandas as pd
import pytest

from maturity.exceptions import InputError
from maturity.ingest.responses import ENTRY_COLUMNS, read_responses

HERE = Path(__file__).resolve().parent
MODEL = HERE / "data" / "models" / "tiny-staged.yaml"
RAW_LIBRARY_WORDS = ("Traceback", "openpyxl", "zipfile.", "BadZipFile:", "calamine",
                     "pandas.errors")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    spec = importlib.util.spec_from_file_location("make_bad", HERE / "bad_inputs" / "make_bad.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod.make_corpus(tmp_path_factory.mktemp("bad"))


def read(path: Path, **kw):
    return read_responses(path, MODEL, **kw)


def file_level(res, path: Path) -> pd.Series:
    """The single file-level entry (row NA) of a wholly rejected file."""
    assert len(res.responses) == 0
    assert len(res.rejected) == 1, res.rejected
    e = res.rejected.iloc[0]
    assert e["source"] == str(path)
    assert pd.isna(e["row"])
    assert str(path) in e["message"]
    assert not any(w in e["message"] for w in RAW_LIBRARY_WORDS), e["message"]
    return e


# (builder, words the message must contain)
FILE_LEVEL = [
    ("not_a_workbook", ["not an xlsx workbook", "renamed"]),
    ("truncated_zip", ["truncated or corrupt"]),
    ("legacy_xls", ["legacy .xls"]),
    ("empty_workbook", ["empty workbook"]),
    ("no_recognised_sheet", ["no recognised sheet", "name, score", "wave, business_line"]),
    ("empty_csv", ["empty file"]),
    ("cp1252_csv", ["not UTF-8", "fc 72 69 63", "line 3", "CSV UTF-8"]),
    ("gbk_csv", ["not UTF-8", "line 2", "gb18030"]),
    ("missing_columns_csv", ["missing required column(s) business_line",
                             "columns found: wave, respondent, question, answer"]),
    ("ragged_csv", ["not a valid CSV table", "line 5"]),
    ("billion_laughs", ["unsafe XML (entity expansion) rejected"]),
    ("merged_header_bad", ["no recognised sheet", "merged cells A1:C1", "unmerge"]),
]


@pytest.mark.parametrize(("name", "words"), FILE_LEVEL, ids=[n for n, _ in FILE_LEVEL])
def test_file_level_defect_is_one_clear_entry(corpus, name, words):
    path = corpus[name]
    e = file_level(read(path), path)
    for w in words:
        assert w in e["message"], (w, e["message"])


@pytest.mark.parametrize(("name", "words"), FILE_LEVEL, ids=[n for n, _ in FILE_LEVEL])
def test_file_level_defect_raises_input_error(corpus, name, words):
    path = corpus[name]
    with pytest.raises(InputError) as info:
        read(path, errors="raise")
    assert str(path) in str(info.value)
    assert words[0] in str(info.value)
    assert list(info.value.failures.columns) == ENTRY_COLUMNS
    assert len(info.value.failures) == 1


def test_bomb_rejected_fast(corpus):
    t0 = time.perf_counter()
    res = read(corpus["billion_laughs"])
    assert time.perf_counter() - t0 < 2.0
    assert res.rejected.iloc[0]["value"] == "xl/worksheets/sheet1.xml"


def test_defusedxml_is_active_for_openpyxl():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "openpyxl is only safe against XML bombs with defusedxml installed"


def test_oversize_rejected_before_reading(corpus):
    path = corpus["oversize_csv"]
    size = path.stat().st_size
    e = file_level(read(path, max_bytes=size - 1), path)
    assert "over the limit" in e["message"] and "max_bytes" in e["message"]
    assert e["value"] == f"{size} bytes"
    assert len(read(path, max_bytes=size).responses) == 3


def test_bom_csv_accepted(corpus):
    res = read(corpus["bom_csv"])
    assert len(res.responses) == 3 and len(res.rejected) == 0
    assert res.responses["wave"].tolist() == ["2025-03"] * 3  # no BOM glued to the first header


def test_semicolon_csv_accepted_with_note(corpus):
    res = read(corpus["semicolon_csv"])
    assert len(res.responses) == 3 and len(res.rejected) == 0
    assert res.notes.iloc[0]["message"].startswith("separator ';' detected")


def test_non_utf8_csv_read_with_explicit_encoding(corpus):
    res = read(corpus["cp1252_csv"], encoding="cp1252")
    assert res.responses["business_line"].tolist() == ["Retail", "Zürich"]
    res = read(corpus["gbk_csv"], encoding="gb18030")
    assert res.responses["business_line"].tolist() == ["零售"]


def test_formula_in_answer_cell_rejected(corpus):
    path = corpus["formulas"]
    res = read(path)
    assert len(res.responses) == 2
    e = res.rejected.iloc[0]
    assert (e["source"], e["sheet"], e["row"], e["column"], e["value"]) == (
        str(path), "answers", 3, "answer", "=1+1")
    assert "formula" in e["message"] and e["expected"] == "a typed value (a code or label)"
    assert e["question"] == "A.SP1.2.Q1"


def test_merged_header_cells_noted(corpus):
    res = read(corpus["merged_header_ok"])
    assert len(res.responses) == 3
    assert "merged cells in the header row (E1:F1)" in res.notes.iloc[0]["message"]


def test_hidden_sheet_ignored_with_note(corpus):
    res = read(corpus["hidden_sheet"])
    assert res.responses["sheet"].unique().tolist() == ["answers"]
    assert res.responses["wave"].unique().tolist() == ["2025-03"]
    assert res.notes["message"].tolist() == ["hidden sheet 'old answers' ignored"]


def test_fullwidth_and_spaces_noted(corpus):
    res = read(corpus["fullwidth_spaces"])
    assert res.responses["answer"].tolist() == ["3", "2", "4"]
    assert res.responses["business_line"].unique().tolist() == ["Retail"]
    got = res.notes[["row", "column", "value", "expected"]].values.tolist()
    assert got == [[2, "answer", "３", "3"], [3, "business_line", "Retail ", "Retail"],
                   [3, "answer", " 2 ", "2"], [4, "answer", "4.0", "4"]]


def test_label_answers_noted(corpus):
    res = read(corpus["label_answers"])
    assert res.responses["answer"].tolist() == ["3", "0", "NA"]
    assert res.responses["na"].tolist() == [False, False, True]
    assert all(m.startswith("label ") for m in res.notes["message"])


def test_respondent_workbook_missing_business_line(corpus):
    path = corpus["respondent_no_header"]
    res = read(path)
    assert len(res.responses) == 0
    assert len(res.rejected) == 10  # every question row, none dropped
    e = res.rejected.iloc[0]
    assert (e["sheet"], e["row"], e["column"]) == ("Answers", 10, "business_line")
    assert "sheet Answers, cell B1" in e["message"]
    assert e["respondent"] == "r9"


def test_whole_corpus_as_folder(corpus):
    folder = next(iter(corpus.values())).parent
    res = read(folder, max_bytes=10_000)
    assert list(res.rejected.columns) == ENTRY_COLUMNS
    assert res.rejected["source"].is_monotonic_increasing
    for e in res.rejected["message"]:
        assert not any(w in e for w in RAW_LIBRARY_WORDS), e
