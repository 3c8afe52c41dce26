"""Property tests of maturity.scoring.score.score on random answers over the tiny staged model.

The properties follow from the rules (SCAMPI A MDD v1.3, CMU/SEI-2011-HB-001; CMMI-DEV v1.3)
and the module docstring: the result cannot depend on the order of the answer rows; a better
answer can never make a practice mean, a capability level, a maturity level or the maturity
index worse; scoring is deterministic; every practice of the model is reported once per
(wave, business line).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.model.load import load_model
from maturity.scoring.score import score

TINY = load_model(Path(__file__).parent / "data" / "models" / "tiny-staged.yaml")
PRACTICES = list(TINY.questions["practice"])
QUESTIONS = dict(zip(TINY.questions["practice"], TINY.questions["question"], strict=True))
CODES = ["0", "1", "2", "3", "4", "NA"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ORDER = {"": -1, "NY": -1, "NA": -1, "NI": 0, "PI": 1, "LI": 2, "FI": 3}


@st.composite
def responses(draw):
    """1-2 business lines, 1-6 respondents each, answers 0-4 or NA, some questions missing."""
    rows = []
    for line in draw(st.sampled_from([["L1"], ["L1", "L2"]])):
        n = draw(st.integers(1, 6))
        # a palette per line, so that some lines reach ML2 / ML3 and the level rules are exercised
        palette = draw(st.sampled_from([CODES + [None], ["2", "3", "4", "4", "NA"], ["3", "4"]]))
        for i in range(n):
            for p in PRACTICES:
                code = draw(st.sampled_from(palette))  # None: question left out
                if code is None:
                    continue
                rows.append(
                    {
                        "wave": "2026-03",
                        "business_line": line,
                        "respondent": f"{line}-r{i}",
                        "project": f"p{i % 2}",
                        "question": QUESTIONS[p],
                        "practice": p,
                        "answer": code,
                        "value": np.nan if code == "NA" else float(code),
                        "na": code == "NA",
                    }
                )
    cols = ["wave", "business_line", "respondent", "project", "question", "practice", "answer",
            "value", "na"]
    return pd.DataFrame(rows, columns=cols)


def _sorted(f: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return f.sort_values(keys, ignore_index=True)


FRAME_KEYS = {
    "practices": ["wave", "business_line", "practice"],
    "goals": ["wave", "business_line", "goal"],
    "process_areas": ["wave", "business_line", "process_area"],
    "maturity": ["wave", "business_line"],
}


@SETTINGS
@given(resp=responses(), seed=st.integers(0, 2**32 - 1),
       aggregation=st.sampled_from(["mean", "scampi"]))
def test_row_order_changes_nothing(resp, seed, aggregation):
    # Aggregation over respondents and instantiations is order-free (means, counts, the SCAMPI
    # table), so a shuffled answer file gives the same frames once sorted by their keys.
    if resp.empty:
        return
    shuffled = resp.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    a = score(resp, TINY, aggregation=aggregation)
    b = score(shuffled, TINY, aggregation=aggregation)
    for name, keys in FRAME_KEYS.items():
        pd.testing.assert_frame_equal(_sorted(getattr(a, name), keys),
                                      _sorted(getattr(b, name), keys), obj=name)


def _cl(s) -> pd.Series:
    pa = s.process_areas.set_index(["wave", "business_line", "process_area"])["capability_level"]
    return pa.astype("float").fillna(-1)


@SETTINGS
@given(resp=responses(), pick=st.integers(0, 10_000), step=st.integers(1, 4),
       aggregation=st.sampled_from(["mean", "scampi"]))
def test_raising_an_answer_never_lowers_anything(resp, pick, step, aggregation):
    # A higher answer raises its respondent's practice value, so the line mean rises, its
    # characterization cannot fall (thresholds; the SCAMPI rows are ordered), goals, PAs,
    # capability levels (NA -> -1) and the maturity level cannot fall, and the index (credit
    # monotone in the mean, see the module docstring) cannot fall.
    scored = np.flatnonzero(resp["value"].notna().to_numpy() & (resp["value"].to_numpy() < 4))
    if len(scored) == 0:
        return
    i = scored[pick % len(scored)]
    better = resp.copy()
    new = min(4.0, better.at[i, "value"] + step)
    better.at[i, "value"] = new
    better.at[i, "answer"] = str(int(new))
    a = score(resp, TINY, aggregation=aggregation)
    b = score(better, TINY, aggregation=aggregation)

    pk = ["wave", "business_line", "practice"]
    pa, pb = a.practices.set_index(pk), b.practices.set_index(pk)
    assert (pb["mean"].fillna(-1) >= pa["mean"].fillna(-1) - 1e-12).all()
    assert (pb["characterization"].map(ORDER) >= pa["characterization"].map(ORDER)).all()
    assert (_cl(b) >= _cl(a)).all()
    ma = a.maturity.set_index(["wave", "business_line"])
    mb = b.maturity.set_index(["wave", "business_line"])
    assert (mb["maturity_level"] >= ma["maturity_level"]).all()
    assert (mb["maturity_index"] >= ma["maturity_index"] - 1e-9).all()


@SETTINGS
@given(resp=responses(), aggregation=st.sampled_from(["mean", "scampi"]))
def test_scoring_twice_gives_identical_frames(resp, aggregation):
    if resp.empty:
        return
    a = score(resp, TINY, aggregation=aggregation)
    b = score(resp, TINY, aggregation=aggregation)
    for name in FRAME_KEYS:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True,
                                      obj=name)


@SETTINGS
@given(resp=responses())
def test_every_practice_once_per_line(resp):
    # The practices frame covers the whole model for every assessed (wave, line), answered or not.
    if resp.empty:
        return
    s = score(resp, TINY)
    lines = resp[["wave", "business_line"]].drop_duplicates()
    counts = s.practices.groupby(["wave", "business_line", "practice"]).size()
    assert (counts == 1).all()
    assert len(s.practices) == len(lines) * len(PRACTICES)
    for _line, f in s.practices.groupby(["wave", "business_line"]):
        assert sorted(f["practice"]) == sorted(PRACTICES)
    assert len(s.maturity) == len(lines)
    assert s.maturity["maturity_level"].between(1, 3).all()
    assert s.maturity["maturity_index"].between(1, 3).all()
    # coverage is a share of the line's respondents
    assert s.practices["coverage"].between(0, 1).all()
