"""Reliability and agreement of survey answers: can the PMO trust a line's score?

Internal consistency of a process area's questions (Cronbach's alpha with a Feldt interval),
agreement between respondents (Krippendorff's alpha with respondents as coders and questions
as units; within-group agreement rwg), and the practices where respondents disagree so much that
the PMO should interview before trusting the score.

All frame functions take the tidy ``responses`` frame of :func:`maturity.ingest.responses.read_responses`
(columns ``wave, business_line, respondent, question, practice, process_area, value, na, ...``).
Only scored answers count: rows with ``na`` true or ``value`` NaN (not applicable, not yet) are
excluded. When a respondent answered the same question more than once in a wave (e.g. for
several projects), their answers are averaged first.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from typing import Any, Literal, NamedTuple

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
#: Cronbach: the items vary but every respondent's total is the same (alpha = k/(k-1)(1 - s/0))
_TOTALS_CONSTANT = ("undefined: the items vary but the respondents' totals do not (variance of "
                    "the totals 0, alpha divides by it)")
#: Krippendorff: the pairable values (units coded by two or more) are all one value
_PAIRABLE_SAME = ("undefined: every pairable answer (questions answered by two or more "
                  "respondents) is the same value, so the expected disagreement is 0; answers "
                  "given by one respondent only do not count")


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
    cells = _cells(frame, [], respondent, item, value, scored_only=False)
    if cells.value.size == 0:
        row: dict[str, Any] = {
            "alpha": np.nan, "ci_low": np.nan, "ci_high": np.nan,
            "n": 0, "k": 0, "n_dropped": 0, "note": "no data",
        }
    else:
        t = _cronbach(cells, _groups(cells), confidence)
        row = {
            "alpha": float(t["alpha"][0]),
            "ci_low": float(t["ci_low"][0]),
            "ci_high": float(t["ci_high"][0]),
            "n": int(t["n"][0]),
            "k": int(t["k"][0]),
            "n_dropped": int(t["n_dropped"][0]),
            "note": str(t["note"][0]),
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
    Every statistic is computed for all groups at once: the answers are sorted once by their
    integer id codes, Cronbach's alpha and rwg come from pandas' grouped kernels over the same
    rows in the same order as a ``groupby`` on the id columns, and Krippendorff's alpha from
    per-unit and per-group sums of squares (``'ratio'`` falls back to the ``krippendorff``
    package group by group); object and categorical id columns give the same frame. See
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
    _require(responses, keys + ["respondent", "question", "value"], "reliability")
    cells = _cells(
        responses, keys, "respondent", "question", "value", scored_only=True, per_group=True
    )
    if cells.value.size == 0:
        return pd.DataFrame(columns=RELIABILITY_COLUMNS)
    grp = _groups(cells)
    units = _units(cells, grp)
    # the answers' arrays are reduced a chunk of whole groups (and so of whole units) at a time
    chunks = _chunks(grp.start, cells.value.size)
    qvar = _agg_chunks(
        "var",
        units.n,
        (
            (cells.value[lo:hi], units.code[lo:hi] - units.first[g_lo], int(units.first[g_lo]),
             int(units.first[g_hi] - units.first[g_lo]))
            for lo, hi, g_lo, g_hi in chunks
        ),
    )
    alpha = _cronbach(cells, grp, confidence, units, qvar)

    # rwg per question, then the mean over the process area's questions (taken in the order
    # the questions first appear, as a groupby(sort=False) lists them)
    q_rwg = _rwg_from_var(qvar, scale_points)
    # the units in the order they first appear (each unit's cells lie in one chunk)
    seen = np.concatenate([pd.unique(units.code[lo:hi]) for lo, hi, _, _ in chunks])
    rwg_mean = _grouped(q_rwg[seen], units.group[seen], grp.n).mean().to_numpy()

    kripp, kripp_note = _kripp_groups(cells, grp, units, level)

    base = pd.DataFrame(
        {k: lab[c] for k, c, lab in zip(keys, grp.codes, cells.labels, strict=True)}
    )
    base["n_respondents"] = alpha["n_all"].astype("int64")
    base["n_items"] = alpha["k"].astype("int64")
    base["cronbach_alpha"] = alpha["alpha"]
    base["alpha_ci_low"] = alpha["ci_low"]
    base["alpha_ci_high"] = alpha["ci_high"]
    base["krippendorff_alpha"] = kripp
    base["rwg_mean"] = rwg_mean

    base["note"] = _join(
        [
            _prefixed("cronbach: ", alpha["note"]),
            _prefixed("krippendorff: ", kripp_note),
            np.where(np.isnan(rwg_mean), "rwg: fewer than two answers per question", ""),
        ]
    )
    ka = kripp
    weak_rwg = (
        np.ones(grp.n, dtype=bool) if rwg_min is None else ~(rwg_mean >= rwg_min)
    )
    with np.errstate(invalid="ignore"):
        base["flag"] = _join(
            [
                np.where(alpha["n_all"] < min_respondents, "few respondents", ""),
                np.where(alpha["alpha"] < alpha_min, "low consistency", ""),
                np.where((ka < kripp_tentative) & weak_rwg, "low agreement", ""),
                np.where(
                    (ka >= kripp_tentative) & (ka < kripp_reliable) & weak_rwg,
                    "tentative agreement",
                    "",
                ),
            ]
        )
    return base[RELIABILITY_COLUMNS]


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
    _require(
        responses, keys + ["process_area", "respondent", "question", "value"], "disagreement"
    )
    # one value per respondent and practice: the mean of their scored answers to its questions
    cells = _cells(
        responses, keys, "respondent", None, "value", scored_only=True, first="process_area",
        per_group=True,
    )
    if cells.value.size == 0:
        return pd.DataFrame(columns=DISAGREEMENT_COLUMNS)
    grp = _groups(cells)
    n_cells = cells.value.size
    chunks = _chunks(grp.start, n_cells)

    def parts() -> Any:  # a chunk of whole groups at a time
        for lo, hi, g_lo, g_hi in chunks:
            codes = _local_codes(grp.start[g_lo:g_hi], lo, hi)
            yield cells.value[lo:hi], codes, g_lo, g_hi - g_lo

    mean = _agg_chunks("mean", grp.n, parts())
    std = _agg_chunks("std", grp.n, parts())
    n_resp = _lengths(grp.start, n_cells)
    pa_code = cells.first  # first valid process area code of each group
    pa_labels = np.append(cells.first_labels, np.nan).astype(object)  # code -1: missing

    rwg = _rwg_from_var(std**2, scale_points)
    note = _join(
        [
            (n_resp < 2, "one respondent: rwg undefined"),
            ((n_resp >= 2) & (n_resp < min_respondents), "few respondents"),
        ]
    )
    # worst first: lowest rwg, then largest std, undefined last; the groups are in key order
    # and keys are unique, so a stable sort on (rwg, -std) keeps the key order for ties
    order = np.lexsort(
        (np.where(np.isnan(std), np.inf, -std), np.where(np.isnan(rwg), np.inf, rwg))
    )
    out = {k: lab[c[order]] for k, c, lab in zip(keys, grp.codes, cells.labels, strict=True)}
    out.update(
        n_respondents=n_resp[order].astype("int64"),
        mean=mean[order],
        std=std[order],
        rwg=rwg[order],
        interview=(rwg < rwg_threshold)[order],
        process_area=pa_labels[pa_code[order]],
        note=note[order],
    )
    return pd.DataFrame(out, columns=DISAGREEMENT_COLUMNS)


# --------------------------------------------------------------------------- internals


def _rwg_from_var(var: Any, scale_points: int) -> np.ndarray:
    if scale_points < 2:
        raise InputError(f"rwg: scale_points must be at least 2; got {scale_points}")
    sigma_eu = (scale_points**2 - 1) / 12
    v = np.asarray(var, dtype=float)
    return np.where(np.isfinite(v), np.maximum(1 - v / sigma_eu, 0.0), np.nan)


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
    pairable = np.bincount(u_codes)[u_codes] >= 2
    if np.unique(vals[pairable]).size < 2:
        return float("nan"), _PAIRABLE_SAME
    mat = np.full((r_codes.max() + 1, u_codes.max() + 1), np.nan)
    mat[r_codes, u_codes] = vals
    try:
        with warnings.catch_warnings(record=True) as caught:  # the package's 0/0 warnings
            warnings.simplefilter("always")
            a = float(_kd.alpha(reliability_data=mat, level_of_measurement=level))
    except ValueError as exc:  # pragma: no cover - guarded above, kept for safety
        return float("nan"), f"undefined: {exc}"
    said = "; ".join(dict.fromkeys(str(w.message) for w in caught))
    if np.isnan(a):
        return a, f"undefined: {said}" if said else "undefined"
    return a, f"krippendorff package: {said}" if said else ""


def _require(frame: pd.DataFrame, cols: Sequence[Hashable], where: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise InputError(
            f"{where}: the frame lacks column(s) {', '.join(map(str, missing))}; "
            f"found {', '.join(map(str, frame.columns))}. Pass the tidy `responses` frame "
            "of maturity.ingest.responses.read_responses or name the columns with the keyword arguments."
        )


def _join(parts: list[Any]) -> np.ndarray:
    """Join string arrays element-wise with '; ', skipping empty strings.

    A part is an array of strings or a ``(mask, text)`` pair: ``text`` where ``mask``.
    """
    n = len(parts[0][0] if isinstance(parts[0], tuple) else parts[0]) if parts else 0
    out = np.full(n, "", dtype=object)
    for p in parts:
        if isinstance(p, tuple):
            has = np.asarray(p[0], dtype=bool)
            text: Any = p[1]
        else:
            a = np.asarray(p, dtype=object)
            has = a != ""
            text = None
        if not has.any():
            continue
        both = has & (out != "")
        alone = has & ~both
        if text is None:
            out[both] = out[both] + "; " + a[both]
            out[alone] = a[alone]
        else:
            out[both] = out[both] + ("; " + text)
            out[alone] = text
    return out


def _prefixed(prefix: str, notes: np.ndarray) -> np.ndarray:
    """``prefix + note`` where the note is not empty, else ''."""
    out = np.asarray(notes, dtype=object).copy()
    has = out != ""
    out[has] = prefix + out[has]
    return out


# --------------------------------------------------------------------------- grouped kernels
#
# The frame functions work on integer codes instead of the id columns: each id column becomes
# codes in the sorted order of its values (the categories of a categorical column, re-ranked if
# they are not sorted), the answers are sorted once by the grouping keys, and every reduction
# is either exact on integers or done by pandas' own grouped kernels (Kahan sums and means,
# Welford variances) over the rows in the same order as a ``groupby(..., sort=True)`` on the
# original columns would see them, so the results are the same to the last bit (Krippendorff's
# alpha, computed from sums instead of the coincidence matrix, agrees to ~1e-15).


def _id_codes(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of an id column in the sorted order of its values (-1: missing) and the labels.

    Object and categorical columns give the same codes for the same values, so the groupings
    and their order do not depend on the dtype.
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = col.cat.categories
        codes = col.cat.codes.to_numpy()
        if not cats.is_monotonic_increasing:
            try:
                order = np.asarray(cats.argsort())
            except TypeError:  # mixed types (1 and "r1"): the object path's order (safe sort)
                _, ordered = pd.factorize(np.asarray(cats, dtype=object), sort=True)
                order = np.asarray(cats.get_indexer(ordered))
            rank = np.empty(len(cats), dtype=np.int64)
            rank[order] = np.arange(len(cats))
            codes = np.where(codes >= 0, rank[np.maximum(codes, 0)], -1)
            codes = codes.astype(_code_dtype(len(cats)))
            cats = cats[order]
        return codes, np.asarray(cats, dtype=object)
    codes, uniques = pd.factorize(col, sort=True)
    return codes.astype(_code_dtype(len(uniques))), np.asarray(uniques, dtype=object)


def _code_dtype(n: int) -> type:
    """The smallest signed integer type for codes ``-1..n-1``."""
    for t in (np.int8, np.int16, np.int32):
        if n <= np.iinfo(t).max:
            return t
    return np.int64


def _index_dtype(n: int) -> type:
    return np.int32 if n < 1 << 31 else np.int64


def _combine(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> tuple[np.ndarray, int]:
    """One integer key per row that sorts like the tuple of codes (mixed radix), and its range."""
    total = int(np.prod([max(int(n), 1) for n in sizes], dtype=object)) if sizes else 1
    key = np.zeros(len(codes[0]) if codes else 0, dtype=_index_dtype(total))
    size = 1
    for c, n in zip(codes, sizes, strict=True):
        n = max(int(n), 1)
        if size * n >= 1 << 62:  # compress what we have so far (sorted, dense)
            key, uniq = _dense(key, size)
            key = key.astype(np.int64)
            size = max(len(uniq), 1)
        key *= n
        key += c
        size *= n
    return key, size


def _dense(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes of int64 keys in ``[0, size)``, in key order, and the distinct keys."""
    if size <= max(2 * key.size, 1 << 22) and size <= 1 << 27:
        seen = np.zeros(size, dtype=bool)
        seen[key] = True
        uniq = np.flatnonzero(seen)
        lookup = np.zeros(size, dtype=np.int32 if uniq.size < 1 << 31 else np.int64)
        lookup[uniq] = np.arange(uniq.size)
        return lookup[key], uniq
    codes, uniq = pd.factorize(key, sort=True)
    return codes, np.asarray(uniq)


