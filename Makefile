# Palier — `make demo` runs it, `make test` tests it, `make check` lints, `make bench` measures.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.13 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DWELLINGS ?= 300
PYTEST_ARGS ?=

.PHONY: help demo serve test check bench messages clean-demo browsers

help:
	@echo "make demo    run Palier on SQLite with a fictional landlord (http://$(HOST):$(PORT)/)"
	@echo "make test    run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make check   lint, security lint (bandit), migrations up to date, translations compiled, deploy checks"
	@echo "make bench   queries per page and server times on 100,000 dwellings"

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Palier needs Python 3.12 or newer (3.13 recommended): install python3.13 and python3.13-venv.")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# The demo: SQLite under var/, the fictional landlord, a web server and a background worker.
# Re-running it keeps the data (the seed only runs on an empty database). The demo's staff need no
# authenticator app unless you run `PALIER_REQUIRE_2FA=true make demo`.
demo: $(VENV)/.runtime
	@mkdir -p var
	PALIER_DEBUG=true $(MANAGE) migrate --no-input -v 0
	PALIER_DEBUG=true $(MANAGE) seed_demo --dwellings $(DWELLINGS) --if-empty
	@PALIER_DEBUG=true $(MANAGE) demo_logins --base-url http://$(HOST):$(PORT)
	@echo "Starting the background worker and the web server (Ctrl+C stops both)."
	@PALIER_DEBUG=true $(MANAGE) run_huey --quiet & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  PALIER_DEBUG=true PALIER_REQUIRE_2FA=$${PALIER_REQUIRE_2FA:-false} $(MANAGE) runserver --noreload $(HOST):$(PORT)

clean-demo:
	rm -f var/palier.sqlite3* var/huey.sqlite3*

# The system's Chromium drives the browser tests; poppler-utils reads the PDFs the tests make.
browsers:
	@need=""; \
	  command -v chromium >/dev/null 2>&1 || need="$$need chromium"; \
	  command -v pdftotext >/dev/null 2>&1 || need="$$need poppler-utils"; \
	  fc-list 2>/dev/null | grep -qi dejavu || need="$$need fonts-dejavu-core"; \
	  if [ -n "$$need" ]; then \
	    if [ "$$(id -u)" = "0" ]; then \
	      echo "Installing:$$need"; \
	      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null) \
	        || { echo "Could not install them: run 'apt-get install$$need'."; exit 1; }; \
	    else \
	      echo "The tests need a browser and PDF tools. Run: sudo apt-get install$$need"; exit 1; \
	    fi; \
	  fi

test: $(VENV)/.dev browsers
	@mkdir -p var
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

check: $(VENV)/.dev
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -c pyproject.toml -r palier -q
	PALIER_DEBUG=true $(MANAGE) makemigrations --check --dry-run
	$(PY) scripts/check_translations.py
	PALIER_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  PALIER_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	  PALIER_LOOKUP_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))') \
	  PALIER_PAYMENT_PROVIDER=mollie MOLLIE_API_KEY=live_deploy_check_only \
	  PALIER_ALLOWED_HOSTS=palier.example.org $(MANAGE) check --deploy --fail-level WARNING

bench: $(VENV)/.dev
	@mkdir -p var
	PALIER_DEBUG=true $(MANAGE) bench $(BENCH_ARGS)

# Refresh the translation catalogues after changing strings; then translate and run it again.
messages: $(VENV)/.dev
	cd palier && PALIER_DEBUG=true ../$(MANAGE) makemessages -l fr -l nl -l de -l en --no-obsolete --add-location file
	cd palier && PALIER_DEBUG=true ../$(MANAGE) compilemessages
