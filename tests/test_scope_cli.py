"""``--scope`` on ``maturity score`` and ``maturity gap``: a SCAMPI-style scope decision (a line
has no suppliers, so SAM is out of scope) reaches maturity.csv, and the report's line page shows
the out-of-scope areas beside the level."""

from __future__ import annotations

import pandas as pd

from maturity.cli import main
from maturity.datasets import data_path


def test_score_and_gap_take_scope_decisions(tmp_path):
    scope = tmp_path / "scope.csv"
    scope.write_text("business_line,process_area,scope,reason\n"
                     "bank-delivery,SAM,out of scope,no suppliers\n", encoding="utf-8")
    data = str(data_path("responses/2026-03.csv"))
    assert main(["score", data, "--model", "cmmi-dev-1.3", "--scope", str(scope),
                 "--out", str(tmp_path / "s"), "--quiet"]) == 0
    mat = pd.read_csv(tmp_path / "s" / "maturity.csv", dtype={"wave": str})
    row = mat.set_index("business_line").loc["bank-delivery"]
    # SAM is a level-2 area of CMMI-DEV: counted at or below the line's level, named with it
    assert row["n_out_of_scope"] >= 1
    assert "SAM (2)" in str(row["out_of_scope_areas"])
    assert main(["gap", data, "--model", "cmmi-dev-1.3", "--target",
                 str(data_path("targets.yaml")), "--scope", str(scope),
                 "--out", str(tmp_path / "g"), "--quiet"]) == 0
    backlog = pd.read_csv(tmp_path / "g" / "backlog.csv")
    # an out-of-scope area is never in the line's backlog
    assert not ((backlog["business_line"] == "bank-delivery")
                & (backlog["process_area"] == "SAM")).any()


def test_report_line_page_names_out_of_scope_areas(tmp_path):
    from maturity.deliverable import build_report

    paths = build_report(data_path("responses/2026-03.csv"), "cmmi-dev-1.3",
                         data_path("targets.yaml"), out_dir=tmp_path, pdf=False, formats="html")
    html = paths["html"].read_text(encoding="utf-8")
    # data-analytics answers SAM "not applicable" (no suppliers in the sample): SAM, level 2
    page = html[html.index('data-line="data-analytics"'):]
    page = page[: page.index("</article>")]
    assert "Out of scope (process area, level)<b>SAM (2)</b>" in page
