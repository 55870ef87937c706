"""Glossary entries: glossary/<slug>.yml, validated once and matched in text by one regex.

Every problem is a DataError naming the entry's file. Results are cached on the files'
modification times and on the keys of the references they are checked against; the entries
as read are kept on disk too, by the files' bytes (data/derived_cache.py).
Files whose names start with "_" (e.g. _new-sources.bib) are not entries."""
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import cache_seal, derived_cache, inputs, limits, schema, yamlfile

from .errors import DataError, raise_all
from .safe_html import citations_in

APOSTROPHES = "'’"
APOSTROPHE = r"(?:['’]|&\#39;|&\#x27;|&rsquo;)"   # as typed, as printed, as HTML escapes it
# "Whole words": not inside a word, and not one part of a hyphenated compound ("IS-KP" is
# not "IS"); a possessive ("al-Qaeda’s") still counts as a mention.
BEFORE = r"(?<![\w-])(?<!\w[-'’])"
AFTER = r"(?![\w])(?!-\w)"


@dataclass(frozen=True, slots=True)
class Fact:
    text: str
    cite: tuple            # ((key, locator or None), ...)
    date: tuple = ()       # (year,), (year, month) or (year, month, day): a dated event; () if none
    event: str = ""        # the event's short label on the timeline


@dataclass(frozen=True, slots=True)
class Relation:
    subject: str           # slug: "<subject> <type> <object>", e.g. ayman-al-zawahiri allegiance taliban
    type: str              # a key of schema.RELATIONS
    object: str            # slug
    entry: str             # slug of the entry whose fact states it (the subject or the object)
    fact: int              # 1-based number of that fact

    @property
    def other(self) -> str:
        return self.object if self.entry == self.subject else self.subject


@dataclass(frozen=True, slots=True)
class Entry:
    slug: str
    path: Path
    name: str
    kind: str
    aliases: tuple         # as written, without the name
    definition: str
    facts: tuple
    unknown: str
    related: tuple
    relations: tuple = ()  # Relation, ...

    @property
    def names(self):
        return (self.name,) + self.aliases


@dataclass(frozen=True)
class Glossary:
    entries: dict          # slug -> Entry, A–Z by name
    pattern: re.Pattern    # any alias of any entry; match.group(0) is the text's own words
    owners: dict           # alias key (see alias_key) -> slug

    def slug_for(self, words: str) -> str:
        return self.owners[alias_key(words)]

    def mentions(self, text: str):
        """(start, end, slug) of every mention in plain (or HTML-escaped) text, longest first."""
        return [(m.start(), m.end(), self.slug_for(m.group(0))) for m in self.pattern.finditer(text)]


def alias_key(words: str) -> str:
    """One spelling per alias: case folded, ’ read as ', HTML's escaped apostrophes undone."""
    for entity in ("&#39;", "&#x27;", "&rsquo;"):
        words = words.replace(entity, "'")
    return words.replace("’", "'").casefold()


def case_sensitive(alias: str) -> bool:
    """Short all-capital aliases (HQN, AQIS, IS-KP) must not match ordinary words."""
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


def load_glossary(directory, refs) -> Glossary:
    """The entries of `directory`; their citations are checked against `refs`, the loaded
    references (key -> Reference, data/bib.py), not read again from refs.bib."""
    directory = Path(directory)
    found = inputs.data_files(directory, (".yml", ".yaml"))   # links and non-files are errors
    strays = [p for p in found if p.suffix != ".yml"]
    if strays:   # a glossary/foo.yaml would otherwise be silently left out of the site
        raise DataError(strays[0], "glossary entries are <slug>.yml files; this one is not read",
                        "rename it to .yml")
    files = tuple(p for p in found if not p.name.startswith("_"))
    if len(files) > limits.GLOSSARY_ENTRIES:
        raise DataError(directory, f"{len(files):,} glossary entries; the limit is {limits.GLOSSARY_ENTRIES:,}",
                        "merge entries, or raise the limit in data/limits.py")
    stamp = tuple(inputs.mtime(p) for p in files)
    return _load(directory, files, frozenset(refs), stamp)


