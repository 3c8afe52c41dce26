"""The report workbook in the report's language (maturity.report.xlsx with ``language="zh"``).

The sample company of ``data/`` written in Chinese: every sheet name, every column header and
every code cell that has a translation is Chinese; numbers stay numbers, formulas stay text, the
bytes are reproducible; the English workbook keeps its snake_case names.
"""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

from maturity.datasets import data_path
from maturity.deliverable import report_inputs
from maturity.i18n import catalogue
from maturity.report import write_report
from maturity.report.labels import COLUMNS, LABELS, column_label
from maturity.report.xlsx import SHEET_TITLES, SHEETS, _title

CJK = re.compile(r"[\u3400-\u9fff]")
#: Headers that are names, not words (process-area acronyms of the capability sheet, weeks of
#: the Gantt sheet, acronyms of the SWOT summary).
_NOT_WORDS = re.compile(r"^([A-Z]{2,5}|\d{4}-\d\d-\d\d|IFE|EFE|n（[AB]）)$")


def _sample(**kw):
    """The report inputs of the sample company (``data/``)."""
    files = ("responses", "targets.yaml", "swot.csv", "business_lines.csv")
    data, *more = (data_path(f) for f in files)
    return report_inputs(data, "cmmi-dev-1.3", *more, **kw)


@pytest.fixture(scope="module")
def inputs():
    return _sample()


def _write(inputs, out, language):
    return write_report(out, **inputs, language=language, formats="xlsx", pdf=False)["xlsx"]


@pytest.fixture(scope="module")
def zh_path(inputs, tmp_path_factory):
    return _write(inputs, tmp_path_factory.mktemp("zh"), "zh")


@pytest.fixture(scope="module")
def zh(zh_path):
    return openpyxl.load_workbook(zh_path)


@pytest.fixture(scope="module")
def en(inputs, tmp_path_factory):
    return openpyxl.load_workbook(_write(inputs, tmp_path_factory.mktemp("en"), "en"))


def _headers(ws) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


def _column(ws, header: str) -> list[object]:
    i = _headers(ws).index(header) + 1
    return [r[0] for r in ws.iter_rows(min_row=2, min_col=i, max_col=i, values_only=True)]


def test_sheet_names_chinese_and_valid(zh, en):
    names = zh.sheetnames
    assert names[0] == "摘要"
    assert "甘特图" in names and "待改进实践" in names and "SWOT 汇总" in names
    assert all(CJK.search(n) for n in names), names
    assert len(names) == len(set(n.lower() for n in names)) == len(en.sheetnames)
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert en.sheetnames == SHEETS  # the English workbook keeps its names


def test_headers_chinese(zh, en):
    assert _headers(zh["摘要"])[:3] == ["批次", "业务线", "名称"]
    assert "业务线" in _headers(zh["差距"]) and "目标来源" in _headers(zh["差距"])
    assert _headers(zh["路线图"])[1] == "推广批次"  # the rollout wave in the plan's sheets
    assert "REQM 目标" in _headers(zh["能力等级表"])
    left = {
        (ws.title, h)
        for ws in zh.worksheets
        for h in _headers(ws)
        if not CJK.search(str(h)) and not _NOT_WORDS.match(str(h))
    }
    assert not left, f"headers left in English: {sorted(left)}"
    # English: the frames' snake_case names, untouched
    assert _headers(en["summary"])[:3] == ["wave", "business_line", "name"]
    assert _headers(en["capability"])[3] == "REQM target"


def test_codes_chinese(zh, en):
    assert "满足" in _column(zh["过程域"], "评定")
    assert "S（优势）" in _column(zh["SWOT 因素"], "象限")
    assert "重大项目" in _column(zh["路线图"], "象限")
    assert "增长与建设" in _column(zh["SWOT 汇总"], "战略姿态")
    assert "PI（部分实施）" in _column(zh["待改进实践"], "实施特征")
    assert "相邻批次" in _column(zh["趋势"], "比较方式")
    assert "总体检验" in _column(zh["业务线比较"], "比较方式")
    assert "排除" in _column(zh["成熟度（全部批次）"], "不适用处理方式")
    assert all(CJK.search(v) for v in _column(zh["待改进实践"], "原因") if v)
    assert not {"FI", "LI", "PI", "NI"} & set(_column(zh["待改进实践"], "实施特征"))
    en_codes = {"satisfied", "not satisfied", "major project", "grow and build", "S",
                "consecutive", "omnibus", "wilcoxon", "exclude", "specific", "pilot"}
    cells = {v for ws in zh.worksheets for r in ws.iter_rows(min_row=2, values_only=True)
             for v in r if isinstance(v, str)}
    assert not cells & en_codes, cells & en_codes
    assert "satisfied" in _column(en["process_areas"], "rating")
    assert "S" in _column(en["swot"], "quadrant")


