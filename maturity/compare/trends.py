"""Changes between survey waves and comparisons between business lines.

Takes the tidy ``responses`` frame (:func:`maturity.ingest.responses.read_responses`) and the frames of
:func:`maturity.scoring.score.score` computed over several waves, and gives:

* :func:`changes` -- per business line and pair of waves: level and index before/after, the
  change in the mean respondent score with its confidence interval, a rank test and its effect
  size, and a plain-language caveat when the sample is small;
* :func:`pa_changes` -- the same per process area (capability level and score);
* :func:`line_comparison` -- Kruskal-Wallis across lines per wave, then Dunn-Holm pairs, as one
  tidy frame that writes as one CSV;
* :func:`rankings` -- the lines ranked by maturity index in each wave, with the rank change.

A *respondent score* (:func:`respondent_scores`) is a respondent's mean ``value`` over all
their scored answers in a wave (``na`` false, ``value`` not NaN), on the question scale.
Waves are string labels that sort in time order (e.g. ``2025-03``).

Every business line is handled at once: respondent scores come from the answers sorted once by
their integer id codes (object and categorical id columns give the same frames), the tests of
:func:`changes` run in batches of lines with equal sample sizes (one scipy call per batch; the
seeded resamples are those a call per line would draw, so the numbers are those of
:func:`maturity.compare.stats.paired_test` and :func:`maturity.compare.stats.unpaired_test`), and the Cliff's
deltas of :func:`line_comparison` for all pairs of lines come from cumulative counts.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse, special
from scipy import stats as st

from maturity.compare.reliability import _cells, _floats, _grouped, _id_codes, _join, _scored_mask
from maturity.compare.stats import (
    _choose_method,
    _kruskal_dunn_codes,
    kruskal_dunn,
    p_adjust,
    t_interval,
)
from maturity.exceptions import InputError
from maturity.i18n import _
from maturity.waves import WaveOrderError, order_waves, wave_rank, wave_sort_key

# the module, whose chunking size tests shrink
rel = importlib.import_module("maturity.compare.reliability")

__all__ = [
    "respondent_scores",
    "changes",
    "wave_pairs",
    "pa_changes",
    "line_comparison",
    "rankings",
    "CHANGES_COLUMNS",
    "PA_CHANGES_COLUMNS",
    "LINE_COMPARISON_COLUMNS",
    "RANKINGS_COLUMNS",
]

#: Columns of :func:`changes`, in order.
CHANGES_COLUMNS = [
    "business_line", "wave_from", "wave_to", "comparison", "level_from", "level_to",
    "index_from", "index_to", "delta", "ci_low", "ci_high",
    "score_from", "score_to", "score_delta", "score_ci_low", "score_ci_high",
    "stayers_from", "stayers_to", "stayers_delta", "stayers_ci_low", "stayers_ci_high",
    "test", "n_test", "statistic", "p_value", "p_adjusted", "min_p", "significant",
    "effect_size", "effect_size_kind", "p_method",
    "n_from", "n_to", "n_paired", "n_leavers", "n_newcomers", "leavers_mean", "newcomers_mean",
    "caveat",
]
#: Columns of :func:`pa_changes`, in order.
PA_CHANGES_COLUMNS = [
    "business_line", "process_area", "wave_from", "wave_to", "capability_from", "capability_to",
    "score_from", "score_to", "delta",
]
#: Columns of :func:`line_comparison`, in order.
LINE_COMPARISON_COLUMNS = [
    "wave", "comparison", "line_a", "line_b", "statistic", "p_value", "p_adjusted",
    "significant", "effect_size", "effect_size_kind", "n_a", "n_b", "note",
]
#: Columns of :func:`rankings`, in order.
RANKINGS_COLUMNS = [
    "wave", "business_line", "rank", "maturity_index", "maturity_level", "rank_change",
    "compared_with",
]

TestChoice = Literal["auto", "paired", "unpaired", "permutation"]


def respondent_scores(
    responses: pd.DataFrame, process_areas: Sequence[str] | pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each respondent's mean scored answer per wave and business line.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame (at least ``wave, business_line, respondent, value``;
        ``na`` and ``process_area`` are used when present).
    process_areas : list of str or DataFrame, optional
        Only answers to these process areas count (a frame: its ``process_area`` column).

    Returns
    -------
    pandas.DataFrame
        ``wave, business_line, respondent, score, n_answers``, sorted, RangeIndex; respondents
        without a scored answer are left out.

    Examples
    --------
    >>> resp = pd.DataFrame({"wave": "2025-03", "business_line": "retail",
    ...                      "respondent": ["a", "a", "b"], "value": [2.0, 4.0, np.nan],
    ...                      "na": [False, False, True]})
    >>> respondent_scores(resp)
          wave business_line respondent  score  n_answers
    0  2025-03        retail          a    3.0          2
    """
    need = ["wave", "business_line", "respondent", "value"]
    _require(responses, need, "respondent_scores")
    if process_areas is not None:
        _require(responses, ["process_area"], "respondent_scores")
        pas = (
            process_areas["process_area"].unique()
            if isinstance(process_areas, pd.DataFrame)
            else list(process_areas)
        )
        keep = responses["process_area"].isin(pas).to_numpy(dtype=bool)
    else:
        keep = None
    fast = _sorted_respondent_scores(responses, keep)
    if fast is not None:
        return fast
    # sorted integer codes, one mean per (wave, line, respondent) as groupby(sort=True) gives it
    cells = _cells(
        responses, ["wave", "business_line"], "respondent", None, "value", scored_only=True,
        mask=keep, counts=True,
    )
    out = pd.DataFrame(
        {
            c: lab[cc]
            for c, cc, lab in zip(
                need[:3], [*cells.keys, cells.rater], cells.labels + [cells.rater_labels],
                strict=True,
            )
        }
    )
    out["score"] = cells.value
    out["n_answers"] = cells.count.astype("int64")
    return out


