"""The templates of generated pages live in templates/; every hook gets them here.

Undefined variables are errors (StrictUndefined), so a template cannot silently print an
empty field. Markdown templates keep autoescape off (they hold Markdown, and escape data
themselves); HTML fragments turn it on."""
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .seed import markdown_literal

DIRECTORY = Path(__file__).resolve().parent.parent / "templates"


def literal(text) -> Markup:
    """Data text placed where Markdown is read: HTML-escaped, then Markdown's own characters
    escaped, so a note holding <script> or [x](javascript:...) prints as those characters."""
    return Markup(markdown_literal(str(escape(str(text)))))


@lru_cache(maxsize=None)
def templates(autoescape=False, **options) -> Environment:
    env = Environment(loader=FileSystemLoader(DIRECTORY), undefined=StrictUndefined,
                      autoescape=autoescape, **options)
    env.filters["literal"] = literal
    return env
