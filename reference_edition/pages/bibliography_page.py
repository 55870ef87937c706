"""The bibliography, generated from refs.bib: every entry in the house style, grouped by kind,
anchored by its key, annotated, with its BibTeX and a "Cited in" list of back-links. One page
while small; else an index and sub-pages, as data/bibpages.py lays them out (the same code).

"Cited in" comes from the model's index (the generated pages, known before rendering) and
from the citations the extension found on hand-written pages. It is filled in on_env, when
every page has been converted and before any template (or the search index) reads a page.
An entry cited nowhere fails the build: the bibliography holds only what the edition relies on."""
import re
from importlib.resources import files as package_files

import markdown
from mkdocs.structure.files import File
from mkdocs.utils import meta

from ..data.bibread import KINDS
from ..data.errors import DataError
from ..data.bibpages import BIBLIOGRAPHY_PAGE, PART_SIZE
from ..data.links import page_link
from ..data.safe_html import INTO_HTML, safe_html
from ..data.schema import KEY
from ..data.bib import STYLE_NOTE
from ..data.unconfirmed import FlaggedBlocks
from ..data.nav_sections import with_section
from . import bibliography_entries
from .bibliography_entries import TEMPLATES
from .built_urls import url_from
from .written_files import written_now

CITED_IN = re.compile(rf"<!-- cited-in:({KEY.pattern}) -->")   # the template's placeholders
# On the index of a split bibliography: an address /bibliography/#<key> goes on to the entry's page.
ANCHORS_SCRIPT = "assets/reference-edition/bibliography-anchors.js"
ANCHORS_SCRIPT_TEXT = package_files("reference_edition").joinpath("assets/bibliography-anchors.js").read_text("utf-8")


def on_config(plugin, config):
    """Where mkdocs.yml's nav names the bibliography and it is split, its sub-pages join the nav
    after it, as a section: each has its tab highlighted, breadcrumbs and previous/next."""
    layout = plugin.edition.bib_layout
    if layout.split and config.nav:
        # no titles here: a page's own (front matter, escaped for the theme) is the nav's
        config.nav = with_section(config.nav, BIBLIOGRAPHY_PAGE, [p.src for p in layout.pages])


def on_files(plugin, files, config):
    """The bibliography's pages as data/bibpages.py lays them out: one page, or an index with the
    entries on sub-pages (by group, a large group in parts)."""
    edition = plugin.edition
    layout = edition.bib_layout
    plugin.flagged_html = FlaggedBlocks()   # this build's, for these values
    common = dict(titles=KINDS, style_note=STYLE_NOTE, count=len(edition.refs), split=layout.split,
                  headings=not layout.split)
    index = File.generated(config, BIBLIOGRAPHY_PAGE, content="")
    files.append(index)
    if not layout.split:
        index.content_string = TEMPLATES.get_template("bibliography.md.j2").render(
            **bibliography_entries.entries(edition, plugin.flagged_html.add), **common)
    else:
        parts = {p.src: File.generated(config, p.src, content="") for p in layout.pages}
        rendered = bibliography_entries.parts(edition, common)
        for page in layout.pages:
            text, flagged = rendered[page.src]
            for start, end in flagged:   # as the template's `flagged` recorded them (read back, or rendered)
                plugin.flagged_html.add(text[start:end])
            parts[page.src].content_string = text
            files.append(parts[page.src])
        script = File.generated(config, ANCHORS_SCRIPT, content=ANCHORS_SCRIPT_TEXT)
        files.append(script)
        # Raw HTML, so addresses as the browser needs them (MkDocs resolves only Markdown links;
        # an offline build's differ from a served site's).
        index.content_string = index_markdown(layout, {src: f.url for src, f in parts.items()}, index.url,
                                              script.url, common)
    for name, data in edition.exports.items():   # refs.bib, refs.json, refs-biblatex.bib (data/bibexport.py)
        files.append(written_now(config, name, data))


