"""Files for crawlers and hosts: /robots.txt (everything may be read; where the sitemap is), and
each page's date in the sitemap (<lastmod>) as the date its content last changed, not the build
date: the last commit of the page's own Markdown file, or of the data it is generated from."""
from pathlib import Path

from mkdocs.structure.files import File

from ..data.model import BIBLIOGRAPHY_PAGE, CLAIMS_PAGE, GLOSSARY_INDEX, METHOD_PAGE, glossary_page
from ..data.version import last_changed


def on_files(plugin, files, config):
    sitemap = f"{config.site_url or '/'}sitemap.xml"
    files.append(File.generated(config, "robots.txt", content=f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"))


def on_env(plugin, files, config):
    changed = last_changed(Path(config.config_file_path).resolve().parent)
    if not changed:
        return   # not a git checkout: the build date stays
    sources = _sources(plugin, config)
    for file in files.documentation_pages():
        paths = sources.get(file.src_uri) or [Path(config.docs_dir) / file.src_uri]
        dates = [d for p in paths if (d := changed.get(Path(p).resolve()))]
        if dates and file.page is not None:
            file.page.update_date = max(dates).isoformat()


def _sources(plugin, config) -> dict:
    """Generated page -> the data files its content comes from."""
    edition, options = plugin.edition, plugin.config
    bib = [Path(options.bibliography)]
    glossary = sorted(Path(options.glossary).glob("*.yml")) if options.glossary else []
    per_article = [[Path(a.seed), Path(a.seed).with_suffix(".meta.yml"), Path(a.claims)] for a in options.articles]
    seeds = [p for paths in per_article for p in paths]
    out = {BIBLIOGRAPHY_PAGE: bib + seeds + glossary, CLAIMS_PAGE: bib + seeds, METHOD_PAGE: bib + seeds,
           GLOSSARY_INDEX: glossary}
    out |= {p.src: out[BIBLIOGRAPHY_PAGE] for p in edition.bib_layout.pages}   # a split bibliography's
    for paths, article in zip(per_article, edition.articles):
        out[article.page] = bib + glossary + paths
    if edition.glossary is not None:
        for entry in edition.glossary.entries.values():
            out[glossary_page(entry.slug)] = bib + [entry.path]
    return out

