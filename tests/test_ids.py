"""maturity.ids: one normaliser for the ids of every input file (issue 15 item 2, issue 18).

Expected values are hand-worked from Unicode NFKC (full-width ``Ａ`` U+FF21 is ``A``, ``（``
U+FF08 is ``(``, the ideographic space U+3000 is a space) and the rules in the module docstring.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from maturity.datasets import DATA_DIR
from maturity.exceptions import InputError, MaturityWarning, SwotError, TargetError
from maturity.ids import (
    id_key,
    id_variants,
    merge_map,
    normalise_column,
    normalise_id,
    split_list,
)
from maturity.ingest.responses import read_responses
from maturity.plan.gap import read_targets
from maturity.plan.roadmap import read_lines
from maturity.plan.swot import read_swot

TINY = DATA_DIR.parent / "tests/data/models/tiny-staged.yaml"


@pytest.mark.parametrize(("typed", "expected"), [
    ("ＢＡＮＫ保险２部", "BANK保险2部"),
    ("银行交付（上海）", "银行交付(上海)"),
    ("　政府项目部 ", "政府项目部"),
    ("Bank  Delivery", "Bank  Delivery"),  # inner spaces and case are kept
    (7.0, "7"),
    (None, ""),
    (float("nan"), ""),
])
def test_normalise_id(typed, expected):
    assert normalise_id(typed) == expected


def test_variants_differ_only_by_case_width_or_spaces():
    assert id_key("Bank Delivery") == id_key("ｂａｎｋ delivery") == "bankdelivery"
    assert id_variants(["Insurance", "insurance", "ＩＮＳＵＲＡＮＣＥ", "web", "ｗｅｂ"]) == {
        "insurance": ["Insurance", "insurance", "INSURANCE"]}
    # the most frequent spelling wins, ties go to the first seen
    assert merge_map(["a", "A", "A", "b", "B"]) == {"a": "A", "B": "b"}


@pytest.mark.parametrize(("cell", "items"), [
    ("OPD；OPF", ["OPD", "OPF"]),
    ("MA、OPD", ["MA", "OPD"]),
    ("PP, PMC;REQM，RD  TS", ["PP", "PMC", "REQM", "RD", "TS"]),
    (["ＰＰ", "PMC;MA"], ["PP", "PMC", "MA"]),
    ("", []),
])
def test_split_list(cell, items):
    assert split_list(cell) == items


def test_normalise_column_notes_and_failures():
    ids, notes, bad = normalise_column(["ＷＥＢ", "web", "bank "], [2, 3, 4], "business_line",
                                       source="f.csv")
    assert ids == ["WEB", "web", "bank"]
    assert [(n["row"], n["value"], n["expected"]) for n in notes] == [
        (2, "ＷＥＢ", "WEB"), (4, "bank ", "bank")]
    assert [(b["row"], b["column"]) for b in bad] == [(2, "business_line"), (3, "business_line")]
    assert "'WEB' and 'web'" in bad[0]["message"]
    ids, notes, bad = normalise_column(["ＷＥＢ", "web", "web"], [2, 3, 4], "business_line",
                                       merge=True)
    assert ids == ["web", "web", "web"] and not bad
    assert "merged into 'web'" in notes[-1]["message"]


def _answers(lines: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"wave": "2026-03", "business_line": lines, "respondent": "r1",
                         "question": ["A.SP1.1.Q1", "A.SP1.2.Q1", "B.SP1.1.Q1"][:len(lines)],
                         "answer": "3"})


def test_answers_with_case_variants_refused_or_merged():
    res = read_responses(_answers(["Insurance", "insurance", "insurance"]), TINY)
    assert len(res.responses) == 0 and len(res.rejected) == 3
    msg = res.rejected["message"].iloc[0]
    assert "'Insurance' and 'insurance'" in msg and "merge_ids=True" in msg
    merged = read_responses(_answers(["Insurance", "insurance", "insurance"]), TINY,
                            merge_ids=True)
    assert merged.responses["business_line"].astype(str).tolist() == ["insurance"] * 3
    assert "merged into 'insurance'" in " ".join(merged.notes["message"])


def test_targets_lines_and_swot_read_ids_as_the_answers_do():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        t = read_targets({"lines": {"银行交付（上海）": 3}}, "cmmi-dev-1.3")
    assert t.targets["business_line"].tolist() == ["银行交付(上海)"]
    assert any(issubclass(x.category, MaturityWarning) and "银行交付（上海）" in str(x.message)
               for x in w)
    with pytest.raises(TargetError, match="'web' and 'Web'"):
        read_targets(pd.DataFrame({"business_line": ["web", "Web"], "process_area": "",
                                   "target_level": [2, 3]}), "cmmi-dev-1.3")
    lines = pd.DataFrame({"business_line": ["ＢＡＮＫ保险２部"], "group": ["FS"], "headcount": [1],
                          "complexity": [1], "customer_strictness": [0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert read_lines(lines)["business_line"].tolist() == ["BANK保险2部"]
    with pytest.raises(InputError, match="differ only by case"):
        read_lines(pd.concat([lines, lines.assign(business_line="bank保险2部")]))
    swot = pd.DataFrame({"business_line": ["ＷＥＢ", "web"], "quadrant": ["优势", "威胁"],
                         "factor": ["a", "b"], "weight": [1, 1], "rating": [4, 2]})
    with pytest.raises(SwotError, match="'WEB' and 'web'"):
        read_swot(swot)


def test_swot_lists_quadrants_and_tags_in_chinese():
    df = pd.DataFrame({"business_line": ["web"] * 4, "quadrant": ["优势", "劣势", "机会", "威胁"],
                       "factor": ["能力强（团队）", "度量缺失；返工多", "客户审核", "价格战"],
                       "weight": [0.5, 0.5, 0.6, 0.4], "rating": [4, 1, 3, 2],
                       "process_areas": ["", "MA、OPD；opf", "", ""],
                       "tags": ["", "", "客户要求", "监管"], "target_level": ["", "", 3, ""]})
    out = read_swot(df, model="cmmi-dev-1.3")
    assert out["quadrant"].tolist() == ["S", "W", "O", "T"]
    assert out.loc[1, "process_areas"] == "MA;OPD;OPF"
    assert out["tags"].tolist() == ["", "", "customer_requirement", "regulation"]
    assert out["factor"].tolist() == df["factor"].tolist()  # free text kept
    with pytest.raises(SwotError) as info:
        read_swot(df.assign(process_areas=["", "MA、XYZ", "", ""],
                            tags=["", "", "customer_requirment", ""]), model="cmmi-dev-1.3")
    f = info.value.failures
    assert sorted(zip(f["row"], f["column"], f["value"], strict=True)) == [
        (3, "process_areas", "XYZ"), (4, "tags", "customer_requirment"),
        (4, "target_level", "3")]  # the misspelt tag leaves the target without its tag


def test_overrides_read_ids_as_the_answers_do():
    """An override typed with a full-width line id and spaces reaches its line (A.SP1.1 to PI
    fails A.SG1, so the all-3 line drops from ML3 to ML1, as test_scoring's override test)."""
    from maturity.scoring.score import score

    qs = ["A.SP1.1.Q1", "A.SP1.2.Q1", "B.SP1.1.Q1", "C.SP1.1.Q1", "A.GP2.1.Q1", "B.GP2.1.Q1",
          "C.GP2.1.Q1", "A.GP3.1.Q1", "B.GP3.1.Q1", "C.GP3.1.Q1"]
    resp = read_responses(pd.DataFrame({"wave": "2026-03", "business_line": "银行交付(上海)",
                                        "respondent": "r1", "question": qs, "answer": "4"}),
                          TINY).responses
    ov = pd.DataFrame({"wave": ["２０２６-03"], "business_line": [" 银行交付（上海）"],
                       "practice": ["A.SP1.1"], "characterization": ["PI"]})
    assert score(resp, TINY).maturity["maturity_level"].tolist() == [3]
    assert score(resp, TINY, overrides=ov).maturity["maturity_level"].tolist() == [1]


def test_a_row_is_rejected_once_even_with_two_problems():
    """A variant respondent id on a row with an unknown question: one rejection (the first
    problem in check order, the id variant), found by the row-by-row reference test."""
    df = pd.DataFrame({"wave": "w", "business_line": "b", "respondent": ["a", "Ａ"],
                       "question": ["X.Q9", "A.SP1.1.Q1"], "answer": "3"})
    res = read_responses(df, TINY)
    assert res.rejected["row"].tolist() == [2, 3]
    assert res.rejected["message"].str.contains("differ only by case").all()
