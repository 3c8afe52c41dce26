"""``maturity gap`` and ``maturity roadmap`` with an answer-only targets file (issue 14, item 6):
the backlog is not empty and the roadmap plans the line.

Hand-worked (the OWASP SAMM blog example, owaspsamm.org 2025-01-21, as in
tests/test_answer_backlog.py): web answers SB.A.1 0.25, SB.B.1 1, everything else 0; target
SB.A.1 1, SB.A.2 1, SB.B.2 0.5 -> backlog SB.A.2 (gap 1, priority 0.75), SB.A.1 (0.75,
0.6375), SB.B.2 (0.5, 0.525); effort 2 + 1 + 2 = 5 points.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from maturity.cli import main
from maturity.model.load import load_model

M = load_model("secure-dev")
TARGET_YAML = "practices:\n  SB.A.1: 1\n  SB.A.2: 1\n  SB.B.2: Yes, for at least half\n"
TARGET_CSV = "business_line,practice,target\n*,SB.A.1,1\n,SB.A.2,1\nweb,SB.B.2,0.5\n"


def _answers(path: Path) -> Path:
    now = {"SB.A.1": "0.25", "SB.B.1": "1"}
    rows = [("2026-03", "web", "web-r1", q, now.get(p, "0"))
            for q, p in zip(M.questions.question, M.questions.practice, strict=True)]
    df = pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "question", "answer"])
    path.write_text(df.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "text"), [("targets.yaml", TARGET_YAML),
                                            ("targets.csv", TARGET_CSV)])
def test_gap_with_answer_only_targets_writes_a_backlog(tmp_path, capsys, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    argv = ["gap", str(_answers(tmp_path / "answers.csv")), "--model", "secure-dev",
            "--target", str(tmp_path / name), "--out", str(tmp_path / "out"), "--quiet"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert ("backlog (wave 2026-03): 3 items (3 practices below their target answer)"
            in out)  # not "blocking practices": no level target here
    b = pd.read_csv(tmp_path / "out" / "backlog.csv")
    assert b["practice"].tolist() == ["SB.A.2", "SB.A.1", "SB.B.2"]
    assert b["priority"].tolist() == pytest.approx([0.75, 0.6375, 0.525])
    assert b["target_kind"].tolist() == ["answer"] * 3
    lg = pd.read_csv(tmp_path / "out" / "line_gaps.csv")
    assert lg[["effort", "n_answer_gaps"]].iloc[0].tolist() == [5, 3]


def test_roadmap_with_answer_only_targets_plans_the_line(tmp_path, capsys):
    (tmp_path / "targets.yaml").write_text(
        TARGET_YAML + "phases:\n  - name: p1\n    end: 2026Q3\n    practices: {SB.A.1: 1}\n",
        encoding="utf-8")
    (tmp_path / "lines.csv").write_text(
        "business_line,group,headcount,complexity,customer_strictness\nweb,g,50,2,3\n",
        encoding="utf-8")
    argv = ["roadmap", str(_answers(tmp_path / "answers.csv")), "--model", "secure-dev",
            "--target", str(tmp_path / "targets.yaml"), "--lines", str(tmp_path / "lines.csv"),
            "--out", str(tmp_path / "out"), "--quiet", "--country", "none"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "1 of 1 business line(s) planned" in out
    rm = pd.read_csv(tmp_path / "out" / "roadmap.csv")
    assert rm[["n_backlog", "backlog_effort"]].iloc[0].tolist() == [3, 5]
    assert rm["focus"].iloc[0] == "SB"
    tp = pd.read_csv(tmp_path / "out" / "target_phases.csv")
    # p1 (SB.A.1 -> 1) first in the backlog, then the target posture's SB.A.2, SB.B.2
    assert tp[["phase", "n_practices", "effort_points"]].values.tolist() == [
        ["p1", 1, 1], ["target", 2, 4]]
    assert bool(tp["meets"].iloc[0]) is True


PHASED_YAML = TARGET_YAML + (
    "phases:\n  - name: quick\n    end: 2026-06-30\n    practices: {SB.A.1: 0.5}\n"
    "  - name: full\n    end: 2026-12-31\n    practices: {SB.A.1: 1, SB.A.2: 1}\n")


@pytest.mark.parametrize(("language", "sheet", "header", "target"), [
    ("en", "target_phases", "percent_to_target", "target"),
    ("zh", "按阶段的目标答案", "目标完成度", "目标")])
def test_report_workbook_has_the_target_phases(tmp_path, language, sheet, header, target):
    """The report workbook carries the target answers by phase (as the HTML section does): by
    hand, web answers SB.A.1 0.25 and SB.A.2 0 -> quick (SB.A.1 0.5): 0.25 of 0.5, gap 0.25,
    50%; full (SB.A.1 1, SB.A.2 1): 0.25 of 2, gap 1.75, 12.5%; the target itself (and SB.B.2
    0.5): 0.25 of 2.5, gap 2.25, 10%."""
    import openpyxl

    (tmp_path / "t.yaml").write_text(PHASED_YAML, encoding="utf-8")
    out = tmp_path / language
    assert main(["report", str(_answers(tmp_path / "a.csv")), "--model", "secure-dev",
                 "--target", str(tmp_path / "t.yaml"), "--language", language,
                 "--formats", "xlsx", "--no-pdf", "--out", str(out), "--quiet"]) == 0
    wb = openpyxl.load_workbook(out / "maturity_report.xlsx", read_only=True)
    assert wb.sheetnames[-1] == sheet
    rows = list(wb[sheet].iter_rows(values_only=True))
    head = list(rows[0])
    got = {r[0]: [r[head.index(c)] for c in head[5:9]] for r in rows[1:]}
    assert header in head
    assert got == {"quick": [0.5, 0.25, 0.25, 0.5], "full": [2, 0.25, 1.75, 0.125],
                   target: [2.5, 0.25, 2.25, 0.1]}
