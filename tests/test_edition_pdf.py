"""The whole edition as one PDF (make pdf, scripts/print_pdf.py): the print document composed from
the written pages, and Chromium's PDF of it: the text in reading order, internal links that land
on pages of the PDF, external links only to http(s) addresses, every font embedded, nothing loaded
from another host, and the article's link to the PDF. The session's one Chromium prints it."""
import importlib.util
import io
import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT
from test_makefile import make_n

_spec = importlib.util.spec_from_file_location("print_pdf", ROOT / "scripts" / "print_pdf.py")
print_pdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(print_pdf)


@pytest.fixture(scope="module")
def document(site, server):
    """The print document as `make pdf` composes it, for the site the session built (its address)."""
    return print_pdf.compose(site, *print_pdf.edition_parts(ROOT / "mkdocs.yml", site_url=server + "/"))


@pytest.fixture(scope="module")
def composed(document):
    return BeautifulSoup(document, "lxml")


@pytest.fixture(scope="module")
def printed(browser, server, document, output_dir):
    """(PdfReader, requests to other hosts) of the PDF. Kept in test-output/, not in the session's
    site: other tests compare that site's files with another build's."""
    pdf, outside = print_pdf.print_pdf(browser, server, document)
    (output_dir / "edition.pdf").write_bytes(pdf)
    return PdfReader(io.BytesIO(pdf)), outside


def _flat(text):
    """Lines break anywhere in a PDF, hyphenated words included."""
    return re.sub(r"-\s", "-", re.sub(r"\s+", " ", text)).strip()


def _words(text, n):
    return " ".join(text.split()[:n])


def _links(reader):
    """[(page index, annotation)] of every link annotation in the PDF."""
    return [(i, a.get_object()) for i, page in enumerate(reader.pages) for a in page.get("/Annots") or []
            if a.get_object().get("/Subtype") == "/Link"]


# ------------------------------------------------------------------ the print document
def test_print_document_links_only_to_its_own_fragments_or_to_addresses(composed):
    ids = [e["id"] for e in composed.find_all(id=True)]
    assert len(ids) == len(set(ids)), f"ids occur twice: {sorted({i for i in ids if ids.count(i) > 1})[:10]}"
    links = composed.select("article.edition-print a[href]")
    assert len(links) > 500, f"only {len(links)} links in the print document: did a part go missing?"
    for a in links:
        href = a["href"]
        if href.startswith("#"):
            assert href[1:] in ids, f"{a.get_text()!r} links to #{href[1:]}, which no element of the document has"
        else:
            assert href.startswith(("http://", "https://")), f"{a.get_text()!r} links to {href!r}: relative links " \
                                                             "do not work in a PDF"


def test_print_document_has_every_part_in_reading_order(composed, reader):
    parts = [s["id"] for s in composed.select("section.print-part")]
    assert parts == ["article", "glossary", "bibliography"], parts
    entries = [s["id"] for s in composed.select("section.print-glossary section.print-entry")]
    on_site = sorted(p.parent.name for p in (reader.root / "glossary").glob("*/index.html"))
    assert sorted(e.removeprefix("glossary/") for e in entries) == on_site, "not every glossary entry is printed"
    assert composed.select("section#bibliography .bib-entry"), "the bibliography's entries are missing"
    for apparatus in ("section#cite-this-page", "button", "[popover]", "a.headerlink", "details.bib-bibtex"):
        assert not composed.select(f"article.edition-print {apparatus}"), f"{apparatus} is printed"


def test_print_document_loads_only_the_sites_own_files(composed):
    for element in composed.select("[src], link[href]"):
        ref = element.get("src") or element["href"]
        assert not re.match(r"([a-z]+:)?//", ref), f"<{element.name}> loads {ref} from another host"


