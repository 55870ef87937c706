"""One citation record per page (or paragraph), and every format derived from it.

The record is built from the edition plugin's `citation` option in mkdocs.yml, the page, and the git
version the site is built from. Formats come from libraries, never hand-written:
citeproc-py (Chicago author-date, APA, MLA); the downloads (BibTeX, RIS, CSL-JSON) are written
by the bibliography's exporters (data/bibexport.py), so a page is cited as an entry is."""
import datetime as dt
import json
from html import escape
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from citeproc import Citation, CitationItem, Locator, CitationStylesBibliography, formatter
from citeproc.model import TextCased
from citeproc.source.json import CiteProcJSON
from citeproc.string import String as CSLString
from . import bibexport
from .bib import csl_style
from .bibexport import inverted_name  # noqa: F401 (re-exported: Highwire tags name authors so)

from . import characters, limits, mkdocs_yml
from . import citeproc_speed  # noqa: F401  (memoises citeproc-py's style queries: same output, faster)
from . import citeproc_csl  # noqa: F401  (CSL rules citeproc-py renders otherwise: title case, disambiguate)
from .dates import iso_date
from .errors import DataError
from .punctuation import punctuate, punctuation_in_quote
from .reflist import citeproc_item
from .safe_html import URL, UnsafeValue, safe_html
from .version import Version, first_commit_date, git_version  # noqa: F401 (re-exported)

# Shown in this order; the first is the house style (see data/bib.py).
STYLES = {
    "chicago": ("Chicago (author-date)", "chicago-author-date-16th-edition"),
    "apa": ("APA", "apa"),
    "mla": ("MLA", "modern-language-association"),
}
EXPORTS = {  # format -> (label, file suffix, media type)
    "bibtex": ("BibTeX", "bib", "application/x-bibtex"),
    "ris": ("RIS", "ris", "application/x-research-info-systems"),
    "csl": ("CSL-JSON", "json", "application/vnd.citationstyles.csl+json"),
}
DOI = re.compile(r"10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+")   # Crossref's pattern for modern DOIs
SETTINGS = "reference-edition: citation"   # where mkdocs.yml sets it (plugins:)
# The `citation` option's keys: the type of a value (null: not set) and what to write. Checked
# here only (reference_edition/options.py passes the option on as written); README, "Who is credited".
CITATION_FIELDS = {
    "authors": (list, "a list: a group as {name: ...}, a person as {family: ..., given: ...}"),
    "publisher": (str, "the publisher's name, or null for the site's name"),
    "first_published": ((dt.date, str), "a date as \"YYYY-MM-DD\" (quoted: MkDocs' YAML reader stops with a "
                                        "traceback on an impossible date unquoted), or null for the repository's "
                                        "first commit"),
    "license": (str, "a licence such as CC-BY-4.0, or null"),
    "doi": (str, "the DOI itself, e.g. 10.5281/zenodo.1234567 (no https://doi.org/), or null"),
    "version_url": (str, "an address with {site_url}, {repo_url}, {version}, {commit}, {page}; "
                         "null for the default, \"\" for none"),
}
DEFAULT_VERSION_URL = "{site_url}v/{version}/{page}"
TOKEN = "XPARANUMX"   # stands for a paragraph number while formatting (no digits: never "paras.")
VERSION_TOKEN = "XQVERSIONX"   # stands for the version while formatting (see _formatted)


@dataclass(frozen=True)
class Settings:
    authors: tuple        # CSL names: {"literal": ...} or {"family": ..., "given": ...}
    publisher: str
    site_name: str
    site_url: str
    repo_url: str
    language: str
    first_published: dt.date | None
    license: str | None
    version_url: str      # pattern with {site_url} {repo_url} {version} {commit} {page}
    version: Version
    doi: str | None = None   # the edition's DOI once a release is archived (e.g. on Zenodo)


