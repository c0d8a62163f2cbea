# SPDX-License-Identifier: EUPL-1.2
# The two commands: `make run` (install, build the demo, serve) and `make test` (install, run every test).
# Every step is a file target, so a second run only redoes what changed.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
VK := $(BIN)/veerkracht
DATA_DIR ?= var
PORT ?= 8000
export VEERKRACHT_DATA_DIR := $(abspath $(DATA_DIR))

INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
STATIC_BUILD := src/veerkracht/web/static/veerkracht/build/manifest.json
DEMO_STAMP := $(DATA_DIR)/.demo-built
DEMO_SOURCES := $(shell find src/veerkracht/demo src/veerkracht/areas/importers -name '*.py' 2>/dev/null)
MIGRATIONS := $(shell find src/veerkracht -path '*/migrations/*.py' 2>/dev/null)
CHROMIUM := /usr/bin/chromium
PDFTOPPM := /usr/bin/pdftoppm

.PHONY: run test install static demo lint typecheck bench mutation clean messages help

help:
	@echo "make run    install, build the demo city and serve the web app on http://127.0.0.1:$(PORT)/"
	@echo "make test   install and run the whole test suite (SQLite, then PostgreSQL)"
	@echo "make bench  run the benchmarks"
	@echo "make mutation  mutation testing of the targets in tests/mutation/targets.toml (slow; not in make test)"

$(INSTALLED): pyproject.toml requirements/constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -c requirements/constraints.txt -e '.[dev]'
	@touch $@

install: $(INSTALLED) $(NODE_INSTALLED)

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STATIC_BUILD): $(NODE_INSTALLED) frontend/build.mjs $(wildcard frontend/*.js frontend/*.css)
	node frontend/build.mjs

static: $(STATIC_BUILD)

$(DEMO_STAMP): $(INSTALLED) $(DEMO_SOURCES) $(MIGRATIONS)
	$(VK) migrate
	$(VK) demo build
	@touch $@

demo: $(DEMO_STAMP)

run: $(INSTALLED) $(STATIC_BUILD) $(DEMO_STAMP)
	$(VK) migrate --quiet
	$(VK) serve --port $(PORT)

# Browser tests drive Debian's Chromium; install it once if the machine lacks it.
$(CHROMIUM):
	@if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi

# PDF tests render pages to PNG (pdftoppm) and read their text (pdftotext); WeasyPrint needs Pango and the PDFs
# use the DejaVu fonts. Install Debian's packages once if the machine lacks them.
$(PDFTOPPM):
	@if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		poppler-utils fonts-dejavu-core libpangoft2-1.0-0; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		poppler-utils fonts-dejavu-core libpangoft2-1.0-0; fi

test: $(INSTALLED) $(STATIC_BUILD) $(CHROMIUM) $(PDFTOPPM)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python tests/run_suites.py $(if $(SERIAL),--serial)

lint: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(INSTALLED)
	$(BIN)/mypy

bench: $(INSTALLED)
	$(BIN)/python benchmarks/run.py

# Mutation testing (ADR 0011): mutmut in var/mutation over tests/mutation/targets.toml; prints killed /
# survived / timeout per target and fails while a survivor is neither killed nor accepted.
mutation: $(INSTALLED)
	$(BIN)/python tests/mutation/run_mutation.py $(if $(ALL),--all)

messages: $(INSTALLED)
	cd src/veerkracht && ../../$(BIN)/django-admin makemessages -l en --settings=veerkracht.settings && \
		../../$(BIN)/django-admin compilemessages --settings=veerkracht.settings

clean:
	rm -rf $(VENV) node_modules src/veerkracht/web/static/veerkracht/build $(DATA_DIR)
