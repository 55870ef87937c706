"""The one door from data text to HTML: every data text reaches a page through safe_html().

Kinds of text (the caller says which; a template's plain `{{ x }}` is TEXT):
  TEXT      plain text (names, titles, quotes, the seed): escaped, character for character.
  MARKDOWN  fields that are Markdown by design (claim notes, glossary definitions, facts and
            `unknown`, refs.bib annotes, meta.yml descriptions): converted by a restricted
            Python-Markdown (no raw HTML, no attr_list or md_in_html, no reference
            definitions, no images), then cleaned by an allowlist sanitizer (nh3): links only
            http(s), mailto or relative. Citations `[@key, locator]` stay citations.
  HTML      HTML that code made from data (citeproc's and data/bib.py's formatted
            references): cleaned by the same allowlist sanitizer.
  URL       an address put into a link: http(s), mailto or relative, with no character that
            could end an attribute or a Markdown link.

The result is Markup. Most of it is printed into Markdown templates that MkDocs' own Markdown
(with attr_list, md_in_html, def_list, abbr, admonition ...) converts again, so `into=MARKDOWN`
(the default) also writes every character that Markdown or an extension could read as syntax
(`{` `}` `[` `*` `_` `#` ...) as a numeric character reference, and the first character too
where it could start a block (`- `, `1. `, `: `). Such a reference is text to Markdown and the
same character to a browser; restore_punctuation() turns them back into characters once a page
is converted, so checks that read the page's HTML (unconfirmed values) see the plain text.

Templates cannot bypass this: data/templates.py's environments autoescape and send every
printed value that is not Markup through safe_html(value) (TEXT); only this module makes Markup
from data."""
import html
import re
from html.parser import HTMLParser

import markdown
import nh3
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor
from markupsafe import Markup

from .html_text import pieces

TEXT, MARKDOWN, HTML, URL = "text", "markdown", "html", "url"
INTO_MARKDOWN, INTO_HTML = "markdown", "html"

# Characters Markdown or an extension reads anywhere in a line, as references.
_SYNTAX = "\\`*_[]{}|~!#^"
_CONTROLS = [c for c in range(32) if chr(c) not in "\t\n\r"] + [127]
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"}
_FOR_MARKDOWN = str.maketrans(_ESCAPES | {ord(c): f"&#{ord(c)};" for c in _SYNTAX + "\n\r"}
                              | {c: "\ufffd" for c in _CONTROLS})
_FOR_LOCATOR = _FOR_MARKDOWN | {ord(c): f"&#{ord(c)};" for c in ";@"}   # no "; @": one citation item
_FOR_HTML = str.maketrans(_ESCAPES | {c: "\ufffd" for c in _CONTROLS})
# Block syntax at the start of a line: list items, definitions, details, indented code.
_BLOCK_START = re.compile(r"\d+(?=[.)])|[ \t+\-:=?]")
_RESTORED = re.compile("&#(" + "|".join(str(ord(c)) for c in _SYNTAX + " \t+-:=?.)") + ");")

# The sanitizer's allowlist: what restricted Markdown and the reference formatters write.
TAGS = {"a", "abbr", "b", "blockquote", "br", "cite", "code", "em", "i", "li", "ol", "p", "q", "small",
        "span", "strong", "sub", "sup", "ul"}
# A link to a source's address is a Robust Link (data/robust_links.py): it keeps its three data- attributes.
ATTRIBUTES = {"a": {"href", "title", "class", "rel", "data-originalurl", "data-versiondate", "data-versionurl"},
              "abbr": {"title"}, "span": {"class", "title"},
              "small": {"class"}, "i": {"class"}}
SCHEMES = {"http", "https", "mailto"}
_URL = re.compile(r"(?:(?:https?|mailto):|(?![A-Za-z][A-Za-z0-9+.-]*:))[A-Za-z0-9._~:/?#@!$*+,;=%-]*")

# The citation grammar (mkdocs-bibtex's), read here and by markdown/citations.py: one definition.
CITATION = re.compile(r"\[(?P<body>[^\[\]]*@[^\[\]]*)\](?!\()")
CITATION_KEY = re.compile(r"[A-Za-z0-9_:.-]+")   # mkdocs-bibtex's key characters: wider than schema.KEY
CITATION_ITEM = re.compile(rf"^\s*@(?P<key>{CITATION_KEY.pattern})\s*(?:,\s*(?P<locator>.+?))?\s*$")
# Items of a group split before each @key: a locator may hold ";" (the door writes it "&#59;").
CITATION_ITEMS = re.compile(r";(?=\s*@)")


class UnsafeValue(ValueError):
    """A value of a kind that cannot be made safe (e.g. a javascript: URL): the caller names the field."""


