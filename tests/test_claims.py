"""Claims: every claim of the article is marked in the text, has a note with verdict and
sources, and appears in the claims table; bad claim data stops the build."""
import re
from pathlib import Path

import pytest
import yaml

from reference_edition.data.bib import load_bibliography
from reference_edition.data.claims import load_claims
from reference_edition.data.errors import DataError
from reference_edition.data.verdicts import VERDICTS

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.claims.yml"


@pytest.fixture(scope="module")
def claims(seed_article):
    return load_claims(CLAIMS, seed_article.paragraphs, load_bibliography(ROOT / "refs.bib"))


def test_all_eleven_paragraphs_have_claims(claims):
    assert {c.para for c in claims} == set(range(1, 12))
    assert len(claims) >= 46


def test_every_claim_is_marked_in_its_paragraph(reader, claims):
    doc = reader.page("article/")
    assert claims, "the claims file has no claims"
    for c in claims:
        mark = doc.select_one(f"p#p{c.para} a.claim-mark#{c.id}")
        assert mark is not None, c.id
        assert mark["href"] == f"#note-{c.id}"
        assert c.verdict_label.lower() in mark["aria-label"]  # the verdict is announced, not only shown
        assert mark.select_one(".claim-mark__symbol").get_text() == c.symbol


def test_each_note_gives_verdict_sources_and_reason(reader, claims):
    doc = reader.page("article/")
    assert claims, "the claims file has no claims"
    for c in claims:
        note = doc.select_one(f"li#note-{c.id}")
        assert note is not None and note.select_one(".verdict") is not None, f"{c.id}: no li#note-{c.id} with a .verdict"
        assert note.select_one(".verdict").get_text(strip=True).endswith(c.verdict_label)
        cites = note.select("a.cite")
        assert len(cites) == len(c.sources), c.id
        for a, source in zip(cites, c.sources):
            assert a["href"].endswith(f"bibliography/#{source.key}")
            if source.locator:
                assert source.locator in a.get_text()
        if VERDICTS[c.verdict].needs_source:
            assert cites, f"{c.id}: a factual verdict needs a source"
        assert " ".join(c.note.split()) in " ".join(note.get_text().split())


def test_overstated_claims_are_shown_as_such(reader, claims):
    by_id = {c.id: c for c in claims}
    manuals = next(c for c in claims if "training manuals" in c.quote)
    assert manuals.verdict in ("partly-supported", "not-found", "contradicted")
    assert "facilities" in manuals.note
    doc = reader.page("article/")
    assert "Partly supported" in doc.select_one(f"#note-{manuals.id}").get_text() or manuals.verdict != "partly-supported"
    assert any(c.verdict != "supported" for c in by_id.values() if "AQIS" in c.quote)


def test_claims_table_lists_every_claim_with_totals(reader, claims):
    doc = reader.page("claims/")
    rows = doc.select(".claims-table table tbody tr")
    assert [r["id"] for r in rows] == [f"claim-{c.id}" for c in claims]
    for row, c in zip(rows, claims):
        assert row.select_one("a")["href"] == f"../article/#{c.id}"
    totals = {r.select_one(".verdict").get_text(" ", strip=True).split(" ", 1)[1]: int(r.select("td")[-1].get_text())
              for r in doc.select(".verdict-totals table tbody tr") if r.select_one(".verdict")}
    for v in VERDICTS.values():
        assert totals[v.label] == sum(c.verdict == v.id for c in claims), f"the total of {v.label!r}"


def test_legend_explains_every_verdict(reader):
    legend = reader.page("article/").select_one(".verdict-legend").get_text()
    for v in VERDICTS.values():
        assert v.label in legend and v.symbol in legend, f"{v.label!r} or its symbol is not in the legend"


@pytest.mark.parametrize("change, message", [
    ({"quote": "words that are not in the paragraph"}, "found 0 times"),
    ({"quote": "al-Qaeda"}, "found"),
    ({"verdict": "probably"}, "verdict: should be 'supported'"),
    ({"sources": [{"key": "no-such-source"}]}, "unknown key 'no-such-source'"),
    ({"sources": []}, "needs at least one source"),
    ({"note": ""}, "note: should have at least 1 character"),
])
def test_bad_claim_data_names_file_line_and_problem(tmp_path, seed_article, change, message):
    record = {"id": "p7-c1", "quote": "Al-Qaeda’s bureaucratic nature", "verdict": "supported",
              "sources": [{"key": "known-2020"}], "note": "Fine."}
    record.update(change)
    path = tmp_path / "x.claims.yml"
    path.write_text("# comment\n" + yaml.safe_dump([record], allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_claims(path, seed_article.paragraphs, {"known-2020": object()})
    # the line of the record (2) or of the field at fault within it (3-7)
    assert re.match(rf"{re.escape(str(path))}:[2-7]: ", str(err.value)) and message in str(err.value), str(err.value)


def test_no_citation_is_left_unprocessed(reader):
    # If mkdocs-bibtex changed behaviour, [@key] would reach readers as plain text.
    pages = reader.all_html()
    assert len(pages) > 10, f"only {len(pages)} HTML pages in the build"
    for path in pages:
        text = reader.page(str(path.relative_to(reader.root))).get_text()
        assert not re.search(r"\[@[a-z0-9-]+", text), f"{path}: a citation reached readers as text"
