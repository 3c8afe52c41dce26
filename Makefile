# Quick start:  make demo   (installs into .venv, runs the sample company, writes reports/)
#               make test   (installs into .venv, runs the whole suite, notebooks included)
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lab bench clean install docs

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# editable_mode=compat: the checkout on sys.path (a .pth line), so a notebook in the folder that
# holds the clone never imports the clone's folder as an empty namespace package (docs/install.md)
$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]" --config-settings editable_mode=compat
	$(PY) -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/maturity demo --out reports

test: $(STAMP)
	$(PY) -m pytest -q

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
	rm -rf $(VENV) reports build *.egg-info docs/_build docs/notebooks
