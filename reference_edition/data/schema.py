"""One schema per data file (pydantic): what each field may hold, checked before any page
uses it. Every problem of a file is reported in one run as file:line: field: what is wrong.

Types are strict: a number is not a string, and a date is a YAML date (2023-12-01), not
text. Text fields are plain text: templates escape them, and the few characters that
would change how a citation or link is read are refused here (locators, aliases). Invisible
and control characters are refused per field (data/characters.py: Text is plain, Prose may
hold joiners and direction marks), and no field is longer than limits.FIELD_CHARS."""
import datetime as dt
import re
from typing import Annotated, Literal, NamedTuple

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, RootModel, StringConstraints, ValidationError,
                      model_validator)

from . import characters, verdicts
from .errors import DataError, raise_all
from .limits import ALIASES_PER_ENTRY, FIELD_CHARS
from .yamlfile import line_of

_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=FIELD_CHARS)]
Text = Annotated[_Text, AfterValidator(characters.plain)]    # names, titles, publishers, values
Prose = Annotated[_Text, AfterValidator(characters.prose)]   # definitions, facts, notes, reasons
# The identifiers, one pattern each (fullmatch): every module that reads one imports it from here.
KEY = re.compile(r"[a-z0-9-]+")                                          # a refs.bib key
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")                           # a glossary entry's, an article's
CLAIM_ID = re.compile(r"p(?P<para>[1-9][0-9]*)-c(?P<n>[1-9][0-9]*)")     # paragraph 7, claim 2: p7-c2
ANCHOR = re.compile(r"p(?P<para>[1-9][0-9]*)(?:-c(?P<n>[1-9][0-9]*))?")   # an article's: p7 or p7-c2
Key = Annotated[str, StringConstraints(pattern=rf"^{KEY.pattern}$")]
Slug = Annotated[str, StringConstraints(pattern=rf"^{SLUG.pattern}$")]
ClaimId = Annotated[str, StringConstraints(pattern=rf"^{CLAIM_ID.pattern}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"'`]+$", max_length=FIELD_CHARS),
                AfterValidator(characters.plain)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
# A locator is printed after the key inside [@key, locator]: brackets, @ and ; would end or
# extend the citation, and & ' < are what mkdocs-bibtex and HTML treat specially.
Locator = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80,
                                           pattern=r"^[\w .,:()/§–—-]+$")]
# Words that are never a glossary name on their own: they would link every "the" in the article.
COMMON_WORDS = frozenset(
    "a an and are as at be but by for from had has have he her his in is it its of on or she "
    "that the their them they this to was we were which who will with".split())


# Python-Markdown's placeholder words (markdown.util.HTML_PLACEHOLDER, INLINE_PLACEHOLDER).
PLACEHOLDER_WORDS = ("wzxhzdk", "klzzwxh")
# Text the edition itself writes on pages beside or inside the article's prose (templates/,
# overrides/, mkdocs.yml's permalink title, Material's "Back to top"): an alias found in one of
# these would turn the interface into glossary links. tests/test_safe_html.py checks each is used.
INTERFACE_TEXTS = ("Cite ¶", "Cite paragraph", "Cite this page", "Cite the original article",
                   "Permalink to this section", "Permalink to paragraph", "Back to top", "Copy to clipboard",
                   "Bibliography entry", "References", "Close", "Download")


def _alias(value: str) -> str:
    if sum(c.isalnum() for c in value) < 2 or value.casefold() in COMMON_WORDS:
        raise ValueError("too short or too common to be a name (it would link ordinary words)")
    if re.search(r"[<>\[\]{}`*_|\\]", value):
        raise ValueError("may not contain < > [ ] { } ` * _ | or a backslash")
    folded = value.casefold()
    if "\x02" in value or "\x03" in value or any(word in folded for word in PLACEHOLDER_WORDS):
        raise ValueError("contains a word Python-Markdown uses for its placeholders (wzxhzdk, klzzwxh, "
                         "STX/ETX): choose another spelling")
    for text in INTERFACE_TEXTS:   # a whole-word occurrence (the substring test first: it is cheap)
        if folded in text.casefold() and re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", text.casefold()):
            raise ValueError(f"collides with the edition's own interface text {text!r}, which must not "
                             "become a glossary link: choose another spelling")
    return value


Alias = Annotated[Text, AfterValidator(_alias)]
Name = Alias


def _verdict(value: str) -> str:
    if value not in verdicts.VERDICTS:   # read when checked: the table is the only list
        *rest, last = (repr(v) for v in verdicts.VERDICTS)
        raise ValueError(f"should be {', '.join(rest)} or {last}")   # as pydantic words a Literal
    return value


