"""One plan everywhere (issue 17 item 4): the report, the CLI and plan_rollout build the same
plan from the same inputs and options; every planning option is on the CLI; AHP weight groups."""

from __future__ import annotations

import pandas as pd
import pytest

from maturity.datasets import data_path
from maturity.exceptions import ValidationError
from maturity.plan.rollout import PlanOptions, ahp_group_weights, plan_rollout

SAMPLE = dict(target=data_path("targets.yaml"), lines=data_path("business_lines.csv"),
              swot=data_path("swot.csv"))


@pytest.fixture(scope="module")
def scored():
    from maturity import score
    from maturity.ingest.responses import read_responses
    from maturity.model.load import load_model

    m = load_model("cmmi-dev-1.3")
    resp = read_responses(data_path("responses/2026-03.csv"), m).responses
    return resp, score(resp, m)


def test_report_and_cli_make_the_same_plan(tmp_path, scored):
    from maturity.cli import main
    from maturity.deliverable import report_inputs

    resp, scores = scored
    opt = PlanOptions(capacity=3, start="2026-04-13", min_strictness=2)
    inputs = report_inputs(data_path("responses/2026-03.csv"), "cmmi-dev-1.3",
                           SAMPLE["target"], SAMPLE["swot"], SAMPLE["lines"], plan_options=opt)
    plan = plan_rollout(scores, SAMPLE["target"], SAMPLE["lines"], SAMPLE["swot"],
                        responses=resp, options=opt)
    pd.testing.assert_frame_equal(inputs["roadmap"].roadmap, plan.roadmap.roadmap)
    # the SWOT target raise is applied in the report too (issue 17: it was skipped there)
    pd.testing.assert_frame_equal(inputs["gaps"].line_gaps, plan.gaps.line_gaps)
    out = tmp_path / "out"
    assert main(["roadmap", str(data_path("responses/2026-03.csv")), "--model",
                 "cmmi-dev-1.3", "--target", str(SAMPLE["target"]), "--lines",
                 str(SAMPLE["lines"]), "--swot", str(SAMPLE["swot"]), "--capacity", "3",
                 "--start", "2026-04-13", "--out", str(out), "--quiet"]) == 0
    csv = pd.read_csv(out / "roadmap.csv", keep_default_na=False)
    want = plan.roadmap.roadmap
    assert csv["business_line"].tolist() == want["business_line"].tolist()
    assert csv["start"].tolist() == [
        "" if pd.isna(x) else x.strftime("%Y-%m-%d") for x in want["start"]]
    assert csv["quadrant"].tolist() == want["quadrant"].tolist()


def test_every_planning_option_on_the_cli(tmp_path, capsys):
    from maturity.cli import main

    hol = tmp_path / "holidays.txt"
    hol.write_text("2026-04-14\n", encoding="utf-8")
    out = tmp_path / "o"
    argv = ["roadmap", str(data_path("responses/2026-03.csv")), "--model", "cmmi-dev-1.3",
            "--target", str(SAMPLE["target"]), "--lines", str(SAMPLE["lines"]),
            "--swot", str(SAMPLE["swot"]), "--capacity", "1", "--start", "2026-04-13",
            "--weights", "customer_pull=3,size=1", "--min-strictness", "3",
            "--max-complexity", "3", "--quadrant", "value=0.6,pilot_weeks=10",
            "--scale", "points_per_coach_week=6", "--pass-rate", "0.9",
            "--wave-gate", "review", "--champions", "2", "--champions-per-source", "1",
            "--checkpoint-weeks", "3", "--holidays", str(hol), "--country", "none",
            "--sensitivity", "--out", str(out), "--quiet"]
    assert main(argv) == 0
    r = pd.read_csv(out / "roadmap.csv", keep_default_na=False)
    ph = pd.read_csv(out / "phases.csv", keep_default_na=False)
    assert (r["start"].replace("", None).dropna() >= "2026-04-13").all()
    # the holiday 2026-04-14 (holidays file) is skipped: the first line's co-design week
    # (--codesign-weeks default 1 = 5 working days) from Monday 04-13 ends Monday 04-20
    # (13, 15, 16, 17, 20); its training starts the next working day, Tuesday 04-21, and
    # ends 04-27 after 1 week (21, 22, 23, 24, 27) or 05-04 after 2 (+ 28, 29, 30, 05-01,
    # 05-04; --country none: no Labour Day holiday)
    co = ph[(ph["phase"] == "co-design")].iloc[0]
    assert (co["start"], co["end"]) == ("2026-04-13", "2026-04-20")
    first = ph[(ph["phase"] == "training")].iloc[0]
    assert first["business_line"] == co["business_line"]
    assert first["start"] == "2026-04-21"
    assert first["end"] in ("2026-04-27", "2026-05-04")  # 1 or 2 training weeks
    assert "gate: pass rate >= 0.90" in " ".join(ph["detail"])
    import openpyxl

    assert "Sensitivity" in openpyxl.load_workbook(out / "roadmap.xlsx").sheetnames
    with pytest.raises(SystemExit):
        main(["roadmap", "--wave-gate", "never"])


def test_cli_bad_pairs_exit_2(tmp_path, capsys):
    from maturity.cli import main

    rc = main(["roadmap", str(data_path("responses/2026-03.csv")), "--model", "cmmi-dev-1.3",
               "--target", str(SAMPLE["target"]), "--lines", str(SAMPLE["lines"]),
               "--weights", "value:2", "--out", str(tmp_path / "o")])
    assert rc == 2
    assert "is not name=number" in capsys.readouterr().err


def test_ahp_template_round_trip(tmp_path, capsys, scored):
    from maturity.cli import main
    from maturity.plan.rollout import read_ahp_workbook

    p = tmp_path / "ahp.xlsx"
    assert main(["roadmap", "--ahp-template", str(p)]) == 0
    tables = read_ahp_workbook(p)
    assert list(tables) == ["priority", "value", "effort", "readiness"]
    # identity tables: equal weights within each group
    w = ahp_group_weights(tables)
    assert w["value"] == pytest.approx(1 / 3) and w["customer_pull"] == pytest.approx(0.5)
    resp, scores = scored
    plan = plan_rollout(scores, SAMPLE["target"], SAMPLE["lines"], SAMPLE["swot"],
                        options=PlanOptions(ahp=p, start="2026-04-13"))
    assert plan.roadmap.settings["weights"]["customer_pull"] == pytest.approx(0.5)


def test_ahp_group_must_cover_its_group_and_cr_is_held():
    # issue 17: ahp_weights([[9]], labels=['customer_pull', 'gap']) mixed with the default
    # size weight; an AHP table must name exactly one group's criteria
    bad = pd.DataFrame([[1, 9], [1 / 9, 1]], index=["customer_pull", "gap"],
                       columns=["customer_pull", "gap"])
    with pytest.raises(ValidationError, match="exactly customer_pull, size"):
        ahp_group_weights({"value": bad})
    # a 3 x 3 table with CR 0.069 > 0.05 (test_ahp) is refused unless forced
    crit = ["gap", "backlog", "complexity"]
    t = pd.DataFrame([[1, 1, 3], [1, 1, 7], [1 / 3, 1 / 7, 1]], index=crit, columns=crit)
    with pytest.raises(ValidationError, match="CR = 0.069 > 0.05"):
        ahp_group_weights({"effort": t})
    with pytest.warns(Warning, match="force=True"):
        w = ahp_group_weights({"effort": t}, force=True)
    assert sum(w.values()) == pytest.approx(1.0)
