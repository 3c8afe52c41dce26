"""The rollout's status from its log: the one plan, what happened, benefit, the company standard.

Glue between the plan (:func:`maturity.plan.rollout.plan_rollout`), the rollout log
(:mod:`maturity.plan.tracking`) and the survey waves: used by ``maturity roadmap --log``,
``maturity report --log`` and notebook 08.

Steps (:func:`rollout_status`):

1. the as-of date: the option, else the log's last event (never the clock);
2. the survey waves that start by the as-of date count; a line's pilot ends at its logged
   review (else at its planned pilot end);
3. when a survey wave starts after a line's pilot, :func:`maturity.changes` over the answers
   gives the maturity index change; a line showed benefit when the lower end of the index
   change's interval (``delta_ci_low``) is above zero or it met its target in that wave
   (:func:`maturity.plan.tracking.benefit_shown`). Without that interval (older ``changes``), only
   targets met count, and a note says so (the mean-answer interval ``ci_low`` bounds another
   estimate and is not used for the index);
4. plan vs actual (:func:`maturity.plan.tracking.track`) and the standard candidates
   (:func:`maturity.plan.tracking.standard_candidates`) over the lines whose review is done, from
   each line's latest survey wave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from maturity import io as safe_io  # looked up at call time (tests patch it)
from maturity.compare.trends import changes
from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.model.load import load_model
from maturity.plan.gap import gap_analysis
from maturity.plan.targets import targets_from_swot
from maturity.plan.targets_read import read_targets
from maturity.plan.tracking import Tracking, standard_candidates, track
from maturity.plan.tracking_gates import GATE_COLUMNS, benefit_shown
from maturity.plan.tracking_log import RolloutLog, read_log
from maturity.scoring.score import score
from maturity.waves import parse_date, wave_start

__all__ = ["RolloutStatus", "rollout_status", "baseline_answers", "write_status_files",
           "STANDARD_COLUMNS"]

STANDARD_COLUMNS = ["process_area", "practice", "candidate", "n_lines", "share", "lines"]


@dataclass(frozen=True)
class RolloutStatus:
    """Result of :func:`rollout_status`.

    Attributes
    ----------
    tracking : maturity.plan.tracking.Tracking
        Plan vs actual (phases, lines, gates, as_of).
    benefit : DataFrame or None
        ``business_line, survey_wave, shown, reason`` (None when no survey wave follows a
        pilot yet).
    standard : DataFrame
        :data:`STANDARD_COLUMNS` over the lines whose review is done.
    notes : list of str
        How the status was judged (e.g. targets met only).
    """

    tracking: Tracking
    benefit: pd.DataFrame | None
    standard: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _wave_starts(labels: Any) -> dict[str, pd.Timestamp | None]:
    return {str(w): wave_start(w) for w in pd.unique(pd.Series(labels, dtype=object).astype(str))}


def baseline_answers(responses: pd.DataFrame, log: RolloutLog) -> pd.DataFrame:
    """The answers of the survey waves that start by the log's first event (the assessment the
    plan was made on); later waves are re-assessments.

    Examples
    --------
    >>> r = pd.DataFrame({"wave": ["2026-03", "2026-09"], "x": [1, 2]})
    >>> ev = pd.DataFrame({"business_line": ["a"], "event": ["codesign"],
    ...                    "date": pd.to_datetime(["2026-03-30"]), "value": [""], "note": [""]})
    >>> baseline_answers(r, RolloutLog(ev))["wave"].tolist()
    ['2026-03']
    """
    if log.events.empty:
        return responses
    first = log.events["date"].min()
    starts = _wave_starts(responses["wave"])
    keep = [w for w, s in starts.items() if s is None or s <= first]
    return responses[responses["wave"].astype(str).isin(keep)]


def _pilot_ends(phases: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """The day each planned line's pilot ended: its logged review (lines not reviewed yet
    cannot show benefit)."""
    ph = phases[phases["kind"] != "stage"]
    pilot = ph[ph["phase"].astype(str).str.startswith("pilot")]
    planned = set(pilot["business_line"].astype(str))
    reviews = events[events["event"] == "review"].groupby("business_line")["date"].min()
    return pd.Series({str(b): d for b, d in reviews.items() if str(b) in planned},
                     dtype="datetime64[ns]")


def rollout_status(
    plan: Any,
    log: RolloutLog | str | Path,
    *,
    responses: pd.DataFrame | None = None,
    model: Any = None,
    targets: Any = None,
    as_of: Any = None,
    share: float = 1.0,
    pass_rate: float | None = None,
) -> RolloutStatus:
    """Plan vs actual, gates, benefit and the standard candidates of a rollout.

    Parameters
    ----------
    plan : maturity.plan.rollout.Plan
        The baseline plan (:func:`maturity.plan.rollout.plan_rollout`).
    log : RolloutLog or path
        What happened (:func:`maturity.plan.tracking.read_log`).
    responses : DataFrame, optional
        The answers of every survey wave so far (baseline and re-assessments), tidy.
    model : maturity.model.load.Model or str, optional
        The model the answers are scored with (needed with ``responses``).
    targets : Targets, path or mapping, optional
        The target profile (raised by the plan's SWOT as in the plan) for "target met".
    as_of : date-like, optional
        Day of the status (default: the log's last event).
    share : float, default 1.0
        Share of the reviewed lines a practice must be in place in to be a standard candidate.
    pass_rate : float, optional
        Training-test gate (default: the plan's).

    Returns
    -------
    RolloutStatus
    """
    rlog = log if isinstance(log, RolloutLog) else read_log(log)
    events = rlog.events
    day = None
    if as_of is not None:
        day = parse_date(as_of)
        if day is None:
            raise InputError(f"--as-of {as_of!r}: not a date; expected e.g. 2026-08-31 or "
                             "2026年8月31日")
        day = pd.Timestamp(day)
    elif not events.empty:
        day = events["date"].max()
    rm = plan.roadmap
    rate = plan.options.pass_rate if pass_rate is None else pass_rate
    notes: list[str] = []
    benefit = None
    practices = None
    if responses is not None and len(responses):
        starts = _wave_starts(responses["wave"])
        keep = [w for w, s in starts.items() if day is None or s is None or s <= day]
        resp = responses[responses["wave"].astype(str).isin(keep)]
        if model is None:
            raise ValueError("rollout_status: give the model the answers are scored with")
        scores = score(resp, load_model(model) if isinstance(model, str) else model)
        practices = scores.practices
        after = _pilot_ends(rm.phases, events[events["date"] <= day] if day is not None
                            else events)
        later = [w for w in keep if starts[w] is not None and (after < starts[w]).any()]
        if later:
            benefit = _benefit(resp, scores, after, targets, plan, notes)
    tracking = track(rm.phases, rlog, as_of=day, capacity=plan.options.capacity,
                     benefit=benefit, pass_rate=rate)
    ph = tracking.phases
    reviewed = sorted(ph.loc[(ph["phase"] == "review") & (ph["status"] == "done"),
                             "business_line"].astype(str).unique())
    if reviewed and practices is not None and len(practices):
        standard = standard_candidates(practices, reviewed, share=share)
    else:
        standard = pd.DataFrame(columns=STANDARD_COLUMNS)
        notes.append(_("no line has finished its review yet: no standard candidates")
                     if not reviewed else
                     _("no answers given: the standard candidates need the lines' practices"))
    return RolloutStatus(tracking=tracking, benefit=benefit, standard=standard, notes=notes)


def _benefit(resp: pd.DataFrame, scores: Any, after: pd.Series, targets: Any, plan: Any,
             notes: list[str]) -> pd.DataFrame:
    ch = changes(resp, scores.maturity)
    ch = ch[ch["business_line"].astype(str).isin(after.index)].reset_index(drop=True)
    line_gaps = None
    if targets is not None:
        tg = read_targets(targets, scores.model)
        if plan.swot_summary is not None:
            tg = targets_from_swot(plan.swot_summary, tg)
        line_gaps = gap_analysis(scores, tg).line_gaps
    if "delta_ci_low" in ch.columns:
        return benefit_shown(ch, after=after, line_gaps=line_gaps)
    notes.append(_("maturity.changes gives no interval of the index change (delta_ci_low) in "
                   "this version: benefit counts targets met only"))
    out = benefit_shown(ch.assign(delta_ci_low=float("nan")), after=after, line_gaps=line_gaps)
    delta = {(str(r.business_line), str(r.wave_to)): r.delta for r in ch.itertuples()}
    for i in out.index[~out["shown"].astype(bool) & out["survey_wave"].ne("")]:
        line, wave = out.at[i, "business_line"], out.at[i, "survey_wave"]
        out.at[i, "reason"] = _("target not met in {wave}; maturity index change {delta:+.2f} "
                                "(no interval)").format(wave=wave, delta=delta.get((line, wave),
                                                                                  float("nan")))
    return out


def write_status_files(plan: Any, status: RolloutStatus, out_dir: str | Path) -> list[Path]:
    """Write ``roadmap.csv`` (with ``status``), ``phases.csv`` (with ``planned_start,
    planned_end, actual_start, actual_end, status``), ``gates.csv`` and ``standard.csv`` into
    ``out_dir`` (replacing the plan's ``roadmap.csv`` and ``phases.csv``)."""
    out = Path(out_dir)
    tr = status.tracking
    r = plan.roadmap.roadmap.copy()
    st = tr.lines.set_index("business_line")
    r["status"] = r["business_line"].astype(str).map(st["status"]).fillna("")
    r["status_reason"] = r["business_line"].astype(str).map(st["reason"]).fillna("")
    gates = tr.gates.reindex(columns=GATE_COLUMNS)
    std = status.standard.reindex(columns=STANDARD_COLUMNS)
    return [safe_io.write_csv(r, out / "roadmap.csv", date_format="%Y-%m-%d"),
            safe_io.write_csv(tr.phases, out / "phases.csv", date_format="%Y-%m-%d"),
            safe_io.write_csv(gates, out / "gates.csv", date_format="%Y-%m-%d"),
            safe_io.write_csv(std, out / "standard.csv")]
