"""refs.bib read: parsed and validated once into Reference values, nothing formatted.

Every writer-facing problem is a DataError naming refs.bib, the line and the key: the file is
read as data/inputs.py reads every input, each entry's key is checked whatever its delimiters
(@misc{...} or @misc(...)), and may not be an id the pages already use (RESERVED_IDS), each
field's characters and length are checked (data/characters.py, data/limits.py), a date must
be a calendar date, and every address has a seen-date or is listed unconfirmed
(data/robust_links.py). Each entry's CSL-JSON item is made here, from the checked fields.

A file read before, byte for byte, is read back from disk (data/bibread_cache.py: no pybtex
parse). Reading imports only what reading needs (pybtex, and only when the file is parsed; not
citeproc-py, Jinja, Markdown or the unconfirmed-value flagger: tests/test_bibread_imports.py).
data/bib.py formats what this module reads (citeproc-py) and data/unconfirmed.py flags it."""
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from sys import intern

from . import bibread_cache, characters, inputs, limits, robust_links
from .dates import MONTH_NAMES
from .errors import DataError
from .schema import KEY
from .unconfirmed_field import items as unconfirmed_items

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


# slots: one per entry, thousands of them; no per-instance __dict__ (and no attribute added later)
@dataclass(frozen=True, slots=True)
class Reference:
    key: str
    type: str
    kind: str
    line: int
    fields: dict          # every BibTeX field as written (LaTeX braces removed)
    persons: dict         # role -> list of "Last, First" strings
    csl: dict             # CSL-JSON item
    html: str             # full reference, Chicago author-date, HTML ("" until data/bib.py formats it)
    label: str            # in-text label, e.g. "Gohel and Jones 2023" (no parentheses; "" until formatted)
    title_cased: tuple    # the title as (text, case kept?) pieces: what refs.bib braces (data/bibexport.py)
    order: int = 0        # place in the reference list: the style's <sort> (data/reflist.py)

    @property
    def annote(self):
        return self.fields.get("annote", "")

    @property
    def unconfirmed(self):
        """The `unconfirmed` field as items (what, value, why): see data/unconfirmed_field.py."""
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


def read_bibliography(path, data: bytes | None = None) -> dict:
    """key -> Reference (html, label and order not yet given: data/bib.py formats them), in
    refs.bib's order; a DataError naming refs.bib:line for anything wrong. data: the file's
    bytes, if the caller has read them (read_bytes)."""
    path = Path(path)
    data = read_bytes(path) if data is None else data
    # The same bytes read before were decoded and checked then: read back, not decoded again.
    read = bibread_cache.kept(path, data, lambda: _read(path, inputs.decode(path, data)))
    robust_links.check(path, read)   # every address has a seen-date or is listed unconfirmed (by today)
    return read


def read_bytes(path) -> bytes:
    """refs.bib's bytes, as reading takes them (a regular file within the size limit)."""
    return inputs.read_bytes(path, limits.BIB_FILE_BYTES)


def _read(path, text) -> dict:
    """read_bibliography's values made from the file's text: parsed (pybtex) and checked."""
    from pybtex.database import parse_string   # here: a cached read (bibread_cache) needs no pybtex
    from pybtex.scanner import PybtexSyntaxError
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
    return {key: _reference(path, key, entry, lines_of.get(key)) for key, entry in data.entries.items()}


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
        from pybtex.richtext import Text   # only when reading the file (see _read)
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
        # Field names and roles interned: one string each, not one per entry.
        fields = {intern(k.lower()): _plain(v, k.lower()) for k, v in entry.fields.items()}
        persons = {intern(role): [_plain(str(p), role) for p in people] for role, people in entry.persons.items()}
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

