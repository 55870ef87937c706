"""One verdict table (reference_edition/data/verdicts.py) drives every use of a verdict: a
verdict added to the table, and nowhere else, reaches the claims files' schema, the badge, the
legend, the claims and method pages, the home page's counts and the verdicts as data; and the
badge's markup exists once (templates/verdict-badge.html.j2)."""
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build_site
from reference_edition.data import schema, verdicts
from reference_edition.data.errors import DataError
from reference_edition.data.verdicts import BEST, VERDICTS, WORST, Verdict
from sites import make_site

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "two-articles"
BADGE = ROOT / "reference_edition" / "templates" / "verdict-badge.html.j2"
# A verdict no file of the edition knows: every place it shows up came from the table.
DISPUTED = Verdict("disputed", "Disputed among the sources", "◆", "fixture legend line for the added verdict.",
                   "Fixture definition of the added verdict, long enough to read as a definition.", 2, True)


@pytest.fixture
def added(monkeypatch):
    monkeypatch.setitem(VERDICTS, DISPUTED.id, DISPUTED)
    return DISPUTED


def test_every_rating_is_on_the_scale_and_every_row_complete():
    assert VERDICTS, "the verdict table is empty"
    for v in VERDICTS.values():
        assert v.rating is None or WORST <= v.rating <= BEST, f"{v.id}: rating {v.rating} is off the {WORST}-{BEST} scale"
        assert schema.SLUG.match(v.id), f"{v.id!r}: a verdict id is a CSS class and an anchor: lower-case words and hyphens"
        assert v.label and v.symbol and v.legend and v.definition, f"{v.id}: a field of its row is empty"
    symbols = [v.symbol for v in VERDICTS.values()]
    assert len(set(symbols)) == len(symbols), f"two verdicts share a symbol (shape carries the verdict): {symbols}"


def test_every_verdict_has_its_colour_in_the_stylesheet():
    css = (ROOT / "docs" / "assets" / "stylesheets" / "edition.css").read_text(encoding="utf-8")
    for v in VERDICTS.values():
        assert f".{v.css_class} {{ color: var(--verdict-{v.id}); }}" in css, f"edition.css gives {v.id} no colour"


def test_the_badge_markup_exists_once():
    """No template, theme override or module writes a verdict badge but the partial."""
    badge = re.compile(r"verdict__symbol|class=\"verdict[ \"]|verdict verdict--")
    files = [p for folder in ("reference_edition", "overrides") for p in (ROOT / folder).rglob("*")
             if p.suffix in (".j2", ".html", ".py") and p != BADGE]
    assert len(files) > 20, f"only {len(files)} files searched: the folders moved?"
    copies = [f"{p.relative_to(ROOT)}:{n}" for p in files
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if badge.search(line)]
    assert not copies, f"verdict badge markup outside {BADGE.name} (use its badge() macro): {copies}"
    assert badge.search(BADGE.read_text(encoding="utf-8")), "the pattern no longer matches the badge itself"


def test_the_schema_reads_the_table(added):
    record = {"id": "p1-c1", "quote": "q", "verdict": added.id, "sources": [{"key": "k"}], "note": "n"}
    assert schema.ClaimsFile.model_validate([record]).root[0].verdict == added.id
    correction = {"date": "2026-12-01", "from": "supported", "to": added.id, "why": "w"}
    assert schema.Correction.model_validate(correction, strict=False).to == added.id


def test_the_schema_names_every_verdict_of_the_table_when_one_is_wrong(tmp_path, added):
    with pytest.raises(DataError) as err:
        schema.validate(schema.ClaimsFile, [{"id": "p1-c1", "quote": "q", "verdict": "maybe", "note": "n"}],
                        None, tmp_path / "x.claims.yml")
    message = str(err.value)
    assert "claim p1-c1: verdict:" in message and "'maybe'" in message, message
    assert all(repr(v) in message for v in VERDICTS), f"the message does not list every verdict: {message}"


