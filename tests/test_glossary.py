"""The glossary on the built site: entry pages with cited facts, the index, term links in the
article (first mention per paragraph, the seed's own words), "Mentioned in" back-links, search."""
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_site
from reference_edition.data.bib import load_bibliography
from reference_edition.data.glossary import load_glossary
from reference_edition.data.schema import GLOSSARY_KINDS
from sites import make_site
from test_article_page import paragraph_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "glossary"   # tiny entries whose facts cite with locators


@pytest.fixture(scope="session")
def gloss():
    return load_glossary(ROOT / "glossary", load_bibliography(ROOT / "refs.bib"))


def term_links(p):
    """slug -> number of glossary links in a paragraph."""
    return Counter(re.fullmatch(r"\.\./glossary/([a-z0-9-]+)/", a["href"])[1] for a in p.select("a.term"))


def linked_words(doc, slug):
    return [a.get_text() for a in doc.select(f'p.para a.term[href="../glossary/{slug}/"]')]


# ------------------------------------------------------------------ entry pages and index
def test_every_entry_has_a_page_with_its_facts_cited(reader, gloss):
    assert gloss.entries, "the glossary has no entries"
    for slug, entry in gloss.entries.items():
        doc = reader.page(f"glossary/{slug}/")
        assert doc.select_one("article h1").get_text().strip().startswith(entry.name), slug
        assert entry.definition in doc.select_one(".glossary-definition").get_text()
        facts = doc.select("ol.glossary-facts > li")
        assert [li["id"] for li in facts] == [f"fact-{n}" for n in range(1, len(entry.facts) + 1)], slug
        for li, fact in zip(facts, entry.facts):
            cites = li.select("a.cite")
            assert [a["href"].split("#")[1] for a in cites] == [key for key, _ in fact.cite], (slug, li["id"])
            assert all(a["href"].startswith("../../bibliography/#") for a in cites)
            assert li["data-backlink-label"] == f"{entry.name}, {li['id'].replace('-', ' ')}"
        assert "[@" not in doc.select_one("article").get_text(), slug  # no citation left unprocessed
        if entry.unknown:
            # a value refs.bib flags reads "VALUE [unconfirmed]" on the page (test_unconfirmed.py)
            assert entry.unknown in doc.select_one(".glossary-unknown").get_text().replace(" [unconfirmed]", "")
        related = [a["href"] for a in doc.select("#related + ul a")]
        assert related == [f"../{r}/" for r in entry.related], slug


@pytest.mark.build
def test_locators_reach_the_citation(tmp_path):
    """The real glossary cites no locator today, so this builds the fixture glossary
    (tests/fixtures/glossary), whose facts do."""
    shutil.copytree(FIXTURE, tmp_path / "glossary")
    config = make_site(tmp_path, {"index.md": "# Home\n"}, bib=(FIXTURE / "refs.bib").read_text(encoding="utf-8"),
                       glossary="glossary")
    site = build_site(config, tmp_path / "site")
    fixture = load_glossary(tmp_path / "glossary", load_bibliography(tmp_path / "refs.bib"))
    with_locator = [(slug, n, key, loc) for slug, e in fixture.entries.items()
                    for n, f in enumerate(e.facts, 1) for key, loc in f.cite if loc]
    assert with_locator, "no fact of the fixture glossary cites with a locator"
    for slug, n, key, loc in with_locator:
        page = BeautifulSoup((site / "glossary" / slug / "index.html").read_text(encoding="utf-8"), "lxml")
        cite = page.select_one(f'#fact-{n} a.cite[href$="#{key}"]')
        assert cite is not None, f"glossary/{slug}/: no citation of {key} in #fact-{n}"
        assert loc in cite.get_text(), f"glossary/{slug}/ #fact-{n}: locator {loc!r} not in the citation of {key}"


def test_bibliography_cited_in_links_back_to_the_fact(reader, gloss):
    entry = gloss.entries["haqqani-network"]
    key = entry.facts[0].cite[0][0]
    links = reader.page("bibliography/").select(f"#{key} .bib-cited-in a")
    assert any(a["href"] == "../glossary/haqqani-network/#fact-1" and a.get_text() == "Haqqani Network, fact 1"
               for a in links), [a["href"] for a in links]


