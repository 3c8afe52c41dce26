"""Progress to target for any scoring rule, and roll-up from business lines to groups and the
company.

Notes
-----
**Progress to target.** The target profile (:func:`maturity.gap.target_profile`) gives each line
a target level per process area. A practice is *required* when the level it belongs to is at or
below that target (staged: specific practices for CL1, GG2 practices for CL2, GG3 practices for
CL3; cumulative and additive: practices whose ``level`` is at or below the target). Each
required practice has a *target value* on its answer scale: the scale's highest value for the
``additive`` rule (SAMM: an activity fully in place is 1), and the model's ``LI`` threshold for
the ``staged`` and ``cumulative`` rules (2.5 on the 0-4 scale: "largely implemented" is what a
goal needs; 3 = LI for characterization scales). Then, per practice, line and overall:

- absolute gap = sum over required practices of ``max(0, target - current)``;
- percent to target = ``1 - gap / target total``;
- progress to date between a baseline wave and the current wave =
  ``(current - baseline) / (target - baseline)`` on the totals capped at the target (NaN with a
  note when the baseline already met the target).

A practice with no scored answer counts as 0 (noted); "not applicable" practices follow the
model's ``na_policy`` (``exclude``: left out of both totals; ``zero``: counted as 0).

**Roll-up.** Business lines belong to groups (``group`` column of the line attributes). Every
numeric column rolls up to group and company level as the mean of lines (``rule="mean"``) or
weighted by a column such as respondents (``rule="weighted"``), with the spread (min, max,
standard deviation) shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from maturity.scoring import Scores

__all__ = ["Progress", "progress_to_target", "target_values", "roll_up"]

PRACTICE_COLUMNS = [
    "wave", "business_line", "process_area", "practice", "required_level", "target_level",
    "target", "current", "gap", "baseline", "note",
]
LINE_COLUMNS = [
    "wave", "business_line", "n_required", "target_total", "current_total", "absolute_gap",
    "percent_to_target", "baseline_wave", "baseline_total", "progress_to_date", "note",
]


@dataclass(frozen=True)
class Progress:
    """The result of :func:`progress_to_target`.

    Attributes
    ----------
    practices : pandas.DataFrame
        ``wave, business_line, process_area, practice, required_level, target_level, target,
        current, gap, baseline, note``.
    lines : pandas.DataFrame
        ``wave, business_line, n_required, target_total, current_total, absolute_gap,
        percent_to_target, baseline_wave, baseline_total, progress_to_date, note``.
    overall : pandas.DataFrame
        The same columns as ``lines`` with ``business_line`` = ``"(all lines)"``.
    """

    practices: pd.DataFrame
    lines: pd.DataFrame
    overall: pd.DataFrame


def target_values(model) -> pd.Series:  # noqa: ANN001 - Model
    """Target value of each practice on its answer scale (see the module Notes).

    Examples
    --------
    >>> from maturity import load_model
    >>> float(target_values(load_model("cmmi-dev-1.3"))["REQM.SP1.1"])
    2.5
    """
    scale = model.questions.drop_duplicates("practice").set_index("practice")["scale"]
    out = {}
    for practice, sid in scale.items():
        sc = model.scales[sid]
        if model.scoring == "additive":
            out[practice] = sc.max_value
        elif sc.kind == "characterization":
            out[practice] = float(sc.options.set_index("code").loc["LI", "value"])
        else:
            out[practice] = float(model.thresholds["LI"])
    return pd.Series(out, name="target")


def _required(model) -> pd.Series:  # noqa: ANN001
    p = model.practices[["practice", "goal", "level"]].merge(
        model.goals[["goal", "capability_level"]], on="goal", how="left"
    )
    req = p["capability_level"].astype("Float64")
    if model.scoring != "staged":
        req = p["level"].astype("Float64").fillna(req)
    return pd.Series(req.to_numpy(dtype=float, na_value=np.nan), index=p["practice"], name="required_level")


def progress_to_target(
    scores: Scores,
    targets,  # noqa: ANN001 - maturity.gap.Targets or a resolved profile frame
    *,
    wave: str | None = None,
    baseline_wave: str | None = None,
) -> Progress:
    """Absolute gap, percent to target and progress to date, per practice, line and overall.

    Parameters
    ----------
    scores : Scores
        From :func:`maturity.score` (any scoring rule).
    targets : maturity.gap.Targets or pandas.DataFrame
        A target profile (:func:`maturity.read_targets`), or an already resolved profile with
        columns ``business_line, process_area, target_level``.
    wave : str, optional
        The current wave (default: the latest).
    baseline_wave : str, optional
        The wave progress is measured from (default: the earliest, when it differs from
        ``wave``).

    Returns
    -------
    Progress
        ``practices``, ``lines`` and ``overall`` frames (columns in :class:`Progress`).

    Examples
    --------
    >>> import maturity
    >>> from maturity.datasets import data_path
    >>> m = maturity.load_model("secure-dev")
    >>> read = maturity.read_responses(data_path("secure-dev"), m)
    >>> s = maturity.score(read.responses, m)
    >>> t = maturity.read_targets({"default_level": 2}, m)
    >>> p = progress_to_target(s, t)
    >>> list(p.lines.columns[:7])
    ['wave', 'business_line', 'n_required', 'target_total', 'current_total', 'absolute_gap', 'percent_to_target']
    """
    model = scores.model
    waves = sorted(scores.practices["wave"].astype(str).unique())
    if not waves:
        raise ValueError("scores hold no wave")
    cur = wave or waves[-1]
    if cur not in waves:
        raise ValueError(f"wave {cur!r} not in the scores; waves: {waves}")
    base = baseline_wave if baseline_wave is not None else (waves[0] if waves[0] != cur else None)
    if base is not None and base not in waves:
        raise ValueError(f"baseline wave {base!r} not in the scores; waves: {waves}")

    lines = sorted(scores.practices.loc[scores.practices["wave"] == cur, "business_line"].unique())
    if isinstance(targets, pd.DataFrame):
        profile = targets[["business_line", "process_area", "target_level"]]
    else:
        from maturity.gap import target_profile

        profile = target_profile(targets, lines)[["business_line", "process_area", "target_level"]]

    pr = scores.practices[["wave", "business_line", "process_area", "practice", "mean", "characterization"]]
    pr = pr.merge(_required(model).reset_index(), on="practice", how="left")
    pr = pr.merge(target_values(model).rename_axis("practice").reset_index(), on="practice", how="left")
    pr = pr.merge(profile, on=["business_line", "process_area"], how="inner")
    pr = pr[pr["required_level"].astype(float) <= pr["target_level"].astype(float)]
    if model.na_policy == "exclude":
        pr = pr[pr["characterization"] != "NA"]
    note = np.where(pr["mean"].isna(), "no scored answer: counted as 0", "")
    pr = pr.assign(current=pr["mean"].fillna(0.0).clip(lower=0), note=note)
    pr["gap"] = (pr["target"] - pr["current"]).clip(lower=0)
    pr["_capped"] = np.minimum(pr["current"], pr["target"])

    keys = ["business_line", "process_area", "practice"]
    cur_p = pr[pr["wave"] == cur]
    if base is not None:
        b = pr[pr["wave"] == base][keys + ["_capped"]].rename(columns={"_capped": "baseline"})
        cur_p = cur_p.merge(b, on=keys, how="left")
    else:
        cur_p = cur_p.assign(baseline=np.nan)
    practices = cur_p.assign(wave=cur)[PRACTICE_COLUMNS + ["_capped"]].reset_index(drop=True)

    def totals(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        g = frame.groupby(by, observed=True, sort=True)
        t = pd.DataFrame(
            {
                "n_required": g.size(),
                "target_total": g["target"].sum(),
                "current_total": g["_capped"].sum(),
                "absolute_gap": g["gap"].sum(),
                "baseline_total": g["baseline"].sum(min_count=1),
            }
        ).reset_index()
        t["percent_to_target"] = np.where(t["target_total"] > 0, 1 - t["absolute_gap"] / t["target_total"], np.nan)
        denom = t["target_total"] - t["baseline_total"]
        with np.errstate(divide="ignore", invalid="ignore"):
            t["progress_to_date"] = np.where(denom > 0, (t["current_total"] - t["baseline_total"]) / denom, np.nan)
        t["note"] = np.select(
            [t["baseline_total"].isna(), denom <= 0],
            ["no baseline wave", "baseline already at target: progress undefined"],
            default="",
        )
        t["baseline_wave"] = base if base is not None else ""
        t["wave"] = cur
        for c in ("target_total", "current_total", "absolute_gap", "baseline_total", "percent_to_target", "progress_to_date"):
            t[c] = t[c].astype(float).round(4)
        return t

    line_t = totals(practices, ["business_line"])[LINE_COLUMNS]
    overall = totals(practices.assign(business_line="(all lines)"), ["business_line"])[LINE_COLUMNS]
    return Progress(practices.drop(columns="_capped"), line_t, overall)


def roll_up(
    frame: pd.DataFrame,
    lines: pd.DataFrame,
    *,
    values: list[str] | None = None,
    by: str = "group",
    rule: Literal["mean", "weighted"] = "mean",
    weight: str = "n_respondents",
    keys: list[str] | None = None,
) -> pd.DataFrame:
    """Roll line-level results up to groups (divisions, regions) and the company.

    Parameters
    ----------
    frame : pandas.DataFrame
        Line-level results with ``business_line`` (e.g. ``scores.maturity`` or
        ``progress.lines``).
    lines : pandas.DataFrame
        Line attributes with ``business_line`` and the ``by`` column.
    values : list of str, optional
        Numeric columns to roll up (default: every numeric column but ``weight``).
    by : str
        The grouping column of ``lines``.
    rule : {"mean", "weighted"}
        Mean of lines, or weighted by ``weight``.
    weight : str
        Weight column of ``frame`` (or else of ``lines``, e.g. ``headcount``) for
        ``rule="weighted"``; lines without a weight are left out of weighted results.
    keys : list of str, optional
        Columns kept as keys (default: ``wave`` when present, plus e.g. ``process_area``).

    Returns
    -------
    pandas.DataFrame
        ``*keys, level ('group'|'company'), unit, metric, value, n_lines, min, max, std, rule``.

    Examples
    --------
    >>> res = pd.DataFrame({"wave": "w1", "business_line": ["a", "b", "c"],
    ...                     "maturity_index": [2.0, 3.0, 4.0], "n_respondents": [10, 30, 10]})
    >>> org = pd.DataFrame({"business_line": ["a", "b", "c"], "group": ["X", "X", "Y"]})
    >>> roll_up(res, org, values=["maturity_index"])[["level", "unit", "value", "n_lines", "min", "max"]]
         level unit  value  n_lines  min  max
    0    group    X    2.5        2  2.0  3.0
    1    group    Y    4.0        1  4.0  4.0
    2  company  all    3.0        3  2.0  4.0
    >>> roll_up(res, org, values=["maturity_index"], rule="weighted").value.tolist()
    [2.75, 4.0, 3.0]
    """
    if "business_line" not in frame.columns:
        raise KeyError(f"frame needs a business_line column; found {list(frame.columns)}")
    if by not in lines.columns:
        raise KeyError(f"lines table needs a {by!r} column; found {list(lines.columns)}")
    keys = keys if keys is not None else [c for c in ("wave", "process_area") if c in frame.columns]
    from_lines = [by]
    if rule == "weighted" and weight not in frame.columns and weight in lines.columns:
        from_lines.append(weight)  # e.g. headcount from the line attributes
    attrs = lines[["business_line", *from_lines]].drop_duplicates("business_line")
    f = frame.merge(attrs, on="business_line", how="left")
    missing = f[by].isna()
    if missing.any():
        f.loc[missing, by] = "(no group)"
    if rule == "weighted":
        if weight not in f.columns:
            raise KeyError(
                f"weight column {weight!r} in neither the frame nor the lines table; found "
                f"{list(frame.columns)} and {list(lines.columns)}"
            )
    elif rule != "mean":
        raise ValueError(f"rule must be 'mean' or 'weighted', got {rule!r}")
    if values is None:
        values = [c for c in f.select_dtypes("number").columns if c not in (weight,) and c not in keys]
    out = []
    for level, unit_col in (("group", by), ("company", None)):
        g_keys = keys + ([unit_col] if unit_col else [])
        ff = f if unit_col else f.assign(_all="all")
        g_keys = keys + [unit_col or "_all"]
        for metric in values:
            w = [weight] if rule == "weighted" else []
            x = ff[g_keys + [metric] + w].dropna(subset=[metric] + w)  # no weight: left out
            g = x.groupby(g_keys, observed=True, sort=True)
            stats = g[metric].agg(["count", "min", "max", "std", "mean"])
            if rule == "weighted":
                wsum = (x[metric] * x[weight]).groupby([x[k] for k in g_keys], observed=True).sum()
                stats["mean"] = wsum / g[weight].sum()
            stats = stats.reset_index().rename(columns={g_keys[-1]: "unit", "count": "n_lines", "mean": "value"})
            stats["level"] = level
            stats["metric"] = metric
            out.append(stats)
    res = pd.concat(out, ignore_index=True)
    res["rule"] = rule if rule == "mean" else f"weighted by {weight}"
    res["unit"] = res["unit"].astype(str)
    res["value"] = res["value"].round(4)
    return res[keys + ["level", "unit", "metric", "value", "n_lines", "min", "max", "std", "rule"]]
