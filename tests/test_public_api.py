"""The public API has no traps: every exported name stays what it is, whatever was imported first.

Issue 18: ``maturity.reliability(...)`` raised "'module' object is not callable" after
``maturity.changes()`` had imported the submodule of the same name, and ``dir(maturity)``
listed ``Any``, ``annotations``, ``importlib``. Here every submodule is imported and public
functions are called in random orders (seeded), each order in a fresh interpreter.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import textwrap

import pytest

import maturity

SEEDS = [0, 1]

# Run in a fresh interpreter: the steps (import a submodule, or call a public function through
# ``maturity.<name>``) in an order drawn with the seed, then every export checked.
SCRIPT = textwrap.dedent(
    """
    import importlib, pkgutil, random, sys, warnings
    import matplotlib
    matplotlib.use("Agg")
    import numpy as np
    import pandas as pd
    import maturity

    seed = int(sys.argv[1])
    tiny = sys.argv[2]
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(seed)
    model = maturity.load_model(tiny)
    qs = model.questions["question"]
    frame = pd.DataFrame([
        {"wave": w, "business_line": ln, "respondent": f"{ln}-{r}", "question": q,
         "answer": str(int(rng.integers(0, 5)))}
        for w in ("2025-09", "2026-03") for ln in ("bank", "retail") for r in range(4)
        for q in qs])
    state = {}
    swot_df = pd.DataFrame({
        "business_line": ["bank"] * 4, "quadrant": ["S", "W", "O", "T"],
        "factor": ["skills", "no metrics", "clients", "price war"],
        "weight": [0.6, 0.4, 0.5, 0.5], "rating": [4, 1, 3, 2],
        "process_areas": ["", "A", "", ""]})
    lines_df = pd.DataFrame({"business_line": ["bank", "retail"], "group": ["G", "G"],
                             "headcount": [10, 20], "complexity": [2, 3],
                             "customer_strictness": [1, 0]})

    def read():
        state["resp"] = maturity.read_responses(frame, model).responses

    def scores():
        state["scores"] = maturity.score(state["resp"], model)

    resp = lambda: state["resp"]
    sc = lambda: state["scores"]
    calls = {
        "list_models": lambda: maturity.list_models(),
        "characterize": lambda: maturity.characterize([3.6, 0.5], {"FI": 3.5, "LI": 2.5, "PI": 1}),
        "changes": lambda: maturity.changes(resp(), sc().maturity),
        "pa_changes": lambda: maturity.pa_changes(sc().process_areas),
        "line_comparison": lambda: maturity.line_comparison(resp()),
        "rankings": lambda: maturity.rankings(sc().maturity),
        "respondent_scores": lambda: maturity.respondent_scores(resp()),
        "reliability": lambda: maturity.reliability(resp()),
        "disagreement": lambda: maturity.disagreement(resp()),
        "cronbach_alpha": lambda: maturity.cronbach_alpha(resp()),
        "krippendorff_alpha": lambda: maturity.krippendorff_alpha(resp()),
        "rwg": lambda: maturity.rwg([4, 4, 5, 4, 3]),
        "t_interval": lambda: maturity.t_interval(2.0, 1.0, 5),
        "wilson_interval": lambda: maturity.wilson_interval(3, 10),
        "paired_test": lambda: maturity.paired_test([1, 2, 3, 4, 2], [2, 3, 3, 4, 4]),
        "unpaired_test": lambda: maturity.unpaired_test([1, 2, 3], [3, 4, 4, 2]),
        "read_swot": lambda: state.setdefault("swot", maturity.read_swot(swot_df)),
        "swot_summary": lambda: maturity.swot_summary(maturity.read_swot(swot_df)),
        "tows": lambda: maturity.tows(maturity.read_swot(swot_df)),
        "weaknesses_by_process_area": lambda: maturity.weaknesses_by_process_area(
            maturity.read_swot(swot_df)),
        "ie_cell": lambda: maturity.posture(maturity.ie_cell(2.5, 3.2)),
        "read_targets": lambda: maturity.read_targets({"default_level": 2}, model),
        "target_profile": lambda: maturity.target_profile(
            maturity.read_targets({"default_level": 2}, model), ["bank", "retail"]),
        "gap_analysis": lambda: maturity.gap_analysis(sc(), {"default_level": 3}),
        "progress_to_target": lambda: maturity.progress_to_target(
            sc(), maturity.read_targets({"default_level": 3}, model)),
        "read_lines": lambda: maturity.read_lines(lines_df),
        "plan_roadmap": lambda: maturity.plan_roadmap(
            sc().maturity, *(lambda g: (g.line_gaps, g.backlog))(
                maturity.gap_analysis(sc(), {"default_level": 3})), lines_df),
        "ahp_weights": lambda: maturity.ahp_weights([[1, 2], [0.5, 1]]),
    }
    submodules = sorted(
        m.name for m in pkgutil.walk_packages(maturity.__path__, "maturity.")
        if not m.name.endswith("__main__"))
    steps = [("import", m) for m in submodules] + [("call", n) for n in calls]
    random.Random(seed).shuffle(steps)
    read(); scores()
    for kind, name in steps:
        if kind == "import":
            importlib.import_module(name)
        else:
            calls[name]()
    for name, mod in maturity._EXPORTS.items():
        got = getattr(maturity, name)
        want = getattr(sys.modules[mod], name)
        assert got is want, f"maturity.{name} is {got!r}, not {want!r}"
    assert callable(maturity.reliability) and maturity.reliability.__name__ == "reliability"
    maturity.reliability(resp())  # still a function after every import
    print("ok", len(submodules), len(calls))
    """
)


@pytest.mark.parametrize("seed", SEEDS)
def test_exports_survive_any_import_and_call_order(seed, tmp_path):
    from pathlib import Path

    tiny = Path(__file__).parent / "data" / "models" / "tiny-staged.yaml"
    script = tmp_path / "orders.py"
    script.write_text(SCRIPT, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(seed), str(tiny)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.startswith("ok ")


def test_reliability_stays_the_function_after_changes_in_this_process():
    # importing compare.trends imports the submodule maturity.compare.reliability
    importlib.import_module("maturity.compare.trends")
    importlib.import_module("maturity.compare.reliability")
    assert maturity.reliability.__module__ == "maturity.compare.reliability"
    assert callable(maturity.reliability)
    from maturity import reliability

    assert reliability is maturity.reliability
    # the module itself is still importable by name
    mod = importlib.import_module("maturity.compare.reliability")
    assert mod.reliability is maturity.reliability


def test_dir_lists_the_public_api_only():
    names = dir(maturity)
    assert names == sorted([*maturity._EXPORTS, "__version__"])
    for internal in ("Any", "annotations", "importlib", "sys", "types", "reliability_module"):
        assert internal not in names


def test_no_public_name_is_also_a_submodule_attribute_trap():
    # the stage subpackages left no top-level module named as an export (``reliability`` and
    # ``sensitivity`` were); the package guard still keeps any export that a submodule shares
    subs = {m.name.rsplit(".", 1)[-1] for m in pkgutil.iter_modules(maturity.__path__)}
    assert subs & set(maturity._EXPORTS) == set()
    for mod in ("maturity.compare.reliability", "maturity.plan.sensitivity"):
        importlib.import_module(mod)
    for name in ("reliability", "sensitivity"):
        assert not isinstance(getattr(maturity, name), type(maturity))
