"""The vectorised compare stage against plain, obviously-correct references (hypothesis).

``maturity.compare.trends`` and ``maturity.compare.reliability`` compute every business line,
wave pair and process area at once on integer codes (tests batched over lines with equal sample
sizes, Cliff's deltas from cumulative counts, Krippendorff's alpha from sums of squares, pandas'
grouped kernels over sorted answers). The references below loop over lines and groups and call
:mod:`maturity.compare.stats`, scipy and the ``krippendorff`` package one group at a time, as the
first implementation did; the fast path must give the same frames (the statistical tests and
every count bit for bit, the reliability statistics to 1e-12), and the same frames whether the
id columns are object or categorical (sorted, unsorted or with unused categories).
"""

from __future__ import annotations

import importlib
import math
import warnings

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats as sst

from maturity.compare.reliability import (
    DISAGREEMENT_COLUMNS,
    RELIABILITY_COLUMNS,
    disagreement,
    reliability,
)
from maturity.compare.stats import kruskal_dunn, paired_test, t_interval, unpaired_test
from maturity.compare.trends import (
    CHANGES_COLUMNS,
    LINE_COMPARISON_COLUMNS,
    RANKINGS_COLUMNS,
    changes,
    line_comparison,
    pa_changes,
    rankings,
    respondent_scores,
)

PANDAS_2 = int(pd.__version__.split(".")[0]) < 3  # pandas 3 rounds grouped means apart

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WAVES = ["2025-03", "2025-09", "2026-03"]
QUESTIONS = {  # question -> (practice, process area)
    "PP-q1": ("PP-SP1", "PP"),
    "PP-q2": ("PP-SP1", "PP"),
    "PP-q3": ("PP-SP2", "PP"),
    "REQM-q1": ("REQM-SP1", "REQM"),
    "REQM-q2": ("REQM-SP2", "REQM"),
}
IDS = ["wave", "business_line", "respondent", "question", "practice", "process_area"]
RESAMPLES = 199  # permutation tests: fewer resamples, same code path


# --------------------------------------------------------------------------------------------
# Random surveys (as read_responses gives them, rows shuffled)


@st.composite
def surveys(draw, values=(0.0, 1.0, 2.0, 3.0, 4.0)):  # noqa: ANN001, ANN201
    """A responses frame: lines x waves x respondents (some answering several waves, some
    questions twice for two projects), NA answers, a value marked NA; shuffled rows."""
    waves = sorted(draw(st.lists(st.sampled_from(WAVES), min_size=1, max_size=3, unique=True)))
    n_lines = draw(st.integers(1, 4))
    answer = st.one_of(st.sampled_from(values), st.none())
    rows = []
    for li in range(n_lines):
        line = f"line-{'zyxw'[li]}"  # labels not in creation order
        people = [f"{line}-r{i}" for i in range(draw(st.integers(1, 7)))]
        for w in waves:
            for r in draw(st.lists(st.sampled_from(people), unique=True, max_size=len(people))):
                qs = draw(st.lists(st.sampled_from(list(QUESTIONS)), min_size=1, unique=True))
                for q in qs:
                    for project in ["p1", "p2", "p3"][: draw(st.sampled_from([1, 1, 1, 1, 2, 3]))]:
                        v = draw(answer)
                        na = v is None or draw(st.sampled_from([False] * 15 + [True]))
                        practice, pa = QUESTIONS[q]
                        rows.append(
                            {
                                "wave": w,
                                "business_line": line,
                                "respondent": r,
                                "project": project,
                                "question": q,
                                "practice": practice,
                                "process_area": pa,
                                "value": np.nan if v is None else v,
                                "na": na,
                            }
                        )
    df = pd.DataFrame(
        rows,
        columns=[
            "wave",
            "business_line",
            "respondent",
            "project",
            "question",
            "practice",
            "process_area",
            "value",
            "na",
        ],
    )
    df = df.astype({c: object for c in IDS + ["project"]}).astype({"value": float, "na": bool})
    return df.sample(frac=1, random_state=draw(st.integers(0, 1000))).reset_index(drop=True)


@st.composite
def maturities(draw, resp):  # noqa: ANN001, ANN201
    """A maturity frame for the waves and lines of ``resp`` (some missing, tied indices)."""
    keys = resp[["wave", "business_line"]].drop_duplicates().sort_values(["wave", "business_line"])
    rows = []
    for w, b in keys.itertuples(index=False):
        if draw(st.sampled_from([True] * 6 + [False])):
            rows.append(
                (w, b, draw(st.integers(1, 3)), draw(st.sampled_from([1.5, 2.0, 2.25, 3.0])))
            )
    return pd.DataFrame(rows, columns=["wave", "business_line", "maturity_level", "maturity_index"])


def categorical(df: pd.DataFrame, how: str) -> pd.DataFrame:
    """The id columns as categoricals: sorted categories, or reversed with an unused one."""
    out = df.copy()
    for c in IDS + ["project"]:
        if c not in out.columns:
            continue
        vals = sorted(out[c].dropna().unique())
        cats = vals if how == "sorted" else ["~unused", *vals[::-1]]
        out[c] = pd.Categorical(out[c], categories=cats)
    return out


# --------------------------------------------------------------------------------------------
# Plain references: one line / group at a time


def ref_respondent_scores(resp: pd.DataFrame) -> pd.DataFrame:
    data = resp[resp["value"].notna() & ~resp["na"]]
    out = (
        data.groupby(["wave", "business_line", "respondent"], sort=True)["value"]
        .agg(score="mean", n_answers="count")
        .reset_index()
    )
    out["n_answers"] = out["n_answers"].astype("int64")
    return out


