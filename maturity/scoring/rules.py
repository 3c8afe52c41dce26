"""Scoring rules other than CMMI's staged rule: ``cumulative`` (C2M2-style) and ``additive``
(OWASP SAMM-style). Both give the same :class:`~maturity.scoring.score.Scores` frames as the staged
rule, so gap analysis, roadmap, trends and report work with every model.

Call them through :func:`maturity.score`, which computes the practice statistics and
characterizations (see :mod:`maturity.scoring.score`) and dispatches on ``model.scoring``.

Notes
-----
**cumulative** (C2M2 v2.1 style; a practice's ``level`` is its maturity indicator level, MIL):
a domain (process area) reaches level L when every practice at level L and at all lower levels
is characterized at or above the model's ``cumulative_threshold`` (default ``LI``, i.e. FI or
LI); not applicable practices (see :mod:`maturity.scoring.scope`) are left out, and a level whose
practices are all not applicable is not achieved: a MIL needs at least one answered practice
at the threshold (CSET's C2M2 rule). ``capability_level`` holds the level reached
per domain (0 when level 1 is not reached; NA when a practice needed for level 1 was not
characterized, or when every practice of the domain is not applicable: such a domain is left out
of the line's level and index). The line's ``maturity_level`` is the lowest domain level (a line
is as mature as its weakest domain) and ``maturity_index`` the mean over domains of ``level +
share of the next level's practices at the threshold``.

**additive** (SAMM v2 style): answers carry values (e.g. 0 / 0.25 / 0.5 / 1); a practice
(SAMM activity) scores the mean of its respondents' values; a goal (SAMM stream) scores the sum
of its activities' scores over the levels; a process area (SAMM security practice) scores the
mean of its streams; a category (SAMM business function) the mean of its process areas; the
overall ``maturity_index`` the mean of the categories. With ``na_policy: zero`` a "not
applicable" answer counts as the scale's lowest value, as SAMM does. ``capability_level`` is the
process-area score rounded down, and ``maturity_level`` the overall score rounded down.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from maturity.model.load import Model
from maturity.scoring.answers import Answers, answers_of
from maturity.scoring.frames import KEYS, MATURITY_COLUMNS, PA_COLUMNS, Scores
from maturity.scoring.ratings import AREA_RATING, goal_ratings

__all__ = ["score_cumulative", "score_additive", "meets"]

_ORDER = {"FI": 3, "LI": 2, "PI": 1, "NI": 0}


def meets(characterization: pd.Series, threshold: str) -> pd.Series:
    """Whether each characterization is at or above a threshold characterization.

    Examples
    --------
    >>> meets(pd.Series(["FI", "LI", "PI", "NI", "NY", ""]), "LI").tolist()
    [True, True, False, False, False, False]
    """
    rank = characterization.map(_ORDER)
    return rank.ge(_ORDER[threshold]).fillna(False).astype(bool)


def _pa_frame(practices: pd.DataFrame, model: Model) -> pd.DataFrame:
    pak = ["wave", "business_line", "process_area"]
    base = practices[KEYS].drop_duplicates().merge(
        model.process_areas[["process_area", "level"]], how="cross")
    n = practices.groupby(pak, observed=True)["n_respondents"].max().rename("n_respondents")
    return base.merge(n.reset_index(), on=pak, how="left")


def _indicator_levels(practices: pd.DataFrame, model: Model, index: pd.MultiIndex
                      ) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Per domain (``index``: wave, business_line, process_area): the MIL reached, the
    capability level shown (NA when level 1 is not rated or nothing is applicable), the
    domain's index (level + share of the next level at the threshold) and whether any
    practice is applicable."""
    pak = ["wave", "business_line", "process_area"]
    thr = model.cumulative_threshold
    p = practices.merge(model.practices[["practice", "level"]], on="practice", how="left")
    p = p[p["characterization"] != "NA"]
    ok = meets(p["characterization"], thr)
    unrated = p["characterization"].isin(["", "NY"])
    # levels that hold practices in the model; within a domain, a level whose practices are all
    # "not applicable" is met by the practices that remain (none), so it does not stop the climb
    levels = sorted(int(x) for x in model.practices["level"].dropna().unique() if int(x) >= 1)
    applicable = p.groupby(pak, observed=True).size().reindex(index, fill_value=0).gt(0)
    reached = pd.Series(0.0, index=index)
    blocked = pd.Series(False, index=index)
    first_nr = pd.Series(False, index=index)
    shares: dict[int, pd.Series] = {}
    # the levels each domain has practices at, in the model
    in_model = model.practices.dropna(subset=["level"]).groupby("process_area")["level"].agg(
        lambda x: {int(v) for v in x})
    dom_levels = index.get_level_values("process_area").map(in_model)
    for L in levels:
        at = p["level"] == L
        grp = [p.loc[at, k] for k in pak]
        g_ok = ok[at].groupby(grp, observed=True).all().reindex(index)
        g_nr = unrated[at].groupby(grp, observed=True).any().reindex(index, fill_value=False)
        shares[L] = ok[at].groupby(grp, observed=True).mean().reindex(index).fillna(0)
        # a level whose practices are all not applicable is not achieved (CSET's C2M2 rule:
        # a MIL with no answered practice is not achieved); one the model gives the domain no
        # practice at does not stop the climb
        has_l = np.fromiter((isinstance(x, set) and L in x for x in dom_levels), bool, len(index))
        good = g_ok.astype("boolean").fillna(~pd.Series(has_l, index=index)).astype(bool)
        if L == levels[0]:
            first_nr = g_nr
        step = ~blocked & good & applicable
        reached[step] = L
        blocked = blocked | ~good
    cap = reached.copy()
    cap[first_nr & reached.eq(0)] = np.nan
    cap[~applicable] = np.nan  # every practice of the domain not applicable: no level
    nxt = pd.Series(0.0, index=index)
    for L in levels:
        if L in shares:
            prev = max([x for x in shares if x < L], default=0)
            sel = reached.eq(prev)
            nxt[sel] = shares[L][sel].clip(upper=0.99)
    dom_index = reached + nxt
    return reached, cap, dom_index, applicable


