"""Unconfirmed details shown as such, and never asserted: a value that no copy of its source
confirmed (refs.bib's `unconfirmed` items, the seed's meta.yml; see edition/unconfirmed.py)
reads "VALUE [unconfirmed]" wherever the site shows it, and the build fails where it does not.

- The article's "Not confirmed" note lists the items of the refs.bib entries its meta.yml
  names (this text, the original, republications) and meta.yml's own items: one source each.
- Every page's HTML, once the other hooks have added theirs, gets the flag after each
  flagged value in its text (not in attributes, code or scripts; the exempt places below).
- After the build, every written .html, .txt, .ris, .bib, .json and .xml file, CITATION.cff
  and the front matter of docs/*.md are read: a flagged value not followed by "[unconfirmed]"
  fails the build, naming file, line, value and the source of the flag.

Exempt, because they are where the unconfirmed details themselves are recorded: the BibTeX
records (refs.bib as published, and each entry's BibTeX block, details.bib-bibtex) and the
"Not confirmed" lists (.unconfirmed-list). Also exempt: the search index
(search/search_index.json). Material builds it from each page's HTML after this hook has
flagged it, so its text carries the same flags; but it drops the markup that marks the exempt
places, so it cannot tell a BibTeX record from prose, and the pages it is built from are
checked themselves. The body of docs/*.md is not checked as source: it is rendered, flagged,
and checked as a page; its front matter becomes titles and head metadata, which cannot show
a flag, so a flagged value there is an error naming the file and line."""
from pathlib import Path

from mkdocs.plugins import event_priority

from edition import seed, unconfirmed
from edition.bib import load_bibliography
from edition.config import edition_settings, project_path
from edition.errors import DataError, raise_all
from edition.templates import templates

CHECKED = (".html", ".txt", ".ris", ".bib", ".json", ".xml")
EXEMPT_FILES = ("refs.bib", "search/search_index.json")   # see the module's docstring
PLACEHOLDER = "<!-- article-unconfirmed -->"                # in hooks/templates/article.md.j2
MAX_REPORTED = 30
TEMPLATES = templates(trim_blocks=True, lstrip_blocks=True)
_cache = {}


def meta_path(config):
    """seeds/<slug>.meta.yml beside the configured seed; None for a site without one."""
    return seed.meta_path(project_path(config, "seed")) if edition_settings(config).get("seed") else None


def flags(config):
    """(matcher or None, flags, refs) for this build, recomputed only when refs.bib or meta.yml
    change (load_bibliography is cached on the file's modification time)."""
    refs = load_bibliography(project_path(config, "bibliography"))
    found = unconfirmed.flags_for(refs, meta_path(config))
    if _cache.get("flags") is not found:
        _cache.update(flags=found, matcher=unconfirmed.Matcher.of(found) if found else None)
    return _cache["matcher"], found, refs


def on_config(config):
    path = meta_path(config)
    if path:   # fail early: meta.yml's items, and its dates and addresses against refs.bib
        unconfirmed.check_meta(path, load_bibliography(project_path(config, "bibliography")))
    flags(config)


def on_page_markdown(markdown, page, config, files):
    if PLACEHOLDER not in markdown or page.meta.get("edition_page") != "article":
        return markdown
    refs = flags(config)[2]
    path = meta_path(config)
    sources, own = unconfirmed.article_sources(path, refs), unconfirmed.meta_items(path)
    note = TEMPLATES.get_template("unconfirmed-article.md.j2").render(
        sources=[(r, r.unconfirmed) for r in sources if r.unconfirmed], own=[s.item for s in own])
    return markdown.replace(PLACEHOLDER, " ".join(note.split()), 1)


@event_priority(-200)  # after every hook that adds to a page's HTML (citations, claims, glossary links, cite ¶)
def on_page_content(html, page, config, files):
    matcher = flags(config)[0]
    return matcher.flag(html) if matcher else html


@event_priority(-500)  # after the search index and the offline plugin are written, before atomic_site_dir swaps
def on_post_build(config):
    matcher, found, _ = flags(config)
    if not matcher:
        return
    sources = {}
    for f in found:
        sources.setdefault(f.value, []).append(f.source)
    site, root = Path(config["site_dir"]), Path(config.config_file_path).parent
    checked = [(path, f"{path.relative_to(site).as_posix()} (built site)", None)
               for path in sorted(site.rglob("*")) if path.suffix in CHECKED and path.is_file()
               and path.relative_to(site).as_posix() not in EXEMPT_FILES]
    checked += [(root / "CITATION.cff", None,
                 "a citation file cannot show the flag: leave the value out of CITATION.cff")]
    checked += [(page, None, "front matter becomes titles and head metadata, which cannot show the flag: "
                 "say it in the page's text instead, where it is flagged")
                for page in sorted(Path(config["docs_dir"]).rglob("*.md"))]
    errors = []
    for path, name, fix in checked:
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        scanned = text
        if path.suffix == ".md":   # of docs/*.md, the front matter only (see the module's docstring)
            scanned = text.split("\n---", 1)[0] if text.startswith("---\n") else ""
        for offset, written, where in matcher.unflagged(scanned, html=path.suffix == ".html"):
            errors.append(_error(name or path, text, offset, written, where, matcher, sources,
                                 fix or _fix(where, path.suffix == ".html")))
    if len(errors) > MAX_REPORTED:
        errors = errors[:MAX_REPORTED] + [DataError(site, f"... and {len(errors) - MAX_REPORTED} more")]
    raise_all(errors)


def _fix(where, html):
    """What to do about a value found unflagged in a built file (where: Matcher.unflagged's)."""
    if not html:
        return "a download cannot show the flag: leave the value out of what this file is made from"
    if where.startswith("text"):
        return ("write it in the page's running text (not in code, a title or the navigation), "
                "where hooks/unconfirmed_flags.py flags it")
    return ("metadata, attributes and scripts cannot show the flag: leave the value out where this is "
            "written (edition/headmeta.py does for the head)")


def _error(path, text, offset, written, where, matcher, sources, fix):
    value = matcher.value_of(written)
    line = text.count("\n", 0, offset) + 1
    excerpt = " ".join(text[max(0, offset - 60):offset + len(written) + 40].split())
    return DataError(path, f"unconfirmed value {value!r} is shown without “[unconfirmed]” ({where}: …{excerpt}…); "
                     f"flagged by {', '.join(dict.fromkeys(sources.get(value, ['?'])))}",
                     f"{fix}; or, if a copy of the source confirms it, remove it from the flag's source", line=line)
