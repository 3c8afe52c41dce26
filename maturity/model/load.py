"""Maturity models as data: the YAML schema, loading, validation and answer scales.

A :class:`Model` is immutable and exposes the model as tidy frames:

- ``levels``: ``level, name, name_zh``
- ``process_areas``: ``process_area, name, name_zh, category, level``
- ``goals``: ``goal, process_area, kind, generic_goal, capability_level, name, name_zh``
- ``practices``: ``practice, goal, process_area, kind, generic_practice, level, name, name_zh``
- ``questions``: ``question, practice, process_area, scale, text, text_zh``

Generic goals (CMMI GG2, GG3) are declared once in the YAML and expanded for every process area
(``REQM.GG2``, ``REQM.GP2.1``, ``REQM.GP2.1.Q1``). The schema is documented in
``surveys/README.md``. YAML is read with :func:`maturity.safe_yaml.load_yaml` (``yaml.safe_load`` that refuses
aliases and caps the size).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from maturity.exceptions import ModelError

__all__ = [
    "Model",
    "Scale",
    "load_model",
    "list_models",
    "model_paths",
    "BUILTIN_SCALES",
    "CHARACTERIZATIONS",
    "DEFAULT_THRESHOLDS",
    "THRESHOLD_FRACTIONS",
]

#: Characterizations from strongest to weakest (NY: not yet, outside the order).
CHARACTERIZATIONS = ["FI", "LI", "PI", "NI", "NY"]

#: Default characterization thresholds as fractions of a numeric scale's range (lowest value 0,
#: highest 1): mean >= 87.5% FI, >= 62.5% LI, >= 25% PI, else NI. On the 0-4 scale that is
#: FI 3.5, LI 2.5, PI 1.0 (3.5/4, 2.5/4, 1.0/4); on a 1-5 scale FI 4.5, LI 3.5, PI 2.0.
THRESHOLD_FRACTIONS: dict[str, float] = {"FI": 3.5 / 4, "LI": 2.5 / 4, "PI": 1.0 / 4}

#: The default thresholds on the built-in 0-4 scale (:data:`THRESHOLD_FRACTIONS` of 0-4).
DEFAULT_THRESHOLDS: dict[str, float] = {"FI": 3.5, "LI": 2.5, "PI": 1.0}

SCORING_RULES = ("staged", "cumulative", "additive")
NA_POLICIES = ("exclude", "zero")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def _shipped_models() -> Path:
    """Folder of the shipped models: ``maturity/_bundled/models`` in an installed wheel (copied
    there by ``setup.py``), else ``surveys/models`` of the checkout (editable installs)."""
    here = Path(__file__).resolve().parents[1]  # the maturity package
    bundled = here / "_bundled" / "models"
    return bundled if bundled.is_dir() else here.parent / "surveys" / "models"


_SHIPPED = _shipped_models()


@dataclass(frozen=True)
class Scale:
    """An answer scale.

    Attributes
    ----------
    id : str
        Scale id, e.g. ``"likert-0-4"``.
    kind : {"numeric", "characterization"}
        ``numeric`` answers are averaged; ``characterization`` answers (FI/LI/PI/NI/NY) are
        aggregated with the SCAMPI rules.
    options : pandas.DataFrame
        ``code, label, label_zh, value, na``; ``value`` is NaN for not-applicable / not-yet codes.
    thresholds : dict or None
        Explicit characterization thresholds of this scale (``FI``, ``LI``, ``PI`` on its
        values), from the YAML's ``scales.<id>.thresholds``; None to derive them from the range
        (:attr:`characterization_thresholds`).

    Examples
    --------
    A 1-5 frequency scale: the defaults are the same fractions of its range as 3.5, 2.5 and 1.0
    are of 0-4, so "Never" (1) is not implemented and "Always" (5) fully implemented.

    >>> s = _scale("freq-1-5", "numeric", [(str(v), str(v), "", v, False) for v in range(1, 6)])
    >>> s.min_value, s.max_value, s.characterization_thresholds
    (1.0, 5.0, {'FI': 4.5, 'LI': 3.5, 'PI': 2.0})
    """

    id: str
    kind: Literal["numeric", "characterization"]
    options: pd.DataFrame = field(repr=False)
    thresholds: dict[str, float] | None = field(default=None, repr=False)

    @property
    def codes(self) -> list[str]:
        """Answer codes in scale order."""
        return list(self.options["code"])

    @property
    def min_value(self) -> float:
        """Lowest scored value."""
        return float(self.options["value"].min())

    @property
    def max_value(self) -> float:
        """Highest scored value."""
        return float(self.options["value"].max())

    @property
    def characterization_thresholds(self) -> dict[str, float]:
        """Lowest mean for ``FI``, ``LI`` and ``PI`` on this scale: the explicit
        :attr:`thresholds`, else :data:`THRESHOLD_FRACTIONS` of the range
        (``min + fraction * (max - min)``)."""
        if self.thresholds is not None:
            return {**_of_range(self.min_value, self.max_value), **self.thresholds}
        return _of_range(self.min_value, self.max_value)


def _of_range(lo: float, hi: float) -> dict[str, float]:
    """:data:`THRESHOLD_FRACTIONS` of the range lo-hi, as values on the scale."""
    return {k: round(lo + f * (hi - lo), 10) for k, f in THRESHOLD_FRACTIONS.items()}


def _scale(sid: str, kind: str, rows: list[tuple],
           thresholds: dict[str, float] | None = None) -> Scale:
    df = pd.DataFrame(rows, columns=["code", "label", "label_zh", "value", "na"])
    df["value"] = df["value"].astype(float)
    df["na"] = df["na"].astype(bool)
    return Scale(sid, kind, df, thresholds)  # type: ignore[arg-type]


#: Scales every model can use without declaring them.
BUILTIN_SCALES: dict[str, Scale] = {
    "likert-0-4": _scale(
        "likert-0-4",
        "numeric",
        [
            ("0", "Not performed", "未执行", 0, False),
            ("1", "Performed ad hoc", "临时执行", 1, False),
            ("2", "Partially implemented", "部分实施", 2, False),
            ("3", "Largely implemented", "大部分实施", 3, False),
            ("4", "Fully implemented and institutionalized", "完全实施并制度化", 4, False),
            ("NA", "Not applicable", "不适用", float("nan"), True),
        ],
    ),
    "scampi": _scale(
        "scampi",
        "characterization",
        [
            ("FI", "Fully implemented", "完全实施", 4, False),
            ("LI", "Largely implemented", "大部分实施", 3, False),
            ("PI", "Partially implemented", "部分实施", 2, False),
            ("NI", "Not implemented", "未实施", 0, False),
            ("NY", "Not yet", "尚未实施", float("nan"), False),
        ],
    ),
}


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
# Finding models


def model_paths() -> list[Path]:
    """Folders searched for a model id: ``MATURITY_MODEL_PATH`` entries, then the shipped models
    (``surveys/models`` of the checkout, or its copy inside an installed wheel).

    Examples
    --------
    >>> model_paths()[-1].name
    'models'
    """
    extra = [Path(p) for p in os.environ.get("MATURITY_MODEL_PATH", "").split(os.pathsep) if p]
    return [*extra, _SHIPPED]


def list_models() -> pd.DataFrame:
    """The models that :func:`load_model` finds by id.

    Returns
    -------
    pandas.DataFrame
        ``id, name, version, scoring, path``.

    Examples
    --------
    >>> "cmmi-dev-1.3" in list_models().id.tolist()
    True
    """
    import yaml  # noqa: F401

    from maturity.safe_yaml import load_yaml

    rows = []
    seen: set[str] = set()
    for folder in model_paths():
        for p in sorted(folder.glob("*.y*ml")):
            try:
                raw = load_yaml(p.read_text(encoding="utf-8")) or {}
            except Exception:  # noqa: BLE001 - a broken file is listed by load_model's error
                continue
            mid = str(raw.get("id", p.stem))
            if mid in seen:
                continue
            seen.add(mid)
            rows.append(
                (mid, raw.get("name", ""), str(raw.get("version", "")), raw.get("scoring", "staged"), str(p))
            )
    return pd.DataFrame(rows, columns=["id", "name", "version", "scoring", "path"])


def _resolve(model: str | os.PathLike[str]) -> Path:
    p = Path(model)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        if not p.is_file():
            raise ModelError(f"{p}: model file not found (expected a YAML file or a model id)")
        return p
    for folder in model_paths():
        for suffix in (".yaml", ".yml"):
            cand = folder / f"{model}{suffix}"
            if cand.is_file():
                return cand
    known = ", ".join(list_models().id) or "none"
    raise ModelError(
        f"unknown model '{model}': no file {model}.yaml in {', '.join(str(f) for f in model_paths())}; "
        f"known models: {known}; or pass the path of a YAML file"
    )


# --------------------------------------------------------------------------------------------
# Loading and validation


def excerpt_key(key: str, limit: int = 120) -> str:
    """A key path cut to ``limit`` characters (a YAML key can be a long text)."""
    return key if len(key) <= limit else f"{key[:limit]}…"


class _Checker:
    """Collects every schema problem of one file with its key path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[tuple[str, str, str, str]] = []

    def add(self, key: str, value: Any, expected: str, message: str) -> None:
        from maturity.excerpt import EXCERPT_CHARS

        text = "" if value is None else str(value)
        if len(text) > EXCERPT_CHARS:  # a value quoted in a message is cut, its size said
            text = f"{text[:EXCERPT_CHARS]}… ({len(text):,} characters)"
        self.problems.append((excerpt_key(key), text, expected, message))

    def text(self, node: Any, key: str, where: str, required: bool = True) -> str:
        v = node.get(key) if isinstance(node, dict) else None
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                self.add(f"{where}.{key}" if where else key, v, "a non-empty string", "missing")
            return ""
        if isinstance(v, (dict, list)):
            self.add(f"{where}.{key}" if where else key, v, "a string", "not a string")
            return ""
        return str(v).strip()

    def ident(self, node: Any, where: str, seen: dict[str, str], what: str) -> str:
        v = self.text(node, "id", where)
        if v and not _ID_RE.match(v):
            self.add(f"{where}.id", v, "letters, digits, '.', '_' or '-'", f"invalid {what} id")
        if v:
            if v in seen:
                self.add(f"{where}.id", v, f"a unique {what} id", f"duplicate {what} id '{v}' (first at {seen[v]})")
            else:
                seen[v] = f"{where}.id"
        return v

    def seq(self, node: Any, key: str, where: str, required: bool = True) -> list:
        v = node.get(key) if isinstance(node, dict) else None
        full = f"{where}.{key}" if where else key
        if v is None:
            if required:
                self.add(full, None, "a non-empty list", "missing")
            return []
        if not isinstance(v, list):
            self.add(full, type(v).__name__, "a list", "not a list")
            return []
        if required and not v:
            self.add(full, "[]", "a non-empty list", "empty")
        return v

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        failures = pd.DataFrame(
            [(str(self.path), "", pd.NA, k, v, e, m) for k, v, e, m in self.problems],
            columns=["source", "sheet", "row", "column", "value", "expected", "message"],
        )
        k, v, e, m = self.problems[0]
        more = f" (and {len(self.problems) - 1} more problems, see .failures)" if len(self.problems) > 1 else ""
        raise ModelError(f"{self.path}: {k}: {m}: found {v!r}, expected {e}{more}", failures)


