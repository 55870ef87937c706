"""Shared fixtures: the real site is built once per session with --strict semantics, served
on 127.0.0.1, read with a real HTML parser and driven in Debian's headless Chromium.

Tiers (markers registered in pytest.ini) are applied here from the fixtures a test uses, so a
new test file needs no marker for them: `site`, `reader`, `server` -> build; `browser`, `page`
-> browser (and build); tests/test_canary_properdocs.py -> canary. A test that builds its own
fixture site or runs an outside tool carries its marker itself (build, external, hostile).

A tier whose tool is missing (Chromium, the canary venv) is skipped with the reason; `make test`
passes `--require-tier browser --require-tier canary`, so there a missing tool fails instead and
CI cannot pass a tier that did not run.

Keeping the fast tier fast: tests that edit the project's data share one copy per module
(copy_data); a test that waits on an outside process names the function starting it as its
`start_early` attribute, and runs last (pytest_collection_finish)."""
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
OUTPUT = ROOT / "test-output"                     # screenshots, PDFs (git ignores it)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BROWSER_TIMEOUT_MS = 30_000


BUILD_FIXTURES = {"site", "reader", "server"}
BROWSER_FIXTURES = {"browser", "page"}
CANARY_FILES = {"test_canary_properdocs.py"}


def pytest_addoption(parser):
    parser.addoption("--require-tier", action="append", default=[], choices=["browser", "canary"],
                     help="a missing tool for this tier fails its tests instead of skipping them "
                          "(make test requires browser and canary)")


def pytest_configure(config):
    # The suite's builds (the shared one, fixture sites, subprocesses) keep formatted references in
    # a cache of their own, never the repository's .cache/ (reference_edition/data/bib.py).
    if "REFERENCE_EDITION_CACHE" not in os.environ:
        config._edition_cache = tempfile.TemporaryDirectory(prefix="reference-edition-cache-")
        os.environ["REFERENCE_EDITION_CACHE"] = config._edition_cache.name


def pytest_unconfigure(config):
    cache = getattr(config, "_edition_cache", None)
    if cache is not None:
        os.environ.pop("REFERENCE_EDITION_CACHE", None)
        cache.cleanup()


def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & (BUILD_FIXTURES | BROWSER_FIXTURES):
            item.add_marker(pytest.mark.build)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if item.path.name in CANARY_FILES:
            item.add_marker(pytest.mark.canary)
    items.sort(key=_starts_early)   # stable: those tests last, each group in its order


def _starts_early(item) -> bool:
    return hasattr(getattr(item, "function", None), "start_early")


def pytest_collection_finish(session):
    """A selected test may name, as its `start_early` attribute, the function that starts the
    outside process it will wait for (citeproc-py as shipped, formatting for seconds): started
    here, that process runs beside the other tests, which run first (on the second core), instead
    of while the test waits. The function starts its process once, however often it is called."""
    if session.config.option.collectonly:
        return
    for item in filter(_starts_early, session.items):
        try:
            item.function.start_early()
        except Exception:   # e.g. refs.bib mid-edit: the test starts it again and fails with the reason
            pass


def missing_tool(config, tier, reason):
    """Skip (or, when `--require-tier TIER` was given, fail) a test whose tool is not there."""
    if tier in config.getoption("require_tier"):
        pytest.fail(f"{reason} (this run requires the {tier} tier: `make test` installs it)", pytrace=False)
    pytest.skip(reason)


# What a copy of the project needs to build (tests that edit data work on such a copy).
PROJECT = ["docs", "overrides", "seeds", "glossary", "editions", "refs.bib", "refs-corrections.yml", "mkdocs.yml",
           "CITATION.cff"]


def copy_project(dest: Path) -> Path:
    for name in PROJECT:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def copy_data(dest: Path, names) -> Path:
    """dest made a copy of the project's `names` (nothing else), each file with its modification
    time; a file already there with the same bytes and time is left as it is.

    For tests that edit a copy of the data and load it: given the same dest for a whole module,
    every test starts from the project as it is, and the loaders' caches (keyed on each file's
    path and modification time: data/bib.py, data/glossary.py...) still hold what the files the
    test leaves alone gave the previous test, so a test reads again only what it changed. A test
    that changes what a loader checks against without changing a file (a lowered limit, another
    cache folder) needs a copy at a path of its own instead, or it is answered from those caches."""
    dest.mkdir(parents=True, exist_ok=True)
    _put_back(dest, {name: ROOT / name for name in names})
    return dest


