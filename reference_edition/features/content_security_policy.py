"""A Content-Security-Policy on every page, as a <meta http-equiv> tag (issue 17).

Scripts run only from the site itself ('self') or when they are one of the inline scripts the
theme writes (Material writes three on every page): each page's policy allows the SHA-256 hashes
of its own inline scripts, computed from its final HTML (features/written_pages.py: in memory as
MkDocs writes it, after every other plugin's changes), so no 'unsafe-inline' is needed. Only
scripts the theme's own templates write are hashed (theme_scripts: read from the theme's
folders, their Jinja expressions as wildcards without quotes or tags): any other
inline script on a written page stops the build, naming the page, so a script that data text
might smuggle in is never approved. Nothing loads from another host.

A policy per page, not the site's: each page allows only its own scripts (Material's scope
script differs with the page's depth), and a page's policy is known when its HTML is, so every
page is written once. (Material's navigation.instant, which keeps the first page's policy while
it loads others, is off in mkdocs.yml; turning it on would need the site-wide policy.)
The site-wide policy, every page's hashes, is written to <site_dir>/_headers (the format Netlify
and Cloudflare Pages read) for hosts that can send it as an HTTP header, which also protects the
first bytes of a page; `frame-ancestors` works only there (browsers ignore it in a meta tag and
say so). A browser enforces both: a page's scripts are in both.

`mkdocs serve` adds its live-reload script to every page it sends: serve_errors.py asks
`with_script_hashes` to allow it in that page's policy."""
import base64
import functools
import hashlib
import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..data.html_scripts import inline_scripts
from ..data.html_text import pieces

# Measured in Chromium on every page (tests/test_csp_browser.py): Material's inline SVG icons
# are markup, not images; the search worker is a script file of the site; nothing uses eval.
BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],                # + the hashes of the inline scripts
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],          # Material's CSS: 42 icons as data: SVG masks
    "font-src": ["'self'"],
    "connect-src": ["'self'"],               # the search index
    "worker-src": ["'self'"],                # the search worker
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HEADER_ONLY = {"frame-ancestors": ["'self'"]}

_POLICY = "content-security-policy"


def script_hashes(page: bytes) -> set:
    return _hashes(inline_scripts(page))


def _hashes(texts) -> set:
    return {"'sha256-" + base64.b64encode(hashlib.sha256(t.encode("utf-8")).digest()).decode() + "'" for t in texts}


@functools.lru_cache(maxsize=8)
def theme_scripts(dirs: tuple) -> list:
    """Patterns of the inline scripts the theme's templates write (every template in the theme's
    folders: Material's partials/javascripts/, MkDocs' own theme's highlight call, overrides/):
    each Jinja expression (a scope, a path) may be any text without quotes, backslashes or tags
    (with `tojson`, any JSON without tags: tojson escapes them)."""
    patterns = []
    for folder in dirs:
        for template in sorted(Path(folder).rglob("*.html")):
            for body in _plain_scripts(template.read_text(encoding="utf-8")):
                parts = re.split(r"(\{\{.*?\}\})", body)   # text, expression, text, ...
                patterns.append(re.compile("".join(
                    re.escape(p) if i % 2 == 0 else r"[^<>]*" if "tojson" in p else r"[^\"'<>\\]*"
                    for i, p in enumerate(parts)), re.S))   # tojson escapes < > & ' itself
    return patterns


def _plain_scripts(template: str) -> list:
    """The text of each <script> without attributes in a template, read by html.parser
    (data/html_text.py): Jinja's {{ }} and {% %} are text to it."""
    found = pieces(template)
    return [template[after.start:after.end] if after.kind == "raw" else ""
            for piece, after in zip(found, found[1:] + [None])
            if piece.tag and piece.tag.name == "script" and not piece.tag.closing
            and template[piece.start:piece.end] == "<script>" and after is not None]


def unexpected_scripts(page: bytes, dirs: tuple) -> list:
    """Inline scripts on a page that no template of the theme writes."""
    return _unexpected(inline_scripts(page), dirs)


def _unexpected(texts: list, dirs: tuple) -> list:
    patterns = theme_scripts(tuple(str(d) for d in dirs))
    return [t for t in texts if not any(p.fullmatch(t) for p in patterns)]


def policy(hashes, extra=None) -> str:
    directives = {**BASE, **(extra or {})}
    directives["script-src"] = directives["script-src"] + sorted(hashes)
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def meta(value: str) -> str:
    value = html.escape(value, quote=False).replace('"', "&quot;")   # no ' escapes: the policy stays readable
    return f'\n<meta http-equiv="Content-Security-Policy" content="{value}">\n'


