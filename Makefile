VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PELAGO := $(VENV)/bin/pelago

.PHONY: run test venv venv-test lint clean translations bench bench-load

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
	PELAGO_POOL_JOB_MINUTES=$${PELAGO_POOL_JOB_MINUTES:-5} $(PELAGO) serve

test: venv-test
	$(VENV)/bin/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

lint: venv-test
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) instance/*.db*

# Re-extract UI strings and merge them into the zh_CN catalog (then translate the new
# entries; tests/test_i18n.py fails while any is missing or stale).
translations: venv-test
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k _ -k gettext --no-location \
		--omit-header -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations \
		-l zh_CN --ignore-obsolete --no-fuzzy-matching --no-wrap

# Benchmarks (not part of `make test`): see bench/run.py for options.
bench: venv-test
	$(VENV)/bin/python -m bench.run $(BENCH_ARGS)

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(PIP) install -q -e '.[test,bench]'
	touch $@

# Load test (gunicorn under locust): see bench/load.py for options.
bench-load: $(VENV)/.installed-bench
	$(VENV)/bin/python -m bench.load $(BENCH_ARGS)
