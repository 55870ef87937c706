"""Unconfirmed values flagged as a page converts: a tree processor, the last but MkDocs' link
rewriting, that reads text as the glossary linker does (markdown/prose.py) and wraps each value
data/unconfirmed.py flags as "VALUE [unconfirmed]" (the template unconfirmed-value.html.j2).

It reads text nodes, never attributes, and never text inside a literal element (code, pre,
script...: data/html_text.LITERAL) or an exempt place (unconfirmed.EXEMPT_CLASSES: the BibTeX
records and the "Not confirmed" lists, where the details themselves are recorded). Raw HTML
reaches the tree as Python-Markdown's stash placeholders: a stashed opening tag makes the text
up to its closing tag that element's (literal or exempt if the element is); a placeholder that
stands for a character (the door writes Markdown's punctuation as &#NN;) is that character, so
a value written across one is still found; a stashed block of HTML (the bibliography's entries)
is flagged as HTML (Matcher.flag, read by html.parser), but for a formatted reference the
citations extension stashed, flagged already (FlaggedReference), a block its page generator
flagged as it wrote it (FlaggedBlocks: the bibliography's entries), and an element md_in_html left
in the stash is walked as the tree is. The flag goes into the stash too: its markup is the template's,
written once. features/unconfirmed_flags.py checks each page's final HTML (features/written_pages.py)."""
import html
import xml.etree.ElementTree as etree
from bisect import bisect_right

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX
from markupsafe import Markup

from ..data import html_text
from ..data.unconfirmed import EXEMPT_CLASSES, HTML, FlaggedReference
from .prose import PLACEHOLDER, Prose

# After the table of contents (5) and MkDocs' title (1) have read the headings' words; before
# MkDocs' link rewriting (0), which reads attributes only.
PRIORITY = 0.5


class UnconfirmedFlagsExtension(Extension):
    """`state` (the plugin) gives edition.matcher (data.unconfirmed.Matcher, None if nothing is flagged)
    and flagged_html (data.unconfirmed.FlaggedBlocks: raw HTML its generator flagged)."""

    def __init__(self, state):
        super().__init__()
        self.state = state

    def extendMarkdown(self, md):
        md.treeprocessors.register(UnconfirmedFlags(md, self.state), "edition_unconfirmed_flags", PRIORITY)


def _literal(name, classes) -> bool:
    return name in html_text.LITERAL or not EXEMPT_CLASSES.isdisjoint(classes.split())


def _inside_literal(prose) -> bool:
    """Whether a stashed element open here (raw HTML) is literal or exempt."""
    return any(_literal(t.name, t.attrs.get("class") or "") for t in prose.open)


