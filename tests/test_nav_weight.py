"""overrides/partials/nav-item.html: a glossary entry's page does not carry its siblings in the
sidebar (every entry's page listing every other entry made the build grow with the square of
the glossary); the entry itself, the glossary's sections and the other tabs are still there."""
from collections import Counter

from bs4 import BeautifulSoup

from conftest import ROOT
from reference_edition.data.bib import load_bibliography
from reference_edition.data.glossary import load_glossary


def _sidebar_links(site, path):
    doc = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")
    sidebar = doc.select_one("nav.md-nav--primary")
    assert sidebar is not None, f"{path}: no primary navigation"
    return [a["href"] for a in sidebar.select("a.md-nav__link[href]")]


def test_a_glossary_entry_lists_itself_not_its_siblings(site):
    entries = load_glossary(ROOT / "glossary", load_bibliography(ROOT / "refs.bib")).entries.values()
    kinds = Counter(e.kind for e in entries)
    entry = next(e for e in entries if kinds[e.kind] > 2)   # an entry with siblings of its kind
    siblings = {f"../{e.slug}/" for e in entries if e.kind == entry.kind and e.slug != entry.slug}
    links = _sidebar_links(site, f"glossary/{entry.slug}")
    assert "./" in links, f"glossary/{entry.slug}/: the entry is not in its own sidebar: {links}"
    listed = siblings & set(links)
    assert not listed, f"glossary/{entry.slug}/ lists {len(listed)} sibling entries in its sidebar"
    assert "../" in links and "../../bibliography/" in links, \
        f"glossary/{entry.slug}/: the glossary index or another tab is missing from the sidebar: {links}"


def test_other_pages_keep_materials_navigation(site):
    links = _sidebar_links(site, "claims")
    assert {"../article/", "./", "../method/"} <= set(links), f"claims/: the article's section lost pages: {links}"
