"""The whole bibliography for reference managers, published beside refs.bib (which keeps the
editors' own fields, such as `kind`, that standard readers do not know):

- refs.json, CSL-JSON: every entry as the site formats it (data/bib.py, Reference.csl), for
  Zotero, pandoc and citation-js; nothing is lost in a CSL reader.
- refs-biblatex.bib, biblatex: standard entry types and fields, chosen (BIBLATEX below) so that
  pandoc, citation-js and biber read back type, title, author, container, date, URL and
  document number (tests/test_bib_export.py checks each reader).

Unconfirmed details (data/unconfirmed.py) are never given as if confirmed. A field that would
hold a flagged value (a URL, a name, a day-precision date) is left out of both files (a date
keeps its month or year), and the value is carried in the entry's `note`, followed by
"[unconfirmed]"; the title, which no reference can do without, is kept with "[unconfirmed]"
after each flagged value in it. Every entry with `unconfirmed` items gets the note "Not
confirmed: WHAT (WHY); ...", as the bibliography page lists them, so a field that is shown but unconfirmed (a
descriptive title, a date read from an address) is said to be so where it is kept. Every
flagged value in a note is followed by "[unconfirmed]" (hooks/unconfirmed_flags.py checks both
files after the build). The editors' annotations stay in refs.bib and on the bibliography page.
No MkDocs here: hooks/bibliography_page.py publishes the two files."""
import copy
import json
import re
from functools import lru_cache

from pybtex.database import BibliographyData, Entry, Person

from .bib import BibtexWriter
from .dates import MONTH_NAMES
from .unconfirmed import FLAGGED_AFTER, Matcher, flagged_values, items as unconfirmed_items

# CSL item type -> (biblatex type, field for the container, fixed fields). Read back as:
#   @article + entrysubtype  pandoc: article-newspaper/-magazine; citation-js: article-journal, genre
#   @online + organization   both: webpage, organization as publisher (biblatex @online has no container
#                            field; pandoc misreads maintitle, citation-js drops journaltitle there)
#   @report + institution    both: report, institution as publisher, type as genre, number
#   @inreference + booktitle pandoc: entry-encyclopedia; citation-js: entry; booktitle as container
#   @misc + howpublished     pandoc: no type; citation-js: document; howpublished as publisher
BIBLATEX = {
    "article-newspaper": ("article", "journaltitle", {"entrysubtype": "newspaper"}),
    "article-magazine": ("article", "journaltitle", {"entrysubtype": "magazine"}),
    "article-journal": ("article", "journaltitle", {}),
    "article": ("article", "journaltitle", {}),
    "webpage": ("online", "organization", {}),
    "post-weblog": ("online", "organization", {}),
    "post": ("online", "organization", {}),
    "report": ("report", "howpublished", {}),
    "entry-encyclopedia": ("inreference", "booktitle", {}),
    "entry-dictionary": ("inreference", "booktitle", {}),
    "entry": ("inreference", "booktitle", {}),
    "chapter": ("incollection", "booktitle", {}),
    "book": ("book", "maintitle", {}),
}
OTHER = ("misc", "howpublished", {})   # document, legislation, treaty, speech, ...
# CSL variable -> biblatex field, beyond title, names, date, container and publisher.
FIELDS = {"URL": "url", "number": "number", "genre": "type", "volume": "volume", "issue": "issue",
          "page": "pages", "DOI": "doi", "note": "note"}
NAME_ROLES = ("author", "editor")
KEPT = ("title",)   # never left out: flagged in place (a flagged symbol or name may occur in a title)
# Braced whole: case kept as written (pandoc would make titles sentence case) and "and" not read
# as a separator (institution, organization and publisher are name lists in biblatex).
BRACED = {"title", "journaltitle", "booktitle", "maintitle", "organization", "institution",
          "publisher", "howpublished"}
HEADER = ("% refs-biblatex.bib: the edition's bibliography in standard biblatex types and fields, generated\n"
          "% from refs.bib (the editors' source, also published). Details that no copy of a source confirmed\n"
          "% are named in each entry's note; a value flagged as unconfirmed is given only there.\n\n")


def csl_items(refs: dict, flags=None) -> list[dict]:
    """The entries as CSL-JSON items, in refs.bib's order; `flags` (unconfirmed.Flag) default
    to those of refs.bib (the site passes its own, which include meta.yml's)."""
    matcher = _matcher(tuple(flagged_values(refs) if flags is None else flags))
    return [_item(ref, matcher) for ref in refs.values()]


def csl_json(refs: dict, flags=None) -> str:
    return json.dumps(csl_items(refs, flags), ensure_ascii=False, indent=2) + "\n"


def biblatex(refs: dict, flags=None) -> str:
    entries = {item["id"]: _entry(item) for item in csl_items(refs, flags)}
    return HEADER + _Writer().to_string(BibliographyData(entries=entries))


def biblatex_type(csl_type: str) -> str:
    return BIBLATEX.get(csl_type, OTHER)[0]


# ------------------------------------------------------------------ unconfirmed values

@lru_cache(maxsize=4)
def _matcher(flags: tuple):
    return Matcher.of(list(flags)) if flags else None


def _flagged(matcher, text: str) -> bool:
    return bool(matcher and matcher.regex.search(text))


def flag_text(matcher, text: str) -> str:
    """Plain text with "[unconfirmed]" after each flagged value that lacks it."""
    if not matcher:
        return text
    return matcher.regex.sub(lambda m: m.group(0) if FLAGGED_AFTER.match(m.string, m.end())
                             else m.group(0) + " [unconfirmed]", text)