@dataclass(frozen=True)
class Record:
    """What a citation of one page (or one paragraph of it) says."""
    id: str
    title: str
    url: str                      # absolute, with #pN for a paragraph
    page_url: str                 # site-relative URL of the page, e.g. "article/"
    kind: str                     # schema.org-ish: WebPage, ScholarlyArticle, Dataset, DefinedTerm
    settings: Settings = field(repr=False)
    locator: str | None = None    # paragraph number, e.g. "7"

    @property
    def issued(self):
        """A citation cites the version read: its date is the date of that version."""
        return self.settings.version.date or self.settings.first_published

    @property
    def first_published(self):
        return self.settings.first_published

    @property
    def version_url(self):
        url = version_url(self.settings, self.page_url)
        return f"{url}#p{self.locator}" if url and self.locator else url

    def csl(self) -> dict:
        s = self.settings
        item = {"id": self.id, "type": "dataset" if self.kind == "Dataset" else "webpage",
                "title": self.title, "author": [dict(a) for a in s.authors],
                "container-title": s.site_name, "URL": self.url, "language": s.language}
        if s.version.commit:  # "unversioned" (not a git checkout) is no version to cite
            item["version"] = s.version.label
        if self.issued:
            item["issued"] = {"date-parts": [[self.issued.year, self.issued.month, self.issued.day]]}
        if s.publisher != s.site_name:  # styles would print the site's name twice
            item["publisher"] = s.publisher
        if self.locator:  # a paragraph: CSL items have no locator, so say it in the section
            item["section"] = f"para. {self.locator}"
        if s.license:
            item["license"] = s.license
        if s.doi:
            item["DOI"] = s.doi
        return item

    def exports(self) -> dict:
        """The downloads, by the bibliography's exporters (data/bibexport.py): biblatex (pandoc,
        citation-js and biber read @online and @dataset back as webpage and dataset; classic
        BibTeX styles treat them as @misc), RIS, CSL-JSON."""
        csl = self.csl()
        if not _verbatim_in_exports(csl):
            return dict(_exports(json.dumps(csl)))
        template = json.dumps(csl | {"id": ID_TOKEN, "title": TITLE_TOKEN, "URL": URL_TOKEN})
        values = {ID_TOKEN: csl["id"], TITLE_TOKEN: csl["title"], URL_TOKEN: csl["URL"]}
        return {key: _put(text, values) for key, text in _exports(template)}

    def paragraph(self, n) -> "Record":
        return replace(self, id=f"{self.id}-p{n}", url=f"{self.url}#p{n}", locator=str(n))


# Build speed: `mkdocs serve` rebuilds every page; a page whose record is unchanged gets its
# downloads from here. The exporters are pure (the files are a function of the CSL item alone),
# so they are memoised keyed on the item's JSON (its keys in their order, which csl_json keeps):
# a changed title or version is a new key.
@lru_cache(maxsize=2048)
def _exports(csl_json: str) -> tuple:
    record = [bibexport.Record(json.loads(csl_json))]
    return (("bibtex", bibexport.biblatex(record)), ("ris", bibexport.ris(record)), ("csl", bibexport.csl_json(record)))


def formatted(record: Record) -> dict:
    """style -> {"label", "reference" (HTML), "in_text" (HTML, with the paragraph locator)}.
    Formatted from the item as the references are (data/reflist.py: typographic quotes and
    apostrophes, "Bay’ah", as pandoc's citeproc prints them); the downloads keep the data."""
    template = formatted_template(record)
    if template is None:
        return _formatted(json.dumps(_html_escaped(citeproc_item(record.csl())), sort_keys=True), record.locator)
    texts, fill = template
    return {key: {"label": t["label"], "reference": fill(t["reference"]), "in_text": fill(t["in_text"])}
            for key, t in texts.items()}


def formatted_template(record: Record):
    """(texts, fill) when the record's title and URL can be put into its kind's formatted item,
    else None (the record is formatted directly). formatted() is {style: fill(text)}; fill(f(text))
    equals f(fill(text)) for an f that writes the title's and the URL's characters as they are:
    the door (data/safe_html.py) and lxml's plain text do, as _SAFE_TITLE and _SAFE_URL keep out
    markup, entities, quotes, spacing other than single spaces, and what HTML or XML would not keep."""
    csl = _html_escaped(citeproc_item(record.csl()))
    if not (_SAFE_TITLE.fullmatch(csl["title"]) and _SAFE_URL.fullmatch(csl["URL"])
            and not _holds_token(csl, TITLE_TOKEN, URL_TOKEN)):
        return None
    template = json.dumps(csl | {"id": "page", "title": TITLE_TOKEN, "URL": URL_TOKEN}, sort_keys=True)
    return _formatted(template, record.locator), _Filler(csl["title"], csl["URL"])


def _holds_token(csl: dict, *tokens) -> bool:
    """Whether a placeholder occurs, in any case, anywhere in the item (values included): putting
    the values in would then rewrite more than the placeholders."""
    text = json.dumps(csl, ensure_ascii=False).casefold()
    return any(token.casefold() in text for token in tokens)


