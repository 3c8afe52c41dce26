"""Validating raw answer rows against a model: every row accepted or rejected, with a reason.

:func:`validate_raw` runs a fixed sequence of named checks over the raw rows of every file
(pandera's lazy validation: every row-level problem is collected, none stops the others). Each
check looks only at the rows no earlier check rejected, so a rejected row gets the first problem
found, in this order:

1. :func:`missing_ids`: a missing ``wave``, ``business_line``, ``respondent`` or ``question``;
2. :func:`id_spellings`: wave, business-line or respondent ids that differ only by case, width or
   spaces (unless ``merge_ids``, which merges them with a note);
3. :func:`unknown_questions`: a question not in the model;
4. :func:`duplicates`: the same (wave, business_line, respondent, question) more than once,
   anywhere in the input; every copy is rejected;
5. :func:`answers_on_scale`: an empty answer, or one not in the question's scale
   (:class:`maturity.ingest.answers.ScaleLookup`).

Every check works on integer codes into each column's distinct values
(:class:`maturity.ingest.columns.CodedColumn`): text is looked at once per distinct value (or
distinct (scale, answer) pair) and materialised per row only for the rows rejected or noted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from maturity._engine import categorical, combine, duplicated, factorize, recode
from maturity.i18n import _
from maturity.ids import id_variants, merge_map
from maturity.ingest.answers import ScaleLookup
from maturity.ingest.columns import CodedColumn
from maturity.ingest.records import (
    _KEYS,
    ENTRY_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    RESPONSE_COLUMNS,
    _entries,
    _range_index,
)
from maturity.model.load import Model

__all__ = ["validate_raw", "Checked", "conversion_notes", "missing_ids", "id_spellings",
           "unknown_questions", "duplicates", "answers_on_scale"]

_ID_NAMES = {"wave": "wave", "business_line": "business line", "respondent": "respondent"}


@dataclass
class Checked:
    """The raw rows under validation: each text column coded once, where each row comes from,
    and the rejections found so far (rows, column, value, expected, message), the rows of each
    check disjoint (internal)."""

    cols: dict[str, CodedColumn]
    src_codes: np.ndarray
    src_u: np.ndarray
    sheet_codes: np.ndarray
    sheet_u: np.ndarray
    row: np.ndarray
    rejected: np.ndarray  # a bool per row
    rejections: list[tuple[np.ndarray, Any, Any, Any, Any]] = field(default_factory=list)
    #: position in ``model.questions`` of each code of the question column (-1: unknown), set
    #: by unknown_questions
    question_of_code: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @classmethod
    def of(cls, raw: pd.DataFrame) -> Checked:
        src, sheet = factorize(raw["source"]), factorize(raw["sheet"])
        return cls({c: CodedColumn(raw[c], c) for c in REQUIRED_COLUMNS + OPTIONAL_COLUMNS},
                   src.codes, src.uniques, sheet.codes, sheet.uniques, raw["row"].to_numpy(),
                   np.zeros(len(raw), dtype=bool))

    def __len__(self) -> int:
        return len(self.rejected)

    def base(self, idx: np.ndarray) -> pd.DataFrame:
        """``source, sheet, row`` of rows ``idx``."""
        return pd.DataFrame({"source": self.src_u[self.src_codes[idx]],
                             "sheet": self.sheet_u[self.sheet_codes[idx]],
                             "row": pd.array(self.row[idx], dtype="Int64")})

    def reject(self, idx: np.ndarray, column: Any, value: Any, expected: Any,
               message: Any) -> None:
        """Reject rows ``idx`` (not rejected before) for one reason (per row or for all)."""
        if len(idx):
            self.rejections.append((idx, column, value, expected, message))
            self.rejected[idx] = True


def validate_raw(raw: pd.DataFrame, model: Model, merge_ids: bool = False,
                 ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Validate raw long rows: (responses, rejected, notes) with every row in exactly one of the
    first two (internal; vectorised).

    Each text column is factorised once (a categorical column is used through its codes);
    canonical texts, notes, model lookups and answer resolution are computed per distinct value
    (or distinct (scale, answer) pair) and spread to the rows by integer codes. Text is
    materialised per row only for the rows that are rejected or noted; the accepted rows' ids
    are categoricals built from the same codes. The checks are listed in the module docstring.
    """
    raw = _range_index(raw)
    rows = Checked.of(raw)
    variants = _variant_rows(rows.cols, merge_ids)  # merged ids get their notes first
    note_frames = conversion_notes(rows)
    missing_ids(rows)
    id_spellings(rows, variants)
    unknown_questions(rows, model)
    duplicates(rows)
    answers = answers_on_scale(rows, model)
    rejected = _rejected_frame(rows)
    notes = _notes_frame(rows, note_frames, answers)
    return _responses_frame(rows, model, answers), rejected, notes


