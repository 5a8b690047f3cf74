# Factory Commons. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

.PHONY: run
run: ## Set everything up and serve the site with demo content on http://127.0.0.1:8000
	@tools/check_prereqs.sh run
	@$(MAKE) --no-print-directory deps
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (admin at /admin/, login in README.md). Stop with Ctrl+C."
	$(MANAGE) runserver $(HOST):$(PORT)

.PHONY: test
test: ## Set up and run the whole test suite (lint, checks, PostgreSQL, OpenSearch, SQLite smoke set)
	@tools/test.sh

.PHONY: bench
bench: ## Time search on PostgreSQL, OpenSearch and SQLite over a synthetic corpus; writes docs/benchmarks.md
	@tools/bench/run.sh

.PHONY: loadtest
loadtest: ## 50 visitors for 60 s against gunicorn, twice (OpenSearch killed halfway the second time); writes docs/benchmarks.md
	@tools/loadtest/run.sh

.PHONY: backup
backup: ## Back up the PostgreSQL database (DATABASE_URL) and the media into one archive in var/backups/ (BACKUP_DIR)
	@$(MANAGE) backup

.PHONY: restore
restore: ## Restore a backup into an empty database: make restore ARCHIVE=var/backups/....tar (FORCE=1 replaces a non-empty one)
	@$(MANAGE) restore "$(ARCHIVE)" $(if $(filter 1 true yes,$(FORCE)),--force)

# Interface text in Welsh: the .po files are committed, the .mo files they compile to
# are not (docs/decisions/0012-interface-translations.md).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
# Where makemessages does not look: tests/core/test_translations.py uses the same list.
MESSAGES_IGNORE := --ignore=node_modules --ignore=var --ignore=static_build --ignore=tests --ignore=tools

.PHONY: deps
deps: $(VENV)/.installed static_build/.built $(MO_FILES) ## Install Python and front-end dependencies, build the assets and compile the translations

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

static_build/.built: node_modules/.installed $(shell find static_src -type f 2>/dev/null)
	npm run --silent build
	@touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(MANAGE) compilemessages --locale $* --ignore=.venv --ignore=node_modules --ignore=var --ignore=static_build

.PHONY: messages
messages: $(VENV)/.installed ## After changing interface text: update locale/cy/LC_MESSAGES/django.po, then translate its new entries
	$(MANAGE) makemessages --locale cy --add-location=file --no-obsolete $(MESSAGES_IGNORE)

.PHONY: services
services: ## Start PostgreSQL, OpenSearch and Redis for development (DATABASE_URL, OPENSEARCH_URL and REDIS_URL are printed)
	@tools/postgres.sh start
	@tools/opensearch/run.sh start
	@tools/redis.sh start
	@echo "export DATABASE_URL=$$(tools/postgres.sh url)"
	@echo "export OPENSEARCH_URL=http://127.0.0.1:$${OPENSEARCH_PORT:-9200}"
	@echo "export REDIS_URL=$$(tools/redis.sh url)"

.PHONY: postgres
postgres: ## Start the private PostgreSQL server only
	@tools/postgres.sh start

.PHONY: opensearch
opensearch: ## Start the OpenSearch node in the background and wait until it is healthy
	@tools/opensearch/run.sh start

.PHONY: redis
redis: ## Start the private Redis server (the cache) only
	@tools/redis.sh start

.PHONY: stop
stop: ## Stop PostgreSQL, OpenSearch and Redis
	@tools/redis.sh stop
	@tools/opensearch/run.sh stop
	@tools/postgres.sh stop

.PHONY: lint
lint: $(VENV)/.installed ## Check the code with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: format
format: $(VENV)/.installed ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: requirements
requirements: ## Re-pin requirements.txt from requirements.in in a clean virtualenv
	rm -rf var/requirements-venv
	$(PYTHON) -m venv var/requirements-venv
	var/requirements-venv/bin/pip install --quiet --disable-pip-version-check -r requirements.in
	(echo "# Pinned by 'make requirements' from requirements.in: every package, direct or not."; \
	  var/requirements-venv/bin/pip freeze) > requirements.txt
	rm -rf var/requirements-venv

.PHONY: clean
clean: ## Remove what the setup made (virtualenv, node_modules, built assets, var/); stops the servers first
	-@$(MAKE) --no-print-directory stop
	rm -rf $(VENV) node_modules static_build var tools/opensearch/target
