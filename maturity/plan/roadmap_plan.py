"""The roadmap's plan: waves scheduled, with reasons written from the figures the plan uses.

:func:`base_roadmap` runs the method in order: scores and quadrant per line
(:mod:`maturity.plan.roadmap_factors`), waves by ordered rules, "low apples first"
(:mod:`maturity.plan.roadmap_waves`), the first day, pilot phases and champions
(:mod:`maturity.plan.sizing`), the schedule (:mod:`maturity.plan.schedule`: coach capacity,
working-day calendar with holidays, phases training -> test -> pilot(s) with checkpoints ->
review, per-line wave gates, champions by process area).

**Reasons** are written from the figures the plan uses (wave rule, position in the wave,
priority, effort points, coach-weeks, pilot weeks and phases, quadrant and why, posture, what
held the start, champions and their process areas), so they cannot contradict the plan.

The public entry point is :func:`maturity.plan.roadmap.plan_roadmap` (this plan plus, when
asked, its sensitivity table); frames and columns are listed there.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import MaturityWarning, ValidationError
from maturity.i18n import _, current_language
from maturity.plan import sizing
from maturity.plan.calendar import WorkCalendar
from maturity.plan.roadmap_factors import (
    DEFAULT_THRESHOLDS,
    NOTE_COLUMNS,
    _latest,
    _weights,
    line_factors,
)
from maturity.plan.roadmap_waves import WaveRule, assign_waves, default_rules
from maturity.plan.schedule import next_monday
from maturity.plan.schedule import schedule_lines as _schedule
from maturity.waves import latest_wave, parse_day, parse_period

__all__ = ["Roadmap", "StartDateError", "ROADMAP_COLUMNS", "base_roadmap"]

ROADMAP_COLUMNS = ["business_line", "wave", "start", "end", "priority", "quadrant", "value",
                   "effort", "readiness", "reason", "champions"]
_EXTRA = ["rank", "rule", "assessment_wave", "group", "headcount", "complexity",
          "customer_strictness", "customer_requirement", "posture", "maturity_level",
          "maturity_index", "target_maturity_level", "level_gap", "total_gap",
          "backlog_effort", "n_backlog", "focus", "pilot_weeks", "coach_weeks",
          "headcount_factor", "n_pilot_phases", "training_weeks", "coach", "pilot_end",
          "start_reason", "champion_reason"]


@dataclass(frozen=True)
class Roadmap:
    """Result of :func:`maturity.plan.roadmap.plan_roadmap`.

    Attributes
    ----------
    roadmap : pandas.DataFrame
        One row per line (columns in the module docstring).
    phases : pandas.DataFrame
        ``wave, business_line, phase, start, end, kind, detail``.
    milestones : pandas.DataFrame
        ``stage, name, start, end, milestone`` (the four PMO stages).
    sensitivity : pandas.DataFrame or None
        :func:`maturity.plan.sensitivity.sensitivity` table when asked for.
    sensitivity_summary : pandas.DataFrame or None
        :func:`maturity.plan.sensitivity.sensitivity_summary` of it.
    notes : pandas.DataFrame
        :data:`NOTE_COLUMNS`: every input problem the plan worked around.
    settings : dict
        The planning settings used (capacity, cut-offs, thresholds, scale, calendar, ...).
    """

    roadmap: pd.DataFrame
    phases: pd.DataFrame
    milestones: pd.DataFrame
    sensitivity: pd.DataFrame | None = None
    sensitivity_summary: pd.DataFrame | None = None
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOTE_COLUMNS))
    settings: dict = field(default_factory=dict)


def _assessment_end(factors: pd.DataFrame) -> pd.Timestamp | None:
    """Last day of the latest assessment (survey) wave, or None when no label names a date."""
    ends = []
    for w in factors["assessment_wave"].dropna().astype(str).unique():
        per = parse_period(w)
        if per is not None:
            ends.append(pd.Timestamp(per[1]))
    return max(ends) if ends else None


class StartDateError(ValidationError):
    """No first day for the plan: the message names ``start=``; :attr:`cli` names ``--start``."""

    @property
    def cli(self) -> str:
        """The message for command-line users (``--start`` instead of ``start=``)."""
        return str(self).replace("start='YYYY-MM-DD'", "--start YYYY-MM-DD")  # both languages


def _default_start(factors: pd.DataFrame) -> pd.Timestamp:
    waves = factors["assessment_wave"].dropna().astype(str)
    if waves.empty:
        raise StartDateError(_("no assessment wave to start from: give start='YYYY-MM-DD' "
                               "(the plan never uses today's date)"))
    last = _assessment_end(factors)
    if last is None:
        raise StartDateError(_("assessment wave {last!r} is not a date (2026-03, 2026年3月, "
                               "2026Q1, 2026-03-15...); give start='YYYY-MM-DD'").format(
                                   last=latest_wave(waves)))
    return next_monday(last)  # the Monday after the period the latest wave names


def _ordinal(k: int) -> str:
    if current_language() != "en":  # Chinese writes 第 {k} 位 in the sentence
        return str(k)
    return f"{k}{'th' if 10 <= k % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"


def _quadrant_text(r: pd.Series, th: Mapping[str, float]) -> str:
    hv = r["value"] >= th["value"]
    why_e = []
    if r["effort"] >= th["effort"]:
        why_e.append(_("effort {e:.2f} >= {t:.2f}").format(e=r["effort"], t=th["effort"]))
    if r["pilot_weeks"] > th["pilot_weeks"]:
        why_e.append(_("pilot {w} weeks > {t:g}").format(w=int(r["pilot_weeks"]),
                                                       t=th["pilot_weeks"]))
    if r["complexity"] >= th["complexity"]:
        why_e.append(_("complexity {c}/5").format(c=int(r["complexity"])))
    e_txt = (_("high effort ({why})").format(why=", ".join(why_e)) if why_e else
             _("low effort ({e:.2f} < {t:.2f}, pilot {w} weeks <= {tw:g})").format(
                 e=r["effort"], t=th["effort"], w=int(r["pilot_weeks"]), tw=th["pilot_weeks"]))
    v_txt = (_("value {v:.2f} >= {t:.2f}") if hv else _("value {v:.2f} < {t:.2f}")).format(
        v=r["value"], t=th["value"])
    return _("quadrant {q}: {v}, {e}").format(q=_(r["quadrant"]), v=v_txt, e=e_txt)


_POSTURE_TEXT = {
    "grow and build": "IE posture 'grow and build' (SWOT): first within its wave",
    "hold and maintain": "IE posture 'hold and maintain' (SWOT): after lines to grow within "
                         "its wave",
    "harvest or divest": "IE posture 'harvest or divest' (SWOT): last within its wave, kept to "
                         "the backlog the target needs",
}


def _reason(r: pd.Series, th: Mapping[str, float], n_in_wave: Mapping[int, int],
            n_waves: int) -> str:
    status = r["status"]
    if status == "no gap":
        tgt = r["target_maturity_level"]
        tgt_t = _(" meets its target {t}").format(t=int(tgt)) if not pd.isna(tgt) else _(
            " meets its target")
        return _("Left out: no gap to the target (maturity level {ml}{tgt} and no "
                 "process-area gaps), so there is nothing to roll out.").format(
            ml=int(r["maturity_level"]), tgt=tgt_t)
    if status == "no gap analysis":
        return _("Left out: the line has no row in the gap analysis (line_gaps).")
    if status == "not assessed":
        return _("Left out: the line was not assessed (no maturity or gap rows).")
    if status == "no attributes":
        return _("Left out: the line has no attributes (group, headcount, complexity, "
                 "customer strictness) in the lines table.")
    if status == "no rule":
        return _("Left out: the line matches none of the wave rules.")
    w = int(r["wave"])
    parts = [_("Rollout wave {w} of {n} ({rule}): {why}").format(
        w=w, n=n_waves, rule=_(r["rule"]), why=r["why"])]
    parts.append(_("{pos} of {k} in the wave, priority {p:.2f} (value {v:.2f}, effort "
                   "{e:.2f}, readiness {rd:.2f})").format(
        pos=_ordinal(int(r["pos_in_wave"])), k=n_in_wave[w], p=r["priority"], v=r["value"],
        e=r["effort"], rd=r["readiness"]))
    if r["posture"] in _POSTURE_TEXT:
        parts.append(_(_POSTURE_TEXT[r["posture"]]))
    size = _("{pts:g} effort points / {ppw:g} per coach-week x headcount factor {hf:g} "
             "({hc} people) = {cw:g} coach-weeks -> pilot {pw} weeks").format(
        pts=float(r["backlog_effort"]), ppw=r["_ppw"], hf=r["headcount_factor"],
        hc=int(r["headcount"]), cw=r["coach_weeks"], pw=int(r["pilot_weeks"]))
    if int(r["n_pilot_phases"]) > 1:
        size += _(" in {k} phases ({areas})").format(k=int(r["n_pilot_phases"]),
                                                     areas=r["_phase_areas"])
    parts.append(size)
    q = _quadrant_text(r, th)
    if r["quadrant"] == "avoid" and r["rule"] != "deferred":
        q += _(" (scheduled nevertheless: the {rule} rule places it before the deferred "
               "lines)").format(rule=_(r["rule"]))
    parts.append(q)
    parts.append(_("starts {day}: {why}").format(day=pd.Timestamp(r["start"]).date(),
                                                 why=r["start_reason"]))
    if r["champion_reason"]:
        parts.append(_("champions {c}").format(c=r["champion_reason"]))
    return _("; ").join(parts) + _(".")


def base_roadmap(
    maturity: pd.DataFrame,
    line_gaps: pd.DataFrame,
    backlog: pd.DataFrame | None,
    lines: pd.DataFrame | str | Path,
    swot_summary: pd.DataFrame | None = None,
    *,
    gaps: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    rules: Sequence[WaveRule | tuple] | None = None,
    min_strictness: int = 2,
    max_complexity: int = 2,
    thresholds: Mapping[str, float] | None = None,
    scale: Mapping[str, float] | None = None,
    capacity: int = 2,
    start: Any = None,
    calendar: WorkCalendar | None = None,
    training_weeks: int | None = None,
    test_weeks: int = 1,
    pass_rate: float = 0.8,
    pass_rates: Mapping[str, float] | None = None,
    review_weeks: int = 1,
    n_checkpoints: int | None = None,
    codesign_weeks: int = 0,
    wave_gate: Literal["benefit", "review", "pilot", "none"] = "benefit",
    n_champions: int = 1,
    champions_per_source: int = 2,
    institutionalise_weeks: int = 4,
    reassess_weeks: int = 26,
) -> Roadmap:
    """The roadmap without its sensitivity table: :func:`maturity.plan.roadmap.plan_roadmap`
    with ``with_sensitivity=False`` (parameters, returns and a worked example there).

    The method in order: scores and quadrant per line (:func:`line_factors`), waves by the
    ordered rules (:func:`assign_waves`), the first day, pilot phases, champions' sources, the
    schedule (:func:`maturity.plan.schedule.schedule_lines`), reasons and notes.
    """
    sc = sizing.scale(scale)
    th = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    f = line_factors(maturity, line_gaps, backlog, lines, swot_summary, weights=weights,
                     thresholds=th, scale=sc)
    notes = list(f.attrs.get("notes", []))
    f = assign_waves(f, rules if rules is not None else default_rules(min_strictness,
                                                                        max_complexity))
    f.attrs = {}
    cal = calendar or WorkCalendar()
    day0 = cal.next_day(_first_day(f, start))
    planned = f[f["wave"].notna()].copy()
    if training_weeks is not None:
        planned["training_weeks"] = int(training_weeks)
    planned = _with_pilot_phases(planned, backlog, sc, notes)
    pa_levels, sources = _champion_sources(gaps, f)
    n_waves = int(planned["wave"].max()) if len(planned) else 0
    first_rule = planned.loc[planned["wave"].eq(1), "rule"]
    stage2 = (_("rollout wave 1 ({rule}) rolled out").format(rule=_(first_rule.iloc[0]))
              if len(first_rule) else None)
    sched, phases, stones = _schedule(
        planned, day0, capacity=capacity, calendar=cal, test_weeks=test_weeks,
        pass_rate=pass_rate, pass_rates=pass_rates, review_weeks=review_weeks,
        n_checkpoints=n_checkpoints, checkpoint_weeks=int(sc["checkpoint_weeks"]),
        codesign_weeks=codesign_weeks, wave_gate=wave_gate,
        n_champions=n_champions,
        champions_per_source=champions_per_source, pa_levels=pa_levels, sources=sources,
        institutionalise_weeks=institutionalise_weeks, reassess_weeks=reassess_weeks,
        stage_texts={2: stage2} if stage2 else None)
    f = _with_schedule(f, planned, sched, th, sc, n_waves)
    p = f["wave"].notna()
    out = f[ROADMAP_COLUMNS + _EXTRA].copy()
    for c in ("start", "end", "pilot_end"):
        out[c] = pd.to_datetime(out[c])
    notes.extend(_plan_notes(f, p, cal, min_strictness))
    if swot_summary is None and len(planned):
        notes.append({"business_line": "", "topic": "inputs", "note": _(
            "no SWOT given: strengths neutral (0.5) for every line, no SWOT customer "
            "requirement, no IE posture")})
    notes_f = pd.DataFrame(notes, columns=NOTE_COLUMNS)
    for r in notes_f.itertuples():
        if r.topic in ("assessment", "swot", "attributes", "id"):
            warnings.warn(f"roadmap: {r.business_line}: {r.note}", MaturityWarning,
                          stacklevel=3)
    settings = {"capacity": capacity, "start": day0, "min_strictness": min_strictness,
                "max_complexity": max_complexity, "thresholds": th, "scale": sc,
                "weights": _weights(weights), "wave_gate": wave_gate,
                "pass_rate": pass_rate, "n_champions": n_champions,
                "codesign_weeks": codesign_weeks,
                "champions_per_source": champions_per_source,
                "calendar": cal, "holidays": len(cal.holidays)}
    return Roadmap(roadmap=out.reset_index(drop=True), phases=phases, milestones=stones,
                   notes=notes_f, settings=settings)


def _first_day(f: pd.DataFrame, start: Any) -> pd.Timestamp:
    """The plan's first Monday: on or after ``start`` (refused on or before the assessment's
    last day), else the Monday after the latest assessment wave."""
    assessed_end = _assessment_end(f)
    if start is not None:
        start = parse_day(start)  # 2026-04-06, 2026/4/6, 2026年4月6日 (maturity.waves)
        day0 = next_monday(start, strictly=False)
        if assessed_end is not None and pd.Timestamp(start).normalize() <= assessed_end:
            raise ValidationError(
                f"start {pd.Timestamp(start).date()} is not after the assessment (its latest "
                f"wave ends {assessed_end.date()}): a rollout cannot be planned on results "
                "not yet known; give a later start")
    else:
        day0 = _default_start(f)
    return day0


def _with_pilot_phases(planned: pd.DataFrame, backlog: pd.DataFrame | None,
                       sc: Mapping[str, float], notes: list[dict]) -> pd.DataFrame:
    """Each planned line's pilot phases (:func:`maturity.plan.sizing.pilot_phases`: a long
    pilot split by process-area groups, lowest level first), noted when split."""
    phase_lists, phase_areas = [], []
    for r in planned.itertuples():
        rows = None
        if backlog is not None and len(backlog) and "business_line" in backlog.columns:
            rows = _latest(backlog)
            rows = rows[rows["business_line"].astype(str) == r.business_line]
            if "rank" in rows.columns:
                rows = rows.sort_values("rank", kind="mergesort")
        ph = sizing.pilot_phases(int(r.pilot_weeks), rows, sc)
        phase_lists.append(ph)
        phase_areas.append(" | ".join(", ".join(p["process_areas"]) for p in ph))
        if len(ph) > 1:
            notes.append({"business_line": r.business_line, "topic": "pilot", "note": _(
                "pilot of {w} weeks split into {k} phases of at most {m:g} weeks by "
                "process-area groups, lowest level first: {areas}").format(
                w=int(r.pilot_weeks), k=len(ph), m=sc["max_pilot_weeks"],
                areas=phase_areas[-1])})
    planned["pilot_phases"] = phase_lists
    planned["_phase_areas"] = phase_areas
    planned["n_pilot_phases"] = [len(x) for x in phase_lists]
    return planned


def _champion_sources(gaps: pd.DataFrame | None, f: pd.DataFrame
                      ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The process-area levels champions are chosen by, and the lines already at target."""
    pa_levels = sources = None
    if gaps is not None and len(gaps):
        g = _latest(gaps)
        pa_levels = g[["business_line", "process_area", "current_level", "target_level"]]
    at_target = f[f["status"].eq("no gap") & f["group"].notna()]
    if len(at_target):
        sources = at_target[["business_line", "group", "complexity"]]
    return pa_levels, sources


