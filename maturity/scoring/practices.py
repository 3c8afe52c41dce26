"""Practice statistics and characterization at business-line level.

A respondent's value for a practice is the mean of their scored answers to the practice's
questions; ``mean``/``std``/``n_respondents`` are taken over respondents, with a t-interval
clipped to the scale (none for n = 1). "Not applicable" answers are left out of the
denominator (``na_policy: exclude``) or scored as the scale's lowest value (``na_policy:
zero``); ``NY`` (not yet) answers are never averaged.

A practice is characterized (``aggregation``) by its line mean against the thresholds
(:mod:`maturity.scoring.characterize`; ``"mean"``, the default for numeric scales), or by
characterizing each instantiation and aggregating them with the SCAMPI rules
(:mod:`maturity.scoring.scampi`; ``"scampi"``, the default for characterization scales). A
practice whose answers were all NY is ``NY``; one that more than ``na_share`` of its
respondents answered only "not applicable" is ``NA``.

Everything runs on the integer codes of :class:`~maturity.scoring.answers.Answers`: one key
per (wave, business_line, practice) and grouped verbs of :mod:`maturity._engine`;
tests/test_fast_path.py checks the result against a plain per-practice reference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from maturity import _engine as E
from maturity.intervals import t_interval
from maturity.model.load import Model
from maturity.scoring.answers import Answers
from maturity.scoring.characterize import characterize, scale_thresholds
from maturity.scoring.scampi import instantiation_characterizations, line_characterizations

__all__ = ["practice_statistics"]


@dataclass
class _Facts:
    """Per answer: its value (NaN: not scored), whether it is a "not applicable" answer
    (``na_answer``; ``na`` is False under ``na_policy: zero``, where it is scored), NY, scored,
    on a characterization scale; and the answer codes with their texts."""

    value: np.ndarray
    na: np.ndarray
    na_answer: np.ndarray
    ny: np.ndarray
    scored: np.ndarray
    is_char: np.ndarray
    answer: tuple[np.ndarray, np.ndarray]


def _facts(answers: Answers, model: Model) -> _Facts:
    r = answers.frame
    # read only (the zero policy makes a new array); nullable Float64 / boolean columns: <NA>
    # is a missing value, an <NA> in ``na`` is not a "not applicable" answer
    value = _array(r["value"], float, np.nan)
    na = na_answer = _array(r["na"], bool, False)
    is_char = answers.is_char
    if answers.answer is not None:
        ac, au = answers.answer.codes, answers.answer.uniques
    else:
        ac, au = np.zeros(len(r), dtype=np.int8), np.array([""], dtype=object)
    if model.na_policy == "zero":
        qc = answers.coded["question"].codes
        mins = answers.q_scale.map({k: s.min_value for k, s in model.scales.items()})
        value = np.where(na, mins.to_numpy(dtype=float)[qc], value)
        na = np.zeros_like(na)
    ny = is_char & (au == "NY")[ac] if answers.answer is not None else np.zeros(len(r), bool)
    return _Facts(value, na, na_answer, ny, ~np.isnan(value), is_char, (ac, au))


def _array(col: pd.Series, dtype: type, missing: object) -> np.ndarray:
    """``col`` as a numpy array of ``dtype``; missing values (``<NA>`` of nullable ``boolean``,
    ``Float64``, ``Int64`` columns, ``None`` in object ones) become ``missing``."""
    if isinstance(col.dtype, np.dtype) and col.dtype != object:
        return col.to_numpy(dtype=dtype)  # no copy when the dtype matches
    return col.to_numpy(dtype=dtype, na_value=missing)


def _instantiations_of(answers: Answers, instantiation: str) -> tuple[np.ndarray, int, bool]:
    """Instantiation code of each answer, the number of codes, and whether an instantiation
    is the respondent (within a wave and line). ``auto``: the project when the answer names
    one, else ``"respondent:<id>"``."""
    rc = answers.coded["respondent"]
    project = answers.coded.get("project")
    by_respondent = instantiation == "respondent" or (
        instantiation == "auto" and (project is None or (project.uniques == "").all()))
    if by_respondent:  # one per respondent id
        return rc.codes, rc.size, True
    if project is None:
        jc, ju = np.zeros(len(answers), dtype=np.int64), np.array([""], dtype=object)
    else:
        jc, ju = project.codes, project.uniques
    if instantiation == "project":
        return jc, len(ju), False
    # the project when there is one, else "respondent:<id>" (built per distinct pair)
    ru = rc.uniques
    pair, pkey = E.combine((jc, len(ju)), (rc.codes, len(ru)))
    pj, pr_ = E.split(pkey, len(ju), len(ru))
    names = np.where(pd.Series(ju[pj], dtype=object).str.len().to_numpy() > 0, ju[pj],
                     "respondent:" + ru[pr_].astype(object))
    ic2, iu = pd.factorize(names)
    return np.asarray(ic2, dtype=np.int32)[pair], len(iu), False


def _respondent_values(answers: Answers, f: _Facts, pkc: np.ndarray, ic: np.ndarray,
                       unique: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Practice key, value and instantiation of each respondent's value of a practice: the
    mean of their scored answers to its questions (the answer itself when a practice has one
    question: ``unique``)."""
    if unique:  # np.bincount takes intp keys: converted once here
        return pkc[f.scored].astype(np.intp), f.value[f.scored], ic[f.scored]
    rv = pd.DataFrame({"pk": pkc, "respondent": answers.coded["respondent"].codes,
                       "inst": ic, "value": f.value}, copy=False).loc[f.scored]
    rv = rv.groupby(["pk", "respondent", "inst"], sort=False)["value"].mean().reset_index()
    return rv["pk"].to_numpy(), rv["value"].to_numpy(dtype=float), rv["inst"].to_numpy()


