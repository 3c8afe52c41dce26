"""Wave rules written as text: the ordered rules of the rollout from a CLI flag or a config.

A PMO head states the order of the rollout in words, e.g. ``"customer pull; group = FS;
simple work; the rest; deferred"``: rules are separated by ``;`` (or given as a list), the first
rule a line matches gives its wave (:func:`maturity.plan.roadmap_waves.assign_waves`). Each rule
is one of

- a built-in rule by name: ``customer pull``, ``simple work``, ``the rest``, ``deferred``
  (:func:`maturity.plan.roadmap_waves.default_rules`, with the cut-offs given), in English or
  in the report language (``客户要求``...);
- an effort/value quadrant: ``quick win``, ``major project``, ``fill-in``, ``avoid``
  (:func:`maturity.plan.roadmap_waves.quadrant_rule`);
- conditions on the line's columns of the factors frame (the lines table's attributes and the
  planning scores: ``group``, ``headcount``, ``complexity``, ``customer_strictness``,
  ``posture``, ``priority``, ``value``, ``effort``, ``maturity_level``, ``level_gap``...):
  ``column op value`` with ``op`` one of ``= != < <= > >=``, values separated by ``|`` for
  "one of" (``group = FS|Retail``), several conditions joined by ``and``
  (``group = FS and headcount <= 50``). A missing value never matches.

A text that is none of these is refused with the forms expected; a column that is not in the
factors frame is refused when the rules are applied, naming the columns there are. The ordered
rules follow the staged adoption of SEI's IDEAL model (McFeeley, CMU/SEI-96-HB-001): the PMO
states which lines pilot first.

Examples
--------
>>> [r.name for r in rules_from_text("customer pull; group = FS; the rest")]
['customer pull', 'group = FS', 'the rest']
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from maturity.exceptions import ValidationError
from maturity.i18n import N_, _, language
from maturity.plan.roadmap_waves import (
    WaveRule,
    customer_pull_rule,
    deferred_rule,
    quadrant_rule,
    rest_rule,
    simple_work_rule,
)

__all__ = ["rules_from_text", "condition_rule"]

_BUILT_IN = [N_("customer pull"), N_("simple work"), N_("the rest"), N_("deferred")]
_QUADRANTS = [N_("quick win"), N_("major project"), N_("fill-in"), N_("avoid")]
_OPS: dict[str, Callable[[object, object], bool]] = {
    "<=": operator.le, ">=": operator.ge, "!=": operator.ne, "==": operator.eq,
    "=": operator.eq, "<": operator.lt, ">": operator.gt}
_CONDITION = re.compile(r"^\s*(?P<col>[A-Za-z_][\w]*)\s*(?P<op><=|>=|!=|==|=|<|>)\s*"
                        r"(?P<value>.+?)\s*$")
#: " and " outside quotes (``posture = 'grow and build'`` is one condition)
_AND = re.compile(r"\s+and\s+(?=(?:[^'\"]*['\"][^'\"]*['\"])*[^'\"]*$)", re.I)
_FORMS = N_("a rule name (customer pull, simple work, the rest, deferred), a quadrant (quick win, "
          "major project, fill-in, avoid) or conditions 'column op value' (op one of = != < <= "
          "> >=; values a|b for one of; joined by 'and'), e.g. 'group = FS and headcount <= 50'")


def _names(msgid: str) -> set[str]:
    """The spellings a name is accepted in: English and the catalogue's Chinese."""
    with language("zh"):
        zh = _(msgid)
    return {msgid.casefold(), zh.casefold()}


def _value(text: str) -> object:
    """A number when the text is one, else the text without surrounding quotes."""
    t = text.strip().strip("'\"")
    try:
        return float(t)
    except ValueError:
        return t


