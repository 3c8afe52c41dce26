"""Roll-up of line-level results to groups (divisions, regions) and the company.

Business lines belong to groups (``group`` column of the line attributes). Every numeric column
rolls up to group and company level as the mean of lines (``rule="mean"``) or weighted by a
column such as respondents (``rule="weighted"``), with the spread (min, max, standard deviation)
shown. Levels are ordinal and never averaged: their distribution is counted (``levels``), as
ordinal data asks (Stevens 1946, "On the theory of scales of measurement").
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from maturity.exceptions import InputError

__all__ = ["roll_up"]


def roll_up(
    frame: pd.DataFrame,
    lines: pd.DataFrame,
    *,
    values: list[str] | None = None,
    by: str = "group",
    rule: Literal["mean", "weighted"] = "mean",
    weight: str = "n_respondents",
    keys: list[str] | None = None,
    missing: Literal["raise", "drop"] = "raise",
) -> pd.DataFrame:
    """Roll line-level results up to groups (divisions, regions) and the company.

    Parameters
    ----------
    frame : pandas.DataFrame
        Line-level results with ``business_line`` (e.g. ``scores.maturity``,
        ``progress.lines``, or the rows of one wave pair of ``changes``).
    lines : pandas.DataFrame
        Line attributes with ``business_line`` and the ``by`` column (unless ``frame`` has
        it); with a ``wave`` column they are per wave (a line's group or headcount that
        year), matched on ``wave, business_line``.
    values : list of str, optional
        Numeric columns to roll up (default: every numeric column but the weight, the keys,
        counts ``n_*`` and levels). Levels are ordinal and are never averaged: asking for one
        raises; their distribution is in ``levels``.
    by : str
        The grouping column (of ``frame`` when it has one, else of ``lines``).
    rule : {"mean", "weighted"}
        Mean of lines, or weighted by ``weight``.
    weight : str
        Weight column of ``frame`` (or else of ``lines``, e.g. ``headcount``) for
        ``rule="weighted"``.
    keys : list of str, optional
        Columns kept as keys (default: ``wave``, ``wave_from``, ``wave_to`` and
        ``process_area`` when present).
    missing : {"raise", "drop"}
        A line without a weight: refused with its name (default), or left out of the weighted
        results and named in ``note``.

    Returns
    -------
    pandas.DataFrame
        ``*keys, level ('group'|'company'), unit, metric, value, n_lines, min, max, std,
        rule, levels, note``; ``levels`` counts the unit's lines per maturity level (``'ML1:
        2, ML2: 1'``) when ``frame`` has ``maturity_level``.

    Raises
    ------
    InputError
        Lines without a weight (``missing="raise"``), a level column in ``values``, or a
        changes frame holding more than one wave pair (roll up one pair at a time).

    Examples
    --------
    >>> res = pd.DataFrame({"wave": "w1", "business_line": ["a", "b", "c"],
    ...                     "maturity_index": [2.0, 3.0, 4.0], "n_respondents": [10, 30, 10]})
    >>> org = pd.DataFrame({"business_line": ["a", "b", "c"], "group": ["X", "X", "Y"]})
    >>> cols = ["level", "unit", "value", "n_lines", "min", "max"]
    >>> roll_up(res, org, values=["maturity_index"])[cols]
         level unit  value  n_lines  min  max
    0    group    X    2.5        2  2.0  3.0
    1    group    Y    4.0        1  4.0  4.0
    2  company  all    3.0        3  2.0  4.0
    >>> roll_up(res, org, values=["maturity_index"], rule="weighted").value.tolist()
    [2.75, 4.0, 3.0]
    """
    _check(frame, lines, by, rule)
    keys = keys if keys is not None else [
        c for c in ("wave", "wave_from", "wave_to", "process_area") if c in frame.columns]
    f = _with_attributes(frame, lines, by, rule, weight)
    note = _weights_note(f, frame, lines, rule, weight, missing) if rule == "weighted" else ""
    level_cols = [c for c in f.columns if c.endswith("_level") or c in ("level_from", "level_to")]
    if values is None:
        values = [c for c in f.select_dtypes("number").columns
                  if c != weight and c not in keys and c not in level_cols
                  and not c.startswith("n_")]
    bad = [c for c in values if c in level_cols]
    if bad:
        raise InputError(
            f"roll_up: {', '.join(bad)} is a level (ordinal): levels are not averaged; roll up "
            "maturity_index and read the distribution of levels in the levels column"
        )
    out = []
    for level, unit_col in (("group", by), ("company", None)):
        ff = f if unit_col else f.assign(_all="all")
        g_keys = keys + [unit_col or "_all"]
        for metric in values:
            stats = _unit_stats(ff, g_keys, metric, rule, weight)
            stats["level"] = level
            stats["metric"] = metric
            out.append(stats)
    res = pd.concat(out, ignore_index=True)
    res["rule"] = rule if rule == "mean" else f"weighted by {weight}"
    res["unit"] = res["unit"].astype(str)
    res["value"] = res["value"].round(4)
    res["note"] = note
    return res[keys + ["level", "unit", "metric", "value", "n_lines", "min", "max", "std", "rule",
                       "levels", "note"]]


def _check(frame: pd.DataFrame, lines: pd.DataFrame, by: str, rule: str) -> None:
    """The columns needed, a known rule, and one wave pair at most in a changes frame."""
    if "business_line" not in frame.columns:
        raise KeyError(f"frame needs a business_line column; found {list(frame.columns)}")
    if by not in lines.columns and by not in frame.columns:
        raise KeyError(f"lines table needs a {by!r} column; found {list(lines.columns)}")
    if rule not in ("mean", "weighted"):
        raise ValueError(f"rule must be 'mean' or 'weighted', got {rule!r}")
    if {"wave_from", "wave_to"} <= set(frame.columns):
        pairs = frame[["wave_from", "wave_to"]].drop_duplicates()
        if len(pairs) > 1:
            raise InputError(
                f"roll_up: the frame holds {len(pairs)} wave pairs "
                f"({', '.join(f'{a} → {b}' for a, b in pairs.itertuples(index=False))}); "
                "roll up one pair at a time, e.g. frame[frame.wave_to == '2026-03']"
            )


def _with_attributes(frame: pd.DataFrame, lines: pd.DataFrame, by: str, rule: str,
                     weight: str) -> pd.DataFrame:
    """The frame with each line's group (and weight) from the lines table (per wave when it
    has a wave column); lines without a group in ``(no group)``."""
    from_lines = [] if by in frame.columns else [by]
    if rule == "weighted" and weight not in frame.columns and weight in lines.columns:
        from_lines.append(weight)  # e.g. headcount from the line attributes
    on = ["wave", "business_line"] if {"wave"} <= set(lines.columns) & set(frame.columns) \
        else ["business_line"]
    f = frame
    if from_lines:
        attrs = lines[[*on, *from_lines]].drop_duplicates(on)
        if "wave" in on:
            attrs = attrs.astype({"wave": str})
            f = frame.astype({"wave": str})
        f = f.merge(attrs, on=on, how="left")
    else:
        f = frame.copy()
    f[by] = f[by].astype(object).where(f[by].notna(), "(no group)")
    return f


def _weights_note(f: pd.DataFrame, frame: pd.DataFrame, lines: pd.DataFrame, rule: str,
                  weight: str, missing: str) -> str:
    """Lines without a weight: refused (``missing="raise"``) or named in the note."""
    if weight not in f.columns:
        raise KeyError(
            f"weight column {weight!r} in neither the frame nor the lines table; found "
            f"{list(frame.columns)} and {list(lines.columns)}"
        )
    no_w = f.loc[pd.to_numeric(f[weight], errors="coerce").isna(), "business_line"]
    if not len(no_w):
        return ""
    names = ", ".join(sorted(map(str, no_w.unique())))
    if missing == "raise":
        raise InputError(
            f"roll_up: no {weight!r} for line(s) {names}; add them to the lines table "
            "(per wave when it has a wave column) or pass missing='drop' to leave them "
            "out of the weighted figures (they are then named in note)"
        )
    return f"left out (no {weight}): {names}"


def _unit_stats(ff: pd.DataFrame, g_keys: list[str], metric: str, rule: str,
                weight: str) -> pd.DataFrame:
    """One metric per unit: the mean of lines (or weighted mean), their count, min, max,
    standard deviation, and the lines per maturity level."""
    w = [weight] if rule == "weighted" else []
    x = ff[g_keys + [metric] + w].dropna(subset=[metric] + w)
    g = x.groupby(g_keys, observed=True, sort=True)
    stats = g[metric].agg(["count", "min", "max", "std", "mean"])
    if rule == "weighted":
        wsum = (x[metric] * x[weight]).groupby([x[k] for k in g_keys], observed=True).sum()
        stats["mean"] = wsum / g[weight].sum()
    if "maturity_level" in ff.columns:
        lv = ff.groupby(g_keys, observed=True, sort=True)["maturity_level"].agg(_levels)
        stats["levels"] = lv.reindex(stats.index).fillna("")
    else:
        stats["levels"] = ""
    return stats.reset_index().rename(columns={g_keys[-1]: "unit", "count": "n_lines",
                                               "mean": "value"})


def _levels(levels: pd.Series) -> str:
    """``'ML1: 2, ML2: 3'``: lines per maturity level (levels are counted, not averaged)."""
    counts = pd.to_numeric(levels, errors="coerce").dropna().astype(int).value_counts()
    return ", ".join(f"ML{k}: {v}" for k, v in sorted(counts.items()))
