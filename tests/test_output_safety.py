"""Outputs are safe to open in a spreadsheet, written all-or-nothing, and YAML is loaded safely.

1. Formula injection (OWASP "CSV injection"): respondent comments and evidence, SWOT factors,
   business-line names and groups that start with ``= + - @``, a tab or a carriage return are
   given to every command that writes files; every CSV (read back with the csv module) and
   every xlsx (read back with openpyxl) must hold no text cell starting with one of those
   characters and no formula cell (``data_type == 'f'``). A writer that bypasses
   :func:`maturity.io.write_csv` / :func:`maturity.io.write_xlsx` shows up here.
2. Atomic output folders: a run that fails after its first file leaves the output folder as it
   was (no file half overwritten, no temporary file left behind).
3. YAML is read with a safe loader: a ``!!python/object/apply:os.system`` tag in a model, SWOT or
   target file is an error, never executed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from _robust_data import DANGEROUS, TINY, argv, write_inputs
from test_cli import AVAILABLE

import maturity.io
from maturity.cli import main

WRITERS = [c for c in ("validate", "score", "template", "swot", "gap", "roadmap", "compare",
                       "report") if c in AVAILABLE]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return write_inputs(tmp_path_factory.mktemp("hostile"), hostile=True)


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _bad_csv_cells(path: Path) -> list[tuple[int, int, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(i, j, cell) for i, row in enumerate(csv.reader(fh), start=1)
                for j, cell in enumerate(row, start=1)
                if cell.startswith(DANGEROUS) and not _numeric(cell)]


def _bad_xlsx_cells(path: Path) -> list[tuple[str, str, object]]:
    wb = openpyxl.load_workbook(path)
    try:
        return [(ws.title, c.coordinate, c.value) for ws in wb.worksheets
                for row in ws.iter_rows() for c in row
                if c.data_type == "f"
                or (isinstance(c.value, str) and c.value.startswith(DANGEROUS))]
    finally:
        wb.close()


def _files(folder: Path, suffix: str) -> list[Path]:
    return sorted(p for p in folder.rglob(f"*{suffix}") if p.is_file())


@pytest.mark.parametrize("cmd", WRITERS)
def test_no_formula_in_any_output(cmd, hostile, tmp_path):
    out = tmp_path / "out"
    args = argv(cmd, hostile, out)
    if cmd == "validate":  # rejected.csv echoes the bad rows: add some with hostile text
        dirty = tmp_path / "dirty.csv"
        dirty.write_text(hostile["answers"].read_text(encoding="utf-8")
                         + "2025-03,@retail,r9,=NOT.A.QUESTION,=1+1,-c,+e\r\n"
                         + "2025-03,@retail,r9,A.SP1.1.Q1,@SUM(A1),\tc,\re\r\n",
                         encoding="utf-8")
        args = ["validate", str(dirty), "--model", str(TINY), "--out", str(out)]
    if cmd == "template":
        args += ["--business-line", "=cmd|' /C calc'!A0", "--wave", "@2025-09"]
    assert main(args) in (0, 1)
    csvs, xlsxs = _files(out, ".csv"), _files(out, ".xlsx")
    assert csvs or xlsxs, f"{cmd} wrote no CSV or xlsx"
    for p in csvs:
        assert _bad_csv_cells(p) == [], p
    for p in xlsxs:
        assert _bad_xlsx_cells(p) == [], p
    # not vacuous: the hostile text reached the outputs, neutralised with a leading apostrophe
    text = "".join(p.read_text(encoding="utf-8") for p in csvs)
    for p in xlsxs:
        wb = openpyxl.load_workbook(p, read_only=True)
        text += "".join(str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True)
                        for v in r if isinstance(v, str))
        wb.close()
    assert "'=" in text or "'@" in text or "'+" in text or "'-" in text, cmd


def test_template_answer_cells_not_formulas_with_hostile_prefill(tmp_path):
    """The prefilled business line / wave of a respondent workbook are text, not formulas."""
    out = tmp_path / "t.xlsx"
    assert main(["template", "--model", str(TINY), "--out", str(out),
                 "--business-line", "+SUM(1)", "--wave=-1+1"]) == 0
    assert _bad_xlsx_cells(out) == []


# ------------------------------------------------------------------------------------------
# atomic output folders

ATOMIC = [c for c in ("score", "swot", "gap", "roadmap", "compare") if c in AVAILABLE]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("cmd", ATOMIC)
def test_failed_run_keeps_previous_folder(cmd, hostile, tmp_path, monkeypatch):
    base = write_inputs(tmp_path / "base")
    out = tmp_path / "out"
    assert main(argv(cmd, base, out)) == 0
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    before = _snapshot(out)

    calls = {"n": 0}
    real_csv, real_xlsx = maturity.io.write_csv, maturity.io.write_xlsx

    def failing(real):  # noqa: ANN001, ANN202
        def write(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            calls["n"] += 1
            if calls["n"] > 1:
                raise RuntimeError("disk full (simulated)")
            return real(*args, **kwargs)
        return write

    monkeypatch.setattr(maturity.io, "write_csv", failing(real_csv))
    monkeypatch.setattr(maturity.io, "write_xlsx", failing(real_xlsx))
    # other inputs than the first run, so a half-overwritten folder would differ
    with pytest.raises(RuntimeError, match="simulated"):
        main(argv(cmd, hostile, out))
    assert calls["n"] == 2, "the writer was not reached twice; the simulation did not bite"
    assert _snapshot(out) == before
    leftovers = [p.name for p in out.rglob("*") if p.name.startswith(".") or ".tmp" in p.name]
    assert leftovers == []


def test_write_csv_failure_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    import pandas as pd

    p = tmp_path / "a.csv"
    maturity.io.write_csv(pd.DataFrame({"a": [1]}), p)
    old = p.read_bytes()

    def boom(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    with pytest.raises(OSError, match="simulated"):
        maturity.io.write_csv(pd.DataFrame({"a": [2]}), p)
    assert p.read_bytes() == old
    assert [q.name for q in tmp_path.iterdir()] == ["a.csv"]


# ------------------------------------------------------------------------------------------
# safe YAML

EVIL = "!!python/object/apply:os.system ['touch {flag}']\n"


def test_model_yaml_python_tag_rejected_not_executed(tmp_path):
    from maturity.exceptions import ModelError
    from maturity.model.load import load_model

    flag = tmp_path / "pwned"
    p = tmp_path / "evil.yaml"
    p.write_text(EVIL.format(flag=flag), encoding="utf-8")
    with pytest.raises(ModelError, match="not valid YAML"):
        load_model(p)
    nested = tmp_path / "nested.yaml"
    nested.write_text(TINY.read_text(encoding="utf-8").replace(
        'name: Tiny staged model', f"name: !!python/object/apply:os.system ['touch {flag}']"),
        encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(nested)
    assert not flag.exists()


def test_swot_and_targets_yaml_python_tag_rejected_not_executed(tmp_path):
    from maturity.exceptions import SwotError, TargetError
    from maturity.plan.gap import read_targets
    from maturity.plan.swot import read_swot

    flag = tmp_path / "pwned"
    s = tmp_path / "swot.yaml"
    s.write_text(EVIL.format(flag=flag), encoding="utf-8")
    with pytest.raises(SwotError):
        read_swot(s)
    t = tmp_path / "targets.yaml"
    t.write_text(EVIL.format(flag=flag), encoding="utf-8")
    with pytest.raises(TargetError):
        read_targets(t, TINY)
    assert not flag.exists()


def _neutralize_reference(frame):  # noqa: ANN001, ANN202
    """Cell by cell, as neutralize was first written (the fast path must agree, dtypes included)."""
    from maturity.io import _neutralize_value

    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype):
            out[c] = out[c].map(_neutralize_value)
        elif isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(object).map(_neutralize_value)
    out.columns = [_neutralize_value(c) if isinstance(c, str) else c for c in out.columns]
    return out


def test_neutralize_matches_cell_by_cell_reference():
    import random

    import numpy as np

    from maturity.io import neutralize

    rng = random.Random(0)
    pools = [["=1+1", "ok", "-x", "@S", "\tt", "+", "", None, np.nan, 3, 2.5, "a=b", pd.NA, True],
             [1, 2.5, np.nan], [True, False], [True, None], [pd.Timestamp("2026-01-01"), None],
             [1, 2], [None], [np.nan, "x"], [1, "=1"], [pd.NA, 1]]
    cat_pools = [["=a", "b", None, "-1", "x"], [1, 2, None], [1.5, None], [True, False]]
    for _ in range(1500):
        n = rng.randint(0, 8)
        pool, cp = rng.choice(pools), rng.choice(cat_pools)
        f = pd.DataFrame({
            "o": pd.Series([rng.choice(pool) for _ in range(n)], dtype=object),
            "c": pd.Categorical([rng.choice(cp) for _ in range(n)]),
            "s": pd.Series([rng.choice(["=a", "b", None, "x"]) for _ in range(n)], dtype="string"),
            "v": np.arange(n),
            "=h": [rng.choice(["@x", "y"]) for _ in range(n)],
        }, index=np.arange(n) * 2)
        pd.testing.assert_frame_equal(neutralize(f), _neutralize_reference(f))
    lists = pd.DataFrame({"l": [[1], "=x"]})  # unhashable cells
    pd.testing.assert_frame_equal(neutralize(lists), _neutralize_reference(lists))
