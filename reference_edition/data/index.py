"""The cross-reference index: where each source is cited ("Cited in" on the bibliography) and
where each glossary entry is mentioned ("Mentioned in" on its page).

Built from data before any page renders (data/model.py): the generated pages cite
exactly what their data says, at anchors the model names. Citations on hand-written pages
(docs/*.md) are known only when a page is converted: the citations extension records them in
a PageCitations the plugin keeps across `mkdocs serve` rebuilds, so a page that
`serve --dirty` does not convert again keeps the record of its last conversion."""
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)   # one per citation and back-link
class Citing:
    page: str          # the citing page's source path in docs, e.g. "article.md"
    anchor: str        # element id on that page the back-link lands on
    label: str         # what the back-link says, e.g. "¶ 7, claim 7.2"


@dataclass
class PageCitations:
    """Hand-written pages: page -> [(key, Citing)], as last converted."""
    pages: dict = field(default_factory=dict)

    def record(self, page: str, citations):
        self.pages[page] = list(dict.fromkeys(citations))

    def keep_only(self, pages):
        """A page deleted since the last build cites nothing any more."""
        for page in set(self.pages) - set(pages):
            del self.pages[page]


@dataclass
class Index:
    from_data: dict = field(default_factory=dict)      # key -> [Citing]
    data_on: dict = field(default_factory=dict)        # page -> {key: None}, in order of first citation
    mentioned_in: dict = field(default_factory=dict)   # glossary slug -> [(article page, paragraph)]

    def cite(self, key: str, citing: Citing):
        listed = self.from_data.setdefault(key, [])
        if citing not in listed:
            listed.append(citing)
        self.data_on.setdefault(citing.page, {}).setdefault(key)

    def mention(self, slug: str, page: str, para: int):
        listed = self.mentioned_in.setdefault(slug, [])
        if (page, para) not in listed:
            listed.append((page, para))

    def cited_in_all(self, written: PageCitations) -> dict:
        """key -> [Citing]: generated pages first (articles, claims, glossary), then hand-written
        pages by path. One pass over every page's citations (not one per key: 5,000 keys)."""
        found = {key: list(citings) for key, citings in self.from_data.items()}
        for page in sorted(written.pages):
            for key, citing in written.pages[page]:
                listed = found.setdefault(key, [])
                if citing not in listed:
                    listed.append(citing)
        return found

    def cited_on(self, page: str, written: PageCitations) -> list[str]:
        """Keys cited on one page, in order of first citation."""
        keys = [k for k, _ in written.pages.get(page, ())] + list(self.data_on.get(page, ()))
        return list(dict.fromkeys(keys))