def _matches(column: pd.Series, op: str, values: list[object]) -> np.ndarray:
    """Rows of ``column`` whose value compares true (``op``) with one of ``values`` (``!=``:
    with none of them); a missing value never matches; a number compares as a number, any
    other value as text."""
    present = column.notna().to_numpy()
    if op == "!=":
        return present & ~_matches(column, "=", values)
    hit = np.zeros(len(column), dtype=bool)
    for v in values:
        if isinstance(v, float):
            x = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            with np.errstate(invalid="ignore"):
                hit |= _OPS[op](x, v) & ~np.isnan(x)
        else:
            text = column.astype(str).str.strip().to_numpy(dtype=object)
            hit |= np.array([bool(_OPS[op](t, v)) for t in text], dtype=bool)
    return hit & present


def condition_rule(text: str) -> WaveRule:
    """A rule of conditions ``column op value`` joined by ``and`` (see the module docstring).

    Examples
    --------
    >>> f = pd.DataFrame({"group": ["FS", "Retail", None], "headcount": [40, 80, 10]})
    >>> condition_rule("group = FS|Retail and headcount <= 50").predicate(f).tolist()
    [True, False, False]
    """
    parts = [p for p in _AND.split(text.strip()) if p.strip()]
    conds = []
    for p in parts:
        m = _CONDITION.match(p)
        if m is None:
            raise ValidationError(_("wave rule {text!r}: {part!r} is not understood; expected "
                                    "{forms}").format(text=text, part=p.strip(), forms=_(_FORMS)))
        conds.append((m["col"], m["op"], [_value(v) for v in m["value"].split("|")]))

    def predicate(f: pd.DataFrame) -> np.ndarray:
        missing = [c for c, _op, _v in conds if c not in f.columns]
        if missing:
            raise ValidationError(_("wave rule {text!r}: no column {cols} in the lines' planning "
                                    "factors; columns there: {have}").format(
                text=text, cols=", ".join(missing), have=", ".join(map(str, f.columns))))
        hit = np.ones(len(f), dtype=bool)
        for c, op, values in conds:
            hit &= _matches(f[c], op, values)
        return hit

    def reason(row: pd.Series) -> str:
        shown = ", ".join(f"{c} {row[c]}" for c in dict.fromkeys(c for c, _op, _v in conds))
        return _("it matches the rule {rule} ({values})").format(rule=text.strip(),
                                                                 values=shown)

    return WaveRule(text.strip(), predicate, reason)


def rules_from_text(spec: str | Sequence[str], min_strictness: int = 2,
                    max_complexity: int = 2) -> tuple[WaveRule, ...]:
    """The ordered wave rules a text (or list of texts) states (see the module docstring).

    Parameters
    ----------
    spec : str or sequence of str
        Rules separated by ``;``, or one rule per item.
    min_strictness, max_complexity : int
        Cut-offs of the built-in ``customer pull`` and ``simple work`` rules.

    Returns
    -------
    tuple of WaveRule
        For :func:`maturity.plan.roadmap.plan_roadmap` (``rules=``).

    Examples
    --------
    >>> rs = rules_from_text(["quick win", "客户要求", "complexity <= 3"], max_complexity=3)
    >>> [r.name for r in rs]
    ['quick win', 'customer pull', 'complexity <= 3']
    """
    items = spec.split(";") if isinstance(spec, str) else list(spec)
    items = [str(i).strip() for i in items if str(i).strip()]
    if not items:
        raise ValidationError(_("wave rules {spec!r}: no rule given; expected {forms}").format(
            spec=spec, forms=_(_FORMS)))
    built_in = {"customer pull": lambda: customer_pull_rule(min_strictness),
                "simple work": lambda: simple_work_rule(max_complexity),
                "the rest": rest_rule, "deferred": deferred_rule}
    out = []
    for item in items:
        key = item.casefold()
        name = next((n for n in _BUILT_IN if key in _names(n)), None)
        quadrant = next((q for q in _QUADRANTS if key in _names(q)), None)
        if name is not None:
            out.append(built_in[name]())
        elif quadrant is not None:
            out.append(quadrant_rule(quadrant))
        else:
            out.append(condition_rule(item))
    return tuple(out)
