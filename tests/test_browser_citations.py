"""Citations and claim markers in Chromium: previews on hover, focus and tap; links both ways."""


def preview(page):
    return page.locator("#edition-preview")


def test_hovering_a_citation_shows_the_full_reference(page):
    page.goto(page.base + "/article/")
    cite = page.locator("#note-p5-c2 a.cite").first
    cite.scroll_into_view_if_needed()
    cite.hover()
    tip = preview(page)
    tip.wait_for(state="visible")
    key = cite.get_attribute("href").rsplit("#", 1)[1]
    full = page.locator(f'li[id="fn:ref-{key}"] p').inner_text().split("Bibliography entry")[0].strip()
    assert full[:40] in tip.inner_text()
    assert cite.get_attribute("aria-describedby") == "edition-preview"


def test_focus_shows_and_escape_dismisses(page):
    page.goto(page.base + "/article/")
    mark = page.locator("a.claim-mark#p8-c4")
    mark.focus()
    tip = preview(page)
    tip.wait_for(state="visible")
    assert "Partly supported" in tip.inner_text() or "Not found" in tip.inner_text()
    assert "training" in tip.inner_text()
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")


def test_first_tap_previews_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(server + "/article/")
    mark = tab.locator("a.claim-mark#p5-c2")
    mark.scroll_into_view_if_needed()
    mark.tap()
    tab.locator("#edition-preview").wait_for(state="visible")
    assert tab.url.endswith("/article/")  # the first tap did not navigate
    context.close()


def test_following_a_citation_reaches_the_bibliography_entry(page):
    page.goto(page.base + "/article/")
    cite = page.locator("#note-p8-c2 a.cite").first
    key = cite.get_attribute("href").rsplit("#", 1)[1]
    cite.click()
    page.wait_for_url(f"**/bibliography/#{key}")
    entry = page.locator(f'div.bib-entry[id="{key}"]')
    box = entry.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]


def test_cited_in_backlink_returns_to_the_claim(page):
    page.goto(page.base + "/article/")
    key = page.locator("#note-p7-c2 a.cite").first.get_attribute("href").rsplit("#", 1)[1]
    page.goto(page.base + f"/bibliography/#{key}")
    back = page.locator(f'div.bib-entry[id="{key}"] .bib-cited-in a[href$="#p7-c2"]')
    back.click()
    page.wait_for_url("**/article/#p7-c2")
    box = page.locator("#p7-c2").bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]


def test_first_tap_on_a_glossary_term_shows_its_definition(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(server + "/article/#p10")
    term = tab.locator("#p10 a.term").filter(has_text="bay’ah").first
    term.tap()
    tip = tab.locator("#edition-preview")
    tip.wait_for(state="visible")
    assert "allegiance" in tip.inner_text()
    assert "/glossary/" not in tab.url  # the second tap, not the first, follows the link
    context.close()
