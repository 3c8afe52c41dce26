"""The ``practices`` frame: every practice of the model for every assessed wave and line.

The statistics of :func:`maturity.scoring.practices.practice_statistics` are placed by
position (the line's block of the model's practices, in model order), not by a merge on three
text columns; practices without answers keep empty statistics (``no answer``). Team decisions
(``overrides``) replace computed characterizations. :class:`Grid` then gives the later steps
(goals, areas, levels) the line number and practice position of each row, so that their
groupings run on integer keys.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from maturity import _engine as E
from maturity.exceptions import InputError, MaturityWarning
from maturity.ids import normalise_id
from maturity.model.load import Model
from maturity.scoring.answers import Answers
from maturity.scoring.frames import KEYS, PRACTICE_COLUMNS

__all__ = ["Grid", "practice_frame", "apply_overrides"]

_CHARACTERIZATIONS = ["FI", "LI", "PI", "NI", "NY", "NA"]


def _full_grid(answers: Answers, model: Model) -> tuple[dict[str, np.ndarray], np.ndarray, int]:
    """Every (wave, business_line) assessed x every practice of the model (lines sorted, then
    practices in model order), the grid position of each (wave, line) key's first practice,
    and the number of practices."""
    w, ln = answers.coded["wave"], answers.coded["business_line"]
    key = answers.lines[1]
    wi, li = E.split(key, w.size, ln.size)
    lines = pd.DataFrame({"wave": w.uniques[wi], "business_line": ln.uniques[li], "_k": key})
    lines = lines.sort_values(KEYS, ignore_index=True)
    pr = model.practices[["practice", "goal", "process_area", "kind"]]
    npr = len(pr)
    grid = {  # the columns, made into one frame with the statistics (no column inserts)
        "wave": np.repeat(lines["wave"].to_numpy(dtype=object), npr),
        "business_line": np.repeat(lines["business_line"].to_numpy(dtype=object), npr),
        **{c: np.tile(pr[c].to_numpy(dtype=object), len(lines)) for c in pr.columns},
    }
    line_pos = np.full(max(w.size, 1) * max(ln.size, 1), -1, dtype=np.int64)
    line_pos[lines["_k"].to_numpy()] = np.arange(len(lines)) * npr
    return grid, line_pos, npr


def practice_frame(answers: Answers, prs: pd.DataFrame,
                   where: tuple[np.ndarray, np.ndarray, np.ndarray],
                   overrides: pd.DataFrame | None) -> pd.DataFrame:
    """The ``practices`` frame (:data:`~maturity.scoring.frames.PRACTICE_COLUMNS`)."""
    model = answers.model
    p, line_pos, npr = _full_grid(answers, model)
    w_of, l_of, pr_ids = where
    pi = pd.Index(model.practices["practice"]).get_indexer(pr_ids)
    n_lines = max(answers.coded["business_line"].size, 1)
    pos = line_pos[np.asarray(w_of, dtype=np.int64) * n_lines + l_of] + pi
    ok = pi >= 0  # a practice not in the model has no row (as a merge would drop it)
    pos = pos[ok]
    n = len(p["wave"])
    for c in ("n_respondents", "n_instantiations", "n_answers", "n_na"):
        col = np.zeros(n, dtype="int64")
        col[pos] = prs[c].fillna(0).to_numpy()[ok]
        p[c] = col
    for c in ("mean", "std", "ci_low", "ci_high"):
        col = np.full(n, np.nan)
        col[pos] = prs[c].to_numpy(dtype=float)[ok]
        p[c] = col
    for c, empty in (("characterization", ""), ("aggregation_rule", "no answer")):
        col = np.full(n, empty, dtype=object)
        col[pos] = prs[c].fillna(empty).to_numpy(dtype=object)[ok]
        p[c] = col
    jd = np.zeros(n, dtype=bool)
    jd[pos] = prs["judgement"].fillna(False).to_numpy(dtype=bool)[ok]
    p["judgement"] = jd
    # respondents of each line: line_respondents is sorted as the grid's lines
    per_line = answers.line_respondents["n_respondents"].to_numpy(dtype=float)
    p["coverage"] = p["n_respondents"] / np.repeat(per_line, npr)
    frame = pd.DataFrame({c: p[c] for c in PRACTICE_COLUMNS}, copy=False)
    if overrides is not None and len(overrides):
        frame = apply_overrides(frame, overrides, model)
    return frame


def apply_overrides(p: pd.DataFrame, overrides: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Team decisions ``wave, business_line, practice, characterization`` replace the computed
    characterization (``aggregation_rule`` ``override``, ``judgement`` True)."""
    ov = overrides[["wave", "business_line", "practice", "characterization"]].map(
        normalise_id)  # ids read as the answers' ids (maturity.ids)
    bad = ~ov["characterization"].isin(_CHARACTERIZATIONS)
    if bad.any():
        raise InputError(
            f"overrides row {int(np.flatnonzero(bad)[0]) + 1}: characterization "
            f"{ov['characterization'][bad].iloc[0]!r}, expected one of FI LI PI NI NY NA"
        )
    unknown = ~ov["practice"].isin(model.practices["practice"])
    if unknown.any():
        i = int(np.flatnonzero(unknown)[0])
        raise InputError(
            f"overrides row {i + 1}, column 'practice': {ov['practice'].iloc[i]!r} is not a "
            f"practice of model {model.id}; expected a practice id such as "
            f"{model.practices['practice'].iloc[0]!r}"
        )
    assessed = pd.MultiIndex.from_frame(p[KEYS].drop_duplicates().astype(str))
    off = ~pd.MultiIndex.from_frame(ov[KEYS]).isin(assessed)
    if off.any():  # e.g. one team-wide overrides file scored line by line: said, not dropped
        gone = ov.loc[off, KEYS].drop_duplicates()
        warnings.warn(
            f"overrides: {int(off.sum())} row(s) name a wave/business line with no answers "
            f"here and are not applied: "
            + ", ".join(f"{w}/{b}" for w, b in gone.itertuples(index=False, name=None))
            + "; check the spelling if they should apply",
            MaturityWarning, stacklevel=5,
        )
        ov = ov.loc[~off]
    ov = ov.drop_duplicates()
    twice = ov.duplicated(["wave", "business_line", "practice"], keep=False)
    if twice.any():
        w, b, pr = ov.loc[twice, ["wave", "business_line", "practice"]].iloc[0]
        same = twice & ov["wave"].eq(w) & ov["business_line"].eq(b) & ov["practice"].eq(pr)
        raise InputError(
            f"overrides: practice {pr!r} of {b!r} in wave {w!r} is overridden with different "
            f"characterizations {sorted(ov.loc[same, 'characterization'])}; keep one"
        )
    p = p.merge(ov.rename(columns={"characterization": "_ov"}),
                on=["wave", "business_line", "practice"], how="left")
    has = p["_ov"].notna()
    p.loc[has, "characterization"] = p.loc[has, "_ov"]
    p.loc[has, "aggregation_rule"] = "override"
    p.loc[has, "judgement"] = True
    return p.drop(columns="_ov")