def _welch(a: np.ndarray, b: np.ndarray, confidence: float) -> tuple[float, float]:
    if a.size < 2 or b.size < 2:
        return np.nan, np.nan
    if np.var(a) == 0 and np.var(b) == 0:
        return float(b.mean() - a.mean()), float(b.mean() - a.mean())
    ci = sst.ttest_ind(b, a, equal_var=False).confidence_interval(confidence)
    return float(ci.low), float(ci.high)


def ref_changes(resp, mat, test="auto", min_n=5, confidence=0.95, alpha=0.05, tol=0.1):  # noqa: ANN001, ANN201, C901
    """Line by line, with maturity.compare.stats.paired_test / unpaired_test and a plain Holm."""
    scores = ref_respondent_scores(resp)
    waves = sorted(set(mat["wave"]) | set(scores["wave"]))
    m = mat.drop_duplicates(["wave", "business_line"]).set_index(["wave", "business_line"])
    rows = []
    for wf, wt in zip(waves[:-1], waves[1:], strict=True):
        lines = sorted(
            {b for (w, b) in m.index if w in (wf, wt)}
            | set(scores.loc[scores["wave"].isin([wf, wt]), "business_line"])
        )
        block = []
        for line in lines:
            caveats = [f"not scored in wave {w}" for w in (wf, wt) if (w, line) not in m.index]

            def get(w, col, line=line):  # noqa: ANN001, ANN202
                return m.loc[(w, line), col] if (w, line) in m.index else np.nan

            def sc(w, line=line):  # noqa: ANN001, ANN202
                s = scores[(scores["wave"] == w) & (scores["business_line"] == line)]
                return s.set_index("respondent")["score"]

            s_from, s_to = sc(wf), sc(wt)
            matched = s_from.index.intersection(s_to.index)
            n_from, n_to, n_paired = len(s_from), len(s_to), len(matched)
            if test in ("paired", "unpaired"):
                paired = test == "paired"
            else:
                paired = n_paired >= 2 and n_paired >= 0.5 * min(n_from, n_to)
                if not paired and n_paired >= 2:
                    caveats.append(
                        f"only {n_paired} respondents answered both waves: unpaired test"
                    )
            method = "permutation" if test == "permutation" else "auto"
            a_all, b_all = s_from.to_numpy(dtype=float), s_to.to_numpy(dtype=float)
            pa = s_from.loc[matched].to_numpy(dtype=float)
            pb = s_to.loc[matched].to_numpy(dtype=float)
            d = pb - pa
            st_from = float(pa.mean()) if pa.size else np.nan
            st_to = float(pb.mean()) if pb.size else np.nan
            st_delta = float(d.mean()) if d.size else np.nan
            sd = float(d.std(ddof=1)) if d.size > 1 else np.nan
            st_lo, st_hi = (float(x) for x in t_interval(st_delta, sd, d.size,
                                                          confidence=confidence))
            if not d.size:
                st_lo = st_hi = np.nan
            sf = float(a_all.mean()) if a_all.size else np.nan
            stt = float(b_all.mean()) if b_all.size else np.nan
            lo, hi = _welch(a_all, b_all, confidence)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if paired:
                    res = paired_test(pa, pb, method=method, n_resamples=RESAMPLES, seed=0)
                    name = "wilcoxon"
                else:
                    res = unpaired_test(b_all, a_all, method=method, n_resamples=RESAMPLES,
                                        seed=0)
                    name = "mann_whitney"
            kind = res.effect_size_kind
            if res.note and np.isnan(res.statistic):
                name = ""
                kind = kind if not np.isnan(res.effect_size) else ""
            n_test = 0 if name == "" else (n_paired if paired else n_from + n_to)
            if name == "wilcoxon":  # zero differences are dropped by the test
                min_p = min(1.0, 2.0 ** (1 - int(np.count_nonzero(d))))
            elif name == "mann_whitney":
                min_p = min(1.0, 2.0 / math.comb(n_from + n_to, n_from))
            else:
                min_p = np.nan
            n_lv, n_nc = n_from - n_paired, n_to - n_paired
            lv = s_from.drop(matched)
            nc = s_to.drop(matched)
            block.append(dict(
                business_line=line, wave_from=wf, wave_to=wt, comparison="consecutive",
                level_from=get(wf, "maturity_level"), level_to=get(wt, "maturity_level"),
                index_from=get(wf, "maturity_index"), index_to=get(wt, "maturity_index"),
                delta=get(wt, "maturity_index") - get(wf, "maturity_index"),
                ci_low=np.nan, ci_high=np.nan,
                score_from=sf, score_to=stt, score_delta=stt - sf, score_ci_low=lo,
                score_ci_high=hi, stayers_from=st_from, stayers_to=st_to,
                stayers_delta=st_delta, stayers_ci_low=st_lo, stayers_ci_high=st_hi,
                test=name, n_test=n_test, statistic=res.statistic, p_value=res.p_value,
                p_adjusted=np.nan, min_p=min_p, significant=False,
                effect_size=res.effect_size, effect_size_kind=kind, p_method=res.method,
                n_from=n_from, n_to=n_to, n_paired=n_paired, n_leavers=n_lv,
                n_newcomers=n_nc, leavers_mean=float(lv.mean()) if n_lv else np.nan,
                newcomers_mean=float(nc.mean()) if n_nc else np.nan,
                _caveats=caveats, _note=res.note, _paired=paired,
            ))
        # Holm across the lines of the pair, by hand
        ps = sorted((r["p_value"], i) for i, r in enumerate(block) if np.isfinite(r["p_value"]))
        running = 0.0
        for j, (p, i) in enumerate(ps):
            running = max(running, min(1.0, p * (len(ps) - j)))
            block[i]["p_adjusted"] = running
        for r in block:
            cav = r.pop("_caveats")
            note = r.pop("_note")
            paired = r.pop("_paired")
            if note:
                cav.append(note)
            wil = r["test"] == "wilcoxon"
            lo, hi = ((r["stayers_ci_low"], r["stayers_ci_high"]) if wil
                      else (r["score_ci_low"], r["score_ci_high"]))
            excludes0 = lo > 0 or hi < 0
            p_ok = r["p_adjusted"] < alpha
            possible = r["min_p"] < alpha
            r["significant"] = bool(p_ok and excludes0 and possible)
            n_used = r["n_paired"] if wil else min(r["n_from"], r["n_to"])
            if r["n_from"] == 0 or r["n_to"] == 0:
                cav.append("no respondents in wave "
                           f"{r['wave_from'] if r['n_from'] == 0 else r['wave_to']}: no change")
            elif n_used < min_n:
                cav.append(f"n < {min_n}: small sample, treat as indicative")
            if np.isfinite(r["min_p"]) and r["min_p"] >= alpha:
                n_shown = int(np.log2(2 / r["min_p"]) + 0.5) if wil else r["n_test"]
                cav.append(f"p < {alpha:g} impossible with {n_shown} "
                           f"{'pairs that changed' if wil else 'respondents'} (smallest p "
                           f"{r['min_p']:.3g}): not testable")
            if p_ok and possible and not excludes0:
                cav.append("the test and the interval disagree: not significant")
            sd, sdl = r["score_delta"], r["stayers_delta"]
            if ((r["n_leavers"] > 0 or r["n_newcomers"] > 0) and np.isfinite(sd)
                    and np.isfinite(sdl) and (np.sign(sd) != np.sign(sdl)
                                              or abs(sd - sdl) >= tol)):
                def f(x):  # noqa: ANN001, ANN202
                    return "–" if not np.isfinite(x) else f"{x:.2f}"
                cav.append(
                    f"composition changed: all respondents {sd:+.2f}, the {r['n_paired']} who "
                    f"answered both waves {sdl:+.2f} ({r['n_leavers']} left, mean "
                    f"{f(r['leavers_mean'])}; {r['n_newcomers']} joined, mean "
                    f"{f(r['newcomers_mean'])})")
            r["caveat"] = "; ".join(c for c in cav if c)
            rows.append(r)
    out = pd.DataFrame(rows, columns=CHANGES_COLUMNS)
    for c in ("n_from", "n_to", "n_paired", "n_leavers", "n_newcomers", "n_test"):
        out[c] = out[c].astype("int64")
    for c in ("level_from", "level_to"):
        out[c] = pd.array(out[c], dtype="Int64")
    out["significant"] = out["significant"].astype(bool)
    return out


