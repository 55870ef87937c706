"""Glossary terms in headless Chromium: hover and keyboard previews, Escape, and the way back
from an entry page's "Mentioned in" list to the paragraph."""
import re

from playwright.sync_api import expect

from browser_waits import wait_top_in_view

HQN_DEFINITION = "An Afghan militant network founded by Jalaluddin Haqqani"


def test_hovering_a_term_shows_its_definition(page):
    page.goto(page.base + "/article/")
    preview = page.locator("#edition-preview")
    expect(preview).to_be_hidden()
    page.locator('#p7 a.term[href$="/haqqani-network/"]').hover()
    expect(preview).to_be_visible()
    expect(preview).to_contain_text(HQN_DEFINITION)


def test_keyboard_focus_shows_the_definition_and_escape_hides_it(page):
    page.goto(page.base + "/article/")
    preview = page.locator("#edition-preview")
    term = page.locator('#p10 a.term[href$="/bayah/"]')
    term.focus()
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("oath of allegiance")
    expect(term).to_have_attribute("aria-describedby", "edition-preview")
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()
    expect(term).to_be_focused()


def test_tab_reaches_terms_and_each_shows_its_own_definition(page):
    page.goto(page.base + "/article/")
    page.locator("#p6 a.para-num").focus()
    seen = []
    for _ in range(6):
        page.keyboard.press("Tab")
        current = page.evaluate("[document.activeElement.matches('a.term'),"
                                " document.activeElement.getAttribute('data-edition-preview-text')]")
        if current[0]:
            expect(page.locator("#edition-preview")).to_have_text(current[1])
            seen.append(current[1])
    assert len(seen) >= 3  # ¶ 6 links al-Qaeda, AQIS, jihadists, …: all reachable by Tab


def test_mentioned_in_link_lands_on_the_paragraph(page):
    page.goto(page.base + "/glossary/haqqani-network/")
    links = page.locator("p.glossary-mentioned-in a")
    expect(links).to_have_count(2)
    links.nth(1).click()
    page.wait_for_url(re.compile(r"/article/#p9$"))
    wait_top_in_view(page, "#p9", 0.5, failing="the link did not bring ¶ 9 to the top half of the screen")
    assert page.locator("#p1").bounding_box()["y"] < 0


def test_term_link_leads_to_the_entry(page, output_dir):
    page.goto(page.base + "/article/#p9")
    page.locator('#p9 a.term[href$="/is-kp/"]').click()
    page.wait_for_url(re.compile(r"/glossary/is-kp/$"))
    expect(page.locator("article h1")).to_contain_text("Islamic State Khorasan Province")
    page.screenshot(path=str(output_dir / "glossary-entry.png"), full_page=False)


def test_site_search_finds_an_entry_by_an_alias(page):
    page.goto(page.base + "/glossary/")
    # No wait for the search worker: Material holds a query typed early until its index is ready.
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("Haqqanis", delay=30)  # keystrokes, as a reader types
    result = page.locator('.md-search-result__item a[href*="glossary/haqqani-network/"]').first
    expect(result, "search for an alias did not find its entry").to_be_visible()
