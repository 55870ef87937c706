"""Every citation download, one exporter per format, each fed by one record per entry (Record):

- BibTeX (`bibtex`): /refs.bib, the BibTeX blocks on the bibliography page. Classic types and
  fields that BibTeX's styles (plain, plainnat) print, typeset by pdflatex: month as a macro,
  a title in non-Latin script as its bracketed translation (the original in `origtitle`).
- biblatex (`biblatex`): /refs-biblatex.bib and each page's cite.bib, valid under biber's
  --validate-datamodel: a type is used only with the fields its data model requires (BIBLATEX,
  then FALLBACK), and the date is given as year, month and day (classic BibTeX keeps the year).
- CSL-JSON (`csl_json`): /refs.json and each page's cite.json.
- RIS (`ris`): each page's cite.ris.

The record of a refs.bib entry is its CSL item as the site formats it (data/bibread.py,
Reference.csl) under one policy for unconfirmed details (data/unconfirmed.py), the same in
every format: a value no copy confirmed (a URL, a name, a day) is left out of its field (a date
keeps its month or year) and given in the entry's `note`, followed by "[unconfirmed]"; every
entry with `unconfirmed` items gets the note "Not confirmed: WHAT (WHY); ...", as the
bibliography page lists them (features/unconfirmed_flags.py checks every download after the
build). Case is kept where refs.bib braces it ("{Taliban}"): the editors, who write refs.bib,
know which words are names; the exporters brace them again. The editors' annotations stay in
refs.bib, the source, and on the bibliography page. No MkDocs here: pages/bibliography_page.py
and features/cite_this_page.py publish the files."""
import copy
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import rispy
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as _PybtexWriter

from .dates import MONTH_NAMES
from .unconfirmed import FLAGGED_AFTER, Matcher, flagged_values
from .unconfirmed_field import items as unconfirmed_items


class ExportError(ValueError):
    """An entry no format can say faithfully: its key, the problem, what to do in refs.bib."""
    def __init__(self, key, problem, fix):
        super().__init__(f"entry '{key}': {problem}")
        self.key, self.fix = key, fix


@dataclass(frozen=True)
class Record:
    """What every format of one entry (or one page's citation) says."""
    csl: dict                 # the CSL-JSON item, unconfirmed values moved to its note
    title: tuple = ()         # csl["title"] as (text, case kept?) pieces (data/bibread.py Reference.title_cased)
    translation: str = ""     # a non-Latin title's English translation, bracketed (refs.bib `titleaddon`)

    @property
    def title_pieces(self):
        return self.title or ((self.csl["title"], False),)

    @cached_property
    def bibtex(self) -> str:
        """The entry alone in classic BibTeX, written once: the download (bibtex) is these blocks
        one after another, as pybtex's writer separates entries, and the bibliography page
        shows each (bibtex_blocks)."""
        return _Writer().to_string(BibliographyData(entries={self.csl["id"]: _bibtex_entry(self)}))


def records(refs: dict, flags=None) -> list[Record]:
    """One Record per refs.bib entry, in its order; `flags` (unconfirmed.Flag) default to those
    of refs.bib (the site passes its own, which include meta.yml's)."""
    matcher = _matcher(tuple(flagged_values(refs) if flags is None else flags))
    out = []
    for ref in refs.values():
        item = _item(ref, matcher)
        title = ref.title_cased if item.get("title") == ref.csl["title"] else ()
        out.append(Record(item, title, ref.fields.get("titleaddon", "")))
    return out


# ------------------------------------------------------------------ formats

def csl_json(recs) -> str:
    return json.dumps([r.csl for r in recs], ensure_ascii=False, indent=2) + "\n"


def ris(recs) -> str:
    return rispy.dumps([_ris(r.csl) for r in recs], implementation=_RisWriter)


def biblatex(recs, header: str = "") -> str:
    entries = {r.csl["id"]: _biblatex_entry(r) for r in recs}
    return header + _Writer().to_string(BibliographyData(entries=entries))


def bibtex(recs, header: str = "") -> str:
    return header + "\n".join(r.bibtex for r in recs)


def bibtex_blocks(recs) -> dict:
    """key -> the entry's BibTeX alone, as the bibliography page shows it."""
    return {r.csl["id"]: r.bibtex for r in recs}


BIBTEX_HEADER = ("% refs.bib (download): the edition's bibliography in classic BibTeX types and fields, for\n"
                 "% BibTeX styles and pdflatex, generated from the editors' refs.bib. Details that no copy of a\n"
                 "% source confirmed are named in each entry's note; a value flagged as unconfirmed is given only\n"
                 "% there. biblatex users: refs-biblatex.bib.\n\n")
