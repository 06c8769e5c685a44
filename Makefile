SHELL := /bin/bash
# The README's two commands: `make run` and `make test`. Both set everything up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup install python frontend translations db pot check-pot update-translations bench clean

# HOST and PORT are passed on, so SITE_URL (links, QR codes, emails) follows the port served.
run: setup db
	@echo "The site:       http://$(HOST):$(PORT)/"
	@echo "The staff area: http://$(HOST):$(PORT)/staff/ (first account: $(FLASK) staff create you@example.org --role administrator)"
	@if [ -z "$(MAIL_SERVER)" ]; then \
	  echo "No mail server is set (MAIL_SERVER): notifications wait in the outbox and nothing is sent."; \
	  echo "To try sending locally, run a test mail server that prints each message, in another terminal:"; \
	  echo "  $(BIN)/python -m aiosmtpd -n -l 127.0.0.1:8025"; \
	  echo "then send what is waiting:"; \
	  echo "  MAIL_SERVER=127.0.0.1 MAIL_PORT=8025 MAIL_FROM=site@example.org CASE_TEAM_EMAIL=team@example.org $(FLASK) outbox send"; \
	fi
	HOST=$(HOST) PORT=$(PORT) $(FLASK) run --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

setup: python frontend translations

# A production install (DEPLOY.md): the app's own packages only, without the test tools that
# `make setup` adds, then the built styles and scripts and the compiled translations.
install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	$(MAKE) frontend
	$(BIN)/pybabel -q compile -d translations --statistics

python: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

frontend: static/dist/.built
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@
static/dist/.built: node_modules/.installed build/build.mjs $(wildcard static/src/*)
	npm run --silent build
	touch $@

# .mo files are built, never committed.
translations: python
	$(BIN)/pybabel -q compile -d translations --statistics

# Creates or migrates the embedded SQLite database in instance/, then loads the sample data.
db: python
	$(FLASK) db upgrade
	$(FLASK) sample-data

# Regenerates the translation template after changing any user-facing string.
pot: python
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --project="Report Hate in Hertfordshire" --copyright-holder="Report Hate in Hertfordshire contributors" \
	  -o translations/messages.pot . >/dev/null

update-translations: pot
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

# Fails when translations/messages.pot is older than the strings in the code.
check-pot: python
	@$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --project="Report Hate in Hertfordshire" --copyright-holder="Report Hate in Hertfordshire contributors" \
	  -o $(VENV)/check.pot . >/dev/null
	@if diff -q <(grep -v '^"POT-Creation-Date' $(VENV)/check.pot) <(grep -v '^"POT-Creation-Date' translations/messages.pot) >/dev/null; then \
	  echo "translations/messages.pot is up to date"; \
	else \
	  echo "translations/messages.pot is stale: run 'make update-translations' and translate the new strings"; exit 1; \
	fi

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules static/dist
