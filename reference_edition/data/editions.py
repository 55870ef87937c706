"""Fixed editions: what each release contained, recorded as data (editions/<tag>.yml) when it was
released (scripts/release_edition.py, `make release`), so that the build can compare editions and
check their anchors with no git tags and no network (CI checks out main only).

A manifest records, per edition: its tag and date; per article, the paragraph anchors and each
claim's id, verdict, number of corrections, and digests of its quote, note and sources; per
refs.bib entry, a digest of each field and its number of corrections (refs-corrections.yml); per
glossary entry, a digest of each field. Digests, not copies: the repository's history holds the
texts, the manifest only what is needed to say what changed.

Corrections are counted, not dated: the log is appended to, so the entries an edition did not
yet have are those past its count. What changed in verdicts between two editions is read from the
corrections log (the claims files), and must agree with the verdicts both manifests record.
Every anchor of every edition must still exist: a reader's link to an edition's ¶ or claim keeps
working on the current site."""
import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path

import yaml

from . import inputs, schema, yamlfile
from .model import once_per_model
from .errors import DataError, raise_all
from .schema import DIGEST_CHARS, ArticleState, ClaimState, EntryState, Manifest, Tag, TermState

TAG_RE = Tag.__metadata__[0].pattern   # also what scripts/release_edition.py accepts
ALIASES = "aliases.yml"   # in editions/, beside the manifests: anchors that lead elsewhere now
HEADER = ("# A fixed edition of the reference edition, written by scripts/release_edition.py (make release).\n"
          "# Do not edit: the build compares editions with it, and checks that its anchors still exist.\n")


@dataclass(frozen=True)
class Loaded:
    """A manifest as read, with where it came from (for messages)."""
    path: Path
    manifest: Manifest
    node: object          # the YAML node tree: lines for messages

    def line(self, *loc):
        return yamlfile.line_of(self.node, loc)


# ------------------------------------------------------------------ an edition's state, from the model

def digest(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def entry_fields(ref) -> dict:
    """A refs.bib entry as fields: every field as written, each role's names, and its entry type."""
    return {"entrytype": ref.type, **{k.lower(): v for k, v in ref.fields.items()},
            **{role.lower(): list(names) for role, names in ref.persons.items()}}


def term_fields(entry) -> dict:
    """A glossary entry as the fields of its file (schema.GlossaryRecord), not as the model keeps it."""
    return {name: _plain(getattr(entry, name)) for name in schema.GlossaryRecord.model_fields}


def _plain(value):
    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


@once_per_model
def current_state(edition) -> Manifest:
    """state(edition) of the current tree: check() and history() both read it."""
    return state(edition)


def state(edition, tag: str | None = None, date: dt.date | None = None) -> Manifest:
    """The edition model as a manifest (tag and date None: the current tree, not yet an edition)."""
    log = _bib_log(edition)
    return Manifest.model_construct(
        edition=tag, date=date,
        articles=[ArticleState.model_construct(
            slug=a.slug, paragraphs=[f"p{n}" for n in range(1, len(a.text.paragraphs) + 1)],
            claims=[ClaimState.model_construct(
                id=c.id, verdict=c.verdict, corrections=len(c.corrections), quote=digest(c.quote),
                note=digest(c.note), sources=digest([list(s) for s in c.sources])) for c in a.claims])
            for a in edition.articles],
        bibliography=[EntryState.model_construct(
            key=key, fields={k: digest(v) for k, v in entry_fields(ref).items()}, corrections=len(log.get(key, ())))
            for key, ref in sorted(edition.refs.items())],
        glossary=[TermState.model_construct(slug=slug, fields={k: digest(v) for k, v in term_fields(e).items()})
                  for slug, e in sorted((edition.glossary.entries if edition.glossary else {}).items())])


def dump(manifest: Manifest) -> str:
    """The manifest as its file's text: one line per claim, paragraph list and entry's fields."""
    data = manifest.model_dump(mode="python")
    # libyaml's dumper where PyYAML has it: the same text (tests/test_editions.py compares), five times faster
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return HEADER + yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10 ** 6,
                              default_flow_style=None)


# ------------------------------------------------------------------ reading editions/

