"""The print document of `make pdf` (scripts/print_pdf.py compose), on a tiny written site made
here: ids prefixed by page, links into the document as fragments, other pages of the site as
addresses, other schemes as words; the apparatus and the pages' own scripts left out."""
import importlib.util
import json

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("print_pdf", ROOT / "scripts" / "print_pdf.py")
print_pdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(print_pdf)

SITE_URL = "https://edition.example/"
PAGES = {
    "article/index.html": """<html><head><title>Article</title><link rel="stylesheet" href="../assets/site.css">
<link rel="canonical" href="https://edition.example/article/"><meta name="citation_title" content="Article">
<script src="../assets/site.js"></script></head><body data-md-color-scheme="default"><header>nav</header>
<article class="md-content__inner md-typeset"><h1 id="title">Article</h1><details id="about"><summary>About</summary>
<p>Also a <a href="../edition.pdf">PDF</a>.</p></details>
<p id="p1"><a href="#p1">1</a> Text on <a href="../glossary/term/">a term</a> <a href="../bibliography/#key-2020"
data-edition-preview="fn:ref-key-2020">(Key 2020)</a>, see <a href="../claims/#claim">claims</a>, the
<a href="https://source.example/page">source</a>, <a href="mailto:editors@edition.example">editors</a> and
<a href="https://source.example/url">https://source.example/url</a>.<button data-apparatus>Cite ¶</button></p>
<section id="cite-this-page">Cite this page</section><script>inline()</script></article></body></html>""",
    "glossary/term/index.html": """<html><head><title>Term</title></head><body><article class="md-content__inner">
<h1 id="term">Term</h1><h2 id="key-facts">Key facts<a class="headerlink" href="#key-facts">¶</a></h2>
<p id="p1">A fact (<a href="../../bibliography/#key-2020">Key 2020</a>), in <a href="../../article/#p1">¶ 1</a>.</p>
<h2 id="references">References</h2><div class="footnote"><ol><li id="fn:ref-key-2020">Key.</li></ol></div>
</article></body></html>""",
    "bibliography/index.html": """<html><head><title>Bibliography</title></head><body><article class="md-content__inner">
<h1 id="bibliography">Bibliography</h1><div class="bib-entry" id="key-2020">Key. 2020.
<details class="bib-bibtex"><summary>BibTeX</summary>@misc{key-2020}</details>
Cited in: <a href="../article/#p1">¶ 1</a>; <a href="../glossary/term/#p1">Term, fact 1</a></div></article></body></html>""",
}


def written_site(root):
    for path, html in PAGES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html, encoding="utf-8")
    (root / "version.json").write_text(json.dumps({"version": "abc1234", "date": "2026-12-01"}), encoding="utf-8")
    return root


def compose(site):
    parts = ([print_pdf.Part("article/")], [("Terms", [print_pdf.Part("glossary/term/")])],
             [print_pdf.Part("bibliography/")])
    return BeautifulSoup(print_pdf.compose(site, SITE_URL, "The edition", *parts), "lxml")


@pytest.fixture
def document(tmp_path):
    return compose(written_site(tmp_path))


def hrefs(document, text):
    return [a.get("href") for a in document.find_all("a") if a.get_text() == text]


def test_each_page_is_a_section_with_its_ids_prefixed(document):
    assert [s["id"] for s in document.select("section.print-part")] == ["article", "glossary", "bibliography"]
    assert document.find(id="article:p1") and document.find(id="glossary/term:p1"), "the two ¶ 1 ids are not told apart"
    assert document.find(id="glossary/term") and document.find(id="bibliography:key-2020")
    assert document.find(attrs={"data-edition-preview": "article:fn:ref-key-2020"}), "a preview still names the page's id"


def test_links_into_the_document_become_its_fragments(document):
    assert hrefs(document, "1") == ["#article:p1"]
    assert hrefs(document, "a term") == ["#glossary/term"]
    assert hrefs(document, "(Key 2020)") == hrefs(document, "Key 2020") == ["#bibliography:key-2020"]
    assert hrefs(document, "¶ 1") == ["#article:p1", "#article:p1"]
    assert hrefs(document, "Term, fact 1") == ["#glossary/term:p1"]


def test_other_links_become_web_addresses_written_out(document):
    assert hrefs(document, "claims") == [SITE_URL + "claims/#claim"]
    assert hrefs(document, "PDF") == [SITE_URL + "edition.pdf"]
    (source,) = document.find_all("a", string="source")
    assert source["href"] == "https://source.example/page" and source.next_sibling.startswith(" <https://source.example/page>")
    (url,) = document.find_all("a", string="https://source.example/url")
    assert not url.next_sibling.startswith(" <"), "an address already written out is written twice"
    (mail,) = document.find_all("a", string="editors")
    assert mail.get("href") is None, "a mailto: link would reach the PDF"


def test_apparatus_scripts_and_page_metadata_are_left_out(document):
    for selector in ("button", "section#cite-this-page", "script", "a.headerlink", "details.bib-bibtex", "header",
                     'meta[name="citation_title"]', 'link[rel="canonical"]', "#glossary\\/term\\:references",
                     "section#glossary div.footnote"):
        assert not document.select(selector), f"{selector} is in the print document"
    assert document.select_one("section#article details")["open"] == "", "the About box is not open on paper"


def test_headings_glossary_entries_under_their_kind_and_the_head(document):
    assert [h.name for h in document.select("section#glossary :is(h1, h2, h3, h4)")] == ["h1", "h2", "h3", "h4"]
    assert [link["href"] for link in document.head.select("link")] == ["assets/site.css",
                                                                      "assets/stylesheets/edition-print.css"]
    assert document.title.get_text() == "The edition"
    assert document.body["data-md-color-scheme"] == "default", "the theme's palette attributes are lost"
    assert "Version abc1234 of 2026-12-01" in document.select_one("p.print-colophon").get_text()


def test_a_page_without_the_themes_article_stops_with_its_path(tmp_path):
    site = written_site(tmp_path)
    (site / "bibliography/index.html").write_text("<html><body><main>no article</main></body></html>")
    with pytest.raises(SystemExit, match=r"bibliography/index\.html: no single <article"):
        compose(site)
