"""Analytic Hierarchy Process (AHP): criteria weights from a pairwise-comparison table.

Saaty's AHP turns judgements "criterion *i* matters ``a_ij`` times as much as criterion *j*"
(1 equal ... 9 extreme, reciprocals for the other direction) into priorities: the principal
(Perron) eigenvector of the reciprocal matrix ``A``, normalised to sum to 1. How far the
judgements contradict each other is measured by

- ``lambda_max``, the principal eigenvalue (``>= n``, ``== n`` exactly when consistent);
- ``CI = (lambda_max - n) / (n - 1)``, the consistency index;
- ``CR = CI / RI(n)``, the consistency ratio, with Saaty's random index ``RI`` for
  ``n = 1..10``: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49.

Saaty's acceptance threshold depends on the size of the table (:func:`cr_threshold`): CR <=
0.05 for 3 criteria, <= 0.08 for 4 and <= 0.10 for 5 or more; a 2 x 2 table is always
consistent (CR 0). A CR above the threshold means the judgements contradict each other:
:func:`ahp_weights` refuses the table (:class:`~maturity.exceptions.ValidationError`) unless
``force=True``, which keeps the weights and emits a
:class:`~maturity.exceptions.MaturityWarning`. CR is clipped at 0 (rounding can make
``lambda_max`` a hair below ``n``), never ``-0.0``. The roadmap uses the priorities as weights of
its criteria (``value``, ``effort``, ``readiness`` or any of the finer weights), see
:func:`maturity.plan.roadmap.plan_roadmap`.

References: T. L. Saaty (2008), "Decision making with the analytic hierarchy process",
*Int. J. Services Sciences* 1(1), 83-98 (the drinks-consumption example is used in the tests);
T. L. Saaty (1994), *Fundamentals of Decision Making and Priority Theory*, RWS, p. 80 (CR
thresholds 5 % for n = 3, 8 % for n = 4, 10 % for larger tables).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from maturity.exceptions import FAILURE_COLUMNS, MaturityWarning, ValidationError

__all__ = ["AHPResult", "ahp_weights", "pairwise_matrix", "RANDOM_INDEX", "CR_THRESHOLD",
           "CR_THRESHOLDS", "cr_threshold"]

#: Saaty's random consistency index RI for n = 1..10 criteria.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41,
                9: 1.45, 10: 1.49}
#: Saaty's threshold for 5 or more criteria (kept for callers of the single value).
CR_THRESHOLD = 0.10
#: Saaty's size-dependent CR thresholds: n = 3 -> 0.05, n = 4 -> 0.08, n >= 5 -> 0.10.
CR_THRESHOLDS = {3: 0.05, 4: 0.08}


def cr_threshold(n: int) -> float:
    """Saaty's largest acceptable consistency ratio for an ``n x n`` table.

    ``n <= 2``: ``inf`` (a 2 x 2 reciprocal table is always consistent); 3: 0.05; 4: 0.08;
    5 and more: 0.10 (Saaty 1994, p. 80).

    Examples
    --------
    >>> [cr_threshold(n) for n in (2, 3, 4, 5, 9)]
    [inf, 0.05, 0.08, 0.1, 0.1]
    """
    if n <= 2:
        return float("inf")
    return CR_THRESHOLDS.get(int(n), CR_THRESHOLD)
_TOL = 1e-6


@dataclass(frozen=True)
class AHPResult:
    """Result of :func:`ahp_weights`.

    Attributes
    ----------
    weights : pandas.Series
        Priorities (principal eigenvector normalised to sum 1), indexed by criterion label.
    matrix : pandas.DataFrame
        The full reciprocal comparison matrix used.
    lambda_max : float
        Principal eigenvalue.
    ci : float
        Consistency index ``(lambda_max - n) / (n - 1)`` (0 for n <= 2).
    ri : float
        Saaty's random index for n (NaN for n > 10).
    cr : float
        Consistency ratio ``max(0, ci / ri)`` (0 for n <= 2; NaN for n > 10).
    consistent : bool
        ``cr <= threshold`` (Saaty's :func:`cr_threshold` unless another was given).
    threshold : float
        The threshold applied.
    """

    weights: pd.Series
    matrix: pd.DataFrame
    lambda_max: float
    ci: float
    ri: float
    cr: float
    consistent: bool
    threshold: float = CR_THRESHOLD

    def as_dict(self) -> dict[str, float]:
        """The weights as ``{label: weight}``, ready for ``plan_roadmap(weights=...)``."""
        return {str(k): float(v) for k, v in self.weights.items()}

    def table(self) -> pd.DataFrame:
        """Tidy frame ``criterion, weight, rank`` (rank 1 = heaviest; ties by label)."""
        w = self.weights.rename("weight").rename_axis("criterion").reset_index()
        w = w.sort_values(["weight", "criterion"], ascending=[False, True], kind="mergesort")
        w["rank"] = np.arange(1, len(w) + 1)
        return w.sort_index().reset_index(drop=True)


def _number(v: Any) -> float:
    """A judgement as float: numbers, or text such as ``"1/3"`` / ``"3"``."""
    if isinstance(v, str):
        return float(Fraction(v.strip()))
    return float(v)


def _fail(message: str, rows: list[dict[str, Any]]) -> ValidationError:
    failures = pd.DataFrame(rows, columns=FAILURE_COLUMNS)
    return ValidationError(message, failures)


def pairwise_matrix(comparisons: Any, labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Build the full reciprocal comparison matrix from a matrix or its upper triangle.

    Parameters
    ----------
    comparisons : array-like, DataFrame, or sequence of rows
        Either a full ``n x n`` matrix (list of lists, array or DataFrame; the diagonal must be
        1 and ``a_ji = 1 / a_ij``), or the upper triangle above the diagonal given row by row
        (rows of length ``n-1, n-2, ..., 1``), or that triangle flattened (``n(n-1)/2``
        values). Values are positive numbers or text like ``"1/3"``. A single ``[[x]]`` is
        read as the triangle of two criteria.
    labels : sequence of str, optional
        Criterion names; taken from a DataFrame's index otherwise, or ``c1..cn``.

    Returns
    -------
    pandas.DataFrame
        ``n x n`` float matrix, index and columns the labels.

    Raises
    ------
    maturity.exceptions.ValidationError
        Non-positive or non-numeric judgements, a ragged triangle, a non-reciprocal matrix or
        a wrong number of labels; ``.failures`` lists each bad cell.

    Examples
    --------
    >>> pairwise_matrix([[2, 4], [2]], labels=["value", "effort", "readiness"]).round(3)
               value  effort  readiness
    value       1.00     2.0        4.0
    effort      0.50     1.0        2.0
    readiness   0.25     0.5        1.0
    """
    rows, labels = _rows(comparisons, labels)
    full = _is_full(rows)
    n = len(rows) if full else len(rows) + 1
    a, bad = _judgements(rows, n, full)
    if full and not bad:
        bad = _not_reciprocal(a, n)
    if bad:
        raise _fail("ahp: " + bad[0]["message"] + (f" (and {len(bad) - 1} more)" if len(bad) > 1
                                                   else ""), bad)
    if labels is None:
        labels = [f"c{i + 1}" for i in range(n)]
    labels = [str(x) for x in labels]
    if len(labels) != n or len(set(labels)) != n:
        raise _fail(f"ahp: {len(labels)} labels {labels} for a {n} x {n} matrix; give {n} "
                    "distinct labels", [])
    return pd.DataFrame(a, index=labels, columns=labels)


def _rows(comparisons: Any, labels: Sequence[str] | None
          ) -> tuple[list[list[Any]], Sequence[str] | None]:
    """The judgements as rows (a flat triangle cut into rows n-1, n-2, ..., 1), and the labels
    of a DataFrame."""
    if isinstance(comparisons, pd.DataFrame):
        if labels is None:
            labels = [str(x) for x in comparisons.index]
        rows: list[list[Any]] = comparisons.to_numpy().tolist()
    elif isinstance(comparisons, np.ndarray):
        rows = comparisons.tolist() if comparisons.ndim == 2 else [comparisons.tolist()]
    else:
        rows = [list(r) if isinstance(r, (list, tuple, np.ndarray)) else r for r in comparisons]
    if rows and not isinstance(rows[0], list):  # flat triangle
        flat = list(rows)
        m = len(flat)
        n = int(round((1 + np.sqrt(1 + 8 * m)) / 2))
        if n * (n - 1) // 2 != m:
            raise _fail(f"ahp: {m} values do not form an upper triangle (need n(n-1)/2 values: "
                        "1, 3, 6, 10, ...)", [])
        rows, pos = [], 0
        for i in range(n - 1):
            rows.append(flat[pos:pos + n - 1 - i])
            pos += n - 1 - i
    return rows, labels


def _is_full(rows: list[list[Any]]) -> bool:
    """True for a square matrix, False for an upper triangle; refused when neither."""
    lengths = [len(r) for r in rows]
    tri = len(rows) > 0 and lengths == list(range(len(rows), 0, -1))
    full = not tri and len(rows) > 0 and all(x == len(rows) for x in lengths)
    if not full and not tri:
        raise _fail(f"ahp: rows of lengths {lengths} are neither a square matrix nor an upper "
                    "triangle (lengths n-1, n-2, ..., 1)", [])
    return full


def _judgements(rows: list[list[Any]], n: int, full: bool
                ) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """The matrix of the judgements (a triangle mirrored as reciprocals: a_ji = 1 / a_ij) and
    the cells that are not positive numbers."""
    bad: list[dict[str, Any]] = []
    a = np.ones((n, n))
    for i, r in enumerate(rows):
        for k, v in enumerate(r):
            j = k if full else i + 1 + k
            try:
                x = _number(v)
            except (TypeError, ValueError, ZeroDivisionError):
                x = float("nan")
            if not np.isfinite(x) or x <= 0:
                bad.append({"source": "comparisons", "sheet": "", "row": i + 1, "column": j + 1,
                            "value": v, "expected": "a positive number (1..9 or a reciprocal)",
                            "message": f"judgement a[{i + 1},{j + 1}] = {v!r} is not positive"})
                continue
            a[i, j] = x
            if not full:
                a[j, i] = 1.0 / x
    return a, bad


def _not_reciprocal(a: np.ndarray, n: int) -> list[dict[str, Any]]:
    """The cells of a full matrix off its diagonal of 1, or not the reciprocal of their mirror
    (Saaty's reciprocal axiom: a_ji = 1 / a_ij)."""
    bad: list[dict[str, Any]] = []
    for i in range(n):
        if abs(a[i, i] - 1) > _TOL:
            bad.append({"source": "comparisons", "sheet": "", "row": i + 1, "column": i + 1,
                        "value": a[i, i], "expected": "1 on the diagonal",
                        "message": f"diagonal a[{i + 1},{i + 1}] = {a[i, i]:g}, expected 1"})
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1) > 1e-3:
                bad.append({"source": "comparisons", "sheet": "", "row": j + 1,
                            "column": i + 1, "value": a[j, i],
                            "expected": f"1/a[{i + 1},{j + 1}] = {1 / a[i, j]:.4g}",
                            "message": f"a[{j + 1},{i + 1}] = {a[j, i]:g} is not the "
                            f"reciprocal of a[{i + 1},{j + 1}] = {a[i, j]:g}"})
    return bad


