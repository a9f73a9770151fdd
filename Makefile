# The two commands of the quickstart: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 90

.PHONY: setup demo test test-tools check-install lint bench serve clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/arxiv-trends demo

# pdftotext (the independent extractor) and Chromium (the report test) come from Debian's
# packages; without root or apt the tests that need them skip (CI requires them).
test-tools:
	@if command -v pdftotext >/dev/null && command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils chromium >/dev/null; \
	else echo "pdftotext or chromium missing and cannot install: tests needing them skip"; fi

test: setup test-tools
	$(BIN)/python -m pytest -q

# A user's install: the package built, installed (not editable) into a fresh venv, and the
# demo run from an empty folder, so that nothing it needs (SQL, terms, templates) can come
# from the checkout. CI runs it; the dependencies come from the package index.
check-install:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip; \
	"$$tmp/venv/bin/python" -m pip wheel --quiet --no-deps -w "$$tmp/dist" .; \
	"$$tmp/venv/bin/python" -m pip install --quiet "$$tmp"/dist/*.whl; \
	mkdir "$$tmp/empty"; cd "$$tmp/empty"; \
	"$$tmp/venv/bin/arxiv-trends" demo; \
	test -s reports/site/index.html && test -s data/demo.duckdb; \
	echo "check-install: the installed package ran the demo from an empty folder"

lint: setup
	$(BIN)/ruff check .

# Each benchmark prints `name: value` lines; they need ../shared/corpus (bench_api uses the
# tests' loopback arXiv, hence PYTHONPATH).
bench: setup
	$(BIN)/python bench/bench_demo.py
	$(BIN)/python bench/extract.py
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/bench_api.py
	$(BIN)/python bench/bench_snapshot.py
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/bench_ngrams.py
	$(BIN)/python bench/bench_report.py
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/bench_merge.py
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/bench_min_support.py
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/bench_hot.py
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/bench_load.py
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/bench_zones.py
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/bench_names.py

# The monthly deployment on a real Prefect server (PREFECT_API_URL must point at it; see the
# README's "Run it every month"). SERVE_ARGS passes --db, --cron, --feeds-dir...
serve: setup
	$(BIN)/python -m flows.serve $(SERVE_ARGS)

clean:
	rm -rf data reports/site .prefect
