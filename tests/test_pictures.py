"""The pictures made at build time (reference_edition/pictures/): the timeline and the relations
diagram on the home page, from the glossary's dated facts and typed relations. Structure and
links, not pixels: every mark is a named link to a fact that exists, the table says the same,
nothing is drawn that no cited fact states, and the same data gives the same bytes."""
import shutil
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest

from conftest import ROOT
from reference_edition.data.errors import DataError
from reference_edition.data.bib import load_bibliography
from reference_edition.data.glossary import load_glossary
from reference_edition.pictures import relations, timeline


class Links:
    def entry(self, slug):
        return f"glossary/{slug}.md"

    def source(self, key):
        return f"bibliography.md#{key}", key


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary", load_bibliography(ROOT / "refs.bib"))


@pytest.mark.parametrize("module", [timeline, relations], ids=["timeline", "relations"])
def test_same_data_same_bytes(glossary, module):
    first, second = (etree.tostring(module.figure(glossary, Links())) for _ in range(2))
    assert first == second, f"{module.__name__} is not deterministic"


def test_every_relation_is_stated_by_a_cited_fact(glossary):
    found = relations.relations(glossary)
    assert len(found) >= 5, f"only {len(found)} relations in the glossary"
    for r in found:
        fact = glossary.entries[r.entry].facts[r.fact - 1]
        assert fact.cite, f"{r}: the fact has no source"
        other = glossary.entries[r.other]
        words = {w.casefold() for name in other.names for w in name.replace("-", " ").split() if len(w) >= 5}
        assert any(w in fact.text.casefold() for w in words), \
            f"{r}: fact {r.fact} of {r.entry} does not name {other.name}: {fact.text!r}"


def test_every_event_is_a_dated_cited_fact(glossary):
    rows = timeline.events(glossary)
    assert len(rows) >= 15, f"only {len(rows)} dated events"
    for date, event, entry, n in rows:
        fact = entry.facts[n - 1]
        assert fact.cite and str(date[0]) in fact.text, f"{entry.slug} fact {n}: {date} not in {fact.text!r}"


def _entry_copy(tmp_path, slug="taliban"):
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    return tmp_path / "glossary" / f"{slug}.yml"


@pytest.mark.parametrize("edit, words", [
    (lambda t: t.replace("  date: 2021-09-07\n", '  date: "2021-13"\n'), ["facts.2.date", "month"]),
    (lambda t: t.replace("  event: Taliban announce an interim cabinet\n", ""), ["facts.2.date", "needs 'event' too"]),
    (lambda t: t + "relations:\n- type: hosting\n  to: no-such-entry\n  fact: 1\n", ["relations.0", "no-such-entry"]),
    (lambda t: t + "relations:\n- type: hosting\n  to: al-qaeda\n  fact: 99\n", ["relations.0.fact", "no fact 99"]),
    (lambda t: t + "relations:\n- type: friendship\n  to: al-qaeda\n  fact: 1\n", ["relations.0.type"]),
    (lambda t: t + "relations:\n- type: hosting\n  to: al-qaeda\n  from: aqis\n  fact: 1\n", ["either 'to' or 'from'"]),
], ids=["month-13", "date-without-event", "unknown-entry", "no-such-fact", "unknown-type", "both-ends"])
def test_bad_pictures_data_is_a_clear_error(tmp_path, edit, words):
    path = _entry_copy(tmp_path)
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_glossary(tmp_path / "glossary", load_bibliography(ROOT / "refs.bib"))
    message = str(err.value)
    assert "taliban.yml" in message and all(w in message for w in words), message


# ------------------------------------------------------------------ the built home page
@pytest.mark.parametrize("ident", ["timeline", "relations"])
def test_picture_is_accessible_and_links_into_the_edition(reader, site, ident):
    figure = reader.page("").select_one(f"figure#{ident}")
    assert figure is not None, f"no #{ident} figure on the home page"
    svg = figure.select_one("svg")
    title, desc = svg.select_one("title"), svg.select_one("desc")
    assert title and desc and title.get_text(strip=True) and desc.get_text(strip=True), "SVG without title/desc"
    assert svg["aria-labelledby"] == title["id"] and svg["aria-describedby"] == desc["id"]
    assert not svg.select("script, foreignObject, image, use[href^='http']"), "script or outside content in the SVG"
    marks = svg.select("a")
    assert marks, "no links in the picture"
    for a in marks:
        assert a.get("aria-label"), f"{ident}: a mark without an accessible name: {a}"
        href = a["href"]
        assert not href.startswith(("http:", "https:", "javascript:")), href
        page, _, anchor = href.partition("#")
        target = (site / page).resolve()
        assert target.is_dir() and (target / "index.html").exists(), f"{ident}: {href} does not resolve"
        if anchor:
            assert reader.page(str(target.relative_to(site))).find(id=anchor), f"{ident}: {href}: no #{anchor}"
    rows = figure.select("details table tbody tr")
    expected = len(svg.select("a.edition-picture__mark")) or len(svg.select("a.edition-picture__edge"))
    assert len(rows) == expected, f"{ident}: {len(rows)} table rows for {expected} marks"
    for row in rows:
        assert row.select("td a[href*='bibliography/#']"), f"{ident}: a row without its sources: {row.get_text(' ')}"


def test_home_page_counts_claims_by_verdict(reader, seed_article):
    import yaml
    claims = yaml.safe_load((ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.claims.yml").read_text(encoding="utf-8"))
    items = reader.page("").select("ul.verdict-counts li")
    assert len(items) == 5, f"{len(items)} verdict counts"
    total = sum(int(li.get_text(" ", strip=True).split()[1]) for li in items)
    assert total == len(claims), f"home page counts {total} claims, the claims file has {len(claims)}"


def test_keyboard_reaches_the_timeline(page):
    page.goto(page.base + "/")
    first = page.locator("#timeline svg a").first
    first.focus()
    assert page.evaluate("document.activeElement.closest('svg') !== null"), "a timeline mark cannot take focus"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#timeline svg') !== null"), "Tab leaves the timeline after one mark"