def _with_schedule(f: pd.DataFrame, planned: pd.DataFrame, sched: pd.DataFrame,
                   th: Mapping[str, float], sc: Mapping[str, float], n_waves: int
                   ) -> pd.DataFrame:
    """The schedule joined to the lines, with each line's position in its wave and reason."""
    f = f.merge(planned[["business_line", "n_pilot_phases", "_phase_areas"]],
                on="business_line", how="left")
    f = f.merge(sched, on="business_line", how="left")
    for c in ("champions", "start_reason", "champion_reason", "_phase_areas"):
        f[c] = f[c].astype(object).fillna("")  # all-NaN float after an empty merge (pandas 3)
    f["pos_in_wave"] = f.groupby("wave").cumcount() + 1
    n_in_wave = f.groupby("wave").size().to_dict()
    f["_ppw"] = sc["points_per_coach_week"]
    f["reason"] = [_reason(f.iloc[i], th, n_in_wave, n_waves) for i in range(len(f))]
    p = f["wave"].notna()
    for c in ("pilot_weeks", "n_pilot_phases", "training_weeks", "coach"):
        f[c] = f[c].where(p).astype("Float64").astype("Int64")
    for c in ("coach_weeks", "headcount_factor"):
        f[c] = f[c].where(p)
    return f


