"""Where the text of an HTML fragment is, read by Python's own HTML parser (html.parser): each
piece with its offsets in the source, so that a caller changes text in place and every tag stays
exactly as written (data/unconfirmed.py flags values, data/bib.py links addresses), and what
a single tag is (markdown/prose.py reads Python-Markdown's stashed tags). Also the one list of
elements whose text is never prose: nothing is flagged or linked inside them.
No regex reads a tag anywhere in the package (tests/test_no_regex_over_html.py)."""
from functools import lru_cache
from html.parser import HTMLParser
from itertools import accumulate
from typing import NamedTuple

# Text inside these is literal (code, scripts, the page's <title>, drawings): never prose, never
# flagged, never linked. markdown/glossary_links.py skips more (links, headings, apparatus).
LITERAL = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "title", "svg"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})


class Piece(NamedTuple):
    start: int
    end: int
    kind: str              # "tag" (also comments, doctypes), "text", or "raw" (inside script/style)
    literal: bool          # inside a LITERAL element or an exempt one
    exempt: bool           # inside an element with one of the caller's exempt classes
    tag: "Tag | None" = None   # what a "tag" piece is (None for comments, doctypes)


class Tag(NamedTuple):
    name: str              # lower case
    attrs: dict
    closing: bool          # </name>
    void: bool             # <br>, <img ...>, <x/>: opens nothing


class _Enough(Exception):
    """Raised to stop reading once the caller has what it asked for."""


class _Events(HTMLParser):
    """(offset, kind, tag) for each thing the parser reports; text keeps its character references
    as written (convert_charrefs=False), so offsets are the source's. Stops after `limit` events."""

    def __init__(self, html, limit=None):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0, *accumulate(len(line) + 1 for line in html.split("\n"))]   # as the parser counts lines
        self.events, self.limit = [], limit

    def _add(self, kind, tag=None):
        if self.limit is not None and len(self.events) == self.limit:
            raise _Enough
        line, column = self.getpos()
        self.events.append((self.line_starts[line - 1] + column, kind, tag))

    def handle_starttag(self, name, attrs):
        self._add("tag", Tag(name, dict(attrs), False, name in VOID))

    def handle_startendtag(self, name, attrs):
        self._add("tag", Tag(name, dict(attrs), False, True))

    def handle_endtag(self, name):
        self._add("tag", Tag(name, {}, True, False))

    def handle_data(self, data):
        self._add("text")

    handle_entityref = handle_charref = handle_data

    def handle_comment(self, data):
        self._add("tag")

    handle_decl = handle_pi = unknown_decl = handle_comment


def _events(html, limit=None):
    reader = _Events(html, limit)
    try:
        reader.feed(html)
        reader.close()
    except _Enough:
        pass
    return reader.events


def tag(raw: str) -> Tag | None:
    """The one tag `raw` is (e.g. a stashed "<span class=x>" or "</span>"), else None."""
    raw = raw.strip()
    if not raw.startswith("<"):   # text or a character reference
        return None
    return _short_tag(raw) if len(raw) <= 512 else _tag(raw)


@lru_cache(maxsize=4096)
def _short_tag(raw):
    """Pages stash the same few tags again and again: each is parsed once (a long block is not
    kept here)."""
    return _tag(raw)


def _tag(raw):
    events = _events(raw, limit=2)   # a second event: not one tag (a block of HTML is not read through)
    return events[0][2] if len(events) == 1 else None


def pieces(html: str, exempt_classes=frozenset()):
    """Piece after piece of `html`, in order; consecutive text is one piece. An element with one
    of `exempt_classes` makes its contents literal and exempt."""
    events = _events(html)
    stack, literal, exempt = [], 0, 0    # open elements (name, literal, exempt); counts of each
    merged = []
    for n, (start, kind, tag_) in enumerate(events):
        end = events[n + 1][0] if n + 1 < len(events) else len(html)
        if kind == "text" and stack and stack[-1][0] in ("script", "style"):
            kind = "raw"
        if kind != "tag" and merged and merged[-1][2] == kind:
            merged[-1] = merged[-1]._replace(end=end)
            continue
        if kind != "tag" or tag_ is None:
            merged.append(Piece(start, end, kind, literal > 0, exempt > 0))
            continue
        if tag_.closing:
            merged.append(Piece(start, end, kind, literal > 0, exempt > 0, tag_))
            if any(name == tag_.name for name, _, _ in stack):
                while stack:   # to the matching element: an unclosed inline tag is closed with it
                    name, lit, ex = stack.pop()
                    literal, exempt = literal - lit, exempt - ex
                    if name == tag_.name:
                        break
            continue
        is_exempt = not exempt_classes.isdisjoint((tag_.attrs.get("class") or "").split())
        is_literal = tag_.name in LITERAL or is_exempt
        merged.append(Piece(start, end, kind, literal > 0 or is_literal, exempt > 0 or is_exempt, tag_))
        if not tag_.void:
            stack.append((tag_.name, is_literal, is_exempt))
            literal, exempt = literal + is_literal, exempt + is_exempt
    return merged


def replace_text(html: str, change, exempt_classes=frozenset()) -> str:
    """`html` with each stretch of text outside literal elements replaced by change(text);
    tags, attributes and literal text stay exactly as written."""
    out, pos = [], 0
    for piece in pieces(html, exempt_classes):
        if piece.kind != "text" or piece.literal:
            continue
        text = html[piece.start:piece.end]
        changed = change(text)
        if changed != text:
            out += [html[pos:piece.start], changed]
            pos = piece.end
    return "".join(out) + html[pos:]