@lru_cache(maxsize=4)
def _load(directory, files, keys, stamp) -> Glossary:
    entries = {entry.slug: entry for entry in _entries(directory, files, keys, stamp)}
    aliases = sum(len(e.names) for e in entries.values())
    if aliases > limits.ALIASES:   # every name is one branch of the linker's regex
        raise DataError(directory, f"{aliases:,} names and aliases in all; the limit is {limits.ALIASES:,}",
                        "keep the aliases readers meet in the text, or raise the limit in data/limits.py")
    owners, claimed_by = {}, {}
    for entry in entries.values():
        for alias in dict.fromkeys(entry.names):   # the same spelling twice in one file is harmless
            key = alias_key(alias)
            if key in owners and owners[key] != entry.slug:
                other = entries[owners[key]]
                raise DataError(entry.path, f"alias '{alias}' is also claimed by {other.path} "
                                f"(as '{claimed_by[key]}')", "keep it in one entry only")
            owners[key], claimed_by[key] = entry.slug, alias
    for entry in entries.values():
        for slug in entry.related:
            if slug not in entries:
                raise DataError(entry.path, f"related entry '{slug}' does not exist",
                                f"use the slug of a file in {directory}/ (e.g. 'al-qaeda') or remove it")
        for n, relation in enumerate(entry.relations):
            if relation.other not in entries or relation.other == entry.slug:
                raise DataError(entry.path, f"relations.{n}: '{relation.other}' is not another glossary entry",
                                f"use the slug of a file in {directory}/")
    entries = dict(sorted(entries.items(), key=lambda kv: kv[1].name.casefold()))
    return Glossary(entries, _pattern(claimed_by.values()), owners)


def _entries(directory, files, keys, stamp) -> list[Entry]:
    """Each file's entry, read and checked on its own; kept on disk, found by the files' names and
    bytes and the keys (data/derived_cache.py): only a glossary whose every file passed is kept,
    and only if no file changed (`stamp`: their modification times before) while it was read."""
    file = cache_seal.cache_file(directory, "entries")
    digest = inputs.files_digest(files, limits.YAML_FILE_BYTES, "\0".join(sorted(keys))) if file is not None else None
    if digest is None:
        return _read(files, keys)
    kept = cache_seal.kept(file, derived_cache.key("glossary entries", digest),
                              lambda: [_as_json(e) for e in _read(files, keys)], "glossary entries",
                              unchanged=lambda: tuple(inputs.mtime(p) for p in files) == stamp)
    return [_from_json(e) for e in kept]


def _read(files, keys) -> list[Entry]:
    entries, errors = [], []
    for path in files:
        try:
            entries.append(_entry(path, keys))
        except DataError as err:   # every file's problems are reported in one run
            errors.append(err)
    raise_all(errors)
    return entries


def _as_json(entry: Entry) -> list:
    return [entry.slug, str(entry.path), entry.name, entry.kind, entry.aliases, entry.definition,
            [[f.text, f.cite, f.date, f.event] for f in entry.facts], entry.unknown, entry.related,
            [[r.subject, r.type, r.object, r.entry, r.fact] for r in entry.relations]]


def _from_json(data) -> Entry:
    slug, path, name, kind, aliases, definition, facts, unknown, related, relations = data
    return Entry(slug, Path(path), name, kind, tuple(aliases), definition,
                 tuple(Fact(text, tuple(map(tuple, cite)), tuple(date), event) for text, cite, date, event in facts),
                 unknown, tuple(related), tuple(Relation(*r) for r in relations))


