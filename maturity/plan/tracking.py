"""Running the rollout (tracking): the log of what happened, its gates, plan vs actual, re-planning.

The roadmap (:mod:`maturity.plan.roadmap`) is a plan made once; the PMO practice it serves is a loop
run over months. This module records what actually happened in a **rollout log** and checks it
against the plan:

Log (:func:`read_log`, template :func:`write_log_template`): one row per event, columns
``business_line, event, date, value, note``. Events (:data:`EVENTS`):

=================  ==========================================================================
``codesign``       the line director and core project managers designed the line's process with
                   the PMO (value: the director's name)
``signoff``        the director accepted the line's process
``training``       the line's staff were trained
``training_test``  the training test (value ``passed/tested``, e.g. ``4/5``)
``checkpoint``     a checkpoint of the pilot (value ``ok`` or the number of findings)
``review``         the pilot's review (results, lessons learned)
``champion``       a trained person moved to a later line (value: the person)
=================  ==========================================================================

Gates (:func:`evaluate_gates`), each with a reason; the seed practice they encode:

1. ``codesign`` and ``signoff`` before ``training`` (the director co-designs and accepts);
2. the training test within ``test_within_days`` (7) days of the training, with a pass rate of
   at least ``pass_rate`` (0.8 = 4 in 5), before the ``pilot``; else the pilot is blocked;
3. a checkpoint with findings keeps the line in its pilot until a later checkpoint is ``ok``;
4. the next rollout wave starts only when every line of the previous wave has shown benefit
   (:func:`benefit_shown`): in a survey wave after its pilot, the maturity index rose with the
   lower end of its interval above zero, or the line met its target; else later waves are
   ``held`` with "benefit not yet shown".

Plan vs actual (:func:`track`): done phases keep their actual dates, the rest of a late line
moves by its slip, and every line not yet started is re-scheduled within the PMO capacity in the
plan's order. The as-of date comes from the log (its last event) or the caller, never the clock.

The company standard (:func:`standard_candidates`): practices in place (LI/FI) in all (or a
share of) the rolled-out lines are candidates for the organisation's standard process set;
practices in place in some of them only are tailoring candidates, with the lines that have them.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import FAILURE_COLUMNS, InputError
from maturity.i18n import _
from maturity.io import write_csv, write_xlsx
from maturity.plan.schedule import next_monday
from maturity.waves import order_waves, parse_date, wave_start

__all__ = [
    "LOG_COLUMNS",
    "EVENTS",
    "GATE_COLUMNS",
    "STATUSES",
    "RolloutLog",
    "Tracking",
    "read_log",
    "write_log_template",
    "evaluate_gates",
    "benefit_shown",
    "track",
    "standard_candidates",
]

LOG_COLUMNS = ["business_line", "event", "date", "value", "note"]
EVENTS = ("codesign", "signoff", "training", "training_test", "checkpoint", "review", "champion")
GATE_COLUMNS = ["business_line", "gate", "status", "date", "reason"]
#: Status of a phase or a line, from the earliest in the loop to the latest.
STATUSES = ("planned", "in progress", "done", "late", "blocked", "held")
_EVENT_ALIASES = {
    "co-design": "codesign", "co_design": "codesign", "共同设计": "codesign", "共创": "codesign",
    "sign-off": "signoff", "sign_off": "signoff", "签字确认": "signoff", "确认": "signoff",
    "培训": "training", "training test": "training_test", "test": "training_test",
    "培训考试": "training_test", "培训测试": "training_test", "检查点": "checkpoint",
    "复盘": "review", "评审": "review", "骨干": "champion", "推广骨干": "champion",
}
_MAX_BYTES = 20_000_000
_MAX_ROWS = 100_000


@dataclass(frozen=True)
class RolloutLog:
    """A read rollout log.

    Attributes
    ----------
    events : DataFrame
        ``business_line, event, date, value, note, source, row`` (``date`` a Timestamp), in the
        order of the file.
    rejected : DataFrame
        Rows not used, :data:`maturity.exceptions.FAILURE_COLUMNS`.
    """

    events: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FAILURE_COLUMNS))


def _excerpt(v: Any, n: int = 60) -> str:
    text = "" if v is None else str(v)
    return text if len(text) <= n else text[: n - 1] + "…"


def _load_table(path: Path) -> tuple[pd.DataFrame, str, list[int]]:
    """Cells as text, the sheet name and the 1-based row of each record."""
    if not path.is_file():
        raise InputError(f"{path}: no such file; expected a rollout log (CSV or xlsx)")
    if path.stat().st_size > _MAX_BYTES:
        raise InputError(f"{path}: {path.stat().st_size:,} bytes, over the limit of "
                         f"{_MAX_BYTES:,} for a rollout log")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        try:
            with zipfile.ZipFile(path) as zf:
                if sum(i.file_size for i in zf.infolist()) > 10 * _MAX_BYTES:
                    raise InputError(f"{path}: the workbook unpacks to more than "
                                     f"{10 * _MAX_BYTES:,} bytes; refused")
            import openpyxl  # defusedxml is installed, so openpyxl parses XML safely

            wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
            ws = next((w for w in wb.worksheets if w.title.strip().lower() in {"log", "日志"}),
                      wb.worksheets[0])
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            sheet = ws.title
            wb.close()
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise InputError(f"{path}: not a readable xlsx workbook ({type(exc).__name__}); "
                             "save it as Excel Workbook (.xlsx) or CSV UTF-8") from None
        if not rows:
            raise InputError(f"{path}: the log is empty; expected a header row "
                             f"({', '.join(LOG_COLUMNS)})")
        header = ["" if c is None else str(c).strip() for c in rows[0]]
        body = [["" if c is None else c for c in r] for r in rows[1:_MAX_ROWS + 1]]
        frame = pd.DataFrame(body, columns=header, dtype=object)
        return frame, sheet, list(range(2, len(body) + 2))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                            nrows=_MAX_ROWS)
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: the log is empty; expected a header row "
                         f"({', '.join(LOG_COLUMNS)})") from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: not a readable UTF-8 CSV ({type(exc).__name__}); save it as "
                         "CSV UTF-8 with the columns " + ", ".join(LOG_COLUMNS)) from None
    return frame, "", list(range(2, len(frame) + 2))


def _norm_id(value: Any) -> str:
    """An id as every input file normalises it (NFKC, spaces trimmed and collapsed)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip()