def test_index_groups_entries_by_kind_a_to_z(reader, gloss):
    doc = reader.page("glossary/")
    for kind, k in GLOSSARY_KINDS.items():
        entries = [e for e in gloss.entries.values() if e.kind == kind]
        if not entries:
            continue
        heading = doc.select_one(f"h2#{kind}")
        assert heading.get_text().strip().startswith(k.heading)
        items = heading.find_next_sibling("dl").select("dt > a")
        assert [a["href"] for a in items] == [f"{e.slug}/" for e in entries]
        assert [a.get_text() for a in items] == sorted((a.get_text() for a in items), key=str.casefold)
    hqn = doc.select_one("dt#haqqani-network")
    assert "HQN" in hqn.get_text() and "founded by Jalaluddin Haqqani" in hqn.find_next_sibling("dd").get_text()
    assert doc.select_one('.md-tabs__link[href="./"], .md-nav__link--active')  # still in the nav


def test_search_finds_an_entry_by_each_alias(site, gloss):
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    assert gloss.entries, "the glossary has no entries"
    for slug, entry in gloss.entries.items():
        text = " ".join(d["title"] + " " + d["text"] for d in docs if d["location"].startswith(f"glossary/{slug}/"))
        for name in entry.names:
            assert name.replace("'", "&#x27;") in text or name in text, (slug, name)


# ------------------------------------------------------------------ links in the article
def test_named_terms_are_linked(reader):
    doc = reader.page("article/")
    assert linked_words(doc, "bayah") == ["bay’ah"]
    assert "AQIS" in linked_words(doc, "aqis") and "al-Qaeda in the Indian Subcontinent" in linked_words(doc, "aqis")
    assert linked_words(doc, "haqqani-network") == ["Haqqani Network", "Haqqani Network"]  # ¶ 7 and ¶ 9
    assert linked_words(doc, "is-kp") == ["IS-KP"]
    assert "IS-KP" not in linked_words(doc, "isis")


def test_each_mentioned_entry_is_linked_once_per_paragraph(reader, gloss, seed_article):
    doc = reader.page("article/")
    paras = doc.select("article p.para")
    assert len(paras) == len(seed_article.paragraphs)
    for p, text in zip(paras, seed_article.paragraphs):
        mentioned = {slug for _, _, slug in gloss.mentions(text)}
        links = term_links(p)
        assert set(links) == mentioned, (p["id"], set(links) ^ mentioned)
        assert all(count == 1 for count in links.values()), (p["id"], links)
        first = {}
        for s, e, slug in gloss.mentions(text):
            first.setdefault(slug, text[s:e])
        assert {a.get_text(): term_links_slug(a) for a in p.select("a.term")} == {w: s for s, w in first.items()}


def term_links_slug(a):
    return a["href"].split("/")[-2]


def test_article_text_is_still_the_seed(reader, seed_article):
    paras = reader.page("article/").select("article p.para")
    assert [paragraph_text(p) for p in paras] == list(seed_article.paragraphs)
    assert not reader.page("article/").select("h1 a.term, h2 a.term, #about a.term, code a.term")


def test_term_links_carry_definition_and_accessible_name(reader, gloss):
    links = reader.page("article/").select("a.term")
    assert len(links) > 40
    for a in links:
        entry = gloss.entries[term_links_slug(a)]
        assert a["data-edition-preview-text"] == entry.definition
        assert a["aria-label"].startswith(a.get_text()) and entry.name in a["aria-label"]
        assert not a.find_parent("a") and not a.select("a")


# ------------------------------------------------------------------ back-links
def test_mentioned_in_lists_every_paragraph_and_lands_on_it(reader, gloss, seed_article):
    article_ids = {p["id"] for p in reader.page("article/").select("p.para")}
    for slug in gloss.entries:
        expected = [n for n, text in enumerate(seed_article.paragraphs, 1)
                    if any(s == slug for _, _, s in gloss.mentions(text))]
        box = reader.page(f"glossary/{slug}/").select_one("p.glossary-mentioned-in")
        links = box.select("a")
        assert [a.get_text() for a in links] == [f"¶\xa0{n}" for n in expected], slug
        assert [a["href"] for a in links] == [f"../../article/#p{n}" for n in expected], slug
        assert {a["href"].split("#")[1] for a in links} <= article_ids
        if not expected:
            assert "does not mention" in box.get_text()
    assert len(reader.page("glossary/al-qaeda/").select("p.glossary-mentioned-in a")) == 11
