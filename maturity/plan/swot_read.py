"""Reading SWOT factors per business line: the IFE/EFE inputs checked as David prescribes.

Each business line lists its strengths (S), weaknesses (W), opportunities (O) and threats (T)
with a weight and a rating. Following David (*Strategic Management: Concepts and Cases*,
"The Internal Factor Evaluation (IFE) Matrix" and "The External Factor Evaluation (EFE)
Matrix"), the internal factors (S + W) of a line carry weights summing to 1 and ratings 1 major
weakness, 2 minor weakness, 3 minor strength, 4 major strength; the external factors (O + T)
carry weights summing to 1 and ratings 1 poor ... 4 superior response. :func:`read_swot`
checks every row against these rules, collects every problem and raises one
:class:`maturity.exceptions.SwotError`. The totals, the IE matrix and TOWS are in
:mod:`maturity.plan.swot`.

Frame (columns in this order, plain RangeIndex): ``business_line, quadrant, factor, weight,
rating, weighted_score, process_areas, tags, target_level``. ``quadrant`` is one of ``S W O
T``; ``process_areas`` and ``tags`` are ``;``-separated strings ('' when none);
``target_level`` is Int64 (NA unless the factor is tagged ``customer_requirement``).
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable, Mapping
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from maturity._hints import option as _option
from maturity.exceptions import FAILURE_COLUMNS, MaturityWarning, SwotError
from maturity.i18n import _
from maturity.ids import normalise_column, normalise_id, split_list, warn_notes
from maturity.model.load import load_model
from maturity.safe_yaml import load_yaml

__all__ = ["SWOT_COLUMNS", "SWOT_TAGS", "read_swot"]

SWOT_COLUMNS = ["business_line", "quadrant", "factor", "weight", "rating", "weighted_score",
                "process_areas", "tags", "target_level"]

_REQUIRED = ["business_line", "quadrant", "factor", "weight", "rating"]
_OPTIONAL = ["process_areas", "tags", "target_level"]
_QUADRANTS = {"s": "S", "strength": "S", "strengths": "S", "w": "W", "weakness": "W",
              "weaknesses": "W", "o": "O", "opportunity": "O", "opportunities": "O",
              "t": "T", "threat": "T", "threats": "T",
              "优势": "S", "劣势": "W", "机会": "O", "威胁": "T", "优": "S", "劣": "W"}
_GROUPS = {"S": "internal", "W": "internal", "O": "external", "T": "external"}
_GROUP_TEXT = {"internal": "internal (S+W)", "external": "external (O+T)"}
_RATING_OK = {"S": (3, 4), "W": (1, 2), "O": (1, 2, 3, 4), "T": (1, 2, 3, 4)}
_RATING_EXPECTED = {"S": "3 or 4 for a strength (3 minor, 4 major strength)",
                    "W": "1 or 2 for a weakness (1 major, 2 minor weakness)",
                    "O": "an integer 1..4 (1 poor ... 4 superior response)",
                    "T": "an integer 1..4 (1 poor ... 4 superior response)"}
_TOL = 0.01
_DIGITS = 10  # sums and products are rounded here to drop float noise (0.1*3 -> 0.3)
_CUSTOMER = "customer_requirement"
#: Tags a SWOT factor may carry, with the spellings accepted for each (Chinese included).
SWOT_TAGS = {_CUSTOMER: ("customer_requirement", "customer requirement", "客户要求"),
             "regulation": ("regulation", "regulatory", "监管", "法规", "合规")}
_TAG_OF = {normalise_id(a).casefold(): t for t, al in SWOT_TAGS.items() for a in al}
#: The Chinese template's column names (read back by :func:`read_swot`).
_COLUMNS_ZH = {"business_line": "业务线", "quadrant": "象限", "factor": "因素", "weight": "权重",
               "rating": "评分", "process_areas": "过程域", "tags": "标签",
               "target_level": "目标等级"}
_ZH_TO_COLUMN = {v: k for k, v in _COLUMNS_ZH.items()}


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == ""


def _text(v: Any) -> str:
    return "" if _blank(v) else str(v).strip()


def _number(v: Any) -> float | None:
    """Float of a cell, None if blank; raises ValueError when not numeric."""
    if _blank(v):
        return None
    if isinstance(v, bool):
        raise ValueError(v)
    return float(str(v).strip())


def _split(v: Any) -> list[str]:
    # , ; ， ； 、 and spaces between items (maturity.ids.split_list)
    return split_list(v)


def _load(path_or_frame: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, str, str, list[int]]:
    """Raw cells as an object frame, plus source, sheet, and 1-based row numbers per record."""
    if isinstance(path_or_frame, pd.DataFrame):
        raw = path_or_frame.copy()
        return raw, "<DataFrame>", "", list(range(2, len(raw) + 2))
    path = Path(path_or_frame)
    try:
        return _load_file(path)
    except SwotError:
        raise
    except _read_errors() as exc:  # not UTF-8, not a workbook, bad YAML, ragged CSV
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        what = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SwotError(f"{path}:{where} cannot read the SWOT file ({type(exc).__name__}: "
                        f"{what}); expected a UTF-8 CSV, an xlsx workbook or a YAML file") from None


def _read_errors() -> tuple[type[BaseException], ...]:
    """What reading a malformed file raises (evaluated only when reading failed; openpyxl is
    imported only then)."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (ValueError, KeyError, zipfile.BadZipFile, yaml.YAMLError, InvalidFileException)


