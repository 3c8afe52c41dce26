"""Generate the corpus of defective answer files used by ``tests/test_bad_inputs.py``.

Each builder writes one file showing one defect; :func:`make_corpus` writes them all into a
folder and returns ``{name: path}``. The corpus is generated at test time (a session fixture),
not committed. Run ``python tests/bad_inputs/make_bad.py DIR`` to inspect the files by hand.

Answers refer to the tiny test model ``tests/data/models/tiny-staged.yaml``.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd

HEADER = "wave,business_line,respondent,question,answer\n"
ROWS = [
    ("2025-03", "Retail", "r1", "A.SP1.1.Q1", "3"),
    ("2025-03", "Retail", "r1", "A.SP1.2.Q1", "2"),
    ("2025-03", "Retail", "r1", "B.SP1.1.Q1", "4"),
]


def _csv(rows: list[tuple[str, ...]] = ROWS, sep: str = ",") -> str:
    return HEADER.replace(",", sep) + "".join(sep.join(r) + "\n" for r in rows)


def _long_frame(rows: list[tuple[str, ...]] = ROWS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=HEADER.strip().split(","))


def _xlsx(path: Path, rows: list[tuple[str, ...]] = ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "answers"
    ws.append(HEADER.strip().split(","))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def not_a_workbook(d: Path) -> Path:
    p = d / "not_a_workbook.xlsx"
    p.write_text(_csv(), encoding="utf-8")  # a CSV renamed to .xlsx
    return p


def truncated_zip(d: Path) -> Path:
    full = _xlsx(d / "_full.xlsx")
    data = full.read_bytes()
    full.unlink()
    p = d / "truncated.xlsx"
    p.write_bytes(data[: len(data) // 2])
    return p


def legacy_xls(d: Path) -> Path:
    p = d / "legacy.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    return p


def empty_workbook(d: Path) -> Path:
    p = d / "empty_workbook.xlsx"
    openpyxl.Workbook().save(p)
    return p


def no_recognised_sheet(d: Path) -> Path:
    p = d / "no_recognised_sheet.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["name", "score"])
    wb.active.append(["x", 3])
    wb.save(p)
    return p


def empty_csv(d: Path) -> Path:
    p = d / "empty.csv"
    p.write_bytes(b"")
    return p


def bom_csv(d: Path) -> Path:
    p = d / "bom.csv"
    p.write_bytes(b"\xef\xbb\xbf" + _csv().encode("utf-8"))
    return p


def semicolon_csv(d: Path) -> Path:
    p = d / "semicolon.csv"
    p.write_text(_csv(sep=";"), encoding="utf-8")
    return p


def cp1252_csv(d: Path) -> Path:
    p = d / "cp1252.csv"
    rows = [*ROWS[:1], ("2025-03", "Zürich", "r1", "A.SP1.2.Q1", "2")]
    p.write_bytes(_csv(rows).encode("cp1252"))
    return p


def gbk_csv(d: Path) -> Path:
    p = d / "gbk.csv"
    rows = [("2025-03", "零售", "r1", "A.SP1.1.Q1", "3")]
    p.write_bytes(_csv(rows).encode("gbk"))
    return p


def missing_columns_csv(d: Path) -> Path:
    p = d / "missing_columns.csv"
    p.write_text("wave,respondent,question,answer\n2025-03,r1,A.SP1.1.Q1,3\n", encoding="utf-8")
    return p


def ragged_csv(d: Path) -> Path:
    p = d / "ragged.csv"
    p.write_text(_csv() + "2025-03,Retail,r1,C.SP1.1.Q1,3,extra,fields\n", encoding="utf-8")
    return p


def billion_laughs(d: Path) -> Path:
    """A valid xlsx whose sheet1.xml is replaced by an entity-expansion (billion laughs) bomb."""
    src = _xlsx(d / "_bomb_src.xlsx")
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10))
    payload = (
        '<?xml version="1.0"?><!DOCTYPE lolz [' + ents + ']>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    p = d / "bomb.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = payload.encode()
            zout.writestr(info, data)
    p.write_bytes(buf.getvalue())
    src.unlink()
    return p


def oversize_csv(d: Path) -> Path:
    """A valid CSV; the test sets ``max_bytes`` below its size."""
    p = d / "oversize.csv"
    p.write_text(_csv(), encoding="utf-8")
    return p


def formulas(d: Path) -> Path:
    p = _xlsx(d / "formulas.xlsx")
    wb = openpyxl.load_workbook(p)
    wb["answers"]["E3"] = "=1+1"  # the answer of A.SP1.2.Q1
    wb.save(p)
    return p


def merged_header_ok(d: Path) -> Path:
    """Header row with a merged cell (answer spans E1:F1) but every required column named."""
    p = _xlsx(d / "merged_header_ok.xlsx")
    wb = openpyxl.load_workbook(p)
    wb["answers"].merge_cells("E1:F1")
    wb.save(p)
    return p


def merged_header_bad(d: Path) -> Path:
    """Header cells merged over several columns: some required column names are lost."""
    p = _xlsx(d / "merged_header_bad.xlsx")
    wb = openpyxl.load_workbook(p)
    wb["answers"].merge_cells("A1:C1")  # wave, business_line, respondent -> one cell 'wave'
    wb.save(p)
    return p


def hidden_sheet(d: Path) -> Path:
    p = d / "hidden_sheet.xlsx"
    wb = openpyxl.Workbook()
    h = wb.active
    h.title = "old answers"
    h.append(HEADER.strip().split(","))
    h.append(["2024-09", "Retail", "r1", "A.SP1.1.Q1", "0"])
    h.sheet_state = "hidden"
    ws = wb.create_sheet("answers")
    ws.append(HEADER.strip().split(","))
    for r in ROWS:
        ws.append(list(r))
    wb.active = 1
    wb.save(p)
    return p


def fullwidth_spaces(d: Path) -> Path:
    p = d / "fullwidth_spaces.csv"
    rows = [("2025-03", "Retail", "r1", "A.SP1.1.Q1", "３"),
            ("2025-03", "Retail ", "r1", "A.SP1.2.Q1", " 2 "),
            ("2025-03", "Retail", "r1", "B.SP1.1.Q1", "4.0")]
    p.write_text(_csv(rows), encoding="utf-8")
    return p


def label_answers(d: Path) -> Path:
    p = d / "label_answers.csv"
    rows = [("2025-03", "Retail", "r1", "A.SP1.1.Q1", "largely implemented"),
            ("2025-03", "Retail", "r1", "A.SP1.2.Q1", "未执行"),
            ("2025-03", "Retail", "r1", "B.SP1.1.Q1", "not applicable")]
    p.write_text(_csv(rows), encoding="utf-8")
    return p


def respondent_no_header(d: Path) -> Path:
    """A respondent workbook whose business line (B1) was left empty."""
    from maturity.ingest.workbook import fill_template, write_template

    model = Path(__file__).resolve().parent.parent / "data" / "models" / "tiny-staged.yaml"
    p = write_template(model, d / "respondent_no_header.xlsx")
    fill_template(p, {"A.SP1.1.Q1": "3"}, {"wave": "2025-03", "respondent": "r9"})
    return p


BUILDERS: dict[str, Callable[[Path], Path]] = {
    f.__name__: f
    for f in (
        not_a_workbook, truncated_zip, legacy_xls, empty_workbook, no_recognised_sheet,
        empty_csv, bom_csv, semicolon_csv, cp1252_csv, gbk_csv, missing_columns_csv, ragged_csv,
        billion_laughs, oversize_csv, formulas, merged_header_ok, merged_header_bad,
        hidden_sheet, fullwidth_spaces, label_answers, respondent_no_header,
    )
}


def make_corpus(folder: str | Path) -> dict[str, Path]:
    """Write every defective file into ``folder`` (created); returns ``{builder name: path}``."""
    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)
    return {name: build(d) for name, build in BUILDERS.items()}


if __name__ == "__main__":  # pragma: no cover
    out = make_corpus(sys.argv[1] if len(sys.argv) > 1 else "tests/data/bad")
    for name, path in out.items():
        print(f"{name:24} {path}")
