"""Scope: which process areas a business line is appraised on, and what "not applicable"
does to its maturity level.

In a SCAMPI appraisal "not applicable" is a scoping decision of the appraisal team, recorded
with its reason (typically SAM, supplier agreement management, where a unit has no suppliers).
A survey answer "NA" is evidence for that decision, not the decision. The toolkit therefore
applies three rules (see :func:`maturity.score`):

1. **Practices.** A practice is not applicable (``NA``) for a line only when more than the
   model's ``na_share`` (default 0.5: a majority) of the respondents who answered it answered
   only "not applicable"; otherwise the NA answers are left out and the others' scored
   answers characterize it (``na_policy: exclude``; under ``na_policy: zero`` an NA answer is a
   score, as in OWASP SAMM).
2. **Areas.** A goal whose practices are all NA is ``not applicable``; an area whose goals are
   all not applicable is **out of scope**.
3. **Levels.** A maturity level is never reached on out-of-scope areas alone: it needs at least
   one satisfied area of its own (staged rule), or at least one answered practice at or above
   the threshold (cumulative rule, as CSET's C2M2 tool: a MIL with no answered practice is not
   achieved). The ``maturity`` frame says, beside the level, how many areas at or below it
   are out of scope and which, and a :class:`~maturity.exceptions.MaturityWarning` is given
   when a reached level rests on more out-of-scope areas of one level than the model's
   ``out_of_scope_limit`` (default 1: more than one area of a level).

Explicit decisions take precedence over the answers: a scope table (``scope=`` of
:func:`maturity.score`, read by :func:`read_scope`) with columns ``business_line,
process_area, scope, reason`` (optionally ``wave``; ``business_line`` ``*`` for every line)
where ``scope`` is ``out of scope`` (every practice of the area is NA, the rule says
``out of scope: <reason>``) or ``in scope`` (NA answers are not accepted: practices the answers
made NA are not characterized, so the area is not rated until it is answered).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from maturity.exceptions import MaturityWarning, TargetError
from maturity.excerpt import excerpt
from maturity.i18n import _
from maturity.model.load import Model
from maturity.safe_yaml import load_yaml

__all__ = ["read_scope", "apply_scope", "scope_columns", "SCOPE_COLUMNS", "SCOPE_VALUES"]

#: Columns of a scope table (``wave`` optional: every wave when absent or blank).
SCOPE_COLUMNS = ["business_line", "process_area", "scope", "reason"]
#: Accepted ``scope`` values, as written (case and spaces/underscores free).
SCOPE_VALUES = ("out of scope", "in scope")

KEYS = ["wave", "business_line"]


def read_scope(source: pd.DataFrame | str | os.PathLike[str] | list | Mapping,
               model: Model | None = None) -> pd.DataFrame:
    """Read scope decisions: a CSV or YAML file, a list of records or a frame.

    Parameters
    ----------
    source : DataFrame, path, list or mapping
        Columns / keys ``business_line, process_area, scope, reason`` (``wave`` optional). A
        YAML file holds a list of such records, or a mapping with a ``scope:`` list (so a
        targets file can carry its scope decisions under that key).
    model : Model, optional
        When given, process areas are checked against it.

    Returns
    -------
    pandas.DataFrame
        ``wave, business_line, process_area, scope, reason`` (strings; ``wave`` ``""`` for every
        wave, ``business_line`` ``*`` for every line; ``scope`` ``out of scope`` or ``in
        scope``).

    Raises
    ------
    TargetError
        A missing column, an unknown scope value or process area, a decision without a reason.

    Examples
    --------
    >>> read_scope([{"business_line": "web", "process_area": "SAM", "scope": "Out_of_scope",
    ...              "reason": "no suppliers"}])
      wave business_line process_area         scope        reason
    0                web          SAM  out of scope  no suppliers
    """
    where = "<scope>"
    if isinstance(source, pd.DataFrame):
        raw = source.astype(object)
    elif isinstance(source, (list, Mapping)):
        raw = _records(source, where)
    else:
        path = Path(source)
        where = str(path)
        if not path.is_file():
            raise TargetError(f"{path}: scope file not found (expected .csv or .yaml)")
        if path.suffix.lower() in (".yaml", ".yml"):
            try:
                doc = load_yaml(path.read_text(encoding="utf-8-sig"))
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                at = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
                what = " ".join(str(getattr(exc, "problem", None) or exc).split())
                raise TargetError(f"{path}:{at} not valid YAML: {what}") from None
            raw = _records(doc if doc is not None else [], where)
        else:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw = raw.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
    missing = [c for c in SCOPE_COLUMNS if c not in raw.columns]
    if missing:
        raise TargetError(f"{where}: scope decisions lack column(s) {missing}; expected "
                          f"{', '.join(SCOPE_COLUMNS)} (wave optional)")
    out = pd.DataFrame({c: raw[c].map(_text) for c in SCOPE_COLUMNS})
    out.insert(0, "wave", raw["wave"].map(_text) if "wave" in raw.columns else "")
    out["process_area"] = out["process_area"].str.upper() if model is None else out["process_area"]
    out["scope"] = out["scope"].str.lower().str.replace("_", " ").str.split().str.join(" ")
    for i, r in enumerate(out.itertuples(index=False), start=2):
        if r.scope not in SCOPE_VALUES:
            raise TargetError(f"{where}: row {i}, column 'scope': found {excerpt(r.scope)}, "
                              f"expected one of {', '.join(SCOPE_VALUES)}")
        if not r.reason:
            raise TargetError(f"{where}: row {i}, column 'reason': a scope decision needs its "
                              "reason (SCAMPI records why an area is out of scope)")
        if model is not None and r.process_area not in set(model.process_areas["process_area"]):
            raise TargetError(f"{where}: row {i}, column 'process_area': found "
                              f"{excerpt(r.process_area)}, not a process area of model {model.id}")
        if not r.business_line:
            raise TargetError(f"{where}: row {i}, column 'business_line': empty; give a line "
                              "id or * for every line")
    return out.reset_index(drop=True)


def _records(doc: object, where: str) -> pd.DataFrame:
    if isinstance(doc, Mapping):
        doc = doc.get("scope", [])
    if not isinstance(doc, list) or not all(isinstance(r, Mapping) for r in doc):
        raise TargetError(f"{where}: scope decisions must be a list of records (business_line, "
                          "process_area, scope, reason), or a mapping with such a list under "
                          "'scope'")
    return pd.DataFrame(list(doc), dtype=object)


def _text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


def apply_scope(practices: pd.DataFrame, scope: pd.DataFrame) -> pd.DataFrame:
    """The practices frame with the scope decisions applied (a new frame).

    ``out of scope``: every practice of the area is ``NA``, ``aggregation_rule`` ``out of
    scope: <reason>``, its statistics kept. ``in scope``: a practice the answers made ``NA``
    is not characterized (``""``, rule ``in scope (<reason>): NA answers not accepted``).
    """
    if scope is None or not len(scope):
        return practices
    p = practices.copy()
    for r in scope.itertuples(index=False):
        sel = p["process_area"].astype(str).eq(r.process_area)
        if r.business_line != "*":
            sel &= p["business_line"].astype(str).eq(r.business_line)
        if r.wave:
            sel &= p["wave"].astype(str).eq(r.wave)
        if r.scope == "out of scope":
            p.loc[sel, "characterization"] = "NA"
            p.loc[sel, "aggregation_rule"] = f"out of scope: {r.reason}"
            p.loc[sel, "judgement"] = True
        else:
            sel &= p["characterization"].eq("NA")
            p.loc[sel, "characterization"] = ""
            p.loc[sel, "aggregation_rule"] = f"in scope ({r.reason}): NA answers not accepted"
            p.loc[sel, "judgement"] = True
    return p


def scope_columns(process_areas: pd.DataFrame, maturity: pd.DataFrame, model: Model,
                  *, warn: bool = True) -> pd.DataFrame:
    """Add ``n_out_of_scope, out_of_scope_areas, scope_note`` to a ``maturity`` frame.

    ``n_out_of_scope``: areas of the line out of scope (rating ``not applicable``) at or below
    its maturity level (staged; every out-of-scope area for the other rules, whose levels are
    per area); ``out_of_scope_areas``: every out-of-scope area of the line with its level, e.g.
    ``SAM (2); OPP (4)``; ``scope_note``: why no level was rated, or which level rests on more
    out-of-scope areas than the model's ``out_of_scope_limit`` (also a MaturityWarning).
    """
    pa = process_areas
    oos = pa[pa["rating"].astype(str).eq("not applicable")]
    lvl = oos["level"].astype("Float64")
    shown = " (" + lvl.astype(str).str.replace(".0", "", regex=False) + ")"
    label = oos["process_area"].astype(str) + np.where(lvl.notna(), shown, "")
    per_line = (oos.assign(_l=label).groupby(KEYS, observed=True, sort=False)["_l"]
                .agg("; ".join).rename("out_of_scope_areas"))
    out = maturity.merge(per_line.reset_index(), on=KEYS, how="left")
    out["out_of_scope_areas"] = out["out_of_scope_areas"].fillna("").astype(object)
    staged = model.scoring == "staged"
    m_level = out.set_index(KEYS)["maturity_level"]
    o = oos.assign(_ml=pd.MultiIndex.from_frame(oos[KEYS]).map(m_level) if len(oos) else [])
    counted = o[o["level"].astype(float).le(o["_ml"].astype(float))] if staged else o
    n = counted.groupby(KEYS, observed=True).size().rename("n_out_of_scope").reset_index()
    out = out.merge(n, on=KEYS, how="left")
    out["n_out_of_scope"] = out["n_out_of_scope"].fillna(0).astype("int64")
    notes = pd.Series("", index=out.index, dtype=object)
    # no level: every area of the line out of scope (nothing answered but "not applicable")
    n_areas = pa.groupby(KEYS, observed=True).size()
    n_oos = oos.groupby(KEYS, observed=True).size().reindex(n_areas.index, fill_value=0)
    none = pd.MultiIndex.from_frame(out[KEYS]).map((n_oos == n_areas).to_dict())
    none = none.fillna(False).astype(bool)
    none = np.asarray(none, dtype=bool)
    if none.any():
        notes[none] = _("no level rated: every process area is out of scope (all answers not "
                        "applicable); the level shown is the rule's floor and the index is empty")
        out.loc[none, "maturity_index"] = np.nan
    # a reached level resting on too many out-of-scope areas of one level
    if staged and len(counted):
        size = model.process_areas.groupby("level").size()
        limit = model.out_of_scope_limit
        per_level = counted.groupby(KEYS + ["level"], observed=True)["process_area"].agg(list)
        for (w, b, L), areas in per_level.items():
            cap = limit * size.get(L, 0) if limit < 1 else limit
            if len(areas) > cap:
                i = np.flatnonzero((out["wave"].astype(str) == str(w)).to_numpy()
                                   & (out["business_line"].astype(str) == str(b)).to_numpy())
                text = _("level {level} counts {n} of its {total} areas out of scope ({areas}), "
                         "more than the model's limit {limit:g}").format(
                             level=int(L), n=len(areas), total=int(size.get(L, 0)),
                             areas=", ".join(map(str, areas)), limit=limit)
                for j in i:
                    notes[j] = "; ".join(x for x in (notes[j], text) if x)
    out["scope_note"] = notes
    new = ["n_out_of_scope", "out_of_scope_areas", "scope_note"]
    out = out[[c for c in out.columns if c not in new] + new]
    if warn and (notes != "").any():
        said = out.loc[notes != "", KEYS + ["scope_note"]]
        lines = [f"{w}/{b}: {t}" for w, b, t in said.itertuples(index=False, name=None)]
        warnings.warn(_("scope: {lines}").format(
            lines=" | ".join(lines[:5])
            + (f" | ... ({len(lines)} lines)" if len(lines) > 5 else "")),
            MaturityWarning, stacklevel=4)
    return out
