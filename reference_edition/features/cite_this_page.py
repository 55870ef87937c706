"""Cite this page, cite this paragraph, and the page head's scholarly metadata.

One record per page (data/pagemeta.py) feeds every view: the "Cite this page" box and
the per-paragraph popovers (overrides/partials/cite-this-page.html), the downloadable
files beside each page (cite.bib, cite.ris, cite.json, cite-<style>.txt; cite-pN.* for
paragraphs), Highwire/Dublin Core tags, OpenGraph (with the card of data/ogcard.py) and JSON-LD
(overrides/main.html, extrahead).
Copy buttons are Material's own clipboard ([data-clipboard-target]); no script of ours."""
import json
import posixpath
from functools import lru_cache

import lxml.html
from markupsafe import Markup
from mkdocs.structure.files import File

from ..data import ogcard
from ..data.errors import DataError
from ..data.headmeta import json_ld, meta_tags, open_graph
from ..data.model import glossary_page
from ..data.pagemeta import (EXPORTS, STYLES, Record, first_commit_date, formatted, formatted_paragraphs,
                             formatted_template, git_version, load_settings)
from ..data.safe_html import HTML, INTO_HTML, safe_html
from ..data.unconfirmed import values
from ..pages.bibliography_page import entry_url
from ..pages.built_urls import url_from

KINDS = {"article": "ScholarlyArticle", "bibliography": "Dataset", "glossary-entry": "DefinedTerm"}


def on_config(plugin, config):
    git_version.cache_clear()  # `mkdocs serve` may rebuild after a commit
    first_commit_date.cache_clear()
    plugin.settings = settings_of(config, plugin)


def settings_of(config, plugin=None):
    """What a citation of any page names (data/pagemeta.py Settings), from a loaded mkdocs.yml."""
    plugin = plugin or config.plugins["reference-edition"]
    return load_settings(plugin.config.citation, config.config_file_path, {
        "site_name": config["site_name"], "site_url": config.get("site_url"), "repo_url": config.get("repo_url"),
        "language": config["theme"].get("language")})


def on_files(plugin, files, config):
    """Runs after every page is generated: each page, and each article paragraph, gets its files."""
    plugin.downloads = downloads = {}
    v = plugin.settings.version  # for machines, and for the deploy workflow's v/<version>/ folder
    files.append(File.generated(config, "version.json", content=json.dumps(
        {"version": v.label, "commit": v.commit, "date": v.date and v.date.isoformat(), "dirty": v.dirty}) + "\n"))
    # og:image (data/headmeta.py): drawn from the site's name, here, for every build
    files.append(File.generated(config, ogcard.PATH, content=ogcard.card_png(plugin.settings.site_name)))
    for f in list(files.documentation_pages()):
        article = plugin.edition.article(f.src_uri)
        names = ["cite"] + ([f"cite-p{n}" for n in range(1, len(article.text.paragraphs) + 1)] if article else [])
        for name in names:
            for suffix in [s for _, s, _ in EXPORTS.values()] + [f"{k}.txt" for k in STYLES]:
                dest = _download_path(f.url, name, suffix)
                downloads[dest] = File.generated(config, dest, content="")  # filled by on_page_content
                files.append(downloads[dest])