def cliffs_delta(a: np.ndarray, b: np.ndarray) -> float:
    ranks = sst.rankdata(np.concatenate([a, b]))
    u1 = ranks[: a.size].sum() - a.size * (a.size + 1) / 2
    return float(2 * u1 / (a.size * b.size) - 1)


def ref_line_comparison(resp: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Wave by wave with kruskal_dunn on the labels, Cliff's delta pair by pair."""
    scores = ref_respondent_scores(resp)
    rows = []
    for w, g in scores.groupby("wave", sort=True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            om, pairs = kruskal_dunn(g, "score", "business_line", alpha=alpha)
        p = om["p_value"]
        rows.append(
            [
                w,
                "omnibus",
                "",
                "",
                om["statistic"],
                p,
                p,
                bool(p < alpha),
                om["epsilon_squared"],
                "epsilon_squared",
                om["n"],
                om["k"],
                om["note"],
            ]
        )
        by_line = {b: s["score"].to_numpy() for b, s in g.groupby("business_line")}
        for r in pairs.itertuples(index=False):
            rows.append(
                [
                    w,
                    "pairwise",
                    r.group_a,
                    r.group_b,
                    r.z,
                    r.p_value,
                    r.p_adjusted,
                    bool(r.significant),
                    cliffs_delta(by_line[r.group_a], by_line[r.group_b]),
                    "cliffs_delta",
                    r.n_a,
                    r.n_b,
                    om["note"],
                ]
            )
    out = pd.DataFrame(rows, columns=LINE_COMPARISON_COLUMNS)
    for c in ("n_a", "n_b"):
        out[c] = out[c].astype("int64")
    out["significant"] = out["significant"].astype(bool)
    return out


def ref_rankings(mat: pd.DataFrame) -> pd.DataFrame:
    rows = []
    prev: dict[str, int] = {}
    prev_wave = ""
    for w in sorted(mat["wave"].unique()):
        g = mat[mat["wave"] == w]
        order = sorted(
            g.itertuples(index=False),
            key=lambda r: (math.isnan(r.maturity_index), -r.maturity_index, r.business_line),
        )
        now = {}
        for rank, r in enumerate(order, start=1):
            now[r.business_line] = rank
            change = prev[r.business_line] - rank if r.business_line in prev else pd.NA
            rows.append([w, r.business_line, rank, r.maturity_index, r.maturity_level, change,
                         prev_wave])
        prev, prev_wave = now, w
    out = pd.DataFrame(rows, columns=RANKINGS_COLUMNS)
    out["rank"] = out["rank"].astype("int64")
    out["rank_change"] = pd.array(out["rank_change"], dtype="Int64")
    return out


def ref_kripp(matrix: np.ndarray, level: str) -> tuple[float, str]:
    vals = matrix[~np.isnan(matrix)]
    if np.unique(vals).size < 2:
        return np.nan, "undefined: no variance (one distinct answer)"
    if (np.sum(~np.isnan(matrix), axis=0) < 2).all():
        return np.nan, "undefined: no question answered by two respondents"
    pairable = matrix[:, np.sum(~np.isnan(matrix), axis=0) >= 2]
    if np.unique(pairable[~np.isnan(pairable)]).size < 2:  # issue 14: NaN with its reason
        return np.nan, ("undefined: every pairable answer (questions answered by two or more "
                        "respondents) is the same value, so the expected disagreement is 0; "
                        "answers given by one respondent only do not count")
    with np.errstate(all="ignore"):
        return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)), ""


