"""Glossary links as a Python-Markdown extension: in each numbered paragraph of an article
(<p class="para" data-para="N">), the first mention of each glossary entry becomes a link to
its page, with the definition as a hover/focus preview (previews.js reads data-edition-preview-text).
The words stay exactly the seed's.

A tree processor: it links prose only. It reads text nodes, never attributes, and never text
inside a link, code, a heading, a superscript or other apparatus. Raw HTML written into the
paragraph (claim markers, the "Cite ¶" button) reaches the tree as Python-Markdown's stash
placeholders (STX wzxhzdk:N ETX) around ordinary text: a placeholder is never matched, and
text between a stashed opening tag and its closing tag is that element's, not prose.
Which paragraphs mention an entry ("Mentioned in" on its page) is not collected here: the
model computes it from the seed and the glossary before any page renders."""
import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

from ..data.html_text import LITERAL
from ..data.links import page_link
from ..data.model import glossary_page
from .prose import PLACEHOLDER, Prose  # noqa: F401  (PLACEHOLDER: where the stash markers are)

# Text inside these is not the article's prose (LITERAL: what unconfirmed flagging skips too), or
# is a link, a heading or apparatus.
SKIP = LITERAL | {"a", "sup", "sub", "button", "abbr", "h1", "h2", "h3", "h4", "h5", "h6"}
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
        for para in root.iter("p"):
            if "para" in para.get("class", "").split() and para.get("data-para"):
                prose = Prose(self.md.htmlStash)
                _link(para, glossary, lambda slug: page_link(glossary_page(slug), page), set(), prose)


def _skipped(element) -> bool:
    classes = set(element.get("class", "").split())
    return element.tag in SKIP or bool(classes & SKIP_CLASSES) or "data-apparatus" in element.attrib


def _link(element, glossary, href, linked, prose):
    """Link first mentions in element.text and, for each child not skipped, inside it and in its tail."""
    element.text = _in_text(element, 0, element.text, glossary, href, linked, prose)
    index = 0
    while index < len(element):
        child = element[index]
        if not _skipped(child):
            _link(child, glossary, href, linked, prose)
        before = len(element)
        child.tail = _in_text(element, index + 1, child.tail, glossary, href, linked, prose)
        index += 1 + len(element) - before   # past the links just inserted


def _in_text(parent, at, text, glossary, href, linked, prose):
    """Returns what stays of `text`; links and the text after them go in as parent[at:]."""
    if not text:
        return text
    spans, offset = [], 0      # where prose is: mentions elsewhere are not linked
    for is_prose, piece in prose.pieces(text):
        if is_prose:
            spans.append((offset, offset + len(piece)))
        offset += len(piece)
    pieces, pos = [], 0
    for start, end, slug in glossary.mentions(text):
        if slug in linked or not any(a <= start and end <= b for a, b in spans):
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
