# Two commands do all the set-up on a fresh machine with Python 3.11 to 3.13:
#   make demo   - create .venv if missing, install, screen examples/suppliers.csv into out/
#   make test   - the same install, then the test suite (make test-slow: the few tests marked slow)
# The install is the lock file (requirements.lock, every package pinned for Python 3.11-3.14), then the
# project itself without resolving again; `make lock` regenerates the lock after a change to pyproject.toml.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120
export PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW ?= ignore

.PHONY: install lock wheel demo test test-slow lint rules-test bench serve serve-stop clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

lock: $(STAMP)
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --universal --python-version 3.11 -o requirements.lock

# The wheel users install (rules, presets, suites and bundled data inside it, as screening/_rules).
wheel: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --wheel --outdir dist

demo: $(STAMP)
	$(BIN)/screening run examples/suppliers.csv --out out

# The tests run on one xdist worker per core, a test file at a time (its module fixtures are built once).
test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" -n auto --dist loadfile

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

lint: $(STAMP)
	$(BIN)/ruff check screening flows
	$(BIN)/mypy --strict screening

rules-test: $(STAMP)
	$(BIN)/screening rules validate
	$(BIN)/screening rules test

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# A local Prefect server plus the scheduled deployments (docs/operations.md). Needs screening-lists.yml.
PREFECT_PORT ?= 4200
LISTS ?= screening-lists.yml

serve: $(STAMP)
	@test -f $(LISTS) || { echo "error: $(LISTS) not found; see docs/operations.md"; exit 2; }
	$(BIN)/prefect server start --host 127.0.0.1 --port $(PREFECT_PORT) --background
	@until curl -sf http://127.0.0.1:$(PREFECT_PORT)/api/health >/dev/null; do sleep 1; done
	@echo "Prefect UI: http://127.0.0.1:$(PREFECT_PORT)"
	PREFECT_API_URL=http://127.0.0.1:$(PREFECT_PORT)/api $(BIN)/python -m flows.serve --lists $(LISTS)

serve-stop:
	$(BIN)/prefect server stop

clean:
	rm -rf out dist build *.egg-info .pytest_cache .mypy_cache .ruff_cache
