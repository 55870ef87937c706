# The Makefile is the documentation of how to build. The targets that matter:
#   make serve  -> virtual environment, pinned dependencies, strict build, http://127.0.0.1:8000
#                  (make serve PORT=8001 for another port)
#   make test   -> the whole test suite (HTML, browser and ProperDocs canary tests), as CI runs it
#   make pdf    -> the strict build, then the whole edition as one PDF, site/edition.pdf (Chromium)
# While working: make fast (the fast tier of the tests, seconds) and make check (the data only).
VENV  := .venv
# Material's MkDocs 2 notice: the pins keep this project on MkDocs 1.x.
export NO_MKDOCS_2_WARNING := 1
PY    := $(VENV)/bin/python
# The venv holds the test lock (runtime + test extras; pyproject.toml has the ranges) and then the
# project itself, reference_edition/, installed editable without dependencies: mkdocs.yml names
# the plugin by its entry point (`reference-edition`), and an edit to its code is what the next
# build runs. One venv for serve and test. It is reinstalled whenever the bytes of the lock or of
# pyproject.toml (entry points, package list) change.
STAMP := $(VENV)/.installed-$(shell cat requirements-test.lock pyproject.toml | sha1sum | cut -c1-12)
# --no-build-isolation: the editable wheel is built with the setuptools the hashed lock has just
# installed (PEP 660 without the `wheel` package needs setuptools>=70.1; a test checks that the
# locks pin one: tests/test_dependencies.py), so nothing is downloaded outside the locks.
EDITABLE := --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
# `:=`, not `?=`: only the command line (make serve PORT=8001) overrides it, not a PORT that
# happens to be in the environment. Host stays 127.0.0.1: the preview is not for the network.
PORT  := 8000

.PHONY: serve test fast build check pdf browser pandoc tools latex vnu clean offline bench lighthouse canary release

$(STAMP): requirements-test.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.lock
	$(PY) -m pip install $(EDITABLE)
	rm -f $(VENV)/.installed-* && touch $@

# A data error while serving: every page shows it (file:line, what to do) until it is fixed, then
# reloads; a busy port: one line, before building (reference_edition/features/serve_errors.py).
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

# The whole edition (articles with their claim notes, the glossary, the bibliography) as one PDF with
# working internal links, site/edition.pdf, which every article links to: printed by Debian's chromium
# (installed by `browser`, below) from the built site, so the build itself needs no browser
# (scripts/print_pdf.py). The deploy runs it.
pdf: build browser
	$(PY) scripts/print_pdf.py --site site --out site/edition.pdf

# A copy that works from file:// or a zip (search included): site-offline/ and site-offline.zip.
# Neither is removed first: a failed build leaves both as they were
# (reference_edition/features/atomic_site_dir.py).
offline: $(STAMP)
	OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir site-offline
	cd site-offline && ../$(PY) -m zipfile -c ../site-offline.zip.partial . && mv ../site-offline.zip.partial ../site-offline.zip

# CI canary: the site also builds with ProperDocs (the community continuation of MkDocs 1.x;
# DESIGN.md, "ProperDocs"). Its own venv, .venv-canary: the runtime lock without mkdocs (and
# mkdocs-get-deps, its helper), so a build cannot fall back on MkDocs, plus requirements-canary.lock
# (ProperDocs, pinned and hashed: ProperDocs' own dependencies are MkDocs' and come from the
# runtime lock), plus the project, editable. `make test` creates it and
# tests/test_canary_properdocs.py builds the real site and fixture sites with it, so CI fails
# when the site stops building on the pinned ProperDocs.
CANARY       := .venv-canary
CANARY_STAMP := $(CANARY)/.installed-$(shell cat requirements.lock requirements-canary.lock pyproject.toml | sha1sum | cut -c1-12)
# `make canary` tries the newest ProperDocs 1.x instead (the release the pin may move to), and
# builds strictly into site-canary/. make canary PROPERDOCS='properdocs==1.6.7' picks one
# (command line only). Its stamp is then removed: the next `make test` reinstalls the pinned lock.
PROPERDOCS   := properdocs>=1.6.7,<2

$(CANARY_STAMP): requirements.lock requirements-canary.lock pyproject.toml
	python3 -m venv $(CANARY)
	awk '/^[A-Za-z0-9]/ { split($$1, a, "=="); skip = (a[1] == "mkdocs" || a[1] == "mkdocs-get-deps") } !skip' \
	  requirements.lock > $(CANARY)/runtime-without-mkdocs.lock
	$(CANARY)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	  -r $(CANARY)/runtime-without-mkdocs.lock -r requirements-canary.lock
	$(CANARY)/bin/pip install $(EDITABLE)
	rm -f $(CANARY)/.installed-* && touch $@

canary: $(CANARY_STAMP)
	$(CANARY)/bin/pip install --quiet --disable-pip-version-check --upgrade '$(PROPERDOCS)'
	rm -f $(CANARY)/.installed-*
	$(CANARY)/bin/properdocs --version
	$(CANARY)/bin/properdocs build --strict -f mkdocs.yml --site-dir site-canary

