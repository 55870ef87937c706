"""The reference list as Chicago author-date orders and prints it (reference_edition/data/reflist.py,
reference_edition/data/bib.py): order, name particles, year suffixes, the 3-em dash, typographic quotes.
tests/test_pandoc_citeproc.py checks the same page against pandoc's citeproc."""
import copy
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from reference_edition.data.bib import csl_style, load_bibliography
from reference_edition.data.punctuation import typographic_quotes
from reference_edition.data.reflist import names_part, substitute_authors

BIB = r"""
@misc{zeta, author = {{The Zeta Institute}}, title = {Zeta}, year = {2020}, kind = {news}, annote = {x}}
@misc{zawahiri, author = {al-Zawahiri, Ayman}, title = {General Guidelines}, year = {2013}, kind = {primary}, annote = {x}}
@misc{beta-second, author = {{Beta}}, title = {Second}, kind = {news}, annote = {x}}
@misc{beta-first, author = {{Beta}}, title = {First}, kind = {news}, annote = {x}}
@misc{alpha-june, author = {{Alpha}}, title = {A June piece}, year = {2020}, month = {jun}, kind = {news}, annote = {x}}
@misc{alpha-jan, author = {{Alpha}}, title = {The January piece}, year = {2020}, month = {jan}, kind = {news}, annote = {x}}
@misc{committee-b, author = {{Committee pursuant to resolution 1988 (2011)}}, title = {B}, year = {2011}, kind = {un}, annote = {x}}
@misc{committee-a, author = {{Committee pursuant to resolution 1988 (2011)}}, title = {A}, year = {2011}, kind = {un}, annote = {x}}
@misc{us-dos, author = {{U.S. Department of State}}, title = {Reports}, year = {2015}, kind = {government}, annote = {x}}
@misc{un, author = {{United Nations}}, title = {Press}, year = {2015}, kind = {government}, annote = {x}}
@misc{quotes, author = {{Oxford Learner's Dictionaries}}, title = {Zabul's 'capital' in the '90s},
  howpublished = {entry "jihad"}, url = {https://example.org/zabuls-capital}, urldate = {2024-01-01}, year = {2019}, kind = {reference}, annote = {x}}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("bib") / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return load_bibliography(path)


def text(html):
    return BeautifulSoup(html, "lxml").get_text()


def test_order_follows_the_styles_sort_keys_as_chicago_alphabetizes(small):
    order = [r.key for r in sorted(small.values(), key=lambda r: r.order)]
    # letter by letter: Alpha, Beta, Committee …, U.S. (us…) after United (un…);
    # a leading "The" and the particle "al-" passed over; within a name by date, undated last
    assert order == ["alpha-jan", "alpha-june", "beta-first", "beta-second", "committee-a", "committee-b",
                     "quotes", "un", "us-dos", "zawahiri", "zeta"]


def test_year_suffixes_follow_the_order_and_agree_with_the_reference(small):
    assert [small[k].label for k in ("alpha-jan", "alpha-june")] == ["Alpha 2020a", "Alpha 2020b"]
    assert text(small["alpha-jan"].html).startswith("Alpha. 2020a. ")
    assert [small[k].label for k in ("beta-first", "beta-second")] == ["Beta, n.d.-a", "Beta, n.d.-b"]
    assert text(small["beta-second"].html).startswith("Beta. n.d.-b. “Second.”")
    # the letter goes on the date, not on the year inside the name
    assert text(small["committee-b"].html).startswith("Committee pursuant to resolution 1988 (2011). 2011b. ")
    assert small["committee-b"].label.endswith("2011b")


def test_name_particles_are_demoted_as_the_style_says(small):
    assert text(small["zawahiri"].html).startswith("Zawahiri, Ayman al-. 2013.")
    assert small["zawahiri"].label == "al-Zawahiri 2013"


def test_straight_quotes_become_typographic_but_not_in_addresses(small):
    shown = text(small["quotes"].html)
    # (title case capitalizes after an opening quotation mark, as pandoc's citeproc does)
    assert "Oxford Learner’s Dictionaries. 2019. “Zabul’s ‘Capital’ in the ’90s.” In Entry “Jihad”." in shown
    assert "'" not in shown and '"' not in shown   # (refs.bib admits no quotation mark in a url)
    assert BeautifulSoup(small["quotes"].html, "lxml").a["href"] == "https://example.org/zabuls-capital"


@pytest.mark.parametrize("before, after", [
    ("Zabul's capital", "Zabul’s capital"),
    ("jihadis' umma? IS's", "jihadis’ umma? IS’s"),
    ("make 'Letter to America' go", "make ‘Letter to America’ go"),
    ("the late '90s", "the late ’90s"),
    ('entry "counterterrorism" (source', "entry “counterterrorism” (source"),
    ("no quotes", "no quotes"),
])
def test_typographic_quotes(before, after):
    assert typographic_quotes(before) == after


def test_the_dash_replaces_names_repeated_from_the_entry_before(small):
    un = [small[k] for k in ("committee-a", "committee-b")]
    shown = substitute_authors(un, csl_style())
    assert text(shown["committee-a"]).startswith("Committee pursuant")
    assert text(shown["committee-b"]).startswith("———. 2011b. “B.”")
    news = sorted((r for r in small.values() if r.kind == "news"), key=lambda r: r.order)
    shown = substitute_authors(news, csl_style())
    assert [text(shown[r.key])[:8] for r in news] == ["Alpha. 2", "———. 202", "Beta. n.", "———. n.d", "The Zeta"]
    # each reference list starts afresh: a list of one is never dashed
    assert substitute_authors([small["beta-second"]], csl_style())["beta-second"] == small["beta-second"].html


def style_text(entry) -> str:
    """An entry's reference as the style prints it: without the names its 3-em dash stands for."""
    ref = copy.copy(entry.select_one(".bib-ref"))   # the parsed page is shared by the session
    for names in ref.select(".bib-repeated__names"):
        names.decompose()
    return ref.get_text()


