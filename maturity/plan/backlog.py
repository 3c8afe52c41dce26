"""The backlog: the practices that block a line's target, ranked "lowest unmet level first".

Notes
-----
**Priority** of a backlog row, in [0, 1]::

    priority = 0.45 * levels_blocked / max_cl          (depth: 3 in CMMI)
             + 0.30 * n_lines_sharing / n_lines        (same practice blocking in other lines)
             + 0.20 * swot_weight / max swot_weight    (linked SWOT weaknesses of the line)
             + 0.05 * (1 - coverage)                   (little-known practice)

rounded to 4 decimals. ``n_lines`` counts the lines of the wave with a target profile;
``swot_weight`` is the summed weight of the line's weaknesses that name the PA
(:func:`maturity.plan.swot.weaknesses_by_process_area`), normalised by the largest such weight in
the SWOT.

**Order (lowest unmet level first).** ``needed_for_level`` is the lowest maturity level the
practice is needed for: in a staged model ``max(staged level of its PA, required_level)`` (an
ML2 area's GG3 practices are needed for ML3, an ML3 area's practices for ML3); in other models
its ``required_level``. This is the staged representation's order of maturity levels (CMMI for
Development v1.3, CMU/SEI-2010-TR-033, "Understanding Maturity Levels": a level is reached
only when every level below it is). ``rank`` 1 = fix first within a wave and line, sorted by

1. practices needed for the line's maturity target before those needed only beyond it (a
   capability target above the maturity target);
2. ``needed_for_level`` ascending: the lowest level the line has not reached comes first;
3. within a level, shared and SWOT weaknesses first: ``0.30 * n_lines_sharing / n_lines +
   0.20 * swot_weight / max swot_weight`` descending;
4. ``priority`` descending, then PA order, then practice order in the model.

``reason`` spells out the drivers; ``evidence`` and ``comment`` join the responses' texts.

Columns of the backlog (:data:`BACKLOG_COLUMNS`): ``wave, business_line, process_area,
practice, name, kind, characterization, mean, coverage, n_respondents, gap, n_lines_sharing,
swot_weakness, priority, rank, reason, evidence, comment, goal, required_level, levels_blocked,
swot_weight, needed_for_level``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from maturity.model.load import Model
from maturity.plan.targets import max_capability

__all__ = ["BACKLOG_COLUMNS", "PRIORITY_WEIGHTS", "rank_backlog"]

BACKLOG_COLUMNS = ["wave", "business_line", "process_area", "practice", "name", "kind",
                   "characterization", "mean", "coverage", "n_respondents", "gap",
                   "n_lines_sharing", "swot_weakness", "priority", "rank", "reason", "evidence",
                   "comment", "goal", "required_level", "levels_blocked", "swot_weight",
                   "needed_for_level"]

#: Weights of the backlog priority (depth, shared, swot, coverage); they sum to 1.
PRIORITY_WEIGHTS = {"depth": 0.45, "shared": 0.30, "swot": 0.20, "coverage": 0.05}


def rank_backlog(b: pd.DataFrame, lines: pd.DataFrame, model: Model, swot: pd.DataFrame | None,
                 responses: pd.DataFrame | None, waves: list[str], top: int | None
                 ) -> pd.DataFrame:
    """Rank the blocking practices of each wave and line: priority, order, reason, notes.

    ``b`` holds the blocking practices (:func:`maturity.plan.gap.gap_analysis`: the practice
    rows with ``current_level, target_level, gap, target_maturity_level, required_level,
    levels_blocked``); ``lines`` the profiled ``wave, business_line``. The priority and the
    order are the module's (lowest unmet level first, then shared and SWOT weaknesses).
    """
    b = b[b["wave"].isin(waves)].copy()
    n_lines = lines.drop_duplicates().groupby("wave").size()
    share = b.groupby(["wave", "practice"])["business_line"].transform("nunique")
    b["n_lines_sharing"] = share.astype("int64")
    b["n_lines_wave"] = b["wave"].map(n_lines).astype("int64")
    sw = _swot_weights(swot)
    b = b.merge(sw, on=["business_line", "process_area"], how="left")
    b["swot_weight"] = b["swot_weight"].astype(float).fillna(0.0)
    b["swot_weakness"] = b["swot_weakness"].fillna("")
    wmax = float(sw["swot_weight"].max()) if len(sw) else 0.0
    cov = b["coverage"].fillna(0.0).astype(float)
    w = PRIORITY_WEIGHTS
    b["priority"] = (w["depth"] * b["levels_blocked"].astype(float) / max_capability(model)
                     + w["shared"] * b["n_lines_sharing"] / b["n_lines_wave"]
                     + w["swot"] * (b["swot_weight"] / wmax if wmax > 0 else 0.0)
                     + w["coverage"] * (1 - cov)).round(4)
    b["needed_for_level"] = _needed_for_level(b, model)
    b["_beyond"] = (b["needed_for_level"] > b["target_maturity_level"]).fillna(False).astype(
        bool) if "target_maturity_level" in b.columns else False
    b["_pull"] = -(w["shared"] * b["n_lines_sharing"] / b["n_lines_wave"]
                   + w["swot"] * (b["swot_weight"] / wmax if wmax > 0 else 0.0)).round(4)
    pa_order = {x: i for i, x in enumerate(model.process_areas["process_area"])}
    pr_order = {x: i for i, x in enumerate(model.practices["practice"])}
    b = b.assign(_pa=b["process_area"].map(pa_order), _pr=b["practice"].map(pr_order))
    b = b.sort_values(["wave", "business_line", "_beyond", "needed_for_level", "_pull",
                       "priority", "_pa", "_pr"],
                      ascending=[True, True, True, True, True, False, True, True],
                      kind="mergesort")
    b["rank"] = b.groupby(["wave", "business_line"]).cumcount().add(1).astype("int64")
    names = model.practices.set_index("practice")["name"]
    b["name"] = b["practice"].map(names).fillna("")
    b["reason"] = [_reason(*r) for r in zip(*(b[c].tolist() for c in _REASON_FIELDS), strict=True)]
    notes = _notes(responses)
    b = b.merge(notes, on=["wave", "business_line", "practice"], how="left")
    b[["evidence", "comment"]] = b[["evidence", "comment"]].fillna("")
    if top is not None:
        b = b[b["rank"] <= int(top)]
    return b[BACKLOG_COLUMNS].reset_index(drop=True)


def _needed_for_level(b: pd.DataFrame, model: Model) -> pd.Series:
    """Lowest maturity level each backlog practice is needed for (see the module notes)."""
    req = b["required_level"].astype("Float64")
    if model.scoring != "staged":
        return req.astype("Int64")
    pa_level = b["process_area"].map(
        model.process_areas.set_index("process_area")["level"]).astype("Float64")
    return pd.concat([pa_level, req], axis=1).max(axis=1).astype("Int64")


_REASON_FIELDS = ("target_level", "levels_blocked", "process_area", "current_level", "gap",
                  "characterization", "mean", "coverage", "n_lines_sharing", "n_lines_wave",
                  "swot_weakness")


def _reason(target_level: Any, levels_blocked: Any, process_area: str, current_level: Any, gap: Any,
            characterization: str, mean: float, coverage: float, n_lines_sharing: int,
            n_lines_wave: int, swot_weakness: str) -> str:
    lo = int(target_level) - int(levels_blocked) + 1
    span = f"CL{lo}" if lo == target_level else f"CL{lo}-CL{target_level}"
    ch = characterization or "not characterized"
    parts = [f"blocks {span} of {process_area} (current CL{current_level}, "
             f"target CL{target_level}, gap {gap})"]
    state = ch
    if not pd.isna(mean):
        state += f", mean {mean:.2f}"
    state += f", coverage {0 if pd.isna(coverage) else coverage:.0%}"
    parts.append(state)
    parts.append(f"blocking in {n_lines_sharing} of {n_lines_wave} line"
                 f"{'s' if n_lines_wave > 1 else ''}")
    if swot_weakness:
        parts.append(f"linked SWOT weakness {swot_weakness}")
    return "; ".join(parts)


def _swot_weights(swot: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["business_line", "process_area", "swot_weight", "swot_weakness"]
    if swot is None or not len(swot):
        return pd.DataFrame({"business_line": pd.Series(dtype=object),
                             "process_area": pd.Series(dtype=object),
                             "swot_weight": pd.Series(dtype=float),
                             "swot_weakness": pd.Series(dtype=object)})
    w = swot.loc[swot["quadrant"] == "W", ["business_line", "process_areas", "factor", "weight"]]
    w = w.assign(process_area=w["process_areas"].fillna("").astype(str).str.split(";"))
    w = w.explode("process_area")
    w = w[w["process_area"].fillna("").str.strip() != ""]
    w = w.assign(process_area=w["process_area"].str.strip().str.upper())
    w = w.sort_values(["business_line", "process_area", "weight", "factor"],
                      ascending=[True, True, False, True], kind="mergesort")
    g = w.groupby(["business_line", "process_area"], sort=True)
    out = pd.DataFrame({
        "swot_weight": g["weight"].sum().round(10),
        "swot_weakness": g.apply(lambda d: "; ".join(
            f"'{f}' (w={x:g})" for f, x in zip(d["factor"], d["weight"], strict=True)),
            include_groups=False),
    }).reset_index()
    return out[cols]


def _stripped_text(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(rows whose text is not blank, their stripped texts): '' for missing, computed once per
    distinct value and only for the kept rows for a categorical."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = pd.Series(col.cat.categories.to_numpy(dtype=object)).fillna("").astype(str)
        text = np.append(cats.str.strip().to_numpy(dtype=object), "")
        codes = col.cat.codes.to_numpy()  # code -1 (missing) is the last, ''
        keep = (text != "")[codes]
        return keep, text[codes[keep]]
    v = col.fillna("").astype(str).str.strip().to_numpy(dtype=object)
    keep = v != ""
    return keep, v[keep]


def _notes(responses: pd.DataFrame | None) -> pd.DataFrame:
    """Evidence and comment texts joined per (wave, business line, practice), only for the
    practices that have any (the backlog fills the others with '')."""
    keys = ["wave", "business_line", "practice"]
    cols = [*keys, "evidence", "comment"]
    if responses is None or not len(responses):
        return pd.DataFrame(columns=cols)
    r = responses
    joined = []
    for c in ("evidence", "comment"):
        if c not in r:
            continue
        keep, v = _stripped_text(r[c])
        if not len(v):
            continue
        f = pd.DataFrame({k: r[k].to_numpy()[keep].astype(str) for k in keys})
        f["v"] = v
        f = f.drop_duplicates()
        joined.append(f.groupby(keys, sort=False)["v"].agg("; ".join).str.slice(0, 300)
                      .rename(c))
    if not joined:
        return pd.DataFrame(columns=cols)
    out = pd.concat(joined, axis=1).reindex(columns=["evidence", "comment"], fill_value="")
    out = out.fillna("")  # (the column absent as "" text, not float NaN: pandas 3 warns)
    return out.reset_index()[cols]
