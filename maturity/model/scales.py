"""Answer scales: the options a question is answered with, their values and thresholds.

A :class:`Scale` lists its options (``code, label, label_zh, value, na``); its characterization
thresholds (the lowest mean for FI, LI and PI) are its own, else :data:`THRESHOLD_FRACTIONS` of
its range (87.5%, 62.5% and 25%; 3.5, 2.5 and 1.0 on the built-in 0-4 scale), see
``surveys/README.md``, "Scales and thresholds". :data:`BUILTIN_SCALES` are the scales every
model can use without declaring them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from maturity.model.checks import Checker

__all__ = ["Scale", "BUILTIN_SCALES", "DEFAULT_THRESHOLDS", "THRESHOLD_FRACTIONS",
           "parse_scales", "parse_thresholds", "model_thresholds"]

#: Default characterization thresholds as fractions of a numeric scale's range (lowest value 0,
#: highest 1): mean >= 87.5% FI, >= 62.5% LI, >= 25% PI, else NI. On the 0-4 scale that is
#: FI 3.5, LI 2.5, PI 1.0 (3.5/4, 2.5/4, 1.0/4); on a 1-5 scale FI 4.5, LI 3.5, PI 2.0.
THRESHOLD_FRACTIONS: dict[str, float] = {"FI": 3.5 / 4, "LI": 2.5 / 4, "PI": 1.0 / 4}

#: The default thresholds on the built-in 0-4 scale (:data:`THRESHOLD_FRACTIONS` of 0-4).
DEFAULT_THRESHOLDS: dict[str, float] = {"FI": 3.5, "LI": 2.5, "PI": 1.0}


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



def parse_scales(raw: Any, chk: Checker) -> dict[str, Scale]:
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
            rows.append((code, str(opt.get("label", code)), str(opt.get("label_zh", "")), value,
                         na))
        th = (parse_thresholds(sc["thresholds"], f"{where}.thresholds", chk)
              if "thresholds" in sc else None)
        if rows:
            scales[str(sid)] = _scale(str(sid), kind, rows, th)
    return scales


def parse_thresholds(th: Any, key: str, chk: Checker) -> dict[str, float] | None:
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


def model_thresholds(scales: dict[str, Scale], used: list[str], explicit: dict[str, float] | None,
                      default_scale: str, chk: Checker
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
