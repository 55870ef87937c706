#!/usr/bin/env python3
"""The edition as one PDF, printed by Chromium from the built site (make pdf; the deploy runs it).

    .venv/bin/python scripts/print_pdf.py [--site site] [--out site/edition.pdf]

After `mkdocs build`, never during it: the build needs only Python packages. One print document
is composed from the written pages, in reading order: each article (its text, claim notes and
references), the glossary's entries (grouped by kind as on /glossary/) and the bibliography.
Every id is prefixed with its page ("glossary/al-qaeda:fact-1", "bibliography:KEY"), so ids
stay unique, and every link to a page in the document becomes a link to that fragment, which
Chromium prints as a link inside the PDF; a link to any other page of the site becomes its
absolute address (site_url). Apparatus that means nothing on paper (Cite buttons, popovers,
permalink signs, BibTeX records, each glossary entry's own reference list) is left out.

The document is never written into the site: it is served to Chromium from memory beside the
built site (on 127.0.0.1), under the site's Content-Security-Policy, with every request to
another host refused and reported. Fonts are the system's, embedded by Chromium."""
import argparse
import http.server
import json
import os
import posixpath
import shutil
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urljoin, urlsplit

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")   # Material's MkDocs 2 notice (Makefile)

from bs4 import BeautifulSoup  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRINT_URL = "edition-print.html"   # the print document's address beside the site (served, not written)
LOCAL = "http://print.invalid/"    # a base for resolving the site's relative links
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"   # Debian's (make browser), as the tests drive it
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
APPARATUS = ("section#cite-this-page, div.cite-popover, [data-apparatus], a.headerlink, .md-source-file, "
             "details.bib-bibtex, p.glossary-back, script")
ID_REFS = ("aria-labelledby", "aria-describedby", "aria-controls", "for", "popovertarget", "data-edition-preview")
HEAD_DROPPED = ('script, link[rel="canonical"], link[rel="prev"], link[rel="next"], meta[name^="citation_"], '
                'meta[name^="DC."], meta[name^="DCTERMS."], meta[property^="og:"]')


class Part:
    """One written page in the print document: where it is, and the prefix of its ids."""

    def __init__(self, url):
        self.url = url                                   # as MkDocs writes it: "glossary/al-qaeda/"
        self.prefix = url.removesuffix("/").removesuffix(".html") or "home"
        self.file = url + "index.html" if url.endswith("/") or not url else url

    def path(self, site):
        return site / self.file


def reading_order(edition, url_of):
    """(articles, glossary as [(kind title, parts)], bibliography) from the edition model;
    url_of maps a page's source path to its URL."""
    from reference_edition.data.schema import GLOSSARY_KINDS
    from reference_edition.data.model import BIBLIOGRAPHY_PAGE, glossary_page
    articles = [Part(url_of(a.page)) for a in edition.articles]
    glossary = []
    if edition.glossary is not None:
        entries = edition.glossary.entries.values()
        glossary = [(names.heading, parts) for kind, names in GLOSSARY_KINDS.items()
                    if (parts := [Part(url_of(glossary_page(e.slug))) for e in entries if e.kind == kind])]
    return articles, glossary, [Part(url_of(BIBLIOGRAPHY_PAGE))]


def edition_parts(config_file, **overrides):
    """(site_url, site_name, articles, glossary, bibliography) of the project's mkdocs.yml: the
    edition model as the plugin loads it (no page is built)."""
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    MkDocsConfig.plugins.plugin_cache.clear()   # a plugin object of another site in this process (tests)
    config = load_config(str(config_file), **overrides)
    edition = config.plugins["reference-edition"].load_model(config)
    url_of = lambda src: File(src, None, "", config.use_directory_urls).url   # noqa: E731
    return (config.site_url, config.site_name, *reading_order(edition, url_of))


def compose(site: Path, site_url: str, site_name: str, articles, glossary, bibliography) -> str:
    """The print document (HTML) for the parts of reading_order, from the pages written in `site`."""
    parts = articles + [p for _, ps in glossary for p in ps] + bibliography
    by_url = {}
    for part in parts:
        by_url[part.url] = by_url[part.file] = part   # "glossary/al-qaeda/" or, offline, its index.html
    shell = _read(site, parts[0])
    for element in shell.head.select(HEAD_DROPPED):
        element.decompose()
    shell.head.title.string = site_name
    for element in shell.head.select("link[href]"):
        element["href"] = _beside(parts[0].url, element["href"])
    shell.head.append(shell.new_tag("link", rel="stylesheet", href="assets/stylesheets/edition-print.css"))

    document = shell.new_tag("article", attrs={"class": "md-content__inner md-typeset edition-print"})
    document.append(_colophon(shell, site, site_url, site_name))
    for part in articles:
        section = _section(shell, "print-part print-article", part.prefix)
        section.extend(_content(site, part, by_url, site_url))
        for details in section.find_all("details"):   # the "About this text" box: open on paper
            details["open"] = ""
        document.append(section)
    if glossary:
        section = _section(shell, "print-part print-glossary", "glossary")
        section.append(_heading(shell, 1, "Glossary"))
        for title, entries in glossary:
            section.append(_heading(shell, 2, title))
            for part in entries:
                entry = _section(shell, "print-entry", part.prefix)
                entry.extend(_content(site, part, by_url, site_url, own_references=False))
                for heading in entry.find_all(["h1", "h2", "h3", "h4"]):
                    heading.name = "h%d" % min(6, int(heading.name[1]) + 2)   # under Glossary > kind
                section.append(entry)
        document.append(section)
    for part in bibliography:
        section = _section(shell, "print-part print-bibliography", part.prefix)
        section.extend(_content(site, part, by_url, site_url))
        document.append(section)

    shell.body.clear()
    wrapper = BeautifulSoup('<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">'
                            '<div class="md-content"></div></div></main></div>', "lxml").div
    wrapper.find(class_="md-content").append(document)
    shell.body.append(wrapper)
    _check_unique_ids(shell)
    return str(shell)