def ref_reliability(resp: pd.DataFrame, level: str, **th) -> pd.DataFrame:  # noqa: ANN003
    """Group by group: pivot, listwise deletion, the formulas, krippendorff per group."""
    data = resp[resp["value"].notna() & ~resp["na"]]
    rows = []
    for (w, b, pa), g in data.groupby(["wave", "business_line", "process_area"], sort=True):
        wide = g.pivot_table(index="respondent", columns="question", values="value", aggfunc="mean")
        n_all, k = wide.shape
        full = wide.dropna()
        n = len(full)
        note = ""
        alpha = lo = hi = np.nan
        tv = full.sum(axis=1).var(ddof=1) if n >= 2 else np.nan
        if k < 2:
            note = "undefined: fewer than two items"
        elif n < 2:
            note = "undefined: fewer than two respondents answered every item"
        elif not tv > 0:  # issue 14: items that vary with constant totals say so
            note = ("undefined: the items vary but the respondents' totals do not (variance of "
                    "the totals 0, alpha divides by it)" if full.var(ddof=1).sum() > 0
                    else "undefined: no variance")
        else:
            alpha = k / (k - 1) * (1 - full.var(ddof=1).sum() / tv)
            lo = 1 - (1 - alpha) * sst.f.isf(0.025, n - 1, (n - 1) * (k - 1))
            hi = 1 - (1 - alpha) * sst.f.isf(0.975, n - 1, (n - 1) * (k - 1))
        notes = []
        dropped = n_all - n
        cron = "; ".join(
            x
            for x in [
                note,
                f"listwise deletion dropped {dropped} of {n_all} respondents" if dropped else "",
            ]
            if x
        )
        if cron:
            notes.append("cronbach: " + cron)
        ka, kn = ref_kripp(wide.to_numpy(dtype=float), level)
        if kn:
            notes.append("krippendorff: " + kn)
        q_var = wide.var(ddof=1).to_numpy()  # per question, over its respondents
        q_rwg = np.where(np.isnan(q_var), np.nan, np.maximum(1 - q_var / 2.0, 0))
        rwg_mean = np.nan if np.isnan(q_rwg).all() else float(np.nanmean(q_rwg))
        if np.isnan(rwg_mean):
            notes.append("rwg: fewer than two answers per question")
        weak = not rwg_mean >= th["rwg_min"]
        flags = [
            "few respondents" if n_all < th["min_respondents"] else "",
            "low consistency" if alpha < th["alpha_min"] else "",
            "low agreement" if ka < th["kripp_tentative"] and weak else "",
            "tentative agreement"
            if th["kripp_tentative"] <= ka < th["kripp_reliable"] and weak
            else "",
        ]
        rows.append(
            [
                w,
                b,
                pa,
                n_all,
                k,
                alpha,
                lo,
                hi,
                ka,
                rwg_mean,
                "; ".join(f for f in flags if f),
                "; ".join(notes),
            ]
        )
    return pd.DataFrame(rows, columns=RELIABILITY_COLUMNS)


def ref_disagreement(resp: pd.DataFrame, rwg_threshold: float = 0.5) -> pd.DataFrame:
    data = resp[resp["value"].notna() & ~resp["na"]]
    rows = []
    for (w, b, p), g in data.groupby(["wave", "business_line", "practice"], sort=True):
        per = g.groupby("respondent")["value"].mean().to_numpy()
        n = per.size
        std = float(np.std(per, ddof=1)) if n > 1 else np.nan
        rwg = np.nan if np.isnan(std) else max(1 - std**2 / 2.0, 0.0)
        note = "one respondent: rwg undefined" if n < 2 else "few respondents" if n < 3 else ""
        rows.append(
            [
                w,
                b,
                p,
                n,
                float(np.mean(per)),
                std,
                rwg,
                bool(rwg < rwg_threshold),
                g["process_area"].iloc[0],
                note,
            ]
        )
    out = pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)
    out["n_respondents"] = out["n_respondents"].astype("int64")
    return out


def assert_close_frames(got: pd.DataFrame, ref: pd.DataFrame) -> None:
    """Same columns, order and values; floats to 1e-12 (relative or absolute)."""
    assert list(got.columns) == list(ref.columns)
    assert len(got) == len(ref)
    for c in ref.columns:
        g, r = got[c], ref[c]
        if r.dtype.kind == "f" or g.dtype.kind == "f":
            np.testing.assert_allclose(
                g.to_numpy(float), r.to_numpy(float), rtol=1e-12, atol=1e-12, err_msg=c
            )
        else:
            assert g.astype(object).tolist() == r.astype(object).tolist(), c


