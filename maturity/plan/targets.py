"""Target profiles: the capability level each business line needs in each process area.

A **target profile** says which capability level (CL, 0-3 in CMMI) each business line needs in
each process area (PA). It is written as maturity-level targets and capability-level targets
(:func:`maturity.plan.targets_read.read_targets`, YAML / CSV / mapping) and resolved per line x
PA by :func:`target_profile` with this precedence (first match wins):

1. ``line_process_areas`` - a CL target for one PA of one line;
2. ``process_areas`` - a CL target for one PA in every line;
3. the line's maturity target - ``lines`` (or ``customer_requirement``, see
   :func:`targets_from_swot`);
4. ``default_level`` - the maturity target of every other line.

**Target staging** (CMMI v1.3 staged / continuous equivalence, CMMI for Development v1.3,
CMU/SEI-2010-TR-033, "Equivalent Staging"): a maturity-level target ``T`` is turned into CL
targets the way the staged representation rates maturity levels. ML2 needs every ML2 PA at CL2
(specific goals + GG2); ML3 needs every PA at ML2 *and* ML3 at CL3 (GG3 applies to the ML2 areas
too); ML4 and ML5 add their PAs at CL3. So a PA at staged level ``<= T`` needs ``CL min(T, 3)``
(``min(T, highest CL of the model)``) and PAs above ``T`` are not in the profile. For models
with other scoring rules (``cumulative``, ``additive``), where
``process_areas.capability_level`` is the level reached per area, a maturity target ``T``
means every area at level ``T``.

**Required level of a practice** (:func:`required_level`): its goal's ``capability_level`` (1
for specific goals, 2 for GG2, 3 for GG3); in models whose practices carry a ``level``
(cumulative / additive) that level.

Frames (columns in this order, extra columns after, plain RangeIndex):

- ``Targets.targets``: ``business_line, process_area, target_level, kind, source``
  (``business_line`` ``''`` = every line, ``process_area`` ``''`` = a maturity-level target;
  ``kind`` ``maturity``/``capability``; ``source`` the YAML key the row comes from).
- :func:`target_profile`: ``business_line, process_area, level, target_level, target_source,
  target_maturity_level, note``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from maturity.exceptions import TargetError
from maturity.model.load import Model

__all__ = [
    "Targets",
    "targets_from_swot",
    "target_profile",
    "required_level",
    "max_capability",
    "TARGET_COLUMNS",
    "PROFILE_COLUMNS",
]

TARGET_COLUMNS = ["business_line", "process_area", "target_level", "kind", "source"]
PROFILE_COLUMNS = ["business_line", "process_area", "level", "target_level", "target_source",
                   "target_maturity_level", "note"]

_PRECEDENCE = {"line_process_areas": 0, "process_areas": 1, "customer_requirement": 2,
               "lines": 2, "default_level": 3}


@dataclass(frozen=True)
class Targets:
    """A target profile as written: maturity-level and capability-level targets.

    Build it with :func:`maturity.plan.targets_read.read_targets`; resolve it per line x PA
    with :func:`target_profile`.

    Attributes
    ----------
    targets : pandas.DataFrame
        ``business_line, process_area, target_level, kind, source``: ``business_line`` ``''``
        means every line, ``process_area`` ``''`` a maturity-level target (``kind``
        ``maturity``) and otherwise a capability-level target (``kind`` ``capability``);
        ``source`` is the rule the row comes from (``default_level``, ``lines``,
        ``process_areas``, ``line_process_areas`` or ``customer_requirement``).
    model : Model
        The model the targets were checked against.
    path : str
        The file read (``'<mapping>'``, ``'<DataFrame>'`` for objects).
    """

    targets: pd.DataFrame
    model: Model
    path: str = ""
    #: Target answers as written (:mod:`maturity.plan.targets_answers`,
    #: ``phase, phase_order, end, business_line, practice, target``), or None.
    answers: pd.DataFrame | None = None
    #: Scope decisions (:func:`maturity.scoring.scope.read_scope`) given under ``scope:``, or None.
    scope: pd.DataFrame | None = None

    def maturity_target(self, business_line: str) -> int | None:
        """The maturity-level target of a line (its own, else ``default_level``), or None."""
        return self.maturity_targets([business_line])[business_line]

    def maturity_targets(self, business_lines: Iterable[str]) -> dict[str, int | None]:
        """:meth:`maturity_target` of each line, the targets read once for them all."""
        level, _ = self._maturity_rows()
        default = level.get("")
        return {ln: level.get(ln, default) for ln in business_lines}

    def _maturity_rows(self) -> tuple[dict[str, int], dict[str, str]]:
        """Per business line ('' = every line): the last maturity row's level and source."""
        t = self.targets
        m = t[t["kind"] == "maturity"]
        lines = m["business_line"].tolist()  # later rows win: the dict keeps the last
        return (dict(zip(lines, (int(x) for x in m["target_level"]), strict=True)),
                dict(zip(lines, m["source"], strict=True)))


