"""The rollout log: what happened in each line's rollout, read and checked.

The roadmap (:mod:`maturity.plan.roadmap`) is a plan made once; the PMO practice it serves is a
loop run over months. The **rollout log** records what actually happened; its gates are checked
in :mod:`maturity.plan.tracking_gates` and plan vs actual in :mod:`maturity.plan.tracking`.

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
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from maturity import io as safe_io  # looked up at call time (tests patch it)
from maturity.exceptions import FAILURE_COLUMNS, InputError
from maturity.waves import parse_date

__all__ = ["LOG_COLUMNS", "EVENTS", "RolloutLog", "read_log", "write_log_template"]

LOG_COLUMNS = ["business_line", "event", "date", "value", "note"]
EVENTS = ("codesign", "signoff", "training", "training_test", "checkpoint", "review", "champion")
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
        event = _event_row(rec, rows[i], src, fail)
        if event is not None:
            good.append(event)
    rejected = pd.DataFrame(failures, columns=FAILURE_COLUMNS)
    if failures and errors == "raise":
        f = failures[0]
        more = (f" ({len(failures)} problems; every one is in .failures)"
                if len(failures) > 1 else "")
        raise InputError(f"{src}{', sheet ' + repr(sheet) if sheet else ''}, row {f['row']}, "
                         f"column '{f['column']}': {f['message']}; found {f['value']!r}, "
                         f"expected {f['expected']}{more}", rejected)
    events = pd.DataFrame(good, columns=[*LOG_COLUMNS, "source", "row"])
    events["date"] = pd.to_datetime(events["date"])
    return RolloutLog(events=events, rejected=rejected)


def _event_row(rec: dict[str, Any], row: int, src: str,
               fail: Callable[..., None]) -> dict[str, Any] | None:
    """One log row checked (blank rows skipped): a known line, event and date, and a value of
    the event's form (``passed/tested`` for a training test, ``ok`` or findings for a
    checkpoint); None when it is blank or wrong (every problem passed to ``fail``)."""
    cells = {k: ("" if v is None or (isinstance(v, float) and np.isnan(v)) else v)
             for k, v in rec.items()}
    if all(str(v).strip() == "" for v in cells.values()):
        return None
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
    if not ok:
        return None
    return {"business_line": line, "event": event, "date": pd.Timestamp(day),
            "value": value, "note": str(cells.get("note", "")), "source": src, "row": row}


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
        return safe_io.write_xlsx({"log": frame}, path)
    return safe_io.write_csv(frame, path)