# --------------------------------------------------------------------------------------------
# The checks, in order


def conversion_notes(rows: Checked) -> list[pd.DataFrame]:
    """Notes of the ids, answers and dates read after a conversion (NFKC, spaces, dates, merged
    ids), one frame per column (``_m``: the row's position)."""
    frames = []
    for c in (*REQUIRED_COLUMNS, "date"):
        col = rows.cols[c]
        if (col.note_u != "").any():
            idx = np.flatnonzero((col.note_u != "")[col.codes])
            f = rows.base(idx)
            f["column"], f["value"], f["expected"] = c, col.shown(idx), col.canon(idx)
            f["message"] = col.note(idx)
            f["_m"] = idx
            frames.append(f)
    return frames


def missing_ids(rows: Checked) -> None:
    """1. A missing wave, business line, respondent or question (every missing one named)."""
    cols = rows.cols
    blank = {k: b for k in _KEYS if (b := cols[k].blank()) is not None}
    if not blank:
        return
    miss = np.logical_or.reduce(list(blank.values()))
    if not miss.any():
        return
    mi = np.flatnonzero(miss)
    names = np.full(len(mi), "", dtype=object)
    for k in blank:
        mk = blank[k][mi]
        names[mk] = np.where(names[mk] == "", k, names[mk] + ", " + k)
    first = np.array([s_.split(", ")[0] for s_ in names], dtype=object)
    rows.reject(mi, first, "", "a non-empty value",
                "missing " + names + "; every answer row needs a wave, business "
                "line, respondent and question")


def _variant_rows(cols: dict[str, CodedColumn],
                  merge_ids: bool) -> list[tuple[np.ndarray, str, str]]:
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


def id_spellings(rows: Checked, variants: list[tuple[np.ndarray, str, str]]) -> None:
    """2. Ids of one kind that differ only by case, width or spaces, not merged
    (:func:`_variant_rows`)."""
    for mask, k, message in variants:
        vi = np.flatnonzero(mask & ~rows.rejected)
        rows.reject(vi, k, rows.cols[k].shown(vi), "one spelling per id", message)


def unknown_questions(rows: Checked, model: Model) -> None:
    """3. A question not in the model (looked up once per distinct question text); sets the
    position in ``model.questions`` of each code of the question column (-1: unknown)."""
    qcol = rows.cols["question"]
    q_pos = pd.Index(model.questions["question"].astype(str)).get_indexer(qcol.canon_u)
    rows.question_of_code = np.asarray(q_pos, dtype=np.int64)
    unknown = rows.question_of_code < 0
    if not (unknown & (qcol.counts() > 0)).any():
        return
    ui = np.flatnonzero(unknown[qcol.codes] & ~rows.rejected)  # missing ids, variants first
    rows.reject(ui, "question", qcol.shown(ui), f"a question id of model {model.id}",
                "unknown question: not in model " + model.id + " ("
                + str(len(model.questions)) + " questions); check the id")


def _duplicated(cols: dict[str, CodedColumn], rows: np.ndarray) -> np.ndarray:
    """``duplicated(keep=False)`` of the (wave, business line, respondent, question) keys of
    ``rows`` (a bool mask), on each column's codes of canonical text
    (:func:`maturity._engine.duplicated`)."""
    sel: np.ndarray | slice = slice(None) if rows.all() else rows
    out = np.zeros(len(rows), dtype=bool)
    out[sel] = duplicated(*(cols[k].keys(sel) for k in _KEYS))
    return out


def _where(src: pd.Series, sheet: pd.Series, row: pd.Series) -> pd.Series:
    s = src.astype(str) + np.where(sheet.astype(str) != "", ", sheet " + sheet.astype(str), "")
    return s + ", row " + row.astype(str)


