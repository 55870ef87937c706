"""`mkdocs serve --dirty` (and `build --dirty`): rebuild only what changed.

MkDocs decides what a dirty build skips with File.is_modified(), which is always true for a
file a plugin generates (its content is in memory, there is no source file to compare): every
generated page, hundreds with a large glossary, was converted again after any edit. Here a
generated file whose content is the same as in this process's last build, and whose output
is still on disk, reports itself unmodified, so MkDocs skips it as it skips an unchanged
written page. Kept out of it: the bibliography's pages, whose "Cited in" lists are filled
from the written pages after conversion (pages/bibliography_page.py), and the citation
downloads of a page that was skipped, whose content is filled only when their page is converted
(features/cite_this_page.py): they keep the file the last build wrote.

MkDocs also logs a warning on every dirty build ("A 'dirty' build is being performed ..."),
which `strict: true` turns into an abort: `serve --dirty` could not start. The user asked for a
dirty build, so that one message is logged as information."""
import hashlib
import logging
import os

_DIRTY_WARNING = "A 'dirty' build is being performed"


def on_startup(plugin, dirty):
    logger = logging.getLogger("mkdocs.commands.build")
    if dirty and _as_info not in logger.filters:
        logger.addFilter(_as_info)


def on_shutdown(plugin):
    logging.getLogger("mkdocs.commands.build").removeFilter(_as_info)
    plugin.built.clear()


def _as_info(record):
    if record.levelno == logging.WARNING and record.getMessage().startswith(_DIRTY_WARNING):
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def on_files(plugin, files, config):
    """After every file is generated (the downloads, filled later, are left to on_env)."""
    if not plugin.atomic.dirty:
        return
    downloads = set(plugin.downloads.values())
    filled_later = plugin.edition.bib_layout.sources   # their HTML depends on other pages' conversion
    last, plugin.built = plugin.built, {}
    for file in files:
        # not generated: a file on disk, which MkDocs compares by date itself
        if file.generated_by is None or file in downloads or file.src_uri in filled_later:
            continue
        digest = hashlib.sha256(file.content_bytes).hexdigest()
        plugin.built[file.src_uri] = digest
        if last.get(file.src_uri) == digest and os.path.isfile(file.abs_dest_path):
            file.is_modified = _unmodified


def on_env(plugin, files, config):
    """Every page is converted: a download still empty belongs to a page that was skipped."""
    if not plugin.atomic.dirty:
        return
    for file in plugin.downloads.values():
        if not file.content_bytes and os.path.isfile(file.abs_dest_path):
            file.is_modified = _unmodified


def _unmodified():
    return False
