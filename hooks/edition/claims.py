"""The article's claims (seeds/<slug>.claims.yml): one record per claim, validated against the
seed text and refs.bib. A claim's anchor is its id (#p7-c2): permanent once published."""
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from . import yamlfile

from .errors import DataError

ID_RE = re.compile(r"^p(?P<para>[1-9][0-9]*)-c(?P<n>[1-9][0-9]*)$")
# verdict -> (label, symbol). The symbol's shape, not only its colour, carries the verdict.
VERDICTS = {
    "supported": ("Supported", "●"),
    "partly-supported": ("Partly supported", "◐"),
    "not-found": ("Not found in the sources", "○"),
    "contradicted": ("Contradicted", "✕"),
    "opinion": ("Analysis/opinion", "◇"),
}
FACTUAL = ("supported", "partly-supported", "contradicted")


class Source(NamedTuple):  # unpacks as (key, locator), like a glossary fact's citations
    key: str
    locator: str | None


@dataclass(frozen=True)
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

    @property
    def verdict_label(self):
        return VERDICTS[self.verdict][0]

    @property
    def symbol(self):
        return VERDICTS[self.verdict][1]


_cache: dict = {}


def load_claims(path, paragraphs, refs) -> list[Claim]:
    """Claims in article order; any problem is a DataError naming the file and line.
    Cached on the file's modification time and the inputs it was checked against."""
    path = Path(path)
    key = (path, path.stat().st_mtime_ns, tuple(paragraphs), frozenset(refs))  # validity needs only the keys
    if key not in _cache:
        _cache.clear()
        _cache[key] = _load_claims(path, paragraphs, refs)
    return _cache[key]


def _load_claims(path, paragraphs, refs) -> list[Claim]:
    text = path.read_text(encoding="utf-8")
    try:
        records, nodes = yamlfile.load_with_node(text)
        records = records or []
    except yamlfile.YAMLError as err:
        raise DataError(path, f"not valid YAML: {err}") from None
    if not isinstance(records, list):
        raise DataError(path, "expected a list of claim records")
    lines = [n.start_mark.line + 1 for n in nodes.value] if nodes is not None else []
    claims, seen, ends = [], {}, {}
    for record, line in zip(records, lines):
        claim = _claim(path, record, line, paragraphs, refs)
        if claim.id in seen:
            raise DataError(path, f"claim id '{claim.id}' used twice (first at line {seen[claim.id]})", line=line)
        seen[claim.id] = line
        if (claim.para, claim.end) in ends:
            raise DataError(path, f"claims '{ends[claim.para, claim.end]}' and '{claim.id}' end at the same place",
                            "end one quote a word earlier or later", line=line)
        ends[claim.para, claim.end] = claim.id
        claims.append(claim)
    return sorted(claims, key=lambda c: (c.para, c.end))


def _claim(path, r, line, paragraphs, refs) -> Claim:
    def fail(problem, fix=""):
        raise DataError(path, f"claim '{r.get('id', '?')}': {problem}" if isinstance(r, dict) else problem, fix, line)

    if not isinstance(r, dict):
        fail("each claim must be a mapping with id, quote, verdict, sources, note")
    unknown = set(r) - {"id", "quote", "verdict", "sources", "note"}
    if unknown:
        fail(f"unknown field(s) {sorted(unknown)}", "allowed: id, quote, verdict, sources, note")
    m = ID_RE.match(str(r.get("id", "")))
    if not m:
        fail("id must look like p7-c2 (paragraph 7, claim 2)")
    para = int(m["para"])
    if para > len(paragraphs):
        fail(f"paragraph {para} does not exist (the article has {len(paragraphs)})")
    quote, paragraph = r.get("quote") or "", paragraphs[para - 1]
    count = paragraph.count(quote) if quote else 0
    if count != 1:
        fail(f"quote found {count} times in paragraph {para}; it must occur exactly once",
             "copy the claim's words exactly from the seed, curly quotes included")
    if r.get("verdict") not in VERDICTS:
        fail(f"verdict {r.get('verdict')!r} is not one of {', '.join(VERDICTS)}")
    sources = []
    for s in r.get("sources") or []:
        key = s.get("key") if isinstance(s, dict) else None
        if key not in refs:
            fail(f"cites unknown key {key!r}", "add the source to refs.bib or fix the key")
        sources.append(Source(key, s.get("locator") or None))
    if r["verdict"] in FACTUAL and not sources:
        fail(f"verdict '{r['verdict']}' needs at least one source")
    if not (r.get("note") or "").strip():
        fail("missing note", "say in one or two sentences why the verdict is what it is")
    start = paragraph.index(quote)
    return Claim(r["id"], para, f"{para}.{m['n']}", quote, start, start + len(quote), r["verdict"],
                 tuple(sources), " ".join(r["note"].split()), line)
