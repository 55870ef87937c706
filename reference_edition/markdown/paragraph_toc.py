"""The article's paragraphs in the page's table of contents, as a Python-Markdown extension.

The article has no headings of its own (the text is the seed's, word for word), so the table of
contents could not reach its paragraphs. This tree processor runs after `toc` and adds a "Text"
entry with one child per numbered paragraph (<p class="para" id="pN" data-para="N">, written
by templates/article.md.j2): "¶ N" and the paragraph's first words. MkDocs (and any renderer of
Python-Markdown's `toc_tokens`) shows them in the sidebar like headings."""
import re

from markdown import util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import escape

from .prose import Prose

WORDS = 6   # first words of a paragraph shown in its entry
# Before Markdown's last steps a backslash-escaped character is STX + its code point + ETX.
ESCAPED = re.compile(f"{util.STX}(\\d+){util.ETX}")


class ParagraphTocExtension(Extension):
    def extendMarkdown(self, md):
        # toc runs at 5 and sets md.toc_tokens; this reads them after it.
        md.treeprocessors.register(ParagraphToc(md), "edition_paragraph_toc", 4)


class ParagraphToc(Treeprocessor):
    def run(self, root):
        entries = []
        for para in root.iter("p"):
            number, anchor = para.get("data-para"), para.get("id")
            if "para" not in para.get("class", "").split() or not number or not anchor:
                continue
            words = " ".join(_prose(para, Prose(self.md.htmlStash)).split()[:WORDS])
            name = str(escape(f"¶ {number} · {words}…"))
            entries.append({"level": 3, "id": anchor, "name": name, "html": name, "children": []})
        tokens = getattr(self.md, "toc_tokens", None)
        if not entries or tokens is None:
            return
        text = {"level": 2, "id": entries[0]["id"], "name": "Text", "html": "Text", "children": entries}
        # Under the page's h1 when there is one, first: the text comes before the notes.
        (tokens[0]["children"] if len(tokens) == 1 and tokens[0]["level"] == 1 else tokens).insert(0, text)


def _prose(element, prose) -> str:
    """The paragraph's prose: its text without the apparatus (number, markers, Cite ¶ button)."""
    parts = []
    def walk(node):
        for is_prose, piece in prose.pieces(node.text or ""):
            parts.append(piece if is_prose else prose.character(piece) if prose.depth == 0 else "")
        for child in node:
            classes = set(child.get("class", "").split())
            if not classes & {"para-num", "claim-mark", "cite-para"} and "data-apparatus" not in child.attrib:
                walk(child)
            for is_prose, piece in prose.pieces(child.tail or ""):
                parts.append(piece if is_prose else prose.character(piece) if prose.depth == 0 else "")
    walk(element)
    return ESCAPED.sub(lambda m: chr(int(m[1])), "".join(parts))
