# Verkstad: `make run` serves the app, `make test` runs every test. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 0.0.0.0
PORT   ?= 5000
FLASK  := $(BIN)/flask --app app
PYTEST_ARGS ?=

.PHONY: run run-cluster test bench reliability install install-test chromium poppler haproxy translations catalog \
	screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations chromium poppler haproxy

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

# Browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium (Debian package 'chromium') to run the browser tests." >&2; exit 1; fi; \
	fi

# PDF export tests render pages to PNG and read their text with Poppler's pdftoppm and pdftotext.
poppler:
	@if ! command -v pdftoppm >/dev/null; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "Install Poppler (Debian package 'poppler-utils') to run the PDF tests." >&2; exit 1; fi; \
	fi

# make run-cluster and the two-process tests put Debian's HAProxy in front of the processes.
haproxy:
	@if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	  else echo "Install HAProxy (Debian package 'haproxy') for make run-cluster and the two-process tests." >&2; exit 1; fi; \
	fi

run: install
	$(FLASK) db upgrade
	$(FLASK) seed
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python app.py

# N processes balanced by HAProxy on HOST:PORT (the processes on PORT+1…PORT+N), sharing PostgreSQL and Redis:
# DATABASE_URL=postgresql+psycopg://… make run-cluster N=2 (VERKSTAD_REDIS_URL defaults to the local Redis).
N ?= 2
run-cluster: install haproxy
	$(BIN)/python -m deploy.cluster --processes $(N) --host $(HOST) --port $(PORT)

# Every test: the browser tests and the rest on SQLite (the two-process tests when VERKSTAD_TEST_REDIS_URL and
# VERKSTAD_TEST_DATABASE_URL are set), and the database-facing part again on PostgreSQL when it is configured,
# three runs side by side (tests/run_all.sh).
test: install-test
	@tests/run_all.sh $(BIN) $(PYTEST_ARGS)

# The fault and bad-input suites alone (they also run in `make test`); prints the figures docs/reliability.md quotes.
reliability: install-test
	$(BIN)/pytest tests/reliability tests/bad_input $(PYTEST_ARGS)

# Verkstad against a bare Flask-SocketIO baseline, same load, same machine (not part of `make test`).
# CLUSTER=N: Verkstad as N processes behind HAProxy on PostgreSQL and Redis (bench/README.md).
PHONES ?= 500,1000,2000
CLUSTER ?= 1
bench: install-test
	PHONES=$(PHONES) CLUSTER=$(CLUSTER) $(BIN)/python -m bench.run

# Refresh the message catalogues after changing user-facing text.
catalog: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --project=Verkstad --copyright-holder="Verkstad developers" --msgid-bugs-address="" -o translations/messages.pot .
	$(BIN)/pybabel update --ignore-obsolete --no-fuzzy-matching -i translations/messages.pot -d translations

screenshots: install-test
	$(BIN)/python -m tests.browser.screenshots
	$(BIN)/python -m tests.browser.screenshots_companies

clean:
	rm -rf $(VENV) instance .pytest_cache