def practice_statistics(
    answers: Answers, aggregation: str, judgement: str, instantiation: str,
    confidence: float, na_share: float = 0.5,
) -> tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The statistics of each (wave, business_line, practice) that has any answer (one row
    each, a RangeIndex), and the wave code, line code and practice id of each row."""
    model = answers.model
    f = _facts(answers, model)
    ic, n_inst, by_respondent = _instantiations_of(answers, instantiation)
    w, ln, p = (answers.coded[c] for c in ("wave", "business_line", "practice"))
    pkc, pkey = answers.coded.key("wave", "business_line", "practice")
    npk = len(pkey)
    # each respondent's value of a practice, then count, mean and variance over respondents
    unique = bool(model.questions["practice"].is_unique)
    rpk, rvv, rinst = _respondent_values(answers, f, pkc, ic, unique)
    n_resp, mean, var = E.moments(rvv, rpk, npk, ddof=1, kernel="bincount")
    del rvv
    trip = answers.triples if by_respondent and unique else None
    triples = None
    if trip is not None:
        tc, tkey, nr = trip
        triples = (tc[f.scored], answers.lines[1][tkey // nr], len(tkey))
    ninst = _instantiations(rpk, rinst, n_inst, pkey, (w.size, ln.size, p.size), triples)
    del triples, rinst, rpk

    def count(mask: np.ndarray) -> np.ndarray:  # answers per practice key where mask holds
        return E.count(pkc, npk, mask) if mask.any() else np.zeros(npk, dtype="int64")

    out = pd.DataFrame({
        "n_answers": n_resp if unique else count(f.scored),
        "n_na": count(f.na_answer),
        "n_ny": count(f.ny),
        "is_char": count(f.is_char) > 0,
        "n_respondents": n_resp,
        "mean": mean,
        "std": np.sqrt(var),
    })
    w_of, l_of, p_of = E.split(pkey[out.index.to_numpy()], w.size, ln.size, p.size)
    pscale = model.questions.drop_duplicates("practice").set_index("practice")["scale"]
    ps = pd.Series(p.uniques[p_of], dtype=object).map(pscale)  # each row's scale
    _add_intervals(out, model, ps, confidence)
    th = scale_thresholds(model, ps)
    _characterize(out, th, aggregation, judgement, f, pkc, ic)
    out["n_instantiations"] = np.where(out["n_instantiations"] > 0, out["n_instantiations"],
                                       pd.Series(ninst.astype(float)).reindex(out.index).fillna(0))
    _rule_ny_and_na(out, answers, f, pkc, npk, na_share)
    # the statistics, and where each row goes in the practices grid (codes, not strings)
    return out.drop(columns=["n_ny", "is_char"]), (w_of, l_of, p.uniques[p_of])


def _add_intervals(out: pd.DataFrame, model: Model, scales: pd.Series, confidence: float) -> None:
    """``ci_low, ci_high``: the t-interval of each mean, clipped to its scale."""
    lo = scales.map({k: s.min_value for k, s in model.scales.items()}).to_numpy(dtype=float)
    hi = scales.map({k: s.max_value for k, s in model.scales.items()}).to_numpy(dtype=float)
    out["ci_low"], out["ci_high"] = t_interval(
        out["mean"].to_numpy(float), out["std"].to_numpy(float),
        out["n_respondents"].to_numpy(float), confidence=confidence, low=lo, high=hi)


def _characterize(out: pd.DataFrame, th: dict[str, np.ndarray], aggregation: str,
                  judgement: str, f: _Facts, pkc: np.ndarray, ic: np.ndarray) -> None:
    """``characterization, aggregation_rule, judgement, n_instantiations``: the line mean
    against the thresholds, or the SCAMPI aggregation of the instantiations."""
    out["characterization"] = characterize(out["mean"].to_numpy(float), th)
    rule = np.full(len(out), "", dtype=object)  # object, not a fixed-width text array
    rule[out["mean"].notna().to_numpy()] = "line mean vs thresholds"
    out["aggregation_rule"] = rule
    out["judgement"] = False
    out["n_instantiations"] = 0
    use_scampi = np.where(out["is_char"].to_numpy(), aggregation in ("auto", "scampi"),
                          aggregation == "scampi")
    if not use_scampi.any():
        return
    rows = pd.DataFrame({"pk": pkc, "inst": ic, "value": np.where(f.scored, f.value, np.nan),
                         "na": f.na, "ny": f.ny, "is_char": f.is_char}, copy=False)
    agg = line_characterizations(instantiation_characterizations(rows, f.answer, th), judgement)
    sel = out.index[use_scampi]
    agg = agg.reindex(sel)
    has = agg["characterization"].notna()
    out.loc[sel[has], "characterization"] = agg.loc[has, "characterization"]
    out.loc[sel[has], "aggregation_rule"] = "SCAMPI: " + agg.loc[has, "aggregation_rule"]
    out.loc[sel[has], "judgement"] = agg.loc[has, "judgement"].astype(bool)
    out.loc[sel[has], "n_instantiations"] = agg.loc[has, "n_instantiations"].astype(int)


def _rule_ny_and_na(out: pd.DataFrame, answers: Answers, f: _Facts, pkc: np.ndarray, npk: int,
                    na_share: float) -> None:
    """Only NY answers -> NY; not applicable when more than ``na_share`` of the practice's
    respondents answered only NA (the others' scored answers count otherwise)."""
    only_ny = (out["n_answers"] == 0) & (out["n_ny"] > 0)
    out.loc[only_ny, ["characterization", "aggregation_rule"]] = ["NY", "SCAMPI: all NY"]
    n_na_resp, n_any = _na_respondents(pkc, answers.coded["respondent"], npk, f, answers.model)
    all_na = (out["n_answers"] == 0) & (out["n_na"] > 0) & (out["n_ny"] == 0)
    ruled = pd.Series((n_any > 0) & (n_na_resp > na_share * n_any), index=out.index) | all_na
    if ruled.any():
        who = (pd.Series(n_na_resp, index=out.index)[ruled].astype(str) + " of "
               + pd.Series(n_any, index=out.index)[ruled].astype(str))
        out.loc[ruled, "characterization"] = "NA"
        out.loc[ruled, "aggregation_rule"] = ("not applicable: " + who
                                              + " respondents answered NA").to_numpy(dtype=object)
        out.loc[all_na, "aggregation_rule"] = "all answers not applicable"
        out.loc[ruled, "judgement"] = False
        out.loc[ruled, ["mean", "std", "ci_low", "ci_high"]] = np.nan


def _na_respondents(pk: np.ndarray, respondent: E.Codes, npk: int, f: _Facts,
                    model: Model) -> tuple[np.ndarray, np.ndarray]:
    """Per practice key: respondents who answered it only "not applicable", and respondents
    who answered it at all (scored, NA or NY). Zeros under ``na_policy: zero`` (an NA answer
    is then a score) and for practices without any NA answer (not counted: nothing to rule)."""
    zeros = np.zeros(npk, dtype=np.int64)
    na = f.na_answer
    if model.na_policy != "exclude" or not na.any():
        return zeros, zeros
    rc = respondent.codes
    has_na = np.bincount(pk[na], minlength=npk) > 0
    rows = has_na[pk] & (f.scored | na | f.ny)
    n_any = E.nunique(rc[rows], respondent.size, pk[rows], npk)
    rows &= ~na
    n_other = E.nunique(rc[rows], respondent.size, pk[rows], npk)
    return n_any - n_other, n_any


def _instantiations(pk: np.ndarray, inst: np.ndarray, n_inst: int, pkey: np.ndarray,
                    sizes: tuple[int, int, int],
                    triples: tuple[np.ndarray, np.ndarray, int] | None = None) -> np.ndarray:
    """Distinct instantiations per practice key. An instantiation (project or respondent)
    belongs to few (wave, line)s, so the pairs are counted as (wave, line, instantiation) x
    practice, a table small enough to need no hashing (:func:`maturity._engine.distinct_pairs`).

    ``triples``: the (wave, line, instantiation) code of each answer, the combined (wave, line)
    key of each code and their number, when already known (:attr:`Answers.triples`)."""
    nw, nl, npr = sizes
    if not len(pk):
        return np.zeros(len(pkey), dtype="int64")
    w, ln, pr = E.split(pkey, nw, nl, npr)
    small = np.int32 if nw * nl < 2**31 and npr < 2**31 else np.int64
    if triples is not None:
        wli, wl_of, n_wli = triples
    else:
        wl = (w * max(nl, 1) + ln).astype(small)[pk]  # (wave, line) of each answer
        wli, wli_key = E.combine((wl, max(nw * nl, 1)), (inst, max(n_inst, 1)), runs=True)
        del wl
        wl_of, n_wli = wli_key // max(n_inst, 1), len(wli_key)
    # pair (wave-line-instantiation, practice) -> practice key: both determine (wave, line)
    seen = E.distinct_pairs(wli, n_wli, pr.astype(small)[pk], max(npr, 1))
    pair_wl = wl_of[seen // max(npr, 1)]
    pair_pr = seen % max(npr, 1)
    want = pair_wl * max(npr, 1) + pair_pr  # every pair's key is a practice key
    if len(pkey) < 2 or bool((pkey[1:] > pkey[:-1]).all()):  # sorted (table-numbered) keys
        lookup = np.searchsorted(pkey, want)
    else:
        lookup = pd.Index(pkey).get_indexer(want)
    return np.bincount(lookup, minlength=len(pkey)).astype("int64")
