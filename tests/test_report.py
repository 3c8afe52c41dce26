"""Tests of maturity.report: the workbook, the single-file HTML, determinism, safety, the command.

Expected values come from the scores the report is built from (the sample company of
``data/``), so the tests check that the report shows what the scoring computed.
"""

from __future__ import annotations

import html.parser
import re
import warnings

import openpyxl
import pandas as pd
import pytest

from maturity.datasets import data_path
from maturity.deliverable import build_report, report_inputs
from maturity.report import write_report
from maturity.report.context import SUMMARY_COLUMNS
from maturity.report.html import SECTION_IDS
from maturity.report.xlsx import SHEETS


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def inputs():
    return report_inputs(
        data_path("responses"),
        "cmmi-dev-1.3",
        data_path("targets.yaml"),
        data_path("swot.csv"),
        data_path("business_lines.csv"),
    )


@pytest.fixture(scope="module")
def report(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    paths = write_report(
        out, **inputs, title="Huaxin <Tech>", client="Huaxin Tech", period="2025-2026", pdf=False
    )
    return paths


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.links: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append(tag)
        for k, v in attrs:
            if k == "id":
                self.ids.append(v)
            if k in ("src", "href", "xlink:href", "action", "data", "poster"):
                self.links.append((tag, k, v or ""))

    def handle_data(self, data):  # noqa: ANN001
        self.text.append(data)


def _parse(path) -> _Collector:
    p = _Collector()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _tiny(comment: str = "", line: str = "web"):
    """One line, one respondent: everything 3, PPQA 1 (so PPQA is in the backlog)."""
    from maturity import load_model, score
    from maturity.plan.gap import gap_analysis

    m = load_model("cmmi-dev-1.3")
    q = m.questions
    answer = q.process_area.eq("PPQA").map({True: "1", False: "3"})
    resp = pd.DataFrame(
        {
            "wave": "2026-03",
            "business_line": line,
            "respondent": "r1",
            "question": q.question,
            "practice": q.practice,
            "process_area": q.process_area,
            "answer": answer,
            "value": answer.astype(float),
            "na": False,
            "comment": comment,
            "evidence": "",
        }
    )
    s = score(resp, m)
    return resp, s, gap_analysis(s, {"default_level": 2}, responses=resp)


# --------------------------------------------------------------------------- xlsx
def test_workbook_sheets_headers_and_values(report, inputs):
    wb = openpyxl.load_workbook(report["xlsx"])
    assert wb.sheetnames == SHEETS
    ws = wb["summary"]
    assert [c.value for c in ws[1]] == SUMMARY_COLUMNS
    assert ws.freeze_panes == "A2"
    mat = inputs["scores"].maturity
    latest = mat[mat["wave"] == "2026-03"].set_index("business_line")
    prev = mat[mat["wave"] == "2025-09"].set_index("business_line")
    col = {c.value: i for i, c in enumerate(ws[1])}
    rows = {r[col["business_line"]].value: r for r in ws.iter_rows(min_row=2)}
    assert sorted(rows) == sorted(latest.index)
    r = rows["bank-delivery"]
    assert r[col["maturity_level"]].value == latest.at["bank-delivery", "maturity_level"] == 3
    assert r[col["maturity_index"]].value == pytest.approx(
        latest.at["bank-delivery", "maturity_index"]
    )
    assert r[col["maturity_index"]].number_format == "0.00"
    assert r[col["change"]].value == pytest.approx(
        latest.at["bank-delivery", "maturity_index"] - prev.at["bank-delivery", "maturity_index"],
        abs=1e-4,
    )
    # targets.yaml: bank-delivery has an ML3 target, data-analytics the default ML2
    assert r[col["target_maturity_level"]].value == 3
    assert rows["data-analytics"][col["target_maturity_level"]].value == 2
    assert len(ws._charts) == 1  # native bar chart of index and target


def test_workbook_capability_target_next_to_current(report, inputs):
    ws = openpyxl.load_workbook(report["xlsx"])["capability"]
    head = [c.value for c in ws[1]]
    assert head[:4] == ["wave", "business_line", "REQM", "REQM target"]
    assert ws.conditional_formatting  # colour scale on the current levels
    pa = inputs["scores"].process_areas
    want = pa[
        (pa.wave == "2026-03")
        & (pa.business_line == "data-analytics")
        & (pa.process_area == "PPQA")
    ]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "data-analytics")
    assert row[head.index("PPQA")] == int(want["capability_level"].iloc[0])
    assert row[head.index("PPQA target")] == 3  # targets.yaml: PPQA: 3 in every line


