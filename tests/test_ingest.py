"""Tests of maturity.ingest.responses.read_responses and the respondent workbooks
(maturity.ingest.templates, maturity.ingest.workbook).

Expected values are worked out by hand from the tiny test model
(tests/data/models/tiny-staged.yaml: 10 questions on the built-in likert-0-4 scale) and a small
model written below with a scampi question and a custom scale with an ambiguous Chinese label.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.cli import main
from maturity.exceptions import InputError
from maturity.ingest.responses import ENTRY_COLUMNS, RESPONSE_COLUMNS, Responses, read_responses
from maturity.ingest.templates import TABLE_HEADER_ROW, fill_template, write_template
from maturity.model.load import load_model

HERE = Path(__file__).resolve().parent
TINY = HERE / "data" / "models" / "tiny-staged.yaml"
MIXED_YAML = """
id: mixed-scales
name: Mixed scales
version: "1"
levels: [{level: 1, name: Initial}, {level: 2, name: Managed}]
scales:
  yn:
    kind: numeric
    options:
      - {code: "Y", label: "Yes", label_zh: "是", value: 1}
      - {code: "P", label: "Partly", label_zh: "部分", value: 0.5}
      - {code: "Q", label: "Partly quantified", label_zh: "部分", value: 0.6}
      - {code: "N", label: "No", label_zh: "否", value: 0}
process_areas:
  - id: X
    name: X
    level: 2
    goals:
      - id: X.SG1
        name: G
        practices:
          - id: X.SP1
            name: P1
            questions: [{id: X.Q1, text: t1, scale: scampi}]
          - id: X.SP2
            name: P2
            questions: [{id: X.Q2, text: t2, scale: yn}]
          - id: X.SP3
            name: P3
            questions: [{id: X.Q3, text: t3}]
