"""Answers straight from survey tools: Microsoft Forms, Google Forms, Qualtrics, SurveyMonkey,
问卷星 (wjx) and 腾讯问卷 exports, and plain wide tables with question ids as headers.

:func:`read_export` reads a tool's download (:mod:`maturity.ingest.exports`), decides what each
column holds (:mod:`maturity.ingest.export_match`), turns every (response, question column) cell
into one long answer row that keeps its file, sheet, row and column, and validates those rows
with the very checks :func:`maturity.ingest.responses.read_responses` applies to long files
(:func:`maturity.ingest.validate.validate_raw`).
:func:`read_responses` reads exports by itself through :func:`convert_exports`.

Answer cells
------------
- option labels (English or Chinese), our codes, or option numbers: a wjx "按序号" download
  (every answer a whole number, skips as ``-3``) gives the 1-based position of the option in
  the scale, so ``1`` is the scale's first code;
- empty cells and the tools' skip markers (``(跳过)``, ``-3`` skipped, ``-2`` not shown) are
  reported as *unanswered* in ``rejected`` (never dropped, never scored as 0);
- several options in one cell (wjx ``┋``, Google's ``, `` between options) or free text in a
  scale question are rejected with the column and row; a formula cell is rejected (never
  evaluated).

Every answer cell lands in exactly one of ``responses`` and ``rejected``.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.ingest.answers import ScaleLookup, canon_one
from maturity.ingest.export_match import Match, mapping_frame, match_columns, read_mapping
from maturity.ingest.exports import Table, column_letter, detect_format, read_table
from maturity.ingest.records import (
    _RAW_COLUMNS,
    ENTRY_COLUMNS,
    REQUIRED_COLUMNS,
    Part,
    _entries,
    _sort,
    _sort_responses,
    entry,
)
from maturity.ingest.records import _blank as _empty
from maturity.ingest.templates import questionnaire
from maturity.ingest.validate import validate_raw
from maturity.model.load import Model, load_model
from maturity.waves import parse_date, parse_period

__all__ = ["Export", "read_export", "convert_exports", "questionnaire", "Format"]

Format = Literal["auto", "msforms", "googleforms", "qualtrics", "surveymonkey", "wjx", "tencent",
                 "wide"]

_SKIPS = {"(跳过)": "skipped", "跳过": "skipped", "(空)": "skipped", "-3": "skipped",
          "-2": "not shown to the respondent", "(not shown)": "not shown to the respondent"}
_MULTI = "┋"


@dataclass(frozen=True)
class Export:
    """A survey-tool export read by :func:`read_export`.

    Attributes
    ----------
    format, reason : str
        The format used and why (header text that identified the tool).
    mapping : pandas.DataFrame
        One row per export column: ``column, letter, header, question, field, method, reason,
        suggestions``.
    responses, rejected, notes : pandas.DataFrame
        As :class:`maturity.ingest.responses.Responses`; ``column`` of rejected and notes
        entries names
        the export column (``F: 3、...``).
    """

    format: str
    reason: str
    mapping: pd.DataFrame = field(repr=False)
    responses: pd.DataFrame = field(repr=False)
    rejected: pd.DataFrame = field(repr=False)
    notes: pd.DataFrame = field(repr=False)

    def answers(self) -> pd.DataFrame:
        """The accepted answers in the long CSV layout every command reads (codes as text)."""
        cols = ["wave", "business_line", "respondent", "project", "role", "date", "question",
                "answer"]
        return self.responses[cols].astype(str).reset_index(drop=True)


@dataclass
class _Converted:
    fmt: str
    reason: str
    matches: list[Match]
    part: Part
    labels: dict[str, str] = field(default_factory=dict)  # question -> its export column


def _label(table: Table, m: Match) -> str:
    head = m.header if len(m.header) <= 60 else m.header[:57] + "..."
    return f"{column_letter(m.column)}: {head}"


def _check_wave(label: str, source: str, notes: list[dict[str, Any]]) -> None:
    if parse_period(label) is None:
        notes.append(entry(source, _("wave {w!r} names no period (2026-03, 2026Q1, 2026H1 or a "
                                     "date): trends order it only by the answers' dates and the "
                                     "roadmap will need --start; pass --wave to name it")
                           .format(w=label), column="wave", value=label,
                           expected="2026-03, 2026Q1, 2026H1, 2026-03-15"))


def _convert(table: Table, model: Model, fmt: str = "auto", *, wave: str | None = None,
             business_line: str | None = None, mapping: str | os.PathLike[str] | None = None,
             language: str = "auto") -> _Converted:
    """A wide table as raw long rows (a Part), pre-rejected cells and notes included."""
    src, sheet = table.source, table.sheet
    fmt, reason, matches, fields = _matched(table, model, fmt, mapping, language,
                                            {"business_line": business_line, "wave": wave})
    notes: list[dict[str, Any]] = [entry(src, n, sheet=sheet) for n in table.notes]
    for w in ([wave] if wave else []) + sorted(
            {canon_one(r[fields["wave"]], "wave")[0] for r in table.rows} - {""}
            if "wave" in fields else []):
        _check_wave(w, src, notes)
    qcols = [m for m in matches if m.question]
    if not qcols:
        raise InputError(_("{src}: no column of this {tool} export matches a question of model "
                           "{model}; run `maturity import` and read mapping.csv for the closest "
                           "texts, or pass --mapping").format(src=src, tool=fmt, model=model.id))
    numbers = fmt == "wjx" and _numeric_export(table, qcols)
    if not numbers and _numeric_export(table, qcols, strict=True):
        notes.append(entry(src, _("every answer is a whole number and none is 0: they are read "
                                  "as the scale's codes; if this is a numeric download (option "
                                  "numbers 1, 2, ...), download the choice text instead"),
                           sheet=sheet, expected="choice text or the scale's codes"))
    if numbers:
        notes.append(entry(src, _("answers read as option numbers (问卷星 按序号 download: every "
                                  "answer is a whole number): 1 is the first option of the "
                                  "question's scale"), sheet=sheet))
    resp = _respondents(table, fields, wave, business_line)
    read_as, rejected, acc = _answer_cells(table, model, qcols, numbers, resp)
    _closing_notes(notes, src, sheet, read_as, resp.blank_rows, "respondent" not in fields,
                   [m for m in matches if not m.question and not m.field])
    raw = _raw_rows(src, sheet, acc, resp)
    notes.insert(0, entry(src, _("read as {tool} export ({why}); {q} question column(s)")
                          .format(tool=fmt, why=reason, q=len(qcols)), sheet=sheet))
    labels = {m.question: _label(table, m) for m in reversed(qcols)}  # the first column wins
    return _Converted(fmt, reason, matches, Part(raw, rejected, notes), labels)


def _matched(table: Table, model: Model, fmt: str, mapping: str | os.PathLike[str] | None,
             language: str, given: dict[str, str | None],
             ) -> tuple[str, str, list[Match], dict[str, int]]:
    """The export's format (detected unless given), what each column holds, and the columns of
    the respondent details; a business line or wave neither in a column nor given is refused."""
    ids = set(model.questions["question"].astype(str))
    if fmt == "auto":
        fmt, reason = detect_format(table, ids)
    else:
        reason = _("format given (--format {fmt})").format(fmt=fmt)
    if len(table.headers) == 3 and fmt != "qualtrics":
        table.headers = table.headers[:1]  # only Qualtrics has three header rows
    matches = match_columns(table.headers, model, fmt, mapping=read_mapping(mapping),
                            language=language)
    fields = {m.field: m.column for m in matches if m.field}
    for f, flag in (("business_line", "--business-line"), ("wave", "--wave")):
        if f not in fields and not given[f]:
            raise InputError(_(
                "{src}: no {what} column in this {tool} export (looked for {names}); pass "
                "{flag} (business_line=/wave= in Python) when the whole file is one {what}, or "
                "name the column in --mapping").format(
                    src=table.source, what=f.replace("_", " "), tool=fmt, flag=flag,
                    names="Business line/业务线/部门" if f == "business_line"
                    else "Wave/评估批次"))
    return fmt, reason, matches, fields


@dataclass
class _Respondents:
    metas: list[dict[str, str]]  # each respondent row's details
    rows: list[int]  # their user-visible row numbers
    keep: list[int]  # their positions in the body
    blank_rows: int


def _respondents(table: Table, fields: dict[str, int], wave: str | None,
                 business_line: str | None) -> _Respondents:
    """Each non-empty row's respondent details (``wave=`` / ``business_line=`` when the row
    has none; ``row<n>`` when the export has no response id)."""
    out = _Respondents([], [], [], 0)
    for i, cells in enumerate(table.rows):
        row = table.numbers[i] if i < len(table.numbers) else table.first_row + i
        if all(_empty(v) for v in cells):
            out.blank_rows += 1
            continue
        meta = {f: canon_one(cells[j], f)[0] for f, j in fields.items()}
        meta.setdefault("respondent", f"row{row}")
        if not meta.get("wave"):
            meta["wave"] = wave or ""
        if not meta.get("business_line"):
            meta["business_line"] = business_line or ""
        if meta.get("date"):
            meta["date"] = _date(meta["date"])
        out.metas.append(meta)
        out.rows.append(row)
        out.keep.append(i)
    return out


def _answer_cells(table: Table, model: Model, qcols: list[Match], numbers: bool,
                  resp: _Respondents,
                  ) -> tuple[Counter[tuple[str, str, str]], list[dict[str, Any]],
                             list[tuple[np.ndarray, str, np.ndarray]]]:
    """Every question column's cells read on the question's scale: (labels read as codes,
    counted; rejected cells; accepted cells as (respondent index, question, answers))."""
    src, sheet = table.source, table.sheet
    scale_of = dict(zip(model.questions["question"].astype(str),
                        model.questions["scale"].astype(str), strict=True))
    lookups = {s: ScaleLookup(model.scales[s]) for s in set(scale_of.values())}
    metas, rows, keep = resp.metas, resp.rows, resp.keep
    read_as: Counter[tuple[str, str, str]] = Counter()
    rejected: list[dict[str, Any]] = []
    acc: list[tuple[np.ndarray, str, np.ndarray]] = []  # accepted: meta index, q, answers
    for m in qcols:
        scale = lookups[scale_of[m.question]]
        values = [table.rows[i][m.column] for i in keep]
        texts, whys, kinds = _column(values, scale, numbers)
        for k, i in enumerate(keep if table.formulas else []):
            if (i, m.column) in table.formulas:
                texts[k], kinds[k] = "", 2
                whys[k] = _("formula in answer cell, expected a typed value (the formula is not "
                            "evaluated)")
        is_label, bad = kinds == 1, kinds == 2
        for t, w in zip(texts[is_label], whys[is_label], strict=True):
            read_as[(w[1:], t, scale.id)] += 1
        for k in np.flatnonzero(bad):
            mt = metas[k]
            rejected.append(entry(
                src, whys[k], sheet=sheet, row=rows[k], column=_label(table, m),
                value=_shown(values[k], table, (keep[k], m.column)), expected=scale.expected,
                question=m.question, wave=mt["wave"], business_line=mt["business_line"],
                respondent=mt["respondent"]))
        ok = np.flatnonzero(~bad)
        acc.append((ok, m.question, texts[ok]))
    return read_as, rejected, acc


def _closing_notes(notes: list[dict[str, Any]], src: str, sheet: str,
                   read_as: Counter[tuple[str, str, str]], blank_rows: int, no_resp: bool,
                   left: list[Match]) -> None:
    """Notes on labels read as codes, empty rows, respondents named by row, columns left out."""
    for (label, code, sid), n in sorted(read_as.items(), key=lambda kv: kv[0][::-1]):
        notes.append(entry(src, _("answer {label!r} read as code {code!r} ({n} cells)").format(
            label=label, code=code, n=n), sheet=sheet, column="answer", value=label,
            expected=f"{code} (scale {sid})"))
    if blank_rows:
        notes.append(entry(src, _("{n} empty row(s) skipped").format(n=blank_rows), sheet=sheet))
    if no_resp:
        notes.append(entry(src, _("no response id column: respondents named by their row "
                                  "(row5, ...)"), sheet=sheet, column="respondent"))
    if left:
        notes.append(entry(src, _("{n} column(s) left out (not a question of the model); "
                                  "`maturity import` writes the reasons to mapping.csv")
                           .format(n=len(left)), sheet=sheet,
                           value="; ".join(m.header for m in left if m.header)[:500]))


def _raw_rows(src: str, sheet: str, acc: list[tuple[np.ndarray, str, np.ndarray]],
              resp: _Respondents) -> pd.DataFrame:
    """The accepted cells as raw long rows (columns of a long answer file)."""
    rows, metas = resp.rows, resp.metas
    at = np.concatenate([a[0] for a in acc]).astype(np.int64)
    cols: dict[str, Any] = {"source": src, "sheet": sheet,
                            "row": np.asarray(rows, dtype=np.int64)[at] if rows else at,
                            "question": np.concatenate([np.full(len(a[0]), a[1], dtype=object)
                                                        for a in acc]),
                            "answer": np.concatenate([a[2] for a in acc]), "comment": "",
                            "evidence": ""}
    for c in ("wave", "business_line", "respondent", "role", "project", "date"):
        cols[c] = np.asarray([mt.get(c, "") for mt in metas] or [""], dtype=object)[at]
    return pd.DataFrame({c: np.full(len(at), cols[c], dtype=object) if isinstance(cols[c], str)
                         else cols[c] for c in _RAW_COLUMNS}, columns=_RAW_COLUMNS)


def _date(text: str) -> str:
    """A submission time as an ISO date (``2026/3/2 14:00:00`` -> ``2026-03-02``; SurveyMonkey's
    ``03/02/2026 09:15:00 AM`` is month first); other text stays as it is."""
    from datetime import datetime

    day = text.replace("T", " ").split(" ")[0]
    d = parse_date(day)
    if d is None:
        for fmt in ("%Y/%m/%d", "%m/%d/%Y"):
            try:
                d = datetime.strptime(day, fmt).date()
                break
            except ValueError:
                continue
    return text if d is None else d.isoformat()


def _shown(v: Any, table: Table, at: tuple[int, int]) -> str:
    if at in table.formulas:
        return table.formulas[at]
    return "" if _empty(v) else canon_one(v, "answer")[1]


def _numeric_export(table: Table, qcols: list[Match], strict: bool = False) -> bool:
    """Whether every answer cell of the question columns is a whole number (wjx 按序号), some
    cell a skip ``-3``/``-2`` or the numbers starting at 1 (never 0, a code of most scales);
    ``strict``: and none is 0 (option numbers, not codes)."""
    cols = [m.column for m in qcols]
    raw = {(type(r[j]), r[j]) for r in table.rows for j in cols}  # distinct cells, then text
    seen = {canon_one(v, "answer")[0] for _, v in raw if not _empty(v)} - {""}
    if not seen or not all(t.lstrip("-").isdigit() for t in seen):
        return False
    if strict:
        return "0" not in seen
    return "0" not in seen or bool(seen & {"-3", "-2"})


def _column(values: list[Any], scale: ScaleLookup,
            numbers: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(answer texts, reasons, kinds: 0 as is, 1 a label read as its code, 2 rejected) of a
    question column's cells (:func:`_cell`), each distinct value decided once (``True`` kept
    apart from ``1``)."""
    vals = pd.Series([str(v) if isinstance(v, bool) else v for v in values], dtype=object)
    codes, uniq = pd.factorize(vals, use_na_sentinel=True)
    res = [_cell(u, scale, numbers) for u in uniq] + [_cell(None, scale, numbers)]
    codes = np.where(codes < 0, len(uniq), codes)
    texts = np.array([r[0] for r in res], dtype=object)[codes]
    whys = np.array([r[1] for r in res], dtype=object)[codes]
    kinds = np.array([0 if not r[1] else 1 if r[1].startswith("\0") else 2 for r in res],
                     dtype=np.int8)[codes]
    return texts, whys, kinds


