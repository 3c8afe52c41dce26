"""Year over year (issue 16) and intervals holding their estimate (issue 14 item 2).

Each scenario is seeded or written out, and its expected values are computed a second time in
the test by a plain pandas / scipy computation (said at each test).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from maturity.compare.mappings import (
    apply_line_map,
    apply_question_map,
    common_questions,
    read_line_map,
    read_mappings,
    read_question_map,
    reading_model,
    restrict_model,
    unanswered_practices,
)
from maturity.compare.trends import CHANGES_COLUMNS, changes, rankings
from maturity.compare.yoy import company_change, delta_intervals, index_replicates, read_outputs
from maturity.exceptions import InputError, MaturityWarning
from maturity.plan.progress import roll_up

W1, W2, W3 = "2025-03", "2025-09", "2026-03"


def one_answer(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """(wave, line, respondent, value): one answer each, so the respondent score = value."""
    df = pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "value"])
    return df.assign(question="PP-q1", practice="PP-SP1", process_area="PP", na=False)


def maturity_of(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["wave", "business_line", "maturity_level",
                                       "maturity_index"])


# ---------------------------------------------------------------------------- honest change

def beta_line() -> pd.DataFrame:
    """The issue's line beta: 6 stayers rise, 2 strong leavers replaced by 2 weak newcomers."""
    before = [2.0, 2.2, 2.4, 2.1, 2.3, 2.5]
    rise = [0.30, 0.45, 0.35, 0.50, 0.40, 0.28]
    rows = [(W1, "beta", f"s{i}", v) for i, v in enumerate(before)]
    rows += [(W2, "beta", f"s{i}", v + d) for i, (v, d) in enumerate(zip(before, rise,
                                                                          strict=True))]
    rows += [(W1, "beta", "l1", 3.8), (W1, "beta", "l2", 3.9)]
    rows += [(W2, "beta", "n1", 1.0), (W2, "beta", "n2", 1.1)]
    return one_answer(rows)


def test_stayers_and_all_respondents_side_by_side_with_composition_caveat():
    resp = beta_line()
    mat = maturity_of([(W1, "beta", 2, 2.40), (W2, "beta", 2, 2.39)])
    row = changes(resp, mat).iloc[0]
    # plain computation: all respondents, Welch's interval
    a = resp.loc[resp.wave == W1, "value"].to_numpy()
    b = resp.loc[resp.wave == W2, "value"].to_numpy()
    ci = st.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert row["score_delta"] == pytest.approx(b.mean() - a.mean())
    assert row["score_delta"] < 0  # the line's mean fell
    assert (row["score_ci_low"], row["score_ci_high"]) == pytest.approx((ci.low, ci.high))
    # the stayers: paired t-interval and exact Wilcoxon (6 positive differences: p = 2/64)
    s = resp[resp.respondent.str.startswith("s")].pivot(index="respondent", columns="wave",
                                                        values="value")
    d = (s[W2] - s[W1]).to_numpy()
    lo, hi = st.t.interval(0.95, 5, loc=d.mean(), scale=d.std(ddof=1) / np.sqrt(6))
    assert row["stayers_delta"] == pytest.approx(d.mean())
    assert (row["stayers_ci_low"], row["stayers_ci_high"]) == pytest.approx((lo, hi))
    assert row["test"] == "wilcoxon" and row["n_test"] == 6
    assert row["p_value"] == pytest.approx(st.wilcoxon(d).pvalue) == pytest.approx(2 / 64)
    assert (row["n_leavers"], row["n_newcomers"]) == (2, 2)
    assert row["leavers_mean"] == pytest.approx(3.85)
    assert row["newcomers_mean"] == pytest.approx(1.05)
    assert "composition changed" in row["caveat"]
    assert f"all respondents {row['score_delta']:+.2f}, the 6 who answered both waves" in (
        row["caveat"])
    assert row["delta"] == pytest.approx(-0.01)


