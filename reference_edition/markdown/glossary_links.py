"""Glossary links as a Python-Markdown extension: in each numbered paragraph of an article
(<p class="para" data-para="N">), the first mention of each glossary entry becomes a link to
its page, with the definition as a hover/focus preview (previews.js reads data-edition-preview-text).
The words stay exactly the seed's.

A tree processor: it reads text nodes only, never attributes, and never text inside a link,
code, a superscript or other apparatus, so nothing it skips can be matched by accident.
Which paragraphs mention an entry ("Mentioned in" on its page) is not collected here: the
model computes it from the seed and the glossary before any page renders."""
import posixpath
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..data.model import glossary_page

# Text inside these is not the article's prose, or is a link already.
SKIP = {"a", "code", "kbd", "pre", "sup", "sub", "script", "style", "button", "abbr", "svg"}
SKIP_CLASSES = {"cite", "citation", "claim-mark"}


class GlossaryLinksExtension(Extension):
    """`state` (the plugin) gives: glossary (data.glossary.Glossary or None), page (the source
    path of the page being converted) and is_article(page)."""

    def __init__(self, state):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md):
        # After attr_list (8) marks the paragraphs and citations (6.5) are links; before MkDocs'
        # link processor (0) resolves the glossary/<slug>.md links.
        md.treeprocessors.register(GlossaryLinks(md, self.state), "edition_glossary_links", 6)


class GlossaryLinks(Treeprocessor):
    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        glossary, page = self.state.glossary, self.state.page
        if glossary is None or not self.state.is_article(page):
            return
        base = posixpath.dirname(page) or "."
        for para in root.iter("p"):
            if "para" in para.get("class", "").split() and para.get("data-para"):
                _link(para, glossary, lambda slug: posixpath.relpath(glossary_page(slug), base), set())


def _skipped(element) -> bool:
    classes = set(element.get("class", "").split())
    return element.tag in SKIP or bool(classes & SKIP_CLASSES) or "data-apparatus" in element.attrib


def _link(element, glossary, href, linked):
    """Link first mentions in element.text and, for each child not skipped, inside it and in its tail."""
    element.text = _in_text(element, 0, element.text, glossary, href, linked)
    index = 0
    while index < len(element):
        child = element[index]
        if not _skipped(child):
            _link(child, glossary, href, linked)
        before = len(element)
        child.tail = _in_text(element, index + 1, child.tail, glossary, href, linked)
        index += 1 + len(element) - before   # past the links just inserted


def _in_text(parent, at, text, glossary, href, linked):
    """Returns what stays of `text`; links and the text after them go in as parent[at:]."""
    if not text:
        return text
    pieces, pos = [], 0
    for start, end, slug in glossary.mentions(text):
        if slug in linked:
            continue
        linked.add(slug)
        entry, words = glossary.entries[slug], text[start:end]
        link = etree.Element("a", {"class": "term", "href": href(slug), "data-edition-preview-text": entry.definition,
                                   "aria-label": f"{words} — glossary: {entry.name}"})
        link.text = words
        pieces.append((text[pos:start], link))
        pos = end
    if not pieces:
        return text
    head = pieces[0][0]
    for n, (_, link) in enumerate(pieces):
        link.tail = pieces[n + 1][0] if n + 1 < len(pieces) else text[pos:]
        parent.insert(at + n, link)
    return head
