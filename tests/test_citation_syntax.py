"""The citation syntax stays mkdocs-bibtex's: its parser (mkdocs_bibtex.citation, pinned at
4.4.0) reads every citation the edition writes exactly as the edition's own extension does,
same keys in the same order and the locator as its suffix. If a plugin update changed the
grammar, or the edition's writer drifted from it, this fails."""
import re

import pytest
from mkdocs_bibtex.citation import CitationBlock

from conftest import ROOT
from reference_edition.data.bib import load_bibliography
from reference_edition.data.safe_html import citation
from reference_edition.data.model import load_edition
from reference_edition.data.safe_html import CITATION, CITATION_ITEM as ITEM

BLOCK = CITATION.pattern   # the edition's citation grammar (one definition: data/safe_html.py)


@pytest.fixture(scope="module")
def written():
    """Every citation block of the site: claims, glossary facts and the hand-written pages."""
    edition = load_edition(ROOT / "refs.bib", [(ROOT / "seeds/taliban-plan-to-rebuild-al-qaeda.txt",
                                                ROOT / "seeds/taliban-plan-to-rebuild-al-qaeda.claims.yml")],
                           ROOT / "glossary")
    blocks = [str(citation(c.sources)) for a in edition.articles for c in a.claims if c.sources]
    blocks += [str(citation(f.cite)) for e in edition.glossary.entries.values() for f in e.facts]
    for page in sorted((ROOT / "docs").rglob("*.md")):
        blocks += [m.group(0) for m in re.finditer(BLOCK, page.read_text(encoding="utf-8"))]
    return blocks


def ours(block):
    items = [ITEM.match(p) for p in re.fullmatch(BLOCK, block)["body"].split(";")]
    return [(i["key"], i["locator"] or "") for i in items]


def theirs(block):
    parsed = CitationBlock.from_markdown(block)
    assert len(parsed) == 1, block
    return [(c.key, c.suffix.strip()) for c in parsed[0].citations]


def test_mkdocs_bibtex_reads_every_citation_of_the_edition_as_the_extension_does(written):
    assert len(written) > 100
    refs = load_bibliography(ROOT / "refs.bib")
    for block in written:
        assert ours(block) == theirs(block), block
        assert all(key in refs for key, _ in ours(block))


@pytest.mark.parametrize("block", ["[@a-2020]", "[@a-2020, para. 12]", "[@a-2020; @b-2021, pp. 3–4]",
                                   "[@a-2020, Annex I, para. 5; @b-2021]"])
def test_grammar_samples(block):
    assert ours(block) == theirs(block)