def _download_path(page_url, name, suffix):
    """article/ -> article/cite.bib; '' -> cite.bib; style texts: cite-chicago.txt."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.splitext(page_url)[0] + "-"
    return f"{base}{name}{'-' if suffix.endswith('.txt') else '.'}{suffix}"


def on_page_content(plugin, page, config, files):
    """The page's citation box (page.meta["cite"], read by the theme) and its download files.
    An article's paragraphs get theirs too (the "Cite ¶" buttons are in the article's template)."""
    record = _record(plugin, page, config)
    box = _cite_data(plugin, record, page, "cite")
    page.meta["cite"] = box
    article = plugin.edition.article(page.file.src_uri)
    if article:
        numbers = list(range(1, len(article.text.paragraphs) + 1))
        texts = formatted_paragraphs(record, numbers)
        box["paragraphs"] = [_cite_data(plugin, record.paragraph(n), page, f"cite-p{n}", texts[n]) for n in numbers]
        box["original"] = _original_article(plugin, article, page, files)


def _record(plugin, page, config):
    meta = page.meta or {}
    kind = KINDS.get(meta.get("edition_page"), "WebPage")
    glossary = plugin.edition.glossary
    term = page.file.src_uri.removeprefix("glossary/").removesuffix(".md")   # glossary_page(term) read back
    if kind == "WebPage" and glossary and glossary_page(term) == page.file.src_uri and term in glossary.entries:
        kind = "DefinedTerm"   # an entry's page, whatever its front matter says
    title = config["site_name"] if page.is_homepage else (meta.get("title") or page.title)
    slug = page.url.strip("/").replace("/", "-").removesuffix(".html") or "home"
    url = page.canonical_url or (plugin.settings.site_url + page.url)
    return Record(f"edition-{slug}", title, url, page.url, kind, plugin.settings)


def _cite_data(plugin, record, page, name, texts=None):
    """Everything the partial shows for one record; also fills that record's download files.
    A page's texts come as its kind's, with placeholders, when pagemeta.formatted_template can
    put its title and URL in: those pass the door and become plain text once a build (both
    memoised on the text), and the page's own title and URL are put into the results, which is
    what the door and lxml make of the page's own texts (tests/test_cite_exports.py)."""
    template = None if texts else formatted_template(record)
    texts, with_page = template or (texts or formatted(record), str)
    exports = record.exports()
    formats = []
    for key, t in texts.items():
        formats.append({"key": key, "label": t["label"],
                        "html": Markup(with_page(safe_html(t["reference"], HTML, INTO_HTML))),
                        "in_text": Markup(with_page(safe_html(t["in_text"], HTML, INTO_HTML))),
                        "href": _fill(plugin, page, name, f"{key}.txt", with_page(_plain(t["reference"])) + "\n"),
                        "code": False, "download": f"{record.id}-{key}.txt", "ext": "txt"})
    for key, (label, suffix, media) in EXPORTS.items():
        formats.append({"key": key, "label": label, "text": exports[key], "media": media, "code": True,
                        "href": _fill(plugin, page, name, suffix, exports[key]), "download": f"{record.id}.{suffix}",
                        "ext": suffix})
    return {"id": name, "record": record, "locator": record.locator, "url": record.url,
            "formats": formats, "version": plugin.settings.version, "version_url": record.version_url}


def _fill(plugin, page, name, suffix, text):
    dest = _download_path(page.file.url, name, suffix)
    if dest not in plugin.downloads:  # a page or paragraph that appeared after on_files ran
        raise DataError(page.file.src_uri, f"no download file reserved for {dest}",
                        "pages must exist by on_files; paragraphs must match the seed")
    plugin.downloads[dest].content_string = text
    return url_from(dest, page.url)


@lru_cache(maxsize=4096)   # a kind's reference with placeholders is read once a build
def _plain(html):
    """A formatted reference as text, its markup read by lxml."""
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content() if html else ""


def _original_article(plugin, article, page, files):
    """The article's own sources in the house style, from refs.bib via data/bib.py."""
    meta, refs = article.text.meta, plugin.edition.refs
    return {"authors": " and ".join(meta["original"]["authors"]), "condensed_by": meta["this_text"]["publisher"],
            "refs": [{"key": k, "html": safe_html(refs[k].html, HTML, INTO_HTML), "href": entry_url(plugin.edition, files, k, page.url)}
                     for k in (meta["original"]["bib_key"], meta["this_text"]["bib_key"])]}


def on_page_context(plugin, page):
    """Head metadata: here every page has converted, so the citation index is complete."""
    box = page.meta.get("cite")
    if not box:
        return
    record, edition = box["record"], plugin.edition
    refs = edition.refs
    # A bibliography page's head is its own record: its entries are the downloads its JSON-LD
    # names (refs.bib, refs.json), not a citation_reference each (5,000 of them weighed 1.9 MB).
    cited = [] if record.kind == "Dataset" else [refs[k] for k in edition.index.cited_on(page.file.src_uri,
                                                                                       plugin.written)]
    extra = {}
    article = edition.article(page.file.src_uri)
    if record.kind == "ScholarlyArticle" and article:
        extra["article"] = article.text.meta
    elif record.kind == "DefinedTerm":
        extra["term_code"] = page.meta.get("glossary_slug") or page.url.strip("/").rsplit("/", 1)[-1]
    unconfirmed = values(edition.flags)   # flagged values are left out of head metadata (data/unconfirmed.py)
    box["head"] = {"meta": meta_tags(record, cited, unconfirmed), "og": open_graph(record),
                   # Markup: json_ld() writes no <, > or & (safe inside <script>); the template autoescapes
                   "jsonld": Markup(json_ld(record, cited, page.meta.get("description"), unconfirmed=unconfirmed,
                                            **extra))}
