"""``maturity gap``: --quiet like the other commands that read answers, and nothing left out
silently (rejected rows in rejected.csv, lines without a target and rows cut by --top named in
the summary).

Model ``tests/data/models/tiny-staged.yaml``: PAs A, B at ML2, C at ML3; with
``default_level: 2`` the ML2 areas A and B are asked for CL2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest

from maturity.cli import _build_parser, main
from maturity.model.load import load_model

TINY = Path(__file__).parent / "data/models/tiny-staged.yaml"
M = load_model(TINY)


def _sub(cmd: str) -> argparse.ArgumentParser:
    return _build_parser()._subparsers._group_actions[0].choices[cmd]  # type: ignore[union-attr]


def _flags(cmd: str) -> set[str]:
    return {s for a in _sub(cmd)._actions for s in a.option_strings}


def test_every_command_with_a_progress_bar_takes_quiet():
    # the commands that read answers and show a progress bar by default take --quiet
    # (validate shows none unless asked: --progress)
    for cmd in ("score", "gap", "roadmap", "compare", "report"):
        assert "--quiet" in _flags(cmd), cmd
        quiet = next(a for a in _sub(cmd)._actions if "--quiet" in a.option_strings)
        assert quiet.help == "no progress bar" and quiet.default is False, cmd
    assert "--progress" in _flags("validate")


def test_demo_runs_every_reading_step_quietly_where_it_can(tmp_path):
    from maturity.commands.demo import demo_steps

    steps = dict(demo_steps(tmp_path))
    for name in ("score", "gap", "roadmap", "secure-dev", "report"):
        assert "--quiet" in steps[name], name


def _answers(path: Path, extra: str = "") -> Path:
    q = M.questions
    rows = []
    for line, weak in (("good", {}), ("weak", {"A.GP2.1": "1", "B.SP1.1": "1",
                                               "B.GP2.1": "2"}), ("spare", {})):
        for qq, pr in zip(q.question, q.practice, strict=True):
            rows.append(("2026-03", line, f"{line}-r1", qq, weak.get(pr, "4")))
    df = pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "question", "answer"])
    path.write_text(df.to_csv(index=False, lineterminator="\n") + extra, encoding="utf-8")
    return path


def _argv(tmp_path: Path, targets: str, *more: str, extra: str = "") -> list[str]:
    (tmp_path / "targets.yaml").write_text(targets, encoding="utf-8")
    return ["gap", str(_answers(tmp_path / "answers.csv", extra)), "--model", str(TINY),
            "--target", str(tmp_path / "targets.yaml"), "--out", str(tmp_path / "out"), *more]


def test_gap_quiet_shows_no_progress_bar_and_same_files(tmp_path, capsys):
    assert main(_argv(tmp_path, "default_level: 2\n", "--quiet")) == 0
    cap = capsys.readouterr()
    assert cap.err == ""
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["backlog.csv", "gaps.csv", "line_gaps.csv"]
    # weak: A at CL1 (A.GP2.1 PI), B at CL0 (B.SP1.1 NI) -> 2 of 6 targets not met
    assert "2 of 6 process-area targets not met" in cap.out
    assert "backlog (wave 2026-03): 3 items (3 practices blocking a target level)" in cap.out


def test_gap_writes_rejected_rows(tmp_path, capsys):
    bad = "2026-03,weak,weak-r1,NOT.A.QUESTION,3\n2026-03,weak,weak-r2,A.SP1.1.Q1,7\n"
    argv = _argv(tmp_path, "default_level: 2\n", "--quiet", extra=bad)
    assert main(argv) == 0
    cap = capsys.readouterr()
    out = tmp_path / "out"
    rejected = pd.read_csv(out / "rejected.csv", dtype=str, keep_default_na=False)
    assert len(rejected) == 2
    assert "2 answer rows rejected" in cap.err  # the warning, as before
    assert f"2 answer rows rejected: see {out}/rejected.csv" in cap.out
    assert f"{out}/rejected.csv" in cap.out.splitlines()


def test_gap_names_lines_without_target(tmp_path, capsys):
    # only weak has a target: good and spare are scored but absent from gaps and backlog
    assert main(_argv(tmp_path, "lines:\n  weak: 2\n", "--quiet")) == 0
    out = capsys.readouterr().out
    assert ("no target for 2 business line(s), so no rows in gaps.csv and backlog.csv: "
            "good, spare") in out
    gaps = pd.read_csv(tmp_path / "out" / "gaps.csv")
    assert set(gaps.business_line) == {"weak"}
    line_gaps = pd.read_csv(tmp_path / "out" / "line_gaps.csv")
    assert set(line_gaps.business_line) == {"good", "spare", "weak"}


def test_gap_warnings_are_one_line_each(tmp_path, capsys):
    # a target for a line that is not in the answers: gap_analysis warns; the command says so
    # on one line (not a Python warning with a source line)
    assert main(_argv(tmp_path, "default_level: 2\nlines:\n  retail: 3\n", "--quiet")) == 0
    err = capsys.readouterr().err
    assert err == ("maturity gap: warning: targets name business lines that are not in the "
                   "scores: ['retail']\n")


def test_gap_top_reports_what_it_cut(tmp_path, capsys):
    assert main(_argv(tmp_path, "default_level: 2\n", "--quiet", "--top", "1")) == 0
    out = capsys.readouterr().out
    assert ("backlog (wave 2026-03): 1 of 3 items kept (1 practice blocking a target level; "
            "--top 1 per line; 2 left out)") in out
    backlog = pd.read_csv(tmp_path / "out" / "backlog.csv")
    assert backlog["rank"].tolist() == [1]


@pytest.mark.parametrize("top", ["0", "-2"])
def test_gap_top_below_one_is_an_error(tmp_path, capsys, top):
    assert main(_argv(tmp_path, "default_level: 2\n", "--top", top)) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"maturity gap: error: --top must be at least 1; got {top}"
    assert not (tmp_path / "out").exists()
