"""Citations as a Python-Markdown extension: `[@key]`, `[@key, para. 12]`, `[@a; @b, p. 3]`.

- An inline processor reads each citation block. Inline code and fenced blocks are never
  inline-processed, so citation syntax shown as code stays as written, by construction.
  A bracket whose parts are not all `@key[, locator]` is not a citation and stays text.
  An unknown key stops the build, naming the page and the key.
- A tree processor, once the page's tree is complete, numbers the citations in document
  order (ids fnref:ref-KEY, fnref2:ref-KEY, ...), finds the element each one is in that
  names a back-link (data-backlink-label, e.g. a claim note), appends the page's reference
  list, and reports the page's citations to the plugin (`state.cited`).

The syntax is mkdocs-bibtex's (tests/test_citation_syntax.py checks that its parser reads
every citation of the edition the same way). Links go to the page showing the entry
(data/bibpages.py: the bibliography may be split): as its built address, written after MkDocs'
link processor, where the host gives it (the plugin's entry_href; see FinalLinks), else as a
Markdown link relative to the citing page, which the host resolves. The page's reference list
stays out of the search index (data-search-exclude): the bibliography is where a source is found."""
from html import unescape
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markupsafe import Markup
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..data.bib import label_with_locator
from ..data.errors import DataError
from ..data.index import Citing
from ..data.unconfirmed import FlaggedReference
from ..data.safe_html import CITATION, CITATION_ITEM, CITATION_ITEMS, HTML, INTO_HTML, safe_html

IN_THE_TEXT = "in the text"


class CitationsExtension(Extension):
    """`state` (the plugin) gives: refs (key -> bib.Reference), edition (data/model.py: its
    bib_layout links to an entry), page (the source path of the page being converted),
    cited(page, [(key, Citing)]) and error(DataError), the exception to raise (the plugin's:
    MkDocs stops the build with the message)."""

    def __init__(self, state):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md):
        # After code spans (190) and backslash escapes (180) and footnotes (175); before links (160).
        md.inlinePatterns.register(CitationInline(CITATION.pattern, md, self.state), "edition_citation", 172)
        # After attr_list (8) has set ids; before toc (5), which must see the References heading,
        # and before MkDocs' link processor (0), which resolves and checks Markdown links.
        tree = CitationTree(md, self.state)
        md.treeprocessors.register(tree, "edition_citations", 6.5)
        # After MkDocs' link processor: the links to entries, final (see FinalLinks).
        md.treeprocessors.register(FinalLinks(md, tree), "edition_citation_links", -1)


class CitationInline(InlineProcessor):
    def __init__(self, pattern, md, state):
        super().__init__(pattern, md)
        self.state = state

    def handleMatch(self, m, data):
        items = [CITATION_ITEM.match(part) for part in CITATION_ITEMS.split(m["body"])]
        if not all(items):
            return None, None, None          # "[see @x here]" is text, not a citation
        refs, page = self.state.refs, self.state.page
        # Every text of the group is final (a stashed label, punctuation): as AtomicStrings, the
        # inline processor leaves them alone instead of running every pattern over each, twice.
        group = etree.Element("span", {"class": "citation"})
        group.text = AtomicString("(")
        for n, item in enumerate(items):
            key, locator = item["key"], item["locator"]
            if key not in refs:
                raise self.state.error(DataError(page, f"citation of unknown key '{key}'",
                                "add it to refs.bib or fix the key; keys look like 'un-mt-1267-2023-32nd'"))
            link = etree.SubElement(group, "a", {"class": "cite", "data-key": key})
            # HTML, escaped; a locator from data comes with its characters as references (safe_html.citation)
            label = label_with_locator(refs[key], locator and unescape(locator))
            link.text = AtomicString(self.md.htmlStash.store(safe_html(label, HTML, INTO_HTML)))
            link.tail = AtomicString("; " if n < len(items) - 1 else ")")
        return group, m.start(0), m.end(0)