def load_editions(directory) -> tuple[Loaded, ...]:
    """Every manifest in editions/ as the files are now, oldest first; every problem of every file
    at once. Read afresh on each call, so a manifest just written (scripts/release_edition.py) is
    read back with no cache to clear: parsing, the costly part, is cached per file and change of
    the file by yamlfile.load_file; validating a parsed manifest of 48 KB took 0.5 ms."""
    files = [p for p in inputs.data_files(Path(directory), (".yml", ".yaml", ".json")) if p.name != ALIASES]
    loaded, errors = [], []
    for path in files:
        if path.suffix != ".yml":
            errors.append(DataError(path, "an edition manifest is <tag>.yml; this file is not read",
                                    "remove it, or write editions with `make release EDITION=<tag>`"))
            continue
        try:
            data, node = yamlfile.load_file(path)
            m = Loaded(path, schema.validate(Manifest, data if data is not None else {}, node, path), node)
        except DataError as err:
            errors.append(err)
            continue
        if path.name != f"{m.manifest.edition}.yml":
            errors.append(DataError(path, f"edition: '{m.manifest.edition}' is not this file's name",
                                    f"a manifest is editions/<tag>.yml: rename the file or the tag", m.line("edition")))
        loaded.append(m)
    raise_all(errors)
    loaded.sort(key=lambda m: (m.manifest.date, m.manifest.edition))
    for older, newer in zip(loaded, loaded[1:]):
        if older.manifest.date == newer.manifest.date:
            raise DataError(newer.path, f"date: {newer.manifest.date} is also the date of {older.manifest.edition}",
                            "one edition per day: date the later one later", newer.line("date"))
    return tuple(loaded)


@dataclass(frozen=True)
class Alias:
    """An anchor of an edition that now leads elsewhere on its article page (editions/aliases.yml)."""
    article: str
    anchor: str
    to: str
    why: str
    path: Path
    line: int

    @property
    def paragraph(self) -> int:
        """The paragraph the alias is placed in: `to`'s (p7 or p7-c2: 7)."""
        return int(schema.ANCHOR.fullmatch(self.to)["para"])

    @property
    def to_label(self) -> str:
        """"¶ 7" for p7, "claim 7.3" for p7-c3."""
        m = schema.ANCHOR.fullmatch(self.to)
        return f"claim {m['para']}.{m['n']}" if m["n"] else f"¶ {m['para']}"


def load_aliases(directory) -> tuple[Alias, ...]:
    """editions/aliases.yml's records, if the file exists."""
    path = Path(directory) / ALIASES
    if inputs.mtime(path) is None:
        return ()
    data, node = yamlfile.load_file(path)
    records = schema.validate(schema.AnchorAliasesFile, data if data is not None else [], node, path).root
    return tuple(Alias(r.article, r.anchor, r.to, " ".join(r.why.split()), path, yamlfile.line_of(node, (n,)))
                 for n, r in enumerate(records))


def aliased_paragraphs(aliases, edition) -> dict:
    """article page -> {paragraph number: [alias anchors placed at its start]}."""
    pages = {a.slug: a.page for a in edition.articles}
    out = {}
    for alias in aliases:
        out.setdefault(pages[alias.article], {}).setdefault(alias.paragraph, []).append(alias.anchor)
    return out


def _anchors_now(article) -> set:
    return {f"p{n}" for n in range(1, len(article.text.paragraphs) + 1)} | {c.id for c in article.claims}


def _check_aliases(aliases, edition) -> list[DataError]:
    """Each alias names a current article, leads to one of its anchors, and is no anchor of it itself."""
    errors, current, seen = [], {a.slug: a for a in edition.articles}, set()
    for alias in aliases:
        article = current.get(alias.article)
        if article is None:
            errors.append(DataError(alias.path, f"article: '{alias.article}' is not an article of the edition",
                                    "give the slug of the article the anchor belongs to", alias.line))
            continue
        anchors = _anchors_now(article)
        if alias.to not in anchors:
            errors.append(DataError(alias.path, f"to: #{alias.to} is not an anchor of {article.page}",
                                    "lead it to a paragraph (p7) or a claim (p7-c2) the article has", alias.line))
        if alias.anchor in anchors:
            errors.append(DataError(alias.path, f"anchor: #{alias.anchor} is an anchor of {article.page} already",
                                    "remove the alias: the anchor leads to its own place", alias.line))
        if (alias.article, alias.anchor) in seen:
            errors.append(DataError(alias.path, f"anchor: #{alias.anchor} of {article.page} is aliased twice",
                                    "keep one", alias.line))
        seen.add((alias.article, alias.anchor))
    return errors


# ------------------------------------------------------------------ the checks

