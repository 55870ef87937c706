"""Cite this page, cite this paragraph, and the page head's scholarly metadata.

One record per page (edition/pagemeta.py) feeds every view: the "Cite this page" box and
the per-paragraph popovers (overrides/partials/cite-this-page.html), the downloadable
files beside each page (cite.bib, cite.ris, cite.json, cite-<style>.txt; cite-pN.* for
paragraphs), Highwire/Dublin Core tags and JSON-LD (overrides/main.html, extrahead).
Copy buttons are Material's own clipboard ([data-clipboard-target]); no script of ours."""
import json
import posixpath
import re
from html import unescape

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from edition import registry
from edition.bib import load_bibliography
from edition.config import project_path
from edition.errors import DataError
from edition.headmeta import json_ld, meta_tags, open_graph
from edition.pagemeta import (EXPORTS, STYLES, Record, first_commit_date, formatted, formatted_paragraphs,
                              git_version, load_settings)
from edition.seed import load_article, meta_path
from edition.unconfirmed import flags_for, values

SETTINGS = None          # this build's edition.pagemeta.Settings (set in on_config)
DOWNLOADS = {}           # dest path -> File placeholder, filled when the page renders
PARAGRAPH_NUMBER = re.compile(r'<p\b[^>]*\bdata-para="(\d+)"')
PARAGRAPH = re.compile(r'(<p\b[^>]*\bdata-para="(\d+)"[^>]*>)(.*?)(</p>)', re.S)
KINDS = {"article": "ScholarlyArticle", "bibliography": "Dataset", "glossary-entry": "DefinedTerm"}


def on_config(config):
    global SETTINGS
    git_version.cache_clear()  # `mkdocs serve` may rebuild after a commit
    first_commit_date.cache_clear()
    SETTINGS = load_settings(config)


@event_priority(-100)  # after every hook that generates pages (article, glossary, bibliography)
def on_files(files, config):
    DOWNLOADS.clear()
    v = SETTINGS.version  # for machines, and for the deploy workflow's v/<version>/ folder
    files.append(File.generated(config, "version.json", content=json.dumps(
        {"version": v.label, "commit": v.commit, "date": v.date and v.date.isoformat(), "dirty": v.dirty}) + "\n"))
    seed = load_article(project_path(config, "seed"))
    article, paragraphs = f"{seed.meta['slug']}.md", len(seed.paragraphs)
    for f in list(files.documentation_pages()):
        names = ["cite"] + ([f"cite-p{n}" for n in range(1, paragraphs + 1)] if f.src_uri == article else [])
        for name in names:
            for suffix in [s for _, s, _ in EXPORTS.values()] + [f"{k}.txt" for k in STYLES]:
                dest = _download_path(f.url, name, suffix)
                DOWNLOADS[dest] = File.generated(config, dest, content="")  # filled by on_page_content
                files.append(DOWNLOADS[dest])
    return files


