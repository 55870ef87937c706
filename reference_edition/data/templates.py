"""The templates of generated pages live in templates/; every page generator and feature gets
them here.

Undefined variables are errors (StrictUndefined), so a template cannot silently print an
empty field. Every environment autoescapes, and every value a template prints that is not
Markup goes through the one door from data to HTML (data/safe_html.py) as plain text; a field
that is Markdown by design is printed `| markdown`, formatted references `| html`, addresses
`| url`. Filters that would make Markup by other ways (`safe`, `escape`, `xmlattr`, `urlize`)
are not available, so a template cannot print data past the door.

`into`: templates of pages are Markdown that MkDocs converts again (INTO_MARKDOWN: Markdown's
own characters written as references); fragments put into a page's HTML after conversion
use INTO_HTML."""
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .safe_html import HTML, INTO_MARKDOWN, MARKDOWN, TEXT, URL, safe_html

DIRECTORY = Path(__file__).resolve().parent.parent / "templates"
CLOSED = ("safe", "e", "escape", "forceescape", "xmlattr", "urlize")   # Markup past the door


@lru_cache(maxsize=None)
def templates(into=INTO_MARKDOWN, **options) -> Environment:
    def door(kind):
        return lambda value: value if isinstance(value, Markup) and kind == TEXT else safe_html(value, kind, into)
    env = Environment(loader=FileSystemLoader(DIRECTORY), undefined=StrictUndefined, autoescape=True,
                      finalize=door(TEXT), **options)
    for name in CLOSED:
        del env.filters[name]
    env.filters.update(markdown=door(MARKDOWN), html=door(HTML), url=door(URL))
    return env