def duplicates(rows: Checked) -> None:
    """4. The same (wave, business line, respondent, question) more than once: every copy is
    rejected, naming where the copies are; copies from two files as "same respondent id in two
    files" (two people need two respondent ids)."""
    cols = rows.cols
    ok_keys = ~rows.rejected
    if not ok_keys.any():
        return
    di = np.flatnonzero(_duplicated(cols, ok_keys))
    if not len(di):
        return
    src = rows.src_u[rows.src_codes[di]]
    d = pd.DataFrame({k: cols[k].canon(di) for k in _KEYS})
    d["_loc"] = _where(pd.Series(src), pd.Series(rows.sheet_u[rows.sheet_codes[di]]),
                       pd.Series(rows.row[di])).to_numpy()
    d["_n"] = d.groupby(_KEYS, sort=False)["_loc"].transform("size")
    locs = d.groupby(_KEYS, sort=False)["_loc"].transform(
        lambda s_: "; ".join(s_.iloc[:5]) + ("; ..." if len(s_) > 5 else ""))
    d["_src"] = src
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
    rows.reject(di, np.where(two, "respondent", "question"),
                np.where(two, cols["respondent"].shown(di), cols["question"].shown(di)),
                "one answer per wave, business line, respondent and question",
                np.where(two, people.to_numpy(), same.to_numpy()))


