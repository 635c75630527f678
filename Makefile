# GemBazaar — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
LISTINGS ?= 2000
JOBS ?= 2
GEMBAZAAR_TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/gembazaar
export GEMBAZAAR_TEST_PG_URL

.PHONY: demo serve test lint install install-dev migrate seed clean bench-seed

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "GemBazaar needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/gembazaar migrate --noinput

seed: migrate
	$(BIN)/gembazaar seed-demo --if-empty --listings $(LISTINGS)

## make demo: install, migrate, seed demo data when the database is empty, serve on :8000.
# The demo's escrow account, so a bank-transfer checkout reads as it will in production (an
# example IBAN: nothing is ever sent to it). Production sets its own in the environment.
demo: seed
	@echo "GemBazaar is starting at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	BANK_TRANSFER_ACCOUNT_NAME="$${BANK_TRANSFER_ACCOUNT_NAME:-GemBazaar Escrow (DEMO: do not send money)}" \
	BANK_TRANSFER_BANK="$${BANK_TRANSFER_BANK:-Demo Bank Ltd, Mall Road, Lahore}" \
	BANK_TRANSFER_IBAN="$${BANK_TRANSFER_IBAN:-PK36SCBL0000001123456702}" \
	BANK_TRANSFER_SWIFT="$${BANK_TRANSFER_SWIFT:-DEMOPKKA}" \
	BANK_TRANSFER_RAAST_ID="$${BANK_TRANSFER_RAAST_ID:-03000000000}" \
	$(BIN)/gembazaar runserver $(HOST):$(PORT)

serve: install
	$(BIN)/gembazaar runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

## make test: lint, then the whole suite on SQLite and again on PostgreSQL when it is reachable
## (with CI=true an unreachable PostgreSQL fails the run instead of skipping it).
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache  # the layers contract in pyproject.toml
	$(BIN)/gembazaar makemigrations --check --dry-run > /dev/null
	$(BIN)/pytest -n $(JOBS) -p no:cacheprovider
	@if $(BIN)/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], dbname='postgres', connect_timeout=3).close()" \
	    "$(GEMBAZAAR_TEST_PG_URL)" 2>/dev/null; then \
	  echo "== The same suite on PostgreSQL ($(GEMBAZAAR_TEST_PG_URL)) =="; \
	  DATABASE_URL="$(GEMBAZAAR_TEST_PG_URL)" $(BIN)/pytest -n $(JOBS) -p no:cacheprovider; \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL is not reachable at $(GEMBAZAAR_TEST_PG_URL): CI must run the PostgreSQL pass."; exit 1; \
	else \
	  echo "PostgreSQL is not reachable at $(GEMBAZAAR_TEST_PG_URL): the PostgreSQL pass was skipped."; \
	fi

bench-seed: install
	$(BIN)/python bench/seed.py --listings 100000

clean:
	rm -rf $(VENV) var build *.egg-info src/*.egg-info
