"""features/serve_errors.py: the real `mkdocs serve` on a free loopback port, as a subprocess that
is always killed. While a data error stands every request is answered at once with a page that
names it; when it is fixed the site is back. A busy port is one line, before any build.
Every wait is bounded (request timeouts, polling deadlines)."""
import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import yaml

from conftest import ROOT
from reference_edition.features import content_security_policy as csp
from sites import make_site

pytestmark = pytest.mark.build
GOOD = "# Home\n\nA claim.[@known-2020]\n"
BAD = "# Home\n\nA claim.[@no-such-key]\n"
REQUEST_TIMEOUT = 10     # a hung server fails the test here instead of waiting for ever
DEADLINE = 120           # for a (re)build to show


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(config, port):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "-f", str(config),
                             "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=30)


def get(url):
    """(status, body) of one request, which must be answered within REQUEST_TIMEOUT."""
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def until(url, proc, wanted):
    """Poll until wanted(status, body); the server must answer every request meanwhile."""
    deadline = time.monotonic() + DEADLINE
    last = None
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"mkdocs serve stopped:\n{proc.stdout.read()}"
        try:
            last = get(url)
        except urllib.error.URLError as err:   # not listening yet (first build)
            if "refused" not in str(err.reason):
                raise AssertionError(f"the request to {url} was not answered: {err.reason}")
            last = None
        except TimeoutError:
            raise AssertionError(f"the request to {url} hung (no answer in {REQUEST_TIMEOUT} s)")
        if last and wanted(*last):
            return last
        time.sleep(0.3)
    raise AssertionError(f"{url} never gave what was expected; last answer: {last!r:.600}")


def test_a_data_error_is_shown_at_once_on_every_page_and_the_site_returns_when_fixed(tmp_path):
    config = make_site(tmp_path, {"index.md": GOOD, "other.md": "# Other\n"})
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with serving(config, port) as proc:
        until(base, proc, lambda status, body: status == 200 and "Example Organization 2020" in body)

        (tmp_path / "docs" / "index.md").write_text(BAD, encoding="utf-8")
        status, page = until(base, proc, lambda status, body: status == 500)
        assert "no-such-key" in page and "index.md" in page, f"the error page does not name the error:\n{page}"
        assert "livereload(" in page, "the error page will not reload when the data is fixed"
        for path in ("other/", "assets/none.css", "nowhere/"):   # every request, not only the page edited
            assert get(base + path)[0] == 500, f"{path} was not answered with the error page"

        (tmp_path / "docs" / "index.md").write_text(GOOD, encoding="utf-8")
        status, page = until(base, proc, lambda status, body: status == 200)
        assert "Example Organization 2020" in page
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]
        blocked = csp.script_hashes(page.encode()) - set(policy.replace(";", " ").split())
        assert not blocked, f"the served page's policy blocks its own live-reload script: {blocked}"


def test_a_busy_port_is_one_line_before_any_build(tmp_path):
    config = make_site(tmp_path, {"index.md": GOOD})
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with serving(config, port) as proc:
            out, _ = proc.communicate(timeout=DEADLINE)
    assert proc.returncode != 0
    assert f"make serve PORT={port + 1}" in out, out
    assert "Traceback" not in out, out
    assert "Documentation built" not in out, "the whole site was built before the port was checked"


@pytest.mark.browser
def test_an_open_page_turns_into_the_error_and_back_by_itself(tmp_path, browser):
    """The reader's tab, not a script, sees it: MkDocs' live-reload script (allowed by the
    page's policy: no CSP report) reloads it onto the error page and back to the site.
    (Predicates are functions: Playwright evaluates a bare expression with eval, which the
    page's policy refuses.)"""
    from conftest import csp_violations
    config = make_site(tmp_path, {"index.md": GOOD})
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["theme"] = {"name": "material", "font": False}   # the site's theme (mkdocs' loads a CDN)
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with serving(config, port) as proc:
        until(base, proc, lambda status, body: status == 200)
        context = browser.new_context()
        tab = csp_violations(context.new_page())
        try:
            tab.goto(base)
            tab.wait_for_function("() => document.readyState === 'complete'")
            (tmp_path / "docs" / "index.md").write_text(BAD, encoding="utf-8")
            tab.wait_for_function("() => document.title === 'Build failed'", timeout=DEADLINE * 1000)
            assert "no-such-key" in tab.inner_text("body")
            (tmp_path / "docs" / "index.md").write_text(GOOD, encoding="utf-8")
            tab.wait_for_function("() => document.body.innerText.includes('Example Organization 2020')",
                                  timeout=DEADLINE * 1000)
            assert not tab.csp_violations, tab.csp_violations
        finally:
            context.close()
