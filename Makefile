# Two entry points for a fresh machine with Python 3.11 and make:
#   make run    create the environment, the database with the demo programme, a local Prefect server with the
#               deployments and a worker (Ctrl-C stops it all); `make run ARGS=--smoke` runs one report and stops
#   make test   create the environment and run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test clean

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

clean:
	rm -rf $(VENV) omstilling.db out .pytest_cache .prefect
