"""Tests of the shared foundations: survey-wave order (maturity.waves) and translation
(maturity.i18n). Expected orders are worked by hand from the calendar."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from maturity import i18n
from maturity.waves import WaveOrderError, order_waves, parse_date, parse_period, wave_rank


@pytest.mark.parametrize(
    ("label", "first", "last"),
    [
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31)),
        ("2026-3", date(2026, 3, 1), date(2026, 3, 31)),
        ("2026/3", date(2026, 3, 1), date(2026, 3, 31)),
        ("2026.10", date(2026, 10, 1), date(2026, 10, 31)),
        ("2026年3月", date(2026, 3, 1), date(2026, 3, 31)),
        ("2026年十月", date(2026, 10, 1), date(2026, 10, 31)),
        ("２０２６年２月", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024年2月", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("Q2 2026", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026年第3季度", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026年二季度", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026年上半年", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-03-15", date(2026, 3, 15), date(2026, 3, 15)),
        ("2026/3/15", date(2026, 3, 15), date(2026, 3, 15)),
        ("2026年4月6日", date(2026, 4, 6), date(2026, 4, 6)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026年", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_parse_period_forms(label, first, last):
    assert parse_period(label) == (first, last)


@pytest.mark.parametrize("label", ["baseline", "wave 1", "2026-13", "2026-02-30", "", None,
                                   float("nan"), "2026Q5"])
def test_parse_period_refuses_non_dates(label):
    assert parse_period(label) is None


def test_chinese_months_in_time_order_not_text_order():
    # text order puts 2026年10月 before 2026年3月; time order is Mar < Oct
    labels = ["2026年10月", "2026年3月", "2025年10月"]
    assert sorted(labels) == ["2025年10月", "2026年10月", "2026年3月"]
    assert order_waves(labels) == ["2025年10月", "2026年3月", "2026年10月"]
    assert wave_rank(labels) == {"2025年10月": 0, "2026年3月": 1, "2026年10月": 2}


def test_mixed_forms_and_duplicates_and_blanks():
    labels = pd.Series(["2026Q1", "2025H2", None, "2025-03", "2026Q1", "2026-03-15"],
                       dtype="category")
    # 2025-03 (Mar 2025) < 2025H2 (Jul 2025) < 2026Q1 (Jan-Mar 2026) < 2026-03-15
    assert order_waves(labels) == ["2025-03", "2025H2", "2026Q1", "2026-03-15"]


def test_labels_without_dates_ordered_by_answer_dates():
    dates = pd.DataFrame({"wave": ["spring", "spring", "autumn", "baseline"],
                          "date": ["2026/3/1", "2026-03-20", "2025年10月9日", "2025-03-01"]})
    assert order_waves(["spring", "autumn", "baseline"], dates) == [
        "baseline", "autumn", "spring"]


def test_numbers_in_numeric_order():
    assert order_waves(["10", "2", "1"]) == ["1", "2", "10"]


def test_unknown_order_is_refused_with_the_forms():
    with pytest.raises(WaveOrderError, match="2026年3月") as err:
        order_waves(["spring", "autumn"])
    assert "spring" in str(err.value)
    assert isinstance(err.value, ValueError)


def test_parse_date_gives_first_day():
    assert parse_date("2026年4月6日") == date(2026, 4, 6)
    assert parse_date("2026-Q2") == date(2026, 4, 1)
    assert parse_date(pd.Timestamp("2026-05-04")) == date(2026, 5, 4)


def test_i18n_falls_back_to_english_and_restores_language():
    assert i18n.current_language() == "en"
    with i18n.language("zh"):
        assert i18n.current_language() == "zh"
        # a sentence missing from the catalogue shows its English source, never fails
        assert i18n._("a sentence no catalogue has") == "a sentence no catalogue has"
    assert i18n.current_language() == "en"
    with pytest.raises(ValueError, match="language must be one of"):
        with i18n.language("fr"):
            pass


def test_i18n_reads_po_catalogue(tmp_path, monkeypatch):
    po = tmp_path / "zh" / "LC_MESSAGES" / "maturity.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '# a comment\nmsgid "not rated"\nmsgstr "未评级"\n\n'
                  'msgid "two "\n"lines"\nmsgstr ""\n"两行"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "_LOCALE", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with i18n.language("zh"):
            assert i18n._("not rated") == "未评级"
            assert i18n._("two lines") == "两行"
            assert i18n.ngettext("one line", "two lines", 2) == "两行"
    finally:
        i18n.catalogue.cache_clear()


def test_shipped_catalogue_is_well_formed():
    """Every msgstr follows its msgid, no msgid twice, placeholders kept (a merge can leave an
    orphan msgstr, which the reader would silently take as the previous entry's text)."""
    import ast
    import re
    from pathlib import Path

    path = Path(i18n.__file__).with_name("locale") / "zh" / "LC_MESSAGES" / "maturity.po"
    entries: list[tuple[str, str]] = []
    state, mid, mstr = None, [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgid "):
            assert state in (None, "msgstr"), f"line {n}: msgid after msgid"
            if state == "msgstr":
                entries.append(("".join(mid), "".join(mstr)))
            state, mid, mstr = "msgid", [ast.literal_eval(line[6:])], []
        elif line.startswith("msgstr "):
            assert state == "msgid", f"line {n}: msgstr without its msgid"
            state, mstr = "msgstr", [ast.literal_eval(line[7:])]
        elif line.startswith('"'):
            (mid if state == "msgid" else mstr).append(ast.literal_eval(line))
        else:
            assert line == "" or line.startswith("#"), f"line {n}: {line[:40]!r}"
    entries.append(("".join(mid), "".join(mstr)))
    ids = [m for m, _ in entries if m]
    assert len(ids) == len(set(ids)), "a msgid twice"
    for m, s in entries:
        if m and s:
            assert sorted(re.findall(r"\{[^}]*\}", m)) == sorted(re.findall(r"\{[^}]*\}", s)), m
