"""Page titles and descriptions are data (front matter, glossary definitions, mkdocs.yml), but
Material prints them into <title> and <meta name="description" content="..."> as they are: its
templates are not autoescaped, so a quote in a description ended the attribute (the home
page's description stopped at its first "), and markup in it would be live.

Here they become escaped Markup (through the door, data/safe_html.py), after everything that
reads them as text and before the theme renders: every page's title in on_env (other pages
print it too, and the search plugin indexes it as HTML), the page's description in its own
on_page_context (after cite_this_page.py has put it into the JSON-LD)."""
from markupsafe import Markup

from ..data.safe_html import INTO_HTML, safe_html

FIELDS = ("title", "description")


def on_config(config):
    if config.site_description and not isinstance(config.site_description, Markup):
        config.site_description = safe_html(config.site_description, into=INTO_HTML)


def on_env(files):
    """Every page's title, before any page is rendered: the theme prints other pages' titles too
    (navigation, footer) and the search plugin indexes a title as HTML in its on_page_context."""
    for file in files.documentation_pages():
        page = file.page
        value = page and page.meta.get("title")
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta["title"] = safe_html(value, into=INTO_HTML)


def on_page_context(page):
    for field in FIELDS:
        value = page.meta.get(field)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[field] = safe_html(value, into=INTO_HTML)
