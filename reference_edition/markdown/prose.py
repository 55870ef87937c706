"""Which text of a converted paragraph is its prose, for the tree processors that read it
(glossary links, the paragraph table of contents). Raw HTML written into a paragraph (claim
markers, the "Cite ¶" button, the paragraph number) reaches the tree as Python-Markdown's stash
placeholders (STX wzxhzdk:N ETX) around ordinary text, one per tag: a placeholder is never
prose, and text between a stashed opening tag and its closing tag is that element's, not prose."""
import html
import re

from markdown.util import ETX, STX

from ..data.html_text import tag

PLACEHOLDER = re.compile(f"({STX}(?:wzxhzdk|klzzwxh):[0-9]+{ETX})")   # markdown.util's two kinds
_RAW_INDEX = re.compile(r"wzxhzdk:(\d+)")   # a raw-HTML placeholder's index in the stash
CHARACTER = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z]+);")


class Prose:
    """Which stretches of a paragraph's text are prose: outside placeholders and outside raw
    HTML elements (`open`: the stashed elements opened and not yet closed, outermost first,
    across text nodes; unconfirmed flagging reads which they are)."""

    def __init__(self, stash):
        self.stash, self.open = stash, []

    @property
    def depth(self) -> int:
        return len(self.open)

    def pieces(self, text):
        """(is_prose, piece) for the text, in order."""
        if STX not in text:   # no placeholder: one piece, without a regex scan (89,000 calls a build at 200 pages)
            yield not self.open, text
            return
        for n, piece in enumerate(PLACEHOLDER.split(text)):
            if n % 2 == 0:
                yield not self.open, piece
                continue
            raw = self.raw(piece)
            stashed = tag(raw) if isinstance(raw, str) else None   # one tag, read by a real parser
            if stashed and not stashed.closing and not stashed.void:
                self.open.append(stashed)
            elif stashed and stashed.closing and self.open:
                self.open.pop()
            yield False, piece

    def raw(self, piece):
        """What the stash holds for a placeholder: raw HTML (a str), an element (md_in_html), or
        None for an inline placeholder."""
        index = _RAW_INDEX.search(piece)
        return self.stash.rawHtmlBlocks[int(index[1])] if index else None

    def character(self, piece) -> str:
        """The character a placeholder stands for when the stash holds a character reference
        (the door writes Markdown's punctuation as &#NN;), else ""."""
        raw = self.raw(piece)
        return html.unescape(raw) if isinstance(raw, str) and CHARACTER.fullmatch(raw.strip()) else ""