def _download_path(page_url, name, suffix):
    """article/ -> article/cite.bib; '' -> cite.bib; style texts: cite-chicago.txt."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.splitext(page_url)[0] + "-"
    return f"{base}{name}{'-' if suffix.endswith('.txt') else '.'}{suffix}"


@event_priority(-100)  # after the hooks that add claim markers and glossary links
def on_page_content(html, page, config, files):
    record = _record(page, config)
    box = _cite_data(record, page, "cite")
    page.meta["cite"] = box
    if page.meta.get("edition_page") == "article":
        numbers = [int(n) for n in PARAGRAPH_NUMBER.findall(html)]
        texts = formatted_paragraphs(record, numbers)
        box["paragraphs"] = [_cite_data(record.paragraph(n), page, f"cite-p{n}", texts[n]) for n in numbers]

        def add_button(m):
            n = int(m[2])
            return (f'{m[1]}{m[3]} <button type="button" class="cite-para" popovertarget="cite-p{n}" '
                    f'data-apparatus aria-label="Cite ¶ {n}" title="Cite paragraph {n}">'
                    f'Cite ¶</button>{m[4]}')

        html = PARAGRAPH.sub(add_button, html)
        box["original"] = _original_article(config, page, files)
    return html


def _record(page, config):
    meta = page.meta or {}
    kind = KINDS.get(meta.get("edition_page"), "WebPage")
    if kind == "WebPage" and re.fullmatch(r"glossary/(?!index\.md)[^/]+\.md", page.file.src_uri):
        kind = "DefinedTerm"
    title = config["site_name"] if page.is_homepage else (meta.get("title") or page.title)
    slug = page.url.strip("/").replace("/", "-").removesuffix(".html") or "home"
    url = page.canonical_url or (SETTINGS.site_url + page.url)
    return Record(f"edition-{slug}", title, url, page.url, kind, SETTINGS)


def _cite_data(record, page, name, texts=None):
    """Everything the partial shows for one record; also fills that record's download files."""
    texts, exports = texts or formatted(record), record.exports()
    formats = []
    for key, t in texts.items():
        formats.append({"key": key, "label": t["label"], "html": t["reference"], "in_text": t["in_text"],
                        "href": _fill(page, name, f"{key}.txt", _plain(t["reference"]) + "\n"), "code": False,
                        "download": f"{record.id}-{key}.txt", "ext": "txt"})
    for key, (label, suffix, media) in EXPORTS.items():
        formats.append({"key": key, "label": label, "text": exports[key], "media": media, "code": True,
                        "href": _fill(page, name, suffix, exports[key]), "download": f"{record.id}.{suffix}",
                        "ext": suffix})
    return {"id": name, "record": record, "locator": record.locator, "url": record.url,
            "formats": formats, "version": SETTINGS.version, "version_url": record.version_url}


def _fill(page, name, suffix, text):
    dest = _download_path(page.file.url, name, suffix)
    if dest not in DOWNLOADS:  # a page or paragraph that appeared after on_files ran
        raise DataError(page.file.src_uri, f"no download file reserved for {dest}",
                        "pages must exist by on_files; paragraphs must match the seed")
    DOWNLOADS[dest].content_string = text
    return get_relative_url(dest, page.url or ".")


def _plain(html):
    return unescape(re.sub(r"<[^>]+>", "", html))


def _original_article(config, page, files):
    """The article's own sources in the house style, from refs.bib via edition/bib.py."""
    meta = load_article(project_path(config, "seed")).meta
    refs = load_bibliography(project_path(config, "bibliography"))
    bib_url = get_relative_url(files.get_file_from_path("bibliography.md").url, page.url or ".")
    return {"authors": " and ".join(meta["original"]["authors"]), "condensed_by": meta["this_text"]["publisher"],
            "refs": [{"key": k, "html": refs[k].html, "href": f"{bib_url}#{k}"}
                     for k in (meta["original"]["bib_key"], meta["this_text"]["bib_key"])]}


def on_page_context(context, page, config, nav):
    """Head metadata: here every page has rendered, so the citation registry is complete."""
    box = page.meta.get("cite")
    if not box:
        return context
    record = box["record"]
    refs = load_bibliography(project_path(config, "bibliography"))
    if record.kind == "Dataset":
        cited = list(refs)
    else:
        cited = list(registry.CITED_ON.get(page.url, ()))
    cited = [refs[k] for k in cited]
    extra = {}
    if record.kind == "ScholarlyArticle":
        extra["article"] = load_article(project_path(config, "seed")).meta
    elif record.kind == "DefinedTerm":
        extra["term_code"] = page.meta.get("glossary_slug") or page.url.strip("/").rsplit("/", 1)[-1]
    seed = project_path(config, "seed")   # flagged values are left out of head metadata (edition/unconfirmed.py)
    unconfirmed = values(flags_for(refs, meta_path(seed)))
    box["head"] = {"meta": meta_tags(record, cited, unconfirmed), "og": open_graph(record),
                   "jsonld": json_ld(record, cited, page.meta.get("description"), unconfirmed=unconfirmed, **extra)}
    return context
