"""The offline copy (`make offline`: OFFLINE=true, Material's offline plugin) read from disk
through file:// URLs: the article renders, links between pages work, search answers, and
nothing is fetched from another host (the iframe-worker shim is ours, not unpkg.com's)."""
import os

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import ROOT, build_site, csp_violations

pytestmark = pytest.mark.build   # every test here builds a site


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """One offline build (the plugin reads OFFLINE when mkdocs.yml is loaded)."""
    old = os.environ.get("OFFLINE")
    os.environ["OFFLINE"] = "true"
    try:
        return build_site(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("site-offline"))
    finally:
        if old is None:
            del os.environ["OFFLINE"]
        else:
            os.environ["OFFLINE"] = old


@pytest.fixture
def disk_page(browser, offline_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.root = offline_site.as_uri()
    csp_violations(tab)          # the offline copy has the same meta policy (no header from disk)
    yield tab
    context.close()
    assert not tab.csp_violations, "the page broke its Content-Security-Policy:\n" + "\n".join(tab.csp_violations)


def test_offline_build_has_page_files_and_inlined_search_index(offline_site):
    assert (offline_site / "article.html").is_file()        # no directory URLs from file://
    assert (offline_site / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index =")
    html = BeautifulSoup((offline_site / "article.html").read_text(encoding="utf-8"), "lxml")
    sources = [s.get("src", "") for s in html.find_all("script")]
    assert "assets/javascripts/vendor/iframe-worker-shim.js" in sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]


def test_article_renders_from_disk(disk_page):
    disk_page.goto(disk_page.root + "/article.html")
    assert disk_page.title().startswith("What is the Taliban")
    assert disk_page.locator("p.para").count() == 11
    assert disk_page.locator("#p7").inner_text().strip()


def test_link_to_bibliography_works_from_disk(disk_page):
    disk_page.goto(disk_page.root + "/article.html")
    link = disk_page.locator("#p1 a.cite, .claim-notes a.cite").first
    key = link.get_attribute("href").split("#")[1]
    link.click()
    disk_page.wait_for_url(f"**/bibliography.html#{key}")
    expect(disk_page.locator(f"[id='{key}']")).to_be_visible()


def test_search_answers_from_disk(disk_page):
    disk_page.goto(disk_page.root + "/article.html")
    disk_page.locator("input.md-search__input").press_sequentially("Haqqani", delay=30)
    # the list for the whole word, not for an earlier keystroke's "H"
    expect(disk_page.locator(".md-search-result__list"), "search from disk found nothing").to_contain_text("Haqqani")
    assert [u for u in disk_page.requests if not u.startswith(("file:", "data:", "blob:", "about:"))] == []
