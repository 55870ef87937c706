"""Unconfirmed details: what no stored copy of a source confirmed, read as items, and the values
the site must flag wherever it shows them (features/unconfirmed_flags.py shows and checks them).

refs.bib's `unconfirmed` field is the one source of these details (data/unconfirmed_field.py reads it):

    unconfirmed = {ITEM; ITEM; ...}        ITEM = WHAT ["VALUE"] [(WHY)]

WHAT is one lower-case word or hyphenated word. If the entry has that field (author, title,
url, number, ...; `date` = the entry shows a month or day), the entry shows the value
unconfirmed and its reference says so: "[unconfirmed: date]". Any other word names a detail
the entry leaves out (byline, symbol, wording). "VALUE" is a string readers meet on the site
that no copy confirmed (a symbol, a name, an address); (WHY) is the reason, in plain words,
and may hold semicolons inside its parentheses.

The seed's meta.yml adds only what refs.bib cannot say, about the text as a whole, as
records {what, why[, value]}; what is unconfirmed about the article's own sources (its date,
the original's address) is read from the refs.bib entries its bib_key fields name, and the
dates and addresses meta.yml repeats must agree with those entries (check_meta).

A flagged value is every explicit VALUE (a name also inverted: "Basit, Abdul"), the
day-precision spellings of an entry's date when its date is unconfirmed, and an unconfirmed url
the entry still shows. Pages show each occurrence as "VALUE [unconfirmed]": references when
they are formatted (flag_references), pages as they convert (markdown/unconfirmed_flags.py), HTML
read by html.parser (Matcher.flag, data/html_text.py); metadata that cannot carry a flag leaves
the value out (asserted); the build fails where one appears without the flag (a written page
read with lxml: Matcher.unflagged_html; a download: Matcher.unflagged).
No MkDocs here: features/unconfirmed_flags.py does the events and the files."""
import bisect
import hashlib
import json
import re
from itertools import accumulate
from dataclasses import dataclass
from functools import cached_property
from html import escape, unescape
from typing import NamedTuple

import lxml.etree
import lxml.html
from markupsafe import Markup

from . import html_text
from .dates import MONTH_NAMES, day_date
from .errors import DataError
from .punctuation import typographic_quotes
from .safe_html import INTO_HTML
from .templates import templates
from .unconfirmed_field import BIB_NAME, Item, items

DATE_FIELDS = ("date", "month", "day")
PERSON_FIELDS = ("author", "editor")   # a name's VALUE is also flagged inverted, as references and tags write it
HTML = templates(INTO_HTML)


class Flag(NamedTuple):
    value: str             # flagged wherever it appears
    why: str               # shown in the flag's tooltip
    source: str            # where the flag comes from, e.g. "refs.bib:70 (entry 'un-mt-1988-2023-14th', number)"
    key: str | None = None   # the refs.bib entry, if the flag comes from one
    what: str = ""           # the item's WHAT


class Sourced(NamedTuple):
    item: Item
    source: str            # e.g. "taliban-plan-to-rebuild-al-qaeda.meta.yml:31"


# ------------------------------------------------------------------ reading items

def has_field(ref, what) -> bool:
    if what == "date":
        return "month" in ref.fields or "day" in ref.fields
    return what in ref.fields or what in ref.persons


def shown(ref) -> tuple[Item, ...]:
    """The items about values the entry shows (a field it has): its reference says so."""
    return tuple(i for i in items(ref) if has_field(ref, i.what))


def meta_items(article) -> tuple[Sourced, ...]:
    """The seed's own items (meta.yml `unconfirmed:`), records {what, why[, value]} as the seed
    loader validated them (data/seed.py: Article.unconfirmed, with their lines)."""
    name = article.meta_path.name
    return tuple(Sourced(Item(u.what, u.value, " ".join(u.why.split())), f"{name}:{line}")
                 for u, line in article.unconfirmed)


