"""Glossary pages, generated from glossary/*.yml: one page per entry (/glossary/<slug>/) and
the index (/glossary/), grouped by kind and A–Z within each kind.

Each fact's sources are ordinary citations ([@key] or [@key, locator]), so the citations
extension links them to the bibliography; the model lists them for "Cited in". "Mentioned in"
comes from the model too: which article paragraphs name the entry, known before any page renders."""
import zlib

from mkdocs.structure.files import File

from ..data import derived_cache
from ..data.errors import DataError
from ..data.links import page_link
from ..data.schema import GLOSSARY_KINDS as KINDS
from ..data.model import GLOSSARY_INDEX, glossary_page, once_per_model
from ..data.safe_html import citation
from ..data.templates import templates
from ..data.nav_sections import with_section

TEMPLATES = templates(trim_blocks=True)


def on_config(plugin, config):
    """Where mkdocs.yml's nav names the glossary index, the entries join it as one section per
    kind (with `navigation.indexes` the index is the section's page): each entry then has its
    tab highlighted, breadcrumbs, previous/next and its place in the sidebar."""
    glossary = plugin.edition.glossary
    if glossary is None or not config.nav:
        return
    groups = [{KINDS[kind].heading: members} for kind in KINDS
              if (members := [{e.name: glossary_page(e.slug)} for e in glossary.entries.values() if e.kind == kind])]
    config.nav = with_section(config.nav, GLOSSARY_INDEX, groups)


def _listed(kinds) -> str:
    """The kinds as the index's prose names them: "organization, person, ... and place"."""
    *rest, last = (k.name.lower() for k in kinds.values())
    return f"{', '.join(rest)} and {last}"


def on_files(plugin, files, config):
    edition = plugin.edition
    if edition.glossary is None:
        return
    placeholder = files.get_file_from_path(GLOSSARY_INDEX)
    if placeholder is not None:
        raise DataError(placeholder.src_uri, f"the glossary index is generated from {plugin.config.glossary}/",
                        "delete this file")
    for src, markdown in _rendered(edition).items():
        # entries in the nav: see on_config; the page's Markdown is released once converted
        # (features/released_pages.py), so only the compressed copy stays to the end of the build
        files.append(File.generated(config, src, content=zlib.decompress(markdown).decode("utf-8")))


# The glossary's pages depend on the model alone: a serve rebuild after a page edit renders none
# again, and a build whose data and code did not change reads them back (data/derived_cache.py).
@once_per_model
def _rendered(edition) -> dict:
    """src -> Markdown of every entry's page and of the index, for this model, as compressed
    UTF-8 (kept between serve rebuilds: ~1 MB of text at 500 entries, a fifth of it compressed)."""
    pages = derived_cache.pages(edition, "glossary", lambda: _render(edition))
    pages = _render(edition) if pages is None else pages
    return {src: zlib.compress(markdown.encode("utf-8"), 1) for src, markdown in pages.items()}


def _render(edition) -> dict:
    entries, helpers, pages = edition.glossary.entries, dict(cite=citation), {}
    page = TEMPLATES.get_template("glossary-entry.md.j2")
    for entry in entries.values():
        src = glossary_page(entry.slug)
        pages[src] = page.render(entry=entry, kind_label=KINDS[entry.kind].name,
                                 related=[entries[s] for s in entry.related],
                                 mentions=_mentions(edition, entry.slug, src), single=len(edition.articles) == 1,
                                 **helpers)
    groups = {kind: [e for e in entries.values() if e.kind == kind] for kind in KINDS}
    pages[GLOSSARY_INDEX] = TEMPLATES.get_template("glossary-index.md.j2").render(
        groups=groups, titles={kind: k.heading for kind, k in KINDS.items()}, kinds=_listed(KINDS), count=len(entries),
        articles=edition.articles, **helpers)
    return pages


def _mentions(edition, slug, src):
    """[(article, [(paragraph, link)])] for the articles that mention the entry, in site order."""
    found = edition.index.mentioned_in.get(slug, [])
    out = []
    for article in edition.articles:
        paras = [(n, page_link(article.page, src, f"p{n}")) for page, n in found if page == article.page]
        if paras:
            out.append((article, paras))
    return out
