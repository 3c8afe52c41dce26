"""The bundled sample company: a deterministic generator, files of the promised shape."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from maturity import datasets
from maturity.datasets import DATA_DIR, WAVES

LINES = [
    "bank-delivery", "insurance-solutions", "government-projects", "managed-services",
    "ecommerce-platform", "data-analytics", "internal-tools",
]
CODES = {"0", "1", "2", "3", "4", "NA"}


def _make_sample():
    spec = importlib.util.spec_from_file_location("make_sample", DATA_DIR / "make_sample.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The generator run twice into two folders."""
    ms = _make_sample()
    a, b = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    t0 = time.perf_counter()
    written = ms.main(a)
    elapsed = time.perf_counter() - t0
    assert ms._cli(["--out", str(b), "--quiet"]) == 0  # the command line, same result
    return ms, a, b, written, elapsed


@pytest.fixture(scope="module")
def ingested():
    """Every CMMI answer of the sample (CSV and workbooks) through ingestion."""
    ingest = pytest.importorskip("maturity.ingest.responses")
    return ingest.read_responses(datasets.responses_path(), "cmmi-dev-1.3")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_generator_is_deterministic_and_fast(generated):
    _ms, a, b, written, elapsed = generated
    fa, fb = _files(a), _files(b)
    assert "responses/2025-03.csv" in fa and "business_lines.csv" in fa
    assert fa.keys() == fb.keys()
    different = [name for name in fa if fa[name] != fb[name]]
    assert different == []
    assert elapsed < 10, f"generating the sample took {elapsed:.1f} s"


def test_generator_matches_committed_data(generated):
    """data/ holds what the generator makes (regenerate with `python data/make_sample.py`)."""
    _ms, a, _b, _written, _elapsed = generated
    stale = [name for name, content in _files(a).items()
             if not (DATA_DIR / name).is_file() or (DATA_DIR / name).read_bytes() != content]
    assert stale == [], "run `python data/make_sample.py` and commit data/"


def test_data_size_is_small():
    size = sum(p.stat().st_size for p in DATA_DIR.rglob("*") if p.is_file())
    assert size < 15e6


def test_business_lines():
    bl = datasets.load_business_lines()
    assert list(bl.columns) == ["business_line", "name", "name_zh", "group", "headcount",
                                "complexity", "customer_strictness", "director"]
    assert bl.business_line.tolist() == LINES
    assert bl.complexity.between(1, 5).all() and bl.customer_strictness.between(0, 3).all()
    assert bl.set_index("business_line").loc["bank-delivery", "headcount"] == 120


def test_response_files_shape():
    df = datasets.load_responses()
    assert list(df.columns) == datasets.RESPONSE_FILE_COLUMNS
    assert sorted(df.wave.unique()) == list(WAVES)
    assert set(df.answer) <= CODES
    assert (df.date.str[:7] == df.wave).all()
    assert df.respondent.str.fullmatch(r"[a-z]{2}-r\d{2}").all()
    assert set(df.role) <= {"project manager", "developer", "QA", "BA", "line director"}
    # one project per respondent, 2-4 projects per line
    assert (df.groupby(["wave", "respondent"]).project.nunique() == 1).all()
    assert df.groupby("business_line").project.nunique().between(2, 4).all()
    # some comments and evidence, a few NA
    assert 0.005 < (df.comment != "").mean() < 0.05
    assert 0.005 < (df.evidence != "").mean() < 0.08
    assert 0.01 < (df.answer == "NA").mean() < 0.06


def test_every_respondent_answers_every_question():
    from maturity.model.load import load_model

    qs = set(load_model("cmmi-dev-1.3").questions.question)
    df = datasets.load_responses("2025-03")
    per = df.groupby("respondent").question.apply(set)
    assert all(s == qs for s in per)


def test_lines_waves_and_respondents(ingested):
    r = ingested.responses
    assert len(ingested.rejected) == 0
    people = r.drop_duplicates(["wave", "business_line", "respondent"])
    counts = people.groupby(["business_line", "wave"], observed=True).size().unstack()
    assert sorted(counts.index) == sorted(LINES)
    assert list(counts.columns) == list(WAVES)
    assert counts.notna().all().all()
    assert counts.stack().between(5, 20).all()
    assert counts.loc["ecommerce-platform"].min() >= counts.loc["internal-tools"].max()
    # most respondents answer again in the next wave (paired comparisons)
    sets = people.groupby(["business_line", "wave"], observed=True).respondent.apply(set)
    for line in LINES:
        for w0, w1 in zip(WAVES, WAVES[1:], strict=False):
            kept = len(sets[line, w0] & sets[line, w1]) / len(sets[line, w0])
            assert kept >= 0.7, (line, w0, kept)