def _cell(v: Any, scale: ScaleLookup, numbers: bool) -> tuple[str, str]:
    """(answer text for validation, rejection reason or ''); a label or other form of a code
    comes back as the code, with its text after a NUL as the reason (counted in one note)."""
    if _empty(v):
        return "", _("unanswered (empty cell)")
    text = canon_one(v, "answer")[0]
    if text in _SKIPS:
        return "", _("unanswered: {what} ({marker!r})").format(what=_SKIPS[text], marker=text)
    if _MULTI in text:
        return "", _("several options in one cell ({sep!r}): a scale question takes one answer")\
            .format(sep=_MULTI)
    if numbers:
        k = int(text)
        if not 1 <= k <= len(scale.codes):
            return "", _("option number {k} out of range 1-{n}").format(k=k, n=len(scale.codes))
        return scale.codes[k - 1], ""
    if ", " in text and scale.resolve(text)[0] is None:
        parts = [p for p in text.split(", ") if p]
        if len(parts) > 1 and all(scale.resolve(p)[0] is not None for p in parts):
            return "", _("several options in one cell (', '): a scale question takes one answer")
    if "〖" in text:
        return "", _("free text (an 'other' fill-in) in a scale question")
    code, _note = scale.resolve(text)
    if code is not None and code != text:  # a label: its code, counted in one note per label
        return code, f"\0{text}"
    return text, ""


