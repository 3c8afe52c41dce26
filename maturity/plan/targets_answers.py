"""Target answers and phases: a target posture written as answers per practice, as OWASP SAMM
sets it, and the roadmap phases that lead to it.

A target profile (:func:`maturity.read_targets`) may give, besides levels, **target answers**
per practice, and **phases**:

.. code-block:: yaml

    practices:                 # the target posture: answers for every line ...
      SB.A.1: 1
      SB.B.2: 0.5
    # ... or per line ("*" = every line):
    # practices: {web: {SB.A.1: 1}, "*": {SB.B.2: 0.5}}
    phases:                    # optional; each phase starts from the previous one
      - name: phase 1
        end: 2026Q2            # a date or a wave label (optional)
        practices: {SB.A.1: 0.5}
      - name: phase 2
        end: 2026-12-31
        practices: {SB.A.1: 1, SB.A.2: 1}

or as a CSV ``business_line, practice, target[, phase[, end]]`` (``business_line`` blank or
``*``: every line; ``phase`` blank: the target posture). A target is a value of the practice's
answer scale (``0.5``) or one of its answer codes or labels (``Yes, for half``).

**Resolution.** Phases are taken in the order written and the target posture (``practices:``)
comes last, as the final phase ``target``. A practice's target in a phase is the last value
given for it in that phase or an earlier one (a line's own value before the every-line
value); a practice never given a target answer is not part of the answer targets. So phase 1
holds what it names, phase 2 what phase 1 held plus its own, and so on (the SAMM toolbox's
roadmap: each phase defaults to the previous one).

**Figures** (:func:`maturity.plan.phase_progress.phase_progress`), per phase and line, on the
practices with a target answer (OWASP SAMM relative scoring, owaspsamm.org blog 2025-01-21, "SAMM
Scoring: Percent to Target and Progress to Date Metrics"): ``gap = max(0, target - current)`` per
practice, ``absolute_gap`` their sum, ``percent_to_target = 1 - absolute_gap / target_total`` and
``progress_to_date = (current - baseline) / (target - baseline)`` on the totals capped at the
target (computed by :func:`maturity.plan.progress.progress_to_target`). The **target score** is the
model's score of the posture after the phase (the target answers where given, the current answers
elsewhere): for the ``additive`` rule SAMM's (a stream sums its activities, a practice averages its
streams, a business function its practices, the overall score its functions), for the other rules
the mean answer of the area's practices and the mean over areas.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from maturity.excerpt import shorten
from maturity.model.load import Model

__all__ = [
    "ANSWER_TARGET_COLUMNS",
    "answer_targets",
    "answer_targets_from_table",
    "resolve_phases",
    "posture_scores",
]

#: Columns of ``Targets.answers``: the target answers as written (``business_line`` ``""`` =
#: every line; ``phase`` ``target`` for the target posture).
ANSWER_TARGET_COLUMNS = ["phase", "phase_order", "end", "business_line", "practice", "target"]
FINAL = "target"


def _value(v: Any, practice: str, model: Model) -> float | None:  # noqa: ANN401
    """A target answer as a value of the practice's scale (a number or a code/label)."""
    sid = _scale_of(model).get(practice)
    sc = model.scales.get(sid) if sid is not None else None
    if sc is None:
        return None
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float | np.integer | np.floating):
        x = float(v)
    else:
        text = str(v).strip()
        opts = sc.options
        hit = opts[(opts["code"].astype(str).str.casefold() == text.casefold())
                   | (opts["label"].astype(str).str.casefold() == text.casefold())
                   | (opts["label_zh"].astype(str) == text)]
        if len(hit):
            x = float(hit["value"].iloc[0])
        else:
            try:
                x = float(text)
            except ValueError:
                return None
    if not math.isfinite(x) or not sc.min_value <= x <= sc.max_value:
        return None
    return x


def _scale_of(model: Model) -> dict[str, str]:
    return dict(model.questions.drop_duplicates("practice")[["practice", "scale"]]
                .itertuples(index=False, name=None))


