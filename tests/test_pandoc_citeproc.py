"""The site's formatted citations against pandoc's citeproc (a second, independent CSL
processor) run on the same CSL-JSON items with the same CSL file (tests/citeproc_compare.py):
the bibliography page, group by group, and every page's and paragraph's Cite this page / Cite ¶
forms in Chicago, APA and MLA. Every entry and form is equal but the exceptions that module
names (the edition's n.d.-a; a locale term older pandoc lacks); order and in-text labels are
compared here. Counts are written to test-output/pandoc-citeproc.txt;
scripts/measure_citeproc.py prints them as a table."""
import json
import re

import pytest
from bs4 import BeautifulSoup

from citeproc_compare import (BIBLIOGRAPHY_EXCEPTIONS, NAMES, PANDOC, PAGE_FORM_EXCEPTIONS, bibliography_matches,
                              compare_bibliography, compare_page_forms, nd_suffix, page_forms, pandoc,
                              pandoc_version, text)
from conftest import OUTPUT, ROOT
from reference_edition.data.bib import CSL_STYLE, load_bibliography
from reference_edition.data.pagemeta import STYLES



def pandoc_on_site(test):
    """Build and external tiers (the real site, pandoc); skipped with the reason without pandoc."""
    return pytest.mark.build(pytest.mark.external(pytest.mark.skipif(
        PANDOC is None, reason="pandoc is not installed; `make test` installs Debian's pandoc when run as "
        "root, otherwise: sudo apt-get install pandoc")(test)))


@pytest.fixture(scope="module")
def refs():
    return load_bibliography(ROOT / "refs.bib")


@pytest.fixture(scope="module")
def page_groups(reader):
    """kind -> [(key, text)] as the bibliography page shows them, in order."""
    from citeproc_compare import page_groups as groups
    return groups(reader.page("bibliography/"))


@pandoc_on_site
def test_every_reference_is_formatted_as_pandoc_citeproc_formats_it(reader, refs):
    exact, allowed, wrong = compare_bibliography(reader.page("bibliography/"), refs)
    report = [f"{len(exact)} of {len(exact) + len(allowed) + len(wrong)} references equal to {pandoc_version()}'s "
              f"citeproc ({CSL_STYLE}); {len(allowed)} equal under a named exception; {len(wrong)} different"]
    report += [f"  {key}: {', '.join(used)}" for key, used in allowed.items()]
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "pandoc-citeproc.txt").write_text("\n".join(report + wrong) + "\n", encoding="utf-8")
    assert not wrong, "\n".join(wrong)
    assert len(exact) + len(allowed) == len(refs) > 90
    # The exceptions are the n.d.-a entries and nothing else.
    assert {name for used in allowed.values() for name in used} <= set(BIBLIOGRAPHY_EXCEPTIONS)
    assert all(re.search(r"n\.d\.-[a-z]", BeautifulSoup(refs[key].html, "lxml").get_text()) for key in allowed), allowed


@pandoc_on_site
def test_every_page_and_paragraph_citation_is_formatted_as_pandoc_citeproc_formats_it(site):
    """Cite this page and Cite ¶: reference and in-text form, Chicago, APA and MLA (MLA's
    in-text form is the name alone: one work, nothing to disambiguate)."""
    forms = page_forms(site)
    assert len(forms) > 50 and any("#p" in where for where, *_ in forms)
    results = compare_page_forms(forms)
    lines = []
    for key, (equal, excepted, different) in results.items():
        lines.append(f"{STYLES[key][0]}: {equal} of {equal + len(excepted) + len(different)} forms equal to "
                     f"pandoc's; {len(excepted)} under an exception; {len(different)} different")
        lines += [f"  {where}: {name}" for where, name in excepted.items()]
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "pandoc-citeproc-pages.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    wrong = [d for _, _, diffs in results.values() for d in diffs]
    assert not wrong, "\n".join(wrong)
    excepted = {where: name for _, e, _ in results.values() for where, name in e.items()}
    assert set(excepted.values()) <= set(PAGE_FORM_EXCEPTIONS)
    assert all(where.startswith("bibliography/") for where in excepted), excepted   # the one Dataset page