def _finish(conv: _Converted, model: Model) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    responses, rejected, notes = validate_raw(conv.part.raw, model)
    for frame in (rejected, notes):
        if len(frame):
            named = [conv.labels.get(q, "") for q in frame["question"]]
            frame["column"] = [n or c for n, c in zip(named, frame["column"], strict=True)]
    responses = _sort_responses(responses)  # by row, as read_responses gives them
    rejected = _sort(pd.concat([_entries(conv.part.rejected), rejected], ignore_index=True))
    notes = pd.concat([_entries(conv.part.notes), notes], ignore_index=True)[ENTRY_COLUMNS]
    return responses, rejected, notes


def read_export(
    source: str | os.PathLike[str],
    model: Model | str | os.PathLike[str],
    *,
    format: Format = "auto",  # noqa: A002 - the option's name
    wave: str | None = None,
    business_line: str | None = None,
    mapping: str | os.PathLike[str] | None = None,
    language: Literal["auto", "en", "zh"] = "auto",
    encoding: str | None = None,
    max_bytes: int = 200_000_000,
) -> Export:
    """Read a survey tool's response download into validated long answers.

    Parameters
    ----------
    source : path
        The export: ``.xlsx``, ``.xls`` or ``.csv`` (UTF-8, UTF-16 or GB18030).
    model : Model, str or path
        The maturity model (its questions' ids and texts are what columns are matched to).
    format : str
        ``auto`` (detect from the header text) or one of ``msforms, googleforms, qualtrics,
        surveymonkey, wjx, tencent, wide``.
    wave, business_line : str, optional
        For the whole file, when it has no such column (a column's value wins where present).
    mapping : path, optional
        CSV ``column, question`` naming columns the rules cannot match.
    language : {"auto", "en", "zh"}
        Which of the model's texts headers are compared with (``auto``: both).
    encoding : str, optional
        A CSV's encoding when it is none of UTF-8 (with or without BOM), UTF-16 (BOM), GB18030.
    max_bytes : int
        Larger files are refused before being read.

    Returns
    -------
    Export

    Raises
    ------
    InputError
        Unreadable or unknown file, no business line or wave, no question column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "forms.csv"
    >>> _ = p.write_text(
    ...     "Timestamp,Business line,[INIT.SP1.1.Q1] Business case,[INIT.SP1.2.Q1] Approval\\n"
    ...     "2026/03/02 10:00:00,Retail,Largely implemented,\\n", encoding="utf-8")
    >>> x = read_export(p, "pmo-process", wave="2026-03")
    >>> x.format
    'googleforms'
    >>> x.answers()[["business_line", "respondent", "question", "answer"]]
      business_line respondent       question answer
    0        Retail       row2  INIT.SP1.1.Q1      3
    >>> x.rejected[["row", "column", "message"]].values.tolist()
    [[2, 'D: [INIT.SP1.2.Q1] Approval', 'unanswered (empty cell)']]
    """
    if format not in ("auto", "msforms", "googleforms", "qualtrics", "surveymonkey", "wjx",
                      "tencent", "wide"):
        raise InputError(_("format must be auto or one of msforms, googleforms, qualtrics, "
                           "surveymonkey, wjx, tencent, wide, not {f!r}").format(f=format))
    model = load_model(model)
    table = read_table(source, encoding=encoding, max_bytes=max_bytes)
    conv = _convert(table, model, format, wave=wave, business_line=business_line,
                    mapping=mapping, language=language)
    responses, rejected, notes = _finish(conv, model)
    return Export(conv.fmt, conv.reason, mapping_frame(conv.matches), responses, rejected,
                  notes)