def _load_file(path: Path) -> tuple[pd.DataFrame, str, str, list[int]]:
    source, suffix = str(path), path.suffix.lower()
    empty = SwotError(f"{source}: the SWOT file is empty; expected a header row "
                      f"({', '.join(_REQUIRED)}) and one row per factor")
    if suffix in {".xlsx", ".xlsm"}:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = next((w for w in wb.worksheets if w.title.strip().lower() == "swot"), wb.worksheets[0])
        rows = [(i, r) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)
                if any(not _blank(c) for c in r)]
        wb.close()
        if not rows or rows[0][0] != 1:
            raise empty
        header = [_text(c) for c in rows[0][1]]
        raw = pd.DataFrame([list(r) for _, r in rows[1:]], columns=header, dtype=object)
        return raw, source, ws.title, [i for i, _ in rows[1:]]
    if suffix in {".yaml", ".yml"}:
        doc = load_yaml(path.read_text(encoding="utf-8-sig"))
        if doc is None:
            raise empty
        if isinstance(doc, Mapping):
            records = [{**(r if isinstance(r, Mapping) else {"factor": r}), "business_line": k}
                       for k, items in doc.items() for r in (items or [])]
        elif isinstance(doc, list):
            records = [r if isinstance(r, Mapping) else {"factor": r} for r in doc]
        else:
            raise SwotError(f"{source}: expected a list of factor records or a mapping "
                            f"business_line -> list of records, found {type(doc).__name__}")
        return (pd.DataFrame(records, dtype=object), source, "",
                list(range(1, len(records) + 1)))
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                          skip_blank_lines=False)
    except pd.errors.EmptyDataError:
        raise empty from None
    keep = [i for i in range(len(raw)) if any(not _blank(c) for c in raw.iloc[i])]
    return raw.iloc[keep].reset_index(drop=True), source, "", [i + 2 for i in keep]


def _raise(failures: list[dict[str, Any]]) -> None:
    frame = pd.DataFrame(failures, columns=FAILURE_COLUMNS)
    f = failures[0]
    where = f["source"] + (f", sheet '{f['sheet']}'" if f["sheet"] else "")
    more = f" ({len(failures)} problems in total, see .failures)" if len(failures) > 1 else ""
    raise SwotError(f"{where}, row {f['row']}, column '{f['column']}': {f['message']}; found "
                    f"{f['value']!r}, expected {f['expected']}{more}", frame)


