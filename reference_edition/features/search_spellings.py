"""A word written with an apostrophe is also found without it: "bayah" finds the article's
"bay’ah" as it finds the glossary entry (whose aliases list "bayah").

Material's search splits words at apostrophes (mkdocs.yml's `separator`), so "bay'ah" and
"bay’ah" find the same sections, but "bayah" is one word the article never writes. Each section
the search plugin indexes gets one more field, `spellings`: its words with an apostrophe, written
without it. The search worker indexes every field the index's config names (on_config adds this
one) and results show only title and text, so a reader sees the article's
own spelling. Runs after the search plugin has indexed the page (on_page_context, priority -100)."""
import re

FIELD = "spellings"
# Letters on both sides: "bay’ah", "Da’esh", "Qa’ida"; not a quotation's closing ’, and not a
# possessive ("Taliban’s"), whose folded form is no spelling of anything.
APOSTROPHE_WORD = re.compile(r"\b\w+(?:['’ʼ]\w+)+\b")
POSSESSIVE = re.compile(r"['’ʼ]s$", re.IGNORECASE)
APOSTROPHES = re.compile(r"['’ʼ]")


def spellings(text: str) -> str:
    """The words of `text` with an apostrophe inside, without it, once each, in order."""
    if not APOSTROPHES.search(text):   # most sections (94% at 200 pages): a scan for one character
        return ""
    bases = (POSSESSIVE.sub("", word) for word in APOSTROPHE_WORD.findall(text))
    return " ".join(dict.fromkeys(APOSTROPHES.sub("", base) for base in bases if APOSTROPHES.search(base)))


def search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


def on_config(plugin, config):
    """Names the field in the search index's config (before the search plugin's own on_config,
    which keeps it and adds its defaults): the worker indexes the fields named there."""
    search = search_plugin(config)
    if search is not None:
        search.config.fields = {**(search.config.fields or {}), FIELD: {"boost": 1.0}}
    plugin.search_indexed = 0


def on_page_context(plugin, config):
    """Adds the field to the sections the search plugin has indexed since the last page."""
    search = search_plugin(config)
    index = getattr(search, "search_index", None)
    if index is None:
        return
    entries = index.entries
    for entry in entries[plugin.search_indexed:]:
        found = spellings(f"{entry.get('title', '')} {entry.get('text', '')}")
        if found:
            entry[FIELD] = found
    plugin.search_indexed = len(entries)