def safe_html(value, kind=TEXT, into=INTO_MARKDOWN) -> Markup:
    """The value as Markup that shows it and nothing more (see the module's docstring)."""
    if kind == URL:
        text = str(value)
        if not _URL.fullmatch(text):
            raise UnsafeValue(f"{text!r} is not an http(s), mailto or relative address without quotes, "
                              "spaces, parentheses, braces or angle brackets")
        return Markup(text)
    if kind == TEXT:
        return Markup(_text(str(value), into, first=True))
    if kind == MARKDOWN:
        return _markdown(str(value), into)
    if kind == HTML:
        return _html(str(value), into)
    raise ValueError(f"unknown kind of text {kind!r}")


# Build speed: the same reference, label or definition passes the door on many pages (a
# reference list, the bibliography, a glossary page's related entries) and again on every
# `mkdocs serve` rebuild. The conversions are pure (the output is a function of the text and
# `into` alone: no state survives a call; _MD is reset before each), so they are memoised,
# keyed on the text itself: a changed field is a new key, never a stale page.
CONVERSIONS = 32768   # above the 26,500 texts a build of 200 pages x 5,000 entries x 500 terms converts


class _Memo:
    """text -> its conversion, one table per `into`; emptied when full, so `mkdocs serve`'s
    memory stays flat. A conversion equal to its text (formatted references: 19,089 of 19,152
    at 200 x 5,000 x 500) is kept as None, the text, which the caller holds anyway, its only
    copy: the tables weigh 2.4 MB there, against 9.7 MB for a memo of copies."""

    def __init__(self, convert):
        self.convert, self.tables = convert, {}

    def __call__(self, text, into) -> Markup:
        table = self.tables.setdefault(into, {})
        out = table.get(text, self)
        if out is self:
            if len(table) >= CONVERSIONS:
                table.clear()
            out = self.convert(text, into)
            table[text] = None if out == text else out
        return Markup(text) if out is None else out


def _converted_html(text, into) -> Markup:
    return Markup(_reserialize(_clean(text), into, {}))


_html = _Memo(_converted_html)


def citation(cites) -> Markup:
    """[@a; @b, para. 3]: citation syntax for (key, locator) pairs, read by markdown/citations.py.
    Keys are refs.bib keys (checked where they are read); a locator is text, written so that
    nothing in it is Markdown (citations.py unescapes it before escaping it for the page)."""
    parts = []
    for key, locator in cites:
        if not CITATION_KEY.fullmatch(key):
            raise UnsafeValue(f"{key!r} is not a citation key")
        if locator:
            locator = str(locator).translate(_FOR_LOCATOR)
        parts.append(f"@{key}" + (f", {locator}" if locator else ""))
    return Markup("[" + "; ".join(parts) + "]")


def citations_in(text: str) -> list[tuple[str, str | None]]:
    """(key, locator) of every citation a Markdown field shows as one: what the door keeps as
    citation syntax (not in code, not in a link's text), so the model and the page agree."""
    out = []
    if not CITATION.search(text):   # most fields: no conversion needed to know
        return out
    for m in CITATION.finditer(str(safe_html(text, MARKDOWN))):
        for item in CITATION_ITEMS.split(m["body"]):
            i = CITATION_ITEM.match(item)
            out.append((i["key"], i["locator"] and html.unescape(i["locator"])))
    return out


def restore_punctuation(page_html: str) -> str:
    """After a page's Markdown is converted: the references written for Markdown's sake become
    the characters again (none of them is markup in HTML)."""
    return _RESTORED.sub(lambda m: chr(int(m[1])), page_html)


# ------------------------------------------------------------------ text

def _text(text, into, first=False):
    out = text.translate(_FOR_MARKDOWN if into == INTO_MARKDOWN else _FOR_HTML)
    if first and into == INTO_MARKDOWN:
        m = _BLOCK_START.match(out)
        if m:   # "1." -> "1&#46;", "- " -> "&#45; ": a paragraph, not a list item
            at = m.end() if m[0].isdigit() else 0
            out = out[:at] + f"&#{ord(out[at])};" + out[at + 1:]
    return out


# ------------------------------------------------------------------ Markdown by design

class _Link(LinkInlineProcessor):
    """[text](address): a link only to an http(s), mailto or relative address; any other stays
    text as written, so a reader sees what was refused (the sanitizer would keep "text" only)."""

    def handleMatch(self, m, data):
        element, start, end = super().handleMatch(m, data)
        if element is not None and not _URL.fullmatch(element.get("href", "")):
            return None, None, None
        return element, start, end


