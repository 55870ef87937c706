"""The verdicts as data (issue 21, items 1 and 2): schema.org ClaimReview in the article's head
and the W3C Web Annotation collection beside it, checked on the built site against the claims
file and the seed, and against what Google's ClaimReview documentation marks as required
(claimReviewed, reviewRating with alternateName, url)."""
import json

import pytest

from reference_edition.data.verdicts import BEST, VERDICTS, WORST

ARTICLE = "article/"


@pytest.fixture(scope="module")
def claims():
    import yaml
    from conftest import ROOT
    return yaml.safe_load((ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.claims.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reviews(reader):
    blocks = [json.loads(s.string) for s in reader.page(ARTICLE).select('head script[type="application/ld+json"]')]
    found = [r for b in blocks if isinstance(b, list) for r in b if r.get("@type") == "ClaimReview"]
    assert found, "no ClaimReview JSON-LD in the article's head"
    return found


def test_one_claim_review_per_claim(reviews, claims):
    assert sorted(r["url"].rsplit("#", 1)[1] for r in reviews) == sorted(c["id"] for c in claims)


def test_claim_reviews_have_what_google_requires(reviews, claims, reader):
    by_id = {c["id"]: c for c in claims}
    doc = reader.page(ARTICLE)
    for r in reviews:
        claim = by_id[r["url"].rsplit("#", 1)[1]]
        assert r["claimReviewed"] == claim["quote"], f"{claim['id']}: claimReviewed is not the quote"
        rating = r["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"], f"{claim['id']}: no verdict label"
        value = VERDICTS[claim["verdict"]].rating
        assert rating.get("ratingValue") == value, f"{claim['id']}: ratingValue {rating.get('ratingValue')} for {claim['verdict']}"
        if value is not None:
            assert (rating["bestRating"], rating["worstRating"]) == (BEST, WORST)
        assert r["author"] and all(a["@type"] in ("Organization", "Person") for a in r["author"])
        item = r["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"], f"{claim['id']}: the claim's author is missing"
        para = item["appearance"]["url"].rsplit("#", 1)[1]
        assert para == claim["id"].split("-")[0], f"{claim['id']}: appearance points at #{para}"
        assert doc.find(id=para) and doc.find(id=claim["id"]), f"{claim['id']}: an anchor is missing on the page"
        if claim.get("corrections"):
            assert r["dateModified"] == str(claim["corrections"][-1]["date"])


def test_web_annotations_anchor_on_the_seed_text(site, claims, seed_article):
    collection = json.loads((site / ARTICLE / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection["type"] == "AnnotationCollection" and "anno.jsonld" in collection["@context"]
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(claims)
    by_id = {c["id"]: c for c in claims}
    for a in items:
        claim = by_id[a["id"].rsplit("#", 1)[1]]
        assert a["motivation"] == "assessing"
        fragment, quote = a["target"]["selector"]
        paragraph = seed_article.paragraphs[int(fragment["value"][1:]) - 1]
        assert fragment["type"] == "FragmentSelector" and fragment["value"] == claim["id"].split("-")[0]
        assert quote["exact"] == claim["quote"]
        assert quote["prefix"] + quote["exact"] + quote["suffix"] in paragraph, f"{claim['id']}: selector not in the seed"
        labels = [b["value"] for b in a["body"] if b.get("purpose") == "classifying"]
        assert labels and labels[0], f"{claim['id']}: no verdict in the body"
        assert "[@" not in json.dumps(a["body"]), f"{claim['id']}: citation syntax left in the note"


def test_method_page_documents_the_scale_and_links_the_collection(reader):
    section = reader.page("method/").find(id="verdicts-as-data")
    assert section is not None, "no 'The verdicts as data' section on /method/"
    text = " ".join(section.find_next("ul").get_text(" ", strip=True).split())
    for v in VERDICTS.values():
        if v.rating is not None:
            assert f"{v.rating} for “{v.label}”" in text, f"the method page does not give the rating of {v.id}"
    assert section.find_next("ul").select_one('a[href$="article/annotations.jsonld"]'), "no link to the annotations"


def test_article_links_its_annotations(reader, site):
    links = reader.page(ARTICLE).select('#about a[href$="annotations.jsonld"]')
    assert links, "the article's About box does not link its Web Annotations"
    assert (site / ARTICLE / links[0]["href"]).is_file(), links[0]["href"]
