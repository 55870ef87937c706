"""Build safety: a failed `mkdocs build` leaves the previous site/ exactly as it was.

MkDocs empties site_dir before it builds, so a build that stops half-way (bad data, a strict
warning) would leave no site or half a site, which might then be served or deployed. This hook
builds into a sibling `<site_dir>.partial-<pid>` (same file system, so renames are atomic),
swaps it into place only after the build has succeeded and removes it when the build fails.

Not for `mkdocs serve`: it builds into its own temporary directory, which nothing else reads.
Not for `mkdocs build --dirty`: a dirty build updates the existing site in place by design."""
import logging
import os
import shutil
import tempfile
from pathlib import Path

from dataclasses import dataclass

from mkdocs.utils import CountHandler


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
    site = Path(config["site_dir"])
    partial = site.with_name(f"{site.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)  # left by an interrupted build of this pid
    state.site_dir, state.partial = str(site), partial
    config["site_dir"] = str(partial)


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


def on_build_error(plugin):
    state = plugin.atomic
    if state.partial is not None:
        shutil.rmtree(state.partial, ignore_errors=True)
        state.partial = None


def _strict_warnings() -> bool:
    """Whether the strict-mode counter has seen a warning in this build: MkDocs' build.py adds it
    to the 'mkdocs' logger, ProperDocs (a continuation of MkDocs 1.x) to its 'properdocs' logger."""
    return any(isinstance(h, CountHandler) and h.counts
               for name in ("mkdocs", "properdocs") for h in logging.getLogger(name).handlers)