def check(editions: tuple[Loaded, ...], edition, aliases: tuple[Alias, ...] = ()) -> None:
    """Every anchor of every edition still exists, or is aliased; every change of verdict between
    editions (and since the last) is in the corrections log; no log entry an edition counted was
    removed."""
    errors = _check_aliases(aliases, edition)
    aliased = {(a.article, a.anchor) for a in aliases}
    for m in editions:
        errors += _anchors(m, edition, aliased)
    current, log = {a.slug: a for a in edition.articles}, _bib_log(edition)
    for m in editions:
        for n, e in enumerate(m.manifest.bibliography):
            if e.key in edition.refs and len(log.get(e.key, ())) < e.corrections:
                errors.append(DataError(m.path, f"entry '{e.key}' had {e.corrections} correction(s) in "
                                        f"refs-corrections.yml at {m.manifest.edition}, now {len(log.get(e.key, ()))}",
                                        "the corrections log is only added to: restore the record, in the file "
                                        "mkdocs.yml names as bibliography_corrections",
                                        m.line("bibliography", n, "corrections")))
    now = current_state(edition)
    for older, newer in zip(editions, [*editions[1:], None]):
        for i, a in enumerate(older.manifest.articles):
            article = current.get(a.slug)
            if article is None:
                continue   # reported by _anchors
            claims = {c.id: c for c in article.claims}
            later = {c.id: c for c in _article(newer.manifest if newer else now, a.slug).claims}
            for j, was in enumerate(a.claims):
                claim, then = claims.get(was.id), later.get(was.id)
                if claim is None or then is None:
                    continue
                where = newer.manifest.edition if newer else "the current claims file"
                if len(claim.corrections) < then.corrections or then.corrections < was.corrections:
                    errors.append(DataError(older.path, f"claim {was.id}: {was.corrections} correction(s) at "
                                            f"{older.manifest.edition}, {then.corrections} in {where}, "
                                            f"{len(claim.corrections)} now",
                                            "the corrections log is only added to: restore the claim's corrections",
                                            older.line("articles", i, "claims", j, "corrections")))
                    continue
                new = claim.corrections[was.corrections:then.corrections]
                if not new and was.verdict != then.verdict:
                    errors.append(DataError(older.path, f"claim {was.id}: verdict '{was.verdict}' at "
                                            f"{older.manifest.edition}, '{then.verdict}' in {where}, and no "
                                            "correction between them records it",
                                            f"add a corrections record (date, from, to, why) to claim {was.id} "
                                            f"in its claims file (line {claim.line})",
                                            older.line("articles", i, "claims", j, "verdict")))
                elif new and (new[0].from_ != was.verdict or new[-1].to != then.verdict):
                    errors.append(DataError(older.path, f"claim {was.id}: verdict '{was.verdict}' at "
                                            f"{older.manifest.edition}, '{then.verdict}' in {where}, but its "
                                            f"corrections since go from '{new[0].from_}' to '{new[-1].to}'",
                                            f"make claim {was.id}'s corrections records (its claims file, line "
                                            f"{claim.line}) say what changed",
                                            older.line("articles", i, "claims", j, "verdict")))
    raise_all(errors)


def _article(manifest: Manifest, slug: str) -> ArticleState:
    return next((a for a in manifest.articles if a.slug == slug), ArticleState.model_construct(
        slug=slug, paragraphs=[], claims=[]))


def _anchors(m: Loaded, edition, aliased=frozenset()) -> list[DataError]:
    """An edition's anchors missing from the current articles (and not aliased), one error each."""
    errors, current = [], {a.slug: a for a in edition.articles}
    fix = (f"restore it: readers' links to that edition lead to it (a claim that replaces another keeps its "
           f"id); or, if it is withdrawn, add it to editions/{ALIASES} with the anchor it now leads to")
    for i, a in enumerate(m.manifest.articles):
        article = current.get(a.slug)
        if article is None:
            errors.append(DataError(m.path, f"article '{a.slug}' of {m.manifest.edition} is not in the edition now",
                                    "restore it in mkdocs.yml's articles: its page and anchors are cited",
                                    m.line("articles", i, "slug")))
            continue
        paragraphs = len(article.text.paragraphs)
        for j, anchor in enumerate(a.paragraphs):
            if int(schema.ANCHOR.fullmatch(anchor)["para"]) > paragraphs and (a.slug, anchor) not in aliased:
                errors.append(DataError(m.path, f"anchor #{anchor} of {article.page} ({m.manifest.edition}) is "
                                        f"missing: the article now has {paragraphs} paragraphs", fix,
                                        m.line("articles", i, "paragraphs", j)))
        ids = {c.id for c in article.claims}
        for j, c in enumerate(a.claims):
            if c.id not in ids and (a.slug, c.id) not in aliased:
                errors.append(DataError(m.path, f"anchor #{c.id} of {article.page} ({m.manifest.edition}) is "
                                        f"missing: no claim has the id {c.id}", fix,
                                        m.line("articles", i, "claims", j, "id")))
    return errors


# ------------------------------------------------------------------ what changed between two editions