BIBLATEX_HEADER = ("% refs-biblatex.bib: the edition's bibliography in standard biblatex types and fields, generated\n"
                   "% from the editors' refs.bib. Details that no copy of a source confirmed are named in each\n"
                   "% entry's note; a value flagged as unconfirmed is given only there.\n\n")


# ------------------------------------------------------------------ unconfirmed values

@lru_cache(maxsize=4)
def _matcher(flags: tuple):
    return Matcher.of(list(flags)) if flags else None


def _flagged(matcher, text: str) -> bool:
    return bool(matcher and matcher.holds(text))


def flag_text(matcher, text: str) -> str:
    """Plain text with "[unconfirmed]" after each flagged value that lacks it."""
    if not matcher:
        return text
    return matcher.regex.sub(lambda m: m.group(0) if FLAGGED_AFTER.match(m.string, m.end())
                             else m.group(0) + " [unconfirmed]", text)


NAME_ROLES = ("author", "editor")
KEPT = ("title",)   # never left out: flagged in place (a flagged symbol or name may occur in a title)


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
    if ref.urldate and item.get("URL") == ref.url:   # the day the address was seen (data/robust_links.py)
        item["accessed"] = {"date-parts": [[ref.urldate.year, ref.urldate.month, ref.urldate.day]]}
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


# ------------------------------------------------------------------ LaTeX text

_SPECIAL = re.compile(r"[\\{}$%&#_^~]")
_ESCAPED = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
# What pdflatex (T1, utf8) has no glyph for, in the classic BibTeX download: the transliteration
# marks for ʿayn and hamza as the single quotation marks that commonly stand in for them.
PDFLATEX_SUBSTITUTES = str.maketrans({"ʿ": "‘", "ʾ": "’"})


def _tex(text: str) -> str:
    """Plain text as a BibTeX value: LaTeX's special characters escaped, nothing else changed."""
    return _SPECIAL.sub(lambda m: _ESCAPED.get(m.group(0), "\\" + m.group(0)), text)


def _tex_title(rec: Record) -> str:
    """The title, a word whose case the editors kept braced (BibTeX styles lower-case the rest)."""
    return "".join("{" + _tex(t) + "}" if kept else _tex(t) for t, kept in rec.title_pieces)