def _html_escaped(csl: dict) -> dict:
    """citeproc-py's HTML formatter prints text as it is given: the item's text, escaped."""
    def escaped(value):
        if isinstance(value, str):
            return escape(value, quote=False)
        if isinstance(value, list):
            return [escaped(v) for v in value]
        if isinstance(value, dict):
            return {k: escaped(v) for k, v in value.items()}
        return value
    return {k: v if k in ("id", "URL", "issued") else escaped(v) for k, v in csl.items()}


def absent_token(token: str, text: str) -> str:
    """A placeholder (token, then token + "Q" ...) that occurs in no case in `text`, so putting
    the real value in its place cannot rewrite the text itself (a title reading "XPARANUMX")."""
    while token.casefold() in text.casefold():
        token += "Q"
    return token


# Build speed: every page's citation is the same CSL item but for its title and URL, so one
# item with placeholders is formatted per page kind and the page's own title and URL are put
# in its place. A style may change a title's case; each placeholder variant found in the
# output says which CSL text-case was applied, and citeproc-py's own case code is applied to
# the real title. Titles citeproc-py could treat differently in other ways (quotes and
# apostrophes it may curl, markup characters it escapes, periods a style may strip,
# punctuation that can merge with a following delimiter) take the direct path instead.
# This assumes a style applies a text-case to the title alone, as Chicago, APA and MLA do: a
# style casing a group that holds the title mid-string would show a placeholder variant that
# names the wrong case. tests/test_cite_exports.py compares both paths on every page title of
# the site and odd ones, for every style offered: a style added is compared too.
TITLE_TOKEN, URL_TOKEN = "xqa of Xqb xqc", "https://xqurlx.invalid/"
_NOT_SAFE = (r"\s'\"&<>.\u2018\u2019\u201c\u201d{}"
             r"\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff")   # controls, and what XML cannot hold (lxml)
_SAFE_TITLE = re.compile(rf"[^{_NOT_SAFE}]+(?: [^{_NOT_SAFE}]+)*(?<![,;:!?])")
_SAFE_URL = re.compile(r"https?://[A-Za-z0-9_~/:%#-]+(?:\.[A-Za-z0-9_~/:%#-]+)*/?")
CASES = (None, "lowercase", "uppercase", "capitalize-first", "capitalize-all", "title", "sentence")


class _Case(TextCased):
    """citeproc-py's text-case code, applied outside a style (language 'en', as the items say)."""
    def __init__(self, text_case):
        self.text_case = text_case

    def get(self, name, default=None):
        return self.text_case

    def __call__(self, text):
        return str(self.case(CSLString(text), "en"))


_TOKEN_CASES = {case: _Case(case)(TITLE_TOKEN) for case in CASES}   # how each text-case shows
_CASE_OF_TOKEN = {}   # each variant, the first case (in CASES' order) that writes it
for _case, _token in _TOKEN_CASES.items():
    _CASE_OF_TOKEN.setdefault(_token, _case)


class _Filler:
    """Puts a page's URL and title (in the case each placeholder variant shows) into a text
    formatted with placeholders, in one pass: a value put in is never read again."""
    PLACEHOLDERS = re.compile("|".join(map(re.escape, [URL_TOKEN, *_CASE_OF_TOKEN])))

    def __init__(self, title, url):
        self.title, self.url, self.cased = title, url, {}

    def _value(self, m):
        if m[0] == URL_TOKEN:
            return self.url
        case = _CASE_OF_TOKEN[m[0]]
        if case not in self.cased:
            self.cased[case] = _Case(case)(self.title)
        return self.cased[case]

    def __call__(self, text):
        return self.PLACEHOLDERS.sub(self._value, text)


# Build speed: a page's downloads are its kind's (and paragraph's) files with its id, title and
# URL put in, when each exporter writes those as they are: a title of letters, digits, single
# spaces and punctuation that neither LaTeX (_tex), JSON nor RIS escapes, an address of
# _SAFE_URL's characters, an id of a slug's; otherwise the page's own item is exported.
# tests/test_cite_exports.py compares both paths.
ID_TOKEN = "edition-xqidx"
_VERBATIM_ID = re.compile(r"[A-Za-z0-9_-]+")
_NOT_VERBATIM = r"\s\\{}$%&#_^~\"\x00-\x1f\x7f"   # spaces aside: what _tex, JSON or a RIS line would change
_VERBATIM_TITLE = re.compile(rf"[^{_NOT_VERBATIM}]+(?: [^{_NOT_VERBATIM}]+)*")