class Grid:
    """Positions in the practices grid :func:`practice_frame` builds: the line number
    (``line``) and model position (``pp``) of each row, so that per-line / per-area / per-goal
    groupings run on integer keys instead of hashing three text columns of every row.

    Any practices frame of the model has one (:meth:`of`); the lines are numbered in sorted
    order.
    """

    def __init__(self, practices: pd.DataFrame, model: Model, line: np.ndarray,
                 pp: np.ndarray, lines: pd.DataFrame | None = None) -> None:
        self.practices, self.model, self.line, self.pp = practices, model, line, pp
        self.npr = len(model.practices)
        if lines is None:  # blocks: the first row of each
            lines = practices[KEYS].iloc[:: self.npr].reset_index(drop=True)
        self.lines = lines
        self.nl = len(self.lines)

    @classmethod
    def of(cls, practices: pd.DataFrame, model: Model) -> Grid:
        """The grid of a practices frame: by blocks when its rows are each line's block of
        the model's practices in model order (as :func:`practice_frame` builds it), else by
        factorising its lines (sorted) and looking its practices up in the model."""
        npr, n = len(model.practices), len(practices)
        ids = model.practices["practice"].to_numpy(dtype=object)
        blocks = bool(npr and not n % npr) and np.array_equal(
            practices["practice"].to_numpy(dtype=object), np.tile(ids, n // npr))
        for c in KEYS if blocks else ():  # one (wave, line) per block
            v = practices[c].to_numpy(dtype=object)
            blocks = blocks and np.array_equal(v, np.repeat(v[::npr], npr))
        if blocks:
            pos = np.arange(n)
            return cls(practices, model, pos // npr, pos % npr)
        lines = practices[KEYS].drop_duplicates().sort_values(KEYS, ignore_index=True)
        line = pd.MultiIndex.from_frame(lines).get_indexer(
            pd.MultiIndex.from_frame(practices[KEYS]))
        pp = pd.Index(ids).get_indexer(practices["practice"])
        if (pp < 0).any() or (line < 0).any():
            raise ValueError("practices frame with a practice that is not in the model, or a "
                             "missing wave or business line")
        return cls(practices, model, np.asarray(line, dtype=np.int64), pp, lines)

    def codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Codes (first appearance, per practice position) of a column of the model's practices."""
        c, u = pd.factorize(self.model.practices[column].reset_index(drop=True))
        return np.asarray(c, dtype=np.int64), np.asarray(u, dtype=object)

    def key(self, column: str) -> tuple[np.ndarray, np.ndarray, int]:
        """Each row's key ``line * len(uniques) + code`` of ``column``, the uniques, and the
        key space."""
        code, uniq = self.codes(column)
        k = max(len(uniq), 1)
        return self.line * k + code[self.pp], uniq, self.nl * k

    def frame(self, column: str, uniq: np.ndarray, key: np.ndarray) -> pd.DataFrame:
        """wave, business_line and ``column`` of keys ``line * len(uniq) + code``."""
        k = max(len(uniq), 1)
        ln, c = key // k, key % k
        return pd.DataFrame({"wave": self.lines["wave"].to_numpy()[ln],
                             "business_line": self.lines["business_line"].to_numpy()[ln],
                             column: uniq[c]})

    def sums(self, values: np.ndarray, column: str | None) -> pd.Series:
        """Integer ``values`` summed per line (``column`` None) or per line and ``column``,
        indexed as ``groupby([wave, business_line(, column)]).sum()`` (sorted)."""
        if column is None:
            key, uniq, span = self.line, np.array([0], dtype=object), self.nl
        else:
            key, uniq, span = self.key(column)
        tot = E.sum(values, key, span, kernel="bincount")
        present = np.flatnonzero(E.count(key, span))
        f = self.frame(column or "_", uniq, present)
        names = KEYS + ([column] if column else [])
        f["_v"] = tot[present].round().astype(np.int64)
        return f.sort_values(names, ignore_index=True).set_index(names)["_v"]