def _parse_scales(raw: Any, chk: _Checker) -> dict[str, Scale]:
    scales = dict(BUILTIN_SCALES)
    if raw is None:
        return scales
    if not isinstance(raw, dict):
        chk.add("scales", type(raw).__name__, "a mapping of scale id to scale", "not a mapping")
        return scales
    for sid, sc in raw.items():
        where = f"scales.{sid}"
        if not isinstance(sc, dict):
            chk.add(where, sc, "a mapping with kind and options", "not a mapping")
            continue
        kind = sc.get("kind", "numeric")
        if kind not in ("numeric", "characterization"):
            chk.add(f"{where}.kind", kind, "numeric or characterization", "unknown scale kind")
        rows = []
        codes: set[str] = set()
        for i, opt in enumerate(chk.seq(sc, "options", where)):
            ow = f"{where}.options[{i}]"
            if not isinstance(opt, dict):
                chk.add(ow, opt, "a mapping with code, label, value", "not a mapping")
                continue
            code = str(opt.get("code", "")).strip()
            if not code:
                chk.add(f"{ow}.code", None, "a non-empty code", "missing")
                continue
            if code in codes:
                chk.add(f"{ow}.code", code, "a unique code", f"duplicate code '{code}'")
            codes.add(code)
            na = bool(opt.get("na", False))
            val = opt.get("value")
            if na:
                value = float("nan")
            else:
                try:
                    value = float(val)
                except (TypeError, ValueError):
                    chk.add(f"{ow}.value", val, "a number (or na: true)", "not a number")
                    value = float("nan")
            rows.append((code, str(opt.get("label", code)), str(opt.get("label_zh", "")), value, na))
        th = (_parse_thresholds(sc["thresholds"], f"{where}.thresholds", chk)
              if "thresholds" in sc else None)
        if rows:
            scales[str(sid)] = _scale(str(sid), kind, rows, th)
    return scales


