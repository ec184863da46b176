# Gaoxin — the command menu. A newcomer needs two: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000

.PHONY: help bootstrap demo test test-fast lint fmt bench serve worker lock messages clean
help:  ## first target: bootstrap the environment and list the commands
	@$(MAKE) --no-print-directory bootstrap
	@grep -E '^[a-z-]+:.*## ' Makefile | sed -E 's/:.*## /\t/'

bootstrap: $(VENV)/.installed node_modules/.installed  ## install locked Python and npm dependencies

$(VENV)/.installed: requirements.lock requirements-dev.lock
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: bootstrap  ## migrate, load the 聊城高新区 demo on SQLite, serve it with a task worker
	$(MANAGE) migrate --no-input
	$(MANAGE) demo --reset
	$(MANAGE) collectstatic --no-input --verbosity 0
	scripts/run-demo $(PORT)

test: bootstrap  ## install and run the whole suite (SQLite unless DATABASE_URL is set)
	$(PY) -m pytest

lint: bootstrap  ## ruff, mypy and missing migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(MANAGE) makemigrations --check --dry-run

fmt: bootstrap
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: bootstrap  ## run every benchmark in benchmarks/ and print its figures
	@for b in benchmarks/[a-z]*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

serve: bootstrap  ## production-style serving (gunicorn + worker); see docs/operations.md
	scripts/serve

worker: bootstrap
	$(MANAGE) db_worker

messages: bootstrap  ## refresh the English catalogue
	$(MANAGE) makemessages -l en --ignore=node_modules --ignore=.venv
	$(MANAGE) compilemessages --ignore=.venv

lock:  ## re-resolve requirements*.in into the lock files
	rm -rf /tmp/gaoxin-lock && "$$(scripts/find-python)" -m venv /tmp/gaoxin-lock
	/tmp/gaoxin-lock/bin/pip install -q -r requirements.in
	(echo "# Generated from requirements.in by 'make lock'. Do not edit."; /tmp/gaoxin-lock/bin/pip freeze) > requirements.lock
	/tmp/gaoxin-lock/bin/pip install -q -r requirements-dev.in
	(echo "# Generated from requirements-dev.in by 'make lock'. Do not edit."; echo "-r requirements.lock"; \
	  comm -23 <(/tmp/gaoxin-lock/bin/pip freeze | sort) <(grep -v '^#' requirements.lock | sort)) > requirements-dev.lock

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3* staticfiles
