"""SWOT per business line: IFE/EFE totals, the IE matrix, TOWS pairings, the input template.

Each business line lists its strengths (S), weaknesses (W), opportunities (O) and threats (T)
with a weight and a rating. Following David (*Strategic Management: Concepts and Cases*), the
internal factors (S + W) of a line carry weights summing to 1 and ratings 1 major weakness,
2 minor weakness, 3 minor strength, 4 major strength; the external factors (O + T) carry
weights summing to 1 and ratings 1 poor ... 4 superior response. The weighted totals are the
IFE and EFE scores (1 to 4, 2.5 average), which place the line in one of the nine cells of
the Internal-External (IE) matrix. TOWS (Weihrich, 1982, "The TOWS matrix - a tool for
situational analysis", *Long Range Planning* 15(2)) pairs internal with external factors into
SO, ST, WO and WT strategies. The factors are read and checked by
:func:`maturity.plan.swot_read.read_swot` (re-exported here).

Frames (columns in this order, plain RangeIndex):

- ``swot`` (:func:`maturity.plan.swot_read.read_swot`): ``business_line, quadrant, factor,
  weight, rating, weighted_score, process_areas, tags, target_level``.
- ``summary`` (:func:`swot_summary`): ``business_line, ife, efe, ie_cell, posture,
  n_strengths, n_weaknesses, n_opportunities, n_threats, customer_requirement,
  required_level``.
- ``tows`` (:func:`tows`): ``business_line, strategy, internal_factor, external_factor,
  internal_quadrant, external_quadrant, score, prompt``.
- ``weaknesses`` (:func:`weaknesses_by_process_area`): ``business_line, process_area,
  weakness_weight``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from maturity import io as safe_io  # looked up at call time (tests patch it)
from maturity.exceptions import SwotError
from maturity.plan.swot_read import (
    _COLUMNS_ZH,
    _CUSTOMER,
    _DIGITS,
    _OPTIONAL,
    _REQUIRED,
    SWOT_COLUMNS,
    read_swot,
)

__all__ = [
    "SWOT_COLUMNS",
    "SUMMARY_COLUMNS",
    "TOWS_COLUMNS",
    "read_swot",  # re-exported from maturity.plan.swot_read
    "swot_summary",
    "ie_cell",
    "posture",
    "tows",
    "weaknesses_by_process_area",
    "write_swot_template",
    "safe_csv",
]

SUMMARY_COLUMNS = ["business_line", "ife", "efe", "ie_cell", "posture", "n_strengths",
                   "n_weaknesses", "n_opportunities", "n_threats", "customer_requirement",
                   "required_level"]
TOWS_COLUMNS = ["business_line", "strategy", "internal_factor", "external_factor",
                "internal_quadrant", "external_quadrant", "score", "prompt"]

_CELLS = {("high", "strong"): "I", ("high", "average"): "II", ("high", "weak"): "III",
          ("medium", "strong"): "IV", ("medium", "average"): "V", ("medium", "weak"): "VI",
          ("low", "strong"): "VII", ("low", "average"): "VIII", ("low", "weak"): "IX"}
_POSTURES = {"I": "grow and build", "II": "grow and build", "IV": "grow and build",
             "III": "hold and maintain", "V": "hold and maintain", "VII": "hold and maintain",
             "VI": "harvest or divest", "VIII": "harvest or divest", "IX": "harvest or divest"}
_PROMPTS = {"SO": "Use {i} to pursue {e}", "ST": "Use {i} to counter {e}",
            "WO": "Fix {i} to capture {e}", "WT": "Limit {i} to avoid {e}"}


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
                       for a, b in zip(pairs["factor_i"], pairs["factor_e"], strict=True)]}))
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
    import openpyxl  # imported when a workbook is written (import maturity stays fast)
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    ins = wb.active
    ins.title = "填写说明" if zh else "instructions"
    for text in _INSTRUCTIONS_ZH if zh else _INSTRUCTIONS:
        ins.append([text])
    ins.column_dimensions["A"].width = 110
    ws = wb.create_sheet("SWOT" if zh else "swot")
    ws.append(columns)
    for col, width in zip("ABCDEFGH", (22, 10, 60, 8, 8, 18, 22, 12), strict=True):
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
    return safe_io.write_csv(df, path)

