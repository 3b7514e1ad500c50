# Ura — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
# An S3-compatible test server (moto) in a venv of its own: its pins clash with the application's (dateutil).
S3_VENV := .venv-s3
BIN := $(VENV)/bin
export FLASK_APP := wsgi:app
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_WORKERS ?= 2
MO ?= diaspora/translations/sq/LC_MESSAGES/messages.mo
# Progress: each step of a first `make run` says what it is doing before it starts.
say = @echo "==> $(1)"

.PHONY: install install-test s3-test-server translations messages db demo run test static-checks test-sqlite test-postgres clean bench-load chromium

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -x $(BIN)/python || echo "==> Creating the Python virtual environment ($(VENV))"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(call say,Installing the pinned packages of requirements.txt (a few minutes the first time))
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@
	$(MAKE) --no-print-directory translations

# Message catalogues are compiled as part of the build (the .mo files are not kept in git), again whenever the
# catalogue changes.
translations: $(MO)

$(MO): diaspora/translations/sq/LC_MESSAGES/messages.po
	$(call say,Compiling the translations (Albanian))
	$(BIN)/pybabel compile -d diaspora/translations --statistics

# For developers: collect new strings from the code and templates into the catalogues.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --project Ura -o diaspora/translations/messages.pot .
	$(BIN)/pybabel update -i diaspora/translations/messages.pot -d diaspora/translations --no-fuzzy-matching --ignore-obsolete

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

s3-test-server: $(S3_VENV)/.installed

$(S3_VENV)/.installed: tests/storage/s3-server-requirements.txt
	test -x $(S3_VENV)/bin/python || $(PYTHON) -m venv $(S3_VENV)
	$(S3_VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/storage/s3-server-requirements.txt
	touch $@

db: install
	$(call say,Migrating the database (flask db upgrade))
	$(BIN)/flask db upgrade

demo: db
	$(call say,Loading the demo data (only into an empty database))
	$(BIN)/flask seed-demo --if-empty

run: demo translations
	$(call say,Serving Ura on http://$(HOST):$(PORT)/ (Ctrl-C stops it))
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# Debian's Chromium, which the browser tests drive through Playwright (Playwright never downloads a browser
# here); without it `make test` skips them and says so. Needs root: `sudo make chromium`. .ci/run calls it.
chromium:
	@if [ -x /usr/bin/chromium ]; then echo "Chromium is installed: /usr/bin/chromium"; else \
	  echo "==> Installing Debian's Chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi

test: install-test translations s3-test-server
	$(MAKE) --no-print-directory static-checks
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "TEST_DATABASE_URL is not set: the PostgreSQL pass is skipped (.ci/run sets it)."; fi

# bandit: zero findings of medium or high severity in the application and the engine.
# import-linter: the layer contract of .importlinter (docs/CONTRIBUTING.md, "Layers"); tests/test_layers.py runs it too.
static-checks:
	@echo "== bandit (medium and high severity) =="
	$(BIN)/bandit --quiet --recursive diaspora matching config.py wsgi.py --severity-level medium
	@echo "== import-linter (layer contract) =="
	$(BIN)/lint-imports --config .importlinter --no-cache

test-sqlite:
	@echo "== test suite on SQLite =="
	env -u TEST_DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS)

# The database-backed suite again on PostgreSQL; the engine tests do not touch a database.
test-postgres:
	@echo "== database tests on PostgreSQL ($$TEST_DATABASE_URL) =="
	$(BIN)/pytest -n $(PYTEST_WORKERS) --ignore=tests/matching

# Load test (issue 6, item 10), not part of `make test`: a throwaway PostgreSQL database on 127.0.0.1:5432 with
# 100,000 profiles, gunicorn with 4 workers, 60 s of locust on loopback; figures in docs/load-test.md.
bench-load: install-test translations
	$(BIN)/pip freeze --disable-pip-version-check > $(VENV)/.bench-constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r bench/load/requirements.txt -c $(VENV)/.bench-constraints.txt
	$(BIN)/python -m bench.load.run

clean:
	rm -rf $(VENV) $(S3_VENV) .pytest_cache .hypothesis
