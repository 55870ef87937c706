"""Where each bibliography entry is shown, and the one way to link to it.

A small bibliography is one page (/bibliography/). A large one is an index there and sub-pages
by group (/bibliography/<group>/), a group larger than a page cut into parts of PART_SIZE
entries in the reference list's order (/bibliography/<group>-<n>/), each titled with its first
and last labels, as a printed index's guide words: one page of 5,000 entries weighed 9.4 MB,
which a phone never paints. Both are one layout, made by one function, so the small
bibliography goes the same way as the large one.

An entry's permanent address stays /bibliography/#<key>: when the bibliography is split, the
index holds an element with that id linking to the entry's page (followed by a same-origin
script, or by the reader without one), so old links and citations of other editions still
arrive, while pages of this edition link straight to the entry (`href`)."""
from dataclasses import dataclass

from markupsafe import Markup

from .bibread import KINDS
from .links import page_link

BIBLIOGRAPHY_PAGE = "bibliography.md"
PART_SIZE = 250       # entries on one page: 0.34-0.36 MB of HTML each at scripts/bench_build.py 200 5000 50
SPLIT_ABOVE = PART_SIZE   # a bibliography of more entries than one page holds becomes an index


@dataclass(frozen=True)
class BibPage:
    src: str            # the page's source path in docs, e.g. "bibliography/research-2.md"
    title: str          # plain text
    kind: str | None    # the group; None on the page of every group (a bibliography not split)
    keys: tuple         # its entries, in the reference list's order
    span: str = ""      # "first label – last label" of a group's part (plain text); "" for a whole group


@dataclass(frozen=True)
class Layout:
    pages: tuple        # BibPage, in reading order (the unsplit bibliography: one, BIBLIOGRAPHY_PAGE)
    page_of: dict       # key -> source path of the page showing the entry
    groups: dict        # kind -> its entries' keys in the reference list's order (every kind, maybe none)

    @property
    def split(self) -> bool:
        return self.pages[0].src != BIBLIOGRAPHY_PAGE

    @property
    def sources(self) -> set:
        """Every page of the bibliography, the index included."""
        return {BIBLIOGRAPHY_PAGE} | {p.src for p in self.pages}

    def href(self, key: str, from_page: str) -> str:
        """The entry's address relative to the page `from_page` (a source path in docs), as a
        Markdown link MkDocs resolves and checks (templates; the citations extension outside
        MkDocs). In a build, the citations extension's links take pages/bibliography_page.py
        entry_url, the built address of the same page_of[key]."""
        return page_link(self.page_of[key], from_page, key)


def layout(refs: dict) -> Layout:
    """refs: key -> bib.Reference (in any order; `order` is the reference list's)."""
    listed = sorted(refs.values(), key=lambda r: r.order)
    groups = {kind: tuple(r.key for r in listed if r.kind == kind) for kind in KINDS}
    if len(listed) <= SPLIT_ABOVE:
        pages = (BibPage(BIBLIOGRAPHY_PAGE, "Bibliography", None, tuple(r.key for r in listed)),)
    else:
        pages = []
        for kind, title in KINDS.items():
            entries = [refs[key] for key in groups[kind]]
            parts = [entries[i:i + PART_SIZE] for i in range(0, len(entries), PART_SIZE)]
            for n, part in enumerate(parts, 1):
                keys = tuple(r.key for r in part)
                if len(parts) == 1:
                    pages.append(BibPage(f"bibliography/{kind}.md", title, kind, keys))
                    continue
                span = f"{_plain(part[0].label)} – {_plain(part[-1].label)}"
                pages.append(BibPage(f"bibliography/{kind}-{n}.md", f"{title}, {span}", kind, keys, span))
        pages = tuple(pages)
    return Layout(pages, {key: page.src for page in pages for key in page.keys}, groups)


def _plain(label: str) -> str:
    return Markup(label).striptags()
