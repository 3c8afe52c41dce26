"""Is a line's change significant, and what should a reader be told about it?

The verdict of :func:`maturity.compare.changes.changes` on every row: Holm's adjustment across
the lines of a wave pair (Holm 1979), the smallest p-value the test can reach at its sample
size (``2 / 2**m`` for Wilcoxon with m pairs that changed, ``2 / C(n1 + n2, n1)`` for
Mann-Whitney), ``significant`` only when the adjusted p, the reachable p and the interval of
the tested change agree (methods.md), and the plain-language caveats.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from maturity.compare.kruskal import p_adjust
from maturity.compare.notes import join_notes
from maturity.i18n import _

__all__ = ["judge"]


def judge(out: pd.DataFrame, alpha: float, min_n: int, tol: float) -> None:
    """Holm-adjusted p-values, the smallest reachable p, ``significant`` and the caveats of
    :func:`maturity.compare.changes.changes`, in place on its rows (every wave pair); the
    helper columns ``_moved, _caveats, _note`` are consumed."""
    wil = out["test"].eq("wilcoxon").to_numpy()
    n_moved = out.pop("_moved").to_numpy(dtype=float)
    min_p, p_ok, excludes0 = _significance(out, wil, n_moved, alpha)
    possible = min_p < alpha
    out["caveat"] = join_notes([
        out.pop("_caveats").to_numpy(dtype=object),
        out.pop("_note").to_numpy(dtype=object),
        _small_sample(out, wil, min_n),
        _untestable(out, wil, n_moved, min_p, alpha),
        np.where(p_ok & possible & ~excludes0,
                 _("the test and the interval disagree: not significant"), "").astype(object),
        _composition(out, tol),
    ])


def _significance(
    out: pd.DataFrame, wil: np.ndarray, n_moved: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``p_adjusted`` (Holm per wave pair), ``min_p`` and ``significant``; returns ``min_p``,
    whether the adjusted p is below ``alpha`` and whether the tested interval excludes 0."""
    out["p_adjusted"] = np.nan
    for _pair, rows in out.groupby(["wave_from", "wave_to"], sort=False).groups.items():
        out.loc[rows, "p_adjusted"] = p_adjust(out.loc[rows, "p_value"].to_numpy(float))
    mw = out["test"].eq("mann_whitney").to_numpy()
    n1, n2 = out["n_from"].to_numpy(dtype=float), out["n_to"].to_numpy(dtype=float)
    with np.errstate(over="ignore"):
        min_p = np.where(wil, np.minimum(1.0, 2.0 ** (1 - n_moved)), np.nan)
        min_p = np.where(mw, np.minimum(1.0, 2.0 / special.comb(n1 + n2, n1)), min_p)
    out["min_p"] = min_p
    tested_lo = np.where(wil, out["stayers_ci_low"], out["score_ci_low"])
    tested_hi = np.where(wil, out["stayers_ci_high"], out["score_ci_high"])
    excludes0 = (tested_lo > 0) | (tested_hi < 0)
    p_ok = out["p_adjusted"].to_numpy(dtype=float) < alpha
    out["significant"] = p_ok & excludes0 & (min_p < alpha)
    return min_p, p_ok, excludes0


def _small_sample(out: pd.DataFrame, wil: np.ndarray, min_n: int) -> np.ndarray:
    """A wave without respondents, or fewer than ``min_n`` in the test run."""
    n1, n2 = out["n_from"].to_numpy(dtype=float), out["n_to"].to_numpy(dtype=float)
    n_used = np.where(wil, out["n_paired"].to_numpy(dtype=float), np.minimum(n1, n2))
    empty = (n1 == 0) | (n2 == 0)
    small = np.where(
        empty,
        [_("no respondents in wave {w}: no change").format(w=wf if a == 0 else wt)
         for wf, wt, a in zip(out["wave_from"], out["wave_to"], n1, strict=True)],
        np.where(n_used < min_n, _("n < {n}: small sample, treat as indicative").format(n=min_n),
                 ""),
    )
    return small.astype(object)


def _untestable(
    out: pd.DataFrame, wil: np.ndarray, n_moved: np.ndarray, min_p: np.ndarray, alpha: float
) -> np.ndarray:
    """A test that cannot reach ``p < alpha`` at its sample size."""
    kind = np.where(wil, _("pairs that changed"), _("respondents"))
    return np.array([
        _("p < {a:g} impossible with {n} {kind} (smallest p {p:.3g}): not testable").format(
            a=alpha, n=int(n), kind=k, p=p) if np.isfinite(p) and p >= alpha else ""
        for n, k, p in zip(np.where(wil, n_moved, out["n_test"]), kind, min_p, strict=True)
    ], dtype=object)


def _composition(out: pd.DataFrame, tol: float) -> np.ndarray:
    """Respondents left or joined and the change of all respondents and of the stayers differ
    in sign or by ``tol`` or more."""
    sd, st_d = out["score_delta"].to_numpy(float), out["stayers_delta"].to_numpy(float)
    moved = (out["n_leavers"].to_numpy() > 0) | (out["n_newcomers"].to_numpy() > 0)
    differ = moved & np.isfinite(sd) & np.isfinite(st_d) & (
        (np.sign(sd) != np.sign(st_d)) | (np.abs(sd - st_d) >= tol))
    return np.array([
        _("composition changed: all respondents {a:+.2f}, the {n} who answered both waves "
          "{s:+.2f} ({nl} left, mean {lm}; {nn} joined, mean {nm})").format(
            a=a, n=n, s=s, nl=nl, lm=_fmt(lm), nn=nn, nm=_fmt(nm)) if d else ""
        for d, a, s, n, nl, lm, nn, nm in zip(
            differ, sd, st_d, out["n_paired"], out["n_leavers"], out["leavers_mean"],
            out["n_newcomers"], out["newcomers_mean"], strict=True)
    ], dtype=object)


def _fmt(x: float) -> str:
    return "–" if not np.isfinite(x) else f"{x:.2f}"
