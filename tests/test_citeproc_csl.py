"""data/citeproc_csl.py: each of the three patches to citeproc-py, on its own (fast tier).
tests/test_pandoc_citeproc.py compares the whole site with pandoc's citeproc."""
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, NoCase, String

from reference_edition.data import citeproc_csl
from reference_edition.data.bib import csl_style


@pytest.mark.parametrize("before, after", [
    ("twenty-sixth report of the team", "Twenty-Sixth Report of the Team"),     # parts of a hyphenated word
    ("al-Qaeda.", "Al-Qaeda."),                                                 # a title of one word
    ("who does (not) belong to the umma?", "Who Does (Not) Belong to the Umma?"),  # after a bracket
    ("organizations [list including the designation]", "Organizations [List Including the Designation]"),
    ("herat i. geography", "Herat i. Geography"),                               # one letter stays
    ("in Wikipedia, as mirrored by a third-party site", "In Wikipedia, as Mirrored by a Third-Party Site"),
    ("what it stands for", "What It Stands For"),                               # the last word, even a stop word
    ("the end: a new start", "The End: A New Start"),                           # after a colon
    ("entry “counterterrorism” (source: JP 3-26)", "Entry “Counterterrorism” (Source: JP 3-26)"),
    ("NATO and the UN", "NATO and the UN"),                                     # capitals left alone
    ("the iPhone and eBay", "The iPhone and eBay"),                              # mixed case left alone
    ("kyle orton (kyleorton.com)", "Kyle Orton (Kyleorton.com)"),               # no capital after "."
    ("the taliban’s plan", "The Taliban’s Plan"),                               # nothing after an apostrophe
    ("use of takfīr", "Use of Takfīr"),
])
def test_title_case_is_pandoc_citeprocs(before, after):
    assert str(citeproc_csl.title_case(String(before))) == after


def test_title_case_passes_over_nocase_parts_and_keeps_them():
    text = MixedString([String("the "), NoCase("eBay-style"), String(" of markets")])
    out = citeproc_csl.title_case(text)
    assert str(out) == "The eBay-style of Markets"
    assert isinstance(out, MixedString) and isinstance(list(out)[1], NoCase)


def _format(style, item):
    bib = CitationStylesBibliography(csl_style(style), CiteProcJSON([item]), formatter.plain)
    citation = Citation([CitationItem(item["id"])])
    bib.register(citation)
    in_text = str(bib.cite(citation, lambda _: None))
    return str(bib.bibliography()[0]), in_text


def test_a_substituted_publication_name_is_not_repeated():
    """Chicago: a newspaper article without an author is listed under the paper's name, which
    the CSL specification then suppresses where it would be printed again."""
    item = {"id": "x", "type": "article-newspaper", "title": "A Report", "container-title": "Moguldom",
            "issued": {"date-parts": [[2023, 11, 17]]}}
    reference, in_text = _format("chicago-author-date-16th-edition", item)
    assert reference.startswith("Moguldom. 2023.") and reference.count("Moguldom") == 1, reference
    assert in_text == "(Moguldom 2023)"


def test_a_substitute_suppresses_only_what_it_printed():
    """With an author, nothing is substituted and the container is printed as before."""
    item = {"id": "x", "type": "article-newspaper", "title": "A Report", "container-title": "Moguldom",
            "author": [{"literal": "Moguldom"}], "issued": {"date-parts": [[2023, 11, 17]]}}
    reference, _ = _format("chicago-author-date-16th-edition", item)
    assert reference.count("Moguldom") == 2, reference


def test_mla_in_text_citation_of_one_work_is_the_name_alone():
    """MLA adds the title only to disambiguate (<if disambiguate="true">): one work needs none."""
    item = {"id": "x", "type": "webpage", "title": "Bibliography", "author": [{"literal": "Reference edition editors"}],
            "container-title": "The Edition", "issued": {"date-parts": [[2026, 12, 6]]}}
    _, in_text = _format("modern-language-association", item)
    assert in_text == "(Reference edition editors)"


def test_the_patches_are_installed_once_and_named_for_the_cache():
    from citeproc import model
    assert all(getattr(f, "patched", False) for f in (model.TextCased.case, model.Substitute.render,
                                                      model.Text._variable, model.If.render))
    from reference_edition.data.bib import _cache_salt
    assert citeproc_csl.PATCHES and _cache_salt.__wrapped__() == _cache_salt()


def test_title_case_leaves_text_written_as_a_tag_alone():
    """data/bib.py hands citeproc-py "<" and ">" as \ue000 and \ue001: "<script>" is no word."""
    shielded = "\ue000script\ue001alert(1)\ue000/script\ue001 in a title"
    assert str(citeproc_csl.title_case(String(shielded))) == "\ue000script\ue001alert(1)\ue000/script\ue001 in a Title"


def test_title_case_runs_group_letters_digits_and_spaces_as_str_methods_do():
    """_runs groups with one regex ([^\\W_] and \\s): for every code point of the Basic Multilingual
    Plane (every script the edition's data uses; the whole range takes seconds), two of it make one run
    exactly when str.isalnum or str.isspace says the character joins its neighbours."""
    joined = wrong = 0
    for code in range(0x10000):
        char = chr(code)
        runs = citeproc_csl._runs(char + char + "_")
        together = char.isalnum() or char.isspace()
        joined += together
        if runs != ([char * 2, "_"] if together else [char, char, "_"]):
            wrong += 1
    assert joined > 40_000, f"only {joined} code points join a run: the check proves nothing"
    assert wrong == 0, f"{wrong} code points are grouped otherwise than str.isalnum/str.isspace group them"
