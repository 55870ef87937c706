"""Glossary links in the article: in each numbered paragraph (p.para), the first mention of
each entry becomes a link to its page, with the definition as a hover/focus preview
(previews.js reads data-preview-text). The words stay exactly the seed's.

Only text between tags is touched, never attributes, and never text already inside a link,
code, a superscript or other apparatus. Every mention (not only the linked one) is recorded
for the entry pages' "Mentioned in" lists (edition.glossary.MENTIONS)."""
import re
from html import unescape

from markupsafe import Markup
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from edition.config import project_path
from edition.templates import templates
from edition.glossary import MENTIONS, load_glossary

TERM = templates(autoescape=True).get_template("glossary-term.html.j2")
PARA = re.compile(r'<p\s(?P<attrs>[^>]*\bclass="(?:[^"]*\s)?para(?:\s[^"]*)?"[^>]*)>(?P<body>.*?)</p>', re.S)
NUMBER = re.compile(r'\bid="p(\d+)"')
TAG = re.compile(r"""(<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>)""", re.S)
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
# Text inside these is not the article's prose, or is a link already.
SKIP = {"a", "code", "kbd", "pre", "sup", "sub", "script", "style", "button", "abbr", "svg"}
VOID = {"br", "img", "wbr", "input", "hr", "source", "meta", "link"}


def on_config(config):
    MENTIONS.reset()


@event_priority(-50)  # after the other hooks have added claim markers and citation links
def on_page_content(html, page, config, files):
    if page.meta.get("edition_page") != "article":
        return html
    gloss = load_glossary(project_path(config, "glossary"), project_path(config, "bibliography"))
    MENTIONS.article_url = page.url
    hrefs = {slug: get_relative_url(f"glossary/{slug}/", page.url) for slug in gloss.entries}

    def paragraph(m):
        number = NUMBER.search(m["attrs"])
        if not number:
            return m.group(0)
        return html[m.start():m.start("body")] + _link(m["body"], int(number[1]), gloss, hrefs) + "</p>"

    return PARA.sub(paragraph, html)


def _link(body, n, gloss, hrefs):
    linked, out, stack = set(), [], []
    for i, part in enumerate(TAG.split(body)):
        if i % 2:  # a tag: keep it, and track whether we are inside something to skip
            out.append(part)
            _track(part, stack)
            continue
        if not part or any(skip for _, skip in stack):
            out.append(part)
            continue
        pos = 0
        for start, end, slug in gloss.mentions(part):
            MENTIONS.record(slug, n)
            if slug in linked:
                continue
            linked.add(slug)
            words = part[start:end]
            entry = gloss.entries[slug]
            out.append(part[pos:start])
            out.append(TERM.render(href=hrefs[slug], entry=entry, words=unescape(words),
                                   words_html=Markup(words)).strip())
            pos = end
        out.append(part[pos:])
    return "".join(out)


def _track(tag, stack):
    """stack holds, per open element, whether text inside it is skipped."""
    m = TAG_NAME.match(tag)
    if not m or tag.startswith("<!--"):
        return
    closing, name = m[1] == "/", m[2].lower()
    if closing:
        while stack:  # pop to the matching element (tolerates unclosed inline tags)
            if stack.pop()[0] == name:
                break
        return
    if name in VOID or tag.rstrip(">").endswith("/"):
        return
    skip = name in SKIP or "data-apparatus" in tag or re.search(r'class="[^"]*\b(cite|claim-mark)\b', tag)
    stack.append((name, bool(skip)))
