"""Reading many answer files: one file of any kind, a folder, and the process pool.

:func:`read_file_part` reads one file (CSV or xlsx, told by its suffix and magic bytes) and never
raises for a bad file. A folder is listed recursively in sorted path order (lock files and hidden
files skipped with a note) and read in file order; more than 20 files are read by a process pool,
whose workers read runs of files (:func:`file_runs`) and send their rows back as integer codes
into each column's distinct values (:func:`read_chunk`), combined into one raw frame of
categoricals (:func:`combine_chunks`): neither a frame per file nor a Python object per cell
crosses between processes, and the result does not depend on the number of workers.
"""

from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity._bars import progress_bar
from maturity._engine import Codes, concat_codes, factorize
from maturity._hints import option
from maturity.exceptions import InputError
from maturity.ingest.csv import read_csv_part
from maturity.ingest.records import _RAW_COLUMNS as RAW_COLUMNS
from maturity.ingest.records import Part, empty_raw, entry, file_error
from maturity.ingest.workbook import _Rows, read_workbook_part

__all__ = ["read_file_part", "list_sources", "read_parts", "read_chunk", "combine_chunks",
           "file_runs"]

_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
_PARALLEL_MIN_FILES = 20


def _is_hidden(rel: Path) -> bool:
    return any(p.startswith(".") for p in rel.parts)


def list_sources(root: Path) -> tuple[list[Path], list[dict[str, Any]]]:
    files, notes = [], []
    for p in sorted(root.rglob("*"), key=lambda q: q.relative_to(root).as_posix()):
        if not p.is_file():
            continue
        rel = p.relative_to(root)
        if p.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
            if not _is_hidden(rel) and p.suffix.lower() == ".xls":
                notes.append(entry(str(p), f"{p}: skipped: a legacy .xls workbook is not read "
                                   f"from an answers folder; save it as .xlsx (Excel: Save As > "
                                   f"Excel Workbook), or read a survey tool's .xls export with "
                                   f"'maturity import'", value=".xls", expected=".csv, .xlsx"))
            elif not _is_hidden(rel):
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


def read_parts(files: list[Path], max_bytes: int, encoding: str | None, progress: bool,
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
        bar = progress_bar(len(files), unit="file", desc="reading answers")  # silent off a terminal
    parts: list[Part] = []
    try:
        if workers > 1 and len(files) > 1 and model_id is not None:
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


#: Raw columns sent as codes into their distinct values (every raw column but ``row``).
_CODED = [c for c in RAW_COLUMNS if c != "row"]
_HEADER_COLUMNS = ["source", "sheet", "wave", "business_line", "respondent", "role", "project",
                   "date"]
_CELL_COLUMNS = ["question", "answer", "comment", "evidence"]


def model_note(source: str, sheet: str, written_for: str, model_id: str) -> dict[str, Any]:
    """The note for a workbook written for another model than the one it is read with (the
    words of ``read_responses``' note for a Part of its own)."""
    return entry(source, f"workbook written for model {written_for!r}, read with model "
                 f"{model_id!r}", sheet=sheet, column="model", value=written_for,
                 expected=model_id)


def file_runs(files: list[str], workers: int, smallest: int = 8) -> list[list[str]]:
    """Contiguous runs of ``files`` for the workers, shrinking as fewer files remain (a third
    of what is left per worker, at least ``smallest``): few round trips, and the last runs are
    short so that the workers finish together."""
    runs = []
    i = 0
    while i < len(files):
        size = max(smallest, -(-(len(files) - i) // (3 * workers)))
        runs.append(files[i: i + size])
        i += size
    return runs


@dataclass
class _Chunk:
    """What a worker sends back for a run of files: the raw rows as integer codes per column
    (a few bytes a cell, instead of a pickled frame of Python objects per file) and the files'
    rejected and notes entries in file order (internal)."""

    row: np.ndarray
    codes: dict[str, np.ndarray]
    uniques: dict[str, np.ndarray]
    rejected: list[dict[str, Any]]
    notes: list[dict[str, Any]]


def read_chunk(paths: list[str], max_bytes: int, encoding: str | None,
               model_id: str) -> _Chunk:
    """Read files (any kind :func:`maturity.ingest.responses.read_file_part` reads) into one
    :class:`_Chunk`; a workbook written for another model than ``model_id`` gets the note
    ``read_responses`` gives it (internal; runs in the worker processes)."""
    enabled = gc.isenabled()
    gc.disable()  # the cells are acyclic; collections would walk every object of the worker
    try:
        items = [read_file_part(p, max_bytes, encoding, compact=True) for p in paths]
    finally:
        if enabled:
            gc.enable()
    rejected: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    rows: list[np.ndarray] = []
    pieces: dict[str, list[Codes]] = {c: [] for c in _CODED}
    # workbook rows not yet factorised: the header values once per file (with the file's
    # number of rows), the table's cells as one list per column
    const: dict[str, list[Any]] = {c: [] for c in _HEADER_COLUMNS}
    counts: list[int] = []
    cells: dict[str, list[Any]] = {c: [] for c in _CELL_COLUMNS}

    def flush() -> None:
        if counts:
            for c, vals in const.items():
                once = factorize(vals)
                pieces[c].append(Codes(np.repeat(once.codes, counts), once.uniques))
                vals.clear()
            for c, vals in cells.items():
                pieces[c].append(factorize(vals))
                cells[c] = []
            counts.clear()

    for it in items:
        rejected.extend(it.rejected)
        notes.extend(it.notes)
        if not len(it.raw if isinstance(it, Part) else it):
            continue
        if isinstance(it, _Rows):
            first = (it.const["source"], it.const["sheet"])
            counts.append(len(it))
            for c, v in it.const.items():
                const[c].append(v)
            for c, vals in it.table.items():
                cells[c] += vals
            rows.append(it.row)
        else:
            raw = it.raw
            first = (raw["source"].iloc[0], raw["sheet"].iloc[0])
            flush()
            for c in _CODED:
                pieces[c].append(factorize(raw[c]))
            rows.append(raw["row"].to_numpy(dtype=np.int64))
        if it.model_id and it.model_id != model_id:
            notes.append(model_note(str(first[0]), str(first[1]), it.model_id, model_id))
    flush()
    codes, uniques = {}, {}
    for c in _CODED:
        whole = concat_codes(pieces[c])
        codes[c], uniques[c] = whole.codes, whole.uniques
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    return _Chunk(row, codes, uniques, rejected, notes)


def combine_chunks(chunks: list[_Chunk]) -> Part:
    """One raw Part for chunks in file order: every raw column but ``row`` a categorical of
    the cells' values (codes into distinct values: validation factorises nothing again)."""
    rejected = [e for ch in chunks for e in ch.rejected]
    notes = [e for ch in chunks for e in ch.notes]
    n = sum(len(ch.row) for ch in chunks)
    if not n:
        return Part(empty_raw(), rejected, notes)
    cols: dict[str, Any] = {"row": np.concatenate([ch.row for ch in chunks])}
    for c in _CODED:
        whole = concat_codes([Codes(ch.codes[c], ch.uniques[c]) for ch in chunks if len(ch.row)])
        cols[c] = pd.Categorical.from_codes(whole.codes,
                                            categories=pd.Index(whole.uniques, dtype=object),
                                            validate=False)
    raw = pd.DataFrame({c: cols[c] for c in RAW_COLUMNS}, columns=RAW_COLUMNS, copy=False)
    return Part(raw, rejected, notes)

