"""Change of each business line between survey waves: the index, all respondents, the stayers.

Per business line and pair of waves (:func:`changes`): the maturity level and index before and
after, the change in the mean respondent score with its interval, a rank test with its effect
size, the respondents who left or joined, and plain-language caveats; per process area
(:func:`pa_changes`) the capability level and score. Every business line is handled at once:
the tests run in batches of lines with equal sample sizes
(:func:`maturity.compare.ranktests.signed_rank_tests`,
:func:`~maturity.compare.ranktests.rank_sum_tests`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.compare.frames import (
    check_test,
    check_wave_labels,
    chosen_pairs,
    object_ids,
    order_waves,
    require_columns,
    wave_dates,
)
from maturity.compare.notes import join_notes
from maturity.compare.ranktests import rank_sum_tests, signed_rank_tests
from maturity.compare.respondents import (
    Stayers,
    WaveBlocks,
    composition,
    respondent_scores,
    stayers,
    wave_blocks,
)
from maturity.compare.verdicts import judge
from maturity.compare.yoy import delta_intervals, index_replicates
from maturity.intervals import paired_change, welch_change
from maturity.waves import wave_sort_key

__all__ = ["changes", "pa_changes", "CHANGES_COLUMNS", "PA_CHANGES_COLUMNS"]


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


TestChoice = Literal["auto", "paired", "unpaired", "permutation"]


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
          respondents' -- excludes 0), ``effect_size`` with ``effect_size_kind``
          (``'rank_biserial'``, ``'cliffs_delta'``; positive = the later wave scores higher),
          ``p_method``;
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
    check_test(test)
    require_columns(
        maturity, ["wave", "business_line", "maturity_level", "maturity_index"], "changes"
    )
    scores = _respondent_scores(responses, process_areas)
    mat = object_ids(
        maturity[["wave", "business_line", "maturity_level", "maturity_index"]],
        ["wave", "business_line"],
    )
    check_wave_labels(mat, "maturity")
    pairs = chosen_pairs(waves, mat["wave"], scores["wave"], baseline=baseline,
                         dates=wave_dates(responses))
    if not pairs:
        return _no_changes()
    mat = mat.drop_duplicates(["wave", "business_line"])
    out = pd.concat(
        [_changes_between(wf, wt, mat, scores, test, confidence, seed, min_n, n_resamples)
         .assign(comparison=kind) for wf, wt, kind in pairs],
        ignore_index=True,
    )
    out["ci_low"], out["ci_high"] = np.nan, np.nan
    if replicates is None and model is not None and n_boot > 0 and "value" in responses.columns:
        used = sorted({w for wf, wt, _kind in pairs for w in (wf, wt)})
        replicates = index_replicates(responses, model, waves=used, n_boot=n_boot, seed=seed)
    if replicates is not None:
        out["ci_low"], out["ci_high"] = delta_intervals(out, replicates, confidence=confidence)
    judge(out, alpha, min_n, composition_tol)
    for c in ("n_from", "n_to", "n_paired", "n_leavers", "n_newcomers", "n_test"):
        out[c] = out[c].astype("int64")
    for c in ("level_from", "level_to"):
        out[c] = pd.array(out[c], dtype="Int64")
    return out[CHANGES_COLUMNS]


def _respondent_scores(
    responses: pd.DataFrame, process_areas: Sequence[str] | pd.DataFrame | None
) -> pd.DataFrame:
    """The respondent scores of the answers, or the frame itself when it holds respondent
    scores already (last year's ``respondents.csv``), ids as text."""
    if {"score", "respondent"} <= set(responses.columns) and "value" not in responses.columns:
        scores = object_ids(responses[["wave", "business_line", "respondent", "score"]],
                            ["wave", "business_line", "respondent"])
        return scores.astype({"wave": str, "business_line": str, "respondent": str})
    return respondent_scores(responses, process_areas)


def _no_changes() -> pd.DataFrame:
    """No wave pair: the columns with the dtypes of a frame with rows."""
    out = pd.DataFrame([], columns=CHANGES_COLUMNS)
    text = {"business_line", "wave_from", "wave_to", "comparison", "test",
            "effect_size_kind", "p_method", "caveat"}
    counts = {"n_from", "n_to", "n_paired", "n_leavers", "n_newcomers", "n_test"}
    return out.astype({c: (object if c in text else "int64" if c in counts
                           else "Int64" if c in ("level_from", "level_to")
                           else bool if c == "significant" else "float64")
                       for c in CHANGES_COLUMNS})


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
    lines = pd.Index(sorted(
        set(mat.loc[mat["wave"].isin([wf, wt]), "business_line"])
        | set(scores.loc[scores["wave"].isin([wf, wt]), "business_line"])
    ), dtype=object)
    out, caveats = _index_change(wf, wt, mat, lines)
    a, b = wave_blocks(scores, wf, lines), wave_blocks(scores, wt, lines)
    stay = stayers(scores, wf, wt, lines)
    paired, only = _paired_or_not(test, stay.n, a.n, b.n)
    if only is not None:
        caveats.append(only)
    method = "permutation" if test == "permutation" else "auto"
    res = _tests(a, b, stay, paired, method, confidence, seed, n_resamples)
    for c in ("score_from", "score_to", "score_delta", "score_ci_low", "score_ci_high",
              "stayers_from", "stayers_to", "stayers_delta", "stayers_ci_low",
              "stayers_ci_high"):
        out[c] = res[c]
    untested = (res["note"] != "") & np.isnan(res["statistic"])
    out["test"] = np.where(untested, "", np.where(paired, "wilcoxon", "mann_whitney")).astype(
        object)
    out["n_test"] = np.where(untested, 0, np.where(paired, stay.n, a.n + b.n)).astype(
        "int64")
    out["statistic"] = res["statistic"]
    out["p_value"] = res["p_value"]
    out["effect_size"] = res["effect_size"]
    out["effect_size_kind"] = np.where(
        untested & np.isnan(res["effect_size"]), "",
        np.where(paired, "rank_biserial", "cliffs_delta")).astype(object)
    out["p_method"] = res["p_method"]
    out.update(composition(a, b, stay))
    out["_note"] = res["note"]
    out["_moved"] = stay.moved
    out["_caveats"] = join_notes(caveats)
    return pd.DataFrame(out)


def _index_change(
    wf: str, wt: str, mat: pd.DataFrame, lines: pd.Index
) -> tuple[dict[str, Any], list[np.ndarray]]:
    """Each line's maturity level and index in both waves and ``delta = index_to -
    index_from``, with a caveat for a line not scored in a wave."""
    nl = len(lines)
    out: dict[str, Any] = {"business_line": np.asarray(lines, dtype=object)}
    out["wave_from"] = np.full(nl, wf, dtype=object)
    out["wave_to"] = np.full(nl, wt, dtype=object)
    caveats = []
    for w, side in ((wf, "from"), (wt, "to")):
        m = mat[mat["wave"] == w].set_index("business_line")
        out[f"level_{side}"] = m["maturity_level"].reindex(lines).to_numpy()
        # a float even when ``maturity`` has no row for these waves (its column is then object)
        out[f"index_{side}"] = m["maturity_index"].reindex(lines).to_numpy(dtype=float)
        caveats.append(np.where(lines.isin(m.index), "", f"not scored in wave {w}"))
    out["delta"] = out["index_to"] - out["index_from"]
    return out, caveats


def _paired_or_not(
    test: str, n_paired: np.ndarray, n_from: np.ndarray, n_to: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None]:
    """Which lines get the paired test, and (``'auto'``, ``'permutation'``) the caveat of a
    line whose few stayers sent it to the unpaired test: paired when at least two respondents
    answered both waves and they are at least half of the smaller wave."""
    nl = n_paired.size
    if test == "paired":
        return np.ones(nl, dtype=bool), None
    if test == "unpaired":
        return np.zeros(nl, dtype=bool), None
    paired = (n_paired >= 2) & (n_paired >= 0.5 * np.minimum(n_from, n_to))
    few = np.flatnonzero(~paired & (n_paired >= 2))
    only = np.full(nl, "", dtype=object)
    only[few] = (
        "only " + pd.Series(n_paired[few]).astype(str)
        + " respondents answered both waves: unpaired test"
    ).to_numpy(dtype=object)
    return paired, only


def _tests(
    a: WaveBlocks, b: WaveBlocks, stay: Stayers, paired: np.ndarray, method: str,
    confidence: float, seed: int, n_resamples: int,
) -> dict[str, np.ndarray]:
    """The stayers' change (t-interval) of every line and the Wilcoxon test where paired; all
    respondents' change (Welch) of every line and the Mann-Whitney test where unpaired; lines
    batched by their sample sizes."""
    nl = paired.size
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
        for n in np.unique(stay.n):  # stayers' change for every line, the test where paired
            rows = np.flatnonzero(stay.n == n)
            take = stay.offset[rows][:, None] + np.arange(n)
            before, after = stay.before[take], stay.after[take]
            put(rows, _renamed(paired_change(before, after, confidence), "stayers"))
            tested = paired[rows]
            if tested.any():
                put(rows[tested], signed_rank_tests(
                    before[tested], after[tested], method, n_resamples, seed))
        # all respondents' change for every line (Welch, one vectorised formula), the test
        # where unpaired (batched by sample sizes)
        put(np.arange(nl), _renamed(welch_change(a.values, a.n, b.values, b.n, confidence),
                                    "score"))
        shapes = np.unique(np.stack([a.n, b.n])[:, ~paired], axis=1)
        for nf, nt in shapes.T:
            rows = np.flatnonzero(~paired & (a.n == nf) & (b.n == nt))
            xa = a.values[a.offset[rows][:, None] + np.arange(nf)]
            xb = b.values[b.offset[rows][:, None] + np.arange(nt)]
            put(rows, rank_sum_tests(xb, xa, method, n_resamples, seed))
    return res


def _renamed(part: dict[str, np.ndarray], prefix: str) -> dict[str, np.ndarray]:
    """``score_from, ..., ci_low`` of a means helper as ``<prefix>_from, ..., <prefix>_ci_low``."""
    names = {"score_from": "from", "score_to": "to", "score_delta": "delta"}
    return {f"{prefix}_{names.get(c, c)}": v for c, v in part.items()}


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
    require_columns(scores_pa, need, "pa_changes")
    keys = ["business_line", "process_area"]
    data = object_ids(scores_pa[need], ["wave"] + keys)
    pairs = chosen_pairs(waves, data["wave"], baseline=baseline)
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
