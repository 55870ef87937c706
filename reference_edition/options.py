"""The plugin's settings in mkdocs.yml (`plugins: - reference-edition: ...`), typed and checked by MkDocs.

A misspelt or unknown key is reported by MkDocs as an unrecognised option, a strict-mode
warning that stops the build and names the key. Paths are relative to mkdocs.yml and must stay
inside its folder, links followed (a system file named as the bibliography was read as an empty
one, and the error then blamed meta.yml)."""
import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .data.inputs import outside_project


class _InsideProject:
    """A File or Dir option whose path, links followed, is inside the folder of mkdocs.yml."""
    def run_validation(self, value):
        path = super().run_validation(value)
        problem = self.config_dir and outside_project(path, self.config_dir)
        if problem:
            raise ValidationError(f"{problem}: the edition reads only files inside the project "
                                  "(copy it into the project and give its path relative to mkdocs.yml)")
        return path


class ProjectFile(_InsideProject, c.File):
    pass


class ProjectDir(_InsideProject, c.Dir):
    pass


class ArticleOptions(base.Config):
    seed = ProjectFile(exists=True)     # the article as received, seeds/<slug>.txt
    claims = ProjectFile(exists=True)   # its claims, seeds/<slug>.claims.yml


class CitationOptions(base.Config):
    """Who and what a citation of any page names (README, "Citing")."""
    authors = c.ListOfItems(c.Type(dict))                # a group as {name: ...}; people as {family:, given:}
    publisher = c.Optional(c.Type(str))                  # None: the site's name
    first_published = c.Optional(c.Type(dt.date))        # None: the repository's first commit
    license = c.Optional(c.Type(str))                    # e.g. CC-BY-4.0; None: none stated
    version_url = c.Type(str, default="{site_url}v/{version}/{page}")


class EditionConfig(base.Config):
    bibliography = ProjectFile(exists=True)              # refs.bib
    articles = c.ListOfItems(c.SubConfig(ArticleOptions), default=[])
    glossary = c.Optional(ProjectDir(exists=True))       # glossary/, one <slug>.yml per entry
    citation = c.SubConfig(CitationOptions)
