"""Reading on a hosted site (issue 19): the site as deployed (built for the address it is served
from, tests/conftest.py), at desktop and phone widths: one preview at a time, a sense of place
(nav, breadcrumbs, previous/next, the article's paragraphs in its table of contents), tables
and markers that fit a phone, robots.txt, a useful 404 page and content dates in the sitemap."""
import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from browser_waits import wait_until

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(params=["desktop", "phone"])
def tab(request, browser, server):
    phone = request.param == "phone"
    context = browser.new_context(viewport=PHONE if phone else DESKTOP, has_touch=phone, is_mobile=phone)
    page = context.new_page()
    page.base, page.phone = server, phone
    yield page
    context.close()


def visible_popups(page) -> list[str]:
    """Every preview box on screen: the edition's and Material's own (.md-tooltip2)."""
    return page.evaluate("""() => [...document.querySelectorAll('#edition-preview, .md-tooltip2, .md-tooltip')]
        .filter(e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                       return !e.hidden && s.display !== 'none' && s.visibility !== 'hidden'
                              && s.opacity !== '0' && r.width > 0 && r.height > 0; })
        .map(e => e.id || e.className)""")


@pytest.mark.parametrize("selector", ["a.claim-mark#p7-c2", "#note-p5-c2 a.cite"])
def test_one_preview_at_a_time(tab, selector):
    tab.clock.install()   # the page's timers, run forward below on the page's clock, not the machine's
    tab.goto(tab.base + "/article/")
    target = tab.locator(selector).first
    target.scroll_into_view_if_needed()
    target.tap() if tab.phone else target.hover()
    expect(tab.locator("#edition-preview")).to_be_visible()
    # Material's own preview opens 250 ms after a hover: give it the chance, however busy the machine.
    tab.clock.run_for(1000)
    shown = visible_popups(tab)
    assert shown == ["edition-preview"], f"{selector}: popups on screen: {shown}"


def test_no_link_asks_material_for_its_instant_preview(reader):
    """Material previews any link with a data-preview attribute (fetching the target page): the
    edition's previews use their own attribute names."""
    for path in ("article/", "claims/", "glossary/al-qaeda/"):
        doc = reader.page(path)
        assert doc.select("[data-edition-preview], [data-edition-preview-text]"), f"{path}: no previews found"
        assert not doc.select("[data-preview]"), f"{path}: links with data-preview open Material's preview too"


def test_glossary_entry_knows_where_it_is(reader):
    doc = reader.page("glossary/bayah/")
    tab = doc.select_one(".md-tabs__item--active")
    assert tab is not None and "Glossary" in tab.get_text(), "the Glossary tab is not highlighted on an entry"
    crumbs = [a.get_text(" ", strip=True) for a in doc.select(".md-path a, .md-path__link")]
    assert "Glossary" in crumbs, f"no breadcrumb back to the glossary: {crumbs}"
    assert doc.select_one("a.md-footer__link--prev") and doc.select_one("a.md-footer__link--next"), \
        "no previous/next links on a glossary entry"
    active = doc.select_one(".md-nav__link--active")
    assert active is not None and "Bay" in active.get_text(), "the entry is not marked in the sidebar"


def test_article_table_of_contents_reaches_every_paragraph(reader):
    doc = reader.page("article/")
    paragraphs = doc.select("p.para[id]")
    assert len(paragraphs) >= 10, "the article's paragraphs were not found"
    toc = doc.select_one("nav.md-nav--secondary")
    assert toc is not None, "no table of contents on the article"
    targets = {a["href"] for a in toc.select("a[href^='#p']")}
    missing = [p["id"] for p in paragraphs if f"#{p['id']}" not in targets]
    assert not missing, f"paragraphs not in the table of contents: {missing}"
    first = toc.select("a[href='#p1']")[-1].get_text(" ", strip=True)   # [0] is the "Text" group
    assert first.startswith("¶ 1 · The Israel-Gaza"), f"entry for ¶ 1 reads {first!r}"


