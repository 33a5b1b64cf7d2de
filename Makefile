# Certwright — the two commands: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.9
UV := .uv/bin/uv
PY := .venv/bin/python
CW := .venv/bin/certwright
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*##/ —/'

$(UV):
	python3 -m venv .uv
	.uv/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-groups
	touch $@

venv: .venv/.synced  ## create .venv and install everything (uv, from uv.lock)

demo: .venv/.synced  ## migrate the SQLite database, load catalog + bank + demo data, serve on 127.0.0.1:8000
	$(CW) migrate --noinput
	$(CW) demo_setup
	@echo ""
	@echo "Serving Certwright on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(CW) runserver $(HOST):$(PORT) --noreload

lint: .venv/.synced  ## ruff, import contracts, mypy, migrations check
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench
	.venv/bin/lint-imports
	.venv/bin/mypy
	$(CW) makemigrations --check --dry-run

PYTEST := CERTWRIGHT_DATA_DIR=$(CURDIR)/data/test scripts/pytest-run -n $(PYTEST_WORKERS)

test: lint  ## everything CI checks: lint, contracts, migrations, the suite on SQLite (and PostgreSQL if CERTWRIGHT_TEST_DATABASE_URL is set)
	@echo "== the suite on SQLite =="
	env -u DATABASE_URL $(PYTEST)
	@if [ -n "$$CERTWRIGHT_TEST_DATABASE_URL" ]; then \
	  echo "== the suite again on PostgreSQL =="; \
	  DATABASE_URL="$$CERTWRIGHT_TEST_DATABASE_URL" $(PYTEST); \
	fi

accel: .venv/.synced  ## optional: compile the standing engine's hot modules with mypyc into build/accel (needs a C compiler)
	scripts/build-accel

bench: .venv/.synced  ## run the benchmarks (figures and GOAL lines); psychometrics takes several minutes
	scripts/build-accel || echo "accelerator not built: pure Python"
	$(PY) bench/standing.py
	$(PY) bench/psychometrics.py

clean:  ## remove the environment, the data folder and build/ (the accelerator)
	rm -rf .venv .uv data build

.PHONY: help venv demo lint test accel bench clean