#: ``expected`` texts of the long readers' file-level refusals that a survey export causes.
_NOT_OURS = {", ".join(REQUIRED_COLUMNS), "CSV text", "an .xlsx workbook", "UTF-8 text"}


def convert_exports(parts: list[Part], model: Model, *, max_bytes: int = 200_000_000,
                    encoding: str | None = None) -> list[Part]:
    """Parts of :func:`maturity.ingest.responses.read_responses` with every file the long
    readers refused as "not an answer table" read again as a survey-tool export (internal hook).

    A file that is no export keeps its refusal; an export with a problem (no business line
    column, ...) gets that problem as its refusal instead. Exports read here get no wave or
    business line from outside: `maturity import --wave/--business-line` does that.
    """
    out = []
    for p in parts:
        keep = []
        for e in p.rejected:
            src = str(e.get("source", ""))
            if not pd.isna(e.get("row")) or e.get("expected") not in _NOT_OURS or \
                    Path(src).suffix.lower() not in (".csv", ".txt", ".xlsx", ".xlsm", ".xls") or \
                    not Path(src).is_file():
                keep.append(e)
                continue
            try:  # not readable as an export, or none: the long reader's refusal stands
                table = read_table(src, encoding=encoding, max_bytes=max_bytes)
                detect_format(table, set(model.questions["question"].astype(str)))
            except InputError:
                keep.append(e)
                continue
            try:
                conv = _convert(table, model)
            except InputError as exc:  # an export, with a problem: say how to import it
                keep.append(entry(src, str(exc) + _("; commands that read answers take an export "
                                                    "with business line and wave columns, else "
                                                    "run `maturity import EXPORT --model ID "
                                                    "--wave W --business-line L --out DIR` first"),
                                  expected=_("a survey-tool export with business line and wave")))
                continue
            out.append(conv.part)
        p.rejected = keep
        out.append(p)
    return out
