"""The reference list as the CSL style orders and prints it, where citeproc-py 0.11 does not:

- order: the style's bibliography <sort> keys (rendered by citeproc-py), compared letter by
  letter as Chicago alphabetizes (case, accents, spaces and punctuation ignored; a leading
  "The", "A" or "An" ignored), empty keys last as CSL says. citeproc-py compares raw strings,
  so "U.S. Department" came before "United Nations" and "The Asia Live" fell under T.
- name particles: "al-Zawahiri" is given to citeproc-py as family "Zawahiri" with the
  non-dropping particle "al-", so the style's demote-non-dropping-particle applies
  ("Zawahiri, Ayman al-", sorted under Z) as pandoc's citeproc does with the same CSL-JSON.
- subsequent-author-substitute: "———" for the names of an entry whose names equal the
  previous entry's (rule complete-all, the CSL default), on the bibliography page only.
data/bib.py formats with these; tests/test_pandoc_citeproc.py checks the result against
pandoc's citeproc."""
import re
import unicodedata
from functools import cmp_to_key

from .punctuation import typographic_quotes

_NAME_ROLES = ("author", "editor", "translator", "director")   # the style's cs:names variables
_NOT_TEXT = {"id", "URL", "DOI", "type", "issued"}
# A family name's leading lowercase particle ("al-", "van ", "de la "), as CSL-JSON parsers split it.
_PARTICLE = re.compile(r"^((?:[a-z]+(?:-|[’'](?=\w)| ))+)(?=[A-ZÀ-ÞĀ-ſ])")
_ARTICLE = re.compile(r"^(?:the|an?)\s+", re.I)
_TAG = re.compile(r"<[^>]*>")
# What is not a letter or digit: in Python's re, [^\W_] is exactly str.isalnum.
_NOT_ALNUM = re.compile(r"[\W_]+")


def citeproc_item(csl: dict) -> dict:
    """The CSL-JSON item as citeproc-py is given it: typographic quotes in text fields (not in
    addresses) and name particles split off. refs.bib and Reference.csl stay as written."""
    item = {}
    for field, value in csl.items():
        if field in _NAME_ROLES:
            value = [_name(n) for n in value]
        elif isinstance(value, str) and field not in _NOT_TEXT:
            value = typographic_quotes(value)
        item[field] = value
    return item


def _name(name: dict) -> dict:
    name = {k: typographic_quotes(v) if isinstance(v, str) else v for k, v in name.items()}
    particle = _PARTICLE.match(name.get("family", ""))
    if particle and "non-dropping-particle" not in name:
        name["non-dropping-particle"] = particle.group(1).rstrip(" ")
        name["family"] = name["family"][particle.end():]
    return name


def join_particles(label: str, csl: dict) -> str:
    """citeproc-py writes a particle that ends in a hyphen or apostrophe with a space after it
    in the short form ("al- Zawahiri 2013"): joined again, as the name is written."""
    for role in _NAME_ROLES:
        for name in csl.get(role, []):
            particle = _PARTICLE.match(name.get("family", ""))
            if particle and particle.group(1)[-1] in "-’'":
                label = label.replace(particle.group(1) + " ", particle.group(1))
    return label


def reference_order(style, bib) -> list:
    """The keys of citeproc-py bibliography `bib` in the order of the style's <sort> keys;
    entries equal in every key keep their refs.bib order."""
    sort = style.root.bibliography.find("cs:sort", style.root.nsmap)
    if sort is None:
        return list(bib.keys)
    layout = style.root.bibliography.layout
    columns = [([_collate(v) for v in key.sort_keys(bib.items, layout)], key.get("sort") == "descending")
               for key in sort.findall("cs:key", style.root.nsmap)]

    def compare(i, j):
        for values, descending in columns:
            a, b = values[i], values[j]
            if a == b:
                continue
            if a is None or b is None:   # an empty key sorts last, ascending or descending
                return 1 if a is None else -1
            return (1 if a > b else -1) * (-1 if descending else 1)
        return 0
    return [bib.keys[i] for i in sorted(range(len(bib.keys)), key=cmp_to_key(compare))]


def _collate(value):
    """A sort key as Chicago alphabetizes, letter by letter: only letters and digits count,
    without case or accents; the whole lowercased text breaks ties. None when empty."""
    if value is None or value == "":
        return None
    text = _ARTICLE.sub("", _TAG.sub("", str(value)).strip())
    plain = text if text.isascii() else \
        "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return (_NOT_ALNUM.sub("", plain.casefold()), text.casefold())


def date_match(html: str, date: str):
    """Where the reference's date ("2023", "2023a", "n.d.", "n.d.-a") follows its names: after
    ". " (or at the start, when nothing precedes it), never a year inside a name."""
    return re.search(r"(?:^|(?<=\. ))" + re.escape(date) + r"(?=[. ]|$)", html)


def substitute_authors(refs, style) -> dict:
    """key -> reference HTML for one reference list, in its order: where the style sets
    subsequent-author-substitute, an entry whose names are those of the entry before it shows
    the substitute in their place. Only names count, not a title standing in for them."""
    options = style.root.bibliography
    substitute = options.get("subsequent-author-substitute")
    rule = options.get("subsequent-author-substitute-rule", "complete-all")
    if substitute is not None and rule != "complete-all":
        raise ValueError(f"subsequent-author-substitute-rule '{rule}' is not supported (only complete-all)")
    shown, previous = {}, None
    for ref in refs:
        names = names_part(ref)
        if substitute is not None and names is not None and names == previous:
            shown[ref.key] = substitute + ref.html[len(names):]
        else:
            shown[ref.key] = ref.html
        previous = names
    return shown


def names_part(ref):
    """The names that begin the reference's HTML (as far as its date), or None if it has none."""
    if not any(ref.csl.get(role) for role in _NAME_ROLES):
        return None
    date = re.search(r"(n\.d\.(?:-[a-z])?|\d{4}[a-z]?)$", ref.label)
    found = date and date_match(ref.html, date.group(1))
    return ref.html[:found.start() - 2] if found and found.start() >= 2 else None
