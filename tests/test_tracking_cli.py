"""``maturity roadmap --log`` and ``maturity template --log`` (issue 22) on the sample's follow-up.

Expected statuses come from the seed practice as the sample log encodes it
(data/make_followup.py): government-projects passed 4/5 and closed its checkpoint findings,
insurance-solutions failed 3/5 then passed a retest 5/5; both reviewed by 2026-08-28; the
rollout wave 2 lines wait for wave 1's benefit.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from maturity import datasets


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    d = tmp_path_factory.mktemp("answers")
    for w in datasets.WAVES:
        shutil.copy(datasets.data_path(f"responses/{w}.csv"), d / f"{w}.csv")
    shutil.copy(datasets.followup_responses_path(), d / "2026-09.csv")
    return d


def _run(answers, out, *extra):
    from maturity.cli import main

    argv = ["roadmap", str(answers), "--model", "cmmi-dev-1.3",
            "--target", str(datasets.data_path("targets.yaml")),
            "--lines", str(datasets.data_path("business_lines.csv")),
            "--swot", str(datasets.data_path("swot.csv")),
            "--log", str(datasets.followup_log_path()), "--out", str(out), "--quiet", *extra]
    return main(argv)


@pytest.fixture(scope="module")
def status_dir(answers, tmp_path_factory):
    out = tmp_path_factory.mktemp("o") / "o"
    assert _run(answers, out, "--as-of", "2026-08-31") == 0
    return out


def test_roadmap_log_writes_the_status_files(status_dir):
    r = pd.read_csv(status_dir / "roadmap.csv", keep_default_na=False)
    assert "status" in r.columns
    st = dict(zip(r["business_line"], r["status"], strict=True))
    # wave 1 reviewed (2026-05-29, 2026-08-28); wave 2 held: no survey wave after the pilots
    # by 2026-08-31 (2026-09 starts 09-01), so benefit is not yet shown
    assert st["government-projects"] == st["insurance-solutions"] == "done"
    assert st["data-analytics"] == "held"
    assert set(r["status"]) <= {"", "planned", "in progress", "done", "late", "blocked", "held"}
    ph = pd.read_csv(status_dir / "phases.csv", keep_default_na=False)
    for c in ("planned_start", "planned_end", "actual_start", "actual_end", "status"):
        assert c in ph.columns
    gov = ph[(ph["business_line"] == "government-projects")]
    assert gov.loc[gov["phase"] == "co-design", ["actual_start", "actual_end"]].values.tolist() \
        == [["2026-03-30", "2026-04-02"]]  # the workshop, closed by the sign-off
    g = pd.read_csv(status_dir / "gates.csv", keep_default_na=False)
    assert list(g.columns) == ["business_line", "gate", "status", "date", "reason"]
    held = g[g["gate"] == "rollout wave 2"]
    assert held["status"].tolist() == ["held"]
    assert "benefit not yet shown" in held["reason"].iloc[0]
    s = pd.read_csv(status_dir / "standard.csv", keep_default_na=False)
    assert list(s.columns) == ["process_area", "practice", "candidate", "n_lines", "share",
                               "lines"]
    assert set(s["candidate"]) <= {"standard", "tailoring"}
    assert (status_dir / "gantt_status.png").stat().st_size > 0


def test_failed_test_blocks_the_pilot_until_the_retest(answers, tmp_path):
    out = tmp_path / "o"
    assert _run(answers, out, "--as-of", "2026-04-17") == 0  # after the 3/5, before the retest
    g = pd.read_csv(out / "gates.csv", keep_default_na=False)
    ins = g[g["business_line"] == "insurance-solutions"].set_index("gate")
    assert ins.loc["training_test", "status"] == "failed"
    assert "3/5" in ins.loc["training_test", "reason"]
    assert ins.loc["pilot", "status"] == "blocked"
    r = pd.read_csv(out / "roadmap.csv", keep_default_na=False).set_index("business_line")
    assert r.loc["insurance-solutions", "status"] == "blocked"


def test_status_files_deterministic(answers, status_dir, tmp_path):
    out = tmp_path / "again"
    assert _run(answers, out, "--as-of", "2026-08-31") == 0
    for name in ("roadmap.csv", "phases.csv", "gates.csv", "standard.csv"):
        assert (out / name).read_bytes() == (status_dir / name).read_bytes(), name


def test_bad_log_exits_2_with_a_located_error(answers, tmp_path, capsys):
    bad = tmp_path / "log.csv"
    bad.write_text("business_line,event,date,value,note\nbank,training_test,2026-04-10,4 of 5,\n",
                   encoding="utf-8")
    from maturity.cli import main

    code = main(["roadmap", str(answers), "--model", "cmmi-dev-1.3",
                 "--target", str(datasets.data_path("targets.yaml")),
                 "--lines", str(datasets.data_path("business_lines.csv")),
                 "--log", str(bad), "--out", str(tmp_path / "o"), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert "row 2" in err and "value" in err and "passed/tested" in err


def test_template_log(tmp_path):
    from maturity.cli import main
    from maturity.plan.tracking import read_log

    assert main(["template", "--log", "--out", str(tmp_path / "log.csv")]) == 0
    assert read_log(tmp_path / "log.csv").events["event"].tolist()[:2] == ["codesign",
                                                                           "signoff"]
    assert main(["template", "--log", "--language", "zh", "--out",
                 str(tmp_path / "zh.xlsx")]) == 0
    head = pd.read_excel(tmp_path / "zh.xlsx").columns.tolist()
    assert head == ["业务线", "事件", "日期", "值", "备注"]
    assert len(read_log(tmp_path / "zh.xlsx").events) == 7


def test_report_log_adds_the_rollout_status_section(answers, tmp_path):
    from maturity.cli import main

    out = tmp_path / "r"
    assert main(["report", str(answers), "--model", "cmmi-dev-1.3",
                 "--target", str(datasets.data_path("targets.yaml")),
                 "--lines", str(datasets.data_path("business_lines.csv")),
                 "--swot", str(datasets.data_path("swot.csv")),
                 "--log", str(datasets.followup_log_path()), "--as-of", "2026-09-30",
                 "--formats", "xlsx,html,docx", "--out", str(out), "--quiet"]) == 0
    html = (out / "maturity_report.html").read_text(encoding="utf-8")
    assert 'id="rollout-status"' in html and "Rollout status" in html
    assert "Gates not passed" in html and "Standard candidates" in html
    assert "benefit not yet shown" in html
    import openpyxl

    names = openpyxl.load_workbook(out / "maturity_report.xlsx", read_only=True).sheetnames
    assert {"rollout_status", "gates", "standard"} <= set(names)
    import docx

    text = "\n".join(p.text for p in docx.Document(out / "maturity_report.docx").paragraphs)
    assert "Rollout status" in text


def test_report_log_in_chinese(answers, tmp_path):
    from maturity.cli import main

    out = tmp_path / "zh"
    assert main(["report", str(answers), "--model", "cmmi-dev-1.3",
                 "--target", str(datasets.data_path("targets.yaml")),
                 "--lines", str(datasets.data_path("business_lines.csv")),
                 "--log", str(datasets.followup_log_path()), "--language", "zh",
                 "--formats", "html", "--out", str(out), "--quiet"]) == 0
    html = (out / "maturity_report.html").read_text(encoding="utf-8")
    assert "推广状态" in html and "未通过的关口" in html and "标准候选" in html
