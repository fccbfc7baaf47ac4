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

# With daphne in INSTALLED_APPS, runserver is Daphne (HTTP + WebSockets) and, with
# DEBUG on, it also serves the static files.
run: setup
	$(MANAGE) runserver 127.0.0.1:8000

test: messages
	$(BIN)/pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