def _compact(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Codes in ``[0, size)`` with gaps -> dense codes, and which of the old codes occur."""
    seen = np.bincount(codes, minlength=size) > 0
    lookup = (np.cumsum(seen) - 1).astype(_index_dtype(size))
    return lookup[codes], np.flatnonzero(seen)


def _tally(
    key: np.ndarray, size: int, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys in ``[0, size)`` (sorted) with their counts, or sums of positive weights."""
    if size <= max(2 * key.size, 1 << 22) and size <= 1 << 27:
        tot = np.bincount(key, weights=weights, minlength=size)
        present = np.flatnonzero(tot)
        return present, tot[present]
    uniq, inv = np.unique(key, return_inverse=True)
    return uniq, np.bincount(inv.reshape(-1), weights=weights, minlength=uniq.size)


def _value_codes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the values in sorted order and the values they stand for (small integers: no
    hashing; some of those values may not occur)."""
    if x.size:
        lo, hi = x.min(), x.max()
        if hi - lo < 64 and lo == int(lo):  # small integers (Likert): value - min, with gaps
            t = x - lo
            ix = t.astype(np.int8)
            if (ix == t).all():
                return ix, np.arange(lo, hi + 1, dtype=float)
    codes, uniq = pd.factorize(x, sort=True)
    return codes, np.asarray(uniq, dtype=float)


def _run_starts(*arrays: np.ndarray) -> np.ndarray:
    """Positions where any of the (sorted) arrays changes value, from 0."""
    n = len(arrays[0])
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for a in arrays:
        new[1:] |= a[1:] != a[:-1]
    return np.flatnonzero(new)


def _lengths(starts: np.ndarray, n: int) -> np.ndarray:
    return np.diff(np.append(starts, n))


def _grouped(values: np.ndarray, codes: np.ndarray, n: int) -> Any:
    """pandas GroupBy of ``values`` by dense codes ``0..n-1`` (each occurring), in code order."""
    cat = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(n))
    return pd.Series(values, copy=False).groupby(cat, observed=False, sort=True)


def _run_means(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Mean of each run of sorted values, as pandas' grouped mean gives it."""
    if starts.size == values.size:  # runs of one value: x / 1 == x
        return values
    counts = _lengths(starts, values.size)
    means = np.add.reduceat(values, starts) / counts  # exact for runs of one or two values
    many = counts > 2
    n_many = int(many.sum())
    if n_many:  # pandas sums with Kahan compensation: let it do the longer runs
        ids = np.repeat(np.arange(n_many, dtype=_index_dtype(n_many)), counts[many])
        vals = values if n_many == counts.size else values[np.repeat(many, counts)]
        means[many] = _grouped(vals, ids, n_many).mean().to_numpy()
    return means


def _first_valid(codes: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """First code that is not -1 in each run (-1 when none), as groupby ``first`` skips NaN."""
    n = codes.size
    if starts.size == n or (codes >= 0).all():
        return codes[starts].astype(np.int64)
    pos = np.where(codes >= 0, np.arange(n), n)
    first = np.minimum.reduceat(pos, starts)
    out = np.full(starts.size, -1, dtype=np.int64)
    ok = first < n
    out[ok] = codes[first[ok]]
    return out


class _Cells(NamedTuple):
    """Scored answers reduced to one mean value per (keys, rater, unit), sorted by them."""

    keys: list[np.ndarray]  # code of each key column per cell
    labels: list[np.ndarray]  # labels of each key column
    rater: np.ndarray
    rater_labels: np.ndarray
    unit: np.ndarray  # code of the unit (question) per cell; zeros when units are not used
    n_units: int
    value: np.ndarray
    count: np.ndarray  # answers averaged into each cell (when asked for)
    first: np.ndarray  # first valid code of the ``first`` column per cell (or empty)
    first_labels: np.ndarray
    # with ``per_group``: the first cell of each group of equal keys (then ``keys`` and
    # ``first`` hold one code per group instead of one per cell); None otherwise
    group_start: np.ndarray | None = None


class _Groups(NamedTuple):
    n: int
    start: np.ndarray  # first cell of each group (cells are sorted by group)
    codes: list[np.ndarray]  # key codes of each group


class _Units(NamedTuple):
    code: np.ndarray  # unit (group x question) of each cell, in (group, question) order
    n: int
    group: np.ndarray  # group of each unit
    size: np.ndarray  # cells (raters) per unit
    first: np.ndarray  # first unit of each group, and the number of units at the end


def _scored_mask(frame: pd.DataFrame, value: str, scored_only: bool) -> np.ndarray:
    keep = frame[value].notna().to_numpy(dtype=bool, copy=True)  # written below (copy-on-write)
    if scored_only and "na" in frame.columns:
        keep &= ~frame["na"].fillna(False).astype(bool).to_numpy()
    return keep


def _floats(col: pd.Series) -> np.ndarray:
    if isinstance(col.dtype, np.dtype):
        return col.to_numpy(dtype=float)
    return col.to_numpy(dtype=float, na_value=np.nan)


def _cells(
    frame: pd.DataFrame,
    keys: list[str],
    rater: str,
    unit: str | None,
    value: str,
    *,
    scored_only: bool,
    first: str | None = None,
    mask: np.ndarray | None = None,
    counts: bool = False,
    per_group: bool = False,
) -> _Cells:
    """The scored answers as sorted codes with one mean value per (keys, rater[, unit]).

    Rows with a missing id are left out (as ``groupby`` drops them); when a respondent answered
    a question more than once (several projects) the values are averaged, in row order.
    ``per_group``: the keys (and the ``first`` column) as one code per group of equal keys,
    with the groups' first cells in ``group_start``, instead of one code per cell.
    """
    cols = [*keys, rater] + ([unit] if unit is not None else [])
    keep = _scored_mask(frame, value, scored_only)
    if mask is not None:
        keep &= mask
    codes, labels = [], []
    for c in cols:
        cc, lab = _id_codes(frame[c])
        if cc.size and cc.min() < 0:
            keep &= cc >= 0
        codes.append(cc)
        labels.append(lab)
    rows = _kept_rows(keep)
    del keep
    _sort_rows(codes, [len(lab) for lab in labels], rows)
    n = rows.size
    nk = len(keys)
    # runs of equal ids (several answers to average); None when every cell holds one answer
    new = np.zeros(n, dtype=bool)
    if n:
        new[0] = True
    group_new = None
    kept = []
    for i, c in enumerate(codes):
        cr = c[rows]
        new[1:] |= cr[1:] != cr[:-1]
        if per_group and i < nk:
            del cr  # the keys are taken at the groups' first rows below
            if i == nk - 1:
                group_new = new.copy()
        else:
            kept.append(cr)
    del codes[nk:]
    starts = None if new.all() else np.flatnonzero(new)
    del new
    group_rows = None
    if per_group:
        group_rows = (
            np.zeros(min(n, 1), dtype=np.int64) if group_new is None
            else np.flatnonzero(group_new)
        )
        del group_new
        at = rows[group_rows]
        key_codes = [c[at] for c in codes]
        del at
    del codes
    vals = _floats(frame[value])[rows]
    if first is not None:
        fcodes, flabels = _id_codes(frame[first])
        fcodes = fcodes[rows]
        if per_group:
            fcodes = _first_valid(fcodes, group_rows)
        elif starts is not None:
            fcodes = _first_valid(fcodes, starts)
    else:
        fcodes, flabels = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    del rows
    if starts is None:
        means = vals
        count = np.ones(n, dtype=np.int64) if counts else np.zeros(0, dtype=np.int64)
    else:
        means = _run_means(vals, starts)
        count = _lengths(starts, n) if counts else np.zeros(0, dtype=np.int64)
        del vals
    group_start = None
    if group_rows is not None:  # every group starts a cell
        group_start = group_rows if starts is None else np.searchsorted(starts, group_rows)
    if starts is not None:
        kept = [c[starts] for c in kept]
    if per_group:
        kept = key_codes + kept
    return _Cells(
        keys=kept[:nk],
        labels=labels[:nk],
        rater=kept[nk],
        rater_labels=labels[nk],
        unit=kept[nk + 1] if unit is not None else np.zeros(means.size, dtype=np.int8),
        n_units=len(labels[nk + 1]) if unit is not None else 1,
        value=means,
        count=count,
        first=fcodes,
        first_labels=flabels,
        group_start=group_start,
    )


#: Rows or cells handled at once by the chunked steps (bounds their temporary arrays).
_CHUNK = 1 << 20


def _kept_rows(keep: np.ndarray) -> np.ndarray:
    """Positions of the true values of ``keep``, in the smallest index type (no int64 copy)."""
    n = keep.size
    rows = np.empty(int(np.count_nonzero(keep)), dtype=_index_dtype(n))
    at = 0
    for lo in range(0, n, _CHUNK):
        r = np.flatnonzero(keep[lo : lo + _CHUNK])
        rows[at : at + r.size] = r
        rows[at : at + r.size] += lo
        at += r.size
    return rows


def _sort_rows(codes: list[np.ndarray], sizes: list[int], rows: np.ndarray) -> None:
    """Sort the row positions ``rows`` in place by the tuple of codes, stably (ties keep their
    order).

    The rows are usually already in order by the first columns (wave, line): the blocks of equal
    leading codes are then sorted a batch of whole blocks at a time, which is the same order as
    one stable sort of everything, with small temporaries.
    """
    n = rows.size
    if n < 2:
        return
    same = np.ones(n - 1, dtype=bool)  # row i+1 has the same leading codes as row i
    depth = 0
    for c in codes:
        cr = c[rows]
        down = cr[1:] < cr[:-1]
        down &= same
        if down.any():
            break
        del down
        same &= cr[1:] == cr[:-1]
        depth += 1
        del cr
    if depth == len(codes):
        return  # already sorted
    bounds = [0]
    while bounds[-1] + _CHUNK < n:  # cut at the first block start after about _CHUNK rows
        at = bounds[-1] + _CHUNK
        while at < n:
            seg = same[at - 1 : at - 1 + _CHUNK]
            i = int(seg.argmin())
            if not seg[i]:
                at += i
                break
            at += seg.size
        if at >= n:
            break
        bounds.append(at)
    del same
    bounds.append(n)
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=False):
        r = rows[lo:hi]
        key, _ = _combine([c[r] for c in codes], sizes)
        if not (key[1:] >= key[:-1]).all():
            rows[lo:hi] = r[np.argsort(key, kind="stable")]


def _groups(cells: _Cells) -> _Groups:
    n = cells.value.size
    if cells.group_start is not None:
        return _Groups(int(cells.group_start.size), cells.group_start, list(cells.keys))
    if not cells.keys:
        start = np.zeros(min(n, 1), dtype=np.int64)
        return _Groups(int(start.size), start, [])
    start = _run_starts(*cells.keys)
    return _Groups(int(start.size), start, [c[start] for c in cells.keys])


def _chunks(start: np.ndarray, n: int) -> list[tuple[int, int, int, int]]:
    """``(lo, hi, g_lo, g_hi)``: cells ``lo:hi`` are the whole groups ``g_lo:g_hi``, about
    ``_CHUNK`` cells at a time (groups are contiguous runs of cells starting at ``start``)."""
    if n == 0:
        return []
    cut = np.unique(np.r_[np.searchsorted(start, np.arange(0, n, _CHUNK)), start.size])
    ends = np.append(start, n)
    return [
        (int(ends[a]), int(ends[b]), int(a), int(b))
        for a, b in zip(cut[:-1], cut[1:], strict=False)
    ]


def _local_codes(start: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Group of each cell ``lo:hi`` counted from the chunk's first group (``start``: the
    chunk's groups' first cells)."""
    return np.repeat(
        np.arange(start.size, dtype=_index_dtype(start.size)), _lengths(start - lo, hi - lo)
    )


def _agg_chunks(how: str, n: int, parts: Any) -> np.ndarray:
    """pandas' grouped ``how`` (``'mean', 'sum', 'var', 'std'``, defaults) of ``n`` groups, one
    chunk at a time: ``parts`` yields ``(values, codes, first, m)`` for the groups
    ``first:first+m`` (codes ``0..m-1``, each group wholly in one chunk). The same numbers as one
    call over everything: the kernels reduce each group's values in row order."""
    out = np.full(n, np.nan)
    for vals, codes, at, m in parts:
        out[at : at + m] = getattr(_grouped(vals, codes, m), how)().to_numpy()
    return out


def _units(cells: _Cells, grp: _Groups) -> _Units:
    """Units (group x question) in (group, question) order."""
    n = cells.value.size
    nu = cells.n_units
    code = np.empty(n, dtype=_index_dtype(n))
    groups, sizes, first = [], [], np.zeros(grp.n + 1, dtype=np.int64)
    at = 0
    for lo, hi, g_lo, g_hi in _chunks(grp.start, n):
        size = (g_hi - g_lo) * nu
        key = _local_codes(grp.start[g_lo:g_hi], lo, hi).astype(_index_dtype(size), copy=False)
        key *= nu
        key += cells.unit[lo:hi]
        c, uniq = _dense(key, size)
        del key
        code[lo:hi] = c
        code[lo:hi] += at
        sizes.append(np.bincount(c, minlength=uniq.size))
        del c
        g = uniq // nu + g_lo
        first[g_lo:g_hi] = at + np.searchsorted(g, np.arange(g_lo, g_hi))
        groups.append(g)
        at += uniq.size
    first[grp.n] = at
    group = np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64)
    size = np.concatenate(sizes) if sizes else np.zeros(0, dtype=np.int64)
    return _Units(code, int(at), group, size, first)