def changes(
    responses: pd.DataFrame,
    maturity: pd.DataFrame,
    process_areas: Sequence[str] | pd.DataFrame | None = None,
    *,
    waves: Sequence[str] | None = None,
    baseline: str | None = None,
    test: TestChoice = "auto",
    confidence: float = 0.95,
    seed: int = 0,
    min_n: int = 5,
    n_resamples: int = 9999,
    alpha: float = 0.05,
    composition_tol: float = 0.1,
    model: Any = None,
    n_boot: int = 200,
    replicates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Change of each business line between waves: the index, all respondents, the stayers.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame of all waves, or respondent scores (the frame of
        :func:`respondent_scores`, e.g. last year's ``respondents.csv`` beside this year's).
    maturity : pandas.DataFrame
        The ``maturity`` frame of :func:`maturity.scoring.score.score` over the same waves
        (``wave, business_line, maturity_level, maturity_index``).
    process_areas : list of str or DataFrame, optional
        Restrict the respondent scores to these process areas (e.g. the ML2 areas); a frame
        such as ``Scores.process_areas`` contributes its ``process_area`` column. The level and
        index always come from ``maturity``.
    waves : list of str, optional
        Waves to compare (any order: they are put in time order by
        :func:`maturity.waves.order_waves`, never taken in the order typed). Default: every
        wave found.
    baseline : str, optional
        A wave compared with each other wave (``comparison = 'baseline'``), besides the
        consecutive pairs (``'consecutive'``; a pair that is both is ``'baseline, consecutive'``).
    test : {'auto', 'paired', 'unpaired', 'permutation'}
        ``'paired'``: Wilcoxon signed-rank on the stayers (respondents who answered both
        waves). ``'unpaired'``: Mann-Whitney U on all respondents of each wave. ``'auto'``:
        paired when at least two respondents answered both waves and they are at least half of
        the smaller wave, unpaired otherwise. ``'permutation'``: as ``'auto'`` with seeded
        permutation p-values. Exact/permutation/normal p-values are chosen as in
        :func:`maturity.compare.stats.paired_test` and :func:`maturity.compare.stats.unpaired_test`.
    confidence : float
        Coverage of every interval.
    seed : int
        Seed of permutation p-values and of the bootstrap (the result is deterministic).
    min_n : int
        Fewer respondents than this in the test run adds the caveat ``'n < min_n: small
        sample, treat as indicative'``.
    n_resamples : int
        Resamples of permutation p-values.
    alpha : float
        Level of ``significant`` (Holm-adjusted across the lines of a wave pair).
    composition_tol : float
        A line whose all-respondent and stayers' changes differ in sign, or by at least this
        much (question scale), while respondents left or joined, gets a composition caveat.
    model : Model or str or callable, optional
        The model the index was scored with (or a function ``responses -> maturity frame``):
        then the index change gets a bootstrap interval (``ci_low, ci_high``,
        :func:`maturity.compare.yoy.index_replicates`). Without it those columns are NaN.
    n_boot : int
        Bootstrap resamples of the index change (0: none).
    replicates : pandas.DataFrame, optional
        Resampled indices already computed (:func:`maturity.compare.yoy.index_replicates`), used
        instead of ``model``.

    Returns
    -------
    pandas.DataFrame
        One row per business line and wave pair (lines in either wave), columns
        :data:`CHANGES_COLUMNS`:

        * ``comparison`` (``'consecutive'``, ``'baseline'`` or ``'baseline, consecutive'``);
        * ``level_from, level_to, index_from, index_to`` from ``maturity``; ``delta =
          index_to - index_from`` (the *maturity index change*) and ``ci_low, ci_high`` its
          bootstrap interval (respondents resampled within line and wave, the index rescored;
          extended to hold ``delta`` when the resamples all fall on one side of it, which a
          stepped index can do);
        * ``score_from, score_to, score_delta`` the *mean answer change* of all respondents
          (question scale) and ``score_ci_low, score_ci_high`` Welch's interval, always;
        * ``stayers_from, stayers_to, stayers_delta, stayers_ci_low, stayers_ci_high`` the
          same for the respondents who answered both waves (t-interval of the differences);
        * ``test`` (``'wilcoxon'`` on the stayers or ``'mann_whitney'`` on all respondents,
          ``''`` when none was possible), ``n_test`` the observations of that test (pairs, or
          respondents of both waves), ``statistic, p_value``, ``p_adjusted`` (Holm across the
          lines of the wave pair), ``min_p`` the smallest p-value the test can give at this
          sample size (``2 / 2**m`` Wilcoxon with m pairs whose scores differ, ``2 / C(n1 +
          n2, n1)`` Mann-Whitney), ``significant`` (True only when ``p_adjusted < alpha``,
          ``min_p < alpha`` and the interval of the tested change -- stayers' or all
          respondents' -- excludes 0), ``effect_size`` with ``effect_size_kind`` (``'rank_biserial'``,
          ``'cliffs_delta'``; positive = the later wave scores higher), ``p_method``;
        * ``n_from, n_to`` respondents with a score in each wave, ``n_paired`` stayers,
          ``n_leavers, n_newcomers`` and ``leavers_mean`` (their scores in ``wave_from``),
          ``newcomers_mean`` (in ``wave_to``);
        * ``caveat`` plain-language warnings joined by ``'; '`` (``''`` if none).

    Notes
    -----
    Intervals: the t-interval of the mean of the stayers' differences
    (:func:`maturity.compare.stats.t_interval`); Welch's interval for the difference of all
    respondents' means (:meth:`scipy.stats.ttest_ind`, ``equal_var=False``); the percentile
    bootstrap of the index change (methods.md: "for a maturity index change use a seeded
    bootstrap over respondents"). Tests: :func:`maturity.compare.stats.paired_test` (Wilcoxon 1945)
    and :func:`maturity.compare.stats.unpaired_test` (Mann & Whitney 1947); Likert answers tie, so
    their p-values come from a seeded permutation distribution (methods.md). Holm (1979)
    across lines: :func:`maturity.compare.stats.p_adjust`.

    Examples
    --------
    >>> resp = pd.DataFrame({
    ...     "wave": ["2025-03"] * 3 + ["2025-09"] * 3, "business_line": "retail",
    ...     "respondent": ["a", "b", "c"] * 2, "value": [1.0, 2.0, 2.0, 3.0, 3.0, 4.0],
    ...     "na": False})
    >>> mat = pd.DataFrame({"wave": ["2025-03", "2025-09"], "business_line": "retail",
    ...                     "maturity_level": [1, 2], "maturity_index": [1.4, 2.1]})
    >>> out = changes(resp, mat)
    >>> out[["wave_from", "wave_to", "delta", "score_delta", "test", "n_test"]].round(2)
      wave_from  wave_to  delta  score_delta      test  n_test
    0   2025-03  2025-09    0.7         1.67  wilcoxon       3
    >>> float(out.loc[0, "min_p"]), bool(out.loc[0, "significant"])
    (0.25, False)
    """
    _check_test(test)
    _require(maturity, ["wave", "business_line", "maturity_level", "maturity_index"], "changes")
    if {"score", "respondent"} <= set(responses.columns) and "value" not in responses.columns:
        scores = _object_ids(responses[["wave", "business_line", "respondent", "score"]],
                             ["wave", "business_line", "respondent"])
        scores = scores.astype({"wave": str, "business_line": str, "respondent": str})
    else:
        scores = respondent_scores(responses, process_areas)
    mat = _object_ids(
        maturity[["wave", "business_line", "maturity_level", "maturity_index"]],
        ["wave", "business_line"],
    )
    _check_wave_labels(mat, "maturity")
    pairs = _wave_pairs(waves, mat["wave"], scores["wave"], baseline=baseline,
                        dates=_dates(responses))
    mat = mat.drop_duplicates(["wave", "business_line"])
    parts = []
    for wf, wt, kind in pairs:
        part = _changes_between(wf, wt, mat, scores, test, confidence, seed, min_n, n_resamples)
        part.insert(3, "comparison", kind)
        parts.append(part)
    if not parts:  # no wave pair: the columns with the dtypes of a frame with rows
        out = pd.DataFrame([], columns=CHANGES_COLUMNS)
        text = {"business_line", "wave_from", "wave_to", "comparison", "test",
                "effect_size_kind", "p_method", "caveat"}
        counts = {"n_from", "n_to", "n_paired", "n_leavers", "n_newcomers", "n_test"}
        return out.astype({c: (object if c in text else "int64" if c in counts
                               else "Int64" if c in ("level_from", "level_to")
                               else bool if c == "significant" else "float64")
                           for c in CHANGES_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    out["ci_low"], out["ci_high"] = np.nan, np.nan
    if replicates is None and model is not None and n_boot > 0 and "value" in responses.columns:
        from maturity.compare.yoy import index_replicates

        used = sorted({w for wf, wt, _kind in pairs for w in (wf, wt)})
        replicates = index_replicates(responses, model, waves=used, n_boot=n_boot, seed=seed)
    if replicates is not None:
        from maturity.compare.yoy import delta_intervals

        out["ci_low"], out["ci_high"] = delta_intervals(out, replicates, confidence=confidence)
    _judge(out, alpha, min_n, composition_tol)
    for c in ("n_from", "n_to", "n_paired", "n_leavers", "n_newcomers", "n_test"):
        out[c] = out[c].astype("int64")
    for c in ("level_from", "level_to"):
        out[c] = pd.array(out[c], dtype="Int64")
    return out[CHANGES_COLUMNS]


def _judge(out: pd.DataFrame, alpha: float, min_n: int, tol: float) -> None:
    """Holm-adjusted p-values, the smallest reachable p, ``significant`` and the caveats of
    :func:`changes`, in place on its rows (every wave pair)."""
    out["p_adjusted"] = np.nan
    for _pair, rows in out.groupby(["wave_from", "wave_to"], sort=False).groups.items():
        out.loc[rows, "p_adjusted"] = p_adjust(out.loc[rows, "p_value"].to_numpy(float))
    wil = out["test"].eq("wilcoxon").to_numpy()
    mw = out["test"].eq("mann_whitney").to_numpy()
    n_p = out["n_paired"].to_numpy(dtype=float)
    n_moved = out.pop("_moved").to_numpy(dtype=float)
    n1, n2 = out["n_from"].to_numpy(dtype=float), out["n_to"].to_numpy(dtype=float)
    with np.errstate(over="ignore"):
        min_p = np.where(wil, np.minimum(1.0, 2.0 ** (1 - n_moved)), np.nan)
        min_p = np.where(mw, np.minimum(1.0, 2.0 / special.comb(n1 + n2, n1)), min_p)
    out["min_p"] = min_p
    tested_lo = np.where(wil, out["stayers_ci_low"], out["score_ci_low"])
    tested_hi = np.where(wil, out["stayers_ci_high"], out["score_ci_high"])
    excludes0 = (tested_lo > 0) | (tested_hi < 0)
    p_ok = out["p_adjusted"].to_numpy(dtype=float) < alpha
    possible = min_p < alpha
    out["significant"] = p_ok & excludes0 & possible
    n_used = np.where(wil, n_p, np.minimum(n1, n2))
    caveats = [out.pop("_caveats").to_numpy(dtype=object), out.pop("_note").to_numpy(dtype=object)]
    empty = (n1 == 0) | (n2 == 0)
    small = np.where(
        empty,
        [_("no respondents in wave {w}: no change").format(w=wf if a == 0 else wt)
         for wf, wt, a in zip(out["wave_from"], out["wave_to"], n1, strict=True)],
        np.where(n_used < min_n, _("n < {n}: small sample, treat as indicative").format(n=min_n),
                 ""),
    )
    caveats.append(small.astype(object))
    kind = np.where(wil, _("pairs that changed"), _("respondents"))
    caveats.append(np.array([
        _("p < {a:g} impossible with {n} {kind} (smallest p {p:.3g}): not testable").format(
            a=alpha, n=int(n), kind=k, p=p) if np.isfinite(p) and p >= alpha else ""
        for n, k, p in zip(np.where(wil, n_moved, out["n_test"]), kind, min_p, strict=True)
    ], dtype=object))
    caveats.append(np.where(
        p_ok & possible & ~excludes0,
        _("the test and the interval disagree: not significant"), "").astype(object))
    sd, st_d = out["score_delta"].to_numpy(float), out["stayers_delta"].to_numpy(float)
    moved = (out["n_leavers"].to_numpy() > 0) | (out["n_newcomers"].to_numpy() > 0)
    differ = moved & np.isfinite(sd) & np.isfinite(st_d) & (
        (np.sign(sd) != np.sign(st_d)) | (np.abs(sd - st_d) >= tol))
    caveats.append(np.array([
        _("composition changed: all respondents {a:+.2f}, the {n} who answered both waves "
          "{s:+.2f} ({nl} left, mean {lm}; {nn} joined, mean {nm})").format(
            a=a, n=n, s=s, nl=nl, lm=_fmt(lm), nn=nn, nm=_fmt(nm)) if d else ""
        for d, a, s, n, nl, lm, nn, nm in zip(
            differ, sd, st_d, out["n_paired"], out["n_leavers"], out["leavers_mean"],
            out["n_newcomers"], out["newcomers_mean"], strict=True)
    ], dtype=object))
    out["caveat"] = _join(caveats)


def _fmt(x: float) -> str:
    return "–" if not np.isfinite(x) else f"{x:.2f}"


def _dates(responses: pd.DataFrame) -> pd.DataFrame | None:
    """The distinct ``wave, date`` pairs of the answers (to order waves whose labels name no
    date), or None."""
    if not {"wave", "date"} <= set(responses.columns):
        return None
    return responses[["wave", "date"]].drop_duplicates()


def _check_wave_labels(frame: pd.DataFrame, where: str) -> None:
    """Wave labels must be text (a ``read_csv`` without ``dtype`` turns ``2025`` into an int)."""
    bad = [w for w in frame["wave"].dropna().unique() if not isinstance(w, str)]
    if bad:
        raise InputError(
            f"changes: the {where} frame's wave column holds non-text labels "
            f"({', '.join(map(repr, bad[:5]))}); read the file with dtype={{'wave': str}} "
            "(maturity.compare.yoy.read_outputs does) so a wave stays a label"
        )



def pa_changes(
    scores_pa: pd.DataFrame, waves: Sequence[str] | None = None, *, baseline: str | None = None
) -> pd.DataFrame:
    """Change of each process area's capability level and score between waves.

    Parameters
    ----------
    scores_pa : pandas.DataFrame
        The ``process_areas`` frame of :func:`maturity.scoring.score.score` over several waves
        (``wave, business_line, process_area, capability_level, score``).
    waves : list of str, optional
        As in :func:`changes`: consecutive pairs of the given waves in time order; default
        every wave found.
    baseline : str, optional
        As in :func:`changes`: also the baseline against each other wave.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PA_CHANGES_COLUMNS`, one row per business line, process area and wave
        pair (a process area scored in only one of the two waves keeps its row with NA on the
        other side); ``delta = score_to - score_from`` on the question scale.

    Examples
    --------
    >>> pa = pd.DataFrame({"wave": ["2025-03", "2025-09"], "business_line": "retail",
    ...                    "process_area": "PP", "capability_level": [1, 2],
    ...                    "score": [2.0, 2.75]})
    >>> pa_changes(pa)[["process_area", "capability_from", "capability_to", "delta"]]
      process_area  capability_from  capability_to  delta
    0           PP                1              2   0.75
    """
    need = ["wave", "business_line", "process_area", "capability_level", "score"]
    _require(scores_pa, need, "pa_changes")
    keys = ["business_line", "process_area"]
    data = _object_ids(scores_pa[need], ["wave"] + keys)
    pairs = _wave_pairs(waves, data["wave"], baseline=baseline)
    data = data.drop_duplicates(["wave"] + keys)
    parts = []
    for wf, wt, _kind in pairs:
        a = data[data["wave"] == wf].drop(columns="wave")
        b = data[data["wave"] == wt].drop(columns="wave")
        m = a.merge(b, on=keys, how="outer", suffixes=("_from", "_to"))
        m.insert(2, "wave_from", wf)
        m.insert(3, "wave_to", wt)
        parts.append(m)
    if not parts:
        return pd.DataFrame(columns=PA_CHANGES_COLUMNS)
    out = pd.concat(parts, ignore_index=True).rename(
        columns={"capability_level_from": "capability_from", "capability_level_to": "capability_to"}
    )
    out["delta"] = out["score_to"] - out["score_from"]
    for c in ("capability_from", "capability_to"):
        out[c] = pd.array(out[c], dtype="Int64")
    out = out.sort_values(["wave_from", "business_line", "process_area"], kind="mergesort",
                          key=wave_sort_key(order_waves(data["wave"])))
    return out[PA_CHANGES_COLUMNS].reset_index(drop=True)


def line_comparison(
    responses: pd.DataFrame,
    *,
    wave: str | Sequence[str] | None = None,
    process_areas: Sequence[str] | pd.DataFrame | None = None,
    p_adjust: Literal["holm", "bh", "bonferroni", "none"] = "holm",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Do business lines differ? Kruskal-Wallis per wave, then Dunn's pairs with Holm.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame.
    wave : str or list of str, optional
        Wave(s) to compare; default every wave.
    process_areas : list of str or DataFrame, optional
        Restrict the respondent scores to these process areas.
    p_adjust : {'holm', 'bh', 'bonferroni', 'none'}
        Adjustment of the pairwise p-values within a wave.
    alpha : float
        Level for ``significant``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LINE_COMPARISON_COLUMNS`. Per wave one ``comparison = 'omnibus'`` row
        (``statistic`` = H, ``p_adjusted`` = ``p_value`` since it is a single test,
        ``effect_size`` = epsilon-squared ``H / (n - 1)``, ``line_a``/``line_b`` empty, ``n_a``
        = respondents, ``n_b`` = lines) followed by one ``'pairwise'`` row per pair of lines
        (``statistic`` = Dunn's z, positive when ``line_a`` ranks higher; ``effect_size`` =
        Cliff's delta of ``line_a`` vs ``line_b``; ``n_a, n_b`` respondents). Observations
        are respondent scores (:func:`respondent_scores`).

    Notes
    -----
    See :func:`maturity.compare.stats.kruskal_dunn` for the formulas and the test vector.

    Examples
    --------
    >>> resp = pd.DataFrame({
    ...     "wave": "2025-03", "business_line": ["a"] * 4 + ["b"] * 4,
    ...     "respondent": list("pqrstuvw"), "value": [1, 2, 1, 2, 3, 4, 3, 4.0], "na": False})
    >>> out = line_comparison(resp)
    >>> out[["comparison", "line_a", "line_b", "statistic", "p_value", "effect_size"]].round(3)
      comparison line_a line_b  statistic  p_value  effect_size
    0    omnibus                      5.600    0.018          0.8
    1   pairwise      a      b     -2.366    0.018         -1.0
    """
    scores = respondent_scores(responses, process_areas)
    if wave is not None:
        wanted = [wave] if isinstance(wave, str) else list(wave)
        unknown = sorted(set(wanted) - set(scores["wave"]))
        if unknown:
            raise InputError(
                f"line_comparison: wave(s) {', '.join(unknown)} have no scored answers; "
                f"found {', '.join(sorted(scores['wave'].unique()))}"
            )
        scores = scores[scores["wave"].isin(wanted)]
    # one block of rows per wave: the omnibus row, then a row per pair of lines; the columns are
    # allocated once at their final size and filled wave by wave
    waves = []
    for w, g in scores.groupby("wave", sort=True, observed=True):
        line, names = pd.factorize(g["business_line"], sort=True)
        waves.append((w, line, np.asarray(names, dtype=object), g["score"].to_numpy(dtype=float)))
    rank = wave_rank([str(t[0]) for t in waves], responses)  # blocks in time order
    waves.sort(key=lambda t: rank[str(t[0])])
    if not waves:
        out = pd.DataFrame([], columns=LINE_COMPARISON_COLUMNS)
        for c in ("n_a", "n_b"):
            out[c] = out[c].astype("int64")
        out["significant"] = out["significant"].astype(bool)
        return out
    total = sum(1 + len(names) * (len(names) - 1) // 2 for _, _, names, _ in waves)
    kinds = {"statistic": float, "p_value": float, "p_adjusted": float, "effect_size": float,
             "significant": bool, "n_a": np.int64, "n_b": np.int64}
    cols = {
        c: np.empty(total, dtype=kinds.get(c, object)) for c in LINE_COMPARISON_COLUMNS
    }
    at = 0
    for w, line, names, values in waves:
        omnibus, pairs = _kruskal_dunn(values, line, len(names), p_adjust, alpha)
        p = omnibus["p_value"]
        ia, ib = pairs["group_a"], pairs["group_b"]
        m = ia.size + 1
        rows = slice(at, at + m)
        body = slice(at + 1, at + m)
        cols["wave"][rows] = w
        cols["comparison"][at] = "omnibus"
        cols["comparison"][body] = "pairwise"
        cols["line_a"][at] = cols["line_b"][at] = ""
        cols["line_a"][body] = names[ia]
        cols["line_b"][body] = names[ib]
        for c, first, rest in (
            ("statistic", omnibus["statistic"], pairs["z"]),
            ("p_value", p, pairs["p_value"]),
            ("p_adjusted", p, pairs["p_adjusted"]),
            ("significant", bool(p < alpha), pairs["significant"]),
            ("effect_size", omnibus["epsilon_squared"],
             _cliffs_deltas(values, line, len(names), ia, ib)),
            ("n_a", omnibus["n"], pairs["n_a"]),
            ("n_b", omnibus["k"], pairs["n_b"]),
        ):
            cols[c][at] = first
            cols[c][body] = rest
        cols["effect_size_kind"][at] = "epsilon_squared"
        cols["effect_size_kind"][body] = "cliffs_delta"
        cols["note"][rows] = omnibus["note"]
        at += m
    # copy=False: the columns are not copied into consolidated blocks (the frame is the same)
    return pd.DataFrame(cols, columns=LINE_COMPARISON_COLUMNS, copy=False)


def rankings(
    maturity: pd.DataFrame,
    *,
    waves: Sequence[str] | None = None,
    baseline: str | None = None,
) -> pd.DataFrame:
    """Business lines ranked by maturity index in each wave.

    Parameters
    ----------
    maturity : pandas.DataFrame
        The ``maturity`` frame (``wave, business_line, maturity_level, maturity_index``).
    waves : list of str, optional
        Only these waves (put in time order); default every wave.
    baseline : str, optional
        ``rank_change`` against this wave instead of the previous one.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RANKINGS_COLUMNS`, sorted by wave and rank. ``rank`` 1 is the highest
        index; equal indices are broken by business-line name (deterministic) and a missing
        index ranks last. ``rank_change`` = rank in the previous wave minus rank now (positive
        = moved up; NA in the first wave or for a line new in this wave), against the wave
        named in ``compared_with`` (the previous wave in time order, or ``baseline``).

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": ["2025-03"] * 3 + ["2025-09"] * 3,
    ...                     "business_line": ["a", "b", "c"] * 2,
    ...                     "maturity_level": [1, 2, 2, 2, 2, 3],
    ...                     "maturity_index": [1.5, 2.2, 2.2, 2.6, 2.4, 3.1]})
    >>> rankings(mat).drop(columns="compared_with")
          wave business_line  rank  maturity_index  maturity_level  rank_change
    0  2025-03             b     1             2.2               2         <NA>
    1  2025-03             c     2             2.2               2         <NA>
    2  2025-03             a     3             1.5               1         <NA>
    3  2025-09             c     1             3.1               3            1
    4  2025-09             a     2             2.6               2            1
    5  2025-09             b     3             2.4               2           -2
    """
    _require(maturity, ["wave", "business_line", "maturity_level", "maturity_index"], "rankings")
    d = _object_ids(
        maturity[["wave", "business_line", "maturity_index", "maturity_level"]],
        ["wave", "business_line"],
    )
    _check_wave_labels(d, "maturity")
    d = d.astype({"wave": str})
    if waves is not None or baseline is not None:
        chosen = {p[0] for p in _wave_pairs(waves, d["wave"], baseline=baseline)} | {
            p[1] for p in _wave_pairs(waves, d["wave"], baseline=baseline)}
        d = d[d["wave"].isin(chosen)]
    d["_neg"] = -d["maturity_index"].astype(float)
    order = {w: i for i, w in enumerate(_ordered(d["wave"].unique().tolist()))}
    d["_t"] = d["wave"].map(order)
    d = d.sort_values(["_t", "_neg", "business_line"], na_position="last", kind="mergesort")
    d["rank"] = d.groupby("wave", sort=False).cumcount() + 1
    waves_t = sorted(order, key=order.get)
    if baseline is not None:
        prev = {w: str(baseline) for w in waves_t if w != str(baseline)}
    else:
        prev = dict(zip(waves_t[1:], waves_t[:-1], strict=False))
    before = pd.DataFrame(
        {
            "wave": d["wave"].map(prev).to_numpy(dtype=object),
            "business_line": d["business_line"].to_numpy(dtype=object),
        }
    )
    now = d[["wave", "business_line", "rank"]].astype({"wave": object, "business_line": object})
    prev_rank = before.merge(now, on=["wave", "business_line"], how="left")["rank"]
    prev_rank = prev_rank.to_numpy(dtype=float)
    d["rank_change"] = pd.array(prev_rank - d["rank"].to_numpy(), dtype="Int64")
    d["rank"] = d["rank"].astype("int64")
    d["compared_with"] = d["wave"].map(prev).astype(object).fillna("")
    return d[RANKINGS_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- internals


def _changes_between(
    wf: str,
    wt: str,
    mat: pd.DataFrame,
    scores: pd.DataFrame,
    test: str,
    confidence: float,
    seed: int,
    min_n: int,
    n_resamples: int,
) -> pd.DataFrame:
    """The rows of :func:`changes` for one pair of waves, every business line at once.

    Three views of each line's change: the maturity index (``delta``, from ``mat``), the mean
    answer of all respondents (``score_*``, Welch's interval) and of the stayers who answered
    both waves (``stayers_*``, the t-interval of the paired differences). The test is run on
    the stayers (Wilcoxon) or on all respondents (Mann-Whitney), in batches of lines with the
    same sample sizes (one scipy call per batch: the same seed gives each line the same
    resamples as a call of its own would), so every number is the one
    :func:`maturity.compare.stats.paired_test` / ``unpaired_test`` give.
    """
    lines = sorted(
        set(mat.loc[mat["wave"].isin([wf, wt]), "business_line"])
        | set(scores.loc[scores["wave"].isin([wf, wt]), "business_line"])
    )
    idx = pd.Index(lines, dtype=object)
    nl = len(lines)
    out: dict[str, Any] = {"business_line": np.asarray(lines, dtype=object)}
    out["wave_from"] = np.full(nl, wf, dtype=object)
    out["wave_to"] = np.full(nl, wt, dtype=object)
    caveats = []
    for w, side in ((wf, "from"), (wt, "to")):
        m = mat[mat["wave"] == w].set_index("business_line")
        out[f"level_{side}"] = m["maturity_level"].reindex(idx).to_numpy()
        # a float even when ``maturity`` has no row for these waves (its column is then object)
        out[f"index_{side}"] = m["maturity_index"].reindex(idx).to_numpy(dtype=float)
        caveats.append(np.where(idx.isin(m.index), "", f"not scored in wave {w}"))
    out["delta"] = out["index_to"] - out["index_from"]

    def side(w: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        s = scores[scores["wave"] == w]
        line = idx.get_indexer(s["business_line"])
        order = np.argsort(line, kind="stable")
        n = np.bincount(line, minlength=nl)
        return s["score"].to_numpy(dtype=float)[order], n, np.cumsum(n) - n

    a_all, n_from, off_from = side(wf)
    b_all, n_to, off_to = side(wt)
    keys = ["business_line", "respondent"]
    both = scores.loc[scores["wave"] == wf, keys + ["score"]].merge(
        scores.loc[scores["wave"] == wt, keys + ["score"]], on=keys, suffixes=("_a", "_b")
    )  # respondents who answered both waves, in respondent order within each line
    line = idx.get_indexer(both["business_line"])
    order = np.argsort(line, kind="stable")
    pa_all = both["score_a"].to_numpy(dtype=float)[order]
    pb_all = both["score_b"].to_numpy(dtype=float)[order]
    n_paired = np.bincount(line, minlength=nl)
    off_paired = np.cumsum(n_paired) - n_paired
    # pairs whose scores differ: Wilcoxon drops the others, so they set the smallest p
    n_moved = np.bincount(line, (both["score_b"] != both["score_a"]).to_numpy(dtype=float),
                          minlength=nl).astype("int64")

    if test == "paired":
        paired = np.ones(nl, dtype=bool)
    elif test == "unpaired":
        paired = np.zeros(nl, dtype=bool)
    else:
        paired = (n_paired >= 2) & (n_paired >= 0.5 * np.minimum(n_from, n_to))
        few = np.flatnonzero(~paired & (n_paired >= 2))
        only = np.full(nl, "", dtype=object)
        only[few] = (
            "only " + pd.Series(n_paired[few]).astype(str)
            + " respondents answered both waves: unpaired test"
        ).to_numpy(dtype=object)
        caveats.append(only)
    method = "permutation" if test == "permutation" else "auto"

    res = {
        c: np.full(nl, np.nan)
        for c in ("score_from", "score_to", "score_delta", "score_ci_low", "score_ci_high",
                  "stayers_from", "stayers_to", "stayers_delta", "stayers_ci_low",
                  "stayers_ci_high", "statistic", "p_value", "effect_size")
    }
    res["p_method"] = np.full(nl, "", dtype=object)
    res["note"] = np.full(nl, "", dtype=object)

    def put(rows: np.ndarray, part: dict[str, np.ndarray], prefix: str = "") -> None:
        for c, v in part.items():
            res[prefix + c if prefix else c][rows] = v

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for n in np.unique(n_paired):  # stayers' change for every line, the test where paired
            rows = np.flatnonzero(n_paired == n)
            take = off_paired[rows][:, None] + np.arange(n)
            a, b = pa_all[take], pb_all[take]
            put(rows, _renamed(_paired_means(a, b, confidence), "stayers"))
            tested = paired[rows]
            if tested.any():
                put(rows[tested],
                    _signed_rank_tests(a[tested], b[tested], method, n_resamples, seed))
        # all respondents' change for every line (Welch, one vectorised formula), the test
        # where unpaired (batched by sample sizes)
        put(np.arange(nl), _renamed(_welch(a_all, n_from, b_all, n_to, confidence), "score"))
        shapes = np.unique(np.stack([n_from, n_to])[:, ~paired], axis=1)
        for nf, nt in shapes.T:
            rows = np.flatnonzero(~paired & (n_from == nf) & (n_to == nt))
            a = a_all[off_from[rows][:, None] + np.arange(nf)]
            b = b_all[off_to[rows][:, None] + np.arange(nt)]
            put(rows, _rank_sum_tests(b, a, method, n_resamples, seed))

    for c in ("score_from", "score_to", "score_delta", "score_ci_low", "score_ci_high",
              "stayers_from", "stayers_to", "stayers_delta", "stayers_ci_low",
              "stayers_ci_high"):
        out[c] = res[c]
    untested = (res["note"] != "") & np.isnan(res["statistic"])
    out["test"] = np.where(untested, "", np.where(paired, "wilcoxon", "mann_whitney")).astype(
        object)
    out["n_test"] = np.where(untested, 0, np.where(paired, n_paired, n_from + n_to)).astype(
        "int64")
    out["statistic"] = res["statistic"]
    out["p_value"] = res["p_value"]
    out["effect_size"] = res["effect_size"]
    out["effect_size_kind"] = np.where(
        untested & np.isnan(res["effect_size"]), "",
        np.where(paired, "rank_biserial", "cliffs_delta")).astype(object)
    out["p_method"] = res["p_method"]
    out["n_from"] = n_from.astype("int64")
    out["n_to"] = n_to.astype("int64")
    out["n_paired"] = n_paired.astype("int64")
    out["n_leavers"] = (n_from - n_paired).astype("int64")
    out["n_newcomers"] = (n_to - n_paired).astype("int64")
    sums_from = np.bincount(idx.get_indexer(scores.loc[scores["wave"] == wf, "business_line"]),
                            scores.loc[scores["wave"] == wf, "score"].to_numpy(dtype=float),
                            minlength=nl)
    sums_to = np.bincount(idx.get_indexer(scores.loc[scores["wave"] == wt, "business_line"]),
                          scores.loc[scores["wave"] == wt, "score"].to_numpy(dtype=float),
                          minlength=nl)
    line_p = idx.get_indexer(both["business_line"])
    stay_from = np.bincount(line_p, both["score_a"].to_numpy(dtype=float), minlength=nl)
    stay_to = np.bincount(line_p, both["score_b"].to_numpy(dtype=float), minlength=nl)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["leavers_mean"] = np.where(
            out["n_leavers"] > 0, (sums_from - stay_from) / out["n_leavers"], np.nan)
        out["newcomers_mean"] = np.where(
            out["n_newcomers"] > 0, (sums_to - stay_to) / out["n_newcomers"], np.nan)
    out["_note"] = res["note"]
    out["_moved"] = n_moved
    out["_caveats"] = _join(caveats)
    return pd.DataFrame(out)


def _renamed(part: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    """``score_from, ..., ci_low`` of a means helper as ``<prefix>_from, ..., <prefix>_ci_low``."""
    names = {"score_from": "from", "score_to": "to", "score_delta": "delta"}
    return {f"{prefix}_{names.get(c, c)}": v for c, v in part.items()}


def _paired_means(a: np.ndarray, b: np.ndarray, confidence: float) -> dict[str, np.ndarray]:
    """Means of matched scores (rows: lines) and the t-interval of the mean difference."""
    k, n = a.shape
    if n == 0:
        nan = np.full(k, np.nan)
        return {"score_from": nan, "score_to": nan, "score_delta": nan}
    d = b - a
    delta = d.mean(axis=1)
    sd = d.std(axis=1, ddof=1) if n > 1 else np.full(k, np.nan)
    lo, hi = t_interval(delta, sd, n, confidence=confidence)
    return {
        "score_from": a.mean(axis=1), "score_to": b.mean(axis=1), "score_delta": delta,
        "ci_low": lo, "ci_high": hi,
    }


def _welch(
    a: np.ndarray, n_a: np.ndarray, b: np.ndarray, n_b: np.ndarray, confidence: float
) -> dict[str, np.ndarray]:
    """Means of all scores of each wave and Welch's interval of ``mean_b - mean_a``, every
    line at once: ``a`` holds the lines' scores one block after the other (``n_a`` each).

    The interval is scipy's (:meth:`scipy.stats.ttest_ind`, ``equal_var=False``): the
    difference plus or minus ``t(df).ppf((1 + confidence) / 2) * sqrt(va / na + vb / nb)``
    with the Welch-Satterthwaite ``df``; both variances zero: the difference itself; fewer
    than two scores on a side: NaN.
    """
    def moments(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        k = n.size
        code = np.repeat(np.arange(k), n)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.bincount(code, x, minlength=k) / n
            dev = x - mean[code]
            var = np.bincount(code, dev * dev, minlength=k) / (n - 1)
        return mean, var

    mean_a, var_a = moments(a, n_a)
    mean_b, var_b = moments(b, n_b)
    diff = mean_b - mean_a
    lo = np.full(n_a.size, np.nan)
    hi = np.full(n_a.size, np.nan)
    ok = (n_a >= 2) & (n_b >= 2)
    point = ok & (var_a == 0) & (var_b == 0)
    lo[point] = hi[point] = diff[point]
    ok &= ~point
    if ok.any():
        va, vb = var_a[ok] / n_a[ok], var_b[ok] / n_b[ok]
        df = (va + vb) ** 2 / (va**2 / (n_a[ok] - 1) + vb**2 / (n_b[ok] - 1))
        half = st.t.ppf((1 + confidence) / 2, df) * np.sqrt(va + vb)
        lo[ok] = diff[ok] - half
        hi[ok] = diff[ok] + half
    return {"score_from": mean_a, "score_to": mean_b, "score_delta": diff,
            "ci_low": lo, "ci_high": hi}


#: Values of resampled data per batch of a permutation test (bounds its memory; scipy draws
#: the same resamples whatever the batch size, so the p-values do not depend on it).
_RESAMPLED = 1 << 20


def _resample_batch(values_per_resample: int) -> int:
    """Resamples per batch of a permutation test whose resamples hold this many values."""
    return max(1, _RESAMPLED // max(1, values_per_resample))


def _positive_rank_sum(d: np.ndarray, axis: int = -1) -> np.ndarray:
    """Wilcoxon's T+ along ``axis`` (scipy's statistic of the signed-rank permutation test)."""
    ranks = st.rankdata(np.abs(d), axis=axis)
    return np.where(d > 0, ranks, 0.0).sum(axis=axis)


def _signed_rank_tests(
    before: np.ndarray, after: np.ndarray, method: str, n_resamples: int, seed: int
) -> dict[str, np.ndarray]:
    """:func:`maturity.compare.stats.paired_test` of every row (line) at once."""
    k = before.shape[0]
    stat, p, effect = np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan)
    used = np.full(k, "", dtype=object)
    note = np.full(k, "", dtype=object)
    keep = np.isfinite(before) & np.isfinite(after)
    d = after - before
    valid = keep & (d != 0)
    nz = valid.sum(axis=1)
    none = nz == 0
    note[none] = np.where(
        keep[none].any(axis=1), "all differences are zero: no test", "no pairs: no test"
    )
    for m in np.unique(nz[~none]):
        rows = np.flatnonzero(nz == m)
        dm = d[rows][valid[rows]].reshape(rows.size, m)  # zeros dropped, order kept
        ranks = st.rankdata(np.abs(dm), axis=1)
        t_plus = np.where(dm > 0, ranks, 0.0).sum(axis=1)
        t_minus = np.where(dm < 0, ranks, 0.0).sum(axis=1)
        effect[rows] = (t_plus - t_minus) / (t_plus + t_minus)
        if m == 1:
            note[rows] = "one non-zero difference: no test"
            continue
        s = np.sort(np.abs(dm), axis=1)
        ties = (s[:, 1:] == s[:, :-1]).any(axis=1)
        for tie in (False, True):
            sub = np.flatnonzero(ties == tie)
            if not sub.size:
                continue
            how = _choose_method(method, bool(tie), int(m))
            if how == "permutation":
                r = st.permutation_test(
                    (dm[sub],), _positive_rank_sum, permutation_type="samples",
                    n_resamples=n_resamples, rng=seed, alternative="two-sided", axis=-1,
                    vectorized=True, batch=_resample_batch(sub.size * int(m)),
                )
                p[rows[sub]] = r.pvalue
                stat[rows[sub]] = np.minimum(t_plus[sub], t_minus[sub])
            else:
                r = st.wilcoxon(dm[sub], zero_method="wilcox", method=how, axis=-1)
                p[rows[sub]] = r.pvalue
                stat[rows[sub]] = r.statistic
            used[rows[sub]] = how
    return {"statistic": stat, "p_value": p, "effect_size": effect, "p_method": used,
            "note": note}


def _rank_sum_tests(
    x: np.ndarray, y: np.ndarray, method: str, n_resamples: int, seed: int
) -> dict[str, np.ndarray]:
    """:func:`maturity.compare.stats.unpaired_test` of ``x`` vs ``y`` for every row (line) at once."""
    k = x.shape[0]
    stat, p, effect = np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan)
    used = np.full(k, "", dtype=object)
    note = np.full(k, "", dtype=object)
    fx, fy = np.isfinite(x), np.isfinite(y)
    n1, n2 = fx.sum(axis=1), fy.sum(axis=1)
    for a1, a2 in np.unique(np.stack([n1, n2]), axis=1).T:
        rows = np.flatnonzero((n1 == a1) & (n2 == a2))
        if a1 == 0 or a2 == 0:
            note[rows] = "a sample is empty: no test"
            continue
        xs = x[rows][fx[rows]].reshape(rows.size, a1)
        ys = y[rows][fy[rows]].reshape(rows.size, a2)
        both = np.concatenate([xs, ys], axis=1)
        u1 = st.rankdata(both, axis=1)[:, :a1].sum(axis=1) - a1 * (a1 + 1) / 2
        effect[rows] = 2 * u1 / (a1 * a2) - 1
        same = (both == both[:, :1]).all(axis=1)
        note[rows[same]] = "all values identical: no test"
        stat[rows[same]] = u1[same]
        s = np.sort(both, axis=1)
        ties = (s[:, 1:] == s[:, :-1]).any(axis=1)
        for tie in (False, True):
            sub = np.flatnonzero(~same & (ties == tie))
            if not sub.size:
                continue
            how = _choose_method(method, bool(tie), int(a1 + a2 if tie else max(a1, a2)))
            if how == "permutation" and min(a1, a2) < 2:
                note[rows[sub]] = "a sample has a single value: no permutation test"
                stat[rows[sub]] = u1[sub]
                continue
            scipy_method: Any = {"approx": "asymptotic"}.get(how, how)
            if how == "permutation":
                scipy_method = st.PermutationMethod(
                    n_resamples=n_resamples, rng=seed,
                    batch=_resample_batch(sub.size * int(a1 + a2)),
                )
            r = st.mannwhitneyu(
                xs[sub], ys[sub], alternative="two-sided", method=scipy_method, axis=-1
            )
            p[rows[sub]] = r.pvalue
            stat[rows[sub]] = r.statistic
            used[rows[sub]] = how
    return {"statistic": stat, "p_value": p, "effect_size": effect, "p_method": used,
            "note": note}


def _sorted_respondent_scores(
    responses: pd.DataFrame, mask: np.ndarray | None
) -> pd.DataFrame | None:
    """:func:`respondent_scores` of answers already sorted by wave, line and respondent.

    The answers as read are usually in that order: then each (wave, line, respondent) is a run
    of rows and nothing is gathered or sorted. Answers that do not count get a NaN value, which
    pandas' grouped mean skips, so every mean is the one ``groupby(...).mean()`` of the counted
    answers gives, bit for bit. Runs are taken about ``_CHUNK`` rows at a time
    (:mod:`maturity.compare.reliability`). ``None`` when the
    rows are not sorted or an id is missing (the general path sorts them).
    """
    cols = ["wave", "business_line", "respondent"]
    n = len(responses)
    if n == 0:
        return None
    codes, labels = [], []
    for c in cols:
        cc, lab = _id_codes(responses[c])
        if cc.min() < 0:
            return None
        codes.append(cc)
        labels.append(lab)
    sizes = [max(len(lab), 1) for lab in labels]
    if float(np.prod(sizes, dtype=float)) >= 2.0**62:
        return None
    # run starts of the (wave, line, respondent) key over all rows, checking the order
    starts_parts = [np.zeros(1, dtype=np.int64)]
    for lo in range(0, n, rel._CHUNK):
        hi = min(n, lo + rel._CHUNK + 1)  # one row of overlap with the next batch
        key = codes[0][lo:hi].astype(np.int64)
        for cc, size in zip(codes[1:], sizes[1:], strict=True):
            key *= size
            key += cc[lo:hi]
        if (key[1:] < key[:-1]).any():
            return None
        starts_parts.append(np.flatnonzero(key[1:] != key[:-1]) + (lo + 1))
    del key
    starts = np.concatenate(starts_parts)
    n_runs = starts.size
    keep = _scored_mask(responses, "value", scored_only=True)
    if mask is not None:
        keep &= mask
    values = _floats(responses["value"])
    means = np.empty(n_runs)
    count = np.empty(n_runs, dtype=np.int64)
    ends = np.append(starts[1:], n)
    for lo, hi, r0, r1 in rel._chunks(starts, n):  # whole runs, about _CHUNK rows at a time
        kp = keep[lo:hi]
        local = starts[r0:r1] - lo
        means[r0:r1] = _group_means(
            np.where(kp, values[lo:hi], np.nan), ends[r0:r1] - starts[r0:r1]
        )
        count[r0:r1] = np.add.reduceat(kp, local, dtype=np.int64)
    has = count > 0
    at = starts[has]
    out = pd.DataFrame({c: lab[cc[at]] for c, cc, lab in zip(cols, codes, labels, strict=True)})
    out["score"] = means[has]
    out["n_answers"] = count[has]
    return out


def _group_means(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Mean of the non-NaN values of each run of ``lengths`` consecutive values, by pandas'
    public ``GroupBy.mean`` (Kahan sums; NaN when a run has none)."""
    k = lengths.size
    labels = np.repeat(np.arange(k, dtype=np.intp), lengths)
    ok = ~np.isnan(values)  # pandas 3 sums differently around NaN: only the counted values
    return _grouped(values[ok], labels[ok], k).mean().to_numpy()


def _kruskal_dunn(
    values: np.ndarray, line: np.ndarray, k: int, p_adjust: str, alpha: float
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """:func:`maturity.compare.stats.kruskal_dunn` of ``values`` grouped by the codes ``line``
    (``0..k-1``, each occurring), with the pairs as arrays (``group_a, group_b`` as codes):
    the tests of :func:`maturity.compare.stats._kruskal_dunn_codes`, without building a frame and a
    mask per line; the degenerate cases (fewer than two lines, all values equal, NaN) go
    through ``kruskal_dunn`` itself.
    """
    ok = ~np.isnan(values)
    if k < 2 or not ok.all() or np.all(values == values[0]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            omnibus, pairs = kruskal_dunn(
                pd.DataFrame({"line": line, "score": values}), "score", "line",
                p_adjust=p_adjust, alpha=alpha,  # type: ignore[arg-type]
            )
        out = {c: pairs[c].to_numpy() for c in pairs.columns}
        out["group_a"] = out["group_a"].astype(np.int64)
        out["group_b"] = out["group_b"].astype(np.int64)
        return omnibus, out
    sizes = np.bincount(line, minlength=k).astype(np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        test, pairs = _kruskal_dunn_codes(
            values, line, sizes, p_adjust, alpha  # type: ignore[arg-type]
        )
    omnibus: dict[str, Any] = {"df": k - 1, "n": int(sizes.sum()), "k": k, "note": "", **test}
    return omnibus, pairs


def _cliffs_deltas(
    values: np.ndarray, line: np.ndarray, k: int, ia: np.ndarray, ib: np.ndarray
) -> np.ndarray:
    """Cliff's delta ``2 U1 / (n_a n_b) - 1`` of line ``ia[j]`` against line ``ib[j]``.

    ``U1`` counts the pairs where line a's value is larger, ties one half: for each value of a,
    twice ``U1`` gains ``2 * (b's values below it) + (b's values equal to it)``, read off
    cumulative counts of each line over the sorted distinct values. Integers throughout, so
    the deltas equal the rank-sum formula exactly; lines are taken in chunks to bound memory.
    """
    if ia.size == 0:
        return np.zeros(0)
    order = np.argsort(line, kind="stable")
    ls = line[order]
    uniq, inv = np.unique(values[order], return_inverse=True)
    inv = inv.reshape(-1)
    nd, n = uniq.size, ls.size
    sizes = np.bincount(ls, minlength=k)
    starts = np.cumsum(sizes) - sizes
    twice_u = np.empty((k, k), dtype=np.int64)  # [b, a]
    # each line's count of each distinct value, sparse: twice U of (a, b) is the product of
    # line a's counts with b's 2 * below + equal (integer sums, any order gives the same)
    counts = sparse.csr_matrix(
        (np.ones(n, dtype=np.int64), (ls, inv)), shape=(k, nd), dtype=np.int64
    )
    counts.sum_duplicates()
    step = max(1, 4_000_000 // max(n, nd))
    for b0 in range(0, k, step):
        b1 = min(k, b0 + step)
        sl = slice(starts[b0], starts[b1 - 1] + sizes[b1 - 1])
        cnt = np.bincount((ls[sl] - b0) * nd + inv[sl], minlength=(b1 - b0) * nd)
        cnt = cnt.reshape(b1 - b0, nd)
        below_twice = 2 * np.cumsum(cnt, axis=1) - cnt
        twice_u[b0:b1] = (counts @ np.ascontiguousarray(below_twice.T)).T
    u1 = twice_u[ib, ia] / 2
    return 2 * u1 / (sizes[ia] * sizes[ib]) - 1


def _object_ids(frame: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    """A copy of ``frame`` with categorical id columns as Python strings (small frames), in
    their categories' dtype (``object``; pandas 3's ``str``), as the plain columns are."""
    conv = {c: frame[c].cat.categories.dtype for c in cols
            if isinstance(frame[c].dtype, pd.CategoricalDtype)}
    return frame.astype(conv) if conv else frame.copy()


def wave_pairs(
    *found: pd.Series,
    waves: Sequence[str] | None = None,
    baseline: str | None = None,
    dates: pd.DataFrame | None = None,
) -> list[tuple[str, str, str]]:
    """The wave pairs :func:`changes` compares: ``(wave_from, wave_to, comparison)``.

    Parameters
    ----------
    *found : pandas.Series
        Wave columns of the data (the waves that exist).
    waves, baseline : optional
        As in :func:`changes`.
    dates : DataFrame, optional
        ``wave, date`` of the answers, for labels that name no date.

    Examples
    --------
    >>> for pair in wave_pairs(pd.Series(["2026-03", "2025-03", "2025-09"]), baseline="2025-03"):
    ...     print(pair)
    ('2025-03', '2025-09', 'baseline, consecutive')
    ('2025-03', '2026-03', 'baseline')
    ('2025-09', '2026-03', 'consecutive')
    """
    return _wave_pairs(waves, *found, baseline=baseline, dates=dates)


def _ordered(labels: Sequence[str], dates: pd.DataFrame | None = None) -> list[str]:
    """Wave labels in time order (:func:`maturity.waves.order_waves`; the answers' dates only
    when the labels name no date)."""
    try:
        return order_waves(labels)
    except WaveOrderError:
        if dates is None:
            raise
        return order_waves(labels, dates)


def _wave_pairs(
    waves: Sequence[str] | None,
    *found: pd.Series,
    baseline: str | None = None,
    dates: pd.DataFrame | None = None,
) -> list[tuple[str, str, str]]:
    """``(wave_from, wave_to, comparison)``: consecutive pairs of the chosen waves in time
    order, and the baseline against each other wave (earlier wave first)."""
    present = sorted(set().union(*[set(map(str, f.dropna().unique())) for f in found]))
    if waves is None:
        chosen = present
    else:
        chosen = [waves] if isinstance(waves, str) else [str(w) for w in waves]
        unknown = [w for w in chosen if w not in present]
        if len(chosen) < (1 if baseline is not None else 2) or unknown:
            raise InputError(
                "waves: give at least two waves that exist in the data; got "
                f"{chosen!r}{' (unknown: ' + ', '.join(unknown) + ')' if unknown else ''}; "
                f"found {', '.join(present) or 'none'}"
            )
    if baseline is not None:
        if str(baseline) not in present:
            raise InputError(
                f"baseline: wave {baseline!r} is not in the data; found {', '.join(present)}"
            )
        chosen = [*chosen, str(baseline)]
    ordered = _ordered(list(dict.fromkeys(chosen)), dates)
    pairs: dict[tuple[str, str], str] = {
        (a, b): "consecutive" for a, b in zip(ordered[:-1], ordered[1:], strict=True)
    }
    if baseline is not None:
        at = ordered.index(str(baseline))
        for i, w in enumerate(ordered):
            if i == at:
                continue
            key = (str(baseline), w) if at < i else (w, str(baseline))
            pairs[key] = "baseline, consecutive" if key in pairs else "baseline"
    rank = {w: i for i, w in enumerate(ordered)}
    return [(a, b, k) for (a, b), k in
            sorted(pairs.items(), key=lambda x: (rank[x[0][1]], rank[x[0][0]]))]


def _check_test(test: str) -> None:
    allowed = ("auto", "paired", "unpaired", "permutation")
    if test not in allowed:
        raise InputError(f"changes: unknown test {test!r}; expected one of {', '.join(allowed)}")


def _require(frame: pd.DataFrame, cols: Sequence[str], where: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise InputError(
            f"{where}: the frame lacks column(s) {', '.join(missing)}; found "
            f"{', '.join(map(str, frame.columns))}. Pass the contract frames of "
            "maturity.ingest.responses / maturity.scoring.score."
        )