def read_swot(path_or_frame: str | Path | pd.DataFrame, *, normalize: bool = False,
              model: Any = None) -> pd.DataFrame:
    """Read and validate SWOT factors per business line.

    Parameters
    ----------
    path_or_frame : str, pathlib.Path or pandas.DataFrame
        A CSV file (utf-8, a BOM is tolerated), an xlsx workbook (sheet ``swot``, else the
        first sheet), a YAML file (a list of records, or a mapping business_line -> list of
        records) or a DataFrame. Columns ``business_line, quadrant, factor, weight, rating``
        and optionally ``process_areas`` (``;``-separated process-area ids), ``tags``
        (``;``-separated; ``customer_requirement`` marks an external demand) and
        ``target_level`` (int maturity level a customer demands; only on factors tagged
        ``customer_requirement``). The input is never modified.
    model : Model or str, optional
        When given, ``process_areas`` must be process areas of this model (else any id is
        accepted); unknown ids are refused with their row and column.
    normalize : bool, default False
        Rescale the internal and the external weights of each line to sum to 1, with a
        :class:`~maturity.exceptions.MaturityWarning` naming the lines rescaled. Without it,
        sums off by more than 0.01 are errors, and sums within 0.01 of 1 (rounding) are
        rescaled to sum exactly to 1, with a MaturityWarning naming them: an IFE of 1.99 and
        one of 2.00 fall in different IE cells (David's weights sum to 1.0).

    Returns
    -------
    pandas.DataFrame
        ``business_line, quadrant, factor, weight, rating, weighted_score, process_areas,
        tags, target_level``, in input order; ``weighted_score = weight * rating``.

    Raises
    ------
    maturity.exceptions.SwotError
        After checking every row: the message names the first problem (file, row as in the
        file with the header as row 1 - for YAML the record number, for a DataFrame position
        + 2 - column, value and expectation); ``.failures`` lists them all. Checked: required
        columns present, business_line and factor not blank, quadrant S/W/O/T (case-free,
        full words accepted), rating an integer 1..4 (3-4 for S, 1-2 for W as David
        prescribes), weight a number in [0, 1], target_level an integer 0..5, no duplicate
        factor, each line with internal and external factors whose weights sum to 1 +/- 0.01.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"business_line": ["web"] * 4,
    ...                    "quadrant": ["S", "weakness", "O", "threat"],
    ...                    "factor": ["skilled staff", "no metrics", "bank clients", "price war"],
    ...                    "weight": [0.6, 0.4, 0.5, 0.5], "rating": [4, 1, 3, 2]})
    >>> read_swot(df)[["quadrant", "factor", "weighted_score"]]
      quadrant         factor  weighted_score
    0        S  skilled staff             2.4
    1        W     no metrics             0.4
    2        O   bank clients             1.5
    3        T      price war             1.0

    >>> from maturity.datasets import data_path
    >>> read_swot(data_path("swot.csv")).business_line.nunique()
    7
    """
    raw, source, sheet, rownums = _load(path_or_frame)
    raw.columns = [_ZH_TO_COLUMN.get(normalise_id(c), str(c).strip().lower().replace(" ", "_"))
                   for c in raw.columns]  # English or Chinese (the zh template's) names
    failures: list[dict[str, Any]] = []

    def fail(row: int, column: str, value: Any, expected: str, message: str) -> None:
        failures.append({"source": source, "sheet": sheet, "row": row, "column": column,
                         "value": "" if value is None else str(value), "expected": expected,
                         "message": message})

    missing = [c for c in _REQUIRED if c not in raw.columns]
    for c in missing:
        fail(1, c, "", "a column named " + c,
             f"required column '{c}' is missing (columns found: {', '.join(raw.columns)})")
    if missing:
        _raise(failures)
    if raw.empty:
        raise SwotError(f"{source}: the SWOT file has a header but no factor rows")

    known_pas = None
    if model is not None:
        known_pas = {p.upper(): p for p in load_model(model).process_areas["process_area"]}
    line_ids, id_notes, variants = normalise_column(raw["business_line"], rownums,
                                                    "business_line", source=source, sheet=sheet)
    failures.extend(variants)
    records, bad_lines, seen = [], set(), {}
    for pos, row in enumerate(rownums):
        n0 = len(failures)
        records.append(_record(raw.iloc[pos], row, line_ids[pos], known_pas, seen, fail))
        if len(failures) > n0:
            bad_lines.add(line_ids[pos])

    out = pd.DataFrame(records)
    out["_group"] = out["quadrant"].map(_GROUPS)
    rescaled, tolerated = _weights_sum_to_one(out, bad_lines, normalize, fail)
    if failures:
        failures.sort(key=lambda f: f["row"])
        _raise(failures)
    warn_notes(id_notes, "read_swot")
    if rescaled:
        warnings.warn("SWOT weights normalised to sum to 1: " + "; ".join(rescaled),
                      MaturityWarning, stacklevel=2)
    if tolerated:
        warnings.warn(_("SWOT weights within the rounding tolerance ({tol:g}) rescaled to sum "
                        "exactly to 1 before the IFE/EFE totals: {lines}").format(
                            tol=_TOL, lines="; ".join(tolerated)),
                      MaturityWarning, stacklevel=2)
    out["rating"] = out["rating"].astype("int64")
    out["weight"] = out["weight"].astype("float64")
    out["weighted_score"] = (out["weight"] * out["rating"]).round(_DIGITS)
    out["target_level"] = pd.array(out["target_level"].tolist(), dtype="Float64").astype("Int64")
    return out[SWOT_COLUMNS].reset_index(drop=True)


