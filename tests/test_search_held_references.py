"""A page's reference list is held out of page.content while the search plugin reads the page
(features/search_held_references.py): the index and the page are what they are without it."""
from types import SimpleNamespace

import markdown
import pytest
from material.plugins.search.plugin import SearchIndex

from reference_edition.data import unconfirmed
from reference_edition.features.search_held_references import held_tail, hold, restore
from reference_edition.markdown.citations import CitationsExtension

PAGE = """# A page

Text [@doe-2023] and a footnote.[^1] More text [@roe-2020; @doe-2023, p. 4].

## Later

The end [@roe-2020].

[^1]: A note the reader searches.
"""


def _converted(text=PAGE):
    refs = {"doe-2023": SimpleNamespace(html="Doe, Jane. 2023. <i>A Report</i>.", label="Doe 2023"),
            "roe-2020": SimpleNamespace(html="Roe, Ann. 2020. “A Paper.” <i>Journal</i> 3.", label="Roe 2020")}
    state = SimpleNamespace(refs=refs, page="index.md", cited=lambda page, found: None, error=lambda err: err,
                            edition=SimpleNamespace(matcher=None, bib_layout=SimpleNamespace(
                                href=lambda key, page: f"bibliography.md#{key}")),
                            flagged_html=unconfirmed.FlaggedBlocks())
    md = markdown.Markdown(extensions=["footnotes", "toc", "attr_list", CitationsExtension(state)])
    return md.convert(text)


def _index(content):
    index = SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=[], fields={})
    index.add_entry_from_context(SimpleNamespace(meta={}, content=content, toc=[], url="page/", title="A page"))
    return index.entries


def test_the_citations_extensions_list_is_held_and_the_index_is_unchanged():
    content = _converted()
    held = held_tail(content)
    assert held is not None, f"the reference list the citations extension writes was not recognised:\n{content}"
    rest, tail = held
    assert rest + tail == content, "holding the list changed the page"
    assert tail.startswith("<h2") and 'id="references"' in tail and "Roe, Ann" in tail, tail
    assert "A note the reader searches" in rest, "the page's own footnotes must stay where search reads them"
    assert _index(rest) == _index(content), "the search index differs when the reference list is held"
    assert any("A note the reader searches" in e["text"] for e in _index(rest)), "the footnote is not indexed"


def test_hold_and_restore_give_back_the_page_as_it_was():
    content = _converted()
    plugin = SimpleNamespace(held_references={})
    page = SimpleNamespace(content=content, file=SimpleNamespace(src_uri="index.md"))
    hold(plugin, page)
    assert "References" not in page.content and plugin.held_references, "hold left the list in the page"
    restore(plugin, page)
    assert page.content == content and plugin.held_references == {}, "restore did not give the page back as it was"


@pytest.mark.parametrize("content, why", [
    ("<p>No citations.</p>", "no reference list"),
    ('<h2 id="references">References</h2>\n<p>Written by hand.</p>', "a heading of the page's own, not the list"),
    ('<h2 data-search-exclude="" id="references">References</h2>\n<div class="footnote" data-search-exclude="">'
     "<ol><li>x</li></ol></div>\n<p>Something after the list.</p>", "text after the list"),
    ('<h2 data-search-exclude="" id="references">References</h2>\n<div class="footnote" data-search-exclude="x">'
     "<ol><li>x</li></ol></div>", "an attribute the search plugin strips"),
    ('<h2 data-search-exclude="" id="references">References</h2>\n<div class="other" data-search-exclude="">'
     "<ol><li>x</li></ol></div>", "not the footnote box"),
])
def test_anything_but_the_list_is_left_where_search_reads_it(content, why):
    assert held_tail(content) is None, f"{why}: held out of search, which must parse it"


def test_the_pattern_the_search_plugin_strips_is_materials_own():
    """A held tail must hold nothing the search plugin strips from page.content after indexing
    (or putting it back would change the page): the module's copy of that pattern must be the
    one the installed Material uses, or an upgrade of Material changed it."""
    import inspect
    from material.plugins.search.plugin import SearchPlugin
    from reference_edition.features.search_held_references import STRIPPED_BY_SEARCH
    source = inspect.getsource(SearchPlugin.on_page_context)
    assert 'r"\\s?data-search-\\w+=\\"[^\\"]+\\""' in source, \
        f"Material's search plugin no longer strips the pattern this module copies:\n{source}"
    assert STRIPPED_BY_SEARCH.pattern == r"\s?data-search-\w+=\"[^\"]+\"", STRIPPED_BY_SEARCH.pattern