def _put_back(dest: Path, sources: dict):
    """dest's entries made the sources' (name -> path); what else is in dest is removed."""
    for entry in os.scandir(dest):
        if entry.name not in sources:
            _remove(Path(entry.path))
    for name, src in sources.items():
        target = dest / name
        if src.is_dir():
            if target.is_symlink() or not target.is_dir():
                _remove(target)
                target.mkdir()
            _put_back(target, {p.name: p for p in src.iterdir()})
        elif not _same_file(src, target):
            _remove(target)
            shutil.copy2(src, target)   # with its modification time: the caches' key


def _same_file(src: Path, target: Path) -> bool:
    if target.is_symlink() or not target.is_file():
        return False
    a, b = src.stat(), target.stat()
    return a.st_mtime_ns == b.st_mtime_ns and a.st_size == b.st_size and src.read_bytes() == target.read_bytes()


def _remove(path: Path):
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.is_symlink() or path.exists():
        path.unlink()


def build_site(config_file, site_dir, **overrides):
    """Build like `mkdocs build --strict`: any warning aborts (raises mkdocs Abort)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    # MkDocs keeps plugin objects that have on_startup (the edition plugin does) for `mkdocs serve`
    # rebuilds; across different sites in one process that would reuse another site's state.
    MkDocsConfig.plugins.plugin_cache.clear()
    try:
        config = load_config(config_file=str(config_file), strict=True, site_dir=str(site_dir), **overrides)
    finally:
        # A plugin option that fails validation leaves the other options' warnings on MkDocs'
        # shared `plugins` option, for the next load_config in this process to report.
        MkDocsConfig.plugins.reset_warnings()
    build(config)
    return Path(site_dir)


@pytest.fixture(scope="session")
def _httpd():
    """The test server's socket, bound before the site is built: the site is built for the
    address it is served from (site_url), as the deploy builds it, so the tests see what a
    deployed reader sees (Material's features that compare links with the sitemap included)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    yield httpd
    httpd.server_close()


@pytest.fixture(scope="session")
def site(tmp_path_factory, _httpd):
    address = f"http://127.0.0.1:{_httpd.server_address[1]}/"
    return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site"), site_url=address)


class Reader:
    """The built site as a reader's browser gets it, parsed with BeautifulSoup (lxml)."""

    def __init__(self, root):
        self.root = root

    @functools.lru_cache(maxsize=None)
    def page(self, url_path):
        path = self.root / url_path.strip("/")
        if path.is_dir() or not path.suffix:
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

    def all_html(self):
        return sorted(self.root.rglob("*.html"))


@pytest.fixture(scope="session")
def reader(site):
    return Reader(site)


@pytest.fixture(scope="session")
def server(site, _httpd):
    """The built site over HTTP, with its Content-Security-Policy also sent as a header (as the
    README tells hosts that can send one), so every browser test runs under both."""
    from reference_edition.features.content_security_policy import header_value
    _httpd.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(site), csp=header_value(site))
    thread = threading.Thread(target=_httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{_httpd.server_address[1]}"
    _httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, csp, **kwargs):
        self.csp = csp
        super().__init__(*args, **kwargs)

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, *args):
        pass


# Chromium reports a blocked script, style, image, worker or connection as a
# securitypolicyviolation event (and on the console); either fails the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", e => console.error(
  "CSP violation: " + e.effectiveDirective + " blocked " + (e.blockedURI || "inline") +
  " at " + e.sourceFile + ":" + e.lineNumber), true);
"""


def csp_violations(tab):
    """Collects the tab's CSP reports (console messages) into tab.csp_violations."""
    tab.csp_violations = []
    tab.context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab.on("console", lambda m: ("Content Security Policy" in m.text or m.text.startswith("CSP violation"))
           and tab.csp_violations.append(m.text))
    return tab


@pytest.fixture(scope="session")
def browser(pytestconfig):
    if not Path(CHROMIUM).exists():
        missing_tool(pytestconfig, "browser",
                     f"Chromium not found at {CHROMIUM}: `make browser` installs Debian's chromium")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError as err:
        missing_tool(pytestconfig, "browser", f"Playwright is not installed ({err}): `make build` installs it")
    # One bound for every wait: Playwright's own 30 s for actions, navigations and wait_for_function,
    # and the same for expect() (its 5 s is too short on a loaded CI machine), so that a hang
    # fails a test in half a minute.
    expect.set_options(timeout=BROWSER_TIMEOUT_MS)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser tab; `page.outside_requests` lists every request not to 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.outside_requests = []
    tab.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
           or tab.outside_requests.append(r.url))
    tab.base = server
    csp_violations(tab)
    yield tab
    context.close()
    assert not tab.csp_violations, "the page broke its Content-Security-Policy:\n" + "\n".join(tab.csp_violations)


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def seed_article():
    from reference_edition.data.seed import load_article
    return load_article(ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.txt")
