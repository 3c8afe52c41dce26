"""Tests of maturity.plan.swot, maturity.plots.swot and the ``maturity swot`` command."""

from __future__ import annotations

import csv
import warnings

import openpyxl
import pandas as pd
import pytest
import yaml

from maturity.cli import main
from maturity.datasets import data_path
from maturity.exceptions import FAILURE_COLUMNS, MaturityWarning, SwotError
from maturity.plan.swot import (
    SUMMARY_COLUMNS,
    SWOT_COLUMNS,
    TOWS_COLUMNS,
    ie_cell,
    posture,
    read_swot,
    safe_csv,
    swot_summary,
    tows,
    weaknesses_by_process_area,
    write_swot_template,
)

HEADER = "business_line,quadrant,factor,weight,rating\n"


def small() -> pd.DataFrame:
    """One line with 2 S, 1 W, 2 O, 1 T.

    By hand: IFE = .4*4 + .3*3 + .3*1 = 2.8, EFE = .5*3 + .3*2 + .2*1 = 2.3.
    """
    return pd.DataFrame({
        "business_line": ["web"] * 6,
        "quadrant": ["S", "S", "W", "O", "O", "T"],
        "factor": ["skilled staff", "good tooling", "no metrics", "bank clients", "new market",
                   "price war"],
        "weight": [0.4, 0.3, 0.3, 0.5, 0.3, 0.2],
        "rating": [4, 3, 1, 3, 2, 1],
    })


