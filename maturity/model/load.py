"""Finding and loading maturity models: by id or path, YAML read safely, cached.

:func:`load_model` finds a model by id in ``MATURITY_MODEL_PATH`` and the shipped models
(:func:`model_paths`) or takes a YAML path, reads it with :func:`maturity.safe_yaml.load_yaml`
(``yaml.safe_load`` that refuses aliases and caps the size), and parses it into a
:class:`~maturity.model.schema.Model` (:func:`maturity.model.schema.parse_model`); a model is
cached by path and modification time. The schema is documented in ``surveys/README.md``; the
answer scales are in :mod:`maturity.model.scales`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from maturity.exceptions import ModelError
from maturity.model.scales import (
    BUILTIN_SCALES,
    DEFAULT_THRESHOLDS,
    THRESHOLD_FRACTIONS,
    Scale,
)
from maturity.model.schema import CHARACTERIZATIONS, Model, parse_model
from maturity.safe_yaml import load_yaml

__all__ = [
    "Model",
    "Scale",
    "load_model",
    "list_models",
    "model_paths",
    # defined in maturity.model.scales and .schema, importable from here as before the split
    "BUILTIN_SCALES",
    "CHARACTERIZATIONS",
    "DEFAULT_THRESHOLDS",
    "THRESHOLD_FRACTIONS",
]


def _shipped_models() -> Path:
    """Folder of the shipped models: ``maturity/_bundled/models`` in an installed wheel (copied
    there by ``setup.py``), else ``surveys/models`` of the checkout (editable installs)."""
    here = Path(__file__).resolve().parents[1]  # the maturity package
    bundled = here / "_bundled" / "models"
    return bundled if bundled.is_dir() else here.parent / "surveys" / "models"


_SHIPPED = _shipped_models()


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
                (mid, raw.get("name", ""), str(raw.get("version", "")),
                 raw.get("scoring", "staged"), str(p))
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
        f"unknown model '{model}': no file {model}.yaml in "
        f"{', '.join(str(f) for f in model_paths())}; "
        f"known models: {known}; or pass the path of a YAML file"
    )


@lru_cache(maxsize=32)
def _load_cached(path: str, mtime: float) -> Model:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the "
                         f"model as UTF-8") from None
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ModelError(f"{p}:{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    return parse_model(raw, p)


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
