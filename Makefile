VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PELAGO := $(VENV)/bin/pelago

.PHONY: run test venv venv-test lint clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q -e '.[test]'
	touch $@

venv: $(VENV)/.installed

venv-test: $(VENV)/.installed-test

run: venv
	$(PELAGO) init-db
	$(PELAGO) demo-data --if-empty
	$(PELAGO) serve

test: venv-test
	$(VENV)/bin/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

lint: venv-test
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) instance/*.db*
