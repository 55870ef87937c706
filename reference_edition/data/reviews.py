"""The verdicts in machine-readable forms, from the edition model (no MkDocs):

- schema.org ClaimReview, one per claim, as JSON-LD in the article page's head (fact-checkers'
  vocabulary, read by search engines and claim databases);
- W3C Web Annotations (Web Annotation Data Model), one per claim, as one AnnotationCollection
  beside the article (<article>/annotations.jsonld), so annotation tools can anchor the
  verdicts on the page: each targets the paragraph (FragmentSelector) and the claim's words
  (TextQuoteSelector with prefix and suffix from the seed text).

The numeric scale of reviewRating is the verdict table's (data/verdicts.py), documented on the
method page."""
import json

from markupsafe import Markup

from .safe_html import CITATION, CITATION_ITEM, CITATION_ITEMS, INTO_HTML, MARKDOWN, safe_html
from .verdicts import BEST, WORST
CONTEXT = 32          # characters of the seed before and after a quote (prefix, suffix)


def plain_note(note: str, refs) -> str:
    """A claim note (Markdown with citations) as plain text, each citation group read as
    "(Label, locator; …)": converted through the one door (data/safe_html.py), its tags removed."""
    html_note = str(safe_html(note, MARKDOWN, INTO_HTML))
    def group(m):
        parts = []
        for item in CITATION_ITEMS.split(m["body"]):
            i = CITATION_ITEM.match(item)
            if not i or i["key"] not in refs:   # not a citation (e.g. text in code): as written
                return m[0]
            label = Markup(refs[i["key"]].label).striptags()
            parts.append(label + (f", {i['locator']}" if i["locator"] else ""))
        return "(" + "; ".join(parts) + ")"
    return " ".join(Markup(CITATION.sub(group, html_note)).striptags().split())


def _editors(settings, type_key="@type") -> list:
    """The edition's editors as schema.org ("@type") or Web Annotation ("type") agents."""
    return [{type_key: "Organization", "name": a["literal"]} if "literal" in a else
            {type_key: "Person", "name": f"{a.get('given', '')} {a['family']}".strip()} for a in settings.authors]


def claim_reviews(article, settings, page_url: str, refs) -> list:
    """schema.org ClaimReview for every claim of the article (page_url: its absolute address)."""
    meta = article.text.meta
    reviews = []
    for c in article.claims:
        rating = {"@type": "Rating", "alternateName": c.verdict_label}
        if c.verdict_of.rating is not None:   # "not found" and "opinion" are not degrees of truth
            rating |= {"ratingValue": c.verdict_of.rating, "bestRating": BEST, "worstRating": WORST}
        review = {
            "@context": "https://schema.org", "@type": "ClaimReview",
            "url": f"{page_url}#{c.id}",
            "claimReviewed": c.quote,
            "itemReviewed": {
                "@type": "Claim",
                "author": [{"@type": "Person", "name": n} for n in meta["original"]["authors"]],
                "appearance": {"@type": "CreativeWork", "url": f"{page_url}#p{c.para}",
                               "headline": article.title},
                "datePublished": meta["this_text"]["date"].isoformat()},
            "author": _editors(settings),
            "reviewRating": rating,
            "reviewBody": plain_note(c.note, refs),
        }
        if settings.first_published:
            review["datePublished"] = settings.first_published.isoformat()
        if c.corrections:
            review["dateModified"] = c.corrections[-1].date.isoformat()
        reviews.append(review)
    return reviews


def annotations(article, settings, page_url: str, collection_url: str, refs) -> dict:
    """One W3C Web Annotation per claim, in an AnnotationCollection with one page."""
    items = []
    for c in article.claims:
        paragraph = article.text.paragraphs[c.para - 1]
        sources = [{"id": refs[s.key].url, "type": "Text", "purpose": "linking"}
                   for s in c.sources if s.key in refs and refs[s.key].url]
        items.append({
            "id": f"{collection_url}#{c.id}",
            "type": "Annotation",
            "motivation": "assessing",
            "creator": _editors(settings, "type"),
            **({"created": settings.first_published.isoformat()} if settings.first_published else {}),
            **({"modified": c.corrections[-1].date.isoformat()} if c.corrections else {}),
            "body": [
                {"type": "TextualBody", "purpose": "classifying", "value": c.verdict_label, "format": "text/plain"},
                {"type": "TextualBody", "purpose": "commenting", "value": plain_note(c.note, refs),
                 "format": "text/plain", "language": "en"},
                *sources],
            "target": {
                "source": page_url,
                "selector": [
                    {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986",
                     "value": f"p{c.para}"},
                    {"type": "TextQuoteSelector", "exact": c.quote,
                     "prefix": paragraph[max(0, c.start - CONTEXT):c.start],
                     "suffix": paragraph[c.end:c.end + CONTEXT]}]},
        })
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": f"The editors' verdicts on the claims of “{article.title}”",
        "total": len(items),
        "first": {"id": f"{collection_url}#page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def script_json(data) -> str:
    """JSON for a <script type="application/ld+json"> element: no <, > or & reaches the HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
