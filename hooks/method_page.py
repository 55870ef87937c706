"""The Method and corrections page (/method/), generated from hooks/templates/method.md.j2:
how verdicts are assigned (with the labels and symbols of edition/claims.py), how sources and
unconfirmed details are handled (with the values flagged in this build), and the corrections
log: one row per change of verdict recorded in the claims file, newest first.

Generated, not written by hand, so that the definitions show the verdicts the site uses and
the log cannot leave out a change the claims file records."""
import datetime as dt
from typing import NamedTuple

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from edition.bib import load_bibliography
from edition.claims import VERDICTS, load_claims
from edition.config import project_path
from edition.errors import DataError
from edition.seed import load_article
from edition.templates import templates
from edition.unconfirmed import flags_for

PAGE = "method.md"
LOG_START = dt.date(2026, 12, 1)   # the first corrections round; earlier drafts were not published as reviewed
TEMPLATES = templates(autoescape=True, trim_blocks=True, lstrip_blocks=True)


class Row(NamedTuple):
    date: dt.date
    claim: object          # edition.claims.Claim
    from_: str             # verdict keys
    to: str
    why: str


def corrections(claims) -> list[Row]:
    """Every recorded change of verdict, newest first (article order within a day)."""
    rows = [Row(c.date, claim, c.from_, c.to, " ".join(c.why.split()))
            for claim in claims for c in claim.corrections]
    return sorted(rows, key=lambda r: r.date, reverse=True)   # stable: article order kept within a date


def on_files(files, config):
    article = load_article(project_path(config, "seed"))
    refs = load_bibliography(project_path(config, "bibliography"))
    claims = load_claims(project_path(config, "claims"), article.paragraphs, refs)
    flagged = {}
    for f in flags_for(refs, article.meta_path):
        flagged.setdefault((f.key, f.what, f.why), []).append(f.value)
    page = File.generated(config, PAGE, content="")
    article_page = f"{article.meta['slug']}.md"
    # The tables are raw HTML (a caption, escaped notes), so their links are made relative here.
    href = {}
    for name in (article_page, "bibliography.md"):
        target = files.get_file_from_path(name)
        if target is None:
            raise DataError("mkdocs.yml", f"the method page links to {name}, which no hook generated",
                            "list hooks/article_page.py and hooks/bibliography_page.py before hooks/method_page.py")
        href[name] = get_relative_url(target.url, page.url)
    page.content_string = TEMPLATES.get_template("method.md.j2").render(
        verdicts=VERDICTS, rows=corrections(claims), log_start=LOG_START, refs=refs, flagged=flagged,
        article_page=article_page, article_href=href[article_page], bibliography_href=href["bibliography.md"])
    files.append(page)
    return files
