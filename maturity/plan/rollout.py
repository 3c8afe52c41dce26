"""The one rollout plan: targets (raised by SWOT customer requirements), gap analysis and the
phased roadmap from the same inputs, for the CLI (``maturity roadmap``, ``maturity report``),
the report and the notebooks.

:func:`plan_rollout` is the only place that wires read targets -> SWOT target raise -> gap
analysis -> :func:`maturity.plan.roadmap.plan_roadmap`; every planning option is a field of
:class:`PlanOptions` (the CLI flags map one to one, :func:`options_from_args`). The
management views of a plan (:func:`wave_totals`, :func:`quarterly_milestones`,
:func:`org_backlog`) are computed here too.

**Weights from AHP.** An AHP workbook (:func:`write_ahp_template`) has one sheet per weight
group: ``priority`` (value, effort, readiness), ``value`` (customer_pull, size), ``effort``
(gap, backlog, complexity), ``readiness`` (maturity, strengths); each sheet a square
pairwise-comparison matrix with the criteria as first column and header. Each sheet's
priorities replace the weights of exactly that group (a sheet must name every criterion of
its group, so an AHP judgement never mixes with a default weight), and each sheet's CR is held
to Saaty's size-dependent threshold (:func:`maturity.plan.ahp.ahp_weights`), refused unless
``force_ahp``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from maturity import io as safe_io  # looked up at call time (tests patch it)
from maturity.exceptions import InputError, ValidationError
from maturity.i18n import _
from maturity.plan import roadmap  # plan_roadmap looked up at call time (tests patch it)
from maturity.plan.ahp import ahp_weights
from maturity.plan.calendar import WorkCalendar
from maturity.plan.gap import gap_analysis
from maturity.plan.phase_schedule import schedule_target_phases  # issue 14 hook
from maturity.plan.roadmap_lines import read_lines
from maturity.plan.swot import read_swot, swot_summary
from maturity.plan.targets import targets_from_swot
from maturity.plan.targets_read import read_targets
from maturity.plan.wave_spec import rules_from_text
from maturity.waves import parse_period

__all__ = ["PlanOptions", "Plan", "plan_rollout", "wave_totals", "quarterly_milestones",
           "org_backlog", "ahp_group_weights", "read_ahp_workbook", "write_ahp_template",
           "WEIGHT_GROUPS", "TOTAL_COLUMNS", "QUARTER_COLUMNS", "ORG_BACKLOG_COLUMNS"]

#: Weight groups of the roadmap's scores (AHP sheets), in order.
WEIGHT_GROUPS: dict[str, list[str]] = {
    "priority": ["value", "effort", "readiness"],
    "value": ["customer_pull", "size"],
    "effort": ["gap", "backlog", "complexity"],
    "readiness": ["maturity", "strengths"],
}
TOTAL_COLUMNS = ["wave", "rule", "n_lines", "lines", "effort_points", "coach_weeks",
                 "pilot_weeks", "people_trained", "start", "end"]
QUARTER_COLUMNS = ["quarter", "date", "business_line", "wave", "milestone"]
ORG_BACKLOG_COLUMNS = ["practice", "process_area", "needed_for_level", "n_lines", "lines",
                       "effort_points"]


@dataclass(frozen=True)
class PlanOptions:
    """Every planning option (defaults = the documented defaults of the roadmap).

    Attributes
    ----------
    weights : mapping, optional
        Overrides of :data:`maturity.plan.roadmap.DEFAULT_WEIGHTS`.
    ahp : path, optional
        AHP workbook (see the module docstring); its priorities replace the weights of the
        groups it has sheets for.
    force_ahp : bool
        Use AHP sheets whose CR is above Saaty's threshold (with a warning).
    min_strictness, max_complexity : int
        Cut-offs of the wave rules (customer pull, simple work).
    wave_rules : str or sequence of str, optional
        The ordered wave rules as text (:mod:`maturity.plan.wave_spec`), e.g. ``"customer
        pull; group = FS; simple work; the rest; deferred"``; default: the built-in order.
    thresholds : mapping, optional
        Quadrant thresholds (``value``, ``effort``, ``pilot_weeks``, ``complexity``).
    scale : mapping, optional
        Overrides of :data:`maturity.plan.sizing.SCALE`.
    checkpoint_weeks : int, optional
        Checkpoint spacing in pilot weeks (a shortcut for ``scale["checkpoint_weeks"]``).
    capacity : int
        Coaches.
    start : date-like, optional
        First day of the plan (after the assessment).
    wave_gate : str
        ``benefit`` (default), ``review``, ``pilot`` or ``none``.
    pass_rate : float
        Training-test gate.
    codesign_weeks : int
        Weeks of the ``co-design`` phase that opens every line's plan (default 1; the line
        director and core project managers design the line's process with the PMO).
    n_champions, champions_per_source : int
        Champions per line; receiving lines per source at a time.
    country : str or None
        Public-holiday calendar (ISO code, default ``CN``; ``None``/``"none"`` for none).
    holidays : path, optional
        Holidays file (extra non-working days).
    sensitivity : bool
        Compute the sensitivity table.
    """

    weights: Mapping[str, float] | None = None
    ahp: str | Path | None = None
    force_ahp: bool = False
    min_strictness: int = 2
    max_complexity: int = 2
    wave_rules: str | Sequence[str] | None = None
    thresholds: Mapping[str, float] | None = None
    scale: Mapping[str, float] | None = None
    checkpoint_weeks: int | None = None
    capacity: int = 2
    start: Any = None
    wave_gate: str = "benefit"
    pass_rate: float = 0.8
    codesign_weeks: int = 1
    n_champions: int = 1
    champions_per_source: int = 2
    country: str | None = "CN"
    holidays: str | Path | None = None
    sensitivity: bool = False


@dataclass(frozen=True)
class Plan:
    """Result of :func:`plan_rollout`.

    Attributes
    ----------
    gaps : maturity.plan.gap.Gaps
        The gap analysis the plan is built on (targets raised by the SWOT).
    roadmap : maturity.plan.roadmap.Roadmap
        The plan (``roadmap``, ``phases``, ``milestones``, ``notes``, ...).
    totals, quarters, org_backlog : pandas.DataFrame
        :func:`wave_totals`, :func:`quarterly_milestones`, :func:`org_backlog`.
    swot, swot_summary : pandas.DataFrame or None
        The SWOT factors and their summary.
    options : PlanOptions
        The options used.
    """

    gaps: Any
    roadmap: Any
    totals: pd.DataFrame
    quarters: pd.DataFrame
    org_backlog: pd.DataFrame
    swot: pd.DataFrame | None = None
    swot_summary: pd.DataFrame | None = None
    options: PlanOptions = field(default_factory=PlanOptions)
    #: Target phases on the plan (:func:`maturity.plan.phase_schedule.schedule_target_phases`),
    #: or None without target answers. (issue 14 hook)
    target_phases: pd.DataFrame | None = None


def _years(maturity: pd.DataFrame, start: Any) -> list[int]:
    ys = []
    if start is not None:
        ys.append(pd.Timestamp(start).year)
    for w in maturity["wave"].dropna().astype(str).unique() if "wave" in maturity else []:
        per = parse_period(w)
        if per is not None:
            ys.append(per[1].year)
    y0 = min(ys) if ys else 2026
    return list(range(y0, y0 + 6))


def plan_rollout(scores: Any, targets: Any, lines: Any, swot: Any = None, *,
                 responses: pd.DataFrame | None = None, options: PlanOptions | None = None,
                 **overrides: Any) -> Plan:
    """The one rollout plan from scores, targets, line attributes and (optionally) a SWOT.

    Parameters
    ----------
    scores : maturity.scoring.score.Scores
        :func:`maturity.scoring.score.score`.
    targets : Targets, path or mapping
        Target profile (:func:`maturity.plan.gap.read_targets`).
    lines : path or pandas.DataFrame
        Line attributes (:func:`maturity.plan.roadmap.read_lines`).
    swot : path or pandas.DataFrame, optional
        SWOT factors (:func:`maturity.plan.swot.read_swot`): customer requirements raise the line
        targets (:func:`maturity.plan.gap.targets_from_swot`), weaknesses rank the backlog, the
        summary feeds the wave rules, readiness and posture.
    responses : pandas.DataFrame, optional
        The answers scored (evidence and comments in the backlog).
    options : PlanOptions, optional
        Planning options; ``**overrides`` replace single fields (``capacity=3``).

    Returns
    -------
    Plan

    Examples
    --------
    >>> from maturity import datasets, score
    >>> from maturity.model.load import load_model
    >>> from maturity.ingest.responses import read_responses
    >>> m = load_model("cmmi-dev-1.3")
    >>> resp = read_responses(datasets.data_path("responses/2026-03.csv"), m).responses
    >>> plan = plan_rollout(score(resp, m), datasets.data_path("targets.yaml"),
    ...                     datasets.data_path("business_lines.csv"),
    ...                     datasets.data_path("swot.csv"), capacity=3)
    >>> int(plan.totals.n_lines.iloc[-1]) == int(plan.roadmap.roadmap.wave.notna().sum())
    True
    """
    opt = dataclasses.replace(options or PlanOptions(), **overrides)
    model = scores.model
    tg = read_targets(targets, model)
    sw = summary = None
    if swot is not None:
        sw = swot if isinstance(swot, pd.DataFrame) and "weighted_score" in swot.columns \
            else read_swot(swot)
        summary = swot_summary(sw)
        tg = targets_from_swot(summary, tg)
    gaps = gap_analysis(scores, tg, swot=sw, responses=responses)
    attrs = read_lines(lines)
    weights = dict(opt.weights or {})
    if opt.ahp is not None:
        weights.update(ahp_group_weights(read_ahp_workbook(opt.ahp), force=opt.force_ahp))
    sc = dict(opt.scale or {})
    if opt.checkpoint_weeks is not None:
        sc["checkpoint_weeks"] = opt.checkpoint_weeks
    cal = WorkCalendar.build(country=opt.country, years=_years(scores.maturity, opt.start),
                             holidays_file=opt.holidays)
    rm = roadmap.plan_roadmap(scores.maturity, gaps.line_gaps, gaps.backlog, attrs, summary,
                              gaps=gaps.gaps, weights=weights or None,
                              rules=None if opt.wave_rules is None else rules_from_text(
                                  opt.wave_rules, opt.min_strictness, opt.max_complexity),
                              min_strictness=opt.min_strictness, max_complexity=opt.max_complexity,
                              thresholds=opt.thresholds, scale=sc or None, capacity=opt.capacity,
                              start=opt.start, calendar=cal, pass_rate=opt.pass_rate,
                              codesign_weeks=opt.codesign_weeks,
                              wave_gate=opt.wave_gate,  # type: ignore[arg-type]
                              n_champions=opt.n_champions,
                              champions_per_source=opt.champions_per_source,
                              with_sensitivity=opt.sensitivity)
    phases = None
    if gaps.phases is not None:  # issue 14 hook: target phases as deadlines (phase_schedule)
        rm, phases = schedule_target_phases(gaps.backlog, rm)
    return Plan(gaps=gaps, roadmap=rm, totals=wave_totals(rm), quarters=quarterly_milestones(rm),
                org_backlog=org_backlog(gaps.backlog), swot=sw, swot_summary=summary,
                options=opt, target_phases=phases)


# --------------------------------------------------------------------------------------------
# Management views

def wave_totals(rm: Any) -> pd.DataFrame:
    """Per rollout wave: lines, effort points, coach-weeks, pilot weeks, people trained, first
    start and last end (:data:`TOTAL_COLUMNS`), then a ``total`` row (``wave`` NA).

    Examples
    --------
    >>> r = pd.DataFrame({"business_line": ["a", "b", "c"], "wave": pd.array([1, 1, 2]),
    ...                   "rule": ["customer pull", "customer pull", "the rest"],
    ...                   "backlog_effort": [10, 20, 5], "coach_weeks": [1.25, 2.5, 0.6],
    ...                   "pilot_weeks": [4, 4, 4], "headcount": [30, 50, 10],
    ...                   "start": pd.to_datetime(["2026-04-06", "2026-04-06", "2026-06-01"]),
    ...                   "end": pd.to_datetime(["2026-05-29", "2026-05-29", "2026-07-24"])})
    >>> wave_totals(r)[["wave", "n_lines", "effort_points", "coach_weeks", "people_trained"]]
       wave  n_lines  effort_points  coach_weeks  people_trained
    0     1        2           30.0         3.75              80
    1     2        1            5.0         0.60              10
    2  <NA>        3           35.0         4.35              90
    """
    r = rm.roadmap if hasattr(rm, "roadmap") else rm
    r = r[r["wave"].notna()]
    rows = []
    for w, d in r.groupby("wave", sort=True):
        rows.append({"wave": int(w), "rule": str(d["rule"].iloc[0]), "n_lines": len(d),
                     "lines": ";".join(d["business_line"].astype(str)),
                     "effort_points": float(d["backlog_effort"].astype(float).sum()),
                     "coach_weeks": round(float(d["coach_weeks"].astype(float).sum()), 2),
                     "pilot_weeks": int(d["pilot_weeks"].astype(int).sum()),
                     "people_trained": int(d["headcount"].astype(int).sum()),
                     "start": d["start"].min(), "end": d["end"].max()})
    if rows:
        rows.append({"wave": pd.NA, "rule": "total", "n_lines": len(r),
                     "lines": "", "effort_points": float(r["backlog_effort"].astype(float).sum()),
                     "coach_weeks": round(float(r["coach_weeks"].astype(float).sum()), 2),
                     "pilot_weeks": int(r["pilot_weeks"].astype(int).sum()),
                     "people_trained": int(r["headcount"].astype(int).sum()),
                     "start": r["start"].min(), "end": r["end"].max()})
    out = pd.DataFrame(rows, columns=TOTAL_COLUMNS)
    out["wave"] = out["wave"].astype("Int64")
    for c in ("start", "end"):
        out[c] = pd.to_datetime(out[c])
    return out


def quarterly_milestones(rm: Any) -> pd.DataFrame:
    """The milestones of the plan by calendar quarter: each line's training done, first
    checkpoint, pilot end and review end, and the PMO stages' ends (:data:`QUARTER_COLUMNS`).

    ``quarter`` is written ``2026Q2``; rows sorted by date, then line.
    """
    ph = rm.phases
    rows = []
    for r in ph.itertuples():
        if r.kind == "stage":
            rows.append((r.end, "", pd.NA, _("end of {stage}").format(stage=r.phase)))
        elif r.phase == "training test":
            rows.append((r.end, r.business_line, r.wave, _("staff trained and tested")))
        elif r.phase in ("checkpoint 1", "checkpoint 1.1"):
            rows.append((r.start, r.business_line, r.wave, _("first pilot checkpoint")))
        elif r.phase == "review":
            rows.append((r.end, r.business_line, r.wave,
                         _("pilot reviewed; core staff become champions")))
    out = pd.DataFrame(rows, columns=["date", "business_line", "wave", "milestone"])
    out["date"] = pd.to_datetime(out["date"])
    out = out.sort_values(["date", "business_line"], kind="mergesort").reset_index(drop=True)
    out.insert(0, "quarter", out["date"].dt.to_period("Q").astype(str))
    out["wave"] = out["wave"].astype("Int64")
    return out[QUARTER_COLUMNS]


def org_backlog(backlog: pd.DataFrame, *, min_lines: int = 2) -> pd.DataFrame:
    """Organisation-wide backlog: practices blocking at least ``min_lines`` lines, to build once
    centrally, with the lines each unblocks (:data:`ORG_BACKLOG_COLUMNS`).

    Sorted like the line backlog: lowest ``needed_for_level`` first, then most lines, then
    practice. ``effort_points`` = 1 per PI line, 2 per NI/NY/not characterised line.

    Examples
    --------
    >>> b = pd.DataFrame({"business_line": ["a", "b", "c", "a"],
    ...                   "practice": ["REQM.GP3.1"] * 3 + ["PP.SP1.1"],
    ...                   "process_area": ["REQM"] * 3 + ["PP"],
    ...                   "characterization": ["PI", "NI", "NY", "PI"],
    ...                   "needed_for_level": [3, 3, 3, 2]})
    >>> org_backlog(b)
         practice process_area  needed_for_level  n_lines  lines  effort_points
    0  REQM.GP3.1         REQM                 3        3  a;b;c              5
    """
    if backlog is None or not len(backlog):
        return pd.DataFrame(columns=ORG_BACKLOG_COLUMNS)
    b = backlog.assign(_e=backlog["characterization"].eq("PI").map({True: 1, False: 2}))
    if "needed_for_level" not in b.columns:
        b["needed_for_level"] = pd.NA
    g = b.groupby(["practice", "process_area"], sort=False)
    out = pd.DataFrame({
        "needed_for_level": g["needed_for_level"].min(),
        "n_lines": g["business_line"].nunique(),
        "lines": g["business_line"].agg(lambda s: ";".join(sorted(set(s.astype(str))))),
        "effort_points": g["_e"].sum(),
    }).reset_index()
    out = out[out["n_lines"] >= min_lines]
    out = out.sort_values(["needed_for_level", "n_lines", "practice"],
                          ascending=[True, False, True], kind="mergesort")
    out["needed_for_level"] = out["needed_for_level"].astype("Int64")
    out["effort_points"] = out["effort_points"].astype("int64")
    return out[ORG_BACKLOG_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# AHP workbook

def write_ahp_template(path: str | Path) -> Path:
    """Write an AHP workbook to fill in: one sheet per weight group (:data:`WEIGHT_GROUPS`),
    each an identity matrix (all criteria equal) with a ``criterion`` column."""
    sheets = {}
    for g, crit in WEIGHT_GROUPS.items():
        m = pd.DataFrame(1.0, index=crit, columns=crit)
        sheets[g] = m.rename_axis("criterion").reset_index()
    return safe_io.write_xlsx(sheets, path)


def read_ahp_workbook(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read an AHP workbook (xlsx, sheets named after :data:`WEIGHT_GROUPS`): a square matrix
    per sheet, criteria in the first column and the header."""
    p = Path(path)
    try:
        with pd.ExcelFile(p, engine="openpyxl") as xf:
            raw = {str(s): pd.read_excel(xf, sheet_name=s, dtype=object) for s in xf.sheet_names}
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"{p}: not a readable AHP workbook ({type(exc).__name__}); write one "
                         "with `maturity roadmap --ahp-template FILE`") from None
    out = {}
    for sheet, df in raw.items():
        if sheet not in WEIGHT_GROUPS:
            raise InputError(f"{p}, sheet '{sheet}': unknown weight group; expected sheets "
                             f"named {', '.join(WEIGHT_GROUPS)}")
        df = df.set_index(df.columns[0])
        df.index = [str(x).strip() for x in df.index]
        df.columns = [str(x).strip() for x in df.columns]
        out[sheet] = df
    return out


