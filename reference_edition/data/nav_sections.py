"""Generated pages joining mkdocs.yml's nav: the item that names an index page (the glossary's,
the bibliography's) becomes a section, the index then its children, so that each generated
page has its tab highlighted, breadcrumbs and previous/next (with `navigation.indexes` the
index is the section's own page)."""


def with_section(nav: list, index: str, children: list) -> list:
    """`nav` with every item naming `index` made the section [index, *children], at any depth."""
    return [_expand(item, index, children) for item in nav]


def _expand(item, index, children):
    if not isinstance(item, dict) or len(item) != 1:
        return item
    (title, value), = item.items()
    if value == index:
        return {title: [index, *children]}
    if isinstance(value, list):
        return {title: [_expand(child, index, children) for child in value]}
    return item