def test_five_pairs_cannot_reach_005_flagged_and_not_significant():
    # 5 positive differences: the exact Wilcoxon minimum is 2 / 2**5 = 0.0625
    rows = [(w, "a", f"r{i}", float(i) + (0.5 + 0.1 * i if w == W2 else 0))
            for w in (W1, W2) for i in range(5)]
    row = changes(one_answer(rows), maturity_of([(W1, "a", 1, 1.0), (W2, "a", 1, 1.5)])).iloc[0]
    assert row["min_p"] == pytest.approx(0.0625)
    assert row["p_value"] == pytest.approx(st.wilcoxon([0.5, 0.6, 0.7, 0.8, 0.9]).pvalue)
    assert not row["significant"]
    assert "p < 0.05 impossible with 5 pairs that changed (smallest p 0.0625)" in row["caveat"]


def test_holm_across_lines_and_the_interval_must_agree():
    rng = np.random.default_rng(7)
    rows = []
    shift = {"a": 1.0, "b": 0.4, "c": 0.0}
    for line, sh in shift.items():
        base = rng.normal(2, 0.5, 12)
        rows += [(W1, line, f"{line}{i}", v) for i, v in enumerate(base)]
        rows += [(W2, line, f"{line}{i}", v + sh + rng.normal(0, 0.3))
                 for i, v in enumerate(base)]
    # line d: 12 small rises and one large fall: Wilcoxon p = 0.0215, t-interval holds 0
    dd = np.r_[np.linspace(0.1, 1.2, 12), -8.0]
    rows += [(W1, "d", f"d{i}", 10.0) for i in range(13)]
    rows += [(W2, "d", f"d{i}", 10.0 + x) for i, x in enumerate(dd)]
    resp = one_answer(rows)
    mat = maturity_of([(w, ln, 1, 1.0) for w in (W1, W2) for ln in "abcd"])
    out = changes(resp, mat).set_index("business_line")
    # Holm by hand: sort, multiply by (m - i), running maximum, cap at 1
    p = out["p_value"]
    order = p.sort_values().index
    adj, running = {}, 0.0
    for i, ln in enumerate(order):
        running = max(running, min(1.0, p[ln] * (len(p) - i)))
        adj[ln] = running
    assert out["p_adjusted"].to_dict() == pytest.approx(adj)
    for ln in "abcd":  # significant = Holm p < 0.05 and the stayers' interval excludes 0
        r = out.loc[ln]
        expect = adj[ln] < 0.05 and (r["stayers_ci_low"] > 0 or r["stayers_ci_high"] < 0)
        assert bool(r["significant"]) == expect
    assert out.loc["d", "p_value"] == pytest.approx(st.wilcoxon(dd).pvalue)
    assert out.loc["d", "stayers_ci_low"] < 0 < out.loc["d", "stayers_ci_high"]
    assert not out.loc["d", "significant"]
    # line d alone (Holm = its own p = 0.0215 < 0.05): the test says yes, the interval no
    alone = changes(resp[resp.business_line == "d"], mat[mat.business_line == "d"]).iloc[0]
    assert alone["p_adjusted"] == pytest.approx(0.0215, abs=1e-4)
    assert not alone["significant"]
    assert "the test and the interval disagree: not significant" in alone["caveat"]


def test_waves_in_time_order_and_baseline_against_each():
    rows = [(w, "a", f"r{i}", 1.0 + k * 0.5 + 0.1 * i) for k, w in enumerate((W1, W2, W3))
            for i in range(6)]
    resp = one_answer(rows)
    mat = maturity_of([(W1, "a", 1, 1.2), (W2, "a", 1, 1.6), (W3, "a", 2, 2.1)])
    typed = changes(resp, mat, waves=[W3, W1])  # typed backwards: never flips the sign
    assert typed[["wave_from", "wave_to"]].values.tolist() == [[W1, W3]]
    assert typed.loc[0, "delta"] == pytest.approx(2.1 - 1.2)
    base = changes(resp, mat, baseline=W1)
    got = base[["wave_from", "wave_to", "comparison"]].values.tolist()
    assert got == [[W1, W2, "baseline, consecutive"], [W1, W3, "baseline"],
                   [W2, W3, "consecutive"]]
    rk = rankings(maturity_of([(W1, "a", 1, 1.0), (W1, "b", 1, 2.0), (W2, "a", 1, 3.0),
                               (W2, "b", 1, 2.5), (W3, "a", 1, 1.0), (W3, "b", 1, 2.0)]),
                  baseline=W1).set_index(["wave", "business_line"])
    # against the baseline W1 (a 2nd, b 1st): in W3 a is 2nd again -> 0; in W2 a rose to 1st
    assert rk.loc[(W3, "a"), "rank_change"] == 0 and rk.loc[(W2, "a"), "rank_change"] == 1
    assert set(rk["compared_with"].dropna()) == {"", W1}