def non_latin(text: str) -> bool:
    """Letters of a script other than Latin (pdflatex's fonts have none)."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith(("LATIN", "MODIFIER LETTER"))
               for ch in text)


def latin_only(text: str) -> str:
    """Text for pdflatex: each run of words in another script becomes "[text in Arabic script]"
    (the whole value is in refs-biblatex.bib and refs.json)."""
    out, run = [], []
    for word in text.split(" ") + [""]:
        if word and non_latin(word):
            run.append(word)
            continue
        if run:
            script = next(unicodedata.name(ch).split()[0] for w in run for ch in w
                          if ch.isalpha() and not unicodedata.name(ch, "").startswith(("LATIN", "MODIFIER")))
            lead = re.match(r"\W*", run[0]).group(0) if not run[0][:1].isalpha() else ""
            trail = re.search(r"\W*$", run[-1]).group(0)
            if "‘" in " ".join(run):   # a quotation inside the run closes inside it too
                trail = trail.replace("’", "", 1)
            out.append(f"{lead}[text in {script.title()} script]{trail}")
            run = []
        out.append(word)
    return " ".join(out[:-1])


def _person(name) -> Person:
    if "literal" in name:   # braced: one name, never split into given and family
        return Person("{" + _tex(name["literal"]) + "}")
    family = _tex(name["family"])
    if family[:1].islower() or "-" in family:   # "al-Zawahiri": one family name, never "al~Zawahiri"
        family = "{" + family + "}"
    return Person(last=family, first=_tex(name.get("given", "")))


def _persons(item):
    return {role: [_person(n) for n in item[role]] for role in NAME_ROLES if item.get(role)}


# ------------------------------------------------------------------ biblatex

# CSL item type -> (biblatex type, field for the container, fixed fields). Read back as:
#   @article + entrysubtype  pandoc: article-newspaper/-magazine; citation-js: article-journal, genre
#   @online + organization   both: webpage, organization as publisher (biblatex @online has no container
#                            field; pandoc misreads maintitle, citation-js drops journaltitle there)
#   @report + institution    both: report, institution as publisher, type as genre, number
#   @inreference + booktitle pandoc: entry-encyclopedia; citation-js: entry; booktitle as container
#   @misc + howpublished     pandoc: no type; citation-js: document; howpublished as publisher
#   @dataset + organization  both: dataset (the bibliography page's citation)
BIBLATEX = {
    "article-newspaper": ("article", "journaltitle", {"entrysubtype": "newspaper"}),
    "article-magazine": ("article", "journaltitle", {"entrysubtype": "magazine"}),
    "article-journal": ("article", "journaltitle", {}),
    "article": ("article", "journaltitle", {}),
    "webpage": ("online", "organization", {}),
    "post-weblog": ("online", "organization", {}),
    "post": ("online", "organization", {}),
    "report": ("report", "institution", {}),
    "entry-encyclopedia": ("inreference", "booktitle", {}),
    "entry-dictionary": ("inreference", "booktitle", {}),
    "entry": ("inreference", "booktitle", {}),
    "chapter": ("incollection", "booktitle", {}),
    "book": ("book", "maintitle", {}),
    "dataset": ("dataset", "organization", {}),
}
OTHER = ("misc", "howpublished", {})   # document, legislation, treaty, speech, ...
# When the data model does not allow an item in its type (tests/test_latex.py runs biber
# --validate-datamodel): a document number needs a type with `number` (a UN resolution or
# press release is an issuing body's numbered document: @report, `type` saying which), a
# web page with a volume is a journal's article, an entry without a URL (@online needs one) is
# @misc. Never an invented field: an encyclopedia entry without an editor is no @inreference.
FALLBACK = [("report", "institution", {}),        # for an item with a number
            ("article", "journaltitle", {}),       # with a volume or issue
            ("online", "organization", {}),        # with a URL
            ("misc", "howpublished", {})]          # any other
# biblatex's data model (blx-dm.def, biblatex 3.18b, Debian 12): mandatory fields, and the
# fields a type allows beyond the global ones (GLOBAL: those the exports write).
GLOBAL = {"url", "urldate", "doi", "date", "year", "month", "day", "entrysubtype", "origtitle", "langid"}
DATED = {"article", "book", "inreference", "incollection", "misc", "online", "report"}
MANDATORY = {"article": {"author", "journaltitle", "title"}, "book": {"author", "title"},
             "inreference": {"author", "editor", "title", "booktitle"},
             "incollection": {"author", "editor", "title", "booktitle"},
             "report": {"author", "title", "type", "institution"}, "online": {"title", "url"},
             "misc": {"title"}, "dataset": {"title"}}
ALLOWED = {"article": {"author", "editor", "issue", "journaltitle", "language", "note", "number", "pages",
                      "title", "titleaddon", "version", "volume"},
           "book": {"author", "editor", "language", "maintitle", "note", "number", "pages", "publisher",
                    "title", "titleaddon", "volume"},
           "inreference": {"author", "booktitle", "editor", "language", "note", "number", "pages", "publisher",
                           "title", "titleaddon", "volume"},
           "incollection": {"author", "booktitle", "editor", "language", "note", "number", "pages", "publisher",
                            "title", "titleaddon", "volume"},
           "report": {"author", "institution", "language", "note", "number", "pages", "title", "titleaddon",
                      "type", "version"},
           "online": {"author", "editor", "language", "note", "organization", "title", "titleaddon", "version"},
           "misc": {"author", "editor", "howpublished", "language", "note", "organization", "title",
                    "titleaddon", "type", "version"},
           "dataset": {"author", "editor", "language", "note", "number", "organization", "publisher", "title",
                       "titleaddon", "type", "version"}}
# CSL variable -> biblatex field, beyond title, names, date, container and publisher.
FIELDS = {"URL": "url", "number": "number", "genre": "type", "volume": "volume", "issue": "issue",
          "page": "pages", "DOI": "doi", "note": "note", "version": "version", "language": "language"}
# CSL variables no biblatex field holds: a page citation's licence (it is in the page's head metadata).
NOT_EXPORTED = {"license"}
# Braced whole: case kept as written (pandoc would make titles sentence case) and "and" not read
# as a separator (institution, organization and publisher are name lists in biblatex).
BRACED = {"title", "journaltitle", "booktitle", "maintitle", "organization", "institution",
          "publisher", "howpublished"}


def biblatex_type(item: dict) -> tuple:
    """(biblatex type, container field, fixed fields) for a record's CSL item."""
    fallback = [f for f, needs in zip(FALLBACK, ("number", ("volume", "issue"), "URL", ())) if not needs
                or any(item.get(v) for v in ((needs,) if isinstance(needs, str) else needs))]
    for btype, container, fixed in [BIBLATEX.get(item["type"], OTHER), *fallback]:
        fields = _biblatex_fields(item, btype, container, fixed)
        have = set(fields) | ({"author"} if item.get("author") else set()) | ({"editor"} if item.get("editor") else set())
        dated = "year" in fields or "date" in fields or btype not in DATED
        extra = set(fields) - ALLOWED[btype] - GLOBAL
        if MANDATORY[btype] <= have and dated and not extra:
            return btype, container, fixed
    raise ExportError(item["id"], "no biblatex type takes its fields under biblatex's data model",
                      "see data/bibexport.py BIBLATEX and FALLBACK: change the entry's type or fields, or add a fallback")


