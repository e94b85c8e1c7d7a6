# Courtage: `make run` serves the demo, `make test` runs every test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAO := node_modules/tryton-sao
DEMO_DB := courtage
export TRYTOND_DATABASE__PATH ?= $(CURDIR)/var/db
export TRYTOND_WEB__ROOT ?= $(CURDIR)/$(SAO)
export TRYTOND_INSURANCE_COMMUNICATION__EMAIL_PATH ?= $(CURDIR)/var/outbox/mail
export TRYTOND_INSURANCE_COMMUNICATION__SMS_PATH ?= $(CURDIR)/var/outbox/sms

.PHONY: run demo serve install system test test-sqlite test-postgresql \
	test-outage test-smoke prod-check clean

run: install $(SAO)/.installed system var/db/$(DEMO_DB).sqlite serve

serve:
	@scripts/serve.sh $(DEMO_DB)

# Rebuild the demo; the old database is served until the new one is ready.
demo: install
	mkdir -p var/db
	$(BIN)/python scripts/demo.py --database $(DEMO_DB) --replace

install: $(VENV)/.installed

system:
	scripts/system-requirements.sh

$(VENV)/.installed: requirements.txt requirements-test.txt pyproject.toml setup.py $(wildcard addons/*/tryton.cfg)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(SAO)/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	cd $(SAO) && npm install --omit=dev --legacy-peer-deps --no-audit --no-fund --loglevel=error
	touch $@

# Built under a temporary name and renamed when complete: an interrupted
# build leaves no var/db/$(DEMO_DB).sqlite, so the next run builds again.
var/db/$(DEMO_DB).sqlite:
	mkdir -p var/db
	@echo "Building the demo database (about 5 minutes)"
	$(BIN)/python scripts/demo.py --database $(DEMO_DB)

# SQLite always; PostgreSQL too when COURTAGE_POSTGRESQL_URI is set
# (e.g. postgresql://courtage@127.0.0.1:5432/). Both backends run at once,
# each printing its report when it ends.
test: install $(SAO)/.installed
	scripts/system-requirements.sh --browser --deployment
	@if [ -n "$$COURTAGE_POSTGRESQL_URI" ]; then \
		$(MAKE) --no-print-directory --output-sync=target -j2 \
			test-sqlite test-postgresql; \
	else \
		echo "COURTAGE_POSTGRESQL_URI is not set: PostgreSQL run skipped"; \
		$(MAKE) --no-print-directory test-sqlite; \
	fi

test-sqlite:
	TRYTOND_DATABASE__URI=sqlite:// $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgresql:
	TRYTOND_DATABASE__URI=$$COURTAGE_POSTGRESQL_URI $(BIN)/python -m pytest $(PYTEST_ARGS)

# Every screen of every demo role in Chromium (tests/browser/test_smoke.py):
# long, so not part of make test yet
test-smoke: install $(SAO)/.installed
	scripts/system-requirements.sh --browser
	COURTAGE_SMOKE=1 TRYTOND_DATABASE__URI=sqlite:// $(BIN)/python -m pytest \
		tests/browser/test_smoke.py $(PYTEST_ARGS)

# PostgreSQL stopped and restarted under a read/write loop: needs
# PostgreSQL's server programs (initdb, pg_ctl), starts a server of its own
test-outage: install
	$(BIN)/python scripts/outage_test.py
# The production topology of docker/ started natively on loopback against
# PostgreSQL (no Docker engine needed): migration job, two gunicorn web
# services, worker, cron, bus, nginx, backup and restore; the compose files
# validated and the Dockerfile linted. Part of `make test` on PostgreSQL.
prod-check: install $(SAO)/.installed
	scripts/system-requirements.sh --deployment
	@test -n "$$COURTAGE_POSTGRESQL_URI" || \
		{ echo "prod-check needs COURTAGE_POSTGRESQL_URI" >&2; exit 1; }
	TRYTOND_DATABASE__URI=$$COURTAGE_POSTGRESQL_URI $(BIN)/python -m pytest \
		tests/test_deployment.py $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
