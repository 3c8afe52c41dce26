"""The HTML report in a real browser: headless Chromium loads it, renders it and logs no error.

Skipped (with the reason) when no Chromium is installed and ``CI`` is not set; in CI a missing
browser fails the test, since ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest

from maturity.report import write_report
from maturity.report.pdf import chromium_command, find_chromium, print_pdf

BROWSER = find_chromium()


@pytest.fixture(scope="module")
def browser():
    if BROWSER is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI is set but no chromium / chromium-browser / google-chrome is on PATH; "
                ".ci/run installs it with apt-get"
            )
        pytest.skip(
            "no chromium, chromium-browser or google-chrome on PATH (install chromium to run)"
        )
    return BROWSER


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from maturity.datasets import data_path
    from maturity.deliverable import report_inputs

    inputs = report_inputs(
        data_path("responses"),
        "cmmi-dev-1.3",
        data_path("targets.yaml"),
        data_path("swot.csv"),
        data_path("business_lines.csv"),
    )
    out = tmp_path_factory.mktemp("browser")
    return write_report(out, **inputs, client="Huaxin Tech", language="zh", pdf=False)


def _png_pixels(path):
    """Width, height and the number of distinct colours of a PNG (Pillow comes with matplotlib)."""
    from PIL import Image

    with Image.open(path) as im:
        rgb = im.convert("RGB")
        return rgb.width, rgb.height, len(rgb.getcolors(maxcolors=1 << 24) or [])


def test_browser_renders_without_errors(browser, report, tmp_path):
    shot = tmp_path / "shot.png"
    cmd = chromium_command(
        browser,
        tmp_path / "profile",
        "--enable-logging=stderr",
        "--v=0",
        "--hide-scrollbars",
        "--window-size=1240,1754",
        "--virtual-time-budget=5000",
        f"--screenshot={shot}",
        report["html"].resolve().as_uri(),
    )
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    # the page has no script: any console line (Chromium logs them as INFO:CONSOLE / ERROR:CONSOLE,
    # "Uncaught ..." for exceptions, "Failed to load resource" for a missing file) is a defect
    console = [ln for ln in proc.stderr.splitlines() if "Uncaught" in ln or "CONSOLE" in ln]
    assert console == [], console
    assert shot.exists(), proc.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a page of text and tables, not a blank image
    w, h, colours = _png_pixels(shot)
    assert (w, h) == (1240, 1754)
    assert colours > 20, "screenshot looks blank"


def test_browser_dom_has_sections(browser, report, tmp_path):
    cmd = chromium_command(
        browser,
        tmp_path / "profile",
        "--virtual-time-budget=5000",
        "--dump-dom",
        report["html"].resolve().as_uri(),
    )
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    dom = proc.stdout
    for sid in (
        "summary",
        "method",
        "lines",
        "capability",
        "gaps",
        "swot",
        "roadmap",
        "trends",
        "quality",
    ):
        assert f'id="{sid}"' in dom, sid
    assert "<svg" in dom and "管理摘要" in dom


def test_pdf_pages(browser, report, tmp_path):
    pdf = print_pdf(report["html"], tmp_path / "r.pdf", browser=browser)
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 10 <= pages <= 80, pages


def test_pdf_dates_are_fixed(browser, report, tmp_path):
    """Chromium's creation/modification dates are replaced by 1980-01-01 (same length, so the
    PDF's byte offsets stay valid): two prints a second apart carry the same dates."""
    a = print_pdf(report["html"], tmp_path / "a.pdf", browser=browser).read_bytes()
    time.sleep(1.1)  # a later second, so a date left in would differ
    b = print_pdf(report["html"], tmp_path / "b.pdf", browser=browser).read_bytes()
    dates = [re.findall(rb"/(?:CreationDate|ModDate) \((D:[^)]*)\)", x) for x in (a, b)]
    assert dates[0] == dates[1] == [b"D:19800101000000+00'00'"] * 2
    xref = int(re.findall(rb"startxref\s+(\d+)", a)[-1])
    assert a[xref:xref + 4] == b"xref"  # offsets still point where they did


def test_browser_has_cjk_font_for_every_weight(browser, report, tmp_path):
    """The embedded CJK face is loaded and used for regular and bold text (document.fonts)."""
    page = report["html"].read_text(encoding="utf-8")
    probe = (
        "<script>document.fonts.ready.then(() => { const t = '过程成熟度评估目录';"
        " document.body.setAttribute('data-fonts', ["
        " document.fonts.check('10pt \"Report CJK\"', t),"
        " document.fonts.check('bold 10pt \"Report CJK\"', t),"
        " [...document.fonts].filter(f => f.family.includes('Report CJK') &&"
        " f.status === 'loaded').length].join(',')); });</script>"
    )
    probed = tmp_path / "probe.html"
    probed.write_text(page.replace("</body>", probe + "</body>"), encoding="utf-8")
    cmd = chromium_command(
        browser, tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom",
        probed.resolve().as_uri(),
    )
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    m = re.search(r'data-fonts="([^"]+)"', proc.stdout)
    assert m, proc.stderr[-2000:]
    regular, bold, loaded = m.group(1).split(",")
    assert (regular, bold) == ("true", "true")
    assert int(loaded) >= 1


def test_embedded_font_covers_every_cjk_character(report):
    """Every CJK character of the page (headings, tables, title) has a glyph in the subset."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    page = report["html"].read_text(encoding="utf-8")
    data = re.search(r"url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", page).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    text = re.sub(r"<svg.*?</svg>|<style.*?</style>", " ", page, flags=re.S)
    cjk = set(re.findall(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]", text))
    assert len(cjk) > 300
    assert sorted(c for c in cjk if ord(c) not in cmap) == []