def check_meta(article, refs):
    """meta.yml repeats some dates and addresses of the entries it names; refs.bib is their one
    source (and the source of their flags), so a copy that differs, or an address refs.bib does
    not give, is an error naming meta.yml's line. `article` is the seed loader's (data/seed.py)."""
    meta, meta_path = article.meta, article.meta_path
    republished = meta.get("republications") or []
    sections = [("this_text",), ("original",)] + [("republications", n) for n in range(len(republished))]
    for loc in sections:
        section, name = meta, ".".join(map(str, loc))
        for part in loc:
            section = section[part]
        key = section.get("bib_key")
        if key not in refs:
            raise DataError(meta_path, f"{name}.bib_key {key!r} is not in refs.bib",
                            "name the refs.bib entry of this text", line=article.meta_line(loc + ("bib_key",)))
        ref = refs[key]
        if section.get("url") is not None and section["url"] != ref.url:
            flagged = any(i.value == section["url"] for i in items(ref))
            has = ref.url or ("none: refs.bib flags this address unconfirmed" if flagged else "none")
            raise DataError(meta_path, f"{name}.url {section['url']} is not the url of refs.bib entry '{key}' ({has})",
                            "delete it here: refs.bib is the one source of the address and of whether it is confirmed",
                            line=article.meta_line(loc + ("url",)))
        date = section.get("date")
        if date is not None and _iso(ref) != date.isoformat():
            raise DataError(meta_path, f"{name}.date {date} is not the date of refs.bib entry '{key}' "
                            f"({_iso(ref) or 'no full date'})", "make the two agree: refs.bib is the source of the "
                            "date and of whether it is confirmed", line=article.meta_line(loc + ("date",)))


# ------------------------------------------------------------------ flagged values

def _iso(ref):
    date = day_date(ref.csl)
    return date.isoformat() if date else None


def date_spellings(ref) -> list:
    """The day-precision spellings of an entry's date: 1 December 2023, December 1, 2023, 2023-12-01."""
    date = day_date(ref.csl)
    if not date:
        return []
    month = MONTH_NAMES[date.month - 1]
    return [f"{date.day} {month} {date.year}", f"{month} {date.day}, {date.year}", date.isoformat()]


def flagged_values(refs: dict, meta: tuple = ()) -> list[Flag]:
    """Every value to flag: explicit VALUEs of refs.bib items; the day-precision spellings of a
    date an entry shows unconfirmed; an unconfirmed url the entry still shows; and the values
    of the seed's own items (`meta`, from meta_items). An item without a value is listed only."""
    flags = []
    for ref in refs.values():
        where = f"{BIB_NAME}:{ref.line} (entry '{ref.key}'"
        for item in items(ref):
            source = f"{where}, {item.what})"
            found = [item.value] if item.value else []
            if item.what in PERSON_FIELDS and item.value and " " in item.value:   # "Abdul Basit": "Basit, Abdul" too
                given, family = item.value.rsplit(" ", 1)
                found.append(f"{family}, {given}")
            if item.what in DATE_FIELDS and has_field(ref, item.what):
                found += date_spellings(ref)
            if item.what == "url" and ref.url and ref.url != item.value:
                found.append(ref.url)
            flags += [Flag(v, item.why, source, ref.key, item.what) for v in found]
    flags += [Flag(s.item.value, s.item.why, s.source, None, s.item.what) for s in meta if s.item.value]
    return flags


def values(flags) -> frozenset:
    return frozenset(f.value for f in flags)


def asserted(data, unconfirmed: frozenset):
    """Metadata without flagged values (a <meta> tag or JSON-LD cannot show a flag): every
    string equal to one is left out, with its key; lists and mappings are walked."""
    if isinstance(data, dict):
        return {k: asserted(v, unconfirmed) for k, v in data.items()
                if not (isinstance(v, str) and v in unconfirmed)}
    if isinstance(data, list):
        return [asserted(v, unconfirmed) for v in data if not (isinstance(v, str) and v in unconfirmed)]
    return data


# ------------------------------------------------------------------ references

def flag_references(refs: dict, html: dict) -> dict:
    """key -> each formatted reference (`html`, data/bib.py) saying which values it shows
    unconfirmed: "… [unconfirmed: date; title]", with the flagged values flagged in its own text,
    so every place a reference appears (bibliography, notes, previews, "Cite this page") says it.
    Reading the items here also checks every entry's `unconfirmed` field when refs.bib is loaded."""
    flags = flagged_values(refs)
    matcher = Matcher.of(flags) if flags else None
    tail = HTML.get_template("unconfirmed-fields.html.j2")
    out = {}
    for key, ref in refs.items():
        whats = list(dict.fromkeys(i.what for i in shown(ref)))
        out[key] = matcher.flag(html[key]) if matcher else html[key]
        if whats:
            out[key] += " " + tail.render(whats=whats, items=[i for i in shown(ref)]).strip()
    return out