class _Restricted(markdown.Markdown):
    """Python-Markdown with no extensions and without the syntax that could write HTML of its own."""

    def __init__(self):
        super().__init__(extensions=[], output_format="html")
        self.preprocessors.deregister("html_block")          # raw HTML blocks: text instead
        for name in ("html", "reference", "short_reference", "image_link", "image_reference",
                     "short_image_ref"):
            self.inlinePatterns.deregister(name)             # raw inline HTML, reference links, images
        self.inlinePatterns.register(_Link(LINK_RE, self), "link", 160)
        self.parser.blockprocessors.deregister("reference")  # [id]: url definitions


_MD = _Restricted()
# Text with nothing Markdown could read as syntax (most annotes and facts): one line of words
# starting with a letter, single spaces, none of the characters a construct starts with (syntax,
# "&" of a character reference, "<" of an autolink). The restricted Markdown makes it one
# paragraph of the same text, so it is written as TEXT is (tests/test_safe_html.py: byte-identical).
_NOT_PLAIN = r"\\`*_\[\]{}|~!#^<>&\s\x00-\x1f\x7f"
_PLAIN = re.compile(rf"[^\W\d_][^{_NOT_PLAIN}]*(?: [^{_NOT_PLAIN}]+)*")


def _markdown(text, into) -> Markup:
    if _PLAIN.fullmatch(text):
        return Markup(_text(text, into, first=True))
    return _restricted_markdown(text, into)


def _converted_markdown(text, into) -> Markup:
    # Citations become tokens the conversion leaves alone, then citation syntax again.
    nonce = 0
    while f"edcite{nonce}x" in text:
        nonce += 1
    cites = {}

    def token(m):
        items = [CITATION_ITEM.match(part) for part in CITATION_ITEMS.split(m["body"])]
        if not all(items):
            return m[0]
        name = f"edcite{nonce}x{len(cites)}y"
        cites[name] = ([(i["key"], i["locator"]) for i in items], m[0])
        return name
    text = CITATION.sub(token, text.translate({c: "\ufffd" for c in _CONTROLS}))
    _MD.reset()
    converted = _clean(_MD.convert(text))
    paragraphs = _paragraphs(converted)
    if paragraphs:   # paragraphs only: inline, as the templates place a field (in a <p>, <dd>, <li>)
        converted = "<br>".join(paragraphs)
    return Markup(_reserialize(converted, into, cites))


_restricted_markdown = _Memo(_converted_markdown)


def _paragraphs(fragment: str):
    """The inside of each paragraph if `fragment` is paragraphs only (<p>...</p>, whitespace
    between), else None; read by html.parser (data/html_text.py)."""
    inside, start = [], None
    for piece in pieces(fragment):
        is_p = piece.tag is not None and piece.tag.name == "p"
        if start is None:
            if is_p and not piece.tag.closing:
                start = piece.end
            elif piece.kind != "text" or fragment[piece.start:piece.end].strip():
                return None
        elif is_p and piece.tag.closing:
            inside.append(fragment[start:piece.start])
            start = None
        elif is_p or piece.kind != "text" and piece.tag is None:
            return None   # a paragraph in a paragraph, or a comment
    return inside if inside and start is None else None


def _clean(fragment: str) -> str:
    return nh3.clean(fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None,
                     strip_comments=True, clean_content_tags={"script", "style"})


class _Writer(HTMLParser):
    """Writes sanitized HTML again: tags as they are (attribute values escaped), text through
    _text(), citation tokens as citation syntax outside links and code and as text inside."""
    VOID = {"br"}

    def __init__(self, into, cites):
        super().__init__(convert_charrefs=True)
        self.into, self.cites, self.out, self.inside = into, cites, [], []
        self.first = True

    def handle_starttag(self, tag, attrs):
        values = "".join(f' {k}="{_text(self._cites_as_written(v or ""), self.into)}"' for k, v in attrs)
        self.out.append(f"<{tag}{values}>")
        if tag not in self.VOID:
            self.inside.append(tag)
        self.first = False

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def _cites_as_written(self, value):
        """In an attribute (a link's title) a citation is the text it was written as."""
        return re.sub(r"edcite\d+x\d+y", lambda m: self.cites[m[0]][1] if m[0] in self.cites else m[0], value)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.inside and self.inside.pop() != tag:
            pass
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        live = not set(self.inside) & {"a", "code"}
        pieces = re.split(r"(edcite\d+x\d+y)", data) if self.cites else [data]
        for n, piece in enumerate(pieces):
            if n % 2 and piece in self.cites:
                items, written = self.cites[piece]
                self.out.append(citation(items) if live and self.into == INTO_MARKDOWN
                                else _text(written, self.into))
            elif piece:
                self.out.append(_text(piece, self.into, first=self.first))
            self.first = False


def _reserialize(fragment, into, cites) -> str:
    writer = _Writer(into, cites)
    writer.feed(fragment)
    writer.close()
    return "".join(writer.out)