# A fixed edition (the Editions page): make release EDITION=edition-2026-12 [DATE=2026-12-01].
# On a clean working tree: writes editions/<tag>.yml, the edition's manifest, from the data as it
# is (scripts/release_edition.py; refused if the build would be), commits it and tags that commit.
# Pushing the tag (git push origin HEAD <tag>) publishes the edition under v/<tag>/ (deploy workflow).
EDITION :=
DATE    :=
release: $(STAMP)
	@test -n "$(EDITION)" || { echo "Name the edition: make release EDITION=edition-YYYY-MM" >&2; exit 1; }
	@test -z "$$(git status --porcelain)" || { echo "Commit your changes first: an edition is a commit" >&2; exit 1; }
	@! git rev-parse -q --verify "refs/tags/$(EDITION)" >/dev/null || { echo "Tag $(EDITION) exists" >&2; exit 1; }
	$(PY) scripts/release_edition.py '$(EDITION)' $(if $(DATE),--date '$(DATE)')
	git add 'editions/$(EDITION).yml'
	git commit -qm 'Edition $(EDITION)'
	git tag -a '$(EDITION)' -m 'Edition $(EDITION)'
	@echo "Publish it: git push origin HEAD $(EDITION)"

# Reader-quality scripts (not part of the suite): build-speed grid and Lighthouse scores.
bench: $(STAMP)
	$(PY) scripts/bench_build.py --quick

lighthouse: $(STAMP) browser
	scripts/lighthouse.sh

check: $(STAMP)
	$(PY) scripts/check_data.py

# apt-get install PACKAGE, waiting up to 10 minutes for another apt or dpkg instead of failing:
# install waits for dpkg's lock itself (DPkg::Lock::Timeout); update's lock on the package lists
# cannot wait, so update is tried again while its error is "Could not get lock".
APT_WAIT  := 600
APT_RETRY := 5
apt_install = \
	  end=$$(( $$(date +%s) + $(APT_WAIT) )); \
	  until err=$$(apt-get update -qq 2>&1); do \
	    case "$$err" in *"Could not get lock"*) [ $$(date +%s) -lt $$end ] || break;; *) break;; esac; \
	    echo "apt is busy (another apt-get holds its lock): waiting..." >&2; sleep $(APT_RETRY); \
	  done; \
	  [ -z "$$err" ] || echo "$$err" >&2; \
	  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=$(APT_WAIT) install -y -qq $(1) >/dev/null

# Browser tests drive Debian's chromium (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian chromium for the browser tests..."; \
	    $(call apt_install,chromium); \
	  else echo "Browser tests need Debian chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# Debian packages that some tests need; without them (not root, or apt failing) those tests
# are skipped with the reason, so a non-root run only says how to get them.
#   $(call optional_apt,PACKAGE,what needs it)             installed unless the command PACKAGE exists
#   $(call optional_apt,PACKAGE,what needs it,CHECK)       installed unless the shell command CHECK succeeds
define optional_apt
	@$(or $(3),command -v $(1)) >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian $(1) for $(2)..."; \
	    { $(call apt_install,$(1)); } \
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

# tests/test_valid_html.py runs the W3C Nu HTML Checker (vnu.jar; Java 11 or later) on every page
# type. The jar comes from the npm registry (package vnu-jar, pinned here) into test-output/vnu/;
# without npm or the registry the test is skipped with the reason (as without java).
VNU_JAR := vnu-jar@26.9.27
VNU_DIR := test-output/vnu/$(VNU_JAR)
vnu:
	@test -f $(VNU_DIR)/vnu.jar || { \
	  { mkdir -p $(VNU_DIR) && cd $(VNU_DIR) && npm pack --silent $(VNU_JAR) >/dev/null \
	    && tar -xzf vnu-jar-*.tgz package/build/dist/vnu.jar && mv package/build/dist/vnu.jar . \
	    && rm -rf package vnu-jar-*.tgz; } \
	  || echo "Could not fetch $(VNU_JAR) from npm: the HTML validity test will be skipped" >&2; }

# tests/test_latex.py compiles the bibliography downloads: pdflatex + BibTeX (plain, plainnat),
# xelatex and lualatex + biber (biblatex) in Amiri, an Arabic-capable font. The smallest set of
# Debian's TeX packages that does (texlive-xetex brings texlive-latex-recommended: fontspec).
latex: tools
	$(call optional_apt,texlive-latex-base,the pdflatex/BibTeX test,command -v pdflatex)
	$(call optional_apt,texlive-bibtex-extra,the biblatex tests,kpsewhich biblatex.sty)
	$(call optional_apt,texlive-xetex,the xelatex test,command -v xelatex)
	$(call optional_apt,texlive-luatex,the lualatex test,command -v lualatex)
	$(call optional_apt,fonts-hosny-amiri,the biblatex tests (font Amiri),fc-list :family=Amiri | grep -q .)

# The canary venv first (pinned ProperDocs): tests/test_canary_properdocs.py needs it. Every tier
# runs; Chromium and the canary venv are required (a test that cannot run them fails, not skips).
test: $(STAMP) $(CANARY_STAMP) browser pandoc tools latex vnu
	$(PY) -m pytest --require-tier browser --require-tier canary

# The fast tier, what a developer runs while working: data, Markdown extensions, configuration;
# no site build, browser, outside tool, hostile corpus or canary (tiers: pytest.ini).
FAST := not (build or browser or external or hostile or canary)
fast: $(STAMP)
	$(PY) -m pytest -m "$(FAST)"

clean:
	rm -rf site site-offline site-offline.zip site-canary test-output .pytest_cache site*.partial-* site*.old-* site-offline.zip.partial