def _header(name: Any) -> str:
    text = re.sub(r"[\s\-]+", "_", str(name).strip().lower())
    return {"业务线": "business_line", "事件": "event", "日期": "date", "值": "value",
            "结果": "value", "备注": "note", "line": "business_line"}.get(text, text)


def read_log(source: str | Path | pd.DataFrame, *, errors: str = "raise") -> RolloutLog:
    """Read and check a rollout log.

    Parameters
    ----------
    source : str, pathlib.Path or DataFrame
        A CSV (UTF-8, BOM tolerated) or xlsx file (sheet ``log``, else the first), or a frame,
        with columns ``business_line, event, date, value, note`` (Chinese headers 业务线, 事件,
        日期, 值, 备注 accepted).
    errors : {"raise", "report"}
        ``raise`` stops at bad rows with a located message naming every problem; ``report``
        keeps the good rows and lists the bad ones in ``rejected``.

    Returns
    -------
    RolloutLog

    Raises
    ------
    InputError
        A missing column, an unknown event, a date that is not a date, a malformed test or
        checkpoint value (each row in ``.failures``).

    Examples
    --------
    >>> log = read_log(pd.DataFrame({
    ...     "business_line": ["a", "a"], "event": ["training", "training_test"],
    ...     "date": ["2026-04-06", "2026年4月10日"], "value": ["", "4/5"], "note": ["", ""]}))
    >>> log.events[["business_line", "event", "value"]].values.tolist()
    [['a', 'training', ''], ['a', 'training_test', '4/5']]
    """
    if isinstance(source, pd.DataFrame):
        raw, src, sheet, rows = source.astype(object), "<DataFrame>", "", list(
            range(2, len(source) + 2))
    else:
        path = Path(source)
        raw, sheet, rows = _load_table(path)
        src = str(path)
    raw = raw.rename(columns=_header)
    missing = [c for c in ("business_line", "event", "date") if c not in raw.columns]
    if missing:
        raise InputError(f"{src}: the rollout log has no column {', '.join(missing)}; expected "
                         f"the columns {', '.join(LOG_COLUMNS)} (template: maturity template "
                         "--log)")
    failures: list[dict[str, Any]] = []
    good: list[dict[str, Any]] = []

    def fail(row: int, column: str, value: Any, expected: str, message: str) -> None:
        failures.append({"source": src, "sheet": sheet, "row": row, "column": column,
                         "value": _excerpt(value), "expected": expected, "message": message})

    for i, rec in enumerate(raw.to_dict("records")):
        row = rows[i]
        cells = {k: ("" if v is None or (isinstance(v, float) and np.isnan(v)) else v)
                 for k, v in rec.items()}
        if all(str(v).strip() == "" for v in cells.values()):
            continue
        line = _norm_id(cells.get("business_line", ""))
        event_text = str(cells.get("event", "")).strip().lower()
        event = _EVENT_ALIASES.get(event_text, event_text.replace(" ", "_").replace("-", "_"))
        value = str(cells.get("value", "")).strip()
        day = parse_date(cells.get("date"))
        ok = True
        if not line:
            fail(row, "business_line", cells.get("business_line"), "a business line id",
                 "blank business line")
            ok = False
        if event not in EVENTS:
            fail(row, "event", cells.get("event"), ", ".join(EVENTS), "unknown event")
            ok = False
        if day is None:
            fail(row, "date", cells.get("date"), "a date such as 2026-04-06 or 2026年4月6日",
                 "not a date")
            ok = False
        if event == "training_test" and _test_rate(value) is None:
            fail(row, "value", value, "passed/tested, e.g. 4/5",
                 "training test result is not passed/tested")
            ok = False
        if event == "checkpoint" and _findings(value) is None:
            fail(row, "value", value, "ok or the number of findings", "checkpoint result unclear")
            ok = False
        if ok:
            good.append({"business_line": line, "event": event, "date": pd.Timestamp(day),
                         "value": value, "note": str(cells.get("note", "")), "source": src,
                         "row": row})
    rejected = pd.DataFrame(failures, columns=FAILURE_COLUMNS)
    if failures and errors == "raise":
        f = failures[0]
        more = f" ({len(failures)} problems; every one is in .failures)" if len(failures) > 1 else ""
        raise InputError(f"{src}{', sheet ' + repr(sheet) if sheet else ''}, row {f['row']}, "
                         f"column '{f['column']}': {f['message']}; found {f['value']!r}, "
                         f"expected {f['expected']}{more}", rejected)
    events = pd.DataFrame(good, columns=[*LOG_COLUMNS, "source", "row"])
    events["date"] = pd.to_datetime(events["date"])
    return RolloutLog(events=events, rejected=rejected)


