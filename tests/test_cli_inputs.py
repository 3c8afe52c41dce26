"""Issue 18's traps, closed: one set of input options, GBK files, every problem printed, filters,
messages in the reader's words, no tqdm warning, the checkout folder never imported by accident."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from _robust_data import TINY, answers

from maturity.cli import _build_parser, main
from maturity.ingest.responses import read_responses

ROOT = Path(__file__).resolve().parents[1]
READERS = ["validate", "score", "gap", "roadmap", "compare", "report"]


def _gbk_csv(path: Path) -> Path:
    """Excel's 'CSV (逗号分隔)' on Chinese Windows: GBK bytes, Chinese line names."""
    df = answers().replace({"business_line": {"retail": "零售", "bank": "银行"}})
    path.write_bytes(df.to_csv(index=False, lineterminator="\r\n").encode("gbk"))
    return path


@pytest.mark.parametrize("cmd", READERS)
def test_every_command_that_reads_answers_takes_the_shared_options(cmd):
    extra = {"gap": ["--target", "t"], "roadmap": ["--target", "t", "--lines", "l"]}.get(cmd, [])
    out = [] if cmd == "validate" else ["--out", "o"]
    args = _build_parser().parse_args(
        [cmd, "data", "--model", "m", *extra, *out, "--encoding", "auto", "--max-bytes", "5",
         "--workers", "2"])
    assert (args.encoding, args.max_bytes, args.workers) == ("auto", 5, 2)


@pytest.mark.parametrize("cmd", ["score", "gap", "roadmap", "compare", "report"])
def test_business_line_filter_where_it_makes_sense(cmd):
    extra = {"gap": ["--target", "t"], "roadmap": ["--target", "t", "--lines", "l"]}.get(cmd, [])
    args = _build_parser().parse_args([cmd, "d", "--model", "m", "--out", "o", *extra,
                                       "--business-line", "a", "--business-line", "b"])
    assert args.business_lines == ["a", "b"]


