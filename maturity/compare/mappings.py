"""Questionnaire and organisation changes between survey waves, declared once.

Between two assessments the questionnaire changes (a question gets a new id, is retired, is
added, or moves to another practice) and so does the organisation (a line is renamed, merged
into another, split from one, new, or closed). Compared as read, such answers make false level
jumps (a practice with no answers last year is not rated and blocks its level) and empty or
mixed line rows. This module applies a declared mapping *before* scoring and pairing, and
reports every row it touched:

* :func:`read_mappings` -- a YAML file with ``questions:`` and ``lines:`` sections, or the CSV
  forms :func:`read_question_map` (``old_question, new_question, action[, practice][,
  waves]``) and :func:`read_line_map` (``wave, business_line, action[, target]``);
* :func:`reading_model` -- the model extended with the old question ids, so the old answers
  pass validation (:func:`maturity.ingest.responses.read_responses`) instead of being rejected as
  unknown;
* :func:`apply_question_map` -- old ids to new ids (practice and process area of the new
  model), moved questions to their practice, retired questions left out;
* :func:`common_questions` and :func:`restrict_model` -- the *common questions only*
  comparison: every wave scored on the questions answered in all of them, with a model cut to
  those questions (the default of ``maturity compare`` when a question map is given);
* :func:`apply_line_map` -- line names of the older waves mapped to this year's organisation;
* :func:`unanswered_practices` -- the practices with no answer in a wave (not rated there,
  which blocks their level), with a warning naming them.

Every function returns the notes of what it did (:data:`NOTE_COLUMNS`), to be written beside
the outputs (``mapping_notes.csv``).
"""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import InputError, MaturityWarning
from maturity.i18n import _

__all__ = [
    "QUESTION_ACTIONS",
    "LINE_ACTIONS",
    "QUESTION_MAP_COLUMNS",
    "LINE_MAP_COLUMNS",
    "NOTE_COLUMNS",
    "read_mappings",
    "read_question_map",
    "read_line_map",
    "reading_model",
    "apply_question_map",
    "common_questions",
    "restrict_model",
    "apply_line_map",
    "unanswered_practices",
]

QUESTION_ACTIONS = ("renamed", "retired", "added", "moved")
LINE_ACTIONS = ("renamed", "merged_into", "split_from", "new", "closed")
#: Columns of a question map.
QUESTION_MAP_COLUMNS = ["old_question", "new_question", "action", "practice", "waves"]
#: Columns of a line map.
LINE_MAP_COLUMNS = ["wave", "business_line", "action", "target"]
#: Columns of the notes every function returns.
NOTE_COLUMNS = ["wave", "business_line", "question", "action", "n_answers", "message"]


