# Quick start:  make demo         (installs into .venv, runs the sample company, writes reports/)
#               make test         (installs into .venv, runs the whole suite, notebooks included)
#               make test-oldest  (the same suite on the oldest releases the pins allow,
#                                  .ci/oldest.txt: pandas 2.2, numpy 1.26, ... in .venv-oldest)
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OLD_VENV  := .venv-oldest
OLD_PY    := $(OLD_VENV)/bin/python
OLD_STAMP := $(OLD_VENV)/.installed
OLDEST    := .ci/oldest.txt
# numeric packages from wheels only: a missing wheel fails at once instead of compiling for long
BINARY := --only-binary numpy,pandas,scipy,matplotlib,contourpy,kiwisolver,pyyaml,python-calamine

.PHONY: demo test test-oldest lab bench clean install install-oldest docs

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# the newest releases the pins allow: eager upgrades, so an existing .venv moves up too;
# editable_mode=compat: the checkout on sys.path (a .pth line), so a notebook in the folder that
# holds the clone never imports the clone's folder as an empty namespace package (docs/install.md)
$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --upgrade --upgrade-strategy eager $(BINARY) -e ".[test]" --config-settings editable_mode=compat
	$(PY) -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $(STAMP)

$(OLD_PY):
	$(PYTHON) -m venv $(OLD_VENV) || python3 -m venv $(OLD_VENV)

# the oldest releases the pins allow (runtime dependencies; the test tools are the newest)
$(OLD_STAMP): $(OLD_PY) pyproject.toml $(OLDEST)
	$(OLD_PY) -m pip install --quiet --upgrade pip
	$(OLD_PY) -m pip install --quiet $(BINARY) -c $(OLDEST) -e ".[test]" --config-settings editable_mode=compat
	$(OLD_PY) -m ipykernel install --prefix $(OLD_VENV) --name python3 >/dev/null
	touch $(OLD_STAMP)

install: $(STAMP)

install-oldest: $(OLD_STAMP)

demo: $(STAMP)
	$(VENV)/bin/maturity demo --out reports

test: $(STAMP)
	$(PY) -m pytest -q

test-oldest: $(OLD_STAMP)
	$(OLD_PY) -c "import numpy, pandas; print('oldest: pandas', pandas.__version__, 'numpy', numpy.__version__)"
	$(OLD_PY) -m pytest -q

# the user guide, warnings as errors (tests/test_docs.py builds it too, so `make test` checks it)
docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -b html docs docs/_build/html
	@echo "open docs/_build/html/index.html"

lab: $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,lab]"
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) -m benchmarks.run --size S

clean:
	rm -rf $(VENV) $(OLD_VENV) reports build *.egg-info docs/_build docs/notebooks