def _record(rec: pd.Series, row: int, line: str, known_pas: dict[str, str] | None,
            seen: dict[tuple, int], fail: Callable[..., None]) -> dict[str, Any]:
    """One factor row checked cell by cell (every problem passed to ``fail``)."""
    factor = _text(rec["factor"])
    who = f"business line '{line}', factor '{factor}'"
    if not line:
        fail(row, "business_line", "", "a business line id",
             f"factor '{factor}' has no business_line")
    if not factor:
        fail(row, "factor", "", "a factor text",
             f"business line '{line}' has a row without factor")
    q = _QUADRANTS.get(normalise_id(rec["quadrant"]).lower())
    if q is None:
        fail(row, "quadrant", rec["quadrant"], "one of S, W, O, T (or Strength, Weakness, "
             "Opportunity, Threat; 优势, 劣势, 机会, 威胁)",
             f"{who}: quadrant is not a SWOT quadrant")
    weight = _weight(rec, row, who, fail)
    rating = _rating(rec, row, who, q, fail)
    tags = _tags(rec, row, who, fail)
    target = _target_level(rec, row, who, tags, fail)
    key = (line, q, factor)
    if line and factor and q and key in seen:
        fail(row, "factor", factor, "each factor once per line and quadrant",
             f"{who}: duplicate of row {seen[key]} in quadrant {q}")
    seen.setdefault(key, row)
    pa_ids = [p.upper() for p in _split(rec.get("process_areas"))]
    for p in pa_ids:
        if known_pas is not None and p not in known_pas:
            fail(row, "process_areas", p, "process areas of the model ("
                 + ", ".join(known_pas.values()) + ")", f"{who}: unknown process area {p!r}")
    pas = ";".join(dict.fromkeys(known_pas.get(p, p) if known_pas else p for p in pa_ids))
    return {"business_line": line, "quadrant": q, "factor": factor,
            "weight": weight, "rating": rating, "process_areas": pas,
            "tags": ";".join(tags), "target_level": target, "_row": row}


def _weight(rec: pd.Series, row: int, who: str, fail: Callable[..., None]) -> float | None:
    """Weight of a factor: a number in [0, 1] (David)."""
    try:
        weight = _number(rec["weight"])
        if weight is None or not 0 <= weight <= 1:
            raise ValueError
    except ValueError:
        weight = None
        fail(row, "weight", rec["weight"], "a number between 0 and 1",
             f"{who}: weight is missing, not numeric or outside [0, 1]")
    return weight


def _rating(rec: pd.Series, row: int, who: str, q: str | None,
            fail: Callable[..., None]) -> float | None:
    """Rating of a factor: an integer 1..4, 3-4 for a strength and 1-2 for a weakness (David's
    IFE scale); 1..4 for opportunities and threats (EFE: 1 poor ... 4 superior response)."""
    try:
        rating = _number(rec["rating"])
        if rating is None or rating != int(rating) or not 1 <= rating <= 4:
            raise ValueError
    except (ValueError, OverflowError):
        rating = None
        fail(row, "rating", rec["rating"], "an integer 1..4 (David's IFE/EFE scale)",
             f"{who}: rating is missing or not an integer 1..4")
    if rating is not None and q is not None and int(rating) not in _RATING_OK[q]:
        fail(row, "rating", rec["rating"], _RATING_EXPECTED[q],
             f"{who}: rating {int(rating)} contradicts quadrant {q}")
    return rating