def answer_targets(doc: Mapping[str, Any], model: Model, fail: Any) -> pd.DataFrame:  # noqa: ANN401
    """The ``practices:`` and ``phases:`` keys of a target mapping as a long frame.

    ``fail(row, column, value, expected, message)`` records a problem (the target reader's
    checker: every problem is reported at once). Returns :data:`ANSWER_TARGET_COLUMNS`.

    Examples
    --------
    >>> from maturity import load_model
    >>> m = load_model("secure-dev")
    >>> problems = []
    >>> doc = {"practices": {"SB.A.1": 1, "SB.B.2": "0.5"},
    ...        "phases": [{"name": "q1", "end": "2026Q1", "practices": {"web": {"SB.A.1": 0.5}}}]}
    >>> answer_targets(doc, m, lambda *a: problems.append(a))
        phase  phase_order     end business_line practice  target
    0      q1            1  2026Q1           web   SB.A.1     0.5
    1  target            2                       SB.A.1     1.0
    2  target            2                       SB.B.2     0.5
    """
    rows: list[tuple] = []
    phases = doc.get("phases")
    if phases is not None and not isinstance(phases, list):
        fail("", "phases", shorten(phases), "a list of {name, end, practices}", "not a list")
        phases = []
    seen: set[str] = set()
    for i, ph in enumerate(phases or [], start=1):
        where = f"phases[{i - 1}]"
        if not isinstance(ph, Mapping):
            fail("", where, shorten(ph), "a mapping {name, end, practices}", "not a mapping")
            continue
        name = str(ph.get("name") or f"phase {i}").strip()
        if name in seen or name == FINAL:
            fail("", f"{where}.name", shorten(name), "a unique phase name other than 'target'",
                 "duplicate phase name")
        seen.add(name)
        end = "" if ph.get("end") is None else str(ph.get("end")).strip()
        rows += _practice_map(ph.get("practices"), f"{where}.practices", name, i, end, model, fail)
    if doc.get("practices") is not None:
        rows += _practice_map(doc.get("practices"), "practices", FINAL, len(phases or []) + 1, "",
                              model, fail)
    return pd.DataFrame(rows, columns=ANSWER_TARGET_COLUMNS)


def _practice_map(m: Any, where: str, phase: str, order: int, end: str, model: Model,  # noqa: ANN401
                  fail: Any) -> list[tuple]:  # noqa: ANN401
    if m is None:
        return []
    if not isinstance(m, Mapping):
        fail("", where, shorten(m), "a mapping practice -> target answer (or line -> mapping)",
             "not a mapping")
        return []
    known = set(model.practices["practice"])
    out = []
    for k, v in m.items():
        if isinstance(v, Mapping):  # a line's own targets ("*": every line)
            line = "" if str(k).strip() == "*" else str(k).strip()
            for p, t in v.items():
                out += _one(line, p, t, f"{where}.{shorten(k, 40)}", phase, order, end, model,
                            known, fail)
        else:
            out += _one("", k, v, where, phase, order, end, model, known, fail)
    return out


def _one(line: str, practice: Any, target: Any, where: str, phase: str, order: int, end: str,  # noqa: ANN401
         model: Model, known: set[str], fail: Any) -> list[tuple]:  # noqa: ANN401
    p = str(practice).strip()
    key = f"{where}.{shorten(p, 40)}"
    if p not in known:
        fail("", key, shorten(p), f"a practice of model '{model.id}' (e.g. "
             f"{model.practices['practice'].iloc[0]})", "unknown practice")
        return []
    x = _value(target, p, model)
    if x is None:
        sc = model.scales[_scale_of(model)[p]]
        fail("", key, shorten(target), f"a value {sc.min_value:g}..{sc.max_value:g} or an answer "
             f"code of scale {sc.id}", "invalid target answer")
        return []
    return [(phase, order, end, line, p, x)]