def _parse_thresholds(th: Any, key: str, chk: _Checker) -> dict[str, float] | None:
    """``{FI, LI, PI}`` numbers of a ``thresholds`` key (some keys may be left out); None and a
    problem recorded when malformed."""
    if not isinstance(th, dict) or not th or set(th) - set(THRESHOLD_FRACTIONS):
        chk.add(key, th, "a mapping with keys FI, LI, PI", "invalid thresholds")
        return None
    try:
        out = {str(k): float(v) for k, v in th.items()}
    except (TypeError, ValueError):
        chk.add(key, th, "numbers", "invalid thresholds")
        return None
    return out


def _model_thresholds(scales: dict[str, Scale], used: list[str], explicit: dict[str, float] | None,
                      default_scale: str, chk: _Checker
                      ) -> tuple[dict[str, float], float, dict[str, dict[str, float]]]:
    """Characterization thresholds and the maturity index's zero point of each scale the
    questions use, and the model's (its default scale's, else the first numeric one's); see
    ``surveys/README.md``, "Scales and thresholds".

    Per scale: its own ``thresholds``, else the model's ``thresholds`` (keys left out taken
    from the range), else :data:`THRESHOLD_FRACTIONS` of its range; the zero point is its
    lowest value. Thresholds outside the range are refused with the defaults to use."""
    per: dict[str, dict[str, float]] = {}
    for sid in [s for s in used if s in scales] or ["likert-0-4"]:
        sc = scales[sid]
        lo, hi = sc.min_value, sc.max_value
        if not lo < hi:
            chk.add(f"scales.{sid}.options", f"{lo:g}-{hi:g}", "at least two different values",
                    f"scale '{sid}' has no range to characterize answers on")
            continue
        derived = _of_range(lo, hi)
        if sc.thresholds is not None:
            th, key = {**derived, **sc.thresholds}, f"scales.{sid}.thresholds"
        elif explicit is not None and sc.kind == "numeric":
            th, key = {**derived, **explicit}, "thresholds"
        else:
            th, key = derived, ""
        if key and not th["FI"] >= th["LI"] >= th["PI"]:
            chk.add(key, th, "FI >= LI >= PI", "thresholds out of order")
        elif key and not (lo < th["PI"] and th["FI"] <= hi):
            fmt = ", ".join(f"{k} {v:g}" for k, v in derived.items())
            chk.add(key, ", ".join(f"{k} {v:g}" for k, v in th.items()),
                    f"{lo:g} < PI <= LI <= FI <= {hi:g}",
                    f"thresholds outside the range {lo:g}-{hi:g} of scale '{sid}' (the lowest "
                    f"answer would count as partially implemented, or FI could never be reached); "
                    f"delete `{key}` to use the defaults for this range ({fmt}), set values "
                    f"inside it, or give each scale its own `scales.<id>.thresholds`")
        per[sid] = {**th, "zero": lo}
    if not per:
        return dict(DEFAULT_THRESHOLDS), 0.0, {}
    numeric = [s for s in per if scales[s].kind == "numeric"]
    main = default_scale if default_scale in per else (numeric or list(per))[0]
    th = {k: per[main][k] for k in ("FI", "LI", "PI")}
    return th, per[main]["zero"], per