def _plan_notes(f: pd.DataFrame, p: pd.Series, cal: WorkCalendar,
                min_strictness: int) -> list[dict]:
    """Notes on the plan: strict lines not assessed, coaches idle a month or more."""
    notes = []
    for i in np.flatnonzero(~p.to_numpy()):
        if f["status"].iat[i] == "not assessed" and not pd.isna(
                f["customer_strictness"].iat[i]) and f["customer_strictness"].iat[i] >= \
                min_strictness:
            msg = _("customer strictness {s}/3 but the line was not assessed: assess it "
                    "before the rollout, it would be in rollout wave 1").format(
                s=int(f["customer_strictness"].iat[i]))
            notes.append({"business_line": f["business_line"].iat[i], "topic": "assessment",
                          "note": msg})
    for i in np.flatnonzero(p.to_numpy()):  # a coach idle for a month or more: say so
        free, begin = f["coach_free"].iat[i], f["start"].iat[i]
        idle = cal.count(free, begin - pd.Timedelta(days=1)) if begin > free else 0
        if idle >= 20:
            notes.append({"business_line": f["business_line"].iat[i], "topic": "capacity",
                          "note": _("coach {k} idle {w:g} weeks ({a} .. {b}) while this line "
                                    "waits for the wave gate ({why}); a laxer --wave-gate or "
                                    "moving the line to an earlier wave would use it").format(
                              k=int(f["coach"].iat[i]), w=round(idle / 5, 1), a=free.date(),
                              b=(begin - pd.Timedelta(days=1)).date(),
                              why=f["start_reason"].iat[i])})
    return notes
