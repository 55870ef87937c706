"""Glossary pages, generated from glossary/*.yml: one page per entry (/glossary/<slug>/) and
the index (/glossary/), grouped by kind and A–Z within each kind.

Each fact's sources are ordinary citations ([@key] or [@key, locator]), so the citations
extension links them to the bibliography; the model lists them for "Cited in". "Mentioned in"
comes from the model too: which article paragraphs name the entry, known before any page renders."""
import posixpath

from mkdocs.structure.files import File, InclusionLevel

from ..data.errors import DataError
from ..data.glossary import KIND_NAMES, KINDS
from ..data.model import GLOSSARY_INDEX, glossary_page
from ..data.safe_html import citation
from ..data.templates import templates

TEMPLATES = templates(trim_blocks=True)


def on_files(plugin, files, config):
    edition = plugin.edition
    if edition.glossary is None:
        return
    entries = edition.glossary.entries
    placeholder = files.get_file_from_path(GLOSSARY_INDEX)
    if placeholder is not None:
        raise DataError(placeholder.src_uri, f"the glossary index is generated from {plugin.config.glossary}/",
                        "delete this file")
    helpers = dict(cite=citation)
    page = TEMPLATES.get_template("glossary-entry.md.j2")
    for entry in entries.values():
        src = glossary_page(entry.slug)
        markdown = page.render(entry=entry, kind_label=KIND_NAMES[entry.kind],
                               related=[entries[s] for s in entry.related],
                               mentions=_mentions(edition, entry.slug, src), single=len(edition.articles) == 1,
                               **helpers)
        # Reached from the index, the article and each other; the nav lists only the index.
        files.append(File.generated(config, src, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    groups = {kind: [e for e in entries.values() if e.kind == kind] for kind in KINDS}
    index = TEMPLATES.get_template("glossary-index.md.j2").render(
        groups=groups, titles=KINDS, count=len(entries), articles=edition.articles, **helpers)
    files.append(File.generated(config, GLOSSARY_INDEX, content=index))


def _mentions(edition, slug, src):
    """[(article, [(paragraph, link)])] for the articles that mention the entry, in site order."""
    found = edition.index.mentioned_in.get(slug, [])
    out = []
    for article in edition.articles:
        href = posixpath.relpath(article.page, posixpath.dirname(src))
        paras = [(n, f"{href}#p{n}") for page, n in found if page == article.page]
        if paras:
            out.append((article, paras))
    return out
