PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench golden clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@for page in fixtures/pages/*/source.html; do \
		echo "=== $$page"; \
		$(BIN)/cleaner extract "$$page" --explain | head -n 40; \
	done

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/quality.py

golden: $(STAMP)
	$(BIN)/python fixtures/regenerate.py

clean:
	rm -rf $(VENV) build *.egg-info
