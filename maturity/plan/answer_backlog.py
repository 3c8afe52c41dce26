"""Target answers as ranked backlog rows: one backlog for level targets and target answers.

A target profile may give target answers per practice and phases (OWASP SAMM's target posture
and roadmap phases, :mod:`maturity.plan.targets_answers`). :func:`with_answer_rows` turns them
into rows of the ranked backlog of :func:`maturity.plan.gap.gap_analysis`, so an answer-only
profile gives a backlog (and a roadmap) like a level profile does.

**Rows.** Per wave of the backlog, business line and practice with a target answer, the
*first* phase (in phase order, each phase starting from the previous one) whose target the
current answer misses gives the row: ``phase``, ``phase_order``, ``phase_end``,
``target_answer`` (that phase's target), ``current_answer`` (the practice's line mean; an
unanswered practice counts 0, a not-applicable one is left out, as in
:func:`maturity.plan.progress.progress_to_target`) and ``answer_gap = max(0, target -
current)``. A practice that meets every phase's target gives no row.

**One backlog, no double counting.** A line x practice appears once. A practice that blocks a
level target (a level row) and misses a target answer is the level row, its ``target_kind``
``level+answer`` and its answer columns those of the first missed phase; the answer row is
dropped. Level rows of practices that meet their target answers keep ``target_kind`` ``level``
(answer columns from the target posture, ``phase`` blank); the other answer rows are
``answer``. Level-only profiles never reach this module (their backlog is unchanged).

**Columns.** The level backlog's (:data:`maturity.plan.gap.BACKLOG_COLUMNS`), then
:data:`ANSWER_COLUMNS`. For an answer row ``gap`` and ``levels_blocked`` are empty (no level
gap), ``required_level`` and ``needed_for_level`` are the practice's level (its goal's
capability level in a staged model), ``effort`` 1 when something is in place (current answer
above the scale's lowest value) and 2 when it is to be built (level rows: 1 for ``PI``, 2
otherwise, as :mod:`maturity.plan.gap` counts effort).

**Priority** of an answer row, in [0, 1], with the level rows' weights
(:data:`maturity.plan.gap.PRIORITY_WEIGHTS`), the answer gap in place of the levels blocked::

    priority = 0.45 * answer_gap / (scale max - scale min)
             + 0.30 * n_lines_sharing / n_lines      (lines missing it / lines with target answers)
             + 0.20 * swot_weight / max swot_weight
             + 0.05 * (1 - coverage)

**Rank** (1 = first) within a wave and line, sorted by

1. ``phase_order`` ascending: earlier phase first (a row without a missed answer phase, a
   level row, belongs to the last phase, the target posture);
2. within a phase, rows that block a level target first, in the level backlog's order
   (:mod:`maturity.plan.gap`: lowest unmet level first);
3. then the answer rows by ``priority`` descending (larger weighted gap first), then process
   area and practice in model order.

``line_gaps`` gains ``n_answer_gaps`` (answer rows of the line in the backlog's waves) and
their effort points are added to ``effort``, so the roadmap sizes and plans the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from maturity.i18n import _, ngettext
from maturity.model.load import Model
from maturity.plan.phase_progress import phase_progress
from maturity.plan.targets_answers import FINAL

__all__ = ["ANSWER_COLUMNS", "AnswerBacklog", "with_answer_rows", "first_missed_phase"]

#: Columns the backlog ends with when the targets give target answers.
ANSWER_COLUMNS = ["target_kind", "phase", "phase_order", "phase_end", "effort",
                  "current_answer", "target_answer", "answer_gap"]
_WEIGHTS = {"depth": 0.45, "shared": 0.30, "swot": 0.20, "coverage": 0.05}
_KEY = ["wave", "business_line", "practice"]


@dataclass(frozen=True)
class AnswerBacklog:
    """The result of :func:`with_answer_rows`.

    Attributes
    ----------
    backlog : pandas.DataFrame
        The ranked backlog (level and answer rows), columns in the module docstring.
    line_gaps : pandas.DataFrame
        ``line_gaps`` with ``n_answer_gaps`` and the answer rows' effort in ``effort``.
    phases, phase_practices : pandas.DataFrame
        :func:`maturity.plan.targets_answers.phase_progress` of the latest backlog wave
        (``lines`` and ``practices``).
    """

    backlog: pd.DataFrame
    line_gaps: pd.DataFrame
    phases: pd.DataFrame
    phase_practices: pd.DataFrame


def first_missed_phase(practices: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """Per wave, line and practice, the first phase whose target answer the current answer
    misses (``gap > 0``), from the practice rows of
    :func:`maturity.plan.targets_answers.phase_progress`.

    Returns ``wave, business_line, process_area, practice, phase, phase_order, phase_end,
    current_answer, target_answer, answer_gap``.

    Examples
    --------
    >>> pr = pd.DataFrame({"phase": ["p1", "p1", "target", "target"], "end": ["2026Q2", "2026Q2",
    ...                    "", ""], "wave": "2026-03", "business_line": "web",
    ...                    "process_area": "SB", "practice": ["X", "Y", "X", "Y"],
    ...                    "target": [0.5, 0.5, 1.0, 1.0], "current": [0.5, 0.25, 0.5, 0.25],
    ...                    "gap": [0.0, 0.25, 0.5, 0.75]})
    >>> a = pd.DataFrame({"phase": ["p1", "target"], "phase_order": [1, 2]})
    >>> first_missed_phase(pr, a)[["practice", "phase", "target_answer", "answer_gap"]]
      practice   phase  target_answer  answer_gap
    0        X  target            1.0        0.50
    1        Y      p1            0.5        0.25
    """
    order = dict(zip(answers["phase"], answers["phase_order"], strict=False))
    p = practices[practices["gap"].astype(float).fillna(0.0) > 0]
    p = p.assign(phase_order=p["phase"].map(order).astype("int64"),
                 wave=p["wave"].astype(str), business_line=p["business_line"].astype(str))
    p = p.sort_values([*_KEY, "phase_order"], kind="mergesort").drop_duplicates(_KEY)
    out = p.rename(columns={"end": "phase_end", "current": "current_answer",
                            "target": "target_answer", "gap": "answer_gap"})
    return out[["wave", "business_line", "process_area", "practice", "phase", "phase_order",
                "phase_end", "current_answer", "target_answer", "answer_gap"]].reset_index(
        drop=True)


def with_answer_rows(scores: Any, targets: Any, backlog: pd.DataFrame,  # noqa: ANN401
                     line_gaps: pd.DataFrame, *, waves: list[str], top: int | None,
                     parts: dict[str, Any]) -> AnswerBacklog:
    """The level backlog with the target answers' rows, ranked together (module docstring).

    Parameters
    ----------
    scores : Scores
        :func:`maturity.score`.
    targets : maturity.plan.gap.Targets
        With target answers (``targets.answers``).
    backlog, line_gaps : pandas.DataFrame
        The level backlog (uncut: ``top`` is applied here) and line gaps of
        :func:`maturity.plan.gap.gap_analysis`. Not modified.
    waves : list of str
        The backlog's waves.
    top : int, optional
        Keep each line's ``top`` first rows.
    parts : dict
        The level backlog's inputs: ``swot`` (``business_line, process_area, swot_weight,
        swot_weakness``), ``notes`` (``wave, business_line, practice, evidence, comment``),
        ``required`` (a Series practice -> required level).

    Examples
    --------
    See ``tests/test_answer_backlog.py`` (the OWASP SAMM relative-scoring example).
    """
    model = scores.model
    runs = {w: phase_progress(scores, targets, wave=w) for w in waves}
    missed = pd.concat([first_missed_phase(r.practices, targets.answers) for r in runs.values()],
                       ignore_index=True)
    final = pd.concat([_final(r.practices) for r in runs.values()], ignore_index=True)
    with_targets = pd.concat([r.practices[["wave", "business_line"]] for r in runs.values()])
    n_lines = with_targets.astype(str).drop_duplicates().groupby("wave").size()
    rows = _answer_rows(missed, scores, model, {**parts, "n_lines": n_lines})
    both = _combine(backlog, rows, missed, final)
    columns = [c for c in backlog.columns if c not in ("target_answer", "answer_gap")]
    ranked = _rank(both, model, int(targets.answers["phase_order"].max()), columns)
    if top is not None:
        ranked = ranked[ranked["rank"] <= int(top)].reset_index(drop=True)
    last = runs[waves[-1]]
    return AnswerBacklog(ranked, _line_effort(line_gaps, both), last.lines, last.practices)


def _final(practices: pd.DataFrame) -> pd.DataFrame:
    """The target posture's (last phase's) answer columns per wave, line and practice."""
    last = practices[practices["phase"] == practices["phase"].iloc[-1]] if len(practices) \
        else practices
    out = last.assign(wave=last["wave"].astype(str),
                      business_line=last["business_line"].astype(str))
    return out.rename(columns={"current": "current_answer", "target": "target_answer",
                               "gap": "answer_gap"})[
        [*_KEY, "current_answer", "target_answer", "answer_gap"]]


def _scale_range(model: Model) -> tuple[pd.Series, pd.Series]:
    """Per practice: the lowest value and the range (max - min) of its answer scale."""
    sid = model.questions.drop_duplicates("practice").set_index("practice")["scale"]
    lo = sid.map({k: s.min_value for k, s in model.scales.items()}).astype(float)
    hi = sid.map({k: s.max_value for k, s in model.scales.items()}).astype(float)
    return lo, (hi - lo).where(hi > lo)


def _answer_rows(missed: pd.DataFrame, scores: Any, model: Model,  # noqa: ANN401
                 parts: dict[str, Any]) -> pd.DataFrame:
    """Backlog rows of the missed target answers (before ranking)."""
    pr = scores.practices
    pr = pr.assign(wave=pr["wave"].astype(str), business_line=pr["business_line"].astype(str))
    cols = ["kind", "characterization", "mean", "coverage", "n_respondents", "goal"]
    a = missed.merge(pr[[*_KEY, *cols]], on=_KEY, how="left")
    a["name"] = a["practice"].map(model.practices.set_index("practice")["name"]).fillna("")
    a["n_lines_sharing"] = a.groupby(["wave", "practice"])["business_line"].transform(
        "nunique").astype("int64")
    a["n_lines_wave"] = a["wave"].map(parts["n_lines"]).astype("int64")
    a = a.merge(parts["swot"], on=["business_line", "process_area"], how="left")
    a["swot_weight"] = a["swot_weight"].astype(float).fillna(0.0)
    a["swot_weakness"] = a["swot_weakness"].fillna("")
    wmax = float(parts["swot"]["swot_weight"].max()) if len(parts["swot"]) else 0.0
    lo, span = _scale_range(model)
    depth = a["answer_gap"] / a["practice"].map(span).astype(float)
    w = _WEIGHTS
    a["priority"] = (w["depth"] * depth.fillna(0.0)
                     + w["shared"] * a["n_lines_sharing"] / a["n_lines_wave"]
                     + w["swot"] * (a["swot_weight"] / wmax if wmax > 0 else 0.0)
                     + w["coverage"] * (1 - a["coverage"].astype(float).fillna(0.0))).round(4)
    a["effort"] = np.where(a["current_answer"] > a["practice"].map(lo).astype(float), 1, 2)
    req = a["practice"].map(parts["required"]).astype("Float64").astype("Int64")
    a["required_level"] = req
    a["needed_for_level"] = req
    a["gap"] = pd.array([pd.NA] * len(a), dtype="Int64")
    a["levels_blocked"] = pd.array([pd.NA] * len(a), dtype="Int64")
    a["reason"] = [_reason(*r) for r in zip(
        a["phase"], a["phase_end"], a["target_answer"], a["current_answer"], a["answer_gap"],
        a["n_lines_sharing"], a["n_lines_wave"], a["swot_weakness"], strict=True)]
    a = a.merge(parts["notes"], on=_KEY, how="left")
    a[["evidence", "comment"]] = a[["evidence", "comment"]].fillna("")
    a["target_kind"] = "answer"
    return a


def _reason(phase: str, end: str, target: float, current: float, gap: float, shared: int,
            n_lines: int, swot: str) -> str:
    by = _(" (by {end})").format(end=end) if end else ""
    what = _("the target posture") if phase == FINAL else _("phase {p}").format(p=phase)
    parts = [_("misses target answer {t:g} of {what}{by}: current {c:.2f}, gap "
               "{g:.2f}").format(t=target, what=what, by=by, c=current, g=gap),
             ngettext("target answer missed in {k} of {n} line",
                      "target answer missed in {k} of {n} lines", n_lines).format(
                 k=shared, n=n_lines)]
    if swot:
        parts.append(_("linked SWOT weakness {w}").format(w=swot))
    return _("; ").join(parts)


def _combine(backlog: pd.DataFrame, rows: pd.DataFrame, missed: pd.DataFrame,
             final: pd.DataFrame) -> pd.DataFrame:
    """Level rows (with their answer columns) and the answer rows of other practices."""
    lv = backlog.assign(_lvl_rank=backlog["rank"].astype(float),
                        wave=backlog["wave"].astype(str),
                        business_line=backlog["business_line"].astype(str))
    lv = lv.drop(columns=[c for c in ("target_answer", "answer_gap") if c in lv.columns])
    m = missed.drop(columns="process_area")
    lv = lv.merge(m, on=_KEY, how="left")
    hit = lv["phase"].notna()
    f = lv[_KEY].merge(final, on=_KEY, how="left")
    for c in ("current_answer", "target_answer", "answer_gap"):
        lv[c] = lv[c].where(hit, f[c].to_numpy())
    lv["target_kind"] = np.where(hit, "level+answer", "level")
    lv["phase"] = lv["phase"].fillna("")
    lv["phase_end"] = lv["phase_end"].fillna("")
    lv["effort"] = np.where(lv["characterization"].eq("PI"), 1, 2)
    taken = pd.MultiIndex.from_frame(lv[_KEY])
    rows = rows[~pd.MultiIndex.from_frame(rows[_KEY]).isin(taken)]
    rows = rows.assign(_lvl_rank=np.nan, rank=0)
    out = pd.concat([x for x in (lv, rows[lv.columns]) if len(x)] or [lv], ignore_index=True)
    out["phase_order"] = out["phase_order"].astype("Float64").astype("Int64")
    return out


def _rank(b: pd.DataFrame, model: Model, last_phase: int, columns: list[str]) -> pd.DataFrame:
    """Rank per wave and line (module docstring); the level backlog's ``columns`` first."""
    pa = {x: i for i, x in enumerate(model.process_areas["process_area"])}
    pr = {x: i for i, x in enumerate(model.practices["practice"])}
    b = b.assign(_po=b["phase_order"].astype("Float64").fillna(last_phase).astype(float),
                 _ans=b["_lvl_rank"].isna(), _p=-b["priority"].astype(float),
                 _pa=b["process_area"].map(pa), _pr=b["practice"].map(pr))
    b = b.sort_values(["wave", "business_line", "_po", "_ans", "_lvl_rank", "_p", "_pa", "_pr"],
                      kind="mergesort")
    b["rank"] = b.groupby(["wave", "business_line"]).cumcount().add(1).astype("int64")
    return b[columns + ANSWER_COLUMNS].reset_index(drop=True)


def _line_effort(line_gaps: pd.DataFrame, both: pd.DataFrame) -> pd.DataFrame:
    """``line_gaps`` with ``n_answer_gaps`` and the answer rows' effort added to ``effort``."""
    a = both[both["target_kind"] == "answer"]
    agg = a.groupby(["wave", "business_line"]).agg(n_answer_gaps=("practice", "size"),
                                                   _e=("effort", "sum")).reset_index()
    lg = line_gaps.assign(_w=line_gaps["wave"].astype(str),
                          _b=line_gaps["business_line"].astype(str))
    lg = lg.merge(agg.rename(columns={"wave": "_w", "business_line": "_b"}), on=["_w", "_b"],
                  how="left")
    lg["n_answer_gaps"] = lg["n_answer_gaps"].fillna(0).astype("int64")
    lg["effort"] = (lg["effort"] + lg["_e"].fillna(0)).astype("int64")
    return lg.drop(columns=["_w", "_b", "_e"]).reset_index(drop=True)