def answer_targets_from_table(raw: pd.DataFrame, model: Model, fail: Any) -> pd.DataFrame:  # noqa: ANN401
    """A CSV table ``business_line, practice, target[, phase[, end]]`` as
    :data:`ANSWER_TARGET_COLUMNS` (rows numbered as in the file, header = row 1)."""
    known = set(model.practices["practice"])
    has_phase = "phase" in raw.columns
    names: list[str] = []
    rows: list[tuple] = []
    for i, rec in enumerate(raw.to_dict("records"), start=2):
        line = str(rec.get("business_line") or "").strip()
        line = "" if line == "*" else line
        phase = str(rec.get("phase") or "").strip() if has_phase else ""
        phase = phase or FINAL
        if phase != FINAL and phase not in names:
            names.append(phase)
        p = str(rec.get("practice") or "").strip()
        if p not in known:
            fail(i, "practice", shorten(p), f"a practice of model '{model.id}'", "unknown practice")
            continue
        x = _value(rec.get("target"), p, model)
        if x is None:
            fail(i, "target", shorten(rec.get("target")), "a value or answer code of the "
                 "practice's scale", "invalid target answer")
            continue
        rows.append((phase, 0, str(rec.get("end") or "").strip(), line, p, x))
    out = pd.DataFrame(rows, columns=ANSWER_TARGET_COLUMNS)
    order = {n: k for k, n in enumerate(names, start=1)}
    order[FINAL] = len(names) + 1
    out["phase_order"] = out["phase"].map(order).astype("int64")
    return out.sort_values("phase_order", kind="mergesort", ignore_index=True)


def resolve_phases(answers: pd.DataFrame, lines: list[str]) -> pd.DataFrame:
    """Every phase's target answer per line and practice, each phase starting from the
    previous one: ``phase, phase_order, end, business_line, practice, target``.

    Examples
    --------
    >>> a = pd.DataFrame({"phase": ["p1", "p2", "target"], "phase_order": [1, 2, 3],
    ...                   "end": ["", "", ""], "business_line": ["", "", "web"],
    ...                   "practice": ["X", "Y", "X"], "target": [0.5, 1.0, 1.0]})
    >>> resolve_phases(a, ["web"])[["phase", "practice", "target"]]
        phase practice  target
    0      p1        X     0.5
    1      p2        X     0.5
    2      p2        Y     1.0
    3  target        X     1.0
    4  target        Y     1.0
    """
    if answers is None or not len(answers):
        return pd.DataFrame(columns=ANSWER_TARGET_COLUMNS)
    phases = (answers[["phase", "phase_order", "end"]].drop_duplicates("phase")
              .sort_values("phase_order", kind="mergesort"))
    out = []
    for line in lines:
        mine = answers[answers["business_line"].isin(["", line])]
        held: dict[str, float] = {}
        for ph in phases.itertuples(index=False):
            step = mine[mine["phase"] == ph.phase]
            # every-line values first, then the line's own (which win)
            for r in step.sort_values("business_line", kind="mergesort").itertuples(index=False):
                held[r.practice] = float(r.target)
            out += [(ph.phase, int(ph.phase_order), ph.end, line, p, t) for p, t in held.items()]
    return pd.DataFrame(out, columns=ANSWER_TARGET_COLUMNS)


def posture_scores(values: pd.DataFrame, model: Model) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The model's scores of answer values ``business_line, practice, value`` (one row per
    practice): per area ``business_line, process_area, score`` and per line
    ``business_line, score`` (see the module docstring).

    Examples
    --------
    >>> from maturity import load_model
    >>> m = load_model("secure-dev")
    >>> v = pd.DataFrame({"business_line": "web", "practice": ["SB.A.1", "SB.B.1"],
    ...                   "value": [0.25, 1.0]})
    >>> posture_scores(v, m)[0].query("process_area == 'SB'").score.tolist()
    [0.625]
    """
    mp = model.practices[["practice", "goal", "process_area"]]
    f = values.merge(mp, on="practice", how="inner")
    lines = values["business_line"].drop_duplicates().tolist()
    grid = pd.MultiIndex.from_product([lines, model.process_areas["process_area"]],
                                      names=["business_line", "process_area"])
    if model.scoring == "additive":
        goals = model.goals[["goal", "process_area"]]
        gl = pd.MultiIndex.from_product([lines, goals["goal"]], names=["business_line", "goal"])
        g = f.groupby(["business_line", "goal"])["value"].sum().reindex(gl, fill_value=0.0)
        g = g.reset_index().merge(goals, on="goal")
        area = g.groupby(["business_line", "process_area"])["value"].mean().reindex(grid)
        cat = area.reset_index().merge(model.process_areas[["process_area", "category"]])
        line = (cat.groupby(["business_line", "category"])["value"].mean()
                .groupby(level=0).mean())
    else:
        area = f.groupby(["business_line", "process_area"])["value"].mean().reindex(grid)
        line = area.groupby(level=0).mean()
    a = area.rename("score").reset_index()
    ln = line.rename("score").reindex(lines).rename_axis("business_line").reset_index()
    return a, ln
