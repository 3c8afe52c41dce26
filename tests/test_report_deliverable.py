"""The deliverable in Chinese: one catalogue, no tofu, DOCX/PPTX, ids in any script (issue 20)."""

from __future__ import annotations

import ast
import html as H
import re
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from maturity.datasets import data_path
from maturity.i18n import catalogue

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
#: English function words: prose left untranslated shows them (ids, codes and names do not).
FUNCTION_WORDS = {
    "the", "of", "and", "or", "not", "to", "in", "is", "are", "a", "an", "with", "for", "by",
    "from", "at", "on", "per", "than", "when", "be", "each", "its", "their", "this", "that",
    "which", "as", "it", "has", "have", "no", "below", "above", "all", "every", "only", "into",
    "more", "between",
}


def _msgids() -> dict[str, str]:
    """Every string literal passed to _(), N_() or gettext in the report and plots modules."""
    out = {}
    files = sorted((ROOT / "maturity" / "report").glob("*.py")) + sorted(
        (ROOT / "maturity" / "plots").glob("*.py"))
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"_", "N_", "_t", "gettext"} and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                out.setdefault(node.args[0].value, f.name)
    return out


def test_every_msgid_in_zh_catalogue():
    ids = _msgids()
    assert len(ids) > 200  # the extraction found the report's sentences
    zh = catalogue("zh")
    missing = {k: f for k, f in ids.items() if k not in zh}
    assert not missing, f"msgids without a Chinese translation: {missing}"
    # placeholders survive translation
    for k in ids:
        assert set(re.findall(r"\{\w*\}", k)) == set(re.findall(r"\{\w*\}", zh[k])), k
        assert set(re.findall(r"\$\w+", k)) == set(re.findall(r"\$\w+", zh[k])), k


def test_po_is_package_data():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "locale/*/LC_MESSAGES/*.po" in text
    assert (ROOT / "maturity/locale/zh/LC_MESSAGES/maturity.po").is_file()


def test_label_wrapper_reads_catalogue():
    from maturity.report import label

    assert label("summary", "zh") == "管理摘要"
    assert label("summary", "en") == "Executive summary"
    assert label("no-such-key", "zh") == "no-such-key"


def test_slug_unique_and_readable():
    from maturity.report.markup import slug

    ids = ["银行交付", "政府项目", "Bank-Delivery", "bank-delivery", "!!!", "???", "x" * 200,
           "x" * 201, "a b", "a-b", "保险/解决", "保险-解决"]
    slugs = [slug(i) for i in ids]
    assert len(set(slugs)) == len(ids)
    assert slug("bank-delivery") == "bank-delivery"  # plain ids unchanged
    assert all(re.fullmatch(r"[a-z0-9_-]{1,50}", s) for s in slugs)
    assert slug("银行交付") == slug("银行交付")  # stable


def _visible(page: str) -> str:
    t = re.sub(r"<style.*?</style>|<svg.*?</svg>", " ", page, flags=re.S)
    return H.unescape(re.sub(r"<[^>]+>", " ", t))


def _zh_build(out: Path, **kwargs: object) -> dict[str, Path]:
    """The sample company's Chinese report set."""
    from maturity.deliverable import build_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_report(
            data_path("responses"), "cmmi-dev-1.3", data_path("targets.yaml"),
            data_path("swot.csv"), data_path("business_lines.csv"), out_dir=out,
            language="zh", client="示例银行", period="2026 年第一季度", date="2026-04-06",
            **kwargs,
        )


@pytest.fixture(scope="module")
def zh_report(tmp_path_factory):
    return _zh_build(tmp_path_factory.mktemp("zh"), pdf=True)


def test_zh_report_has_no_english_prose(zh_report):
    """Visible text minus the data (SWOT factors, ids, practice names the model has only in
    English) has fewer than 15 English function words."""
    page = zh_report["html"].read_text(encoding="utf-8")
    text = _visible(page)
    swot = pd.read_csv(data_path("swot.csv"), dtype=str, keep_default_na=False)
    for factor in sorted(set(swot["factor"]), key=len, reverse=True):
        text = text.replace(factor, " ")
    words = Counter(w.lower() for w in re.findall(r"[A-Za-z]+", text)
                    if w.lower() in FUNCTION_WORDS)
    assert sum(words.values()) < 15, words.most_common(20)
    assert len(CJK.findall(text)) > 2000


