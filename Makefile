# battlegraph: `make build` builds the graph of data/articles into out/; `make test` runs every check.
# Everything installs into .venv from PyPI, pinned by requirements.lock.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test lint golden bench clean

build: $(STAMP)
	$(BIN)/battlegraph build data/articles -o out

test: lint
	$(BIN)/pytest --durations=10

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

golden: $(STAMP)
	$(BIN)/python tests/regen_golden.py

# About 40 minutes: the naive rdflib pipeline and pySHACL are the slow parts.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py validation
	$(BIN)/python benchmarks/run.py build
	$(BIN)/python benchmarks/run.py queries

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "battlegraph needs Python 3.11 or newer: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