def index_markdown(layout, urls, index_url, script_url, common) -> str:
    """The Markdown of a split bibliography's index: its pages by group, and every key under the
    link to its page (urls: page source -> built URL). One link per page, not per key: a key's
    own link weighed 75 bytes, and the index must stay under about 1 MB at 20,000 entries."""
    key_pages = [(page, url_from(urls[page.src], index_url), sorted(page.keys)) for page in layout.pages]
    return TEMPLATES.get_template("bibliography.md.j2").render(
        pages=layout.pages, part_size=PART_SIZE, by_kind=_by_kind(layout.pages), key_pages=key_pages,
        links={src: page_link(src, BIBLIOGRAPHY_PAGE) for src in urls},
        script=url_from(script_url, index_url), **common)


def entry_url(edition, files, key, page_url, where=BIBLIOGRAPHY_PAGE) -> str:
    """The entry's address from a page's URL (the citations extension's links, raw HTML); the
    files must include the bibliography's (on_files has run). where: the page asking, for the error."""
    page = edition.bib_layout.page_of[key]
    target = files.get_file_from_path(page)
    if target is None:   # as MkDocs' check of a Markdown link to it would have said
        raise DataError(where, f"entry '{key}': its page {page} is not among the site's files",
                        "do not exclude the bibliography's pages")
    return url_from(target.url, page_url, key)


def _by_kind(pages) -> dict:
    by_kind = {}
    for page in pages:
        by_kind.setdefault(page.kind, []).append(page)
    return by_kind


def record(plugin, page, citations):
    """The citations extension's report of one converted page. A generated page must cite what
    the model says it does, where it says: the two are one source for "Cited in"."""
    edition = plugin.edition
    if page not in edition.generated_pages:
        plugin.written.record(page, citations)
        return
    for key, citing in citations:
        if citing not in edition.index.from_data.get(key, ()):
            raise DataError(page, f"cites '{key}' at #{citing.anchor} ({citing.label!r}), which the edition "
                            "model does not list", "the page's template and data/model.py must agree "
                            "on anchors and labels: change both together")


def on_env(plugin, files, config):
    edition = plugin.edition
    _read_unconverted(plugin, files, config)
    cited_in = edition.index.cited_in_all(plugin.written)
    uncited = [key for key in edition.refs if not cited_in.get(key)]
    if uncited:
        raise DataError(edition.bib_path, f"{len(uncited)} entr{'y is' if len(uncited) == 1 else 'ies are'} "
                        f"cited nowhere on the site: {', '.join(uncited)}",
                        "cite each where the edition relies on it, or remove it")
    for src in {p.src for p in edition.bib_layout.pages}:
        page = files.get_file_from_path(src).page
        if page is None or page.content is None:   # not converted in this build (serve --dirty)
            continue
        # One pass over the page, not one str.replace per entry (that grows with the square of refs.bib).
        page.content = CITED_IN.sub(lambda m: _cited_in(cited_in.get(m[1], ()), page, files), page.content)


def _read_unconverted(plugin, files, config):
    """`mkdocs build --dirty` in a new process converts only changed pages, and this plugin has no
    record of the others: their citations are read with the same Markdown extensions (so code is
    skipped as in a full build), without writing anything."""
    for file in files.documentation_pages():
        src = file.src_uri
        if src in plugin.written.pages or src in plugin.edition.generated_pages:
            continue
        if file.page is not None and file.page.content is not None:
            continue   # converted in this build: the extension has recorded it (maybe as citing nothing)
        text, _ = meta.get_data(file.content_string)
        plugin.page = src
        markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(text)


def _cited_in(citings, page, files):
    """Back-links grouped by citing page: "Article: ¶ 5, claim 5.2 · ¶ 7, claim 7.2; Glossary …"."""
    by_page = {}
    for c in citings:
        by_page.setdefault(c.page, []).append(c)
    groups = []
    for src, citings in by_page.items():
        target = files.get_file_from_path(src)
        href = url_from(target.url, page.url)
        title = (target.page and target.page.title) or src
        links = " · ".join(f'<a href="{href}#{c.anchor}">{safe_html(c.label, into=INTO_HTML)}</a>' for c in citings)
        groups.append(f'<span class="cited-in-page">{safe_html(title, into=INTO_HTML)}: {links}</span>')
    return "; ".join(groups)