def _test_rate(value: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"\s*(\d+)\s*[/／]\s*(\d+)\s*", value or "")
    if not m:
        return None
    passed, tested = int(m.group(1)), int(m.group(2))
    return (passed, tested) if 0 <= passed <= tested and tested > 0 else None


def _findings(value: str) -> int | None:
    text = (value or "").strip().lower()
    if text in {"ok", "pass", "passed", "通过", "0", ""}:
        return 0
    return int(text) if text.isdigit() else None


def write_log_template(path: str | Path, lines: list[str] | None = None, *,
                       language: str = "en") -> Path:
    """Write an empty rollout log (CSV UTF-8 with BOM, or xlsx by the suffix) to fill in.

    One example row per event for the first line (or ``example-line``), with the value forms.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_log_template(pathlib.Path(tempfile.mkdtemp()) / "log.csv", ["bank"])
    >>> read_log(p).events["event"].tolist()[:3]
    ['codesign', 'signoff', 'training']
    """
    line = (lines or ["example-line"])[0]
    examples = [("codesign", "2026-04-06", "Zhang Wei", "process workshop with the director"),
                ("signoff", "2026-04-10", "", "director accepted the line's process"),
                ("training", "2026-04-13", "", ""),
                ("training_test", "2026-04-17", "4/5", "passed/tested"),
                ("checkpoint", "2026-06-12", "ok", "ok or the number of findings"),
                ("review", "2026-08-28", "", ""),
                ("champion", "2026-09-07", "Li Na", "person moved to a later line")]
    frame = pd.DataFrame([(line, *e) for e in examples], columns=LOG_COLUMNS)
    if language == "zh":
        frame = frame.rename(columns={"business_line": "业务线", "event": "事件",
                                      "date": "日期", "value": "值", "note": "备注"})
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return write_xlsx({"log": frame}, path)
    return write_csv(frame, path)


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
    >>> log = read_log(pd.DataFrame({"business_line": ["a"] * 4,
    ...     "event": ["codesign", "signoff", "training", "training_test"],
    ...     "date": ["2026-04-01", "2026-04-03", "2026-04-06", "2026-04-10"],
    ...     "value": ["Zhang", "", "", "3/5"], "note": [""] * 4}))
    >>> evaluate_gates(log)[["gate", "status"]].values.tolist()
    [['codesign', 'passed'], ['signoff', 'passed'], ['training', 'passed'], ['training_test', 'failed'], ['pilot', 'blocked'], ['checkpoints', 'open']]
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
    out.append(gate("training_test", test_status, test_date, test_reason))
    if test_status == "passed" and out[2]["status"] == "passed":
        out.append(gate("pilot", "passed", test_date, _("training gate passed: the pilot may start")))
    else:
        why = (_("pilot blocked: {reason}").format(reason=test_reason) if test_status == "failed"
               else _("pilot waits for the training gate"))
        out.append(gate("pilot", "blocked", None, why))
    checks = _line_events(events, line, "checkpoint")
    if checks.empty:
        out.append(gate("checkpoints", "open", None, _("no checkpoint logged yet")))
    else:
        last = checks.iloc[-1]
        n = _findings(last["value"]) or 0
        if n:
            out.append(gate("checkpoints", "failed", last["date"],
                            _("last checkpoint found {n} findings: the line stays in its "
                              "pilot").format(n=n)))
        else:
            out.append(gate("checkpoints", "passed", last["date"], _("last checkpoint ok")))
    return out


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


