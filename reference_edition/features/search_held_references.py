"""A page's reference list is held out of its HTML while the search plugin reads the page.

The list (markdown/citations.py) is marked data-search-exclude, so Material's search plugin
leaves it out of the index, but only after parsing it with html.parser: on a page citing many
sources that is most of what it parses (a quarter of the search plugin's time over a
200-page, 5,000-entry site). So, just before the search plugin's on_page_context, the list is
taken off the end of page.content, and just after, put back as it was: the index, and the page
written, are the same as without this.

Only a tail that is exactly the citations extension's list is held: the heading
`<h2 id="references" data-search-exclude>` and one `<div class="footnote" data-search-exclude>`
after it, nothing else, and no attribute the search plugin would strip (`data-search-*="..."`
with a value). Anything else stays where it is and is parsed as before. Other plugins' own
on_page_context between the two (priority 100 to -50) see the page without its list."""
import re

import lxml.etree
import lxml.html

HEADING = 'id="references"'
# What Material's search plugin removes from page.content after indexing (its on_page_context):
# a held tail must hold none of it, or putting it back would change the page.
STRIPPED_BY_SEARCH = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


def held_tail(content: str):
    """(content without its reference list, the list) if content ends with one; else None."""
    at = content.rfind(HEADING)
    start = content.rfind("<h2", 0, at) if at > -1 else -1
    if start < 0:
        return None
    tail = content[start:]
    if STRIPPED_BY_SEARCH.search(tail) or not _is_reference_list(tail):
        return None
    return content[:start], tail


def _is_reference_list(tail: str) -> bool:
    try:
        parts = lxml.html.fragments_fromstring(tail)
    except (lxml.etree.ParserError, ValueError):
        return False
    if len(parts) != 2 or any(isinstance(p, str) or (p.tail or "").strip() for p in parts):
        return False
    heading, box = parts
    return (heading.tag == "h2" and heading.get("id") == "references" and heading.get("data-search-exclude") is not None
            and box.tag == "div" and box.get("class") == "footnote" and box.get("data-search-exclude") is not None)


def hold(plugin, page):
    """Before the search plugin reads the page."""
    held = held_tail(page.content or "")
    if held:
        page.content, plugin.held_references[page.file.src_uri] = held


def restore(plugin, page):
    """After the search plugin has read the page (and changed page.content as it does)."""
    tail = plugin.held_references.pop(page.file.src_uri, None)
    if tail is not None:
        page.content += tail