def _tags(rec: pd.Series, row: int, who: str, fail: Callable[..., None]) -> list[str]:
    """Tags of a factor: the known ones by any accepted spelling, others kept as free labels."""
    tags = []
    for t in _split(rec.get("tags")):
        tag = _TAG_OF.get(t.casefold())
        near = get_close_matches(t.casefold(), list(_TAG_OF), n=1, cutoff=0.8)
        if tag is None and near:  # a misspelt known tag would silently lose its meaning
            fail(row, "tags", t, "one of " + ", ".join(
                f"{k} ({'/'.join(v[1:])})" for k, v in SWOT_TAGS.items()),
                 f"{who}: unknown tag {t!r} (did you mean {_TAG_OF[near[0]]!r}?)")
        tag = tag or t.lower()  # other tags are free labels, kept
        if tag not in tags:
            tags.append(tag)
    return tags


def _target_level(rec: pd.Series, row: int, who: str, tags: list[str],
                  fail: Callable[..., None]) -> float | None:
    """The maturity level a customer demands: an integer 0..5, only with customer_requirement."""
    target = None
    if not _blank(rec.get("target_level")):
        try:
            target = _number(rec.get("target_level"))
            if target is None or target != int(target) or not 0 <= target <= 5:
                raise ValueError
            if _CUSTOMER not in tags:
                fail(row, "target_level", rec.get("target_level"),
                     "no target_level, or the tag customer_requirement",
                     f"{who}: target_level is only meaningful on a factor tagged "
                     f"{_CUSTOMER}; add the tag or clear the cell")
        except (ValueError, OverflowError):
            target = None
            fail(row, "target_level", rec.get("target_level"), "an integer level 0..5",
                 f"{who}: target_level is not an integer maturity level")
    return target


def _weights_sum_to_one(out: pd.DataFrame, bad_lines: set[str], normalize: bool,
                        fail: Callable[..., None]) -> tuple[list[str], list[str]]:
    """David's rule: per line the internal (S+W) weights sum to 1, and the external (O+T).

    Sums within 0.01 of 1 (rounding) are rescaled to 1 so an IFE of 1.99 does not fall in
    another IE cell than 2.00; with ``normalize`` every sum is rescaled; else a sum off by
    more is a failure. Returns the lines rescaled (normalize) and tolerated (rounding).
    """
    rescaled, tolerated = [], []
    for line, df in out.groupby("business_line", sort=False):
        if line in bad_lines or not line:
            continue
        for group in ("internal", "external"):
            g = df[df["_group"] == group]
            label = _GROUP_TEXT[group]
            first = int(df["_row"].iloc[0]) if g.empty else int(g["_row"].iloc[0])
            if g.empty:
                fail(first, "quadrant", "", f"at least one {label} factor",
                     f"business line '{line}' has no {label} factors, so its "
                     f"{'IFE' if group == 'internal' else 'EFE'} is undefined")
                continue
            total = float(g["weight"].sum())
            listing = ", ".join(f"'{f}' ({w:g})"
                                for f, w in zip(g["factor"], g["weight"], strict=True))
            if normalize and total > 0:
                if abs(total - 1) > 1e-9:
                    out.loc[g.index, "weight"] = g["weight"] / total
                    rescaled.append(f"'{line}' {label} from {total:.4g}")
            elif abs(total - 1) > _TOL or total == 0:
                fail(first, "weight", f"{total:.4g}", "weights summing to 1 (within 0.01)",
                     f"business line '{line}': {label} weights sum to {total:.4g}, not 1; "
                     f"factors: {listing}; fix the weights or pass {_option('normalize', True)}")
            elif abs(total - 1) > 1e-9:  # rounding: rescaled so totals do not move an IE edge
                out.loc[g.index, "weight"] = g["weight"] / total
                tolerated.append(f"'{line}' {label} from {total:.6g}")
    return rescaled, tolerated
