"""Target answers as ranked backlog rows (issue 14, item 6; maturity.plan.answer_backlog).

Expected values are hand-worked here from the OWASP SAMM core team's relative-scoring example
(Aram Hovsepyan, "SAMM Scoring: Percent to Target and Progress to Date Metrics", owaspsamm.org
blog, 2025-01-21; the same example as tests/test_targets_answers.py): the web team's Secure
Build activities (secure-dev SB.A.1..3, SB.B.1..3)

    current (2025Q1) 0.25 0 0 | 1 0   0      target  1 1 0 | 1 0.5 0
    gaps             0.75 1 0 | 0 0.5 0      -> three backlog rows (SB.A.1, SB.A.2, SB.B.2)

and a quarter later (2025Q2: SB.A.1 -> 1, SB.A.2 -> 0.5): gaps 0 0.5 0 | 0 0.5 0.

Priority of an answer row (one line, no SWOT, coverage 1, scale 0..1):
``0.45 * answer_gap + 0.30 * 1/1 + 0.20 * 0 + 0.05 * 0``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_targets_answers import SAMM_TARGET, _wave, samm_scores

import maturity
from maturity.plan.answer_backlog import ANSWER_COLUMNS, first_missed_phase
from maturity.plan.gap import BACKLOG_COLUMNS, read_targets


@pytest.fixture(scope="module")
def samm():
    return samm_scores()


def test_samm_blog_example_gives_ranked_backlog_rows(samm):
    # answer-only targets: the backlog is no longer empty. At the assessment (2025Q1):
    # SB.A.2 gap 1    -> priority 0.45 * 1    + 0.30 = 0.75    rank 1
    # SB.A.1 gap 0.75 -> priority 0.45 * 0.75 + 0.30 = 0.6375  rank 2
    # SB.B.2 gap 0.5  -> priority 0.45 * 0.5  + 0.30 = 0.525   rank 3
    # the gaps add up to the blog's AbsoluteGap 2.25
    m, s = samm
    g = maturity.gap_analysis(s, read_targets({"practices": SAMM_TARGET}, m), wave="2025Q1")
    b = g.backlog
    assert list(b.columns) == BACKLOG_COLUMNS + ANSWER_COLUMNS
    assert b["practice"].tolist() == ["SB.A.2", "SB.A.1", "SB.B.2"]
    assert b["rank"].tolist() == [1, 2, 3]
    assert b["priority"].tolist() == pytest.approx([0.75, 0.6375, 0.525])
    assert b["answer_gap"].sum() == pytest.approx(2.25)
    assert b[["current_answer", "target_answer"]].values.tolist() == [[0.0, 1.0], [0.25, 1.0],
                                                                       [0.0, 0.5]]
    assert set(b["target_kind"]) == {"answer"} and set(b["phase"]) == {"target"}
    # effort: SB.A.1 in place (0.25 > 0) 1 point, the others to build 2 -> 5 in line_gaps
    assert b["effort"].tolist() == [2, 1, 2]
    lg = g.line_gaps.iloc[0]
    assert (lg["effort"], lg["n_answer_gaps"]) == (5, 3)
    assert b["gap"].isna().all() and b["levels_blocked"].isna().all()
    assert b["reason"].iloc[1] == ("misses target answer 1 of the target posture: current "
                                   "0.25, gap 0.75; target answer missed in 1 of 1 line")


def test_samm_blog_example_a_quarter_later(samm):
    # 2025Q2 (default: the latest wave): SB.A.1 met; SB.A.2 0.5 -> gap 0.5; SB.B.2 gap 0.5;
    # equal priority 0.525 -> model order (SB.A.2 before SB.B.2); AbsoluteGap 1.0 as the blog
    m, s = samm
    g = maturity.gap_analysis(s, read_targets({"practices": SAMM_TARGET}, m))
    assert g.backlog["practice"].tolist() == ["SB.A.2", "SB.B.2"]
    assert g.backlog["priority"].tolist() == pytest.approx([0.525, 0.525])
    assert g.backlog["answer_gap"].sum() == pytest.approx(g.phases["absolute_gap"].iloc[0])


def test_first_missed_phase_orders_the_backlog(samm):
    # phases (hand): p1 {A.1: 1}, p2 adds {A.2: 1, B.2: 0.5}, the posture adds {A.3: 0.5}.
    # 2025Q1: A.1 0.25 misses p1 (gap 0.75); A.2 0 misses p2 (gap 1); B.2 0 misses p2 (0.5);
    # A.3 0 misses the posture (0.5). Rank: p1 first, then p2 by priority, then the posture.
    m, s = samm
    doc = {"phases": [{"name": "p1", "end": "2025Q4", "practices": {"SB.A.1": 1}},
                      {"name": "p2", "end": "2026-12-31",
                       "practices": {"SB.A.2": 1, "SB.B.2": 0.5}}],
           "practices": {"SB.A.3": 0.5}}
    g = maturity.gap_analysis(s, read_targets(doc, m), wave="2025Q1")
    b = g.backlog
    assert b[["practice", "phase", "phase_order", "phase_end"]].values.tolist() == [
        ["SB.A.1", "p1", 1, "2025Q4"], ["SB.A.2", "p2", 2, "2026-12-31"],
        ["SB.B.2", "p2", 2, "2026-12-31"], ["SB.A.3", "target", 3, ""]]
    assert b["answer_gap"].tolist() == [0.75, 1.0, 0.5, 0.5]
    assert "(by 2025Q4)" in b["reason"].iloc[0]


def test_first_missed_phase_takes_the_earliest_phase():
    pr = pd.DataFrame({"phase": ["p1", "p2"], "end": ["", ""], "wave": "w", "business_line": "x",
                       "process_area": "A", "practice": "P", "target": [0.5, 1.0],
                       "current": [0.25, 0.25], "gap": [0.25, 0.75]})
    a = pd.DataFrame({"phase": ["p1", "p2"], "phase_order": [1, 2]})
    r = first_missed_phase(pr, a).iloc[0]
    assert (r["phase"], r["target_answer"], r["answer_gap"]) == ("p1", 0.5, 0.25)


def test_level_and_answer_targets_count_a_practice_once(samm):
    # default_level 1 in 2025Q1: every level-1 activity (answered 0 or 0.25) blocks level 1;
    # SB.A.1 (0.25, PI) is a level row AND misses its target answer 1 -> one row,
    # "level+answer", its answer columns filled; SB.B.1 (1) blocks nothing and meets its
    # target; SB.A.2 and SB.B.2 (level 2) are answer rows only.
    m, s = samm
    g = maturity.gap_analysis(s, read_targets({"default_level": 1, "practices": SAMM_TARGET}, m),
                              wave="2025Q1")
    b = g.backlog
    assert not b.duplicated(["business_line", "practice"]).any()
    row = b.set_index("practice").loc["SB.A.1"]
    assert (row["target_kind"], row["answer_gap"], row["gap"]) == ("level+answer", 0.75, 1)
    kinds = b.set_index("practice")["target_kind"]
    assert kinds[["SB.A.2", "SB.B.2"]].tolist() == ["answer", "answer"]
    assert "SB.B.1" not in kinds.index
    # 30 level-1 activities (15 practices x 2 streams) less SB.A.1 (level+answer) and SB.B.1
    assert (kinds == "level").sum() == 28
    # the level rows keep their order among themselves; the answer-only rows come last
    # in the (single) target phase
    levels = maturity.gap_analysis(s, {"default_level": 1}, wave="2025Q1").backlog
    mine = b[b["target_kind"] != "answer"]["practice"].tolist()
    assert mine == levels["practice"].tolist()
    assert b["target_kind"].tolist()[-2:] == ["answer", "answer"]
    assert b["rank"].tolist() == list(range(1, len(b) + 1))


def test_top_cuts_the_combined_backlog(samm):
    m, s = samm
    g = maturity.gap_analysis(s, read_targets({"practices": SAMM_TARGET}, m), wave="2025Q1",
                              top=2)
    assert g.backlog["practice"].tolist() == ["SB.A.2", "SB.A.1"]


def test_the_reason_in_chinese(samm):
    from maturity.i18n import language

    m, s = samm
    with language("zh"):
        g = maturity.gap_analysis(s, read_targets({"practices": SAMM_TARGET}, m), wave="2025Q1")
    assert g.backlog["reason"].iloc[1] == ("未达到目标态势的目标答案 1：当前 0.25，差距 0.75；"
                                           "1 条业务线中有 1 条未达到该目标答案")


def test_shared_practices_raise_the_priority():
    # two lines; "a" misses SB.A.1 (0 -> 1), "b" misses SB.A.1 and SB.A.2 (0 -> 1 each):
    # SB.A.1 shared by 2 of 2 lines: 0.45 * 1 + 0.30 * 2/2 = 0.75 (both lines);
    # SB.A.2 in 1 of 2 lines:        0.45 * 1 + 0.30 * 1/2 = 0.60
    m = maturity.load_model("secure-dev")
    resp = pd.concat([_wave(m, "2026Q1", {"SB.A.2": 1.0}, "a"), _wave(m, "2026Q1", {}, "b")],
                     ignore_index=True)
    g = maturity.gap_analysis(maturity.score(resp, m),
                              read_targets({"practices": {"SB.A.1": 1, "SB.A.2": 1}}, m))
    b = g.backlog.set_index(["business_line", "practice"])
    assert b.loc[("a", "SB.A.1"), "priority"] == pytest.approx(0.75)
    assert b.loc[("b", "SB.A.1"), "priority"] == pytest.approx(0.75)
    assert b.loc[("b", "SB.A.2"), "priority"] == pytest.approx(0.6)
    assert b.loc[("b", "SB.A.1"), "n_lines_sharing"] == 2
    # a line that meets every target answer still counts among the lines with targets:
    # "c" answers SB.A.1 and SB.A.2 fully -> SB.A.1 shared by 2 of 3: 0.45 + 0.30 * 2/3 = 0.65
    resp = pd.concat([resp, _wave(m, "2026Q1", {"SB.A.1": 1.0, "SB.A.2": 1.0}, "c")],
                     ignore_index=True)
    g = maturity.gap_analysis(maturity.score(resp, m),
                              read_targets({"practices": {"SB.A.1": 1, "SB.A.2": 1}}, m))
    b = g.backlog.set_index(["business_line", "practice"])
    assert b.loc[("a", "SB.A.1"), "priority"] == pytest.approx(0.65)
    assert "c" not in set(g.backlog["business_line"])


def test_level_only_backlog_has_no_answer_columns(samm):
    m, s = samm
    g = maturity.gap_analysis(s, {"default_level": 1})
    assert list(g.backlog.columns) == BACKLOG_COLUMNS
    assert "n_answer_gaps" not in g.line_gaps.columns
