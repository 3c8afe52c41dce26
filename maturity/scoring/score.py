"""Scoring: practice statistics, SCAMPI characterization and aggregation, goal / process-area
ratings, capability and maturity levels, and the maturity index.

:func:`score` turns the tidy ``responses`` frame of :func:`maturity.read_responses` into a
:class:`Scores` bundle of tidy frames (columns listed in :class:`Scores`). The scoring rule is the
model's (``staged`` here; ``cumulative`` and ``additive`` in :mod:`maturity.scoring.rules`).

Notes
-----
**Practice statistics.** A respondent's value for a practice is the mean of their scored answers
to the practice's questions; ``mean``/``std``/``n_respondents`` are taken over respondents, with a
t-interval clipped to the scale (none for n = 1). "Not applicable" answers are left out of the
denominator (``na_policy: exclude``) or scored as the scale's lowest value (``na_policy: zero``);
``NY`` (not yet) answers are never averaged.

**Characterization** of a practice at business-line level (``aggregation``):

- ``"mean"`` (default for numeric scales): the line mean mapped by the model's thresholds,
  default ``FI >= 3.5``, ``LI >= 2.5``, ``PI >= 1.0``, else ``NI`` on the 0-4 scale, the same
  fractions of the range on any other (1-5: 4.5, 3.5, 2.0; :attr:`Model.thresholds`).
- ``"scampi"`` (default for characterization scales): each instantiation (``project`` when the
  answers carry one, otherwise the respondent) is characterized first, then the instantiations
  are aggregated to the line with the SCAMPI A v1.3 rules (MDD, CMU/SEI-2011-HB-001):

  ====================================================  ==================================
  instantiations                                         business line
  ====================================================  ==================================
  all FI or NY, at least one FI                          FI
  all LI, FI or NY, at least one LI                      LI
  at least one LI or FI and at least one PI or NI        LI or PI (team judgement)
  all PI, NI or NY, at least one PI                      PI or NI (team judgement)
  all NI or NY, at least one NI                          NI
  all NY                                                 NY
  ====================================================  ==================================

  When no instantiation is NI in the "all PI, NI or NY" row (all PI, or PI and NY), the team
  has nothing to weigh and the outcome is PI (rule ``all PI or NY``, no judgement). Several
  respondents answering for one instantiation (same project) are combined by their lower
  median characterization before the SCAMPI table is applied across instantiations.

  Where the method leaves the choice to the team, ``judgement="conservative"`` (default) takes
  the lower outcome and ``"optimistic"`` the higher; ``overrides`` sets any practice by hand.
  ``aggregation_rule`` names the row applied and ``judgement`` whether a choice was made.

A practice whose answers were all "not applicable" is characterized ``NA`` and leaves its goal;
one with no answer at all is not characterized (``""``).

**Goals** are ``satisfied`` when every practice is LI or FI, ``not rated`` when a practice is not
characterized or NY, ``not applicable`` when all practices are NA, else ``not satisfied``.
**Process areas** (staged) are rated on their specific goals plus the generic goals of their
level (GG2 at ML2; GG2 and GG3 at ML3 and above): ``not satisfied`` if any goal is not
satisfied, else ``not rated`` if any goal is not rated, else ``satisfied`` (or ``not
applicable``). **Capability level** (continuous view): 0, 1 when every specific goal is
satisfied, then each generic goal in turn (GG2 -> 2, GG3 -> 3); not rated areas have none.
**Maturity level** (staged): the highest level L such that every process area at L and below
satisfies its specific goals and GG2 (L = 2) or GG2 + GG3 (L >= 3); 1 otherwise. A level with a
not-rated process area is not reached.

**Maturity index** = ML + share of the next level, where the share is the mean credit of the
practices that level requires (specific and generic practices of its areas, plus GG3 practices of
lower areas when the next level is the first to need GG3, i.e. 3): credit 1 for LI/FI, else
``(mean - lowest value) / (LI threshold - lowest value)`` capped at 0.99 for numeric scales
(the scale's own values; PI 0.5, NI/NY 0 for characterization scales), 0 when not
characterized. The index lies in [1, max level], equals ML exactly when nothing of the next
level is in place, and never falls when an answer rises.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.ids import normalise_id
from maturity.model.load import Model, load_model

__all__ = [
    "Scores",
    "score",
    "characterize",
    "aggregate_characterizations",
    "rate_goals",
    "SCAMPI_RULES",
]

KEYS = ["wave", "business_line"]
_RANK = {"FI": 3, "LI": 2, "PI": 1, "NI": 0}
_FROM_RANK = {3: "FI", 2: "LI", 1: "PI", 0: "NI"}

#: The SCAMPI aggregation rows as (rule name, conservative outcome, optimistic outcome).
SCAMPI_RULES = {
    "all NY": ("NY", "NY"),
    "all FI or NY": ("FI", "FI"),
    "all LI, FI or NY": ("LI", "LI"),
    "mixed LI/FI with PI/NI": ("PI", "LI"),
    "all PI, NI or NY": ("NI", "PI"),
    "all NI or NY": ("NI", "NI"),
    "all PI or NY": ("PI", "PI"),
}

PRACTICE_COLUMNS = [
    "wave", "business_line", "process_area", "goal", "practice", "kind", "n_respondents",
    "n_instantiations", "n_answers", "n_na", "mean", "std", "ci_low", "ci_high", "coverage",
    "characterization", "aggregation_rule", "judgement",
]
GOAL_COLUMNS = ["wave", "business_line", "process_area", "goal", "kind", "capability_level", "rating"]
PA_COLUMNS = [
    "wave", "business_line", "process_area", "level", "rating", "capability_level", "score",
    "n_respondents",
]
MATURITY_COLUMNS = ["wave", "business_line", "maturity_level", "maturity_index", "n_respondents"]


@dataclass(frozen=True)
class Scores:
    """The result of :func:`score`: four tidy frames keyed by ``wave, business_line``.

    Attributes
    ----------
    practices : pandas.DataFrame
        ``wave, business_line, process_area, goal, practice, kind, n_respondents,
        n_instantiations, n_answers, n_na, mean, std, ci_low, ci_high, coverage,
        characterization, aggregation_rule, judgement``.
    goals : pandas.DataFrame
        ``wave, business_line, process_area, goal, kind, capability_level, rating``.
    process_areas : pandas.DataFrame
        ``wave, business_line, process_area, level, rating, capability_level, score,
        n_respondents, n_na, na_policy`` (``n_na``: not-applicable answers, handled by the
        model's ``na_policy``: ``exclude`` or ``zero``).
    maturity : pandas.DataFrame
        ``wave, business_line, maturity_level, maturity_index, n_respondents, n_na,
        na_policy``.
    model : Model
        The model scored against.
    categories : pandas.DataFrame or None
        ``wave, business_line, category, score`` where the rule defines category scores (the
        ``additive`` rule's business functions); None otherwise.
    """

    practices: pd.DataFrame
    goals: pd.DataFrame
    process_areas: pd.DataFrame
    maturity: pd.DataFrame
    model: Model
    categories: pd.DataFrame | None = None


# --------------------------------------------------------------------------------------------
# Building blocks (public, each usable on its own)


def characterize(mean: pd.Series | np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
    """Map Likert means to characterizations with thresholds.

    Parameters
    ----------
    mean : array-like of float
        Means on the question scale; NaN gives ``""`` (not characterized).
    thresholds : dict
        Lowest mean for ``FI``, ``LI`` and ``PI`` (numbers, or arrays aligned with ``mean``);
        below ``PI`` is ``NI``.

    Returns
    -------
    numpy.ndarray of str

    Examples
    --------
    >>> characterize([3.6, 3.5, 2.49, 1.0, 0.2, float("nan")], {"FI": 3.5, "LI": 2.5, "PI": 1.0})
    array(['FI', 'FI', 'PI', 'PI', 'NI', ''], dtype='<U2')
    """
    m = np.asarray(mean, dtype=float)
    out = np.select(
        [np.isnan(m), m >= thresholds["FI"], m >= thresholds["LI"], m >= thresholds["PI"]],
        ["", "FI", "LI", "PI"],
        default="NI",
    )
    return out.astype("<U2")


def aggregate_characterizations(
    counts: pd.DataFrame, judgement: Literal["conservative", "optimistic"] = "conservative"
) -> pd.DataFrame:
    """Aggregate instantiation characterizations to the organisational unit (SCAMPI A v1.3).

    Parameters
    ----------
    counts : pandas.DataFrame
        One row per practice (any index) with integer columns ``FI, LI, PI, NI, NY``: how many
        instantiations (projects or respondents) were characterized so.
    judgement : {"conservative", "optimistic"}
        Outcome where the method leaves the choice to the appraisal team.

    Returns
    -------
    pandas.DataFrame
        Same index, columns ``characterization, aggregation_rule, judgement`` (bool: a team
        choice was made). Rows with no instantiation at all get ``""``.

    Examples
    --------
    >>> c = pd.DataFrame({"FI": [2, 1, 0], "LI": [0, 1, 0], "PI": [0, 1, 1],
    ...                   "NI": [0, 0, 1], "NY": [1, 0, 0]})
    >>> aggregate_characterizations(c)
      characterization        aggregation_rule  judgement
    0               FI            all FI or NY      False
    1               PI  mixed LI/FI with PI/NI       True
    2               NI       all PI, NI or NY       True
    """
    if judgement not in ("conservative", "optimistic"):
        raise ValueError(f"judgement must be 'conservative' or 'optimistic', got {judgement!r}")
    c = counts.reindex(columns=["FI", "LI", "PI", "NI", "NY"], fill_value=0).fillna(0)
    fi, li, pi, ni, ny = (c[k].to_numpy() for k in ["FI", "LI", "PI", "NI", "NY"])
    total = fi + li + pi + ni + ny
    conds = [
        total == 0,
        (ny == total),
        (fi > 0) & (li + pi + ni == 0),
        (li > 0) & (pi + ni == 0),
        (fi + li > 0) & (pi + ni > 0),
        (pi > 0) & (fi + li == 0) & (ni > 0),
        (ni > 0) & (fi + li + pi == 0),
        (pi > 0) & (fi + li + ni == 0),
    ]
    rules = [""] + list(SCAMPI_RULES)
    pick = 0 if judgement == "conservative" else 1
    outcomes = [""] + [v[pick] for v in SCAMPI_RULES.values()]
    rule = np.select(conds, rules, default="")
    char = np.select(conds, outcomes, default="")
    judged = np.isin(rule, ["mixed LI/FI with PI/NI", "all PI, NI or NY"])
    return pd.DataFrame(
        {"characterization": char, "aggregation_rule": rule, "judgement": judged}, index=counts.index
    )


def rate_goals(practice_chars: pd.Series, keys: pd.DataFrame) -> pd.Series:
    """Rate goals from the characterizations of their practices.

    Parameters
    ----------
    practice_chars : pandas.Series
        Characterization of each practice (``FI LI PI NI NY``, ``NA`` not applicable, ``""``
        not characterized).
    keys : pandas.DataFrame
        Same length: the columns identifying the goal (e.g. ``wave, business_line, goal``).

    Returns
    -------
    pandas.Series
        One rating per goal (index = the keys): ``satisfied``, ``not satisfied``, ``not rated``
        or ``not applicable``.

    Examples
    --------
    >>> ch = pd.Series(["FI", "LI", "FI", "PI", "LI", "NY", "NA", "NA"])
    >>> k = pd.DataFrame({"goal": ["G1", "G1", "G2", "G2", "G3", "G3", "G4", "G4"]})
    >>> rate_goals(ch, k).tolist()
    ['satisfied', 'not satisfied', 'not rated', 'not applicable']
    """
    f = keys.reset_index(drop=True).copy()
    ch = practice_chars.reset_index(drop=True)
    for flag, chars in _GOAL_FLAGS.items():
        f[flag] = ch.isin(chars)
    g = f.groupby(list(keys.columns), sort=False, observed=True)[list(_GOAL_FLAGS)].sum()
    rating = _goal_rating(g["_bad"], g["_nr"], g["_na"], g.sum(axis=1))
    return pd.Series(rating, index=g.index, name="rating")


#: What each practice characterization says of its goal (:func:`rate_goals`).
_GOAL_FLAGS = {"_ok": ["FI", "LI"], "_bad": ["PI", "NI"], "_nr": ["", "NY"], "_na": ["NA"]}


def _goal_rating(bad: Any, nr: Any, na: Any, n: Any) -> np.ndarray:
    """A goal's rating from its practices' counts: any not characterized (or NY) -> not rated;
    all not applicable -> not applicable; any PI/NI -> not satisfied; else satisfied."""
    return np.select(
        [np.asarray(nr) > 0, np.asarray(na) == np.asarray(n), np.asarray(bad) > 0],
        ["not rated", "not applicable", "not satisfied"],
        default="satisfied",
    )


# --------------------------------------------------------------------------------------------
# Practice statistics


def _t_bounds(mean: np.ndarray, std: np.ndarray, n: np.ndarray, lo: float, hi: float, conf: float):
    from maturity.compare.stats import t_interval

    return t_interval(mean, std, n, confidence=conf, low=lo, high=hi)


#: codes of the columns of the responses being scored (set by :func:`score` for one call)
_CODES_CACHE: ContextVar[dict | None] = ContextVar("maturity_scoring_codes", default=None)


def _factorize(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values)`` (codes as int64, -1 for missing), cached like :func:`_codes`."""
    c, u, exact = _cached(values, "codes", _codes_of)
    if exact:  # plain strings, none missing: the codes of the text are the codes of the values
        return c, u

    def fn(v: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        c, u = pd.factorize(v)
        return np.asarray(c, dtype=np.int64), np.asarray(u, dtype=object)
    return _cached(values, "factorize", fn)


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of ``values.astype(str)`` and the strings they stand for, computed from the
    distinct values only (categoricals use their codes): equal strings get equal codes.

    Within :func:`score` the codes of a column are computed once (cached by the column's
    memory, which lives as long as the call)."""
    return _cached(values, "codes", _codes_of)[:2]


def _cached(values: pd.Series, what: str, fn):  # noqa: ANN001, ANN202
    cache = _CODES_CACHE.get()
    if cache is None:
        return fn(values)
    is_cat = isinstance(values.dtype, pd.CategoricalDtype)
    # the categorical's own codes (a view): pandas 3's ``cat.codes`` is a new copy each time
    arr = values.array.codes if is_cat else np.asarray(values)
    cats = values.cat.categories if is_cat else None
    key = (what, arr.__array_interface__["data"][0], arr.shape, arr.strides, arr.dtype.str, id(cats))
    if key not in cache:  # the arrays are kept, so their memory cannot be reused by another
        cache[key] = (arr, cats, fn(values))
    return cache[key][2]


def _codes_of(values: pd.Series) -> tuple[np.ndarray, np.ndarray, bool]:
    """(codes, texts, exact): ``exact`` when the values are plain strings with none missing."""
    exact = False
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()  # int8/int16/int32: kept small (memory)
        uniq = np.asarray(values.cat.categories.astype(str), dtype=object)
        na = codes < 0
        if na.any():  # NaN in a categorical: str() as astype(str) gives it
            uniq = np.append(uniq, "nan")
            codes = np.where(na, len(uniq) - 1, codes.astype(np.int64))
        else:  # the codes of distinct strings are the codes of the values
            exact = all(type(x) is str for x in values.cat.categories)
    else:
        arr = values.to_numpy(dtype=object)
        codes, u = pd.factorize(arr, use_na_sentinel=True)
        codes = np.asarray(codes, dtype=np.int64)
        exact = all(type(x) is str for x in u)
        uniq = np.asarray(pd.Index(u, dtype=object).astype(str), dtype=object)
        na = codes < 0
        exact = exact and not na.any()
        if na.any():  # None / NaN / NA: each as str() writes it
            nc, nu = pd.factorize(pd.Series(arr[na], dtype=object).astype(str).to_numpy(dtype=object))
            codes[na] = nc + len(uniq)
            uniq = np.concatenate([uniq, np.asarray(nu, dtype=object)])
    c2, u2 = pd.factorize(uniq)  # values with the same str(), e.g. 1 and "1"
    if len(u2) == len(uniq) or not len(codes):  # nothing merged: the codes stand
        return codes, np.asarray(uniq, dtype=object), exact
    return np.asarray(c2, dtype=np.int64)[codes], np.asarray(u2, dtype=object), False


def _combine(*codes: tuple[np.ndarray, int], runs: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes of the combinations of several code arrays (given with their numbers of
    codes) that occur, and the combined key of each code (see :func:`_split`).

    ``runs``: the combinations come in long runs (e.g. (wave, line, project) over a
    respondent's answers): numbered per run (:func:`_factorize_runs`), not in a table as large
    as the key space, whose random accesses cost more than the runs' sequential pass."""
    key = np.zeros(len(codes[0][0]), dtype=np.int64)
    span = 1
    for c, n in codes:
        key *= max(n, 1)  # in place: no 8-byte-a-row temporaries
        key += c
        span *= max(n, 1)
    if runs:
        kc, ku = _factorize_runs(key)
        small = np.int32 if len(ku) < 2**31 else np.int64
        return np.asarray(kc, dtype=small), np.asarray(ku, dtype=np.int64)
    if span <= min(max(len(key), 1 << 20), 1 << 24):  # small key space: a table, no hashing
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        ku = np.flatnonzero(seen)
        lookup = np.cumsum(seen, dtype=np.int32) - 1
        return lookup[key], ku.astype(np.int64)
    kc, ku = _factorize_runs(key)
    return np.asarray(kc, dtype=np.int32 if len(ku) < 2**31 else np.int64), np.asarray(ku, dtype=np.int64)


def _factorize_runs(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(key)`` (codes in order of first appearance), hashing one value per run
    of equal neighbours: answers come in runs (a respondent's, a project's), so the hash
    table sees the runs, not the rows. Falls back to hashing every row when runs are short."""
    n = len(key)
    if n < 2:
        return pd.factorize(key)
    change = np.empty(n, dtype=bool)
    change[0] = True
    np.not_equal(key[1:], key[:-1], out=change[1:])
    starts = np.flatnonzero(change)
    del change
    if len(starts) > n // 4:  # short runs: the run bookkeeping would cost more than it saves
        return pd.factorize(key)
    rc, ru = pd.factorize(key[starts])
    small = np.int32 if len(ru) < 2**31 else np.int64
    return np.repeat(np.asarray(rc, dtype=small), np.diff(np.append(starts, n))), ru


def _distinct_counts(group: np.ndarray, n_group: int, member: np.ndarray, n_member: int) -> np.ndarray:
    """Number of distinct ``member`` codes (0..n_member-1) per ``group`` code (0..n_group-1):
    a table of seen pairs when it is small (no hashing), else ``pd.unique`` of pair keys."""
    n_member = max(int(n_member), 1)
    span = int(n_group) * n_member
    key = group.astype(np.int64)
    key *= n_member  # in place: one 8-byte-a-row array
    key += member
    if span <= 1 << 27:
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        return seen.reshape(int(n_group), n_member).sum(axis=1).astype("int64")
    pairs = pd.unique(key)
    return np.bincount(pairs // n_member, minlength=int(n_group)).astype("int64")


def _split(key: np.ndarray, *sizes: int) -> list[np.ndarray]:
    """Inverse of the key of :func:`_combine` for the given numbers of codes."""
    out = []
    for n in reversed(sizes[1:]):
        out.append(key % max(n, 1))
        key = key // max(n, 1)
    out.append(key)
    return out[::-1]


def _practice_stats(
    resp: pd.DataFrame, model: Model, aggregation: str, judgement: str, instantiation: str,
    confidence: float, na_share: float = 0.5,
) -> tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The statistics of each (wave, business_line, practice) that has any answer (one row
    each, a RangeIndex), and the wave code, line code and practice id of each row.

    Vectorised on integer codes: every text column is factorised once (a Python step only per
    distinct value) and the groupings run on one integer key per (wave, business_line,
    practice); tests/test_fast_path.py checks it against a plain per-practice reference.
    """
    scales = model.scales
    kinds = {k: s.kind for k, s in scales.items()}
    r = resp
    # scale kind per answer (looked up once per distinct question)
    qc, qu = _codes(r["question"])
    q_scale = pd.Series(qu).map(model.questions.set_index("question")["scale"])
    is_char = q_scale.map(kinds).eq("characterization").to_numpy()[qc] if len(qc) else np.zeros(0, bool)
    # read only (the zero policy makes a new array); nullable Float64 / boolean columns: <NA>
    # is a missing value, an <NA> in ``na`` is not a "not applicable" answer
    value = _array(r["value"], float, np.nan)
    na = _array(r["na"], bool, False)
    na_answer = na  # counted in n_na whatever the na_policy (``na`` is rebound, not changed)
    any_char = bool(is_char.any())
    if any_char:  # the answer text matters for NY and SCAMPI only
        ac, au = _codes(r["answer"])
    else:
        ac, au = np.zeros(len(r), dtype=np.int8), np.array([""], dtype=object)
    if model.na_policy == "zero":
        mins = q_scale.map({k: s.min_value for k, s in scales.items()}).to_numpy(dtype=float)[qc]
        value = np.where(na, mins, value)
        na = np.zeros_like(na)
    ny = is_char & (au == "NY")[ac] if any_char else np.zeros(len(r), bool)
    scored = ~np.isnan(value)

    wc, wu = _codes(r["wave"])
    lc, lu = _codes(r["business_line"])
    pc, pu = _codes(r["practice"])
    rc, ru = _codes(r["respondent"])
    # an instantiation is the respondent (within a wave and line): their triples are numbered
    # once per call (:func:`_triples`) and the instantiations are counted on those codes
    by_respondent = instantiation == "respondent" or (
        instantiation == "auto" and ("project" not in r or (_codes(r["project"])[1] == "").all()))
    if instantiation == "respondent":
        ic, iu = rc, ru
    elif by_respondent:  # auto without any project: "respondent:<id>", one per respondent id
        ic, iu = rc, "respondent:" + ru.astype(object)
    else:
        if "project" in r:
            jc, ju = _codes(r["project"])
        else:
            jc, ju = np.zeros(len(r), dtype=np.int64), np.array([""], dtype=object)
        if instantiation == "project":
            ic, iu = jc, ju
        else:  # the project when there is one, else "respondent:<id>" (built per distinct pair)
            pair, pkey = _combine((jc, len(ju)), (rc, len(ru)))
            pj, pr_ = _split(pkey, len(ju), len(ru))
            names = np.where(pd.Series(ju[pj], dtype=object).str.len().to_numpy() > 0, ju[pj],
                             "respondent:" + ru[pr_].astype(object))
            ic2, iu = pd.factorize(names)
            ic, iu = np.asarray(ic2, dtype=np.int32)[pair], np.asarray(iu, dtype=object)
            del pair

    pkc, pkey = _combine((wc, len(wu)), (lc, len(lu)), (pc, len(pu)))
    def frame() -> pd.DataFrame:  # the answers as a frame, only for the slower paths
        return pd.DataFrame(
        {
            "pk": pkc,
            "respondent": rc,
            "inst": ic,
            "value": np.where(scored, value, np.nan),
            "na": na,
            "na_answer": na_answer,
            "ny": ny,
            "is_char": is_char,
        },
        copy=False,
        )
    # respondent-level practice value (mean over the practice's questions)
    unique = bool(model.questions["practice"].is_unique)
    if unique:  # one answer per respondent and practice
        # np.bincount takes intp keys: converted once here, not by each of its three calls
        rpk, rvv, rinst = pkc[scored].astype(np.intp), value[scored], ic[scored]
    else:
        rv = frame().loc[scored].groupby(["pk", "respondent", "inst"], sort=False)["value"].mean().reset_index()
        rpk, rvv, rinst = rv["pk"].to_numpy(), rv["value"].to_numpy(dtype=float), rv["inst"].to_numpy()
        del rv
    # per practice key (dense 0..npk-1, every key has a row): counts, mean and the two-pass
    # sample standard deviation by np.bincount, one pass each, no hashing
    npk = len(pkey)
    n_resp = np.bincount(rpk, minlength=npk)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(rpk, weights=rvv, minlength=npk) / n_resp
        dev = mean[rpk]
        np.subtract(rvv, dev, out=dev)
        dev *= dev  # squared deviations, in place
        var = np.bincount(rpk, weights=dev, minlength=npk) / (n_resp - 1)
    del dev, rvv
    var[n_resp < 2] = np.nan
    # distinct instantiations per practice key (before the per-practice frames: the answer-
    # length arrays are freed as soon as they are used, which keeps the peak low)
    trip = _triples(r) if by_respondent and unique else None
    if trip is not None:
        tc, tkey, nr = trip
        wl_key = _line_keys(r)[3]
        triples = (tc[scored], wl_key[tkey // nr], len(tkey))
    else:
        triples = None
    ninst_arr = _instantiations(rpk, rinst, len(iu), pkey, (len(wu), len(lu), len(pu)), triples)
    del triples
    del rinst, rpk
    def count(mask: np.ndarray) -> np.ndarray:  # rows per practice key where mask holds
        if not mask.any():
            return np.zeros(npk, dtype="int64")
        return np.bincount(pkc[mask], minlength=npk).astype("int64")

    out = pd.DataFrame({
        "n_answers": n_resp.astype("int64") if unique else count(scored),
        "n_na": count(na_answer),
        "n_ny": count(ny),
        "is_char": count(is_char) > 0,
        "n_respondents": n_resp.astype("int64"),
        "mean": mean,
        "std": np.sqrt(var),
    })
    w_of, l_of, p_of = _split(pkey[out.index.to_numpy()], len(wu), len(lu), len(pu))

    # scale bounds per practice (first question's scale)
    pscale = model.questions.drop_duplicates("practice").set_index("practice")["scale"]
    ps = pd.Series(pu[p_of], dtype=object).map(pscale)
    lo = ps.map({k: s.min_value for k, s in scales.items()}).to_numpy(dtype=float)
    hi = ps.map({k: s.max_value for k, s in scales.items()}).to_numpy(dtype=float)
    out["ci_low"], out["ci_high"] = _t_bounds(
        out["mean"].to_numpy(float), out["std"].to_numpy(float), out["n_respondents"].to_numpy(float), lo, hi, confidence
    )

    # instantiation characterizations
    use_scampi = np.where(out["is_char"].to_numpy(), aggregation in ("auto", "scampi"), aggregation == "scampi")
    th = _scale_thresholds(model, ps)  # each practice's scale: its thresholds (model.py)
    out["characterization"] = characterize(out["mean"].to_numpy(float), th)
    rule = np.full(len(out), "", dtype=object)  # object, not a fixed-width text array
    rule[out["mean"].notna().to_numpy()] = "line mean vs thresholds"
    out["aggregation_rule"] = rule
    out["judgement"] = False
    out["n_instantiations"] = 0
    if use_scampi.any():
        base = frame()
        sub = base.loc[(base["value"].notna() | base["ny"])]
        # characterize each instantiation: numeric by its mean; characterization answers by SCAMPI
        num = sub.loc[~sub["is_char"]].groupby(["pk", "inst"], sort=False)["value"].mean()
        at = num.index.get_level_values("pk").to_numpy()  # out's rows are the pk codes
        inst_chars = pd.Series(characterize(num.to_numpy(), {k: v[at] for k, v in th.items()}),
                               index=num.index)
        ch = sub.loc[sub["is_char"]]
        if len(ch):
            # several respondents of one instantiation: their lower median characterization
            # (a consensus, not a second round of team judgement); NY only when all said NY
            rank_of = pd.Series(au, dtype=object).map(_RANK).to_numpy(dtype=float)
            rank = pd.Series(np.where(ch["na"].to_numpy(), np.nan, rank_of[ac[ch.index.to_numpy()]]),
                             index=ch.index)
            med = rank.groupby([ch["pk"], ch["inst"]], sort=False).quantile(0.5, interpolation="lower")
            inst_chars = pd.concat([inst_chars, med.map(_FROM_RANK).fillna("NY")])
        ic_ = inst_chars.rename("c").reset_index()
        line_counts = ic_.groupby(["pk", "c"], sort=False).size().unstack(fill_value=0)
        agg = aggregate_characterizations(line_counts, judgement)  # type: ignore[arg-type]
        agg["n_instantiations"] = line_counts.sum(axis=1)
        sel = out.index[use_scampi]
        agg = agg.reindex(sel)
        has = agg["characterization"].notna()
        out.loc[sel[has], "characterization"] = agg.loc[has, "characterization"]
        out.loc[sel[has], "aggregation_rule"] = "SCAMPI: " + agg.loc[has, "aggregation_rule"]
        out.loc[sel[has], "judgement"] = agg.loc[has, "judgement"].astype(bool)
        out.loc[sel[has], "n_instantiations"] = agg.loc[has, "n_instantiations"].astype(int)
    ninst = pd.Series(ninst_arr.astype(float))
    out["n_instantiations"] = np.where(out["n_instantiations"] > 0, out["n_instantiations"], ninst.reindex(out.index).fillna(0))
    # only NY -> NY; not applicable when more than ``na_share`` of the practice's respondents
    # answered only NA (the others' scored answers count otherwise)
    only_ny = (out["n_answers"] == 0) & (out["n_ny"] > 0)
    out.loc[only_ny, ["characterization", "aggregation_rule"]] = ["NY", "SCAMPI: all NY"]
    n_na_resp, n_any = _na_respondents(pkc, rc, len(ru), npk, scored, na_answer, ny, model)
    all_na = (out["n_answers"] == 0) & (out["n_na"] > 0) & (out["n_ny"] == 0)
    ruled = pd.Series((n_any > 0) & (n_na_resp > na_share * n_any), index=out.index) | all_na
    if ruled.any():
        who = (pd.Series(n_na_resp, index=out.index)[ruled].astype(str) + " of "
               + pd.Series(n_any, index=out.index)[ruled].astype(str))
        out.loc[ruled, "characterization"] = "NA"
        out.loc[ruled, "aggregation_rule"] = ("not applicable: " + who
                                              + " respondents answered NA").to_numpy(dtype=object)
        out.loc[all_na, "aggregation_rule"] = "all answers not applicable"
        out.loc[ruled, "judgement"] = False
        out.loc[ruled, ["mean", "std", "ci_low", "ci_high"]] = np.nan
    out = out.drop(columns=["n_ny", "is_char"])
    # the statistics, and where each row goes in the practices grid (see _practice_frame):
    # codes, not strings (not in ``attrs``: pandas deep-copies attrs on every operation)
    return out, (w_of, l_of, pu[p_of])


def _array(col: pd.Series, dtype: type, missing: object) -> np.ndarray:
    """``col`` as a numpy array of ``dtype``; missing values (``<NA>`` of nullable ``boolean``,
    ``Float64``, ``Int64`` columns, ``None`` in object ones) become ``missing``."""
    if isinstance(col.dtype, np.dtype) and col.dtype != object:
        return col.to_numpy(dtype=dtype)  # no copy when the dtype matches
    return col.to_numpy(dtype=dtype, na_value=missing)


def _na_respondents(pk: np.ndarray, rc: np.ndarray, n_resp_ids: int, npk: int,
                    scored: np.ndarray, na: np.ndarray, ny: np.ndarray,
                    model: Model) -> tuple[np.ndarray, np.ndarray]:
    """Per practice key: respondents who answered it only "not applicable", and respondents
    who answered it at all (scored, NA or NY). Zeros under ``na_policy: zero`` (an NA answer
    is then a score) and for practices without any NA answer (not counted: nothing to rule)."""
    zeros = np.zeros(npk, dtype=np.int64)
    if model.na_policy != "exclude" or not na.any():
        return zeros, zeros
    has_na = np.bincount(pk[na], minlength=npk) > 0
    rows = has_na[pk] & (scored | na | ny)
    n_any = _distinct_counts(pk[rows], npk, rc[rows], n_resp_ids)
    rows &= ~na
    n_other = _distinct_counts(pk[rows], npk, rc[rows], n_resp_ids)
    return n_any - n_other, n_any


def _instantiations(pk: np.ndarray, inst: np.ndarray, n_inst: int, pkey: np.ndarray,
                    sizes: tuple[int, int, int],
                    triples: tuple[np.ndarray, np.ndarray, int] | None = None) -> np.ndarray:
    """Distinct instantiations per practice key. An instantiation (project or respondent)
    belongs to few (wave, line)s, so the pairs are counted as (wave, line, instantiation) x
    practice, a table small enough to need no hashing (see :func:`_distinct_counts`).

    ``triples``: the (wave, line, instantiation) code of each answer, the combined (wave, line)
    key of each code and their number, when already known (see :func:`_triples`)."""
    nw, nl, npr = sizes
    if not len(pk):
        return np.zeros(len(pkey), dtype="int64")
    w, ln, pr = _split(pkey, nw, nl, npr)
    small = np.int32 if nw * nl < 2**31 and npr < 2**31 else np.int64
    if triples is not None:
        wli, wl_of, n_wli = triples
    else:
        wl = (w * max(nl, 1) + ln).astype(small)[pk]  # (wave, line) of each answer
        wli, wli_key = _combine((wl, max(nw * nl, 1)), (inst, max(n_inst, 1)), runs=True)
        del wl
        wl_of, n_wli = wli_key // max(n_inst, 1), len(wli_key)
    # pair (wave-line-instantiation, practice) -> practice key: both determine (wave, line)
    seen = _distinct_pairs(wli, n_wli, pr.astype(small)[pk], max(npr, 1))
    # seen: unique (wli, practice) pairs as codes; practice key of each pair
    pair_wl = wl_of[seen // max(npr, 1)]
    pair_pr = seen % max(npr, 1)
    want = pair_wl * max(npr, 1) + pair_pr  # every pair's key is a practice key
    if len(pkey) < 2 or bool((pkey[1:] > pkey[:-1]).all()):  # sorted (table-numbered) keys
        lookup = np.searchsorted(pkey, want)
    else:
        lookup = pd.Index(pkey).get_indexer(want)
    return np.bincount(lookup, minlength=len(pkey)).astype("int64")


def _distinct_pairs(a: np.ndarray, na: int, b: np.ndarray, nb: int) -> np.ndarray:
    """Sorted distinct keys ``a * nb + b`` (a table of seen pairs when small, else pd.unique)."""
    span = int(na) * int(nb)
    key = a.astype(np.int64)
    key *= int(nb)  # in place
    key += b
    if span <= 1 << 27:
        seen = np.zeros(span, dtype=bool)
        seen[key] = True
        return np.flatnonzero(seen)
    return np.sort(pd.unique(key))


# --------------------------------------------------------------------------------------------
# The staged rule


def _scope_levels(pa_level: pd.Series) -> pd.Series:
    """Highest generic capability level in scope of a staged process area (2 at ML2, 3 above)."""
    return pa_level.astype("float").clip(lower=2, upper=3)


def score(
    responses: pd.DataFrame,
    model: Model | str,
    *,
    aggregation: Literal["auto", "mean", "scampi"] = "auto",
    judgement: Literal["conservative", "optimistic"] = "conservative",
    instantiation: Literal["auto", "project", "respondent"] = "auto",
    overrides: pd.DataFrame | None = None,
    confidence: float = 0.95,
    na_share: float | None = None,
    scope: pd.DataFrame | str | os.PathLike[str] | None = None,
) -> Scores:
    """Score survey answers: practices, goals, process areas, capability and maturity levels.

    Parameters
    ----------
    responses : pandas.DataFrame
        The ``responses`` frame of :func:`maturity.read_responses` (needs at least ``wave,
        business_line, respondent, question, practice, answer, value, na``; ``project`` is used
        for SCAMPI instantiations when present). Not modified.
    model : Model or str
        The model (or its id / path).
    aggregation : {"auto", "mean", "scampi"}
        How a practice is characterized at business-line level (see Notes of the module):
        ``auto`` uses SCAMPI aggregation for characterization answers and the line mean for
        numeric answers.
    judgement : {"conservative", "optimistic"}
        Outcome of the SCAMPI rows that leave the choice to the appraisal team.
    instantiation : {"auto", "project", "respondent"}
        What counts as one instantiation for SCAMPI aggregation; ``auto``: the project when the
        answer names one, otherwise the respondent.
    overrides : pandas.DataFrame, optional
        Team decisions ``wave, business_line, practice, characterization`` that replace the
        computed characterization (marked ``override`` in ``aggregation_rule``).
    confidence : float
        Level of the practice means' t-intervals.
    na_share : float, optional
        A practice is not applicable for a line when more than this share of its respondents
        answered only "not applicable" (default: the model's ``na_share``, 0.5, a majority);
        otherwise the NA answers are left out and the others' answers count. See
        :mod:`maturity.scoring.scope`.
    scope : DataFrame or path, optional
        Explicit scope decisions ``business_line, process_area, scope, reason`` (``wave``
        optional), read by :func:`maturity.scoring.scope.read_scope`: ``out of scope`` makes every
        practice of the area NA; ``in scope`` refuses NA answers for it.

    Returns
    -------
    Scores
        ``practices``, ``goals``, ``process_areas`` and ``maturity`` frames (columns in
        :class:`Scores`). Models with the ``cumulative`` or ``additive`` rule are scored by
        :mod:`maturity.scoring.rules` into the same frames.

    Examples
    --------
    >>> from maturity import load_model
    >>> m = load_model("cmmi-dev-1.3")
    >>> q = m.questions.question
    >>> resp = pd.DataFrame({"wave": "2026-03", "business_line": "demo", "respondent": "r1",
    ...                      "question": q, "practice": m.questions.practice, "answer": "3",
    ...                      "value": 3.0, "na": False})
    >>> s = score(resp, m)
    >>> s.maturity[["business_line", "maturity_level", "maturity_index"]]
      business_line  maturity_level  maturity_index
    0          demo               5             5.0
    >>> s.process_areas.loc[0, ["process_area", "rating", "capability_level", "score"]].astype(str).tolist()
    ['REQM', 'satisfied', '3', '3.0']
    """
    model = load_model(model)
    _check_columns(responses)
    share = model.na_share if na_share is None else float(na_share)
    if not 0 <= share < 1:
        raise ValueError(f"na_share must be in [0, 1) (0.5: a majority); got {na_share!r}")
    if scope is not None:
        from maturity.scoring.scope import read_scope

        scope = read_scope(scope, model)
    token = _CODES_CACHE.set({})
    try:
        return _score(responses, model, aggregation, judgement, instantiation, overrides,
                      confidence, share, scope)
    finally:
        _CODES_CACHE.reset(token)


def _score(responses: pd.DataFrame, model: Model, aggregation: str, judgement: str,
           instantiation: str, overrides: pd.DataFrame | None, confidence: float,
           na_share: float = 0.5, scope: pd.DataFrame | None = None) -> Scores:
    from maturity.scoring.scope import apply_scope

    resp = responses
    if "practice" not in resp.columns:
        resp = resp.assign(practice=resp["question"].map(model.questions.set_index("question")["practice"]))
    prs, where = _practice_stats(resp, model, aggregation, judgement, instantiation, confidence,
                                 na_share)
    practices = apply_scope(_practice_frame(resp, prs, where, model, overrides), scope)
    grid = _Grid.of(practices, model)
    if model.scoring == "staged":
        return _with_scope(_report_na(_staged(resp, practices, model, grid), grid))
    from maturity.scoring.rules import score_additive, score_cumulative

    rule = score_cumulative if model.scoring == "cumulative" else score_additive
    return _with_scope(_report_na(rule(resp, practices, model), grid))


def _with_scope(sc: Scores) -> Scores:
    """Add ``n_out_of_scope, out_of_scope_areas, scope_note`` to the maturity frame."""
    from dataclasses import replace

    from maturity.scoring.scope import scope_columns

    return replace(sc, maturity=scope_columns(sc.process_areas, sc.maturity, sc.model))


class _Grid:
    """Positions in the practices grid :func:`_practice_frame` builds (each (wave, line)'s
    block of the model's practices, in model order): per-row line numbers and practice
    positions, so that per-line / per-area / per-goal groupings run on integer keys instead of
    hashing three text columns of every practice row."""

    def __init__(self, practices: pd.DataFrame, model: Model, line: np.ndarray,
                 pp: np.ndarray) -> None:
        self.practices, self.model, self.line, self.pp = practices, model, line, pp
        self.npr = len(model.practices)
        self.lines = practices[KEYS].iloc[:: self.npr].reset_index(drop=True)
        self.nl = len(self.lines)

    @classmethod
    def of(cls, practices: pd.DataFrame, model: Model) -> _Grid | None:
        pos = _grid_positions(practices, model)
        return None if pos is None else cls(practices, model, *pos)

    def codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Codes (first appearance, per practice position) of a column of the model's practices."""
        c, u = pd.factorize(self.model.practices[column].reset_index(drop=True))
        return np.asarray(c, dtype=np.int64), np.asarray(u, dtype=object)

    def frame(self, column: str, uniq: np.ndarray, key: np.ndarray) -> pd.DataFrame:
        """wave, business_line and ``column`` of keys ``line * len(uniq) + code``."""
        k = max(len(uniq), 1)
        ln, c = key // k, key % k
        return pd.DataFrame({"wave": self.lines["wave"].to_numpy()[ln],
                             "business_line": self.lines["business_line"].to_numpy()[ln],
                             column: uniq[c]})

    def sums(self, values: np.ndarray, column: str | None) -> pd.Series:
        """Integer ``values`` summed per line (``column`` None) or per line and ``column``,
        indexed as ``groupby([wave, business_line(, column)]).sum()`` (sorted)."""
        if column is None:
            code, uniq = np.zeros(self.npr, dtype=np.int64), np.array([0], dtype=object)
        else:
            code, uniq = self.codes(column)
        k = max(len(uniq), 1)
        key = self.line * k + code[self.pp]
        tot = np.bincount(key, weights=values, minlength=self.nl * k)
        present = np.flatnonzero(np.bincount(key, minlength=self.nl * k))
        f = self.frame(column or "_", uniq, present)
        names = KEYS + ([column] if column else [])
        f["_v"] = tot[present].round().astype(np.int64)
        return f.sort_values(names, ignore_index=True).set_index(names)["_v"]


def _report_na(sc: Scores, grid: _Grid | None = None) -> Scores:
    """Add ``n_na`` and ``na_policy`` to the process-area and maturity frames."""
    from dataclasses import replace

    pr = sc.practices
    if grid is not None and grid.practices is pr:
        na_ = pr["n_na"].to_numpy(dtype=np.int64)
        pa_na = grid.sums(na_, "process_area").rename("n_na")
        line_na = grid.sums(na_, None).rename("n_na")
    else:
        pa_keys = ["wave", "business_line", "process_area"]
        pa_na = pr.groupby(pa_keys, observed=True)["n_na"].sum().rename("n_na")
        line_na = pr.groupby(KEYS, observed=True)["n_na"].sum().rename("n_na")
    pas = sc.process_areas.merge(pa_na.reset_index(), on=["wave", "business_line", "process_area"], how="left")
    mat = sc.maturity.merge(line_na.reset_index(), on=KEYS, how="left")
    for f in (pas, mat):
        f["n_na"] = f["n_na"].fillna(0).astype("int64")
        f["na_policy"] = sc.model.na_policy
    return replace(sc, process_areas=pas, maturity=mat)


def _check_columns(responses: pd.DataFrame) -> None:
    from maturity.exceptions import InputError

    need = {"wave", "business_line", "respondent", "question", "answer", "value", "na"}
    missing = sorted(need - set(responses.columns))
    if missing:
        raise InputError(
            f"responses frame lacks columns {missing}; found {list(responses.columns)}. "
            "Read answers with maturity.read_responses, which adds value and na."
        )


def _full_grid(resp: pd.DataFrame, model: Model) -> tuple[dict[str, np.ndarray], np.ndarray, int]:
    """Every (wave, business_line) assessed x every practice of the model (lines sorted, then
    practices in model order), and the grid position of each (wave code, line code) key's
    first practice, and the number of practices."""
    (_, wu), (_, lu), _, key = _line_keys(resp)
    w, ln = _split(key, len(wu), len(lu))
    lines = pd.DataFrame({"wave": wu[w], "business_line": lu[ln], "_k": key})
    lines = lines.sort_values(KEYS, ignore_index=True)
    pr = model.practices[["practice", "goal", "process_area", "kind"]]
    npr = len(pr)
    grid = {  # the columns, made into one frame with the statistics (no column inserts)
        "wave": np.repeat(lines["wave"].to_numpy(dtype=object), npr),
        "business_line": np.repeat(lines["business_line"].to_numpy(dtype=object), npr),
        **{c: np.tile(pr[c].to_numpy(dtype=object), len(lines)) for c in pr.columns},
    }
    line_pos = np.full(max(len(wu), 1) * max(len(lu), 1), -1, dtype=np.int64)
    line_pos[lines["_k"].to_numpy()] = np.arange(len(lines)) * npr
    return grid, line_pos, npr


def _practice_frame(resp: pd.DataFrame, prs: pd.DataFrame, where: tuple[np.ndarray, np.ndarray, np.ndarray],
                    model: Model, overrides: pd.DataFrame | None) -> pd.DataFrame:
    """The ``practices`` frame: every practice of the model for every assessed line and wave.

    The statistics of ``prs`` are placed by position (line position x number of practices +
    the practice's position in the model), not by a merge on three text columns."""
    grid, line_pos, npr = _full_grid(resp, model)
    (_, wu), (_, lu), _, _ = _line_keys(resp)
    w_of, l_of, pr_ids = where
    pi = pd.Index(model.practices["practice"]).get_indexer(pr_ids)
    pos = line_pos[np.asarray(w_of, dtype=np.int64) * max(len(lu), 1) + l_of] + pi
    ok = pi >= 0  # a practice not in the model has no row (as the merge dropped it)
    pos = pos[ok]
    p = grid
    n = len(grid["wave"])
    for c in ("n_respondents", "n_instantiations", "n_answers", "n_na"):
        col = np.zeros(n, dtype="int64")
        col[pos] = prs[c].fillna(0).to_numpy()[ok]
        p[c] = col
    for c in ("mean", "std", "ci_low", "ci_high"):
        col = np.full(n, np.nan)
        col[pos] = prs[c].to_numpy(dtype=float)[ok]
        p[c] = col
    for c, empty in (("characterization", ""), ("aggregation_rule", "no answer")):
        col = np.full(n, empty, dtype=object)
        col[pos] = prs[c].fillna(empty).to_numpy(dtype=object)[ok]
        p[c] = col
    jd = np.zeros(n, dtype=bool)
    jd[pos] = prs["judgement"].fillna(False).to_numpy(dtype=bool)[ok]
    p["judgement"] = jd
    # respondents of each line: line_respondents is sorted as the grid's lines
    ln = line_respondents(resp)["n_respondents"].to_numpy(dtype=float)
    p["coverage"] = p["n_respondents"] / np.repeat(ln, npr)
    p = pd.DataFrame({c: p[c] for c in PRACTICE_COLUMNS}, copy=False)
    if overrides is not None and len(overrides):
        ov = overrides[["wave", "business_line", "practice", "characterization"]].map(
            normalise_id)  # ids read as the answers' ids (maturity.ids)
        bad = ~ov["characterization"].isin(["FI", "LI", "PI", "NI", "NY", "NA"])
        if bad.any():
            from maturity.exceptions import InputError

            raise InputError(
                f"overrides row {int(np.flatnonzero(bad)[0]) + 1}: characterization "
                f"{ov['characterization'][bad].iloc[0]!r}, expected one of FI LI PI NI NY NA"
            )
        from maturity.exceptions import InputError

        unknown = ~ov["practice"].isin(model.practices["practice"])
        if unknown.any():
            i = int(np.flatnonzero(unknown)[0])
            raise InputError(
                f"overrides row {i + 1}, column 'practice': {ov['practice'].iloc[i]!r} is not a "
                f"practice of model {model.id}; expected a practice id such as "
                f"{model.practices['practice'].iloc[0]!r}"
            )
        assessed = pd.MultiIndex.from_frame(p[KEYS].drop_duplicates().astype(str))
        off = ~pd.MultiIndex.from_frame(ov[KEYS]).isin(assessed)
        if off.any():  # e.g. one team-wide overrides file scored line by line: said, not dropped
            import warnings

            from maturity.exceptions import MaturityWarning

            gone = ov.loc[off, KEYS].drop_duplicates()
            warnings.warn(
                f"overrides: {int(off.sum())} row(s) name a wave/business line with no answers "
                f"here and are not applied: "
                + ", ".join(f"{w}/{b}" for w, b in gone.itertuples(index=False, name=None))
                + "; check the spelling if they should apply",
                MaturityWarning, stacklevel=4,
            )
            ov = ov.loc[~off]
        ov = ov.drop_duplicates()
        twice = ov.duplicated(["wave", "business_line", "practice"], keep=False)
        if twice.any():
            from maturity.exceptions import InputError

            w, b, pr = ov.loc[twice, ["wave", "business_line", "practice"]].iloc[0]
            same = twice & ov["wave"].eq(w) & ov["business_line"].eq(b) & ov["practice"].eq(pr)
            raise InputError(
                f"overrides: practice {pr!r} of {b!r} in wave {w!r} is overridden with different "
                f"characterizations {sorted(ov.loc[same, 'characterization'])}; keep one"
            )
        p = p.merge(ov.rename(columns={"characterization": "_ov"}), on=["wave", "business_line", "practice"], how="left")
        has = p["_ov"].notna()
        p.loc[has, "characterization"] = p.loc[has, "_ov"]
        p.loc[has, "aggregation_rule"] = "override"
        p.loc[has, "judgement"] = True
        p = p.drop(columns="_ov")
    return p


def line_respondents(resp: pd.DataFrame) -> pd.DataFrame:
    """Respondents per (wave, business_line): ``wave, business_line, n_respondents``."""
    cache = _CODES_CACHE.get()
    key = ("line_respondents", id(resp))
    if cache is not None and key in cache:
        return cache[key][1].copy()
    (wc, wu), (lc, lu), kc, wl_key = _line_keys(resp)
    trip = _triples(resp)
    if trip is not None:  # distinct (wave, line, respondent) triples counted per (wave, line)
        _, tkey, nr = trip
        n = np.bincount(tkey // nr, minlength=len(wl_key)).astype("int64")
        out = _keyed_counts(KEYS, [(wu, len(wu)), (lu, len(lu))], wl_key, n).reset_index()
    else:
        out = _count_respondents(resp["respondent"], np.ones(len(resp), dtype=bool), KEYS,
                                 (wc, wu), (lc, lu), combined=(kc, wl_key)).reset_index()
    if cache is not None:  # the frame is kept, so its id cannot be reused during the call
        cache[key] = (resp, out.copy())
    return out


def _line_keys(resp: pd.DataFrame):  # noqa: ANN202
    """Codes of wave and business line, and the dense (wave, line) code of every row with the
    combined key of each code (:func:`_combine`), computed once per :func:`score` call."""
    def fn(_: pd.Series):  # noqa: ANN202
        wc, wu = _codes(resp["wave"])
        lc, lu = _codes(resp["business_line"])
        kc, key = _combine((wc, len(wu)), (lc, len(lu)))
        return (wc, wu), (lc, lu), kc, key
    w = resp["wave"]
    wa = w.array.codes if isinstance(w.dtype, pd.CategoricalDtype) else np.asarray(w)
    wave_id = f"line_keys:{wa.__array_interface__['data'][0]}:{wa.shape}:{wa.strides}"
    return _cached(resp["business_line"], wave_id, fn)  # keyed on both columns' memory


def _triples(resp: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The dense (wave, line, respondent) code of every row, the combined key of each code
    (``(wave, line) code * n_respondent_ids + respondent code``) and the number of
    respondent ids; ``None`` unless the respondent ids are plain strings with none missing
    (other ids take the general paths). Computed once per :func:`score` call.

    A respondent's answers come in runs (one file or sheet after another), so the triples are
    numbered per run of equal (wave, line, respondent): a hash table the size of the runs, not
    of the rows (any order is right, unsorted input is only slower)."""
    rc, ru, exact = _cached(resp["respondent"], "codes", _codes_of)
    if not exact:
        return None

    def fn(_: pd.Series) -> tuple[np.ndarray, np.ndarray, int]:
        _, _, kc, wl_key = _line_keys(resp)
        nr = max(len(ru), 1)
        tc, tkey = _combine((kc, max(len(wl_key), 1)), (rc, nr), runs=True)
        return tc, tkey, nr
    w = resp["wave"]
    wa = w.array.codes if isinstance(w.dtype, pd.CategoricalDtype) else np.asarray(w)
    b = resp["business_line"]
    ba = b.array.codes if isinstance(b.dtype, pd.CategoricalDtype) else np.asarray(b)
    where = (wa.__array_interface__["data"][0], ba.__array_interface__["data"][0])
    key = f"triples:{where[0]}:{where[1]}:{wa.shape}"
    return _cached(resp["respondent"], key, fn)


def _keyed_counts(names: list[str], keys: list[tuple[np.ndarray, int]], combined: np.ndarray,
                  n: np.ndarray) -> pd.Series:
    """``n`` (one count per combined key of the coded ``keys``, given as (texts, number of
    codes)) as a Series indexed by the keys' texts, sorted by them (as ``_count_respondents``)."""
    parts = _split(combined, *(k for _, k in keys))
    f = pd.DataFrame({nm: u[p] for nm, (u, _), p in zip(names, keys, parts, strict=True)})
    f["n_respondents"] = n
    return f.sort_values(names, ignore_index=True).set_index(names)["n_respondents"]


def _count_respondents(respondent: pd.Series, rows: np.ndarray, names: list[str],
                       *keys: tuple[np.ndarray, np.ndarray],
                       combined: tuple[np.ndarray, np.ndarray] | None = None) -> pd.Series:
    """Distinct non-missing respondents per combination of coded keys (those with a row in
    ``rows``), as ``groupby(keys, sort=True)["respondent"].nunique()`` gives them
    (``combined``: the keys' :func:`_combine` result over all rows, when known)."""
    rc = _factorize(respondent)[0]
    every = bool(rows.all())
    if every and combined is not None:
        kc, key = combined
    else:
        kc, key = _combine(*((c if every else c[rows], len(u)) for c, u in keys))
    rr = rc if every else rc[rows]
    ok = rr >= 0
    nr = max(int(rc.max()) + 1, 1) if len(rc) else 1
    n = _distinct_counts(kc if ok.all() else kc[ok], len(key), rr if ok.all() else rr[ok], nr)
    return _keyed_counts(names, [(u, len(u)) for _, u in keys], key, n)


def _staged(resp: pd.DataFrame, practices: pd.DataFrame, model: Model,
            grid: _Grid | None = None) -> Scores:

    # goals
    gk = ["wave", "business_line", "goal"]
    if grid is not None:
        gr = _rate_goals_grid(practices["characterization"], grid)
    else:
        gr = rate_goals(practices["characterization"], practices[gk]).reset_index()
    goals = gr.merge(model.goals[["goal", "process_area", "kind", "capability_level"]], on="goal", how="left")
    goals = goals[GOAL_COLUMNS]

    # process areas: flags per goal group (specific, GG by capability level)
    pa = model.process_areas[["process_area", "level"]]
    gg = goals.merge(pa, on="process_area")
    gg["cap"] = gg["capability_level"].astype("float")
    pak = ["wave", "business_line", "process_area"]

    # the goals' (wave, line, area) groups numbered once (one hash of the keys); each rating
    # below counts its goals per group with bincount (a group with none of them: not rated)
    grouped = gg.groupby(pak, observed=True, sort=True)
    gcode = grouped.ngroup().to_numpy()
    gindex = grouped.size().index
    ng_ = len(gindex)
    keyed = gcode >= 0
    g_rating = gg["rating"]
    g_bad = g_rating.eq("not satisfied").to_numpy()
    g_nr = g_rating.eq("not rated").to_numpy()
    g_na = g_rating.eq("not applicable").to_numpy()

    def verdict_of(mask: pd.Series) -> pd.Series:
        """Rating of each area from its goals in ``mask``, aligned with ``idx``."""
        m = mask.to_numpy(dtype=bool) & keyed
        c = gcode[m]

        def count(flag: np.ndarray) -> np.ndarray:
            return np.bincount(c[flag[m]], minlength=ng_)
        n = np.bincount(c, minlength=ng_)
        v = np.select(
            [count(g_bad) > 0, count(g_nr) > 0, count(g_na) == n],
            ["not satisfied", "not rated", "not applicable"],
            default="satisfied",
        )
        v = np.where(n > 0, v, "not rated")
        return pd.Series(v, index=gindex).reindex(idx, fill_value="not rated")

    if grid is not None:  # lines (grid order) x the model's areas
        pa_ids = pa["process_area"].to_numpy(dtype=object)
        idx = pd.MultiIndex.from_arrays(
            [np.repeat(grid.lines["wave"].to_numpy(), len(pa_ids)),
             np.repeat(grid.lines["business_line"].to_numpy(), len(pa_ids)),
             np.tile(pa_ids, grid.nl)], names=pak)
    else:
        idx = pd.MultiIndex.from_frame(
            practices[KEYS].drop_duplicates().merge(pa[["process_area"]], how="cross")[pak]
        )
    # rating of each PA at its own staged level
    scope = _scope_levels(gg["level"])
    in_scope = (gg["kind"] == "specific") | (gg["cap"] <= scope)
    rating = verdict_of(in_scope)
    # capability level: SG -> 1, then GG by capability level order
    sg = verdict_of(gg["kind"] == "specific")
    cl = pd.Series(np.where(sg.isin(["satisfied", "not applicable"]), 1, 0), index=idx, dtype="float")
    cl[sg.eq("not rated") | sg.eq("not applicable")] = np.nan
    running = cl.eq(1)
    for level in sorted(gg.loc[gg["kind"] == "generic", "cap"].dropna().unique()):
        v = verdict_of((gg["kind"] == "generic") & (gg["cap"] == level))
        ok = v.isin(["satisfied", "not applicable"])
        running = running & ok
        cl[running] = level
    # PA score: mean of specific practice means
    if grid is not None:  # the same grouped mean (pandas' kernel) on integer keys
        pcode, pu_ = grid.codes("process_area")
        spec = (model.practices["kind"] == "specific").to_numpy()[grid.pp]
        key = grid.line[spec] * max(len(pu_), 1) + pcode[grid.pp[spec]]
        m = pd.Series(practices["mean"].to_numpy(dtype=float)[spec]).groupby(key, sort=True).mean()
        spm = pd.Series(m.to_numpy(), index=pd.MultiIndex.from_frame(
            grid.frame("process_area", pu_, m.index.to_numpy())), name="mean")
    else:
        spm = practices[practices["kind"] == "specific"].groupby(pak, observed=True)["mean"].mean()
    nresp = _pa_respondents(resp, model)
    pas = pd.DataFrame({"rating": rating, "capability_level": cl}).join(spm.rename("score")).join(nresp)
    pas = pas.reset_index().merge(pa, on="process_area", how="left")
    pas["capability_level"] = pas["capability_level"].astype("Int64")
    pas["n_respondents"] = pas["n_respondents"].fillna(0).astype("int64")
    order = {p_: i for i, p_ in enumerate(model.process_areas["process_area"])}
    pas = pas.sort_values(["wave", "business_line", "process_area"], key=lambda s: s.map(order) if s.name == "process_area" else s, ignore_index=True)
    process_areas = pas[PA_COLUMNS]

    # a level needs a satisfied area of its own (never reached on out-of-scope areas alone)
    pa_lvl = pd.Series(idx.get_level_values("process_area")).map(
        pa.drop_duplicates("process_area").set_index("process_area")["level"])
    own = pd.Series(rating.eq("satisfied").to_numpy()).groupby(
        [idx.get_level_values("wave"), idx.get_level_values("business_line"),
         pa_lvl.to_numpy()], observed=True).any()
    maturity = _maturity_levels(gg, practices, model, idx, grid, own)
    maturity = maturity.merge(line_respondents(resp), on=KEYS, how="left")[MATURITY_COLUMNS]
    return Scores(practices, goals.reset_index(drop=True), process_areas, maturity, model)


def _pa_respondents(resp: pd.DataFrame, model: Model) -> pd.Series:
    r = resp
    prc, pru = _factorize(r["practice"])  # the ids as given, mapped once per distinct id
    pa_vals = pd.Series(pru, dtype=object).map(model.practices.set_index("practice")["process_area"])
    pa_vals = pa_vals.to_numpy(dtype=object)
    ok_u = pd.notna(pa_vals)
    pac = np.full(len(pa_vals), -1, dtype=np.int32)
    c, pa_uniq = pd.factorize(pd.Series(pa_vals[ok_u], dtype=object).astype(str))
    pac[ok_u] = c
    ac = pac[np.maximum(prc, 0)] if len(pac) else np.full(len(prc), -1, dtype=np.int64)
    rows = r["value"].notna().to_numpy() & (prc >= 0) & (ac >= 0)
    wc, wu = _codes(r["wave"])
    lc, lu = _codes(r["business_line"])
    trip = _triples(r)
    if trip is not None:  # (triple, process area) pairs seen, counted per (wave, line, area)
        tc, tkey, nr = trip
        npa = max(len(pa_uniq), 1)
        # rows not counted go to an extra area code (npa), dropped after: no masked copies
        pairs = _distinct_pairs(tc, len(tkey), np.where(rows, ac, npa), npa + 1)
        pairs = pairs[pairs % (npa + 1) < npa]
        pairs = pairs // (npa + 1) * npa + pairs % (npa + 1)  # the same keys with npa codes
        wl_code = tkey[pairs // npa] // nr  # dense (wave, line) code of the pair
        _, _, _, wl_key = _line_keys(r)
        counts = np.bincount(wl_code * npa + pairs % npa, minlength=len(wl_key) * npa)
        present = np.flatnonzero(counts)  # (wave, line) codes x areas: a small table
        key, n = wl_key[present // npa] * npa + present % npa, counts[present]
        return _keyed_counts(["wave", "business_line", "process_area"],
                             [(wu, len(wu)), (lu, len(lu)),
                              (np.asarray(pa_uniq, dtype=object), npa)],
                             key, n.astype("int64"))
    return _count_respondents(r["respondent"], rows, ["wave", "business_line", "process_area"],
                              (wc, wu), (lc, lu), (np.maximum(ac, 0), np.asarray(pa_uniq, dtype=object)))


def _maturity_levels(gg: pd.DataFrame, practices: pd.DataFrame, model: Model, idx: pd.MultiIndex,
                     g: _Grid | None = None, own: pd.Series | None = None) -> pd.DataFrame:
    """Staged maturity level and index per (wave, business_line).

    ``own``: per (wave, business_line, level), whether an area of that level is satisfied; a
    level without one is not reached (its areas all out of scope, see :mod:`maturity.scoring.scope`)."""
    pa_levels = sorted(int(x) for x in model.process_areas["level"].dropna().unique())
    grid = g if g is not None and g.practices is practices else None
    if grid is not None:
        lines = grid.lines.copy()
    else:
        lines = practices[KEYS].drop_duplicates().reset_index(drop=True)
    lk = pd.MultiIndex.from_frame(lines)
    reached = pd.Series(True, index=lk)
    ml = pd.Series(1, index=lk, dtype="int64")
    ok_goal = gg["rating"].isin(["satisfied", "not applicable"]).to_numpy()
    # the goals' lines numbered once; per level: every required goal of the line is met
    grouped = gg.groupby(KEYS, observed=True, sort=True)
    lcode = grouped.ngroup().to_numpy()
    lindex = grouped.size().index
    keyed = lcode >= 0
    for L in pa_levels:
        if L < 2:
            continue
        need_cap = min(L, 3)
        req = ((gg["level"] <= L) & ((gg["kind"] == "specific") | (gg["cap"] <= need_cap)))
        req = req.to_numpy(dtype=bool) & keyed  # a new array: the view is read-only (CoW)
        n_req = np.bincount(lcode[req], minlength=len(lindex))
        n_bad = np.bincount(lcode[req & ~ok_goal], minlength=len(lindex))
        per = pd.Series((n_req > 0) & (n_bad == 0), index=lindex).reindex(lk, fill_value=False)
        if own is not None:
            mine = own.xs(L, level=2) if L in own.index.get_level_values(2) else pd.Series(dtype=bool)
            per = per & mine.reindex(lk, fill_value=False).to_numpy(dtype=bool)
        reached = reached & per
        ml[reached] = L
    # index: ML + share of the next level's required practices
    if grid is not None:
        share = _level_shares(practices, model, pa_levels, grid, lk)
    else:
        share = _level_shares_frame(practices, model, pa_levels, lk)
    next_share = pd.Series(0.0, index=lk)
    for L in pa_levels:
        if L < 2 or L not in share:
            continue
        is_next = ml.eq(max([x for x in pa_levels if 2 <= x < L], default=1))
        next_share[is_next] = share[L][is_next].fillna(0).clip(upper=0.99)
    out = lines.copy()
    out["maturity_level"] = ml.to_numpy()
    out["maturity_index"] = (ml + next_share).round(4).to_numpy()
    return out


def _rate_goals_grid(chars: pd.Series, grid: _Grid) -> pd.DataFrame:
    """:func:`rate_goals` of the practices grid (``wave, business_line, goal, rating``, in its
    order: lines, then goals by first appearance in the model): counts per goal by bincount."""
    gcode, gu = grid.codes("goal")
    ng = max(len(gu), 1)
    key = grid.line * ng + gcode[grid.pp]
    cc, cu = pd.factorize(chars.reset_index(drop=True), use_na_sentinel=False)
    cu = pd.Series(cu, dtype=object)

    present = np.flatnonzero(np.bincount(key, minlength=grid.nl * ng))
    counts = {flag: np.bincount(key, weights=cu.isin(chars).to_numpy(dtype=float)[cc],
                                minlength=grid.nl * ng)[present]
              for flag, chars in _GOAL_FLAGS.items()}
    rating = _goal_rating(counts["_bad"], counts["_nr"], counts["_na"], sum(counts.values()))
    f = grid.frame("goal", gu, present)
    f["rating"] = pd.Series(rating).to_numpy(dtype=object)
    return f


def _grid_positions(practices: pd.DataFrame, model: Model) -> tuple[np.ndarray, np.ndarray] | None:
    """(line number, practice position in the model) of each row when ``practices`` is the grid
    :func:`_practice_frame` builds (each line's block of the model's practices in model order);
    else None."""
    npr = len(model.practices)
    n = len(practices)
    if not npr or n % npr or not n:
        return None
    ids = model.practices["practice"].to_numpy(dtype=object)
    if not np.array_equal(practices["practice"].to_numpy(dtype=object), np.tile(ids, n // npr)):
        return None
    for c in KEYS:  # one (wave, line) per block
        v = practices[c].to_numpy(dtype=object)
        if not np.array_equal(v, np.repeat(v[::npr], npr)):
            return None
    pos = np.arange(n)
    return pos // npr, pos % npr


def _practice_facts(model: Model) -> pd.DataFrame | None:
    """Per model practice (model order): goal kind, goal capability level, area level and
    whether its scale is a characterization; None when a practice has no single goal/area."""
    mp = model.practices[["practice", "goal", "kind", "process_area"]].reset_index(drop=True)
    if not (mp["goal"].isin(model.goals["goal"]).all()
            and mp["process_area"].isin(model.process_areas["process_area"]).all()
            and model.goals["goal"].is_unique and model.process_areas["process_area"].is_unique):
        return None  # the frame path's inner merges decide what such rows mean
    f = mp.merge(model.goals[["goal", "capability_level"]], on="goal", how="left")
    f = f.merge(model.process_areas[["process_area", "level"]], on="process_area", how="left")
    pscale = model.questions.drop_duplicates("practice").set_index("practice")["scale"]
    kinds = {k: s.kind for k, s in model.scales.items()}
    f["_char"] = f["practice"].map(pscale).map(kinds).eq("characterization")
    th = _scale_thresholds(model, f["practice"].map(pscale))
    f["_li"], f["_zero"] = th["LI"], th["zero"]
    return f


def _scale_thresholds(model: Model, scale_ids: pd.Series) -> dict[str, np.ndarray]:
    """``FI, LI, PI`` and the index's ``zero`` of each row's scale (:attr:`Model.scale_thresholds`;
    the model's own where a scale has none)."""
    base = {**model.thresholds, "zero": model.index_zero}
    per = getattr(model, "scale_thresholds", {}) or {}
    sid = pd.Series(scale_ids, dtype=object).reset_index(drop=True)
    return {k: sid.map({s: t[k] for s, t in per.items()}).astype(float).fillna(base[k]).to_numpy()
            for k in base}


def _credit(chars: pd.Series, mean: pd.Series, char_scale: np.ndarray, th_li: Any,
            zero: Any = 0.0) -> np.ndarray:
    """Each practice's credit toward a maturity level: FI/LI 1; on a characterization scale PI
    0.5 (else 0); on a numeric scale the share of the way from the scale's lowest value
    (``zero``) to the LI threshold, clipped to [0, 0.99]; ``th_li``/``zero`` per practice
    (:func:`_scale_thresholds`) or one number."""
    cc, cu = pd.factorize(chars.reset_index(drop=True), use_na_sentinel=False)
    cu = pd.Series(cu, dtype=object)
    fili = cu.isin(["FI", "LI"]).to_numpy()[cc]
    char_credit = cu.map({"PI": 0.5}).fillna(0).to_numpy(float)[cc]
    m = mean.to_numpy(float)
    numeric_credit = np.clip((np.where(np.isnan(m), zero, m) - zero) / (th_li - zero), 0, 0.99)
    return np.where(fili, 1.0, np.where(char_scale, char_credit, numeric_credit))


def _counted_for_level(level: Any, kind: Any, cap: Any, L: int, pa_levels: list[int]) -> Any:
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


def _level_shares(practices: pd.DataFrame, model: Model, pa_levels: list[int], grid: _Grid,
                  lk: pd.MultiIndex) -> dict[int, pd.Series]:
    """:func:`_level_shares_frame` on the grid's positions: model facts per practice
    position, the mean credit per line by a grouped mean on line numbers (the same kernel)."""
    facts = _practice_facts(model)
    if facts is None:
        return _level_shares_frame(practices, model, pa_levels, lk)
    line, pp = grid.line, grid.pp
    ch = practices["characterization"]
    credit = _credit(ch, practices["mean"], facts["_char"].to_numpy(dtype=bool)[pp],
                     facts["_li"].to_numpy(float)[pp], facts["_zero"].to_numpy(float)[pp])
    na = ch.eq("NA").to_numpy()
    cap = facts["capability_level"].astype(float).to_numpy()
    level = facts["level"].to_numpy(dtype=float)
    kind = facts["kind"].to_numpy(dtype=object)
    share = {}
    for L in pa_levels:
        if L < 2:
            continue
        sel = _counted_for_level(level, kind, cap, L, pa_levels)[pp] & ~na
        m = pd.Series(credit[sel]).groupby(line[sel], sort=True).mean()
        share[L] = pd.Series(m.reindex(np.arange(len(lk))).to_numpy(), index=lk)
    return share


def _level_shares_frame(practices: pd.DataFrame, model: Model, pa_levels: list[int],
                        lk: pd.MultiIndex) -> dict[int, pd.Series]:
    """Mean credit of each level's required practices per (wave, business_line)."""
    pscale = model.questions.drop_duplicates("practice").set_index("practice")["scale"]
    kind = practices["practice"].map(pscale).map({k: s.kind for k, s in model.scales.items()})
    ch = practices["characterization"]
    th = _scale_thresholds(model, practices["practice"].map(pscale))
    credit = _credit(ch, practices["mean"], kind.eq("characterization").to_numpy(),
                     th["LI"], th["zero"])
    pr = practices[KEYS + ["practice", "process_area"]].assign(credit=credit, _na=ch.eq("NA").to_numpy())
    pr = pr.merge(model.practices[["practice", "goal", "kind"]], on="practice").merge(
        model.goals[["goal", "capability_level"]], on="goal"
    ).merge(model.process_areas[["process_area", "level"]], on="process_area")
    pr = pr[~pr["_na"]]
    share = {}
    for L in pa_levels:
        if L < 2:
            continue
        cap = pr["capability_level"].astype(float)
        sel = pr[_counted_for_level(pr["level"], pr["kind"], cap, L, pa_levels)]
        share[L] = sel.groupby(KEYS, observed=True)["credit"].mean().reindex(lk)
    return share
