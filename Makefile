PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench golden clean

$(STAMP): pyproject.toml setup.py cleaner/html/_segment_compiled.pyx cleaner/html/_trees.pyx cleaner/html/_scorer_rows.pyx
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== cleaner batch: every bundled fixture page to Markdown in out/demo"
	rm -rf out/demo
	$(BIN)/cleaner batch fixtures/pages --glob '*.html' -o out/demo --format md --quiet
	@for page in fixtures/pages/*/source.html; do \
		echo; echo "=== $$page: the article (first lines), then every removed block with its label and reason"; \
		$(BIN)/cleaner extract "$$page" | head -n 12; \
		$(BIN)/cleaner extract "$$page" --explain 2>&1 >/dev/null | head -n 30; \
	done
	@echo; echo "== cleaner text: already-scraped text"
	$(BIN)/cleaner text fixtures/text/scraped-harbour.txt --explain

# The suite runs twice when the compiled core is built: on it, then on the pure-Python code.
test: $(STAMP)
	$(BIN)/python -m pytest
	@if $(BIN)/python -c "import sys, cleaner; sys.exit(not cleaner.accelerated)"; then \
		echo "== the suite again on the pure-Python code (CLEANER_PURE_PYTHON=1)"; \
		CLEANER_PURE_PYTHON=1 $(BIN)/python -m pytest; \
	else \
		echo "== the compiled core is not built: the suite ran on the pure-Python code only"; \
	fi

bench: $(STAMP)
	$(BIN)/python bench/quality.py

golden: $(STAMP)
	$(BIN)/python fixtures/regenerate.py

clean:
	rm -rf $(VENV) build *.egg-info cleaner/html/_segment_compiled.c cleaner/html/_segment_compiled*.so