def score_cumulative(resp: pd.DataFrame | Answers, practices: pd.DataFrame, model: Model) -> Scores:
    """Cumulative rule (C2M2-style maturity indicator levels); see the module Notes.

    Examples
    --------
    >>> from maturity import load_model, score
    >>> m = load_model("c2m2-lite")
    >>> q = m.questions
    >>> lvl = q.practice.map(m.practices.set_index("practice").level)
    >>> ans = np.where(lvl <= 2, "LI", "PI")   # MIL1 and MIL2 practices largely implemented
    >>> resp = pd.DataFrame({"wave": "w", "business_line": "x", "respondent": "r1",
    ...     "question": q.question, "answer": ans, "value": 0.0, "na": False})
    >>> score(resp, m).maturity.maturity_level.tolist()
    [2]
    """
    pak = ["wave", "business_line", "process_area"]
    pas = _pa_frame(practices, model).set_index(pak)
    reached, cap, dom_index, applicable = _indicator_levels(practices, model, pas.index)

    goals = goal_ratings(practices, model)
    rating_src = goals.groupby(pak, observed=True)["rating"].agg(AREA_RATING.of)
    spm = practices.groupby(pak, observed=True)["mean"].mean()
    out = pas.assign(rating=rating_src.reindex(pas.index).fillna("not rated"),
                     capability_level=cap, score=spm.reindex(pas.index))
    out = out.reset_index()
    out["capability_level"] = out["capability_level"].astype("Int64")
    out["n_respondents"] = out["n_respondents"].fillna(0).astype("int64")
    process_areas = _order(out, model)[PA_COLUMNS]

    # domains with no applicable practice are left out of the line's level and index
    dom = pd.DataFrame({"cap": reached, "idx": dom_index})[applicable]
    lvl = dom.groupby(level=[0, 1], observed=True)
    line_idx = pd.MultiIndex.from_frame(practices[KEYS].drop_duplicates())
    mat = pd.DataFrame(
        {
            "maturity_level": lvl["cap"].min().reindex(line_idx, fill_value=0).astype("int64"),
            "maturity_index": lvl["idx"].mean().reindex(line_idx, fill_value=0.0).round(4),
        }
    )
    mat = mat.reset_index().merge(answers_of(resp, model).line_respondents, on=KEYS,
                                  how="left")[MATURITY_COLUMNS]
    return Scores(practices, goals, process_areas, mat, model)