# ------------------------------------------------------------------ finding values in text

# Never flagged inside, never checked inside: where the unconfirmed details themselves are
# recorded (see features/unconfirmed_flags.py). Literal elements: data/html_text.py.
EXEMPT_CLASSES = frozenset(("bib-bibtex", "unconfirmed-list", "unconfirmed", "unconfirmed-flag"))
# After a value in text (or in JSON, where a line break is \n): its flag.
FLAGGED_AFTER = re.compile(r"(?:\s|&nbsp;|&#160;|\\n|\\u00a0)*\[unconfirmed", re.I)
_SPACE = r"(?:\s|&nbsp;|&#160;|\\n|\\u00a0)+"


def _variants(value):
    """How a value may be written in HTML, JSON (CSL-JSON, JSON-LD, search index) and plain text,
    with straight quotes or as references print them (curly: data/punctuation.py)."""
    curly = typographic_quotes(value)
    out = {value, curly, escape(value, quote=False), escape(curly, quote=False), escape(value),
           json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1], value.replace("/", "\\/")}
    out.add(json.dumps(value, ensure_ascii=False)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))
    return sorted(out, key=len, reverse=True)


def _pattern(variant):
    """The variant as a regex: whole words only, any run of spaces between them. It starts with
    its first character as a literal (the word-boundary check comes after it): a regex that
    starts with a lookbehind is tried at every position of a page, ~40 times slower."""
    body = _SPACE.join(re.escape(w) for w in variant.split())
    first = re.escape(variant[0])
    before = r"(?<![\w/].)" if re.match(r"\w", variant) else ""
    after = r"(?![\w/-])" if re.search(r"[\w/]$", variant) else ""
    return first + before + body[len(first):] + after


def _any_of(variants) -> str:
    """A regex that finds each variant wherever its _pattern does, lookarounds aside (so more
    often, never less), written as a trie: each shared beginning once. Python's re tries the
    branches of a plain alternation one by one at every position where one could start (every
    "h" of a page, for the addresses): ~3 times slower over a page that holds no value."""
    trie = {}
    for variant in variants:   # written forms: words with one space between them (Matcher.of)
        node = trie
        for char in variant:
            node = node.setdefault(char, {})
        node[None] = {}   # a variant ends here

    def branches(node):
        alternatives = []
        for char, child in node.items():
            if char is None:
                continue
            chars = [char]
            while len(child) == 1 and None not in child:   # one way on: no group, no recursion
                ((char, child),) = child.items()
                chars.append(char)
            alternatives.append("".join(_SPACE if c == " " else re.escape(c) for c in chars) + branches(child))
        if not alternatives:
            return ""
        group = alternatives[0] if len(alternatives) == 1 and None not in node else \
            "(?:" + "|".join(alternatives) + ")"
        return group + ("?" if None in node else "")
    return branches(trie)


# lxml.etree's, not lxml.html's: its element proxies come without a Python class lookup each
_PARSER = lxml.etree.HTMLParser(encoding="utf-8")
# What the flag's template writes after a value: a value followed by it is flagged already.
_FLAG_AFTER_VALUE = HTML.get_template("unconfirmed-value.html.j2").render(
    words=Markup("\0"), why="").strip().split("\0")[1]


class FlaggedReference(str):
    """A formatted reference's HTML as a page stashes it (markdown/citations.py): flag_references
    flagged refs.bib's values in it when it was formatted, so the page flagger need not read it
    again unless the page flags values from elsewhere (Matcher.refs_alone)."""