def _colophon(soup, site, site_url, site_name):
    """Which version this is and where it is online (the build's version.json)."""
    version = json.loads((site / "version.json").read_text(encoding="utf-8"))
    line = soup.new_tag("p", attrs={"class": "print-colophon"})
    line.append(f"{site_name}. Version {version['version']}" + (f" of {version['date']}" if version["date"] else "")
                + ". Online at ")
    link = soup.new_tag("a", href=site_url)
    link.string = site_url
    line.extend([link, "."])
    return line


def _read(site, part):
    return BeautifulSoup(part.path(site).read_bytes(), "lxml")


def _content(site, part, by_url, site_url, own_references=True):
    """The page's content (the theme's <article>), its ids prefixed and its links rewritten."""
    found = _read(site, part).select("article.md-content__inner")
    if len(found) != 1:
        raise SystemExit(f"{part.path(site)}: no single <article class=\"md-content__inner\">: "
                         "the theme's page layout changed; update scripts/print_pdf.py")
    content = found[0]
    for element in content.select(APPARATUS):
        element.decompose()
    if not own_references:   # the bibliography at the end is the reference list
        for element in content.select("h2#references, div.footnote"):
            element.decompose()
    for element in content.find_all(True):
        if element.get("id"):
            element["id"] = f"{part.prefix}:{element['id']}"
        for name in ID_REFS:
            if element.get(name):
                element[name] = " ".join(f"{part.prefix}:{i}" for i in element[name].split())
        if element.name == "a" and element.get("href") is not None:
            _relink(element, part, by_url, site_url)
        elif element.get("src"):
            element["src"] = _beside(part.url, element["src"])
    return list(content.children)


def _relink(a, part, by_url, site_url):
    href = a["href"]
    target = urlsplit(urljoin(LOCAL + part.url, href))
    if urljoin(LOCAL, "/") != f"{target.scheme}://{target.netloc}/":   # another host
        if target.scheme not in ("http", "https"):
            del a["href"]                     # the PDF links to web addresses only; the words stay
        elif href.rstrip("/") not in " ".join(a.get_text().split()):
            a.insert_after(f" <{href}>")      # the address on paper, after the link's words
        return
    path = target.path.lstrip("/")
    if path in by_url:
        into = by_url[path]
        a["href"] = "#" + (f"{into.prefix}:{target.fragment}" if target.fragment else into.prefix)
    else:
        a["href"] = urljoin(site_url, path) + (f"#{target.fragment}" if target.fragment else "")


def _beside(page_url, ref):
    """A link or source of the page at page_url, from the print document (at the site's root)."""
    target = urlsplit(urljoin(LOCAL + page_url, ref))
    if urljoin(LOCAL, "/") != f"{target.scheme}://{target.netloc}/":
        return ref
    return posixpath.relpath(target.path, "/") + (f"?{target.query}" if target.query else "")


def _section(soup, classes, ident):
    return soup.new_tag("section", attrs={"class": classes, "id": ident})


def _heading(soup, level, text):
    heading = soup.new_tag(f"h{level}")
    heading.string = text
    return heading


def _check_unique_ids(document):
    seen = set()
    for element in document.find_all(id=True):
        if element["id"] in seen:
            raise SystemExit(f"print document: the id {element['id']!r} occurs twice; two parts of the edition "
                             "have the same page prefix (scripts/print_pdf.py, Part)")
        seen.add(element["id"])


# ------------------------------------------------------------------ printing
def print_pdf(browser, base: str, document: str) -> tuple[bytes, list]:
    """(the PDF, the addresses of other hosts the page tried to load: refused) for the print
    document served at base + PRINT_URL, in one new browser context."""
    context = browser.new_context()
    tab = context.new_page()
    outside = []

    def route(request):
        url = request.request.url
        if url == f"{base}/{PRINT_URL}":
            return request.fulfill(status=200, content_type="text/html; charset=utf-8", body=document)
        if url.startswith(f"{base}/") or url.startswith(("data:", "blob:")):
            return request.continue_()
        outside.append(url)
        return request.abort()

    try:
        tab.route("**/*", route)
        tab.goto(f"{base}/{PRINT_URL}", wait_until="load")
        tab.evaluate("document.fonts.ready.then(() => true)")
        tab.emulate_media(media="print")
        pdf = tab.pdf(prefer_css_page_size=True, print_background=True, outline=True, tagged=True)
    finally:
        context.close()
    return pdf, outside


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--out", type=Path, help="the PDF (default: SITE/edition.pdf)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright
    from reference_edition.pages.article_page import EDITION_PDF

    if not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site}: no built site here: run `make build` first (make pdf does)")
    document = compose(args.site, *edition_parts(args.config))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_SiteHandler, directory=str(args.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            pdf, outside = print_pdf(browser, f"http://127.0.0.1:{httpd.server_address[1]}", document)
            browser.close()
    finally:
        httpd.shutdown()
    if outside:
        raise SystemExit("the print document tried to load from other hosts (refused): " + ", ".join(outside))
    out = args.out or args.site / EDITION_PDF
    out.write_bytes(pdf)
    print(f"{out}: {len(pdf) // 1024} KB")


if __name__ == "__main__":
    main()