def _order(frame: pd.DataFrame, model: Model) -> pd.DataFrame:
    order = {p: i for i, p in enumerate(model.process_areas["process_area"])}
    return frame.sort_values(
        ["wave", "business_line", "process_area"],
        key=lambda s: s.map(order) if s.name == "process_area" else s,
        ignore_index=True,
    )


def score_additive(resp: pd.DataFrame | Answers, practices: pd.DataFrame, model: Model) -> Scores:
    """Additive rule (SAMM-style sums and means); see the module Notes.

    Examples
    --------
    >>> from maturity import load_model, score
    >>> m = load_model("secure-dev")
    >>> q = m.questions
    >>> lvl = q.practice.map(m.practices.set_index("practice").level)
    >>> ans = np.where(lvl == 1, "1", np.where(lvl == 2, "0.5", "0"))
    >>> resp = pd.DataFrame({"wave": "w", "business_line": "x", "respondent": "r1",
    ...     "question": q.question, "answer": ans, "value": ans.astype(float), "na": False})
    >>> s = score(resp, m)
    >>> float(s.maturity.maturity_index.iloc[0]), int(s.maturity.maturity_level.iloc[0])
    (1.5, 1)
    """
    pak = ["wave", "business_line", "process_area"]
    p = practices.copy()
    p["_v"] = p["mean"]
    # streams: sum of activity scores; a stream with no answer at all is not scored
    sg = p.groupby(["wave", "business_line", "goal"], observed=True)
    stream = pd.DataFrame({"score": sg["_v"].sum(min_count=1), "_n": sg["_v"].count()})
    stream = stream.reset_index()
    goals = goal_ratings(practices, model).merge(
        stream[["wave", "business_line", "goal", "score"]], on=["wave", "business_line", "goal"],
        how="left")
    pa_score = goals.groupby(pak, observed=True)["score"].mean()
    pas = _pa_frame(practices, model).set_index(pak)
    rating_src = goals.groupby(pak, observed=True)["rating"].agg(AREA_RATING.of)
    pas = pas.assign(
        rating=rating_src.reindex(pas.index).fillna("not rated"),
        score=pa_score.reindex(pas.index),
    )
    pas["capability_level"] = np.floor(pas["score"] + 1e-9)
    out = _order(pas.reset_index(), model)
    out["capability_level"] = out["capability_level"].astype("Int64")
    out["n_respondents"] = out["n_respondents"].fillna(0).astype("int64")
    process_areas = out[PA_COLUMNS]

    cats = out.merge(model.process_areas[["process_area", "category"]], on="process_area")
    cat = cats.groupby(KEYS + ["category"], observed=True, sort=False)["score"].mean().reset_index()
    overall = cat.groupby(KEYS, observed=True)["score"].mean().round(4)
    mat = overall.rename("maturity_index").reset_index()
    mat["maturity_level"] = np.floor(mat["maturity_index"].fillna(0) + 1e-9).astype("int64")
    mat = mat.merge(answers_of(resp, model).line_respondents, on=KEYS, how="left")[MATURITY_COLUMNS]
    return Scores(practices, goals, process_areas, mat, model,
                  categories=cat[KEYS + ["category", "score"]])
