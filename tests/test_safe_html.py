"""The one door from data text to HTML (reference_edition/data/safe_html.py) and the
templates that print through it. Fast tier: no site build."""
import re
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup
from jinja2 import nodes
from markupsafe import Markup

from reference_edition.data.safe_html import (HTML, INTO_HTML, MARKDOWN, URL, UnsafeValue, citation, citations_in,
                                              restore_punctuation, safe_html)
from reference_edition.data.templates import DIRECTORY, templates

ROOT = Path(__file__).resolve().parent.parent
ATTR_LIST = "{: tabindex=0 autofocus onfocus=alert(1) }"


def shown(markup) -> BeautifulSoup:
    """What a browser makes of the door's output, once the page's Markdown is done with it."""
    return BeautifulSoup(restore_punctuation(str(markup)), "lxml")


def live(soup):
    """Event handlers, script elements and javascript: links in parsed HTML."""
    return ([(el.name, a) for el in soup.find_all(True) for a in el.attrs if a.lower().startswith("on")]
            + soup.find_all(["script", "img", "iframe", "object", "svg"])
            + soup.select('[href^="javascript:" i], [src^="javascript:" i], [href^="data:" i]'))


# ------------------------------------------------------------------ text
@pytest.mark.parametrize("value", [ATTR_LIST, "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
                                   "[x](javascript:alert(1))", "*[HTML]: x", "# heading", "- item",
                                   "1. item", ": definition", "!!! note", "\x02wzxhzdk:0\x03", "a\nb"])
def test_text_is_shown_character_for_character(value):
    out = safe_html(value)
    assert not {"{", "}", "<", "[", "*", "\x02"} & set(str(out)) and not re.search(r"(?<!&)#", out), \
        f"Markdown or HTML syntax left in {out!r}"
    assert not live(shown(out))
    expected = value.replace("\x02", "\ufffd").replace("\x03", "\ufffd")
    assert shown(out).get_text() == expected, out


def test_text_in_an_attribute_cannot_end_it():
    soup = BeautifulSoup(f'<p title="{safe_html(chr(34) + " onmouseover=alert(1) x=")}">x</p>', "lxml")
    assert list(soup.p.attrs) == ["title"], soup.p.attrs


# ------------------------------------------------------------------ Markdown by design
def test_markdown_fields_keep_their_markdown_and_citations():
    out = safe_html("See *this* [UN](https://undocs.org/S/2023/370) [@un-key, para. 12; @other]", MARKDOWN)
    soup = shown(out)
    assert soup.em.get_text() == "this" and soup.a["href"] == "https://undocs.org/S/2023/370", out
    assert "[@un-key, para. 12; @other]" in str(out), f"the citation must stay syntax for the page: {out}"


@pytest.mark.parametrize("value, gone", [
    (f"A definition.\n\n{ATTR_LIST}\n", None),
    ("<script>alert(1)</script> <b onclick=alert(1)>x</b>", None),
    ("[x](javascript:alert(1)) [y](data:text/html,<script>alert(1)</script>) [z]( JaVaScRiPt:alert(1))", "href"),
    ("![img](https://tracker.example/x.png)", "img"),
    ("[x][ref]\n\n[ref]: javascript:alert(1)", "href"),
    ("<div markdown>*x*</div>", None),
    ("<!-- <script>alert(1)</script> -->", None),
])
def test_markdown_fields_write_no_live_markup(value, gone):
    out = safe_html(value, MARKDOWN)
    soup = shown(out)
    assert not live(soup), out
    assert "{" not in str(out) and "<div" not in str(out) and "<b " not in str(out), out
    if gone == "href":
        assert all(not a.get("href") for a in soup.find_all("a")), out
    if value.startswith("A definition"):
        assert ATTR_LIST in soup.get_text(), f"the payload must be visible as text: {out}"


def test_a_citation_in_code_or_a_link_stays_text():
    out = str(safe_html("`[@key]` and [see [@key]](https://example.org/)", MARKDOWN))
    assert "[@key]" not in out, f"only a citation in prose is citation syntax: {out}"
    assert shown(out).code.get_text() == "[@key]"


