"""The Method and corrections page (/method/), generated from templates/method.md.j2: how
verdicts are assigned (the verdict table, data/verdicts.py: labels, symbols, definitions and
the ClaimReview rating scale), how sources and unconfirmed details are handled (with the
values flagged in this build), and the corrections log: one row per change of verdict
recorded in the claims files, and one per correction of a bibliographic fact recorded in
refs-corrections.yml (data/bibcorrections.py), newest first.
The log starts on the edition's first publication date (citation.first_published).
Generated, not written by hand, so that the definitions show the verdicts the site uses and
the log cannot leave out a change a claims file records."""
import datetime as dt
from typing import NamedTuple

from mkdocs.structure.files import File

from ..data.links import page_link
from ..data.model import METHOD_PAGE
from ..data.templates import templates
from ..data.verdicts import BEST, VERDICTS, WORST
from ..features.claim_reviews import annotations_path
from .bibliography_page import entry_url
from .built_urls import url_from

TEMPLATES = templates(trim_blocks=True, lstrip_blocks=True)


class Row(NamedTuple):
    date: dt.date
    claim: object          # data.claims.Claim
    from_: str             # verdict keys
    to: str
    why: str
    href: str              # the claim's article page, relative to the method page


def corrections(articles, href=lambda article: article.page) -> list[Row]:
    """Every recorded change of verdict, newest first (site and article order within a day)."""
    rows = [Row(c.date, claim, c.from_, c.to, " ".join(c.why.split()), href(article))
            for article in articles for claim in article.claims for c in claim.corrections]
    return sorted(rows, key=lambda r: r.date, reverse=True)   # stable: article order kept within a date


def bib_corrections(records) -> list:
    """Corrections to bibliographic facts, newest first (file order within a day)."""
    return sorted(records, key=lambda r: r.date, reverse=True)


def on_files(plugin, files, config):
    edition = plugin.edition
    if not edition.articles:
        return
    flagged = {}
    for f in edition.flags:
        flagged.setdefault((f.key, f.what, f.why), []).append(f.value)
    page = File.generated(config, METHOD_PAGE, content="")
    # The tables are raw HTML (a caption, escaped notes), so their links are made relative here.
    hrefs = {a.page: url_from(files.get_file_from_path(a.page).url, page.url) for a in edition.articles}
    first = edition.articles[0]
    page.content_string = TEMPLATES.get_template("method.md.j2").render(
        verdicts=VERDICTS, rows=corrections(edition.articles, lambda a: hrefs[a.page]),
        bib_rows=bib_corrections(edition.bib_corrections), log_start=plugin.settings.first_published,
        located=sum(1 for a in edition.articles for c in a.claims for _, locator in c.sources if locator),
        refs=edition.refs, flagged=flagged, article_page=first.page, article_href=hrefs[first.page],
        entry_href=lambda key: entry_url(edition, files, key, page.url),   # raw HTML: the entry's address
        best=BEST, worst=WORST,
        annotation_links=[(a.title, page_link(annotations_path(a.page), METHOD_PAGE))
                          for a in edition.articles])   # a Markdown link: MkDocs resolves and checks it
    files.append(page)