# --------------------------------------------------------------------------------------------
# trends


@FAST
@given(surveys(values=(0.0, 1.0, 2.0, 2.5, 3.0, 4.0)))
def test_respondent_scores_match_reference(resp):
    pd.testing.assert_frame_equal(respondent_scores(resp), ref_respondent_scores(resp))


@FAST
@given(st.data(), st.sampled_from(["auto", "paired", "unpaired", "permutation"]))
def test_changes_match_line_by_line_reference(data, test):
    resp = data.draw(surveys(values=(0.0, 1.0, 2.0, 3.0, 3.5, 4.0)))
    mat = data.draw(maturities(resp))
    if len(set(mat["wave"]) | set(resp["wave"])) < 2:
        return
    got = changes(resp, mat, test=test, n_resamples=RESAMPLES)
    ref = ref_changes(resp, mat, test=test)
    # sums in another order, comb, Welch by its formula: equal to rounding
    means = ["leavers_mean", "newcomers_mean", "min_p", "score_from", "score_to", "score_delta",
             "score_ci_low", "score_ci_high"]
    pd.testing.assert_frame_equal(got.drop(columns=means + ["caveat"]),
                                  ref.drop(columns=means + ["caveat"]), check_exact=True)
    pd.testing.assert_frame_equal(got[means], ref[means], rtol=1e-12)
    # the caveat prints those means to 2 decimals: a mean ulps from x.xx5 may print either way
    digits = r"\d+\.\d+"
    pd.testing.assert_series_equal(got["caveat"].str.replace(digits, "#", regex=True),
                                   ref["caveat"].str.replace(digits, "#", regex=True))


def test_changes_batches_every_test_path():
    """Exact, permutation (ties), approx and degenerate paths in one call, bit for bit."""
    rng = np.random.default_rng(3)
    rows = []
    sizes = {"a": 25, "b": 25, "c": 8, "d": 2, "e": 1, "f": 60, "g": 12}
    for line, n in sizes.items():
        for w in WAVES[:2]:
            for i in range(n):
                r = f"{line}{i}" if line != "g" or w == WAVES[0] or i < 3 else f"{line}{i}x"
                v = rng.integers(0, 5) if line in "bdf" else rng.normal(2, 1)
                v = 3.0 if line == "e" else v
                rows.append((w, line, r, "PP-q1", "PP-SP1", "PP", float(v), False))
    resp = pd.DataFrame(
        rows,
        columns=[
            "wave",
            "business_line",
            "respondent",
            "question",
            "practice",
            "process_area",
            "value",
            "na",
        ],
    )
    mat = pd.DataFrame(
        [(w, b, 2, 2.0) for w in WAVES[:2] for b in sizes],
        columns=["wave", "business_line", "maturity_level", "maturity_index"],
    )
    for test in ("auto", "paired", "unpaired", "permutation"):
        got = changes(resp, mat, test=test, n_resamples=RESAMPLES)
        ref = ref_changes(resp, mat, test=test)
        means = ["leavers_mean", "newcomers_mean", "min_p", "score_from", "score_to",
                 "score_delta", "score_ci_low", "score_ci_high"]
        pd.testing.assert_frame_equal(got.drop(columns=means), ref.drop(columns=means),
                                      check_exact=True)
        pd.testing.assert_frame_equal(got[means], ref[means], rtol=1e-12)
        if test == "auto":
            assert {"exact", "permutation", ""} <= set(got["p_method"])


@FAST
@given(surveys(values=(0.0, 1.0, 2.0, 2.5, 3.0, 4.0)))
def test_line_comparison_matches_reference(resp):
    pd.testing.assert_frame_equal(
        line_comparison(resp), ref_line_comparison(resp), check_exact=True
    )


def test_line_comparison_many_lines_matches_reference():
    rng = np.random.default_rng(7)
    n = 3000
    resp = pd.DataFrame(
        {
            "wave": rng.choice(WAVES[:2], n),
            "business_line": rng.choice([f"l{i:02d}" for i in range(40)], n),
            "respondent": [f"r{i}" for i in rng.integers(0, 400, n)],
            "value": rng.integers(0, 5, n).astype(float),
            "na": False,
        }
    )
    pd.testing.assert_frame_equal(
        line_comparison(resp), ref_line_comparison(resp), check_exact=True
    )


@FAST
@given(st.data())
def test_rankings_match_reference(data):
    resp = data.draw(surveys())
    mat = data.draw(maturities(resp))
    got, ref = rankings(mat), ref_rankings(mat)
    # text columns as object on both sides (pandas 3 types an empty text column str)
    text = [c for c in got.columns
            if got[c].dtype == object or pd.api.types.is_string_dtype(got[c])]
    pd.testing.assert_frame_equal(got.astype(dict.fromkeys(text, object)),
                                  ref.astype(dict.fromkeys(text, object)), check_exact=True)


# --------------------------------------------------------------------------------------------
# reliability

THRESHOLDS = {  # away from the values small integer answers can hit exactly
    "min_respondents": 3,
    "alpha_min": 0.70017,
    "kripp_tentative": 0.66683,
    "kripp_reliable": 0.80013,
    "rwg_min": 0.70019,
}