def test_workbooks_replace_csv_for_internal_tools_2026_03():
    folder = datasets.workbooks_path()
    books = sorted(folder.glob("*.xlsx")) if folder.is_dir() else []
    in_csv = datasets.load_responses("2026-03").business_line.eq("internal-tools").any()
    if not books:  # ingestion's template writer absent when the sample was made: answers in CSV
        assert in_csv
        pytest.skip("no respondent workbooks in the sample")
    assert not in_csv
    assert 5 <= len(books) <= 6
    assert all(p.stem.startswith("it-r") for p in books)


def test_scored_outcomes(ingested):
    """The story of data/README.md: who reaches which maturity level when."""
    scoring = pytest.importorskip("maturity.scoring.score")
    ml = scoring.score(ingested.responses, "cmmi-dev-1.3").maturity
    ml = ml.pivot(index="business_line", columns="wave", values="maturity_level")
    assert ml.loc["bank-delivery", "2026-03"] == 3
    assert ml.loc["ecommerce-platform", "2025-03"] == 1
    assert ml.loc["ecommerce-platform", "2026-03"] == 2
    for line in ["government-projects", "insurance-solutions", "managed-services"]:
        assert ml.loc[line, "2026-03"] == 2, line
    for line in ["data-analytics", "internal-tools"]:
        assert (ml.loc[line] == 1).all(), line


RAW_EXPECTED = {  # file row (header = row 1) -> (column, value)
    9: ("question", "REQM.SP1.3Q1"),
    25: ("answer", "5"),
    47: ("answer", "2 "),
    56: ("answer", "３"),
    63: ("answer", "yes"),
    79: ("answer", "Largely implemented"),
    90: ("business_line", ""),
    104: ("question", "PP.SP1.2.Q1  "),
    132: ("question", "PMC.SP1.8.Q1"),
    152: ("answer", "部分实施"),
}


def test_raw_submission_has_each_defect():
    raw = datasets.load_responses(raw=True)
    assert list(raw.columns) == datasets.RESPONSE_FILE_COLUMNS
    assert 150 <= len(raw) <= 250
    for row, (col, value) in RAW_EXPECTED.items():
        assert raw.loc[row - 2, col] == value, row
    # the duplicate: rows 113 and 114 answer the same question for the same respondent
    a, b = raw.loc[111], raw.loc[112]
    assert (a.respondent, a.question) == (b.respondent, b.question) and a.answer != b.answer
    keys = raw[["respondent", "question"]].apply(tuple, axis=1)
    assert keys.duplicated().sum() == 1
    # everything else is clean
    other = raw.drop(index=[r - 2 for r in RAW_EXPECTED] + [111, 112])
    assert set(other.answer) <= CODES and (other.business_line == "data-analytics").all()


def test_raw_submission_through_ingestion():
    ingest = pytest.importorskip("maturity.ingest.responses")
    res = ingest.read_responses(datasets.raw_submission_path(), "cmmi-dev-1.3")
    assert sorted(res.rejected.row.astype(int)) == [9, 25, 63, 90, 113, 114, 132]
    assert sorted(res.notes.row.astype(int)) == [47, 56, 79, 104, 152]
    assert len(res.responses) + len(res.rejected) == len(datasets.load_responses(raw=True))


def test_targets_yaml_and_csv_agree():
    t = yaml.safe_load(datasets.load_targets_path().read_text(encoding="utf-8"))
    assert t["default_level"] == 2
    assert t["lines"] == {"bank-delivery": 3, "government-projects": 3, "insurance-solutions": 3}
    assert t["process_areas"] == {"REQM": 3, "PPQA": 3}
    rows = pd.read_csv(datasets.targets_csv_path(), dtype=str, keep_default_na=False)
    assert list(rows.columns) == ["business_line", "process_area", "target_level"]
    as_rows = {("", "", str(t["default_level"]))}
    as_rows |= {(line, "", str(v)) for line, v in t["lines"].items()}
    as_rows |= {("", pa, str(v)) for pa, v in t["process_areas"].items()}
    for line, pas in (t.get("line_process_areas") or {}).items():
        as_rows |= {(line, pa, str(v)) for pa, v in pas.items()}
    assert set(map(tuple, rows.to_numpy())) == as_rows


def test_pmo_answers():
    folder = datasets.pmo_responses_path()
    if not (folder / "2026-03.csv").is_file():
        pytest.skip("pmo-process sample not generated")
    df = pd.read_csv(folder / "2026-03.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == datasets.RESPONSE_FILE_COLUMNS
    assert sorted(df.business_line.unique()) == sorted(LINES)
    assert set(df.wave) == {"2026-03"} and set(df.answer) <= CODES
    assert df.groupby("business_line").respondent.nunique().between(3, 8).all()


def test_secure_dev_answers():
    folder = datasets.secure_dev_responses_path()
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        pytest.skip("secure-dev sample not generated")
    assert [p.name for p in files] == ["2025-09.csv", "2026-03.csv"]
    df = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in files])
    assert list(df.columns) == datasets.RESPONSE_FILE_COLUMNS
    assert 3 <= df.business_line.nunique() <= 4
    assert set(df.answer) <= {"0", "0.25", "0.5", "1", "NA"}
