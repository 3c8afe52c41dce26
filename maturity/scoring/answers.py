"""The answers being scored, encoded once, and the respondents counted on their codes.

:func:`maturity.score` wraps the ``responses`` frame in :class:`Answers` at its top: the id
columns become integer codes once (:func:`maturity._engine.encode`, codes of the ids' texts)
and every later step (practice statistics, respondent counts, the grid of practices) uses
those codes instead of hashing text columns again.

A respondent's answers come in runs (one file or sheet after another), so the (wave, line,
respondent) triples are numbered per run (:func:`maturity._engine.combine` with ``runs``): a
hash table the size of the runs, not of the rows.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from maturity import _engine as E
from maturity.model.load import Model
from maturity.scoring.frames import KEYS

__all__ = ["Answers", "answers_of", "line_respondents", "area_respondents"]

#: Id columns encoded for every scoring.
ID_COLUMNS = ["wave", "business_line", "respondent", "practice", "question"]


class Answers:
    """The ``responses`` frame being scored with its id columns encoded once.

    Parameters
    ----------
    frame : pandas.DataFrame
        The responses (not modified; ``practice`` present).
    model : Model
    instantiation : str
        ``score``'s ``instantiation``: the ``project`` column is encoded unless it is
        ``"respondent"``.

    Attributes
    ----------
    frame : pandas.DataFrame
    coded : maturity._engine.Coded
        Codes of the texts of ``wave, business_line, respondent, practice, question`` (and
        ``project``).
    is_char : numpy.ndarray of bool
        The answer's question is on a characterization scale.
    answer : maturity._engine.Codes or None
        Codes of the answers' texts, when some question is on a characterization scale
        (the text matters for NY and SCAMPI only).
    """

    def __init__(self, frame: pd.DataFrame, model: Model, instantiation: str = "auto") -> None:
        self.frame = frame
        self.model = model
        cols = ID_COLUMNS + (["project"] if "project" in frame and instantiation != "respondent"
                             else [])
        self.coded = E.encode(frame, cols, text=True)
        q = self.coded["question"]
        q_scale = pd.Series(q.uniques).map(model.questions.set_index("question")["scale"])
        self.q_scale = q_scale  # scale of each distinct question
        kinds = {k: s.kind for k, s in model.scales.items()}
        self.is_char = (q_scale.map(kinds).eq("characterization").to_numpy()[q.codes]
                        if len(q.codes) else np.zeros(0, bool))
        self.answer = E.factorize(frame["answer"], text=True) if self.is_char.any() else None

    def __len__(self) -> int:
        return len(self.frame)

    @cached_property
    def lines(self) -> tuple[np.ndarray, np.ndarray]:
        """The dense (wave, line) code of each answer and the combined key of each code."""
        return self.coded.key("wave", "business_line")

    @cached_property
    def triples(self) -> tuple[np.ndarray, np.ndarray, int] | None:
        """The dense (wave, line, respondent) code of each answer, the combined key of each
        code (``(wave, line) code * n_respondent_ids + respondent code``) and the number of
        respondent ids; None unless the respondent ids are plain strings with none missing
        (other ids take the general paths)."""
        r = self.coded["respondent"]
        if not r.exact:
            return None
        kc, wl_key = self.lines
        nr = max(r.size, 1)
        tc, tkey = E.combine((kc, max(len(wl_key), 1)), (r.codes, nr), runs=True)
        return tc, tkey, nr

    def ids(self, column: str) -> E.Codes:
        """Codes of the ids as given (missing: -1): the text codes when the ids are plain
        strings, else one factorisation of the column."""
        c = self.coded[column]
        if c.exact:
            return c
        f = E.factorize(self.frame[column])
        return E.Codes(f.codes.astype(np.int64), f.uniques)

    @cached_property
    def line_respondents(self) -> pd.DataFrame:
        """Respondents per (wave, business_line): ``wave, business_line, n_respondents``."""
        w, ln = self.coded["wave"], self.coded["business_line"]
        kc, wl_key = self.lines
        if self.triples is not None:  # distinct triples counted per (wave, line)
            _, tkey, nr = self.triples
            n = np.bincount(tkey // nr, minlength=len(wl_key)).astype("int64")
            return _keyed_counts(KEYS, [(w.uniques, w.size), (ln.uniques, ln.size)], wl_key,
                                 n).reset_index()
        return _count_respondents(self.ids("respondent").codes, np.ones(len(self), dtype=bool),
                                  KEYS, (w.codes, w.uniques), (ln.codes, ln.uniques),
                                  combined=(kc, wl_key)).reset_index()


def answers_of(resp: pd.DataFrame | Answers, model: Model,
               instantiation: str = "auto") -> Answers:
    """``resp`` as :class:`Answers` (as they are when already encoded); a frame without
    ``practice`` gets each question's practice from the model."""
    if isinstance(resp, Answers):
        return resp
    if "practice" not in resp.columns:
        resp = resp.assign(practice=resp["question"].map(
            model.questions.set_index("question")["practice"]))
    return Answers(resp, model, instantiation)