@pytest.mark.parametrize("path", ["method/", "editions/", "claims/", "article/", "bibliography/"])
def test_nothing_is_wider_than_a_phone(browser, server, path):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(server + "/" + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= PHONE["width"], f"/{path} is {width} px wide on a {PHONE['width']} px phone"


def test_claim_markers_are_big_enough_to_tap(browser, server):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(server + "/article/")
    sizes = page.evaluate("""() => [...document.querySelectorAll('a.claim-mark')].map(a => {
        const r = a.getBoundingClientRect(), after = getComputedStyle(a, '::after');
        return [a.id, Math.max(r.width, parseFloat(after.width) || 0), Math.max(r.height, parseFloat(after.height) || 0)]; })""")
    context.close()
    assert sizes, "no claim markers found"
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert not small, f"{len(small)} of {len(sizes)} markers have a hit area under 24 × 24 px: {small[:3]}"


def test_the_markers_hit_area_is_the_marker(browser, server):
    """Hit-testing 10 px above and below a marker's middle finds the marker itself."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(server + "/article/")
    mark = page.locator("a.claim-mark#p5-c2")
    mark.scroll_into_view_if_needed()
    # Hit-test where the marker is now, in one call: the page may still be moving (a late layout).
    hits = page.evaluate("""() => { const r = document.getElementById('p5-c2').getBoundingClientRect(),
        x = r.left + r.width / 2, y = r.top + r.height / 2;
        return [-10, 0, 10].map(dy => document.elementFromPoint(x, y + dy)?.closest('a')?.id); }""")
    context.close()
    assert hits == ["p5-c2"] * 3, f"hit-testing around marker 5.2 found {hits}"


# The page names of the search results, read in one call: Material re-renders the list
# as each key arrives and as results stream in, so element handles go stale.
_RESULT_PAGES = """() => [...document.querySelectorAll('.md-search-result__link')]
    .map(a => new URL(a.getAttribute('href'), location.href).pathname.replace(/\\/$/, '').split('/').pop())"""


def test_search_finds_a_word_with_an_apostrophe_however_it_is_typed(page):
    for query in ("bay'ah", "bay’ah", "bayah"):
        page.goto(page.base + "/")
        # No wait for the search worker: Material holds a query typed early until its index is ready.
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially(query, delay=30)
        # the list for the whole query, not an earlier keystroke's
        wait_until(page, f"() => ['article', 'bayah'].every(p => ({_RESULT_PAGES})().includes(p))",
                   failing=f"search for {query!r} did not find both the article and bayah", state=_RESULT_PAGES)


def test_robots_txt_points_at_the_sitemap(site):
    text = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text and re.search(r"^Sitemap: http\S+/sitemap\.xml$", text, re.M), text


def test_sitemap_dates_are_content_dates_not_the_build_date(site):
    from reference_edition.data.version import last_changed
    from conftest import ROOT
    if not last_changed(ROOT):
        pytest.skip("not a git checkout: the sitemap keeps the build date")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
             for u in ET.parse(site / "sitemap.xml").getroot()}
    assert dates, "empty sitemap"
    changed = last_changed(ROOT)
    expected = max(changed[ROOT / "glossary" / "bayah.yml"], changed[ROOT / "refs.bib"]).isoformat()
    entry = next(d for loc, d in dates.items() if loc.endswith("/glossary/bayah/"))
    assert entry == expected, f"bayah's lastmod is {entry}; its data (bayah.yml, refs.bib) last changed {expected}"


def test_404_page_leads_somewhere(reader):
    doc = reader.page("404.html")
    links = {a.get_text(strip=True) for a in doc.select("article a, .md-content a")}
    assert {"Home", "The article", "Glossary", "Bibliography"} <= links, f"404 links: {links}"
    assert doc.select_one("h1").get_text(strip=True) == "Page not found"
