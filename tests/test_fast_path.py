"""The vectorised fast paths against plain, obviously-correct references (hypothesis).

``maturity.scoring.score.score`` computes practice statistics on integer codes and
``maturity.ingest.responses.read_responses`` validates on integer codes; the references below
loop over
practices, instantiations and rows in plain Python, so that a speed-up can never change a
result. They are checked on small random inputs; the benchmark (``benchmarks/``) is not a test.
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.ingest.responses import read_responses
from maturity.model.load import load_model
from maturity.scoring.score import score

MODELS = Path(__file__).parent / "data" / "models"
TINY = load_model(MODELS / "tiny-staged.yaml")
TINY_SCAMPI = load_model(MODELS / "tiny-scampi.yaml")
TINY_NA_ZERO = load_model(MODELS / "tiny-na-zero.yaml")
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RANK = {"FI": 3, "LI": 2, "PI": 1, "NI": 0}
FROM_RANK = {v: k for k, v in RANK.items()}


# --------------------------------------------------------------------------------------------
# Random responses frames (as read_responses gives them)


@st.composite
def responses(draw, model, codes):  # noqa: ANN001, ANN201
    """A responses frame over ``model``: random lines, waves, respondents, projects, answers."""
    qs = model.questions
    values = dict(zip(model.scale_options()["code"], model.scale_options()["value"], strict=True))
    nas = dict(zip(model.scale_options()["code"], model.scale_options()["na"], strict=True))
    n_resp = draw(st.integers(1, 6))
    rows = []
    for r in range(n_resp):
        line = draw(st.sampled_from(["l1", "l2", "l3"]))
        wave = draw(st.sampled_from(["2025-03", "2025-09"]))
        project = draw(st.sampled_from(["", "", "p1", "p2"]))
        picked = draw(st.lists(st.sampled_from(range(len(qs))), max_size=len(qs), unique=True))
        for i in picked:
            code = draw(st.sampled_from(codes))
            rows.append(
                {
                    "wave": wave,
                    "business_line": line,
                    "respondent": f"r{r}",
                    "project": project,
                    "question": qs["question"].iloc[i],
                    "practice": qs["practice"].iloc[i],
                    "answer": code,
                    "value": float(values[code]),
                    "na": bool(nas[code]),
                }
            )
    cols = [
        "wave",
        "business_line",
        "respondent",
        "project",
        "question",
        "practice",
        "answer",
        "value",
        "na",
    ]
    df = pd.DataFrame(rows, columns=cols)
    df = df.astype({c: object for c in cols[:7]})
    df["value"] = df["value"].astype(float)
    df["na"] = df["na"].astype(bool)
    return df.sample(frac=1, random_state=draw(st.integers(0, 1000))).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Plain references


def characterize_one(mean: float, th: dict[str, float]) -> str:
    if math.isnan(mean):
        return ""
    for c in ("FI", "LI", "PI"):
        if mean >= th[c]:
            return c
    return "NI"


def scampi_line(chars: list[str], judgement: str = "conservative") -> tuple[str, str]:
    """The SCAMPI A v1.3 aggregation table (module docstring of maturity.scoring.scampi), row by
    row."""
    n = {c: chars.count(c) for c in ("FI", "LI", "PI", "NI", "NY")}
    cons = judgement == "conservative"
    if not chars:
        return "", ""
    if n["NY"] == len(chars):
        return "NY", "all NY"
    if n["FI"] and not (n["LI"] or n["PI"] or n["NI"]):
        return "FI", "all FI or NY"
    if n["LI"] and not (n["PI"] or n["NI"]):
        return "LI", "all LI, FI or NY"
    if (n["FI"] or n["LI"]) and (n["PI"] or n["NI"]):
        return ("PI" if cons else "LI"), "mixed LI/FI with PI/NI"
    if n["PI"] and n["NI"]:
        return ("NI" if cons else "PI"), "all PI, NI or NY"
    if n["NI"]:
        return "NI", "all NI or NY"
    return "PI", "all PI or NY"


def reference_practices(resp: pd.DataFrame, model, aggregation: str) -> pd.DataFrame:  # noqa: ANN001
    """One row per (wave, business_line, practice) answered, by plain loops."""
    th = model.thresholds
    zero = model.na_policy == "zero"
    lows = {sid: s.min_value for sid, s in model.scales.items()}
    scale_of = dict(zip(model.questions["question"], model.questions["scale"], strict=True))
    out = []
    line_n = resp.groupby(["wave", "business_line"])["respondent"].nunique()
    for (w, ln, p), g in resp.groupby(["wave", "business_line", "practice"], sort=False):
        vals, n_na, n_ny, per_resp, per_inst = [], 0, 0, {}, {}
        only_na: dict[str, bool] = {}  # respondent -> answered this practice only NA
        for row in g.itertuples():
            v = row.value
            if row.na or row.answer == "NY" or not math.isnan(v):
                only_na[row.respondent] = only_na.get(row.respondent, True) and bool(row.na)
            if row.na:
                n_na += 1
                if zero:
                    v = lows[scale_of[row.question]]
            if row.answer == "NY":
                n_ny += 1
            inst = row.project if row.project else "respondent:" + row.respondent
            if not math.isnan(v):
                vals.append(v)
                per_resp.setdefault((row.respondent, inst), []).append(v)
            if row.answer in RANK or row.answer == "NY":
                per_inst.setdefault(inst, {}).setdefault(row.respondent, []).append(row.answer)
        means = [statistics.fmean(v) for v in per_resp.values()]
        mean = statistics.fmean(means) if means else math.nan
        std = statistics.stdev(means) if len(means) > 1 else math.nan
        char, rule = characterize_one(mean, th), ("line mean vs thresholds" if means else "")
        if aggregation == "scampi":
            inst_chars = []
            for answers in per_inst.values():
                ranks = sorted(RANK[a] for rs in answers.values() for a in rs if a in RANK)
                inst_chars.append(FROM_RANK[ranks[(len(ranks) - 1) // 2]] if ranks else "NY")
            c, r = scampi_line(inst_chars)
            if c:
                char, rule = c, "SCAMPI: " + r
        # issue 14: NA when more than half of the practice's respondents answered only NA
        k_na = sum(only_na.values())
        if not vals and n_na and not n_ny:
            char, rule = "NA", "all answers not applicable"
            mean = std = math.nan
        elif not zero and k_na > 0.5 * len(only_na):
            char, rule = "NA", f"not applicable: {k_na} of {len(only_na)} respondents answered NA"
            mean = std = math.nan
        elif not vals and n_ny:
            char, rule = "NY", "SCAMPI: all NY"
        out.append(
            {
                "wave": w,
                "business_line": ln,
                "practice": p,
                "n_respondents": len(means),
                "n_answers": len(vals),
                "n_na": n_na,
                "mean": mean,
                "std": std,
                "coverage": len({k[0] for k in per_resp}) / line_n[(w, ln)],
                "characterization": char,
                "aggregation_rule": rule,
            }
        )
    return pd.DataFrame(
        out,
        columns=[
            "wave",
            "business_line",
            "practice",
            "n_respondents",
            "n_answers",
            "n_na",
            "mean",
            "std",
            "coverage",
            "characterization",
            "aggregation_rule",
        ],
    )


def compare_practices(resp: pd.DataFrame, model, aggregation: str = "mean") -> None:  # noqa: ANN001
    got = score(resp, model, aggregation=aggregation).practices
    ref = reference_practices(resp, model, aggregation)
    keys = ["wave", "business_line", "practice"]
    m = ref.merge(got, on=keys, how="left", suffixes=("", "_got"), validate="one_to_one")
    for c in ["n_respondents", "n_answers", "n_na", "characterization", "aggregation_rule"]:
        assert (m[c] == m[c + "_got"]).all(), (
            c,
            m.loc[m[c] != m[c + "_got"], keys + [c, c + "_got"]],
        )
    for c in ["mean", "std", "coverage"]:
        np.testing.assert_allclose(
            m[c + "_got"].to_numpy(float), m[c].to_numpy(float), rtol=1e-12, atol=1e-12, err_msg=c
        )
    # practices without any answer: in the frame, not characterized
    rest = got.merge(ref[keys], on=keys, how="left", indicator=True)
    rest = rest[rest["_merge"] == "left_only"]
    assert (rest["n_answers"] == 0).all() and (rest["n_na"] == 0).all()
    assert (rest["characterization"] == "").all()
    assert len(got) == len(got.drop_duplicates(keys))


@FAST
@given(responses(TINY, ["0", "1", "2", "3", "4", "4", "3", "NA"]))
def test_practice_statistics_match_reference(resp):
    compare_practices(resp, TINY)


@FAST
@given(responses(TINY_NA_ZERO, ["0", "1", "2", "3", "4", "NA", "NA"]))
def test_practice_statistics_na_zero_match_reference(resp):
    compare_practices(resp, TINY_NA_ZERO)


@FAST
@given(responses(TINY_SCAMPI, ["FI", "LI", "PI", "NI", "NY", "FI", "LI"]))
def test_scampi_aggregation_matches_reference(resp):
    compare_practices(resp, TINY_SCAMPI, "scampi")


@FAST
@given(responses(TINY, ["0", "1", "2", "3", "4", "NA"]))
def test_categorical_input_scores_the_same(resp):
    cat = resp.astype(
        {
            c: "category"
            for c in [
                "wave",
                "business_line",
                "respondent",
                "project",
                "question",
                "practice",
                "answer",
            ]
        }
    )
    a, b = score(resp, TINY), score(cat, TINY)
    for f in ("practices", "goals", "process_areas", "maturity"):
        pd.testing.assert_frame_equal(
            getattr(a, f), getattr(b, f), check_dtype=False, check_categorical=False
        )


# --------------------------------------------------------------------------------------------
# Ingestion: validation counts against row-by-row checks


def canon(v) -> str:  # noqa: ANN001
    return "" if v is None else unicodedata.normalize("NFKC", str(v)).strip()


def reference_validation(df: pd.DataFrame, model) -> dict[str, int]:  # noqa: ANN001
    """How many rows are accepted / rejected for each reason, checked row by row."""
    questions = set(model.questions["question"])
    opts = model.scale_options()
    codes = set(opts["code"])
    labels = {}
    for c, lab, labzh in zip(opts["code"], opts["label"], opts["label_zh"], strict=True):
        for t in (lab, labzh):
            if isinstance(t, str) and t.strip():
                labels.setdefault(canon(t).casefold(), set()).add(c)
    keys = [
        tuple(canon(r[k]) for k in ("wave", "business_line", "respondent", "question"))
        for _, r in df.iterrows()
    ]
    seen: dict[tuple, int] = {}
    for k in keys:
        seen[k] = seen.get(k, 0) + 1
    out = {"accepted": 0, "missing": 0, "variant": 0, "unknown": 0, "duplicate": 0, "empty": 0,
           "bad": 0}
    # the cells as they are (pandas 3's iterrows would type a row of texts str: None -> NaN)
    records = df.to_dict("records")
    # ids of one kind that differ only by case (after NFKC and trimming) are refused (issue 18)
    rows_ = [k for k, r in zip(keys, records, strict=True)
             if not all(v is None or v == "" for v in r.values())]
    spellings: list[dict[str, set]] = [{}, {}, {}]
    for k in rows_:
        for i in range(3):
            if k[i]:
                spellings[i].setdefault(k[i].casefold(), set()).add(k[i])
    for k, r in zip(keys, records, strict=True):
        if all(v is None or v == "" for v in r.values()):
            continue  # a completely empty row is not an answer row (skipped with a note)
        a = canon(r["answer"])
        if "" in k:
            out["missing"] += 1
        elif any(len(spellings[i][k[i].casefold()]) > 1 for i in range(3)):
            out["variant"] += 1
        elif k[3] not in questions:
            out["unknown"] += 1
        elif seen[k] > 1:
            out["duplicate"] += 1
        elif a == "":
            out["empty"] += 1
        elif (
            a in codes
            or a.upper() in codes
            or (
                a.replace(".", "", 1).isdigit()
                and str(int(float(a))) in codes
                and float(a).is_integer()
            )
            or len(labels.get(a.casefold(), ())) == 1
        ):
            out["accepted"] += 1
        else:
            out["bad"] += 1
    return out


def fast_validation(df: pd.DataFrame, model) -> dict[str, int]:  # noqa: ANN001
    res = read_responses(df, model)
    msg = res.rejected["message"]
    return {
        "accepted": len(res.responses),
        "missing": int(msg.str.startswith("missing ").sum()),
        "variant": int(msg.str.contains("differ only by case").sum()),
        "unknown": int(msg.str.startswith("unknown question").sum()),
        "duplicate": int(msg.str.startswith("duplicate answer").sum()),
        "empty": int((msg == "empty answer").sum()),
        "bad": int(msg.str.contains("is not an option").sum()),
    }


ID_TEXT = st.sampled_from(["a", "b", " a", "Ａ", "", "  "])
QUESTION = st.sampled_from(list(TINY.questions["question"][:4]) + ["X.Q9", "", " A.SP1.1.Q1"])
ANSWER = st.sampled_from(
    ["3", "３", " 2 ", "3.0", "na", "NA", "Largely implemented", "", "x", "7", None, "不适用"]
)


@FAST
@given(st.lists(st.tuples(ID_TEXT, ID_TEXT, ID_TEXT, QUESTION, ANSWER), max_size=40))
def test_validation_counts_match_row_by_row_reference(rows):
    df = pd.DataFrame(
        rows, columns=["wave", "business_line", "respondent", "question", "answer"], dtype=object
    )
    got = fast_validation(df, TINY)
    assert got == reference_validation(df, TINY)
    blank = df.apply(lambda r: all(v is None or v == "" for v in r), axis=1).sum() if len(df) else 0
    assert sum(got.values()) == len(df) - blank  # every answer row in exactly one of the two


# --------------------------------------------------------------------------------------------
# Respondent counts (numbered per run of (wave, line, respondent)) against plain nunique


@FAST
@given(responses(TINY, ["0", "1", "2", "3", "4", "NA"]), st.booleans())
def test_respondent_counts_match_nunique(resp, grouped):
    if grouped:  # answers in runs per respondent, as files give them; else shuffled
        resp = resp.sort_values(["wave", "business_line", "respondent"], kind="stable")
    resp = resp.astype({c: "category" for c in ["wave", "business_line", "respondent"]})
    s = score(resp, TINY)
    plain = resp.astype({c: object for c in ["wave", "business_line", "respondent"]})
    line = plain.groupby(["wave", "business_line"])["respondent"].nunique()
    got = s.maturity.set_index(["wave", "business_line"])["n_respondents"]
    assert got.sort_index().to_dict() == line.to_dict()
    pa = TINY.practices.set_index("practice")["process_area"]
    scored = plain[plain["value"].notna()].assign(process_area=lambda f: f["practice"].map(pa))
    want = scored.groupby(["wave", "business_line", "process_area"])["respondent"].nunique()
    got = s.process_areas.set_index(["wave", "business_line", "process_area"])["n_respondents"]
    assert got[got > 0].sort_index().to_dict() == want.to_dict()
    assert (got.drop(want.index, errors="ignore") == 0).all()
    # practices: distinct instantiations (project, else the respondent) per practice
    inst = np.where(plain["project"].astype(str) != "", plain["project"].astype(str),
                    "respondent:" + plain["respondent"].astype(str))
    want = (plain.assign(_i=inst)[plain["value"].notna()]
            .groupby(["wave", "business_line", "practice"])["_i"].nunique())
    got = s.practices.set_index(["wave", "business_line", "practice"])["n_instantiations"]
    assert got[got > 0].sort_index().to_dict() == want.to_dict()


# --------------------------------------------------------------------------------------------
# Target profiles (targets read once for all lines) against a per-line reference


def reference_profile(targets, lines):  # noqa: ANN001, ANN201
    """target_profile's rules, line by line with plain filters of the targets frame."""
    from maturity.plan.targets import _PRECEDENCE, _staged_need

    t, model = targets.targets, targets.model
    rows = []
    for line in dict.fromkeys(lines):
        m = t[(t["kind"] == "maturity")]
        own, default = m[m["business_line"] == line], m[m["business_line"] == ""]
        mt = int(own["target_level"].iloc[-1]) if len(own) else (
            int(default["target_level"].iloc[-1]) if len(default) else None)
        src = (own["source"].iloc[-1] if len(own) else "default_level") if mt is not None else ""
        staged = _staged_need(model, mt) if mt is not None else {}
        explicit = {}
        for r in t[(t["kind"] == "capability") & t["business_line"].isin(["", line])].itertuples():
            rank = _PRECEDENCE[r.source]
            if r.process_area not in explicit or rank <= explicit[r.process_area][1]:
                explicit[r.process_area] = (int(r.target_level), rank, r.source)
        for pa in model.process_areas["process_area"]:
            if pa in explicit:
                rows.append((line, pa, explicit[pa][0], explicit[pa][2], mt))
            elif pa in staged:
                rows.append((line, pa, staged[pa], src, mt))
    return rows


