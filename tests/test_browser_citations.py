"""Citations and claim markers in Chromium: previews on hover, focus and tap; links both ways."""
import re

from playwright.sync_api import expect

from browser_waits import wait_top_in_view


def preview(page):
    return page.locator("#edition-preview")


def test_hovering_a_citation_shows_the_full_reference(page):
    page.goto(page.base + "/article/")
    cite = page.locator("#note-p5-c2 a.cite").first
    cite.scroll_into_view_if_needed()
    cite.hover()
    tip = preview(page)
    key = cite.get_attribute("href").rsplit("#", 1)[1]
    full = page.locator(f'li[id="fn:ref-{key}"] p').inner_text().split("Bibliography entry")[0].strip()
    expect(tip, "the preview does not show the reference").to_contain_text(full[:40])
    expect(cite).to_have_attribute("aria-describedby", "edition-preview")


def test_focus_shows_and_escape_dismisses(page):
    page.goto(page.base + "/article/")
    mark = page.locator("a.claim-mark#p8-c4")
    mark.focus()
    tip = preview(page)
    expect(tip).to_contain_text(re.compile("Partly supported|Not found"))
    expect(tip).to_contain_text("training")
    page.keyboard.press("Escape")
    expect(tip, "Escape left the preview open").to_be_hidden()


def test_first_tap_previews_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(server + "/article/")
    mark = tab.locator("a.claim-mark#p5-c2")
    mark.scroll_into_view_if_needed()
    mark.tap()
    expect(tab.locator("#edition-preview")).to_be_visible()
    assert tab.url.endswith("/article/"), f"the first tap went to {tab.url}"
    context.close()


def test_following_a_citation_reaches_the_bibliography_entry(page):
    page.goto(page.base + "/article/")
    cite = page.locator("#note-p8-c2 a.cite").first
    key = cite.get_attribute("href").rsplit("#", 1)[1]
    cite.click()
    page.wait_for_url(f"**/bibliography/#{key}")
    wait_top_in_view(page, f'div.bib-entry[id="{key}"]', failing="the citation's entry is not on screen")


def test_cited_in_backlink_returns_to_the_claim(page):
    page.goto(page.base + "/article/")
    key = page.locator("#note-p7-c2 a.cite").first.get_attribute("href").rsplit("#", 1)[1]
    page.goto(page.base + f"/bibliography/#{key}")
    back = page.locator(f'div.bib-entry[id="{key}"] .bib-cited-in a[href$="#p7-c2"]')
    back.click()
    page.wait_for_url("**/article/#p7-c2")
    wait_top_in_view(page, "#p7-c2", failing="the backlink's claim is not on screen")


def test_first_tap_on_a_glossary_term_shows_its_definition(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(server + "/article/#p10")
    term = tab.locator("#p10 a.term").filter(has_text="bay’ah").first
    term.tap()
    expect(tab.locator("#edition-preview")).to_contain_text("allegiance")
    assert "/glossary/" not in tab.url, f"the first tap went to {tab.url}"  # the second tap follows the link
    context.close()
