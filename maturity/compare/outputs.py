"""Last year's outputs as this year's baseline: read back with ids as text, joined, caveated.

:func:`read_outputs` reads last year's ``maturity.csv``, ``process_areas.csv``,
``respondents.csv`` or ``scores.xlsx`` with the ids and waves as text; :func:`join_outputs`
puts them in front of this year's frames (line names mapped to this year's organisation);
:func:`no_test_caveat` says why a change against a wave read from outputs has no test.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from maturity.compare.remap import apply_line_map
from maturity.exceptions import InputError
from maturity.i18n import _

__all__ = ["read_outputs", "join_outputs", "no_test_caveat"]


_ID_COLUMNS = {"wave": str, "business_line": str, "respondent": str, "process_area": str,
               "practice": str, "goal": str, "question": str}


def read_outputs(path: str | Path) -> dict[str, pd.DataFrame]:
    """Last year's outputs of ``maturity score`` read back as frames, ids as text.

    Parameters
    ----------
    path : str or Path
        An output folder (its ``maturity.csv``, ``process_areas.csv``, ``respondents.csv``
        when present, else its ``scores.xlsx``), one of those CSV files, or a ``scores.xlsx``.

    Returns
    -------
    dict of str to DataFrame
        The frames found among ``maturity``, ``process_areas``, ``respondents`` (respondent
        scores, written by ``maturity score`` since this version: with them a respondent test
        against last year is possible), with ``wave`` and every id column as ``str`` (a
        ``read_csv`` without ``dtype`` makes a wave ``2025`` an int).

    Raises
    ------
    InputError
        When nothing usable is found, or ``maturity`` lacks its columns.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "maturity.csv").write_text(
    ...     "wave,business_line,maturity_level,maturity_index\\n2025,east,2,2.4\\n")
    >>> read_outputs(d)["maturity"]["wave"].tolist()
    ['2025']
    """
    p = Path(path)
    found: dict[str, pd.DataFrame] = {}
    if p.is_dir():
        for name in ("maturity", "process_areas", "respondents"):
            f = p / f"{name}.csv"
            if f.exists():
                found[name] = _read_csv(f)
        if "maturity" not in found and (p / "scores.xlsx").exists():
            found.update(_read_xlsx(p / "scores.xlsx"))
    elif p.suffix.lower() in (".xlsx", ".xlsm"):
        found.update(_read_xlsx(p))
    elif p.suffix.lower() == ".csv" and p.exists():
        found[p.stem if p.stem in ("maturity", "process_areas", "respondents")
              else "maturity"] = _read_csv(p)
    if not found:
        raise InputError(
            f"{p}: no maturity.csv, process_areas.csv, respondents.csv or scores.xlsx found; "
            "give the output folder of last year's `maturity score` or one of those files"
        )
    if "maturity" not in found and "process_areas" in found:
        found["maturity"] = pd.DataFrame(columns=["wave", "business_line", "maturity_level",
                                                  "maturity_index"])
    need = {"wave", "business_line", "maturity_level", "maturity_index"}
    if "maturity" in found and not need <= set(found["maturity"].columns):
        raise InputError(
            f"{p}: the maturity table lacks {', '.join(sorted(need - set(found['maturity'])))}"
            f"; found {', '.join(map(str, found['maturity'].columns))}"
        )
    return found


def _read_csv(path: Path) -> pd.DataFrame:
    head = pd.read_csv(path, nrows=0, encoding="utf-8-sig")
    dtype = {c: str for c in head.columns if c in _ID_COLUMNS}
    return pd.read_csv(path, dtype=dtype, keep_default_na=False, na_values=[""],
                       encoding="utf-8-sig")


def _read_xlsx(path: Path) -> dict[str, pd.DataFrame]:
    sheets = pd.read_excel(path, sheet_name=None, dtype={c: str for c in _ID_COLUMNS})
    return {k: v for k, v in sheets.items() if k in ("maturity", "process_areas", "respondents")}


def join_outputs(
    outputs: dict[str, pd.DataFrame],
    maturity: pd.DataFrame,
    scores: pd.DataFrame,
    process_areas: pd.DataFrame | None = None,
    *,
    line_map: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """This year's frames with last year's outputs (:func:`read_outputs`) in front.

    Parameters
    ----------
    outputs : dict of DataFrame
        :func:`read_outputs` of last year's folder or file.
    maturity, scores, process_areas : pandas.DataFrame
        This year's ``maturity`` and ``process_areas`` frames and respondent scores
        (:func:`maturity.compare.trends.respondent_scores`).
    line_map : pandas.DataFrame, optional
        :func:`maturity.compare.mappings.read_line_map`, applied to last year's lines too.

    Returns
    -------
    dict
        ``maturity``, ``scores``, ``process_areas`` (joined), ``baseline`` (last year's wave
        when it holds one), ``old_waves`` and ``respondents`` (whether last year's respondent
        scores came along: without them no respondent test is possible).

    Raises
    ------
    InputError
        When a wave of the outputs is also a wave of this year's answers.

    Examples
    --------
    >>> old = {"maturity": pd.DataFrame({"wave": ["2025"], "business_line": ["a"],
    ...                                  "maturity_level": [1], "maturity_index": [1.5]})}
    >>> now = pd.DataFrame({"wave": ["2026"], "business_line": ["a"],
    ...                     "maturity_level": [2], "maturity_index": [2.1]})
    >>> j = join_outputs(old, now, pd.DataFrame(columns=["wave", "business_line",
    ...                                                  "respondent", "score"]))
    >>> j["maturity"]["wave"].tolist(), j["baseline"], j["respondents"]
    (['2025', '2026'], '2025', False)
    """

    def mapped(frame: pd.DataFrame) -> pd.DataFrame:
        if line_map is None or not len(line_map):
            return frame
        extra = "respondent" not in frame.columns
        out, _notes = apply_line_map(frame.assign(respondent="") if extra else frame, line_map)
        return out.drop(columns="respondent") if extra else out

    old = mapped(outputs["maturity"])
    old_waves = sorted(set(old["wave"]))
    clash = set(old_waves) & set(maturity["wave"].astype(str))
    if clash:
        raise InputError(
            f"last year's outputs: wave(s) {', '.join(sorted(clash))} are also in this year's "
            "answers; give the outputs only of waves whose answers are not read")
    ids = {"wave": str, "business_line": str}
    mat = pd.concat([old[[c for c in maturity.columns if c in old.columns]],
                     maturity.astype(ids)], ignore_index=True)
    pa = process_areas
    if process_areas is not None and "process_areas" in outputs:
        pa = pd.concat([mapped(outputs["process_areas"]), process_areas.astype(ids)],
                       ignore_index=True)
    rs = scores
    if "respondents" in outputs:
        cols = ["wave", "business_line", "respondent", "score"]
        rs = pd.concat([mapped(outputs["respondents"])[cols],
                        scores[cols].astype({**ids, "respondent": str})], ignore_index=True)
    return {"maturity": mat, "scores": rs, "process_areas": pa,
            "baseline": old_waves[0] if len(old_waves) == 1 else None,
            "old_waves": old_waves, "respondents": "respondents" in outputs}


def no_test_caveat(changes: pd.DataFrame, old_waves: Sequence[str]) -> pd.DataFrame:
    """``changes`` with the caveat that no respondent test is possible on the rows compared
    with a wave known from last year's outputs only (a copy).

    Examples
    --------
    >>> ch = pd.DataFrame({"wave_from": ["2025"], "caveat": [""]})
    >>> no_test_caveat(ch, ["2025"])["caveat"].tolist()
    ["baseline from last year's outputs: no respondent test possible"]
    """
    out = changes.copy()
    rows = out["wave_from"].astype(str).isin(set(map(str, old_waves)))
    text = _("baseline from last year's outputs: no respondent test possible")
    out.loc[rows, "caveat"] = ["; ".join(x for x in (c, text) if x)
                               for c in out.loc[rows, "caveat"]]
    return out
