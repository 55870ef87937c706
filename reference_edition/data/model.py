"""The edition model: the articles with their claims, the sources, the glossary, the values to
flag as unconfirmed, and the cross-reference index, read and checked from data before any
page renders. The plugin generates every page from it; nothing here imports MkDocs.

Anchors and back-link labels are defined here once; the page templates print them and the
index lists them, so a "Cited in" link always lands where the citation is."""
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property, wraps
from itertools import chain
from pathlib import Path
from types import MappingProxyType

from . import limits, unconfirmed
from .inputs import check_inside, files_digest, mtime
from .bib import load_bibliography
from .bibcorrections import load_bib_corrections
from .claims import Claim, load_claims
from .errors import DataError
from .glossary import Glossary, load_glossary
from .index import Citing, Index
from .safe_html import citations_in
from . import bibexport, export_cache
from .cache_seal import cache_file
from .bibpages import BIBLIOGRAPHY_PAGE, Layout, layout
from .seed import Article, bib_keys, load_article

CLAIMS_PAGE = "claims.md"
METHOD_PAGE = "method.md"
GLOSSARY_INDEX = "glossary/index.md"
ABOUT_ANCHOR = "about"        # the article's "About this text" box
ABOUT_LABEL = "About this text"


def once_per_model(make):
    """make(edition), computed again only for a new model: a model never changes once built, and
    a new one is built only when a data file changed (load_edition), so what depends on the model
    alone (the glossary's pages, the current tree's manifest) is made once across serve rebuilds."""
    last = {}

    @wraps(make)
    def made(edition):
        if last.get("edition") is not edition:
            last.clear()
            last.update(edition=edition, value=make(edition))
        return last["value"]
    return made


def glossary_page(slug: str) -> str:
    return f"glossary/{slug}.md"


@dataclass(frozen=True)
class ArticleModel:
    text: Article
    claims: tuple[Claim, ...]
    prefix: str    # "" for the first article; "<slug>-" for others, so their anchors on shared
    #                pages never collide and adding an article changes no existing anchor
    named: bool = False   # the edition has several articles: shared pages' labels name this one
    unconfirmed: tuple = ()   # unconfirmed.Sourced: meta.yml's own items about the text as a whole

    @property
    def slug(self) -> str:
        return self.text.meta["slug"]

    @property
    def page(self) -> str:
        return f"{self.slug}.md"

    @property
    def title(self) -> str:
        return self.text.title

    def bib_keys(self) -> list[str]:
        """The article's own sources (this text, the original, republications)."""
        return bib_keys(self.text.meta)

    def note_label(self, claim: Claim) -> str:
        return f"¶ {claim.para}, claim {claim.number}"

    def row_anchor(self, claim: Claim) -> str:
        """The claim's row on the shared Claims and sources page."""
        return f"claim-{self.prefix}{claim.id}"

    def row_label(self, claim: Claim) -> str:
        return f"Claims table, {self.title + ', ' if self.named else ''}{claim.number}"


@dataclass(frozen=True)
class Edition:
    bib_path: Path
    refs: dict                    # key -> bib.Reference
    articles: tuple[ArticleModel, ...]
    glossary: Glossary | None
    flags: tuple                  # unconfirmed.Flag: every value shown only with "[unconfirmed]"
    matcher: "unconfirmed.Matcher | None"   # the flagger for these values (None if nothing is flagged)
    index: Index
    exports: "Compressed"         # the bibliography for other software, file name -> its UTF-8 bytes (data/bibexport.py)
    bibtex_compressed: bytes      # bibtex_blocks as zlib-compressed JSON (2.2 MB -> 0.5 MB at 5,000 entries)
    bib_layout: Layout            # which page shows each entry, and the one way to link to it (data/bibpages.py)
    bib_corrections: tuple = ()   # bibcorrections: corrections to bibliographic facts, for the log
    inputs_digest: str | None = None   # SHA-256 of the input files' bytes it was made from (None: unknown)

    def article(self, page: str) -> ArticleModel | None:
        return next((a for a in self.articles if a.page == page), None)

    @property
    def bibtex_blocks(self) -> dict:
        """key -> the entry's BibTeX as the bibliography page shows it (/refs.bib's): read once
        per build, when the bibliography's pages are generated."""
        return json.loads(zlib.decompress(self.bibtex_compressed))

    @cached_property   # asked once per page converted; the model never changes
    def generated_pages(self) -> frozenset[str]:
        """Pages whose citations the model lists (the citations extension checks them)."""
        pages = {a.page for a in self.articles} | self.bib_layout.sources
        if self.articles:
            pages |= {CLAIMS_PAGE, METHOD_PAGE}
        if self.glossary:
            pages |= {GLOSSARY_INDEX} | {glossary_page(s) for s in self.glossary.entries}
        return frozenset(pages)


class Compressed(Mapping):
    """file name -> bytes, held compressed: the exports are read only when the bibliography's
    files are written (pages/bibliography_page.py), once per build, and serve keeps the model
    between rebuilds; at 5,000 entries they weigh 5 MB, 1 MB compressed. Read-only."""

    def __init__(self, files: dict):
        self._files = MappingProxyType({name: zlib.compress(data, 1) for name, data in files.items()})

    def __getitem__(self, name) -> bytes:
        return zlib.decompress(self._files[name])

    def __iter__(self):
        return iter(self._files)

    def __len__(self):
        return len(self._files)


_cache: dict = {}