class FlaggedBlocks:
    """Blocks of raw HTML a page generator wrote with every value they show as prose flagged,
    their exempt places (a BibTeX record) left as they are: the bibliography's groups of entries
    (pages/bibliography_page.py). The page flagger does not read them again, as it does not a
    FlaggedReference: the BibTeX's unflagged values would fail Matcher.flag's quick test and
    have the whole block parsed. Known by digest, so the pages' text is not kept for this."""

    def __init__(self):
        self._digests = {}   # length -> digests: most HTML asked about has no length recorded

    @staticmethod
    def _digest(html):
        return hashlib.blake2b(html.encode("utf-8", "surrogatepass")).digest()

    def add(self, html: str) -> str:
        """`html`, recorded as flagged by its generator."""
        stripped = html.strip()   # Markdown stashes a raw block with the line break after it or without
        self._digests.setdefault(len(stripped), set()).add(self._digest(stripped))
        return html

    def __contains__(self, html: str) -> bool:
        stripped = html.strip()
        digests = self._digests.get(len(stripped))
        return digests is not None and self._digest(stripped) in digests


def template_flag(matcher):
    """A template's `flag`: a part of its own output (Markup: its HTML and the door's) with each
    value it shows as prose flagged, as the page flagger would flag it (the bibliography's entries,
    their exempt places apart: templates/bibliography-entries.md.j2)."""
    return lambda html: Markup(matcher.flag(str(html))) if matcher else html