def _pattern(aliases) -> re.Pattern:
    """One alternation, longest alias first, so the longest match wins at any position.

    Branches are grouped under a look-ahead on their first letter: the engine then tries only
    the aliases that can start where it stands (500 entries: ~1 ms per article, 0.1 s to compile)."""
    groups, starts = defaultdict(list), defaultdict(set)
    for alias in sorted(set(aliases), key=lambda a: (-len(a), a)):
        body = "".join(APOSTROPHE if c in APOSTROPHES else re.escape(c) for c in alias)
        first = "'" if alias[0] in APOSTROPHES else alias[0].lower()
        groups[first].append(body if case_sensitive(alias) else f"(?i:{body})")
        starts[first] |= set("'’&" if first == "'" else alias[0] + first + first.upper())
    if not groups:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(f"(?=[{re.escape(''.join(sorted(starts[first])))}])(?:{'|'.join(branches)})"
                            for first, branches in groups.items())
    return re.compile(f"{BEFORE}(?:{alternatives}){AFTER}")


def _entry(path: Path, keys) -> Entry:
    slug = path.stem
    if not schema.SLUG.fullmatch(slug):
        raise DataError(path, f"slug '{slug}' (the file name) is not lower-case words joined by hyphens",
                        "rename the file, e.g. glossary/haqqani-network.yml")
    data, node = yamlfile.load_file(path)
    r = schema.validate(schema.GlossaryRecord, data, node, path)
    errors = []
    for n, fact in enumerate(r.facts):
        for c, cite in enumerate(fact.cite):
            if cite.key not in keys:
                errors.append(DataError(path, f"facts.{n}.cite.{c}.key: '{cite.key}' is not in refs.bib",
                                        "add the source to refs.bib or fix the key",
                                        yamlfile.line_of(node, ("facts", n, "cite", c, "key"))))
        for key, _ in citations_in(fact.text):
            if key not in keys:
                errors.append(DataError(path, f"facts.{n}.text: cites '{key}', which is not in refs.bib",
                                        "add the source to refs.bib or fix the key",
                                        yamlfile.line_of(node, ("facts", n, "text"))))
    for field in ("definition", "unknown"):   # shown on several pages, with no reference list of their own
        if citations_in(getattr(r, field)):
            errors.append(DataError(path, f"{field}: a citation ([@key]) cannot be placed here",
                                    "cite the source in a fact ('facts: - text: ... cite: - key: ...')",
                                    yamlfile.line_of(node, (field,))))
    if len(r.facts) < 3 and not r.unknown.strip():
        errors.append(DataError(path, f"only {len(r.facts)} fact(s) and no 'unknown'",
                                "add sourced facts, or say under 'unknown' what the sources do not confirm"))
    for n, relation in enumerate(r.relations):
        if relation.fact > len(r.facts):
            errors.append(DataError(path, f"relations.{n}.fact: there is no fact {relation.fact} (the entry has "
                                    f"{len(r.facts)})", "give the number of the fact that states the relation",
                                    yamlfile.line_of(node, ("relations", n, "fact"))))
    for n, fact in enumerate(r.facts):
        if (fact.date is None) != (fact.event is None):
            given, missing = ("date", "event") if fact.event is None else ("event", "date")
            errors.append(DataError(path, f"facts.{n}.{given}: a dated event needs '{missing}' too",
                                    f"add '{missing}', or remove '{given}'", yamlfile.line_of(node, ("facts", n, given))))
    if slug in r.related:
        errors.append(DataError(path, "an entry cannot be related to itself", f"remove '{slug}' from 'related'",
                                yamlfile.line_of(node, ("related",))))
    raise_all(errors)
    facts = tuple(Fact(f.text, tuple((c.key, c.locator) for c in f.cite), _date_parts(f.date), f.event or "")
                  for f in r.facts)
    return Entry(slug, path, r.name, r.kind, tuple(a for a in r.aliases if a != r.name),
                 r.definition, facts, r.unknown.strip(), tuple(r.related),
                 tuple(Relation(x.from_ or slug, x.type, x.to or slug, slug, x.fact) for x in r.relations))


def _date_parts(value) -> tuple:
    """(year,), (year, month) or (year, month, day) from a fact's `date` (schema.EventDate)."""
    if value is None:
        return ()
    if isinstance(value, int):
        return (value,)
    if isinstance(value, str):
        return tuple(int(p) for p in value.split("-"))
    return (value.year, value.month, value.day)