@FAST
@given(
    surveys(values=(0.0, 1.0, 2.0, 2.5, 3.0, 4.0)),
    st.sampled_from(["ordinal", "interval", "nominal", "ratio"]),
)
def test_reliability_matches_group_by_group_reference(resp, level):
    got = reliability(resp, level=level, **THRESHOLDS)
    assert_close_frames(got, ref_reliability(resp, level, **THRESHOLDS))


@FAST
@given(surveys(values=(0.0, 0.5, 1.0, 2.0, 3.0, 4.0)))
def test_disagreement_matches_reference(resp):
    got = disagreement(resp)
    ref = ref_disagreement(resp)
    keys = ["wave", "business_line", "practice"]
    assert_close_frames(got.sort_values(keys, ignore_index=True), ref)
    # worst first: rwg ascending, then std descending, undefined last, then the keys
    key = list(
        zip(
            np.where(got["rwg"].isna(), np.inf, got["rwg"]),
            np.where(got["std"].isna(), np.inf, -got["std"]),
            got["wave"],
            got["business_line"],
            got["practice"],
            strict=True,
        )
    )
    assert key == sorted(key)


def groupby_reliability(resp: pd.DataFrame) -> pd.DataFrame:
    """Cronbach and rwg as the first implementation computed them with pandas groupby on the
    id columns: the fast path must give these bit for bit (same kernels, same row order)."""
    keys = ["wave", "business_line", "process_area"]
    d = resp[resp["value"].notna() & ~resp["na"]]
    d = d.groupby(keys + ["respondent", "question"], sort=True)["value"].mean().reset_index()
    qvar = d.groupby(keys + ["question"], sort=False)["value"].var(ddof=1)
    q_rwg = pd.Series(
        np.where(np.isnan(qvar), np.nan, np.maximum(1 - qvar / 2.0, 0.0)), index=qvar.index
    )
    out = q_rwg.groupby(level=keys).mean().rename("rwg_mean").to_frame()
    g = d.groupby(keys, sort=True)
    k = g["question"].transform("nunique")
    answered = d.groupby(keys + ["respondent"])["question"].transform("size")
    complete = d[answered.to_numpy() == k.to_numpy()]
    item_var = complete.groupby(keys + ["question"])["value"].var(ddof=1).groupby(level=keys).sum()
    totals = complete.groupby(keys + ["respondent"])["value"].sum()
    out["sv"] = item_var
    out["tv"] = totals.groupby(level=keys).var(ddof=1)
    out["k"] = g["question"].nunique().astype(float)
    return out.reset_index()


@FAST
@given(surveys(values=(0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 0.1, 0.7)))
def test_reliability_bit_identical_to_groupby_formulation(resp):
    got = reliability(resp)
    ref = groupby_reliability(resp)
    tol = 0 if PANDAS_2 else 1e-15  # pandas 3's grouped mean depends on the grouping (ulps)
    np.testing.assert_allclose(
        got["rwg_mean"].to_numpy(float), ref["rwg_mean"].to_numpy(float), rtol=tol
    )
    ok = ref["tv"].gt(0) & ref["k"].ge(2) & got["cronbach_alpha"].notna()
    kk = ref["k"][ok]
    alpha = kk / (kk - 1) * (1 - ref["sv"][ok] / ref["tv"][ok])
    np.testing.assert_allclose(
        got["cronbach_alpha"][ok].to_numpy(float), alpha.to_numpy(float), rtol=tol
    )


def test_reliability_bit_identical_on_many_items():
    """Many questions answered in varying subsets (the rwg mean runs over the questions in the
    order they first appear) and fractional answers, where summation order shows."""
    rng = np.random.default_rng(5)
    rows = []
    for gi in range(60):
        for r in range(rng.integers(2, 9)):
            for q in rng.permutation(12)[: rng.integers(1, 12)]:
                rows.append(
                    (
                        "2025-03",
                        f"l{gi:02d}",
                        f"r{r}",
                        f"PP-q{q:02d}",
                        "PP-SP1",
                        "PP",
                        float(rng.integers(0, 5)) + rng.choice([0, 0.1, 1 / 3]),
                        False,
                    )
                )
    resp = pd.DataFrame(
        rows,
        columns=[
            "wave",
            "business_line",
            "respondent",
            "question",
            "practice",
            "process_area",
            "value",
            "na",
        ],
    )
    resp = resp.sample(frac=1, random_state=1, ignore_index=True)
    got = reliability(resp)
    ref = groupby_reliability(resp)
    tol = 0 if PANDAS_2 else 1e-15  # pandas 3's grouped mean depends on the grouping (ulps)
    np.testing.assert_allclose(
        got["rwg_mean"].to_numpy(float), ref["rwg_mean"].to_numpy(float), rtol=tol
    )
    ok = ref["tv"].gt(0) & ref["k"].ge(2) & got["cronbach_alpha"].notna()
    kk = ref["k"][ok]
    alpha = kk / (kk - 1) * (1 - ref["sv"][ok] / ref["tv"][ok])
    np.testing.assert_allclose(
        got["cronbach_alpha"][ok].to_numpy(float), alpha.to_numpy(float), rtol=tol
    )


