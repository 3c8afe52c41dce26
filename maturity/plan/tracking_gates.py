"""The gates of a line's rollout, read from its log, and whether a line has shown benefit.

Gates (:func:`evaluate_gates`), each with a reason; the seed practice they encode:

1. ``codesign`` and ``signoff`` before ``training`` (the director co-designs and accepts);
2. the training test within ``test_within_days`` (7) days of the training, with a pass rate of
   at least ``pass_rate`` (0.8 = 4 in 5), before the ``pilot``; else the pilot is blocked;
3. a checkpoint with findings keeps the line in its pilot until a later checkpoint is ``ok``;
4. the next rollout wave starts only when every line of the previous wave has shown benefit
   (:func:`benefit_shown`): in a survey wave after its pilot, the maturity index rose with the
   lower end of its interval above zero, or the line met its target; else later waves are
   ``held`` with "benefit not yet shown".

The gates encode the seed practice of a process rollout: the line's director co-designs and
accepts the process, staff are trained and tested before the pilot, the pilot's checkpoints
are kept until clean, and the next wave waits for evidence of benefit (SEI's IDEAL model:
"Pilot/Test Solution" before "Refine Solution" and a broad rollout; McFeeley, CMU/SEI-96-HB-001).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.plan.tracking_log import RolloutLog, _excerpt, _findings, _test_rate
from maturity.waves import parse_date, wave_start

__all__ = ["GATE_COLUMNS", "evaluate_gates", "benefit_shown"]

GATE_COLUMNS = ["business_line", "gate", "status", "date", "reason"]


def _line_events(events: pd.DataFrame, line: str, event: str) -> pd.DataFrame:
    sel = events[(events["business_line"] == line) & (events["event"] == event)]
    return sel.sort_values("date", kind="mergesort")


def evaluate_gates(
    log: RolloutLog | pd.DataFrame,
    lines: list[str] | None = None,
    *,
    as_of: Any = None,
    pass_rate: float = 0.8,
    test_within_days: int = 7,
) -> pd.DataFrame:
    """The gates of each line's rollout from its log, each with a status and a reason.

    Parameters
    ----------
    log : RolloutLog or DataFrame
        The read log (or its ``events``).
    lines : list of str, optional
        Lines to report (default: every line in the log).
    as_of : date-like, optional
        Events after it are ignored (default: the log's last event).
    pass_rate : float, default 0.8
        Share of the trained who must pass the test (4 in 5).
    test_within_days : int, default 7
        Days after the training within which the test must be taken.

    Returns
    -------
    DataFrame
        :data:`GATE_COLUMNS`: one row per line and gate (``codesign``, ``signoff``,
        ``training``, ``training_test``, ``pilot``, ``checkpoints``); ``status`` is ``passed``,
        ``failed``, ``open`` (not yet due) or ``blocked`` (an earlier gate failed or is open).

    Examples
    --------
    >>> from maturity.plan.tracking_log import read_log
    >>> log = read_log(pd.DataFrame({"business_line": ["a"] * 4,
    ...     "event": ["codesign", "signoff", "training", "training_test"],
    ...     "date": ["2026-04-01", "2026-04-03", "2026-04-06", "2026-04-10"],
    ...     "value": ["Zhang", "", "", "3/5"], "note": [""] * 4}))
    >>> evaluate_gates(log)[["gate", "status"]].values.tolist()
    [['codesign', 'passed'], ['signoff', 'passed'], ['training', 'passed'],
     ['training_test', 'failed'], ['pilot', 'blocked'], ['checkpoints', 'open']]
    """
    events = log.events if isinstance(log, RolloutLog) else log
    cut = _as_of(events, as_of)
    events = events[events["date"] <= cut] if cut is not None else events
    names = lines if lines is not None else list(dict.fromkeys(events["business_line"]))
    rows: list[dict[str, Any]] = []
    for line in names:
        rows += _gates_of_line(events, line, pass_rate, test_within_days)
    out = pd.DataFrame(rows, columns=GATE_COLUMNS)
    out["date"] = pd.to_datetime(out["date"])
    return out


def _gates_of_line(events: pd.DataFrame, line: str, pass_rate: float,
                   within: int) -> list[dict[str, Any]]:
    def first(event: str) -> pd.Series | None:
        sel = _line_events(events, line, event)
        return None if sel.empty else sel.iloc[0]

    def gate(name: str, status: str, date: Any, reason: str) -> dict[str, Any]:
        return {"business_line": line, "gate": name, "status": status,
                "date": date if date is not None else pd.NaT, "reason": reason}

    out: list[dict[str, Any]] = []
    codesign, signoff, training = first("codesign"), first("signoff"), first("training")
    out.append(gate("codesign", "passed" if codesign is not None else "open",
                    None if codesign is None else codesign["date"],
                    _("process co-designed with the line director") if codesign is not None
                    else _("no co-design workshop logged yet")))
    out.append(gate("signoff", "passed" if signoff is not None else "open",
                    None if signoff is None else signoff["date"],
                    _("the director accepted the line's process") if signoff is not None
                    else _("the director has not signed off the process yet")))
    prereq_ok = codesign is not None and signoff is not None
    if training is None:
        out.append(gate("training", "open", None, _("no training logged yet")))
    elif not prereq_ok or (signoff is not None and training["date"] < signoff["date"]):
        out.append(gate("training", "failed", training["date"],
                        _("training held before the co-design and sign-off")))
    else:
        out.append(gate("training", "passed", training["date"], _("staff trained")))
    test_status, test_date, test_reason = _test_gate(events, line, training, pass_rate, within)
    out.append(gate("training_test", test_status, test_date, test_reason))
    if test_status == "passed" and out[2]["status"] == "passed":
        out.append(gate("pilot", "passed", test_date,
                        _("training gate passed: the pilot may start")))
    else:
        why = (_("pilot blocked: {reason}").format(reason=test_reason) if test_status == "failed"
               else _("pilot waits for the training gate"))
        out.append(gate("pilot", "blocked", None, why))
    out.append(gate("checkpoints", *_checkpoint_gate(events, line)))
    return out


def _test_gate(events: pd.DataFrame, line: str, training: pd.Series | None, pass_rate: float,
               within: int) -> tuple[str, Any, str]:
    """The training test gate: a test within ``within`` days of the latest training before it,
    with a pass rate of at least ``pass_rate`` (status, date, reason)."""
    tests = _line_events(events, line, "training_test")
    test_status, test_date, test_reason = "open", None, _("no training test logged yet")
    if training is not None and not tests.empty:
        test_status = "failed"
        trainings = _line_events(events, line, "training")["date"]
        for t in tests.itertuples():
            passed, tested = _test_rate(t.value)  # type: ignore[misc]
            rate = passed / tested
            # the test belongs to the latest training (or retraining) before it
            before = trainings[trainings <= t.date]
            late = (t.date - (before.iloc[-1] if len(before) else training["date"])).days
            test_date = t.date
            if late > within:
                test_reason = _("test taken {days} days after the training (limit {limit})"
                                ).format(days=late, limit=within)
                continue
            if rate + 1e-12 < pass_rate:
                test_reason = _("pass rate {passed}/{tested} = {rate:.0%} below {gate:.0%}"
                                ).format(passed=passed, tested=tested, rate=rate, gate=pass_rate)
                continue
            test_status = "passed"
            test_reason = _("pass rate {passed}/{tested} = {rate:.0%}, tested {days} days "
                            "after the training").format(passed=passed, tested=tested,
                                                         rate=rate, days=late)
            break
    elif training is None and not tests.empty:
        test_status, test_date = "failed", tests.iloc[0]["date"]
        test_reason = _("training test logged without a training")
    return test_status, test_date, test_reason


def _checkpoint_gate(events: pd.DataFrame, line: str) -> tuple[str, Any, str]:
    """The checkpoints gate: the last checkpoint clean (status, date, reason)."""
    checks = _line_events(events, line, "checkpoint")
    if checks.empty:
        return "open", None, _("no checkpoint logged yet")
    last = checks.iloc[-1]
    n = _findings(last["value"]) or 0
    if n:
        return "failed", last["date"], _("last checkpoint found {n} findings: the line stays "
                                          "in its pilot").format(n=n)
    return "passed", last["date"], _("last checkpoint ok")


def _as_of(events: pd.DataFrame, as_of: Any) -> pd.Timestamp | None:
    if as_of is not None:
        d = parse_date(as_of)
        if d is None:
            raise InputError(f"as-of date {_excerpt(as_of)!r} is not a date; give it as "
                             "2026-09-30 or 2026年9月30日")
        return pd.Timestamp(d)
    return None if events.empty else pd.Timestamp(events["date"].max())


def benefit_shown(
    changes: pd.DataFrame,
    *,
    after: pd.Series | None = None,
    line_gaps: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Whether each line has shown benefit in a survey wave after its pilot.

    A line shows benefit when, in a change from a survey wave to a later one that starts after
    its pilot ended (``after``), the maturity index rose with the lower end of its interval
    above zero, or when it met its target in that later wave (``line_gaps.level_gap == 0``).

    Parameters
    ----------
    changes : DataFrame
        :func:`maturity.changes` output: ``business_line, wave_from, wave_to, delta`` and the
        index change's interval ``ci_low`` (beside ``score_ci_low``, the mean answer's); a frame
        of older versions whose ``ci_low`` bounds the mean answer is refused.
    after : Series, optional
        Pilot end per line (index ``business_line``); survey waves are placed at the first day
        of their period (:func:`maturity.waves.wave_start`).
    line_gaps : DataFrame, optional
        :attr:`maturity.Gaps.line_gaps` (``wave, business_line, level_gap``).

    Returns
    -------
    DataFrame
        ``business_line, survey_wave, shown, reason``; one row per line in ``changes``.
    """
    # maturity.changes: ci_low bounds delta (the index change) when the mean answer's interval
    # is score_ci_low; a frame without score_ci_low has the mean answer's interval in ci_low
    low_col = next((c for c in ("delta_ci_low", "index_ci_low") if c in changes.columns), None)
    if low_col is None and {"ci_low", "score_ci_low"} <= set(changes.columns):
        low_col = "ci_low"
    if low_col is None:
        raise InputError("changes: no interval of the maturity index change (delta_ci_low); "
                         "compute the changes with this version of maturity.changes")
    met: set[tuple[str, str]] = set()
    if line_gaps is not None and not line_gaps.empty:
        ok = line_gaps[line_gaps["level_gap"].fillna(1) <= 0]
        met = {(str(w), str(b)) for w, b in zip(ok["wave"], ok["business_line"], strict=True)}
    rows = []
    for line, grp in changes.groupby(changes["business_line"].astype(str), sort=False,
                                     observed=True):
        cand = grp
        if after is not None and line in after.index and pd.notna(after[line]):
            starts = grp["wave_to"].map(lambda w: wave_start(w) or pd.Timestamp.min)
            cand = grp[starts > pd.Timestamp(after[line])]
        shown, wave, reason = False, "", _("no survey wave after the pilot yet")
        for r in cand.itertuples():
            low = getattr(r, low_col)
            if pd.notna(low) and low > 0:
                shown, wave = True, str(r.wave_to)
                reason = _("maturity index +{delta:.2f} (interval from {low:+.2f}) in {wave}"
                           ).format(delta=r.delta, low=low, wave=wave)
                break
            if (str(r.wave_to), line) in met:
                shown, wave = True, str(r.wave_to)
                reason = _("target met in {wave}").format(wave=wave)
                break
            wave = str(r.wave_to)
            reason = _("no clear gain in {wave}: index change {delta:+.2f}, interval from "
                       "{low:+.2f}").format(wave=wave, delta=r.delta, low=low)
        rows.append({"business_line": line, "survey_wave": wave, "shown": shown,
                     "reason": reason})
    return pd.DataFrame(rows, columns=["business_line", "survey_wave", "shown", "reason"])
