"""The fast row writer of big report sheets (maturity.report.sheetxml) against openpyxl itself."""

from __future__ import annotations

import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

import maturity.report.xlsx as X
from maturity.io import fix_xlsx_times
from maturity.report.sheetxml import rows_xml, splice_rows


def _tricky(n: int = 1500) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    df = pd.DataFrame(
        {
            "text": rng.choice(["a", " b", "x<&>y", "", None, "#N/A", "c\n", "  ", "中文"], n),
            "mean": np.where(rng.random(n) < 0.1, np.nan, rng.normal(size=n) * 1e3),
            "p_value": rng.random(n),
            "count": rng.integers(-5, 10**12, n),
            "level": pd.array(
                np.where(rng.random(n) < 0.2, None, rng.integers(0, 5, n)), dtype="Int64"
            ),
            "flag": rng.random(n) < 0.5,
            "mixed": pd.Series(
                rng.choice([1, 2.5, "t", None, True, float("inf")], n), dtype=object
            ),
            "cat": pd.Categorical(rng.choice(["x", "=1+1", "-1", "@x"], n)),
            "whole": np.round(rng.normal(size=n) * 10),
        }
    )
    df = df.astype({"flag": object})
    df.loc[7, :] = None  # a row with nothing in it
    return df


def _parts(df: pd.DataFrame, path, *, fast: bool, monkeypatch, styles=None) -> dict[str, bytes]:
    monkeypatch.setattr(X, "FAST_CELLS", 0 if fast else 10**12)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "t"
    X._write_frame(ws, df, column_styles=styles)
    wb.save(path)
    fix_xlsx_times(path)
    if fast:
        assert ws._maturity_rows is not None
        splice_rows(path, {ws.path.lstrip("/"): ws._maturity_rows})
    else:
        assert getattr(ws, "_maturity_rows", None) is None
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


@pytest.mark.parametrize("styled", [False, True])
def test_fast_rows_are_openpyxl_bytes(tmp_path, monkeypatch, styled):
    from openpyxl.styles import Font, PatternFill

    df = _tricky()
    if not styled:
        df = df.astype(object)  # no float column: no number formats, empty rows stay empty
    styles = (
        {"text": {"font": Font(italic=True), "fill": PatternFill("solid", fgColor="EEEEEE")}}
        if styled
        else None
    )
    slow = _parts(df, tmp_path / "slow.xlsx", fast=False, monkeypatch=monkeypatch, styles=styles)
    fast = _parts(df, tmp_path / "fast.xlsx", fast=True, monkeypatch=monkeypatch, styles=styles)
    assert sorted(slow) == sorted(fast)
    from openpyxl.xml import LXML

    for name in slow:
        if LXML and name.endswith(".xml"):
            # openpyxl's lxml writer (lxml comes with python-docx) escapes non-ASCII text as
            # character references; the fast rows write UTF-8: the same XML, other bytes
            from xml.etree.ElementTree import canonicalize

            assert canonicalize(slow[name].decode()) == canonicalize(fast[name].decode()), name
        else:
            assert slow[name] == fast[name], name


def test_fast_rows_are_openpyxl_bytes_without_lxml(tmp_path):
    """Byte for byte against openpyxl's own XML writer (the serialiser without lxml)."""
    import subprocess
    import sys

    code = ("import sys, pytest; sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', "
            "'-k', 'test_fast_rows_are_openpyxl_bytes and not without', __file__]))")
    env = {**__import__("os").environ, "OPENPYXL_LXML": "False"}
    run = subprocess.run([sys.executable, "-c", code.replace("__file__", repr(__file__))],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:]


def test_fast_rows_read_back(tmp_path, monkeypatch):
    df = _tricky(300)
    _parts(df, tmp_path / "f.xlsx", fast=True, monkeypatch=monkeypatch)
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx")["t"]
    assert ws.max_row == len(df) + 1 and ws.dimensions == f"A1:I{len(df) + 1}"
    assert ws.auto_filter.ref == f"A1:I{len(df) + 1}"
    head = [c.value for c in ws[1]]
    last = [c.value for c in ws[len(df) + 1]]
    row = df.iloc[-1]
    assert last[head.index("p_value")] == pytest.approx(row["p_value"])
    assert last[head.index("count")] == row["count"]
    assert ws.cell(len(df) + 1, head.index("mean") + 1).number_format == "0.00"
    assert ws.cell(len(df) + 1, head.index("p_value") + 1).number_format == "0.0000"
    cats = {c.value for c in ws["H"][1:] if c.value is not None}
    assert cats == {"x", "'=1+1", "'-1", "'@x"}  # neutralised, never formulas
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_unsupported_values_fall_back(tmp_path, monkeypatch):
    df = pd.DataFrame({"when": pd.date_range("2026-01-01", periods=50), "x": range(50)})
    assert rows_xml(df, ["A", "B"], [None, None], first=2) is None
    monkeypatch.setattr(X, "FAST_CELLS", 0)
    wb = openpyxl.Workbook()
    X._write_frame(wb.active, df)
    assert getattr(wb.active, "_maturity_rows", None) is None  # openpyxl wrote every row
    wb.save(tmp_path / "d.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "d.xlsx").active
    assert ws.max_row == 51 and ws["A51"].value.year == 2026


def test_illegal_characters_rejected_as_before(monkeypatch):
    from openpyxl.utils.exceptions import IllegalCharacterError

    df = pd.DataFrame({"t": ["ok"] * 10 + ["bell\x07"]})
    assert rows_xml(df, ["A"], [None], first=2) is None
    monkeypatch.setattr(X, "FAST_CELLS", 0)
    with pytest.raises(IllegalCharacterError):
        X._write_frame(openpyxl.Workbook().active, df)
