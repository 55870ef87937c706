#!/usr/bin/env python3
"""Check the edition's data as the build does, without building the site: mkdocs.yml read by
MkDocs' own config loader (the plugin's options checked by its option classes), the edition
model loaded by the plugin (refs.bib, seeds and their metadata, claims, glossary), the pages it
generates, and the citations of the hand-written pages read with the build's Markdown
extensions, so a citation shown as code is no citation here either; then "cited nowhere".

    .venv/bin/python scripts/check_data.py [PROJECT_DIR]     (also: make check)

These are the build's own plugin events in its order (on_config, on_files, on_env), without
converting or writing any page: every problem is the message the build stops with. Prints it
(file:line: what is wrong (what to do)) and exits 1."""
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")   # Material's MkDocs 2 notice (Makefile)

from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import MkDocsException  # noqa: E402
from mkdocs.structure.files import get_files  # noqa: E402

from reference_edition.data import mkdocs_yml  # noqa: E402
from reference_edition.data.errors import DataError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "reference-edition"


class _Collect(logging.Handler):
    """MkDocs reports configuration problems as log records before it aborts: keep their text."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def problems_in(root: Path = ROOT) -> list[str]:
    """The problem the build of the project at `root` would stop with ([] if none)."""
    log, collect = logging.getLogger("mkdocs"), _Collect()
    log.addHandler(collect)
    propagate, log.propagate = log.propagate, False
    plugins = None
    try:
        # MkDocs keeps plugin objects with on_startup (the edition's) for serve; a second check in
        # one process (the tests) must not reuse the first project's.
        MkDocsConfig.plugins.plugin_cache.clear()
        # Before MkDocs reads it: PyYAML's ValueError on an impossible unquoted date is a traceback there.
        mkdocs_yml.check_dates(root / "mkdocs.yml")
        config = load_config(str(root / "mkdocs.yml"))
        if PLUGIN not in config.plugins:
            return [f"{root / 'mkdocs.yml'}: no {PLUGIN} plugin in `plugins` (add it: README, "
                    "\"A second article\" shows its options)"]
        plugin = config.plugins[PLUGIN]
        plugins = config.plugins              # events dispatched as `mkdocs build` dispatches them
        config = plugins.on_config(config)     # the edition model: every data check
        files = plugins.on_files(get_files(config), config=config)   # docs/ and the generated pages
        plugins.on_env(config.theme.get_env(), config=config, files=files)   # hand-written pages'
        #                                      citations, then "cited nowhere"
    except MkDocsException as err:             # PluginError (data), Abort (configuration)
        return collect.messages or [str(err)]
    except DataError as err:                   # mkdocs.yml's dates, checked before MkDocs reads it
        return [str(err)]
    finally:
        if plugins is not None:   # no site is written: the build ends as one that stopped does
            plugins.on_build_error(error=None)   # (atomic_site_dir: the partial site folder removed)
        log.removeHandler(collect)
        log.propagate = propagate
        # A plugin option that fails validation leaves MkDocs' warnings of the other options on
        # the shared `plugins` option, where the next load_config in this process would find them.
        MkDocsConfig.plugins.reset_warnings()
    print(f"{len(plugin.edition.refs)} sources, {len(plugin.edition.articles)} article(s), "
          f"{len(plugin.edition.glossary.entries) if plugin.edition.glossary else 0} glossary entries")
    return collect.messages   # a warning MkDocs lets through (strict: it would stop the build)


def main(args) -> int:
    problems = problems_in(Path(args[0]).resolve() if args else ROOT)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
