"""The Editions page (/editions/), generated from the manifests in editions/ (data/editions.py):
every fixed edition with its date and permanent address, and what changed in each since the one
before, and in the current text since the last edition: verdicts (the corrections log), claims,
bibliography entries and glossary entries.

The manifests are also checked here, before any page exists: a paragraph or claim anchor of an
earlier edition missing from the current articles, and not aliased in editions/aliases.yml,
stops the build (data/editions.py, check)."""
import os
from dataclasses import replace

from mkdocs.structure.files import File

from ..data.verdicts import VERDICTS
from ..data.editions import aliased_paragraphs, check, history, load_aliases, load_editions
from ..data.inputs import check_inside
from ..data.model import METHOD_PAGE, glossary_page
from ..data.pagemeta import Version, version_url
from ..data.templates import templates

EDITIONS_PAGE = "editions.md"
PARTS = {"quote": "the words quoted", "note": "the editors’ note", "sources": "the sources"}   # of a claim
TEMPLATES = templates(trim_blocks=True, lstrip_blocks=True)


def on_config(plugin, config):
    """The manifests, read and checked against the model just loaded (plugin.editions)."""
    plugin.editions, plugin.aliases, plugin.anchor_aliases = (), (), {}
    if plugin.config.editions:
        check_inside(plugin.config.editions, os.path.dirname(config.config_file_path))
        plugin.editions = load_editions(plugin.config.editions)
        plugin.aliases = load_aliases(plugin.config.editions)
        check(plugin.editions, plugin.edition, plugin.aliases)
        plugin.anchor_aliases = aliased_paragraphs(plugin.aliases, plugin.edition)   # markdown/anchor_aliases.py


def address(settings, tag: str) -> str | None:
    """An edition's permanent address: citation.version_url filled in with the edition's tag as the
    version (None if the pattern needs a commit, which a manifest does not record)."""
    if "{commit}" in settings.version_url:
        return None
    # version_url() gives no address for a version without a commit; the pattern uses none here
    return version_url(replace(settings, version=Version(tag, commit=tag, date=None, dirty=False)))


# What a reader calls the fields that changed (refs.bib's and the glossary files' names otherwise).
FIELD_NAMES = {"annote": "annotation", "urldate": "seen-date", "url": "address", "howpublished": "publisher",
               "unconfirmed": "what is not confirmed", "kind": "group", "booktitle": "book title",
               "facts": "facts", "aliases": "other names", "related": "related entries"}


def on_files(plugin, files, config):
    if not plugin.config.editions:
        return
    edition = plugin.edition
    markdown = TEMPLATES.get_template("editions.md.j2").render(
        editions=[(m.manifest, address(plugin.settings, m.manifest.edition)) for m in reversed(plugin.editions)],
        history=list(reversed(history(plugin.editions, edition, plugin.aliases))), verdicts=VERDICTS, parts=PARTS,
        glossary_page=glossary_page, field_name=lambda f: FIELD_NAMES.get(f, f), entry_href=lambda key: edition.bib_layout.href(key, EDITIONS_PAGE),
        method_page=METHOD_PAGE if edition.articles else None)   # no articles: no method page
    files.append(File.generated(config, EDITIONS_PAGE, content=markdown))
