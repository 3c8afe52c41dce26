"""Tests of maturity.plan.tracking_log: reading the rollout log (located problems, Chinese
headers and event names) and its template (moved from tests/test_tracking.py with the code)."""

from __future__ import annotations

import pytest

from maturity.exceptions import InputError
from maturity.plan.tracking_log import read_log, write_log_template


def test_read_log_locates_every_problem_and_accepts_chinese_headers(tmp_path):
    p = tmp_path / "log.csv"
    p.write_text("业务线,事件,日期,值,备注\n银行交付,培训,2026年4月6日,,\n"
                 "银行交付,培训考试,2026/4/10,4／5,\nbank,party,2026-04-01,,\n"
                 "bank,training,someday,,\nbank,checkpoint,2026-05-01,many,\n",
                 encoding="utf-8-sig")
    with pytest.raises(InputError) as err:
        read_log(p)
    assert "row 4, column 'event'" in str(err.value)
    f = err.value.failures
    assert f[["row", "column"]].values.tolist() == [[4, "event"], [5, "date"], [6, "value"]]
    ok = read_log(p, errors="report")
    assert ok.events["event"].tolist() == ["training", "training_test"]
    assert ok.events["business_line"].tolist() == ["银行交付", "银行交付"]
    assert len(ok.rejected) == 3


def test_template_round_trips(tmp_path):
    for name in ("log.csv", "log.xlsx"):
        path = write_log_template(tmp_path / name, ["bank-delivery"])
        log = read_log(path)
        assert log.events["event"].tolist() == ["codesign", "signoff", "training",
                                                "training_test", "checkpoint", "review",
                                                "champion"]
        assert set(log.events["business_line"]) == {"bank-delivery"}
    zh = write_log_template(tmp_path / "zh.csv", ["银行交付"], language="zh")
    assert zh.read_text(encoding="utf-8-sig").startswith("业务线")
    assert len(read_log(zh).events) == 7
