"""CSL punctuation rules that citeproc-py leaves out, applied by reference_edition/data/punctuation.py to every
formatted reference and every "Cite this page" text."""
import re

import pytest

from reference_edition.data.punctuation import punctuate

CASES = [
    # punctuation-in-quote (en-US): period and comma go inside the closing double quotation mark
    ("A. 2023. “Title”. <i>Journal</i>.", "A. 2023. “Title.” <i>Journal</i>."),
    ("“One”, “Two”, and “Three”.", "“One,” “Two,” and “Three.”"),
    ("“The Jihadists’”. Press.", "“The Jihadists’.” Press."),   # ’ may be an apostrophe: stays put
    # no period after a title's own ?, ! or period, in quotes, in italics or bare
    ("A. 2023. “What Is X?”. The Asia Live.", "A. 2023. “What Is X?” The Asia Live."),
    ("<i>Is It Over?</i>. Press.", "<i>Is It Over?</i> Press."),
    ("Plan to rebuild Al-Qaeda?. Site.", "Plan to rebuild Al-Qaeda? Site."),
    ("“Report on the U.S.”. Site.", "“Report on the U.S.” Site."),
    ("Wait... and see.", "Wait... and see."),                           # an ellipsis is not doubled
    # addresses are text citeproc prints: never changed
    ("Site. https://example.org/a?.b/../c?.", "Site. https://example.org/a?.b/../c?."),
]


@pytest.mark.parametrize("before, after", CASES)
def test_punctuation_rules(before, after):
    assert punctuate(before, True) == after


def test_without_punctuation_in_quote_only_the_double_stop_goes():
    assert punctuate("“Title”. “Why?”.", False) == "“Title”. “Why?”"


def test_every_reference_and_page_citation_follows_the_rules(reader):
    refs = [e.get_text() for e in reader.page("bibliography/").select(".bib-entry .bib-ref")]
    assert len(refs) > 90
    assert not [r for r in refs if re.search(r"”[.,]|[?!][”’]*\.", r)]
    assert sum("”" in r for r in refs) > 60                     # the rules had quotes to act on
    article = next(r for r in refs if r.startswith("The Asia Live. 2023."))
    assert "“What Is the Taliban’s Plan to Rebuild Al-Qaeda?” The Asia Live." in article
    doc = reader.page("article/")
    for style in ("chicago", "apa", "mla"):
        shown = doc.select_one(f"#cite-p7-{style}").get_text()
        assert not re.search(r"”[.,]|[?!][”’]*\.", shown), (style, shown)
