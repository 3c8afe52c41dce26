"""pandas 2.2 to 3.x: the pins, the oldest environment, no private pandas API, copy-on-write.

CI runs the whole suite twice (``make test`` on the newest releases the pins allow,
``make test-oldest`` on ``.ci/oldest.txt``); these tests keep the two ends honest.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def _dependencies() -> dict[str, Requirement]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = [Requirement(r) for r in meta["project"]["dependencies"]]
    return {r.name.lower(): r for r in reqs}


def _oldest() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / ".ci" / "oldest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = Version(version.strip())
    return pins


def test_oldest_constraints_pin_every_dependency_at_its_lower_bound():
    deps, pins = _dependencies(), _oldest()
    assert sorted(pins) == sorted(deps)
    for name, req in deps.items():
        lower = [Version(s.version) for s in req.specifier if s.operator == ">="]
        assert len(lower) == 1, f"{name}: one lower bound (>=) expected in pyproject.toml"
        pin = pins[name]
        assert req.specifier.contains(pin), f"{name}=={pin} is outside {req.specifier}"
        # the lower bound itself, or a patch release of it (scipy 1.11.0 is yanked: 1.11.1)
        assert pin.release[: len(lower[0].release)] == lower[0].release, (name, pin, lower)


def test_pandas_range_spans_2_2_to_3():
    spec = _dependencies()["pandas"].specifier
    assert spec.contains("2.2.2") and spec.contains("3.1.1") and not spec.contains("2.2.1")
    assert spec.contains(pd.__version__), pd.__version__


def test_no_private_pandas_api_in_the_package():
    private = re.compile(r"pandas\._libs|pandas\.core|pd\._libs|pd\.core\b")
    found = [
        f"{p.relative_to(ROOT)}:{i}: {line.strip()}"
        for p in sorted((ROOT / "maturity").rglob("*.py"))
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert found == []


def _copy_on_write():
    """pandas 3 always copies on write; pandas 2.2 does when the option is set."""
    if Version(pd.__version__).major >= 3:
        return contextlib.nullcontext()
    return pd.option_context("mode.copy_on_write", True)


def test_respondent_scores_and_reliability_under_copy_on_write():
    # Regression: ``_scored_mask`` wrote into ``Series.to_numpy()`` (read-only under
    # copy-on-write: "ValueError: output array is read-only" in ``maturity compare``).
    from maturity.compare.reliability import reliability
    from maturity.compare.trends import respondent_scores

    resp = pd.DataFrame({
        "wave": "2025-03", "business_line": "retail",
        "respondent": ["a", "a", "b", "b", "c", "c"],
        "question": ["q1", "q2"] * 3, "process_area": "REQM",
        "value": [2.0, 4.0, np.nan, 3.0, 1.0, 1.0],
        "na": [False, False, True, False, False, False],
    })
    with _copy_on_write():
        scores = respondent_scores(resp)
        rel = reliability(resp, min_respondents=2)
    # hand calculation: a = (2 + 4) / 2, b = 3 (its NA not counted), c = (1 + 1) / 2
    assert scores["respondent"].tolist() == ["a", "b", "c"]
    assert scores["score"].tolist() == [3.0, 3.0, 1.0]
    assert scores["n_answers"].tolist() == [2, 1, 2]
    assert len(rel) == 1 and rel.loc[0, "n_respondents"] == 3


@pytest.mark.parametrize("path", ["Makefile", ".ci/run"])
def test_ci_runs_both_ends(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert "test-oldest" in text
