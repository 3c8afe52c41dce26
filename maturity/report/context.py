"""Everything a report shows, prepared once: the frames given plus the tables derived from them.

:class:`ReportContext` is built by :func:`make_context` from the keyword arguments of
:func:`maturity.report.write_report`; the xlsx, HTML and chart writers only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from maturity.compare.trends import rankings
from maturity.exceptions import InputError
from maturity.plan.swot import swot_summary
from maturity.report.labels import label
from maturity.scoring.score import Scores
from maturity.waves import WaveOrderError, order_waves

__all__ = [
    "ReportContext",
    "make_context",
    "SUMMARY_COLUMNS",
    "PA_COLUMNS",
    "LINE_LIMIT",
    "EXTREMES",
    "PAGE_LINES",
    "TABLE_ROWS",
]

#: A report on more business lines than this is *summarised*, so that its charts, HTML and PDF
#: stay the same size however many lines there are (the workbook always holds every row):
#:
#: - charts with a bar, row or curve per line (maturity index, capability heat map, rollout
#:   Gantt) draw :data:`EXTREMES` lines with the highest and as many with the lowest maturity
#:   index, next to a distribution chart of all lines; the index trend becomes a box per wave;
#: - line pages are written for the :data:`PAGE_LINES` lines furthest below their target
#:   (largest level gap, then lowest index), as tables, without the radar chart;
#: - tables with a row per line show at most :data:`TABLE_ROWS` rows, say which, and name the
#:   workbook sheet with all of them.
LINE_LIMIT = 40
#: Lines at each end of the maturity-index ranking drawn in a summarised report's charts.
EXTREMES = 20
#: Line pages in a summarised report.
PAGE_LINES = 20
#: Rows of a per-line table in a summarised report.
TABLE_ROWS = 40

#: Columns of :attr:`ReportContext.summary`.
SUMMARY_COLUMNS = [
    "wave",
    "business_line",
    "name",
    "maturity_level",
    "maturity_index",
    "previous_wave",
    "previous_index",
    "change",
    "target_maturity_level",
    "level_gap",
    "n_respondents",
]
#: Columns of :attr:`ReportContext.pa_latest`.
PA_COLUMNS = [
    "wave",
    "business_line",
    "process_area",
    "name",
    "level",
    "rating",
    "capability_level",
    "target_level",
    "gap",
    "score",
    "n_respondents",
]


def _frame(obj: Any, attr: str) -> pd.DataFrame | None:
    """``obj.attr`` or ``obj[attr]`` or ``obj`` itself when it is a frame; None when absent."""
    if obj is None:
        return None
    if isinstance(obj, pd.DataFrame):
        return obj
    if isinstance(obj, dict):
        return obj.get(attr)
    return getattr(obj, attr, None)


@dataclass
class ReportContext:
    """Frames and texts of one report (``None`` = the section's input was not provided)."""

    scores: Scores
    title: str
    client: str
    period: str
    language: str
    #: Report date shown on the cover (as given; empty = not shown).
    date: str = ""
    responses: pd.DataFrame | None = None
    rejected: pd.DataFrame | None = None
    notes: pd.DataFrame | None = None
    gaps: pd.DataFrame | None = None
    line_gaps: pd.DataFrame | None = None
    backlog: pd.DataFrame | None = None
    #: per phase and line on target answers (:attr:`maturity.Gaps.phases`), or None
    target_phases: pd.DataFrame | None = None
    swot: pd.DataFrame | None = None
    swot_summary: pd.DataFrame | None = None
    roadmap: pd.DataFrame | None = None
    phases: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None
    line_comparison: pd.DataFrame | None = None
    company: pd.DataFrame | None = None
    rankings: pd.DataFrame | None = None
    reliability: pd.DataFrame | None = None
    disagreement: pd.DataFrame | None = None
    #: :class:`maturity.plan.rollout_status.RolloutStatus` (issue 22), the "Rollout status" section.
    rollout: Any = None
    line_names: dict[str, str] = field(default_factory=dict)
    pa_names: dict[str, str] = field(default_factory=dict)
    waves: list[str] = field(default_factory=list)
    latest: str = ""
    previous: str | None = None
    baseline: str | None = None
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    pa_latest: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: True when the report has more than :data:`LINE_LIMIT` lines (see there).
    summarised: bool = False
    #: Lines of the per-line charts: all (by id), or the :data:`EXTREMES` highest and lowest
    #: maturity index, highest first.
    chart_lines: list[str] = field(default_factory=list)
    #: Lines with a page: all (in :attr:`line_order`), or the :data:`PAGE_LINES` furthest
    #: below target.
    page_lines: list[str] = field(default_factory=list)
    #: Display order of the lines: as the line-attributes file lists them, else by display
    #: name (pinyin for Chinese names, see :func:`line_order`).
    line_order: list[str] = field(default_factory=list)

    def ordered(self, frame: pd.DataFrame, col: str = "business_line") -> pd.DataFrame:
        """``frame`` with its rows in :attr:`line_order` of ``col`` (stable; others last)."""
        pos = {b: i for i, b in enumerate(self.line_order)}
        key = frame[col].astype(str).map(pos).fillna(len(pos))
        return frame.iloc[key.argsort(kind="stable")]

    def t(self, key: str) -> str:
        """Label of ``key`` in the report's language."""
        return label(key, self.language)

    @property
    def model(self):  # noqa: ANN201 - Model, kept untyped to avoid an import cycle in docs
        return self.scores.model

    def line_name(self, line: str) -> str:
        return self.line_names.get(line, line)


def _practice_names(backlog: pd.DataFrame | None, model: Any, language: str,
                    ) -> pd.DataFrame | None:
    """The backlog with its ``name`` column in the report's language (the model's ``name_zh``
    for zh, the English name where it has none); the caller's frame is not changed."""
    if backlog is None or language != "zh" or "name" not in backlog.columns \
            or "name_zh" not in model.practices.columns:
        return backlog
    zh = model.practices.set_index("practice")["name_zh"].fillna("").astype(str)
    shown = backlog["practice"].astype(str).map(zh).fillna("")
    return backlog.assign(name=shown.where(shown != "", backlog["name"]))


def _names(lines: pd.DataFrame | None, language: str) -> dict[str, str]:
    if lines is None or "business_line" not in lines.columns:
        return {}
    col = "name_zh" if language == "zh" and "name_zh" in lines.columns else "name"
    if col not in lines.columns:
        return {}
    f = lines[["business_line", col]].astype(str)
    return {
        b: (n if n and n != "nan" else b) for b, n in zip(f["business_line"], f[col], strict=True)
    }


def _sort_key(name: str, language: str) -> tuple:
    """Sort key of a display name: pinyin syllables for Chinese characters (``pypinyin``,
    when installed; code points otherwise), case-folded text for the rest."""
    if language == "zh" and any("\u3400" <= ch <= "\u9fff" for ch in name):
        try:
            from pypinyin import lazy_pinyin
        except ImportError:  # pragma: no cover - a dependency; code point order then
            return (name,)
        return (" ".join(lazy_pinyin(name)).casefold(), name)
    return (name.casefold(), name)


def line_order(ids: list[str], lines: pd.DataFrame | None, names: dict[str, str],
               language: str) -> list[str]:
    """Business lines in report order: as the line-attributes file lists them (lines it does
    not list follow), else by display name -- pinyin order for Chinese names.

    Examples
    --------
    >>> line_order(["b", "a"], None, {"a": "银行", "b": "保险"}, "zh")
    ['b', 'a']
    >>> f = pd.DataFrame({"business_line": ["a", "b"]})
    >>> line_order(["b", "a", "c"], f, {}, "en")
    ['a', 'b', 'c']
    """
    listed: list[str] = []
    if lines is not None and "business_line" in lines.columns:
        listed = [b for b in dict.fromkeys(lines["business_line"].astype(str)) if b in set(ids)]
    rest = sorted(
        (b for b in dict.fromkeys(ids) if b not in set(listed)),
        key=lambda b: _sort_key(names.get(b, b), language),
    )
    return listed + rest


def make_context(
    *,
    scores: Scores,
    read: Any = None,
    gaps: Any = None,
    swot: pd.DataFrame | None = None,
    roadmap: Any = None,
    changes: Any = None,
    reliability: Any = None,
    lines: pd.DataFrame | None = None,
    title: str = "",
    client: str = "",
    period: str = "",
    language: str = "en",
    date: str = "",
    rollout: Any = None,
) -> ReportContext:
    """Collect and derive the report's frames (nothing given is modified)."""
    if language not in ("en", "zh"):
        raise InputError(f"language {language!r} is not supported; use 'en' or 'zh'")
    ctx = ReportContext(
        scores=scores,
        title=title or label("title", language),
        client=client,
        period=period,
        language=language,
        date=str(date or ""),
    )
    _take_inputs(ctx, read, gaps, swot, roadmap, changes, reliability)
    ctx.rollout = rollout
    _name_things(ctx, lines)

    mat = scores.maturity.copy()
    mat["wave"] = mat["wave"].astype(str)
    _order_waves(ctx, mat)
    scored = set(mat["wave"])
    if len(scored) > 1:
        rk_waves = None
        if ctx.changes is not None and len(ctx.changes):  # the waves the trends compare
            rk_waves = sorted((set(ctx.changes["wave_from"].astype(str))
                               | set(ctx.changes["wave_to"].astype(str))) & scored)
        ctx.rankings = rankings(mat, waves=rk_waves if rk_waves and len(rk_waves) > 1 else None,
                                baseline=ctx.baseline if ctx.baseline in scored else None)
    ctx.summary = _summary(ctx, mat)
    ctx.pa_latest = _pa_latest(ctx)
    _select_lines(ctx)
    return ctx


def _take_inputs(ctx: ReportContext, read: Any, gaps: Any, swot: pd.DataFrame | None,
                 roadmap: Any, changes: Any, reliability: Any) -> None:
    """The given results' frames on the context (a mapping or an object with attributes)."""
    scores, language = ctx.scores, ctx.language
    ctx.responses = _frame(read, "responses")
    ctx.rejected = (
        _frame(read, "rejected")
        if read is not None and not isinstance(read, pd.DataFrame)
        else None
    )
    ctx.notes = (
        _frame(read, "notes") if read is not None and not isinstance(read, pd.DataFrame) else None
    )
    if gaps is not None:
        ctx.gaps, ctx.line_gaps, ctx.backlog = (
            _frame(gaps, "gaps"),
            _frame(gaps, "line_gaps"),
            _frame(gaps, "backlog"),
        )
        ctx.backlog = _practice_names(ctx.backlog, scores.model, language)
        ctx.target_phases = None if isinstance(gaps, pd.DataFrame | dict) else getattr(
            gaps, "phases", None)
    if swot is not None:
        ctx.swot = swot
        ctx.swot_summary = swot_summary(swot)
    if roadmap is not None:
        ctx.roadmap = _frame(roadmap, "roadmap")
        ctx.phases = None if isinstance(roadmap, pd.DataFrame) else _frame(roadmap, "phases")
    if changes is not None:
        ctx.changes = _frame(changes, "changes")
        if not isinstance(changes, pd.DataFrame):
            ctx.line_comparison = _frame(changes, "line_comparison")
            ctx.company = _frame(changes, "company")
    if reliability is not None:
        ctx.reliability = _frame(reliability, "reliability")
        if not isinstance(reliability, pd.DataFrame):
            ctx.disagreement = _frame(reliability, "disagreement")


def _name_things(ctx: ReportContext, lines: pd.DataFrame | None) -> None:
    """Display names of lines, process areas and backlog practices in the report's language,
    and the lines' order."""
    scores, language = ctx.scores, ctx.language
    model = scores.model
    ctx.line_names = _names(lines, language)
    ctx.line_order = line_order(
        [str(b) for b in scores.maturity["business_line"].unique()], lines, ctx.line_names,
        language,
    )
    pa = model.process_areas
    ncol = "name_zh" if language == "zh" else "name"
    ctx.pa_names = {
        p: (n or e)
        for p, n, e in zip(pa["process_area"], pa[ncol].fillna(""), pa["name"], strict=True)
    }

    if language != "en" and ctx.backlog is not None and "name" in ctx.backlog.columns:
        pr = model.practices
        col = f"name_{language}"
        if col in pr.columns:  # the model's own translation of the practice names
            tr = {p: n for p, n in zip(pr["practice"], pr[col].fillna(""), strict=True) if n}
            ctx.backlog = ctx.backlog.assign(
                name=[tr.get(str(p), n) for p, n in
                      zip(ctx.backlog["practice"], ctx.backlog["name"], strict=True)]
            )


def _order_waves(ctx: ReportContext, mat: pd.DataFrame) -> None:
    """``waves`` in time order, ``latest``, ``previous`` (the baseline when the changes hold
    one) and ``baseline``."""
    labels = set(mat["wave"].unique())
    if ctx.changes is not None and len(ctx.changes):  # a baseline from last year's outputs
        labels |= set(ctx.changes["wave_from"].astype(str))
        labels |= set(ctx.changes["wave_to"].astype(str))
    try:  # time order, whatever the labels (2026年3月 after 2025年10月), else the answers' dates
        ctx.waves = order_waves(sorted(labels), ctx.responses)
    except WaveOrderError:
        ctx.waves = sorted(labels)
    ctx.latest = ctx.waves[-1] if ctx.waves else ""
    ctx.previous = ctx.waves[-2] if len(ctx.waves) > 1 else None
    if ctx.changes is not None and "comparison" in ctx.changes.columns and len(ctx.changes):
        # the report compares with the baseline when the changes hold one, else the last pair
        c = ctx.changes[ctx.changes["wave_to"].astype(str) == ctx.latest]
        base = c[c["comparison"].astype(str).str.startswith("baseline")]
        if len(base):
            ctx.baseline = ctx.previous = str(base["wave_from"].iloc[0])
        elif len(c):
            ctx.previous = str(c["wave_from"].iloc[-1])


def _select_lines(ctx: ReportContext) -> None:
    """Set ``summarised``, ``chart_lines`` and ``page_lines`` (see :data:`LINE_LIMIT`)."""
    s = ctx.summary
    lines = [str(b) for b in s["business_line"]]
    ctx.summarised = len(lines) > LINE_LIMIT
    if not ctx.summarised:
        ctx.chart_lines = ctx.page_lines = lines
        return
    by_index = s.sort_values(
        ["maturity_index", "business_line"], ascending=[False, True], kind="mergesort"
    )["business_line"].astype(str)
    ctx.chart_lines = list(by_index.head(EXTREMES)) + list(by_index.tail(EXTREMES))
    need = s.assign(_gap=s["level_gap"].astype("Float64").fillna(-1.0))
    ctx.page_lines = list(
        need.sort_values(
            ["_gap", "maturity_index", "business_line"],
            ascending=[False, True, True],
            kind="mergesort",
        )["business_line"]
        .astype(str)
        .head(PAGE_LINES)
    )


def _summary(ctx: ReportContext, mat: pd.DataFrame) -> pd.DataFrame:
    cur = ctx.ordered(mat[mat["wave"] == ctx.latest]).reset_index(drop=True)
    out = cur[["wave", "business_line", "maturity_level", "maturity_index", "n_respondents"]].copy()
    out["name"] = out["business_line"].map(ctx.line_name)
    if ctx.previous is not None:
        prev = mat[mat["wave"] == ctx.previous].set_index("business_line")["maturity_index"]
        out["previous_wave"] = ctx.previous
        out["previous_index"] = out["business_line"].map(prev)
    else:
        out["previous_wave"] = ""
        out["previous_index"] = np.nan
    out["change"] = (out["maturity_index"] - out["previous_index"]).round(4)
    out["target_maturity_level"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["level_gap"] = pd.array([pd.NA] * len(out), dtype="Int64")
    if ctx.line_gaps is not None and len(ctx.line_gaps):
        lg = ctx.line_gaps[ctx.line_gaps["wave"].astype(str) == ctx.latest].set_index(
            "business_line"
        )
        out["target_maturity_level"] = (
            out["business_line"].map(lg["target_maturity_level"]).astype("Int64")
        )
        out["level_gap"] = out["business_line"].map(lg["level_gap"]).astype("Int64")
    return out[SUMMARY_COLUMNS]


def _pa_latest(ctx: ReportContext) -> pd.DataFrame:
    pa = ctx.scores.process_areas
    p = pa[pa["wave"].astype(str) == ctx.latest].copy()
    p["wave"] = p["wave"].astype(str)
    p["name"] = p["process_area"].map(ctx.pa_names)
    p["target_level"] = pd.array([pd.NA] * len(p), dtype="Int64")
    p["gap"] = pd.array([pd.NA] * len(p), dtype="Int64")
    if ctx.gaps is not None and len(ctx.gaps):
        g = ctx.gaps[ctx.gaps["wave"].astype(str) == ctx.latest][
            ["business_line", "process_area", "target_level", "gap"]
        ]
        p = p.drop(columns=["target_level", "gap"]).merge(
            g, on=["business_line", "process_area"], how="left"
        )
        p["target_level"] = p["target_level"].astype("Int64")
        p["gap"] = p["gap"].astype("Int64")
    return p[PA_COLUMNS].reset_index(drop=True)
