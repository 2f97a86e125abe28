# Two entry points for a fresh machine: `make build` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: build test check lint schemas clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(VENV)/bin/pseo build

test: $(STAMP)
	$(VENV)/bin/pytest -q

check: $(STAMP)
	$(VENV)/bin/pseo check public

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests benchmarks

schemas: $(STAMP)
	$(VENV)/bin/pseo schemas

clean:
	rm -rf public .pseo-cache