def _fraction(raw: dict, key: str, default: float, chk: _Checker, expected: str,
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


def _parse(raw: Any, path: Path) -> Model:
    chk = _Checker(path)
    if not isinstance(raw, dict):
        chk.add("(top level)", type(raw).__name__, "a mapping with id, name, levels, process_areas", "not a mapping")
        chk.raise_if_any()
    mid = chk.text(raw, "id", "")
    name = chk.text(raw, "name", "")
    version = str(raw.get("version", "")).strip()
    if not version:
        chk.add("version", None, "a version string", "missing")
    scoring = raw.get("scoring", "staged")
    if scoring not in SCORING_RULES:
        chk.add("scoring", scoring, " or ".join(SCORING_RULES), "unknown scoring rule")
    na_policy = raw.get("na_policy", "exclude")
    if na_policy not in NA_POLICIES:
        chk.add("na_policy", na_policy, " or ".join(NA_POLICIES), "unknown not-applicable policy")
    scales = _parse_scales(raw.get("scales"), chk)
    default_scale = str(raw.get("default_scale", "likert-0-4"))
    if default_scale not in scales:
        chk.add("default_scale", default_scale, f"one of {sorted(scales)}", "unknown scale")

    explicit = (_parse_thresholds(raw["thresholds"], "thresholds", chk)
                if raw.get("thresholds") is not None else None)
    na_share = _fraction(raw, "na_share", 0.5, chk, "a share in [0, 1), e.g. 0.5 (a majority)", 1)
    oos_limit = _fraction(raw, "out_of_scope_limit", 1.0, chk, "a count >= 1 or a share in (0, 1)",
                          None)
    cum = str(raw.get("cumulative_threshold", "LI"))
    if cum not in ("FI", "LI", "PI"):
        chk.add("cumulative_threshold", cum, "FI, LI or PI", "invalid characterization")

    level_rows = []
    for i, lv in enumerate(chk.seq(raw, "levels", "")):
        w = f"levels[{i}]"
        if not isinstance(lv, dict) or not isinstance(lv.get("level"), int) or isinstance(lv.get("level"), bool):
            chk.add(f"{w}.level", lv.get("level") if isinstance(lv, dict) else lv, "an integer", "invalid level")
            continue
        level_rows.append((lv["level"], str(lv.get("name", f"Level {lv['level']}")), str(lv.get("name_zh", ""))))
    levels = pd.DataFrame(level_rows, columns=["level", "name", "name_zh"])
    if levels["level"].duplicated().any():
        chk.add("levels", levels["level"].tolist(), "unique levels", "duplicate level")
    level_set = set(levels["level"])

    pa_rows, goal_rows, pr_rows, q_rows = [], [], [], []
    seen_pa: dict[str, str] = {}
    seen_ids: dict[str, str] = {}  # goals, practices and questions share one namespace check each
    seen_goal: dict[str, str] = {}
    seen_pr: dict[str, str] = {}
    seen_q: dict[str, str] = {}

    def questions_of(pr: dict, w: str, prid: str, paid: str, fmt: dict | None) -> None:
        qs = chk.seq(pr, "questions", w)
        for k, q in enumerate(qs):
            qw = f"{w}.questions[{k}]"
            if not isinstance(q, dict):
                chk.add(qw, q, "a mapping with id and text", "not a mapping")
                continue
            qid_local = chk.text(q, "id", qw)
            text, text_zh = chk.text(q, "text", qw), chk.text(q, "text_zh", qw, required=False)
            scale = str(q.get("scale", default_scale))
            if scale not in scales:
                chk.add(f"{qw}.scale", scale, f"one of {sorted(scales)}", "unknown scale")
            if fmt is not None:
                qid = f"{prid}.{qid_local}"
                try:
                    text, text_zh = text.format(**fmt), text_zh.format(**fmt)
                except (KeyError, IndexError, ValueError) as exc:
                    chk.add(f"{qw}.text", text, "placeholders {process_area}, {process_area_name}, {process_area_name_zh}", f"bad placeholder {exc}")
            else:
                qid = qid_local
            if qid:
                if qid in seen_q:
                    chk.add(f"{qw}.id", qid, "a unique question id", f"duplicate question id '{qid}' (first at {seen_q[qid]})")
                else:
                    seen_q[qid] = f"{qw}.id"
                q_rows.append((qid, prid, paid, scale, text, text_zh))

    for i, pa in enumerate(chk.seq(raw, "process_areas", "")):
        w = f"process_areas[{i}]"
        if not isinstance(pa, dict):
            chk.add(w, pa, "a mapping", "not a mapping")
            continue
        paid = chk.ident(pa, w, seen_pa, "process area")
        lvl = pa.get("level")
        if not isinstance(lvl, int) or isinstance(lvl, bool) or lvl not in level_set:
            chk.add(f"{w}.level", lvl, f"one of the model's levels {sorted(level_set)}", f"process area '{paid}' at a level that does not exist")
        pa_rows.append((paid, chk.text(pa, "name", w), chk.text(pa, "name_zh", w, required=False), str(pa.get("category", "")), lvl if isinstance(lvl, int) else pd.NA))
        for j, g in enumerate(chk.seq(pa, "goals", w)):
            gw = f"{w}.goals[{j}]"
            if not isinstance(g, dict):
                chk.add(gw, g, "a mapping", "not a mapping")
                continue
            gid = chk.ident(g, gw, seen_goal, "goal")
            goal_rows.append((gid, paid, "specific", "", 1, chk.text(g, "name", gw), chk.text(g, "name_zh", gw, required=False)))
            for k, pr in enumerate(chk.seq(g, "practices", gw)):
                prw = f"{gw}.practices[{k}]"
                if not isinstance(pr, dict):
                    chk.add(prw, pr, "a mapping", "not a mapping")
                    continue
                prid = chk.ident(pr, prw, seen_pr, "practice")
                plv = pr.get("level")
                if plv is not None and (not isinstance(plv, int) or isinstance(plv, bool) or plv not in level_set):
                    chk.add(f"{prw}.level", plv, f"one of the model's levels {sorted(level_set)}", "practice at a level that does not exist")
                    plv = None
                pr_rows.append((prid, gid, paid, "specific", "", plv if plv is not None else pd.NA, chk.text(pr, "name", prw), chk.text(pr, "name_zh", prw, required=False)))
                if isinstance(pr, dict) and not pr.get("questions"):
                    chk.add(f"{prw}.questions", None, "at least one question", f"practice '{prid}' has no question")
                else:
                    questions_of(pr, prw, prid, paid, None)
    del seen_ids

    # generic goals, expanded per process area
    for i, gg in enumerate(chk.seq(raw, "generic_goals", "", required=False)):
        w = f"generic_goals[{i}]"
        if not isinstance(gg, dict):
            chk.add(w, gg, "a mapping", "not a mapping")
            continue
        ggid = chk.text(gg, "id", w)
        cl = gg.get("capability_level")
        if not isinstance(cl, int) or isinstance(cl, bool):
            chk.add(f"{w}.capability_level", cl, "an integer (2 for GG2, 3 for GG3)", "missing or invalid")
            cl = pd.NA
        gps = chk.seq(gg, "practices", w)
        for pa_id, pa_name, pa_zh, _cat, _lvl in pa_rows:
            gid = f"{pa_id}.{ggid}"
            if gid in seen_goal:
                chk.add(f"{w}.id", gid, "a unique goal id", f"duplicate goal id '{gid}'")
            seen_goal[gid] = f"{w}.id"
            goal_rows.append((gid, pa_id, "generic", ggid, cl, chk.text(gg, "name", w), str(gg.get("name_zh", ""))))
            fmt = {"process_area": pa_id, "process_area_name": pa_name, "process_area_name_zh": pa_zh or pa_name}
            for k, gp in enumerate(gps):
                gpw = f"{w}.practices[{k}]"
                if not isinstance(gp, dict):
                    continue
                gpid = str(gp.get("id", "")).strip()
                prid = f"{pa_id}.{gpid}"
                if prid in seen_pr:
                    chk.add(f"{gpw}.id", prid, "a unique practice id", f"duplicate practice id '{prid}'")
                seen_pr[prid] = f"{gpw}.id"
                pr_rows.append((prid, gid, pa_id, "generic", gpid, pd.NA, str(gp.get("name", "")), str(gp.get("name_zh", ""))))
                if not gp.get("questions"):
                    chk.add(f"{gpw}.questions", None, "at least one question", f"generic practice '{gpid}' has no question")
                else:
                    questions_of(gp, gpw, prid, pa_id, fmt)
        for k, gp in enumerate(gps):  # report malformed generic practices once, not per PA
            if not isinstance(gp, dict):
                chk.add(f"{w}.practices[{k}]", gp, "a mapping", "not a mapping")
            elif not str(gp.get("id", "")).strip():
                chk.add(f"{w}.practices[{k}].id", None, "a non-empty string", "missing")

    used = list(dict.fromkeys(r[3] for r in q_rows)) or [default_scale]
    thresholds, index_zero, per_scale = _model_thresholds(scales, used, explicit, default_scale,
                                                          chk)
    chk.raise_if_any()

    def frame(rows: list, cols: list[str], int_cols: tuple[str, ...] = ()) -> pd.DataFrame:
        df = pd.DataFrame(rows, columns=cols)
        for c in int_cols:
            df[c] = df[c].astype("Int64")
        return df

    return Model(
        id=mid,
        name=name,
        name_zh=str(raw.get("name_zh", "")),
        version=version,
        scoring=scoring,
        na_policy=na_policy,
        default_scale=default_scale,
        thresholds=thresholds,
        cumulative_threshold=cum,
        levels=frame(level_rows, ["level", "name", "name_zh"], ("level",)).sort_values("level", ignore_index=True),
        process_areas=frame(pa_rows, ["process_area", "name", "name_zh", "category", "level"], ("level",)),
        goals=frame(goal_rows, ["goal", "process_area", "kind", "generic_goal", "capability_level", "name", "name_zh"], ("capability_level",)),
        practices=frame(pr_rows, ["practice", "goal", "process_area", "kind", "generic_practice", "level", "name", "name_zh"], ("level",)),
        questions=frame(q_rows, ["question", "practice", "process_area", "scale", "text", "text_zh"]),
        scales={k: v for k, v in scales.items()},
        description=str(raw.get("description", "")),
        source=str(raw.get("source", "")),
        source_path=str(path),
        index_zero=index_zero,
        scale_thresholds=per_scale,
        na_share=na_share,
        out_of_scope_limit=oos_limit,
    )


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float) -> Model:
    import yaml

    from maturity.safe_yaml import load_yaml

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the model as UTF-8") from None
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ModelError(f"{p}:{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    return _parse(raw, p)


def load_model(model: str | os.PathLike[str] | Model) -> Model:
    """Load and validate a maturity model.

    Parameters
    ----------
    model : str, path or Model
        A model id (looked up in ``MATURITY_MODEL_PATH`` and the shipped ``surveys/models``),
        the path of a YAML file, or an already loaded :class:`Model` (returned as is).

    Returns
    -------
    Model

    Raises
    ------
    ModelError
        The file is missing or malformed; the message names the file and key path of the first
        problem and ``.failures`` lists every problem.

    Examples
    --------
    >>> m = load_model("cmmi-dev-1.3")
    >>> m.practices.query("process_area == 'REQM' and kind == 'specific'").practice.tolist()
    ['REQM.SP1.1', 'REQM.SP1.2', 'REQM.SP1.3', 'REQM.SP1.4', 'REQM.SP1.5']
    >>> m.questions.set_index("question").loc["REQM.GP2.1.Q1", "practice"]
    'REQM.GP2.1'
    """
    if isinstance(model, Model):
        return model
    p = _resolve(model).resolve()
    return _load_cached(str(p), p.stat().st_mtime)