def _notes(rows: list[list[Any]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=NOTE_COLUMNS)
    out["n_answers"] = out["n_answers"].astype("int64")
    return out


def _first(frame: pd.DataFrame, mask: pd.Series) -> tuple[int, pd.Series]:
    """Position and row of the first row where ``mask`` holds (for a located message)."""
    i = int(np.flatnonzero(mask.to_numpy())[0])
    return i, frame.iloc[i]


def _text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


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


def reading_model(model: Any, question_map: pd.DataFrame) -> Any:
    """The model extended with the old question ids of ``question_map``, for reading only.

    Renamed and moved ids take the practice (and scale) of their new id or practice; retired
    ids take a placeholder practice and are left out by :func:`apply_question_map` before
    scoring. Score with the original model.

    Examples
    --------
    >>> from maturity import load_model
    >>> m = load_model("cmmi-dev-1.3")
    >>> qm = read_question_map({"renamed": {"OLD-1": "REQM.SP1.1.Q1"}})
    >>> "OLD-1" in set(reading_model(m, qm).questions["question"])
    True
    """
    from maturity.model.load import load_model

    model = load_model(model)
    q = model.questions
    known = set(q["question"].astype(str))
    by_id = q.set_index(q["question"].astype(str))
    extra = []
    for r in question_map.itertuples(index=False):
        old = r.old_question
        if not old or old in known:
            continue
        if r.action == "renamed" and r.new_question in by_id.index:
            row = by_id.loc[r.new_question].copy()
        elif r.action == "moved":
            pr = model.practices.set_index("practice")
            if r.practice not in pr.index:
                raise InputError(
                    f"question map: question {old!r} moved to practice {r.practice!r}, which "
                    f"model {model.id} does not have")
            row = q.iloc[0].copy()
            row["practice"] = r.practice
            row["process_area"] = pr.loc[r.practice, "process_area"]
        elif r.action == "retired":
            row = q.iloc[0].copy()
        else:
            raise InputError(
                f"question map: {old!r} is renamed to {r.new_question!r}, which model "
                f"{model.id} does not have; map it to a question of the model")
        row["question"] = old
        extra.append(row)
    if not extra:
        return model
    return dataclasses.replace(
        model, questions=pd.concat([q, pd.DataFrame(extra)], ignore_index=True))


def _as_text(col: pd.Series) -> np.ndarray:
    return col.astype(str).to_numpy(dtype=object)


def apply_question_map(
    responses: pd.DataFrame, question_map: pd.DataFrame, model: Any
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Answers with old question ids read as the new questionnaire's.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame (not modified).
    question_map : pandas.DataFrame
        :func:`read_question_map`.
    model : Model or str
        The model to score with (the new questionnaire).

    Returns
    -------
    tuple of DataFrame
        ``(responses, notes)``: renamed ids replaced, moved questions under their new
        practice, retired questions' answers left out; ``practice`` and ``process_area`` from
        the model. Notes (:data:`NOTE_COLUMNS`) count the answers per wave and action.

    Examples
    --------
    >>> resp = pd.DataFrame({"wave": "2025", "business_line": "a", "respondent": "r",
    ...                      "question": ["OLD-1", "GONE"], "practice": "x",
    ...                      "process_area": "x", "value": 2.0, "na": False})
    >>> qm = read_question_map({"renamed": {"OLD-1": "REQM.SP1.1.Q1"}, "retired": ["GONE"]})
    >>> out, notes = apply_question_map(resp, qm, "cmmi-dev-1.3")
    >>> out[["question", "practice"]].values.tolist()
    [['REQM.SP1.1.Q1', 'REQM.SP1.1']]
    >>> notes[["action", "n_answers"]].values.tolist()
    [['renamed', 1], ['retired', 1]]
    """
    from maturity.model.load import load_model

    model = load_model(model)
    qm = question_map[question_map["old_question"] != ""]
    wave = _as_text(responses["wave"])
    qid = _as_text(responses["question"])
    new_q = qid.copy()
    practice = _as_text(responses["practice"]) if "practice" in responses.columns else None
    keep = np.ones(len(responses), dtype=bool)
    notes = []
    for r in qm.itertuples(index=False):
        hit = qid == r.old_question
        if r.waves:
            hit &= np.isin(wave, r.waves.split(";"))
        if not hit.any():
            continue
        if r.action == "retired":
            keep &= ~hit
        elif r.action == "renamed":
            new_q[hit] = r.new_question
        for w in sorted(set(wave[hit])):
            n = int((hit & (wave == w)).sum())
            msg = {
                "renamed": _("answers to {old} read as {new} (renamed question)"),
                "retired": _("answers to {old} left out (retired question)"),
                "moved": _("question {old} scored under practice {pr} (moved)"),
            }[r.action].format(old=r.old_question, new=r.new_question, pr=r.practice)
            notes.append([w, "", r.old_question, r.action, n, msg])
    out = responses.loc[keep].copy() if not keep.all() else responses.copy()
    new_q = new_q[keep]
    qtab = model.questions.set_index(model.questions["question"].astype(str))
    pr = pd.Series(new_q).map(qtab["practice"]).to_numpy(dtype=object)
    moved = dict(zip(question_map.loc[question_map["action"] == "moved", "old_question"],
                     question_map.loc[question_map["action"] == "moved", "practice"],
                     strict=True))
    if moved:
        mv = pd.Series(new_q).map(moved).to_numpy(dtype=object)
        pr = np.where(pd.isna(mv), pr, mv)
    if practice is not None:
        pr = np.where(pd.isna(pr), practice[keep], pr)
    pa = pd.Series(pr).map(model.practices.set_index("practice")["process_area"])
    if "process_area" in out.columns:
        pa = pa.fillna(pd.Series(_as_text(out["process_area"])))
    out["question"] = pd.Categorical(new_q)
    out["practice"] = pd.Categorical(pr.astype(str))
    out["process_area"] = pd.Categorical(pa.astype(str).to_numpy(dtype=object))
    return out.reset_index(drop=True), _notes(notes)


def common_questions(
    responses: pd.DataFrame, waves: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Only the questions answered in every wave (of ``waves``, default all).

    Returns
    -------
    tuple of DataFrame
        ``(responses, notes)``: the answers to questions that have at least one answer in
        each wave; one note per wave counting the answers left out.

    Examples
    --------
    >>> resp = pd.DataFrame({"wave": ["1", "1", "2"], "question": ["a", "b", "a"]})
    >>> out, notes = common_questions(resp)
    >>> out["question"].tolist(), notes["n_answers"].tolist()
    (['a', 'a'], [1])
    """
    wave = _as_text(responses["wave"])
    qid = _as_text(responses["question"])
    chosen = sorted(set(wave)) if waves is None else [str(w) for w in waves]
    sets = [set(qid[wave == w]) for w in chosen]
    common = set.intersection(*sets) if sets else set()
    keep = np.isin(qid, list(common))
    notes = []
    for w in chosen:
        gone = (~keep) & (wave == w)
        if gone.any():
            n_q = len(set(qid[gone]))
            notes.append([w, "", "", "common questions only", int(gone.sum()),
                          _("{n} answers to {q} questions not asked in every wave compared "
                            "left out (common questions only)").format(n=int(gone.sum()), q=n_q)])
    return responses.loc[keep].reset_index(drop=True), _notes(notes)


def restrict_model(model: Any, questions: Any) -> Any:
    """The model cut to ``questions``: their practices, the goals holding them, those goals'
    process areas (the levels are then rated on what was asked in every wave).

    Examples
    --------
    >>> from maturity import load_model
    >>> m = restrict_model(load_model("cmmi-dev-1.3"), ["REQM.SP1.1.Q1"])
    >>> len(m.questions), m.process_areas["process_area"].tolist()
    (1, ['REQM'])
    """
    from maturity.model.load import load_model

    model = load_model(model)
    qs = set(map(str, questions))
    q = model.questions[model.questions["question"].astype(str).isin(qs)]
    pr = model.practices[model.practices["practice"].isin(set(q["practice"]))]
    goals = model.goals[model.goals["goal"].isin(set(pr["goal"]))]
    pas = model.process_areas[model.process_areas["process_area"].isin(set(goals["process_area"]))]
    return dataclasses.replace(
        model, questions=q.reset_index(drop=True), practices=pr.reset_index(drop=True),
        goals=goals.reset_index(drop=True), process_areas=pas.reset_index(drop=True))


def apply_line_map(
    responses: pd.DataFrame, line_map: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Business lines of every wave read as the organisation of the latest one.

    Parameters
    ----------
    responses : pandas.DataFrame
        Answers (or respondent scores) with ``wave, business_line, respondent``.
    line_map : pandas.DataFrame
        :func:`read_line_map`.

    Returns
    -------
    tuple of DataFrame
        ``(responses, notes)``. Notes name each mapping and the answers it moved; ``new`` and
        ``closed`` lines are noted (their changes have no baseline or no follow-up).

    Examples
    --------
    >>> resp = pd.DataFrame({"wave": ["2025", "2025", "2026"], "business_line": ["a", "b", "ab"],
    ...                      "respondent": ["p", "q", "p"]})
    >>> lm = read_line_map(pd.DataFrame({"wave": "2025", "business_line": ["a", "b"],
    ...                                  "action": "merged_into", "target": "ab"}))
    >>> out, notes = apply_line_map(resp, lm)
    >>> out["business_line"].tolist(), notes["n_answers"].tolist()
    (['ab', 'ab', 'ab'], [1, 1])
    """
    wave = _as_text(responses["wave"])
    line = _as_text(responses["business_line"])
    person = _as_text(responses["respondent"]) if "respondent" in responses.columns else None
    new_line = line.copy()
    notes = []
    for r in line_map.itertuples(index=False):
        in_wave = np.ones(len(line), dtype=bool) if not r.wave else wave == r.wave
        if r.action in ("renamed", "merged_into"):
            hit = in_wave & (line == r.business_line)
            new_line[hit] = r.target
            msg = (_("line {a} read as {b} (renamed)") if r.action == "renamed"
                   else _("line {a} merged into {b}")).format(a=r.business_line, b=r.target)
            notes.append([r.wave, r.business_line, "", r.action, int(hit.sum()), msg])
        elif r.action == "split_from":
            if person is None or not r.wave:
                raise InputError(
                    f"line map: split_from of {r.business_line!r} needs the wave of the split "
                    "and respondent ids in the answers")
            movers = set(person[(wave == r.wave) & (line == r.business_line)])
            from maturity.waves import order_waves
            order = order_waves(sorted(set(wave)))
            earlier = order[: order.index(r.wave)] if r.wave in order else []
            hit = np.isin(wave, earlier) & (line == r.target) & np.isin(person, list(movers))
            new_line[hit] = r.business_line
            notes.append([r.wave, r.business_line, "", "split_from", int(hit.sum()),
                          _("line {a} split from {b}: the earlier answers of its {n} "
                            "respondents who were in {b} read as {a}").format(
                              a=r.business_line, b=r.target,
                              n=len(set(person[hit])))])
        elif r.action == "new":
            notes.append([r.wave, r.business_line, "", "new", 0,
                          _("line {a} is new in {w}: no baseline").format(
                              a=r.business_line, w=r.wave)])
        else:
            notes.append([r.wave, r.business_line, "", "closed", 0,
                          _("line {a} closed after {w}: no later wave").format(
                              a=r.business_line, w=r.wave)])
    out = responses.copy()
    out["business_line"] = pd.Categorical(new_line) if isinstance(
        responses["business_line"].dtype, pd.CategoricalDtype) else new_line
    return out, _notes(notes)


def unanswered_practices(
    responses: pd.DataFrame, model: Any, *, warn: bool = True
) -> pd.DataFrame:
    """Practices of the model with no scored answer in a wave (not rated there).

    Returns
    -------
    pandas.DataFrame
        Notes (:data:`NOTE_COLUMNS`, action ``'no answers'``), one per wave and practice; a
        :class:`maturity.exceptions.MaturityWarning` names them (``warn=True``): such a
        practice is *not rated* in that wave, its goal and area are not rated, and its level
        cannot be reached -- a level jump against that wave is the questionnaire's, not the
        line's.

    Examples
    --------
    >>> import warnings
    >>> from maturity import load_model
    >>> m = restrict_model(load_model("cmmi-dev-1.3"), ["REQM.SP1.1.Q1", "REQM.SP1.2.Q1"])
    >>> resp = pd.DataFrame({"wave": "2025", "practice": ["REQM.SP1.1"], "value": [2.0],
    ...                      "na": False})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     unanswered_practices(resp, m)["question"].tolist()
    ['REQM.SP1.2']
    """
    from maturity.model.load import load_model

    model = load_model(model)
    ok = pd.to_numeric(responses["value"], errors="coerce").notna().to_numpy().copy()
    if "na" in responses.columns:
        ok &= ~responses["na"].fillna(False).astype(bool).to_numpy()
    wave = _as_text(responses["wave"])
    pr = _as_text(responses["practice"])
    all_pr = model.practices["practice"].astype(str).tolist()
    rows = []
    for w in sorted(set(wave)):
        have = set(pr[ok & (wave == w)])
        missing = [p for p in all_pr if p not in have]
        for p in missing:
            rows.append([w, "", p, "no answers", 0,
                         _("practice {p} has no answer in wave {w}: not rated there, so its "
                           "level cannot be reached; check the question ids or give a "
                           "question map").format(p=p, w=w)])
        if missing and warn:
            warnings.warn(
                _("{n} practice(s) have no answer in wave {w} and are not rated there "
                  "(e.g. {ex}); levels that need them cannot be reached: a changed "
                  "questionnaire? give a question map or compare common questions only").format(
                    n=len(missing), w=w, ex=", ".join(missing[:3])),
                MaturityWarning, stacklevel=2)
    return _notes(rows)
