"""Progress to target for any scoring rule: absolute gap, percent to target, progress to date.

Notes
-----
**Progress to target.** The target profile (:func:`maturity.plan.targets.target_profile`) gives
each line
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
  ``(current - baseline) / (target - baseline)`` on the totals capped at the target, over the
  required practices *scored in both waves* (NaN with a note when the baseline already met the
  target, or when no practice was scored in both waves).

A practice with no scored answer counts as 0 in the current wave's gap and percent (noted);
"not applicable" practices follow the model's ``na_policy`` (``exclude``: left out of the
totals, kept in ``practices`` with a note and empty figures; ``zero``: counted as 0).

Progress to date compares like with like. A practice not applicable or unanswered in the
baseline would otherwise enter the baseline as 0 and its whole current value would count as
progress; one unanswered now would count as a loss. Such practices are left out of both sides
of the progress ratio (``compared`` is False, the practice's ``note`` says why, the line's
``note`` lists them); the current totals, gap and percent still include them. ``baseline_total``
is the total over the compared practices.

The three figures are OWASP SAMM's relative scoring (owaspsamm.org blog 2025-01-21, "SAMM
Scoring: Percent to Target and Progress to Date Metrics"), here on any scoring rule. Roll-up of
these figures to groups and the company: :func:`maturity.plan.rollup.roll_up`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from maturity.plan.rollup import _levels, roll_up  # noqa: F401 - compare.yoy imports _levels
from maturity.plan.targets import required_level, target_profile
from maturity.plan.targets_answers import resolve_phases
from maturity.scoring.score import Scores
from maturity.waves import order_waves

__all__ = ["Progress", "progress_to_target", "target_values", "roll_up", "PRACTICE_COLUMNS",
           "LINE_COLUMNS"]

PRACTICE_COLUMNS = [
    "wave", "business_line", "process_area", "practice", "required_level", "target_level",
    "target", "current", "gap", "baseline", "note", "compared",
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
        current, gap, baseline, note, compared``: one row per required practice of the current
        wave; ``baseline`` is the baseline value capped at the target (NaN when not scored
        then), ``compared`` whether the practice enters progress to date (scored in both
        waves). Not-applicable practices (``na_policy: exclude``) have empty figures and a note.
    lines : pandas.DataFrame
        ``wave, business_line, n_required, target_total, current_total, absolute_gap,
        percent_to_target, baseline_wave, baseline_total, progress_to_date, note``;
        one row per line assessed in the current wave (a line with no target, or nothing
        required at its target, has ``n_required`` 0 and says so in ``note``);
        ``n_required`` counts the practices in the totals, ``baseline_total`` covers the
        practices compared, and ``note`` lists the practices left out of the comparison or of
        the totals.
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
            out[practice] = float(model.scale_thresholds.get(sid, model.thresholds)["LI"])
    return pd.Series(out, name="target")


def _with_answers(all_pr: pd.DataFrame, pr: pd.DataFrame, answers: pd.DataFrame,
                  lines: list[str]) -> pd.DataFrame:
    """The required practices with the target answers: an answer target replaces the
    level-derived target of its practice and adds practices no level target requires."""
    a = answers[["business_line", "practice", "target"]].astype({"business_line": str})
    every = a[a["business_line"] == ""]
    a = pd.concat([every.assign(business_line=ln) for ln in lines] + [a[a["business_line"] != ""]],
                  ignore_index=True).drop_duplicates(["business_line", "practice"], keep="last")
    got = all_pr.drop(columns="target").merge(a, on=["business_line", "practice"], how="inner")
    got["target_level"] = np.nan
    keys = pd.MultiIndex.from_frame(got[["business_line", "practice"]].astype(str))
    keep = ~pd.MultiIndex.from_frame(pr[["business_line", "practice"]].astype(str)).isin(keys)
    parts = [x for x in (pr[keep], got[pr.columns]) if len(x)] or [got[pr.columns]]
    return pd.concat(parts, ignore_index=True).sort_values(
        ["wave", "business_line", "practice"], kind="mergesort", ignore_index=True)


def progress_to_target(
    scores: Scores,
    targets,  # noqa: ANN001 - maturity.plan.gap.Targets or a resolved profile frame
    *,
    wave: str | None = None,
    baseline_wave: str | None = None,
    answers: pd.DataFrame | None = None,
) -> Progress:
    """Absolute gap, percent to target and progress to date, per practice, line and overall.

    Parameters
    ----------
    scores : Scores
        From :func:`maturity.score` (any scoring rule).
    targets : maturity.plan.gap.Targets or pandas.DataFrame
        A target profile (:func:`maturity.read_targets`), or an already resolved profile with
        columns ``business_line, process_area, target_level``.
    wave : str, optional
        The current wave (default: the latest).
    baseline_wave : str, optional
        The wave progress is measured from (default: the earliest, when it differs from
        ``wave``).
    answers : pandas.DataFrame, optional
        Target answers ``business_line, practice, target`` (``business_line`` ``""``: every
        line): these practices are required with these targets, replacing the level-derived
        target value (:mod:`maturity.plan.targets_answers`). Default: the target posture of
        ``targets.answers`` when the profile has target answers (the last phase).

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
    ['wave', 'business_line', 'n_required', 'target_total', 'current_total', 'absolute_gap',
     'percent_to_target']
    """
    cur, base = _waves(scores, wave, baseline_wave)
    lines = sorted(scores.practices.loc[scores.practices["wave"] == cur, "business_line"].unique())
    if answers is None and getattr(targets, "answers", None) is not None and len(targets.answers):
        res = resolve_phases(targets.answers, [str(x) for x in lines])
        answers = res.loc[res["phase_order"] == res["phase_order"].max(),
                          ["business_line", "practice", "target"]]
    profile = _level_profile(targets, lines)
    pr = _required_practices(scores, profile, answers, [str(x) for x in lines])

    # per practice: current value against its target, then against the baseline
    cur_p, notes = _current(pr[pr["wave"] == cur].reset_index(drop=True))
    cur_p = _against_baseline(cur_p, pr, notes, cur, base)
    cur_p["note"] = ["; ".join(n) for n in notes]
    extra = ["_capped", "_counted", "_na", "_in_base"]
    practices = cur_p.assign(wave=cur)[PRACTICE_COLUMNS + extra].reset_index(drop=True)

    # per line and overall: the totals and their ratios
    line_t = _totals(practices, cur, base, list_ids=True)[LINE_COLUMNS]
    line_t = _with_lines_not_required(line_t, lines, profile, cur, base)
    overall = _totals(practices.assign(business_line="(all lines)"), cur, base,
                      list_ids=False)[LINE_COLUMNS]
    return Progress(practices.drop(columns=extra), line_t, overall)


def _waves(scores: Scores, wave: str | None, baseline_wave: str | None) -> tuple[str, str | None]:
    """The current wave (default the latest) and the baseline (default the earliest other)."""
    waves = order_waves(scores.practices["wave"].astype(str).unique())
    if not waves:
        raise ValueError("scores hold no wave")
    cur = wave or waves[-1]
    if cur not in waves:
        raise ValueError(f"wave {cur!r} not in the scores; waves: {waves}")
    base = baseline_wave if baseline_wave is not None else (waves[0] if waves[0] != cur else None)
    if base is not None and base not in waves:
        raise ValueError(f"baseline wave {base!r} not in the scores; waves: {waves}")
    return cur, base


def _level_profile(targets, lines: list) -> pd.DataFrame:  # noqa: ANN001 - Targets or frame
    """``business_line, process_area, target_level`` of the level targets."""
    if isinstance(targets, pd.DataFrame):
        return targets[["business_line", "process_area", "target_level"]]
    if getattr(targets, "targets", None) is not None and not len(targets.targets):
        return pd.DataFrame(columns=["business_line", "process_area", "target_level"])
    return target_profile(targets, lines)[["business_line", "process_area", "target_level"]]


def _required_practices(scores: Scores, profile: pd.DataFrame, answers: pd.DataFrame | None,
                        lines: list[str]) -> pd.DataFrame:
    """The practice rows of every wave required at their line's target, with their target value
    (an answer target where given), flagged ``_na`` (left out, na_policy exclude) and
    ``_scored``."""
    model = scores.model
    pr = scores.practices[["wave", "business_line", "process_area", "practice", "mean",
                           "characterization"]]
    pr = pr.merge(required_level(model).reset_index(), on="practice", how="left")
    pr = pr.merge(target_values(model).rename_axis("practice").reset_index(), on="practice",
                  how="left")
    all_pr = pr
    pr = pr.merge(profile, on=["business_line", "process_area"], how="inner")
    pr = pr[pr["required_level"].astype(float) <= pr["target_level"].astype(float)]
    if answers is not None:
        pr = _with_answers(all_pr, pr, answers, lines)
    # not applicable and left out (na_policy exclude); under "zero" an NA practice has mean 0
    if model.na_policy == "exclude":
        na = pr["characterization"] == "NA"
    else:
        na = pd.Series(False, index=pr.index)
    return pr.assign(_na=na.to_numpy(), _scored=pr["mean"].notna().to_numpy())


def _current(cur_p: pd.DataFrame) -> tuple[pd.DataFrame, list[list[str]]]:
    """Per practice of the current wave: ``gap = max(0, target - current)``, the current value
    capped at the target, an unscored practice counted as 0 (noted)."""
    counted = ~cur_p["_na"]
    current = cur_p["mean"].fillna(0.0).clip(lower=0)
    cur_p["target"] = cur_p["target"].where(counted)
    cur_p["current"] = current.where(counted)
    cur_p["gap"] = (cur_p["target"] - cur_p["current"]).clip(lower=0)
    cur_p["_capped"] = np.minimum(cur_p["current"], cur_p["target"])
    cur_p["_counted"] = counted
    notes: list[list[str]] = [[] for _ in range(len(cur_p))]
    for i in np.flatnonzero(cur_p["_na"].to_numpy()):
        notes[i].append("not applicable: left out of the totals (na_policy exclude)")
    for i in np.flatnonzero((counted & ~cur_p["_scored"]).to_numpy()):
        notes[i].append("no scored answer: counted as 0")
    return cur_p, notes


def _against_baseline(cur_p: pd.DataFrame, pr: pd.DataFrame, notes: list[list[str]], cur: str,
                      base: str | None) -> pd.DataFrame:
    """The baseline value (capped at the target) of each practice and whether it is
    ``compared``: progress to date compares like with like, only practices scored in both
    waves (a practice not applicable or unanswered in the baseline would otherwise count as a
    gain from 0 there, and one unanswered now as a loss); the others are noted."""
    counted = cur_p["_counted"]
    if base is None:
        in_base = pd.Series(False, index=cur_p.index)
        cur_p["baseline"] = np.nan
        cur_p["_in_base"] = in_base.to_numpy()
        cur_p["compared"] = in_base.to_numpy(dtype=bool)
        return cur_p
    keys = ["business_line", "process_area", "practice"]
    b = pr[pr["wave"] == base]
    b = b.assign(baseline=np.minimum(b["mean"].clip(lower=0), b["target"]),
                 _b_na=b["_na"], _b_scored=b["_scored"], _in_base=True)
    cur_p = cur_p.merge(b[keys + ["baseline", "_b_na", "_b_scored", "_in_base"]],
                        on=keys, how="left")
    in_base = cur_p["_in_base"].eq(True)
    b_scored = cur_p["_b_scored"].eq(True)
    compared = counted & cur_p["_scored"] & b_scored
    # a line missing from the baseline is noted once, on the line
    line_in_base = cur_p["business_line"].isin(set(b["business_line"]))
    left_out = counted & ~compared & line_in_base
    b_na = cur_p["_b_na"].eq(True)
    for i in np.flatnonzero(left_out.to_numpy()):
        if b_na.iloc[i]:
            why = f"not applicable in baseline {base}"
        elif not in_base.iloc[i]:
            why = f"not assessed in baseline {base}"
        elif not b_scored.iloc[i]:
            why = f"no scored answer in baseline {base}"
        else:
            why = f"no scored answer in {cur}"
        notes[i].append(f"{why}: left out of progress to date")
    cur_p["baseline"] = cur_p["baseline"].where(counted)
    cur_p["_in_base"] = line_in_base.to_numpy()  # the line has rows in the baseline wave
    cur_p["compared"] = compared.to_numpy(dtype=bool)
    return cur_p


def _ids(ids: pd.Series) -> str:
    ids = list(ids)
    more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
    return ", ".join(ids[:10]) + more


def _totals(frame: pd.DataFrame, cur: str, base: str | None, *, list_ids: bool) -> pd.DataFrame:
    """Per line: the totals over the required practices, ``percent_to_target = 1 - gap /
    target total`` and ``progress_to_date = (current - baseline) / (target - baseline)`` on the
    practices scored in both waves (OWASP SAMM relative scoring)."""
    by = ["business_line"]
    cmp_ = frame["compared"]
    f = frame.assign(_cmp_target=frame["target"].where(cmp_),
                     _cmp_current=frame["_capped"].where(cmp_),
                     _cmp_baseline=frame["baseline"].where(cmp_))
    g = f.groupby(by, observed=True, sort=True)
    t = pd.DataFrame(
        {
            "n_required": g["_counted"].sum().astype("int64"),
            "target_total": g["target"].sum(),
            "current_total": g["_capped"].sum(),
            "absolute_gap": g["gap"].sum(),
            "baseline_total": g["_cmp_baseline"].sum(min_count=1),
            "_cmp_target": g["_cmp_target"].sum(),
            "_cmp_current": g["_cmp_current"].sum(),
            "_n_compared": g["compared"].sum().astype("int64"),
            "_n_na": g["_na"].sum().astype("int64"),
            "_any_base": g["_in_base"].any(),
        }
    ).reset_index()
    t["percent_to_target"] = np.where(
        t["target_total"] > 0, 1 - t["absolute_gap"] / t["target_total"], np.nan)
    # progress to date on the practices scored in both waves only
    denom = t["_cmp_target"] - t["baseline_total"]
    with np.errstate(divide="ignore", invalid="ignore"):
        t["progress_to_date"] = np.where(
            denom > 0, (t["_cmp_current"] - t["baseline_total"]) / denom, np.nan)
    t["note"] = _total_notes(t, f, base, list_ids=list_ids)
    t["baseline_wave"] = base if base is not None else ""
    t["wave"] = cur
    for c in ("target_total", "current_total", "absolute_gap", "baseline_total",
              "percent_to_target", "progress_to_date"):
        t[c] = t[c].astype(float).round(4)
    return t


def _total_notes(t: pd.DataFrame, f: pd.DataFrame, base: str | None, *,
                 list_ids: bool) -> list[str]:
    """Why a line's progress is undefined, and which practices its figures leave out."""
    left = f[f["_counted"] & ~f["compared"]]
    left_ids = left.groupby("business_line", observed=True)["practice"].agg(list)
    na_ids = f[f["_na"]].groupby("business_line", observed=True)["practice"].agg(list)
    notes = []
    for r in t.to_dict("records"):
        key = r["business_line"]
        n = []
        if base is None:
            n.append("no baseline wave")
        elif not r["_any_base"]:
            n.append(f"not assessed in baseline wave {base}")
        elif r["_n_compared"] == 0:
            n.append("no practice scored in both waves: progress undefined")
        elif r["_cmp_target"] - r["baseline_total"] <= 0:
            n.append("baseline already at target: progress undefined")
        if base is not None and r["_any_base"] and 0 < r["_n_compared"] < r["n_required"]:
            n_left = r["n_required"] - r["_n_compared"]
            what = f": {_ids(left_ids[key])}" if list_ids else " (listed per line)"
            n.append(f"progress to date on the {r['_n_compared']} of {r['n_required']} "
                     f"practices scored in both waves; {n_left} left out{what}")
        if r["_n_na"]:
            what = f": {_ids(na_ids[key])}" if list_ids else ""
            n.append(f"{r['_n_na']} not applicable, left out of the totals "
                     f"(na_policy exclude){what}")
        notes.append("; ".join(n))
    return notes


def _with_lines_not_required(line_t: pd.DataFrame, lines: list, profile: pd.DataFrame, cur: str,
                             base: str | None) -> pd.DataFrame:
    """A line assessed in the current wave with nothing required is listed, not dropped."""
    missing = [ln for ln in lines if ln not in set(line_t["business_line"])]
    if not missing:
        return line_t
    profiled = set(profile["business_line"].astype(str))
    extra_rows = pd.DataFrame({
        "wave": cur, "business_line": missing, "n_required": 0, "target_total": 0.0,
        "current_total": 0.0, "absolute_gap": 0.0, "percent_to_target": np.nan,
        "baseline_wave": base if base is not None else "", "baseline_total": np.nan,
        "progress_to_date": np.nan,
        "note": ["no practice required at this line's target" if ln in profiled
                 else "no target for this line in the profile" for ln in missing],
    })
    line_t = (pd.concat([line_t, extra_rows[LINE_COLUMNS]], ignore_index=True)
              if len(line_t) else extra_rows[LINE_COLUMNS])
    return line_t.sort_values("business_line", kind="mergesort", ignore_index=True)