# Every type but @dataset needs a date; for an entry no copy dates: EDTF's unspecified year,
# which biblatex reads as no year, never a guessed one.
UNKNOWN_DATE = "XXXX"


def _biblatex_fields(item, btype, container, fixed) -> dict:
    fields = {"title": item["title"]}
    fields.update(fixed)
    if item.get("container-title"):
        fields[container] = item["container-title"]
    publisher = item.get("publisher")
    if btype == "report" and not publisher and not fields.get("institution"):
        # a body's own report: the institution is its author (CSL drops the repeated publisher)
        publisher = next((n["literal"] for n in item.get("author", []) if "literal" in n), None)
    if publisher:
        # @online and @misc have no publisher field: the body responsible is their organization
        field = {"report": "institution", "online": "organization", "misc": "organization"}.get(btype, "publisher")
        if fields.get(field, publisher) != publisher:
            field = "publisher"   # the container holds that field: a type that allows both, or none
        fields[field] = publisher
    if btype == "report" and "type" not in fields:
        fields["type"] = item.get("genre") or ("report" if item["type"] == "report" else "document")
    if item.get("issued"):   # year, month, day: biber reads them as the date; BibTeX styles read the year
        parts = item["issued"]["date-parts"][0]
        fields.update(zip(("year", "month", "day"), (str(p) for p in parts)))
    elif btype in DATED:
        fields["date"] = UNKNOWN_DATE
    if item.get("accessed"):   # the day the url was seen
        fields["urldate"] = iso_date(item["accessed"]["date-parts"][0])
    unknown = set(item) - {"id", "type", "title", "container-title", "publisher", "issued", "accessed", "section",
                           *NAME_ROLES, *FIELDS, *NOT_EXPORTED}
    if unknown:
        raise ExportError(item["id"], f"no biblatex field for CSL {', '.join(sorted(unknown))}",
                          "add one to data/bibexport.py FIELDS")
    fields.update({FIELDS[var]: str(item[var]) for var in FIELDS if item.get(var) and FIELDS[var] not in fields})
    if item.get("section"):   # a paragraph's locator: CSL items have none (data/pagemeta.py)
        fields["note"] = "; ".join(filter(None, [item["section"], item.get("note")]))
    return fields


def _biblatex_entry(rec: Record) -> Entry:
    item = rec.csl
    btype, container, fixed = biblatex_type(item)
    fields = {k: _tex(v) if k != "url" else v for k, v in _biblatex_fields(item, btype, container, fixed).items()}
    fields["title"] = _tex_title(rec)
    if rec.translation:
        fields["titleaddon"] = _tex(rec.translation)
    fields = {k: "{" + v + "}" if k in BRACED else v for k, v in fields.items()}
    return Entry(btype, fields=fields, persons=_persons(item))


# ------------------------------------------------------------------ classic BibTeX

