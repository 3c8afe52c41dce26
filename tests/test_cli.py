"""Every CLI command: ``--help``, and bad input -> exit code 2 with one line on stderr.

The contract (``maturity/cli.py``): an error of the toolkit ends the program with exit code 2
and one line ``maturity <cmd>: error: <reason>`` on stderr (then every problem, when there are
several), the reason naming the file
(and the row / column or the YAML key path where there is one) -- never a traceback. Each bad
input is given to every command that reads that kind of file: answers (``DATA``), the model
(``--model``), SWOT factors, the target profile, the business-line attributes.

Most cases call :func:`maturity.cli.main` in-process (fast); a few run ``python -m
maturity.cli`` in a subprocess to check the real process exit codes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from _robust_data import TINY, argv, write_inputs

from maturity.cli import COMMANDS, _build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def _available() -> list[str]:
    sub = _build_parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
    return [c for c in COMMANDS if c in sub.choices]


AVAILABLE = _available()
#: Commands reading each kind of input (the ones not yet written are skipped).
READERS = {
    "data": ["validate", "score", "gap", "roadmap", "compare", "report"],
    "model": ["validate", "score", "template", "gap", "roadmap", "compare", "report"],
    "swot": ["swot", "gap", "roadmap", "report"],
    "targets": ["gap", "roadmap", "report"],
    "lines": ["roadmap", "report"],
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return write_inputs(tmp_path_factory.mktemp("inputs"))


# ------------------------------------------------------------------------------------------
# bad files, one builder each: (name, slot, builder(dir) -> path, words the message must hold)

def _model_text(edit) -> str:  # noqa: ANN001
    raw = yaml.safe_load(TINY.read_text(encoding="utf-8"))
    edit(raw)
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)


def _dup_ids(raw: dict) -> None:
    raw["process_areas"][1]["id"] = "A"


def _no_question(raw: dict) -> None:
    del raw["process_areas"][0]["goals"][0]["practices"][1]["questions"]


def _bad_level(raw: dict) -> None:
    raw["process_areas"][2]["level"] = 7


def _unknown_scale(raw: dict) -> None:
    raw["process_areas"][1]["goals"][0]["practices"][0]["questions"][0]["scale"] = "nope"


def _file(name: str, content: str | bytes):  # noqa: ANN202
    def make(d: Path) -> Path:
        p = d / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
        return p
    return make


def _model(name: str, edit):  # noqa: ANN001, ANN202
    return _file(name, _model_text(edit))


def _emptydir(d: Path) -> Path:
    p = d / "no_answers"
    p.mkdir()
    (p / "readme.txt").write_text("nothing here", encoding="utf-8")
    return p


BINARY = bytes(range(256)) * 4 + b"\x00\xff\xfe"
SWOT_HEADER = "business_line,quadrant,factor,weight,rating\n"
SWOT_OK_EXTERNAL = "retail,O,bank clients,0.5,3\nretail,T,price war,0.5,2\n"
LINES_HEADER = "business_line,group,headcount,complexity,customer_strictness\n"

BAD = [
    # answers
    ("missing_path", "data", lambda d: d / "does_not_exist.csv", ["no such file"]),
    ("empty_file", "data", _file("empty.csv", b""), ["empty file"]),
    ("binary_csv", "data", _file("binary.csv", BINARY), ["not UTF-8"]),
    ("no_answer_files", "data", _emptydir, ["no .csv or .xlsx answer file"]),
    # model
    ("unknown_model_id", "model", lambda d: "no-such-model", ["unknown model 'no-such-model'",
                                                              "known models"]),
    ("model_path_missing", "model", lambda d: d / "missing.yaml", ["model file not found"]),
    ("model_bad_syntax", "model", _file("syntax.yaml", "id: x\n  name: [y\n"),
     ["line 2", "not valid YAML"]),
    ("model_duplicate_ids", "model", _model("dup.yaml", _dup_ids),
     ["process_areas[1].id", "duplicate process area id 'A'"]),
    ("model_practice_without_question", "model", _model("noq.yaml", _no_question),
     ["process_areas[0].goals[0].practices[1].questions", "'A.SP1.2' has no question"]),
    ("model_level_does_not_exist", "model", _model("level.yaml", _bad_level),
     ["process_areas[2].level", "level that does not exist", "found '7'"]),
    # questions nest under their practice in this schema, so a question cannot name an unknown
    # practice; the reference a question does make is to a scale
    ("model_question_unknown_scale", "model", _model("scale.yaml", _unknown_scale),
     ["process_areas[1].goals[0].practices[0].questions[0].scale", "unknown scale", "'nope'"]),
    ("model_python_tag", "model",
     _file("evil.yaml", "!!python/object/apply:os.system ['echo pwned']\n"),
     ["not valid YAML", "python/object/apply"]),
    ("model_not_utf8", "model", _file("latin.yaml", "id: caf\xe9\n".encode("latin-1")),
     ["not UTF-8"]),
    ("model_not_a_mapping", "model", _file("list.yaml", "- a\n- b\n"),
     ["(top level)", "not a mapping"]),
    # SWOT
    ("swot_missing_path", "swot", lambda d: d / "no_swot.csv", ["no_swot.csv"]),
    ("swot_weights_not_1", "swot",
     _file("w.csv", SWOT_HEADER + "retail,S,staff,0.5,4\nretail,W,metrics,0.2,1\n"
           + SWOT_OK_EXTERNAL), ["row 2", "column 'weight'", "sum to 0.7"]),
    ("swot_rating_5", "swot",
     _file("r.csv", SWOT_HEADER + "retail,S,staff,0.6,5\nretail,W,metrics,0.4,1\n"
           + SWOT_OK_EXTERNAL), ["row 2", "column 'rating'", "'5'"]),
    ("swot_unknown_quadrant", "swot",
     _file("q.csv", SWOT_HEADER + "retail,S,staff,0.6,4\nretail,X,metrics,0.4,1\n"
           + SWOT_OK_EXTERNAL), ["row 3", "column 'quadrant'", "'X'"]),
    ("swot_empty_file", "swot", _file("empty_swot.csv", b""), ["empty"]),
    ("swot_binary_csv", "swot", _file("binary_swot.csv", BINARY), ["cannot read"]),
    ("swot_bad_yaml", "swot", _file("swot.yaml", "- {business_line: a, factor: [\n"),
     ["line", "cannot read"]),
    ("swot_not_a_workbook", "swot", _file("swot.xlsx", SWOT_HEADER), ["cannot read"]),
    # targets
    ("targets_missing_path", "targets", lambda d: d / "no_targets.yaml", ["not found"]),
    ("targets_unknown_pa", "targets", _file("pa.yaml", "process_areas: {ZZZ: 2}\n"),
     ["key 'process_areas.ZZZ'", "'ZZZ'"]),
    ("targets_level_out_of_range", "targets", _file("lvl.yaml", "default_level: 9\n"),
     ["key 'default_level'", "'9'"]),
    ("targets_csv_level_out_of_range", "targets",
     _file("lvl.csv", "business_line,process_area,target_level\nretail,A,7\n"),
     ["row 2", "column 'target_level'", "'7'"]),
    ("targets_not_yaml", "targets", _file("bad.yaml", "default_level: [2\n"),
     ["line 2", "not valid YAML"]),
    ("targets_empty_file", "targets", _file("empty_targets.csv", b""), ["empty"]),
    ("targets_binary_csv", "targets", _file("binary_targets.csv", BINARY),
     ["not a readable UTF-8 CSV"]),
    # business-line attributes
    ("lines_missing_path", "lines", lambda d: d / "no_lines.csv", ["no_lines.csv"]),
    ("lines_complexity_9", "lines",
     _file("c9.csv", LINES_HEADER + "retail,g1,20,2,3\nbank,g2,60,9,0\n"),
     ["row 3", "column 'complexity'", "'9'"]),
    ("lines_missing_column", "lines",
     _file("mc.csv", "business_line,group,headcount,customer_strictness\nretail,g1,20,3\n"),
     ["column 'complexity'", "column missing"]),
    ("lines_empty_file", "lines", _file("empty_lines.csv", b""), ["empty"]),
    ("lines_binary_csv", "lines", _file("binary_lines.csv", BINARY),
     ["not a readable UTF-8 CSV"]),
    ("lines_not_a_workbook", "lines", _file("lines.xlsx", LINES_HEADER),
     ["not a readable xlsx workbook"]),
]

CASES = [pytest.param(name, slot, make, words, cmd, id=f"{cmd}-{name}")
         for name, slot, make, words in BAD for cmd in READERS[slot] if cmd in AVAILABLE]

_SLOT_FLAG = {"model": "--model", "swot": "--swot", "targets": "--target", "lines": "--lines"}


def _replace(args: list[str], cmd: str, slot: str, path: str) -> list[str]:
    args = list(args)
    if slot == "data" or (slot == "swot" and cmd == "swot"):
        args[1] = path
    else:
        args[args.index(_SLOT_FLAG[slot]) + 1] = path
    return args


def _one_error_line(err: str, cmd: str) -> str:
    """The error line; when the error has several problems, they follow it (issue 18: the CLI
    prints every problem instead of pointing to a Python attribute)."""
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines[0].startswith(f"maturity {cmd}: error: "), lines[0]
    assert ".failures" not in lines[0], lines[0]
    if len(lines) > 1:
        assert re.fullmatch(rf"maturity {cmd}: \d+ problems:", lines[1]), err
        assert all(ln.startswith("  ") for ln in lines[2:]), err
        assert int(lines[1].split()[2]) == len(lines) - 2, err
    return lines[0]


@pytest.mark.parametrize("cmd", [c for c in READERS["model"] + ["swot"] if c in AVAILABLE])
def test_base_inputs_work(cmd, inputs, tmp_path, capsys):
    """The good inputs the bad cases start from run cleanly (so a failure is the bad file's)."""
    assert main(argv(cmd, inputs, tmp_path / "out")) == 0, capsys.readouterr().err


@pytest.mark.parametrize(("name", "slot", "make", "words", "cmd"), CASES)
def test_bad_input_exits_2_with_one_line(name, slot, make, words, cmd, inputs, tmp_path, capsys):
    bad = make(tmp_path)
    out = tmp_path / "out"
    code = main(_replace(argv(cmd, inputs, out), cmd, slot, str(bad)))
    line = _one_error_line(capsys.readouterr().err, cmd)
    assert code == 2
    if slot != "model" or name != "unknown_model_id":
        assert str(bad) in line, line  # names the file
    for w in words:
        assert w in line, (w, line)
    assert not out.exists() or not any(p for p in out.rglob("*") if p.is_file()), \
        "a failed run must not write output files"


# ------------------------------------------------------------------------------------------
# --help

@pytest.mark.parametrize("cmd", AVAILABLE)
def test_help(cmd, capsys):
    with pytest.raises(SystemExit) as info:
        main([cmd, "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: maturity {cmd}")
    sub = _build_parser()._subparsers._group_actions[0].choices[cmd]  # type: ignore[union-attr]
    for action in sub._actions:
        names = action.option_strings or [action.metavar or action.dest]
        assert any(n in text for n in names), (cmd, names)


def test_top_level_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for cmd in AVAILABLE:
        assert cmd in text


def test_usage_errors_exit_2(capsys):
    """argparse's own usage errors (unknown command, missing required option) also exit 2."""
    for args in (["no-such-command"], ["score"], ["swot"]):
        with pytest.raises(SystemExit) as info:
            main(args)
        assert info.value.code == 2
        assert "Traceback" not in capsys.readouterr().err


# ------------------------------------------------------------------------------------------
# real processes

def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "maturity.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_process_help_exit_0():
    res = _run("--help")
    assert res.returncode == 0 and "COMMAND" in res.stdout


def test_process_missing_data_exit_2(tmp_path):
    missing = tmp_path / "nope.csv"
    res = _run("score", str(missing), "--model", str(TINY), "--out", str(tmp_path / "o"),
               "--quiet")
    assert res.returncode == 2
    assert str(missing) in _one_error_line(res.stderr, "score")


def test_process_broken_model_exit_2(tmp_path, inputs):
    bad = _model("dup.yaml", _dup_ids)(tmp_path)
    res = _run("validate", str(inputs["answers"]), "--model", str(bad))
    assert res.returncode == 2
    line = _one_error_line(res.stderr, "validate")
    assert str(bad) in line and "process_areas[1].id" in line


def test_process_binary_swot_exit_2(tmp_path):
    bad = _file("b.csv", BINARY)(tmp_path)
    res = _run("swot", str(bad), "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert str(bad) in _one_error_line(res.stderr, "swot")


def test_process_validate_strict_exit_codes(tmp_path, inputs):
    clean = _run("validate", str(inputs["answers"]), "--model", str(TINY), "--strict")
    assert clean.returncode == 0, clean.stderr
    text = inputs["answers"].read_text(encoding="utf-8")
    dirty = tmp_path / "dirty.csv"
    dirty.write_text(text + "2025-03,retail,retail-r0,NOT.A.QUESTION,3,x,y\r\n", encoding="utf-8")
    res = _run("validate", str(dirty), "--model", str(TINY), "--strict")
    assert res.returncode == 1
    assert "rejected:         1" in res.stdout
    assert _run("validate", str(dirty), "--model", str(TINY)).returncode == 0
