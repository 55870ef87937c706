"""features/search_spellings.py: a word written with an apostrophe is indexed without it too, so
that "bayah" finds the article's "bay’ah" (the browser test is in test_reading.py)."""
import json

import pytest

from reference_edition.features.search_spellings import FIELD, spellings


@pytest.mark.parametrize("text, expected", [
    ("the oath (bay’ah) and bay'ah", "bayah"),
    ("Da’esh, Qa’ida’s leaders", "Daesh Qaida"),
    ("the Taliban’s ‘quoted’ words", ""),            # a possessive and quotation marks: nothing
    ("no apostrophe here", ""),
])
def test_spellings_fold_apostrophes_inside_words(text, expected):
    assert spellings(text) == expected


@pytest.mark.build
def test_the_search_index_names_the_field_and_the_article_carries_bayah(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert FIELD in index["config"]["fields"], f"the index's fields are {sorted(index['config']['fields'])}"
    article = [d for d in index["docs"] if d["location"].startswith("article/")]
    assert article, "no section of the article is in the search index"
    assert any("bayah" in d.get(FIELD, "").split() for d in article), \
        "no section of the article can be found by 'bayah'"
