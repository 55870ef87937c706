"""The templates of generated pages live in hooks/templates/; every hook gets them here.

Undefined variables are errors (StrictUndefined), so a template cannot silently print an
empty field. Markdown templates keep autoescape off (they hold Markdown, and escape data
themselves); HTML fragments turn it on."""
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

DIRECTORY = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=None)
def templates(autoescape=False, **options) -> Environment:
    return Environment(loader=FileSystemLoader(DIRECTORY), undefined=StrictUndefined,
                       autoescape=autoescape, **options)
