"""Question and line maps read and checked: the declared questionnaire and organisation changes.

:func:`read_mappings` reads a YAML file with ``questions:`` and ``lines:`` sections;
:func:`read_question_map` (``old_question, new_question, action[, practice][, waves]``) and
:func:`read_line_map` (``wave, business_line, action[, target]``) read the CSV forms or frames.
Applied by :mod:`maturity.compare.remap`; see :mod:`maturity.compare.mappings`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import InputError

__all__ = [
    "QUESTION_ACTIONS",
    "LINE_ACTIONS",
    "QUESTION_MAP_COLUMNS",
    "LINE_MAP_COLUMNS",
    "NOTE_COLUMNS",
    "read_mappings",
    "read_question_map",
    "read_line_map",
    "mapping_notes",
    "as_text",
]


QUESTION_ACTIONS = ("renamed", "retired", "added", "moved")


LINE_ACTIONS = ("renamed", "merged_into", "split_from", "new", "closed")


#: Columns of a question map.
QUESTION_MAP_COLUMNS = ["old_question", "new_question", "action", "practice", "waves"]


#: Columns of a line map.
LINE_MAP_COLUMNS = ["wave", "business_line", "action", "target"]


#: Columns of the notes every function returns.
NOTE_COLUMNS = ["wave", "business_line", "question", "action", "n_answers", "message"]


def mapping_notes(rows: list[list[Any]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=NOTE_COLUMNS)
    out["n_answers"] = out["n_answers"].astype("int64")
    return out


def _first(frame: pd.DataFrame, mask: pd.Series) -> tuple[int, pd.Series]:
    """Position and row of the first row where ``mask`` holds (for a located message)."""
    i = int(np.flatnonzero(mask.to_numpy())[0])
    return i, frame.iloc[i]


def _text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


def as_text(col: pd.Series) -> np.ndarray:
    return col.astype(str).to_numpy(dtype=object)


def read_question_map(source: str | Path | pd.DataFrame | dict) -> pd.DataFrame:
    """A question map as a frame :data:`QUESTION_MAP_COLUMNS`.

    Parameters
    ----------
    source : path, DataFrame or dict
        A CSV (``old_question, new_question, action[, practice][, waves]``; ``waves``
        separated by ``;``, empty = every wave whose answers use the old id), a frame with
        those columns, or the ``questions:`` section of a mapping YAML::

            waves: ["2025-03"]            # answered with the old questionnaire
            renamed: {PP.SP1.1.Q1: PP.SP1.1.Q2}
            moved: {REQM.SP1.3.Q1: REQM.SP1.4}    # question -> its new practice
            retired: [PP.SP2.7.Q1]
            added: [PP.SP3.3.Q1]

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> read_question_map({"renamed": {"A1": "A2"}, "retired": ["B1"]})
      old_question new_question   action practice waves
    0           A1           A2  renamed
    1           B1               retired
    """
    if isinstance(source, dict):
        waves = ";".join(map(str, source.get("waves", []) or []))
        rows = []
        for old, new in (source.get("renamed") or {}).items():
            rows.append([str(old), str(new), "renamed", "", waves])
        for q, pr in (source.get("moved") or {}).items():
            rows.append([str(q), str(q), "moved", str(pr), waves])
        for q in source.get("retired") or []:
            rows.append([str(q), "", "retired", "", waves])
        for q in source.get("added") or []:
            rows.append(["", str(q), "added", "", waves])
        frame = pd.DataFrame(rows, columns=QUESTION_MAP_COLUMNS)
    elif isinstance(source, pd.DataFrame):
        frame = source.copy()
    else:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for c in QUESTION_MAP_COLUMNS:
        if c not in frame.columns:
            if c in ("practice", "waves"):
                frame[c] = ""
            else:
                raise InputError(
                    f"question map {source if not isinstance(source, (dict, pd.DataFrame)) else ''}"
                    f": no {c!r} column; expected {', '.join(QUESTION_MAP_COLUMNS[:3])} "
                    f"[, practice, waves]; found {', '.join(map(str, frame.columns))}"
                )
    frame = frame[QUESTION_MAP_COLUMNS].map(_text).astype(object)
    bad = ~frame["action"].isin(QUESTION_ACTIONS)
    need_old = frame["action"].isin(["renamed", "retired", "moved"]) & (frame["old_question"] == "")
    need_new = frame["action"].isin(["renamed", "added"]) & (frame["new_question"] == "")
    need_pr = (frame["action"] == "moved") & (frame["practice"] == "")
    problems = bad | need_old | need_new | need_pr
    if problems.any():
        i, r = _first(frame, problems)
        raise InputError(
            f"question map, row {i + 2}: action {r['action']!r} with old {r['old_question']!r}, "
            f"new {r['new_question']!r}, practice {r['practice']!r}; expected one of "
            f"{', '.join(QUESTION_ACTIONS)} (renamed: old and new; retired: old; added: new; "
            "moved: old and practice)"
        )
    dup = frame.loc[frame["old_question"] != "", "old_question"].duplicated()
    if dup.any():
        first = frame.loc[dup[dup].index[0], "old_question"]
        raise InputError(f"question map: old question {first!r} is mapped twice; give each "
                         "old id one row")
    return frame.reset_index(drop=True)


def read_line_map(source: str | Path | pd.DataFrame | list) -> pd.DataFrame:
    """A line map as a frame :data:`LINE_MAP_COLUMNS`.

    Parameters
    ----------
    source : path, DataFrame or list
        A CSV or frame ``wave, business_line, action[, target]`` or the ``lines:`` list of a
        mapping YAML (``{wave, business_line, action, target}`` items; ``to`` is accepted
        for ``target``). Actions, read for the answers of ``wave`` (empty: every wave):

        * ``renamed`` / ``merged_into``: ``business_line`` is read as ``target``;
        * ``split_from``: ``business_line`` (a line of ``wave``) was split from ``target``:
          in the waves before ``wave``, ``target``'s respondents who answer for
          ``business_line`` in ``wave`` are read as ``business_line`` (so their change can
          be paired); the others stay with ``target``;
        * ``new``: ``business_line`` starts in ``wave`` (no baseline: noted, no test);
        * ``closed``: ``business_line`` ends after ``wave`` (noted).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> read_line_map([{"wave": "2025-03", "business_line": "a", "action": "merged_into",
    ...                 "to": "ab"}])
          wave business_line       action target
    0  2025-03             a  merged_into     ab
    """
    if isinstance(source, list):
        frame = pd.DataFrame([{**r, "target": r.get("target", r.get("to", ""))} for r in source])
    elif isinstance(source, pd.DataFrame):
        frame = source.copy()
    else:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if "target" not in frame.columns:
        frame["target"] = frame["to"] if "to" in frame.columns else ""
    if "wave" not in frame.columns:
        frame["wave"] = ""
    for c in ("business_line", "action"):
        if c not in frame.columns:
            raise InputError(
                f"line map: no {c!r} column; expected {', '.join(LINE_MAP_COLUMNS)}; found "
                f"{', '.join(map(str, frame.columns))}"
            )
    frame = frame[LINE_MAP_COLUMNS].map(_text).astype(object)
    bad = ~frame["action"].isin(LINE_ACTIONS) | (
        frame["action"].isin(["renamed", "merged_into", "split_from"]) & (frame["target"] == "")
    ) | (frame["business_line"] == "")
    if bad.any():
        i, r = _first(frame, bad)
        raise InputError(
            f"line map, row {i + 2}: line {r['business_line']!r}, action {r['action']!r}, "
            f"target {r['target']!r}; expected an action among {', '.join(LINE_ACTIONS)}, with "
            "a target for renamed, merged_into and split_from"
        )
    return frame.reset_index(drop=True)


def read_mappings(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Question and line maps from one YAML file (``questions:`` and/or ``lines:``).

    Returns
    -------
    tuple of DataFrame
        ``(question_map, line_map)``; a missing section gives an empty frame.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "map.yaml"
    >>> _ = p.write_text("questions:\\n  renamed: {A1: A2}\\nlines:\\n"
    ...                  "  - {wave: '2025', business_line: a, action: renamed, to: b}\\n")
    >>> q, l = read_mappings(p)
    >>> q["action"].tolist(), l["target"].tolist()
    (['renamed'], ['b'])
    """
    import yaml

    p = Path(path)
    if p.suffix.lower() == ".csv":
        head = pd.read_csv(p, nrows=0, encoding="utf-8-sig").columns
        if "old_question" in head or "new_question" in head:
            return read_question_map(p), read_line_map(pd.DataFrame(columns=LINE_MAP_COLUMNS))
        return read_question_map(pd.DataFrame(columns=QUESTION_MAP_COLUMNS)), read_line_map(p)
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not ({"questions", "lines"} & set(data)):
        raise InputError(f"{p}: expected a mapping with a questions: and/or lines: section")
    q = data.get("questions") or {}
    lines = data.get("lines") or []
    if not isinstance(q, dict) or not isinstance(lines, list):
        raise InputError(f"{p}: questions: must be a mapping and lines: a list")
    return read_question_map(q), read_line_map(
        lines if lines else pd.DataFrame(columns=LINE_MAP_COLUMNS))