# CSL item type -> BibTeX type, as refs.bib types them (data/bibread.py _csl reads them so).
BIBTEX = {"article-journal": "article", "article": "article", "report": "techreport", "book": "book",
          "chapter": "incollection"}
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex_entry(rec: Record) -> Entry:
    """BibTeX's standard types and the fields its styles print; `date` (all of it, biblatex and
    pandoc read it) beside year and month; a non-Latin title's translation as the title."""
    item = rec.csl
    btype = BIBTEX.get(item["type"], "misc")
    f = {}
    title = _tex_title(rec)
    if non_latin(item["title"]):
        if not rec.translation:
            raise ExportError(item["id"], "its title is not in Latin script and has no translation: pdflatex "
                              "cannot print it", "add `titleaddon = {[English translation]}` as the source "
                              "or a stored copy gives it (CMOS: a bracketed translation), never an invented one")
        f["origtitle"] = title
        title = _tex(rec.translation)
    f["title"] = title
    container = item.get("container-title")
    if container:
        f[{"article": "journal", "incollection": "booktitle"}.get(btype, "howpublished")] = _tex(container)
    if item.get("publisher"):
        f["institution" if btype == "techreport" else "publisher"] = _tex(item["publisher"])
    elif btype == "techreport":
        f["institution"] = next((_tex(n["literal"]) for n in item.get("author", []) if "literal" in n), "")
    if item.get("issued"):
        parts = item["issued"]["date-parts"][0]
        f["year"] = str(parts[0])
        if len(parts) > 1:
            f["month"] = _Macro(MONTH_MACROS[parts[1] - 1])
        f["date"] = iso_date(parts)
    for var, field in (("volume", "volume"), ("issue", "number"), ("number", "number"), ("page", "pages"),
                       ("genre", "type"), ("DOI", "doi")):
        if item.get(var) and field not in f:
            f[field] = _tex(str(item[var]))
    if item.get("URL"):
        f["url"] = item["URL"]
    if item.get("accessed"):
        f["urldate"] = iso_date(item["accessed"]["date-parts"][0])
    note = "; ".join(filter(None, [item.get("section"), item.get("note")]))
    if note:
        f["note"] = _tex(latin_only(note))
    if not item.get("author") and not item.get("editor"):   # BibTeX sorts (and natbib labels) by `key`
        f["key"] = _tex(latin_only(container or item["title"]))
    f = {k: v if isinstance(v, _Macro) else "{" + v + "}" if k in BRACED and k != "title" else v
         for k, v in f.items() if v}
    f = {k: v if isinstance(v, _Macro) or k == "url" else v.translate(PDFLATEX_SUBSTITUTES) for k, v in f.items()}
    return Entry(btype, fields=f, persons={r: [_person({k: v.translate(PDFLATEX_SUBSTITUTES) for k, v in n.items()})
                                               for n in item[r]] for r in NAME_ROLES if item.get(r)})


class _Macro(str):
    """A BibTeX macro (month = dec), written bare."""


class _Writer(_PybtexWriter):
    """pybtex's BibTeX writer for values already written as LaTeX (_tex): every value in braces
    (pandoc reads a % in a "quoted" value as a comment), a macro bare, a URL verbatim."""
    def quote(self, s):
        self.check_braces(s)
        return "{" + s + "}"

    def _encode(self, text):
        return text

    def _write_field(self, stream, type, value):
        if isinstance(value, _Macro):
            stream.write(f",\n    {type} = {value}")
        else:
            super()._write_field(stream, type, value)


# ------------------------------------------------------------------ RIS

def _ris(item: dict) -> dict:
    """RIS: AU in the specification's "Lastname, Firstname" form, so a group is "Name," (a last
    name alone: pandoc and citation-js read one undivided name, not given names and a family);
    ELEC for a web page, DATA for a dataset; PY the year and DA the full date (pandoc's RIS
    reader takes the year from PY and does not read DA); the version, the paragraph and other
    notes in one N1, which every reader keeps (RIS has no version tag for ELEC or DATA)."""
    entry = {"type_of_reference": {"dataset": "DATA", "webpage": "ELEC"}.get(item["type"], "GEN"),
             "title": item["title"], "id": item["id"]}
    if item.get("author"):
        entry["authors"] = [a["literal"] + "," if "literal" in a else inverted_name(a) for a in item["author"]]
    for var, tag in (("container-title", "secondary_title"), ("language", "language"), ("DOI", "doi")):
        if item.get(var):
            entry[tag] = item[var]
    if item.get("publisher") or item.get("container-title"):   # citation-js reads no T2 of DATA: PB names the site
        entry["publisher"] = item.get("publisher") or item["container-title"]
    if item.get("URL"):
        entry["urls"] = [item["URL"]]
    if item.get("accessed"):   # Y2, the access date, as RIS writes dates: YYYY/MM/DD/
        entry["access_date"] = "/".join(f"{p:02d}" for p in item["accessed"]["date-parts"][0]) + "/"
    if item.get("issued"):
        parts = item["issued"]["date-parts"][0]
        entry["year"] = str(parts[0])
        entry["date"] = "/".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]] + [""] * (3 - len(parts)))
    notes = [f"Version {item['version']}"] if item.get("version") else []
    if item.get("section"):
        entry["section"] = item["section"]
        notes.append(item["section"])   # SE alone is dropped by citation-js
    if item.get("note"):
        notes.append(item["note"])
    if notes:
        entry["notes"] = ["; ".join(notes)]
    return entry


def inverted_name(name: dict) -> str:
    """A CSL name as "Family, Given" (or the literal name), as RIS and Highwire tags want it."""
    return name.get("literal") or f"{name['family']}, {name.get('given', '')}".strip(", ")


class _RisWriter(rispy.RisWriter):
    def set_header(self, count):  # rispy numbers references ("1."); RIS readers expect TY first
        return ""
