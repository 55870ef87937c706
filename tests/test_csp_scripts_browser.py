"""data/html_scripts.py against Chromium: a page whose policy allows exactly the hashes of the
inline scripts read from it (content_security_policy.script_hashes) runs every one of its
scripts in Chromium, and Chromium reports no violation. A script read otherwise than Chromium
reads it (line ends, character references, where a raw text ends) would be blocked."""
import pytest

from reference_edition.features import content_security_policy as csp

pytestmark = [pytest.mark.browser, pytest.mark.build]

URL = "http://edition.test/page.html"   # answered by the test (route): nothing leaves the machine
RUNS = {   # name -> markup: each script records its name when it runs
    "crlf": "<script>ran('crlf')\r\n;\r0</script>",
    "non-ascii": "<script>ran('non-ascii', '’é😀')</script>",
    "markup-in-text": "<script>if (1<2 && 3>2) ran('markup-in-text', '<p>&amp;</p>')</script>",
    "escaped-comment": "<script><!--<script>x</script>-->\nran('escaped-comment')</script>",
    "leading-newline": "<script>\nran('leading-newline')</script>",
    "nul": "<script>ran('nul', '\0')</script>",
    "svg": "<svg><script>ran('svg', 1&lt;2)</script></svg>",
    "svg-cdata": "<svg><script><![CDATA[ran('svg-cdata', 1<2)]]></script></svg>",
    "svg-child": "<svg><script>ran('svg-child')<g>;x()</g></script></svg>",
    "noscript-raw": "<noscript><!-- </noscript><script>ran('noscript-raw')</script> --></noscript>",
    "type-spaces": "<script type=' Text/JavaScript\n'>ran('type-spaces')</script>",
    "ecmascript": "<script type='text/ecmascript'>ran('ecmascript')</script>",
    "module": "<script type='module'>ran('module')</script>",
}
INERT = ("<template><script>ran('template')</script></template>"
         "<script type='application/ld+json'>{\"a\": 1}</script>")
PAGE = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>t</title>"
        "<script>window.done = []; function ran(name) { done.push(name) }</script></head><body>"
        + "".join(RUNS.values()) + INERT + "</body></html>")


def run(browser, page: str) -> tuple:
    """(the names of the scripts that ran, Chromium's CSP messages) of the page, served as UTF-8."""
    context = browser.new_context()
    tab = context.new_page()
    messages = []
    # Chromium's message names the hash it wanted: that is all the report needs of it.
    tab.on("console", lambda m: "Content Security Policy" in m.text and messages.append(
        m.text.split("Either", 1)[-1][:200]))
    tab.route("**/*", lambda route: route.fulfill(status=200, body=page.encode("utf-8"),
                                                  headers={"content-type": "text/html; charset=utf-8"}))
    tab.goto(URL)
    tab.wait_for_function("() => document.readyState === 'complete'")   # modules run before it
    names = tab.evaluate("() => done")
    context.close()
    return names, messages


def protected(page: str, hashes) -> str:
    return csp.insert(page, csp.meta(csp.policy(hashes)), "test page")


def test_chromium_runs_every_script_whose_hash_was_read_and_reports_nothing(browser):
    names, messages = run(browser, protected(PAGE, csp.script_hashes(PAGE.encode("utf-8"))))
    assert not messages, "Chromium hashed inline scripts otherwise than data/html_scripts.py (or found " \
        "scripts it did not):\n" + "\n".join(messages)
    assert sorted(names) == sorted(RUNS), f"scripts that did not run: {sorted(set(RUNS) - set(names))}"


def test_control_a_script_whose_hash_is_missing_is_blocked_and_reported(browser):
    """Without this, a page that ignored its policy (or a silent console) would pass the test above."""
    scripts = csp.inline_scripts(PAGE.encode("utf-8"))
    svg = next(s for s in scripts if "'svg'" in s)
    names, messages = run(browser, protected(PAGE, csp._hashes([s for s in scripts if s != svg])))
    assert "svg" not in names and len(names) == len(RUNS) - 1, f"the script without its hash ran: {names}"
    assert messages, "Chromium blocked a script and said nothing about it"
