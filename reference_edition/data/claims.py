"""The article's claims (seeds/<slug>.claims.yml): one record per claim, validated against the
seed text and refs.bib. A claim's anchor is its id (#p7-c2): permanent once published."""
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from . import inputs, limits, schema, yamlfile

from .errors import DataError, raise_all
from .safe_html import citations_in
from .verdicts import VERDICTS


class Source(NamedTuple):  # unpacks as (key, locator), like a glossary fact's citations
    key: str
    locator: str | None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    para: int
    number: str          # "7.2", as readers see it
    quote: str
    start: int           # offsets of the quote in its paragraph
    end: int
    verdict: str
    sources: tuple
    note: str
    line: int
    corrections: tuple = ()   # schema.Correction records (date, from_, to, why), oldest first

    @property
    def verdict_of(self):
        """Its row in the verdict table (data/verdicts.py)."""
        return VERDICTS[self.verdict]

    @property
    def verdict_label(self):
        return self.verdict_of.label

    @property
    def symbol(self):
        return self.verdict_of.symbol


_cache: dict = {}


def load_claims(path, paragraphs, refs) -> list[Claim]:
    """Claims in article order; any problem is a DataError naming the file and line.
    Cached on the file's modification time and the inputs it was checked against."""
    path = Path(path)
    stamp = inputs.checked_stat(path).st_mtime_ns
    key = (path, stamp, tuple(paragraphs), frozenset(refs))  # validity needs only the keys
    if key not in _cache:
        _cache.clear()
        _cache[key] = _load_claims(path, paragraphs, refs)
    return _cache[key]


def _load_claims(path, paragraphs, refs) -> list[Claim]:
    """Schema first (data/schema.py), then what needs the seed and refs.bib; every problem
    of the file is reported at once."""
    records, nodes = yamlfile.load_file(path)
    if records is None:
        records = []
    if isinstance(records, list) and len(records) > limits.CLAIMS_PER_ARTICLE:
        raise DataError(path, f"{len(records):,} claims; the limit is {limits.CLAIMS_PER_ARTICLE:,}",
                        "split the article, or raise the limit in data/limits.py",
                        yamlfile.line_of(nodes, (limits.CLAIMS_PER_ARTICLE,)))
    parsed = schema.validate(schema.ClaimsFile, records, nodes, path).root
    claims, errors, seen, ends = [], [], {}, {}
    for n, record in enumerate(parsed):
        line = yamlfile.line_of(nodes, (n,))
        try:
            claim = _claim(path, record, line, paragraphs, refs)
        except DataError as err:
            errors.append(err)
            continue
        if claim.id in seen:
            errors.append(DataError(path, f"claim id '{claim.id}' used twice (first at line {seen[claim.id]})",
                                    "give each claim its own id; published ids never change", line))
        elif (claim.para, claim.end) in ends:
            errors.append(DataError(path, f"claims '{ends[claim.para, claim.end]}' and '{claim.id}' end at "
                                    "the same place", "end one quote a word earlier or later", line))
        seen.setdefault(claim.id, line)
        ends.setdefault((claim.para, claim.end), claim.id)
        claims.append(claim)
    raise_all(errors)
    return sorted(claims, key=lambda c: (c.para, c.end))


def _claim(path, r: schema.ClaimRecord, line, paragraphs, refs) -> Claim:
    def fail(problem, fix=""):
        raise DataError(path, f"claim '{r.id}': {problem}", fix, line)

    m = schema.CLAIM_ID.fullmatch(r.id)
    para = int(m["para"])
    if para > len(paragraphs):
        fail(f"paragraph {para} does not exist (the article has {len(paragraphs)})")
    paragraph = paragraphs[para - 1]
    count = paragraph.count(r.quote)
    if count != 1:
        fail(f"quote found {count} times in paragraph {para}; it must occur exactly once",
             "copy the claim's words exactly from the seed, curly quotes included")
    for s in r.sources:
        if s.key not in refs:
            fail(f"cites unknown key {s.key!r}", "add the source to refs.bib or fix the key")
    for key, _ in citations_in(r.note):
        if key not in refs:
            fail(f"note: cites unknown key {key!r}", "add the source to refs.bib or fix the key")
    if VERDICTS[r.verdict].needs_source and not r.sources:
        fail(f"verdict '{r.verdict}' needs at least one source")
    if r.corrections and r.corrections[-1].to != r.verdict:
        fail(f"the last correction changes the verdict to '{r.corrections[-1].to}', but the verdict is "
             f"'{r.verdict}'", "a correction records the change that made the current verdict")
    start = paragraph.index(r.quote)
    return Claim(r.id, para, f"{para}.{m['n']}", r.quote, start, start + len(r.quote), r.verdict,
                 tuple(Source(s.key, s.locator) for s in r.sources), " ".join(r.note.split()), line,
                 tuple(r.corrections))
