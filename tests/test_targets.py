"""Tests of maturity.plan.targets and maturity.plan.targets_read: reading target profiles,
precedence, target staging and customer requirements (moved from tests/test_gap.py with the
code they test).

Expected values are hand calculations on the tiny staged model (tests/data/models/tiny-staged.yaml):
areas A (ML2: A.SP1.1, A.SP1.2, A.GP2.1, A.GP3.1), B (ML2: B.SP1.1, B.GP2.1, B.GP3.1) and
C (ML3: C.SP1.1, C.GP2.1, C.GP3.1); levels 1-3. Each test says how its numbers were worked out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from maturity.exceptions import TargetError
from maturity.model.load import load_model
from maturity.plan.swot import read_swot, swot_summary
from maturity.plan.targets import target_profile, targets_from_swot
from maturity.plan.targets_read import read_targets

TINY = Path(__file__).parent / "data/models/tiny-staged.yaml"
M = load_model(TINY)


def profile_dict(p: pd.DataFrame) -> dict:
    return {
        (r.business_line, r.process_area): (int(r.target_level), r.target_source)
        for r in p.itertuples(index=False)
    }


def test_target_precedence():
    # line_process_areas > process_areas > the line's maturity target > default_level.
    # x: A from line_process_areas (3, beats process_areas A: 1); B from x's ML3 (ML2 area -> CL3);
    #    C from line_process_areas (0, beats ML3 -> CL3).
    # y: A from process_areas (1, beats default ML2 -> CL2); B from default ML2 -> CL2;
    #    C is an ML3 area, above y's ML2 target: not in the profile.
    t = read_targets(
        {
            "default_level": 2,
            "lines": {"x": 3},
            "process_areas": {"A": 1},
            "line_process_areas": {"x": {"A": 3, "C": 0}},
        },
        M,
    )
    assert profile_dict(target_profile(t, ["x", "y"])) == {
        ("x", "A"): (3, "line_process_areas"),
        ("x", "B"): (3, "lines"),
        ("x", "C"): (0, "line_process_areas"),
        ("y", "A"): (1, "process_areas"),
        ("y", "B"): (2, "default_level"),
    }


@pytest.mark.parametrize(
    "ml, expected",
    [
        (1, {}),  # ML1 has no process areas
        (2, {"A": 2, "B": 2}),  # ML2: ML2 areas at CL2 (SGs + GG2)
        (3, {"A": 3, "B": 3, "C": 3}),  # ML3: GG3 for the ML2 areas too (staged equivalence)
    ],
)
def test_maturity_target_staging(ml, expected):
    p = target_profile(read_targets({"default_level": ml}, M), ["x"])
    assert dict(zip(p.process_area, p.target_level, strict=True)) == expected
    assert (p.target_maturity_level == ml).all()
    assert p.note.str.contains(f"ML{ml} target -> CL").all()


def test_cmmi_ml3_profile_has_every_ml2_and_ml3_area_at_cl3():
    # CMMI-DEV v1.3: 7 ML2 + 11 ML3 areas; ML4/ML5 areas (OPP, QPM, OPM, CAR) are above ML3.
    p = target_profile(read_targets({"lines": {"bank": 3}}, "cmmi-dev-1.3"), ["bank", "web"])
    assert len(p) == 18 and set(p.target_level) == {3} and set(p.business_line) == {"bank"}
    assert not set(p.process_area) & {"OPP", "QPM", "OPM", "CAR"}


def test_yaml_and_csv_give_the_same_targets(tmp_path):
    (tmp_path / "t.yaml").write_text(
        "default_level: 2\nlines: {x: 3}\nprocess_areas: {a: 3}\n"
        "line_process_areas:\n  y: {B: 1}\n",
        encoding="utf-8",
    )
    (tmp_path / "t.csv").write_text(
        "business_line,process_area,target_level\n,,2\nx,,3\n,A,3\ny,B,1\n", encoding="utf-8"
    )
    a, b = read_targets(tmp_path / "t.yaml", M), read_targets(tmp_path / "t.csv", M)
    pd.testing.assert_frame_equal(a.targets, b.targets)
    assert a.targets.source.tolist() == [
        "default_level",
        "lines",
        "process_areas",
        "line_process_areas",
    ]
    assert a.targets.kind.tolist() == ["maturity", "maturity", "capability", "capability"]
    assert a.targets.process_area.tolist() == ["", "", "A", "B"]  # 'a' matched case-free


@pytest.mark.parametrize(
    "text, key, value",
    [
        ("default_level: 4\n", "default_level", "4"),  # tiny model has levels 1-3
        ("lines: {x: 2.5}\n", "lines.x", "2.5"),  # not an integer
        ("lines: {x: two}\n", "lines.x", "two"),
        ("process_areas: {ZZ: 2}\n", "process_areas.ZZ", "ZZ"),  # unknown process area
        ("process_areas: {A: 4}\n", "process_areas.A", "4"),  # CL outside 0-3
        ("process_areas: {A: -1}\n", "process_areas.A", "-1"),
        ("line_process_areas: {x: {B: true}}\n", "line_process_areas.x.B", "True"),
        ("level: 2\n", "level", "level"),  # unknown top-level key
    ],
)
def test_yaml_target_errors_name_file_key_and_value(tmp_path, text, key, value):
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetError) as exc:
        read_targets(path, M)
    msg = str(exc.value)
    assert str(path) in msg and f"key '{key}'" in msg and f"found '{value}'" in msg
    assert "expected" in msg
    assert exc.value.failures.loc[0, "column"] == key


@pytest.mark.parametrize(
    "row, column, value",
    [
        ("x,,9", "target_level", "9"),
        ("x,Q,2", "process_area", "Q"),
        (",A,3.5", "target_level", "3.5"),
        (",A,", "target_level", ""),
        ("x,,3", "business_line", "x"),  # duplicate of row 2
    ],
)
def test_csv_target_errors_name_file_row_column_and_value(tmp_path, row, column, value):
    path = tmp_path / "targets.csv"
    path.write_text(f"business_line,process_area,target_level\nx,,2\n{row}\n", encoding="utf-8")
    with pytest.raises(TargetError) as exc:
        read_targets(path, M)
    msg = str(exc.value)
    assert msg.startswith(f"{path}: row 3, column '{column}'") and f"found '{value}'" in msg


def test_target_errors_are_collected():
    # three bad entries -> one error listing all three in .failures
    with pytest.raises(TargetError, match=r"3 problems") as exc:
        read_targets({"default_level": 9, "process_areas": {"ZZ": 2, "A": 7}}, M)
    assert exc.value.failures.column.tolist() == [
        "default_level",
        "process_areas.ZZ",
        "process_areas.A",
    ]
    assert (exc.value.failures.source == "<mapping>").all()


def test_csv_missing_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("line,target_level\n,2\n", encoding="utf-8")
    with pytest.raises(TargetError, match="column 'business_line'"):
        read_targets(path, M)


def test_targets_from_swot_customer_requirement():
    # bank: a customer demands ML3 -> its target becomes 3 (source customer_requirement);
    # web: its own target 3 is above the customer's 2 -> kept ("max");
    # ops: no customer requirement -> default 2.
    swot = read_swot(
        pd.DataFrame(
            {
                "business_line": ["bank"] * 2 + ["web"] * 2 + ["ops"] * 2,
                "quadrant": ["W", "T"] * 3,
                "factor": ["no QA", "audits", "no plans", "tender", "slow", "price"],
                "weight": [1.0] * 6,
                "rating": [1, 2, 1, 3, 2, 2],
                "tags": ["", "customer_requirement", "", "customer_requirement", "", ""],
                "target_level": [None, 3, None, 2, None, None],
            }
        )
    )
    base = read_targets({"default_level": 2, "lines": {"web": 3}}, M)
    before = base.targets.copy()
    t = targets_from_swot(swot_summary(swot), base)
    pd.testing.assert_frame_equal(base.targets, before)
    assert {ln: t.maturity_target(ln) for ln in ("bank", "web", "ops")} == {
        "bank": 3,
        "web": 3,
        "ops": 2,
    }
    p = target_profile(t, ["bank"])
    assert set(p.target_source) == {"customer_requirement"} and set(p.target_level) == {3}
    replaced = targets_from_swot(swot_summary(swot), base, how="replace")
    assert replaced.maturity_target("web") == 2
