"""``maturity report`` and ``maturity roadmap`` leave nothing out silently (warnings on stderr one
line each, rejected.csv / notes.csv like score and gap), and a closed stdout pipe ends any command
quietly.

Answers from ``test_cli_gap._answers`` (model ``tests/data/models/tiny-staged.yaml``, lines
good, weak, spare in wave 2026-03; with ``default_level: 2`` only weak has gaps).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_cli_gap import TINY, _answers

from maturity.cli import EXIT_BROKEN_PIPE, main

ROOT = Path(__file__).resolve().parents[1]
LINES = "business_line,group,headcount,complexity,customer_strictness\n"
RETAIL_WARNING = "targets name business lines that are not in the scores: ['retail']"
SPARE_WARNING = ("roadmap: no line attributes for spare; these lines are left out (add them to "
                 "the --lines file, column business_line)")


def _inputs(tmp_path: Path, extra: str = "") -> dict[str, str]:
    """Answers, a target that names a line not in them (retail) and a lines file without spare."""
    (tmp_path / "targets.yaml").write_text("default_level: 2\nlines:\n  retail: 3\n",
                                           encoding="utf-8")
    (tmp_path / "lines.csv").write_text(LINES + "good,G,10,2,1\nweak,G,20,3,0\n",
                                        encoding="utf-8")
    return {"data": str(_answers(tmp_path / "answers.csv", extra)),
            "target": str(tmp_path / "targets.yaml"), "lines": str(tmp_path / "lines.csv")}


def _argv(cmd: str, files: dict[str, str], out: Path, *more: str) -> list[str]:
    return [cmd, files["data"], "--model", str(TINY), "--target", files["target"],
            "--lines", files["lines"], "--out", str(out), "--quiet", *more]


# ------------------------------------------------------------------------------------------
# report

def test_report_prints_every_warning_one_line_each(tmp_path, monkeypatch, capsys):
    import maturity.report.pdf as pdf

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)  # the PDF warning too
    out = tmp_path / "out"
    assert main(_argv("report", _inputs(tmp_path), out)) == 0
    cap = capsys.readouterr()
    # the target for a line not in the answers and the line missing from the lines file were
    # recorded but not shown before; each once, not as a Python warning with a source line
    assert cap.err == (f"maturity report: warning: {RETAIL_WARNING}\n"
                       f"maturity report: warning: {SPARE_WARNING}\n")
    # the missing PDF stays on stdout, next to the files written
    out_lines = cap.out.splitlines()
    assert out_lines[0].startswith("PDF not written: no chromium")
    assert out_lines[1].startswith(
        "wrote charts/, maturity_report.docx, maturity_report.html, maturity_summary.pptx, "
        "maturity_report.xlsx")
    assert len(out_lines) == 2
    assert (out / "maturity_report.html").exists()


def test_report_without_warnings_prints_none(tmp_path, capsys):
    files = _inputs(tmp_path)
    (tmp_path / "targets.yaml").write_text("default_level: 2\n", encoding="utf-8")
    (tmp_path / "lines.csv").write_text(LINES + "good,G,10,2,1\nweak,G,20,3,0\nspare,G,5,1,0\n",
                                        encoding="utf-8")
    assert main(_argv("report", files, tmp_path / "out", "--no-pdf")) == 0
    cap = capsys.readouterr()
    assert cap.err == ""
    assert cap.out.startswith(
        "wrote charts/, maturity_report.docx, maturity_report.html, maturity_summary.pptx, "
        "maturity_report.xlsx")


# ------------------------------------------------------------------------------------------
# roadmap

def test_roadmap_warnings_one_line_each(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(_argv("roadmap", _inputs(tmp_path), out)) == 0
    cap = capsys.readouterr()
    assert cap.err == (f"maturity roadmap: warning: {RETAIL_WARNING}\n"
                       f"maturity roadmap: warning: {SPARE_WARNING}\n")
    assert "Traceback" not in cap.err and "MaturityWarning" not in cap.err
    # the summary names what the plan leaves out; roadmap.csv says why
    assert "roadmap: 30 answers scored; 1 of 3 business line(s) planned in 1 rollout wave(s)" \
        in cap.out
    assert "left out (2, reasons in roadmap.csv): good, spare" in cap.out
    rm = pd.read_csv(out / "roadmap.csv").set_index("business_line")
    assert rm.loc["spare", "reason"].startswith("Left out: the line has no attributes")
    assert sorted(p.name for p in out.iterdir()) == [
        "effort_value.png", "gantt.png", "phases.csv", "plan_notes.csv", "resource_loading.png",
        "roadmap.csv", "roadmap.xlsx", "roadmap_msproject.xml", "wave_totals.csv"]


def test_roadmap_writes_rejected_and_notes(tmp_path, capsys):
    # one unknown question, one answer out of the scale (both rejected); one full-width digit
    # (accepted, noted)
    extra = ("2026-03,weak,weak-r1,NOT.A.QUESTION,3\n"
             "2026-03,weak,weak-r2,A.SP1.1.Q1,7\n"
             "2026-03,good,good-r2,A.SP1.1.Q1,\uff14\n")
    out = tmp_path / "out"
    assert main(_argv("roadmap", _inputs(tmp_path, extra), out)) == 0
    cap = capsys.readouterr()
    rejected = pd.read_csv(out / "rejected.csv", dtype=str, keep_default_na=False)
    assert len(rejected) == 2
    assert set(rejected["row"]) == {"32", "33"}
    notes = pd.read_csv(out / "notes.csv", dtype=str, keep_default_na=False)
    assert len(notes) == 1 and notes.loc[0, "row"] == "34"
    assert "maturity roadmap: 2 answer rows rejected" in cap.err  # the count, as before
    assert f"2 answer rows rejected: see {out}/rejected.csv" in cap.out
    listed = cap.out.splitlines()
    assert f"{out}/rejected.csv" in listed and f"{out}/notes.csv" in listed
    assert "roadmap: 31 answers scored" in cap.out


def test_roadmap_error_after_warnings_keeps_them(tmp_path, monkeypatch, capsys):
    # warnings raised before a failure are still said, then the one-line error; no files
    import maturity.plan.roadmap
    from maturity.exceptions import InputError

    def fail(*args, **kwargs):  # noqa: ANN002, ANN003, ARG001
        raise InputError("lines.csv, row 2, column 'group': planning failed")

    monkeypatch.setattr(maturity.plan.roadmap, "plan_roadmap", fail)
    assert main(_argv("roadmap", _inputs(tmp_path), tmp_path / "out")) == 2
    assert capsys.readouterr().err == (
        f"maturity roadmap: warning: {RETAIL_WARNING}\n"
        "maturity roadmap: error: lines.csv, row 2, column 'group': planning failed\n")
    assert not (tmp_path / "out").exists()


def test_roadmap_other_warnings_shown_as_python_shows_them(tmp_path, monkeypatch, capsys):
    # only the toolkit's warnings become one-line messages; a RuntimeWarning (numpy, pandas)
    # goes to the warning machinery in force (here pytest's), once
    import warnings

    import maturity.plan.roadmap

    plan = maturity.plan.roadmap.plan_roadmap

    def noisy(*args, **kwargs):  # noqa: ANN002, ANN003
        warnings.warn("divide by zero", RuntimeWarning, stacklevel=1)
        return plan(*args, **kwargs)

    monkeypatch.setattr(maturity.plan.roadmap, "plan_roadmap", noisy)
    with pytest.warns(RuntimeWarning, match="divide by zero") as record:
        assert main(_argv("roadmap", _inputs(tmp_path), tmp_path / "out")) == 0
    assert len([w for w in record if w.category is RuntimeWarning]) == 1
    err = capsys.readouterr().err
    assert "divide by zero" not in err
    assert err.count("maturity roadmap: warning: ") == 2


# ------------------------------------------------------------------------------------------
# stdout closed by its reader (`maturity validate ... | head -1`)

def test_broken_pipe_ends_quietly(tmp_path):
    answers = _answers(tmp_path / "answers.csv")
    r, w = os.pipe()
    os.close(r)  # the reader is gone before the command writes a byte
    try:
        res = subprocess.run(
            [sys.executable, "-m", "maturity.cli", "validate", str(answers), "--model",
             str(TINY)],
            cwd=ROOT, stdout=w, stderr=subprocess.PIPE, text=True, timeout=300, check=False)
    finally:
        os.close(w)
    assert res.stderr == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert res.returncode == EXIT_BROKEN_PIPE == 141


def test_broken_pipe_in_process(monkeypatch, capsys):
    # stdout without a file descriptor (captured): still the exit code and nothing on stderr
    import maturity.commands.validate as validate

    def run(args):  # noqa: ANN001, ARG001
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(validate, "run", run)
    assert main(["validate", "x.csv", "--model", str(TINY)]) == EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""
