"""The article's "About this text" box in Chromium: closed on a phone, so that ¶ 1 is on the first
screen; open on a wide screen and in print; opened by a link to #about (templates/article.md.j2,
edition.css, assets/javascripts/about-box.js)."""
import pytest

from browser_waits import wait_top_in_view

pytestmark = [pytest.mark.build, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}


def _about(page):
    return page.evaluate("""() => { const box = document.getElementById('about');
        // checkVisibility(): false inside a closed <details> (its content is content-visibility: hidden)
        return {open: box.open, tag: box.tagName, textShown: box.querySelector('p').checkVisibility(),
                p1: document.getElementById('p1').getBoundingClientRect().top}; }""")


def test_closed_on_a_phone_with_paragraph_one_on_the_first_screen(page):
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/article/")
    about = _about(page)
    assert about["tag"] == "DETAILS" and not about["open"] and not about["textShown"], about
    assert about["p1"] < PHONE["height"] / 2, f"¶ 1 starts {about['p1']:.0f} px down a {PHONE['height']} px screen"
    page.locator("#about > summary").click()
    assert _about(page)["textShown"], "the summary does not open the box"


def test_open_on_a_wide_screen_and_the_reader_may_close_it(page):
    page.goto(page.base + "/article/")
    about = _about(page)
    assert about["open"] and about["textShown"], about
    page.locator("#about > summary").click()
    assert not _about(page)["textShown"], "the summary does not close the box on a wide screen"


def test_printed_open_from_a_phone(page):
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/article/")
    page.emulate_media(media="print")
    assert _about(page)["textShown"], "the box prints closed"


def test_a_link_to_about_opens_it_on_a_phone(page):
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/bibliography/")
    link = page.locator(".bib-cited-in a[href$='article/#about']").first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url("**/article/#about")
    about = _about(page)
    assert about["open"] and about["textShown"], about
    wait_top_in_view(page, "#about", 0.5, failing="the link did not bring the box to the top half of the screen")
    # Closed again by the reader, then a link within the page (the address already ends in #about).
    page.locator("#about > summary").click()
    assert not _about(page)["open"]
    page.evaluate("""() => { const a = document.createElement('a'); a.href = '#about'; a.textContent = 'to about';
        document.querySelector('.article-tags').append(a); a.click(); }""")
    assert _about(page)["open"], "a link within the page to #about left the box closed"


@pytest.mark.parametrize("width, shown", [(1280, True), (390, False)])
def test_without_script_shown_on_a_wide_screen_only(browser, server, width, shown):
    """What the first paint shows (about-box.js is deferred): the CSS alone decides."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 844})
    tab = context.new_page()
    tab.goto(server + "/article/")
    assert tab.evaluate("document.querySelector('#about p').checkVisibility()") == shown
    context.close()