Verdict = Annotated[str, AfterValidator(_verdict)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


# ------------------------------------------------------------------ seeds/<slug>.claims.yml
class ClaimSource(Record):
    key: Key
    locator: Locator | None = None


class Correction(Record):
    date: dt.date
    from_: Verdict = Field(alias="from")
    to: Verdict
    why: Prose


class ClaimRecord(Record):
    id: ClaimId
    quote: Prose
    verdict: Verdict
    sources: list[ClaimSource] = []
    note: Prose
    corrections: list[Correction] = []


class ClaimsFile(RootModel[list[ClaimRecord]]):
    pass



# ------------------------------------------------------------------ glossary/<slug>.yml
class FactCite(Record):
    key: Key
    locator: Locator | None = None


def _calendar_month(value: str) -> str:
    dt.date.fromisoformat(value + "-01")   # ValueError (month 13, year 0000) becomes the field's error
    return value


# When a fact happened, at the precision its sources give: a YAML date (2020-02-29), a month
# ("2014-09", quoted) or a year (2014).
EventDate = (dt.date | Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}$"), AfterValidator(_calendar_month)]
             | Annotated[int, Field(ge=1, le=9999)])
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), AfterValidator(characters.plain)]
# Typed relations drawn in the relations diagram; the verb reads "<entry> <verb> <to>".
RELATIONS = {"allegiance": "pledged allegiance to", "leadership": "led", "membership": "part of",
             "hosting": "hosted", "hostility": "hostile to"}


class Kind(NamedTuple):
    name: str              # on the entry's page
    heading: str           # its group on the glossary index


# A glossary entry's kinds, in the order the glossary index shows them.
GLOSSARY_KINDS = {"organization": Kind("Organization", "Organizations"), "person": Kind("Person", "People"),
                  "term": Kind("Term", "Terms"), "document": Kind("Document", "Documents"),
                  "place": Kind("Place", "Places")}


class Fact(Record):
    text: Prose
    cite: list[FactCite] = Field(min_length=1)
    date: EventDate | None = None      # with `event`: the fact is a dated event on the timeline
    event: ShortText | None = None     # its label on the timeline, e.g. "Doha Agreement signed"


class Relation(Record):
    """<this entry> <type> <to> (or <from> <type> <this entry>), as fact number `fact` of this
    entry, with its sources, says: a relation is drawn only where a cited fact states it."""
    type: Literal[tuple(RELATIONS)]
    to: Slug | None = None
    from_: Slug | None = Field(None, alias="from")
    fact: Annotated[int, Field(ge=1)]

    @model_validator(mode="after")
    def _one_end(self):
        if (self.to is None) == (self.from_ is None):
            raise ValueError("give the other entry as either 'to' or 'from' (one of them)")
        return self


class GlossaryRecord(Record):
    name: Name
    kind: Literal[tuple(GLOSSARY_KINDS)]
    aliases: list[Alias] = Field([], max_length=ALIASES_PER_ENTRY)
    definition: Prose
    facts: list[Fact] = []
    unknown: Annotated[str, StringConstraints(max_length=FIELD_CHARS), AfterValidator(characters.prose)] = ""
    related: list[Slug] = []
    relations: list[Relation] = []


# ------------------------------------------------------------------ seeds/<slug>.meta.yml
class ThisText(Record):
    description: Prose
    publisher: Text
    date: dt.date
    url: Url
    bib_key: Key


class Original(Record):
    authors: list[Text] = Field(min_length=1)
    title: Text
    publisher: Text
    date_text: Text | None = None
    url: Url | None = None
    bib_key: Key


class Republication(Record):
    publisher: Text
    title: Text
    date: dt.date | None = None
    bib_key: Key


WORD = r"[a-z]+(?:-[a-z]+)*"   # what an unconfirmed item names (data/unconfirmed_field.py reads the same)
Word = Annotated[str, StringConstraints(pattern=rf"^{WORD}$")]


class MetaUnconfirmed(Record):
    """What refs.bib cannot say about the text as a whole (see data/unconfirmed.py)."""
    what: Word
    why: Prose
    value: Text | None = None


class MetaRecord(Record):
    slug: Slug
    sha256: Sha256
    this_text: ThisText
    original: Original
    republications: list[Republication] = []
    tags: list[Text] = Field(min_length=1)
    paragraph_openings: list[Text] = Field(min_length=1)   # each body paragraph's first words: the seed's structure
    unconfirmed: list[MetaUnconfirmed] = []


# ------------------------------------------------------------------ refs-corrections.yml
class BibCorrection(Record):
    """One correction of a bibliographic fact (an address, a date, a byline, an entry merged)."""
    date: dt.date
    key: Key                                   # the refs.bib entry as it now stands
    field: Word                                # the field corrected (url, author, date, ...), or "entry"
    from_: Text | None = Field(None, alias="from")   # the value before, if there was one
    to: Text | None = None                     # the value after, if there is one
    why: Text


class BibCorrectionsFile(RootModel[list[BibCorrection]]):
    pass


