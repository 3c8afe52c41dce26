"""Reading a long answer CSV safely: encodings, the separator, size and shape.

The file is checked before the parser sees it: streamed once in chunks for a non-blank byte and
for bytes that do not decode (UTF-8 with or without BOM, the ``encoding`` given, or GB18030 with
``encoding="auto"``), so that a file that is not text is one located rejection (line and bytes)
rather than garbled names. The separator (``,``, ``;``, tab or ``|``) is sniffed from the header
line outside quotes. The rows are then parsed straight into categorical columns.
"""

from __future__ import annotations

import codecs
import csv
import mmap
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity._engine import code_dtype
from maturity._hints import option
from maturity.exceptions import InputError
from maturity.ingest.records import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    Part,
    entry,
    file_error,
    frame_to_part,
    normalise_header,
)

__all__ = ["read_csv_part", "sniff_sep"]


def sniff_sep(header_line: str) -> str:
    counts = {sep: 0 for sep in ",;\t|"}
    inq = False
    for ch in header_line:
        if ch == '"':
            inq = not inq
        elif not inq and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda k: (counts[k], k == ","))
    return best if counts[best] else ","


_NOT_BLANK = re.compile(rb"[^ \t\r\n\xef\xbb\xbf]")


def _scan_file(path: Path, enc: str, chunk: int = 1 << 24) -> tuple[bool, str | None, int, bytes]:
    """Stream ``path`` once: (has a non-blank byte, first line decoded or None when some byte
    cannot be decoded, byte offset of the first bad byte, the bytes around it).

    Checked in chunks: a decoded copy of a large file (or the file's bytes) would cost memory
    proportional to its size; the parser reads the file itself.
    """
    dec = codecs.getincrementaldecoder(enc)()
    first: list[str] = []
    found = blank = False
    offset = 0
    with path.open("rb") as fh:
        while True:
            data = fh.read(chunk)
            final = len(data) < chunk
            if not blank and _NOT_BLANK.search(data) is not None:
                blank = True
            pending = len(dec.getstate()[0])  # bytes of a character cut by the last chunk
            try:
                text = dec.decode(data, final=final)
            except UnicodeDecodeError:
                # decode this chunk again on its own to find the bad byte's offset in the file
                begin = offset - pending
                fh.seek(begin)
                window = fh.read(pending + len(data))
                plain = "utf-8" if codecs.lookup(enc).name == "utf-8-sig" else enc
                try:
                    window.decode(plain)
                    start = begin
                except UnicodeDecodeError as exc:
                    start = begin + exc.start
                fh.seek(start)
                return True, None, start, fh.read(4)
            if not found:
                head, nl, _ = text.partition("\n")
                first.append(head)
                found = bool(nl)
            offset += len(data)
            if final:
                break
    return blank, "".join(first), offset, b""


def _line_of(path: Path, offset: int) -> int:
    """1-based line number of byte ``offset`` in ``path`` (counted in chunks)."""
    line = 1
    done = 0
    with path.open("rb") as fh:
        while done < offset:
            data = fh.read(min(1 << 24, offset - done))
            if not data:
                break
            line += data.count(b"\n")
            done += len(data)
    return line