def write(tmp_path, text: str, name: str = "swot.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ----------------------------------------------------------------- published example
# David, F. R., Strategic Management: Concepts and Cases, Table 4-10 "A Sample Internal Factor
# Evaluation Matrix for a Retail Computer Store": 9 strengths and 8 weaknesses, weights sum to
# 1.00, total weighted score 2.50 (the average), as printed in the book.
DAVID_IFE = [
    ("S", "Inventory turnover increased from 5.8 to 6.7", 0.05, 3),
    ("S", "Average customer purchase increased from $97 to $128", 0.07, 4),
    ("S", "Employee morale is excellent", 0.10, 3),
    ("S", "In-store promotions resulted in 20 percent increase in sales", 0.05, 3),
    ("S", "Newspaper advertising expenditures increased 10 percent", 0.02, 3),
    ("S", "Revenues from repair/service segment of store up 16 percent", 0.15, 3),
    ("S", "In-store technical support personnel have MIS college degrees", 0.05, 4),
    ("S", "Store's debt-to-total assets ratio declined to 34 percent", 0.03, 3),
    ("S", "Revenues per employee up 19 percent", 0.02, 3),
    ("W", "Revenues from software segment of store down 12 percent", 0.10, 2),
    ("W", "Location of store negatively impacted by new Highway 34", 0.15, 2),
    ("W", "Carpet and paint in store somewhat in disrepair", 0.02, 1),
    ("W", "Bathroom in store needs refurbishing", 0.02, 1),
    ("W", "Revenues from businesses down 8 percent", 0.04, 1),
    ("W", "Store has no Web site", 0.05, 2),
    ("W", "Supplier on-time delivery increased to 2.4 days", 0.03, 1),
    ("W", "Often customers have to wait to check out", 0.05, 1),
]


def test_david_retail_computer_store_ife_total_is_2_50():
    rows = [("store", q, f, w, r) for q, f, w, r in DAVID_IFE]
    # one external factor so the line is complete; EFE = 1.0 * 3 = 3.0 by hand
    rows.append(("store", "O", "placeholder opportunity", 1.0, 3))
    swot = read_swot(pd.DataFrame(rows, columns=HEADER.strip().split(",")))
    s = swot.groupby("quadrant")["weighted_score"].sum()
    assert s["S"] == pytest.approx(1.74)  # 0.15+0.28+0.30+0.15+0.06+0.45+0.20+0.09+0.06
    assert s["W"] == pytest.approx(0.76)  # 0.20+0.30+0.02+0.02+0.04+0.10+0.03+0.05
    summary = swot_summary(swot)
    assert summary.loc[0, "ife"] == pytest.approx(2.50)
    assert summary.loc[0, "efe"] == pytest.approx(3.00)
    # IFE 2.50 is average, EFE 3.0 is high -> cell II (hand-worked from David's IE matrix)
    assert summary.loc[0, "ie_cell"] == "II"
    assert summary.loc[0, "posture"] == "grow and build"


def test_small_summary_by_hand():
    out = swot_summary(read_swot(small()))
    assert list(out.columns) == SUMMARY_COLUMNS
    row = out.iloc[0]
    assert row["ife"] == pytest.approx(2.8) and row["efe"] == pytest.approx(2.3)
    assert row["ie_cell"] == "V" and row["posture"] == "hold and maintain"
    counts = ["n_strengths", "n_weaknesses", "n_opportunities", "n_threats"]
    assert row[counts].tolist() == [2, 1, 2, 1]
    assert not row["customer_requirement"] and pd.isna(row["required_level"])
    assert str(out["required_level"].dtype) == "Int64"


# ----------------------------------------------------------------- IE matrix
@pytest.mark.parametrize(
    "ife, efe, cell, post",
    [
        (3.5, 3.5, "I", "grow and build"),
        (2.5, 3.5, "II", "grow and build"),
        (1.5, 3.5, "III", "hold and maintain"),
        (3.5, 2.5, "IV", "grow and build"),
        (2.5, 2.5, "V", "hold and maintain"),
        (1.5, 2.5, "VI", "harvest or divest"),
        (3.5, 1.5, "VII", "hold and maintain"),
        (2.5, 1.5, "VIII", "harvest or divest"),
        (1.5, 1.5, "IX", "harvest or divest"),
        # boundaries: 1.0-1.99 weak/low, 2.0-2.99 average/medium, 3.0-4.0 strong/high
        (1.99, 1.99, "IX", "harvest or divest"),
        (2.0, 2.0, "V", "hold and maintain"),
        (2.99, 2.99, "V", "hold and maintain"),
        (3.0, 3.0, "I", "grow and build"),
        (1.0, 4.0, "III", "hold and maintain"),
        (4.0, 1.0, "VII", "hold and maintain"),
        (2.0, 1.99, "VIII", "harvest or divest"),
        (3.0, 2.99, "IV", "grow and build"),
        (1.99, 3.0, "III", "hold and maintain"),
        (0.1 * 3 + 0.9 * 3, 2.0, "IV", "grow and build"),  # 2.9999999999999996 counts as 3.0
    ],
)
def test_ie_cell_and_posture(ife, efe, cell, post):
    assert ie_cell(ife, efe) == cell
    assert posture(cell) == post


@pytest.mark.parametrize("ife, efe", [(0.5, 2.0), (2.0, 4.5)])
def test_ie_cell_out_of_range(ife, efe):
    with pytest.raises(SwotError, match="outside 1..4"):
        ie_cell(ife, efe)


def test_posture_unknown_cell():
    with pytest.raises(SwotError, match="I..IX"):
        posture("X")


# ----------------------------------------------------------------- validation messages
def bad_file(tmp_path, rows: list[str]):
    good = ["web,S,skilled staff,0.6,4", "web,W,no metrics,0.4,1", "web,O,bank clients,0.5,3",
            "web,T,price war,0.5,2"]
    return write(tmp_path, HEADER + "\n".join(rows or good) + "\n", "bad.csv")


@pytest.mark.parametrize(
    "rows, row, column, value, words",
    [
        (["web,S,skilled staff,0.6,4", "web,X,no metrics,0.4,1", "web,O,bank clients,1,3"],
         3, "quadrant", "X", ["'web'", "S, W, O, T", "no metrics"]),
        (["web,S,skilled staff,0.6,5", "web,W,no metrics,0.4,1", "web,O,bank clients,1,3"],
         2, "rating", "5", ["'web'", "1..4", "skilled staff"]),
        (["web,S,skilled staff,0.6,4", "web,W,no metrics,0.4,0", "web,O,bank clients,1,3"],
         3, "rating", "0", ["'web'", "1..4", "no metrics"]),
        (["web,S,skilled staff,0.6,4", "web,W,no metrics,0.4,1", "web,O,bank clients,1,3.5"],
         4, "rating", "3.5", ["'web'", "integer", "bank clients"]),
        (["web,S,skilled staff,1.5,4", "web,W,no metrics,0.4,1", "web,O,bank clients,1,3"],
         2, "weight", "1.5", ["'web'", "between 0 and 1", "skilled staff"]),
        (["web,S,skilled staff,lots,4", "web,W,no metrics,0.4,1", "web,O,bank clients,1,3"],
         2, "weight", "lots", ["'web'", "between 0 and 1", "skilled staff"]),
        (["web,S,skilled staff,0.6,2", "web,W,no metrics,0.4,1", "web,O,bank clients,1,3"],
         2, "rating", "2", ["'web'", "3 or 4 for a strength", "skilled staff"]),
        (["web,S,skilled staff,0.6,4", "web,W,no metrics,0.4,3", "web,O,bank clients,1,3"],
         3, "rating", "3", ["'web'", "1 or 2 for a weakness", "no metrics"]),
        (["web,S,,0.6,4", "web,W,no metrics,0.4,1", "web,O,bank clients,1,3"],
         2, "factor", "", ["'web'", "factor text"]),
        ([",S,skilled staff,0.6,4", "web,W,no metrics,0.4,1", "web,O,bank clients,1,3"],
         2, "business_line", "", ["factor 'skilled staff' has no business_line"]),
        (["web,S,skilled staff,0.5,4", "web,W,no metrics,0.4,1", "web,O,bank clients,1,3"],
         2, "weight", "0.9",
         ["'web'", "internal (S+W) weights sum to 0.9", "skilled staff", "no metrics"]),
        (["web,S,skilled staff,0.6,4", "web,W,no metrics,0.4,1", "web,O,bank clients,0.5,3",
          "web,T,price war,0.3,2"],
         4, "weight", "0.8",
         ["'web'", "external (O+T) weights sum to 0.8", "bank clients", "price war"]),
        (["web,S,skilled staff,0.6,4", "web,W,no metrics,0.4,1"],
         2, "quadrant", "", ["'web'", "no external (O+T) factors"]),
        (["web,S,skilled staff,0.3,4", "web,S,skilled staff,0.3,4", "web,W,no metrics,0.4,1",
          "web,O,bank clients,1,3"],
         3, "factor", "skilled staff", ["'web'", "duplicate of row 2", "skilled staff"]),
    ],
)
def test_validation_message_names_file_row_column_line_factor(
    tmp_path, rows, row, column, value, words
):
    path = bad_file(tmp_path, rows)
    with pytest.raises(SwotError) as info:
        read_swot(path)
    msg = str(info.value)
    assert "\n" not in msg
    for part in [str(path), f"row {row}", f"column '{column}'", *words]:
        assert part in msg, (part, msg)
    if value:
        assert value in msg
    f = info.value.failures
    assert list(f.columns) == FAILURE_COLUMNS
    assert (f.iloc[0]["row"], f.iloc[0]["column"], f.iloc[0]["source"]) == (row, column, str(path))


def test_every_problem_is_collected(tmp_path):
    path = bad_file(tmp_path, ["web,X,skilled staff,0.6,4", "web,W,no metrics,1.5,7",
                               "api,O,bank clients,1,3", "api,S,tests,0.2,4",
                               "api,W,no plans,0.2,1"])
    with pytest.raises(SwotError, match="4 problems in total") as info:
        read_swot(path)
    f = info.value.failures
    # row-level problems of 'web' suppress its weight sums; 'api' internal sums to 0.2 + 0.2
    assert list(zip(f["row"], f["column"], strict=True)) == [
        (2, "quadrant"), (3, "weight"), (3, "rating"), (5, "weight")]
    assert "business line 'api': internal (S+W) weights sum to 0.4" in f["message"].iloc[3]
    assert "'tests' (0.2), 'no plans' (0.2)" in f["message"].iloc[3]


def test_missing_columns(tmp_path):
    path = write(tmp_path, "business_line,factor,weight\nweb,skilled staff,1\n", "cols.csv")
    with pytest.raises(SwotError) as info:
        read_swot(path)
    msg = str(info.value)
    assert str(path) in msg and "row 1" in msg and "column 'quadrant'" in msg
    assert "2 problems" in msg
    assert info.value.failures["column"].tolist() == ["quadrant", "rating"]


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_empty_file(tmp_path, text):
    path = write(tmp_path, text, "empty.csv")
    with pytest.raises(SwotError, match="empty") as info:
        read_swot(path)
    assert str(path) in str(info.value)


def test_header_only(tmp_path):
    path = write(tmp_path, HEADER, "head.csv")
    with pytest.raises(SwotError, match="no factor rows") as info:
        read_swot(path)
    assert str(path) in str(info.value)


def test_target_level_needs_customer_tag(tmp_path):
    text = ("business_line,quadrant,factor,weight,rating,tags,target_level\n"
            "web,S,staff,1,4,,\nweb,T,bank audits,1,3,,3\n")
    with pytest.raises(SwotError, match="customer_requirement") as info:
        read_swot(write(tmp_path, text))
    assert "row 3" in str(info.value) and "bank audits" in str(info.value)
    text = text.replace(",,3", ",customer_requirement,three")
    with pytest.raises(SwotError, match="integer maturity level"):
        read_swot(write(tmp_path, text))


def test_row_numbers_count_blank_lines(tmp_path):
    path = write(tmp_path, HEADER + "web,S,staff,1,4\n\nweb,O,banks,1,9\n")
    with pytest.raises(SwotError, match="row 4"):
        read_swot(path)


# ----------------------------------------------------------------- normalisation, formats
def test_normalize_warns_and_rescales(tmp_path):
    # internal weights sum to 0.9, external to 1.0: only 'web' internal is rescaled
    path = bad_file(tmp_path, ["web,S,skilled staff,0.5,4", "web,W,no metrics,0.4,1",
                               "web,O,bank clients,0.5,3", "web,T,price war,0.5,2"])
    with pytest.warns(MaturityWarning, match="'web' internal") as rec:
        swot = read_swot(path, normalize=True)
    assert "external" not in str(rec[0].message)
    w = swot.groupby(swot["quadrant"].isin(["S", "W"]))["weight"].sum()
    assert w.tolist() == pytest.approx([1.0, 1.0])
    assert swot.loc[0, "weight"] == pytest.approx(0.5 / 0.9)


def test_normalize_silent_when_already_normalised():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_swot(small(), normalize=True)


def test_input_not_mutated():
    df = small()
    df["quadrant"] = ["s", "Strength", "weakness", "O", "opportunity", "THREAT"]
    before = df.copy()
    out = read_swot(df, normalize=True)
    pd.testing.assert_frame_equal(df, before)
    assert out["quadrant"].tolist() == ["S", "S", "W", "O", "O", "T"]
    assert list(out.columns) == SWOT_COLUMNS
    assert isinstance(out.index, pd.RangeIndex)


def test_bom_csv_and_optional_columns(tmp_path):
    text = ("business_line,quadrant,factor,weight,rating,process_areas,tags,target_level\n"
            "web,S,staff,0.5,4,,,\n"
            "web,W,no plans,0.5,1, pp ; pmc ,,\n"
            "web,T,clients audit us against CMMI ML3,1,3,,Customer_Requirement; audit,3\n")
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    swot = read_swot(path)
    assert swot["process_areas"].tolist() == ["", "PP;PMC", ""]
    assert swot["tags"].tolist() == ["", "", "customer_requirement;audit"]
    assert swot["target_level"].tolist()[2] == 3 and str(swot["target_level"].dtype) == "Int64"
    s = swot_summary(swot)
    assert bool(s.loc[0, "customer_requirement"]) and s.loc[0, "required_level"] == 3


def test_xlsx_swot_sheet_and_first_sheet(tmp_path):
    df = small()
    path = tmp_path / "swot.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"note": ["read me"]}).to_excel(xl, sheet_name="readme", index=False)
        bad = df.assign(rating=df["rating"].where(df.index != 2, 7))
        bad.to_excel(xl, sheet_name="SWOT", index=False)
    with pytest.raises(SwotError) as info:
        read_swot(path)
    assert "sheet 'SWOT', row 4, column 'rating'" in str(info.value)
    assert info.value.failures.loc[0, "sheet"] == "SWOT"
    path2 = tmp_path / "first.xlsx"
    df.to_excel(path2, sheet_name="lines", index=False)
    pd.testing.assert_frame_equal(read_swot(path2), read_swot(df))


def test_yaml_list_and_mapping(tmp_path):
    records = small().to_dict("records")
    p1 = write(tmp_path, yaml.safe_dump(records), "list.yaml")
    by_line = {"web": [{k: v for k, v in r.items() if k != "business_line"} for r in records]}
    by_line["web"][2]["process_areas"] = ["MA", "PMC"]
    p2 = write(tmp_path, yaml.safe_dump(by_line), "map.yml")
    a, b = read_swot(p1), read_swot(p2)
    pd.testing.assert_frame_equal(a.drop(columns="process_areas"), b.drop(columns="process_areas"))
    assert b.loc[2, "process_areas"] == "MA;PMC"
    by_line["web"][0]["rating"] = 9
    with pytest.raises(SwotError, match="row 1, column 'rating'"):
        read_swot(write(tmp_path, yaml.safe_dump(by_line), "map2.yml"))


# ----------------------------------------------------------------- TOWS, weaknesses
def test_tows_pair_counts_on_sample():
    swot = read_swot(data_path("swot.csv"))
    t = tows(swot)
    assert list(t.columns) == TOWS_COLUMNS
    n = swot.groupby(["business_line", "quadrant"]).size().unstack()
    got = t.groupby(["business_line", "strategy"]).size().unstack()
    for strategy in ("SO", "ST", "WO", "WT"):
        expected = n[strategy[0]] * n[strategy[1]]
        assert got[strategy].tolist() == expected.tolist()
    assert len(t) == int(((n["S"] + n["W"]) * (n["O"] + n["T"])).sum())


def test_tows_order_scores_prompts_and_top_n():
    t = tows(read_swot(small()))
    assert t["strategy"].tolist() == ["SO"] * 4 + ["ST"] * 2 + ["WO"] * 2 + ["WT"]
    so = t[t["strategy"] == "SO"]
    # weighted scores: skilled staff 1.6, good tooling 0.9, bank clients 1.5, new market 0.6
    assert so["score"].tolist() == pytest.approx([2.4, 1.35, 0.96, 0.54])
    assert so["prompt"].iloc[0] == "Use skilled staff to pursue bank clients"
    first = t.groupby("strategy")["prompt"].first()
    assert first["ST"] == "Use skilled staff to counter price war"
    assert first["WO"] == "Fix no metrics to capture bank clients"
    assert first["WT"] == "Limit no metrics to avoid price war"
    top = tows(read_swot(small()), top_n=1)
    assert top["strategy"].tolist() == ["SO", "ST", "WO", "WT"]
    assert tows(read_swot(small()), by="weight").loc[0, "score"] == pytest.approx(0.2)
    with pytest.raises(SwotError):
        tows(read_swot(small()), by="rating")


def test_tows_keeps_acronyms():
    df = small()
    df.loc[0, "factor"] = "ITIL-based operations"
    assert tows(read_swot(df)).loc[0, "prompt"].startswith("Use ITIL-based operations to pursue")


def test_weaknesses_by_process_area():
    df = pd.DataFrame({
        "business_line": ["a", "a", "a", "a", "b", "b", "b"],
        "quadrant": ["S", "W", "W", "O", "S", "W", "T"],
        "factor": ["s", "w1", "w2", "o", "s", "w", "t"],
        "weight": [0.5, 0.3, 0.2, 1, 0.5, 0.5, 1],
        "rating": [4, 1, 2, 3, 3, 1, 2],
        "process_areas": ["PP", "PP;PMC", "MA;pmc", "", "", "", "RSKM"],
    })
    out = weaknesses_by_process_area(read_swot(df))
    assert out.columns.tolist() == ["business_line", "process_area", "weakness_weight"]
    # hand sums: a/PMC 0.3+0.2, a/PP 0.3 (the S factor's PP is not a weakness), a/MA 0.2
    assert out.values.tolist() == [["a", "PMC", 0.5], ["a", "PP", 0.3], ["a", "MA", 0.2]]


# ----------------------------------------------------------------- sample data
def test_sample_data_lines_and_requirements():
    swot = read_swot(data_path("swot.csv"))
    s = swot_summary(swot).set_index("business_line")
    assert len(s) == 7 and s["ie_cell"].nunique() >= 5
    assert set(s.index[s["customer_requirement"]]) == {
        "bank-delivery", "insurance-solutions", "government-projects"}
    assert s.loc["bank-delivery", "required_level"] == 3
    assert s.loc["government-projects", "required_level"] == 3
    assert pd.isna(s.loc["internal-tools", "required_level"])
    counts = swot.groupby(["business_line", "quadrant"]).size()
    assert counts.between(3, 5).all()
    w = swot[swot["quadrant"] == "W"]
    assert (w["process_areas"] != "").all()


# ----------------------------------------------------------------- template, safe_csv
def test_template_xlsx_round_trip(tmp_path):
    path = write_swot_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["instructions", "swot"]
    ws = wb["swot"]
    header = [c.value for c in ws[1]][:5]
    assert header == ["business_line", "quadrant", "factor", "weight", "rating"]
    rules = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert rules["B2:B1000"] == '"S,W,O,T"' and rules["E2:E1000"] == '"1,2,3,4"'
    for r in small().itertuples(index=False):
        ws.append(list(r))
    wb.save(path)
    pd.testing.assert_frame_equal(read_swot(path), read_swot(small()))


def test_template_csv(tmp_path):
    path = write_swot_template(tmp_path / "t.csv")
    assert path.read_text().splitlines() == [
        "business_line,quadrant,factor,weight,rating,process_areas,tags,target_level"]


def test_safe_csv_neutralises_formulas(tmp_path):
    df = pd.DataFrame({"t": ["=cmd()", "+1", "-x", "@sum", "\tx", "\rx", "ok"], "n": range(7)})
    before = df.copy()
    path = safe_csv(df, tmp_path / "x.csv")
    pd.testing.assert_frame_equal(df, before)
    with open(path, newline="", encoding="utf-8") as fh:
        back = list(csv.reader(fh))
    assert [r[0] for r in back[1:]] == ["'=cmd()", "'+1", "'-x", "'@sum", "'\tx", "'\rx", "ok"]
    assert [r[1] for r in back[1:]] == [str(i) for i in range(7)]  # numbers untouched


# ----------------------------------------------------------------- CLI
def test_cli_writes_summary_and_tows(tmp_path, capsys):
    out = tmp_path / "new" / "dir"
    assert main(["swot", str(data_path("swot.csv")), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert str(out / "swot.csv") in printed and str(out / "tows.csv") in printed
    summary = pd.read_csv(out / "swot.csv")
    assert list(summary.columns[:5]) == ["business_line", "ife", "efe", "ie_cell", "posture"]
    assert len(summary) == 7
    assert len(pd.read_csv(out / "tows.csv")) == len(tows(read_swot(data_path("swot.csv"))))


def test_cli_bad_file_exits_2(tmp_path, capsys):
    path = bad_file(tmp_path, ["web,S,skilled staff,0.5,4", "web,W,no metrics,0.4,1",
                               "web,O,bank clients,1,3"])
    assert main(["swot", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "'web'" in err and "skilled staff" in err and "bad.csv" in err
    with pytest.warns(MaturityWarning):
        assert main(["swot", str(path), "--out", str(tmp_path / "o"), "--normalize"]) == 0


def test_cli_formula_text_neutralised(tmp_path):
    df = small()
    df.loc[0, "factor"] = "=HYPERLINK(1)"
    src = tmp_path / "in.csv"
    df.to_csv(src, index=False)
    assert main(["swot", str(src), "--out", str(tmp_path / "o")]) == 0
    t = pd.read_csv(tmp_path / "o" / "tows.csv")
    assert t.loc[0, "internal_factor"] == "'=HYPERLINK(1)"


# ----------------------------------------------------------------- plots
def test_plots_return_axes_and_label_every_line():
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from maturity.plots.swot import plot_ie_matrix, plot_swot

    swot = read_swot(data_path("swot.csv"))
    summary = swot_summary(swot)
    ax = plot_ie_matrix(summary)
    assert isinstance(ax, Axes)
    texts = {t.get_text() for t in ax.texts}
    assert set(summary["business_line"]) <= texts
    assert {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"} <= texts
    assert ax.get_xlim() == (4, 1)
    fig, ax2 = plt.subplots(figsize=(8, 6))
    assert plot_swot(swot, "bank-delivery", ax=ax2, fontsize=6) is ax2
    joined = "\n".join(t.get_text() for t in ax2.texts)
    assert "Strengths" in joined and "0.25" in joined
    with pytest.raises(SwotError, match="bank-delivery"):
        plot_swot(swot, "nope")
    plt.close("all")


# --------------------------------------------------------------------------- issue 14, item 3


def test_weights_within_tolerance_are_rescaled_to_one():
    # Issue 14's case: internal weights 0.5 + 0.495 = 0.995 (within the 0.01 tolerance), every
    # rating 2. Unscaled: IFE = 0.995 * 2 = 1.99 -> IE column "weak" (1.0-1.99), cell VI
    # "harvest or divest". Rescaled to 1 (David: weights sum to 1.0): IFE = 2.0 -> cell V
    # "hold and maintain" (EFE 2.0 in both: 0.5 * 2 + 0.5 * 2). A warning says so.
    df = pd.DataFrame({"business_line": ["x"] * 4, "quadrant": ["W", "W", "O", "T"],
                       "factor": ["a", "b", "c", "d"], "weight": [0.5, 0.495, 0.5, 0.5],
                       "rating": [2, 2, 2, 2]})
    with pytest.warns(MaturityWarning, match="rescaled to sum exactly to 1"):
        sw = read_swot(df)
    assert sw["weight"].iloc[:2].sum() == pytest.approx(1.0, abs=1e-12)
    s = swot_summary(sw).iloc[0]
    assert (s["ife"], s["efe"], s["ie_cell"], s["posture"]) == (2.0, 2.0, "V", posture("V"))
    # ratings 1 (issue: accepted by read_swot, refused by swot_summary as 0.995 < 1): now 1.0
    with pytest.warns(MaturityWarning):
        s1 = swot_summary(read_swot(df.assign(rating=[1, 1, 2, 2]))).iloc[0]
    assert s1["ife"] == 1.0
    # outside the tolerance: the located error as before
    with pytest.raises(SwotError, match="weights sum to 0.98"):
        read_swot(df.assign(weight=[0.5, 0.48, 0.5, 0.5]))
