# `make run` and `make test` work on a fresh clone: the virtualenv is created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= $(abspath ../shared/corpora)
export DATA_DIR

.PHONY: setup run test eval bench model serve clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)  ## process corpora/ into outputs/
	$(BIN)/pipeline run corpora --out outputs

test: $(STAMP)  ## the whole default suite (slow training/eval runs excluded)
	$(BIN)/python -m pytest

eval: $(STAMP)  ## accuracy figures: NER, tagging, parsing, roles, HTML extraction, translation scorer
	$(BIN)/pipeline eval all --data-dir $(DATA_DIR)
	$(BIN)/python -m pytest -m slow

bench: $(STAMP)  ## throughput figures
	$(BIN)/pipeline bench --data-dir $(DATA_DIR)

serve: $(STAMP)  ## browse outputs/entities.sqlite in Datasette on http://127.0.0.1:8001 (read-only)
	$(BIN)/pipeline serve --db outputs/entities.sqlite

model: $(STAMP)  ## retrain the shipped Swedish model from $(DATA_DIR)
	$(MAKE) -C training all PYTHON=$(abspath $(BIN)/python) DATA_DIR=$(abspath $(DATA_DIR))

clean:
	rm -rf outputs/articles outputs/*.jsonl outputs/*.json outputs/*.sqlite* training/corpus training/output .pytest_cache