def _head(page: str) -> list:
    """The opening tags before the page's first script, read by html.parser (data/html_text.py):
    the policy goes there (after <meta charset>, or <head>), so that is all there is to parse;
    the first <script> itself is the last tag listed."""
    first_script = page.find("<script")
    end = page.find(">", first_script) + 1 if first_script > -1 else len(page)
    return [p for p in pieces(page[:end or len(page)]) if p.tag and not p.tag.closing]


def _without_policy(page: str) -> str:
    """The page without its policy tags (each with the line breaks meta() writes around it)."""
    if "Content-Security-Policy" not in page:   # a page written by this build: none yet
        return page
    for tag in reversed([t for t in _head(page) if t.tag.name == "meta"
                         and (t.tag.attrs.get("http-equiv") or "").lower() == _POLICY]):
        start, end = tag.start, tag.end
        if page[start - 1:start] == "\n" and page[end:end + 1] == "\n":
            start, end = start - 1, end + 1
        page = page[:start] + page[end:]
    return page


def insert(page: str, tag: str, where: str) -> str:
    """The tag right after <meta charset> (which must stay within the first 1024 bytes), and
    before any script: a meta policy does not apply to the scripts above it. A policy the page
    has already is replaced."""
    text = _without_policy(page)
    at = text.find("charset")   # the tags up to the first <meta charset> are enough (a prefix of _head's)
    tags = _opening_tags(text[:text.find(">", at) + 1]) if at > -1 else []
    if not _charset(tags):
        tags = _head(text)
    charset = _charset(tags)
    anchor = (charset or [t for t in tags if t.tag.name == "head"] or [None])[0]
    first_script = next((t.start for t in tags if t.tag.name == "script"), None)
    if anchor is None or first_script is not None and first_script < anchor.end:
        raise PluginError(f"{where}: no <head> before the first <script>: the Content-Security-Policy "
                          "cannot be placed (check the theme's overrides)")
    return text[:anchor.end] + tag + text[anchor.end:]


@functools.lru_cache(maxsize=16)
def _opening_tags(beginning: str) -> tuple:
    """_head of a page's beginning up to its <meta charset>: the same few bytes on every page a
    theme writes, so html.parser reads them once (the key is the text itself)."""
    return tuple(_head(beginning))


def _charset(tags) -> list:
    return [t for t in tags if t.tag.name == "meta" and (t.tag.attrs.get("charset") or "").lower() == "utf-8"]


def protect(page: str, where: str, dirs: tuple) -> tuple:
    """(the page with its policy, the hashes it allows, the size of its bytes as MkDocs writes
    them) of a page's final HTML; an inline script no theme template writes stops the build."""
    written = page.encode("utf-8", "xmlcharrefreplace")   # the bytes MkDocs writes
    scripts = inline_scripts(written)
    for text in _unexpected(scripts, dirs):
        raise PluginError(f"{where}: an inline script no theme template writes "
                          f"({text[:80]!r}): the page's policy would not approve it, and data never "
                          "writes scripts (data/safe_html.py); find what put it there")
    hashes = _hashes(scripts)
    protected = insert(page, tag := meta(policy(hashes)), where)
    if len(protected) == len(page) + len(tag):   # the tag added, nothing removed: no need to encode the page again
        return protected, hashes, len(written) + len(tag.encode("utf-8"))
    return protected, hashes, len(protected.encode("utf-8", "xmlcharrefreplace"))


def write_headers(site_dir, hashes):
    """The site-wide policy (every page's hashes: `hashes`) for hosts that send it as a header."""
    (Path(site_dir) / "_headers").write_text(
        f"/*\n  Content-Security-Policy: {policy(hashes, HEADER_ONLY)}\n", encoding="utf-8")


def header_value(site_dir) -> str:
    """The policy a host sends as a header, as this build wrote it to _headers."""
    text = (Path(site_dir) / "_headers").read_text(encoding="utf-8")
    return text.split("Content-Security-Policy: ", 1)[1].strip()


def with_script_hashes(page: bytes) -> bytes:
    """The page with a policy allowing the inline scripts it has now (serve's live reload)."""
    text = page.decode("utf-8")
    policies = [t for t in _head(text) if t.tag.name == "meta" and (t.tag.attrs.get("http-equiv") or "").lower() == _POLICY]
    if not policies:
        return page
    return insert(text, meta(policy(script_hashes(page))), "the page served").encode("utf-8")
