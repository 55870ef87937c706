"""The citations extension's output is final where it is made: the inline processor's, and the
links to entries.

The citation inline processor's output is final: Python-Markdown's inline processor runs every
inline pattern over each text it is handed (twice over for a new element's children), so the
citation group's texts (a stashed label, its punctuation) are AtomicStrings it leaves alone.
Build speed: at 200 pages x 5,000 entries this was two thirds of all inline processing."""
from types import SimpleNamespace

import markdown
import markdown.treeprocessors
import pytest
from bs4 import BeautifulSoup
from markdown.inlinepatterns import InlineProcessor

from reference_edition.markdown.citations import CitationsExtension


class _Seen:
    """A compiled regex that matches nothing and records every text it is asked to search."""

    def __init__(self):
        self.texts = []

    def finditer(self, data, start=0):
        self.texts.append(data[start:])
        return iter(())


class _Spy(InlineProcessor):
    def __init__(self, md):
        super().__init__("(?!x)x", md)
        self.seen = _Seen()

    def getCompiledRegExp(self):
        return self.seen


def _convert(text):
    refs = {"doe-2023": SimpleNamespace(label="Doe 2023", html="Doe. 2023. <i>A report</i>."),
            "roe-2024": SimpleNamespace(label="Roe *2024*", html="Roe. 2024. <i>Another</i>.")}
    state = SimpleNamespace(refs=refs, page="index.md", cited=lambda page, found: None, error=lambda err: err,
                            edition=SimpleNamespace(bib_layout=SimpleNamespace(href=lambda key, page: f"bibliography.md#{key}")))
    md = markdown.Markdown(extensions=[CitationsExtension(state)])
    spy = _Spy(md)
    md.inlinePatterns.register(spy, "spy", 1)   # the last inline pattern: it sees what every pattern sees
    return md.convert(text), spy.seen.texts


def test_the_inline_processor_does_not_read_a_citation_again():
    html, seen = _convert("Text *one* [@doe-2023; @roe-2024, p. 3] and after.\n")
    group = BeautifulSoup(html, "lxml").select_one("span.citation")
    assert group is not None, f"no citation group in {html}"
    assert str(group).startswith('<span class="citation">(<a ') and str(group).endswith("</a>)</span>"), group
    assert [a.get_text() for a in group.select("a.cite")] == ["Doe 2023", "Roe *2024*, p. 3"], \
        "a label is written as formatted, its Markdown-like characters as text"
    assert "; <a" in str(group), f"the separator is lost: {group}"
    again = [t for t in seen if t != "one" and not (t.startswith("Text ") and t.endswith(" and after."))]
    assert again == [] and len(seen) == 2, \
        f"the inline patterns read a citation's label or punctuation again: {again!r} (all texts searched: {seen!r})"


class _Hrefs(markdown.treeprocessors.Treeprocessor):
    """Records the links' hrefs where MkDocs' link processor (priority 0) reads them."""

    def run(self, root):
        self.seen = [a.get("href") for a in root.iter("a")]


def test_links_to_entries_are_written_final_after_the_link_processor():
    """Where the host gives an entry's built address (the plugin's entry_href), MkDocs' link
    processor sees "#" (passed over at once) and the page gets the address; elsewhere the links
    stay Markdown links for the host to resolve."""
    refs = {"doe-2023": SimpleNamespace(label="Doe 2023", html="Doe. 2023.")}
    layout = SimpleNamespace(href=lambda key, page: f"bibliography.md#{key}")
    for entry_href, expected in ((lambda key: f"../bibliography/#{key}", "../bibliography/#doe-2023"),
                                 (None, "bibliography.md#doe-2023")):
        state = SimpleNamespace(refs=refs, page="a/index.md", cited=lambda page, found: None, error=lambda err: err,
                                edition=SimpleNamespace(bib_layout=layout))
        if entry_href:
            state.entry_href = entry_href
        md = markdown.Markdown(extensions=[CitationsExtension(state)])
        spy = _Hrefs(md)
        md.treeprocessors.register(spy, "spy", 0)
        soup = BeautifulSoup(md.convert("Text [@doe-2023].\n"), "lxml")
        links = [a["href"] for a in soup.select("a.cite, a.bib-link")]
        assert links == [expected, expected], f"links to the entry: {links}, expected {expected}"
        passed = [h for h in spy.seen if h and not h.startswith("#fnref")]
        assert passed == (["#", "#"] if entry_href else [expected, expected]), \
            f"the link processor read {passed}"


def test_a_citation_whose_entry_page_is_not_built_stops_the_build_naming_the_page():
    """The extension's links to entries skip MkDocs' link check, so their target's absence is
    the plugin's to say (pages/bibliography_page.entry_url): a message, not a traceback."""
    from mkdocs.exceptions import PluginError
    from reference_edition.plugin import EditionPlugin
    plugin = EditionPlugin()
    plugin.edition = SimpleNamespace(bib_layout=SimpleNamespace(page_of={"doe-2023": "bibliography/un-1.md"}))
    plugin.files = SimpleNamespace(get_file_from_path=lambda path: None)
    plugin.page, plugin.page_url = "notes.md", "notes/"
    with pytest.raises(PluginError) as err:
        plugin.entry_href("doe-2023")
    message = str(err.value)
    assert "notes.md" in message and "doe-2023" in message and "bibliography/un-1.md" in message, message
