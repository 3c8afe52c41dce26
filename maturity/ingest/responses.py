"""Reading survey answers: long CSV/xlsx files, respondent workbooks, folders and frames.

:func:`read_responses` turns answer files into one tidy ``responses`` frame and puts every row it
cannot accept into a ``rejected`` frame, so that **every input answer row lands in exactly one of
the two** (a file that cannot be read at all is one ``rejected`` entry with ``row`` NA). Accepted
conversions (a label instead of a code, full-width digits, stray spaces, ``"3.0"`` for ``3``) are
listed in ``notes``.

Input formats
-------------
- **Long CSV** (UTF-8, with or without BOM; ``,``, ``;`` or tab separated, sniffed from the
  header line) and **long xlsx** (the sheet named ``answers``, else the first visible sheet that
  has the columns). Columns ``wave, business_line, respondent, question, answer`` are required,
  ``role, project, date, comment, evidence`` optional (``note`` is accepted for ``comment``).
  Header names match case-insensitively, ignoring surrounding spaces; inner spaces and ``-``
  count as ``_`` (``Business Line`` is ``business_line``). Other columns are ignored (noted).
- **Respondent workbooks** written by :func:`maturity.ingest.workbook.write_template`
  (see :mod:`maturity.ingest.workbook` for the layout).
- **A folder**: every ``*.csv``, ``*.xlsx`` and ``*.xlsm`` below it, recursively, in sorted path
  order; Excel lock files (``~$...``) and hidden files/folders are skipped with a note.
- **A DataFrame** already in long form (source ``"<frame>"``; it is never modified).

Encoding
--------
CSV files are decoded as UTF-8 (a BOM is accepted). A file that is not UTF-8 is rejected as a
whole with the line and bytes where decoding failed, rather than guessed: guessing (cp1252 vs
GBK/GB18030) silently garbles names and labels. Excel's "CSV UTF-8" format, or
``encoding="gb18030"`` / ``"cp1252"`` when the encoding is known, fixes it. ``encoding="auto"``
(``--encoding auto``) reads a file that is not UTF-8 as GB18030 (a superset of GBK, the
encoding of Excel's "CSV (逗号分隔)" on Chinese Windows) when every byte decodes, with a note.

Rows
----
``row`` is the row as the user sees it: the CSV line number with the header as line 1 (a quoted
field spanning several lines shifts later lines), the Excel row number for workbooks, and for a
DataFrame the line the row would have in ``df.to_csv(index=False)`` (position + 2). Completely
empty rows are not answer rows: they are skipped (one note per file).

Validation (vectorised: pandas factorize/merge/isin, a Python loop only over *distinct* values)
------------------------------------------------------------------------------------------------
Checked in this order, a rejected row getting the first problem found:

1. missing ``wave``, ``business_line``, ``respondent`` or ``question``;
2. question not in the model;
3. duplicate: the same (wave, business_line, respondent, question) more than once, anywhere in
   the input. *Every* copy is rejected, because we cannot know which one is right; copies from
   two files are reported as "same respondent id in two files", naming both (two people need
   two respondent ids);
4. empty answer (unanswered questions are reported, never dropped);
5. answer not in the question's scale.

Answers are matched to the scale's codes exactly, then ignoring case (``fi`` is ``FI``), then as
numbers (``"3.0"`` or ``3`` is ``3``), then as the English or Chinese label ignoring case when the
label belongs to one code only, the template's drop-down choice ``3 - 大部分实施``; then, with a
note, as typed on a Chinese keyboard: trailing punctuation (``大部分实施。``), code with label
(``4（完全实施）``, both must name the same option), Chinese numerals and points (``２分``,
``三分``). Ids and answers are NFKC-normalised (``"３"`` is ``"3"``) and stripped
(:func:`maturity.ids.normalise_id`); wave, business-line and respondent ids that still differ only
by case, width or spaces are rejected naming every spelling (``merge_ids=True`` merges them).
Free text (``role, project, comment, evidence``) is kept byte for byte. ``date`` is checked: a
day in any form :func:`maturity.waves.parse_date` reads is written ``YYYY-MM-DD`` (noted when
typed otherwise), anything else is kept as typed with a note.

Performance
-----------
xlsx data are read with python-calamine (Rust): a 200,000-row long sheet takes 2.0 s with
calamine against 26.5 s with openpyxl in read-only mode (measured on the CI container, 2 CPUs);
``read_responses`` on it takes about 5 s in all, and a 1,000,000-row CSV about 5 s. openpyxl
(read-only) is opened only for a workbook whose sheet XML contains formulas, to locate them.
Hidden sheets and merged cells come from calamine's sheet metadata. A folder of more than 20 files
is read by a process pool (``workers``, default ``min(4, cpu count)``); results do not depend on
the number of workers.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import FAILURE_COLUMNS, InputError
from maturity.excerpt import excerpt
from maturity.i18n import _
from maturity.ids import id_variants, merge_map, normalise_id
from maturity.model.load import Model, load_model
from maturity.waves import parse_period

__all__ = [
    "Responses",
    "read_responses",
    "RESPONSE_COLUMNS",
    "ENTRY_COLUMNS",
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
]

#: Columns of ``Responses.responses``, in order.
RESPONSE_COLUMNS = [
    "wave", "business_line", "respondent", "project", "role", "date", "question", "practice",
    "process_area", "answer", "value", "na", "comment", "evidence", "source", "sheet", "row",
]
#: Columns of ``Responses.rejected`` and ``Responses.notes``.
ENTRY_COLUMNS = [*FAILURE_COLUMNS, "wave", "business_line", "respondent", "question"]
#: Columns a long answer file must have.
REQUIRED_COLUMNS = ["wave", "business_line", "respondent", "question", "answer"]
#: Columns a long answer file may have.
OPTIONAL_COLUMNS = ["role", "project", "date", "comment", "evidence"]
_ALIASES = {"note": "comment", "notes": "comment", "comments": "comment",
            # Chinese headers (the Chinese respondent template and long files typed in Chinese)
            "评估批次": "wave", "批次": "wave", "业务线": "business_line", "答卷人": "respondent",
            "答卷人编号": "respondent", "工号": "respondent", "角色": "role", "项目": "project",
            "日期": "date", "问题编号": "question", "答案": "answer", "说明": "comment",
            "备注": "comment", "证据": "evidence", "过程域": "process_area", "实践": "practice",
            "问题": "text"}
#: Free-text columns: kept byte for byte (only ids and answer codes are normalised).
FREE_TEXT_COLUMNS = ("role", "project", "comment", "evidence")
_RAW_COLUMNS = ["source", "sheet", "row", *REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
_KEYS = ["wave", "business_line", "respondent", "question"]
_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
_PARALLEL_MIN_FILES = 20


@dataclass(frozen=True)
class Responses:
    """Answers read by :func:`read_responses`.

    Attributes
    ----------
    responses : pandas.DataFrame
        Accepted answers, columns :data:`RESPONSE_COLUMNS`, sorted by ``source, row``.
    rejected : pandas.DataFrame
        One row per rejected answer row or unreadable file, columns :data:`ENTRY_COLUMNS`.
    notes : pandas.DataFrame
        Accepted conversions and skipped files/sheets, columns :data:`ENTRY_COLUMNS`.
    """

    responses: pd.DataFrame = field(repr=False)
    rejected: pd.DataFrame = field(repr=False)
    notes: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"Responses({len(self.responses)} accepted, {len(self.rejected)} rejected, "
            f"{len(self.notes)} notes)"
        )


# --------------------------------------------------------------------------------------------
# Entries (rejected / notes) and the per-file result


def _entries(rows: Iterable[dict[str, Any]] | None = None) -> pd.DataFrame:
    df = pd.DataFrame(list(rows or []), columns=ENTRY_COLUMNS)
    for c in ENTRY_COLUMNS:
        if c == "row":
            df[c] = pd.array(df[c], dtype="Int64")
        else:
            df[c] = df[c].fillna("").astype(object)
    return df


def entry(source: str, message: str, *, sheet: str = "", row: Any = pd.NA, column: str = "",
          value: Any = "", expected: str = "", **keys: str) -> dict[str, Any]:
    """One rejected/notes entry as a dict (internal helper shared with :mod:`maturity.ingest.workbook`)."""
    d = {"source": source, "sheet": sheet, "row": row, "column": column,
         "value": "" if value is None else str(value), "expected": expected, "message": message}
    for k in _KEYS:
        d[k] = keys.get(k, "")
    return d


@dataclass
class Part:
    """What reading one file gives: raw long rows, rejected entries, notes (internal)."""

    raw: pd.DataFrame
    rejected: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    model_id: str = ""  # the model a respondent workbook was written for


def empty_raw() -> pd.DataFrame:
    """A raw frame with no rows (internal)."""
    return _EMPTY_RAW.copy()


_EMPTY_RAW = pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else object)
                           for c in _RAW_COLUMNS})


def file_error(source: str, message: str, *, sheet: str = "", value: Any = "",
               expected: str = "", column: str = "") -> Part:
    """A Part for a file that cannot be read: one rejected entry with row NA (internal)."""
    return Part(empty_raw(), [entry(source, message, sheet=sheet, value=value,
                                    expected=expected, column=column)])


def normalise_header(name: Any) -> str:
    """Canonical column name: stripped, lower case, inner spaces/dashes as ``_``, aliases mapped.

    Examples
    --------
    >>> normalise_header(" Business Line "), normalise_header("NOTE")
    ('business_line', 'comment')
    """
    s = unicodedata.normalize("NFKC", "" if name is None else str(name)).strip().lower()
    s = re.sub(r"[\s\-]+", "_", s)
    return _ALIASES.get(s, s)


def _constant(value: str, n: int) -> pd.Categorical:
    """A column of ``n`` copies of one text, as a categorical (one byte a row)."""
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=pd.Index([value],
                                                                                     dtype=object))


def _listing(names: list[str], shown: int = 10) -> str:
    """The first ``shown`` names (each cut to a short excerpt) and how many more."""
    from maturity.excerpt import EXCERPT_CHARS

    cut = [n if len(n) <= EXCERPT_CHARS else n[:EXCERPT_CHARS] + "…" for n in names[:shown]]
    more = f" (and {len(names) - shown:,} more)" if len(names) > shown else ""
    return ", ".join(cut) + more


def frame_to_part(df: pd.DataFrame, source: str, sheet: str, first_row: int,
                  what: str, ignored: Sequence[str] = ()) -> Part:
    """Check the header of a long table and give its rows as a raw Part (internal).

    ``first_row`` is the user-visible row number of ``df``'s first data row; ``ignored``: names
    of columns already left out by the reader (unknown columns, noted with the others).
    """
    found = [str(c) for c in df.columns]
    canon = [normalise_header(c) for c in df.columns]
    seen = Counter(canon)  # linear in the columns (a wide sheet has thousands)
    dup = sorted(c for c, k in seen.items() if c and k > 1)
    where = f"{source}" + (f", sheet {sheet}" if sheet else "")
    if dup:
        return file_error(source, f"{where}: column(s) {', '.join(dup)} appear more than once in "
                          f"the header; keep one of each", sheet=sheet, column=", ".join(dup),
                          value=", ".join(found), expected="each column once")
    missing = [c for c in REQUIRED_COLUMNS if c not in canon]
    if missing:
        return file_error(
            source,
            f"{where}: missing required column(s) {', '.join(missing)}; columns found: "
            f"{', '.join(found) or '(none)'}; {what} needs {', '.join(REQUIRED_COLUMNS)}",
            sheet=sheet, column=", ".join(missing), value=", ".join(found),
            expected=", ".join(REQUIRED_COLUMNS))
    part = Part(empty_raw())
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    extra = list(ignored) + [f for f, c in zip(found, canon, strict=True) if c not in known]
    if extra:
        listed = _listing(extra)
        part.notes.append(entry(source, f"column(s) ignored: {listed}", sheet=sheet,
                                column=listed, expected=", ".join(
                                    REQUIRED_COLUMNS + OPTIONAL_COLUMNS)))
    body = df.set_axis(canon, axis=1)
    n = len(body)
    out: dict[str, Any] = {"source": _constant(source, n), "sheet": _constant(sheet, n),
                           "row": np.arange(first_row, first_row + n, dtype="int64")}
    for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
        if c not in body:
            out[c] = _constant("", n)
        elif isinstance(body[c].dtype, pd.CategoricalDtype):
            out[c] = body[c].array  # codes into distinct texts (the CSV reader's output)
        else:
            out[c] = body[c].to_numpy(dtype=object)
    raw = pd.DataFrame(out, columns=_RAW_COLUMNS, copy=False)
    # completely empty rows are not answer rows
    cols = [c for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if c in body]
    cand = np.arange(n)  # rows blank in every column checked so far
    for c in cols:  # cheap: exact "" or missing (rows of spaces are answer rows, then rejected)
        v = out[c]
        if isinstance(v, pd.Categorical):
            cats = v.categories.to_numpy(dtype=object)
            empty = np.append((cats == "") | pd.isna(cats), True)  # code -1 (missing) is blank
            cand = cand[empty[v.codes[cand]]]
        else:
            v = v[cand]
            cand = cand[(v == "") | pd.isna(v)]
    blank = np.zeros(n, dtype=bool)
    blank[cand] = True
    if blank.any():
        part.notes.append(entry(source, f"{int(blank.sum())} empty row(s) skipped", sheet=sheet))
        raw = raw[~blank].reset_index(drop=True)
    if not len(raw):
        part.notes.append(entry(source, f"{what} with a header but no answer rows", sheet=sheet))
    part.raw = raw
    return part


# --------------------------------------------------------------------------------------------
# CSV


def _sniff_sep(header_line: str) -> str:
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
    import codecs

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

    The file is parsed straight into categorical columns (pandas' C parser, categories as
    strings): a text cell costs its code (1-4 bytes) instead of a Python string object, so a
    1.5 GB file of 18 million answers is read in well under its own size of memory.
    """
    from maturity._hints import option

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
    sep = _sniff_sep(first)
    notes = [auto_note] if auto_note is not None else []
    if sep != ",":
        notes.append(entry(source, f"separator {sep!r} detected in the header line and used",
                           value=sep, expected="','"))
    # unknown columns are not parsed into the frame: the reader's cost per column (a
    # categorical each, merged chunk by chunk) would otherwise grow faster than the columns
    header = next(csv.reader([first], delimiter=sep), [])
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    keep = [i for i, h in enumerate(header) if normalise_header(h) in known]
    ignored = [h for h in header if normalise_header(h) not in known]
    use = keep if ignored and keep else None
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