def ahp_weights(comparisons: Any, labels: Sequence[str] | None = None, *,
                threshold: float | None = None, force: bool = False) -> AHPResult:
    """Priorities, lambda_max, CI and CR of a pairwise-comparison table (Saaty's AHP).

    Parameters
    ----------
    comparisons : array-like, DataFrame, or sequence of rows
        Full reciprocal matrix or its upper triangle; see :func:`pairwise_matrix`.
    labels : sequence of str, optional
        Criterion names (e.g. ``["value", "effort", "readiness"]``).
    threshold : float, optional
        Largest acceptable consistency ratio; default Saaty's size-dependent
        :func:`cr_threshold` (0.05 for 3 criteria, 0.08 for 4, 0.10 for 5 or more).
    force : bool, default False
        Use a table whose CR is above the threshold (with a
        :class:`~maturity.exceptions.MaturityWarning`) instead of refusing it.

    Returns
    -------
    AHPResult
        ``weights`` (Series summing to 1), ``matrix``, ``lambda_max``, ``ci``, ``ri``, ``cr``,
        ``consistent``, ``threshold``.

    Raises
    ------
    maturity.exceptions.ValidationError
        The CR is above the threshold and ``force`` is False (the message gives CR, threshold
        and the two judgements that disagree most with the priorities).

    Notes
    -----
    Priorities are the principal right eigenvector of ``A`` (``numpy.linalg.eig``), normalised
    to sum to 1; ``CI = (lambda_max - n)/(n - 1)``, ``CR = CI / RI(n)`` with Saaty's RI
    (:data:`RANDOM_INDEX`). With one or two criteria the matrix is always consistent (CR 0).

    Examples
    --------
    A consistent 3 x 3 table (value twice effort, four times readiness):

    >>> r = ahp_weights([[2, 4], [2]], labels=["value", "effort", "readiness"])
    >>> r.weights.round(4).to_dict()
    {'value': 0.5714, 'effort': 0.2857, 'readiness': 0.1429}
    >>> round(r.lambda_max, 6), r.cr, r.consistent, r.threshold
    (3.0, 0.0, True, 0.05)
    """
    a = pairwise_matrix(comparisons, labels)
    n = len(a)
    vals, vecs = np.linalg.eig(a.to_numpy())
    k = int(np.argmax(vals.real))
    lam = float(vals[k].real)
    vec = np.abs(vecs[:, k].real)
    w = vec / vec.sum()
    limit = cr_threshold(n) if threshold is None else float(threshold)
    if n <= 2:
        lam, ci, ri, cr = float(n), 0.0, 0.0, 0.0
    else:
        ci = max(0.0, (lam - n) / (n - 1)) + 0.0  # + 0.0 turns -0.0 into 0.0
        ri = RANDOM_INDEX.get(n, float("nan"))
        cr = ci / ri + 0.0 if np.isfinite(ri) else float("nan")
        if not np.isfinite(ri):
            warnings.warn(f"ahp: no Saaty random index for n = {n} > 10 criteria; CR is NaN",
                          MaturityWarning, stacklevel=2)
    consistent = bool(np.isfinite(cr) and cr <= limit)
    if np.isfinite(cr) and cr > limit:
        i, j = _worst_pair(a.to_numpy(), w)
        what = (f"ahp: consistency ratio CR = {cr:.3f} > {limit:.2f} (Saaty's threshold for "
                f"{n} criteria); the pairwise judgements contradict each other, most of all "
                f"{a.index[i]!r} vs {a.index[j]!r} (judged {a.iat[i, j]:.3g}, the priorities "
                f"imply {w[i] / w[j]:.3g})")
        if not force:
            raise _fail(what + "; revisit the table, or pass force=True (CLI: --force-ahp) "
                        "to use it anyway", [{
                            "source": "comparisons", "sheet": "", "row": i + 1,
                            "column": j + 1, "value": a.iat[i, j],
                            "expected": f"about {w[i] / w[j]:.3g}",
                            "message": f"CR {cr:.3f} > {limit:.2f}"}])
        warnings.warn(what + "; used because force=True", MaturityWarning, stacklevel=2)
    return AHPResult(weights=pd.Series(w, index=a.index, name="weight"), matrix=a,
                     lambda_max=lam, ci=float(ci), ri=float(ri), cr=float(cr),
                     consistent=consistent, threshold=limit)


def _worst_pair(a: np.ndarray, w: np.ndarray) -> tuple[int, int]:
    """The judgement ``a[i, j]`` (i < j) furthest, on a log scale, from ``w[i] / w[j]``."""
    err = np.abs(np.log(a) - np.log(np.outer(w, 1 / w)))
    err = np.triu(err, 1)
    i, j = np.unravel_index(int(np.argmax(err)), err.shape)
    return int(i), int(j)
