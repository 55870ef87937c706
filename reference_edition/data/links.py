"""The one way a generated page links to another page of the edition by source path.

Pages made at build time write Markdown links between source paths in docs ("glossary/x.md",
"article.md#p3"); MkDocs then resolves each to the built URL and checks that its target exists.
Raw HTML, which MkDocs does not resolve, takes pages/built_urls.py instead."""
import posixpath


def page_link(target: str, from_page: str, fragment: str = "") -> str:
    """A Markdown link from the source page `from_page` to the source path `target`, with
    `#fragment` if one is given."""
    href = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return f"{href}#{fragment}" if fragment else href