def ahp_group_weights(tables: Mapping[str, Any], *, force: bool = False,
                      source: str = "AHP") -> dict[str, float]:
    """Weights from AHP tables per weight group; each table must name exactly its group's
    criteria (:data:`WEIGHT_GROUPS`), so AHP priorities never mix with default weights.

    Examples
    --------
    >>> ahp_group_weights({"value": pd.DataFrame([[1, 9], [1 / 9, 1]],
    ...                    index=["customer_pull", "size"], columns=["customer_pull", "size"])})
    {'customer_pull': 0.9, 'size': 0.1}
    >>> ahp_group_weights({"value": [[9]]})
    Traceback (most recent call last):
    ...
    maturity.exceptions.ValidationError: AHP, group 'value': give a table over exactly ...
    """
    out: dict[str, float] = {}
    for group, table in tables.items():
        if group not in WEIGHT_GROUPS:
            raise ValidationError(f"{source}: unknown weight group {group!r}; expected "
                                  f"{', '.join(WEIGHT_GROUPS)}")
        crit = WEIGHT_GROUPS[group]
        labels = [str(x) for x in table.index] if isinstance(table, pd.DataFrame) else None
        if labels is None or sorted(labels) != sorted(crit):
            raise ValidationError(
                f"{source}, group {group!r}: give a table over exactly {', '.join(crit)} "
                f"(found {labels}); an AHP group replaces all the weights of its group")
        r = ahp_weights(table.loc[labels, labels], labels=labels, force=force)
        out.update({k: round(v, 6) for k, v in r.as_dict().items()})
    return out
