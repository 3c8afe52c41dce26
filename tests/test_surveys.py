"""Survey-tool exports (maturity.ingest.surveys, maturity.ingest.exports,
maturity.ingest.export_match).

Expected values: the answers ``tests/exports/make_exports.py`` drew with its seeded generator
(every cell checked), and hand-written small tables whose outcome is stated in the test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from maturity.exceptions import InputError
from maturity.ingest.export_match import match_columns, normalise_text
from maturity.ingest.exports import MAX_CELLS, read_table
from maturity.ingest.responses import read_responses
from maturity.ingest.surveys import questionnaire, read_export
from maturity.model.load import load_model

sys.path.insert(0, str(Path(__file__).parent / "exports"))
from make_exports import LINES, make_exports  # noqa: E402

MODEL = load_model("pmo-process")
FORMAT = {"msforms": "msforms", "googleforms": "googleforms", "qualtrics": "qualtrics",
          "surveymonkey": "surveymonkey", "wjx": "wjx", "wjx_numbers": "wjx",
          "tencent": "tencent", "wide": "wide"}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return make_exports(tmp_path_factory.mktemp("exports"), seed=0)


def _read(path: Path, **kw: object):
    return read_export(path, MODEL, wave="2026-03", **kw)


@pytest.mark.parametrize("tool", list(FORMAT))
def test_every_cell_lands_where_the_script_drew_it(made: dict, tool: str) -> None:
    path, drawn = made[tool]
    x = _read(path)
    assert x.format == FORMAT[tool]
    got = x.responses.astype({"respondent": str, "question": str, "answer": str,
                              "business_line": str})
    got = got.set_index(["respondent", "question"])
    rej = x.rejected[x.rejected["question"] != ""].set_index(["respondent", "question"])
    # row accounting: every answer cell in exactly one of responses / rejected
    assert len(got) + len(rej) == len(drawn)
    assert not got.index.duplicated().any() and not rej.index.duplicated().any()
    if tool != "wide":  # the submission time, as an ISO date (the script's times are in 2026-03)
        assert got["date"].astype(str).str.match(r"^2026-03-0\d$").all(), tool
    for r in drawn.itertuples():
        k = (r.respondent, r.question)
        if r.expect == "answer":
            assert k in got.index, (tool, k, rej.loc[k, "message"] if k in rej.index else "")
            assert got.loc[k, "answer"] == r.code, (tool, k)
            assert got.loc[k, "business_line"] == r.business_line, (tool, k)
            assert got.loc[k, "wave"] == "2026-03"
        elif r.expect == "unanswered":
            assert rej.loc[k, "message"].startswith("unanswered"), (tool, k)
        else:
            assert rej.loc[k, "message"].startswith("several options"), (tool, k)


def test_detection_reasons_name_the_header_text(made: dict) -> None:
    reasons = {t: _read(made[t][0]).reason for t in ("msforms", "wjx", "qualtrics")}
    assert reasons["msforms"] == "Microsoft Forms: header has 'ID', 'Start time', " \
                                 "'Completion time'"
    assert "'序号', '提交答卷时间'" in reasons["wjx"]
    assert "three header rows" in reasons["qualtrics"]


def test_mapping_says_how_each_column_was_matched(made: dict) -> None:
    m = _read(made["wjx"][0]).mapping
    assert m.loc[m["header"] == "序号", "field"].item() == "respondent"
    assert m.loc[m["header"] == "1、您所在的业务线", "field"].item() == "business_line"
    single = m[m["header"].str.match(r"^\d+、") & (m["question"] != "")]
    assert set(single["method"]) == {"numbering"}  # "2、题干": text after the numbering
    grid = m[m["header"].str.match(r"^\d+\(")]
    assert len(grid) == 3 and set(grid["method"]) == {"exact text"}  # N(子题)
    tool = m[m["header"].isin(["所用时间", "来源", "来自IP"])]
    assert (tool["reason"] == "the survey tool's own column, not an answer").all()


def test_rejections_name_export_column_and_row(made: dict) -> None:
    x = _read(made["wjx"][0])
    multi = x.rejected[x.rejected["message"].str.startswith("several options")]
    # the script put '部分实施┋大部分实施' in respondent 5's second question column (H or I)
    assert multi["row"].tolist() == [6] and multi["value"].tolist() == ["部分实施┋大部分实施"]
    assert multi["column"].item().startswith(("H: 2、", "I: 3、"))


def test_gb18030_and_utf16_csv_are_read_with_a_note(tmp_path: Path) -> None:
    text = "序号,提交答卷时间,1、业务线,2、估算\n1,2026/3/2,零售,3\n"
    for enc, shown in (("gb18030", "GB18030"), ("utf-16", None)):
        p = tmp_path / f"{enc}.csv"
        p.write_bytes(text.encode(enc))
        t = read_table(p)
        assert t.headers == [["序号", "提交答卷时间", "1、业务线", "2、估算"]]
        assert t.rows == [["1", "2026/3/2", "零售", "3"]]
        assert t.notes == ([f"decoded as {shown} (not UTF-8)"] if shown else
                           ["decoded as UTF-16 (not UTF-8)"])


def test_unmatched_column_gets_suggestions_not_a_guess(tmp_path: Path) -> None:
    # one word changed in INIT.SP1.2.Q1's text: not matched, suggested
    p = tmp_path / "g.csv"
    p.write_text("Timestamp,Business line,Projects are approved or refused by a designated "
                 "decision body against published criteria.\n2026/03/02,Retail,3\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match="no column of this googleforms export matches"):
        _read(p)
    m = match_columns([["Timestamp", "Business line", "Projects are approved or refused by a "
                        "designated decision body against published criteria."]], MODEL,
                      "googleforms")
    assert m[2].question == "" and m[2].suggestions.startswith("INIT.SP1.2.Q1: ")
    # named in a mapping file, it is read
    mp = tmp_path / "map.csv"
    mp.write_text("column,question\nProjects are approved or refused by a designated decision "
                  "body against published criteria.,INIT.SP1.2.Q1\n", encoding="utf-8")
    x = _read(p, mapping=mp)
    assert x.answers()[["question", "answer"]].values.tolist() == [["INIT.SP1.2.Q1", "3"]]
    assert x.mapping.loc[2, "method"] == "mapping file"


def test_missing_business_line_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text("Timestamp,[INIT.SP1.1.Q1] x\n2026/03/02,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="no business line column.*pass --business-line"):
        _read(p)
    with pytest.raises(InputError, match="no wave column.*pass --wave"):
        read_export(p, MODEL, business_line="Retail")
    x = read_export(p, MODEL, business_line="Retail", wave="2026Q1")
    assert x.answers()[["wave", "business_line", "answer"]].values.tolist() == \
        [["2026Q1", "Retail", "3"]]


def test_wave_that_names_no_period_is_noted(tmp_path: Path) -> None:
    p = tmp_path / "g.csv"
    p.write_text("Timestamp,[INIT.SP1.1.Q1] x\n2026/03/02,3\n", encoding="utf-8")
    x = read_export(p, MODEL, business_line="Retail", wave="spring")
    assert x.notes["message"].str.contains("--start").any()


def test_formula_cell_is_rejected_not_evaluated(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "Start time", "Completion time", "Business line", "[INIT.SP1.1.Q1] a",
               "[INIT.SP1.2.Q1] b"])
    ws.append([1, None, None, "Retail", "=1+2", "Largely implemented"])
    wb.save(tmp_path / "f.xlsx")
    x = _read(tmp_path / "f.xlsx")
    assert x.answers()[["question", "answer"]].values.tolist() == [["INIT.SP1.2.Q1", "3"]]
    r = x.rejected.iloc[0]
    assert (r["row"], r["column"], r["value"]) == (2, "E: [INIT.SP1.1.Q1] a", "=1+2")
    assert r["message"].startswith("formula in answer cell")


def test_free_text_and_out_of_scale_answers_are_rejected_by_validation(tmp_path: Path) -> None:
    p = tmp_path / "w.csv"
    p.write_text("respondent,business_line,wave,INIT.SP1.1.Q1,INIT.SP1.2.Q1,INIT.SP1.3.Q1\n"
                 "a,Retail,2026-03,we do it sometimes,7,大部分实施\n", encoding="utf-8")
    x = read_export(p, MODEL)
    assert x.answers()["answer"].tolist() == ["3"]  # the Chinese label
    assert x.rejected["column"].tolist() == ["D: INIT.SP1.1.Q1", "E: INIT.SP1.2.Q1"]
    assert x.rejected["message"].str.contains("not an option of scale likert-0-4").all()


def test_oversize_xls_is_refused(made: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    import maturity.ingest.exports as ex

    monkeypatch.setattr(ex, "MAX_CELLS", 10)
    with pytest.raises(InputError, match="over the limit of 10 cells"):
        read_table(made["wjx_numbers"][0])
    assert MAX_CELLS == 20_000_000
    monkeypatch.setattr(ex, "MAX_XLS_BYTES", 10)  # checked before xlrd reads anything
    with pytest.raises(InputError, match="legacy .xls of .* bytes, over the limit of 10"):
        read_table(made["wjx_numbers"][0])


def test_renamed_or_broken_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InputError, match="not a readable .xls workbook"):
        read_table(tmp_path / "a.xls")
    (tmp_path / "b.xlsx").write_text("ID,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="is not an Excel workbook"):
        read_table(tmp_path / "b.xlsx")
    (tmp_path / "c.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a survey-tool export we know"):
        read_export(tmp_path / "c.csv", MODEL)


def test_read_responses_reads_an_export_by_itself(made: dict) -> None:
    path, drawn = made["googleforms"]  # it has Wave and Business line columns
    direct = _read(path)
    res = read_responses(path, MODEL)
    pd.testing.assert_frame_equal(res.responses.astype(str), direct.responses.astype(str))
    assert len(res.rejected) == len(direct.rejected)
    assert res.notes["message"].str.startswith("read as googleforms export").any()
    assert set(res.responses["business_line"].astype(str)) <= set(LINES)


def test_read_responses_reports_an_export_without_wave(made: dict) -> None:
    res = read_responses(made["msforms"][0], MODEL)
    assert res.responses.empty
    assert res.rejected["message"].str.contains("no wave column.*pass --wave").item()


def test_caller_files_and_frames_untouched(made: dict) -> None:
    path = made["wide"][0]
    before = path.read_bytes()
    _read(path)
    assert path.read_bytes() == before


def test_normalise_text_drops_numbering_only_when_asked() -> None:
    assert normalise_text("第3题 估算。", numbering=True) == "估算"
    assert normalise_text("(3) Q", numbering=True) == "q"
    assert normalise_text("3、估算") == "3估算"


def test_questionnaire_round_trip(tmp_path: Path) -> None:
    q = questionnaire(MODEL, "en")
    assert len(q) == len(MODEL.questions) and q["number"].tolist()[:2] == [1, 2]
    # a form built from it: its headers are the id-tagged texts
    p = tmp_path / "forms.csv"
    head = ["Timestamp", "业务线"] + q["text"].head(3).tolist()
    body = ["2026/03/02", "零售", "Not performed", "Not applicable", "Fully implemented and "
            "institutionalized"]
    pd.DataFrame([body], columns=head).to_csv(p, index=False)
    x = _read(p)
    assert x.answers()["answer"].tolist() == ["0", "NA", "4"]
    assert set(x.mapping.loc[2:, "method"]) == {"id in header"}


# --------------------------------------------------------------------------------------------
# command line


def test_cli_import_writes_four_files_and_says_the_format(made: dict, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    from maturity.cli import main

    path, drawn = made["wjx"]
    out = tmp_path / "imp"
    assert main(["import", str(path), "--model", "pmo-process", "--wave", "2026-03",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "format: wjx (问卷星 (wjx): header has '序号', '提交答卷时间')" in printed
    assert sorted(p.name for p in out.iterdir()) == ["answers.csv", "mapping.csv", "notes.csv",
                                                     "rejected.csv"]
    ans = pd.read_csv(out / "answers.csv", dtype=str, keep_default_na=False)
    assert len(ans) == (drawn["expect"] == "answer").sum()
    mapping = pd.read_csv(out / "mapping.csv", dtype=str, keep_default_na=False)
    assert len(mapping) == 15  # every export column, matched or not
    # the long file is read by every command as it is
    res = read_responses(out / "answers.csv", MODEL)
    assert len(res.responses) == len(ans) and res.rejected.empty


def test_cli_import_names_the_missing_option(made: dict, tmp_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    from maturity.cli import main

    code = main(["import", str(made["wjx"][0]), "--model", "pmo-process",
                 "--out", str(tmp_path / "o")])
    assert code == 2
    assert "pass --wave" in capsys.readouterr().err


def test_cli_score_accepts_an_export(made: dict, tmp_path: Path,
                                     capsys: pytest.CaptureFixture) -> None:
    from maturity.cli import main

    assert main(["score", str(made["googleforms"][0]), "--model", "pmo-process",
                 "--out", str(tmp_path / "s"), "--quiet"]) == 0
    scored = pd.read_csv(tmp_path / "s" / "maturity.csv", dtype=str)
    assert set(scored["wave"]) == {"2026-03"}
    assert set(scored["business_line"]) <= set(LINES)


def test_cli_template_questionnaire(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from maturity.cli import main

    out = tmp_path / "q.csv"
    assert main(["template", "--questionnaire", "--model", "pmo-process", "--language", "zh",
                 "--out", str(out)]) == 0
    q = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(q.columns) == ["number", "question", "process_area", "practice", "text",
                               "choices", "scale"]
    assert q.loc[0, "text"] == "[INIT.SP1.1.Q1] " + MODEL.questions.loc[0, "text_zh"]
    assert main(["template", "--questionnaire", "--model", "pmo-process",
                 "--out", str(tmp_path / "q.xlsx")]) == 0
    assert (tmp_path / "q.xlsx").stat().st_size > 0


def test_shipped_sample_exports_are_what_the_script_makes(tmp_path: Path) -> None:
    """data/exports/ (notebook 07) holds what `make_exports.py --sample` writes (compared as
    read tables: xlsx files carry their write time)."""
    from make_exports import sample_exports

    from maturity.datasets import data_path

    for name, path in sample_exports(tmp_path).items():
        shipped = read_table(data_path(f"exports/{path.name}"))
        fresh = read_table(path)
        assert (shipped.headers, shipped.rows) == (fresh.headers, fresh.rows), name


def test_sample_exports_hold_the_sample_answers() -> None:
    """The Forms and wjx exports of data/exports/ give back data/pmo/2026-03.csv's answers of
    their lines (respondents renumbered by the tools' response ids)."""
    from maturity.datasets import data_path

    long = pd.read_csv(data_path("pmo/2026-03.csv"), dtype=str, keep_default_na=False)
    for name in ("forms_2026-03.xlsx", "wjx_2026-03.csv"):
        x = read_export(data_path(f"exports/{name}"), MODEL, wave="2026-03")
        assert x.rejected.empty
        got = x.answers()
        ref = long[long["business_line"].isin(set(got["business_line"]))]
        key = ["business_line", "role", "date", "question", "answer"]
        assert sorted(map(tuple, got[key].values)) == sorted(map(tuple, ref[key].values)), name


def test_language_limits_the_texts_compared(made: dict) -> None:
    path = made["wjx"][0]  # Chinese texts
    assert read_export(path, MODEL, wave="2026-03", language="zh").format == "wjx"
    with pytest.raises(InputError, match="no column of this wjx export matches a question"):
        read_export(path, MODEL, wave="2026-03", language="en")


def test_mapping_file_names_respondent_details(tmp_path: Path) -> None:
    p = tmp_path / "w.csv"
    p.write_text("who,unit,INIT.SP1.1.Q1\nann,Retail,2\n", encoding="utf-8")
    mp = tmp_path / "m.csv"
    mp.write_text("column,question\nwho,respondent\nunit,business line\n", encoding="utf-8")
    x = read_export(p, MODEL, wave="2026-03", mapping=mp)
    assert x.answers()[["respondent", "business_line", "answer"]].values.tolist() == \
        [["ann", "Retail", "2"]]
    assert x.mapping["method"].tolist() == ["mapping file", "mapping file", "id in header"]
    bad = tmp_path / "bad.csv"
    bad.write_text("column,question\nunit,department\n", encoding="utf-8")
    with pytest.raises(InputError, match="neither a question id of the model nor one of"):
        read_export(p, MODEL, wave="2026-03", mapping=bad)


def test_numeric_download_of_codes_gets_a_warning_note(tmp_path: Path) -> None:
    # every answer 1..5, no 0: maybe option numbers (Qualtrics numeric values) -> noted
    p = tmp_path / "w.csv"
    p.write_text("respondent,business_line,INIT.SP1.1.Q1,INIT.SP1.2.Q1\na,R,1,4\n",
                 encoding="utf-8")
    x = read_export(p, MODEL, wave="2026-03")
    assert x.answers()["answer"].tolist() == ["1", "4"]  # read as codes, as typed
    assert x.notes["message"].str.startswith("every answer is a whole number and none is 0").any()


def test_read_responses_reads_exports_in_a_folder_with_long_files(made: dict,
                                                                  tmp_path: Path) -> None:
    import shutil

    shutil.copy(made["googleforms"][0], tmp_path / "google.csv")
    pd.DataFrame({"wave": ["2026-03"], "business_line": ["Retail"], "respondent": ["z"],
                  "question": ["INIT.SP1.1.Q1"], "answer": ["2"]}).to_csv(
        tmp_path / "long.csv", index=False)
    res = read_responses(tmp_path, MODEL)
    direct = _read(made["googleforms"][0])
    assert len(res.responses) == len(direct.responses) + 1
    assert set(res.responses["source"].astype(str)) == {str(tmp_path / "google.csv"),
                                                        str(tmp_path / "long.csv")}


def test_respondent_details_named_in_short_phrases() -> None:
    hs = [["Timestamp", "Your role", "Which business line?", "3、您所在的部门：", "项目",
           "Start Date"]]
    got = [(m.field, m.method) for m in match_columns(hs, MODEL, "googleforms")]
    # Start Date is no field (the tool's date is Timestamp); the second line column is left out
    assert got == [("date", "metadata"), ("role", "metadata"), ("business_line", "metadata"),
                   ("", ""), ("project", "metadata"), ("", "")]


def test_columns_are_found_by_header_text_not_position(made: dict, tmp_path: Path) -> None:
    """The Google export with its columns in reverse order (Timestamp last) reads the same."""
    path = made["googleforms"][0]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df[df.columns[::-1]].to_csv(tmp_path / "rev.csv", index=False)
    a, b = _read(path), _read(tmp_path / "rev.csv")
    assert b.format == "googleforms"
    key = ["respondent", "question", "answer", "business_line", "date"]
    pd.testing.assert_frame_equal(a.answers()[key].sort_values(key[:2], ignore_index=True),
                                  b.answers()[key].sort_values(key[:2], ignore_index=True))


def test_xml_bomb_workbook_is_refused_by_the_shared_scan(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_bad", Path(__file__).parent / "bad_inputs" / "make_bad.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with pytest.raises(InputError, match="unsafe XML"):
        read_table(mod.billion_laughs(tmp_path))
