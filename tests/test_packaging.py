"""A wheel (``pip install .``, not editable) ships the bundled models and the sample company.

``setup.py`` copies ``surveys/models`` and ``data/`` into ``maturity/_bundled/`` of the build;
``maturity.model.load`` and ``maturity.datasets`` look there first and fall back to the checkout.
The first tests check the configuration without building; the last one builds a real wheel
with pip (it needs the build requirements from the package index, and is skipped when pip
cannot get them) and runs commands against the unpacked wheel, away from the checkout.
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETUP = runpy.run_path(str(ROOT / "setup.py"), run_name="setup_under_test")  # no setup() call


def test_every_model_and_sample_file_is_bundled():
    files = {dst for _, dst in SETUP["bundled_files"](ROOT)}
    models = sorted(p.name for p in (ROOT / "surveys" / "models").glob("*.y*ml"))
    assert len(models) >= 4
    assert {f"maturity/_bundled/models/{m}" for m in models} <= files
    data = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")
            if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts}
    assert {f"maturity/_bundled/data/{d}" for d in data} == {
        f for f in files if f.startswith("maturity/_bundled/data/")}
    # the generator script is not shipped; nothing outside the two folders is
    assert not any(f.endswith(".py") for f in files)
    assert all(f.startswith(("maturity/_bundled/models/", "maturity/_bundled/data/"))
               for f in files)


def test_every_file_the_demo_and_datasets_use_is_bundled(tmp_path):
    from maturity import datasets
    from maturity.commands.demo import demo_steps

    shipped = {dst.removeprefix("maturity/_bundled/data/")
               for _, dst in SETUP["bundled_files"](ROOT)}
    used = [a for _, argv in demo_steps(tmp_path) for a in argv
            if Path(a).is_relative_to(datasets.DATA_DIR)]
    used += [str(f()) for f in (datasets.responses_path, datasets.workbooks_path,
                                datasets.raw_submission_path, datasets.load_targets_path,
                                datasets.targets_csv_path, datasets.swot_path,
                                datasets.pmo_responses_path,
                                datasets.secure_dev_responses_path)]
    used.append(str(datasets.data_path("business_lines.csv")))
    assert len(used) > 10
    for a in used:
        rel = Path(a).relative_to(datasets.DATA_DIR).as_posix()
        # a file is shipped itself, a folder by at least one file inside it
        assert rel in shipped or any(s.startswith(rel + "/") for s in shipped), rel


def test_sdist_carries_the_bundled_folders():
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").split("\n")
    for src in SETUP["BUNDLED"]:
        top = src.split("/")[0]
        assert f"graft {top}" in manifest or f"graft {src}" in manifest, src


def test_missing_models_fail_the_build(tmp_path):
    (tmp_path / "surveys" / "models").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    with pytest.raises(FileNotFoundError, match="no model"):
        SETUP["bundled_files"](tmp_path)


def test_checkout_lookup_without_a_bundled_copy():
    # editable installs and the test suite read the checkout folders in place
    from maturity import datasets
    from maturity.model import load as model

    assert not (ROOT / "maturity" / "_bundled").exists()
    assert model.model_paths()[-1] == ROOT / "surveys" / "models"
    assert datasets.DATA_DIR == ROOT / "data"


_NETWORK = ("Could not find a version", "No matching distribution", "connection",
            "Temporary failure", "Network is unreachable", "Name or service not known")

_CHECK = r"""
import sys
from pathlib import Path
site = Path(sys.argv[1]).resolve()
import maturity, maturity.datasets as d, maturity.model.load as m
from maturity.commands.demo import demo_steps
assert Path(maturity.__file__).resolve().is_relative_to(site), maturity.__file__
assert m.model_paths()[-1] == site / "maturity/_bundled/models", m.model_paths()
assert d.DATA_DIR == site / "maturity/_bundled/data", d.DATA_DIR
ids = m.list_models().id.tolist()
assert {"cmmi-dev-1.3", "pmo-process", "secure-dev", "c2m2-lite"} <= set(ids), ids
for mid in ids:
    m.load_model(mid)
missing = [a for _, argv in demo_steps(Path("out")) for a in argv
           if a.startswith(str(d.DATA_DIR)) and not Path(a).exists()]
assert not missing, missing
assert len(d.load_responses("2025-03")) > 1000
print("ok", d.DATA_DIR)
"""


def test_wheel_ships_models_and_sample(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_bundled")
    for name in ("maturity", "surveys", "data"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", str(src), "-w", str(wheels)],
        capture_output=True, text=True, timeout=600,
    )
    if build.returncode and any(s.lower() in build.stderr.lower() for s in _NETWORK):
        pytest.skip("pip cannot get the build requirements: " + build.stderr.strip()[-300:])
    assert build.returncode == 0, build.stderr[-3000:]
    (whl,) = wheels.glob("maturity-*.whl")
    with zipfile.ZipFile(whl) as z:
        names = set(z.namelist())
        site = tmp_path / "site"
        z.extractall(site)
    expected = {dst for _, dst in SETUP["bundled_files"](ROOT)}
    assert expected <= names, sorted(expected - names)[:5]
    assert not any(n.startswith(("surveys/", "data/")) for n in names)

    # run from the unpacked wheel, away from the checkout (PYTHONPATH wins over the editable
    # install's finder, which comes after the path finder)
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "MATURITY_MODEL_PATH": ""}
    run = subprocess.run([sys.executable, "-c", _CHECK, str(site)], cwd=work, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.startswith("ok")

    bundled = site / "maturity" / "_bundled" / "data"
    cli = [sys.executable, "-m", "maturity.cli"]
    v = subprocess.run([*cli, "validate", str(bundled / "raw"), "--model", "cmmi-dev-1.3"],
                       cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert v.returncode == 0, v.stderr[-2000:]
    assert "rejected:" in v.stdout
    s = subprocess.run([*cli, "score", str(bundled / "secure-dev"), "--model", "secure-dev",
                        "--out", str(work / "sd"), "--quiet"],
                       cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert s.returncode == 0, s.stderr[-2000:]
    assert (work / "sd" / "maturity.csv").is_file()
