"""The Chinese company (maturity.datasets_zh) against its ASCII twin (issue 15).

Expected values are worked out independently: the twin is the sample company's own files (only the
middle wave relabelled 2025-10), read and scored by the same functions; the Chinese company is
the same data typed the Chinese way. Mapping ids (line, respondent, wave) from the twin to the
Chinese company must give identical frames, whatever the toolkit computes.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from maturity.compare.trends import changes
from maturity.datasets_zh import write_chinese_company
from maturity.ingest.responses import read_responses
from maturity.model.load import load_model
from maturity.plan.gap import gap_analysis, read_targets
from maturity.plan.roadmap import plan_roadmap, read_lines
from maturity.plan.swot import read_swot, swot_summary
from maturity.scoring.score import score
from maturity.waves import order_waves

LINES = ["bank-delivery", "insurance-solutions", "government-projects"]
MODEL = load_model("cmmi-dev-1.3")


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    return write_chinese_company(tmp_path_factory.mktemp("zh"), lines=LINES, seed=0)


@pytest.fixture(scope="module")
def both(company):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z = read_responses(company.zh["answers"], MODEL)
        a = read_responses(company.ascii["answers"], MODEL)
    return {"zh": (z, score(z.responses, MODEL)), "ascii": (a, score(a.responses, MODEL))}


def _to_zh(frame: pd.DataFrame, company) -> pd.DataFrame:
    """The twin's frame with the Chinese company's ids (the expected Chinese frame)."""
    out = frame.copy()
    maps = {"business_line": company.line_ids, "respondent": company.respondent_ids,
            "wave": company.wave_labels, "wave_from": company.wave_labels,
            "wave_to": company.wave_labels, "assessment_wave": company.wave_labels}
    for col, m in maps.items():
        if col in out.columns:
            out[col] = out[col].astype(str).map(lambda v, m=m: m.get(v, v))
    return out


def _same(got: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    def norm(df: pd.DataFrame) -> pd.DataFrame:
        df = df.copy()
        for c in df.columns:
            if isinstance(df[c].dtype, pd.CategoricalDtype) or df[c].dtype == object \
                    or pd.api.types.is_string_dtype(df[c]):
                df[c] = df[c].astype(str)
        return df.sort_values(keys, kind="mergesort").reset_index(drop=True)

    pd.testing.assert_frame_equal(norm(got), norm(expected), check_dtype=False)


def test_every_answer_accepted_as_in_the_twin(both):
    (z, _), (a, _) = both["zh"], both["ascii"]
    assert len(z.rejected) == 0 and len(a.rejected) == 0
    assert len(z.responses) == len(a.responses)
    msgs = set(z.notes["message"])
    assert "full-width or compatibility characters converted (NFKC)" in msgs  # ids
    assert any("trailing punctuation ignored" in m for m in msgs)  # 大部分实施。
    assert any("(number of points)" in m for m in msgs)  # ２分 / 三分
    assert any(m.startswith("date '2025年3月") for m in msgs)  # dates read, noted


def test_same_scores_as_the_ascii_twin(both, company):
    (_, sz), (_, sa) = both["zh"], both["ascii"]
    _same(sz.maturity, _to_zh(sa.maturity, company), ["wave", "business_line"])
    _same(sz.process_areas, _to_zh(sa.process_areas, company),
          ["wave", "business_line", "process_area"])
    _same(sz.practices, _to_zh(sa.practices, company), ["wave", "business_line", "practice"])


def test_waves_in_time_order_not_text_order(both):
    z, sz = both["zh"]
    assert sorted(["2025年3月", "2025年10月"]) == ["2025年10月", "2025年3月"]  # the trap
    assert order_waves(z.responses["wave"], z.responses) == ["2025年3月", "2025年10月",
                                                            "2026年3月"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ch = changes(z.responses, sz.maturity)
    assert list(dict.fromkeys(zip(ch["wave_from"], ch["wave_to"], strict=True))) == [
        ("2025年3月", "2025年10月"), ("2025年10月", "2026年3月")]


def test_gap_same_as_the_twin_and_from_the_latest_wave(both, company):
    (z, sz), (a, sa) = both["zh"], both["ascii"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gz = gap_analysis(sz, read_targets(company.zh["targets"], MODEL), responses=z.responses)
        ga = gap_analysis(sa, read_targets(company.ascii["targets"], MODEL),
                          responses=a.responses)
    assert set(gz.backlog["wave"]) == {"2026年3月"}  # the latest wave, in time order
    _same(gz.line_gaps, _to_zh(ga.line_gaps, company), ["wave", "business_line"])
    free = ["comment", "evidence"]  # free text of the respondents, typed in Chinese in zh
    _same(gz.backlog.drop(columns=free), _to_zh(ga.backlog, company).drop(columns=free),
          ["wave", "business_line", "practice"])
    # the full-width target id 银行交付（上海） reached its line: its ML3 target, not the default
    lg = gz.line_gaps.set_index(["wave", "business_line"])
    assert lg.loc[("2026年3月", "银行交付(上海)"), "target_maturity_level"] == 3


def test_compare_same_as_the_twin(both, company):
    (z, sz), (a, sa) = both["zh"], both["ascii"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cz = changes(z.responses, sz.maturity)
        ca = changes(a.responses, sa.maturity)
    _same(cz, _to_zh(ca, company), ["wave_from", "business_line"])


def test_swot_and_roadmap_same_as_the_twin(both, company):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        swz = read_swot(company.zh["swot"], model=MODEL)
        swa = read_swot(company.ascii["swot"], model=MODEL)
        _same(swz, _to_zh(swa, company), ["business_line", "factor"])
        plans = {}
        for k, sw, (r, s) in (("zh", swz, both["zh"]), ("ascii", swa, both["ascii"])):
            c = company.zh if k == "zh" else company.ascii
            g = gap_analysis(s, read_targets(c["targets"], MODEL), swot=sw,
                             responses=r.responses)
            plans[k] = plan_roadmap(s.maturity, g.line_gaps, g.backlog, read_lines(c["lines"]),
                                    swot_summary(sw))
    ra = _to_zh(plans["ascii"].roadmap.drop(columns="wave"), company).assign(
        wave=plans["ascii"].roadmap["wave"])  # the rollout wave is a number, not a survey wave
    rz = plans["zh"].roadmap
    cols = ["business_line", "wave", "start", "end", "priority", "quadrant", "value", "effort",
            "assessment_wave"]
    cols = [c for c in cols if c in rz.columns]
    _same(rz[cols], ra[cols], ["business_line"])
    # one row per line: no line split in two by the spellings of its id in different files
    assert sorted(rz["business_line"]) == sorted(company.line_ids.values())


def test_free_text_round_trips_byte_for_byte(both, company):
    z, _ = both["zh"]
    typed = []
    for p in sorted(company.zh["answers"].glob("*.csv")):
        df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        df["source"], df["row"] = str(p), range(2, len(df) + 2)
        typed.append(df)
    typed = pd.concat(typed, ignore_index=True)
    got = z.responses.assign(source=z.responses["source"].astype(str),
                             row=z.responses["row"].astype(int))
    m = typed.merge(got, on=["source", "row"], suffixes=("_typed", ""), validate="1:1")
    assert len(m) == len(typed)
    for col in ("role", "project", "comment", "evidence"):
        assert (m[col + "_typed"] == m[col].astype(str)).all(), col
    assert m["comment"].astype(str).str.contains("（下周），").any()  # Chinese punctuation kept
    assert m["comment"].astype(str).str.startswith(" ").any()  # and surrounding spaces


def test_two_zhang_wei_are_two_people(both, company):
    z, _ = both["zh"]
    books = z.responses[z.responses["source"].astype(str).str.endswith(".xlsx")]
    assert sorted(books["respondent"].astype(str).unique()) == sorted(company.zhang_wei)
    assert books.groupby("respondent", observed=True).size().min() > 0
    assert not z.rejected["message"].str.contains("duplicate|same respondent").any()


def test_same_respondent_id_in_two_files_names_both(tmp_path, company):
    import shutil

    books = sorted(company.zh["answers"].glob("*.xlsx"))
    folder = tmp_path / "answers"
    folder.mkdir()
    shutil.copy(books[0], folder / "a.xlsx")
    shutil.copy(books[0], folder / "b.xlsx")  # the same respondent id in two files
    r = read_responses(folder, MODEL)
    assert len(r.responses) == 0
    msg = r.rejected["message"].iloc[0]
    assert msg.startswith("same respondent id in two files")
    assert str(folder / "a.xlsx") in msg and str(folder / "b.xlsx") in msg
    assert r.rejected["column"].iloc[0] == "respondent"


def test_cli_roadmap_start_in_chinese(tmp_path, company):
    from maturity.cli import main

    out = tmp_path / "rm"
    code = main(["roadmap", str(company.zh["answers"]), "--model", "cmmi-dev-1.3", "--target",
                 str(company.zh["targets"]), "--lines", str(company.zh["lines"]), "--swot",
                 str(company.zh["swot"]), "--start", "2026年4月6日", "--out", str(out),
                 "--quiet"])
    assert code == 0
    rm = pd.read_csv(out / "roadmap.csv", encoding="utf-8-sig", dtype=str)
    # the Monday typed in Chinese is Qingming's day off in 2026 (CN calendar): the next working day
    assert rm["start"].dropna().min().startswith("2026-04-07")


def test_cli_start_message_names_the_flag(tmp_path, capsys):
    """A wave label that names no date and no --start: the message tells a CLI user --start."""
    from test_cli_gap import TINY, _answers

    from maturity.cli import main

    src = pd.read_csv(_answers(tmp_path / "a.csv"), dtype=str, keep_default_na=False)
    src.assign(wave="baseline").to_csv(tmp_path / "b.csv", index=False)
    (tmp_path / "t.yaml").write_text("default_level: 3\n", encoding="utf-8")
    lines = "business_line,group,headcount,complexity,customer_strictness\n"
    lines += "".join(f"{b},G,10,2,1\n" for b in src["business_line"].unique())
    (tmp_path / "l.csv").write_text(lines, encoding="utf-8")
    code = main(["roadmap", str(tmp_path / "b.csv"), "--model", str(TINY), "--target",
                 str(tmp_path / "t.yaml"), "--lines", str(tmp_path / "l.csv"), "--out",
                 str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "--start YYYY-MM-DD" in err and "start=" not in err
