"""SWOT inputs per business line: validation, IFE/EFE totals, the IE matrix and TOWS pairings.

Each business line lists its strengths (S), weaknesses (W), opportunities (O) and threats (T)
with a weight and a rating. Following David (*Strategic Management: Concepts and Cases*), the
internal factors (S + W) of a line carry weights summing to 1 and ratings 1 major weakness,
2 minor weakness, 3 minor strength, 4 major strength; the external factors (O + T) carry
weights summing to 1 and ratings 1 poor ... 4 superior response. The weighted totals are the
IFE and EFE scores (1 to 4, 2.5 average), which place the line in one of the nine cells of
the Internal-External (IE) matrix. TOWS (Weihrich, 1982, "The TOWS matrix - a tool for
situational analysis", *Long Range Planning* 15(2)) pairs internal with external factors into
SO, ST, WO and WT strategies.

Frames (columns in this order, plain RangeIndex):

- ``swot`` (:func:`read_swot`): ``business_line, quadrant, factor, weight, rating,
  weighted_score, process_areas, tags, target_level``. ``quadrant`` is one of ``S W O T``;
  ``process_areas`` and ``tags`` are ``;``-separated strings ('' when none); ``target_level``
  is Int64 (NA unless the factor is tagged ``customer_requirement``).
- ``summary`` (:func:`swot_summary`): ``business_line, ife, efe, ie_cell, posture,
  n_strengths, n_weaknesses, n_opportunities, n_threats, customer_requirement,
  required_level``.
- ``tows`` (:func:`tows`): ``business_line, strategy, internal_factor, external_factor,
  internal_quadrant, external_quadrant, score, prompt``.
- ``weaknesses`` (:func:`weaknesses_by_process_area`): ``business_line, process_area,
  weakness_weight``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity._hints import option as _option
from maturity.exceptions import FAILURE_COLUMNS, MaturityWarning, SwotError
from maturity.i18n import _
from maturity.ids import normalise_column, normalise_id, split_list, warn_notes

__all__ = [
    "SWOT_COLUMNS",
    "SUMMARY_COLUMNS",
    "TOWS_COLUMNS",
    "read_swot",
    "swot_summary",
    "ie_cell",
    "posture",
    "tows",
    "weaknesses_by_process_area",
    "write_swot_template",
    "safe_csv",
]

SWOT_COLUMNS = ["business_line", "quadrant", "factor", "weight", "rating", "weighted_score",
                "process_areas", "tags", "target_level"]
SUMMARY_COLUMNS = ["business_line", "ife", "efe", "ie_cell", "posture", "n_strengths",
                   "n_weaknesses", "n_opportunities", "n_threats", "customer_requirement",
                   "required_level"]
TOWS_COLUMNS = ["business_line", "strategy", "internal_factor", "external_factor",
                "internal_quadrant", "external_quadrant", "score", "prompt"]

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
_CELLS = {("high", "strong"): "I", ("high", "average"): "II", ("high", "weak"): "III",
          ("medium", "strong"): "IV", ("medium", "average"): "V", ("medium", "weak"): "VI",
          ("low", "strong"): "VII", ("low", "average"): "VIII", ("low", "weak"): "IX"}
_POSTURES = {"I": "grow and build", "II": "grow and build", "IV": "grow and build",
             "III": "hold and maintain", "V": "hold and maintain", "VII": "hold and maintain",
             "VI": "harvest or divest", "VIII": "harvest or divest", "IX": "harvest or divest"}
_PROMPTS = {"SO": "Use {i} to pursue {e}", "ST": "Use {i} to counter {e}",
            "WO": "Fix {i} to capture {e}", "WT": "Limit {i} to avoid {e}"}


# --------------------------------------------------------------------------- reading
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
    """What reading a malformed file raises (evaluated only when reading failed)."""
    import zipfile

    import yaml
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
        from maturity.safe_yaml import load_yaml

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
        from maturity.model.load import load_model

        known_pas = {p.upper(): p for p in load_model(model).process_areas["process_area"]}
    line_ids, id_notes, variants = normalise_column(raw["business_line"], rownums,
                                                    "business_line", source=source, sheet=sheet)
    failures.extend(variants)
    records, bad_lines, seen = [], set(), {}
    for pos, row in enumerate(rownums):
        rec = raw.iloc[pos]
        line, factor = line_ids[pos], _text(rec["factor"])
        who = f"business line '{line}', factor '{factor}'"
        n0 = len(failures)
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
        try:
            weight = _number(rec["weight"])
            if weight is None or not 0 <= weight <= 1:
                raise ValueError
        except ValueError:
            weight = None
            fail(row, "weight", rec["weight"], "a number between 0 and 1",
                 f"{who}: weight is missing, not numeric or outside [0, 1]")
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
        key = (line, q, factor)
        if line and factor and q and key in seen:
            fail(row, "factor", factor, "each factor once per line and quadrant",
                 f"{who}: duplicate of row {seen[key]} in quadrant {q}")
        seen.setdefault(key, row)
        if len(failures) > n0:
            bad_lines.add(line)
        pa_ids = [p.upper() for p in _split(rec.get("process_areas"))]
        for p in pa_ids:
            if known_pas is not None and p not in known_pas:
                fail(row, "process_areas", p, "process areas of the model ("
                     + ", ".join(known_pas.values()) + ")", f"{who}: unknown process area {p!r}")
        pas = ";".join(dict.fromkeys(known_pas.get(p, p) if known_pas else p for p in pa_ids))
        records.append({"business_line": line, "quadrant": q, "factor": factor,
                        "weight": weight, "rating": rating, "process_areas": pas,
                        "tags": ";".join(tags), "target_level": target, "_row": row})

    out = pd.DataFrame(records)
    out["_group"] = out["quadrant"].map(_GROUPS)
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
            listing = ", ".join(f"'{f}' ({w:g})" for f, w in zip(g["factor"], g["weight"]))
            if normalize and total > 0:
                if abs(total - 1) > 1e-9:
                    out.loc[g.index, "weight"] = g["weight"] / total
                    rescaled.append(f"'{line}' {label} from {total:.4g}")
            elif abs(total - 1) > _TOL or total == 0:
                fail(first, "weight", f"{total:.4g}", "weights summing to 1 (within 0.01)",
                     f"business line '{line}': {label} weights sum to {total:.4g}, not 1; "
                     f"factors: {listing}; fix the weights or pass {_option('normalize', True)}")
            elif abs(total - 1) > 1e-9:  # rounding: rescaled so the totals do not move an IE cell edge
                out.loc[g.index, "weight"] = g["weight"] / total
                tolerated.append(f"'{line}' {label} from {total:.6g}")
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


# --------------------------------------------------------------------------- analysis
def _band(x: float, labels: tuple[str, str, str]) -> str:
    x = round(float(x), 6)
    if not 1 <= x <= 4:
        raise SwotError(f"IFE/EFE total {x} is outside 1..4; check the weights and ratings")
    return labels[0] if x < 2 else labels[1] if x < 3 else labels[2]


def ie_cell(ife: float, efe: float) -> str:
    """Cell (roman numeral I-IX) of the Internal-External matrix.

    IFE on the x axis and EFE on the y axis are each split 1.0-1.99 / 2.0-2.99 / 3.0-4.0
    (David). Cell I is strong IFE with high EFE, II average/high, III weak/high; IV-VI the
    middle EFE row and VII-IX the low row, in the same IFE order.

    Examples
    --------
    >>> ie_cell(3.2, 3.5), ie_cell(2.0, 2.99), ie_cell(1.99, 1.0)
    ('I', 'V', 'IX')
    """
    row = _band(efe, ("low", "medium", "high"))
    return _CELLS[(row, _band(ife, ("weak", "average", "strong")))]


def posture(cell: str) -> str:
    """Strategy posture of an IE cell: grow and build (I, II, IV), hold and maintain
    (III, V, VII), harvest or divest (VI, VIII, IX).

    Examples
    --------
    >>> posture("II"), posture("VII"), posture("IX")
    ('grow and build', 'hold and maintain', 'harvest or divest')
    """
    try:
        return _POSTURES[str(cell).strip().upper()]
    except KeyError:
        raise SwotError(f"IE cell {cell!r} unknown; expected a roman numeral I..IX") from None


def swot_summary(swot: pd.DataFrame) -> pd.DataFrame:
    """IFE, EFE, IE cell and posture per business line.

    Parameters
    ----------
    swot : pandas.DataFrame
        The frame of :func:`read_swot`.

    Returns
    -------
    pandas.DataFrame
        One row per line, sorted by ``business_line``: ``ife`` (sum of weight x rating over
        S and W), ``efe`` (over O and T), ``ie_cell`` (I-IX), ``posture``, ``n_strengths``,
        ``n_weaknesses``, ``n_opportunities``, ``n_threats``, ``customer_requirement`` (bool:
        any factor tagged customer_requirement) and ``required_level`` (Int64: the highest
        target_level of those factors, NA if none).

    Notes
    -----
    IFE and EFE as in David, *Strategic Management*: totals range 1 to 4 with 2.5 average.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"business_line": ["web"] * 4, "quadrant": list("SWOT"),
    ...                    "factor": ["skilled staff", "no metrics", "bank clients", "audits"],
    ...                    "weight": [0.6, 0.4, 0.5, 0.5], "rating": [4, 1, 3, 2],
    ...                    "tags": ["", "", "", "customer_requirement"],
    ...                    "target_level": [None, None, None, 3]})
    >>> swot_summary(read_swot(df))[["business_line", "ife", "efe", "ie_cell", "required_level"]]
      business_line  ife  efe ie_cell  required_level
    0           web  2.8  2.5       V               3
    """
    rows = []
    for line, df in swot.groupby("business_line", sort=True):
        q = df["quadrant"]
        ife = round(float(df.loc[q.isin(["S", "W"]), "weighted_score"].sum()), _DIGITS)
        efe = round(float(df.loc[q.isin(["O", "T"]), "weighted_score"].sum()), _DIGITS)
        cell = ie_cell(ife, efe)
        cust = df["tags"].fillna("").str.split(";").apply(lambda t: _CUSTOMER in t)
        levels = df.loc[cust, "target_level"].dropna()
        rows.append({"business_line": line, "ife": ife, "efe": efe, "ie_cell": cell,
                     "posture": posture(cell), "n_strengths": int((q == "S").sum()),
                     "n_weaknesses": int((q == "W").sum()),
                     "n_opportunities": int((q == "O").sum()), "n_threats": int((q == "T").sum()),
                     "customer_requirement": bool(cust.any()),
                     "required_level": int(levels.max()) if len(levels) else pd.NA})
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    out["required_level"] = out["required_level"].astype("Int64")
    return out


def _lower(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ('ITIL-based')."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def tows(swot: pd.DataFrame, *, top_n: int | None = None,
         by: Literal["weighted_score", "weight"] = "weighted_score") -> pd.DataFrame:
    """TOWS pairings (Weihrich 1982) of internal with external factors per business line.

    Parameters
    ----------
    swot : pandas.DataFrame
        The frame of :func:`read_swot`.
    top_n : int, optional
        Keep the ``top_n`` highest-scoring pairs per line and strategy.
    by : {"weighted_score", "weight"}, default "weighted_score"
        Column whose product scores a pair.

    Returns
    -------
    pandas.DataFrame
        ``business_line, strategy, internal_factor, external_factor, internal_quadrant,
        external_quadrant, score, prompt``: every S x O (SO), S x T (ST), W x O (WO) and
        W x T (WT) pair, sorted by line, strategy (SO, ST, WO, WT), score descending, then
        factor texts.

    Notes
    -----
    ``score`` is the product of the two factors' weighted scores (weight x rating), so pairs
    of factors that weigh most in the IFE and EFE come first. On David's scale a major
    weakness (rating 1) has a lower weighted score than a minor one (rating 2) of the same
    weight; pass ``by="weight"`` to rank WO and WT pairs by importance alone. A factor's
    first letter is lower-cased in the prompt unless it starts an acronym. Prompts: SO "Use
    <S> to pursue <O>", ST "Use <S> to counter <T>", WO "Fix <W> to capture <O>", WT "Limit
    <W> to avoid <T>".

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"business_line": ["web"] * 4, "quadrant": list("SWOT"),
    ...                    "factor": ["skilled staff", "no metrics", "bank clients", "audits"],
    ...                    "weight": [0.6, 0.4, 0.5, 0.5], "rating": [4, 1, 3, 2]})
    >>> tows(read_swot(df))[["strategy", "score", "prompt"]]
      strategy  score                                  prompt
    0       SO   3.60  Use skilled staff to pursue bank clients
    1       ST   2.40       Use skilled staff to counter audits
    2       WO   0.60     Fix no metrics to capture bank clients
    3       WT   0.40          Limit no metrics to avoid audits
    """
    if by not in ("weighted_score", "weight"):
        raise SwotError(f"tows(by={by!r}): expected 'weighted_score' or 'weight'")
    parts = []
    for strategy in ("SO", "ST", "WO", "WT"):
        cols = ["business_line", "factor", by]
        i = swot.loc[swot["quadrant"] == strategy[0], cols].rename(columns={by: "weighted_score"})
        e = swot.loc[swot["quadrant"] == strategy[1], cols].rename(columns={by: "weighted_score"})
        pairs = i.merge(e, on="business_line", suffixes=("_i", "_e"))
        parts.append(pd.DataFrame({
            "business_line": pairs["business_line"], "strategy": strategy,
            "internal_factor": pairs["factor_i"], "external_factor": pairs["factor_e"],
            "internal_quadrant": strategy[0], "external_quadrant": strategy[1],
            "score": (pairs["weighted_score_i"] * pairs["weighted_score_e"]).round(_DIGITS),
            "prompt": [_PROMPTS[strategy].format(i=_lower(a), e=_lower(b))
                       for a, b in zip(pairs["factor_i"], pairs["factor_e"])]}))
    out = pd.concat(parts, ignore_index=True).reindex(columns=TOWS_COLUMNS)
    out = out.sort_values(["business_line", "strategy", "score", "internal_factor",
                           "external_factor"], ascending=[True, True, False, True, True],
                          kind="mergesort")
    if top_n is not None:
        out = out.groupby(["business_line", "strategy"], sort=False).head(top_n)
    return out.reset_index(drop=True)


def weaknesses_by_process_area(swot: pd.DataFrame) -> pd.DataFrame:
    """Sum of weakness weights linked to each process area, per business line.

    A weakness listing several process areas counts in full for each; weaknesses without
    process areas are left out.

    Returns
    -------
    pandas.DataFrame
        ``business_line, process_area, weakness_weight``, sorted by line, weight descending,
        process area.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"business_line": ["web"] * 4, "quadrant": list("SWWO"),
    ...                    "factor": ["staff", "no plans", "no metrics", "banks"],
    ...                    "weight": [0.5, 0.3, 0.2, 1.0], "rating": [4, 1, 2, 3],
    ...                    "process_areas": ["", "PP;PMC", "MA;PMC", ""]})
    >>> weaknesses_by_process_area(read_swot(df))
      business_line process_area  weakness_weight
    0           web          PMC              0.5
    1           web           PP              0.3
    2           web           MA              0.2
    """
    w = swot.loc[swot["quadrant"] == "W", ["business_line", "process_areas", "weight"]].copy()
    w["process_area"] = w["process_areas"].fillna("").str.split(";")
    w = w.explode("process_area")
    w = w[w["process_area"].fillna("") != ""]
    out = (w.groupby(["business_line", "process_area"], as_index=False)["weight"].sum()
           .rename(columns={"weight": "weakness_weight"}))
    out = out.sort_values(["business_line", "weakness_weight", "process_area"],
                          ascending=[True, False, True], kind="mergesort")
    return out.reset_index(drop=True)[["business_line", "process_area", "weakness_weight"]]


# --------------------------------------------------------------------------- writing
_INSTRUCTIONS = [
    "How to fill the 'swot' sheet (one row per factor; David, Strategic Management):",
    "business_line: id of the business line, e.g. bank-delivery.",
    "quadrant: S strength, W weakness, O opportunity, T threat.",
    "factor: a short specific statement, e.g. "
    "'Clients audit our delivery process against CMMI ML3'.",
    "weight: importance 0..1; per line the S+W weights sum to 1 and the O+T weights sum to 1.",
    "rating: S 3 minor / 4 major strength; W 1 major / 2 minor weakness; "
    "O and T 1 poor .. 4 superior response.",
    "process_areas: optional ';'-separated process-area ids a weakness relates to, e.g. PP;PMC.",
    "tags: optional ';'-separated tags; customer_requirement marks an external demand.",
    "target_level: optional maturity level a customer demands (only with customer_requirement).",
]
_TEMPLATE_COLUMNS = _REQUIRED + _OPTIONAL
#: The Chinese template's column names (read back by :func:`read_swot`).
_COLUMNS_ZH = {"business_line": "业务线", "quadrant": "象限", "factor": "因素", "weight": "权重",
               "rating": "评分", "process_areas": "过程域", "tags": "标签",
               "target_level": "目标等级"}
_ZH_TO_COLUMN = {v: k for k, v in _COLUMNS_ZH.items()}
_INSTRUCTIONS_ZH = [
    "如何填写“SWOT”工作表（每行一个因素；David《战略管理》）：",
    "业务线：业务线编号，如 bank-delivery 或 银行交付。",
    "象限：优势、劣势、机会、威胁（或 S、W、O、T）。",
    "因素：简短具体的陈述，如“客户按 CMMI 三级审核我们的交付过程”。",
    "权重：重要程度 0..1；每条业务线的优势+劣势权重之和为 1，机会+威胁权重之和为 1。",
    "评分：优势 3 较小 / 4 主要优势；劣势 1 主要 / 2 较小劣势；机会和威胁 1 应对差 .. 4 应对出色。",
    "过程域：可选，劣势涉及的过程域编号，用 , ; ， ； 、 或空格分隔，如 PP；PMC。",
    "标签：可选；“客户要求”（customer_requirement）表示外部要求，“监管”（regulation）表示法规要求。",
    "目标等级：可选，客户要求的成熟度等级（仅用于带“客户要求”标签的因素）。",
]


def write_swot_template(path: str | Path, language: Literal["en", "zh"] = "en") -> Path:
    """Write an empty SWOT input to fill: xlsx (instructions + ``swot`` sheet with drop-downs
    for quadrant and rating) or, for a ``.csv`` suffix, the header row only.

    ``language="zh"``: Chinese instructions, sheet names (``填写说明``, ``SWOT``), column names
    (业务线, 象限, 因素, 权重, 评分, 过程域, 标签, 目标等级) and quadrants (优势/劣势/机会/威胁);
    :func:`read_swot` reads them back.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_swot_template(pathlib.Path(tempfile.mkdtemp()) / "swot.xlsx")
    >>> import openpyxl; openpyxl.load_workbook(p).sheetnames
    ['instructions', 'swot']
    """
    path = Path(path)
    zh = language == "zh"
    columns = [_COLUMNS_ZH[c] for c in _TEMPLATE_COLUMNS] if zh else _TEMPLATE_COLUMNS
    if path.suffix.lower() == ".csv":
        pd.DataFrame(columns=columns).to_csv(path, index=False, encoding="utf-8-sig" if zh
                                             else "utf-8")
        return path
    import openpyxl
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ins = wb.active
    ins.title = "填写说明" if zh else "instructions"
    for text in _INSTRUCTIONS_ZH if zh else _INSTRUCTIONS:
        ins.append([text])
    ins.column_dimensions["A"].width = 110
    ws = wb.create_sheet("SWOT" if zh else "swot")
    ws.append(columns)
    for col, width in zip("ABCDEFGH", (22, 10, 60, 8, 8, 18, 22, 12)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    rules = [
        ("B2:B1000", DataValidation(type="list", formula1='"优势,劣势,机会,威胁"' if zh
                                    else '"S,W,O,T"', allow_blank=True)),
        ("E2:E1000", DataValidation(type="list", formula1='"1,2,3,4"', allow_blank=True)),
        ("D2:D1000", DataValidation(type="decimal", operator="between", formula1="0",
                                    formula2="1", allow_blank=True)),
        ("H2:H1000", DataValidation(type="whole", operator="between", formula1="0",
                                    formula2="5", allow_blank=True)),
    ]
    for ref, dv in rules:
        dv.error, dv.showErrorMessage = (f"见填写说明（{ref[0]} 列）" if zh else
                                         f"See the instructions sheet ({ref[0]} column)"), True
        ws.add_data_validation(dv)
        dv.add(ref)
    wb.save(path)
    return path


def safe_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as formula-safe UTF-8 CSV; an alias of :func:`maturity.io.write_csv`.

    Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR)
    get a leading single quote; ``df`` is not changed; rows end with CRLF (RFC 4180).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> p = safe_csv(pd.DataFrame({"a": ["=1+1", "ok"], "n": [-1, 2]}),
    ...              pathlib.Path(tempfile.mkdtemp()) / "x.csv")
    >>> print(p.read_text(encoding="utf-8-sig"))
    a,n
    '=1+1,-1
    ok,2
    """
    from maturity.io import write_csv

    return write_csv(df, path)