@dataclass(frozen=True)
class Tracking:
    """Plan vs actual.

    Attributes
    ----------
    phases : DataFrame
        The plan's phases with ``actual_start, actual_end, status`` and the re-planned
        ``start, end`` (the baseline dates kept as ``planned_start, planned_end``).
    lines : DataFrame
        ``business_line, wave, status, reason, planned_end, end``.
    gates : DataFrame
        :data:`GATE_COLUMNS`, plus the wave-benefit gate of each later rollout wave.
    as_of : Timestamp
    """

    phases: pd.DataFrame
    lines: pd.DataFrame
    gates: pd.DataFrame
    as_of: pd.Timestamp


_PHASE_EVENT = {"co-design": "codesign", "codesign": "codesign",
                "training": "training", "training test": "training_test",
                "training retest": "training_test", "review": "review"}


def track(
    phases: pd.DataFrame,
    log: RolloutLog | pd.DataFrame,
    *,
    as_of: Any = None,
    capacity: int = 2,
    benefit: pd.DataFrame | None = None,
    pass_rate: float = 0.8,
    test_within_days: int = 7,
) -> Tracking:
    """Plan vs actual, and the rest of the plan re-scheduled from the as-of date.

    Parameters
    ----------
    phases : DataFrame
        :attr:`maturity.Roadmap.phases` (``wave, business_line, phase, start, end, kind``).
    log : RolloutLog or DataFrame
        What happened (:func:`read_log`).
    as_of : date-like, optional
        The day of the status (default: the log's last event; never the clock).
    capacity : int, default 2
        Lines the PMO coaches at once, as in the plan.
    benefit : DataFrame, optional
        :func:`benefit_shown` output; without it a later rollout wave whose predecessors have
        all finished their review is held until benefit is shown.
    pass_rate, test_within_days
        The training gate (:func:`evaluate_gates`).

    Returns
    -------
    Tracking

    Notes
    -----
    Status of a phase: ``done`` (its event is logged, or for the pilot the review is), ``in
    progress`` (started, not done), ``late`` (should have ended by the as-of date), ``blocked``
    (a gate before it failed), ``held`` (its rollout wave waits for the benefit of the previous
    one), else ``planned``. A late or blocked line's remaining phases move to start the Monday
    after the as-of date; lines not started are re-scheduled after it in plan order within
    ``capacity``.
    """
    events = log.events if isinstance(log, RolloutLog) else log
    day = _as_of(events, as_of)
    if day is None:
        raise InputError("the rollout log is empty and no as-of date was given; pass --as-of")
    events = events[events["date"] <= day]
    plan = phases[phases["kind"] != "stage"].copy()
    line_order = list(dict.fromkeys(plan["business_line"].astype(str)))
    gates = evaluate_gates(events, line_order, as_of=day, pass_rate=pass_rate,
                           test_within_days=test_within_days)
    g = {(r.business_line, r.gate): r for r in gates.itertuples()}
    waves = plan.groupby(plan["business_line"].astype(str), sort=False)["wave"].first()
    shown = set() if benefit is None else set(
        benefit.loc[benefit["shown"].astype(bool), "business_line"].astype(str))
    held_waves = _held_waves(waves, shown, benefit is not None)
    plan["planned_start"], plan["planned_end"] = plan["start"], plan["end"]
    plan["actual_start"], plan["actual_end"] = pd.NaT, pd.NaT
    plan["status"] = "planned"
    line_rows = []
    slip_to = next_monday(day)
    for line in line_order:
        idx = plan.index[plan["business_line"].astype(str) == line]
        status, reason = _line_status(plan, idx, events, line, g, day, held_waves,
                                      int(waves[line]))
        started = plan.loc[idx, "actual_start"].notna().any()
        pending = idx[~plan.loc[idx, "status"].eq("done")]
        if len(pending) and status in {"late", "blocked", "held"}:
            first_start = plan.loc[pending, "start"].min()
            shift = max(pd.Timedelta(0), slip_to - first_start)
            plan.loc[pending, ["start", "end"]] = plan.loc[pending, ["start", "end"]] + shift
        line_rows.append({"business_line": line, "wave": int(waves[line]), "status": status,
                          "reason": reason, "started": bool(started)})
    _reschedule(plan, line_rows, capacity, slip_to)
    ends = plan.groupby(plan["business_line"].astype(str), sort=False)
    lines = pd.DataFrame(line_rows)
    lines["planned_end"] = lines["business_line"].map(ends["planned_end"].max())
    lines["end"] = lines["business_line"].map(ends["end"].max())
    lines = lines.drop(columns="started")
    wave_gates = [{"business_line": "", "gate": f"rollout wave {w}", "status": "held",
                   "date": pd.NaT, "reason": _("benefit not yet shown by rollout wave {w}'s "
                                               "lines").format(w=w - 1)}
                  for w in sorted(held_waves)]
    gates = pd.concat([gates, pd.DataFrame(wave_gates, columns=GATE_COLUMNS)],
                      ignore_index=True) if wave_gates else gates
    cols = [*phases.columns.drop(["start", "end"], errors="ignore"), "planned_start",
            "planned_end", "start", "end", "actual_start", "actual_end", "status"]
    out = pd.concat([phases[phases["kind"] == "stage"], plan]).loc[phases.index]
    return Tracking(phases=out.reindex(columns=cols).reset_index(drop=True), lines=lines,
                    gates=gates, as_of=day)


