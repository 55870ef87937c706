"""The one home of links between pages (data/links.py for Markdown links between source paths,
pages/built_urls.py for raw HTML between built URLs): the addresses every generator relies on."""
import pytest

from reference_edition.data.links import page_link
from reference_edition.pages.built_urls import url_from


@pytest.mark.parametrize("target, from_page, fragment, expected", [
    ("glossary/taliban.md", "article.md", "", "glossary/taliban.md"),          # from a page at the root
    ("article.md", "glossary/taliban.md", "p3", "../article.md#p3"),           # up, with a fragment
    ("bibliography/web-2.md", "bibliography/web-1.md", "", "web-2.md"),        # a sibling
    ("bibliography.md", "bibliography/web-1.md", "", "../bibliography.md"),
    ("claims.md", "", "", "claims.md"),                                        # no page (a figure outside any)
    ("article/annotations.md", "method.md", "", "article/annotations.md"),
])
def test_page_link(target, from_page, fragment, expected):
    got = page_link(target, from_page, fragment)
    assert got == expected, f"page_link({target!r}, {from_page!r}, {fragment!r}) gave {got!r}, not {expected!r}"


@pytest.mark.parametrize("target, page_url, fragment, expected", [
    ("article/", "", "", "article/"),                          # from the home page (URL "")
    ("bibliography/", "glossary/taliban/", "doe2020", "../../bibliography/#doe2020"),
    ("edition.pdf", "article/", "", "../edition.pdf"),
    ("article.html", "glossary/taliban.html", "p2", "../article.html#p2"),   # use_directory_urls: false
    ("article/cite.bib", "article/", "", "cite.bib"),
])
def test_url_from(target, page_url, fragment, expected):
    got = url_from(target, page_url, fragment)
    assert got == expected, f"url_from({target!r}, {page_url!r}, {fragment!r}) gave {got!r}, not {expected!r}"
