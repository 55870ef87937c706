"""Anchors of earlier editions kept on the article page (editions/aliases.yml, data/editions.py),
as a Python-Markdown extension: each alias is an empty <span id="p7-c2" class="anchor-alias">
at the start of the paragraph it now leads to, so a reader's link to a withdrawn claim or
paragraph of an edition still lands in the current text."""
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class AnchorAliasesExtension(Extension):
    """`state` (the plugin) gives: page (the source path of the page being converted) and
    anchor_aliases (page -> {paragraph number: [anchor, ...]})."""

    def __init__(self, state):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md):
        # After attr_list (8) gives the paragraphs their ids and classes.
        md.treeprocessors.register(AnchorAliases(md, self.state), "edition_anchor_aliases", 7)


class AnchorAliases(Treeprocessor):
    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        wanted = self.state.anchor_aliases.get(self.state.page)
        if not wanted:
            return
        for para in root.iter("p"):
            if "para" not in para.get("class", "").split():
                continue
            for anchor in reversed(wanted.get(int(para.get("data-para", 0)), [])):
                span = etree.Element("span", {"id": anchor, "class": "anchor-alias"})
                span.tail, para.text = para.text, None
                para.insert(0, span)
