# Veilig — the README names these targets. `make demo` and `make test` do all the set-up.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
UV_VERSION := 0.13.9
PORT ?= 8000
SEED ?= 1
DEMO_ENV := VEILIG_DEMO=true

.PHONY: demo test install python-deps frontend messages schema lint types migrations-check pytest serve bench clean

demo: install ## install everything, build Voorbeeldstad and start the server
	$(DEMO_ENV) $(UV) run python manage.py migrate --no-input -v0
	$(DEMO_ENV) $(UV) run python manage.py demo_city --seed $(SEED) --replace
	@echo "Veilig draait op http://127.0.0.1:$(PORT)/ — demo-logins staan in README.md"
	@# The task worker (and its scheduler) beside the web server; Ctrl-C or the server's end stops both.
	$(DEMO_ENV) $(UV) run python manage.py veilig_worker -v0 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null || true; wait $$worker 2>/dev/null || true' EXIT; \
	$(DEMO_ENV) $(UV) run python manage.py runserver 127.0.0.1:$(PORT) --noreload

install: python-deps frontend

python-deps:
	@command -v uv >/dev/null 2>&1 || [ -x "$(UV)" ] || python3 -m pip install --user --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen --quiet --extra demo

frontend: node_modules/.package-lock.json veilig/static/vendor/.stamp

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

veilig/static/vendor/.stamp: node_modules/.package-lock.json scripts/vendor.sh
	bash scripts/vendor.sh
	@touch $@

messages: ## re-extract and compile the translations (needs GNU gettext)
	$(DEMO_ENV) $(UV) run python manage.py makemessages -l nl -l en --no-obsolete --ignore=node_modules --ignore=.venv
	$(DEMO_ENV) $(UV) run python manage.py compilemessages --ignore=.venv --ignore=node_modules

schema: ## regenerate the committed OpenAPI schema (a test fails when it drifts)
	bash scripts/schema.sh

lint:
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run lint-imports

types:
	$(UV) run mypy veilig bench

migrations-check:
	VEILIG_DEMO=true $(UV) run python manage.py makemigrations --check --dry-run

test: install lint types migrations-check ## the full suite, on SQLite and on PostgreSQL
	UV="$(UV)" bash scripts/test-databases.sh

bench: install ## benchmarks (not part of `make test`)
	for b in bench/*.py; do $(UV) run python $$b; done

clean:
	rm -rf var staticfiles veilig/static/vendor node_modules .venv
