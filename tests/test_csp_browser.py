"""The Content-Security-Policy (features/content_security_policy.py) in Chromium: the `page`
fixture (conftest.py) serves the site with the policy also sent as a header and fails a test on
any CSP report; here every page is opened and every scripted feature is used under it."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.build]


def pages(site):
    return sorted("/" + str(p.relative_to(site).parent).replace(".", "").strip("/") + "/"
                  for p in site.rglob("index.html"))


def test_the_policy_blocks_an_injected_script_and_the_listener_reports_it(page):
    """Control: without this, a silent listener would make every other test pass."""
    page.goto(page.base + "/article/")
    page.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.injected = 1"; document.body.append(s); }""")
    page.wait_for_function("() => true")
    assert page.evaluate("window.injected") is None, "an injected inline script ran"
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
    page.wait_for_load_state("networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("Haqqani", delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)


def test_previews_open_on_hover(page):
    page.goto(page.base + "/article/")
    page.locator("[data-edition-preview]").first.hover()
    page.locator("#edition-preview:not([hidden])").wait_for(timeout=5000)
    assert page.locator("#edition-preview").inner_text().strip(), "the preview is empty"


def test_cite_paragraph_and_cite_this_page_open(page):
    page.goto(page.base + "/article/")
    page.locator("#p7 button.cite-para").click()
    assert page.locator("#cite-p7").is_visible()
    page.keyboard.press("Escape")
    page.locator("#cite-this-page details.cite-formats summary").first.click()
    assert page.locator("#cite-this-page .cite-format--bibtex").first.is_visible()


def test_palette_toggle_switches_the_scheme_and_is_remembered(page):
    page.goto(page.base + "/article/")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert after != before, "the palette toggle did nothing"
    page.goto(page.base + "/glossary/")   # Material's inline script restores it on load
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == after


def test_back_to_top_and_table_of_contents_follow_the_scroll(page):
    page.goto(page.base + "/method/")
    page.mouse.wheel(0, 3000)
    page.mouse.wheel(0, -200)                # Material shows "back to top" when scrolling up
    page.locator(".md-top:not([hidden])").wait_for(timeout=5000)
    page.locator(".md-top").click()
    page.wait_for_function("() => window.scrollY === 0")
