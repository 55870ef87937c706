# The Makefile is the documentation of how to build. Two targets matter:
#   make serve  -> virtual environment, pinned dependencies, strict build, http://127.0.0.1:8000
#                  (make serve PORT=8001 for another port)
#   make test   -> the whole test suite (HTML and browser tests), as CI runs it
VENV  := .venv
# Material's MkDocs 2 notice: the pins keep this project on MkDocs 1.x.
export NO_MKDOCS_2_WARNING := 1
PY    := $(VENV)/bin/python
# The venv holds the test lock (runtime + test extras; pyproject.toml has the ranges): one venv
# for serve and test. It is reinstalled whenever the lock's bytes change.
STAMP := $(VENV)/.installed-$(shell sha1sum requirements-test.lock | cut -c1-12)
# `:=`, not `?=`: only the command line (make serve PORT=8001) overrides it, not a PORT that
# happens to be in the environment. Host stays 127.0.0.1: the preview is not for the network.
PORT  := 8000

.PHONY: serve test build check browser pandoc tools clean offline bench lighthouse canary

$(STAMP): requirements-test.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.lock
	rm -f $(VENV)/.installed-* && touch $@

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

# A copy that works from file:// or a zip (search included): site-offline/ and site-offline.zip.
# Neither is removed first: a failed build leaves both as they were (hooks/atomic_site_dir.py).
offline: $(STAMP)
	OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir site-offline
	cd site-offline && ../$(PY) -m zipfile -c ../site-offline.zip.partial . && mv ../site-offline.zip.partial ../site-offline.zip

# CI canary, not part of `make test`: build with ProperDocs (the community continuation of
# MkDocs 1.x; README, "ProperDocs") instead of MkDocs, strictly, into site-canary/. Its own venv,
# .venv-canary: the runtime lock without mkdocs (and mkdocs-get-deps, its helper), so the build
# cannot fall back on MkDocs, then the newest ProperDocs 1.x at every run (the canary's point).
# tests/test_canary_properdocs.py builds with it whenever .venv-canary exists.
CANARY       := .venv-canary
CANARY_STAMP := $(CANARY)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
# Which ProperDocs: make canary PROPERDOCS='properdocs==1.6.7' pins one (command line only).
PROPERDOCS   := properdocs>=1.6.7,<2

$(CANARY_STAMP): requirements.lock
	python3 -m venv $(CANARY)
	awk '/^[A-Za-z0-9]/ { split($$1, a, "=="); skip = (a[1] == "mkdocs" || a[1] == "mkdocs-get-deps") } !skip' \
	  requirements.lock > $(CANARY)/runtime-without-mkdocs.lock
	$(CANARY)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(CANARY)/runtime-without-mkdocs.lock
	rm -f $(CANARY)/.installed-* && touch $@

canary: $(CANARY_STAMP)
	$(CANARY)/bin/pip install --quiet --disable-pip-version-check --upgrade '$(PROPERDOCS)'
	$(CANARY)/bin/properdocs --version
	$(CANARY)/bin/properdocs build --strict -f mkdocs.yml --site-dir site-canary

# Reader-quality scripts (not part of the suite): build-speed grid and Lighthouse scores.
bench: $(STAMP)
	$(PY) scripts/bench_build.py --quick

lighthouse: $(STAMP) browser
	scripts/lighthouse.sh

check: $(STAMP)
	$(PY) scripts/check_data.py

# Browser tests drive Debian's chromium (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# Debian packages that some tests need; without them (not root, or apt failing) those tests
# are skipped with the reason, so a non-root run only says how to get them.
#   $(call optional_apt,PACKAGE,what needs it)
define optional_apt
	@command -v $(1) >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian $(1) for $(2)..."; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; } \
	      || echo "Could not install $(1): $(2) will be skipped" >&2; \
	  else echo "$(2) is skipped without $(1): sudo apt-get install $(1)" >&2; fi; }
endef

# tests/test_pandoc_citeproc.py compares the bibliography with pandoc's citeproc (same CSL file).
pandoc:
	$(call optional_apt,pandoc,the citeproc comparison test)

# tests/test_cite_roundtrip.py reads the citation downloads back with biber (and pandoc, above;
# citation-js comes from npm).
tools: pandoc
	$(call optional_apt,biber,the biber round-trip test)

test: $(STAMP) browser pandoc tools
	$(PY) -m pytest

clean:
	rm -rf site site-offline site-offline.zip site-canary test-output .pytest_cache site*.partial-* site*.old-* site-offline.zip.partial
