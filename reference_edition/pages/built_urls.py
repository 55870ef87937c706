"""The one way raw HTML links from a built page to another built file: MkDocs resolves only
Markdown links, so raw HTML needs the address as the browser will (an offline build's differ
from a served site's). Markdown links between source paths take data/links.py instead."""
from functools import lru_cache

from mkdocs.utils import get_relative_url


def url_from(target_url: str, page_url: str, fragment: str = "") -> str:
    """The address of the built file `target_url` from the page at `page_url` (the home page's
    is ""), with `#fragment` if one is given."""
    href = _relative(target_url, page_url or ".")
    return f"{href}#{fragment}" if fragment else href


@lru_cache(maxsize=4096)   # pure; a page links to the same few pages many times (citations: 16,000 a build)
def _relative(target_url: str, page_url: str) -> str:
    return get_relative_url(target_url, page_url)
