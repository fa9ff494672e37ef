# The front door: `make run` serves the site on SQLite, `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
FAKE_TAPPAY_PORT ?= 8001
# When the fake sends a redirect payment's notify: after, before, twice or drop.
FAKE_TAPPAY_NOTIFY ?= after
REDIS_PORT ?= 8002
MARIADB_ENV := DB_ENGINE=mysql DB_NAME=$${DB_NAME:-taipei_trip} DB_USER=$${DB_USER:-taipei_trip} \
	DB_PASSWORD=$${DB_PASSWORD:-taipei_trip} DB_HOST=$${DB_HOST:-127.0.0.1}
PYTEST := DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest

.PHONY: help install messages run test test-sqlite test-mariadb lint format migrations-check check-deploy \
	screenshots lighthouse

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt scripts/system-packages.sh
	bash scripts/system-packages.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# npm ci writes node_modules/.package-lock.json, so it reruns only when the lock changes.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# The compiled catalogues (.mo) are built here, never committed: one per locale/*/*.po.
LOCALE_FLAGS := --ignore=.venv --ignore=node_modules --ignore=staticfiles
locale/.compiled: $(VENV)/.installed $(wildcard locale/*/LC_MESSAGES/*.po)
	$(PY) manage.py compilemessages $(LOCALE_FLAGS) --verbosity 0
	touch $@

# Locations without line numbers, so an edit elsewhere in a file leaves the catalogue alone.
MESSAGES_FLAGS := --no-obsolete --add-location=file
messages: $(VENV)/.installed ## Update locale/ from the source (English, Japanese): then translate every new entry
	$(PY) manage.py makemessages --locale en --locale ja $(LOCALE_FLAGS) $(MESSAGES_FLAGS)
	$(PY) manage.py makemessages --domain djangojs --locale en --locale ja $(LOCALE_FLAGS) \
		$(MESSAGES_FLAGS) --ignore=static/vendor

install: $(VENV)/.installed node_modules/.package-lock.json locale/.compiled ## Install system packages, the virtualenv, pinned requirements and npm tools

run: install ## The site on SQLite at http://127.0.0.1:8000 with a task worker, a private Redis and fake TapPay
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py import_attractions --if-empty fixtures/demo-attractions.json
	$(PY) manage.py import_attractions --if-empty --language en fixtures/demo-attractions.en.json
	$(PY) manage.py import_attractions --if-empty --language ja fixtures/demo-attractions.ja.json
	@echo "Staff: create the first account with '$(PY) manage.py createsuperuser', sign in at"
	@echo "http://127.0.0.1:$(PORT)/admin/ and scan the QR code with an authenticator app (TOTP);"
	@echo "keep the backup codes it shows. Add staff to the groups 內容編輯/營運/財務 in the admin."
	$(PY) manage.py rundev 127.0.0.1:$(PORT) --fake-tappay-port $(FAKE_TAPPAY_PORT) \
		--redis-port $(REDIS_PORT) --fake-tappay-notify $(FAKE_TAPPAY_NOTIFY)

test: install lint migrations-check test-sqlite test-mariadb ## Every check, on SQLite and MariaDB

test-sqlite: install ## The test suite (browser tests included) on SQLite
	$(PYTEST)

test-mariadb: install ## The test suite on the local MariaDB (started if down)
	bash scripts/mariadb-setup.sh
	$(MARIADB_ENV) $(PYTEST) -m "not e2e"

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Format and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install ## Fail when a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

check-deploy: install ## Django's deployment checklist with production settings
	DJANGO_ENV=production DJANGO_SECRET_KEY=check-deploy-$$(openssl rand -hex 32) \
	DJANGO_ALLOWED_HOSTS=example.com \
	$(PY) manage.py check --deploy --fail-level WARNING

screenshots: install ## Screenshots of every page at 390 and 1280 px into screenshots/
	$(PY) scripts/screenshots.py

lighthouse: install ## Lighthouse (median of 3) on every storefront page, members' pages signed in, into docs/benchmarks.md
	$(PY) scripts/lighthouse.py

# Production checks on loopback (nginx, TLS, gunicorn, MariaDB). Not part of `make test`:
# they start servers, need the local MariaDB running (or root to start it) and take minutes.
.PHONY: deploy-check bench fault-check
deploy-check: install ## nginx + TLS + two gunicorn servers + MariaDB on loopback, checked
	$(PY) scripts/deploy_check.py

bench: install ## wrk benchmarks (real data and 100,000 attractions); writes docs/benchmarks.md
	$(PY) scripts/bench.py

fault-check: install ## Private MariaDB restarted and frozen, cache flood, Redis down, slow gateway; see docs/reliability.md
	$(PY) scripts/fault_check.py
