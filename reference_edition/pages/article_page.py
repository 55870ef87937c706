"""The article pages, generated from seeds/ at build time; the text is never retyped.

Each body paragraph becomes <p id="pN" class="para" data-para="N"> with a visible number that
is its permalink, a marker after each claim (the words stay the seed's), and a "Cite ¶"
button; the claim notes follow the text. The citations and glossary-links extensions do the
rest while the page converts."""
from markupsafe import Markup
from mkdocs.structure.files import File

from ..data.links import page_link
from ..data.model import ABOUT_ANCHOR, ABOUT_LABEL
from ..data.safe_html import citation, safe_html
from ..data.templates import templates
from ..features.claim_reviews import annotations_path
from .built_urls import url_from
from .claims_page import claims_context

TEMPLATES = templates(keep_trailing_newline=True)
FRAGMENTS = templates(trim_blocks=True, lstrip_blocks=True)   # notes and markers, placed into the Markdown page
# The whole edition as one PDF at the site's root: scripts/print_pdf.py prints it after the build
# (make pdf, and the deploy), so every article links to it.
EDITION_PDF = "edition.pdf"


def on_files(plugin, files, config):
    edition = plugin.edition
    for article in edition.articles:
        meta = article.text.meta
        markdown = TEMPLATES.get_template("article.md.j2").render(
            article=article.text, meta=meta, about_anchor=ABOUT_ANCHOR, about_label=ABOUT_LABEL,
            has_glossary=edition.glossary is not None, cite=citation,
            annotations=page_link(annotations_path(article.page), article.page),
            pdf=url_from(EDITION_PDF, File(article.page, None, "", config.use_directory_urls).url),
            paragraphs=[with_markers(text, [c for c in article.claims if c.para == n])
                        for n, text in enumerate(article.text.paragraphs, 1)],
            unconfirmed_note=_unconfirmed_note(article, [edition.refs[k] for k in article.bib_keys()], edition.bib_layout),
            # Rendered by an environment whose every value went through the door: Markup as a whole.
            claim_notes=Markup(FRAGMENTS.get_template("claim-notes.md.j2").render(**claims_context(edition, [article]))))
        files.append(File.generated(config, article.page, content=markdown))


def with_markers(text, claims):
    """The paragraph as text (through the door) with a claim marker after each claim's last character."""
    out, pos = [], 0
    for c in claims:  # sorted by end position
        out.append(safe_html(text[pos:c.end]))
        out.append(FRAGMENTS.get_template("claim-marker.html.j2").render(c=c).strip())
        pos = c.end
    out.append(safe_html(text[pos:]))
    return Markup("".join(out))


def _unconfirmed_note(article, sources, bib_layout):
    """The "Not confirmed" list: items of the article's own refs.bib entries (`sources`), then
    meta.yml's, as the model holds them."""
    note = TEMPLATES.get_template("unconfirmed-article.md.j2").render(
        sources=[(r, r.unconfirmed) for r in sources if r.unconfirmed], own=[s.item for s in article.unconfirmed],
        href=lambda key: bib_layout.href(key, article.page))
    return Markup(" ".join(note.split()))