class UnconfirmedFlags(Treeprocessor):
    def __init__(self, md, state):
        super().__init__(md)
        self.state = state

    def run(self, root):
        self.matcher = self.state.edition.matcher
        if self.matcher is None or not self._may_flag(root):
            return
        self.template = HTML.get_template("unconfirmed-value.html.j2")
        self.done = set()   # stash entries flagged (a placeholder is read once)
        for block in root:
            self._element(block, Prose(self.md.htmlStash), False)

    def _may_flag(self, root) -> bool:
        """Whether the page holds a flagged value anywhere the walk below reads, in one pass: all
        its text, each node apart as _text reads it (characters the door wrote read through, other
        placeholders as markup), and the raw HTML it stashed. Most pages hold none, and walking
        their text node by node is most of this processor's cost."""
        prose, texts = Prose(self.md.htmlStash), [*root.itertext()]
        for raw in self.md.htmlStash.rawHtmlBlocks:
            if isinstance(raw, etree.Element):
                texts += raw.itertext()
            elif isinstance(raw, str) and not self._flagged_already(raw) and self.matcher.holds(raw):
                return True
        text = "\0".join(texts)   # a node's edge reads as the end of a text: no value runs across it
        if STX in text:
            text = PLACEHOLDER.sub(lambda m: prose.character(m[0]) or "\0", text)
        return self.matcher.holds(text)

    def _flagged_already(self, raw) -> bool:
        """Whether stashed raw HTML is flagged: a formatted reference (by these values), or a block
        its page generator flagged (the bibliography's entries)."""
        if isinstance(raw, FlaggedReference):
            return self.matcher.refs_alone
        return STX not in raw and raw in self.state.flagged_html

    def _element(self, element, prose, literal):
        """Flag element.text and, for each child, inside it and in its tail (the element's text)."""
        if not isinstance(element.tag, str):   # a comment: its tail is its parent's text
            return
        literal = literal or _literal(element.tag, element.get("class") or "")
        element.text = self._text(element.text, prose, literal)
        for child in element:
            self._element(child, prose, literal)
            child.tail = self._text(child.tail, prose, literal)

    def _text(self, text, prose, literal):
        """The text with each flagged value it shows as prose (or as prose's characters) replaced
        by a placeholder for its flag."""
        if not text:
            return text
        if STX not in text:   # no placeholder (most text): one stretch, read as it is
            if literal or _inside_literal(prose) or not self.matcher.holds(text):
                return text
            return self.matcher.regex.sub(lambda m: self._flag(m.group(0), m.group(0)), text)
        segments, view = [], []   # (start in view, start in text, end in text, flaggable, is a character)
        at = pos = 0
        for _, piece in prose.pieces(text):
            flaggable = not literal and not _inside_literal(prose)
            shown, character = piece, False
            if PLACEHOLDER.fullmatch(piece):
                shown, character = prose.character(piece), True
                if not shown:
                    shown, character = "\0", False   # markup: no value runs across it
                    if flaggable:
                        self._stashed(piece, prose)
            segments.append((at, pos, pos + len(piece), flaggable, character))
            view.append(shown)
            at, pos = at + len(shown), pos + len(piece)
        found = [m for m in self.matcher.regex.finditer("".join(view))]
        if not found:
            return text
        starts = [s[0] for s in segments]
        for m in reversed(found):   # from the end: earlier offsets stay valid
            first, last = bisect_right(starts, m.start()) - 1, bisect_right(starts, m.end() - 1) - 1
            if not all(s[3] for s in segments[first:last + 1]):
                continue
            start, end = _offset(segments[first], m.start(), True), _offset(segments[last], m.end(), False)
            text = text[:start] + self._flag(text[start:end], m.group(0)) + text[end:]
        return text

    def _flag(self, written, value_text):
        """A placeholder for the flag around `written` (text with placeholders in it)."""
        words = "".join(p if PLACEHOLDER.fullmatch(p) else html.escape(p, quote=False)
                        for p in PLACEHOLDER.split(written))
        why = self.matcher.why(self.matcher.value_of(value_text))
        return self.md.htmlStash.store(self.template.render(words=Markup(words), why=why).strip())

    def _stashed(self, placeholder, prose):
        """Flag what a placeholder stands for: a block of raw HTML, or an element md_in_html kept."""
        index = int(placeholder.split(":")[1][:-1]) if "wzxhzdk" in placeholder else None
        if index is None or index in self.done:
            return
        self.done.add(index)
        raw = prose.raw(placeholder)
        if isinstance(raw, etree.Element):
            self._element(raw, Prose(self.md.htmlStash), False)
        elif isinstance(raw, str) and not self._flagged_already(raw) and html_text.tag(raw) is None:   # a lone tag has no text
            if STX in raw:   # placeholders nested in its text
                for piece in html_text.pieces(raw, EXEMPT_CLASSES):
                    if piece.kind == "text" and not piece.literal:
                        for nested in PLACEHOLDER.findall(raw[piece.start:piece.end]):
                            self._stashed(nested, prose)
            self.md.htmlStash.rawHtmlBlocks[index] = self.matcher.flag(raw)


def _offset(segment, view_offset, start):
    """The text offset of a match's start or end: inside a text piece, or a character's whole placeholder."""
    at, begin, end, _, character = segment
    if character:
        return begin if start else end
    return begin + (view_offset - at)
