"""The article page in headless Chromium, as a reader meets it."""
from browser_waits import wait_top_in_view


def test_article_loads_with_eleven_numbered_paragraphs(page):
    page.goto(page.base + "/article/")
    assert page.locator("p.para").count() == 11
    assert page.title().startswith("What is the Taliban")


def test_paragraph_permalink_scrolls_paragraph_into_view(page):
    page.goto(page.base + "/article/#p7")
    wait_top_in_view(page, "#p7", 0.5, failing="the permalink did not bring ¶ 7 to the top half of the screen")
    first = page.locator("#p1").bounding_box()
    assert first["y"] < 0  # the page really scrolled past paragraph 1


def test_no_request_leaves_the_machine(page):
    for path in ("/", "/article/", "/bibliography/", "/claims/", "/glossary/"):
        page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
    assert page.outside_requests == []


def test_screenshots_desktop_and_phone(page, output_dir):
    page.goto(page.base + "/article/")
    page.screenshot(path=str(output_dir / "article-desktop.png"), full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/article/#p5")
    page.screenshot(path=str(output_dir / "article-phone.png"), full_page=False)
    assert (output_dir / "article-phone.png").stat().st_size > 10_000