def read_csv_part(path: Path, source: str, encoding: str | None = None) -> Part:
    """Read one long CSV into a raw Part (internal).

    The file is parsed straight into categorical columns: a text cell costs its code (1-4
    bytes) instead of a Python string object, so a 1.5 GB file of 18 million answers is read in
    well under its own size of memory. A UTF-8 file is read by pyarrow's multithreaded parser
    into dictionary-encoded columns (:func:`_read_arrow`), the text of every cell as typed; any
    file it does not read exactly as pandas' C parser would (a non-UTF-8 encoding, ragged
    rows, an unterminated quote, a line break inside a field, an odd header, pyarrow not
    installed) is read by pandas' C parser, which also gives the located errors.
    """
    if _utf8(encoding):
        fast = _read_arrow(path, source)
        if fast is not None:
            return fast
    auto = encoding is not None and encoding.lower() == "auto"
    enc = "utf-8-sig" if auto or not encoding else encoding
    try:
        nonblank, first, bad_at, bad_bytes = _scan_file(path, enc)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; expected a Python codec name such as "
                         f"'gb18030' or 'cp1252', or 'auto'") from None
    auto_note = None
    if auto and first is None:  # --encoding auto: GBK/GB18030 (Chinese Excel) when it decodes
        scan = _scan_file(path, "gb18030")
        if scan[1] is not None:
            nonblank, first, bad_at, bad_bytes = scan
            enc = "gb18030"
            auto_note = entry(
                source, f"{source}: not UTF-8; decoded as GB18030 (the encoding of Excel's "
                f"'CSV (逗号分隔)' on Chinese Windows) because {option('encoding', 'auto')} was "
                f"given and every byte decodes; check names and labels, or save the file as "
                f"'CSV UTF-8'", value="gb18030", expected="UTF-8 text")
    if not nonblank:
        return file_error(source, f"{source}: empty file (no header, no rows); expected a header "
                          f"line {','.join(REQUIRED_COLUMNS)}", expected="a header line and rows")
    if first is None:
        bad = bad_bytes.hex(" ")
        tried = "UTF-8 or GB18030" if auto else "UTF-8" if encoding is None else encoding
        return file_error(
            source,
            f"{source}: not {tried} text: bytes {bad} at line "
            f"{_line_of(path, bad_at)} cannot be decoded; save the file as 'CSV UTF-8' (Excel: "
            f"Save As > CSV UTF-8) or pass {option('encoding', 'gb18030')} (Chinese Windows) / "
            f"{option('encoding', 'cp1252')} (Western Windows)"
            + ("" if auto else f", or {option('encoding', 'auto')} to read it as GB18030 when "
               f"every byte decodes"),
            value=bad, expected=f"{tried} text")
    sep = sniff_sep(first)
    notes = [auto_note] if auto_note is not None else []
    if sep != ",":
        notes.append(entry(source, f"separator {sep!r} detected in the header line and used",
                           value=sep, expected="','"))
    header = next(csv.reader([first], delimiter=sep), [])
    use, ignored = _columns(header)
    try:
        df = pd.read_csv(path, encoding=enc, sep=sep, dtype="category", keep_default_na=False,
                         na_filter=False, skip_blank_lines=False, engine="c",
                         quoting=csv.QUOTE_MINIMAL, usecols=use)
    except pd.errors.EmptyDataError:
        return file_error(source, f"{source}: empty file (no header)", expected="a header line")
    except (pd.errors.ParserError, ValueError) as exc:
        msg = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        return file_error(source, f"{source}: not a valid CSV table: {msg}; every line needs the "
                          f"same number of {sep!r}-separated fields (quote fields that contain "
                          f"{sep!r})", expected="a rectangular table")
    part = frame_to_part(df, source, "", 2, "a long answer CSV", ignored if use else ())
    part.notes[:0] = notes
    return part


def _columns(header: list[str]) -> tuple[list[int] | None, list[str]]:
    """(positions of the columns to parse, or None for all; names of the columns left out).

    Unknown columns are not parsed into the frame: the reader's cost per column (a categorical
    each) would otherwise grow faster than the columns."""
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    keep = [i for i, h in enumerate(header) if normalise_header(h) in known]
    ignored = [h for h in header if normalise_header(h) not in known]
    return (keep if ignored and keep else None), ignored


def _utf8(encoding: str | None) -> bool:
    """Whether a file read with ``encoding`` is read as UTF-8 first."""
    if not encoding or encoding.lower() == "auto":
        return True
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False  # the C parser's path reports the unknown encoding


