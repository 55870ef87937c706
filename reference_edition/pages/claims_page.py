"""The Claims and sources page (/claims/): every claim of every article with its verdict,
sources and note, and the totals by verdict. The article pages show the same claims as notes
(pages/article_page.py); both read claims_context, so they cannot disagree."""
from collections import Counter

from mkdocs.structure.files import File

from ..data.model import CLAIMS_PAGE
from ..data.safe_html import citation
from ..data.templates import templates
from ..data.verdicts import VERDICTS

TEMPLATES = templates(trim_blocks=True, lstrip_blocks=True)


def claims_context(edition, articles):
    return dict(articles=articles, verdicts=VERDICTS, cite=citation,
                totals=Counter(c.verdict for a in articles for c in a.claims),
                count=sum(len(a.claims) for a in articles))


def on_files(plugin, files, config):
    edition = plugin.edition
    if not edition.articles:
        return
    markdown = TEMPLATES.get_template("claims.md.j2").render(**claims_context(edition, edition.articles))
    files.append(File.generated(config, CLAIMS_PAGE, content=markdown))