@FAST
@given(surveys(values=(0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 0.1, 0.7)))
def test_disagreement_bit_identical_to_groupby_formulation(resp):
    keys = ["wave", "business_line", "practice"]
    d = resp[resp["value"].notna() & ~resp["na"]]
    per = d.groupby(keys + ["respondent"], sort=True)["value"].mean().reset_index()
    ref = per.groupby(keys, sort=True)["value"].agg(["mean", "std"]).reset_index()
    got = disagreement(resp).sort_values(keys, ignore_index=True)
    tol = 0 if PANDAS_2 else 1e-15  # pandas 3's grouped mean depends on the grouping (ulps)
    np.testing.assert_allclose(got["mean"].to_numpy(float), ref["mean"].to_numpy(float), rtol=tol)
    # a standard deviation of near-equal means cancels: its ulps grow to ~1e-14 relative
    np.testing.assert_allclose(got["std"].to_numpy(float), ref["std"].to_numpy(float),
                               rtol=tol and 1e-12)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
def test_krippendorff_many_groups_match_package(level):
    """Groups of many sizes, gaps and fractional (averaged) answers, against krippendorff."""
    rng = np.random.default_rng(11)
    rows = []
    for gi in range(120):
        n_r, n_q = rng.integers(1, 9), rng.integers(1, 7)
        vals = rng.choice([0, 1, 2, 3, 4, 1.5], size=(n_r, n_q), p=[0.1, 0.2, 0.3, 0.2, 0.1, 0.1])
        vals = np.where(rng.random((n_r, n_q)) < 0.25, np.nan, vals)
        if gi % 10 == 0:
            vals = np.where(np.isnan(vals), np.nan, 2.0)
        for i in range(n_r):
            for j in range(n_q):
                rows.append(
                    (
                        "2025-03",
                        f"l{gi:03d}",
                        f"r{i}",
                        f"PP-q{j}",
                        "PP-SP1",
                        "PP",
                        vals[i, j],
                        np.isnan(vals[i, j]),
                    )
                )
    resp = pd.DataFrame(
        rows,
        columns=[
            "wave",
            "business_line",
            "respondent",
            "question",
            "practice",
            "process_area",
            "value",
            "na",
        ],
    )
    assert_close_frames(
        reliability(resp, level=level, **THRESHOLDS), ref_reliability(resp, level, **THRESHOLDS)
    )


# --------------------------------------------------------------------------------------------
# object and categorical ids give the same frames


@FAST
@given(st.data(), st.sampled_from(["sorted", "unsorted"]))
def test_categorical_ids_give_the_same_frames(data, how):
    resp = data.draw(surveys(values=(0.0, 1.0, 2.0, 2.5, 3.0, 4.0)))
    mat = data.draw(maturities(resp))
    cat = categorical(resp, how)
    cat_mat = mat.astype({"wave": "category", "business_line": "category"})
    pa = resp[["wave", "business_line", "process_area"]].drop_duplicates()
    pa = pa.assign(capability_level=pd.array([1] * len(pa), dtype="Int64"), score=2.0)
    pairs = [
        (respondent_scores(resp), respondent_scores(cat)),
        (line_comparison(resp), line_comparison(cat)),
        (rankings(mat), rankings(cat_mat)),
        (reliability(resp), reliability(cat)),
        (disagreement(resp), disagreement(cat)),
        (pa_changes(pa), pa_changes(categorical(pa, how))),
    ]
    if len(set(mat["wave"]) | set(resp["wave"])) >= 2:
        pairs.append(
            (
                changes(resp, mat, n_resamples=RESAMPLES),
                changes(cat, cat_mat, n_resamples=RESAMPLES),
            )
        )
    for a, b in pairs:  # the same strings: pandas 3 may type a text column str or object
        pd.testing.assert_frame_equal(_text_as_object(a), _text_as_object(b), check_exact=True)


