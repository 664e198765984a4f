# Cadre Registry. Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint bench seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(STAMP)

## make run: set up everything and start web, worker and beat with demo data.
run: $(STAMP)
	$(BIN)/python -m cadre_registry.localdev run

## make test: ruff, makemigrations --check, and the whole pytest suite on PostgreSQL.
test: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m cadre_registry.localdev manage makemigrations --check --dry-run
	$(BIN)/python -m cadre_registry.localdev pytest $(PYTEST_ARGS)

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make bench: generate people (BENCH_PEOPLE, default 1,000,000), time the pages, the
## spreadsheet imports and exports; BENCH_ARGS="--only imports,exports" runs some parts.
BENCH_PEOPLE ?= 1000000
BENCH_ARGS ?=
bench: $(STAMP_DEV)
	$(BIN)/python -m cadre_registry.localdev manage bench --people $(BENCH_PEOPLE) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
