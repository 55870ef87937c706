"""Shared fixtures: the real site is built once per session with --strict semantics, served
on 127.0.0.1, read with a real HTML parser and driven in Debian's headless Chromium."""
import functools
import http.server
import os
import shutil
import sys
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


def build_site(config_file, site_dir, **overrides):
    """Build like `mkdocs build --strict`: any warning aborts (raises mkdocs Abort)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    # MkDocs keeps plugin objects that have on_startup (the edition plugin does) for `mkdocs serve`
    # rebuilds; across different sites in one process that would reuse another site's state.
    MkDocsConfig.plugins.plugin_cache.clear()
    config = load_config(config_file=str(config_file), strict=True, site_dir=str(site_dir), **overrides)
    build(config)
    return Path(site_dir)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site"))


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
def server(site):
    """The built site over HTTP, with its Content-Security-Policy also sent as a header (as the
    README tells hosts that can send one), so every browser test runs under both."""
    from reference_edition.hooks.content_security_policy import header_value
    handler = functools.partial(_QuietHandler, directory=str(site), csp=header_value(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


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
def browser():
    from playwright.sync_api import sync_playwright
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
