"""A report on 300 business lines: summarised, bounded HTML, every row still in the workbook.

The inputs are synthetic (the ``pmo-process`` model, two waves, two respondents per line, ids
categorical as ``read_responses`` gives them) and go through the real scoring, gap, roadmap,
trend and reliability functions.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from maturity.report import write_report
from maturity.report.context import EXTREMES, LINE_LIMIT, PAGE_LINES, TABLE_ROWS, make_context

N_LINES = 300


def _big_inputs(n_lines: int = N_LINES, seed: int = 0) -> dict:
    from maturity import load_model, score
    from maturity.compare.reliability import disagreement, reliability
    from maturity.compare.trends import changes, line_comparison
    from maturity.plan.gap import gap_analysis
    from maturity.plan.roadmap import plan_roadmap, read_lines
    from maturity.plan.swot import read_swot, swot_summary

    m = load_model("pmo-process")
    q = m.questions
    rng = np.random.default_rng(seed)
    lines = [f"line-{i:04d}" for i in range(n_lines)]
    level = rng.uniform(0.5, 3.8, n_lines)
    difficulty = rng.normal(0, 0.5, len(q))
    parts = []
    for w, wave in enumerate(["2025-09", "2026-03"]):
        for r in range(2):
            v = level[:, None] + 0.3 * w + difficulty + rng.normal(0, 0.6, (n_lines, len(q)))
            v = np.clip(np.rint(v), 0, 4).astype(int).ravel()
            b = np.repeat(lines, len(q))
            parts.append(
                pd.DataFrame(
                    {
                        "wave": wave,
                        "business_line": b,
                        "respondent": np.char.add(b.astype(str), f"-r{r}"),
                        "question": np.tile(q["question"].to_numpy(), n_lines),
                        "practice": np.tile(q["practice"].to_numpy(), n_lines),
                        "process_area": np.tile(q["process_area"].to_numpy(), n_lines),
                        "answer": v.astype(str),
                        "value": v.astype(float),
                        "na": False,
                    }
                )
            )
    resp = pd.concat(parts, ignore_index=True)
    for c in ("wave", "business_line", "respondent", "question", "practice", "process_area"):
        resp[c] = pd.Categorical(resp[c], categories=sorted(resp[c].unique()))
    s = score(resp, m)
    g = gap_analysis(s, {"default_level": 3}, responses=resp)
    factors = [
        (b, quad, f"{quad} factor {k + 1} of {b}", 0.25, int(rng.integers(lo, hi)))
        for b in lines
        for quad, lo, hi in (("S", 3, 5), ("W", 1, 3), ("O", 3, 5), ("T", 1, 5))
        for k in range(2)
    ]
    sw = read_swot(
        pd.DataFrame(factors, columns=["business_line", "quadrant", "factor", "weight", "rating"])
    )
    attrs = read_lines(
        pd.DataFrame(
            {
                "business_line": lines,
                "name": [b.replace("-", " ").title() for b in lines],
                "group": [f"Group {i % 7}" for i in range(n_lines)],
                "headcount": rng.integers(20, 300, n_lines),
                "complexity": rng.integers(1, 6, n_lines),
                "customer_strictness": rng.integers(1, 4, n_lines),
                "director": [f"Director {i % 30}" for i in range(n_lines)],
            }
        )
    )
    rm = plan_roadmap(s.maturity, g.line_gaps, g.backlog, attrs, swot_summary(sw))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ch = {"changes": changes(resp, s.maturity), "line_comparison": line_comparison(resp)}
        rel = {"reliability": reliability(resp), "disagreement": disagreement(resp)}
    return {
        "scores": s,
        "gaps": g,
        "swot": sw,
        "roadmap": rm,
        "changes": ch,
        "reliability": rel,
        "lines": attrs,
    }


@pytest.fixture(scope="module")
def inputs():
    return _big_inputs()


@pytest.fixture(scope="module")
def report(inputs, tmp_path_factory):
    return write_report(tmp_path_factory.mktemp("big"), **inputs, client="Big Co", pdf=False)


@pytest.fixture(scope="module")
def html(report) -> str:
    return report["html"].read_text(encoding="utf-8")


def _section(html: str, sid: str) -> str:
    return re.search(rf'<section id="{sid}">(.*?)</section>', html, re.S).group(1)


def test_selection_of_lines(inputs):
    ctx = make_context(**inputs)
    assert ctx.summarised and N_LINES > LINE_LIMIT
    s = ctx.summary.set_index("business_line")
    by_index = s.sort_values(["maturity_index"], ascending=False)["maturity_index"]
    assert len(ctx.chart_lines) == 2 * EXTREMES == len(set(ctx.chart_lines))
    top, bottom = ctx.chart_lines[:EXTREMES], ctx.chart_lines[EXTREMES:]
    assert s.loc[top, "maturity_index"].min() >= by_index.iloc[EXTREMES]
    assert s.loc[bottom, "maturity_index"].max() <= by_index.iloc[-EXTREMES - 1]
    assert len(ctx.page_lines) == PAGE_LINES
    gap = s["level_gap"].astype(float)
    assert gap.loc[ctx.page_lines].min() >= gap.drop(ctx.page_lines).max()


def test_html_bounded(report, html):
    assert len(html) < 2_500_000  # ~1.1 MB; 7 charts, 20 line pages, capped tables
    assert html.count('<article class="line-page"') == PAGE_LINES
    assert html.count("<svg") == 7
    # 20 line pages (13 areas + 5 backlog rows each: ~400 rows), the SWOT factors of those 20
    # lines (~200), every other table at most TABLE_ROWS: the same for 300 or 30,000 lines
    assert html.count("<tr") < 1000
    for sid in ("summary", "gaps", "roadmap", "trends"):
        for tbl in re.findall(r"<tbody>(.*?)</tbody>", _section(html, sid), re.S):
            assert tbl.count("<tr") <= TABLE_ROWS + 1, sid  # + the "lines between" row
    charts = {p.stem for p in report["charts"].iterdir()}
    assert {"maturity_distribution", "capability_distribution", "index_spread"} <= charts
    assert not any(c.startswith("profile_") for c in charts)  # no radar per line


def test_html_says_what_was_summarised(html):
    cover = re.search(r'<header class="cover">(.*?)</header>', html, re.S).group(1)
    assert f"This report covers {N_LINES} business lines" in cover
    assert "summarised" in cover and "maturity_report.xlsx holds every line" in cover
    where = {
        "summary": "sheet &#x27;summary&#x27; of maturity_report.xlsx",
        "lines": "sheet &#x27;process_areas&#x27; of maturity_report.xlsx",
        "capability": "sheet &#x27;capability&#x27; of maturity_report.xlsx",
        "gaps": "sheet &#x27;backlog&#x27; of maturity_report.xlsx",
        "swot": "sheet &#x27;swot_summary&#x27; of maturity_report.xlsx",
        "roadmap": "sheet &#x27;roadmap&#x27; of maturity_report.xlsx",
        "trends": "sheet &#x27;rankings&#x27; of maturity_report.xlsx",
    }
    for sid, text in where.items():
        assert text in _section(html, sid), sid
    summary = _section(html, "summary")
    assert f"{N_LINES - 2 * EXTREMES} lines between" in summary
    assert "more (sheet &#x27;summary&#x27; of maturity_report.xlsx)" in summary
    assert f"a page each for the {PAGE_LINES} furthest below their target" in html
    assert "line_gaps" in _section(html, "gaps") and "blocking practices" in _section(html, "gaps")


def test_workbook_has_every_row(report, inputs):
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(report["xlsx"]))
    try:

        def rows(name: str) -> list[list]:
            return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)

        summary = rows("summary")
        assert len(summary) == N_LINES + 1
        backlog = rows("backlog")
        bl = inputs["gaps"].backlog
        assert len(backlog) == len(bl) + 1
        head = backlog[0]
        last = dict(zip(head, backlog[-1], strict=True))
        assert last["practice"] == bl["practice"].iloc[-1]
        assert last["priority"] == pytest.approx(bl["priority"].iloc[-1])
        assert len(rows("capability")) == N_LINES + 1
        assert len(rows("process_areas")) == len(make_context(**inputs).pa_latest) + 1
        lc = inputs["changes"]["line_comparison"]
        assert len(rows("line_comparison")) == len(lc) + 1
    finally:
        wb.close()


def test_big_report_deterministic(report, inputs, tmp_path):
    again = write_report(tmp_path, **inputs, client="Big Co", pdf=False)
    assert again["html"].read_bytes() == report["html"].read_bytes()
    assert again["xlsx"].read_bytes() == report["xlsx"].read_bytes()


def test_docx_and_pptx_follow_the_summarising_rules(report):
    """Above LINE_LIMIT lines the Word report has the HTML's line pages (PAGE_LINES) and
    summarised tables; the deck has at most 10 line slides (issue 20)."""
    import docx
    from pptx import Presentation

    d = docx.Document(str(report["docx"]))
    paras = d.paragraphs
    start = next(i for i, p in enumerate(paras) if p.style.name == "Heading 1"
                 and p.text == "Business lines")
    end = next(i for i, p in enumerate(paras) if i > start and p.style.name == "Heading 1")
    pages = [p.text for p in paras[start:end] if p.style.name == "Heading 2"]
    assert len(pages) == PAGE_LINES
    assert any("more than the 40 it shows in full" in p.text for p in paras)
    assert max(len(t.rows) for t in d.tables) <= TABLE_ROWS + 2  # header + a "between" row
    deck = Presentation(str(report["pptx"]))
    assert 6 + 1 < len(deck.slides) <= 6 + 10 + 1
