"""Target answers and phases (issue 14, item 6).

The expected values of the first test are the worked example of the OWASP SAMM core team:
Aram Hovsepyan, "SAMM Scoring: Percent to Target and Progress to Date Metrics", owaspsamm.org
blog, 2025-01-21 (https://owaspsamm.org/blog/2025/01/21/samm-relative-scoring; source
content/en/blog/samm-relative-scoring.md of github.com/owaspsamm/website). A web team's Secure
Build practice (I-SB-A-1..3, I-SB-B-1..3, here secure-dev's SB.A.1..3, SB.B.1..3):

    current  0.25 0 0 | 1 0   0        target  1 1 0 | 1 0.5 0
    AbsoluteGap = 0.75 + 1 + 0.5 = 2.25; AbsoluteTargetScore = 3.5
    PercentageToTarget = 1 - 2.25 / 3.5 = 0.357
    BaselineScore = (0.25 + 1) / 2 = 0.625; TargetScore = (2 + 1.5) / 2 = 1.75
    after one quarter: SB.A.1 -> 1, SB.A.2 -> 0.5: CurrentScore = (1.5 + 1) / 2 = 1.25
    ProgressToDate = (1.25 - 0.625) / (1.75 - 0.625) = 0.55

"All other SAMM current and target scores as 0" (the blog): the other activities are
answered 0 and have no target answer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import maturity
from maturity.exceptions import TargetError
from maturity.plan.gap import read_targets
from maturity.plan.phase_progress import phase_progress
from maturity.plan.targets_answers import resolve_phases

SAMM_TARGET = {"SB.A.1": 1, "SB.A.2": 1, "SB.A.3": 0, "SB.B.1": 1, "SB.B.2": 0.5, "SB.B.3": 0}


def _wave(model, wave: str, values: dict[str, float], line: str = "web") -> pd.DataFrame:
    q = model.questions
    ans = q["practice"].map(values).fillna(0.0).astype(float)
    return pd.DataFrame({"wave": wave, "business_line": line, "respondent": "r1",
                         "question": q["question"], "answer": ans.map(lambda v: f"{v:g}"),
                         "value": ans, "na": False})


@pytest.fixture(scope="module")
def samm():
    return samm_scores()


def samm_scores():
    """The secure-dev model and the blog example's two waves scored (2025Q1, 2025Q2)."""
    m = maturity.load_model("secure-dev")
    baseline = {"SB.A.1": 0.25, "SB.B.1": 1.0}
    quarter = {"SB.A.1": 1.0, "SB.A.2": 0.5, "SB.B.1": 1.0}
    resp = pd.concat([_wave(m, "2025Q1", baseline), _wave(m, "2025Q2", quarter)],
                     ignore_index=True)
    return m, maturity.score(resp, m)


def test_samm_relative_scoring_blog_example(samm):
    m, s = samm
    t = read_targets({"practices": SAMM_TARGET}, m)
    # at the assessment (2025Q1): gap 2.25 of a target total 3.5 -> 1 - 2.25 / 3.5
    first = maturity.progress_to_target(s, t, wave="2025Q1").lines.iloc[0]
    assert first["absolute_gap"] == pytest.approx(2.25)
    assert first["target_total"] == pytest.approx(3.5)
    assert first["percent_to_target"] == pytest.approx(round(1 - 2.25 / 3.5, 4))  # 0.357
    # after a quarter: progress to date (1.25 - 0.625) / (1.75 - 0.625) = 0.5556 ("0.55")
    pp = phase_progress(s, t)
    line = pp.lines.iloc[0]
    assert line["progress_to_date"] == pytest.approx(round(0.625 / 1.125, 4))
    # gaps now 0 + 0.5 + 0.5 = 1.0 -> percent to target 1 - 1 / 3.5 (hand calculation)
    assert line["absolute_gap"] == pytest.approx(1.0)
    assert line["percent_to_target"] == pytest.approx(round(1 - 1 / 3.5, 4))
    sb = pp.areas.set_index("process_area").loc["SB"]
    assert (sb["baseline_score"], sb["target_score"], sb["current_score"]) == (0.625, 1.75, 1.25)
    # practice rows: the six targeted activities
    rows = pp.practices.set_index("practice")
    assert rows.loc["SB.A.2", ["target", "current", "gap"]].tolist() == [1.0, 0.5, 0.5]
    assert len(rows) == 6