def test_citation_locators_are_text_and_one_item_each():
    out = str(citation([("key", "p. 1; @other {: onfocus=alert(1) }")]))
    assert out.count("@") == 1 and "{" not in out and ";" not in out.replace("&#59;", "").split("&#")[0], out
    with pytest.raises(UnsafeValue):
        citation([("bad key]", None)])


def test_formatted_html_is_sanitized():
    out = safe_html('<i>T</i> <span class="x" onclick="a()">y</span><script>alert(1)</script>'
                    '<a href="javascript:alert(1)">z</a>', HTML, INTO_HTML)
    soup = shown(out)
    assert soup.i and soup.span["class"] == ["x"] and not live(soup), out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", 'x" onclick="a', "a b", "x)(y"])
def test_urls_other_than_http_mailto_or_relative_are_refused(url):
    with pytest.raises(UnsafeValue):
        safe_html(url, URL)


# ------------------------------------------------------------------ templates
def test_templates_cannot_print_past_the_door():
    env = templates()
    assert str(env.from_string("{{ x }}").render(x=ATTR_LIST)) == str(safe_html(ATTR_LIST))
    for bypass in ("{{ x | safe }}", "{{ x | e }}", "{{ x | escape }}", "{{ x | xmlattr }}", "{{ x | urlize }}"):
        with pytest.raises(jinja2.TemplateAssertionError):
            env.from_string(bypass)


def _describe(node) -> str:
    """A printed expression as text (jinja2 has no unparser)."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_describe(node.node)}[{_describe(node.arg)}]"
    if isinstance(node, nodes.Filter):
        args = "".join(f"({', '.join(_describe(a) for a in node.args)})" for _ in [0] if node.args)
        return f"{_describe(node.node)} | {node.name}{args}"
    if isinstance(node, nodes.Call):
        return f"{_describe(node.node)}({', '.join(_describe(a) for a in node.args)})"
    if isinstance(node, nodes.CondExpr):
        return f"{_describe(node.expr1)} if {_describe(node.test)} else {_describe(node.expr2) if node.expr2 else ''}"
    if isinstance(node, nodes.Not):
        return f"not {_describe(node.node)}"
    if isinstance(node, (nodes.Tuple, nodes.List)):
        return f"[{', '.join(_describe(i) for i in node.items)}]"
    if isinstance(node, nodes.Compare):
        return f"{_describe(node.expr)} {' '.join(o.op + ' ' + _describe(o.expr) for o in node.ops)}"
    if isinstance(node, nodes.BinExpr):
        return f"{_describe(node.left)} {node.operator} {_describe(node.right)}"
    return type(node).__name__


def _outputs(node, escaped=False):
    """(expression, inside an autoescape block) for every {{ }} of a parsed template."""
    if isinstance(node, nodes.ScopedEvalContextModifier):
        escaped = any(o.key == "autoescape" and isinstance(o.value, nodes.Const) and o.value.value
                      for o in node.options) or escaped
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            if not isinstance(child, nodes.TemplateData):
                yield _describe(child), escaped
        return
    for child in node.iter_child_nodes():
        yield from _outputs(child, escaped)


def printed_values():
    """{"template: expression"} for the package's templates and the theme overrides."""
    out = {}
    env = jinja2.Environment()
    for path in sorted(DIRECTORY.glob("*.j2")) + sorted((ROOT / "overrides").rglob("*.html")):
        name = path.relative_to(ROOT).as_posix()
        for expression, escaped in _outputs(env.parse(path.read_text(encoding="utf-8"))):
            out[f"{name}: {expression}"] = escaped
    return out


# Copies of Material's own partials with one attribute changed (each says so at its top): they
# print what Material prints in every other template, page titles among them, which
# features/escape_head_text.py escapes for every page before any template runs.
MATERIAL_COPIES = ("overrides/partials/nav-item.html", "overrides/partials/path.html", "overrides/partials/toc.html")


def test_theme_overrides_autoescape_what_they_print():
    """Material's templates are not autoescaped: ours say {% autoescape true %} around what they print."""
    for copy in MATERIAL_COPIES:
        assert "Material 9.8.2 partials/" in (ROOT / copy).read_text(encoding="utf-8")[:200], f"{copy}: not a marked copy"
    unescaped = [k for k, escaped in printed_values().items()
                 if k.startswith("overrides/") and not escaped and "partials/search.html" not in k
                 and not k.startswith(MATERIAL_COPIES) and not k.endswith(": super()")]
    assert not unescaped, f"printed outside an autoescape block: {unescaped}"


# Every value the templates print, reviewed: a plain value is text through the door (data/templates.py);
# `| markdown`, `| html` and `| url` are the door's other kinds; Markup comes only from the door or from
# a template rendered through it (claim_notes, text, unconfirmed_note, formats(), version_line()),
# or from the template's own output with unconfirmed values flagged in it (flag, flagged: pages/bibliography_page.py).
# In overrides/, values are escaped by {% autoescape true %}; super() is Material's block.
PRINTED = """
reference_edition/templates/article.md.j2: annotations | url
reference_edition/templates/article.md.j2: pdf | url
reference_edition/templates/bibliography-entries.md.j2: dash | html
reference_edition/templates/bibliography-entries.md.j2: names | html
reference_edition/templates/bibliography-entries.md.j2: rest | html
reference_edition/templates/bibliography-entries.md.j2: bibtex[r.key].strip()
reference_edition/templates/bibliography-entries.md.j2: flag(cited_in)
reference_edition/templates/bibliography-entries.md.j2: flag(prose)
reference_edition/templates/bibliography-entries.md.j2: flagged(group)
reference_edition/templates/bibliography-entries.md.j2: r.archived_url
reference_edition/templates/bibliography-entries.md.j2: r.urldate.isoformat()
reference_edition/templates/bibliography-entries.md.j2: r.urldate.strftime('%-d %B %Y')
overrides/404.html: '.' | url
overrides/404.html: 'article/' | url
overrides/404.html: 'bibliography/' | url
overrides/404.html: 'claims/' | url
overrides/404.html: 'glossary/' | url
overrides/404.html: config.site_name
overrides/main.html: page.meta.claim_reviews
reference_edition/templates/method.md.j2: ' and ' if not loop.last else ''
reference_edition/templates/method.md.j2: ', ' if not loop.last else ''
reference_edition/templates/method.md.j2: best
reference_edition/templates/method.md.j2: href | url
reference_edition/templates/method.md.j2: located
reference_edition/templates/method.md.j2: r.field
reference_edition/templates/method.md.j2: r.key
reference_edition/templates/method.md.j2: refs[r.key].label | html
reference_edition/templates/method.md.j2: title
reference_edition/templates/method.md.j2: worst
overrides/main.html: content
overrides/main.html: head.jsonld
overrides/main.html: name
overrides/main.html: super()
overrides/partials/cite-this-page.html: c.id
overrides/partials/cite-this-page.html: c.version.date.strftime('%-d %B %Y')
overrides/partials/cite-this-page.html: c.version.label
overrides/partials/cite-this-page.html: c.version_url
overrides/partials/cite-this-page.html: cite.original.authors
overrides/partials/cite-this-page.html: cite.original.condensed_by
overrides/partials/cite-this-page.html: f.download
overrides/partials/cite-this-page.html: f.ext
overrides/partials/cite-this-page.html: f.href
overrides/partials/cite-this-page.html: f.html
overrides/partials/cite-this-page.html: f.in_text
overrides/partials/cite-this-page.html: f.key
overrides/partials/cite-this-page.html: f.label
overrides/partials/cite-this-page.html: f.media
overrides/partials/cite-this-page.html: f.text
overrides/partials/cite-this-page.html: formats(cite)
overrides/partials/cite-this-page.html: formats(p)
overrides/partials/cite-this-page.html: o.href
overrides/partials/cite-this-page.html: o.html
overrides/partials/cite-this-page.html: o.key
overrides/partials/cite-this-page.html: p.id
overrides/partials/cite-this-page.html: p.locator
overrides/partials/cite-this-page.html: p.url
overrides/partials/cite-this-page.html: version_line(cite)
overrides/partials/cite-this-page.html: version_line(p)
reference_edition/templates/article.md.j2: about_anchor
reference_edition/templates/article.md.j2: about_label
reference_edition/templates/article.md.j2: article.path.name
reference_edition/templates/article.md.j2: article.title
reference_edition/templates/article.md.j2: article.title | tojson
reference_edition/templates/article.md.j2: cite([[meta.original.bib_key, None]])
reference_edition/templates/article.md.j2: cite([[meta.this_text.bib_key, None]])
reference_edition/templates/article.md.j2: cite([[r.bib_key, None]])
reference_edition/templates/article.md.j2: claim_notes
reference_edition/templates/article.md.j2: meta.original.authors | join(' and ')
reference_edition/templates/article.md.j2: meta.original.date_text
reference_edition/templates/article.md.j2: meta.original.publisher
reference_edition/templates/article.md.j2: meta.original.title
reference_edition/templates/article.md.j2: meta.this_text.date.strftime('%-d %B %Y')
reference_edition/templates/article.md.j2: meta.this_text.description | markdown
reference_edition/templates/article.md.j2: meta.this_text.publisher
reference_edition/templates/article.md.j2: n
reference_edition/templates/article.md.j2: r.date.strftime('%-d %B %Y')
reference_edition/templates/article.md.j2: r.publisher
reference_edition/templates/article.md.j2: t
reference_edition/templates/article.md.j2: text
reference_edition/templates/article.md.j2: unconfirmed_note
reference_edition/templates/bibliography-entries.md.j2: '; ' if not loop.last else '.'
reference_edition/templates/bibliography.md.j2: count
reference_edition/templates/bibliography-entries.md.j2: i.value
reference_edition/templates/bibliography-entries.md.j2: i.what
reference_edition/templates/bibliography-entries.md.j2: i.why
reference_edition/templates/bibliography.md.j2: kind
reference_edition/templates/bibliography-entries.md.j2: r.annote | markdown
reference_edition/templates/bibliography-entries.md.j2: r.key
reference_edition/templates/bibliography-entries.md.j2: shown[r.key] | html
reference_edition/templates/bibliography-entries.md.j2: kind
reference_edition/templates/bibliography-entries.md.j2: titles[kind]
reference_edition/templates/bibliography.md.j2: style_note
reference_edition/templates/bibliography.md.j2: titles[kind]
reference_edition/templates/bibliography.md.j2: href | url
reference_edition/templates/bibliography.md.j2: key
reference_edition/templates/bibliography.md.j2: links[p.src] | url
reference_edition/templates/bibliography.md.j2: p.keys | length
reference_edition/templates/bibliography.md.j2: p.span or titles[kind]
reference_edition/templates/bibliography.md.j2: p.title
reference_edition/templates/bibliography.md.j2: pages | length
reference_edition/templates/bibliography.md.j2: part_size
reference_edition/templates/bibliography.md.j2: script | url
reference_edition/templates/bibliography-part.md.j2: Concat | tojson
reference_edition/templates/bibliography-part.md.j2: count
reference_edition/templates/bibliography-part.md.j2: index | url
reference_edition/templates/bibliography-part.md.j2: links[next.src] | url
reference_edition/templates/bibliography-part.md.j2: links[previous.src] | url
reference_edition/templates/bibliography-part.md.j2: next.span
reference_edition/templates/bibliography-part.md.j2: page.keys | length
reference_edition/templates/bibliography-part.md.j2: page.title
reference_edition/templates/bibliography-part.md.j2: part
reference_edition/templates/bibliography-part.md.j2: parts
reference_edition/templates/bibliography-part.md.j2: previous.span
reference_edition/templates/bibliography-part.md.j2: style_note
reference_edition/templates/bibliography-part.md.j2: titles[page.kind]
reference_edition/templates/claim-marker.html.j2: c.id
reference_edition/templates/claim-marker.html.j2: c.number
reference_edition/templates/claim-marker.html.j2: c.symbol
reference_edition/templates/claim-marker.html.j2: c.verdict
reference_edition/templates/claim-marker.html.j2: c.verdict_label | lower
reference_edition/templates/claim-notes.md.j2: article.note_label(c)
reference_edition/templates/claim-notes.md.j2: badge(c.verdict_of)
reference_edition/templates/claim-notes.md.j2: c.id
reference_edition/templates/claim-notes.md.j2: c.note | markdown
reference_edition/templates/claim-notes.md.j2: c.number
reference_edition/templates/claim-notes.md.j2: c.para
reference_edition/templates/claim-notes.md.j2: c.quote
reference_edition/templates/claim-notes.md.j2: c.verdict
reference_edition/templates/claim-notes.md.j2: cite(c.sources)
reference_edition/templates/claims.md.j2: a.text.path.name | replace('.txt', '.claims.yml')
reference_edition/templates/claims.md.j2: article.page | url
reference_edition/templates/claims.md.j2: article.row_anchor(c)
reference_edition/templates/claims.md.j2: article.row_label(c)
reference_edition/templates/claims.md.j2: article.slug
reference_edition/templates/claims.md.j2: article.title
reference_edition/templates/claims.md.j2: articles[0].page | url
reference_edition/templates/claims.md.j2: badge(c.verdict_of)
reference_edition/templates/claims.md.j2: badge(v)
reference_edition/templates/claims.md.j2: c.id | url
reference_edition/templates/claims.md.j2: c.note | markdown
reference_edition/templates/claims.md.j2: c.number
reference_edition/templates/claims.md.j2: c.quote
reference_edition/templates/claims.md.j2: cite(c.sources)
reference_edition/templates/claims.md.j2: count
reference_edition/templates/claims.md.j2: totals[v.id]
reference_edition/templates/editions.md.j2: ', ' if not loop.last else ''
reference_edition/templates/editions.md.j2: badge(verdicts[key])
reference_edition/templates/editions.md.j2: '; ' if not loop.last else ''
reference_edition/templates/editions.md.j2: entry_href(e.key) | url
reference_edition/templates/editions.md.j2: c.alias.to | url
reference_edition/templates/editions.md.j2: c.alias.to_label
reference_edition/templates/editions.md.j2: c.alias.why
reference_edition/templates/editions.md.j2: c.article.page | url
reference_edition/templates/editions.md.j2: c.article.title
reference_edition/templates/editions.md.j2: c.id | url
reference_edition/templates/editions.md.j2: c.number
reference_edition/templates/editions.md.j2: changes.newer.edition
reference_edition/templates/editions.md.j2: changes.newer.edition or 'current'
reference_edition/templates/editions.md.j2: claim_link(c)
reference_edition/templates/editions.md.j2: d.strftime('%-d %B %Y')
reference_edition/templates/editions.md.j2: date(changes.newer.date)
reference_edition/templates/editions.md.j2: date(editions[Neg][0].date)
reference_edition/templates/editions.md.j2: date(m.date)
reference_edition/templates/editions.md.j2: date(r.date)
reference_edition/templates/editions.md.j2: e.current.label | html
reference_edition/templates/editions.md.j2: e.current.name
reference_edition/templates/editions.md.j2: e.key
reference_edition/templates/editions.md.j2: e.status
reference_edition/templates/editions.md.j2: editions[Neg][0].edition
reference_edition/templates/editions.md.j2: fields(e)
reference_edition/templates/editions.md.j2: glossary_page(e.key) | url
reference_edition/templates/editions.md.j2: how
reference_edition/templates/editions.md.j2: m.date.isoformat()
reference_edition/templates/editions.md.j2: m.edition
reference_edition/templates/editions.md.j2: m.edition | url
reference_edition/templates/editions.md.j2: method_page | url
reference_edition/templates/editions.md.j2: field_name(n)
reference_edition/templates/editions.md.j2: parts[part]
reference_edition/templates/editions.md.j2: r.field
reference_edition/templates/editions.md.j2: r.why
reference_edition/templates/editions.md.j2: since
reference_edition/templates/editions.md.j2: url | url
reference_edition/templates/editions.md.j2: verdict(r.from_)
reference_edition/templates/editions.md.j2: verdict(r.to)
reference_edition/templates/glossary-entry.md.j2: '' if single else 's'
reference_edition/templates/glossary-entry.md.j2: ', ' if not loop.last else 
reference_edition/templates/glossary-entry.md.j2: '.' if loop.last else '; '
reference_edition/templates/glossary-entry.md.j2: 'es' if single else ''
reference_edition/templates/glossary-entry.md.j2: 's' if paras | length gt 1 else 
reference_edition/templates/glossary-entry.md.j2: a
reference_edition/templates/glossary-entry.md.j2: article.title
reference_edition/templates/glossary-entry.md.j2: cite(fact.cite)
reference_edition/templates/glossary-entry.md.j2: entry.definition | markdown
reference_edition/templates/glossary-entry.md.j2: entry.definition | tojson
reference_edition/templates/glossary-entry.md.j2: entry.name
reference_edition/templates/glossary-entry.md.j2: entry.name | tojson
reference_edition/templates/glossary-entry.md.j2: entry.slug
reference_edition/templates/glossary-entry.md.j2: entry.unknown | markdown
reference_edition/templates/glossary-entry.md.j2: fact.text | markdown
reference_edition/templates/glossary-entry.md.j2: href | url
reference_edition/templates/glossary-entry.md.j2: kind_label
reference_edition/templates/glossary-entry.md.j2: loop.index
reference_edition/templates/glossary-entry.md.j2: n
reference_edition/templates/glossary-entry.md.j2: r.definition | markdown
reference_edition/templates/glossary-entry.md.j2: r.name
reference_edition/templates/glossary-entry.md.j2: r.slug | url
reference_edition/templates/glossary-index.md.j2: ' (' if loop.first else 
reference_edition/templates/glossary-index.md.j2: ', ' if not loop.last else ')'
reference_edition/templates/glossary-index.md.j2: a
reference_edition/templates/glossary-index.md.j2: a.page | url
reference_edition/templates/glossary-index.md.j2: a.title
reference_edition/templates/glossary-index.md.j2: articles[0].page | url
reference_edition/templates/glossary-index.md.j2: count
reference_edition/templates/glossary-index.md.j2: kinds
reference_edition/templates/glossary-index.md.j2: e.definition | markdown
reference_edition/templates/glossary-index.md.j2: e.name
reference_edition/templates/glossary-index.md.j2: e.slug
reference_edition/templates/glossary-index.md.j2: e.slug | url
reference_edition/templates/glossary-index.md.j2: entries | length
reference_edition/templates/glossary-index.md.j2: kind
reference_edition/templates/glossary-index.md.j2: kind | url
reference_edition/templates/glossary-index.md.j2: titles[kind]
reference_edition/templates/method.md.j2: article_href | url
reference_edition/templates/method.md.j2: article_page | url
reference_edition/templates/method.md.j2: badge(v)
reference_edition/templates/method.md.j2: badge(verdicts[r.from_])
reference_edition/templates/method.md.j2: badge(verdicts[r.to])
reference_edition/templates/method.md.j2: log_start.strftime('%-d %B %Y')
reference_edition/templates/method.md.j2: r.claim.id
reference_edition/templates/method.md.j2: r.claim.id | url
reference_edition/templates/method.md.j2: r.claim.number
reference_edition/templates/method.md.j2: r.date.isoformat()
reference_edition/templates/method.md.j2: r.date.strftime('%-d %B %Y')
reference_edition/templates/method.md.j2: r.from_
reference_edition/templates/method.md.j2: r.href | url
reference_edition/templates/method.md.j2: r.to
reference_edition/templates/method.md.j2: r.why
reference_edition/templates/method.md.j2: refs[key].label | html
reference_edition/templates/method.md.j2: v
reference_edition/templates/method.md.j2: v.definition
reference_edition/templates/method.md.j2: v.id
reference_edition/templates/method.md.j2: v.label
reference_edition/templates/method.md.j2: v.rating
reference_edition/templates/method.md.j2: what
reference_edition/templates/method.md.j2: why
reference_edition/templates/method.md.j2: entry_href(key) | url
reference_edition/templates/method.md.j2: entry_href(r.key) | url
reference_edition/templates/unconfirmed-article.md.j2: '; ' if not loop.last else '. '
reference_edition/templates/unconfirmed-article.md.j2: '; ' if not loop.last else '.'
reference_edition/templates/unconfirmed-article.md.j2: i.value
reference_edition/templates/unconfirmed-article.md.j2: i.what
reference_edition/templates/unconfirmed-article.md.j2: i.why
reference_edition/templates/unconfirmed-article.md.j2: ref.label | html
reference_edition/templates/unconfirmed-article.md.j2: href(ref.key) | url
reference_edition/templates/unconfirmed-fields.html.j2: i
reference_edition/templates/unconfirmed-fields.html.j2: whats | join('; ')
reference_edition/templates/unconfirmed-value.html.j2: why
reference_edition/templates/unconfirmed-value.html.j2: words
reference_edition/templates/verdict-badge.html.j2: change
reference_edition/templates/verdict-badge.html.j2: href | url
reference_edition/templates/verdict-badge.html.j2: tag
reference_edition/templates/verdict-badge.html.j2: v.css_class
reference_edition/templates/verdict-badge.html.j2: v.id
reference_edition/templates/verdict-badge.html.j2: v.label if Test else text
reference_edition/templates/verdict-badge.html.j2: v.symbol
reference_edition/templates/verdict-legend.html.j2: badge(v)
reference_edition/templates/verdict-legend.html.j2: v.legend
""".strip().splitlines()


def test_every_printed_value_is_listed():
    printed = {k for k in printed_values() if "partials/search.html" not in k and not k.startswith(MATERIAL_COPIES)}
    unlisted, gone = sorted(printed - set(PRINTED)), sorted(set(PRINTED) - printed)
    assert not unlisted, ("a template prints a value not reviewed here; plain text goes through the door "
                          "as it is, a Markdown field needs `| markdown`, formatted HTML `| html`, an "
                          f"address `| url`; then add it to PRINTED: {unlisted}")
    assert not gone, f"listed but no longer printed (remove from PRINTED): {gone}"


def test_a_refused_link_is_shown_as_written():
    value = "[click me](javascript:alert(1)) and [data](data:text/html,x)"
    out = safe_html(value, MARKDOWN)
    assert shown(out).get_text() == value and not shown(out).find("a"), out


def test_interface_texts_refused_as_aliases_are_the_edition_s_own():
    """data/schema.py refuses aliases found in these texts: each must be text the site writes."""
    from reference_edition.data.schema import INTERFACE_TEXTS
    import material
    sources = [*DIRECTORY.glob("*.j2"), *(ROOT / "overrides").rglob("*.html"), ROOT / "mkdocs.yml",
               *(ROOT / "reference_edition" / "markdown").glob("*.py"),
               Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"]
    written = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    assert not [t for t in INTERFACE_TEXTS if t not in written], "not written by the site any more"


def test_a_citation_in_a_link_title_stays_as_written():
    out = safe_html('[x](https://a.org "t [@key]")', MARKDOWN)
    assert 'title="t &#91;@key&#93;"' in str(out) and "edcite" not in str(out), out


def test_a_locator_with_a_semicolon_is_one_citation():
    """The door splits a citation group where markdown/citations.py does (before the next @key)."""
    assert citations_in("see [@a, pp. 3; 5] and [@b; @c, p. 2]") == [("a", "pp. 3; 5"), ("b", None), ("c", "p. 2")]


# ------------------------------------------------------------------ plain text's short way

def _data_strings():
    """Every string of the real data: refs.bib's fields (annotes among them), the glossary's,
    the claims' and meta.yml's values."""
    import pybtex.database
    import yaml

    def leaves(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from leaves(v)
        elif isinstance(value, list):
            for v in value:
                yield from leaves(v)
    bib = pybtex.database.parse_file(str(ROOT / "refs.bib"), bib_format="bibtex")
    out = [str(v) for entry in bib.entries.values() for v in entry.fields.values()]
    for path in [*sorted((ROOT / "glossary").glob("*.yml")), *sorted((ROOT / "seeds").glob("*.yml"))]:
        out += leaves(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def _synthetic_strings():
    """Texts at the edge of plain (a list, a heading, emphasis, an entity, an autolink, two
    spaces, a line break...) and random mixes of letters, digits, spaces, punctuation and syntax."""
    import random
    edges = ["Plain words.", "1990. A list?", "A. Smith", "a *b*", "a _b_", "a  b", "a\nb", "a\n\nb", "a ", " a",
             "# h", "- a", "+ a", "> a", "a &amp; b", "a &#42; b", "<https://x.example>", "a `b`", "a [b](c)",
             "a [@key, p. 3]", "Émile’s “report” (2023), p. 5–7; UN S/2023/370.", "a\u00a0b", "a\tb", "a\u2028b",
             "x = y", "a -- b --- c", "a: b", "ß? ¿Qué?", "日本語の文", "a \\ b", "a\x00b", "a\x7fb", "a\u0085b"]
    rng = random.Random(20)
    alphabet = "abcXYZé日 0123456789.,;:'\"()/?%-–’“\u00a0\n\t*_`[]{}<>&#!|~^\\=+@"
    return edges + ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30))) for _ in range(1000)]