"""


@pytest.fixture(scope="module")
def tiny():
    return load_model(TINY)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    p = tmp_path_factory.mktemp("models") / "mixed.yaml"
    p.write_text(MIXED_YAML, encoding="utf-8")
    return load_model(p)


def long(rows, **extra) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "question", "answer"])
    for k, v in extra.items():
        df[k] = v
    return df


def one(res: Responses, frame: str = "rejected") -> pd.Series:
    f = getattr(res, frame)
    assert len(f) == 1, f
    return f.iloc[0]


R = ("2025-03", "Retail", "r1")


# ------------------------------------------------------------------------------------------
# Output shape


def test_columns_and_types(tiny):
    res = read_responses(long([(*R, "A.SP1.1.Q1", "3"), (*R, "A.GP2.1.Q1", "NA")]), tiny)
    assert list(res.responses.columns) == RESPONSE_COLUMNS
    assert list(res.rejected.columns) == ENTRY_COLUMNS
    assert list(res.notes.columns) == ENTRY_COLUMNS
    r = res.responses
    assert r["row"].dtype == "Int64" and r["value"].dtype == float and r["na"].dtype == bool
    assert r["practice"].tolist() == ["A.SP1.1", "A.GP2.1"]
    assert r["process_area"].tolist() == ["A", "A"]
    assert r["value"].iloc[0] == 3.0 and math.isnan(r["value"].iloc[1])
    assert r["na"].tolist() == [False, True]
    assert r["project"].tolist() == ["", ""] and r["sheet"].tolist() == ["", ""]
    assert r["source"].tolist() == ["<frame>", "<frame>"]
    assert isinstance(res.responses.index, pd.RangeIndex)


def test_optional_columns_and_aliases(tmp_path, tiny):
    p = tmp_path / "a.csv"
    p.write_text(" WAVE ,Business Line,respondent,Question,ANSWER,Note,Project,Role,evidence,"
                 "extra\n"
                 "2025-03,Retail,r1,A.SP1.1.Q1,3,see doc,P1,PM,http://x,zzz\n", encoding="utf-8")
    res = read_responses(p, tiny)
    r = res.responses.iloc[0]
    assert (r["comment"], r["project"], r["role"], r["evidence"]) == ("see doc", "P1", "PM", "http://x")
    assert one(res, "notes")["message"] == "column(s) ignored: extra"


def test_does_not_mutate_input_frame(tiny):
    df = long([(*R, " A.SP1.1.Q1", "３"), (*R, "A.SP1.2.Q1", "bad"), (*R, "A.SP1.1.Q1 ", "2")])
    before = df.copy(deep=True)
    read_responses(df, tiny)
    pd.testing.assert_frame_equal(df, before)


def test_sorted_by_source_then_row_and_deterministic_folder(tmp_path, tiny):
    (tmp_path / "sub").mkdir()
    for name in ("b.csv", "a.csv", "sub/c.csv"):
        (tmp_path / name).write_text("wave,business_line,respondent,question,answer\n"
                                     f"2025-03,Retail,{name[-5]},A.SP1.1.Q1,3\n"
                                     f"2025-03,Retail,{name[-5]},A.SP1.2.Q1,2\n", encoding="utf-8")
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    (tmp_path / ".hidden.csv").write_text("x", encoding="utf-8")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "readme.txt").write_text("x", encoding="utf-8")
    res = read_responses(tmp_path, tiny)
    srcs = [Path(s).relative_to(tmp_path).as_posix() for s in res.responses["source"]]
    assert srcs == ["a.csv", "a.csv", "b.csv", "b.csv", "sub/c.csv", "sub/c.csv"]
    assert res.responses["row"].tolist() == [2, 3] * 3
    msgs = " | ".join(res.notes["message"])
    assert "Excel lock file" in msgs and "hidden file" in msgs
    assert "old.xls: skipped: a legacy .xls workbook" in msgs and "'maturity import'" in msgs
    assert "readme.txt: skipped: not a .csv or .xlsx file" in msgs
    par = read_responses(tmp_path, tiny, workers=2, progress=True)
    pd.testing.assert_frame_equal(res.responses, par.responses)
    pd.testing.assert_frame_equal(res.notes, par.notes)


# ------------------------------------------------------------------------------------------
# Row-level problems: each entry names source, sheet, row, column, value, expected


def test_unknown_question(tiny):
    e = one(read_responses(long([(*R, "Z.Q1", "3")]), tiny))
    assert (e["source"], e["sheet"], e["row"], e["column"], e["value"]) == (
        "<frame>", "", 2, "question", "Z.Q1")
    assert "tiny-staged" in e["message"] and "tiny-staged" in e["expected"]


def test_answer_not_in_scale(tiny):
    e = one(read_responses(long([(*R, "A.SP1.1.Q1", "5")]), tiny))
    assert (e["row"], e["column"], e["value"]) == (2, "answer", "5")
    assert e["expected"].startswith("one of 0, 1, 2, 3, 4, NA (scale likert-0-4)")
    assert (e["wave"], e["business_line"], e["respondent"], e["question"]) == (*R, "A.SP1.1.Q1")


def test_empty_answer_rejected_not_dropped(tiny):
    res = read_responses(long([(*R, "A.SP1.1.Q1", ""), (*R, "A.SP1.2.Q1", None)]), tiny)
    assert res.rejected["message"].tolist() == ["empty answer", "empty answer"]
    assert res.rejected["row"].tolist() == [2, 3]


@pytest.mark.parametrize("col", ["wave", "business_line", "respondent", "question"])
def test_missing_id(tiny, col):
    df = long([(*R, "A.SP1.1.Q1", "3")])
    df[col] = "  "
    e = one(read_responses(df, tiny))
    assert e["column"] == col and e["message"].startswith(f"missing {col}")


def test_duplicates_all_rejected(tmp_path, tiny):
    p = tmp_path / "d.csv"
    long([(*R, "A.SP1.1.Q1", "3"), (*R, "A.SP1.2.Q1", "2"), (*R, "A.SP1.1.Q1", "4"),
          ("2025-09", "Retail", "r1", "A.SP1.1.Q1", "4")]).to_csv(p, index=False)
    res = read_responses(p, tiny)
    assert res.rejected["row"].tolist() == [2, 4]  # both copies, not the first kept
    assert res.responses["row"].tolist() == [3, 5]  # another wave is not a duplicate
    m = res.rejected["message"].iloc[0]
    assert "answered 2 times" in m and "cannot know which is right" in m
    assert f"{p}, row 2" in m and f"{p}, row 4" in m


def test_duplicates_across_files(tmp_path, tiny):
    for n in ("a", "b"):
        long([(*R, "A.SP1.1.Q1", "3")]).to_csv(tmp_path / f"{n}.csv", index=False)
    res = read_responses(tmp_path, tiny)
    assert len(res.responses) == 0 and len(res.rejected) == 2


def test_csv_row_is_line_number(tmp_path, tiny):
    p = tmp_path / "a.csv"
    p.write_text("wave,business_line,respondent,question,answer\n"
                 "2025-03,Retail,r1,A.SP1.1.Q1,3\n\n,,,,\n2025-03,Retail,r1,A.SP1.2.Q1,9\n",
                 encoding="utf-8")
    res = read_responses(p, tiny)
    assert one(res)["row"] == 5
    assert "2 empty row(s) skipped" in res.notes["message"].tolist()


def test_excel_row_and_sheet_choice(tmp_path, tiny):
    p = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "readme"
    wb.active.append(["nothing to see"])
    ws = wb.create_sheet("Answers ")
    ws.append(["Survey 2025"])  # a title row above the header
    ws.append(["wave", "business_line", "respondent", "question", "answer"])
    ws.append(["2025-03", "Retail", "r1", "A.SP1.1.Q1", 3])
    ws.append(["2025-03", "Retail", "r1", "A.SP1.2.Q1", 7])
    wb.save(p)
    res = read_responses(p, tiny)
    assert res.responses["row"].tolist() == [3] and res.responses["answer"].tolist() == ["3"]
    e = one(res)
    assert (e["sheet"], e["row"], e["column"], e["value"]) == ("Answers ", 4, "answer", "7")
    assert "header found on row 2" in res.notes["message"].iloc[0]


def test_excel_dates_and_numbers(tmp_path, tiny):
    import datetime as dt

    p = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["wave", "business_line", "respondent", "question", "answer", "date"])
    ws.append([dt.datetime(2025, 3, 1), "Retail", 1001, "A.SP1.1.Q1", 3, dt.datetime(2025, 3, 14)])
    wb.save(p)
    res = read_responses(p, tiny)
    r = res.responses.iloc[0]
    got = (r["wave"], r["respondent"], r["answer"], r["date"])
    assert got == ("2025-03", "1001", "3", "2025-03-14")
    assert "read as wave 2025-03" in one(res, "notes")["message"]


# ------------------------------------------------------------------------------------------
# Accepted conversions, each noted


@pytest.mark.parametrize(("given", "code", "note"), [
    ("３", "3", "full-width"),
    (" 3\t", "3", "whitespace"),
    ("3.0", "3", "numeric answer '3.0'"),
    (3, "3", None),
    (3.0, "3", None),
    ("na", "NA", "case ignored"),
    ("Largely Implemented", "3", "label"),
    ("大部分实施", "3", "label"),
    ("不适用", "NA", "label"),
])
def test_answer_normalisation_likert(tiny, given, code, note):
    res = read_responses(long([(*R, "A.SP1.1.Q1", given)]), tiny)
    assert res.responses["answer"].tolist() == [code]
    if note is None:
        assert len(res.notes) == 0
    else:
        assert note in " ".join(res.notes["message"])
        assert res.notes["expected"].iloc[-1] == code


@pytest.mark.parametrize(("q", "given", "code", "value"), [
    ("X.Q1", "fi", "FI", 4.0),
    ("X.Q1", "ｌｉ", "LI", 3.0),
    ("X.Q1", "Not yet", "NY", float("nan")),
    ("X.Q2", "yes", "Y", 1.0),
    ("X.Q2", "否", "N", 0.0),
    ("X.Q2", "Partly quantified", "Q", 0.6),
])
def test_answer_normalisation_other_scales(mixed, q, given, code, value):
    res = read_responses(long([(*R, q, given)]), mixed)
    r = res.responses.iloc[0]
    assert r["answer"] == code
    assert (math.isnan(value) and math.isnan(r["value"])) or r["value"] == value
    assert not r["na"]


def test_ambiguous_label_rejected(mixed):
    e = one(read_responses(long([(*R, "X.Q2", "部分")]), mixed))
    assert "ambiguous" in e["message"] and "P, Q" in e["message"]
    assert e["expected"].startswith("one of Y, P, Q, N (scale yn)")


def test_scale_is_per_question(mixed):
    res = read_responses(long([(*R, "X.Q3", "FI"), (*R, "X.Q1", "4")]), mixed)
    assert len(res.responses) == 0 and len(res.rejected) == 2


# ------------------------------------------------------------------------------------------
# errors="raise"


def test_raise_message_and_failures(tmp_path, tiny):
    p = tmp_path / "a.csv"
    rows = [(*R, "A.SP1.1.Q1", "3"), (*R, "A.SP1.2.Q1", "x"), (*R, "Q.9", "1")]
    long(rows).to_csv(p, index=False)
    other = tmp_path / "b.csv"
    long([(*R, "B.SP1.1.Q1", "y")]).to_csv(other, index=False)
    with pytest.raises(InputError) as info:
        read_responses(tmp_path, tiny, errors="raise")
    msg = str(info.value)
    assert msg.startswith(f"{p}, row 3, column answer: answer 'x' is not an option")
    assert "found 'x'" in msg and "expected one of 0, 1, 2, 3, 4, NA" in msg
    f = info.value.failures
    assert f["source"].unique().tolist() == [str(p)] and f["row"].tolist() == [3, 4]
    assert isinstance(info.value, ValueError)


def test_raise_names_sheet_for_workbooks(tmp_path, tiny):
    p = write_template(tiny, tmp_path / "r.xlsx", business_line="Retail", wave="2025-03")
    fill_template(p, {"A.SP1.1.Q1": "9"})
    with pytest.raises(InputError, match=r"r\.xlsx, sheet Answers, row 10, column answer"):
        read_responses(p, tiny, errors="raise")


def test_bad_arguments(tiny, tmp_path):
    with pytest.raises(ValueError, match="errors must be"):
        read_responses(long([]), tiny, errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="no such file"):
        read_responses(tmp_path / "nope.csv", tiny)
    with pytest.raises(InputError, match="no .csv or .xlsx"):
        read_responses(tmp_path, tiny)


# ------------------------------------------------------------------------------------------
# Respondent workbooks


@pytest.mark.parametrize("language", ["en", "zh", "both"])
def test_template_round_trip(tmp_path, tiny, language):
    p = write_template(tiny, tmp_path / "alice.xlsx", language=language, wave="2025-09")
    codes = ["0", "1", "2", "3", "4", "NA", "2", "3", "4", "1"]
    answers = dict(zip(tiny.questions["question"], codes, strict=True))
    answers["B.SP1.1.Q1"] = "Fully implemented and institutionalized"
    fill_template(p, answers, {"business_line": "Retail", "role": "PM", "project": "P7",
                               "date": "2025-09-15"},
                  comments={"A.SP1.1.Q1": "no process yet"}, evidence={"C.SP1.1.Q1": "wiki"})
    res = read_responses(p, tiny)
    r = res.responses
    assert len(res.rejected) == 0
    assert dict(zip(r["question"], r["answer"], strict=True)) == {**answers, "B.SP1.1.Q1": "4"}
    assert r["row"].tolist() == list(range(TABLE_HEADER_ROW + 1, TABLE_HEADER_ROW + 11))
    assert set(r["respondent"]) == {"alice"}  # header empty -> file stem, with a note
    assert set(r["wave"]) == {"2025-09"} and set(r["business_line"]) == {"Retail"}
    assert set(r["role"]) == {"PM"} and set(r["project"]) == {"P7"}
    assert set(r["date"]) == {"2025-09-15"}
    assert r.set_index("question").loc["A.SP1.1.Q1", "comment"] == "no process yet"
    assert r.set_index("question").loc["C.SP1.1.Q1", "evidence"] == "wiki"
    assert "file name 'alice' is used" in " ".join(res.notes["message"])


def test_template_layout_and_validation(tmp_path, mixed):
    p = write_template(mixed, tmp_path / "t.xlsx", language="zh", business_line="零售")
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["填写说明", "答卷"]  # Chinese sheet names (issue 15)
    ws = wb["答卷"]
    assert [ws.cell(r, 1).value for r in range(1, 9)] == [
        "业务线", "评估批次", "答卷人编号", "角色", "项目", "日期", "模型", "姓名"]
    assert ws["B1"].value == "零售" and ws["B7"].value == "mixed-scales"
    assert [c.value for c in ws[TABLE_HEADER_ROW]] == [
        "问题编号", "过程域", "实践", "问题", "答案", "说明", "证据"]
    assert ws.freeze_panes == f"B{TABLE_HEADER_ROW + 1}"
    # drop-downs: the "code - label" cells of each scale's table on the instructions sheet
    ins_ws = wb["填写说明"]
    lists = {}
    for dv in ws.data_validations.dataValidation:
        sheet, cells = dv.formula1.split("!")
        assert sheet == "'填写说明'" and dv.errorStyle == "warning"
        lists[str(dv.sqref)] = [c[0].value for c in ins_ws[cells.replace("$", "")]]
    assert lists["E10"][0].startswith("FI - ") and lists["E12"][3].startswith("3 - ")
    assert len(lists["E11"]) == 4 and lists["E11"][1].startswith("P - ")
    ins = [c.value for row in ins_ws.iter_rows() for c in row if c.value]
    assert "Y" in ins and "部分" in ins


def test_template_unanswered_rows_reported(tmp_path, tiny):
    p = write_template(tiny, tmp_path / "t.xlsx", business_line="Retail", wave="2025-03")
    fill_template(p, {"A.SP1.1.Q1": "2"}, {"respondent": "bob"})
    res = read_responses(p, tiny)
    assert len(res.responses) == 1 and res.responses["respondent"].iloc[0] == "bob"
    assert len(res.rejected) == 9 and set(res.rejected["message"]) == {"empty answer"}


def test_template_missing_wave_names_cell(tmp_path, tiny):
    p = write_template(tiny, tmp_path / "t.xlsx", business_line="Retail")
    fill_template(p, {"A.SP1.1.Q1": "2"})
    res = read_responses(p, tiny)
    e = res.rejected.iloc[0]
    assert (e["sheet"], e["row"], e["column"]) == ("Answers", 10, "wave")
    assert "sheet Answers, cell B2" in e["message"]
    assert len(res.rejected) == 10


def test_fill_template_unknown_question(tmp_path, tiny):
    p = write_template(tiny, tmp_path / "t.xlsx")
    with pytest.raises(InputError, match="not in the template: Z.Q1"):
        fill_template(p, {"Z.Q1": "3"})


def test_cmmi_template_round_trip(tmp_path):
    model = load_model("cmmi-dev-1.3")
    p = write_template(model, tmp_path / "c.xlsx", language="both", business_line="B", wave="W")
    fill_template(p, dict.fromkeys(model.questions["question"], "2"))
    res = read_responses(p, model)
    assert len(res.responses) == len(model.questions) and len(res.rejected) == 0


# ------------------------------------------------------------------------------------------
# Invariant: every input answer row lands in exactly one of responses / rejected

ANSWERS = ["0", "1", "2", "3", "4", "NA", "na", "３", " 2 ", "3.0", 3, 2.0, 2.5, "x", "",
           None, "Not performed", "未执行", "Largely implemented"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(
    st.sampled_from(["2025-03", "2025-09", " 2025-09"]),
    st.sampled_from(["Retail", "Bank", "", None]),
    st.sampled_from(["r1", "r2", "r3", ""]),
    st.sampled_from(["A.SP1.1.Q1", "A.SP1.2.Q1", "B.SP1.1.Q1", "C.GP3.1.Q1", "Z.Q1", ""]),
    st.sampled_from(ANSWERS),
), max_size=40))
def test_row_count_invariant(tiny, rows):
    df = long(rows)
    res = read_responses(df, tiny)
    row_level = res.rejected[res.rejected["row"].notna()]
    assert len(res.responses) + len(row_level) == len(df)
    seen = sorted(res.responses["row"].tolist() + row_level["row"].tolist())
    assert seen == list(range(2, len(df) + 2))  # each row exactly once
    keys = ["wave", "business_line", "respondent", "question"]
    assert not res.responses.duplicated(keys).any()
    assert res.responses["answer"].isin(["0", "1", "2", "3", "4", "NA"]).all()


def test_many_rows_vectorised(tiny):
    rng = np.random.default_rng(0)
    n = 200_000
    q = tiny.questions["question"].to_numpy()
    df = pd.DataFrame({"wave": "2025-03", "business_line": "L",
                       "respondent": (np.arange(n) // len(q)).astype(str),
                       "question": np.tile(q, n // len(q)),
                       "answer": rng.choice(["0", "1", "2", "3", "4", "NA", "x", ""], n)})
    res = read_responses(df, tiny)
    assert len(res.responses) + len(res.rejected) == n
    assert len(res.rejected) == int(df["answer"].isin(["x", ""]).sum())


# ------------------------------------------------------------------------------------------
# CLI


def test_cli_validate(tmp_path, tiny, capsys):
    p = tmp_path / "a.csv"
    long([(*R, "A.SP1.1.Q1", "3"), (*R, "A.SP1.2.Q1", "=cmd")]).to_csv(p, index=False)
    assert main(["validate", str(p), "--model", str(TINY), "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "answer rows read: 2" in out
    assert "accepted:         1" in out and "rejected:         1" in out
    rej = (tmp_path / "o" / "rejected.csv").read_text(encoding="utf-8")
    assert "'=cmd" in rej  # formula-like text neutralised
    assert main(["validate", str(p), "--model", str(TINY), "--strict"]) == 1
    good = tmp_path / "good.csv"
    long([(*R, "A.SP1.1.Q1", "3")]).to_csv(good, index=False)
    assert main(["validate", str(good), "--model", str(TINY), "--strict"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["validate", str(bad), "--model", str(TINY)]) == 2
    assert "missing required column" in capsys.readouterr().err


def test_cli_template(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", "--model", str(TINY), "--out", str(out), "--language", "both",
                 "--wave", "2025-09"]) == 0
    assert openpyxl.load_workbook(out)["Answers"]["B2"].value == "2025-09"
    assert main(["template", "--out", str(out)]) == 2
    swot = tmp_path / "swot.xlsx"
    assert main(["template", "--swot", "--out", str(swot)]) == 0
    assert swot.exists()


def test_template_for_other_model_noted(tmp_path, tiny, mixed):
    p = write_template(mixed, tmp_path / "t.xlsx", business_line="L", wave="W")
    fill_template(p, {"X.Q3": "2"}, {"model": "mixed-scales"})
    res = read_responses(p, tiny)
    assert "written for model 'mixed-scales', read with model 'tiny-staged'" in " ".join(
        res.notes["message"])


def test_header_only_csv_noted(tmp_path, tiny):
    p = tmp_path / "h.csv"
    p.write_text("wave,business_line,respondent,question,answer\n", encoding="utf-8")
    res = read_responses(p, tiny)
    assert len(res.responses) == 0 and len(res.rejected) == 0
    assert "header but no answer rows" in one(res, "notes")["message"]


# --- answers typed the Chinese way (issue 15 items 3, 5, 7); labels of tiny-staged's 0-4 scale:
# 2 部分实施, 3 大部分实施, 4 完全实施并制度化

@pytest.mark.parametrize(("typed", "code", "note"), [
    ("大部分实施。", "3", "trailing punctuation ignored"),
    ("4（完全实施）", "4", "code and label agree"),
    ("２分", "2", "number of points"),
    ("三分", "3", "number of points"),
    ("3 - 大部分实施", "3", ""),  # the template's drop-down choice: no note
    ("3 - Largely implemented", "3", ""),
])
def test_typed_answers_read_with_a_note(tiny, typed, code, note):
    df = pd.DataFrame({"wave": "2026-03", "business_line": "L", "respondent": "r",
                       "question": ["A.SP1.1.Q1"], "answer": [typed]})
    res = read_responses(df, tiny)
    assert res.responses["answer"].astype(str).tolist() == [code]
    answer_notes = res.notes[res.notes["column"] == "answer"]["message"].tolist()
    assert (note in " ".join(answer_notes)) if note else not answer_notes


def test_code_and_label_that_disagree_refused(tiny):
    df = pd.DataFrame({"wave": "2026-03", "business_line": "L", "respondent": "r",
                       "question": ["A.SP1.1.Q1"], "answer": ["4（部分实施）"]})
    res = read_responses(df, tiny)
    assert "names two different options ('4' and '2')" in res.rejected["message"].iloc[0]


def test_free_text_kept_and_dates_checked(tiny):
    df = pd.DataFrame({"wave": "2026-03", "business_line": "L", "respondent": "r",
                       "question": ["A.SP1.1.Q1", "A.SP1.2.Q1", "B.SP1.1.Q1"], "answer": "3",
                       "role": ["项目经理（兼）", " QA ", ""],
                       "comment": ["会议纪要（2026/3/15）.pdf", "见附件；已确认！", ""],
                       "evidence": ["ＰＰ计划.docx", "", ""],
                       "date": ["2026年3月15日", "2026/3/16", "下周"]})
    res = read_responses(df, tiny)
    r = res.responses
    for col in ("role", "comment", "evidence"):
        assert r[col].astype(str).tolist() == df[col].tolist()  # byte for byte
    assert r["date"].astype(str).tolist() == ["2026-03-15", "2026-03-16", "下周"]
    date_notes = res.notes[res.notes["column"] == "date"]
    assert date_notes["row"].tolist() == [2, 3, 4]
    assert "is not a calendar day" in date_notes["message"].iloc[2]


def test_chinese_long_headers(tiny):
    df = pd.DataFrame({"评估批次": ["2026年3月"], "业务线": ["银行交付"], "答卷人编号": ["E1001"],
                       "问题编号": ["A.SP1.1.Q1"], "答案": ["3"], "说明": ["无"]})
    res = read_responses(df, tiny)
    assert len(res.responses) == 1 and res.responses["comment"].iloc[0] == "无"