def test_numbers_stay_numbers_and_chart_translated(zh, en):
    for sheet_zh, sheet_en in (("摘要", "summary"), ("趋势", "trends"), ("信度", "reliability")):
        a = list(zh[sheet_zh].iter_rows(min_row=2, values_only=True))
        b = list(en[sheet_en].iter_rows(min_row=2, values_only=True))
        assert len(a) == len(b)
        for ra, rb in zip(a, b, strict=True):
            for va, vb in zip(ra, rb, strict=True):
                if isinstance(vb, (int, float)) and not isinstance(vb, bool):
                    assert va == vb and type(va) is type(vb)
    (chart,) = zh["摘要"]._charts
    assert chart.title.tx.rich.p[0].r[0].t.startswith("成熟度指数与目标等级")
    assert chart.y_axis.title.tx.rich.p[0].r[0].t == "等级"


def test_zh_workbook_deterministic(inputs, zh_path, tmp_path):
    assert _write(inputs, tmp_path, "zh").read_bytes() == zh_path.read_bytes()


def test_formulas_stay_text_in_zh(tmp_path):
    from maturity.i18n import language

    wb = openpyxl.Workbook()
    frame = pd.DataFrame({"comment": ["=1+1", "@SUM(A1)"], "rating": ["satisfied", "=x"]})
    from maturity.report.xlsx import _write_frame

    with language("zh"):
        _write_frame(wb.active, frame)
    wb.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in ws[1]] == ["意见", "评定"]
    assert [c.value for c in ws[2]] == ["'=1+1", "满足"]
    assert ws["A3"].value == "'@SUM(A1)" and ws["B3"].data_type == "s"


def test_column_label():
    assert column_label("business_line", "zh") == "业务线"
    assert column_label("rank", "zh") == "排名"
    assert column_label("rank", "zh", plan=True) == "推广顺序"
    assert column_label("no_such_column", "zh") == "No such column"  # readable, never a crash
    assert column_label("business_line", "en") == "Business line"
    zh_cat = catalogue("zh")
    assert all(v in zh_cat for v in COLUMNS.values())
    assert all(v in zh_cat for v in SHEET_TITLES.values())
    assert LABELS["en"]["significant"] != COLUMNS["significant"]  # a heading, not a column


def test_sheet_title_rules():
    from maturity.i18n import language

    wb = openpyxl.Workbook()
    with language("zh"):
        first = wb.create_sheet(_title(wb, "backlog"))
        assert first.title == "待改进实践"
        assert _title(wb, "backlog", 2) == "待改进实践 (2)"
        assert _title(wb, "backlog") == "待改进实践 2"  # unique
        long = _title(wb, "x" * 40 + ":/?")
        assert len(long) == 31 and ":" not in long
    assert _title(wb, "backlog", 3) == "backlog (3)"


def test_rollout_sheets_chinese(tmp_path):
    """With a rollout log (issue 22) the four rollout sheets are Chinese too."""
    from maturity import datasets

    inputs = _sample(log=datasets.followup_log_path())
    wb = openpyxl.load_workbook(_write(inputs, tmp_path, "zh"))
    assert wb.sheetnames[-4:] == ["推广状态", "推广阶段", "关口", "标准"]
    assert _headers(wb["关口"])[:3] == ["业务线", "关口", "状态"]
    assert "共同设计" in _column(wb["关口"], "关口")
    assert "已通过" in _column(wb["关口"], "状态")
    assert set(_column(wb["标准"], "候选类型")) <= {"标准", "裁剪"}
    assert "计划开始" in _headers(wb["推广阶段"])


def test_generated_notes_with_their_own_semicolons_translated():
    """Notes that hold '; ' inside one note (Krippendorff's undefined alpha, progress to target
    answers) are translated part by part, none left in English."""
    from maturity.compare.krippendorff import _PAIRABLE_SAME
    from maturity.i18n import language
    from maturity.report.translate import translate_reason

    with language("zh"):
        k = translate_reason("krippendorff: " + _PAIRABLE_SAME)
        p = translate_reason("progress to date on the 3 of 5 practices scored in both waves; "
                             "2 left out: SB.A.1, SB.B.2")
        n = translate_reason("no baseline wave; 1 not applicable, left out of the totals "
                             "(na_policy exclude)")
    assert k.endswith("期望分歧为 0；只有一名受访者回答的答案不计入")
    assert p == "迄今进展基于两个批次都有得分的 5 项实践中的 3 项；2 项未计入：SB.A.1, SB.B.2"
    assert n == "无基线批次；1 项不适用，未计入合计（na_policy exclude）"
