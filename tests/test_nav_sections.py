"""data/nav_sections.py: the nav item naming an index page becomes a section of it and the
generated pages, at any depth; every other item is left as written."""
from reference_edition.data.nav_sections import with_section

NAV = [{"Home": "index.md"}, "about.md",
       {"Reference": [{"Glossary": "glossary/index.md"}, {"Notes": "notes.md"}]}]


def test_the_index_becomes_a_section_at_any_depth_and_nothing_else_changes():
    children = [{"People": [{"A": "glossary/a.md"}]}]
    got = with_section(NAV, "glossary/index.md", children)
    assert got == [{"Home": "index.md"}, "about.md",
                   {"Reference": [{"Glossary": ["glossary/index.md", *children]}, {"Notes": "notes.md"}]}], got
    assert NAV[2]["Reference"][0] == {"Glossary": "glossary/index.md"}, "the nav as written was changed in place"


def test_a_nav_without_the_index_is_returned_as_written():
    assert with_section(NAV, "bibliography.md", ["bibliography/un.md"]) == NAV
