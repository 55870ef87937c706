"""Unconfirmed details shown as such, and never asserted: a value that no copy of its source
confirmed (refs.bib's `unconfirmed` items, the seed's meta.yml; see data/unconfirmed.py)
reads "VALUE [unconfirmed]" wherever the site shows it, and the build fails where it does not.

- The article's "Not confirmed" note (pages/article_page.py) lists the items of the refs.bib entries its meta.yml
  names (this text, the original, republications) and meta.yml's own items: one source each.
- Every page gets the flag after each flagged value in its text as it converts
  (markdown/unconfirmed_flags.py: not in attributes, code or scripts; the exempt places below);
  each formatted reference carries its own flags (data/unconfirmed.py, flag_references).
- Every .html page's final HTML is read with lxml (its text, attributes and scripts: unflagged_page,
  called by features/written_pages.py as MkDocs writes it, or on the file after the build); after
  the build, every written .txt, .ris, .bib, .json and .xml file, CITATION.cff and the front
  matter of docs/*.md are read as text: a flagged value not followed by "[unconfirmed]" fails the
  build, naming file, line, value and the source of the flag (all of them, in the order of the
  files' paths).

Exempt, because they are where the unconfirmed details themselves are recorded: each entry's
BibTeX block (details.bib-bibtex; it is /refs.bib's entry, which is checked as a file) and the
"Not confirmed" lists (.unconfirmed-list). Also exempt: the search index
(search/search_index.json). Material builds it from each page's HTML after this hook has
flagged it, so its text carries the same flags; but it drops the markup that marks the exempt
places, so it cannot tell a BibTeX record from prose, and the pages it is built from are
checked themselves. The body of docs/*.md is not checked as source: it is rendered, flagged,
and checked as a page; its front matter becomes titles and head metadata, which cannot show
a flag, so a flagged value there is an error naming the file and line."""
from pathlib import Path

from ..data.errors import DataError, raise_all

CHECKED = (".html", ".txt", ".ris", ".bib", ".json", ".xml")
EXEMPT_FILES = ("search/search_index.json",)   # see the module's docstring
MAX_REPORTED = 30


def unflagged_page(edition, page: str, dest: str) -> list:
    """The errors of an HTML page of the site (dest: its path in the site): read with lxml, for
    text, attributes, scripts and exempt places."""
    matcher = edition.matcher
    found = matcher.unflagged_html(page) if matcher else []
    sources = _sources(edition) if found else {}
    return [_error(f"{dest} (built site)", value, where, excerpt, line, matcher, sources, _fix(where))
            for line, value, where, excerpt in found]


def check_written(plugin, config, pages: list):
    """Fails the build on any error found: in `pages` ((dest, error) of every HTML page, from
    unflagged_page) and in the other files checked, read here."""
    edition = plugin.edition
    matcher = edition.matcher
    if not matcher:
        return
    sources = _sources(edition)
    site, root = Path(config["site_dir"]), Path(config.config_file_path).parent
    found = list(pages)
    for path in site.rglob("*"):
        if path.suffix not in CHECKED or path.suffix == ".html":   # pages: checked as they were written
            continue
        dest = path.relative_to(site).as_posix()
        if dest not in EXEMPT_FILES and path.is_file():
            found += [(dest, e) for e in _unflagged_text(path, f"{dest} (built site)", _fix(None), matcher, sources)]
    errors = [e for _, e in sorted(found, key=lambda f: f[0].split("/"))]   # stable: by line within a file
    errors += _unflagged_text(root / "CITATION.cff", None, "a citation file cannot show the flag: "
                              "leave the value out of CITATION.cff", matcher, sources)
    for page in sorted(Path(config["docs_dir"]).rglob("*.md")):
        errors += _unflagged_text(page, None, "front matter becomes titles and head metadata, which cannot show "
                                  "the flag: say it in the page's text instead, where it is flagged", matcher, sources)
    if len(errors) > MAX_REPORTED:
        errors = errors[:MAX_REPORTED] + [DataError(site, f"... and {len(errors) - MAX_REPORTED} more")]
    raise_all(errors)


def _unflagged_text(path, name, fix, matcher, sources) -> list:
    """The errors of a file read as text (of docs/*.md, the front matter only: see the module's docstring)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".md":
        text = text.split("\n---", 1)[0] if text.startswith("---\n") else ""
    errors = []
    for offset, written in matcher.unflagged(text):
        excerpt = " ".join(text[max(0, offset - 60):offset + len(written) + 40].split())
        errors.append(_error(name or path, written, "text", excerpt, text.count("\n", 0, offset) + 1,
                             matcher, sources, fix))
    return errors


def _sources(edition) -> dict:
    """Flagged value -> where each flag on it comes from."""
    sources = {}
    for f in edition.flags:
        sources.setdefault(f.value, []).append(f.source)
    return sources


def _fix(where):
    """What to do about a value found unflagged in a built file (where: Matcher.unflagged_html's,
    None for a download)."""
    if where is None:
        return "a download cannot show the flag: leave the value out of what this file is made from"
    if where.startswith("text"):
        return ("write it in the page's running text (not in code, a title or the navigation), "
                "where features/unconfirmed_flags.py flags it")
    return ("metadata, attributes and scripts cannot show the flag: leave the value out where this is "
            "written (data/headmeta.py does for the head)")


def _error(path, written, where, excerpt, line, matcher, sources, fix):
    value = matcher.value_of(written)
    return DataError(path, f"unconfirmed value {value!r} is shown without “[unconfirmed]” ({where}: …{excerpt}…); "
                     f"flagged by {', '.join(dict.fromkeys(sources.get(value, ['?'])))}",
                     f"{fix}; or, if a copy of the source confirms it, remove it from the flag's source", line=line)