def max_capability(model: Model) -> int:
    """Highest capability level an area can reach: GG levels (staged), else the model's levels."""
    if model.scoring == "staged":
        return int(model.goals["capability_level"].max())
    return int(model.max_level)


def required_level(model: Model) -> pd.Series:
    """Capability level each practice is required for (goal CL; practice level if not staged).

    Examples
    --------
    >>> from maturity.model.load import load_model
    >>> required_level(load_model("cmmi-dev-1.3"))[["REQM.SP1.1", "REQM.GP2.1", "REQM.GP3.1"]]
    practice
    REQM.SP1.1    1.0
    REQM.GP2.1    2.0
    REQM.GP3.1    3.0
    Name: required_level, dtype: float64
    """
    p = model.practices[["practice", "goal", "level"]].merge(
        model.goals[["goal", "capability_level"]], on="goal", how="left")
    req = p["capability_level"].astype("Float64")
    if model.scoring != "staged":
        req = p["level"].astype("Float64").fillna(req)
    return pd.Series(req.to_numpy(dtype=float, na_value=np.nan), index=p["practice"],
                     name="required_level")


def targets_from_swot(
    swot_summary: pd.DataFrame, base: Targets, *, how: Literal["max", "replace"] = "max"
) -> Targets:
    """Let customer requirements in the SWOT set lines' maturity targets.

    Parameters
    ----------
    swot_summary : pandas.DataFrame
        :func:`maturity.plan.swot.swot_summary` (``business_line, customer_requirement,
        required_level``).
    base : Targets
        The target profile to start from (not modified).
    how : {"max", "replace"}
        ``"max"`` (default): the customer's ``required_level`` is a floor, a higher target of
        the base is kept; ``"replace"``: the required level is the line's target.

    Returns
    -------
    Targets
        ``base`` with a maturity row (``source`` ``customer_requirement``) for every line with
        a customer requirement that sets its target.

    Examples
    --------
    >>> from maturity.plan.targets_read import read_targets
    >>> base = read_targets({"default_level": 2, "lines": {"web": 4}}, "cmmi-dev-1.3")
    >>> summary = pd.DataFrame({"business_line": ["bank", "web", "ops"],
    ...                         "customer_requirement": [True, True, False],
    ...                         "required_level": pd.array([3, 3, None], dtype="Int64")})
    >>> targets_from_swot(summary, base).targets
      business_line process_area  target_level      kind                source
    0                                        2  maturity         default_level
    1           web                          4  maturity                 lines
    2          bank                          3  maturity  customer_requirement
    """
    if how not in ("max", "replace"):
        raise TargetError(f"targets_from_swot(how={how!r}): expected 'max' or 'replace'")
    s = swot_summary
    req = s[s["customer_requirement"].astype(bool) & s["required_level"].notna()]
    t = base.targets
    levels = set(int(x) for x in base.model.levels["level"])
    add, drop = [], []
    pairs = zip(req["business_line"].astype(str), req["required_level"].astype(int), strict=True)
    for line, level in pairs:
        if level not in levels:
            raise TargetError(f"swot summary, business line '{line}': required_level {level} "
                              f"is not a level of model '{base.model.id}' ({sorted(levels)})")
        current = base.maturity_target(line)
        if how == "max" and current is not None and current > level:
            continue
        drop.append(line)
        add.append((line, "", level, "maturity", "customer_requirement"))
    keep = ~((t["kind"] == "maturity") & t["business_line"].isin(drop))
    frame = pd.concat([t[keep], pd.DataFrame(add, columns=TARGET_COLUMNS)], ignore_index=True)
    frame["target_level"] = frame["target_level"].astype("int64")
    return Targets(frame, base.model, base.path)


