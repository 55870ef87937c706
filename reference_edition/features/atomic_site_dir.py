"""Build safety: a failed `mkdocs build` leaves the previous site/ exactly as it was.

MkDocs empties site_dir before it builds, so a build that stops half-way (bad data, a strict
warning) would leave no site or half a site, which might then be served or deployed. This hook
builds into a sibling `<site_dir>.partial-<pid>` (same file system, so renames are atomic),
swaps it into place only after the build has succeeded and removes it when the build fails.

A build that was killed (Ctrl-C twice, a power cut) cannot clean up: the next build removes the
`.partial-<pid>` and `.old-<pid>` folders of processes that are no longer running.
A site folder that cannot be written (read-only, a full disk) stops the build with one line.

Not for `mkdocs serve`: it builds into its own temporary directory, which nothing else reads.
Not for `mkdocs build --dirty`: a dirty build updates the existing site in place by design."""
import errno
import logging
import os
import shutil
import tempfile
from pathlib import Path

from dataclasses import dataclass

from mkdocs.exceptions import Abort, PluginError
from mkdocs.utils import CountHandler

# Write failures that are the disk's or the folder's, not the build's: reported in one line.
_DISK = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
_DENIED = {errno.EACCES, errno.EPERM}


@dataclass
class State:
    dirty: bool = False
    site_dir: str | None = None
    partial: Path | None = None


def on_startup(plugin, dirty):
    # Only `mkdocs build`/`gh-deploy` (and serve) call this; a build started from Python
    # (the test suite) does not, and is a clean build.
    plugin.atomic.dirty = dirty


def on_shutdown(plugin):
    plugin.atomic.dirty = False  # the next build in this process may be started from Python


def serving(site_dir) -> bool:
    """True for the directory `mkdocs serve` builds into. on_config is given no command, and
    `serve --clean` even tells on_startup 'build'; but serve always builds into
    tempfile.mkdtemp(prefix='mkdocs_') (mkdocs/commands/serve.py; a test checks it still does)."""
    path = Path(site_dir)
    return path.name.startswith("mkdocs_") and path.parent == Path(tempfile.gettempdir())


def on_config(plugin, config):
    """First of all on_config handlers: before any plugin reads site_dir."""
    state = plugin.atomic
    state.site_dir = state.partial = None
    if state.dirty or serving(config["site_dir"]):
        return
    site = Path(config["site_dir"]).absolute()
    for stale in _left_by_killed_builds(site):
        shutil.rmtree(stale, ignore_errors=True)
    partial = site.with_name(f"{site.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)  # left by an interrupted build of this pid
    try:
        partial.mkdir(parents=True)             # now, so an unwritable folder stops the build at once
    except OSError as err:
        raise PluginError(f"cannot write the site next to {site}: {err.strerror} ({err.filename}): "
                          "make that folder writable or build elsewhere (mkdocs build --site-dir DIR)") from None
    state.site_dir, state.partial = str(site), partial
    config["site_dir"] = str(partial)


def _left_by_killed_builds(site: Path):
    for path in site.parent.glob(f"{site.name}.*-*"):
        kind, _, pid = path.name[len(site.name) + 1:].rpartition("-")
        if kind in ("partial", "old") and pid.isdigit() and not _running(int(pid)):
            yield path


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)                          # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:                      # another user's process
        return True
    return True


def on_post_build(plugin, config):
    """Last of all on_post_build handlers: the search index and the offline plugin have written."""
    state = plugin.atomic
    if state.partial is None:
        return
    # In strict mode MkDocs raises Abort for counted warnings only *after* on_post_build;
    # such a build has failed too (on_build_error then removes the partial directory).
    if config["strict"] and _strict_warnings():
        return
    site, partial = Path(state.site_dir), state.partial
    old = site.with_name(f"{site.name}.old-{os.getpid()}")
    if site.exists():
        site.rename(old)
    partial.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    config["site_dir"] = str(site)  # gh-deploy reads site_dir after the build
    state.partial = None


def on_build_error(plugin, error):
    state = plugin.atomic
    partial, state.partial = state.partial, None
    if partial is not None:
        shutil.rmtree(partial, ignore_errors=True)
    if isinstance(error, OSError) and _cannot_write(error, partial):
        # One line instead of MkDocs' traceback (Abort is printed as its message).
        where = f" ({error.filename})" if error.filename else ""
        raise Abort(f"Cannot write the site: {error.strerror}{where}: free disk space or make the "
                    "folder writable, then build again; the previous site is unchanged") from None


def _cannot_write(error: OSError, partial) -> bool:
    """The disk is full or read-only, or a write into the site being built was refused."""
    refused = error.errno in _DENIED and partial is not None and str(error.filename or "").startswith(str(partial))
    return error.errno in _DISK or refused


def _strict_warnings() -> bool:
    """Whether the strict-mode counter has seen a warning in this build: MkDocs' build.py adds it
    to the 'mkdocs' logger, ProperDocs (a continuation of MkDocs 1.x) to its 'properdocs' logger."""
    return any(isinstance(h, CountHandler) and h.counts
               for name in ("mkdocs", "properdocs") for h in logging.getLogger(name).handlers)