@pytest.mark.parametrize("source", ["real data", "synthetic"])
def test_plain_text_s_short_way_is_the_restricted_markdown_s_output(source):
    """Text with no Markdown syntax skips the conversion (safe_html._PLAIN): the result must be
    byte for byte what the restricted Markdown and the sanitizer write, into Markdown and into HTML."""
    from reference_edition.data.safe_html import _PLAIN, _restricted_markdown
    texts = _data_strings() if source == "real data" else _synthetic_strings()
    short = [t for t in texts if _PLAIN.fullmatch(t)]
    assert len(short) >= 20 and len(short) < len(texts), \
        f"{len(short)} of {len(texts)} {source} texts take the short way: the comparison tests too little"
    for into in ("markdown", INTO_HTML):
        written = [(t, str(safe_html(t, MARKDOWN, into)), str(_restricted_markdown(t, into))) for t in short]
        wrong = [w for w in written if w[1] != w[2]]
        assert not wrong, f"{len(wrong)} {source} texts differ from the restricted Markdown into {into}: {wrong[:3]}"


# ------------------------------------------------------------------ the door's memo

def test_the_memo_gives_each_text_its_own_conversion():
    """Conversions are memoised keyed on the text and `into` (safe_html._Memo): a repeated text
    gets the conversion it would get first, a changed text never an earlier text's, and the
    result is Markup whether or not the table kept a copy."""
    from reference_edition.data.safe_html import _converted_html, _converted_markdown
    texts = ['<i>Title</i>, <a href="https://example.org/a">x</a>', '<i>Title 2</i>', "a &amp; b &nbsp;c",
             '<span onclick="x">a</span>', "a_b *c*"]
    for into in ("markdown", INTO_HTML):
        for _ in range(2):
            for text in texts:
                got = safe_html(text, HTML, into)
                assert type(got) is Markup and got == _converted_html(text, into), \
                    f"{text!r} into {into}: the memo gave {got!r}, not {_converted_html(text, into)!r}"
                got = safe_html(text + " [x](y)", MARKDOWN, into)
                assert got == _converted_markdown(text + " [x](y)", into), f"{text!r} as Markdown into {into}: {got!r}"
    assert safe_html("a_b", HTML) != safe_html("a_b", HTML, INTO_HTML), "one table for both `into`s"


def test_the_memo_is_bounded(monkeypatch):
    """`mkdocs serve` converts new texts on every rebuild after an edit: the tables must not grow
    past CONVERSIONS."""
    from reference_edition.data import safe_html as door
    monkeypatch.setattr(door, "CONVERSIONS", 5)
    for n in range(40):
        safe_html(f"<b>entry {n}</b>", HTML, INTO_HTML)
    size = len(door._html.tables[INTO_HTML])
    assert 0 < size <= 5, f"the table holds {size} entries after 40 conversions, with a bound of 5"
