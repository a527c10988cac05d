# byline: the same targets run locally and in CI (.ci/run).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := demo-blog

.PHONY: demo test lint bench fmt clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

demo: $(STAMP)
	@rm -rf $(DEMO)
	$(BIN)/byline init $(DEMO) --example
	cd $(DEMO) && ../$(BIN)/byline status
	cd $(DEMO) && ../$(BIN)/byline run
	cd $(DEMO) && ../$(BIN)/byline check || true
	cd $(DEMO) && ../$(BIN)/byline build
	@echo "Home page: $$(pwd)/$(DEMO)/_site/index.html"
	@echo "Serve it with live reload: cd $(DEMO) && ../$(BIN)/byline serve  (then open http://127.0.0.1:8000/)"
	@echo
	@echo "The example blog is in $(DEMO)/ (posts in $(DEMO)/posts/, settings in $(DEMO)/byline.toml)."
	@echo "Try: cd $(DEMO) && ../$(BIN)/byline new tutorial \"My first post\""

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DEMO) build dist .pytest_cache .mypy_cache .ruff_cache