@dataclass(frozen=True)
class ClaimChange:
    article: object       # model.ArticleModel (the current one)
    id: str
    claim: object         # claims.Claim, as it is now; None if removed
    what: tuple           # "added", "removed", or the parts changed: "quote", "note", "sources"
    corrections: tuple    # schema.Correction records between the two editions (changes of verdict)
    alias: Alias | None = None   # where a removed claim's anchor leads now

    @property
    def number(self) -> str:
        """"7.2" for p7-c2, as readers see it (a removed claim has no Claim to ask)."""
        m = schema.CLAIM_ID.fullmatch(self.id)
        return f"{m['para']}.{m['n']}"


@dataclass(frozen=True)
class EntryChange:
    key: str              # refs.bib key or glossary slug
    status: str           # "added", "removed", "changed"
    fields: tuple         # ("field", "added" | "removed" | "changed"), for a changed entry
    current: object       # bib.Reference or glossary.Entry, None if removed
    corrections: tuple = ()   # schema.BibCorrection records between the two editions

    @property
    def fields_by_change(self) -> list:
        """[("changed", [field, ...]), ("added", [...]), ("removed", [...])], the empty ones left out."""
        return [(how, names) for how in ("changed", "added", "removed")
                if (names := [f for f, h in self.fields if h == how])]


@dataclass(frozen=True)
class Changes:
    older: Manifest
    newer: Manifest       # its edition is None for the current tree
    claims: tuple         # ClaimChange
    bibliography: tuple   # EntryChange
    glossary: tuple       # EntryChange

    @property
    def verdicts(self) -> tuple:
        return tuple(c for c in self.claims if c.corrections)

    def __bool__(self):
        return bool(self.claims or self.bibliography or self.glossary)


def history(editions: tuple[Loaded, ...], edition, aliases: tuple[Alias, ...] = ()) -> list[Changes]:
    """What changed in each edition since the one before, and since the last edition (the current
    tree: its `newer.edition` is None), oldest first. Run after check()."""
    manifests = [m.manifest for m in editions] + [current_state(edition)]
    return [changes(a, b, edition, aliases) for a, b in zip(manifests, manifests[1:])]


def changes(older: Manifest, newer: Manifest, edition, aliases: tuple[Alias, ...] = ()) -> Changes:
    return Changes(older, newer, tuple(_claims(older, newer, edition, aliases)),
                   tuple(_entries(older.bibliography, newer.bibliography, "key", edition.refs,
                                  _bib_log(edition))),
                   tuple(_entries(older.glossary, newer.glossary, "slug",
                                  edition.glossary.entries if edition.glossary else {}, {})))


def _claims(older, newer, edition, aliases):
    current, moved = {a.slug: a for a in edition.articles}, {(a.article, a.anchor): a for a in aliases}
    for a in newer.articles:
        article = current.get(a.slug)
        if article is None:
            continue
        claims = {c.id: c for c in article.claims}
        before = {c.id: c for c in _article(older, a.slug).claims}
        kept = {c.id for c in a.claims}
        for was in before.values():
            if was.id not in kept:
                yield ClaimChange(article, was.id, None, ("removed",), (), moved.get((a.slug, was.id)))
        for now in a.claims:
            was, claim = before.get(now.id), claims.get(now.id)
            if claim is None:
                continue
            if was is None:
                yield ClaimChange(article, now.id, claim, ("added",), ())
                continue
            what = tuple(part for part in ("quote", "note", "sources") if getattr(was, part) != getattr(now, part))
            logged = tuple(claim.corrections[was.corrections:now.corrections])
            if what or logged:
                yield ClaimChange(article, now.id, claim, what, logged)


def _bib_log(edition) -> dict:
    """refs.bib key -> its records in the bibliography's corrections log, in file order."""
    log = {}
    for r in edition.bib_corrections:
        log.setdefault(r.key, []).append(r)
    return log


def _entries(older, newer, name, current, log):
    """Entries added, removed or changed (with the fields that changed), in key order."""
    before, after = {getattr(e, name): e for e in older}, {getattr(e, name): e for e in newer}
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if now is None:
            yield EntryChange(key, "removed", (), None)
            continue
        entries = log.get(key, [])[was.corrections if was else 0:now.corrections] if hasattr(now, "corrections") else []
        if was is None:
            yield EntryChange(key, "added", (), current.get(key), tuple(entries))
            continue
        fields = tuple((f, "added" if f not in was.fields else "removed" if f not in now.fields else "changed")
                       for f in sorted(was.fields.keys() | now.fields.keys()) if was.fields.get(f) != now.fields.get(f))
        if fields or entries:
            yield EntryChange(key, "changed", fields, current.get(key), tuple(entries))
