"""maturity.waves: survey waves in time order (issue 15 item 1).

Expected orders are hand-worked from the calendar: 2025年10月 (October) comes after 2025年3月
(March) although it sorts before it as text.
"""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from maturity.waves import (
    WaveOrderError,
    latest_wave,
    order_waves,
    parse_day,
    wave_sort_key,
)


def test_chinese_months_in_time_order():
    labels = ["2026年3月", "2025年10月", "2025年3月"]
    assert sorted(labels) == ["2025年10月", "2025年3月", "2026年3月"]  # text order: wrong
    assert order_waves(labels) == ["2025年3月", "2025年10月", "2026年3月"]
    assert latest_wave(labels) == "2026年3月"


def test_answers_dates_order_labels_that_are_not_dates():
    dates = pd.DataFrame({"wave": ["followup", "followup", "baseline", "baseline", "baseline"],
                          "date": ["2026年3月15日", "2026/3/16", "2025-09-01", "2025/9/2", ""]})
    assert order_waves(["followup", "baseline"], dates) == ["baseline", "followup"]
    with pytest.raises(WaveOrderError, match="'followup'"):
        order_waves(["followup", "baseline"])


def test_numbered_labels():
    assert order_waves(["w10", "w2", "w1"]) == ["w1", "w2", "w10"]
    assert order_waves(["第10次", "第2次"]) == ["第2次", "第10次"]
    with pytest.raises(WaveOrderError):
        order_waves(["w1", "v2"])  # two different texts: no order


def test_sort_key_orders_frames_by_time():
    df = pd.DataFrame({"wave_from": ["2025年10月", "2025年3月"], "business_line": ["a", "a"]})
    key = wave_sort_key(order_waves(df["wave_from"]))
    assert df.sort_values(["wave_from", "business_line"], key=key)["wave_from"].tolist() == [
        "2025年3月", "2025年10月"]


@pytest.mark.parametrize("typed", ["2026年4月6日", "2026/4/6", "2026-04-06", "２０２６年４月６日",
                                   datetime.date(2026, 4, 6)])
def test_parse_day(typed):
    assert parse_day(typed) == pd.Timestamp("2026-04-06")


def test_parse_day_refuses_with_the_forms():
    with pytest.raises(ValueError, match="--start 'soon' is not a date; expected e.g. 2026-04-06"):
        parse_day("soon", "--start")


def test_report_takes_start_in_the_forms_people_write(tmp_path):
    """``maturity report --start 2026年4月6日`` parses, and the roadmap of the report starts on
    that Monday (tiny-staged answers of test_cli_gap: line weak has gaps with default_level 2)."""
    from test_cli_gap import TINY, _answers

    from maturity.cli import _build_parser
    from maturity.commands.report import _start
    from maturity.deliverable import report_inputs

    args = _build_parser().parse_args(["report", "x.csv", "--model", "m", "--out", "o",
                                       "--start", "2026年4月6日"])
    assert _start(args) == pd.Timestamp("2026-04-06")
    (tmp_path / "t.yaml").write_text("default_level: 2\n", encoding="utf-8")
    (tmp_path / "l.csv").write_text("business_line,group,headcount,complexity,"
                                    "customer_strictness\ngood,G,10,2,1\nweak,G,20,3,0\n"
                                    "spare,G,5,1,0\n", encoding="utf-8")
    inputs = report_inputs(str(_answers(tmp_path / "a.csv")), str(TINY), str(tmp_path / "t.yaml"),
                           None, str(tmp_path / "l.csv"), start=_start(args))
    # 2026-04-06 is a public holiday in mainland China (Qingming, 4-6 April 2026) and the plan's
    # default calendar is CN's: the plan starts on the next working day
    assert inputs["roadmap"].roadmap["start"].dropna().min() == pd.Timestamp("2026-04-07")
