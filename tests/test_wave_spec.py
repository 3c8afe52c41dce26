"""Tests of maturity.plan.wave_spec: the ordered wave rules written as text (CLI --wave-rules)."""

from __future__ import annotations

import pandas as pd
import pytest

from maturity.cli import main
from maturity.datasets import data_path
from maturity.exceptions import ValidationError
from maturity.i18n import language
from maturity.plan.roadmap import plan_roadmap
from maturity.plan.wave_spec import condition_rule, rules_from_text
from maturity.report.translate import translate_reason

MAT = pd.DataFrame({"wave": "2026-03", "business_line": ["bank", "shop", "tools"],
                    "maturity_level": [2, 1, 3], "maturity_index": [2.4, 1.6, 3.1]})
LG = pd.DataFrame({"wave": "2026-03", "business_line": ["bank", "shop", "tools"],
                   "level_gap": [1, 1, 0], "total_gap": [6, 3, 0], "effort": [40, 16, 0]})
ATTRS = pd.DataFrame({"business_line": ["bank", "shop", "tools"],
                      "group": ["FS", "Digital", "Digital"], "headcount": [80, 30, 10],
                      "complexity": [4, 2, 1], "customer_strictness": [3, 0, 0]})


def _waves(rules) -> dict[str, object]:
    rm = plan_roadmap(MAT, LG, None, ATTRS, rules=rules).roadmap
    return {b: (None if pd.isna(w) else int(w), r) for b, w, r in
            zip(rm["business_line"], rm["wave"], rm["rule"].fillna(""), strict=True)}


def test_built_in_names_quadrants_and_conditions_in_order():
    rs = rules_from_text("the rest; 客户要求; quick win; group = FS and headcount <= 50; deferred")
    assert [r.name for r in rs] == ["the rest", "customer pull", "quick win",
                                    "group = FS and headcount <= 50", "deferred"]
    # the cut-offs reach the built-in rules
    f = pd.DataFrame({"complexity": [3], "customer_strictness": [1],
                      "customer_requirement": [False], "quadrant": ["fill-in"]})
    assert not rules_from_text("simple work")[0].predicate(f).any()
    assert rules_from_text("simple work", max_complexity=3)[0].predicate(f).all()
    assert rules_from_text(["customer pull"], min_strictness=1)[0].predicate(f).all()


def test_conditions_compare_numbers_texts_one_of_and_missing_values():
    f = pd.DataFrame({"group": ["FS", "Retail", None, "Digital"],
                      "headcount": [40, 80, 10, None],
                      "posture": ["grow and build", "hold and maintain", None, "grow and build"]})
    assert condition_rule("group = FS|Retail").predicate(f).tolist() == [True, True, False,
                                                                         False]
    assert condition_rule("group != FS|Retail").predicate(f).tolist() == [False, False, False,
                                                                          True]
    assert condition_rule("headcount >= 40").predicate(f).tolist() == [True, True, False, False]
    assert condition_rule("headcount < 50 and group == FS").predicate(f).tolist() == [
        True, False, False, False]
    # a quoted value may hold " and "
    assert condition_rule("posture = 'grow and build' AND headcount > 5").predicate(
        f).tolist() == [True, False, False, False]


def test_plan_follows_the_stated_order_and_says_why():
    assert _waves(rules_from_text("group = Digital; customer pull")) == {
        "shop": (1, "group = Digital"), "bank": (2, "customer pull"), "tools": (None, "")}
    rm = plan_roadmap(MAT, LG, None, ATTRS, rules=rules_from_text("complexity <= 2")).roadmap
    why = rm.set_index("business_line")["reason"]
    assert "it matches the rule complexity <= 2 (complexity 2)" in why["shop"]
    assert why["bank"] == "Left out: the line matches none of the wave rules."
    with language("zh"):
        assert "符合规则 complexity <= 2（complexity 2）" in translate_reason(why["shop"])


@pytest.mark.parametrize(("spec", "says"), [
    ("big ones first", "'big ones first' is not understood; expected a rule name"),
    (" ; ", "no rule given"),
    ("group = FS and size", "'size' is not understood"),
])
def test_text_that_is_no_rule_is_refused(spec, says):
    with pytest.raises(ValidationError, match=says):
        rules_from_text(spec)


def test_unknown_column_is_refused_naming_the_columns_there():
    with pytest.raises(ValidationError, match=r"no column grup .*columns there: .*headcount"):
        plan_roadmap(MAT, LG, None, ATTRS, rules=rules_from_text("grup = FS"))


def test_cli_wave_rules(tmp_path, capsys):
    args = ["roadmap", str(data_path("responses")), "--model", "cmmi-dev-1.3",
            "--target", str(data_path("targets.yaml")), "--swot", str(data_path("swot.csv")),
            "--lines", str(data_path("business_lines.csv")), "--quiet"]
    assert main([*args, "--out", str(tmp_path / "a"), "--wave-rules",
                 "group = Public Sector; customer pull; headcount <= 60 and complexity <= 3; "
                 "the rest"]) == 0
    rm = pd.read_csv(tmp_path / "a" / "roadmap.csv").set_index("business_line")
    # by hand (data/business_lines.csv): government-projects is Public Sector; insurance has
    # strictness 2; data-analytics (40, 2) and internal-tools (25, 1) are small and simple; the
    # other three lines meet their targets
    assert rm["wave"].dropna().astype(int).to_dict() == {
        "government-projects": 1, "insurance-solutions": 2, "data-analytics": 3,
        "internal-tools": 3}
    assert rm.loc["data-analytics", "rule"] == "headcount <= 60 and complexity <= 3"
    assert main([*args, "--out", str(tmp_path / "b"), "--wave-rules", "grup = FS"]) == 2
    assert "no column grup" in capsys.readouterr().err