@dataclass(frozen=True)
class Matcher:
    """One regex over every spelling of every flagged value; the flags behind each value."""
    regex: re.Pattern
    by_value: dict        # value -> [Flag]
    by_variant: dict      # written form -> value

    @classmethod
    def of(cls, flags):
        by_value, by_variant = {}, {}
        for f in flags:
            by_value.setdefault(f.value, []).append(f)
            for v in _variants(f.value):
                by_variant.setdefault(re.sub(_SPACE, " ", v), f.value)
        ordered = sorted(by_variant, key=len, reverse=True)
        return cls(re.compile("|".join(_pattern(v) for v in ordered)), by_value, by_variant)

    @cached_property
    def _quick(self) -> re.Pattern:
        return re.compile(_any_of(self.by_variant))

    def holds(self, text: str) -> bool:
        """Whether the text holds a flagged value."""
        return self._first(text) is not None

    def _first(self, text: str):
        """The regex's first match in the text, or None (most texts asked: no generator made)."""
        may = self._quick.search(text)
        return may and next(self._matches(text, may.start()), None)

    def _matches(self, text: str, at: int = 0):
        """The regex's matches in the text from `at`, as its finditer finds them: the trie
        (_any_of) finds each place one may start, and the regex is asked only there (its lookbehind
        still sees what is before): Python's re would try every branch of the regex at every position."""
        while may := self._quick.search(text, at):
            m = self.regex.match(text, may.start())
            if m:
                yield m
            at = max(m.end(), may.start() + 1) if m else may.start() + 1   # never in place: no hang

    @cached_property
    def refs_alone(self) -> bool:
        """Whether every value flagged is a refs.bib entry's, as flag_references flagged it (the
        seed's meta.yml may add its own)."""
        return all(any(f.key is not None for f in flags) for flags in self.by_value.values())

    def value_of(self, written):
        spaced = re.sub(_SPACE, " ", written)
        return self.by_variant.get(spaced) or self.by_variant.get(unescape(spaced), written)

    def why(self, value):
        return "; ".join(dict.fromkeys(f.why for f in self.by_value.get(value, ()) if f.why)) or \
            "no copy of the source confirmed it"

    def flag(self, html: str) -> str:
        """Each flagged value in the text of an HTML fragment becomes
        <span class="unconfirmed" title="Unconfirmed: WHY">VALUE <small>[unconfirmed]</small></span>;
        tags, attributes, literal text (code, pre, script) and the exempt places are left as written."""
        # holds() first: most fragments (a bibliography entry, a formatted reference) hold no value,
        # which the trie tells ~5 times faster than the regex's scan of the whole text.
        if not self.holds(html) or all(html.startswith(_FLAG_AFTER_VALUE, m.end()) for m in self.regex.finditer(html)):
            return html   # nothing, or only values flagged already (a formatted reference's): nothing to parse
        template = HTML.get_template("unconfirmed-value.html.j2")
        return html_text.replace_text(html, lambda text: self.regex.sub(lambda m: template.render(
            words=Markup(m.group(0)), why=self.why(self.value_of(m.group(0)))).strip(), text), EXEMPT_CLASSES)

    def unflagged(self, text: str):
        """(offset, written form) of each value in a text file (BibTeX, RIS, JSON...) that is not
        followed by "[unconfirmed]"."""
        return [(m.start(), m.group(0)) for m in self._matches(text) if not FLAGGED_AFTER.match(text, m.end())]

    def unflagged_html(self, page: str):
        """(line, written form, where, excerpt) of each value in an HTML page, read with lxml, that
        is neither followed by "[unconfirmed]" in the text nor inside an exempt place. `where` is
        "text", "text that cannot be flagged (code, pre, a title)", "a <script> or <style>",
        "a comment" or "attribute NAME"; a link's address counts as flagged when its text is.
        The page's text is read as one string (tags are invisible in it) and searched once; only
        where a value is found unflagged are its elements asked where it stands. A page is parsed
        only if its HTML with character references read (&#39; &#32; &amp;, as the parser reads
        them) holds a value: a value split by markup (`1 <b>December</b> 2023`) on a page holding
        no other is not found (nor flagged: the page flagger reads a text node at a time)."""
        if not self.holds(unescape(page)):
            return []
        root = lxml.html.document_fromstring(page.encode("utf-8"), parser=_PARSER)   # bytes: an XML declaration is allowed
        texts = list(root.itertext())   # each text node's text, in document order: //text()'s, as plain strings
        unflagged, text, starts = self._unflagged_text(texts)
        found = []
        if unflagged:   # the nodes themselves (each knows its element), only now
            nodes = root.xpath("//text()")
            if nodes != texts:   # not expected (itertext walks the same nodes); if so, the nodes are what counts
                unflagged, text, starts = self._unflagged_text(nodes)
        for at, written in unflagged:
            node = nodes[bisect.bisect_right(starts, at) - 1]
            element = node.getparent()
            if node.is_tail and element.getparent() is not None:   # a tail is its element's parent's text
                element = element.getparent()
            literal, exempt = _place(element)
            if exempt:
                continue
            where = "text"
            if element.tag in ("script", "style"):
                where = "a <script> or <style>"
            elif literal:
                where = "text that cannot be flagged (code, pre, a title)"
            found.append((element.sourceline, written, where,
                          " ".join(text[max(0, at - 60):at + len(written) + 40].split())))
        for element in root.iter(lxml.etree.Element):   # every attribute, in document order (as //@*)
            for name, value in element.items():
                m = self._first(value)
                if m and not _place(element)[1] and not (name == "href" and element.tag == "a"
                                                         and "[unconfirmed" in "".join(element.itertext())):
                    found.append((element.sourceline, m.group(0), f"attribute {name}", f"{name}={value!r}"))
        for comment in root.xpath("//comment()"):   # in the page, never flagged
            m = self._first(comment.text or "")
            if m and not _place(comment.getparent())[1]:
                found.append((comment.sourceline, m.group(0), "a comment", " ".join(comment.text.split())[:100]))
        return sorted(found, key=lambda f: f[0] or 0)

    def _unflagged_text(self, texts: list) -> tuple:
        """([(offset, written form)] of each value in the text nodes `texts` read as one string
        that "[unconfirmed]" does not follow, in order; that string; each node's offset in it).
        Some values are split by markup; a value right after a word of the node before
        (<th>Date</th><td>1 December 2023) is found in its node alone."""
        starts = list(accumulate((len(t) for t in texts[:-1]), initial=0))
        text = "".join(texts)
        values = {m.start(): m.group(0) for m in self._matches(text)}
        for start, node in zip(starts, texts):
            if may := self._quick.search(node):   # most nodes: none
                for m in self._matches(node, may.start()):
                    values.setdefault(start + m.start(), m.group(0))
        unflagged = [(at, written) for at, written in sorted(values.items())
                     if not FLAGGED_AFTER.match(text, at + len(written))]
        return unflagged, text, starts


def _place(element):
    """(literal, exempt) for text directly inside `element`: in a literal element or an exempt place."""
    literal = exempt = False
    for e in (element, *element.iterancestors()):
        exempt = exempt or not EXEMPT_CLASSES.isdisjoint((e.get("class") or "").split())
        literal = literal or e.tag in html_text.LITERAL
    return literal or exempt, exempt