class CitationTree(Treeprocessor):
    def __init__(self, md, state):
        super().__init__(md)
        self.state = state
        self.final = []

    def run(self, root):
        page, refs = self.state.page, self.state.refs
        bib = self.state.edition.bib_layout
        self.final = []   # (link, its address), for FinalLinks
        counts, found = {}, []
        for link, context in _citations(root):
            key = link.attrib.pop("data-key")
            counts[key] = counts.get(key, 0) + 1
            ref_id = f"fnref{counts[key] if counts[key] > 1 else ''}:ref-{key}"
            link.attrib.update({"id": ref_id, "href": self._href(link, key, bib, page), "data-edition-preview": f"fn:ref-{key}",
                                "aria-label": f"Reference: {Markup(refs[key].label).striptags()}"})
            if context is None:
                found.append((key, Citing(page, ref_id, IN_THE_TEXT)))
            else:
                anchor = context.get("data-backlink") or context.get("id") or ref_id
                found.append((key, Citing(page, anchor, context.get("data-backlink-label"))))
        if found:
            root.extend(self._reference_list(counts, bib, page))
        try:
            self.state.cited(page, found)
        except DataError as err:
            raise self.state.error(err) from err

    def _reference_list(self, counts, bib, page):
        """The page's references, in order of first citation: the house style, a link to the
        entry on the bibliography page, and a back-link to every citation of it."""
        heading = etree.Element("h2", {"id": "references", "data-search-exclude": ""})
        heading.text = "References"
        box = etree.Element("div", {"class": "footnote", "data-search-exclude": ""})
        etree.SubElement(box, "hr")
        listing = etree.SubElement(box, "ol")
        for number, (key, count) in enumerate(counts.items(), 1):
            item = etree.SubElement(etree.SubElement(listing, "li", {"id": f"fn:ref-{key}"}), "p")
            # flagged when formatted: the page's flagger need not read it again
            item.text = self.md.htmlStash.store(FlaggedReference(safe_html(self.state.refs[key].html, HTML, INTO_HTML))) + " "
            entry = etree.SubElement(item, "a", {"class": "bib-link"})
            entry.set("href", self._href(entry, key, bib, page))
            entry.text, entry.tail = "Bibliography entry", "\u00a0"
            for n in range(1, count + 1):
                back = etree.SubElement(item, "a", {
                    "class": "footnote-backref", "href": f"#fnref{n if n > 1 else ''}:ref-{key}",
                    "title": f"Jump back to citation {n} of reference {number} in the text"})
                back.text = "\u21a9"
        return [heading, box]

    def _href(self, link, key, bib, page):
        """The link's href now: a Markdown link to the entry (bib.href) that the host resolves, or,
        where the host gives the entry's built address (state.entry_href: the plugin's), "#", which
        MkDocs' link processor passes over at once, and the address is set after it."""
        entry_href = getattr(self.state, "entry_href", None)
        if entry_href is None:
            return bib.href(key, page)
        self.final.append((link, entry_href(key)))
        return "#"


class FinalLinks(Treeprocessor):
    """Build speed: MkDocs resolves a Markdown link from its source path (about 10 microseconds
    each; 16,000 links to entries at 200 pages x 5,000 entries, 0.2 CPU s), and checks that its
    target and anchor exist. A link to an entry is made from the bibliography's layout, the same
    one that places the entry on its page and gives it its anchor, so it is written as the
    address MkDocs would have made (pages/bibliography_page.entry_url), after MkDocs' processor.
    Hand-written links are resolved and checked as ever."""

    def __init__(self, md, tree):
        super().__init__(md)
        self.tree = tree

    def run(self, root):
        for link, href in self.tree.final:
            link.set("href", href)


def _citations(root):
    """(citation link, nearest enclosing element naming a back-link or None), in document order."""
    stack = [(root, None)]
    while stack:
        element, context = stack.pop()
        if element.get("data-backlink-label") is not None:
            context = element
        if element.tag == "a" and element.get("data-key") is not None:
            yield element, context
            continue
        stack.extend((child, context) for child in reversed(element))