def load_edition(bib_path, articles=(), glossary_dir=None, bib_corrections=None, root=None) -> Edition:
    """articles: (seed path, claims path) pairs, in the order the site lists them;
    bib_corrections: refs-corrections.yml, if any; root: the project folder (of mkdocs.yml), which
    every one of these paths must lead inside. Loaded again only when an input file changed (the
    loaders below cache on modification times too)."""
    bib_path = Path(bib_path)
    if root is not None:
        for path in [bib_path, *chain.from_iterable(articles), *([glossary_dir] if glossary_dir else []),
                     *([bib_corrections] if bib_corrections else [])]:
            check_inside(path, root)
    inputs = [bib_path, *chain.from_iterable(articles)] + ([Path(bib_corrections)] if bib_corrections else [])
    inputs += [Path(s).with_suffix(".meta.yml") for s, _ in articles]
    if glossary_dir:
        inputs += sorted(Path(glossary_dir).glob("*.y*ml"))
    stamp = tuple((str(p), mtime(p)) for p in map(Path, inputs))
    if stamp not in _cache:
        _cache.clear()
        digest = files_digest(inputs, limits.BIB_FILE_BYTES)   # data/derived_cache.py keys on it
        edition = _load(bib_path, articles, glossary_dir, bib_corrections)
        if tuple((str(p), mtime(p)) for p in map(Path, inputs)) != stamp:
            digest = None   # a file changed while the model loaded: its bytes may not be the ones read
        _cache[stamp] = replace(edition, inputs_digest=digest)
    return _cache[stamp]


def _load(bib_path, articles, glossary_dir, bib_corrections=None) -> Edition:
    refs = load_bibliography(bib_path)
    corrections = load_bib_corrections(bib_corrections, refs) if bib_corrections else ()
    models, seen = [], {}
    for n, (seed, claims) in enumerate(articles):
        text = load_article(seed)
        unconfirmed.check_meta(text, refs)   # its dates and addresses against refs.bib
        model = ArticleModel(text, tuple(load_claims(claims, text.paragraphs, refs)),
                             "" if n == 0 else f"{text.meta['slug']}-", unconfirmed=unconfirmed.meta_items(text))
        if model.slug in seen:
            raise DataError(text.meta_path, f"slug '{model.slug}' is also the slug of {seen[model.slug]}",
                            "give each article its own slug: it is the article page's address")
        seen[model.slug] = text.meta_path
        models.append(model)
    if len(models) > 1:
        models = [replace(m, named=True) for m in models]
    glossary = load_glossary(glossary_dir, refs) if glossary_dir else None
    metas = tuple(chain.from_iterable(a.unconfirmed for a in models))
    flags = tuple(unconfirmed.flagged_values(refs, metas))
    exports, blocks = _exports(bib_path, refs, flags)
    return Edition(bib_path, refs, tuple(models), glossary, flags,
                   unconfirmed.Matcher.of(list(flags)) if flags else None, _index(models, glossary),
                   exports, blocks, layout(refs), corrections)


def _exports(bib_path, refs, flags):
    """The bibliography for other software, file name -> UTF-8 bytes, and each entry's BibTeX block:
    written once per model, not once per build (a serve rebuild after a page edit reuses them),
    kept on disk too (a build whose refs.bib and flags did not change reads them back), and made
    here, so that `make check` (which loads this model) reports what the build would."""
    try:
        made = export_cache.kept(refs, flags, cache_file(bib_path, "exports"), lambda: make_exports(refs, flags))
    except bibexport.ExportError as err:
        raise DataError(bib_path, str(err), err.fix, line=refs[err.key].line) from None
    except (ValueError, KeyError) as err:
        raise DataError(bib_path, f"the bibliography exports cannot be written: {err}",
                        "see data/bibexport.py for what each export needs") from None
    return (Compressed({name: text.encode("utf-8") for name, text in made["files"].items()}),
            zlib.compress(json.dumps(made["blocks"], ensure_ascii=False).encode("utf-8"), 1))


def make_exports(refs, flags) -> dict:
    """{"files": file name -> text, "blocks": key -> BibTeX block}, as export_cache keeps them."""
    recs = bibexport.records(refs, flags)
    return {"files": {"refs.bib": bibexport.bibtex(recs, bibexport.BIBTEX_HEADER),
                      "refs.json": bibexport.csl_json(recs),
                      "refs-biblatex.bib": bibexport.biblatex(recs, bibexport.BIBLATEX_HEADER)},
            "blocks": bibexport.bibtex_blocks(recs)}


def _index(articles, glossary) -> Index:
    """Every citation and mention the generated pages will show, in page order."""
    index = Index()
    for a in articles:
        for key in a.bib_keys():
            index.cite(key, Citing(a.page, ABOUT_ANCHOR, ABOUT_LABEL))
        for c in a.claims:
            for key, _ in c.sources + tuple(citations_in(c.note)):   # the note may cite too (Markdown)
                index.cite(key, Citing(a.page, c.id, a.note_label(c)))
    for a in articles:
        for c in a.claims:
            for key, _ in c.sources + tuple(citations_in(c.note)):
                index.cite(key, Citing(CLAIMS_PAGE, a.row_anchor(c), a.row_label(c)))
    if glossary:
        for entry in glossary.entries.values():
            for n, fact in enumerate(entry.facts, 1):
                for key, _ in fact.cite + tuple(citations_in(fact.text)):
                    index.cite(key, Citing(glossary_page(entry.slug), f"fact-{n}", f"{entry.name}, fact {n}"))
        for a in articles:
            for n, text in enumerate(a.text.paragraphs, 1):
                for _, _, slug in glossary.mentions(text):
                    index.mention(slug, a.page, n)
    return index