def _verbatim_in_exports(csl: dict) -> bool:
    return bool(_VERBATIM_ID.fullmatch(csl["id"]) and _VERBATIM_TITLE.fullmatch(csl["title"])
                and _SAFE_URL.fullmatch(csl.get("URL", "")) and not _holds_token(csl, ID_TOKEN, TITLE_TOKEN, URL_TOKEN))


_EXPORT_PLACEHOLDERS = re.compile("|".join(map(re.escape, [ID_TOKEN, TITLE_TOKEN, URL_TOKEN])))


def _put(text: str, values: dict) -> str:
    """The placeholders replaced in one pass: a value put in is never read again."""
    return _EXPORT_PLACEHOLDERS.sub(lambda m: values[m[0]], text)


@lru_cache(maxsize=2048)  # `mkdocs serve` rebuilds reformat only what changed
def _formatted(csl_json: str, locator: str | None) -> dict:
    out, csl = {}, json.loads(csl_json)
    # citeproc-py reads "5af4854" or "v1.2-3" as several numbers ("Versions 5af4854"): styles
    # get a token without digits (label "Version") and the real version is put in its place.
    version = csl.get("version")
    version_token = absent_token(VERSION_TOKEN, csl_json)
    if version:
        csl["version"] = version_token
    for key, (label, style) in STYLES.items():
        bib = CitationStylesBibliography(csl_style(style), CiteProcJSON([csl]), formatter.html)
        item = CitationItem(csl["id"], locator=Locator("paragraph", locator)) if locator else CitationItem(csl["id"])
        citation = Citation([item])
        bib.register(citation)
        in_quote = punctuation_in_quote(csl_style(style))   # rules citeproc-py leaves out (data/punctuation.py)
        out[key] = {"label": label,
                    "reference": punctuate(str(bib.bibliography()[0]), in_quote).replace(version_token, escape(version or "")),
                    "in_text": punctuate(str(bib.cite(citation, lambda _: None)), in_quote)}
    return out


def formatted_paragraphs(record: Record, numbers) -> dict:
    """n -> formatted(record.paragraph(n)), formatting once: paragraph citations differ only
    in the number (URL fragment and locator), so a placeholder is formatted and replaced."""
    token = absent_token(TOKEN, json.dumps(record.csl(), ensure_ascii=False))
    template = formatted(record.paragraph(token))
    return {n: {k: {f: v.replace(token, str(n)) for f, v in t.items()} for k, t in template.items()}
            for n in numbers}


# ----------------------------------------------------------------- settings and version

def load_settings(raw: dict, config_file, site: dict) -> Settings:
    """raw: the plugin's `citation` settings; site: site_name, site_url, repo_url, language."""
    where = Path(config_file)

    def line(*loc):   # the option's line in mkdocs.yml, found only for an error
        return mkdocs_yml.option_line(where, "reference-edition", ("citation", *loc))
    if not isinstance(raw, dict):
        raise DataError(where, f"{SETTINGS} is missing", "add it (see README, 'Who is credited')", line())
    unknown = set(raw) - set(CITATION_FIELDS)
    if unknown:
        raise DataError(where, f"{SETTINGS} has unknown key(s): {', '.join(map(str, sorted(unknown, key=str)))}",
                        f"allowed: {', '.join(CITATION_FIELDS)}", line(min(unknown, key=str)))
    for name, (kind, write) in CITATION_FIELDS.items():
        if raw.get(name) is not None and not isinstance(raw[name], kind):
            raise DataError(where, f"{SETTINGS}.{name} is {raw[name]!r}", f"write {write}", line(name))
    doi = raw.get("doi")
    if doi is not None and not DOI.fullmatch(doi):
        raise DataError(where, f"{SETTINGS}.doi is {doi!r}", f"write {CITATION_FIELDS['doi'][1]}", line("doi"))
    for name, text in _texts(raw, SETTINGS):
        wrong = characters.problem(text, plain=True)
        if len(text) > limits.FIELD_CHARS:
            wrong = f"is longer than {limits.FIELD_CHARS:,} characters (shorten it)"
        if wrong:
            raise DataError(where, f"{name}: {wrong}", line=line(*_loc(name)))
    authors = [_author(a, where, lambda n=n: line("authors", n)) for n, a in enumerate(raw.get("authors") or [])]
    if not authors:
        raise DataError(where, f"{SETTINGS}.authors is empty", "name the edition's editors", line("authors"))
    first = _date(raw.get("first_published"), where, lambda: line("first_published"))
    root = where.parent
    version = git_version(root)
    settings = Settings(
        authors=tuple(authors), publisher=raw.get("publisher") or site["site_name"],
        site_name=site["site_name"], site_url=(site.get("site_url") or "").rstrip("/") + "/",
        repo_url=(site.get("repo_url") or "").rstrip("/"), language=site.get("language") or "en",
        first_published=first or first_commit_date(root), license=raw.get("license"),
        version_url=DEFAULT_VERSION_URL if raw.get("version_url") is None else raw["version_url"],
        version=version, doi=doi)
    # Checked with every placeholder filled, whether or not this build has a version to fill in.
    _checked_version_url(replace(settings, version=Version("v0", "0" * 40, None, False)), where,
                         line=lambda: line("version_url"))
    return settings


