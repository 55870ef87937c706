"""Page titles and descriptions are data (front matter, glossary definitions, mkdocs.yml), but
Material prints them into <title> and <meta name="description" content="..."> as they are: its
templates are not autoescaped, so a quote in a description ended the attribute (the home
page's description stopped at its first "), and markup in it would be live.

Here they become escaped Markup, last of all on_page_context hooks (so hooks that read them
as text, like the JSON-LD of cite_this_page.py, have done so) and before the theme renders."""
from markupsafe import Markup, escape
from mkdocs.plugins import event_priority

FIELDS = ("title", "description")


def on_config(config):
    if config.site_description and not isinstance(config.site_description, Markup):
        config.site_description = escape(config.site_description)


@event_priority(-100)
def on_page_context(context, page, config, nav):
    for field in FIELDS:
        value = page.meta.get(field)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[field] = escape(value)
    return context
