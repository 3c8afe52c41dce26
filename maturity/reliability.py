"""Reliability and agreement of survey answers: can the PMO trust a line's score?

Internal consistency of a process area's questions (Cronbach's alpha with a Feldt interval),
agreement between respondents (Krippendorff's alpha with respondents as coders and questions
as units; within-group agreement rwg), and the practices where respondents disagree so much that
the PMO should interview before trusting the score.

All frame functions take the tidy ``responses`` frame of :func:`maturity.ingest.read_responses`
(columns ``wave, business_line, respondent, question, practice, process_area, value, na, ...``).
Only scored answers count: rows with ``na`` true or ``value`` NaN (not applicable, not yet) are
excluded. When a respondent answered the same question more than once in a wave (e.g. for
several projects), their answers are averaged first.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from typing import Any, Literal

import krippendorff as _kd
import numpy as np
import pandas as pd
from scipy import stats as st

from maturity.exceptions import InputError, MaturityWarning

__all__ = [
    "cronbach_alpha",
    "krippendorff_alpha",
    "rwg",
    "reliability",
    "disagreement",
    "RELIABILITY_COLUMNS",
    "DISAGREEMENT_COLUMNS",
]

#: Columns of :func:`reliability`, in order.
RELIABILITY_COLUMNS = [
    "wave",
    "business_line",
    "process_area",
    "n_respondents",
    "n_items",
    "cronbach_alpha",
    "alpha_ci_low",
    "alpha_ci_high",
    "krippendorff_alpha",
    "rwg_mean",
    "flag",
    "note",
]

#: Columns of :func:`disagreement`, in order.
DISAGREEMENT_COLUMNS = [
    "wave",
    "business_line",
    "practice",
    "n_respondents",
    "mean",
    "std",
    "rwg",
    "interview",
    "process_area",
    "note",
]

_NO_VARIANCE = "undefined: no variance"


# --------------------------------------------------------------------------- scalar functions


def cronbach_alpha(
    frame: pd.DataFrame,
    *,
    respondent: str = "respondent",
    item: str = "question",
    value: str = "value",
    confidence: float = 0.95,
) -> dict[str, Any]:
    """Cronbach's alpha of a set of items, with the Feldt confidence interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long frame, one row per answer; NaN values are excluded.
    respondent, item, value : str
        Column names of the respondent id, the item (question) id and the numeric answer.
    confidence : float
        Coverage of the interval.

    Returns
    -------
    dict
        ``alpha, ci_low, ci_high`` (floats), ``n`` (complete respondents used), ``k`` (items),
        ``n_dropped`` (respondents dropped by listwise deletion) and ``note`` (why alpha is NaN,
        or which respondents were dropped; ``''`` otherwise). When every answer is the same the
        alpha is undefined (0/0): NaN with the note ``'undefined: no variance'`` and a
        :class:`~maturity.exceptions.MaturityWarning`.

    Notes
    -----
    The long frame is pivoted to respondents x items; respondents who did not answer every item
    are dropped (listwise deletion, reported in ``n_dropped`` and ``note``). With ``k`` items,
    item variances ``s_i^2`` and the variance of the respondents' totals ``s_T^2``:
    ``alpha = k/(k-1) (1 - sum s_i^2 / s_T^2)`` (Cronbach 1951). Feldt (1965) interval:
    ``1 - (1 - alpha) F.isf((1-c)/2, n-1, (n-1)(k-1))`` to
    ``1 - (1 - alpha) F.isf((1+c)/2, n-1, (n-1)(k-1))``.
    Test vector (Denis, *Applied Univariate, Bivariate and Multivariate Statistics*; pingouin's
    docs): 10 respondents x 5 items -> alpha = 0.633.

    Examples
    --------
    >>> wide = pd.DataFrame([[3, 4, 3], [2, 2, 3], [4, 4, 4], [1, 2, 1]],
    ...                     columns=["q1", "q2", "q3"])
    >>> long = wide.rename_axis("respondent").reset_index().melt(
    ...     "respondent", var_name="question", value_name="value")
    >>> res = cronbach_alpha(long)
    >>> round(res["alpha"], 3), round(res["ci_low"], 3), round(res["ci_high"], 3), res["n"]
    (0.939, 0.596, 0.996, 4)
    """
    _require(frame, [respondent, item, value], "cronbach_alpha")
    data = frame[[respondent, item, value]].assign(_g=0)
    table = _alpha_table(data, ["_g"], respondent, item, value, confidence)
    if table.empty:
        row: dict[str, Any] = {
            "alpha": np.nan, "ci_low": np.nan, "ci_high": np.nan,
            "n": 0, "k": 0, "n_dropped": 0, "note": "no data",
        }
    else:
        row = table.drop(columns="_g").iloc[0].to_dict()
        row = {
            "alpha": float(row["alpha"]),
            "ci_low": float(row["ci_low"]),
            "ci_high": float(row["ci_high"]),
            "n": int(row["n"]),
            "k": int(row["k"]),
            "n_dropped": int(row["n_dropped"]),
            "note": str(row["note"]),
        }
    if np.isnan(row["alpha"]):
        warnings.warn(f"cronbach_alpha: {row['note']}", MaturityWarning, stacklevel=2)
    return row


def krippendorff_alpha(
    frame: pd.DataFrame,
    *,
    unit: str = "question",
    rater: str = "respondent",
    value: str = "value",
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "ordinal",
) -> float:
    """Krippendorff's alpha of agreement between raters, from a long frame with gaps.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long frame, one row per (rater, unit) answer; NaN values are missing data.
    unit : str
        Column of the rated units (here: questions).
    rater : str
        Column of the raters (coders; here: respondents).
    value : str
        Column of the numeric answers.
    level : {'nominal', 'ordinal', 'interval', 'ratio'}
        Level of measurement (ordinal for Likert answers).

    Returns
    -------
    float
        Alpha in (-inf, 1]; NaN with a :class:`~maturity.exceptions.MaturityWarning` when it
        is undefined (one distinct value overall, or no unit rated by two raters).

    Notes
    -----
    ``alpha = 1 - D_o / D_e`` (observed over expected disagreement from the coincidence
    matrix), computed by the ``krippendorff`` package. Read as: >= 0.800 reliable,
    0.667-0.800 tentative, below not reliable (Krippendorff 2004). Test vector
    (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", 4 coders x 12 units):
    nominal 0.743, ordinal 0.815, interval 0.849.

    Examples
    --------
    >>> df = pd.DataFrame({"respondent": ["r1"] * 3 + ["r2"] * 3,
    ...                    "question": ["q1", "q2", "q3"] * 2,
    ...                    "value": [1, 2, 3, 1, 2, 4]})
    >>> round(krippendorff_alpha(df, level="interval"), 3)
    0.878
    """
    _require(frame, [unit, rater, value], "krippendorff_alpha")
    data = frame.loc[frame[value].notna(), [rater, unit, value]]
    data = data.groupby([rater, unit], sort=False, observed=True)[value].mean().reset_index()
    alpha, note = _kripp_one(data, rater, unit, value, level)
    if note:
        warnings.warn(f"krippendorff_alpha: {note}", MaturityWarning, stacklevel=2)
    return alpha


def rwg(values: Sequence[float] | np.ndarray | pd.Series, scale_points: int = 5) -> float:
    """Within-group agreement rwg of one item, truncated at 0.

    Parameters
    ----------
    values : array-like
        Respondents' answers to one item (NaN excluded).
    scale_points : int
        Number of options A of the answer scale (5 for a 0-4 or 1-5 Likert scale).

    Returns
    -------
    float
        rwg in [0, 1]; 1 means perfect agreement. NaN with a
        :class:`~maturity.exceptions.MaturityWarning` for fewer than two answers (undefined).

    Notes
    -----
    ``rwg = 1 - s^2 / sigma_EU^2`` with ``s^2`` the sample variance (ddof=1) and
    ``sigma_EU^2 = (A^2 - 1) / 12`` the variance of a uniform "no agreement" null (2.0 on a
    5-point scale); values below 0 are truncated to 0 (James, Demaree & Wolf 1984).
    Test vector (methods.md): [4, 4, 5, 4, 3] on 5 points -> 0.75.

    Examples
    --------
    >>> rwg([4, 4, 5, 4, 3])
    0.75
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    if x.size < 2:
        warnings.warn(
            "rwg: undefined for fewer than two respondents", MaturityWarning, stacklevel=2
        )
        return float("nan")
    return float(_rwg_from_var(np.var(x, ddof=1), scale_points))


# --------------------------------------------------------------------------- frame functions


def reliability(
    responses: pd.DataFrame,
    *,
    min_respondents: int = 3,
    alpha_min: float = 0.7,
    kripp_tentative: float = 0.667,
    kripp_reliable: float = 0.8,
    rwg_min: float | None = 0.7,
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "ordinal",
    scale_points: int = 5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Reliability of each process area's answers per wave and business line.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame (at least ``wave, business_line, respondent, question,
        process_area, value, na``).
    min_respondents : int
        Fewer respondents than this gets the flag ``'few respondents'``.
    alpha_min : float
        Cronbach's alpha below this gets ``'low consistency'`` (0.7, Nunnally's rule of thumb).
    kripp_tentative, kripp_reliable : float
        Krippendorff's alpha below ``kripp_tentative`` (0.667) gets ``'low agreement'``;
        between the two (up to 0.8) ``'tentative agreement'`` (Krippendorff 2004).
    rwg_min : float or None
        The agreement flags are only raised when ``rwg_mean`` is also below this (0.7, the
        lower bound of "strong agreement" in LeBreton & Senter 2008), because Krippendorff's
        alpha is near 0 whenever the questions of a process area are answered at about the
        same level, however closely the respondents agree (see Notes). ``None``: flag on
        Krippendorff's alpha alone.
    level : {'nominal', 'ordinal', 'interval', 'ratio'}
        Level of measurement for Krippendorff's alpha.
    scale_points : int
        Number of answer options, for rwg.
    confidence : float
        Coverage of the Feldt interval of Cronbach's alpha.

    Returns
    -------
    pandas.DataFrame
        One row per ``wave, business_line, process_area`` with scored answers, columns
        :data:`RELIABILITY_COLUMNS`: ``n_respondents`` (with at least one scored answer),
        ``n_items`` (questions with a scored answer), ``cronbach_alpha, alpha_ci_low,
        alpha_ci_high`` (:func:`cronbach_alpha`, listwise deletion within the group),
        ``krippendorff_alpha`` (respondents as coders, questions as units),
        ``rwg_mean`` (mean over the questions of each question's rwg), ``flag`` (the
        problems found, joined by ``'; '``; ``''`` when the group is fine) and ``note`` (why a
        statistic is missing, and how many respondents listwise deletion dropped).

    Notes
    -----
    Cronbach's alpha and rwg are computed for all groups at once with ``groupby``;
    Krippendorff's alpha is computed per group by the ``krippendorff`` package. See
    :func:`cronbach_alpha`, :func:`krippendorff_alpha` and :func:`rwg` for the formulas.

    Krippendorff's alpha with questions as units asks whether respondents agree on which
    practices are stronger than others: it compares the disagreement within a question with the
    disagreement across all answers. When a line answers every question of a process area at
    about the same level (little variation between units), the expected disagreement is as
    small as the observed one and alpha falls towards 0 even though the respondents agree on
    the level -- the "high agreement, low reliability" paradox of chance-corrected coefficients
    (Feinstein & Cicchetti 1990). rwg measures agreement on the level itself, so the flags
    require both to be low by default (``rwg_min``).

    Examples
    --------
    >>> rows = [("2025-03", "retail", f"r{r}", q, "PP", v)
    ...         for r, answers in enumerate([[3, 3, 4], [2, 2, 3], [4, 4, 4], [1, 2, 1]])
    ...         for q, v in zip(["q1", "q2", "q3"], answers)]
    >>> resp = pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "question",
    ...                                    "process_area", "value"]).assign(na=False)
    >>> out = reliability(resp)
    >>> out[["process_area", "n_respondents", "n_items", "cronbach_alpha", "rwg_mean"]].round(3)
      process_area  n_respondents  n_items  cronbach_alpha  rwg_mean
    0           PP              4        3           0.939     0.236
    """
    keys = ["wave", "business_line", "process_area"]
    data = _scored(responses, keys + ["respondent", "question"], "reliability")
    data = (
        data.groupby(keys + ["respondent", "question"], sort=True, observed=True)["value"]
        .mean()
        .reset_index()
    )
    if data.empty:
        return pd.DataFrame(columns=RELIABILITY_COLUMNS)

    base = (
        data.groupby(keys, sort=True, observed=True)
        .agg(n_respondents=("respondent", "nunique"), n_items=("question", "nunique"))
        .reset_index()
    )
    alpha = _alpha_table(data, keys, "respondent", "question", "value", confidence)
    base = base.merge(
        alpha[keys + ["alpha", "ci_low", "ci_high", "note"]], on=keys, how="left"
    ).rename(
        columns={"alpha": "cronbach_alpha", "ci_low": "alpha_ci_low", "ci_high": "alpha_ci_high"}
    )

    # rwg per question, then the mean over the process area's questions
    qvar = data.groupby(keys + ["question"], sort=False, observed=True)["value"].var(ddof=1)
    q_rwg = pd.Series(_rwg_from_var(qvar.to_numpy(), scale_points), index=qvar.index)
    rwg_mean = q_rwg.groupby(level=keys, observed=True).mean().rename("rwg_mean")
    base = base.merge(rwg_mean.reset_index(), on=keys, how="left")

    kripp = []
    notes = []
    for _, g in data.groupby(keys, sort=True, observed=True):
        a, n = _kripp_one(g, "respondent", "question", "value", level)
        kripp.append(a)
        notes.append(f"krippendorff: {n}" if n else "")
    base["krippendorff_alpha"] = kripp

    alpha_note = np.where(
        base["note"].astype(str) != "", "cronbach: " + base["note"].astype(str), ""
    )
    rwg_note = np.where(base["rwg_mean"].isna(), "rwg: fewer than two answers per question", "")
    base["note"] = _join([alpha_note, np.asarray(notes, dtype=object), rwg_note])

    ka = base["krippendorff_alpha"]
    weak_rwg = (
        np.ones(len(base), dtype=bool)
        if rwg_min is None
        else ~(base["rwg_mean"] >= rwg_min).to_numpy()
    )
    base["flag"] = _join(
        [
            np.where(base["n_respondents"] < min_respondents, "few respondents", ""),
            np.where(base["cronbach_alpha"] < alpha_min, "low consistency", ""),
            np.where((ka < kripp_tentative) & weak_rwg, "low agreement", ""),
            np.where(
                (ka >= kripp_tentative) & (ka < kripp_reliable) & weak_rwg,
                "tentative agreement",
                "",
            ),
        ]
    )
    out = base[RELIABILITY_COLUMNS].copy()
    out["n_respondents"] = out["n_respondents"].astype("int64")
    out["n_items"] = out["n_items"].astype("int64")
    return out.reset_index(drop=True)


def disagreement(
    responses: pd.DataFrame,
    *,
    rwg_threshold: float = 0.5,
    min_respondents: int = 3,
    scale_points: int = 5,
) -> pd.DataFrame:
    """Practices where a line's respondents disagree: interview before trusting the score.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy ``responses`` frame (at least ``wave, business_line, respondent, question,
        practice, process_area, value, na``).
    rwg_threshold : float
        A practice whose rwg is below this is marked ``interview`` (0.5: the conventional
        "weak agreement" boundary of LeBreton & Senter 2008 is 0.51-0.70).
    min_respondents : int
        Fewer respondents than this is noted as ``'few respondents'`` (rwg is then unstable).
    scale_points : int
        Number of answer options A, for rwg.

    Returns
    -------
    pandas.DataFrame
        One row per ``wave, business_line, practice``, columns :data:`DISAGREEMENT_COLUMNS`:
        ``n_respondents``, ``mean`` and ``std`` of the respondents' practice scores (each
        respondent's mean scored answer over the practice's questions), ``rwg`` (NaN for one
        respondent), ``interview`` (True when rwg < ``rwg_threshold``), ``process_area`` and
        ``note``. Sorted worst first: lowest rwg, then largest std; undefined rwg last.

    Examples
    --------
    >>> resp = pd.DataFrame({
    ...     "wave": "2025-03", "business_line": "retail", "process_area": "PP",
    ...     "respondent": ["a", "b", "c", "a", "b", "c"],
    ...     "question": ["q1"] * 3 + ["q2"] * 3, "practice": ["SP1.1"] * 3 + ["SP1.2"] * 3,
    ...     "value": [0.0, 4.0, 2.0, 3.0, 3.0, 4.0], "na": False})
    >>> disagreement(resp)[["practice", "n_respondents", "mean", "rwg", "interview"]].round(3)
      practice  n_respondents   mean    rwg  interview
    0    SP1.1              3  2.000  0.000       True
    1    SP1.2              3  3.333  0.833      False
    """
    keys = ["wave", "business_line", "practice"]
    data = _scored(responses, keys + ["process_area", "respondent", "question"], "disagreement")
    if data.empty:
        return pd.DataFrame(columns=DISAGREEMENT_COLUMNS)
    per_resp = (
        data.groupby(keys + ["respondent"], sort=True, observed=True)
        .agg(value=("value", "mean"), process_area=("process_area", "first"))
        .reset_index()
    )
    out = (
        per_resp.groupby(keys, sort=True, observed=True)
        .agg(
            n_respondents=("respondent", "nunique"),
            mean=("value", "mean"),
            std=("value", "std"),
            process_area=("process_area", "first"),
        )
        .reset_index()
    )
    out["rwg"] = _rwg_from_var(out["std"].to_numpy() ** 2, scale_points)
    out["interview"] = (out["rwg"] < rwg_threshold).to_numpy(dtype=bool)
    out["note"] = _join(
        [
            np.where(out["n_respondents"] < 2, "one respondent: rwg undefined", ""),
            np.where(
                (out["n_respondents"] >= 2) & (out["n_respondents"] < min_respondents),
                "few respondents",
                "",
            ),
        ]
    )
    out["n_respondents"] = out["n_respondents"].astype("int64")
    out = out.sort_values(
        ["rwg", "std"] + keys, ascending=[True, False, True, True, True], na_position="last",
        kind="mergesort",
    )
    return out[DISAGREEMENT_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- internals


def _rwg_from_var(var: Any, scale_points: int) -> np.ndarray:
    if scale_points < 2:
        raise InputError(f"rwg: scale_points must be at least 2; got {scale_points}")
    sigma_eu = (scale_points**2 - 1) / 12
    v = np.asarray(var, dtype=float)
    return np.where(np.isfinite(v), np.maximum(1 - v / sigma_eu, 0.0), np.nan)


def _alpha_table(
    data: pd.DataFrame,
    keys: list[str],
    respondent: str,
    item: str,
    value: str,
    confidence: float,
) -> pd.DataFrame:
    """Cronbach's alpha with listwise deletion for every group of ``keys`` at once."""
    d = data.loc[data[value].notna(), keys + [respondent, item, value]]
    d = d.groupby(keys + [respondent, item], sort=True, observed=True)[value].mean().reset_index()
    cols = keys + ["alpha", "ci_low", "ci_high", "n", "k", "n_dropped", "note"]
    if d.empty:
        return pd.DataFrame(columns=cols)
    g = d.groupby(keys, sort=True, observed=True)
    k = g[item].transform("nunique")
    answered = d.groupby(keys + [respondent], observed=True)[item].transform("size")
    complete = d[answered.to_numpy() == k.to_numpy()]

    summary = g.agg(k=(item, "nunique"), n_all=(respondent, "nunique"))
    cg = complete.groupby(keys, sort=True, observed=True)
    n = cg[respondent].nunique().reindex(summary.index, fill_value=0)
    item_var = (
        complete.groupby(keys + [item], observed=True)[value]
        .var(ddof=1)
        .groupby(level=keys, observed=True)
        .sum()
        .reindex(summary.index)
    )
    totals = complete.groupby(keys + [respondent], observed=True)[value].sum()
    total_var = totals.groupby(level=keys, observed=True).var(ddof=1).reindex(summary.index)

    kk = summary["k"].to_numpy(dtype=float)
    nn = n.to_numpy(dtype=float)
    sv = item_var.to_numpy(dtype=float)
    tv = total_var.to_numpy(dtype=float)
    defined = (kk >= 2) & (nn >= 2) & (tv > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(defined, kk / (kk - 1) * (1 - sv / tv), np.nan)
    df1 = np.where(defined, nn - 1, 1.0)
    df2 = np.where(defined, (nn - 1) * (kk - 1), 1.0)
    f_lo = st.f.isf((1 - confidence) / 2, df1, df2)
    f_hi = st.f.isf((1 + confidence) / 2, df1, df2)
    ci_low = np.where(defined, 1 - (1 - alpha) * f_lo, np.nan)
    ci_high = np.where(defined, 1 - (1 - alpha) * f_hi, np.nan)

    n_dropped = summary["n_all"].to_numpy() - nn.astype(int)
    reason = np.select(
        [kk < 2, nn < 2, ~(tv > 0)],
        [
            "undefined: fewer than two items",
            "undefined: fewer than two respondents answered every item",
            _NO_VARIANCE,
        ],
        default="",
    )
    dropped = np.where(
        n_dropped > 0,
        [f"listwise deletion dropped {d} of {a} respondents"
         for d, a in zip(n_dropped, summary["n_all"].to_numpy())],
        "",
    )
    out = summary.reset_index()[keys]
    out["alpha"] = alpha
    out["ci_low"] = ci_low
    out["ci_high"] = ci_high
    out["n"] = nn.astype("int64")
    out["k"] = kk.astype("int64")
    out["n_dropped"] = n_dropped.astype("int64")
    out["note"] = _join([reason, dropped])
    return out[cols]


def _kripp_one(
    g: pd.DataFrame, rater: str, unit: str, value: str, level: str
) -> tuple[float, str]:
    """Krippendorff's alpha of one group (already one value per rater and unit)."""
    vals = g[value].to_numpy(dtype=float)
    if vals.size == 0:
        return float("nan"), "no data"
    if np.unique(vals).size < 2:
        return float("nan"), _NO_VARIANCE + " (one distinct answer)"
    r_codes, _ = pd.factorize(g[rater])
    u_codes, _ = pd.factorize(g[unit])
    if np.bincount(u_codes).max() < 2:
        return float("nan"), "undefined: no question answered by two respondents"
    mat = np.full((r_codes.max() + 1, u_codes.max() + 1), np.nan)
    mat[r_codes, u_codes] = vals
    try:
        return float(_kd.alpha(reliability_data=mat, level_of_measurement=level)), ""
    except ValueError as exc:  # pragma: no cover - guarded above, kept for safety
        return float("nan"), f"undefined: {exc}"


def _scored(responses: pd.DataFrame, cols: list[str], where: str) -> pd.DataFrame:
    """Rows with a scored answer (``na`` false and ``value`` not NaN), the given columns."""
    _require(responses, cols + ["value"], where)
    keep = responses["value"].notna()
    if "na" in responses.columns:
        keep &= ~responses["na"].fillna(False).astype(bool)
    return responses.loc[keep, list(dict.fromkeys(cols + ["value"]))]


def _require(frame: pd.DataFrame, cols: Sequence[Hashable], where: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise InputError(
            f"{where}: the frame lacks column(s) {', '.join(map(str, missing))}; "
            f"found {', '.join(map(str, frame.columns))}. Pass the tidy `responses` frame "
            "of maturity.ingest.read_responses or name the columns with the keyword arguments."
        )


def _join(parts: list[Any]) -> np.ndarray:
    """Join string arrays element-wise with '; ', skipping empty strings."""
    arrs = [np.asarray(p, dtype=object) for p in parts]
    n = len(arrs[0]) if arrs else 0
    return np.array(
        ["; ".join(s for s in (str(a[i]) for a in arrs) if s) for i in range(n)], dtype=object
    )
