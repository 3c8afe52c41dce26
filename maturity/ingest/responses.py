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
Hidden sheets and merged cells come from calamine's sheet metadata. A UTF-8 CSV is parsed by
pyarrow into dictionary-encoded columns, the text of each cell as typed; files pyarrow would read
otherwise go to pandas' C parser (:func:`maturity.ingest.csv.read_csv_part`). A folder of more
than 20 files is read by a process pool (``workers``, default ``min(4, cpu count)``); results do
not depend on the number of workers.

The pipeline: :mod:`maturity.ingest.folders` lists and reads the files (:mod:`~maturity.ingest.
csv`, :mod:`~maturity.ingest.workbook`, :mod:`~maturity.ingest.surveys` for survey-tool
exports) into raw rows (:mod:`maturity.ingest.records`), which :mod:`maturity.ingest.validate`
checks and turns into the three frames.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pandas.api.types import union_categoricals

from maturity.exceptions import InputError
from maturity.excerpt import excerpt
from maturity.ingest.csv import read_csv_part
from maturity.ingest.folders import list_sources, read_file_part, read_parts
from maturity.ingest.records import (
    ENTRY_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    RESPONSE_COLUMNS,
    Part,
    Responses,
    _entries,
    _range_index,
    _sort,
    _sort_responses,
    empty_raw,
    entry,
    frame_to_part,
)
from maturity.ingest.surveys import convert_exports
from maturity.ingest.validate import validate_raw
from maturity.model.load import Model, load_model

__all__ = [
    "Responses",
    "read_responses",
    "RESPONSE_COLUMNS",
    "ENTRY_COLUMNS",
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    # the readers' internals, importable from here as before the split
    "read_csv_part",
    "read_file_part",
    "validate_raw",
]


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
        A long CSV, a long xlsx, a respondent workbook
        (:func:`maturity.ingest.templates.write_template`),
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
    parts, file_notes = _read_source(source, model, max_bytes=max_bytes, encoding=encoding,
                                     progress=progress, workers=workers)
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
        _raise_first(rejected)
    return Responses(responses, rejected, notes)


def _read_source(source: str | os.PathLike[str] | pd.DataFrame, model: Model, *,
                 max_bytes: int, encoding: str | None, progress: bool,
                 workers: int | None) -> tuple[list[Part], list[dict[str, Any]]]:
    """The raw Parts of a frame, a file or a folder (survey-tool exports converted), and the
    folder's notes on skipped files; a workbook written for another model gets a note."""
    file_notes: list[dict[str, Any]] = []
    if isinstance(source, pd.DataFrame):
        parts = [frame_to_part(source.copy(deep=False), "<frame>", "", 2, "an answer frame")]
    else:
        root = Path(source)
        if root.is_dir():
            files, file_notes = list_sources(root)
            if not files:
                raise InputError(f"{root}: no .csv or .xlsx answer file in this folder")
            parts = read_parts(files, max_bytes, encoding, progress, workers, model.id)
        elif root.is_file():
            parts = read_parts([root], max_bytes, encoding, progress, 1)
        else:
            raise InputError(f"{root}: no such file or folder")
        # survey-tool exports (issue 21)
        parts = convert_exports(parts, model, max_bytes=max_bytes, encoding=encoding)
    for p in parts:
        if p.model_id and p.model_id != model.id and len(p.raw):
            p.notes.append(entry(str(p.raw["source"].iloc[0]), f"workbook written for model "
                                 f"{p.model_id!r}, read with model {model.id!r}",
                                 sheet=str(p.raw["sheet"].iloc[0]), column="model",
                                 value=p.model_id, expected=model.id))
    return parts, file_notes


def _raise_first(rejected: pd.DataFrame) -> None:
    """``errors="raise"``: the first problem (by source and row), with every problem of its
    file as ``.failures``."""
    first = rejected.iloc[0]
    failures = rejected[rejected["source"] == first["source"]].reset_index(drop=True)
    more = len(rejected) - 1
    raise InputError(_format_entry(first) + (f" ({more} more problem(s), see .failures)"
                                             if more else ""), failures)


def _concat_raw(raws: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat(raws, ignore_index=True)``, keeping a column categorical when it is
    categorical in every part (``pd.concat`` would turn categoricals with different categories
    into object columns: a Python string per row)."""
    if len(raws) == 1:
        return _range_index(raws[0])
    out = {}
    for c in raws[0].columns:
        arrs = [r[c].array for r in raws]
        if all(isinstance(a, pd.Categorical) for a in arrs):
            if len({a.categories.dtype for a in arrs}) > 1:  # e.g. str and int categories
                arrs = [pd.Categorical.from_codes(a.codes, categories=pd.Index(
                    a.categories.to_numpy(dtype=object), dtype=object), validate=False)
                    for a in arrs]
            out[c] = union_categoricals(arrs)
        else:
            out[c] = pd.concat([r[c].astype(object) if isinstance(r[c].dtype, pd.CategoricalDtype)
                                else r[c] for r in raws], ignore_index=True).array
    return pd.DataFrame(out, columns=raws[0].columns, copy=False)
