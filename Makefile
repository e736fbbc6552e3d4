# Liaison — the two commands a fresh clone needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install bench migrate clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Liaison needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DEBUG=1 SERVE_MEDIA=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py ensure_demo_admin
	DEBUG=1 SERVE_MEDIA=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# One pytest-xdist worker per core (TEST_WORKERS=0: a single process). Tests marked
# xdist_group(name) run on the same worker, one after another (--dist loadgroup).
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The style rules in pyproject.toml's [tool.ruff]; `ruff check --fix` applies the fixable ones.
lint: $(STAMP)
	$(BIN)/python -m ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
