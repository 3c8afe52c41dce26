"""The model schema: :class:`Model` and the parser of its YAML, every problem located.

A :class:`Model` is immutable and exposes the model as tidy frames:

- ``levels``: ``level, name, name_zh``
- ``process_areas``: ``process_area, name, name_zh, category, level``
- ``goals``: ``goal, process_area, kind, generic_goal, capability_level, name, name_zh``
- ``practices``: ``practice, goal, process_area, kind, generic_practice, level, name, name_zh``
- ``questions``: ``question, practice, process_area, scale, text, text_zh``

Generic goals (CMMI GG2, GG3) are declared once in the YAML and expanded for every process area
(``REQM.GG2``, ``REQM.GP2.1``, ``REQM.GP2.1.Q1``). The schema is documented in
``surveys/README.md``. :func:`parse_model` reads the YAML's settings, levels, process areas (with
their goals, practices and questions) and generic goals in turn, recording every problem with
its key path (:class:`maturity.model.checks.Checker`) before raising one error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from maturity.model.checks import Checker
from maturity.model.scales import Scale, model_thresholds, parse_scales, parse_thresholds

__all__ = ["Model", "parse_model", "CHARACTERIZATIONS", "SCORING_RULES", "NA_POLICIES"]

#: Characterizations from strongest to weakest (NY: not yet, outside the order).
CHARACTERIZATIONS = ["FI", "LI", "PI", "NI", "NY"]
SCORING_RULES = ("staged", "cumulative", "additive")
NA_POLICIES = ("exclude", "zero")


@dataclass(frozen=True)
class Model:
    """A maturity model loaded from YAML. Build it with :func:`load_model`.

    ``thresholds`` (lowest mean for ``FI``, ``LI``, ``PI``) and ``index_zero`` (the answer
    value that gives no credit toward the next level in the maturity index) come from the
    answer scale: its lowest value is the zero point, and the thresholds are the YAML's (per
    scale or per model) or 87.5%, 62.5% and 25% of the range (:data:`THRESHOLD_FRACTIONS`;
    3.5, 2.5, 1.0 on 0-4). ``scale_thresholds`` holds them for every scale the questions use
    (``{scale: {FI, LI, PI, zero}}``; a practice is scored on its first question's scale);
    ``thresholds`` and ``index_zero`` are the default scale's.

    Examples
    --------
    >>> from maturity.model.load import load_model
    >>> m = load_model("cmmi-dev-1.3")
    >>> m.scoring, len(m.process_areas)
    ('staged', 22)
    >>> m.process_areas.query("level == 2").process_area.tolist()
    ['REQM', 'PP', 'PMC', 'SAM', 'MA', 'PPQA', 'CM']
    """

    id: str
    name: str
    name_zh: str
    version: str
    scoring: str
    na_policy: str
    default_scale: str
    thresholds: dict[str, float] = field(repr=False)
    cumulative_threshold: str = field(repr=False)
    levels: pd.DataFrame = field(repr=False)
    process_areas: pd.DataFrame = field(repr=False)
    goals: pd.DataFrame = field(repr=False)
    practices: pd.DataFrame = field(repr=False)
    questions: pd.DataFrame = field(repr=False)
    scales: dict[str, Scale] = field(repr=False)
    description: str = field(default="", repr=False)
    source: str = field(default="", repr=False)
    source_path: str = field(default="", repr=False)
    index_zero: float = field(default=0.0, repr=False)
    scale_thresholds: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)
    #: A practice is not applicable for a line when more than this share of its respondents
    #: answer only "not applicable" (``na_policy: exclude``); YAML key ``na_share``.
    na_share: float = field(default=0.5, repr=False)
    #: Warn when a reached level rests on more out-of-scope areas of one level than this: a
    #: count (>= 1) or, below 1, a share of the level's areas; YAML key ``out_of_scope_limit``.
    out_of_scope_limit: float = field(default=1.0, repr=False)

    def __hash__(self) -> int:  # frames are unhashable; the id + path identify a model
        return hash((self.id, self.version, self.source_path))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Model)
            and (self.id, self.version, self.source_path)
            == (other.id, other.version, other.source_path)
        )

    def scale_options(self) -> pd.DataFrame:
        """All answer options of the scales this model uses, long format.

        Returns
        -------
        pandas.DataFrame
            ``scale, kind, code, label, label_zh, value, na``.

        Examples
        --------
        >>> from maturity.model.load import load_model
        >>> load_model("cmmi-dev-1.3").scale_options().code.tolist()[:3]
        ['0', '1', '2']
        """
        used = list(dict.fromkeys(self.questions["scale"]))
        frames = []
        for sid in used:
            sc = self.scales[sid]
            f = sc.options.copy()
            f.insert(0, "kind", sc.kind)
            f.insert(0, "scale", sid)
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    @property
    def max_level(self) -> int:
        """Highest level of the model."""
        return int(self.levels["level"].max())


# --------------------------------------------------------------------------------------------
# The parser


def _fraction(raw: dict, key: str, default: float, chk: Checker, expected: str,
              below: float | None) -> float:
    """A non-negative number under ``key`` (below ``below`` when given), else ``default``."""
    v = raw.get(key, default)
    try:
        if isinstance(v, bool):
            raise ValueError
        x = float(v)
        if not (x >= 0 and (below is None or x < below)) or (below is None and x <= 0):
            raise ValueError
    except (TypeError, ValueError):
        chk.add(key, v, expected, "invalid value")
        return default
    return x


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def parse_model(raw: Any, path: Path) -> Model:
    """The :class:`Model` of a parsed YAML document ``raw`` read from ``path``.

    Raises :class:`~maturity.exceptions.ModelError` naming the first problem, with every problem
    of the file in ``.failures``."""
    chk = Checker(path)
    if not isinstance(raw, dict):
        chk.add("(top level)", type(raw).__name__,
                "a mapping with id, name, levels, process_areas", "not a mapping")
        chk.raise_if_any()
    p = _Parser(raw, chk)
    p.settings()
    p.levels()
    p.process_areas()
    p.generic_goals()
    used = list(dict.fromkeys(r[3] for r in p.q_rows)) or [p.default_scale]
    thresholds, index_zero, per_scale = model_thresholds(p.scales, used, p.explicit,
                                                         p.default_scale, chk)
    chk.raise_if_any()
    return p.model(path, thresholds, index_zero, per_scale)


class _Parser:
    """The rows of a model's frames, collected section by section from its YAML (internal)."""

    def __init__(self, raw: dict, chk: Checker) -> None:
        self.raw, self.chk = raw, chk
        self.level_rows: list[tuple] = []
        self.pa_rows: list[tuple] = []
        self.goal_rows: list[tuple] = []
        self.pr_rows: list[tuple] = []
        self.q_rows: list[tuple] = []
        self.seen_pa: dict[str, str] = {}
        self.seen_goal: dict[str, str] = {}
        self.seen_pr: dict[str, str] = {}
        self.seen_q: dict[str, str] = {}

    def settings(self) -> None:
        """id, name, version, scoring rule, NA policy, scales and thresholds, shares."""
        raw, chk = self.raw, self.chk
        self.mid = chk.text(raw, "id", "")
        self.name = chk.text(raw, "name", "")
        self.version = str(raw.get("version", "")).strip()
        if not self.version:
            chk.add("version", None, "a version string", "missing")
        self.scoring = raw.get("scoring", "staged")
        if self.scoring not in SCORING_RULES:
            chk.add("scoring", self.scoring, " or ".join(SCORING_RULES), "unknown scoring rule")
        self.na_policy = raw.get("na_policy", "exclude")
        if self.na_policy not in NA_POLICIES:
            chk.add("na_policy", self.na_policy, " or ".join(NA_POLICIES),
                    "unknown not-applicable policy")
        self.scales = parse_scales(raw.get("scales"), chk)
        self.default_scale = str(raw.get("default_scale", "likert-0-4"))
        if self.default_scale not in self.scales:
            chk.add("default_scale", self.default_scale, f"one of {sorted(self.scales)}",
                    "unknown scale")
        self.explicit = (parse_thresholds(raw["thresholds"], "thresholds", chk)
                         if raw.get("thresholds") is not None else None)
        self.na_share = _fraction(raw, "na_share", 0.5, chk,
                                  "a share in [0, 1), e.g. 0.5 (a majority)", 1)
        self.oos_limit = _fraction(raw, "out_of_scope_limit", 1.0, chk,
                                   "a count >= 1 or a share in (0, 1)", None)
        self.cum = str(raw.get("cumulative_threshold", "LI"))
        if self.cum not in ("FI", "LI", "PI"):
            chk.add("cumulative_threshold", self.cum, "FI, LI or PI", "invalid characterization")

    def levels(self) -> None:
        chk = self.chk
        for i, lv in enumerate(chk.seq(self.raw, "levels", "")):
            w = f"levels[{i}]"
            if not isinstance(lv, dict) or not _is_int(lv.get("level")):
                chk.add(f"{w}.level", lv.get("level") if isinstance(lv, dict) else lv,
                        "an integer", "invalid level")
                continue
            self.level_rows.append((lv["level"], str(lv.get("name", f"Level {lv['level']}")),
                                    str(lv.get("name_zh", ""))))
        levels = pd.DataFrame(self.level_rows, columns=["level", "name", "name_zh"])
        if levels["level"].duplicated().any():
            chk.add("levels", levels["level"].tolist(), "unique levels", "duplicate level")
        self.level_set = set(levels["level"])

    def questions_of(self, pr: dict, w: str, prid: str, paid: str, fmt: dict | None) -> None:
        """The questions of a practice (``fmt``: a generic practice's placeholders)."""
        chk, scales, seen_q = self.chk, self.scales, self.seen_q
        for k, q in enumerate(chk.seq(pr, "questions", w)):
            qw = f"{w}.questions[{k}]"
            if not isinstance(q, dict):
                chk.add(qw, q, "a mapping with id and text", "not a mapping")
                continue
            qid_local = chk.text(q, "id", qw)
            text, text_zh = chk.text(q, "text", qw), chk.text(q, "text_zh", qw, required=False)
            scale = str(q.get("scale", self.default_scale))
            if scale not in scales:
                chk.add(f"{qw}.scale", scale, f"one of {sorted(scales)}", "unknown scale")
            if fmt is not None:
                qid = f"{prid}.{qid_local}"
                try:
                    text, text_zh = text.format(**fmt), text_zh.format(**fmt)
                except (KeyError, IndexError, ValueError) as exc:
                    chk.add(f"{qw}.text", text, "placeholders {process_area}, "
                            "{process_area_name}, {process_area_name_zh}",
                            f"bad placeholder {exc}")
            else:
                qid = qid_local
            if qid:
                if qid in seen_q:
                    chk.add(f"{qw}.id", qid, "a unique question id",
                            f"duplicate question id '{qid}' (first at {seen_q[qid]})")
                else:
                    seen_q[qid] = f"{qw}.id"
                self.q_rows.append((qid, prid, paid, scale, text, text_zh))

    def process_areas(self) -> None:
        """Process areas with their specific goals, practices and questions."""
        chk, level_set = self.chk, self.level_set
        for i, pa in enumerate(chk.seq(self.raw, "process_areas", "")):
            w = f"process_areas[{i}]"
            if not isinstance(pa, dict):
                chk.add(w, pa, "a mapping", "not a mapping")
                continue
            paid = chk.ident(pa, w, self.seen_pa, "process area")
            lvl = pa.get("level")
            if not _is_int(lvl) or lvl not in level_set:
                chk.add(f"{w}.level", lvl, f"one of the model's levels {sorted(level_set)}",
                        f"process area '{paid}' at a level that does not exist")
            self.pa_rows.append((paid, chk.text(pa, "name", w),
                                 chk.text(pa, "name_zh", w, required=False),
                                 str(pa.get("category", "")),
                                 lvl if isinstance(lvl, int) else pd.NA))
            for j, g in enumerate(chk.seq(pa, "goals", w)):
                gw = f"{w}.goals[{j}]"
                if not isinstance(g, dict):
                    chk.add(gw, g, "a mapping", "not a mapping")
                    continue
                gid = chk.ident(g, gw, self.seen_goal, "goal")
                self.goal_rows.append((gid, paid, "specific", "", 1, chk.text(g, "name", gw),
                                       chk.text(g, "name_zh", gw, required=False)))
                for k, pr in enumerate(chk.seq(g, "practices", gw)):
                    self.specific_practice(pr, f"{gw}.practices[{k}]", gid, paid)

    def specific_practice(self, pr: Any, prw: str, gid: str, paid: str) -> None:
        chk, level_set = self.chk, self.level_set
        if not isinstance(pr, dict):
            chk.add(prw, pr, "a mapping", "not a mapping")
            return
        prid = chk.ident(pr, prw, self.seen_pr, "practice")
        plv = pr.get("level")
        if plv is not None and (not _is_int(plv) or plv not in level_set):
            chk.add(f"{prw}.level", plv, f"one of the model's levels {sorted(level_set)}",
                    "practice at a level that does not exist")
            plv = None
        self.pr_rows.append((prid, gid, paid, "specific", "", plv if plv is not None else pd.NA,
                             chk.text(pr, "name", prw),
                             chk.text(pr, "name_zh", prw, required=False)))
        if isinstance(pr, dict) and not pr.get("questions"):
            chk.add(f"{prw}.questions", None, "at least one question",
                    f"practice '{prid}' has no question")
        else:
            self.questions_of(pr, prw, prid, paid, None)

    def generic_goals(self) -> None:
        """Generic goals, expanded per process area."""
        chk = self.chk
        for i, gg in enumerate(chk.seq(self.raw, "generic_goals", "", required=False)):
            w = f"generic_goals[{i}]"
            if not isinstance(gg, dict):
                chk.add(w, gg, "a mapping", "not a mapping")
                continue
            ggid = chk.text(gg, "id", w)
            cl = gg.get("capability_level")
            if not _is_int(cl):
                chk.add(f"{w}.capability_level", cl, "an integer (2 for GG2, 3 for GG3)",
                        "missing or invalid")
                cl = pd.NA
            gps = chk.seq(gg, "practices", w)
            for pa_id, pa_name, pa_zh, _cat, _lvl in self.pa_rows:
                self.generic_goal_of(gg, w, ggid, cl, gps, pa_id, pa_name, pa_zh)
            for k, gp in enumerate(gps):  # report malformed generic practices once, not per PA
                if not isinstance(gp, dict):
                    chk.add(f"{w}.practices[{k}]", gp, "a mapping", "not a mapping")
                elif not str(gp.get("id", "")).strip():
                    chk.add(f"{w}.practices[{k}].id", None, "a non-empty string", "missing")

    def generic_goal_of(self, gg: dict, w: str, ggid: str, cl: Any, gps: list, pa_id: str,
                        pa_name: str, pa_zh: str) -> None:
        """One generic goal of one process area, with its practices and questions."""
        chk = self.chk
        gid = f"{pa_id}.{ggid}"
        if gid in self.seen_goal:
            chk.add(f"{w}.id", gid, "a unique goal id", f"duplicate goal id '{gid}'")
        self.seen_goal[gid] = f"{w}.id"
        self.goal_rows.append((gid, pa_id, "generic", ggid, cl, chk.text(gg, "name", w),
                               str(gg.get("name_zh", ""))))
        fmt = {"process_area": pa_id, "process_area_name": pa_name,
               "process_area_name_zh": pa_zh or pa_name}
        for k, gp in enumerate(gps):
            gpw = f"{w}.practices[{k}]"
            if not isinstance(gp, dict):
                continue
            gpid = str(gp.get("id", "")).strip()
            prid = f"{pa_id}.{gpid}"
            if prid in self.seen_pr:
                chk.add(f"{gpw}.id", prid, "a unique practice id",
                        f"duplicate practice id '{prid}'")
            self.seen_pr[prid] = f"{gpw}.id"
            self.pr_rows.append((prid, gid, pa_id, "generic", gpid, pd.NA,
                                 str(gp.get("name", "")), str(gp.get("name_zh", ""))))
            if not gp.get("questions"):
                chk.add(f"{gpw}.questions", None, "at least one question",
                        f"generic practice '{gpid}' has no question")
            else:
                self.questions_of(gp, gpw, prid, pa_id, fmt)

    def model(self, path: Path, thresholds: dict[str, float], index_zero: float,
              per_scale: dict[str, dict[str, float]]) -> Model:
        raw = self.raw

        def frame(rows: list, cols: list[str], int_cols: tuple[str, ...] = ()) -> pd.DataFrame:
            df = pd.DataFrame(rows, columns=cols)
            for c in int_cols:
                df[c] = df[c].astype("Int64")
            return df

        return Model(
            id=self.mid,
            name=self.name,
            name_zh=str(raw.get("name_zh", "")),
            version=self.version,
            scoring=self.scoring,
            na_policy=self.na_policy,
            default_scale=self.default_scale,
            thresholds=thresholds,
            cumulative_threshold=self.cum,
            levels=frame(self.level_rows, ["level", "name", "name_zh"],
                         ("level",)).sort_values("level", ignore_index=True),
            process_areas=frame(self.pa_rows,
                                ["process_area", "name", "name_zh", "category", "level"],
                                ("level",)),
            goals=frame(self.goal_rows, ["goal", "process_area", "kind", "generic_goal",
                                         "capability_level", "name", "name_zh"],
                        ("capability_level",)),
            practices=frame(self.pr_rows, ["practice", "goal", "process_area", "kind",
                                           "generic_practice", "level", "name", "name_zh"],
                            ("level",)),
            questions=frame(self.q_rows, ["question", "practice", "process_area", "scale",
                                          "text", "text_zh"]),
            scales={k: v for k, v in self.scales.items()},
            description=str(raw.get("description", "")),
            source=str(raw.get("source", "")),
            source_path=str(path),
            index_zero=index_zero,
            scale_thresholds=per_scale,
            na_share=self.na_share,
            out_of_scope_limit=self.oos_limit,
        )
