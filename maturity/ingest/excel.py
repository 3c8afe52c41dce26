"""Reading xlsx files safely: zip and XML bombs, truncated files, and formulas.

Before any XML parser sees a workbook, :func:`scan` checks the zip signature (renamed text files,
legacy ``.xls``), that the zip is complete (truncated downloads), the total uncompressed size
(zip bombs) and that no XML part declares a DTD or entities (Excel never writes one;
billion-laughs entity bombs need one): such files are rejected in milliseconds. The scan
inflates every worksheet once (for the formula check); calamine then reads those very bytes from
a copy of the zip in which they are stored rather than inflating them again (only for plain zips
scanned in memory; anything unusual is read from the file itself). openpyxl (read-only,
defusedxml active) is opened only when a sheet contains formulas (a ``<f>`` element in its
cells), to find them.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np

from maturity.ingest.records import Part, file_error

__all__ = ["scan", "any_formulas", "formula_rows"]

_XML_PROBE = 65_536
_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_RE = re.compile(rb"<(?:\w+:)?c[\s>/]")


# --------------------------------------------------------------------------------------------
# Reading


def _zip_problem(path: Path, source: str, max_bytes: int) -> Part | None:
    """A Part for an unsafe or broken workbook, else None (see :func:`_scan_zip`)."""
    return _scan_zip(path, source, max_bytes)[0]


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # a zip member's local header (zipfile's layout)
_IN_MEMORY = 32 << 20  # workbooks up to this size are scanned from their bytes in memory


def _member_head(zf: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None,
                 limit: int | None) -> bytes:
    """``zf.open(info).read(limit)`` (all of it when ``limit`` is None), inflated straight from
    the file's bytes ``data`` when the member is plain (stored or deflated, not encrypted) and
    everything checks out as zipfile checks it: the local header's signature and name, the
    compressed size, and the CRC when the whole member is read. Anything else is read by
    zipfile itself, which raises its own errors (zipfile's reader costs ~0.1 ms a workbook in
    Python-level reads, a third of the scan)."""
    want = info.file_size if limit is None else min(limit, info.file_size)
    out = None
    if data is not None and not info.flag_bits & 0x61 and info.compress_type in (0, 8):
        off = info.header_offset
        h = _LOCAL_HEADER.unpack_from(data, off) if off + 30 <= len(data) else None
        if h is not None and h[0] == b"PK\x03\x04":
            name = data[off + 30: off + 30 + h[10]]
            enc = "utf-8" if info.flag_bits & 0x800 else (
                getattr(zf, "metadata_encoding", None) or "cp437")
            start = off + 30 + h[10] + h[11]
            comp = memoryview(data)[start: start + info.compress_size]
            if name.decode(enc, "replace") == info.orig_filename and \
                    len(comp) == info.compress_size:
                if info.compress_type == 0:
                    out = bytes(comp[:want])
                else:
                    try:
                        out = zlib.decompressobj(-15).decompress(comp, want)
                    except zlib.error:
                        out = None
                if out is not None and (len(out) != want or (
                        want == info.file_size and zlib.crc32(out) != info.CRC)):
                    out = None
    if out is None:
        with zf.open(info) as fh:
            out = fh.read() if limit is None else fh.read(limit)
    return out


_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")


def _stored_copy(data: bytes, infos: list[zipfile.ZipInfo],
                 inflated: dict[str, bytes]) -> bytes | None:
    """The workbook's zip with the members of ``inflated`` (the worksheets the scan has just
    inflated and checked) stored uncompressed and every other member's compressed bytes copied:
    calamine reads it without inflating the worksheets a second time. None unless the zip is
    plain: unique names, no encryption, data descriptors, extra fields or zip64, every local
    header agreeing with the central directory and its data inside the file; anything else is
    read from the file itself."""
    if len(infos) >= 0xFFFF or len({i.orig_filename for i in infos}) != len(infos):
        return None
    out: list[bytes] = []
    central: list[bytes] = []
    pos = 0
    for i in infos:
        if (i.flag_bits & ~0x806 or i.compress_type not in (0, 8) or i.extra
                or max(i.file_size, i.compress_size, i.header_offset) >= 0xFFFFFFFF):
            return None
        off = i.header_offset
        if off + 30 > len(data):
            return None
        h = _LOCAL_HEADER.unpack_from(data, off)
        start = off + 30 + h[10]
        if (h[0] != b"PK\x03\x04" or h[3] != i.flag_bits or h[4] != i.compress_type
                or h[7:10] != (i.CRC, i.compress_size, i.file_size) or h[11]
                or start + i.compress_size > len(data)):
            return None
        enc = "utf-8" if i.flag_bits & 0x800 else "cp437"  # as zipfile decodes names
        if data[off + 30: start].decode(enc, "replace") != i.orig_filename:
            return None
        body = inflated.get(i.orig_filename)
        method = 0 if body is not None else i.compress_type
        if body is None:
            body = data[start: start + i.compress_size]
        name = i.orig_filename.encode("utf-8")
        local = _LOCAL_HEADER.pack(b"PK\x03\x04", 20, 0, 0x800, method, 0, 0x21, i.CRC,
                                   len(body), i.file_size, len(name), 0)
        central.append(_CENTRAL_HEADER.pack(b"PK\x01\x02", 20, 0, 20, 0, 0x800, method, 0,
                                            0x21, i.CRC, len(body), i.file_size, len(name),
                                            0, 0, 0, 0, 0, pos) + name)
        out += (local, name, body)
        pos += len(local) + len(name) + len(body)
    directory = b"".join(central)
    out += (directory, _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(infos), len(infos),
                                        len(directory), pos, 0))
    return b"".join(out)


def _scan_zip(path: Path, source: str, max_bytes: int) -> tuple[Part | None, bool]:
    """(a Part for an unsafe or broken workbook or None, whether a worksheet has formulas): one
    pass over the zip, reading each worksheet once for both checks."""
    return scan(path, source, max_bytes)[:2]


def scan(path: Path, source: str,
          max_bytes: int) -> tuple[Part | None, bool, bytes | None]:
    """:func:`_scan_zip`, and the workbook with its worksheets stored (:func:`_stored_copy`)
    when it is plain and small enough to be scanned in memory, else None."""
    data = path.read_bytes() if path.stat().st_size <= _IN_MEMORY else None
    if data is not None:
        magic = data[:8]
    else:
        with path.open("rb") as fh:
            magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        return file_error(source, f"{source}: a legacy .xls or password-protected workbook; save "
                          f"it as an unprotected .xlsx (Excel: Save As > Excel Workbook)",
                          expected="an .xlsx workbook"), False, None
    if not magic.startswith(b"PK\x03\x04"):
        return file_error(source, f"{source}: not an xlsx workbook (no zip signature; is it a "
                          f"renamed text/CSV file?); save it from Excel as .xlsx, or name a CSV "
                          f".csv", value=magic[:4].hex(" "),
                          expected="an .xlsx workbook"), False, None
    formulas = False
    inflated: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            limit = max(20 * max_bytes, 1_000_000_000)
            if total > limit:
                return file_error(source, f"{source}: unsafe workbook: unpacks to {total:,} bytes "
                                  f"(limit {limit:,}); a zip bomb or far too large",
                                  value=f"{total} bytes",
                                  expected=f"at most {limit} bytes"), False, None
            for i in infos:
                if not i.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                sheet = i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
                head = _member_head(zf, i, data, None if sheet else _XML_PROBE)
                if sheet:
                    inflated[i.orig_filename] = head
                    if not formulas:
                        formulas = _sheet_has_formulas(head)
                if head.find(b"!", 0, _XML_PROBE) >= 0 and _DTD_RE.search(head, 0, _XML_PROBE):
                    return file_error(
                        source, f"{source}: unsafe XML (entity expansion) rejected: part "
                        f"{i.filename} declares a DTD/entities, which Excel never writes (this is "
                        f"how XML bombs work); re-save the workbook from Excel",
                        value=i.filename, expected="XML without DTD or entities"), False, None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        return file_error(source, f"{source}: truncated or corrupt xlsx ({exc}); download or "
                          f"save it again", expected="a complete .xlsx workbook"), False, None
    stored = None
    if data is not None:
        try:
            stored = _stored_copy(data, infos, inflated)
        except Exception:  # noqa: BLE001 - a shortcut only: the file is read as it is
            stored = None
    return None, formulas, stored


def _sheet_has_formulas(xml: bytes) -> bool:
    """Whether a worksheet's XML has a formula element (``<f>``) in its cells.

    Cells, and so formulas, live in ``<sheetData>``; what follows it (data validations'
    ``<formula1>``, which every respondent template has, conditional formats) is not searched.
    The region ends at the last ``sheetData>``, unless a cell element follows it (malformed XML,
    or text that looks like the end tag): then the whole part is searched. The regex runs only
    when some ``f`` follows a ``<`` or ``:`` (found with numpy: ``bytes.find`` of a two-byte
    needle is ~20x slower than the one-byte scan, and this is every file's cost).
    """
    end = xml.rfind(b"sheetData>")
    if end < 0 or _CELL_RE.search(xml, end) is not None:
        end = len(xml)
    a = np.frombuffer(xml, dtype=np.uint8, count=end)
    at = np.flatnonzero(a[1:] == 0x66) + 1  # every 'f' after the first byte
    before = a[at - 1]
    if not ((before == 0x3C) | (before == 0x3A)).any():  # '<f' or ':f'
        return False
    return _FORMULA_RE.search(xml, 0, end) is not None


def any_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                if _sheet_has_formulas(zf.read(name)):
                    return True
    return False


def formula_rows(path: Path, sheet: str, col: int, first_row: int) -> dict[int, str]:
    """Excel row -> formula text in column ``col`` (0-based) of ``sheet`` (openpyxl read-only)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[sheet]
        out = {}
        for i, row in enumerate(ws.iter_rows(min_row=first_row, min_col=col + 1, max_col=col + 1)):
            for c in row:
                if getattr(c, "data_type", None) == "f":
                    out[first_row + i] = str(c.value)
        return out
    finally:
        wb.close()


