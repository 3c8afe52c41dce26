"""Rollout waves: "pick the low apples first", then outward.

Process standardisation is rolled out in waves: first the business lines whose customers demand
strict processes (customer pressure is the strongest driver), then lines whose work is simple
enough to standardise cheaply, then the rest once earlier waves have shown results; the "avoid"
lines (low value, high effort) last. People trained in an early wave become the champions who
carry the process into later lines. (The staged adoption of an improvement programme, as
SEI's IDEAL model pilots a solution before rolling it out broadly: McFeeley, *IDEAL: A User's
Guide for Software Process Improvement*, CMU/SEI-96-HB-001, "Pilot/Test Solution" and "Refine
Solution"; the effort/value quadrant of :mod:`maturity.plan.roadmap_factors` is the
impact/effort matrix.)

**Waves** follow an ordered list of named rules (:class:`WaveRule`); a line joins the wave of
the first rule it matches. Defaults (:func:`default_rules`, cut-offs configurable): *customer
pull* (``customer_strictness >= min_strictness`` (2) or a SWOT customer requirement), *simple
work* (``complexity <= max_complexity`` (2) and not "avoid"), *the rest* (not "avoid"),
*deferred* (the "avoid" lines: low value, high effort, rolled out last; a customer-pull line is
never deferred). Rollout waves are numbered 1, 2, ... over the rules that matched a line.
Within a wave lines are ordered by the SWOT's IE **posture** (grow and build, then hold and
maintain or no SWOT, then harvest or divest: the PMO's coaches go first where the SWOT says to
invest), then ``priority`` descending, then ``business_line`` (:func:`assign_waves`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from maturity.exceptions import ValidationError
from maturity.i18n import _

__all__ = [
    "WaveRule",
    "DEFAULT_RULES",
    "assign_waves",
    "customer_pull_rule",
    "simple_work_rule",
    "quadrant_rule",
    "rest_rule",
    "deferred_rule",
    "default_rules",
]

_POSTURE_ORDER = {"grow and build": 0, "hold and maintain": 1, "": 1, "harvest or divest": 2}


Predicate = Callable[[pd.DataFrame], "pd.Series | np.ndarray | Sequence[bool]"]


@dataclass(frozen=True)
class WaveRule:
    """A named wave rule: lines matching ``predicate`` (first match wins) join its wave.

    Attributes
    ----------
    name : str
        Short name shown in ``roadmap.rule`` and in the reason, e.g. ``"customer pull"``.
    predicate : callable
        Takes the factors frame (:func:`line_factors`) and returns a boolean per row.
    reason : str or callable
        Why a line is in this wave: a ``str.format`` template over the factor columns or a
        function of the row (a Series) returning text.
    """

    name: str
    predicate: Predicate
    reason: str | Callable[[pd.Series], str] = field(default="it matches the rule")

    def explain(self, row: pd.Series) -> str:
        """The reason text for one factors row."""
        if callable(self.reason):
            return self.reason(row)
        return self.reason.format(**row.to_dict())


def _pull_text(r: pd.Series) -> str:
    bits = []
    if not pd.isna(r["customer_strictness"]) and r["customer_strictness"] > 0:
        bits.append(_("customer strictness {s}/3").format(s=int(r["customer_strictness"])))
    if bool(r["customer_requirement"]):
        bits.append(_("a customer requirement in the SWOT"))
    return _("customers demand strict processes ({why})").format(
        why=_(" and ").join(bits or [_("none stated")]))


def customer_pull_rule(min_strictness: int = 2, *, swot: bool = True,
                       name: str = "customer pull") -> WaveRule:
    """Rule: ``customer_strictness >= min_strictness`` (or, with ``swot``, a SWOT customer
    requirement).

    Examples
    --------
    >>> f = pd.DataFrame({"customer_strictness": [3, 1], "customer_requirement": [False, True]})
    >>> customer_pull_rule().predicate(f).tolist()
    [True, True]
    >>> customer_pull_rule(swot=False).predicate(f).tolist()
    [True, False]
    """
    def pred(f: pd.DataFrame) -> pd.Series:
        hit = f["customer_strictness"].astype("Float64").fillna(-1).ge(min_strictness)
        if swot:
            hit = hit | f["customer_requirement"].astype(bool)
        return hit.astype(bool)

    return WaveRule(name, pred, _pull_text)


def _not_avoid(f: pd.DataFrame) -> pd.Series:
    return ~f["quadrant"].eq("avoid") if "quadrant" in f.columns else pd.Series(True, f.index)


def simple_work_rule(max_complexity: int = 2, *, name: str = "simple work") -> WaveRule:
    """Rule: ``complexity <= max_complexity`` and not in the "avoid" quadrant."""
    return WaveRule(name, lambda f: f["complexity"].le(max_complexity) & _not_avoid(f),
                    lambda r: _("its work is simple (complexity {c}/5 <= {m})").format(
                        c=int(r["complexity"]), m=max_complexity))


def quadrant_rule(*quadrants: str, name: str | None = None) -> WaveRule:
    """Rule: the line's effort/value quadrant is one of ``quadrants`` (e.g. ``"quick win"``)."""
    return WaveRule(name or " / ".join(quadrants), lambda f: f["quadrant"].isin(quadrants),
                    lambda r: _("it is a {q} (value {v:.2f}, effort {e:.2f})").format(
                        q=_(r["quadrant"]), v=r["value"], e=r["effort"]))