def _text_as_object(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype({c: object for c in df.columns if df[c].dtype == "str"})


def test_missing_ids_are_left_out_as_groupby_does():
    resp = pd.DataFrame(
        {
            "wave": ["2025-03"] * 6,
            "business_line": ["a", "a", "a", None, "b", "b"],
            "respondent": ["r1", "r2", None, "r3", "r4", "r5"],
            "question": ["PP-q1"] * 6,
            "practice": ["PP-SP1"] * 6,
            "process_area": ["PP"] * 5 + [None],
            "value": [1.0, 2.0, 3.0, 4.0, 0.0, 4.0],
            "na": False,
        }
    )
    pd.testing.assert_frame_equal(respondent_scores(resp), ref_respondent_scores(resp))
    for how in ("sorted", "unsorted"):
        cat = categorical(resp, how)
        pd.testing.assert_frame_equal(respondent_scores(cat), ref_respondent_scores(resp))
        pd.testing.assert_frame_equal(disagreement(cat), disagreement(resp))
        pd.testing.assert_frame_equal(reliability(cat), reliability(resp))
    out = disagreement(resp)
    assert out["process_area"].tolist() == ["PP", "PP"]  # first non-missing per group


# --------------------------------------------------------------------------------------------
# chunked reductions: tiny chunks give the same frames as one chunk


@FAST
@given(
    surveys(values=(0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 0.1)),
    st.sampled_from(["ordinal", "interval", "nominal", "ratio"]),
    st.sampled_from(["as is", "by line", "shuffled"]),
    st.integers(1, 9),
)
def test_tiny_chunks_give_the_same_frames(resp, level, order, chunk):
    rel = importlib.import_module("maturity._engine.thresholds")  # the chunk size lives there

    if order == "by line":  # sorted by the leading keys only: the rows are sorted in batches
        resp = resp.sort_values(["wave", "business_line"], kind="stable", ignore_index=True)
    elif order == "shuffled":
        resp = resp.sample(frac=1, random_state=chunk, ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = (
            reliability(resp, level=level), disagreement(resp), respondent_scores(resp)
        )
        saved = rel.CHUNK_ROWS
        rel.CHUNK_ROWS = chunk
        try:
            small = (
                reliability(resp, level=level), disagreement(resp), respondent_scores(resp)
            )
        finally:
            rel.CHUNK_ROWS = saved
    for a, b in zip(whole, small, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)


# --------------------------------------------------------------------------------------------
# answers sorted as read: respondent scores from runs of rows, batches of runs; permutation
# tests in small batches of resamples


@FAST
@given(
    surveys(values=(0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 0.1)),
    st.sampled_from(["object", "sorted", "unsorted"]),
    st.integers(1, 9),
)
def test_sorted_answers_give_the_reference_respondent_scores(resp, ids, rows):
    rel = importlib.import_module("maturity._engine.thresholds")  # the chunk size lives there

    resp = resp.sort_values(
        ["wave", "business_line", "respondent"], kind="stable", ignore_index=True
    )
    if ids != "object":
        resp = categorical(resp, ids)
    ref = ref_respondent_scores(resp.astype({c: object for c in IDS}))
    saved = rel.CHUNK_ROWS
    rel.CHUNK_ROWS = rows
    try:
        small = respondent_scores(resp)
        pa = respondent_scores(resp, ["PP"])
    finally:
        rel.CHUNK_ROWS = saved
    pd.testing.assert_frame_equal(respondent_scores(resp), ref, check_exact=True)
    pd.testing.assert_frame_equal(small, ref, check_exact=True)
    ref_pa = ref_respondent_scores(resp[resp["process_area"] == "PP"].astype(
        {c: object for c in IDS}
    ))
    pd.testing.assert_frame_equal(pa, ref_pa, check_exact=True)


def test_long_runs_of_answers_keep_pandas_means():
    """Respondents with hundreds of answers (Kahan sums) and NaN / NA answers inside runs."""
    rng = np.random.default_rng(11)
    n = 20_000
    resp = pd.DataFrame(
        {
            "wave": np.repeat(WAVES[:2], n // 2),
            "business_line": np.tile(np.repeat(["a", "b"], n // 4), 2),
            "respondent": np.tile(np.repeat([f"r{i:03d}" for i in range(40)], n // 80), 2),
            "value": rng.choice([0.1, 0.7, 1.3, 2.9, 3.3, np.nan], n),
            "na": rng.random(n) < 0.05,
        }
    )
    pd.testing.assert_frame_equal(
        respondent_scores(resp), ref_respondent_scores(resp), check_exact=True
    )
    shuffled = resp.sample(frac=1, random_state=1, ignore_index=True)  # sorted by the codes first
    pd.testing.assert_frame_equal(  # pandas 3's grouped mean depends on the row order (ulps)
        respondent_scores(shuffled), ref_respondent_scores(resp), check_exact=PANDAS_2, rtol=1e-15
    )


@pytest.mark.parametrize("test", ["auto", "permutation"])
def test_resample_batches_give_the_same_changes(test):
    import maturity.compare.ranktests as tr

    rng = np.random.default_rng(5)
    rows = []
    for line, n in {"a": 9, "b": 9, "c": 14, "d": 6}.items():
        for w in WAVES[:2]:
            for i in range(n):
                r = f"{line}{i}" if line != "d" or w == WAVES[0] else f"{line}{i}x"
                rows.append((w, line, r, float(rng.integers(0, 5)), False))
    resp = pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "value", "na"])
    mat = pd.DataFrame(
        [(w, b, 2, 2.0) for w in WAVES[:2] for b in "abcd"],
        columns=["wave", "business_line", "maturity_level", "maturity_index"],
    )
    whole = changes(resp, mat, test=test, n_resamples=RESAMPLES)
    saved = tr._RESAMPLED
    tr._RESAMPLED = 7
    try:
        small = changes(resp, mat, test=test, n_resamples=RESAMPLES)
    finally:
        tr._RESAMPLED = saved
    assert (whole["p_method"] == "permutation").any()
    pd.testing.assert_frame_equal(whole, small, check_exact=True)


def test_mixed_type_categorical_ids_read_like_object_ids():
    """A frame built by hand can hold ids of mixed types (1 and "r1"): pandas then keeps the
    categories unsorted, and they cannot be argsorted; they are ordered as the object path
    orders them, so both dtypes give the same frames instead of a TypeError."""
    from maturity.compare.reliability import disagreement, reliability
    from maturity.compare.trends import line_comparison, respondent_scores

    rows = []
    for i, (line, rid) in enumerate([("l1", "r1"), ("l1", 1), ("l2", 2.5), ("l2", "r2"),
                                     (3, "r3"), (3, 4)]):
        for j, q in enumerate(["q1", "q2", "q3"]):
            rows.append({"wave": "w1", "business_line": line, "respondent": rid, "question": q,
                         "practice": "P1", "process_area": "A", "answer": "x",
                         "value": float((i + j) % 5), "na": False})
    obj = pd.DataFrame(rows)
    cat = obj.astype({c: "category" for c in ["business_line", "respondent", "question"]})
    assert not cat["respondent"].cat.categories.is_monotonic_increasing
    for f in (respondent_scores, reliability, disagreement, line_comparison):
        a, b = f(obj), f(cat)
        b = b.astype({c: object for c in b.columns if isinstance(b[c].dtype, pd.CategoricalDtype)})
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
