# Two commands do all set-up on a fresh machine with Python 3.11: `make solve` and `make test`.
# Each bootstraps .venv from pyproject.toml the first time (and again when it changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Python caches what it compiles (__pycache__, ignored by git): where the shell sets
# PYTHONDONTWRITEBYTECODE, every process compiled the package and the tests again, which
# took collection from 5 s to 8 s and each `plan` command or pool worker 0.2 s more.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: solve test test-under-load lint check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

solve: $(STAMP)
	$(BIN)/plan solve instances/heze.yaml --force

# The printed attachment has a conflict, so plan check exits 1 here: that is what it shows.
check: $(STAMP)
	-$(BIN)/plan check instances/heze.yaml

# The suite on every core (pytest-xdist); a worker takes the next test when it is free, so
# the long ones (each documentation page's commands) do not queue behind one worker.
PYTEST := $(BIN)/python -m pytest -n auto --dist worksteal

test: $(STAMP)
	@command -v chromium >/dev/null || echo "No Chromium found: the workbench's browser tests (tests/test_workbench_browser.py) are skipped; apt-get install chromium to run them."
	$(PYTEST)

# The whole suite while a burner keeps every core busy (tests must not depend on the load).
test-under-load: $(STAMP)
	$(BIN)/python tools/burn.py $(PYTEST)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src benchmarks