def line_respondents(answers: Answers) -> pd.DataFrame:
    """Respondents per (wave, business_line): ``wave, business_line, n_respondents``."""
    return answers.line_respondents.copy()


def area_respondents(answers: Answers, model: Model) -> pd.Series:
    """Respondents with a scored answer per (wave, business_line, process_area), as
    ``groupby([wave, business_line, process_area], sort=True)["respondent"].nunique()``."""
    r = answers.frame
    pr = answers.ids("practice")  # the ids as given, mapped once per distinct id
    pa_vals = pd.Series(pr.uniques, dtype=object).map(
        model.practices.set_index("practice")["process_area"]).to_numpy(dtype=object)
    ok_u = pd.notna(pa_vals)
    pac = np.full(len(pa_vals), -1, dtype=np.int32)
    c, pa_uniq = pd.factorize(pd.Series(pa_vals[ok_u], dtype=object).astype(str))
    pac[ok_u] = c
    ac = pac[np.maximum(pr.codes, 0)] if len(pac) else np.full(len(pr.codes), -1, dtype=np.int64)
    rows = r["value"].notna().to_numpy() & (pr.codes >= 0) & (ac >= 0)
    w, ln = answers.coded["wave"], answers.coded["business_line"]
    names = ["wave", "business_line", "process_area"]
    if answers.triples is None:
        return _count_respondents(answers.ids("respondent").codes, rows, names,
                                  (w.codes, w.uniques), (ln.codes, ln.uniques),
                                  (np.maximum(ac, 0), np.asarray(pa_uniq, dtype=object)))
    # (triple, process area) pairs seen, counted per (wave, line, area)
    tc, tkey, nr = answers.triples
    npa = max(len(pa_uniq), 1)
    # rows not counted go to an extra area code (npa), dropped after: no masked copies
    pairs = E.distinct_pairs(tc, len(tkey), np.where(rows, ac, npa), npa + 1)
    pairs = pairs[pairs % (npa + 1) < npa]
    pairs = pairs // (npa + 1) * npa + pairs % (npa + 1)  # the same keys with npa codes
    wl_code = tkey[pairs // npa] // nr  # dense (wave, line) code of the pair
    wl_key = answers.lines[1]
    counts = np.bincount(wl_code * npa + pairs % npa, minlength=len(wl_key) * npa)
    present = np.flatnonzero(counts)  # (wave, line) codes x areas: a small table
    key, n = wl_key[present // npa] * npa + present % npa, counts[present]
    return _keyed_counts(names, [(w.uniques, w.size), (ln.uniques, ln.size),
                                 (np.asarray(pa_uniq, dtype=object), npa)], key, n.astype("int64"))


def _keyed_counts(names: list[str], keys: list[tuple[np.ndarray, int]], combined: np.ndarray,
                  n: np.ndarray) -> pd.Series:
    """``n`` (one count per combined key of the coded ``keys``, given as (texts, number of
    codes)) as a Series indexed by the keys' texts, sorted by them."""
    parts = E.split(combined, *(k for _, k in keys))
    f = pd.DataFrame({nm: u[p] for nm, (u, _), p in zip(names, keys, parts, strict=True)})
    f["n_respondents"] = n
    return f.sort_values(names, ignore_index=True).set_index(names)["n_respondents"]


def _count_respondents(rc: np.ndarray, rows: np.ndarray, names: list[str],
                       *keys: tuple[np.ndarray, np.ndarray],
                       combined: tuple[np.ndarray, np.ndarray] | None = None) -> pd.Series:
    """Distinct non-missing respondents (codes ``rc``, -1 missing) per combination of coded
    keys (those with a row in ``rows``), as ``groupby(keys, sort=True)["respondent"].nunique()``
    gives them (``combined``: the keys' :func:`maturity._engine.combine` over all rows)."""
    every = bool(rows.all())
    if every and combined is not None:
        kc, key = combined
    else:
        kc, key = E.combine(*((c if every else c[rows], len(u)) for c, u in keys))
    rr = rc if every else rc[rows]
    nr = max(int(rc.max()) + 1, 1) if len(rc) else 1
    n = E.nunique(rr, nr, kc, len(key))
    return _keyed_counts(names, [(u, len(u)) for _, u in keys], key, n)
