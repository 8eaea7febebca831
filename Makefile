# Two entry points for a fresh machine with Python 3.11 and make:
#   make run    create the environment, the database with the demo programme, a local Prefect server with the
#               deployments and a worker (Ctrl-C stops it all); `make run ARGS=--smoke` runs one report and stops
#   make test   create the environment and run the test suite
#   make lint   ruff (lint and format check), mypy (strict on core/ and app/, a ratchet on the rest), the import contract
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "omstilling needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	VENV=$(VENV) scripts/run-local.sh $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

# Every step runs, so one report shows all that is wrong; the target fails if any step did.
LINT_STEPS := \
	"$(BIN)/ruff check ." \
	"$(BIN)/ruff format --check ." \
	"$(BIN)/mypy --follow-imports=silent --cache-dir=.mypy_cache/strict omstilling/core omstilling/app" \
	"$(BIN)/python scripts/mypy-ratchet.py" \
	"$(BIN)/lint-imports"

lint: $(STAMP)
	@failed=0; for step in $(LINT_STEPS); do \
		echo "lint: $$step"; sh -c "$$step" || { echo "lint: FAILED: $$step"; failed=1; }; \
	done; \
	if [ $$failed -ne 0 ]; then echo "lint: failed (see above)"; exit 1; fi; echo "lint: all passed"

clean:
	rm -rf $(VENV) omstilling.db out .pytest_cache .prefect .mypy_cache .ruff_cache
