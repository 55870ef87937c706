"""The plugin's settings in mkdocs.yml (`plugins: - reference-edition: ...`), typed and checked by MkDocs.

A misspelt or unknown key is reported by MkDocs as an unrecognised option, a strict-mode
warning that stops the build and names the key. Paths are relative to mkdocs.yml, and must lead
inside its folder (data/model.py checks them, so `make check` reports the same). `citation` is
passed on as written: data/pagemeta.load_settings is its one check (keys, types, values), so a
mistake in it gives one message, naming the field, in the build and without MkDocs alike."""
from mkdocs.config import base
from mkdocs.config import config_options as c


class ArticleOptions(base.Config):
    seed = c.File(exists=True)          # the article as received, seeds/<slug>.txt
    claims = c.File(exists=True)        # its claims, seeds/<slug>.claims.yml


class AsWritten(c.BaseConfigOption):
    """An option MkDocs passes on unchecked, for the data layer to check once."""
    def run_validation(self, value):
        return value


class EditionConfig(base.Config):
    bibliography = c.File(exists=True)                   # refs.bib
    bibliography_corrections = c.Optional(c.File(exists=True))   # refs-corrections.yml: corrections to refs.bib's facts
    articles = c.ListOfItems(c.SubConfig(ArticleOptions), default=[])
    glossary = c.Optional(c.Dir(exists=True))            # glossary/, one <slug>.yml per entry
    editions = c.Optional(c.Dir(exists=True))            # editions/, one <tag>.yml per fixed edition (make release)
    citation = AsWritten()                               # who and what a citation names: data/pagemeta.CITATION_FIELDS
