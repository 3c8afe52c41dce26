"""Declared questionnaire and organisation changes applied to the answers and the model.

:func:`reading_model` (old question ids accepted), :func:`apply_question_map`,
:func:`common_questions` with :func:`restrict_model`, :func:`apply_line_map`,
:func:`unanswered_practices`; each returns the notes of what it did
(:data:`maturity.compare.mapfiles.NOTE_COLUMNS`). See :mod:`maturity.compare.mappings`.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import numpy as np
import pandas as pd

from maturity.compare.mapfiles import (
    as_text,
    mapping_notes,
)
from maturity.exceptions import InputError, MaturityWarning
from maturity.i18n import _
from maturity.model.load import load_model
from maturity.waves import order_waves

__all__ = [
    "reading_model",
    "apply_question_map",
    "common_questions",
    "restrict_model",
    "apply_line_map",
    "unanswered_practices",
]


def reading_model(model: Any, question_map: pd.DataFrame) -> Any:
    """The model extended with the old question ids of ``question_map``, for reading only.

    Renamed and moved ids take the practice (and scale) of their new id or practice; retired
    ids take a placeholder practice and are left out by :func:`apply_question_map` before
    scoring. Score with the original model.

    Examples
    --------
    >>> from maturity import load_model
    >>> from maturity.compare.mapfiles import read_question_map
    >>> m = load_model("cmmi-dev-1.3")
    >>> qm = read_question_map({"renamed": {"OLD-1": "REQM.SP1.1.Q1"}})
    >>> "OLD-1" in set(reading_model(m, qm).questions["question"])
    True
    """
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
    >>> from maturity.compare.mapfiles import read_question_map
    >>> qm = read_question_map({"renamed": {"OLD-1": "REQM.SP1.1.Q1"}, "retired": ["GONE"]})
    >>> out, notes = apply_question_map(resp, qm, "cmmi-dev-1.3")
    >>> out[["question", "practice"]].values.tolist()
    [['REQM.SP1.1.Q1', 'REQM.SP1.1']]
    >>> notes[["action", "n_answers"]].values.tolist()
    [['renamed', 1], ['retired', 1]]
    """
    model = load_model(model)
    qm = question_map[question_map["old_question"] != ""]
    wave = as_text(responses["wave"])
    qid = as_text(responses["question"])
    new_q = qid.copy()
    practice = as_text(responses["practice"]) if "practice" in responses.columns else None
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
        pa = pa.fillna(pd.Series(as_text(out["process_area"])))
    out["question"] = pd.Categorical(new_q)
    out["practice"] = pd.Categorical(pr.astype(str))
    out["process_area"] = pd.Categorical(pa.astype(str).to_numpy(dtype=object))
    return out.reset_index(drop=True), mapping_notes(notes)


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
    wave = as_text(responses["wave"])
    qid = as_text(responses["question"])
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
    return responses.loc[keep].reset_index(drop=True), mapping_notes(notes)


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
    >>> from maturity.compare.mapfiles import read_line_map
    >>> lm = read_line_map(pd.DataFrame({"wave": "2025", "business_line": ["a", "b"],
    ...                                  "action": "merged_into", "target": "ab"}))
    >>> out, notes = apply_line_map(resp, lm)
    >>> out["business_line"].tolist(), notes["n_answers"].tolist()
    (['ab', 'ab', 'ab'], [1, 1])
    """
    wave = as_text(responses["wave"])
    line = as_text(responses["business_line"])
    person = as_text(responses["respondent"]) if "respondent" in responses.columns else None
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
    return out, mapping_notes(notes)


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
    model = load_model(model)
    ok = pd.to_numeric(responses["value"], errors="coerce").notna().to_numpy().copy()
    if "na" in responses.columns:
        ok &= ~responses["na"].fillna(False).astype(bool).to_numpy()
    wave = as_text(responses["wave"])
    pr = as_text(responses["practice"])
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
    return mapping_notes(rows)