def _held_waves(waves: pd.Series, shown: set[str], judged: bool) -> set[int]:
    held: set[int] = set()
    for w in sorted(set(waves.astype(int)))[1:]:
        previous = [b for b, v in waves.items() if int(v) == w - 1]
        if w - 1 in held or not judged or any(b not in shown for b in previous):
            held.add(w)
    return held


def _line_status(plan: pd.DataFrame, idx: pd.Index, events: pd.DataFrame, line: str,
                 g: dict[tuple[str, str], Any], day: pd.Timestamp, held: set[int],
                 wave: int) -> tuple[str, str]:
    for i in idx:
        name = str(plan.at[i, "phase"])
        ev = _PHASE_EVENT.get(name)
        sel = _line_events(events, line, ev) if ev else pd.DataFrame()
        if ev and not sel.empty:
            plan.at[i, "actual_start"] = plan.at[i, "actual_end"] = sel.iloc[0]["date"]
            if name in ("co-design", "codesign"):  # the director's sign-off closes it
                signed = _line_events(events, line, "signoff")
                if not signed.empty:
                    plan.at[i, "actual_end"] = signed.iloc[0]["date"]
            plan.at[i, "status"] = "done"
        if name == "pilot" and g[(line, "pilot")].status == "passed":
            plan.at[i, "actual_start"] = next_day(g[(line, "pilot")].date)
            reviewed = not _line_events(events, line, "review").empty
            if reviewed and g[(line, "checkpoints")].status != "failed":
                plan.at[i, "status"] = "done"
                plan.at[i, "actual_end"] = _line_events(events, line, "review").iloc[0]["date"]
            else:
                plan.at[i, "status"] = "in progress"
        if name.startswith("checkpoint"):
            checks = _line_events(events, line, "checkpoint")
            k = int(re.sub(r"\D", "", name) or 1)
            if len(checks) >= k:
                plan.at[i, "actual_start"] = plan.at[i, "actual_end"] = checks.iloc[k - 1]["date"]
                plan.at[i, "status"] = "done"
    reviewed = any(plan.at[i, "phase"] == "review" and plan.at[i, "status"] == "done"
                   for i in idx)
    # after the review, checkpoints not logged no longer make the line late
    pending = [i for i in idx if plan.at[i, "status"] != "done"
               and not (reviewed and plan.at[i, "kind"] == "checkpoint")]
    if g[(line, "pilot")].status == "blocked" and g[(line, "training_test")].status == "failed":
        for i in pending:
            plan.at[i, "status"] = "blocked"
        return "blocked", str(g[(line, "pilot")].reason)
    if g[(line, "checkpoints")].status == "failed":
        for i in pending:
            if plan.at[i, "status"] != "in progress":
                plan.at[i, "status"] = "blocked" if plan.at[i, "phase"] == "review" else "planned"
        return "in progress", str(g[(line, "checkpoints")].reason)
    if not pending:
        return "done", _("review held")
    if wave in held and not any(plan.at[i, "status"] == "done"
                                and plan.at[i, "phase"] not in ("co-design", "codesign")
                                for i in idx):  # co-design may go ahead while the wave waits
        for i in pending:
            plan.at[i, "status"] = "held"
        return "held", _("benefit not yet shown by rollout wave {w}'s lines").format(w=wave - 1)
    late = [i for i in pending if plan.at[i, "status"] == "planned" and plan.at[i, "end"] < day]
    for i in late:
        plan.at[i, "status"] = "late"
    for i in pending:
        if plan.at[i, "status"] == "planned" and plan.at[i, "start"] <= day:
            plan.at[i, "status"] = "in progress"
    if late:
        first = plan.loc[late].sort_values("end").iloc[0]
        return "late", _("{phase} planned to end {end:%Y-%m-%d}, not logged by {day:%Y-%m-%d}"
                         ).format(phase=first["phase"], end=first["end"], day=day)
    started = any(plan.at[i, "status"] in {"done", "in progress"} for i in idx)
    return ("in progress" if started else "planned"), (
        _("on plan") if started else _("not started; planned"))


