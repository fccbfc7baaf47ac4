# Mufakat. Two commands matter:
#   make run    install everything, prepare the database, serve http://127.0.0.1:8000
#   make test   install everything, run the whole test suite

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: setup install messages run test lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalled only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The .mo catalogs are build output; without them the pages fall back to English.
messages: install
	$(MANAGE) compilemessages --ignore=$(VENV)

setup: messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_scenarios
	$(MANAGE) create_demo_facilitator

# With daphne in INSTALLED_APPS, runserver is Daphne (HTTP + WebSockets). --nostatic: the
# static files come through Django's URLs and middleware (config/urls.py), compressed as
# the pages are, rather than from runserver's own handler, which sends them uncompressed.
run: setup
	$(MANAGE) runserver --nostatic 127.0.0.1:8000

test: messages
	$(BIN)/pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Load benchmark of the product against a bare Channels consumer (bench/, docs/deploy.md).
# Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_POSTGRES_URL, BENCH_REDIS_URL; Redis db 9).
#   make bench         every configuration, one window each (timings: docs/deploy.md)
#   make bench-quick   production 25 games × 40, product and baseline (about 3 minutes)
#   make bench-soak    30 minutes, 10 % of the sockets reconnecting each minute
.PHONY: bench bench-quick bench-soak

bench: install
	$(BIN)/python -m bench

bench-quick: install
	$(BIN)/python -m bench --quick

bench-soak: install
	$(BIN)/python -m bench --soak