def _cronbach(
    cells: _Cells,
    grp: _Groups,
    confidence: float,
    units: _Units | None = None,
    unit_var: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Cronbach's alpha with listwise deletion and the Feldt interval of every group.

    ``unit_var``: the variance of each unit over all its cells, reused when no respondent is
    dropped (then the items' variances are exactly these).
    """
    units = units if units is not None else _units(cells, grp)
    n_cells = cells.value.size
    v = cells.value
    new = np.zeros(n_cells, dtype=bool)  # one run per (group, respondent)
    new[grp.start] = True
    new[1:] |= cells.rater[1:] != cells.rater[:-1]
    rs = np.flatnonzero(new)
    del new
    rlen = _lengths(rs, n_cells)
    rg = np.searchsorted(grp.start, rs, side="right") - 1
    n_all = np.bincount(rg, minlength=grp.n)
    k = np.bincount(units.group, minlength=grp.n)
    complete = rlen == k[rg]  # respondents who answered every item of their group
    n = np.bincount(rg[complete], minlength=grp.n)
    everyone = bool(complete.all())
    cell_ok = None if everyone else np.repeat(complete, rlen)
    chunks = _chunks(grp.start, n_cells)

    def complete_cells(lo: int, hi: int) -> np.ndarray:
        return v[lo:hi] if everyone else v[lo:hi][cell_ok[lo:hi]]

    # sum over the items of each item's variance (items in sorted order)
    if everyone and unit_var is not None:
        item_var, used = unit_var, np.arange(units.n)
    else:
        seen = np.zeros(units.n, dtype=bool)  # items with a complete respondent's answer

        def item_parts() -> Any:
            for lo, hi, g_lo, g_hi in chunks:
                u_lo, u_hi = int(units.first[g_lo]), int(units.first[g_hi])
                cu = units.code[lo:hi] if everyone else units.code[lo:hi][cell_ok[lo:hi]]
                cu = cu - u_lo
                seen[u_lo + cu] = True
                yield complete_cells(lo, hi), cu, u_lo, u_hi - u_lo

        item_var = _agg_chunks("var", units.n, item_parts())
        used = np.flatnonzero(seen)
        item_var = item_var[used]
    gi, g_used = _compact(units.group[used], grp.n)
    sv = np.full(grp.n, np.nan)
    sv[g_used] = _grouped(item_var, gi, g_used.size).sum().to_numpy()

    # variance of the respondents' totals
    n_complete = int(complete.sum())
    r_at = np.cumsum(complete) - complete  # complete respondents before each run

    def total_parts() -> Any:
        for lo, hi, _, _ in chunks:
            r_lo, r_hi = np.searchsorted(rs, [lo, hi])
            ok = complete[r_lo:r_hi]
            m = int(ok.sum())
            ids = np.repeat(np.arange(m, dtype=_index_dtype(m)), rlen[r_lo:r_hi][ok])
            if m:
                yield complete_cells(lo, hi), ids, int(r_at[r_lo]), m

    totals = _agg_chunks("sum", n_complete, total_parts())
    cell_ok = None  # freed (the closures above are done with it)
    gt, g_tot = _compact(rg[complete], grp.n)
    tv = np.full(grp.n, np.nan)
    tv[g_tot] = _grouped(totals, gt, g_tot.size).var(ddof=1).to_numpy()

    kk = k.astype(float)
    nn = n.astype(float)
    defined = (kk >= 2) & (nn >= 2) & (tv > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(defined, kk / (kk - 1) * (1 - sv / tv), np.nan)
    df1 = np.where(defined, nn - 1, 1.0)
    df2 = np.where(defined, (nn - 1) * (kk - 1), 1.0)
    f_lo = st.f.isf((1 - confidence) / 2, df1, df2)
    f_hi = st.f.isf((1 + confidence) / 2, df1, df2)
    ci_low = np.where(defined, 1 - (1 - alpha) * f_lo, np.nan)
    ci_high = np.where(defined, 1 - (1 - alpha) * f_hi, np.nan)

    n_dropped = n_all - n
    with np.errstate(invalid="ignore"):
        reason = np.select(
            [kk < 2, nn < 2, ~(tv > 0) & (sv > 0), ~(tv > 0)],
            [
                "undefined: fewer than two items",
                "undefined: fewer than two respondents answered every item",
                _TOTALS_CONSTANT,
                _NO_VARIANCE,
            ],
            default="",
        )
    dropped = np.full(grp.n, "", dtype=object)
    some = np.flatnonzero(n_dropped > 0)
    if some.size:
        dropped[some] = (
            "listwise deletion dropped "
            + pd.Series(n_dropped[some]).astype(str)
            + " of "
            + pd.Series(n_all[some]).astype(str)
            + " respondents"
        ).to_numpy(dtype=object)
    return {
        "alpha": alpha,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "n": n.astype("int64"),
        "k": k.astype("int64"),
        "n_all": n_all.astype("int64"),
        "n_dropped": n_dropped.astype("int64"),
        "note": _join([reason, dropped]),
    }


def _kripp_groups(
    cells: _Cells, grp: _Groups, units: _Units, level: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Krippendorff's alpha of every group (respondents as coders, questions as units).

    With ``m_u`` coders of unit ``u`` and the (pairable) values ``x``: ``D_o = sum_u 2 m_u
    SS_u / (m_u - 1)`` and ``D_e = 2 n SS / (n - 1)``, where ``SS_u`` and ``SS`` are the sums
    of squared deviations within the unit and the group, ``x`` the value itself for the
    interval metric and its mid-rank among the group's pairable values for the ordinal one
    (Krippendorff's ordinal distance is the squared difference of mid-ranks); the nominal
    metric counts the pairs of different values. ``alpha = 1 - D_o / D_e``: the coincidence
    matrix of the ``krippendorff`` package, summed in another order (same to ~1e-15). Other
    levels (``'ratio'``) use the package group by group.
    """
    v = cells.value
    alpha = np.full(grp.n, np.nan)
    note = np.full(grp.n, "", dtype=object)
    one = np.minimum.reduceat(v, grp.start) == np.maximum.reduceat(v, grp.start)
    ustart = _run_starts(units.group)
    lonely = ~one & (np.maximum.reduceat(units.size, ustart) < 2)
    note[one] = _NO_VARIANCE + " (one distinct answer)"
    note[lonely] = "undefined: no question answered by two respondents"
    ok = ~one & ~lonely
    if not ok.any():
        return alpha, note
    if level not in ("nominal", "ordinal", "interval"):
        ends = np.append(grp.start[1:], v.size)
        with np.errstate(divide="ignore", invalid="ignore"):  # 0/0: NaN, as below
            for gi in np.flatnonzero(ok):
                sl = slice(grp.start[gi], ends[gi])
                g = pd.DataFrame({"r": cells.rater[sl], "u": cells.unit[sl], "v": v[sl]})
                alpha[gi], note[gi] = _kripp_one(g, "r", "u", "v", level)
        return alpha, note

    # pairable values (units with two or more coders) of the defined groups, tallied per
    # (unit, value) and per (group, value): the sums below run over these small tables
    unit_ok = (units.size >= 2) & ok[units.group]
    sums = _kripp_chunked(v, grp, units, unit_ok, level)
    if sums is None:  # values that are not small integers: tally everything at once
        sel = unit_ok[units.code]
        every = bool(sel.all())
        vcode, vals = _value_codes(v if every else v[sel])
        nv = max(vals.size, 1)
        uv_key = (units.code if every else units.code[sel]).astype(np.int64)
        del sel
        uv_key *= nv
        uv_key += vcode
        del vcode
        uv_key, c = _tally(uv_key, units.n * nv)
        sums = _kripp_sums(uv_key, c, vals, level, units.group, units.size, unit_ok, grp.n)
        del uv_key, c
    per_unit, d_e, distinct = sums
    with np.errstate(divide="ignore", invalid="ignore"):
        d_o = np.bincount(units.group, weights=per_unit, minlength=grp.n)
        a = 1 - d_o / d_e
    a = np.where(distinct >= 2, a, np.nan)  # one pairable value: 0/0 in the package too
    alpha[ok] = a[ok]
    note[ok & (distinct < 2)] = _PAIRABLE_SAME
    return alpha, note


def _kripp_sums(
    uv_key: np.ndarray,
    c: np.ndarray,
    vals: np.ndarray,
    level: Any,
    unit_group: np.ndarray,
    unit_size: np.ndarray,
    unit_ok: np.ndarray,
    n_groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Krippendorff's per-unit observed disagreement, each group's expected disagreement and
    its number of distinct pairable values, from the sorted (unit, value code) keys ``uv_key``
    and their counts ``c`` (units ``0..len(unit_size)-1`` of groups ``0..n_groups-1``)."""
    nv = max(vals.size, 1)
    u = uv_key // nv
    g_of = unit_group[u].astype(np.int64) * nv + (uv_key - u * nv)
    gv_key, cnt = _tally(g_of, n_groups * nv, weights=c)
    gv_group = gv_key // nv
    entry = np.searchsorted(gv_key, g_of)  # (unit, value) -> (group, value)
    n_g = np.bincount(gv_group, weights=cnt, minlength=n_groups)
    distinct = np.bincount(gv_group, minlength=n_groups)
    m = unit_size.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if level == "nominal":
            c2 = np.bincount(u, weights=c * c, minlength=unit_size.size)
            per_unit = np.where(unit_ok, (m * m - c2) / (m - 1), 0.0)
            c2_g = np.bincount(gv_group, weights=cnt * cnt, minlength=n_groups)
            d_e = (n_g * n_g - c2_g) / (n_g - 1)
        else:
            if level == "ordinal":  # mid-rank of each value among the group's pairable values
                before = np.cumsum(cnt) - cnt
                run = np.cumsum(np.r_[0, np.diff(gv_group) != 0])
                x = before - before[_run_starts(gv_group)][run] + (cnt + 1) / 2
            else:
                x = vals[gv_key - gv_group * nv]
            xe = x[entry]
            mean_u = np.bincount(u, weights=c * xe, minlength=unit_size.size) / m
            dev = xe - mean_u[u]
            ss_u = np.bincount(u, weights=c * dev * dev, minlength=unit_size.size)
            per_unit = np.where(unit_ok, 2 * m * ss_u / (m - 1), 0.0)
            mean_g = np.bincount(gv_group, weights=cnt * x, minlength=n_groups) / n_g
            dev = x - mean_g[gv_group]
            ss_g = np.bincount(gv_group, weights=cnt * dev * dev, minlength=n_groups)
            d_e = 2 * n_g * ss_g / (n_g - 1)
    return per_unit, d_e, distinct


def _kripp_chunked(
    v: np.ndarray, grp: _Groups, units: _Units, unit_ok: np.ndarray, level: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`_kripp_sums` of all units and groups, a chunk of whole groups at a time (the same
    sums: each unit's and group's entries are added in the same order); None when the values
    are not small integers (as ``_value_codes`` sees them) or the tables would be large."""
    chunks = _chunks(grp.start, v.size)
    lo_v, hi_v = np.inf, -np.inf
    for lo, hi, _, _ in chunks:
        x = v[lo:hi][unit_ok[units.code[lo:hi]]]
        if x.size:
            lo_v, hi_v = min(lo_v, x.min()), max(hi_v, x.max())
    if not (hi_v - lo_v < 64 and lo_v == int(lo_v)):  # also no values at all
        return None
    vals = np.arange(lo_v, hi_v + 1, dtype=float)
    nv = max(vals.size, 1)
    if units.n * nv > 1 << 27:
        return None
    per_unit = np.zeros(units.n)
    d_e = np.full(grp.n, np.nan)
    distinct = np.zeros(grp.n, dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for lo, hi, g_lo, g_hi in chunks:
            sel = unit_ok[units.code[lo:hi]]
            t = v[lo:hi][sel]
            t -= lo_v
            ix = t.astype(np.int8)
            if not (ix == t).all():
                return None
            del t
            u_lo, u_hi = int(units.first[g_lo]), int(units.first[g_hi])
            key = units.code[lo:hi][sel].astype(np.int64)
            del sel
            key -= u_lo
            key *= nv
            key += ix
            del ix
            tot = np.bincount(key, minlength=(u_hi - u_lo) * nv)
            del key
            uv_key = np.flatnonzero(tot)
            if not uv_key.size:  # no pairable value: alpha stays NaN
                continue
            sums = _kripp_sums(
                uv_key, tot[uv_key], vals, level, units.group[u_lo:u_hi] - g_lo,
                units.size[u_lo:u_hi], unit_ok[u_lo:u_hi], g_hi - g_lo,
            )
            per_unit[u_lo:u_hi], d_e[g_lo:g_hi], distinct[g_lo:g_hi] = sums
    return per_unit, d_e, distinct
