"""The entries of the bibliography's pages (templates/bibliography-entries.md.j2): each in the
house style, its repeated names as the style's dash, its unconfirmed values flagged. The one
page's entries are rendered with it (pages/bibliography_page.py); a split bibliography's part
pages are rendered here whole, and kept on disk while the model's data and the code are
unchanged (data/derived_cache.py: they depend on the model alone)."""
import json

from ..data import derived_cache
from ..data.bib import csl_style
from ..data.bibpages import BIBLIOGRAPHY_PAGE
from ..data.errors import DataError
from ..data.links import page_link
from ..data.reflist import names_part, substitute_authors
from ..data.templates import templates
from ..data.unconfirmed import template_flag

TEMPLATES = templates()


def entries(edition, flagged) -> dict:
    """What the entries' template reads beside the page's own; flagged(html): records a group of
    entries as flagged (FlaggedBlocks.add), and returns it."""
    layout = edition.bib_layout
    # Each group is a reference list of its own: in the style's order, and a repeated name
    # becomes the style's dash only after an entry of the same group (data/reflist.py).
    groups = {kind: [edition.refs[key] for key in keys] for kind, keys in layout.groups.items()}
    listed = sorted(edition.refs.values(), key=lambda r: r.order)
    shown = {}
    for members in groups.values():
        shown.update(substitute_authors(members, csl_style()))
    return dict(groups=groups, shown=shown, repeated=_repeated_names(listed, shown), bibtex=edition.bibtex_blocks,
                flag=template_flag(edition.matcher), flagged=flagged)


def parts(edition, common) -> dict:
    """source -> (Markdown, [(start, end) of each block the template recorded as flagged]) of every
    sub-page: kept on disk while the model's data and the code are unchanged (data/derived_cache.py)."""
    layout = edition.bib_layout

    def render():
        recorded = []

        def flagged(html):
            recorded.append(html)
            return html
        context = entries(edition, flagged)
        out = {}
        for page in layout.pages:
            recorded.clear()
            markdown = _part(edition.refs, layout, page, context, common)
            spans, at = [], 0
            for group in recorded:   # printed as it is (Markup), so found in the page in order
                at = markdown.index(group, at)
                spans.append((at, at + len(group)))
                at += len(group)
            out[page.src] = (markdown, spans)
        return out
    kept = derived_cache.pages(edition, "bibliography", render, json.dumps(common, sort_keys=True))
    return render() if kept is None else kept


def _part(refs, layout, page, context, common):
    """The Markdown of one sub-page: its entries, and links to the index and its group's other parts."""
    parts = [p for p in layout.pages if p.kind == page.kind]
    n = parts.index(page)
    first = page.keys[0]   # a part opens with its first entry's names, not a dash for the page before's
    return TEMPLATES.get_template("bibliography-part.md.j2").render(
        page=page, **{**context, "groups": {page.kind: [refs[k] for k in page.keys]},
                      "shown": {**context["shown"], first: refs[first].html},
                      "repeated": {k: v for k, v in context["repeated"].items() if k != first}},
        part=n + 1, parts=len(parts),
        previous=parts[n - 1] if n else None, next=parts[n + 1] if n + 1 < len(parts) else None,
        index=page_link(BIBLIOGRAPHY_PAGE, page.src), links={p.src: page_link(p.src, page.src) for p in parts},
        **common)


def _repeated_names(refs, shown):
    """key -> (dash, names, rest) of each entry whose names the style's dash ("———") replaces:
    the template shows the dash, and the names to screen readers always and to sight when a
    citation lands on the entry (edition.css, :target), so the reader sees whose work it is."""
    repeated = {}
    for ref in refs:
        if shown[ref.key] != ref.html:
            names = names_part(ref)
            rest = ref.html[len(names):]
            dash = shown[ref.key][:len(shown[ref.key]) - len(rest)]
            if not names or shown[ref.key] != dash + rest:
                raise DataError(BIBLIOGRAPHY_PAGE, f"entry '{ref.key}': the repeated names could not be told "
                                "from the rest of the reference", "data/reflist.py substitute_authors must "
                                "replace only the names that begin the reference")
            repeated[ref.key] = (dash, names, rest)
    return repeated
