PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASR_STAMP := $(VENV)/.installed-asr

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# the test suite also runs the speech-recognition and caption-fallback tests (optional extras)
$(ASR_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,asr,transcript-api]'
	touch $(ASR_STAMP)

demo: $(STAMP)
	$(BIN)/vidwiki build examples/ --out demo-wiki
	$(BIN)/vidwiki check demo-wiki
	@echo "Open demo-wiki/vault/ as an Obsidian vault, or copy it into a Quartz content/ folder."

test: $(STAMP) $(ASR_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf demo-wiki .pytest_cache build *.egg-info src/*.egg-info
