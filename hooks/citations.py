"""Citations: mkdocs-bibtex finds [@key] and makes footnotes; this hook does the rest.

Before mkdocs-bibtex: every [@key] is checked against refs.bib (an unknown key fails the
build naming the page and the key) and pandoc-style locators, [@key, para. 12], are kept
aside so the plugin (which drops them in pybtex mode) never sees them.
After it: each footnote marker becomes an author-date link to the key's entry on the
site-wide bibliography page, and the page's reference list is rewritten in the house style."""
import bisect
import re
from html import escape, unescape

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from edition import registry
from edition.bib import NOTE_PLACEHOLDER, label_with_locator, load_bibliography
from edition.config import project_path
from edition.errors import DataError

BLOCK = re.compile(r"\[((?:[^\[\]]*?)@[a-zA-Z0-9_:.-]+[^\[\]]*)\](?!\()")
ITEM = re.compile(r"^\s*@(?P<key>[^\s,;]+)\s*(?:,\s*(?P<locator>.+?))?\s*$")
MARKER = re.compile(r'(?P<open><span class="cite"(?P<attrs>[^>]*)>)?'
                    r'<sup id="(?P<id>fnref\d*:ref-(?P<key>[a-z0-9-]+))">'
                    r'<a class="footnote-ref" href="#fn:ref-(?P=key)">\d+</a></sup>(?(open)</span>)')
NOTE = re.compile(r'<li id="fn:ref-(?P<key>[a-z0-9-]+)">\s*<p>.*?(?P<back>(?:&#160;)?<a class="footnote-backref".*?)</p>\s*</li>',
                  re.S)
ATTR = re.compile(r'(id|data-locator|data-backlink|data-backlink-label)="([^"]*)"')
# An element that says where citations inside it should be linked back to, e.g.
# <li id="note-p7-c2" data-backlink="p7-c2" data-backlink-label="¶ 7, claim 7.2">
CONTEXT = re.compile(r'<[a-z0-9]+\s[^>]*data-backlink-label="[^"]*"[^>]*>')
CITE_LINK = re.compile(r'<a class="cite" [^>]*>.*?</a>')
RUN = re.compile(r'<a class="cite" [^>]*>.*?</a>(?:(?:;\s*)?<a class="cite" [^>]*>.*?</a>)*')
BIB_PAGE = "bibliography.md"
# Code shows citation syntax, it does not cite: fenced blocks and inline code spans. Their "@"
# is hidden from this hook and from mkdocs-bibtex (which scans the raw Markdown) and restored in
# the HTML. Indented code blocks are not recognised (they look like list text).
CODE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=indent)(?P=fence)[ \t]*$"
                  r"|(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.M | re.S)
HIDDEN_AT = "\ue0a0"   # a private-use character: never in the project's text


@event_priority(100)  # before mkdocs-bibtex parses refs.bib, so a bad file gets a clear message
def on_config(config):
    registry.reset()
    load_bibliography(project_path(config, "bibliography"))


@event_priority(100)  # before mkdocs-bibtex
def on_page_markdown(markdown, page, config, files):
    refs = load_bibliography(project_path(config, "bibliography"))
    found = []

    def rewrite(match):
        parts = match.group(1).split(";")
        items = [ITEM.match(p) for p in parts]
        if not all(items):
            return match.group(0)  # not a citation block (e.g. "[see @x here]")
        out = []
        for item in items:
            key, locator = item["key"], item["locator"]
            if key not in refs:
                raise DataError(page.file.src_uri, f"citation of unknown key '{key}'",
                                "add it to refs.bib or fix the key; keys look like 'un-mt-1267-2023-32nd'")
            out.append(f'<span class="cite" data-locator="{escape(locator)}">[@{key}]</span>'
                       if locator else f"[@{key}]")
        found.extend(out)
        return "".join(out)

    markdown = CODE.sub(lambda m: m.group(0).replace("@", HIDDEN_AT), markdown)
    markdown = BLOCK.sub(rewrite, markdown)
    # Python-Markdown puts footnotes (the reference list) at the very end: head it, in the TOC too.
    return markdown + "\n\n## References { #references }\n" if found else markdown


@event_priority(100)  # first: code gets its "@" back before any other hook reads the page
def on_page_content(html, page, config, files):
    html = html.replace(HIDDEN_AT, "@")
    refs = load_bibliography(project_path(config, "bibliography"))
    bib_url = get_relative_url(_bib_dest(files), page.url or ".")
    title = page.title or page.file.src_uri

    contexts = [(c.start(), dict(ATTR.findall(c.group(0)))) for c in CONTEXT.finditer(html)]
    starts = [pos for pos, _ in contexts]

    def marker(m):
        key, locator = m["key"], dict(ATTR.findall(m["attrs"] or "")).get("data-locator")
        ref = refs[key]
        at = bisect.bisect_left(starts, m.start()) - 1
        ctx = contexts[at][1] if at >= 0 else {}
        anchor = ctx.get("data-backlink") or ctx.get("id") or m["id"]
        label = unescape(ctx.get("data-backlink-label", "in the text"))
        registry.record(key, registry.Citing(page.url, title, anchor, label))
        return (f'<a class="cite" id="{m["id"]}" href="{bib_url}#{key}" data-preview="fn:ref-{key}" '
                f'aria-label="Reference: {escape(unescape(ref.label))}">{label_with_locator(ref, locator)}</a>')

    def note(m):
        key = m["key"]
        return (f'<li id="fn:ref-{key}"><p>{refs[key].html} '
                f'<a class="bib-link" href="{bib_url}#{key}">Bibliography entry</a>{m["back"]}</p></li>')

    html = MARKER.sub(marker, html)
    # Adjacent citations share one pair of parentheses: (A 2020; B 2021, para. 3).
    html = RUN.sub(lambda m: "(" + "; ".join(CITE_LINK.findall(m.group(0))) + ")", html)
    if 'id="fn:ref-' in html:
        html = NOTE.sub(note, html)
    if NOTE_PLACEHOLDER in html:   # see hooks/bibtex_cache.py
        raise DataError(page.file.src_uri, "a reference note was not replaced by its formatted reference",
                        "mkdocs-bibtex or Python-Markdown changed the HTML of footnotes: "
                        "update NOTE in hooks/citations.py to match it")
    return html


def _bib_dest(files):
    file = files.get_file_from_path(BIB_PAGE)
    if file is None:
        raise DataError("mkdocs.yml", f"citations need the bibliography page {BIB_PAGE}",
                        "keep hooks/bibliography_page.py in the hooks list")
    return file.url
