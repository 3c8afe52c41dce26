# Quick start:  make demo   (installs into .venv, runs the sample company, writes reports/)
#               make test   (installs into .venv, runs the whole suite, notebooks included)
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lab bench clean install

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	# compat: the checkout on sys.path (a .pth line), so a notebook in the folder that holds the
	# clone never imports the clone's folder as an empty namespace package (docs/install.md)
	$(PY) -m pip install --quiet -e ".[test]" --config-settings editable_mode=compat
	$(PY) -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/maturity demo --out reports

test: $(STAMP)
	$(PY) -m pytest -q

lab: $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,lab]"
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) -m benchmarks.run --size S

clean:
	rm -rf $(VENV) reports build *.egg-info