def test_phases_start_from_the_previous_one(samm):
    # Phase 1 (2025Q3) raises SB.A.1 to 1 for every line; phase 2 adds SB.A.2 = 1 and
    # SB.B.2 = 0.5; the target posture adds SB.A.3 = 0.5 for web only.
    # Resolved (hand): p1 {A.1: 1}; p2 {A.1: 1, A.2: 1, B.2: 0.5};
    #                  target {A.1: 1, A.2: 1, B.2: 0.5, A.3: 0.5}.
    # Current (2025Q2): A.1 1, A.2 0.5, B.1 1, others 0.
    #   p1: gap 0, target total 1 -> percent 1.0
    #   p2: gaps 0 + 0.5 + 0.5 = 1.0, total 2.5 -> 1 - 1 / 2.5 = 0.6
    #   target: gaps 1.0 + 0.5 = 1.5, total 3.0 -> 0.5
    m, s = samm
    doc = {"phases": [{"name": "p1", "end": "2025Q3", "practices": {"SB.A.1": 1}},
                      {"name": "p2", "end": "2025-12-31",
                       "practices": {"SB.A.2": 1, "SB.B.2": "Yes, for at least half"}}],
           "practices": {"web": {"SB.A.3": 0.5}}}
    t = read_targets(doc, m)
    r = resolve_phases(t.answers, ["web"])
    assert r.groupby("phase", sort=False).size().to_dict() == {"p1": 1, "p2": 3, "target": 4}
    pp = phase_progress(s, t).lines.set_index("phase")
    assert pp["percent_to_target"].to_dict() == {"p1": 1.0, "p2": 0.6, "target": 0.5}
    assert pp.loc["p1", "end"] == "2025Q3"
    # target score of SB after p2 (posture: A 1 + 1 + 0 = 2, B 1 + 0.5 + 0 = 1.5) = 1.75
    areas = phase_progress(s, t).areas
    assert areas.query("phase == 'p2' and process_area == 'SB'")["target_score"].item() == 1.75


def test_target_answers_from_csv(samm, tmp_path):
    m, s = samm
    csv = tmp_path / "targets.csv"
    lines = ["business_line,practice,target,phase"]
    lines += [f"*,{p},{v},target" for p, v in SAMM_TARGET.items()]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = read_targets(csv, m)
    assert len(t.targets) == 0 and len(t.answers) == 6
    first = maturity.progress_to_target(s, t, wave="2025Q1").lines.iloc[0]
    assert first["absolute_gap"] == pytest.approx(2.25)


def test_target_answer_errors(samm):
    m, _ = samm
    with pytest.raises(TargetError, match="unknown practice") as e:
        read_targets({"practices": {"SB.A.9": 1, "SB.A.1": 7}}, m)
    assert len(e.value.failures) == 2  # both problems reported
    with pytest.raises(TargetError, match="invalid target answer"):
        read_targets({"practices": {"SB.A.1": "maybe"}}, m)


def test_level_targets_unchanged_without_answers():
    # A profile with levels only gives no answers and the level-derived targets as before.
    t = read_targets({"default_level": 2}, "cmmi-dev-1.3")
    assert t.answers is None and t.scope is None
    assert np.array_equal(t.targets["target_level"].to_numpy(), [2])


def test_gap_analysis_carries_phases_and_target_answers(samm):
    # with level targets and a target answer for SB.A.1 only: the backlog gains target_answer
    # and answer_gap (SB.A.1 now 1 -> gap 0), the phases frame the blog-style figures of the
    # answers alone (one practice: target 1, current 1 -> percent 1.0)
    m, s = samm
    g = maturity.gap_analysis(s, read_targets({"default_level": 2, "practices": {"SB.A.1": 1}}, m))
    assert list(g.backlog.columns[-2:]) == ["target_answer", "answer_gap"]
    assert g.backlog["target_answer"].isna().all()  # SB.A.1 is met: not in the backlog
    assert g.phases[["phase", "n_required", "percent_to_target"]].iloc[0].tolist() == [
        "target", 1, 1.0]
    assert g.phase_practices["practice"].tolist() == ["SB.A.1"]
    # without target answers nothing changes
    g0 = maturity.gap_analysis(s, {"default_level": 2})
    assert g0.phases is None and "target_answer" not in g0.backlog.columns


def test_report_shows_progress_to_target_answers_by_phase(samm, tmp_path):
    # the blog's example in the report's gaps section: 2025Q2 (a quarter later) against the
    # target posture; 1.75 of 3.5 target total reached -> the percent the phases frame gives
    from maturity.report import write_report

    m, s = samm
    g = maturity.gap_analysis(s, read_targets({"practices": SAMM_TARGET}, m))
    row = g.phases[g.phases["wave"].astype(str) == "2025Q2"].iloc[0]
    paths = write_report(tmp_path, scores=s, gaps=g, pdf=False, formats="html")
    html = paths["html"].read_text(encoding="utf-8")
    section = html[html.index("Target answers by phase"):]
    section = section[: section.index("</table>")]
    assert f"{100 * row['percent_to_target']:.1f}%" in section
    assert f"{100 * row['progress_to_date']:.1f}%" in section
