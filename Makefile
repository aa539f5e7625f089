# Tensornote: `make run` launches the app on notes/, `make test` runs the test suite.
# Both bootstrap .venv from nothing. GPU users: make run TORCH_SPEC='torch==2.13.0 --index-url ...'
PYTHON ?= python3
VENV ?= .venv
TORCH_SPEC ?= torch==2.13.0
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
VAULT ?= notes/

.PHONY: run test lint bench screenshot clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	# torch first, so nothing that depends on it pulls another build.
	$(PY) -m pip install $(TORCH_SPEC)
	$(PY) -m pip install -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m app $(VAULT)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check app tests benchmarks
	$(PY) -m mypy app

bench: $(STAMP)
	$(PY) benchmarks/run.py all --json

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m app notes --note 2023-11-22 --lang ko --size 1500x950 \
		--equation eq-57ea3f058b --step 12 --symbol 1 --screenshot docs/screenshot.png

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
