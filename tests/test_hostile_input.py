"""Hostile YAML and oversized input (issue 14, item 7): refused or answered quickly, with
short messages; atomic writes with the permissions of a plain open()."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.datasets import data_path
from maturity.exceptions import MaturityError, ModelError, SwotError, TargetError
from maturity.ingest.responses import read_responses
from maturity.io import atomic_path, write_csv
from maturity.model.load import load_model
from maturity.plan.gap import read_targets
from maturity.plan.swot import read_swot
from maturity.safe_yaml import YamlRefused, load_yaml
from maturity.scoring.scope import read_scope

TINY = Path(__file__).parent / "data" / "models" / "tiny-staged.yaml"


def laughs(depth: int = 9, top: str = "") -> str:
    """The YAML "billion laughs": each level a list of ten aliases of the level below
    (10**9 leaves from a few hundred bytes)."""
    lines = [f'{top}a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, depth):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"{top}a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def refused_quickly(call, exc_type) -> str:  # noqa: ANN001
    t = time.perf_counter()
    with pytest.raises(exc_type) as e:
        call()
    took = time.perf_counter() - t
    assert took < 2.0, took
    msg = str(e.value)
    assert len(msg) < 400, len(msg)
    return msg


def test_alias_bomb_as_model(tmp_path):
    p = tmp_path / "bomb.yaml"
    p.write_text("id: bomb\nname: x\nversion: '1'\n" + laughs(), encoding="utf-8")
    assert len(p.read_bytes()) < 1500  # a few hundred bytes, a billion nodes once expanded
    msg = refused_quickly(lambda: load_model(p), ModelError)
    assert "alias" in msg and "line 5" in msg


def test_alias_bomb_as_targets_swot_and_scope(tmp_path):
    p = tmp_path / "targets.yaml"
    p.write_text(laughs() + "default_level: *a8\n", encoding="utf-8")
    assert "alias" in refused_quickly(lambda: read_targets(p, "cmmi-dev-1.3"), TargetError)
    s = tmp_path / "swot.yaml"
    s.write_text(laughs(), encoding="utf-8")
    assert "alias" in refused_quickly(lambda: read_swot(s), SwotError)
    c = tmp_path / "scope.yaml"
    c.write_text(laughs(), encoding="utf-8")
    assert "alias" in refused_quickly(lambda: read_scope(c), TargetError)


def test_load_yaml_node_budget(monkeypatch):
    import maturity.safe_yaml as sy

    monkeypatch.setattr(sy, "MAX_YAML_NODES", 50)
    with pytest.raises(YamlRefused, match="more than 50 YAML nodes"):
        load_yaml("[" + ", ".join(["1"] * 100) + "]")
    assert load_yaml("[1, 2]") == [1, 2]


_LONG = st.text(min_size=1, max_size=300).map(lambda s: s * 20)  # up to 6,000 characters


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=_LONG, key=st.sampled_from(["scoring", "na_policy", "default_scale", "thresholds",
                                         "cumulative_threshold", "na_share", "levels"]))
def test_model_messages_stay_short(tmp_path_factory, value, key):
    # a long value under any checked key: the message quotes an excerpt, never the value whole
    # (a few hundred characters per problem)
    raw = load_yaml(TINY.read_text(encoding="utf-8"))
    raw[key] = value
    import yaml

    p = tmp_path_factory.mktemp("m") / "long.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ModelError) as e:
        load_model(p)
    n = max(len(e.value.failures), 1)
    # the file's path aside; an excerpt of 60 characters may print as 10 each (\U0001xxxx)
    assert len(str(e.value)) - len(str(p)) <= 800 * n


@settings(max_examples=15, deadline=None)
@given(value=_LONG, where=st.sampled_from(["line", "level", "area", "key"]))
def test_target_messages_stay_short(value, where):
    doc = {"line": {"lines": {value: 9}}, "level": {"default_level": value},
           "area": {"process_areas": {value: 2}}, "key": {value: 1}}[where]
    with pytest.raises(TargetError) as e:
        read_targets(doc, "cmmi-dev-1.3")
    # an excerpt of 60 characters may print as 10 each (\U0001xxxx): a few hundred at most
    assert len(str(e.value)) <= 800
    assert e.value.failures["value"].str.len().max() <= 100


def test_answer_cell_of_megabytes_not_echoed(tmp_path):
    # one answer cell of 10 MB (the 50 MB behaves the same, slower): the rejection
    # quotes an excerpt
    src = data_path("pmo").joinpath("2026-03.csv").read_text(encoding="utf-8").splitlines()
    row = src[1].split(",")
    row[7] = "x" * 10_000_000
    p = tmp_path / "big.csv"
    p.write_text("\n".join([src[0], ",".join(row)] + src[2:20]) + "\n", encoding="utf-8")
    res = read_responses(p, "pmo-process")
    msgs = res.rejected["message"] if "message" in res.rejected else pd.Series([], dtype=str)
    assert len(msgs) == 1
    assert msgs.str.len().max() < 300
    assert "10,000,000 characters" in msgs.iloc[0]


def test_csv_with_100000_unknown_columns_answered_in_seconds(tmp_path):
    # 100,000 extra empty columns on 200 answer rows (about 20 MB): read in linear time (the
    # unknown columns are not parsed), one short note lists a few of them
    src = data_path("pmo").joinpath("2026-03.csv").read_text(encoding="utf-8").splitlines()
    n = 100_000
    head = src[0] + "," + ",".join(f"x{i}" for i in range(n))
    p = tmp_path / "wide.csv"
    p.write_text("\n".join([head] + [r + "," * n for r in src[1:201]]) + "\n", encoding="utf-8")
    t = time.perf_counter()
    res = read_responses(p, "pmo-process")
    took = time.perf_counter() - t
    assert took < 15, took
    assert len(res.responses) == 200
    note = res.notes.loc[res.notes["message"].str.contains("ignored"), "message"]
    assert len(note) == 1 and "(and 99,990 more)" in note.iloc[0] and len(note.iloc[0]) < 400


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_atomic_writes_take_the_umask(tmp_path, mask):
    old = os.umask(mask)
    try:
        with open(tmp_path / "plain.txt", "w") as fh:
            fh.write("x")
        write_csv(pd.DataFrame({"a": [1]}), tmp_path / "out.csv")
        with atomic_path(tmp_path / "other.txt") as tmp:
            tmp.write_text("y")
    finally:
        os.umask(old)
    plain = (tmp_path / "plain.txt").stat().st_mode & 0o777
    assert plain == 0o666 & ~mask
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == plain
    assert (tmp_path / "other.txt").stat().st_mode & 0o777 == plain


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_atomic_write_keeps_an_existing_files_mode(tmp_path):
    p = tmp_path / "out.csv"
    p.write_text("old")
    p.chmod(0o640)
    write_csv(pd.DataFrame({"a": [1]}), p)
    assert p.stat().st_mode & 0o777 == 0o640


def test_maturity_error_base():
    assert issubclass(TargetError, MaturityError)
