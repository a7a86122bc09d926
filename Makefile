# Footnote: `make run` sets everything up and serves; `make test` runs every suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FOOTNOTE_DB ?= instance/footnote.db

.PHONY: run setup build test test-python test-js test-production test-browser test-firefox lint bench clean

run: setup
	$(BIN)/footnote db migrate
	$(BIN)/footnote demo
	@echo
	@echo "Footnote is starting on http://$(HOST):$(PORT)/"
	@echo "  1. Open http://$(HOST):$(PORT)/ and register an account (or use the demo set anonymously)."
	@echo "  2. Load the extension: chrome://extensions > Developer mode > Load unpacked > $(CURDIR)/extension/dist"
	@echo "  3. In the extension's options, keep the service URL http://$(HOST):$(PORT) and follow 'Open-source AI claims'."
	@echo
	$(BIN)/footnote serve --host $(HOST) --port $(PORT)

setup: $(VENV)/.installed node_modules/.installed build

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build: node_modules/.installed
	npm run --silent build

test: setup
	scripts/ensure-browsers.sh
	$(MAKE) --no-print-directory test-python test-js test-production lint test-browser test-firefox
	@echo "make test: every suite passed"

test-python: $(VENV)/.installed
	$(BIN)/pytest -q tests/python

# gunicorn and nginx started from deploy/ on loopback ports, and an API walk through them.
test-production: $(VENV)/.installed
	$(BIN)/pytest -q tests/production

test-js: node_modules/.installed
	scripts/run-node-tests.sh

test-browser: setup
	$(BIN)/pytest -q tests/browser

test-firefox: setup
	node tests/firefox/run.mjs

lint: setup
	$(BIN)/ruff check server tests bench deploy
	$(BIN)/ruff format --check server tests bench deploy
	npx eslint .
	npx prettier --check extension/src extension/test
	npx web-ext lint --source-dir extension/dist --self-hosted

bench: setup
	scripts/ensure-browsers.sh --bench
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules extension/dist instance