def test_wave_stored_as_int_is_refused_with_its_fix():
    mat = maturity_of([(W1, "a", 1, 1.0)]).assign(wave=[2025])
    with pytest.raises(InputError, match="dtype=.'wave': str"):
        changes(one_answer([(W1, "a", "r", 1.0)]), mat)


# ---------------------------------------------------------------------- bootstrap of the index

def mean_scorer(frame: pd.DataFrame) -> pd.DataFrame:
    """A stand-in scorer: the line's mean answer as its 'index'."""
    return (frame.groupby(["wave", "business_line"], observed=True)["value"].mean()
            .rename("maturity_index").reset_index())


def test_index_bootstrap_interval_holds_delta_and_matches_the_normal_approximation():
    rng = np.random.default_rng(11)
    a, b = rng.normal(2.0, 0.6, 40), rng.normal(2.5, 0.6, 40)
    rows = [(W1, "x", f"p{i}", v) for i, v in enumerate(a)]
    rows += [(W2, "x", f"q{i}", v) for i, v in enumerate(b)]
    resp = one_answer(rows)
    reps = index_replicates(resp, mean_scorer, n_boot=2000, seed=3)
    again = index_replicates(resp, mean_scorer, n_boot=2000, seed=3)
    pd.testing.assert_frame_equal(reps, again)  # seeded
    ch = pd.DataFrame({"business_line": ["x"], "wave_from": [W1], "wave_to": [W2],
                       "delta": [b.mean() - a.mean()]})
    lo, hi = delta_intervals(ch, reps)
    # independent: the plug-in normal interval of a difference of means
    se = np.sqrt(a.var() / a.size + b.var() / b.size)
    z = st.norm.ppf(0.975)
    assert lo[0] < b.mean() - a.mean() < hi[0]
    assert lo[0] == pytest.approx(b.mean() - a.mean() - z * se, abs=0.25 * z * se)
    assert hi[0] == pytest.approx(b.mean() - a.mean() + z * se, abs=0.25 * z * se)
    # each resample keeps the wave's sample size: a resample's mean is a mean of 40 answers
    assert reps.groupby("wave")["replicate"].nunique().tolist() == [2000, 2000]


def test_changes_with_a_model_fills_the_index_interval():
    rows = [(w, "x", f"r{i}", 1.0 + 0.1 * i + (0.4 if w == W2 else 0)) for w in (W1, W2)
            for i in range(8)]
    resp = one_answer(rows)
    mat = mean_scorer(resp).assign(maturity_level=1)
    out = changes(resp, mat, model=mean_scorer, n_boot=300, seed=1)
    r = out.iloc[0]
    assert r["ci_low"] <= r["delta"] <= r["ci_high"]
    assert r["delta"] == pytest.approx(0.4)


# ------------------------------------------------------- every interval holds its estimate

ESTIMATE_OF = {"score": "score_delta", "stayers": "stayers_delta", "alpha": "cronbach_alpha"}
PLAIN_ESTIMATES = ("delta", "mean", "alpha", "estimate", "value")