def test_a_dash_carries_the_names_it_stands_for(reader):
    """The "———" of a repeated author is hidden from screen readers, which read the names instead;
    edition.css shows the names in its place when a citation lands on the entry."""
    refs = load_bibliography(ROOT / "refs.bib")
    dashed = reader.page("bibliography/").select(".bib-entry .bib-repeated")
    assert len(dashed) >= 15
    for repeated in dashed:
        key = repeated.find_parent(class_="bib-entry")["id"]
        dash, names = repeated.select_one(".bib-repeated__dash"), repeated.select_one(".bib-repeated__names")
        assert dash.get_text() == "———" and dash["aria-hidden"] == "true", f"{key}: {repeated}"
        expected = BeautifulSoup(names_part(refs[key]), "lxml").get_text()
        assert names.get_text() == expected, f"{key}: the dash stands for {expected!r}, the page names {names.get_text()!r}"


def test_the_bibliography_page_follows_the_rules(reader):
    refs = load_bibliography(ROOT / "refs.bib")
    doc = reader.page("bibliography/")
    groups = doc.select(".bib-group")
    assert len(groups) >= 5
    dashed = 0
    for group in groups:
        entries = group.select(".bib-entry")
        keys = [e["id"] for e in entries]
        assert keys == sorted(keys, key=lambda k: refs[k].order)     # the style's order
        shown = [style_text(e) for e in entries]
        assert not shown[0].startswith("———")
        for before, key, text_ in zip(keys, keys[1:], shown[1:]):
            # names equal to those of the entry before are ———, and only those
            same = names_part(refs[key]) is not None and names_part(refs[key]) == names_part(refs[before])
            assert text_.startswith("———. ") == same, text_
            dashed += same
        for entry in entries:
            ref = copy.copy(entry.select_one(".bib-ref"))   # the parsed page is shared by the session
            for a in ref.select("a"):
                a.decompose()
            assert "'" not in ref.get_text() and '"' not in ref.get_text(), ref.get_text()
            assert not re.search(r"n\.d\.-?[a-z](?!\.)", ref.get_text()), ref.get_text()
            date = re.search(r"(\d{4}[a-z]?|n\.d\.(?:-[a-z])?)$", refs[entry["id"]].label)
            assert date and f". {date.group(1)}" in ref.get_text(), ref.get_text()   # label and reference agree
    assert dashed >= 15


def test_sort_keys_compare_letters_as_chicago_alphabetizes_for_every_character():
    """data/reflist.py's _collate skips decomposing ASCII text and drops what is not a letter or
    digit with one regex: for every code point of the BMP, the key is what the rule says (NFKD, accents
    dropped, case folded, only str.isalnum characters kept)."""
    import unicodedata
    from reference_edition.data.reflist import _collate

    def rule(text):
        plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        return "".join(c for c in plain.casefold() if c.isalnum())
    checked, wrong = 0, []
    for code in range(0x10000):   # the Basic Multilingual Plane: every script the edition's data uses
        if 0xD800 <= code < 0xE000:   # surrogates are not text
            continue
        text = f"x{chr(code)}y"   # not "a ...": a leading article is dropped first
        checked += 1
        if _collate(text)[0] != rule(text):
            wrong.append(hex(code))
    assert checked > 60_000, f"only {checked} code points checked"
    assert not wrong, f"{len(wrong)} code points give another sort key than the rule, first: {wrong[:5]}"
