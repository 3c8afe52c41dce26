"""The staged rule (CMMI v1.3): goals, process areas, capability and maturity levels, index.

Source: CMMI for Development v1.3 (CMU/SEI-2010-TR-033), chapter "Tying It All Together", and
SCAMPI A v1.3 (MDD, CMU/SEI-2011-HB-001), activity 2.4.4. Ratings follow "the worst rating
wins" (:mod:`maturity.scoring.ratings`).

- **Goals** from their practices' characterizations (:data:`~maturity.scoring.ratings.GOAL_RATING`).
- **Process areas** on their specific goals plus the generic goals of their level (GG2 at ML2;
  GG2 and GG3 at ML3 and above) (:data:`~maturity.scoring.ratings.AREA_RATING`).
- **Capability level** (continuous view): 0, 1 when every specific goal is satisfied, then each
  generic goal in turn (GG2 -> 2, GG3 -> 3); not rated areas have none.
- **Maturity level**: the highest level L such that every process area at L and below
  satisfies its specific goals and GG2 (L = 2) or GG2 + GG3 (L >= 3), with a satisfied area of
  its own at L; 1 otherwise. A level with a not-rated process area is not reached.
- **Maturity index** = ML + share of the next level: the mean credit of the practices that
  level requires (:func:`counted_for_level`): 1 for LI/FI, else ``(mean - lowest value) / (LI
  threshold - lowest value)`` capped at 0.99 on numeric scales (PI 0.5, NI/NY 0 on
  characterization scales), 0 when not characterized.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from maturity import _engine as E
from maturity.model.load import Model
from maturity.scoring.answers import Answers, area_respondents
from maturity.scoring.characterize import scale_thresholds
from maturity.scoring.frames import KEYS, MATURITY_COLUMNS, PA_COLUMNS, Scores
from maturity.scoring.grid import Grid
from maturity.scoring.ratings import AREA_RATING, MET, goal_ratings

__all__ = ["score_staged", "counted_for_level", "credit", "level_shares"]

PA_KEYS = ["wave", "business_line", "process_area"]


def score_staged(answers: Answers, practices: pd.DataFrame, model: Model, grid: Grid) -> Scores:
    """Goals, process areas and maturity of the staged rule (see the module docstring)."""
    goals = goal_ratings(practices, model)
    pa = model.process_areas[["process_area", "level"]]
    gg = goals.merge(pa, on="process_area")
    gg["cap"] = gg["capability_level"].astype("float")
    # the lines x the model's areas (grid order); each goal's (line, area) number in it
    pa_ids = pa["process_area"].to_numpy(dtype=object)
    npa = len(pa_ids)
    idx = pd.MultiIndex.from_arrays(
        [np.repeat(grid.lines["wave"].to_numpy(), npa),
         np.repeat(grid.lines["business_line"].to_numpy(), npa),
         np.tile(pa_ids, grid.nl)], names=PA_KEYS)
    g_line = pd.MultiIndex.from_frame(grid.lines).get_indexer(pd.MultiIndex.from_frame(gg[KEYS]))
    g_area = g_line * npa + pd.Index(pa_ids).get_indexer(gg["process_area"])
    ratings = gg["rating"].to_numpy(dtype=object)
    specific = (gg["kind"] == "specific").to_numpy()
    generic = (gg["kind"] == "generic").to_numpy()

    def area_rating(mask: np.ndarray) -> pd.Series:
        """Each area's rating from its goals in ``mask`` (worst wins; none: not rated)."""
        return pd.Series(AREA_RATING.grouped(ratings[mask], g_area[mask], len(idx)), index=idx)

    # rating of each area at its own staged level: specific goals + GG up to CL min(max(L,2),3)
    in_scope = specific | (gg["cap"] <= gg["level"].astype("float").clip(lower=2, upper=3))
    rating = area_rating(in_scope.to_numpy())
    cl = _capability_levels(area_rating, specific, generic, gg["cap"].to_numpy())
    score_ = _specific_means(practices, model, grid, pa_ids)
    pas = pd.DataFrame({"rating": rating, "capability_level": cl, "score": score_}, index=idx)
    pas = pas.join(area_respondents(answers, model))
    pas = pas.reset_index().merge(pa, on="process_area", how="left")
    pas["capability_level"] = pas["capability_level"].astype("Int64")
    pas["n_respondents"] = pas["n_respondents"].fillna(0).astype("int64")
    order = {p_: i for i, p_ in enumerate(model.process_areas["process_area"])}
    pas = pas.sort_values(PA_KEYS, ignore_index=True,
                          key=lambda s: s.map(order) if s.name == "process_area" else s)
    # a level needs a satisfied area of its own (never reached on out-of-scope areas alone)
    area_level = pa.drop_duplicates("process_area").set_index("process_area")["level"]
    own_level = np.tile(pd.Series(pa_ids).map(area_level).to_numpy(dtype=float), grid.nl)
    satisfied = rating.eq("satisfied").to_numpy()
    own = {L: E.any(satisfied & (own_level == L), np.arange(len(idx)) // max(npa, 1), grid.nl)
           for L in _levels(model)}
    maturity = _maturity_levels(gg, g_line, practices, model, grid, own)
    maturity = maturity.merge(answers.line_respondents, on=KEYS, how="left")[MATURITY_COLUMNS]
    return Scores(practices, goals.reset_index(drop=True), pas[PA_COLUMNS], maturity, model)


def _levels(model: Model) -> list[int]:
    """The staged levels of the model's process areas, sorted."""
    return sorted(int(x) for x in model.process_areas["level"].dropna().unique())


def _capability_levels(area_rating: Any, specific: np.ndarray, generic: np.ndarray,
                       cap: np.ndarray) -> pd.Series:
    """Capability level: 1 when the specific goals are met (none when not rated or not
    applicable), then each generic goal's level in turn while its goals are met."""
    sg = area_rating(specific)
    cl = pd.Series(np.where(sg.isin(MET), 1, 0), index=sg.index, dtype="float")
    cl[sg.eq("not rated") | sg.eq("not applicable")] = np.nan
    running = cl.eq(1)
    for level in sorted(pd.unique(cap[generic & ~np.isnan(cap)])):
        running = running & area_rating(generic & (cap == level)).isin(MET)
        cl[running] = level
    return cl


def _specific_means(practices: pd.DataFrame, model: Model, grid: Grid,
                    pa_ids: np.ndarray) -> np.ndarray:
    """Each (line, area)'s score: the mean of its specific practices' means (NaN: none)."""
    area_of = pd.Index(pa_ids).get_indexer(model.practices["process_area"])[grid.pp]
    spec = (model.practices["kind"] == "specific").to_numpy()[grid.pp] & (area_of >= 0)
    key = grid.line[spec] * len(pa_ids) + area_of[spec]
    means = practices["mean"].to_numpy(dtype=float)[spec]
    return E.mean(means, key, grid.nl * len(pa_ids))


def _maturity_levels(gg: pd.DataFrame, g_line: np.ndarray, practices: pd.DataFrame,
                     model: Model, grid: Grid, own: dict[int, np.ndarray]) -> pd.DataFrame:
    """Staged maturity level and index per (wave, business_line) of the grid.

    ``own``: per level, whether a line has a satisfied area of that level; a level without
    one is not reached (its areas all out of scope, see :mod:`maturity.scoring.scope`)."""
    levels = _levels(model)
    ratings = gg["rating"].to_numpy(dtype=object)
    kind, cap, level = gg["kind"], gg["cap"], gg["level"]
    reached = np.ones(grid.nl, dtype=bool)
    ml = np.ones(grid.nl, dtype="int64")
    for L in (x for x in levels if x >= 2):
        required = ((level <= L) & ((kind == "specific") | (cap <= min(L, 3)))).to_numpy(bool)
        met = np.isin(AREA_RATING.grouped(ratings[required], g_line[required], grid.nl), MET)
        reached &= met & own[L]
        ml[reached] = L
    share = level_shares(practices, model, levels, grid)
    next_share = np.zeros(grid.nl)
    for L in (x for x in levels if x >= 2 and x in share):
        is_next = ml == max([x for x in levels if 2 <= x < L], default=1)
        next_share[is_next] = np.minimum(np.nan_to_num(share[L][is_next], nan=0.0), 0.99)
    lk = pd.MultiIndex.from_frame(grid.lines)
    out = grid.lines.copy()
    out["maturity_level"] = ml
    out["maturity_index"] = (pd.Series(ml, index=lk) + pd.Series(next_share, index=lk)).round(4)\
        .to_numpy()
    return out


def counted_for_level(level: Any, kind: Any, cap: Any, L: int, pa_levels: list[int]) -> Any:
    """Practices whose credit makes maturity level ``L``'s share: the specific practices and
    the generic ones up to capability min(L, 3) of the level-L areas, and GG3 of lower areas
    at the first level that needs it (ML3; at ML4+ it was already required by the level
    below). Works on Series or arrays of the practices' area level, goal kind, goal CL."""
    need_cap = min(L, 3)
    own = (level == L) & ((kind == "specific") | (cap <= need_cap))
    prev = max([x for x in pa_levels if 2 <= x < L], default=1)
    first_gg3 = L >= 3 and prev < 3
    lower_gg3 = (level < L) & (kind == "generic") & (cap > 2) & (cap <= need_cap) & first_gg3
    return own | lower_gg3


def credit(chars: pd.Series, mean: pd.Series, char_scale: np.ndarray, th_li: Any,
           zero: Any = 0.0) -> np.ndarray:
    """Each practice's credit toward a maturity level: FI/LI 1; on a characterization scale PI
    0.5 (else 0); on a numeric scale the share of the way from the scale's lowest value
    (``zero``) to the LI threshold, clipped to [0, 0.99]; ``th_li``/``zero`` per practice
    (:func:`~maturity.scoring.characterize.scale_thresholds`) or one number."""
    cc, cu = pd.factorize(chars.reset_index(drop=True), use_na_sentinel=False)
    cu = pd.Series(cu, dtype=object)
    fili = cu.isin(["FI", "LI"]).to_numpy()[cc]
    char_credit = cu.map({"PI": 0.5}).fillna(0).to_numpy(float)[cc]
    m = mean.to_numpy(float)
    numeric_credit = np.clip((np.where(np.isnan(m), zero, m) - zero) / (th_li - zero), 0, 0.99)
    return np.where(fili, 1.0, np.where(char_scale, char_credit, numeric_credit))


def _practice_facts(model: Model) -> pd.DataFrame:
    """Per model practice (model order): goal kind, goal capability level, area level, whether
    its scale is a characterization, its LI threshold and its index zero."""
    mp = model.practices[["practice", "goal", "kind", "process_area"]].reset_index(drop=True)
    f = mp.merge(model.goals[["goal", "capability_level"]], on="goal", how="left")
    f = f.merge(model.process_areas[["process_area", "level"]], on="process_area", how="left")
    pscale = model.questions.drop_duplicates("practice").set_index("practice")["scale"]
    kinds = {k: s.kind for k, s in model.scales.items()}
    f["_char"] = f["practice"].map(pscale).map(kinds).eq("characterization")
    th = scale_thresholds(model, f["practice"].map(pscale))
    f["_li"], f["_zero"] = th["LI"], th["zero"]
    return f


def level_shares(practices: pd.DataFrame, model: Model, pa_levels: list[int],
                 grid: Grid) -> dict[int, np.ndarray]:
    """Per level L >= 2: the mean credit of the practices L requires (not applicable ones
    left out), per line of the grid (NaN: none)."""
    facts = _practice_facts(model)
    pp = grid.pp
    ch = practices["characterization"]
    cr = credit(ch, practices["mean"], facts["_char"].to_numpy(dtype=bool)[pp],
                facts["_li"].to_numpy(float)[pp], facts["_zero"].to_numpy(float)[pp])
    na = ch.eq("NA").to_numpy()
    cap = facts["capability_level"].astype(float).to_numpy()
    level = facts["level"].to_numpy(dtype=float)
    kind = facts["kind"].to_numpy(dtype=object)
    share = {}
    for L in (x for x in pa_levels if x >= 2):
        sel = counted_for_level(level, kind, cap, L, pa_levels)[pp] & ~na
        share[L] = E.mean(cr[sel], grid.line[sel], grid.nl)
    return share