@dataclass
class Answers:
    """Answers read on their scales, per distinct (scale, answer) pair: each pair's code, note,
    value and NA flag, and each row's pair (-1: none; internal). ``used``: the pairs of accepted
    rows (every pair found, but those rejected)."""

    pair: np.ndarray
    code: np.ndarray
    note: np.ndarray
    value: np.ndarray
    na: np.ndarray
    used: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def answers_on_scale(rows: Checked, model: Model) -> Answers:
    """5. An empty answer, or one that is not an option of the question's scale: the rows'
    distinct (question, answer) pairs are numbered, each distinct (scale, canonical answer
    text) is read once by :class:`maturity.ingest.answers.ScaleLookup` and the result spread
    to the rows."""
    n = len(rows)
    q_of = rows.question_of_code
    scales = model.questions["scale"].astype(str).to_numpy()
    lookups = {sid: ScaleLookup(model.scales[sid]) for sid in dict.fromkeys(scales)}
    qcol, acol = rows.cols["question"], rows.cols["answer"]
    out = Answers(np.full(n, -1, dtype=np.int32), np.zeros(0, dtype=object),
                  np.zeros(0, dtype=object), np.zeros(0, dtype=float), np.zeros(0, dtype=bool))
    ok = ~rows.rejected
    idx = None if ok.all() else np.flatnonzero(ok)  # None: every row (no index array)
    sel: np.ndarray | slice = slice(None) if idx is None else idx
    if not n or (idx is not None and not len(idx)):
        return out
    akey, n_a = acol.keys(sel)
    pcodes, puniq = combine((qcol.codes[sel], len(qcol.canon_u)), (akey, n_a))
    del akey
    texts = acol.key_texts()
    # the (scale, answer text) of each (question, answer) pair; questions of rows left are known
    pairs = [(scales[q_of[int(k) // n_a]], texts[int(k) % n_a]) for k in puniq]
    read: dict[tuple[str, str], tuple[Any, Any]] = {}
    for p in pairs:
        if p not in read:
            read[p] = lookups[p[0]].resolve(p[1])
    res = [read[p] for p in pairs]
    out.code = np.array([r[0] for r in res], dtype=object)
    out.note = np.array([r[1] for r in res], dtype=object)
    pair_bad = np.array([r[0] is None for r in res], dtype=bool)
    pair_exp = np.array([lookups[s_].expected for s_, _ in pairs], dtype=object)
    out.value = np.array([np.nan if r[0] is None else lookups[s_].value[r[0]]
                          for (s_, _), r in zip(pairs, res, strict=True)], dtype=float)
    out.na = np.array([r[0] is not None and bool(lookups[s_].na[r[0]])
                       for (s_, _), r in zip(pairs, res, strict=True)], dtype=bool)
    out.used = ~pair_bad
    out.pair[sel] = pcodes
    bad = np.flatnonzero(pair_bad[pcodes])  # positions in the rows checked (few)
    if len(bad):
        bi = bad if idx is None else idx[bad]
        bp = pcodes[bad]
        rows.reject(bi, "answer", acol.shown(bi), pair_exp[bp], out.note[bp])
        out.pair[bi] = -1
    return out


# --------------------------------------------------------------------------------------------
# The three frames


def _rejected_frame(rows: Checked) -> pd.DataFrame:
    """The rejections, in row order, columns :data:`ENTRY_COLUMNS`."""
    rejections = rows.rejections
    if rejections:
        ri = np.concatenate([r[0] for r in rejections])
        order = np.argsort(ri, kind="stable")

        def spread(i: int) -> np.ndarray:
            return np.concatenate([np.broadcast_to(np.asarray(r[i], dtype=object), len(r[0]))
                                   for r in rejections])[order]

        ri = ri[order]
        rej = rows.base(ri)
        rej["column"], rej["value"], rej["expected"], rej["message"] = (spread(1), spread(2),
                                                                        spread(3), spread(4))
    else:
        ri = np.zeros(0, dtype=np.int64)
        rej = rows.base(ri)
        for c in ("column", "value", "expected", "message"):
            rej[c] = np.zeros(0, dtype=object)
    for k in _KEYS:
        rej[k] = rows.cols[k].canon(ri)
    return rej[ENTRY_COLUMNS].reset_index(drop=True)


def _notes_frame(rows: Checked, note_frames: list[pd.DataFrame],
                 answers: Answers) -> pd.DataFrame:
    """Notes of the accepted rows (conversions, answers read with a note), in row order."""
    accepted = ~rows.rejected
    if len(answers.note) and (answers.note != "").any():
        has = np.append(answers.note != "", False)  # index -1: no pair
        mi = np.flatnonzero(has[answers.pair])
        f = rows.base(mi)
        f["column"], f["value"] = "answer", rows.cols["answer"].shown(mi)
        f["expected"], f["message"] = answers.code[answers.pair[mi]], answers.note[
            answers.pair[mi]]
        f["_m"] = mi
        note_frames = [*note_frames, f]
    if not note_frames:
        return _entries()
    notes = pd.concat(note_frames, ignore_index=True)
    notes = notes[accepted[notes["_m"].to_numpy()]]
    for k in _KEYS:
        notes[k] = rows.cols[k].canon(notes["_m"].to_numpy())
    return notes.sort_values(["_m"], kind="stable")[ENTRY_COLUMNS].reset_index(drop=True)


def _responses_frame(rows: Checked, model: Model, answers: Answers) -> pd.DataFrame:
    """The accepted rows, columns :data:`RESPONSE_COLUMNS`: ids as categoricals (sorted
    categories) built from the codes, without materialising a string per row.

    Rows kept: a slice (a view) when every row is accepted, else the boolean mask (one byte a
    row, not an 8-byte index)."""
    dropped = np.flatnonzero(rows.rejected)
    a: np.ndarray | slice = slice(None) if not len(dropped) else ~rows.rejected
    n_acc = len(rows) - len(dropped)
    cols = rows.cols
    qcol = cols["question"]
    qcodes = qcol.codes[a]
    q_used = qcol.counts() - np.bincount(qcol.codes[dropped], minlength=len(qcol.canon_u)) > 0
    known = rows.question_of_code >= 0

    def per_question(column: str) -> pd.Categorical:
        """``model.questions[column]`` of each row, through its question's code."""
        codes, uniques = pd.factorize(model.questions[column].astype(str))
        table = np.where(known, np.asarray(codes)[np.where(known, rows.question_of_code, 0)], -1)
        return recode(qcodes, table, np.asarray(uniques, dtype=object), q_used)

    pair_a = answers.pair[a]
    ac_codes, ac_u = pd.factorize(pd.Series(answers.code, dtype=object))
    return pd.DataFrame({
        **{k: cols[k].categorical(a, dropped) for k in ("wave", "business_line", "respondent",
                                                         "project", "role", "date")},
        "question": recode(qcodes, qcol.ckey, qcol.cuniq, q_used),
        "practice": per_question("practice"),
        "process_area": per_question("process_area"),
        "answer": recode(pair_a, np.asarray(ac_codes), np.asarray(ac_u, dtype=object),
                         answers.used),
        "value": answers.value[pair_a] if n_acc else np.zeros(0),
        "na": answers.na[pair_a] if n_acc else np.zeros(0, dtype=bool),
        "comment": cols["comment"].categorical(a, dropped),
        "evidence": cols["evidence"].categorical(a, dropped),
        "source": categorical(rows.src_codes[a], rows.src_u),
        "sheet": categorical(rows.sheet_codes[a], rows.sheet_u),
        "row": _row_numbers(rows.row[a]),
    }, columns=RESPONSE_COLUMNS, copy=False)


def _row_numbers(row: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Row numbers as an ``Int64`` array: integers are wrapped as they are (no copy)."""
    if row.dtype == np.int64:
        return pd.arrays.IntegerArray(row, np.zeros(len(row), dtype=bool))
    return pd.array(row, dtype="Int64")