@pytest.mark.build
def test_a_verdict_added_to_the_table_reaches_every_page(tmp_path, added):
    """A fixture site whose claim 1.1 has the added verdict (changed to it by a correction)."""
    shutil.copytree(FIXTURE / "seeds", tmp_path / "seeds")
    shutil.copytree(FIXTURE / "glossary", tmp_path / "glossary")
    claims = tmp_path / "seeds" / "fixture-one.claims.yml"
    records = yaml.safe_load(claims.read_text(encoding="utf-8"))
    records[0] |= {"verdict": added.id, "corrections": [{"date": dt.date(2026, 12, 4), "from": "supported", "to": added.id,
                                                         "why": "Fixture change to the added verdict."}]}
    claims.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    config = make_site(tmp_path, {"index.md": "# Fixture home\n\n[[edition:verdicts]]\n"},
                       bib=(FIXTURE / "refs.bib").read_text(encoding="utf-8"), glossary="glossary",
                       articles=[{"seed": f"seeds/{s}.txt", "claims": f"seeds/{s}.claims.yml"}
                                 for s in ("fixture-one", "fixture-two")])
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["theme"] = {"name": "material", "custom_dir": str(ROOT / "overrides")}   # prints ClaimReview
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    site = build_site(config, tmp_path / "site")

    def page(path):
        return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")

    def assert_badge(node, where, label=added.label):
        assert node is not None, f"{where}: no badge of the added verdict"
        assert node.select_one(".verdict__symbol").get_text() == added.symbol, f"{where}: not its symbol"
        assert node.get_text(" ", strip=True) == f"{added.symbol} {label}", f"{where}: {node.get_text()!r}"

    badge = f".verdict.{added.css_class}"
    article = page("fixture-one")
    assert_badge(article.select_one(f"#note-p1-c1 {badge}"), "article, the claim's note")
    assert_badge(article.select_one(f".verdict-legend {badge}"), "article, the legend")
    assert added.legend in article.select_one(".verdict-legend").get_text(), "the legend lacks the added line"
    mark = article.select_one("a.claim-mark#p1-c1")
    assert mark["data-verdict"] == added.id and mark.select_one(".claim-mark__symbol").get_text() == added.symbol
    claims_page = page("claims")
    row = claims_page.select_one("tr#claim-p1-c1")
    assert_badge(row.select_one(badge) if row else None, "claims table, the claim's row")
    total = claims_page.select_one(f".verdict-totals {badge}")
    assert_badge(total, "claims page, the totals")
    assert total.find_parent("tr").select("td")[-1].get_text() == "1", "the added verdict's total is not 1"
    method = page("method")
    term = method.select_one(f"dl.verdict-definitions > dt#verdict-{added.id}")
    assert_badge(term.select_one(badge) if term else None, "method page, the definitions")
    assert term.find_next_sibling("dd").get_text(strip=True) == added.definition
    scale = " ".join(method.select_one("#verdicts-as-data").find_next("ul").get_text(" ", strip=True).split())
    assert f"{added.rating} for “{added.label}”" in scale, f"the rating scale leaves out the added verdict: {scale}"
    change = method.select_one(f".corrections-log [data-verdict-to='{added.id}']")
    assert_badge(change, "method page, the corrections log")
    home = page("")
    assert_badge(home.select_one(f"ul.verdict-counts a{badge}"), "home page, the counts", f"1 {added.label.lower()}")
    reviews = [r for s in article.select('script[type="application/ld+json"]') for r in json.loads(s.string)
               if isinstance(r, dict) and r.get("@type") == "ClaimReview"]
    rating = next(r["reviewRating"] for r in reviews if r["url"].endswith("#p1-c1"))
    assert (rating["alternateName"], rating["ratingValue"]) == (added.label, added.rating), rating
    collection = json.loads((site / "fixture-one" / "annotations.jsonld").read_text(encoding="utf-8"))
    note = next(a for a in collection["first"]["items"] if a["id"].endswith("#p1-c1"))
    assert {"type": "TextualBody", "purpose": "classifying", "value": added.label, "format": "text/plain"} in note["body"]