def interval_triples(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(estimate, low, high) for every ``*_ci_low/_ci_high`` and ``ci_low/ci_high`` pair."""
    out = []
    for c in frame.columns:
        if not c.endswith("ci_low"):
            continue
        prefix = c[: -len("ci_low")].rstrip("_")
        high = c[: -len("low")] + "high"
        if prefix:
            est = ESTIMATE_OF.get(prefix, prefix)
        else:
            est = next((e for e in PLAIN_ESTIMATES if e in frame.columns), None)
        assert est in frame.columns, f"no estimate for {c} in {list(frame.columns)}"
        assert high in frame.columns
        out.append((est, c, high))
    return out


def test_every_interval_column_holds_its_estimate(tmp_path):
    from maturity.compare.reliability import reliability
    from maturity.compare.stats import group_interval
    from maturity.datasets import responses_path
    from maturity.ingest.responses import read_responses
    from maturity.scoring.score import score

    read = read_responses(responses_path(), "cmmi-dev-1.3")
    resp = read.responses
    resp = resp[resp["business_line"].astype(str).isin(["bank-delivery", "internal-tools"])]
    resp = resp.reset_index(drop=True)
    sc = score(resp, "cmmi-dev-1.3")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ch = changes(resp, sc.maturity, model="cmmi-dev-1.3", n_boot=40, baseline=W1)
        rel = reliability(resp)
    reps = index_replicates(resp, "cmmi-dev-1.3", waves=[W1, W3], n_boot=40, seed=2)
    groups, company = company_change(
        sc.maturity, pd.DataFrame({"business_line": ["bank-delivery", "internal-tools"],
                                   "group": ["G", "H"]}),
        wave_from=W1, wave_to=W3, replicates=reps)
    from maturity.compare.trends import respondent_scores

    gi = group_interval(respondent_scores(resp), "score", ["wave", "business_line"])
    frames = {"changes": ch, "practices": sc.practices, "reliability": rel,
              "groups": groups, "company": company, "group_interval": gi}
    checked = 0
    for name, f in frames.items():
        triples = interval_triples(f)
        assert triples, f"{name}: no interval column"
        for est, lo, hi in triples:
            e, a, b = (f[c].to_numpy(dtype=float) for c in (est, lo, hi))
            ok = np.isfinite(e) & np.isfinite(a) & np.isfinite(b)
            bad = ok & ~((a <= e + 1e-12) & (e <= b + 1e-12))
            assert not bad.any(), f"{name}: {lo} <= {est} <= {hi} fails: {np.flatnonzero(bad)}"
            checked += int(ok.sum())
    assert np.isfinite(ch["ci_low"]).all()  # the index change has its own interval
    assert checked > 100


# ------------------------------------------------------------------- roll-up and the company

def test_company_change_weighted_by_per_wave_headcount_by_hand():
    mat = maturity_of([(W1, "a", 1, 1.5), (W1, "b", 2, 2.5), (W1, "c", 2, 2.8),
                       (W3, "a", 2, 2.1), (W3, "b", 2, 2.6), (W3, "new", 1, 1.2)])
    lines = pd.DataFrame({"wave": [W1, W1, W1, W3, W3, W3], "business_line": ["a", "b", "c",
                          "a", "b", "new"], "group": ["G", "G", "H", "G", "G", "H"],
                          "headcount": [10, 30, 5, 20, 20, 8]})
    groups, company = company_change(mat, lines, wave_from=W1, wave_to=W3, weight="headcount")
    r = company.iloc[0]
    # lines in both waves: a, b; W1 weights 10, 30; W3 weights 20, 20
    assert r["index_from"] == pytest.approx((1.5 * 10 + 2.5 * 30) / 40)
    assert r["index_to"] == pytest.approx((2.1 * 20 + 2.6 * 20) / 40)
    assert r["n_lines"] == 2 and "c, new" in r["note"]
    assert r["levels_from"] == "ML1: 1, ML2: 2" and r["levels_to"] == "ML1: 1, ML2: 2"
    assert groups.set_index("unit").loc["G", "delta"] == pytest.approx(
        (2.1 * 20 + 2.6 * 20) / 40 - (1.5 * 10 + 2.5 * 30) / 40)
    with pytest.raises(InputError, match=r"no valid 'headcount' for 1 line\(s\) scored: c"):
        company_change(mat, lines[lines.business_line != "c"], wave_from=W1, wave_to=W3,
                       weight="headcount")


def test_roll_up_is_safe():
    ch = pd.DataFrame({"business_line": ["a", "b"] * 2, "wave_from": [W1, W1, W2, W2],
                       "wave_to": [W2, W2, W3, W3], "delta": [0.1, 0.3, 0.2, 0.0],
                       "maturity_level": [1, 2, 2, 2]})
    org = pd.DataFrame({"business_line": ["a", "b"], "group": ["G", "G"]})
    with pytest.raises(InputError, match="2 wave pairs"):
        roll_up(ch, org)
    one = ch[ch.wave_to == W3]
    r = roll_up(one, org)
    assert set(r["metric"]) == {"delta"}  # the level is counted, not averaged
    assert r.loc[r.level == "company", "levels"].item() == "ML2: 2"
    with pytest.raises(InputError, match="level"):
        roll_up(one, org, values=["maturity_level"])
    # the frame already has a group column: used, no KeyError
    r2 = roll_up(one.assign(group=["X", "Y"]), org)
    assert set(r2.loc[r2.level == "group", "unit"]) == {"X", "Y"}
    # per-wave attributes: headcount of each wave
    mat = pd.DataFrame({"wave": [W1, W1, W3, W3], "business_line": ["a", "b"] * 2,
                        "maturity_index": [1.0, 2.0, 3.0, 4.0]})
    att = pd.DataFrame({"wave": [W1, W1, W3, W3], "business_line": ["a", "b"] * 2,
                        "group": "G", "headcount": [1, 3, 3, 1]})
    w = roll_up(mat, att, rule="weighted", weight="headcount")
    comp = w[w.level == "company"].set_index("wave")["value"]
    assert comp[W1] == pytest.approx((1 * 1 + 2 * 3) / 4)
    assert comp[W3] == pytest.approx((3 * 3 + 4 * 1) / 4)


# ------------------------------------------------------------------------------ mappings

def cmmi_answers(wave: str, line: str, people: int, value: float) -> pd.DataFrame:
    from maturity.model.load import load_model

    q = load_model("cmmi-dev-1.3").questions
    rows = [(wave, line, f"{line}-r{i}", qq, pr, pa, str(value), value, False)
            for i in range(people)
            for qq, pr, pa in zip(q["question"], q["practice"], q["process_area"], strict=True)]
    return pd.DataFrame(rows, columns=["wave", "business_line", "respondent", "question",
                                       "practice", "process_area", "answer", "value", "na"])


def test_renamed_question_mapped_gives_the_scores_of_the_new_ids():
    from maturity.scoring.score import score

    truth = pd.concat([cmmi_answers(W1, "east", 3, 2.0), cmmi_answers(W3, "east", 3, 3.0)],
                      ignore_index=True)
    old = truth.copy()
    hit = (old.wave == W1) & (old.question == "REQM.SP1.1.Q1")
    old.loc[hit, "question"] = "V1-REQM-1"
    qm = read_question_map({"waves": [W1], "renamed": {"V1-REQM-1": "REQM.SP1.1.Q1"}})
    mapped, notes = apply_question_map(old, qm, "cmmi-dev-1.3")
    assert notes[["wave", "action", "n_answers"]].values.tolist() == [[W1, "renamed", 3]]
    a = score(mapped, "cmmi-dev-1.3").maturity
    b = score(truth, "cmmi-dev-1.3").maturity
    pd.testing.assert_frame_equal(a.astype({"wave": str, "business_line": str}),
                                  b.astype({"wave": str, "business_line": str}))
    # without the map the old answers are unknown ids: the practice has no answer in W1
    dropped = old[~hit]
    with pytest.warns(MaturityWarning, match="no answer in wave 2025-03"):
        n = unanswered_practices(dropped, "cmmi-dev-1.3")
    assert n[["wave", "question"]].values.tolist() == [[W1, "REQM.SP1.1"]]
    # the reading model accepts the old id (for read_responses)
    assert "V1-REQM-1" in set(reading_model("cmmi-dev-1.3", qm).questions["question"])


def test_common_questions_compare_the_same_question_set():
    from maturity.scoring.score import score

    w1 = cmmi_answers(W1, "east", 2, 2.0)
    w3 = cmmi_answers(W3, "east", 2, 2.0)
    new_q = w3["question"] == "PP.SP1.1.Q1"
    w3.loc[new_q, ["value", "answer"]] = [4.0, "4.0"]  # a question only this year's asks
    w1 = w1[w1["question"] != "PP.SP1.1.Q1"]
    both, notes = common_questions(pd.concat([w1, w3], ignore_index=True))
    assert notes[["wave", "n_answers"]].values.tolist() == [[W3, 2]]
    model = restrict_model("cmmi-dev-1.3", set(both["question"]))
    assert "PP.SP1.1" not in set(model.practices["practice"])
    sc = score(both, model)
    out = changes(both, sc.maturity)
    # plain: every respondent answers 2.0 on the common questions in both waves
    assert out.loc[0, "score_delta"] == 0.0
    assert out.loc[0, "delta"] == 0.0


def test_merged_lines_pair_their_respondents():
    rows = [(W1, "a", "p1", 2.0), (W1, "a", "p2", 2.2), (W1, "b", "p3", 3.0),
            (W1, "b", "p4", 3.1), (W3, "ab", "p1", 2.5), (W3, "ab", "p2", 2.6),
            (W3, "ab", "p3", 3.2), (W3, "ab", "p4", 3.3)]
    resp = one_answer(rows)
    lm = read_line_map([{"wave": W1, "business_line": "a", "action": "merged_into", "to": "ab"},
                        {"wave": W1, "business_line": "b", "action": "merged_into", "to": "ab"}])
    mapped, notes = apply_line_map(resp, lm)
    assert notes["n_answers"].tolist() == [2, 2]
    mat = maturity_of([(W1, "ab", 2, 2.5), (W3, "ab", 2, 2.9)])
    row = changes(mapped, mat).iloc[0]
    assert row["business_line"] == "ab" and row["n_paired"] == 4
    # plain: mean of the four pairs' differences
    assert row["stayers_delta"] == pytest.approx(np.mean([0.5, 0.4, 0.2, 0.2]))


def test_split_line_takes_its_respondents_baseline(tmp_path):
    rows = [(W1, "it", "p1", 2.0), (W1, "it", "p2", 2.2), (W1, "it", "p3", 3.0),
            (W3, "cloud", "p1", 2.6), (W3, "it", "p2", 2.4), (W3, "it", "p3", 3.1)]
    p = tmp_path / "map.yaml"
    p.write_text(f"lines:\n  - {{wave: '{W3}', business_line: cloud, action: split_from, "
                 "to: it}\n", encoding="utf-8")
    _, lm = read_mappings(p)
    mapped, notes = apply_line_map(one_answer(rows), lm)
    got = mapped[mapped.wave == W1].set_index("respondent")["business_line"].to_dict()
    assert got == {"p1": "cloud", "p2": "it", "p3": "it"}
    assert notes["n_answers"].tolist() == [1]


# ------------------------------------------------------------ last year's outputs as baseline

def test_score_writes_respondents_and_compare_uses_last_years_outputs(tmp_path, capsys):
    from maturity.cli import main
    from maturity.datasets import data_path

    src = data_path("responses")
    last = tmp_path / "last"
    assert main(["score", str(src / f"{W1}.csv"), "--model", "cmmi-dev-1.3", "--out",
                 str(last), "--quiet"]) == 0
    rs = pd.read_csv(last / "respondents.csv", dtype={"wave": str})
    assert list(rs.columns) == ["wave", "business_line", "respondent", "score", "n_answers"]
    outs = read_outputs(last)
    assert outs["maturity"]["wave"].map(type).eq(str).all()
    # this year: only the 2026-03 answers; the baseline from last year's outputs
    out = tmp_path / "cmp"
    assert main(["compare", str(src / f"{W3}.csv"), "--model", "cmmi-dev-1.3", "--out",
                 str(out), "--baseline-outputs", str(last), "--quiet", "--n-boot", "0"]) == 0
    ch = pd.read_csv(out / "changes.csv", dtype={"wave_from": str, "wave_to": str},
                     keep_default_na=False, na_values=[""])
    assert set(zip(ch.wave_from, ch.wave_to, strict=True)) == {(W1, W3)}
    # the index change is last year's maturity.csv against this year's scores, by hand
    old = pd.read_csv(last / "maturity.csv").set_index("business_line")["maturity_index"]
    row = ch.set_index("business_line").loc["bank-delivery"]
    assert row["index_from"] == pytest.approx(old["bank-delivery"])
    assert row["test"] in ("wilcoxon", "mann_whitney")  # respondents.csv made a test possible
    # without respondents.csv: index changes only, and the caveat says why
    (last / "respondents.csv").unlink()
    assert main(["compare", str(src / f"{W3}.csv"), "--model", "cmmi-dev-1.3", "--out",
                 str(out), "--baseline-outputs", str(last), "--quiet", "--n-boot", "0"]) == 0
    ch2 = pd.read_csv(out / "changes.csv", keep_default_na=False)
    assert ch2["caveat"].str.contains("no respondent test possible").all()
    assert list(ch2.columns) == CHANGES_COLUMNS


def test_compare_with_mappings_writes_notes_and_no_false_level_jump(tmp_path):
    from maturity.cli import main
    from maturity.datasets import data_path

    src = data_path("responses")
    a = pd.read_csv(src / f"{W1}.csv", dtype=str, keep_default_na=False)
    hit = a["question"] == "REQM.SP1.1.Q1"
    a.loc[hit, "question"] = "V1-REQM-1"  # last year's questionnaire id
    data = tmp_path / "answers"
    data.mkdir()
    a.to_csv(data / f"{W1}.csv", index=False)
    (data / f"{W3}.csv").write_bytes((src / f"{W3}.csv").read_bytes())
    mp = tmp_path / "map.yaml"
    mp.write_text(f"questions:\n  waves: ['{W1}']\n  renamed: {{V1-REQM-1: REQM.SP1.1.Q1}}\n",
                  encoding="utf-8")
    out = tmp_path / "cmp"
    assert main(["compare", str(data), "--model", "cmmi-dev-1.3", "--out", str(out),
                 "--mappings", str(mp), "--all-questions", "--quiet", "--n-boot", "0"]) == 0
    assert not (out / "rejected.csv").exists()
    notes = pd.read_csv(out / "mapping_notes.csv", dtype=str)
    assert notes.loc[notes.action == "renamed", "n_answers"].astype(int).item() == int(hit.sum())
    ref = tmp_path / "ref"
    # the mapped answers score as the original ids do: same levels as the untouched files
    both = tmp_path / "both"
    both.mkdir()
    for w in (W1, W3):
        (both / f"{w}.csv").write_bytes((src / f"{w}.csv").read_bytes())
    assert main(["compare", str(both), "--model", "cmmi-dev-1.3", "--out", str(ref),
                 "--quiet", "--n-boot", "0"]) == 0
    got = pd.read_csv(out / "changes.csv")[["business_line", "level_from", "index_from"]]
    exp = pd.read_csv(ref / "changes.csv")[["business_line", "level_from", "index_from"]]
    pd.testing.assert_frame_equal(got, exp)


def test_moved_question_and_csv_maps(tmp_path):
    resp = pd.DataFrame({"wave": W1, "business_line": "a", "respondent": "r",
                         "question": ["REQM.SP1.3.Q1"], "practice": "REQM.SP1.3",
                         "process_area": "REQM", "value": 2.0, "na": False})
    q = tmp_path / "questions.csv"
    q.write_text("old_question,new_question,action,practice\n"
                 "REQM.SP1.3.Q1,REQM.SP1.3.Q1,moved,PP.SP1.1\n", encoding="utf-8")
    qm, lm = read_mappings(q)
    assert len(lm) == 0 and qm["action"].tolist() == ["moved"]
    out, notes = apply_question_map(resp, qm, "cmmi-dev-1.3")
    # the model says PP.SP1.1 belongs to PP: practice and process area follow the move
    assert out[["question", "practice", "process_area"]].astype(str).values.tolist() == [
        ["REQM.SP1.3.Q1", "PP.SP1.1", "PP"]]
    assert notes["action"].tolist() == ["moved"]
    ln = tmp_path / "lines.csv"
    ln.write_text(f"wave,business_line,action,target\n{W3},ai-lab,new,\n{W1},legacy,closed,\n",
                  encoding="utf-8")
    _, lm = read_mappings(ln)
    _, notes = apply_line_map(one_answer([(W1, "legacy", "r", 1.0)]), lm)
    assert notes["message"].tolist() == [f"line ai-lab is new in {W3}: no baseline",
                                         f"line legacy closed after {W1}: no later wave"]
    with pytest.raises(InputError, match="row 2"):
        read_question_map(pd.DataFrame({"old_question": ["x"], "new_question": [""],
                                        "action": ["renamed"]}))


def test_trend_chart_spaces_waves_by_date_and_keeps_lines_distinct():
    import matplotlib.pyplot as plt

    from maturity.plots.trends import plot_index_trend

    lines = [f"l{i:02d}" for i in range(14)]
    mat = pd.DataFrame([(w, ln, 1, 1.0 + i / 10) for w in ("2025-03", "2025-09", "2026-09")
                        for i, ln in enumerate(lines)],
                       columns=["wave", "business_line", "maturity_level", "maturity_index"])
    ax = plot_index_trend(mat)
    ticks = ax.get_xticks()
    # by hand: 2025-03-01 -> 2025-09-01 is 184 days, -> 2026-09-01 is 549 days
    assert ticks == pytest.approx([0, 184 / 365.25, 549 / 365.25])
    styles = {(ln.get_color(), ln.get_linestyle()) for ln in ax.get_lines()}
    assert len(styles) == 14
    plt.close("all")


def test_chart_does_not_star_a_line_whose_mean_fell_while_its_stayers_rose():
    import matplotlib.pyplot as plt

    from maturity.plots.trends import plot_index_trend

    resp = beta_line()
    mat = maturity_of([(W1, "beta", 2, 2.40), (W2, "beta", 2, 2.39)])
    ch = changes(resp, mat)
    assert bool(ch.loc[0, "significant"])  # the stayers' rise is significant ...
    ax = plot_index_trend(mat, ch)
    assert [t.get_text() for t in ax.texts] == []  # ... but the falling line gets no star
    plt.close("all")


def test_report_with_last_years_outputs_as_baseline(tmp_path):
    from maturity.cli import main
    from maturity.datasets import data_path

    src = data_path("responses")
    last = tmp_path / "last"
    assert main(["score", str(src / f"{W1}.csv"), "--model", "cmmi-dev-1.3", "--out",
                 str(last), "--quiet"]) == 0
    out = tmp_path / "rep"
    assert main(["report", str(src / f"{W3}.csv"), "--model", "cmmi-dev-1.3", "--out",
                 str(out), "--baseline-outputs", str(last), "--no-pdf", "--quiet",
                 "--n-boot", "0"]) == 0
    html = (out / "maturity_report.html").read_text(encoding="utf-8")
    assert f"Compared: {W1} → {W3} (baseline" in html
    # the index change of a line is last year's maturity.csv against this year's, by hand
    old = pd.read_csv(last / "maturity.csv").set_index("business_line")["maturity_index"]
    new = pd.read_excel(out / "maturity_report.xlsx", sheet_name=None)
    ch = next(v for k, v in new.items() if "delta" in v.columns and "wave_from" in v.columns)
    row = ch.set_index("business_line").loc["bank-delivery"]
    assert row["index_from"] == pytest.approx(old["bank-delivery"])
