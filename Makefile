# Spindle: `make run` for the app with demo content, `make test` for everything green.
SHELL := /bin/bash
PYTHON ?= python3
BIN := .venv/bin
INSTALLED := .venv/.installed
# Tests always talk to real services: the local PostgreSQL and Redis unless told otherwise.
TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/spindle} \
            REDIS_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}

.PHONY: run test worker lint format bench install system-deps services test-assets

$(INSTALLED): pyproject.toml constraints.txt scripts/bootstrap.sh
	PYTHON=$(PYTHON) scripts/bootstrap.sh

install: $(INSTALLED)

run: $(INSTALLED)
	scripts/run.sh

worker: $(INSTALLED)
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=2

system-deps:
	scripts/system_deps.sh $(SYSTEM_DEPS_FLAGS)

services: $(INSTALLED)
	scripts/ensure_services.sh

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test-assets:
	scripts/test_assets.sh

test: $(INSTALLED) system-deps services test-assets lint
	$(TEST_ENV) $(BIN)/pytest

# wrk too, for bench/pages.py: a target-specific variable reaches the system-deps prerequisite.
bench: SYSTEM_DEPS_FLAGS := --bench
bench: $(INSTALLED) system-deps services
	@for script in bench/[!_]*.py; do echo "== $$script"; $(TEST_ENV) $(BIN)/python $$script || exit 1; done
