"""Claims: a marker after each claim in the article, a note per claim (verdict, sources with
locators, editor's note) under the text, and the Claims and sources page listing them all.

Markers go in after the quote's last character, so the seed's words stay as they are. The
notes cite sources as [@key] / [@key, locator]; hooks/citations.py and mkdocs-bibtex do the rest."""
from collections import Counter

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from edition.bib import citation_markdown, load_bibliography
from edition.claims import VERDICTS, load_claims
from edition.config import project_path
from edition.templates import templates
from edition.seed import load_article, markdown_literal

PAGE = "claims.md"
TEMPLATES = templates(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _claims(config):
    article = load_article(project_path(config, "seed"))
    refs = load_bibliography(project_path(config, "bibliography"))
    return article, load_claims(project_path(config, "claims"), article.paragraphs, refs)


def _context(config):
    article, claims = _claims(config)
    return dict(article=article, claims=claims, verdicts=VERDICTS, cite=citation_markdown,
                totals=Counter(c.verdict for c in claims))


def on_files(files, config):
    markdown = TEMPLATES.get_template("claims.md.j2").render(**_context(config))
    files.append(File.generated(config, PAGE, content=markdown))
    return files


@event_priority(110)  # before hooks/citations.py (100) sees the notes' [@key] citations
def on_page_markdown(markdown, page, config, files):
    if page.meta.get("edition_page") != "article":
        return markdown
    ctx = _context(config)
    for n, text in enumerate(ctx["article"].paragraphs, 1):
        marked = _with_markers(text, [c for c in ctx["claims"] if c.para == n])
        markdown = markdown.replace(f"</a> {markdown_literal(text)}\n{{: #p{n} ", f"</a> {marked}\n{{: #p{n} ", 1)
    notes = TEMPLATES.get_template("claim-notes.md.j2").render(**ctx)
    return markdown.replace("<!-- claim-notes -->", notes, 1)


def _with_markers(text, claims):
    out, pos = [], 0
    for c in claims:  # sorted by end position
        out.append(markdown_literal(text[pos:c.end]))
        out.append(TEMPLATES.get_template("claim-marker.html.j2").render(c=c).strip())
        pos = c.end
    out.append(markdown_literal(text[pos:]))
    return "".join(out)