# --------------------------------------------------------------------------------------------
# Sources


def _is_hidden(rel: Path) -> bool:
    return any(p.startswith(".") for p in rel.parts)


def _list_sources(root: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    files, notes = [], []
    for p in sorted(root.rglob("*"), key=lambda q: q.relative_to(root).as_posix()):
        if not p.is_file():
            continue
        rel = p.relative_to(root)
        if p.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
            if not _is_hidden(rel):
                notes.append(entry(str(p), f"{p}: skipped: not a .csv or .xlsx file",
                                   expected=".csv, .xlsx"))
            continue
        if p.name.startswith("~$"):
            notes.append(entry(str(p), f"{p}: skipped: Excel lock file (the workbook is open in "
                               f"Excel)"))
        elif _is_hidden(rel):
            notes.append(entry(str(p), f"{p}: skipped: hidden file"))
        else:
            files.append(p)
    return files, notes


def read_file_part(path: str | os.PathLike[str], max_bytes: int = 200_000_000,
                   encoding: str | None = None, compact: bool = False) -> Part:
    """Read one file into a raw Part, never raising for a bad file (internal; picklable).

    ``compact=True``: a respondent workbook's rows may come as the workbook reader's compact
    rows rather than a frame (what :func:`maturity.ingest.workbook.read_chunk` combines)."""
    p = Path(path)
    source = str(p)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            from maturity._hints import option

            return file_error(source, f"{source}: file is {size:,} bytes, over the limit of "
                              f"{max_bytes:,} ({option('max_bytes')}); split it or pass "
                              f"{option('max_bytes', -(-size // 1_000_000) * 1_000_000)}",
                              value=f"{size} bytes", expected=f"at most {max_bytes} bytes")
        with p.open("rb") as fh:
            magic = fh.read(8)
        kind = _SUFFIXES.get(p.suffix.lower())
        if kind is None:
            kind = "xlsx" if magic.startswith(b"PK") else "csv"
        if kind == "xlsx":
            from maturity.ingest.workbook import read_workbook_part

            return read_workbook_part(p, source, max_bytes, compact=compact)
        if magic.startswith(b"PK\x03\x04") or magic.startswith(b"\xd0\xcf\x11\xe0"):
            return file_error(source, f"{source}: named .csv but is an Excel workbook; rename it "
                              f"to .xlsx (or save it as CSV UTF-8)", expected="CSV text")
        return read_csv_part(p, source, encoding)
    except InputError:
        raise
    except (OSError, MemoryError, RecursionError, Exception) as exc:  # noqa: BLE001 - never a raw traceback
        return file_error(source, f"{source}: could not be read ({type(exc).__name__}: {exc})",
                          expected="a readable CSV or xlsx file")


def _read_parts(files: list[Path], max_bytes: int, encoding: str | None, progress: bool,
                workers: int | None, model_id: str | None = None) -> list[Part]:
    """The files' raw Parts, in file order.

    With ``model_id`` (the model read with), files read by the process pool come back as one
    Part: the workers read runs of files and send their rows back as integer codes
    (:func:`maturity.ingest.workbook.read_chunk`), combined into categorical columns; a workbook
    written for another model gets its note there, as ``read_responses`` gives it to a Part
    of its own."""
    if workers is None:
        workers = min(4, os.cpu_count() or 1) if len(files) > _PARALLEL_MIN_FILES else 1
    bar = None
    if progress:
        from maturity._bars import progress_bar

        bar = progress_bar(len(files), unit="file", desc="reading answers")  # silent off a terminal
    parts: list[Part] = []
    try:
        if workers > 1 and len(files) > 1 and model_id is not None:
            from maturity.ingest.workbook import combine_chunks, file_runs, read_chunk

            runs = file_runs([str(f) for f in files], workers)  # in file order (deterministic)
            chunks = []
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(read_chunk, r, max_bytes, encoding, model_id)
                           for r in runs]
                for r, fut in zip(runs, futures, strict=True):
                    chunks.append(fut.result())
                    if bar is not None:
                        bar.update(len(r))
            return [combine_chunks(chunks)]
        if workers > 1 and len(files) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                # in file order (deterministic); files go to the workers in chunks, which
                # saves a round trip per file on folders of small workbooks
                chunk = max(1, min(16, len(files) // (8 * workers)))
                read = partial(read_file_part, max_bytes=max_bytes, encoding=encoding)
                for part in pool.map(read, [str(f) for f in files], chunksize=chunk):
                    parts.append(part)
                    if bar is not None:
                        bar.update(1)
        else:
            for f in files:
                parts.append(read_file_part(f, max_bytes, encoding))
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return parts


# --------------------------------------------------------------------------------------------
# Canonical text of raw cell values (a Python loop over distinct values only)


def _canon_one(u: Any, col: str) -> tuple[str, str, str]:
    """(canonical text, as shown to the user, note or '')."""
    if u is None or u is pd.NA or u is pd.NaT:
        return "", "", ""
    if isinstance(u, (bool, np.bool_)):
        return str(bool(u)), str(bool(u)), ""
    if isinstance(u, (int, np.integer)):
        return str(int(u)), str(int(u)), ""
    if isinstance(u, (float, np.floating)):
        if np.isnan(u):
            return "", "", ""
        s = str(int(u)) if float(u).is_integer() else repr(float(u))
        return s, s, ""
    if isinstance(u, (datetime, pd.Timestamp)):
        if col == "wave" and u.day == 1 and u.hour == u.minute == u.second == 0:
            s = u.strftime("%Y-%m")
            return s, u.isoformat(), f"date {u.date().isoformat()} read as wave {s}"
        midnight = (u.hour, u.minute, u.second) == (0, 0, 0)
        s = u.date().isoformat() if midnight else u.isoformat(sep=" ")
        return s, s, ""
    if isinstance(u, date):
        if col == "wave" and u.day == 1:
            s = u.strftime("%Y-%m")
            return s, u.isoformat(), f"date {u.isoformat()} read as wave {s}"
        return u.isoformat(), u.isoformat(), ""
    if isinstance(u, (time, timedelta)):
        return str(u), str(u), ""
    s = str(u)
    if col in FREE_TEXT_COLUMNS:  # free text is kept byte for byte
        return s, s, ""
    if col == "date":
        return _canon_date(s)
    n = unicodedata.normalize("NFKC", s)
    t = normalise_id(s)
    what = []
    if n.strip() != s.strip():
        what.append("full-width or compatibility characters converted (NFKC)")
    if t != n:
        what.append("surrounding whitespace removed")
    return t, s, "; ".join(what)


def _canon_date(s: str) -> tuple[str, str, str]:
    """An answer's date: a calendar day in any form :func:`maturity.waves.parse_date` reads,
    written ``YYYY-MM-DD`` (noted when typed otherwise); anything else is kept as typed, noted."""
    t = normalise_id(s)
    if not t:
        return "", s, ""
    period = parse_period(t)
    if period is not None and period[0] == period[1]:
        iso = period[0].isoformat()
        return iso, s, ("" if iso == s else _("date {typed!r} read as {iso}").format(
            typed=s, iso=iso))
    return t, s, _("date {typed!r} is not a calendar day (expected e.g. 2026-03-15, 2026/3/15 "
                   "or 2026年3月15日); kept as typed, not used to order the waves").format(typed=s)


def _small_int(n: int) -> type:
    """The smallest signed integer dtype holding 0..n (and -1)."""
    for t in (np.int8, np.int16, np.int32):
        if n < np.iinfo(t).max:
            return t
    return np.int64


def _codes_of(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values) of a column: a categorical's own codes, else one factorisation;
    missing values get code -1."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, pd.Categorical):
        return np.asarray(values.codes), values.categories.to_numpy(dtype=object)
    codes, uniques = pd.factorize(pd.Series(np.asarray(values, dtype=object), dtype=object),
                                  use_na_sentinel=True)
    return np.asarray(codes, dtype=_small_int(len(uniques))), np.asarray(uniques, dtype=object)


def categorical(codes: np.ndarray, categories: np.ndarray) -> pd.Categorical:
    """A categorical of ``categories[codes]`` with only the categories used, sorted as strings
    sort (so ``groupby(..., observed=True, sort=True)`` and ``sort_values`` order rows as they
    would order the strings); codes in the smallest integer dtype (internal)."""
    cats = np.asarray(categories, dtype=object)
    codes = np.asarray(codes)
    if not len(cats):
        return pd.Categorical.from_codes(np.zeros(len(codes), dtype=np.int8) - 1,
                                         categories=pd.Index([], dtype=object))
    seen = np.zeros(len(cats) + 1, dtype=bool)  # the last slot takes code -1 (missing)
    seen[codes] = True  # a table of the codes seen: no copy or widening of ``codes``
    used = np.flatnonzero(seen[:-1])
    keep = used[np.argsort(cats[used], kind="stable")]
    remap = np.full(len(cats) + 1, -1, dtype=_small_int(len(keep)))
    remap[keep] = np.arange(len(keep))
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(cats[keep], dtype=object),
                                     validate=False)


class _Coded:
    """A raw text column as integer codes into its distinct values, with the canonical text,
    display text and note of each distinct value (computed once per distinct value).

    A categorical column (the CSV reader's) is used through its own codes, without looking at
    its rows' text at all."""

    __slots__ = ("codes", "canon_u", "shown_u", "note_u", "ckey", "cuniq")

    def __init__(self, values: pd.Series | np.ndarray, col: str) -> None:
        codes, uniques = _codes_of(values)
        res = [_canon_one(u, col) for u in uniques]
        self.canon_u = np.array([r[0] for r in res] + [""], dtype=object)
        self.shown_u = np.array([r[1] for r in res] + [""], dtype=object)
        self.note_u = np.array([r[2] for r in res] + [""], dtype=object)
        missing = codes < 0
        if missing.any() or np.dtype(codes.dtype) != np.dtype(_small_int(len(res) + 1)):
            self.codes = codes.astype(_small_int(len(res) + 1))
            self.codes[missing] = len(res)  # missing: the last, empty entry
        else:  # a categorical's codes as they are (no copy)
            self.codes = codes
        del missing
        ck, cu = pd.factorize(self.canon_u)  # distinct values with the same canonical text
        self.ckey = np.asarray(ck, dtype=np.int32)
        self.cuniq = np.asarray(cu, dtype=object)

    def canon(self, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.canon_u[self.codes[idx]]

    def merge(self, mapping: dict[str, str], note: str) -> None:
        """Canonical spellings ``mapping`` keys become their values (ids merged), noted."""
        for i, t in enumerate(self.canon_u):
            if t in mapping:
                self.canon_u[i] = mapping[t]
                self.note_u[i] = "; ".join(x for x in (self.note_u[i], note.format(
                    typed=t, into=mapping[t])) if x)
        ck, cu = pd.factorize(self.canon_u)
        self.ckey = np.asarray(ck, dtype=np.int32)
        self.cuniq = np.asarray(cu, dtype=object)

    def used_counts(self) -> dict[str, int]:
        """Rows per canonical text (texts of no row left out)."""
        n = np.bincount(self.ckey[self.codes], minlength=len(self.cuniq))
        return {str(t): int(c) for t, c in zip(self.cuniq, n, strict=True) if c and t != ""}

    def shown(self, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.shown_u[self.codes[idx]]

    def note(self, idx: np.ndarray | slice = slice(None)) -> np.ndarray:
        return self.note_u[self.codes[idx]]

    def key(self) -> np.ndarray:
        """Code of each row's canonical text (equal texts, equal codes)."""
        return self.ckey[self.codes]

    def categorical(self, idx: np.ndarray | slice = slice(None)) -> pd.Categorical:
        """The canonical texts of rows ``idx`` as a categorical (sorted categories), built
        from the raw codes with one gather (no intermediate array of canonical keys)."""
        c = self.codes[idx]
        seen = np.zeros(len(self.canon_u), dtype=bool)
        seen[c] = True
        used_ck = np.zeros(len(self.cuniq), dtype=bool)
        used_ck[self.ckey[seen]] = True
        keep = np.flatnonzero(used_ck)
        keep = keep[np.argsort(self.cuniq[keep], kind="stable")]
        remap_ck = np.full(len(self.cuniq), -1, dtype=_small_int(len(keep)))
        remap_ck[keep] = np.arange(len(keep))
        return pd.Categorical.from_codes(remap_ck[self.ckey][c],
                                         categories=pd.Index(self.cuniq[keep], dtype=object),
                                         validate=False)


def _canon(values: pd.Series | np.ndarray, col: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Canonical text, display text and note for a column, computed once per distinct value."""
    c = _Coded(values, col)
    return c.canon(), c.shown(), c.note()


# --------------------------------------------------------------------------------------------
# Answer resolution


def _float_or_none(s: str) -> float | None:
    try:
        f = float(s)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


class _ScaleLookup:
    def __init__(self, scale: Any) -> None:
        opts = scale.options
        self.id = scale.id
        self.codes = [str(c) for c in opts["code"]]
        self.value = dict(zip(self.codes, opts["value"].astype(float), strict=True))
        self.na = dict(zip(self.codes, opts["na"].astype(bool), strict=True))
        self.folded = {}
        for c in self.codes:
            self.folded.setdefault(c.casefold(), []).append(c)
        self.numeric = {}
        for c in self.codes:
            f = _float_or_none(c)
            if f is not None:
                self.numeric.setdefault(f, []).append(c)
        self.labels: dict[str, list[str]] = {}
        self.choices: dict[str, str] = {}  # the template's drop-down "code - label", no note
        for c, lab, labzh in zip(self.codes, opts["label"], opts["label_zh"], strict=True):
            for text in (lab, labzh):
                if isinstance(text, str) and text.strip():
                    k = unicodedata.normalize("NFKC", text).strip().casefold()
                    if c not in self.labels.get(k, []):
                        self.labels.setdefault(k, []).append(c)
                    self.choices[unicodedata.normalize("NFKC", f"{c} - {text.strip()}")
                                 .casefold()] = c
        self.expected = f"one of {', '.join(self.codes)} (scale {self.id}) or an option's label"

    def resolve(self, text: str) -> tuple[str | None, str]:
        """(code or None, note or rejection reason): the code, its case-free form, a number,
        a label; then the forms people type (:meth:`_typed`)."""
        code, why = self._exact(text)
        if code is not None or text == "":
            return code, why
        typed = self._typed(text)
        return typed if typed is not None else (None, why)

    def _typed(self, text: str) -> tuple[str | None, str] | None:
        """Answers as typed on a Chinese keyboard or from a drop-down: trailing punctuation
        (``大部分实施。``), code with label (``4（完全实施）``, ``3 - 大部分实施``), a Chinese
        numeral or a number of points (``２分``, ``三分``). None when no form applies."""
        bare = _TRAILING.sub("", text)
        if bare and bare != text:
            code = self._exact(bare)[0]
            if code is None:
                code = (self._typed(bare) or (None, ""))[0]
            if code is not None:
                return code, _("answer {text!r} read as code {code!r} (trailing punctuation "
                               "ignored)").format(text=text, code=code)
        m = _POINTS.fullmatch(text)
        if m is not None:
            num = _cn_int(m.group(1))
            hits = self.numeric.get(float(num), []) if num is not None else []
            if len(hits) == 1:
                return hits[0], _("answer {text!r} read as code {code!r} (number of "
                                  "points)").format(text=text, code=hits[0])
        for m in (_BRACKET.fullmatch(text), _CODE_LABEL.fullmatch(text)):
            if m is None:
                continue
            a, b = (self._exact(x.strip())[0] or self._prefix(x.strip()) for x in m.groups())
            if a is not None and b is not None:
                if a == b:
                    return a, _("answer {text!r} read as code {code!r} (code and label "
                                "agree)").format(text=text, code=a)
                return None, _("answer {text!r} names two different options ({a!r} and {b!r}) "
                               "of scale {scale}; give one").format(text=text, a=a, b=b,
                                                                     scale=self.id)
        return None

    def _prefix(self, text: str) -> str | None:
        """The one code whose label starts with ``text`` (``完全实施`` for ``完全实施并制度化``),
        used only to confirm the code typed beside it."""
        k = text.casefold()
        hits = {c for lab, cs in self.labels.items() if k and lab.startswith(k) for c in cs}
        return hits.pop() if len(hits) == 1 else None

    def _exact(self, text: str) -> tuple[str | None, str]:
        if text == "":
            return None, "empty answer"
        if text in self.value:
            return text, ""
        if text.casefold() in self.choices:
            return self.choices[text.casefold()], ""
        folded = self.folded.get(text.casefold(), [])
        if len(folded) == 1:
            return folded[0], f"answer {excerpt(text)} read as code {folded[0]!r} (case ignored)"
        f = _float_or_none(text)
        if f is not None:
            num = self.numeric.get(f, [])
            if len(num) == 1:
                return num[0], f"numeric answer {excerpt(text)} read as code {num[0]!r}"
        lab = self.labels.get(text.casefold(), [])
        if len(lab) == 1:
            return lab[0], f"label {excerpt(text)} read as code {lab[0]!r}"
        if len(lab) > 1:
            return None, (f"label {excerpt(text)} is ambiguous on scale {self.id} (codes "
                          f"{', '.join(lab)}); give the code")
        return None, f"answer {excerpt(text)} is not an option of scale {self.id}"


_TRAILING = re.compile(r"[。.!！?？,，;；:：、\s]+$")
_POINTS = re.compile(r"(\d+|[零〇一二两三四五六七八九十]{1,3})\s*分?")
_BRACKET = re.compile(r"(.+?)\s*[(（\[【]\s*(.+?)\s*[)）\]】]")
_CODE_LABEL = re.compile(r"(\S+?)\s*(?:[-–—:：]\s*|\s+)(.+)")
_CN_INT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9, "十": 10}


def _cn_int(text: str) -> int | None:
    """An integer written in digits or as a small Chinese numeral (零 ... 十), else None."""
    if text.isdigit():
        return int(text)
    return _CN_INT.get(text)


# --------------------------------------------------------------------------------------------
# Validation


def _where(src: pd.Series, sheet: pd.Series, row: pd.Series) -> pd.Series:
    s = src.astype(str) + np.where(sheet.astype(str) != "", ", sheet " + sheet.astype(str), "")
    return s + ", row " + row.astype(str)


def _row_keys(*cols: tuple[np.ndarray, int]) -> np.ndarray:
    """One int64 key per row for a combination of code arrays (with their numbers of codes)."""
    key = np.zeros(len(cols[0][0]), dtype=np.int64)
    span = 1
    for c, n in cols:
        n = max(int(n), 1)
        if span * n >= 2**62:  # keep the key exact: renumber the combinations seen so far
            key = np.asarray(pd.factorize(key)[0], dtype=np.int64)
            span = int(key.max()) + 1 if len(key) else 1
        key *= n  # in place: no 8-byte-a-row temporaries
        key += c
        span *= n
    return key


def _duplicated(cols: dict[str, "_Coded"], rows: np.ndarray) -> np.ndarray:
    """``duplicated(keep=False)`` of the (wave, business line, respondent, question) keys of
    ``rows`` (a bool mask), without a hash table over every row when it can be avoided.

    Respondents live in few (wave, line)s, so the distinct (wave, line, respondent) triples are
    few: they are numbered by hashing (a table the size of the triples, not of the rows), and
    (triple, question) pairs are then counted in a table of their span. Keys are built in
    place, one column at a time."""
    w, b, r, q = (cols[k] for k in _KEYS)
    sel: np.ndarray | slice = slice(None) if rows.all() else rows
    key = w.ckey[w.codes[sel]].astype(np.int64)
    for c in (b, r):
        key *= max(len(c.cuniq), 1)
        key += c.ckey[c.codes[sel]]
    trip, uniq = pd.factorize(key)
    del key
    nq = max(len(q.cuniq), 1)
    span = len(uniq) * nq
    pair = np.asarray(trip, dtype=np.int64)
    del trip
    pair *= nq
    pair += q.ckey[q.codes[sel]]
    out = np.zeros(len(rows), dtype=bool)
    if span <= max(len(pair), 1 << 20):
        twice = np.bincount(pair, minlength=span) > 1  # a bool per key, not a count per row
        out[sel] = twice[pair]
    else:
        out[sel] = pd.Series(pair).duplicated(keep=False).to_numpy()
    return out


_ID_NAMES = {"wave": "wave", "business_line": "business line", "respondent": "respondent"}


def _variant_rows(cols: dict[str, _Coded], merge_ids: bool) -> list[tuple[np.ndarray, str, str]]:
    """Ids of one kind that differ only by case, width or spaces (:func:`maturity.ids.
    id_variants`): merged into the most frequent spelling with a note when ``merge_ids``, else
    (row mask, column, message) of the rows to reject, naming every spelling."""
    out = []
    for k, what in _ID_NAMES.items():
        col = cols[k]
        counts = col.used_counts()
        groups = id_variants(counts)
        if not groups:
            continue
        if merge_ids:
            col.merge(merge_map(counts, counts=counts),
                      f"{k} {{typed!r}} merged into {{into!r}} (they differ only by case, "
                      f"width or spaces; merge_ids=True)")
            continue
        for spellings in groups.values():
            listed = " and ".join(repr(x) for x in spellings)
            mask = np.isin(col.canon(), spellings)
            out.append((mask, k, _("{what} ids {listed} differ only by case, width or spaces: "
                                   "use one spelling for one {what} (or merge them with "
                                   "read_responses(..., merge_ids=True))").format(what=what,
                                                                                 listed=listed)))
    return out


def validate_raw(raw: pd.DataFrame, model: Model, merge_ids: bool = False,
                 ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Validate raw long rows: (responses, rejected, notes) with every row in exactly one of the
    first two (internal; vectorised).

    Each text column is factorised once (a categorical column is used through its codes);
    canonical texts, notes, model lookups and answer resolution are computed per distinct value
    (or distinct (scale, answer) pair) and spread to the rows by integer codes. Text is
    materialised per row only for the rows that are rejected or noted; the accepted rows' ids
    are categoricals built from the same codes.
    """
    n = len(raw)
    raw = _range_index(raw)
    cols = {c: _Coded(raw[c], c) for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}
    src_codes, src_u = _codes_of(raw["source"])
    sheet_codes, sheet_u = _codes_of(raw["sheet"])
    row_ = raw["row"].to_numpy()

    def base(idx: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({"source": src_u[src_codes[idx]], "sheet": sheet_u[sheet_codes[idx]],
                             "row": pd.array(row_[idx], dtype="Int64")})

    variants = _variant_rows(cols, merge_ids)
    note_frames: list[pd.DataFrame] = []
    for c in (*REQUIRED_COLUMNS, "date"):
        col = cols[c]
        if (col.note_u != "").any():
            idx = np.flatnonzero((col.note_u != "")[col.codes])
            f = base(idx)
            f["column"], f["value"], f["expected"] = c, col.shown(idx), col.canon(idx)
            f["message"] = col.note(idx)
            f["_m"] = idx
            note_frames.append(f)

    # rejections: (rows, column, value, expected, message), the rows of each step disjoint
    rejections: list[tuple[np.ndarray, Any, Any, Any, Any]] = []
    rejected_mask = np.zeros(n, dtype=bool)

    # 1. missing ids
    blank = {k: (cols[k].canon_u == "")[cols[k].codes] for k in _KEYS}
    miss = np.logical_or.reduce([blank[k] for k in _KEYS]) if n else np.zeros(0, dtype=bool)
    if miss.any():
        mi = np.flatnonzero(miss)
        names = np.full(len(mi), "", dtype=object)
        for k in _KEYS:
            mk = blank[k][mi]
            names[mk] = np.where(names[mk] == "", k, names[mk] + ", " + k)
        first = np.array([s_.split(", ")[0] for s_ in names], dtype=object)
        rejections.append((mi, first, "", "a non-empty value",
                           "missing " + names + "; every answer row needs a wave, business "
                           "line, respondent and question"))
        rejected_mask[mi] = True
    del blank

    # 1b. ids of one kind that differ only by case, width or spaces (not merged)
    for mask, k, message in variants:
        vi = np.flatnonzero(mask & ~rejected_mask)
        if len(vi):
            rejections.append((vi, k, cols[k].shown(vi), "one spelling per id", message))
            rejected_mask[vi] = True

    # 2. unknown question (looked up once per distinct question text)
    qcol = cols["question"]
    q_pos = pd.Index(model.questions["question"].astype(str)).get_indexer(qcol.canon_u)
    qidx = q_pos.astype(np.int32)[qcol.codes]
    unknown = (qidx < 0) & ~rejected_mask  # missing ids and id variants come first
    if unknown.any():
        ui = np.flatnonzero(unknown)
        rejections.append((ui, "question", qcol.shown(ui), f"a question id of model {model.id}",
                           "unknown question: not in model " + model.id + " ("
                           + str(len(model.questions)) + " questions); check the id"))
        rejected_mask[ui] = True

    # 3. duplicates (every copy), on one integer key per row
    ok_keys = ~rejected_mask
    dup = _duplicated(cols, ok_keys) if ok_keys.any() else np.zeros(n, dtype=bool)
    if dup.any():
        di = np.flatnonzero(dup)
        d = pd.DataFrame({k: cols[k].canon(di) for k in _KEYS})
        d["_loc"] = _where(pd.Series(src_u[src_codes[di]]), pd.Series(sheet_u[sheet_codes[di]]),
                           pd.Series(row_[di])).to_numpy()
        d["_n"] = d.groupby(_KEYS, sort=False)["_loc"].transform("size")
        locs = d.groupby(_KEYS, sort=False)["_loc"].transform(
            lambda s_: "; ".join(s_.iloc[:5]) + ("; ..." if len(s_) > 5 else ""))
        d["_src"] = src_u[src_codes[di]]
        files = d.groupby(_KEYS, sort=False)["_src"].transform(
            lambda s_: " and ".join(dict.fromkeys(s_.astype(str))))
        two = (d.groupby(_KEYS, sort=False)["_src"].transform("nunique") > 1).to_numpy()
        same = ("duplicate answer: question " + d["question"] + " answered "
                + d["_n"].astype(str) + " times by respondent " + d["respondent"]
                + " (wave " + d["wave"] + ", business line " + d["business_line"]
                + ") at " + locs + "; every copy is rejected because we cannot know "
                "which is right: keep one and resubmit")
        people = (_("same respondent id in two files") + ": respondent " + d["respondent"]
                  + " (wave " + d["wave"] + ", business line " + d["business_line"]
                  + ") answers question " + d["question"] + " in " + files
                  + "; every copy is rejected: if these are two people, give each a unique "
                  "respondent id (e.g. the staff number, 工号) beside the name, else keep one "
                  "file")
        rejections.append((di, np.where(two, "respondent", "question"),
                           np.where(two, cols["respondent"].shown(di), qcol.shown(di)),
                           "one answer per wave, business line, respondent and question",
                           np.where(two, people.to_numpy(), same.to_numpy())))
        rejected_mask[di] = True

    # 4-5. answers (resolved once per distinct (scale, canonical answer text))
    scales = model.questions["scale"].astype(str).to_numpy()
    lookups = {sid: _ScaleLookup(model.scales[sid]) for sid in dict.fromkeys(scales)}
    sid_codes, sid_uniques = pd.factorize(pd.Series(scales))
    sid_codes = np.asarray(sid_codes, dtype=np.int64)
    acol = cols["answer"]
    ans_pair = np.full(n, -1, dtype=np.int32)  # the row's (scale, answer) pair, -1 = none
    pair_code = np.zeros(0, dtype=object)
    pair_note = np.zeros(0, dtype=object)
    pair_value = np.zeros(0, dtype=float)
    pair_na = np.zeros(0, dtype=bool)
    todo = ~rejected_mask
    if todo.any():
        idx = np.flatnonzero(todo)
        na_ = max(len(acol.cuniq), 1)
        pkey = sid_codes[qidx[idx]] * na_ + acol.ckey[acol.codes[idx]]
        pcodes, puniq = pd.factorize(pkey)
        del pkey
        pairs = [(int(k) // na_, acol.cuniq[int(k) % na_]) for k in puniq]
        res = [lookups[sid_uniques[s_]].resolve(a_) for s_, a_ in pairs]
        pair_code = np.array([r[0] for r in res], dtype=object)
        pair_note = np.array([r[1] for r in res], dtype=object)
        pair_bad = np.array([r[0] is None for r in res], dtype=bool)
        pair_exp = np.array([lookups[sid_uniques[s_]].expected for s_, _ in pairs], dtype=object)
        pair_value = np.array([np.nan if r[0] is None else lookups[sid_uniques[s_]].value[r[0]]
                               for (s_, _), r in zip(pairs, res, strict=True)], dtype=float)
        pair_na = np.array([r[0] is not None and bool(lookups[sid_uniques[s_]].na[r[0]])
                            for (s_, _), r in zip(pairs, res, strict=True)], dtype=bool)
        bad = pair_bad[pcodes]
        bi = idx[bad]
        if len(bi):
            bp = pcodes[bad]
            rejections.append((bi, "answer", acol.shown(bi), pair_exp[bp], pair_note[bp]))
            rejected_mask[bi] = True
        ans_pair[idx[~bad]] = pcodes[~bad]
        del idx, pcodes, bad

    accepted = ~rejected_mask

    # rejected, in row order
    if rejections:
        ri = np.concatenate([r[0] for r in rejections])
        order = np.argsort(ri, kind="stable")

        def spread(i: int) -> np.ndarray:
            return np.concatenate([np.broadcast_to(np.asarray(r[i], dtype=object), len(r[0]))
                                   for r in rejections])[order]

        ri = ri[order]
        rej = base(ri)
        rej["column"], rej["value"], rej["expected"], rej["message"] = (spread(1), spread(2),
                                                                        spread(3), spread(4))
    else:
        ri = np.zeros(0, dtype=np.int64)
        rej = base(ri)
        for c in ("column", "value", "expected", "message"):
            rej[c] = np.zeros(0, dtype=object)
    for k in _KEYS:
        rej[k] = cols[k].canon(ri)
    rej = rej[ENTRY_COLUMNS].reset_index(drop=True)

    # notes of accepted rows
    if len(pair_note) and (pair_note != "").any():
        has = np.append(pair_note != "", False)  # index -1: no pair
        mi = np.flatnonzero(has[ans_pair])
        f = base(mi)
        f["column"], f["value"] = "answer", acol.shown(mi)
        f["expected"], f["message"] = pair_code[ans_pair[mi]], pair_note[ans_pair[mi]]
        f["_m"] = mi
        note_frames.append(f)
    if note_frames:
        notes = pd.concat(note_frames, ignore_index=True)
        notes = notes[accepted[notes["_m"].to_numpy()]]
        for k in _KEYS:
            notes[k] = cols[k].canon(notes["_m"].to_numpy())
        notes = notes.sort_values(["_m"], kind="stable")[ENTRY_COLUMNS].reset_index(drop=True)
    else:
        notes = _entries()

    # responses: ids as categoricals (sorted categories) built from the codes, without
    # materialising a string per row
    # rows kept: a slice (a view) when every row is accepted, else the boolean mask (one byte a
    # row, not an 8-byte index); the steps' masks are no longer needed
    del dup, unknown, miss, ok_keys, todo
    n_acc = int(accepted.sum())
    a = slice(None) if n_acc == n else accepted
    q = model.questions
    qi = qidx[a]
    del qidx
    pr_codes, pr_u = pd.factorize(q["practice"].astype(str))
    pa_codes, pa_u = pd.factorize(q["process_area"].astype(str))
    pair_a = ans_pair[a]
    ac_codes, ac_u = pd.factorize(pd.Series(pair_code, dtype=object))
    out = pd.DataFrame({
        "wave": cols["wave"].categorical(a),
        "business_line": cols["business_line"].categorical(a),
        "respondent": cols["respondent"].categorical(a),
        "project": cols["project"].categorical(a),
        "role": cols["role"].categorical(a),
        "date": cols["date"].categorical(a),
        "question": qcol.categorical(a),
        "practice": categorical(np.asarray(pr_codes)[qi], np.asarray(pr_u, dtype=object)),
        "process_area": categorical(np.asarray(pa_codes)[qi], np.asarray(pa_u, dtype=object)),
        "answer": categorical(np.asarray(ac_codes)[pair_a], np.asarray(ac_u, dtype=object)),
        "value": pair_value[pair_a] if n_acc else np.zeros(0),
        "na": pair_na[pair_a] if n_acc else np.zeros(0, dtype=bool),
        "comment": cols["comment"].categorical(a),
        "evidence": cols["evidence"].categorical(a),
        "source": categorical(src_codes[a], src_u),
        "sheet": categorical(sheet_codes[a], sheet_u),
        "row": pd.array(row_[a], dtype="Int64"),
    }, columns=RESPONSE_COLUMNS, copy=False)
    return out, rej, notes


# --------------------------------------------------------------------------------------------
# Public entry point


def _format_entry(e: pd.Series) -> str:
    where = str(e["source"])
    if e["sheet"]:
        where += f", sheet {e['sheet']}"
    if not pd.isna(e["row"]):
        where += f", row {int(e['row'])}"
    if e["column"]:
        where += f", column {e['column']}"
    msg = str(e["message"])
    if msg.startswith(str(e["source"]) + ":"):
        msg = msg[len(str(e["source"])) + 1:].strip()
    text = f"{where}: {msg}"
    if e["value"] != "":
        text += f"; found {excerpt(e['value'])}"
    if e["expected"]:
        text += f"; expected {e['expected']}"
    return text


def read_responses(
    source: str | os.PathLike[str] | pd.DataFrame,
    model: Model | str | os.PathLike[str],
    *,
    errors: Literal["report", "raise"] = "report",
    max_bytes: int = 200_000_000,
    progress: bool = False,
    workers: int | None = None,
    encoding: str | None = None,
    merge_ids: bool = False,
) -> Responses:
    """Read survey answers and validate them against a model.

    Parameters
    ----------
    source : path or DataFrame
        A long CSV, a long xlsx, a respondent workbook (:func:`maturity.ingest.workbook.write_template`),
        a folder of such files (read recursively, sorted), or a DataFrame in long form
        (columns ``wave, business_line, respondent, question, answer`` and optionally
        ``role, project, date, comment, evidence``).
    model : Model, str or path
        The maturity model, or its id or YAML path (:func:`maturity.model.load.load_model`).
    errors : {"report", "raise"}
        ``"report"`` (default): return the accepted rows and list every problem in
        ``rejected``. ``"raise"``: raise :class:`~maturity.exceptions.InputError` for the first
        problem (by source and row); its ``.failures`` holds every problem of that file.
    max_bytes : int
        Files larger than this are rejected before being read.
    progress : bool
        Show a tqdm progress bar over the files.
    workers : int, optional
        Processes reading files in parallel; default ``min(4, cpu count)`` for more than 20
        files, else 1.
    encoding : str, optional
        Encoding of CSV files when they are not UTF-8 (e.g. ``"gb18030"``), or ``"auto"``: UTF-8,
        else GB18030 when the bytes decode (with a note).
    merge_ids : bool
        Wave, business-line and respondent ids that differ only by case, width or spaces
        (``Insurance`` / ``insurance``) are rejected naming both spellings (default), or, with
        ``True``, merged into their most frequent spelling with a note
        (:func:`maturity.ids.merge_map`).

    Returns
    -------
    Responses
        ``.responses``: ``wave, business_line, respondent, project, role, date, question,
        practice, process_area, answer, value, na, comment, evidence, source, sheet, row``
        (``answer`` the canonical code, ``value`` the option's value, NaN for NA/NY, ``row``
        Int64), sorted by ``source, row``.
        ``.rejected`` and ``.notes``: ``source, sheet, row, column, value, expected, message,
        wave, business_line, respondent, question``.

    Raises
    ------
    InputError
        ``errors="raise"`` and a problem was found; or the source does not exist.

    Examples
    --------
    >>> import pandas as pd
    >>> from maturity.datasets import DATA_DIR
    >>> model = load_model(DATA_DIR.parent / "tests/data/models/tiny-staged.yaml")
    >>> df = pd.DataFrame({
    ...     "wave": "2025-03", "business_line": "Retail", "respondent": "r1",
    ...     "question": ["A.SP1.1.Q1", "A.SP1.2.Q1", "B.SP1.1.Q1", "X.Q9"],
    ...     "answer": ["３", "Largely implemented", "", "2"]})
    >>> res = read_responses(df, model)
    >>> res.responses[["question", "answer", "value", "row"]]
         question answer  value  row
    0  A.SP1.1.Q1      3    3.0    2
    1  A.SP1.2.Q1      3    3.0    3
    >>> res.rejected[["row", "column", "message"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[4, 'answer', 'empty answer'],
     [5, 'question', 'unknown question: not in model tiny-staged (10 questions); check the id']]
    >>> res.notes.message.tolist()
    ['full-width or compatibility characters converted (NFKC)',
     "label 'Largely implemented' read as code '3'"]
    """
    if errors not in ("report", "raise"):
        raise ValueError(f"errors must be 'report' or 'raise', not {errors!r}")
    model = load_model(model)
    file_notes: list[dict[str, Any]] = []
    if isinstance(source, pd.DataFrame):
        parts = [frame_to_part(source.copy(deep=False), "<frame>", "", 2, "an answer frame")]
    else:
        root = Path(source)
        if root.is_dir():
            files, file_notes = _list_sources(root)
            if not files:
                raise InputError(f"{root}: no .csv or .xlsx answer file in this folder")
            parts = _read_parts(files, max_bytes, encoding, progress, workers, model.id)
        elif root.is_file():
            parts = _read_parts([root], max_bytes, encoding, progress, 1)
        else:
            raise InputError(f"{root}: no such file or folder")
        from maturity.ingest.surveys import convert_exports  # survey-tool exports (issue 21)

        parts = convert_exports(parts, model, max_bytes=max_bytes, encoding=encoding)
    for p in parts:
        if p.model_id and p.model_id != model.id and len(p.raw):
            p.notes.append(entry(str(p.raw["source"].iloc[0]), f"workbook written for model "
                                 f"{p.model_id!r}, read with model {model.id!r}",
                                 sheet=str(p.raw["sheet"].iloc[0]), column="model",
                                 value=p.model_id, expected=model.id))
    raws = [p.raw for p in parts if len(p.raw)]
    raw = _concat_raw(raws) if raws else empty_raw()
    del raws
    for p in parts:  # only their rejected/notes are used below: the raw rows go with ``raw``
        p.raw = empty_raw()
    responses, rejected, notes = validate_raw(raw, model, merge_ids)
    del raw
    pre_rej = _entries(e for p in parts for e in p.rejected)
    pre_notes = _entries([*file_notes, *(e for p in parts for e in p.notes)])
    if len(pre_rej):
        rejected = pd.concat([pre_rej, rejected], ignore_index=True)
    rejected = _sort(rejected)
    notes = _sort(pd.concat([pre_notes, notes], ignore_index=True) if len(pre_notes) else notes)
    responses = _sort_responses(responses)
    if errors == "raise" and len(rejected):
        first = rejected.iloc[0]
        failures = rejected[rejected["source"] == first["source"]].reset_index(drop=True)
        more = len(rejected) - 1
        raise InputError(_format_entry(first) + (f" ({more} more problem(s), see .failures)"
                                                 if more else ""), failures)
    return Responses(responses, rejected, notes)


def _concat_raw(raws: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat(raws, ignore_index=True)``, keeping a column categorical when it is
    categorical in every part (``pd.concat`` would turn categoricals with different categories
    into object columns: a Python string per row)."""
    if len(raws) == 1:
        return _range_index(raws[0])
    from pandas.api.types import union_categoricals

    out = {}
    for c in raws[0].columns:
        arrs = [r[c].array for r in raws]
        if all(isinstance(a, pd.Categorical) for a in arrs):
            out[c] = union_categoricals(arrs)
        else:
            out[c] = pd.concat([r[c].astype(object) if isinstance(r[c].dtype, pd.CategoricalDtype)
                                else r[c] for r in raws], ignore_index=True).array
    return pd.DataFrame(out, columns=raws[0].columns, copy=False)


def _sort_responses(df: pd.DataFrame) -> pd.DataFrame:
    """``df.sort_values(["source", "row"], kind="stable", ignore_index=True)``, without copying
    a frame that is already in that order (files read top to bottom, in path order): the order
    is checked with comparisons of neighbours (one byte a row), sorted only when it is not."""
    if not len(df):
        return _range_index(df)
    src = df["source"]
    if isinstance(src.dtype, pd.CategoricalDtype) and src.cat.categories.is_monotonic_increasing \
            and not src.hasnans:
        sc = src.cat.codes.to_numpy()  # sorted categories: code order is string order
    else:
        sc = np.asarray(pd.factorize(src, sort=True)[0])
    rows = df["row"]
    if not rows.hasnans:
        rv = rows.to_numpy(dtype="int64")  # an Int64 column without NA: its values, no copy
        if len(df) < 2 or ((sc[1:] >= sc[:-1]).all()
                           and ((sc[1:] != sc[:-1]) | (rv[1:] >= rv[:-1])).all()):
            return _range_index(df)
    row = rows.to_numpy(dtype="float64", na_value=np.nan)  # NA last, as sort_values
    order = np.lexsort((row, sc))  # stable, like sort_values(kind="stable")
    if (order == np.arange(len(df))).all():
        return _range_index(df)
    return _range_index(df.take(order))


def _range_index(df: pd.DataFrame) -> pd.DataFrame:
    """``df.reset_index(drop=True)`` without copying the data (a shallow copy gets the index)."""
    if isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1:
        return df
    out = df.copy(deep=False)
    out.index = pd.RangeIndex(len(df))
    return out


def _sort(df: pd.DataFrame) -> pd.DataFrame:
    order = df.assign(_r=df["row"].fillna(0)).sort_values(["source", "_r"], kind="stable").index
    out = df.loc[order].reset_index(drop=True)
    for c in ENTRY_COLUMNS:
        if c != "row":
            out[c] = out[c].astype(object)
    return out