def next_day(d: Any) -> pd.Timestamp:
    return pd.Timestamp(d) + pd.Timedelta(days=1)


def _reschedule(plan: pd.DataFrame, line_rows: list[dict[str, Any]], capacity: int,
                earliest: pd.Timestamp) -> None:
    """Lines not started keep their plan order and are packed within ``capacity``."""
    busy: list[pd.Timestamp] = []  # end of every line that holds a slot after ``earliest``
    for r in line_rows:
        idx = plan.index[plan["business_line"].astype(str) == r["business_line"]]
        start, end = plan.loc[idx, "start"].min(), plan.loc[idx, "end"].max()
        if r["started"] or r["status"] == "done":
            if end >= earliest:
                busy.append(end)
            continue
        busy = sorted(b for b in busy if b >= start)
        if len(busy) >= capacity:
            free = next_monday(busy[len(busy) - capacity])
            if free > start:
                shift = free - start
                pending = idx[plan.loc[idx, "status"] != "done"]
                plan.loc[pending, ["start", "end"]] = plan.loc[pending, ["start", "end"]] + shift
                end = end + shift
        busy.append(end)


def standard_candidates(
    practices: pd.DataFrame,
    lines: list[str] | None = None,
    *,
    share: float = 1.0,
) -> pd.DataFrame:
    """Practices to fold into the company's standard process set, and tailoring candidates.

    Parameters
    ----------
    practices : DataFrame
        :attr:`maturity.Scores.practices` (``wave, business_line, process_area, practice,
        characterization``); the latest survey wave of each line is used.
    lines : list of str, optional
        The rolled-out (standardised) lines (default: every line).
    share : float, default 1.0
        Share of those lines in which a practice must be in place (LI or FI) to be a standard
        candidate.

    Returns
    -------
    DataFrame
        ``process_area, practice, candidate ('standard' | 'tailoring'), n_lines, share,
        lines`` (``;``-separated lines that have it in place), standard candidates first.

    Examples
    --------
    >>> p = pd.DataFrame({"wave": ["2026-03"] * 4, "business_line": ["a", "a", "b", "b"],
    ...     "process_area": ["PP"] * 4, "practice": ["PP.1", "PP.2", "PP.1", "PP.2"],
    ...     "characterization": ["FI", "LI", "LI", "PI"]})
    >>> standard_candidates(p)[["practice", "candidate", "lines"]].values.tolist()
    [['PP.1', 'standard', 'a;b'], ['PP.2', 'tailoring', 'a']]
    """
    if not 0 < share <= 1:
        raise ValueError(f"share = {share}: give a share of lines in (0, 1]")
    p = practices[["wave", "business_line", "process_area", "practice", "characterization"]]
    p = p.astype({"wave": str, "business_line": str, "process_area": str, "practice": str,
                  "characterization": str})
    rank = {w: i for i, w in enumerate(order_waves(p["wave"]))}
    p = p.assign(_r=p["wave"].map(rank))
    latest = p.groupby("business_line")["_r"].transform("max")
    p = p[p["_r"] == latest]
    scope = list(dict.fromkeys(p["business_line"])) if lines is None else [str(b) for b in lines]
    p = p[p["business_line"].isin(scope)]
    in_place = p[p["characterization"].isin(["FI", "LI"])]
    grouped = in_place.groupby(["process_area", "practice"], sort=False)["business_line"]
    out = grouped.agg(n_lines="nunique", lines=lambda s: ";".join(sorted(set(s)))).reset_index()
    n = max(len(scope), 1)
    out["share"] = out["n_lines"] / n
    out["candidate"] = np.where(out["share"] + 1e-12 >= share, "standard", "tailoring")
    out = out.sort_values(["candidate", "n_lines", "process_area", "practice"],
                          ascending=[True, False, True, True], kind="mergesort")
    return out[["process_area", "practice", "candidate", "n_lines", "share", "lines"]
               ].reset_index(drop=True)