# ------------------------------------------------------------------ the PDF
def test_pdf_text_is_in_reading_order(printed, composed, seed_article):
    pdf, _ = printed
    text = _flat(" ".join(page.extract_text() for page in pdf.pages))
    note = composed.select_one("section#article li.claim-note .claim-note-text")
    entry = composed.select_one("section.print-entry")
    expected = [
        ("the headline", seed_article.title),
        ("the first words of ¶ 1", _words(seed_article.paragraphs[0], 8)),
        ("a claim note", _words(note.get_text(" ").replace("Editors’ note:", ""), 8)),
        ("a glossary entry", entry.find("h3").get_text(" ")),
        ("its definition", _words(entry.select_one("p.glossary-definition").get_text(" "), 8)),
        ("a bibliography entry", _words(composed.select_one("section#bibliography .bib-ref").get_text(" "), 8)),
    ]
    at = 0
    for what, words in expected:
        found = text.find(_flat(words), at)
        assert found >= 0, f"{what} ({_flat(words)!r}) is not in the PDF's text after character {at}"
        at = found + len(_flat(words))


def test_internal_links_land_on_pages_of_the_pdf(printed, composed):
    pdf, _ = printed
    names = {name.lstrip("/"): pdf.get_destination_page_number(d) for name, d in pdf.named_destinations.items()}
    targets = {a["href"][1:] for a in composed.select('article.edition-print a[href^="#"]')}
    missing = sorted(targets - names.keys())
    assert not missing, f"{len(missing)} link targets of the document are no destination in the PDF: {missing[:10]}"
    internal = 0
    across = 0
    for page, link in _links(pdf):
        dest = link.get("/Dest")
        if dest is None and link.get("/A", {}).get("/S") == "/GoTo":
            dest = link["/A"]["/D"]
        if dest is None:
            continue
        assert isinstance(dest, str), f"page {page + 1}: an explicit destination {dest!r}; expected a named one"
        target = names.get(dest.lstrip("/"))
        assert target is not None and 0 <= target < len(pdf.pages), f"page {page + 1}: link to {dest} goes nowhere"
        internal += 1
        across += target != page
    assert internal > 500 and across > 100, f"{internal} internal links, {across} to another page"


def test_external_links_are_only_web_addresses(printed):
    pdf, _ = printed
    uris = [link["/A"]["/URI"] for _, link in _links(pdf) if link.get("/A", {}).get("/S") == "/URI"]
    assert len(uris) > 50, f"only {len(uris)} external links in the PDF"
    for uri in uris:
        assert re.match(r"https?://", uri), f"a link in the PDF to {uri!r}"


def _fonts(resources, found):
    resources = resources.get_object() if resources else {}
    for font in (resources.get("/Font") or {}).values():
        found.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        _fonts(xobject.get_object().get("/Resources"), found)
    return found


def test_every_font_is_embedded(printed):
    pdf, _ = printed
    fonts = [f for page in pdf.pages for f in _fonts(page.get("/Resources"), [])]
    assert fonts, "no fonts found in the PDF's pages"
    for font in fonts:
        name, kind = font.get("/BaseFont"), font.get("/Subtype")
        if kind == "/Type3":   # glyphs drawn by the PDF itself
            assert font.get("/CharProcs"), f"Type 3 font {name} has no glyph procedures"
            continue
        described = font["/DescendantFonts"][0].get_object() if kind == "/Type0" else font
        descriptor = described.get("/FontDescriptor")
        assert descriptor is not None, f"font {name} ({kind}) has no descriptor"
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()), f"font {name} is not embedded"


def test_print_loads_nothing_from_other_hosts(printed):
    _, outside = printed
    assert outside == [], f"the print document requested other hosts: {outside}"


def test_pdf_has_an_outline_of_the_parts_and_is_tagged(printed, seed_article):
    pdf, _ = printed
    titles = [o.title for o in pdf.outline if not isinstance(o, list)]
    assert titles == [seed_article.title, "Glossary", "Bibliography"], titles
    assert "/StructTreeRoot" in pdf.trailer["/Root"], "the PDF is not tagged (no structure tree)"


def test_article_links_to_where_make_pdf_writes_the_pdf(reader, server):
    from reference_edition.pages.article_page import EDITION_PDF
    link = reader.page("article/").select_one("#about a.edition-pdf")
    assert link is not None and link.get("type") == "application/pdf", "the article's About box has no PDF link"
    assert urljoin(server + "/article/", link["href"]) == f"{server}/{EDITION_PDF}", link["href"]
    (line,) = [line for line in make_n("pdf") if "print_pdf.py" in line]
    assert line.endswith(f"--site site --out site/{EDITION_PDF}"), f"make pdf writes elsewhere: {line}"