def _item(ref, matcher) -> dict:
    item = copy.deepcopy(ref.csl)
    left_out = []   # (CSL variable, value) of values left out as flagged
    for var, value in list(item.items()):
        if var not in ("id", "type") and isinstance(value, str) and _flagged(matcher, value):
            if var in KEPT:
                item[var] = flag_text(matcher, value)
                continue
            left_out.append((var, value))
            del item[var]
    for role in NAME_ROLES:
        if role in item:
            item[role] = [n for n in (_name(n, matcher, role, left_out) for n in item[role]) if n]
            if not item[role]:
                del item[role]
    if "issued" in item:
        parts = list(item["issued"]["date-parts"][0])
        while parts and any(_flagged(matcher, s) for s in _date_spellings(parts)):
            parts.pop()   # 2023-12-01 flagged: 2023-12 is kept, the day goes to the note
        if parts != item["issued"]["date-parts"][0]:
            left_out.append(("issued", iso_date(item["issued"]["date-parts"][0])))
            if parts:
                item["issued"] = {"date-parts": [parts]}
            else:
                del item["issued"]
    note = _note(ref, matcher, left_out)
    if note:
        item["note"] = note
    return item


def _name(name, matcher, role, left_out):
    """A name whose full form is flagged ("Abdul Basit", "Basit, Abdul") keeps its family name
    if that alone is not flagged; otherwise the name is left out."""
    if "literal" in name:
        forms = [name["literal"]]
    else:
        given, family = name.get("given", ""), name["family"]
        forms = [f"{given} {family}".strip(), f"{family}, {given}".strip(", ")]
    if not any(_flagged(matcher, f) for f in forms):
        return name
    left_out.append((role, forms[0]))
    if "literal" not in name and not _flagged(matcher, name["family"]):
        return {"family": name["family"]}
    return None


def _date_spellings(parts):
    iso = iso_date(parts)
    if len(parts) == 3:
        year, month, day = parts
        name = MONTH_NAMES[month - 1]
        return [iso, f"{day} {name} {year}", f"{name} {day}, {year}"]
    return [iso] + ([f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"] if len(parts) == 2 else [])


def iso_date(parts):
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])


def _note(ref, matcher, left_out) -> str:
    """"Not confirmed: WHAT VALUE (WHY); ..." from the entry's items; each value left out is given
    with the item whose flag it is (unconfirmed.Flag.what), or with its CSL variable."""
    whats_of = {}
    for f in (matcher.by_value if matcher else {}).values():
        for flag in f:
            if flag.key == ref.key:
                whats_of.setdefault(flag.value, set()).add(flag.what)
    parts, placed = [], set()
    for item in unconfirmed_items(ref):
        values = [item.value] if item.value else []
        for var, value in left_out:
            if item.what in whats_of.get(value, ()) and (var, value) not in placed:
                placed.add((var, value))
                values += [] if value in values else [value]
        parts.append(" ".join([item.what, *values] + ([f"({item.why})"] if item.why else [])))
    parts += [f"{var} {value}" for var, value in left_out if (var, value) not in placed]
    if not parts:
        return ""
    return flag_text(matcher, "Not confirmed: " + "; ".join(parts) + ".")


# ------------------------------------------------------------------ biblatex

def _entry(item) -> Entry:
    btype, container, fixed = BIBLATEX.get(item["type"], OTHER)
    fields = {"title": item["title"]}
    fields.update(fixed)
    if item.get("container-title"):
        fields[container] = item["container-title"]
    if item.get("publisher"):
        field = "institution" if btype == "report" else "publisher"
        if field in fields:   # never overwrite the container
            raise ValueError(f"entry '{item['id']}': no biblatex field left for the publisher")
        fields[field] = item["publisher"]
    if item.get("issued"):
        fields["date"] = iso_date(item["issued"]["date-parts"][0])
    known = {"id", "type", "title", "container-title", "publisher", "issued", *NAME_ROLES, *FIELDS}
    unknown = set(item) - known
    if unknown:
        raise ValueError(f"entry '{item['id']}': no biblatex field for CSL {', '.join(sorted(unknown))} "
                         "(add it to data/bibexport.py FIELDS)")
    fields.update({FIELDS[var]: str(item[var]) for var in FIELDS if item.get(var)})
    fields = {k: "{" + v + "}" if k in BRACED else v for k, v in fields.items()}
    persons = {role: [_person(n) for n in item[role]] for role in NAME_ROLES if item.get(role)}
    return Entry(btype, fields=fields, persons=persons)


def _person(name) -> Person:
    if "literal" in name:   # braced: one name, never split into given and family
        return Person("{" + name["literal"] + "}")
    family = name["family"]
    if family[:1].islower():   # "al-Zawahiri": one family name, as the site has it (not particle "al")
        family = "{" + family + "}"
    return Person(last=family, first=name.get("given", ""))


class _Writer(BibtexWriter):
    """Every value in braces (pandoc reads a % in a "quoted" value as a comment); a URL verbatim
    (biblatex reads it so: "\\_" would stay); $ escaped (citation-js reads it as math)."""
    def quote(self, s):
        self.check_braces(s)
        return "{" + s + "}"

    def _encode(self, text):
        return re.sub(r"(?<!\\)\$", r"\\$", super()._encode(text))

    def _write_field(self, stream, type, value):
        if type == "url":
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)
