"""The user guide builds, offline, with warnings as errors, and covers the pages a new user needs.

Sphinx + numpydoc + myst-nb (docs/conf.py): MyST pages, the API reference from the docstrings,
the notebooks rendered from their stored outputs (not executed). About 15-25 s.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import maturity

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

PAGES = ["index", "getting_started", "method", "own_model", "collecting_answers",
         "input_files", "reading_the_report", "year_over_year", "install", "notebooks", "api",
         "zh/getting_started"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "html"
    doctrees = out.parent / "doctrees"
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-E", "-b", "html",
         "-d", str(doctrees), str(DOCS), str(out)],
        capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, (
        "the user guide does not build with warnings as errors (install the docs extra: "
        "pip install -e '.[docs]'):\n" + run.stdout[-4000:] + run.stderr[-4000:])
    return out


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_built(site, page):
    assert (site / f"{page}.html").is_file()


def test_notebooks_are_rendered_with_their_outputs(site):
    nbs = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert nbs
    for nb in nbs:
        html = (site / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert "cell_output" in html, nb.name  # the stored outputs are shown


def test_api_reference_lists_every_public_name(site):
    # the page is made from maturity._EXPORTS at each build (docs/conf.py)
    html = (site / "api.html").read_text(encoding="utf-8")
    for name in maturity.__all__:
        assert f'id="maturity.{name}"' in html, name


def test_guide_covers_what_issue_18_asked(site):
    def page(p: str) -> str:
        return (DOCS / f"{p}.md").read_text(encoding="utf-8")

    assert "Why a score of 2.2 can sit with capability level 0" in page("method")
    assert "Which scoring rule for my questionnaire?" in page("own_model")
    for col in ("complexity", "customer_strictness", "`name`"):
        assert col in page("input_files")
    assert "maturity import" in page("collecting_answers")
    assert "--encoding auto" in page("zh/getting_started")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "docs/getting_started.md" in readme


def test_the_guides_example_model_scores_as_its_scale_says():
    # docs/examples/pmo-likert-1-5.yaml (own_model.md): cumulative, practices at levels 1-3,
    # 1-5 scale -> FI >= 4.5, LI >= 3.5, PI >= 2.0. All "Never": every practice NI, every area
    # level 0 (level 1 not reached), index 0. All "Always": FI, level 3 (the highest).
    model = maturity.load_model(DOCS / "examples" / "pmo-likert-1-5.yaml")
    assert model.thresholds == {"FI": 4.5, "LI": 3.5, "PI": 2.0}
    for answer, chars, level in (("Never", {"NI"}, 0), ("Always", {"FI"}, 3)):
        df = pd.DataFrame([{"wave": "2026-03", "business_line": "bank", "respondent": r,
                            "question": q, "answer": answer}
                           for r in ("r1", "r2") for q in model.questions["question"]])
        s = maturity.score(maturity.read_responses(df, model).responses, model)
        assert set(s.practices["characterization"]) == chars
        assert s.maturity["maturity_level"].tolist() == [level]
        assert s.maturity["maturity_index"].tolist() == [float(level)]
