"""Sensitivity of the rollout plan: which lines change rollout wave, rank, quadrant or start
when a weight, a cut-off, a threshold or a line's attribute moves.

Variations (each applied alone to the base plan):

- every weight of :data:`maturity.plan.roadmap.DEFAULT_WEIGHTS` by ``-step`` and ``+step``
  (relative, default 20 %);
- the wave cut-offs ``min_strictness`` and ``max_complexity`` by -1 and +1 (default rules);
- the quadrant thresholds ``value`` and ``effort`` by -0.1 and +0.1, ``pilot_weeks`` by -4 and
  +4 weeks;
- each planned line's ``customer_strictness`` (0-3) and ``complexity`` (1-5) by -1 and +1
  (the attribute a director is most likely to dispute).

:func:`sensitivity` returns the line-level table (:data:`SENSITIVITY_COLUMNS`) and
:func:`sensitivity_summary` the one-table summary that leads the workbook's sheet: one row per
variation with the number of lines that change wave or quadrant, which, and the largest shift
of a start date.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from maturity.exceptions import ValidationError
from maturity.plan.roadmap_factors import DEFAULT_THRESHOLDS, DEFAULT_WEIGHTS, _weights
from maturity.plan.roadmap_lines import read_lines
from maturity.plan.roadmap_plan import base_roadmap

__all__ = ["SENSITIVITY_COLUMNS", "SUMMARY_COLUMNS", "sensitivity", "sensitivity_summary"]

#: Columns of :func:`sensitivity`.
SENSITIVITY_COLUMNS = ["parameter", "change", "business_line", "base_wave", "wave",
                       "base_rule", "rule", "wave_changed", "base_rank", "rank",
                       "base_quadrant", "quadrant",
                       "base_start", "start", "changed"]
SUMMARY_COLUMNS = ["parameter", "change", "n_wave_changes", "wave_changes",
                   "n_quadrant_changes", "quadrant_changes", "max_start_shift_days"]


def _variations(kwargs: Mapping[str, Any], lines: pd.DataFrame, step: float,
                planned: list[str]) -> list[tuple[str, str, dict[str, Any], pd.DataFrame]]:
    base_w = _weights(kwargs.get("weights"))
    th = {**DEFAULT_THRESHOLDS, **(kwargs.get("thresholds") or {})}
    out = []
    for k in DEFAULT_WEIGHTS:
        for ch in (-step, step):
            out.append((f"weight {k}", f"{ch:+.0%}",
                        {"weights": {**base_w, k: base_w[k] * (1 + ch)}}, lines))
    if kwargs.get("rules") is None:
        for k, lo, hi in (("min_strictness", 0, 4), ("max_complexity", 0, 5)):
            base = int(kwargs.get(k, 2))
            for d in (-1, 1):
                if lo <= base + d <= hi:
                    out.append((k, f"{d:+d}", {k: base + d}, lines))
    for k, d in (("value", 0.1), ("effort", 0.1), ("pilot_weeks", 4)):
        for sgn in (-1, 1):
            out.append((f"threshold {k}", f"{sgn * d:+g}",
                        {"thresholds": {**th, k: th[k] + sgn * d}}, lines))
    for bl in planned:
        row = lines["business_line"].astype(str).eq(bl)
        for col, lo, hi in (("customer_strictness", 0, 3), ("complexity", 1, 5)):
            v = lines.loc[row, col].iloc[0]
            if pd.isna(v):
                continue
            for d in (-1, 1):
                if lo <= int(v) + d <= hi:
                    changed = lines.copy()
                    changed[col] = changed[col].astype("Float64")
                    changed.loc[row, col] = int(v) + d
                    changed[col] = changed[col].astype("Int64")
                    out.append((f"{bl}: {col}", f"{d:+d}", {}, changed))
    return out


def sensitivity(
    maturity: pd.DataFrame,
    line_gaps: pd.DataFrame,
    backlog: pd.DataFrame | None,
    lines: pd.DataFrame | str | Path,
    swot_summary: pd.DataFrame | None = None,
    *,
    step: float = 0.2,
    **kwargs: Any,
) -> pd.DataFrame:
    """Line-level sensitivity table of the plan (variations in the module docstring).

    Parameters
    ----------
    maturity, line_gaps, backlog, lines, swot_summary
        As for :func:`maturity.plan.roadmap.plan_roadmap`.
    step : float, default 0.2
        Relative change of each weight.
    **kwargs
        Other :func:`maturity.plan.roadmap.plan_roadmap` arguments (the base plan's settings).

    Returns
    -------
    pandas.DataFrame
        :data:`SENSITIVITY_COLUMNS`, one row per variation and line (planned or not);
        ``wave_changed``: the rollout wave or its rule differ (waves are numbered over the
        rules used, so a line can move from "simple work" to "the rest" under the same
        number); ``changed``: wave, rule, rank, quadrant or start differ.
        :func:`sensitivity_summary` turns it into one row per variation.

    Examples
    --------
    Two lines, ``a`` (strictness 2, complexity 3) and ``b`` (strictness 0, complexity 2):

    >>> d = pd.DataFrame([["a", 1, 1.5, 1, 4, 40, "g", 50, 3, 2],
    ...                   ["b", 2, 2.5, 1, 2, 10, "g", 100, 2, 0]],
    ...                  columns=["business_line", "maturity_level", "maturity_index",
    ...                           "level_gap", "total_gap", "effort", "group", "headcount",
    ...                           "complexity", "customer_strictness"])
    >>> s = sensitivity(d.iloc[:, :3], d.iloc[:, [0, 3, 4, 5]], None, d.iloc[:, [0, 6, 7, 8, 9]],
    ...                 start="2026-04-06")
    >>> summ = sensitivity_summary(s)
    >>> for r in summ[summ.n_wave_changes > 0].itertuples():
    ...     print(r.parameter, r.change, "|", r.wave_changes.split(", "))
    min_strictness +1 | ['a 1 (customer pull)->2 (the rest)', 'b 2 (simple work)->1 (simple work)']
    max_complexity -1 | ['b 2 (simple work)->2 (the rest)']
    a: customer_strictness -1 | ['a 1 (customer pull)->2 (the rest)',
                                 'b 2 (simple work)->1 (simple work)']
    b: complexity +1 | ['b 2 (simple work)->2 (the rest)']
    """
    kwargs.pop("with_sensitivity", None)
    attrs = read_lines(lines)
    base = base_roadmap(maturity, line_gaps, backlog, attrs, swot_summary, **kwargs)
    b = base.roadmap.set_index("business_line")
    if kwargs.get("start") is None:
        kwargs["start"] = base.settings["start"]
    planned = b.index[b["wave"].notna()].astype(str).tolist()
    rows = []
    for param, change, over, ln in _variations(kwargs, attrs, step, planned):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rm = base_roadmap(maturity, line_gaps, backlog, ln, swot_summary,
                                  **{**kwargs, **over}).roadmap.set_index("business_line")
        except ValidationError:  # e.g. the only positive weight of a group went to 0
            continue
        for bl in b.index:
            x, y = b.loc[bl], rm.loc[bl]
            rows.append({"parameter": param, "change": change, "business_line": bl,
                         "base_wave": x["wave"], "wave": y["wave"],
                         "base_rule": x["rule"], "rule": y["rule"], "base_rank": x["rank"],
                         "rank": y["rank"], "base_quadrant": x["quadrant"],
                         "quadrant": y["quadrant"], "base_start": x["start"],
                         "start": y["start"]})
    out = pd.DataFrame(rows, columns=[c for c in SENSITIVITY_COLUMNS
                                      if c not in ("wave_changed", "changed")])
    for c in ("base_wave", "wave", "base_rank", "rank"):
        out[c] = out[c].astype("Int64")

    def differs(a: str, c: str) -> pd.Series:
        x, y = out[a], out[c]
        return (x.ne(y) & ~(x.isna() & y.isna())).fillna(True).astype(bool)

    out.insert(7, "wave_changed", differs("base_wave", "wave") | differs("base_rule", "rule"))
    out["changed"] = (out["wave_changed"] | differs("base_rank", "rank")
                      | differs("base_quadrant", "quadrant") | differs("base_start", "start"))
    return out[SENSITIVITY_COLUMNS]


def _w(wave: Any, rule: str) -> str:
    return "-" if pd.isna(wave) else f"{wave} ({rule})"


def sensitivity_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per variation: how many lines change wave / quadrant, which, the largest start
    shift in days (:data:`SUMMARY_COLUMNS`), in the order of the table."""
    rows = []
    for (param, change), d in table.groupby(["parameter", "change"], sort=False):
        w = d[d["wave_changed"]]
        q = d[d["base_quadrant"].ne(d["quadrant"])]
        shift = (pd.to_datetime(d["start"]) - pd.to_datetime(d["base_start"])).abs().dt.days
        rows.append({
            "parameter": param, "change": change, "n_wave_changes": len(w),
            "wave_changes": ", ".join(
                f"{r.business_line} {_w(r.base_wave, r.base_rule)}->{_w(r.wave, r.rule)}"
                for r in w.itertuples()),
            "n_quadrant_changes": len(q),
            "quadrant_changes": ", ".join(f"{r.business_line} {r.base_quadrant}->{r.quadrant}"
                                          for r in q.itertuples()),
            "max_start_shift_days": int(shift.max()) if shift.notna().any() else 0})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
