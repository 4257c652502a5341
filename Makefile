# Contact policy case management: `make run` serves the app, `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
ASSETS := static/vendor/.built

.PHONY: run test lint format check-deploy lock sysdeps-run sysdeps-test assets clean

run: sysdeps-run $(VENV)/.installed $(ASSETS)
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py setup_demo
	DEBUG=$${DEBUG:-true} scripts/serve.sh

test: sysdeps-test $(VENV)/.installed $(ASSETS)
	$(VENV)/bin/pytest -n auto $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: $(VENV)/.installed
	DEBUG=false SECRET_KEY=$$(openssl rand -hex 32) $(PY) manage.py check --deploy --fail-level WARNING

sysdeps-run:
	@scripts/system_packages.sh run

sysdeps-test:
	@scripts/system_packages.sh test

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed (set PYTHON=/path/to/python3.11).")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

$(ASSETS): package.json package-lock.json scripts/build_assets.py
	@command -v npm >/dev/null || { echo "npm is needed for the front-end packages: apt-get install -y npm" >&2; exit 1; }
	npm ci --no-fund --no-audit --loglevel=error
	$(PYTHON) scripts/build_assets.py
	touch $@

assets: $(ASSETS)

# Refresh the constraints file after changing pyproject.toml.
lock:
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