def test_workbook_gantt_cells_filled(report):
    ws = openpyxl.load_workbook(report["xlsx"])["gantt"]
    head = [c.value for c in ws[1]]
    assert head[:5] == ["wave", "business_line", "phase", "start", "end"]
    filled = sum(
        1
        for row in ws.iter_rows(min_row=2, min_col=6)
        for c in row
        if c.fill.fgColor.rgb not in (None, "00000000")
    )
    assert filled > 10


def test_formula_injection_is_text(tmp_path):
    from maturity.plan.swot import read_swot

    resp, s, g = _tiny(comment='=HYPERLINK("evil.example","click")')
    assert (g.backlog["comment"].str.startswith("=HYPERLINK")).any()
    swot = read_swot(
        pd.DataFrame(
            {
                "business_line": "web",
                "quadrant": ["S", "W", "O", "T"],
                "factor": ["+cmd|' /C calc'!A0", "<script>alert(1)</script>", "@SUM(1,2)", "-2+3"],
                "weight": [0.6, 0.4, 0.5, 0.5],
                "rating": [4, 1, 3, 2],
            }
        )
    )
    paths = write_report(tmp_path, scores=s, gaps=g, swot=swot, pdf=False)
    wb = openpyxl.load_workbook(paths["xlsx"])
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
    comments = [c.value for c in wb["backlog"]["R"][1:]]
    assert wb["backlog"]["R1"].value == "comment"
    assert '\'=HYPERLINK("evil.example","click")' in comments
    factors = [c.value for c in wb["swot"]["C"][1:]]
    assert "'+cmd|' /C calc'!A0" in factors and "'@SUM(1,2)" in factors and "'-2+3" in factors
    text = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "+cmd|&#x27; /C calc&#x27;!A0" in text


# --------------------------------------------------------------------------- html
def test_html_sections_and_no_urls(report, inputs):
    p = _parse(report["html"])
    for sid in SECTION_IDS:
        assert sid in p.ids, sid
    for line in inputs["scores"].maturity["business_line"].unique():
        assert f"line-{line}" in p.ids
    assert len(p.ids) == len(set(p.ids)), "duplicate ids (charts' ids must be prefixed)"
    raw = report["html"].read_text(encoding="utf-8")
    assert "http://" not in raw and "https://" not in raw
    for tag, attr, v in p.links:
        assert not v.startswith("//") and v.startswith(("#", "data:")), (tag, attr, v[:60])
    assert not {"script", "link", "img", "iframe", "object"} & set(p.tags)
    assert p.tags.count("svg") >= 10  # charts inline
    assert "@media print" in raw and "size: A4" in raw
    assert "Huaxin &lt;Tech&gt;" in raw  # title escaped


def test_html_content_matches_scores(report, inputs):
    text = " ".join(_parse(report["html"]).text)
    mat = inputs["scores"].maturity
    bd = mat[(mat.wave == "2026-03") & (mat.business_line == "bank-delivery")]
    assert f"{bd['maturity_index'].iloc[0]:.2f}" in text
    assert "Bank Delivery" in text  # display name from business_lines.csv
    assert "SCAMPI" in text and "3.5" in text and "2.5" in text  # method: thresholds and rules
    assert "p-value" in text and "95% interval" in text
    assert "Rejected answers" in text


def test_not_provided_sections(tmp_path):
    _, s, _ = _tiny()
    paths = write_report(tmp_path, scores=s, pdf=False)
    raw = paths["html"].read_text(encoding="utf-8")
    for sid in ("gaps", "swot", "roadmap", "trends"):
        section = re.search(rf'<section id="{sid}">(.*?)</section>', raw, re.S).group(1)
        assert "Not provided" in section, sid
    ws = openpyxl.load_workbook(paths["xlsx"])["gaps"]
    assert ws["A2"].value == "gaps: not provided"