LINES = ["l1", "l2", "l3", "l4"]
AREAS = list(TINY.process_areas["process_area"])


@FAST
@given(
    st.one_of(st.none(), st.integers(1, 3)),
    st.dictionaries(st.sampled_from(LINES), st.integers(1, 3), max_size=3),
    st.dictionaries(st.sampled_from(AREAS), st.integers(0, 3), max_size=3),
    st.dictionaries(st.sampled_from(LINES),
                    st.dictionaries(st.sampled_from(AREAS), st.integers(0, 3), min_size=1),
                    max_size=3),
    st.dictionaries(st.sampled_from(LINES), st.integers(1, 3), max_size=3),
)
def test_target_profile_matches_per_line_reference(default, lines, areas, line_areas, customers):
    from maturity.plan.gap import read_targets, target_profile, targets_from_swot

    spec = {"lines": lines, "process_areas": areas, "line_process_areas": line_areas}
    if default is not None:
        spec["default_level"] = default
    targets = read_targets(spec, TINY)
    if customers:
        summary = pd.DataFrame({"business_line": list(customers), "customer_requirement": True,
                                "required_level": pd.array(list(customers.values()),
                                                           dtype="Int64")})
        targets = targets_from_swot(summary, targets)
    got = target_profile(targets, LINES)
    assert [(r.business_line, r.process_area, int(r.target_level), r.target_source,
             None if pd.isna(r.target_maturity_level) else int(r.target_maturity_level))
            for r in got.itertuples()] == reference_profile(targets, LINES)
    want = {ln: reference_profile(targets, [ln]) for ln in LINES}
    for ln in LINES:  # maturity_target(s) agree with the profile's
        mt = targets.maturity_target(ln)
        assert all(r[4] == mt for r in want[ln])
        assert targets.maturity_targets([ln]) == {ln: mt}


# --------------------------------------------------------------------------------------------
# Roadmap champions: rows kept as dicts against the frame sort


@FAST
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b", "c", "d", "e", "f"]), st.sampled_from(["x", "y"]),
                       st.integers(1, 5), st.sampled_from([0.5, 0.25, 0.1 + 0.2, 0.3, 1.0])),
             max_size=8),
    st.sampled_from(["x", "y"]), st.integers(1, 5), st.integers(0, 4),
)
def test_champions_match_frame_sort(rows, group, complexity, n):
    from maturity.plan.schedule import _champions

    done = [{"business_line": b, "wave": 1, "end": None, "pilot_end": None, "group": g,
             "complexity": c, "priority": p} for b, g, c, p in rows]
    frame = pd.DataFrame(done, columns=["business_line", "wave", "end", "pilot_end", "group",
                                        "complexity", "priority"])
    line = pd.Series({"business_line": "z", "group": group, "complexity": complexity}, dtype=object)
    assert _champions(line, done, n) == _champions(line, frame, n)