def rest_rule(name: str = "the rest") -> WaveRule:
    """Rule matching every line not in the "avoid" quadrant: after customer pull and simple
    work."""
    return WaveRule(name, _not_avoid,
                    lambda r: _("neither strict customers nor simple work: it follows once "
                                "earlier waves have shown results"))


def deferred_rule(name: str = "deferred") -> WaveRule:
    """Rule matching every line (put last): the "avoid" lines, low value and high effort."""
    return WaveRule(name, lambda f: pd.Series(True, index=f.index),
                    lambda r: _("low value ({v:.2f}) and high effort: rolled out last, after "
                                "the lines that pay back sooner").format(v=r["value"]))


def default_rules(min_strictness: int = 2, max_complexity: int = 2) -> tuple[WaveRule, ...]:
    """The default rules with their cut-offs: customer pull (strictness >= ``min_strictness``
    or a SWOT customer requirement), simple work (complexity <= ``max_complexity``), the rest,
    deferred ("avoid" lines).

    Examples
    --------
    >>> [r.name for r in default_rules()]
    ['customer pull', 'simple work', 'the rest', 'deferred']
    """
    return (customer_pull_rule(min_strictness), simple_work_rule(max_complexity), rest_rule(),
            deferred_rule())


#: Strict customers first, then simple work, then the rest, "avoid" lines last.
DEFAULT_RULES: tuple[WaveRule, ...] = default_rules()


def _rules(rules: Sequence[WaveRule | tuple] | None) -> list[WaveRule]:
    if rules is None:
        return list(DEFAULT_RULES)
    out = []
    for r in rules:
        if isinstance(r, WaveRule):
            out.append(r)
        elif isinstance(r, tuple) and len(r) in (2, 3) and callable(r[1]):
            out.append(WaveRule(*r))
        else:
            raise ValidationError(f"wave rule {r!r}: give a WaveRule or a tuple (name, "
                                  "predicate[, reason]) with a callable predicate")
    if not out:
        raise ValidationError("rules is empty: give at least one wave rule")
    return out


def assign_waves(factors: pd.DataFrame,
                 rules: Sequence[WaveRule | tuple] | None = None) -> pd.DataFrame:
    """Wave, rule, rank and reason per line from :func:`line_factors` and ordered rules.

    Parameters
    ----------
    factors : pandas.DataFrame
        The frame of :func:`line_factors`. Not modified.
    rules : sequence of WaveRule or (name, predicate[, reason]), optional
        Ordered rules; first match wins. Default :data:`DEFAULT_RULES`.

    Returns
    -------
    pandas.DataFrame
        ``factors`` plus ``wave`` (Int64 rollout wave: the rules that matched a line numbered
        1, 2, ... in rule order; NA when left out), ``rule``, ``rank`` (Int64: order of
        rollout: wave, IE posture (grow and build, hold and maintain or none, harvest or
        divest), priority descending, ``business_line``) and ``why`` (the rule's reason);
        sorted by rank, left-out lines last.

    Examples
    --------
    >>> f = pd.DataFrame({"business_line": ["a", "b", "c"], "planned": True,
    ...                   "status": "planned", "customer_strictness": [0, 3, 0],
    ...                   "customer_requirement": False, "complexity": [4, 4, 1],
    ...                   "priority": [0.5, 0.4, 0.3], "quadrant": "quick win",
    ...                   "value": 0.6, "effort": 0.2})
    >>> assign_waves(f)[["business_line", "wave", "rule", "rank"]]
      business_line  wave         rule  rank
    0             b     1  customer pull     1
    1             c     2    simple work     2
    2             a     3     the rest     3
    """
    rs = _rules(rules)
    f = factors.copy()
    p = f["planned"].astype(bool).to_numpy()
    pos = np.full(len(f), -1)
    sub = f[p]
    for i, r in enumerate(rs):
        hit = np.asarray(r.predicate(sub), dtype=bool) if len(sub) else np.zeros(0, bool)
        free = pos[p] < 0
        take = np.zeros(len(f), bool)
        take[np.flatnonzero(p)[hit & free]] = True
        pos[take] = i
    used = sorted(set(int(k) for k in pos if k >= 0))
    number = {k: i + 1 for i, k in enumerate(used)}  # waves 1, 2, ... over the rules used
    f["wave"] = pd.array([number[k] if k >= 0 else pd.NA for k in pos], dtype="Int64")
    f["rule"] = [rs[k].name if k >= 0 else "" for k in pos]
    f["why"] = [rs[k].explain(f.iloc[i]) if k >= 0 else "" for i, k in enumerate(pos)]
    unmatched = p & (pos < 0)
    f.loc[unmatched, "status"] = "no rule"
    f.loc[unmatched, "planned"] = False
    f["_w"] = f["wave"].astype("Float64").fillna(np.inf).astype(float)
    posture = f["posture"] if "posture" in f.columns else pd.Series("", index=f.index)
    f["_o"] = posture.fillna("").astype(str).map(_POSTURE_ORDER).fillna(1)
    f["_p"] = -f["priority"].astype(float).round(9).fillna(0)
    f = f.sort_values(["_w", "_o", "_p", "business_line"], kind="mergesort").drop(
        columns=["_w", "_o", "_p"])
    n = int(f["wave"].notna().sum())
    f["rank"] = pd.array(list(range(1, n + 1)) + [pd.NA] * (len(f) - n), dtype="Int64")
    return f.reset_index(drop=True)
