"""The Content-Security-Policy (features/content_security_policy.py) in Chromium: the `page`
fixture (conftest.py) serves the site with the policy also sent as a header and fails a test on
any CSP report; here every page is opened and every scripted feature is used under it."""
import re

import pytest
from playwright.sync_api import expect

from browser_waits import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.build]


def pages(site):
    return sorted("/" + str(p.relative_to(site).parent).replace(".", "").strip("/") + "/"
                  for p in site.rglob("index.html"))


def test_the_policy_blocks_an_injected_script_and_the_listener_reports_it(page):
    """Control: without this, a silent listener would make every other test pass."""
    page.goto(page.base + "/article/")
    # The listener reports from a task queued after the violation (Chromium's own console line
    # comes first): wait for its report, so that nothing of this violation arrives after clear().
    with page.expect_console_message(lambda m: m.text.startswith("CSP violation: script-src")):
        page.evaluate("""() => { const s = document.createElement("script");
                                 s.textContent = "window.injected = 1"; document.body.append(s); }""")
    assert page.evaluate("() => window.injected") is None, "an injected inline script ran"
    assert any("script-src" in v for v in page.csp_violations), page.csp_violations
    page.csp_violations.clear()


def test_header_and_meta_both_reach_the_browser(page):
    response = page.goto(page.base + "/article/")
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    meta = page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert meta.count() == 1 and "object-src 'none'" in meta.get_attribute("content")


def test_every_page_loads_without_a_report(page, site):
    for path in pages(site) + ["/404.html"]:
        page.goto(page.base + path)
        page.wait_for_function("() => document.readyState === 'complete'")
    assert page.locator(".md-search__input").count() == 1


def test_search_finds_a_term(page):
    page.goto(page.base + "/")
    # No wait for the search worker: Material holds a query typed early until its index is ready.
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("Haqqani", delay=30)
    expect(page.locator(".md-search-result__list"), "search (its worker) found nothing").to_contain_text("Haqqani")


def test_previews_open_on_hover(page):
    page.goto(page.base + "/article/")
    page.locator("[data-edition-preview]").first.hover()
    expect(page.locator("#edition-preview"), "no preview, or an empty one").to_have_text(re.compile(r"\S"))


def test_cite_paragraph_and_cite_this_page_open(page):
    page.goto(page.base + "/article/")
    page.locator("#p7 button.cite-para").click()
    expect(page.locator("#cite-p7")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#cite-p7")).to_be_hidden()
    page.locator("#cite-this-page details.cite-formats summary").first.click()
    expect(page.locator("#cite-this-page .cite-format--bibtex").first).to_be_visible()


def test_palette_toggle_switches_the_scheme_and_is_remembered(page):
    page.goto(page.base + "/article/")
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(body, "the palette toggle did nothing").not_to_have_attribute("data-md-color-scheme", before)
    after = body.get_attribute("data-md-color-scheme")
    page.goto(page.base + "/glossary/")   # Material's inline script restores it on load
    expect(body, "the palette was not remembered").to_have_attribute("data-md-color-scheme", after)


def test_back_to_top_and_table_of_contents_follow_the_scroll(page):
    page.goto(page.base + "/method/")
    page.evaluate("() => addEventListener('scrollend', () => window.scrollEnded = true, {once: true})")
    page.mouse.wheel(0, 3000)
    # A wheel scrolls later (and smoothly): let the scroll down end first, or a busy browser adds
    # both wheels into one scroll down and Material never sees the reader scroll up.
    wait_until(page, "() => window.scrollEnded && window.scrollY > 1000", failing="the page did not scroll down",
               state="() => window.scrollY")
    page.mouse.wheel(0, -200)                # Material shows "back to top" when scrolling up
    # Material hides the button with the hidden attribute and opacity 0, not display: none.
    expect(page.locator(".md-top:not([hidden])"), "no 'back to top' on scrolling up").to_be_visible()
    page.locator(".md-top").click()
    wait_until(page, "() => window.scrollY === 0", failing="'back to top' did not scroll to the top",
               state="() => window.scrollY")
