"""The plugin's settings in mkdocs.yml (`plugins: - reference-edition: ...`), typed and checked by MkDocs.

A misspelt or unknown key is reported by MkDocs as an unrecognised option, a strict-mode
warning that stops the build and names the key. Paths are relative to mkdocs.yml, and must lead
inside its folder (data/model.py checks them, so `make check` reports the same)."""
import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c


class ArticleOptions(base.Config):
    seed = c.File(exists=True)          # the article as received, seeds/<slug>.txt
    claims = c.File(exists=True)        # its claims, seeds/<slug>.claims.yml


class CitationOptions(base.Config):
    """Who and what a citation of any page names (README, "Who is credited"; DESIGN.md, "Citing")."""
    authors = c.ListOfItems(c.Type(dict))                # a group as {name: ...}; people as {family:, given:}
    publisher = c.Optional(c.Type(str))                  # None: the site's name
    first_published = c.Optional(c.Type(dt.date))        # None: the repository's first commit
    license = c.Optional(c.Type(str))                    # e.g. CC-BY-4.0; None: none stated
    doi = c.Optional(c.Type(str))                        # e.g. 10.5281/zenodo.1234567 once archived; None: none yet
    version_url = c.Type(str, default="{site_url}v/{version}/{page}")


class EditionConfig(base.Config):
    bibliography = c.File(exists=True)                   # refs.bib
    bibliography_corrections = c.Optional(c.File(exists=True))   # refs-corrections.yml: corrections to refs.bib's facts
    articles = c.ListOfItems(c.SubConfig(ArticleOptions), default=[])
    glossary = c.Optional(c.Dir(exists=True))            # glossary/, one <slug>.yml per entry
    editions = c.Optional(c.Dir(exists=True))            # editions/, one <tag>.yml per fixed edition (make release)
    citation = c.SubConfig(CitationOptions)
