"""Every HTML page of the site is checked for unflagged unconfirmed values (unconfirmed_flags.py)
and given its Content-Security-Policy (content_security_policy.py) once, on its final HTML.

Pages and theme templates (404.html) are handled in memory as MkDocs hands them over to be
written (on_post_page, on_post_template: after every other plugin's changes), so MkDocs writes
each page once and no page is read back. The HTML files written any other way (copied from
docs/, written directly by a plugin, the pages a --dirty build skips) are read after the build
and given the same treatment, each rewritten only if that changes it (a skipped page keeps its
bytes and its time). So is a page changed on disk after it was handled: one whose size is not
that of the HTML handled (a later post-page change), or whose size or modification time moved
between the first and the last on_post_build (another plugin's or hook's post-build change).
A stat a page, no read."""
from dataclasses import dataclass, field
from pathlib import Path

from .content_security_policy import protect, write_headers
from .unconfirmed_flags import check_written, unflagged_page


@dataclass
class State:
    """Of one build."""
    seen: dict = field(default_factory=dict)       # dest path of each page handled in memory -> its size in bytes
    stats: dict = field(default_factory=dict)      # dest path -> (size, mtime_ns) as the first on_post_build found it
    hashes: set = field(default_factory=set)       # of every page's inline scripts: the site-wide policy
    unflagged: list = field(default_factory=list)  # (dest, DataError) of the pages' unflagged values


def on_page(plugin, page: str, dest: str, config) -> str:
    """A page's final HTML (dest: its path in the site), checked, with its policy."""
    state = plugin.pages
    state.unflagged += [(dest, e) for e in unflagged_page(plugin.edition, page, dest)]
    page, hashes, size = protect(page, dest, tuple(config.theme.dirs))
    state.hashes |= hashes
    state.seen[dest] = size   # as MkDocs writes it
    return page


def _stat(path: Path):
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


def note_written(plugin, config):
    """First of every plugin's on_post_build: each page handled in memory as it is on disk now,
    if it is as handled (its size); a page already changed is left out, and read again."""
    site, state = Path(config["site_dir"]), plugin.pages
    state.stats = {dest: stat for dest, size in state.seen.items()
                   if (stat := _stat(site / dest)) is not None and stat[0] == size}


def _unchanged(plugin, site: Path, dest: str) -> bool:
    noted = plugin.pages.stats.get(dest)
    return noted is not None and _stat(site / dest) == noted


def on_post_build(plugin, config):
    """The HTML files not handled in memory; then every page's unflagged values fail the build,
    and the site-wide policy is written."""
    site = Path(config["site_dir"])
    for path in sorted(site.rglob("*.html")):
        dest = path.relative_to(site).as_posix()
        if _unchanged(plugin, site, dest):
            continue
        page = path.read_bytes().decode("utf-8")   # bytes: line ends as written
        protected = on_page(plugin, page, dest, config)
        if protected != page:
            path.write_bytes(protected.encode("utf-8"))
    check_written(plugin, config, plugin.pages.unflagged)
    write_headers(config["site_dir"], plugin.pages.hashes)
