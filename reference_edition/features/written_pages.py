"""Every HTML page of the site is checked for unflagged unconfirmed values (unconfirmed_flags.py)
and given its Content-Security-Policy (content_security_policy.py) once, on its final HTML.

Pages and theme templates (404.html) are handled in memory as MkDocs hands them over to be
written (on_post_page, on_post_template: after every other plugin's changes), so MkDocs writes
each page once and no page is read back. The HTML files written any other way (copied from
docs/, written directly by a plugin, the pages a --dirty build skips) are read after the build
and given the same treatment, each rewritten only if that changes it (a skipped page keeps its
bytes and its time)."""
from dataclasses import dataclass, field
from pathlib import Path

from .content_security_policy import protect, write_headers
from .unconfirmed_flags import check_written, unflagged_page


@dataclass
class State:
    """Of one build."""
    seen: set = field(default_factory=set)         # dest paths of the pages handled in memory
    hashes: set = field(default_factory=set)       # of every page's inline scripts: the site-wide policy
    unflagged: list = field(default_factory=list)  # (dest, DataError) of the pages' unflagged values


def on_page(plugin, page: str, dest: str, config) -> str:
    """A page's final HTML (dest: its path in the site), checked, with its policy."""
    state = plugin.pages
    state.seen.add(dest)
    state.unflagged += [(dest, e) for e in unflagged_page(plugin.edition, page, dest)]
    page, hashes = protect(page, dest, tuple(config.theme.dirs))
    state.hashes |= hashes
    return page


def on_post_build(plugin, config):
    """The HTML files not handled in memory; then every page's unflagged values fail the build,
    and the site-wide policy is written."""
    site = Path(config["site_dir"])
    for path in sorted(site.rglob("*.html")):
        dest = path.relative_to(site).as_posix()
        if dest in plugin.pages.seen:
            continue
        page = path.read_bytes().decode("utf-8")   # bytes: line ends as written
        protected = on_page(plugin, page, dest, config)
        if protected != page:
            path.write_bytes(protected.encode("utf-8"))
    check_written(plugin, config, plugin.pages.unflagged)
    write_headers(config["site_dir"], plugin.pages.hashes)
