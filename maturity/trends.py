"""Changes between survey waves and comparisons between business lines.

Takes the tidy ``responses`` frame (:func:`maturity.ingest.read_responses`) and the frames of
:func:`maturity.scoring.score` computed over several waves, and gives:

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
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats as st

from maturity.exceptions import InputError
from maturity.stats import kruskal_dunn, paired_test, t_interval, unpaired_test

__all__ = [
    "respondent_scores",
    "changes",
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
    "business_line", "wave_from", "wave_to", "level_from", "level_to", "index_from", "index_to",
    "delta", "score_from", "score_to", "score_delta", "ci_low", "ci_high", "test", "statistic",
    "p_value", "effect_size", "effect_size_kind", "n_from", "n_to", "n_paired", "caveat",
    "p_method",
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
    keep = responses["value"].notna()
    if "na" in responses.columns:
        keep &= ~responses["na"].fillna(False).astype(bool)
    if process_areas is not None:
        _require(responses, ["process_area"], "respondent_scores")
        pas = (
            process_areas["process_area"].unique()
            if isinstance(process_areas, pd.DataFrame)
            else list(process_areas)
        )
        keep &= responses["process_area"].isin(pas)
    data = responses.loc[keep, need]
    out = (
        data.groupby(["wave", "business_line", "respondent"], sort=True, observed=True)["value"]
        .agg(score="mean", n_answers="count")
        .reset_index()
    )
    out["n_answers"] = out["n_answers"].astype("int64")
    return out


def changes(
    responses: pd.DataFrame,
    maturity: pd.DataFrame,
    process_areas: Sequence[str] | pd.DataFrame | None = None,
    *,
    waves: Sequence[str] | None = None,
    test: TestChoice = "auto",
    confidence: float = 0.95,
    seed: int = 0,
    min_n: int = 5,
    n_resamples: int = 9999,
) -> pd.DataFrame:
    """Change of each business line between waves, with a test and an interval.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame of all waves.
    maturity : pandas.DataFrame
        The ``maturity`` frame of :func:`maturity.scoring.score` over the same waves
        (``wave, business_line, maturity_level, maturity_index``).
    process_areas : list of str or DataFrame, optional
        Restrict the respondent scores to these process areas (e.g. the ML2 areas); a frame
        such as ``Scores.process_areas`` contributes its ``process_area`` column. The level and
        index always come from ``maturity``.
    waves : list of str, optional
        Waves to compare, in time order: two labels compare that pair; more compare each
        consecutive pair. Default: every wave found, consecutive pairs.
    test : {'auto', 'paired', 'unpaired', 'permutation'}
        ``'paired'``: Wilcoxon signed-rank on the respondents who answered both waves.
        ``'unpaired'``: Mann-Whitney U on all respondents of each wave. ``'auto'``: paired when
        at least two respondents answered both waves and they are at least half of the smaller
        wave, unpaired otherwise. ``'permutation'``: as ``'auto'`` with seeded permutation
        p-values. Exact/permutation/normal p-values are chosen as in
        :func:`maturity.stats.paired_test` and :func:`maturity.stats.unpaired_test`.
    confidence : float
        Coverage of the interval of the score change.
    seed : int
        Seed of permutation p-values (the result is deterministic).
    min_n : int
        Fewer respondents than this (matched pairs for a paired test, the smaller wave
        otherwise) adds the caveat ``'n < min_n: small sample, treat as indicative'``.
    n_resamples : int
        Resamples of permutation p-values.

    Returns
    -------
    pandas.DataFrame
        One row per business line and wave pair (lines in either wave), columns
        :data:`CHANGES_COLUMNS`:

        * ``level_from, level_to, index_from, index_to`` from ``maturity``; ``delta =
          index_to - index_from`` (on the maturity index);
        * ``score_from, score_to`` mean respondent scores (of the matched respondents when the
          test is paired, of all respondents otherwise), ``score_delta`` their difference and
          ``ci_low, ci_high`` its confidence interval -- on the question scale, *not* on the
          index (the index is one number per line and wave and has no sampling interval);
        * ``test`` (``'wilcoxon'`` or ``'mann_whitney'``, ``''`` when none was possible),
          ``statistic, p_value``, ``effect_size`` with ``effect_size_kind``
          (``'rank_biserial'`` for paired, ``'cliffs_delta'`` for unpaired; positive = the
          later wave scores higher);
        * ``n_from, n_to`` respondents with a score in each wave, ``n_paired`` respondents in
          both; ``caveat`` plain-language warnings joined by ``'; '`` (``''`` if none);
          ``p_method`` (``'exact'``, ``'permutation'`` or ``'approx'``).

    Notes
    -----
    Paired interval: the t-interval of the mean of the differences ``to - from``
    (:func:`maturity.stats.t_interval`). Unpaired: Welch's interval for the difference of
    means, :meth:`scipy.stats.ttest_ind` with ``equal_var=False``. Tests:
    :func:`maturity.stats.paired_test` (Wilcoxon 1945) and
    :func:`maturity.stats.unpaired_test` (Mann & Whitney 1947); Likert answers tie, so their
    p-values come from a seeded permutation distribution (methods.md).

    Examples
    --------
    >>> resp = pd.DataFrame({
    ...     "wave": ["2025-03"] * 3 + ["2025-09"] * 3, "business_line": "retail",
    ...     "respondent": ["a", "b", "c"] * 2, "value": [1.0, 2.0, 2.0, 3.0, 3.0, 4.0],
    ...     "na": False})
    >>> mat = pd.DataFrame({"wave": ["2025-03", "2025-09"], "business_line": "retail",
    ...                     "maturity_level": [1, 2], "maturity_index": [1.4, 2.1]})
    >>> out = changes(resp, mat)
    >>> out[["wave_from", "wave_to", "delta", "score_delta", "test", "n_paired"]].round(2)
      wave_from  wave_to  delta  score_delta      test  n_paired
    0   2025-03  2025-09    0.7         1.67  wilcoxon         3
    >>> out.loc[0, "caveat"]
    'n < 5: small sample, treat as indicative'
    """
    _check_test(test)
    _require(maturity, ["wave", "business_line", "maturity_level", "maturity_index"], "changes")
    scores = respondent_scores(responses, process_areas)
    pairs = _wave_pairs(waves, maturity["wave"], scores["wave"])
    mat = maturity.drop_duplicates(["wave", "business_line"]).set_index(["wave", "business_line"])
    by_key = {
        k: g.set_index("respondent")["score"]
        for k, g in scores.groupby(["wave", "business_line"], sort=False, observed=True)
    }
    rows = []
    for wf, wt in pairs:
        lines = sorted(
            {b for (w, b) in mat.index if w in (wf, wt)}
            | {b for (w, b) in by_key if w in (wf, wt)}
        )
        for line in lines:
            rows.append(
                _one_change(
                    line, wf, wt, mat, by_key, test, confidence, seed, min_n, n_resamples
                )
            )
    out = pd.DataFrame(rows, columns=CHANGES_COLUMNS)
    for c in ("n_from", "n_to", "n_paired"):
        out[c] = out[c].astype("int64")
    for c in ("level_from", "level_to"):
        out[c] = pd.array(out[c], dtype="Int64")
    return out


def pa_changes(scores_pa: pd.DataFrame, waves: Sequence[str] | None = None) -> pd.DataFrame:
    """Change of each process area's capability level and score between waves.

    Parameters
    ----------
    scores_pa : pandas.DataFrame
        The ``process_areas`` frame of :func:`maturity.scoring.score` over several waves
        (``wave, business_line, process_area, capability_level, score``).
    waves : list of str, optional
        As in :func:`changes`: a pair, or consecutive pairs of the given waves; default every
        wave found.

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
    pairs = _wave_pairs(waves, scores_pa["wave"])
    keys = ["business_line", "process_area"]
    data = scores_pa[need].drop_duplicates(["wave"] + keys)
    parts = []
    for wf, wt in pairs:
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
    out = out.sort_values(["wave_from", "business_line", "process_area"], kind="mergesort")
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
    See :func:`maturity.stats.kruskal_dunn` for the formulas and the test vector.

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
    rows: list[dict[str, Any]] = []
    for w, g in scores.groupby("wave", sort=True, observed=True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            omnibus, pairs = kruskal_dunn(
                g, "score", "business_line", p_adjust=p_adjust, alpha=alpha
            )
        p = omnibus["p_value"]
        rows.append(
            {
                "wave": w, "comparison": "omnibus", "line_a": "", "line_b": "",
                "statistic": omnibus["statistic"], "p_value": p, "p_adjusted": p,
                "significant": bool(p < alpha), "effect_size": omnibus["epsilon_squared"],
                "effect_size_kind": "epsilon_squared", "n_a": omnibus["n"],
                "n_b": omnibus["k"], "note": omnibus["note"],
            }
        )
        by_line = {b: s["score"].to_numpy() for b, s in g.groupby("business_line", sort=True)}
        for r in pairs.itertuples(index=False):
            rows.append(
                {
                    "wave": w, "comparison": "pairwise", "line_a": r.group_a,
                    "line_b": r.group_b, "statistic": r.z, "p_value": r.p_value,
                    "p_adjusted": r.p_adjusted, "significant": bool(r.significant),
                    "effect_size": _cliffs_delta(by_line[r.group_a], by_line[r.group_b]),
                    "effect_size_kind": "cliffs_delta", "n_a": r.n_a, "n_b": r.n_b,
                    "note": omnibus["note"],
                }
            )
    out = pd.DataFrame(rows, columns=LINE_COMPARISON_COLUMNS)
    for c in ("n_a", "n_b"):
        out[c] = out[c].astype("int64")
    out["significant"] = out["significant"].astype(bool)
    return out


def rankings(maturity: pd.DataFrame) -> pd.DataFrame:
    """Business lines ranked by maturity index in each wave.

    Parameters
    ----------
    maturity : pandas.DataFrame
        The ``maturity`` frame (``wave, business_line, maturity_level, maturity_index``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RANKINGS_COLUMNS`, sorted by wave and rank. ``rank`` 1 is the highest
        index; equal indices are broken by business-line name (deterministic) and a missing
        index ranks last. ``rank_change`` = rank in the previous wave minus rank now (positive
        = moved up; NA in the first wave or for a line new in this wave).

    Examples
    --------
    >>> mat = pd.DataFrame({"wave": ["2025-03"] * 3 + ["2025-09"] * 3,
    ...                     "business_line": ["a", "b", "c"] * 2,
    ...                     "maturity_level": [1, 2, 2, 2, 2, 3],
    ...                     "maturity_index": [1.5, 2.2, 2.2, 2.6, 2.4, 3.1]})
    >>> rankings(mat)
          wave business_line  rank  maturity_index  maturity_level  rank_change
    0  2025-03             b     1             2.2               2         <NA>
    1  2025-03             c     2             2.2               2         <NA>
    2  2025-03             a     3             1.5               1         <NA>
    3  2025-09             c     1             3.1               3            1
    4  2025-09             a     2             2.6               2            1
    5  2025-09             b     3             2.4               2           -2
    """
    _require(maturity, ["wave", "business_line", "maturity_level", "maturity_index"], "rankings")
    d = maturity[["wave", "business_line", "maturity_index", "maturity_level"]].copy()
    d["_neg"] = -d["maturity_index"].astype(float)
    d = d.sort_values(["wave", "_neg", "business_line"], na_position="last", kind="mergesort")
    d["rank"] = d.groupby("wave", sort=False).cumcount() + 1
    waves = sorted(d["wave"].unique())
    prev = dict(zip(waves[1:], waves[:-1], strict=False))
    ranks = d.set_index(["wave", "business_line"])["rank"]
    prev_rank = [
        ranks.get((prev[w], b), np.nan) if w in prev else np.nan
        for w, b in zip(d["wave"], d["business_line"], strict=True)
    ]
    d["rank_change"] = pd.array(np.asarray(prev_rank, dtype=float) - d["rank"], dtype="Int64")
    d["rank"] = d["rank"].astype("int64")
    return d[RANKINGS_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- internals


def _one_change(
    line: str,
    wf: str,
    wt: str,
    mat: pd.DataFrame,
    by_key: dict[tuple[str, str], pd.Series],
    test: str,
    confidence: float,
    seed: int,
    min_n: int,
    n_resamples: int,
) -> dict[str, Any]:
    caveats: list[str] = []

    def lookup(w: str, col: str) -> Any:
        return mat[col].get((w, line), np.nan) if (w, line) in mat.index else np.nan

    for w in (wf, wt):
        if (w, line) not in mat.index:
            caveats.append(f"not scored in wave {w}")
    level_from, level_to = lookup(wf, "maturity_level"), lookup(wt, "maturity_level")
    index_from, index_to = lookup(wf, "maturity_index"), lookup(wt, "maturity_index")
    s_from = by_key.get((wf, line), pd.Series(dtype=float))
    s_to = by_key.get((wt, line), pd.Series(dtype=float))
    matched = s_from.index.intersection(s_to.index)
    n_from, n_to, n_paired = len(s_from), len(s_to), len(matched)

    if test == "paired":
        paired = True
    elif test == "unpaired":
        paired = False
    else:
        paired = n_paired >= 2 and n_paired >= 0.5 * min(n_from, n_to)
        if not paired and n_paired >= 2:
            caveats.append(f"only {n_paired} respondents answered both waves: unpaired test")
    method = "permutation" if test == "permutation" else "auto"

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if paired:
            a = s_from.loc[matched].to_numpy(dtype=float)
            b = s_to.loc[matched].to_numpy(dtype=float)
            res = paired_test(a, b, method=method, n_resamples=n_resamples, seed=seed)
            name = "wilcoxon"
            d = b - a
            score_from = float(a.mean()) if a.size else np.nan
            score_to = float(b.mean()) if b.size else np.nan
            score_delta = float(d.mean()) if d.size else np.nan
            sd = float(d.std(ddof=1)) if d.size > 1 else np.nan
            lo, hi = t_interval(score_delta, sd, d.size, confidence=confidence)
            ci_low, ci_high = float(lo), float(hi)
            n_used = n_paired
        else:
            a = s_from.to_numpy(dtype=float)
            b = s_to.to_numpy(dtype=float)
            res = unpaired_test(b, a, method=method, n_resamples=n_resamples, seed=seed)
            name = "mann_whitney"
            score_from = float(a.mean()) if a.size else np.nan
            score_to = float(b.mean()) if b.size else np.nan
            score_delta = score_to - score_from
            ci_low, ci_high = _welch_interval(b, a, confidence)
            n_used = min(n_from, n_to)
    if res.note:
        caveats.append(res.note)
        if np.isnan(res.statistic):
            name = ""
    if n_used < min_n:
        caveats.append(f"n < {min_n}: small sample, treat as indicative")
    return {
        "business_line": line, "wave_from": wf, "wave_to": wt,
        "level_from": level_from, "level_to": level_to,
        "index_from": index_from, "index_to": index_to, "delta": index_to - index_from,
        "score_from": score_from, "score_to": score_to, "score_delta": score_delta,
        "ci_low": ci_low, "ci_high": ci_high, "test": name, "statistic": res.statistic,
        "p_value": res.p_value, "effect_size": res.effect_size,
        "effect_size_kind": res.effect_size_kind, "n_from": n_from, "n_to": n_to,
        "n_paired": n_paired, "caveat": "; ".join(caveats), "p_method": res.method,
    }


def _welch_interval(b: np.ndarray, a: np.ndarray, confidence: float) -> tuple[float, float]:
    """Welch interval of mean(b) - mean(a); a point when neither sample varies."""
    if a.size < 2 or b.size < 2:
        return np.nan, np.nan
    diff = float(b.mean() - a.mean())
    if np.var(a) == 0 and np.var(b) == 0:
        return diff, diff
    ci = st.ttest_ind(b, a, equal_var=False).confidence_interval(confidence)
    return float(ci.low), float(ci.high)


def _cliffs_delta(a: np.ndarray, b: np.ndarray) -> float:
    """2 U1 / (n1 n2) - 1 from the rank sum of ``a`` (ties count one half)."""
    if a.size == 0 or b.size == 0:
        return np.nan
    ranks = st.rankdata(np.concatenate([a, b]))
    u1 = ranks[: a.size].sum() - a.size * (a.size + 1) / 2
    return float(2 * u1 / (a.size * b.size) - 1)


def _wave_pairs(waves: Sequence[str] | None, *found: pd.Series) -> list[tuple[str, str]]:
    present = sorted(set().union(*[set(f.dropna().unique()) for f in found]))
    if waves is None:
        chosen = present
    else:
        chosen = [waves] if isinstance(waves, str) else list(waves)
        unknown = [w for w in chosen if w not in present]
        if len(chosen) < 2 or unknown:
            raise InputError(
                "waves: give at least two waves that exist in the data; got "
                f"{chosen!r}{' (unknown: ' + ', '.join(unknown) + ')' if unknown else ''}; "
                f"found {', '.join(present) or 'none'}"
            )
    return list(zip(chosen[:-1], chosen[1:], strict=True))


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
            "maturity.ingest / maturity.scoring."
        )
