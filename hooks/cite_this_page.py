"""Cite this page, cite this paragraph, and the page head's scholarly metadata.

One record per page (edition/pagemeta.py) feeds every view: the "Cite this page" box and
the per-paragraph popovers (overrides/partials/cite-this-page.html), the downloadable
files beside each page (cite.bib, cite.ris, cite.json, cite-<style>.txt; cite-pN.* for
paragraphs), Highwire/Dublin Core tags and JSON-LD (overrides/main.html, extrahead).
Copy buttons are Material's own clipboard ([data-clipboard-target]); no script of ours."""
import json
import posixpath
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from edition import registry
from edition.bib import load_bibliography
from edition.config import project_path
from edition.errors import DataError
from edition.pagemeta import EXPORTS, STYLES, Record, formatted, formatted_paragraphs, git_version, first_commit_date, load_settings
from edition.seed import load_article

SETTINGS = None          # this build's edition.pagemeta.Settings (set in on_config)
DOWNLOADS = {}           # dest path -> File placeholder, filled when the page renders
PARAGRAPH_NUMBER = re.compile(r'<p\b[^>]*\bdata-para="(\d+)"')
PARAGRAPH = re.compile(r'(<p\b[^>]*\bdata-para="(\d+)"[^>]*>)(.*?)(</p>)', re.S)
KINDS = {"article": "ScholarlyArticle", "bibliography": "Dataset", "glossary-entry": "DefinedTerm"}


def on_config(config):
    global SETTINGS
    git_version.cache_clear()  # `mkdocs serve` may rebuild after a commit
    first_commit_date.cache_clear()
    try:
        SETTINGS = load_settings(config)
    except DataError as err:
        raise PluginError(str(err)) from None


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
        box["original"] = _original_article(config, page)
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
    DOWNLOADS[dest].content_string = text
    return get_relative_url(dest, page.url or ".")


def _plain(html):
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def _original_article(config, page):
    """The article's own sources in the house style, from refs.bib via edition/bib.py."""
    meta = load_article(project_path(config, "seed")).meta
    refs = load_bibliography(project_path(config, "bibliography"))
    bib_url = get_relative_url("bibliography/", page.url or ".")
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
        cited = [k for k, places in registry.CITED_IN.items() if any(c.page_url == page.url for c in places)]
    box["head"] = {"meta": _meta_tags(record, [refs[k] for k in cited]),
                   "jsonld": _json_ld(record, [refs[k] for k in cited], page, config)}
    return context


def _name(a):
    return a.get("literal") or f"{a['family']}, {a.get('given', '')}".strip(", ")


def _meta_tags(record, cited):
    s = record.settings
    tags = [("citation_title", record.title)]
    tags += [("citation_author", _name(a)) for a in s.authors]
    if record.first_published:
        tags.append(("citation_publication_date", record.first_published.strftime("%Y/%m/%d")))
    if s.version.date:
        tags.append(("citation_online_date", s.version.date.strftime("%Y/%m/%d")))
    tags += [("citation_publisher", s.publisher), ("citation_public_url", record.url),
             ("citation_abstract_html_url", record.url), ("citation_language", s.language)]
    tags += [("citation_reference", _reference_tag(r)) for r in cited]
    tags += [("DC.title", record.title)] + [("DC.creator", _name(a)) for a in s.authors]
    if record.issued:
        tags.append(("DC.date", record.issued.isoformat()))
    if record.first_published:
        tags.append(("DCTERMS.issued", record.first_published.isoformat()))
    tags += [("DC.publisher", s.publisher), ("DC.identifier", record.url),
             ("DC.type", "Dataset" if record.kind == "Dataset" else "Text"),
             ("DC.format", "text/html"), ("DC.language", s.language)]
    if s.license:
        tags.append(("DC.rights", s.license))
    return tags


def _reference_tag(ref):
    """Google Scholar's form: citation_title=...; citation_author=...; ..."""
    parts = [("citation_title", ref.fields["title"])]
    parts += [("citation_author", p.replace("{", "").replace("}", "")) for p in ref.persons.get("author", [])]
    if not ref.persons.get("author") and ref.fields.get("institution"):
        parts.append(("citation_author", ref.fields["institution"]))
    if ref.fields.get("year"):
        parts.append(("citation_publication_date", ref.fields["year"]))
    container = ref.fields.get("journal") or ref.fields.get("howpublished")
    if container:
        parts.append(("citation_journal_title" if ref.fields.get("journal") else "citation_publisher", container))
    if ref.type == "techreport":
        parts += [("citation_technical_report_institution", ref.fields["institution"])]
        if ref.fields.get("number"):
            parts.append(("citation_technical_report_number", ref.fields["number"]))
    if ref.url:
        parts.append(("citation_public_url", ref.url))
    return "; ".join(f"{k}={v.replace(';', ',')}" for k, v in parts)


def _agent(a):
    if "literal" in a:
        return {"@type": "Organization", "name": a["literal"]}
    return {"@type": "Person", "familyName": a["family"], "givenName": a.get("given", ""),
            "name": f"{a.get('given', '')} {a['family']}".strip()}


def _json_ld(record, cited, page, config):
    s = record.settings
    data = {"@context": "https://schema.org", "@type": record.kind, "name": record.title, "url": record.url,
            "inLanguage": s.language, "author": [_agent(a) for a in s.authors],
            "publisher": {"@type": "Organization", "name": s.publisher},
            "isPartOf": {"@type": "WebSite", "name": s.site_name, "url": s.site_url}}
    if record.first_published:
        data["datePublished"] = record.first_published.isoformat()
    if s.version.date:
        data["dateModified"] = s.version.date.isoformat()
    if s.version.commit:
        data["version"] = s.version.label
    if record.version_url:
        data["sameAs"] = record.version_url
    if s.license:
        data["license"] = s.license
    if page.meta.get("description"):
        data["description"] = page.meta["description"]
    if cited:
        data["citation"] = [{"@type": "CreativeWork", "name": r.fields["title"], **({"url": r.url} if r.url else {})}
                            for r in cited]
    if record.kind == "ScholarlyArticle":
        meta = load_article(project_path(config, "seed")).meta
        data["headline"] = record.title
        data["isBasedOn"] = [
            {"@type": "Article", "name": meta["original"]["title"], "url": meta["original"]["url"],
             "author": [{"@type": "Person", "name": n} for n in meta["original"]["authors"]],
             "publisher": {"@type": "Organization", "name": meta["original"]["publisher"]}},
            {"@type": "Article", "name": record.title, "url": meta["this_text"]["url"],
             "datePublished": meta["this_text"]["date"].isoformat(),
             "publisher": {"@type": "Organization", "name": meta["this_text"]["publisher"]}}]
    elif record.kind == "Dataset":
        data["distribution"] = {"@type": "DataDownload", "encodingFormat": "application/x-bibtex",
                                "contentUrl": s.site_url + "refs.bib"}
    elif record.kind == "DefinedTerm":
        data["termCode"] = page.meta.get("glossary_slug") or page.url.strip("/").rsplit("/", 1)[-1]
        data["inDefinedTermSet"] = {"@type": "DefinedTermSet", "name": "Glossary", "url": s.site_url + "glossary/"}
    # "</" inside a <script> would end it early
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