def _head(path: Path, limit: int = 1 << 20) -> str | None:
    """The header line of a UTF-8 file (BOM dropped), or None when the first ``limit`` bytes
    hold no complete, decodable, non-blank line."""
    with path.open("rb") as fh:
        data = fh.read(limit)
    line, nl, _ = data.partition(b"\n")
    try:
        text = line.decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError:
        return None
    return text if nl and text.strip() else None


#: Bytes of the file each of pyarrow's parsing tasks takes (its default is 1 MiB): fewer, larger
#: blocks give each column fewer dictionaries to unify into one.
_BLOCK_BYTES = 1 << 24


def _read_arrow(path: Path, source: str) -> Part | None:
    """A UTF-8 CSV read by pyarrow (see :func:`read_csv_part`), or None to read it with
    pandas' C parser: pyarrow missing or refusing the file, or a file it would read otherwise
    than the C parser (a header that is not plain distinct names, a line break in a field)."""
    first = _head(path)
    if first is None:
        return None
    sep = sniff_sep(first)
    header = next(csv.reader([first], delimiter=sep), [])
    if len(set(header)) != len(header) or "" in header or '"' in first:
        return None  # the C parser renames such headers ("Unnamed: 2", "a.1")
    use, ignored = _columns(header)
    names = [header[i] for i in use] if use else header
    try:
        import pyarrow as pa
        import pyarrow.csv as pv

        text = pa.dictionary(pa.int32(), pa.string())
        table = pv.read_csv(
            path, read_options=pv.ReadOptions(block_size=_BLOCK_BYTES),
            parse_options=pv.ParseOptions(delimiter=sep, ignore_empty_lines=False,
                                          newlines_in_values=_has_quotes(path)),
            convert_options=pv.ConvertOptions(
                column_types={h: text for h in names}, include_columns=names,
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except Exception:  # noqa: BLE001 - ImportError, ArrowInvalid: the C parser's path decides
        return None
    if table.column_names != names:
        return None
    n = table.num_rows
    columns = {name: table.column(name) for name in names}
    del table  # each column's memory goes as soon as it is converted
    df = _categoricals(columns, n)
    if df is None:
        return None
    notes = []
    if sep != ",":
        notes.append(entry(source, f"separator {sep!r} detected in the header line and used",
                           value=sep, expected="','"))
    part = frame_to_part(df, source, "", 2, "a long answer CSV", ignored if use else ())
    part.notes[:0] = notes
    return part


def _has_quotes(path: Path) -> bool:
    """Whether the file has a ``"`` anywhere: without one, no field can hold a line break, and
    pyarrow splits the file at line breaks for its threads without following quotes."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return mm.find(b'"') >= 0


def _categoricals(columns: dict[str, Any], n: int) -> pd.DataFrame | None:
    """pyarrow columns of dictionary-encoded text as a frame of categoricals (codes in the
    smallest integer dtype), converted one by one, each freed once converted; None when a value
    holds a line break (the C parser numbers such rows its own way).

    The chunks' dictionaries are unified into one (the chunks' own, in order of first
    appearance) and each chunk's indices copied straight into the column's narrow codes: no
    4-byte copy of the whole column."""
    import pyarrow as pa

    out = {}
    for name in list(columns):
        col = pa.table({name: columns.pop(name)}).unify_dictionaries().column(0)
        if col.num_chunks == 0 or col.null_count:
            return None
        cats = col.chunk(0).dictionary.to_numpy(zero_copy_only=False)
        if any("\n" in c or "\r" in c for c in cats):
            return None
        codes = np.empty(n, dtype=code_dtype(len(cats)))
        pos = 0
        for chunk in col.chunks:
            part = chunk.indices.to_numpy(zero_copy_only=False)
            codes[pos:pos + len(part)] = part
            pos += len(part)
        del col
        out[name] = pd.Categorical.from_codes(codes, categories=pd.Index(cats), validate=False)
    return pd.DataFrame(out, index=pd.RangeIndex(n), copy=False)
