"""The edition's pictures and figures in any page, as a Python-Markdown extension: a paragraph
that is exactly one of the markers below becomes that figure, made from the edition's data at
build time (reference_edition/pictures/).

  [[edition:timeline]]    dated glossary facts on a timeline, with a table of their sources
  [[edition:relations]]   typed relations between people and groups, with a table
  [[edition:verdicts]]    the number of claims by verdict, linked to the claims page"""
import xml.etree.ElementTree as etree
from collections import Counter

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.util import AtomicString
from markupsafe import Markup

from ..data.links import page_link
from ..data.model import CLAIMS_PAGE, glossary_page
from ..data.safe_html import INTO_HTML
from ..data.templates import templates
from ..data.verdicts import VERDICTS
from ..pictures import relations, timeline

MARKERS = ("timeline", "relations", "verdicts")


class PicturesExtension(Extension):
    """`state` (the plugin) gives: edition (data.model.Edition) and page (the source path of the
    page being converted)."""

    def __init__(self, state):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(PictureBlock(md.parser, self.state), "edition_pictures", 95)


class PictureBlock(BlockProcessor):
    def __init__(self, parser, state):
        super().__init__(parser)
        self.state = state

    def test(self, parent, block):
        return block.strip() in {f"[[edition:{m}]]" for m in MARKERS}

    def run(self, parent, blocks):
        name = blocks.pop(0).strip()[len("[[edition:"):-2]
        edition, page = self.state.edition, self.state.page or ""
        links = Links(edition, page)
        if name == "verdicts":
            figure = _verdicts(edition, page_link(CLAIMS_PAGE, page))
        elif edition.glossary is None:
            figure = None
        else:
            figure = (timeline if name == "timeline" else relations).figure(edition.glossary, links)
        if figure is not None:
            parent.append(figure)


class Links:
    """Addresses from the page being converted, as Markdown links MkDocs resolves and checks."""

    def __init__(self, edition, page):
        self.refs, self.page, self.layout = edition.refs, page, edition.bib_layout

    def entry(self, slug) -> str:
        return page_link(glossary_page(slug), self.page)

    def source(self, key) -> tuple[str, str]:
        """(address of the bibliography entry, its in-text label as plain text)."""
        return self.layout.href(key, self.page), Markup(self.refs[key].label).striptags()


def _verdicts(edition, claims_href):
    """A list of the claims by verdict, each count linked to the claims page."""
    counts = Counter(c.verdict for a in edition.articles for c in a.claims)
    if not counts:
        return None
    badge = templates(INTO_HTML).get_template("verdict-badge.html.j2").module.badge
    box = etree.Element("ul", {"class": "verdict-counts", "aria-label": "Claims by verdict"})
    for v in VERDICTS.values():
        # the one badge markup (templates/verdict-badge.html.j2), as a tree whose text no inline
        # pattern reads (a glossary name in a label stays a label)
        link = etree.fromstring(str(badge(v, f"{counts.get(v.id, 0)} {v.label.lower()}", claims_href)))
        for node in link.iter():
            node.text, node.tail = (AtomicString(t) if t else t for t in (node.text, node.tail))
        etree.SubElement(box, "li").append(link)
    return box
