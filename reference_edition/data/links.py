"""The one way a generated page links to another page of the edition by source path.

Pages made at build time write Markdown links between source paths in docs ("glossary/x.md",
"article.md#p3"); MkDocs then resolves each to the built URL and checks that its target exists.
Raw HTML, which MkDocs does not resolve, takes pages/built_urls.py instead."""
import posixpath
from functools import lru_cache


def page_link(target: str, from_page: str, fragment: str = "") -> str:
    """A Markdown link from the source page `from_page` to the source path `target`, with
    `#fragment` if one is given."""
    href = _relative(target, posixpath.dirname(from_page))
    return f"{href}#{fragment}" if fragment else href


# Build speed: every citation and reference list links to a bibliography page (15,800 links at
# 200 pages x 5,000 entries), between a few dozen pairs of folders. Both paths are taken from the
# docs root ("/"), so the result is a function of the two strings alone (posixpath.relpath reads
# the working directory only for relative paths) and is memoised.
@lru_cache(maxsize=4096)
def _relative(target: str, from_dir: str) -> str:
    return posixpath.relpath("/" + target, "/" + from_dir)