# ------------------------------------------------------------------ editions/<tag>.yml (data/editions.py)
# Written by scripts/release_edition.py; what a fixed edition contained, as digests of its data.
DIGEST_CHARS = 16   # 64 bits of SHA-256: enough to notice a change, short enough to read a diff
# edition-2026-12; a second edition in one month: edition-2026-12-2. Safe as a folder name (v/<tag>/).
Tag = Annotated[str, StringConstraints(pattern=r"^edition-[0-9]{4}-(?:0[1-9]|1[0-2])(?:-[a-z0-9]+)?$")]
Digest = Annotated[str, StringConstraints(pattern=rf"^[0-9a-f]{{{DIGEST_CHARS}}}$")]
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
ParagraphAnchor = Annotated[str, StringConstraints(pattern=r"^p[1-9][0-9]*$")]   # ANCHOR without a claim
Count = Annotated[int, Field(ge=0)]


class ClaimState(Record):
    id: ClaimId
    verdict: Verdict
    corrections: Count       # records in the claim's corrections log
    quote: Digest
    note: Digest
    sources: Digest


class ArticleState(Record):
    slug: Slug
    paragraphs: list[ParagraphAnchor]
    claims: list[ClaimState] = []


class EntryState(Record):
    key: Key
    fields: dict[FieldName, Digest]
    corrections: Count = 0   # records for this entry in refs-corrections.yml


class TermState(Record):
    slug: Slug
    fields: dict[FieldName, Digest]


class Manifest(Record):
    edition: Tag
    date: dt.date
    articles: list[ArticleState]
    bibliography: list[EntryState]
    glossary: list[TermState] = []


# editions/aliases.yml: an anchor of an edition that now leads elsewhere on its article page.
Anchor = Annotated[str, StringConstraints(pattern=rf"^{ANCHOR.pattern}$")]


class AnchorAlias(Record):
    article: Slug            # the article's slug
    anchor: Anchor           # the anchor an edition had (p7, p7-c2)
    to: Anchor               # the paragraph or claim of the current article it leads to
    why: Prose


class AnchorAliasesFile(RootModel[list[AnchorAlias]]):
    pass


PATTERN_HINTS = {
    Key.__metadata__[0].pattern: "is not a refs.bib key (lower-case letters, digits and hyphens)",
    Slug.__metadata__[0].pattern: "is not a slug (lower-case words joined by hyphens)",
    ClaimId.__metadata__[0].pattern: "is not a claim id like p7-c2 (paragraph 7, claim 2)",
    Url.__metadata__[0].pattern: "is not an http(s) address",
    Sha256.__metadata__[0].pattern: "is not a SHA-256 (64 lower-case hex digits)",
    Word.__metadata__[0].pattern: "is not one lower-case word or hyphenated word",
    Anchor.__metadata__[0].pattern: "is not a paragraph or claim anchor like p7 or p7-c2",
    Tag.__metadata__[0].pattern: "is not an edition tag like edition-2026-12 (a year and month; a second "
                                 "edition in one month: edition-2026-12-2)",
    Locator.__metadata__[0].pattern: "is not a plain locator such as 'para. 12' or 'Part Two, sec. 2' "
                                     "(letters, digits, spaces and . , : ( ) / § – only)",
}


def validate(model, data, node, path):
    """The validated record, or every problem as DataErrors naming file:line: field."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        errors = [_error(path, node, e, data) for e in err.errors()]
    raise_all(errors)


def _error(path, node, error, data):
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        problem = "unknown field"
    elif error["type"] == "missing":
        problem = "missing"
    elif error["type"] == "string_pattern_mismatch" and error["ctx"]["pattern"] in PATTERN_HINTS:
        problem = f"{error['input']!r} " + PATTERN_HINTS[error["ctx"]["pattern"]]
    else:
        problem = (error["msg"].replace("String should", "should").replace("Input should", "should")
                   .replace("List should", "should").removeprefix("Value error, "))
        if error["type"] in ("string_too_long", "too_long"):
            problem += " (shorten it: the limits are in data/limits.py)"
        problem = re.sub(r"should be a valid dictionary( or instance of \w+)?", "should be a record (field: value lines)", problem)
        if isinstance(error["input"], (str, int, float, bool)) and len(str(error["input"])) <= 60:
            problem += f" (got {error['input']!r})"
    where = _label(loc, data)
    return DataError(path, f"{where}: {problem}" if where else problem, line=line_of(node, loc))


def _label(loc, data):
    """'claim p7-c2: sources.1.locator' rather than '6.sources.1.locator'."""
    parts = [str(p) for p in loc if p != "from_"]
    if loc and isinstance(loc[0], int) and isinstance(data, list) and loc[0] < len(data):
        record = data[loc[0]]
        ident = record.get("id") if isinstance(record, dict) else None
        # a valid id names the claim; any other value is the error itself, not a label to echo
        valid = isinstance(ident, str) and CLAIM_ID.fullmatch(ident)
        head = f"claim {ident}" if valid else f"record {loc[0] + 1}"
        return head + (": " + ".".join(parts[1:]) if parts[1:] else "")
    return ".".join(parts)
