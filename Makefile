# SPDX-License-Identifier: MIT
# congso — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,demo]"
	@touch $@

install: $(VENV)/.installed ## Create .venv and install congso with its test and demo tools
	@CONGSO_DEMO=true $(PY) manage.py compile_translations

demo: install browser ## Install, migrate SQLite, load the demo province and serve it on http://127.0.0.1:$(PORT)
	CONGSO_DEMO=true $(PY) manage.py migrate --no-input
	CONGSO_DEMO=true $(PY) manage.py collectstatic --no-input --verbosity 0
	CONGSO_DEMO=true $(PY) manage.py load_demo
	CONGSO_DEMO=true $(PY) manage.py serve_demo --port $(PORT)

SYSTEM_PACKAGES := chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0

browser: ## Install the Debian packages: Chromium (browser tests), DejaVu fonts and Pango (PDFs)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages: sudo apt-get install $$missing"; fi; \
	fi

test: install browser ## Install what is missing and run the whole suite
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: install browser ## The whole suite on PostgreSQL and Redis (DATABASE_URL, CONGSO_REDIS_URL)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/congso} \
	CONGSO_REDIS_URL=$${CONGSO_REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check congso bench tests conftest.py
	$(VENV)/bin/ruff format --check congso bench tests conftest.py

check: install ## Django system checks and missing migrations
	CONGSO_DEMO=true $(PY) manage.py check
	CONGSO_DEMO=true $(PY) manage.py makemigrations --check --dry-run

messages: install ## Refresh the translation catalogs from the code (needs GNU gettext)
	cd congso && CONGSO_DEMO=true ../$(PY) ../manage.py makemessages -l vi -l en --no-obsolete --no-location -i "tests/*" -e html,txt,py
	@# English msgids are their own translation: refill the English catalog from them.
	msgattrib --clear-fuzzy --empty -o congso/locale/en/LC_MESSAGES/django.po congso/locale/en/LC_MESSAGES/django.po
	msgen --force-po -o congso/locale/en/LC_MESSAGES/django.po congso/locale/en/LC_MESSAGES/django.po
	@CONGSO_DEMO=true $(PY) manage.py compile_translations
	@echo "Now translate the new entries of congso/locale/vi/LC_MESSAGES/django.po"

bench: install ## Run the catalog search benchmark (SQLite; set DATABASE_URL for PostgreSQL)
	$(PY) bench/catalog_search.py

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var congso.egg-info

.PHONY: help install demo browser test test-postgres lint check messages bench clean