@pandoc_on_site
def test_each_group_is_in_pandoc_citeproc_order(page_groups, refs):
    """Allowance 4: CMOS files "The Asia Live" under A (a leading The, A or An is passed over);
    pandoc's citeproc files it under T. The order is compared with pandoc's for the same items
    with that leading article taken off the names and titles it sorts by, nothing else."""
    def without_article(item):
        item = json.loads(json.dumps(item))
        for field in ("title", "container-title"):
            if field in item:
                item[field] = re.sub(r"^(?:The|An?)\s+", "", item[field])
        for role in NAMES:
            for name in item.get(role, []):
                if "literal" in name:
                    name["literal"] = re.sub(r"^(?:The|An?)\s+", "", name["literal"])
        return item
    for kind, entries in page_groups.items():
        theirs = pandoc([without_article(refs[key].csl) for key, _ in entries])
        assert [key for key, _ in entries] == [div["id"][len("ref-"):] for div in theirs.select("div.csl-entry")], kind


@pandoc_on_site
def test_in_text_labels_are_those_pandoc_citeproc_gives(reader, refs):
    """One pandoc run cites every key, so its disambiguation (year suffixes) sees the whole
    bibliography, as the site's labels do; every citation link on the site starts with its label."""
    doc = pandoc([r.csl for r in refs.values()], "\n\n".join(f"[@{key}]" for key in refs))
    theirs = {c["data-cites"]: nd_suffix(text(c))[1:-1] for c in doc.select("span.citation")}
    assert {k: BeautifulSoup(r.label, "lxml").get_text() for k, r in refs.items()} == theirs
    links = [a for a in reader.page("article/").select("a.cite")]
    assert len(links) > 20
    for a in links:
        label = theirs[a["href"].rsplit("#", 1)[1]]
        assert text(a) == label or text(a).startswith(label + ", "), (text(a), label)


@pytest.mark.parametrize("site, pandoc_text", [
    ("Gohel, S. 2023. “A.”", "Gohel, S. 2023a. “A.”"),              # a missing year suffix
    ("Gohel, S. 2023b. “A.”", "Gohel, S. 2023a. “A.”"),             # the wrong letter
    ("Gohel, S. 2023. “A.”", "———. 2023. “A.”"),                   # no 3-em dash
    ("X. n.d.-a “A.”", "X. n.d.a. “A.”"),                           # n.d.-a without its period
    ("X. 2020. “Zabul's Capital.”", "X. 2020. “Zabul’s Capital.”"),  # a straight apostrophe
    ("al-Zawahiri, Ayman. 2013.", "Zawahiri, Ayman al-. 2013."),     # the particle not demoted
    ("X. 2020. “The al-Qaeda.”", "X. 2020. “The Al-Qaeda.”"),        # letter case
    ("X. 2020. “A.” Y, May 1.", "X. 2020. “A,” May 1."),             # a substituted name repeated
    ("X. n.d.-a. “Al-Qaeda.”", "X. n.d.a. “al-Qaeda.”"),            # n.d.-a hides no other difference
])
def test_the_exceptions_let_no_other_difference_through(site, pandoc_text):
    assert bibliography_matches(site, pandoc_text) is None


def test_the_dataset_exception_is_that_label_only():
    (exception,) = PAGE_FORM_EXCEPTIONS.values()
    item = {"type": "dataset"}
    assert exception("E. (2026). Bibliography [Dataset]. In S.", "E. (2026). Bibliography. In S.", item)
    assert not exception("E. (2026). Bibliography [Dataset]. In S.", "E. (2026). Bibliography. In T.", item)
    assert not exception("E. (2026). Bibliography [Dataset]. In S.", "E. (2026). Bibliography. In S.", {"type": "webpage"})