def test_gbk_file_refused_with_the_exact_flag(tmp_path, capsys):
    data = _gbk_csv(tmp_path / "answers.csv")
    code = main(["score", str(data), "--model", str(TINY), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert "--encoding gb18030" in err and "--encoding auto" in err
    assert "encoding='" not in err  # no Python syntax for a CLI user


def test_gbk_file_read_with_encoding_auto_and_a_note(tmp_path, capsys):
    data = _gbk_csv(tmp_path / "answers.csv")
    code = main(["score", str(data), "--model", str(TINY), "--out", str(tmp_path / "o"),
                 "--encoding", "auto", "--quiet"])
    cap = capsys.readouterr()
    assert code == 0
    assert "decoded as GB18030" in cap.err
    lines = set(pd.read_csv(tmp_path / "o" / "maturity.csv")["business_line"])
    assert lines == {"零售", "银行"}
    notes = pd.read_csv(tmp_path / "o" / "notes.csv")
    assert notes["message"].str.contains("decoded as GB18030").any()


def test_python_users_get_keyword_arguments(tmp_path):
    data = _gbk_csv(tmp_path / "answers.csv")
    msg = read_responses(data, TINY).rejected["message"].iloc[0]
    assert "encoding='gb18030'" in msg and "--encoding" not in msg
    res = read_responses(data, TINY, encoding="auto")
    assert len(res.responses) == len(answers()) and res.rejected.empty
    big = read_responses(data, TINY, max_bytes=10).rejected["message"].iloc[0]
    assert "max_bytes=" in big and "--max-bytes" not in big


def test_cli_users_get_flags_for_max_bytes(tmp_path, capsys):
    data = tmp_path / "a.csv"
    answers().to_csv(data, index=False)
    assert main(["score", str(data), "--model", str(TINY), "--out", str(tmp_path / "o"),
                 "--max-bytes", "100"]) == 2
    err = capsys.readouterr().err
    assert "--max-bytes" in err and "max_bytes" not in err


def test_every_problem_is_printed_not_a_python_attribute(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nname: x\nlevels: [{level: one}]\nprocess_areas: [7, 8]\n",
                   encoding="utf-8")
    assert main(["score", "x.csv", "--model", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert ".failures" not in err
    # version missing, levels[0].level invalid, process_areas[0] and [1] not mappings
    assert "4 problems:" in err
    for key in ("version", "levels[0].level", "process_areas[0]", "process_areas[1]"):
        assert key in err


def test_past_the_limit_problems_go_to_a_named_file(tmp_path, capsys, monkeypatch):
    import maturity.cli as cli

    monkeypatch.setattr(cli, "MAX_PROBLEM_LINES", 2)
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nname: x\nlevels: [{level: one}]\nprocess_areas: [7, 8]\n",
                   encoding="utf-8")
    assert main(["score", "x.csv", "--model", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "2 more problems; all 4 are in maturity-score-problems.csv" in err
    assert len(pd.read_csv(tmp_path / "maturity-score-problems.csv")) == 4


def test_business_line_and_wave_filters(tmp_path, capsys):
    data = tmp_path / "a.csv"
    answers().to_csv(data, index=False)
    out = tmp_path / "o"
    assert main(["score", str(data), "--model", str(TINY), "--out", str(out), "--quiet",
                 "--business-line", "bank", "--wave", "2025-09"]) == 0
    m = pd.read_csv(out / "maturity.csv", dtype=str)
    assert m[["wave", "business_line"]].values.tolist() == [["2025-09", "bank"]]
    capsys.readouterr()
    assert main(["score", str(data), "--model", str(TINY), "--out", str(tmp_path / "o2"),
                 "--business-line", "Bank"]) == 2
    err = capsys.readouterr().err
    assert "--business-line 'Bank' (did you mean 'bank'?)" in err


def test_missing_lines_of_the_lines_file_are_named(tmp_path, capsys):
    data = tmp_path / "a.csv"
    answers().to_csv(data, index=False)
    (tmp_path / "t.yaml").write_text("default_level: 3\n", encoding="utf-8")
    (tmp_path / "l.csv").write_text(
        "business_line,group,headcount,complexity,customer_strictness\nretail,G,10,2,1\n",
        encoding="utf-8")
    assert main(["roadmap", str(data), "--model", str(TINY), "--target", str(tmp_path / "t.yaml"),
                 "--lines", str(tmp_path / "l.csv"), "--out", str(tmp_path / "o"),
                 "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "no line attributes for bank" in err and "--lines file" in err


def test_no_tqdm_warning_in_a_kernel_without_widgets(tmp_path):
    # a Jupyter kernel without ipywidgets: tqdm.auto would warn "IProgress not found" on import
    code = f"""
import sys, types, warnings
warnings.simplefilter("error")
ipy = types.ModuleType("IPython")
class Shell:
    config = {{"IPKernelApp": {{}}}}
ipy.get_ipython = lambda: Shell()
sys.modules["IPython"] = ipy
sys.modules["ipywidgets"] = None  # not installed
import maturity
from maturity._bars import progress_bar
read = maturity.read_responses({str(ROOT / 'data' / 'responses')!r}, "cmmi-dev-1.3",
                               progress=False)
bar = progress_bar(2, desc="x", enabled=True)
bar.update(1); bar.close()
print(type(bar).__module__, "tqdm.auto" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["tqdm.std", "False"]


def test_a_folder_named_like_the_package_next_to_a_notebook_is_not_imported(tmp_path):
    # a notebook in the folder that holds the clone (cloned as "maturity/"): `import maturity`
    # must still be the package, not the checkout folder as an empty namespace package
    (tmp_path / "maturity").symlink_to(ROOT, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [sys.executable, "-c", "import maturity; print(maturity.load_model('pmo-process').id)"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0 and out.stdout.split() == ["pmo-process"], (
        "`import maturity` took the checkout folder: install with `make install` (editable, "
        "compat mode: pip install -e . --config-settings editable_mode=compat)\n" + out.stderr)


# --- issue 15 remainder: --merge-ids on every command that reads answers -------------------------

def _case_variants_csv(path: Path) -> Path:
    """The retail line spelled 'retail' and, in one respondent's rows, 'Retail'."""
    df = answers()
    df.loc[df["respondent"].eq("retail-r0"), "business_line"] = "Retail"
    df.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("cmd", READERS)
def test_every_command_that_reads_answers_takes_merge_ids(cmd):
    extra = {"gap": ["--target", "t"], "roadmap": ["--target", "t", "--lines", "l"]}.get(cmd, [])
    out = [] if cmd == "validate" else ["--out", "o"]
    parse = _build_parser().parse_args
    assert parse([cmd, "data", "--model", "m", *extra, *out, "--merge-ids"]).merge_ids is True
    assert parse([cmd, "data", "--model", "m", *extra, *out]).merge_ids is False


def test_merge_ids_reaches_read_responses(tmp_path, capsys):
    data = _case_variants_csv(tmp_path / "answers.csv")
    assert main(["score", str(data), "--model", str(TINY), "--out", str(tmp_path / "a"),
                 "--quiet"]) == 0
    refused = pd.read_csv(tmp_path / "a" / "rejected.csv")
    assert refused["message"].str.contains("merge_ids=True", regex=False).any()
    assert main(["score", str(data), "--model", str(TINY), "--out", str(tmp_path / "b"),
                 "--quiet", "--merge-ids"]) == 0
    assert not (tmp_path / "b" / "rejected.csv").exists()
    notes = pd.read_csv(tmp_path / "b" / "notes.csv")
    assert notes["message"].str.contains("merged into 'retail'", regex=False).any()
    maturity = pd.read_csv(tmp_path / "b" / "maturity.csv")
    # every answer of the line scored under one spelling, as read_responses(merge_ids=True) does
    api = read_responses(data, TINY, merge_ids=True)
    assert sorted(maturity["business_line"].unique()) == sorted(
        api.responses["business_line"].astype(str).unique())
    capsys.readouterr()


def test_merge_ids_help_is_in_the_catalogue():
    from maturity.i18n import catalogue, language

    with language("zh"):
        parser = _build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    score = sub.choices["score"]
    flag = next(a for a in score._actions if "--merge-ids" in a.option_strings)
    assert flag.help in catalogue("zh").values() and "合并" in flag.help