def test_zh_docx(zh_report):
    import docx

    from maturity.report import label

    d = docx.Document(str(zh_report["docx"]))
    heads = [p.text for p in d.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    order = ["summary", "method", "lines", "capability", "gaps", "swot", "roadmap", "trends",
             "quality"]
    h1 = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert h1 == [label(k, "zh") for k in order]  # same sections, same order as the HTML
    assert heads[0] == "过程成熟度评估"
    assert any("银行交付" in h for h in heads)
    body = "\n".join(p.text for p in d.paragraphs)
    assert len(CJK.findall(body)) > 500
    # cover table: client, period, date
    cover = {r.cells[0].text: r.cells[1].text for r in d.tables[0].rows}
    assert cover["客户"] == "示例银行" and cover["日期"] == "2026-04-06"
    # the summary table holds the frame's values, in the report's line order
    summary = d.tables[1]
    assert summary.rows[0].cells[0].text == "业务线"
    names = [r.cells[0].text for r in summary.rows[1:]]
    assert names[0] == "银行交付" and len(names) == 7  # lines-file order
    # every row against the report's frame (ctx.summary): level, index, target, gap
    from maturity.deliverable import report_inputs
    from maturity.report.context import make_context

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        inputs = report_inputs(data_path("responses"), "cmmi-dev-1.3", data_path("targets.yaml"),
                               data_path("swot.csv"), data_path("business_lines.csv"))
    ctx = make_context(**{k: v for k, v in inputs.items()}, language="zh")
    want = [[r["name"], str(int(r["maturity_level"])), f"{r['maturity_index']:.2f}",
             str(int(r["target_maturity_level"])), str(int(r["level_gap"]))]
            for _i, r in ctx.summary.iterrows()]
    got = [[r.cells[j].text for j in (0, 1, 2, 5, 6)] for r in summary.rows[1:]]
    assert got == want
    assert dict((g[0], g[2]) for g in got)["银行交付"] == "3.86"  # sample report, by hand
    # every run names an East Asian font
    from docx.oxml.ns import qn

    runs = [r for p in d.paragraphs for r in p.runs if r.text.strip()]
    assert all(r._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs)
    assert len(d.inline_shapes) >= 10  # charts as pictures


def test_zh_pptx(zh_report):
    from pptx import Presentation

    p = Presentation(str(zh_report["pptx"]))
    assert round(p.slide_width / p.slide_height, 2) == round(16 / 9, 2)
    # cover, findings, maturity, heatmap, gaps, roadmap, the 4 lines below their target
    # (数据分析, 内部工具 ML1 -> ML2; 政府项目, 保险解决方案 ML2 -> ML3), next steps
    assert len(p.slides) == 6 + 4 + 1
    texts = ["\n".join(s.text_frame.text for s in sl.shapes if s.has_text_frame)
             for sl in p.slides]
    assert "过程成熟度评估" in texts[0] and "示例银行" in texts[0]
    assert texts[1].startswith("主要发现")
    tables = [s.table for sl in p.slides for s in sl.shapes if s.has_table]
    assert tables and tables[0].cell(0, 0).text == "业务线"
    assert all(CJK.search(t) for t in texts)
    line_titles = [t.splitlines()[0] for t in texts[6:10]]
    assert sorted(line_titles) == sorted(["数据分析", "内部工具", "政府项目", "保险解决方案"])
    assert line_titles[:2] == ["内部工具", "数据分析"]  # level gap 1, lowest index first


def test_deterministic_docx_pptx(zh_report, tmp_path):
    again = _zh_build(tmp_path, pdf=False, formats="docx,pptx")
    assert sorted(again) == ["charts", "docx", "pptx"]
    for k in ("docx", "pptx"):
        assert again[k].read_bytes() == zh_report[k].read_bytes(), k


def _pdf_tofu(path: Path) -> list[str]:
    """Characters of the PDF drawn as .notdef (boxes), and CJK characters set in an embedded
    font without them (the bug of issue 20: bold CJK text set in DejaVu Sans Bold)."""
    import io

    import pymupdf
    from fontTools.ttLib import TTFont

    doc = pymupdf.open(str(path))
    bad: list[str] = []
    cmaps: dict[str, set[int] | None] = {}
    for page in doc:
        fonts = {f[4]: f for f in page.get_fonts(full=True)}
        xref_of = {f[3]: f[0] for f in fonts.values()}
        for span in page.get_texttrace():
            for uc, gid, *_rest in span["chars"]:
                if (gid == 0 and not chr(uc).isspace()) or uc == 0xFFFD:
                    # .notdef: the font had no glyph (a box); the text layer then often
                    # holds U+FFFD instead of the character
                    bad.append(f"U+{uc:04X} as .notdef in {span['font']}")
                    continue
                if not CJK.match(chr(uc)):
                    continue
                name = span["font"]
                if name.startswith("Type3"):
                    continue
                if name not in cmaps:
                    xref = next((x for n, x in xref_of.items() if n.endswith(name)), None)
                    cmaps[name] = None
                    if xref:
                        buf = doc.extract_font(xref)[3]
                        try:
                            cmaps[name] = set(TTFont(io.BytesIO(buf)).getBestCmap() or {})
                        except Exception:  # noqa: BLE001 - a font fontTools cannot read
                            cmaps[name] = None
                if "DejaVu" in name or "Liberation" in name or (
                        cmaps[name] is not None and uc not in cmaps[name]):
                    bad.append(f"{chr(uc)} in {name}")
    return bad


def test_zh_pdf_no_tofu(zh_report):
    if "pdf" not in zh_report:
        pytest.skip("no Chromium: no PDF")
    assert _pdf_tofu(zh_report["pdf"]) == []


@pytest.fixture(scope="module")
def chinese_ids(tmp_path_factory):
    """The sample answers with Chinese, mixed-case, punctuation-only and very long line ids."""
    from maturity import load_model, score
    from maturity.ingest.responses import read_responses
    from maturity.report import write_report

    m = load_model("cmmi-dev-1.3")
    read = read_responses(data_path("responses/2026-03.csv"), m)
    ids = sorted(read.responses["business_line"].astype(str).unique())
    new = ["银行交付", "政府项目", "Bank-Delivery", "bank-delivery", "!!!", "保险" * 40, "???"]
    mapping = dict(zip(ids, new, strict=False))
    resp = read.responses.assign(
        business_line=read.responses["business_line"].astype(str).map(mapping))
    out = tmp_path_factory.mktemp("ids")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")  # tofu in a chart
        paths = write_report(out, scores=score(resp, m), pdf=False, language="zh",
                             formats="html,docx,pptx")
    return paths, mapping


def test_one_chart_per_line_with_any_id(chinese_ids):
    from maturity.report.markup import slug

    paths, mapping = chinese_ids
    lines = list(mapping.values())
    charts = paths["charts"]
    profiles = sorted(p.name for p in charts.glob("profile_*.png"))
    assert len(profiles) == len(lines)
    page = paths["html"].read_text(encoding="utf-8")
    arts = re.findall(r'<article class="line-page" id="([^"]+)" data-line="([^"]+)">'
                      r'(.*?)</article>', page, flags=re.S)
    assert len(arts) == len(lines)
    assert len({a[0] for a in arts}) == len(lines)  # unique anchors
    for anchor, line, body in arts:
        line = H.unescape(line)
        assert anchor == f"line-{slug(line)}"
        assert f'data-chart="profile_{slug(line)}"' in body
        # the radar drawn on this page is titled with this line (its title group's id)
        titles = re.findall(r'id="profile_[^"]*?-title-([^"]+)"', body)
        assert titles == [slug(line)], (line, titles)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # no SVG element id shared across charts


def test_plots_cjk_font_everywhere():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from maturity.plots import plot_swot  # importing the package turns the CJK fallback on

    swot = pd.DataFrame({
        "business_line": ["银行交付"] * 2, "quadrant": ["S", "W"],
        "factor": ["核心银行经验", "需求变更未追踪"],
        "weight": [0.5, 0.5], "rating": [4, 1],
    })
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        ax = plot_swot(swot, "银行交付")
        ax.figure.canvas.draw()
    plt.close(ax.figure)


def test_csv_bom_and_plain(tmp_path, monkeypatch):
    from maturity.io import display_width, write_csv

    f = pd.DataFrame({"business_line": ["银行交付"]})
    p = write_csv(f, tmp_path / "a.csv")
    assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(p).columns[0] == "business_line"
    q = write_csv(f, tmp_path / "b.csv", bom=False)
    assert not q.read_bytes().startswith(b"\xef\xbb\xbf")
    monkeypatch.setenv("MATURITY_CSV_ENCODING", "utf-8")
    assert not write_csv(f, tmp_path / "c.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert display_width("银行交付") == 8


def test_line_order_pinyin_and_file():
    from maturity.report.context import line_order

    names = {"b": "保险", "n": "内部", "z": "政府", "s": "数据", "d": "电商", "y": "运维",
             "h": "银行"}
    # pinyin: baoxian, neibu, shuju, dianshang, yunwei, yinhang, zhengfu
    assert line_order(list(names), None, names, "zh") == ["b", "d", "n", "s", "h", "y", "z"]
    f = pd.DataFrame({"business_line": ["z", "b"]})
    assert line_order(list(names), f, names, "zh")[:2] == ["z", "b"]


def test_cli_plain_utf8(tmp_path, monkeypatch):
    from maturity.cli import main

    monkeypatch.delenv("MATURITY_CSV_ENCODING", raising=False)
    src = str(data_path("swot.csv"))
    assert main(["swot", src, "--out", str(tmp_path / "bom")]) == 0
    first = sorted((tmp_path / "bom").glob("*.csv"))[0]
    assert first.read_bytes().startswith(b"\xef\xbb\xbf")
    monkeypatch.setenv("MATURITY_CSV_ENCODING", "utf-8-sig")  # restored after the test
    assert main(["--plain-utf8", "swot", src, "--out", str(tmp_path / "plain")]) == 0
    first = sorted((tmp_path / "plain").glob("*.csv"))[0]
    assert not first.read_bytes().startswith(b"\xef\xbb\xbf")


def test_cli_charts_draw_chinese_names_without_missing_glyphs():
    """gantt.png and effort_value.png of ``maturity roadmap`` with lines named in Chinese."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from maturity.deliverable import report_inputs
    from maturity.plots.roadmap import plot_effort_value, plot_gantt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rm = report_inputs(data_path("responses"), "cmmi-dev-1.3", data_path("targets.yaml"),
                           data_path("swot.csv"), data_path("business_lines.csv"))["roadmap"]
    lines = pd.read_csv(data_path("business_lines.csv"), dtype=str)
    zh = dict(zip(lines["business_line"], lines["name_zh"], strict=True))
    roadmap = rm.roadmap.assign(business_line=rm.roadmap["business_line"].map(zh))
    phases = rm.phases.assign(business_line=rm.phases["business_line"].map(zh))
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing")
        for fn, frame in ((plot_gantt, phases), (plot_effort_value, roadmap)):
            ax = fn(frame)
            ax.figure.canvas.draw()
            plt.close(ax.figure)


def test_english_roadmap_reason_and_caveats_translated_at_display():
    """Frames built in English (write_report called with English frames) are shown in Chinese:
    the rollout plan's reason (roadmap._reason's parts) and the trends caveats. Expected strings
    written by hand from the catalogue's entries."""
    from maturity.i18n import language
    from maturity.report.translate import translate_reason

    reason = ("Rollout wave 2 of 2 (simple work): its work is simple (complexity 1/5 <= 2); "
              "2nd of 2 in the wave, priority 0.41 (value 0.04, effort 0.24, readiness 0.42); "
              "122 effort points / 8 per coach-week x headcount factor 0.7071 (25 people) = "
              "10.78 coach-weeks -> pilot 11 weeks; quadrant fill-in: value 0.04 < 0.50, high "
              "effort (effort 0.51 >= 0.50, complexity 5/5); starts 2026-08-25: waits for a free "
              "coach (coach 1 free on 2026-08-25); champions ecommerce-platform (REQM, PP).")
    caveat = ("p < 0.05 impossible with 5 pairs that changed (smallest p 0.0625): not testable; "
              "composition changed: all respondents -0.00, the 5 who answered both waves +0.02 "
              "(1 left, mean 0.60; 1 joined, mean 0.49)")
    with language("zh"):
        assert translate_reason(reason) == (
            "推广第 2 批（共 2 批，工作简单）：工作简单（复杂度 1/5 <= 2）；"
            "批内第 2 位（共 2 条），"
            "优先级 0.41（价值 0.04，工作量 0.24，准备度 0.42）；122 工作量点 / 每辅导周 8 点 x "
            "人数系数 0.7071（25 人）= 10.78 辅导周 -> 试点 11 周；"
            "象限 补充项目：价值 0.04 < 0.50，"
            "工作量高（工作量 0.51 >= 0.50，复杂度 5/5）；"
            "2026-08-25 开始：等待空闲的辅导员（辅导员 "
            "1 于 2026-08-25 空闲）；骨干 ecommerce-platform (REQM, PP)。")
        assert translate_reason(caveat) == (
            "5 个发生变化的配对不可能得到 p < 0.05（最小 p 为 0.0625）：不可检验；"
            "人员构成变化：全部"
            "受访者 -0.00，两个批次均作答的 5 人 +0.02（1 人离开，平均 0.60；1 人加入，平均 0.49）")
        # a SWOT factor holding '; ' stays whole (the test strips factors from the page)
        assert "'a; b'" in translate_reason("blocking in 2 of 7 lines; linked SWOT weakness "
                                            "'a; b' (w=0.2)")
    assert translate_reason(reason) == reason  # English unchanged


def test_zh_pdf_not_shrunk(zh_report):
    """A table wider than the page makes Chromium shrink the whole PDF (the 15-column trends
    table did: headings printed at 10pt instead of the CSS's 15pt). The section heading
    "管理摘要" is set at h2's 15pt (Chromium's px rounding: 14.3-15)."""
    import pymupdf

    doc = pymupdf.open(str(zh_report["pdf"]))
    sizes = [max(s["size"] for s in li["spans"]) for page in doc
             for b in page.get_text("dict")["blocks"] for li in b.get("lines", [])
             if "".join(s["text"] for s in li["spans"]).strip() == "管理摘要"]
    assert sizes and max(sizes) >= 14.0, sizes
