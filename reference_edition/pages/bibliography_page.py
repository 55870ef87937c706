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

from ..data import derived_cache
from ..data.bib import STYLE_NOTE, csl_style
from ..data.bibread import KINDS
from ..data.errors import DataError
from ..data.bibpages import BIBLIOGRAPHY_PAGE, PART_SIZE
from ..data.links import page_link
from ..data.reflist import names_part, substitute_authors
from ..data.safe_html import INTO_HTML, safe_html
from ..data.schema import KEY
from ..data.templates import templates
from ..data.unconfirmed import FlaggedBlocks, template_flag
from ..data.nav_sections import with_section
from .built_urls import url_from
from .written_files import written_now

TEMPLATES = templates()
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
            **_entries(edition, layout, plugin.flagged_html.add), **common)
    else:
        parts = {p.src: File.generated(config, p.src, content="") for p in layout.pages}
        rendered = _parts(edition, layout, common)
        for page in layout.pages:
            markdown, flagged = rendered[page.src]
            for start, end in flagged:   # as the template's `flagged` recorded them (read back, or rendered)
                plugin.flagged_html.add(markdown[start:end])
            parts[page.src].content_string = markdown
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


def _entries(edition, layout, flagged) -> dict:
    """What the entries' template (bibliography-entries.md.j2) reads beside the page's own."""
    # Each group is a reference list of its own: in the style's order, and a repeated name
    # becomes the style's dash only after an entry of the same group (data/reflist.py).
    groups = {kind: [edition.refs[key] for key in keys] for kind, keys in layout.groups.items()}
    listed = sorted(edition.refs.values(), key=lambda r: r.order)
    shown = {}
    for entries in groups.values():
        shown.update(substitute_authors(entries, csl_style()))
    return dict(groups=groups, shown=shown, repeated=_repeated_names(listed, shown), bibtex=edition.bibtex_blocks,
                flag=template_flag(edition.matcher), flagged=flagged)


def _parts(edition, layout, common) -> dict:
    """source -> (Markdown, [(start, end) of each block the template recorded as flagged]) of every
    sub-page: kept on disk while the model's data and the code are unchanged (data/derived_cache.py)."""
    def render():
        recorded = []

        def flagged(html):
            recorded.append(html)
            return html
        entries = _entries(edition, layout, flagged)
        out = {}
        for page in layout.pages:
            recorded.clear()
            markdown = _part(edition.refs, layout, page, entries, common)
            spans, at = [], 0
            for group in recorded:   # printed as it is (Markup), so found in the page in order
                at = markdown.index(group, at)
                spans.append((at, at + len(group)))
                at += len(group)
            out[page.src] = (markdown, spans)
        return out
    kept = derived_cache.pages(edition, "bibliography", render)
    return render() if kept is None else kept


def _part(refs, layout, page, entries, common):
    """The Markdown of one sub-page: its entries, and links to the index and its group's other parts."""
    parts = [p for p in layout.pages if p.kind == page.kind]
    n = parts.index(page)
    first = page.keys[0]   # a part opens with its first entry's names, not a dash for the page before's
    return TEMPLATES.get_template("bibliography-part.md.j2").render(
        page=page, **{**entries, "groups": {page.kind: [refs[k] for k in page.keys]},
           "shown": {**entries["shown"], first: refs[first].html},
           "repeated": {k: v for k, v in entries["repeated"].items() if k != first}},
        part=n + 1, parts=len(parts),
        previous=parts[n - 1] if n else None, next=parts[n + 1] if n + 1 < len(parts) else None,
        index=page_link(BIBLIOGRAPHY_PAGE, page.src), links={p.src: page_link(p.src, page.src) for p in parts},
        **common)


def entry_url(edition, files, key, page_url) -> str:
    """The entry's address from a page's URL, for raw HTML (a Markdown link takes bib_layout.href,
    which MkDocs resolves); the files must include the bibliography's (on_files has run)."""
    target = files.get_file_from_path(edition.bib_layout.page_of[key])
    return url_from(target.url, page_url, key)


def _by_kind(pages) -> dict:
    by_kind = {}
    for page in pages:
        by_kind.setdefault(page.kind, []).append(page)
    return by_kind


def _repeated_names(refs, shown):
    """key -> (dash, names, rest) of each entry whose names the style's dash ("———") replaces:
    the template shows the dash, and the names to screen readers always and to sight when a
    citation lands on the entry (edition.css, :target), so the reader sees whose work it is."""
    repeated = {}
    for ref in refs:
        if shown[ref.key] != ref.html:
            names = names_part(ref)
            rest = ref.html[len(names):]
            dash = shown[ref.key][:len(shown[ref.key]) - len(rest)]
            if not names or shown[ref.key] != dash + rest:
                raise DataError(BIBLIOGRAPHY_PAGE, f"entry '{ref.key}': the repeated names could not be told "
                                "from the rest of the reference", "data/reflist.py substitute_authors must "
                                "replace only the names that begin the reference")
            repeated[ref.key] = (dash, names, rest)
    return repeated


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
