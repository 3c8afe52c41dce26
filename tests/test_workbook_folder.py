"""Folders read by the process pool (maturity.ingest.folders.read_chunk / combine_chunks) give
exactly what reading file by file gives, and the workbook scan's shortcuts keep its checks.

The folder mixes the defective corpus of tests/bad_inputs/make_bad.py with respondent workbooks
that exercise every branch of the compact reader: a workbook for another model, formulas in
answer cells, missing header values, an empty respondent, a hidden sheet, numbers, booleans and
dates as cells, blank rows, duplicates across files, an unfilled template.
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from maturity.ingest.excel import _member_head, _sheet_has_formulas
from maturity.ingest.responses import read_responses
from maturity.ingest.templates import (
    fill_template,
    write_template,
)
from maturity.model.load import load_model

HERE = Path(__file__).resolve().parent
TINY = HERE / "data" / "models" / "tiny-staged.yaml"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mixed")
    spec = importlib.util.spec_from_file_location("make_bad", HERE / "bad_inputs" / "make_bad.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    mod.make_corpus(out / "bad")
    tiny = load_model(TINY)
    qs = list(tiny.questions["question"])
    tpl = write_template(tiny, out / "template.xlsx")  # unfilled: respondent and header empty
    (out / "wb").mkdir()

    def book(name, answers, header, edit=None):
        p = fill_template(tpl, answers, header, out=out / "wb" / name)
        if edit:
            wb = openpyxl.load_workbook(p)
            edit(wb["Answers"], wb)
            wb.save(p)

    codes = ["0", "1", "2", "3", "4", "NA", "3", "2", "1", "0"]
    for i in range(24):
        ans = {q: (int(c) if c.isdigit() and i % 3 == 0 else c)
               for q, c in zip(qs, codes[i % 3:] + codes[:i % 3], strict=True)}
        book(f"r{i:02d}.xlsx", ans, {"business_line": f"L{i % 4}", "wave": f"2025-0{3 + i % 2}",
                                     "respondent": f"r{i}", "role": "dev" if i % 5 else None})
    book("dup.xlsx", {q: "3" for q in qs}, {"business_line": "L1", "wave": "2025-03",
                                            "respondent": "r1"})
    book("no_respondent.xlsx", {q: "2" for q in qs}, {"business_line": "L1", "wave": "2025-03"})
    book("no_wave.xlsx", {q: "2" for q in qs}, {"business_line": "L1"})

    def other_model(ws, wb):
        ws["B7"] = "other-model"

    book("other_model.xlsx", {q: "2" for q in qs}, {"business_line": "L2", "wave": "2025-03",
                                                    "respondent": "om"}, other_model)

    def formulas(ws, wb):
        ws["E12"], ws["E13"] = "=1+2", "=A1"

    book("formulas.xlsx", {q: "1" for q in qs}, {"business_line": "L2", "wave": "2025-03",
                                                 "respondent": "fx"}, formulas)

    def odd(ws, wb):
        ws["E10"], ws["E11"], ws["E12"] = True, datetime.datetime(2025, 1, 1), 3.0
        ws["E13"], ws["E14"] = "Largely implemented", " ３ "
        ws["B2"], ws["B6"] = datetime.datetime(2025, 9, 1), datetime.date(2025, 9, 3)
        ws["F10"], ws["G11"] = "a comment", "evidence.doc"
        ws.insert_rows(15, 2)  # blank rows inside the table
        hidden = wb.create_sheet("old")
        hidden.append(["x"])
        hidden.sheet_state = "hidden"

    book("odd.xlsx", {q: "2" for q in qs}, {"business_line": "L3", "wave": "2025-09",
                                            "respondent": "odd"}, odd)

    def numbers(ws, wb):
        ws["E10"], ws["E11"] = 1, 1.0

    book("numbers.xlsx", {q: "0" for q in qs}, {"business_line": 7, "wave": "2025-09",
                                                "respondent": 12.0}, numbers)
    book("no_answers.xlsx", {}, {"business_line": "L0", "wave": "2025-09", "respondent": "e"})
    return out


def test_pool_reads_exactly_what_one_process_reads(folder):
    one = read_responses(folder, TINY, workers=1)
    two = read_responses(folder, TINY, workers=2)
    for a, b in ((one.responses, two.responses), (one.rejected, two.rejected),
                 (one.notes, two.notes)):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    msgs = " | ".join(two.notes["message"]) + " | ".join(two.rejected["message"])
    for text in ("written for model 'other-model', read with model 'tiny-staged'",
                 "formula in answer cell E12", "missing wave", "the file name 'no_respondent'",
                 "hidden sheet 'old' ignored", "label 'Largely implemented' read as code",
                 "same respondent id in two files", "unsafe XML (entity expansion) rejected",
                 "truncated or corrupt"):
        assert text in msgs, text


SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<sheetData><row r="1">{cells}</row></sheetData>{after}</worksheet>')


@pytest.mark.parametrize(("cells", "after", "found"), [
    ('<c r="A1"><v>1</v></c>', "", False),
    ('<c r="A1"><f>1+1</f><v>2</v></c>', "", True),
    ('<c r="A1"><f t="shared" si="0"/><v>2</v></c>', "", True),
    ('<c r="A1" t="inlineStr"><is><t>&lt;f&gt; f&gt; :f</t></is></c>', "", False),
    # the template's drop-down: a formula1 after the cells is no formula cell
    ('<c r="A1"><v>1</v></c>', '<dataValidations><dataValidation sqref="A1"><formula1>"0,1"'
     '</formula1></dataValidation></dataValidations>', False),
    # text that looks like the end tag, then a formula cell
    ('<c r="A1" t="inlineStr"><is><t><![CDATA[</sheetData>]]></t></is></c>'
     '<c r="B1"><f>A1</f></c>', "", True),
])
def test_formula_scan(cells, after, found):
    assert _sheet_has_formulas(SHEET.format(cells=cells, after=after).encode()) is found


def test_formula_scan_prefixed_and_unclosed():
    xml = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<x:sheetData><x:row r="1"><x:c r="A1"><x:f>1+1</x:f></x:c></x:row></x:sheetData>'
           b'</x:worksheet>')
    assert _sheet_has_formulas(xml)
    assert _sheet_has_formulas(xml.replace(b"</x:sheetData></x:worksheet>", b""))  # malformed
    # no real end tag, a cell's text that looks like one, a formula cell after it: a cell
    # follows the last 'sheetData>', so the whole part is searched
    fake = xml.replace(b'<x:c r="A1">', b'<x:c r="A0" t="inlineStr"><x:is><x:t><![CDATA['
                       b'</x:sheetData>]]></x:t></x:is></x:c><x:c r="A1">')
    assert _sheet_has_formulas(fake.replace(b"</x:sheetData></x:worksheet>", b""))


def _zip(method: int, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("xl/worksheets/sheet1.xml", data)
        z.writestr("xl/styles.xml", b"<styleSheet/>" * 10_000)
    return buf.getvalue()


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
@pytest.mark.parametrize("limit", [None, 100, 65_536, 10**9])
def test_member_head_is_zipfile_read(method, limit):
    data = _zip(method, b"<worksheet>" + b"x" * 200_000 + b"</worksheet>")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            with zf.open(info) as fh:
                want = fh.read() if limit is None else fh.read(limit)
            assert _member_head(zf, info, data, limit) == want


def test_member_head_corrupt_member_raises_zipfiles_error():
    data = bytearray(_zip(zipfile.ZIP_STORED, b"<worksheet>" + b"x" * 1000 + b"</worksheet>"))
    i = data.index(b"xxxx")
    data[i: i + 4] = b"yyyy"  # CRC no longer matches
    data = bytes(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        with pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
            _member_head(zf, info, data, None)


def test_stored_copy_reads_as_the_file(folder):
    import python_calamine as pc

    from maturity.ingest.excel import scan as _scan

    for p in sorted((folder / "wb").glob("*.xlsx"))[:5] + [folder / "bad" / "hidden_sheet.xlsx"]:
        bad, _, stored = _scan(p, str(p), 10**8)
        assert bad is None and stored is not None
        a = pc.CalamineWorkbook.from_path(str(p))
        b = pc.CalamineWorkbook.from_filelike(io.BytesIO(stored))
        assert [str(m) for m in a.sheets_metadata] == [str(m) for m in b.sheets_metadata]
        for name in a.sheet_names:
            sa, sb = a.get_sheet_by_name(name), b.get_sheet_by_name(name)
            assert sa.to_python(skip_empty_area=False) == sb.to_python(skip_empty_area=False)
            assert sa.merged_cell_ranges == sb.merged_cell_ranges


def test_stored_copy_only_of_plain_zips():
    from maturity.ingest.excel import _stored_copy

    def infos(data):
        return zipfile.ZipFile(io.BytesIO(data)).infolist()

    plain = _zip(zipfile.ZIP_DEFLATED, b"<worksheet/>")
    assert _stored_copy(plain, infos(plain), {}) is not None
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.extra = b"\x99\x99\x00\x00"  # an extra field
        z.writestr(info, b"<worksheet/>")
    extra = buf.getvalue()
    assert _stored_copy(extra, infos(extra), {}) is None

    class Stream(io.BytesIO):  # a pipe: zipfile writes data descriptors
        def tell(self) -> int:
            raise OSError("not seekable")

        def seekable(self) -> bool:
            return False

    buf = Stream()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:  # sizes after the data
        z.writestr("a.xml", b"<a/>")
    streamed = buf.getvalue()
    assert infos(streamed)[0].flag_bits & 0x08
    assert _stored_copy(streamed, infos(streamed), {}) is None
    broken = bytearray(plain)
    broken[plain.index(b"xl/styles.xml")] = ord("X")  # local name differs from the directory's
    assert _stored_copy(bytes(broken), infos(plain), {}) is None