def _staged_need(model: Model, maturity_target: int) -> dict[str, int]:
    """CL each PA needs for a maturity target (target staging); PAs above it are absent."""
    need = min(maturity_target, max_capability(model))
    pa = model.process_areas
    if model.scoring == "staged":
        pa = pa[pa["level"].notna() & (pa["level"].astype("float") <= maturity_target)]
    return dict.fromkeys(pa["process_area"], need)


def target_profile(targets: Targets, lines: Sequence[str]) -> pd.DataFrame:
    """Resolve a target profile per business line and process area.

    Parameters
    ----------
    targets : Targets
    lines : sequence of str
        The business lines to resolve (e.g. those assessed).

    Returns
    -------
    pandas.DataFrame
        ``business_line, process_area, level, target_level, target_source,
        target_maturity_level, note``: one row per line and PA with a target, lines in the
        given order, PAs in model order. ``target_source`` names the rule that won (see the
        module's precedence); ``note`` explains a target derived from a maturity level.

    Examples
    --------
    >>> from maturity.plan.targets_read import read_targets
    >>> t = read_targets({"default_level": 2, "lines": {"bank": 3},
    ...                   "process_areas": {"REQM": 3},
    ...                   "line_process_areas": {"web": {"PPQA": 1}}}, "cmmi-dev-1.3")
    >>> p = target_profile(t, ["bank", "web"])
    >>> p.groupby("business_line").size().tolist()   # bank: 7 ML2 + 11 ML3 PAs; web: 7 ML2 PAs
    [18, 7]
    >>> p[p.process_area.isin(["REQM", "PP", "PPQA", "RD"])].iloc[:, :5]
       business_line process_area  level  target_level       target_source
    0           bank         REQM      2             3       process_areas
    1           bank           PP      2             3               lines
    5           bank         PPQA      2             3               lines
    7           bank           RD      3             3               lines
    18           web         REQM      2             3       process_areas
    19           web           PP      2             2       default_level
    23           web         PPQA      2             1  line_process_areas
    """
    model = targets.model
    t = targets.targets
    pa_level = model.process_areas.set_index("process_area")["level"]
    rows = []
    wanted = list(dict.fromkeys(str(x) for x in lines))
    mts = targets.maturity_targets(wanted)
    _, msources = targets._maturity_rows()
    needs: dict[int, dict[str, int]] = {}
    # capability rows per business line, with their row numbers (a line's rows and the
    # every-line rows are taken in file order, as one filter of the frame would)
    cap_rows: dict[str, list[tuple[int, Any]]] = {}
    for i, r in enumerate(t[t["kind"] == "capability"].itertuples(index=False)):
        cap_rows.setdefault(r.business_line, []).append((i, r))
    for line in wanted:
        mt = mts[line]
        msrc = ""
        if mt is not None:
            msrc = msources.get(line, "default_level")
        if mt is not None and mt not in needs:
            needs[mt] = _staged_need(model, mt)
        staged = needs[mt] if mt is not None else {}
        cap = sorted(cap_rows.get("", []) + (cap_rows.get(line, []) if line else []),
                     key=lambda x: x[0])
        explicit = {}
        for _, r in cap:
            rank = _PRECEDENCE[r.source]
            if r.process_area not in explicit or rank <= explicit[r.process_area][1]:
                explicit[r.process_area] = (int(r.target_level), rank, r.source)
        for pa in model.process_areas["process_area"]:
            if pa in explicit:
                level, _, src = explicit[pa]
                note = ""
            elif pa in staged:
                level, src = staged[pa], msrc
                note = (f"ML{mt} target -> CL{level} (target staging)"
                        if model.scoring == "staged"
                        else f"maturity level {mt} target -> level {level} in every area")
            else:
                continue
            rows.append((line, pa, pa_level[pa], level, src, mt, note))
    out = pd.DataFrame(rows, columns=PROFILE_COLUMNS)
    for c in ("level", "target_level", "target_maturity_level"):
        out[c] = pd.array(out[c].tolist(), dtype="Float64").astype("Int64") if len(out) else \
            pd.Series(dtype="Int64")
    return out
