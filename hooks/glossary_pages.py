"""Glossary pages, generated from glossary/*.yml: one page per entry (/glossary/<slug>/) and
the index (/glossary/), grouped by kind and A–Z within each kind.

Each fact's sources are written as ordinary citations ([@key] or [@key, locator]), so
citations.py links them to the bibliography and records "Cited in" back-links to the fact.
"Mentioned in" is filled when the entry's template renders: by then the article page has
been rendered and glossary_links.py has recorded every paragraph that mentions the entry."""
from html import escape

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from edition.bib import citation_markdown
from edition.config import project_path
from edition.errors import DataError
from edition.templates import literal, templates
from edition.glossary import KIND_NAMES, KINDS, MENTIONS, load_glossary

TEMPLATES = templates(trim_blocks=True)
INDEX = "glossary/index.md"
PLACEHOLDER = "<!-- glossary-mentioned-in -->"


def glossary(config):
    return load_glossary(project_path(config, "glossary"), project_path(config, "bibliography"))


def on_config(config):
    MENTIONS.reset()
    glossary(config)  # fail early, before any page is read


def on_files(files, config):
    entries = glossary(config).entries
    placeholder = files.get_file_from_path(INDEX)
    if placeholder is not None:
        raise DataError(placeholder.src_uri,
                        f"the glossary index is generated from {project_path(config, 'glossary')}/", "delete this file")
    helpers = dict(md=literal,
                   html=lambda text: escape(text, quote=True), citation=citation_markdown)
    page = TEMPLATES.get_template("glossary-entry.md.j2")
    for entry in entries.values():
        markdown = page.render(entry=entry, kind_label=KIND_NAMES[entry.kind],
                               related=[entries[s] for s in entry.related], **helpers)
        # Reached from the index, the article and each other; the nav lists only the index.
        files.append(File.generated(config, f"glossary/{entry.slug}.md", content=markdown,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    groups = {kind: [e for e in entries.values() if e.kind == kind] for kind in KINDS}
    index = TEMPLATES.get_template("glossary-index.md.j2").render(
        groups=groups, titles=KINDS, count=len(entries), **helpers)
    files.append(File.generated(config, INDEX, content=index))
    return files


@event_priority(50)  # before the search plugin indexes the page, so it indexes the list too
def on_page_context(context, page, config, nav):
    slug = page.meta.get("glossary_slug")
    if not slug:
        return context
    paragraphs = MENTIONS.paragraphs.get(slug, [])
    if paragraphs and MENTIONS.article_url is not None:
        href = get_relative_url(MENTIONS.article_url, page.url)
        items = ", ".join(f'<a href="{href}#p{n}">¶&nbsp;{n}</a>' for n in paragraphs)
        text = f"Paragraph{'s' if len(paragraphs) > 1 else ''} {items}."
    else:
        text = "The article does not mention this entry by any of its names."
    page.content = page.content.replace(PLACEHOLDER, text, 1)
    return context