def _loc(dotted: str) -> tuple:
    """("authors", 0, "name") from "reference-edition: citation.authors.0.name"."""
    return tuple(int(p) if p.isdigit() else p for p in dotted.removeprefix(f"{SETTINGS}.").split("."))


def _date(value, where, line) -> dt.date | None:
    """first_published as mkdocs.yml gives it: a date (unquoted) or "YYYY-MM-DD" (quoted).
    line(): its line in mkdocs.yml, found only for an error."""
    if not isinstance(value, str):
        return value
    write = "write a date that exists, as \"YYYY-MM-DD\", or null for the repository's first commit"
    try:
        return iso_date(value)
    except ValueError as err:
        raise DataError(where, f"{SETTINGS}.first_published is {value!r}, {err}", write, line()) from None


def _author(a, where, line) -> dict:
    """A CSL name: {name: ...} is a group, {family: ..., given: ...} a person. line(): its line."""
    if isinstance(a, dict) and all(isinstance(v, str) for v in a.values()):
        if set(a) == {"name"}:
            return {"literal": a["name"]}
        if "family" in a and set(a) <= {"family", "given"}:
            return dict(a)
    raise DataError(where, f"{SETTINGS}.authors: cannot read {a!r}",
                    "write a group as {name: ...} and a person as {family: ..., given: ...}", line())


def _texts(value, name):
    """(dotted name, text) of every string in the settings, as data/characters.py checks them."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, f"{name}.{k}")
    elif isinstance(value, list):
        for n, v in enumerate(value):
            yield from _texts(v, f"{name}.{n}")


def version_url(s: Settings, page_url: str = "") -> str | None:
    """The permanent address of this version of a page, or None if it cannot be known."""
    if not s.version.commit or not s.version_url:
        return None
    values = {"site_url": s.site_url, "repo_url": s.repo_url, "version": s.version.label,
              "commit": s.version.commit, "page": page_url}
    used = set(re.findall(r"{(\w+)}", s.version_url))
    if any(not values.get(k) for k in used - {"page"}):
        return None  # e.g. REPO_URL unset: no address rather than a wrong one
    return _checked_version_url(s, "mkdocs.yml", values)


def _checked_version_url(s: Settings, where, values=None, line=None) -> str:
    """The filled-in address, if it is an http(s) or relative address: it becomes a link on every
    page. line(): the option's line in mkdocs.yml, asked only for an error."""
    values = values or {"site_url": s.site_url, "repo_url": s.repo_url or "https://example.org/repo",
                        "version": s.version.label, "commit": s.version.commit, "page": "page/"}
    used = set(re.findall(r"{(\w+)}", s.version_url))
    if used - values.keys():
        raise DataError(where, f"{SETTINGS}.version_url uses unknown {sorted(used - values.keys())}",
                        "use {site_url}, {repo_url}, {version}, {commit}, {page}", line and line())
    try:
        url = s.version_url.format(**values)
    except (ValueError, IndexError, KeyError, AttributeError) as err:
        raise DataError(where, f"{SETTINGS}.version_url {s.version_url!r} cannot be filled in ({err})",
                        "write placeholders as {site_url}, {repo_url}, {version}, {commit}, {page}", line and line()) from None
    if s.version_url and not re.match(r"(?:https?://|(?![A-Za-z][A-Za-z0-9+.-]*:))", url) or url.startswith("//"):
        raise DataError(where, f"{SETTINGS}.version_url gives {url!r}, which is not an http(s) or relative address",
                        "write an address such as {site_url}v/{version}/{page}", line and line())
    try:
        safe_html(url, URL)
    except UnsafeValue as err:
        raise DataError(where, f"{SETTINGS}.version_url: {err}", "write an address such as {site_url}v/{version}/{page}",
                        line and line())
    return url