def test_chinese_labels_and_embedded_font(tmp_path, inputs):
    paths = write_report(
        tmp_path,
        **{**inputs, "roadmap": None, "changes": None, "reliability": None},
        language="zh",
        pdf=False,
    )
    raw = paths["html"].read_text(encoding="utf-8")
    assert "管理摘要" in raw and "需求管理" in raw and "银行交付" in raw
    assert '<html lang="zh-CN">' in raw
    assert "@font-face" in raw and "data:font/otf;base64," in raw
    assert paths["html"].stat().st_size < 3_000_000  # the font is a subset, not 16 MB


# --------------------------------------------------------------------------- behaviour
def test_deterministic_bytes(report, inputs, tmp_path):
    again = write_report(
        tmp_path,
        **inputs,
        title="Huaxin <Tech>",
        client="Huaxin Tech",
        period="2025-2026",
        pdf=False,
    )
    assert again["html"].read_bytes() == report["html"].read_bytes()
    assert again["xlsx"].read_bytes() == report["xlsx"].read_bytes()
    assert (again["charts"] / "maturity_index.svg").read_bytes() == (
        report["charts"] / "maturity_index.svg"
    ).read_bytes()
    assert (again["charts"] / "maturity_index.png").read_bytes() == (
        report["charts"] / "maturity_index.png"
    ).read_bytes()


def test_charts_written(report):
    names = {p.name for p in report["charts"].iterdir()}
    for n in (
        "maturity_index",
        "capability_heatmap",
        "profile_bank-delivery",
        "index_trend",
        "ie_matrix",
        "roadmap",
    ):
        assert {f"{n}.svg", f"{n}.png"} <= names


def test_inputs_not_modified(tmp_path):
    resp, s, g = _tiny()
    before = (s.maturity.copy(), s.process_areas.copy(), g.gaps.copy())
    write_report(tmp_path, scores=s, gaps=g, pdf=False)
    pd.testing.assert_frame_equal(s.maturity, before[0])
    pd.testing.assert_frame_equal(s.process_areas, before[1])
    pd.testing.assert_frame_equal(g.gaps, before[2])


def test_failed_run_leaves_nothing(tmp_path, monkeypatch):
    import maturity.report.html as h

    _, s, _ = _tiny()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(h, "render_html", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        write_report(tmp_path / "out", scores=s, pdf=False)
    assert [p.name for p in (tmp_path / "out").iterdir()] == []


def test_unknown_language(tmp_path):
    from maturity.exceptions import InputError

    _, s, _ = _tiny()
    with pytest.raises(InputError, match="language 'fr'"):
        write_report(tmp_path, scores=s, language="fr", pdf=False)


def test_pdf_missing_browser_warns(tmp_path, monkeypatch):
    import maturity.report.pdf as pdf
    from maturity.exceptions import MaturityWarning

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    _, s, _ = _tiny()
    with pytest.warns(MaturityWarning, match="PDF not written"):
        paths = write_report(tmp_path, scores=s)
    assert "pdf" not in paths and paths["html"].exists()


def test_command(tmp_path, monkeypatch, capsys):
    import maturity.report.pdf as pdf
    from maturity.cli import main

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    out = tmp_path / "rep"
    code = main(
        [
            "report",
            str(data_path("responses/2026-03.csv")),
            "--model",
            "cmmi-dev-1.3",
            "--target",
            str(data_path("targets.yaml")),
            "--out",
            str(out),
            "--client",
            "ACME",
            "--quiet",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "PDF not written" in captured.out
    assert captured.err == ""  # --quiet: no progress bar
    assert (out / "maturity_report.xlsx").exists() and (out / "maturity_report.html").exists()
    assert not (out / "maturity_report.pdf").exists()


def test_build_report_with_rejected_rows(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths = build_report(
            data_path("raw/2026-03_data-analytics_submission.csv"),
            "cmmi-dev-1.3",
            out_dir=tmp_path,
            pdf=False,
        )
    ws = openpyxl.load_workbook(paths["xlsx"])["rejected"]
    assert ws.max_row > 1 and ws["G1"].value == "message"
    quality = re.search(
        r'<section id="quality">(.*?)</section>', paths["html"].read_text(encoding="utf-8"), re.S
    ).group(1)
    assert "rows." in quality
