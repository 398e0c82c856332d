# Two commands on a fresh machine with Python 3.11 and make: `make demo`, `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: demo test eval bench bench-text clean

$(BIN)/factcheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/factcheck Makefile
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $@

demo: $(BIN)/factcheck
	$(BIN)/factcheck scan corpora/demo --out reports/demo || [ $$? -eq 3 ]
	@echo "report: reports/demo/report.html (also report.md, findings.jsonl, findings.csv)"

test: $(VENV)/.test-extras
	$(BIN)/python -m pytest -rs

# Scores every corpus that has a gold file: the real ones in $(SHARED) and this project's own.
eval: $(BIN)/factcheck
	@$(BIN)/python scripts/evaluate.py --shared $(SHARED)

# Synthetic corpora, timed against spaCy itself; `make bench BENCH="--sizes 1000,10000"` for the larger run.
bench: $(BIN)/factcheck
	$(BIN)/python scripts/bench.py $(BENCH)

# Only the pathological-text cases of `make bench` (a 20,000-character divider and its kin), about a minute.
bench-text: $(BIN)/factcheck
	$(BIN)/python scripts/bench.py --text-only

clean:
	rm -rf $(VENV) reports/demo .pytest_cache
