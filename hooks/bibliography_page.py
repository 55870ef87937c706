"""The bibliography page, generated from refs.bib: every entry in the house style, grouped by
kind, anchored by its key, annotated, with its BibTeX and a "Cited in" list of back-links.

The "Cited in" lists are filled when the page's template renders: by then every page has been
rendered and has recorded its citations (edition/registry.py). An entry cited nowhere fails
the build: the bibliography holds only what the edition relies on."""
import re
from html import escape

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from edition import registry
from edition.bib import KINDS, STYLE_NOTE, csl_style, load_bibliography
from edition.config import project_path
from edition.reflist import substitute_authors
from edition.templates import templates
from edition.errors import DataError

PAGE = "bibliography.md"
TEMPLATES = templates()


def on_files(files, config):
    bib_path = project_path(config, "bibliography")
    refs = load_bibliography(bib_path)
    # Each group is a reference list of its own: in the style's order, and a repeated name
    # becomes the style's dash only after an entry of the same group (edition/reflist.py).
    listed = sorted(refs.values(), key=lambda r: r.order)
    groups = {kind: [r for r in listed if r.kind == kind] for kind in KINDS}
    shown = {}
    for entries in groups.values():
        shown.update(substitute_authors(entries, csl_style()))
    markdown = TEMPLATES.get_template("bibliography.md.j2").render(
        groups=groups, shown=shown, titles=KINDS, style_note=STYLE_NOTE, count=len(refs), escape=escape)
    files.append(File.generated(config, PAGE, content=markdown))
    files.append(File.generated(config, "refs.bib", abs_src_path=str(bib_path)))
    return files


@event_priority(50)  # before the search plugin indexes the page, so "Cited in" is searchable too
def on_page_context(context, page, config, nav):
    if page.file.src_uri != PAGE:
        return context
    bib_path = project_path(config, "bibliography")
    refs = load_bibliography(bib_path)
    uncited = [key for key in refs if not registry.CITED_IN.get(key)]
    if uncited:
        raise DataError(bib_path, f"{len(uncited)} entr{'y is' if len(uncited) == 1 else 'ies are'} "
                        f"cited nowhere on the site: {', '.join(uncited)}",
                        "cite each where the edition relies on it, or remove it")
    # Performance (quality engineer, scripts/bench_build.py): one pass over the page, not one
    # str.replace per entry (that grew with the square of refs.bib's size: 5,000 entries ~ minutes).
    page.content = re.sub(r"<!-- cited-in:([a-z0-9-]+) -->", lambda m: _cited_in(m[1], page), page.content)
    return context


def _cited_in(key, page):
    """Back-links grouped by citing page: "Article: ¶ 5, claim 5.2 · ¶ 7, claim 7.2; Glossary …"."""
    by_page = {}
    for c in registry.CITED_IN[key]:
        by_page.setdefault((c.page_url, c.page_title), []).append(c)
    groups = []
    for (url, title), citings in by_page.items():
        href = get_relative_url(url, page.url)
        links = " · ".join(f'<a href="{href}#{c.anchor}">{escape(c.label)}</a>' for c in citings)
        groups.append(f'<span class="cited-in-page">{escape(title)}: {links}</span>')
    return "; ".join(groups)
