"""The page head's scholarly metadata, from a page's citation record (data/pagemeta.py):
Highwire Press tags as Google Scholar and Zotero read them (one citation_reference per work
the page cites), Dublin Core, OpenGraph, and schema.org JSON-LD."""
import json

from . import ogcard
from .pagemeta import inverted_name
from .unconfirmed import asserted


def meta_tags(record, cited, unconfirmed=frozenset()) -> list:
    """Highwire has no editor tag; the editors answer for every page, so they are named.
    A tag cannot show an [unconfirmed] flag: values in `unconfirmed` are left out.

    Google Scholar includes a page only with a citation_author, written "Family, Given". A
    group's name is written the same way with nothing after the comma ("Reference edition
    editors,"): Zotero's Embedded Metadata translator (processHighwireCreators) passes a name
    holding a comma to ZU.cleanAuthor with useComma, which trims the trailing comma and, finding
    no second part, keeps the whole name as the family name: one creator, not a person split at
    the last space ("editors, Reference edition", as a name without a comma is read).
    DC.creator names people only (Zotero's RDF translator would split a group at its last
    space; with citation_author present, Zotero takes the creators from Highwire). No
    citation_journal_title (it makes Zotero and Scholar read a journal article): the venue is
    citation_publisher (Scholar's tag for items that are not journal papers) and og:site_name,
    which Zotero takes as the website title when og:type is "website" (its web page type)."""
    s = record.settings
    people = [a for a in s.authors if "literal" not in a]
    tags = [("citation_title", record.title)]
    tags += [("citation_author", highwire_name(a)) for a in s.authors]
    if record.first_published:
        tags.append(("citation_publication_date", record.first_published.strftime("%Y/%m/%d")))
    if s.version.date:
        tags.append(("citation_online_date", s.version.date.strftime("%Y/%m/%d")))
    tags += [("citation_publisher", s.publisher), ("citation_public_url", record.url),
             ("citation_abstract_html_url", record.url), ("citation_language", s.language)]
    tags += [("citation_reference", _reference_tag(r, unconfirmed)) for r in cited]
    tags += [("DC.title", record.title)] + [("DC.creator", inverted_name(a)) for a in people]
    if record.issued:
        tags.append(("DC.date", record.issued.isoformat()))
    if record.first_published:
        tags.append(("DCTERMS.issued", record.first_published.isoformat()))
    tags += [("DC.publisher", s.publisher), ("DC.identifier", record.url),
             ("DC.type", "Dataset" if record.kind == "Dataset" else "Text"),
             ("DC.format", "text/html"), ("DC.language", s.language)]
    if s.license:
        tags.append(("DC.rights", s.license))
    if s.doi:
        tags += [("citation_doi", s.doi), ("DC.identifier", f"doi:{s.doi}")]
    return [(name, value) for name, value in tags if value not in unconfirmed]


def highwire_name(name: dict) -> str:
    """A person "Family, Given"; a group "Name," (a family name with no given name)."""
    return name["literal"] + "," if "literal" in name else inverted_name(name)


def open_graph(record) -> list:
    """OpenGraph (<meta property=...>): "website" is OGP's type for any page that is not an
    article, book or profile; Zotero's RDF translator maps it to a web page, above Highwire's
    guess of a journal article from citation_title alone."""
    s = record.settings
    return [("og:type", "website"), ("og:site_name", s.site_name), ("og:title", record.title),
            ("og:url", record.url),
            # the site's card, drawn at build time (data/ogcard.py); OGP asks for an absolute URL
            ("og:image", s.site_url + ogcard.PATH), ("og:image:type", ogcard.MEDIA_TYPE),
            ("og:image:width", str(ogcard.WIDTH)), ("og:image:height", str(ogcard.HEIGHT)),
            ("og:image:alt", ogcard.alt_text(s.site_name))]


def _reference_tag(ref, unconfirmed=frozenset()):
    """Google Scholar's form: citation_title=...; citation_author=...; ..."""
    parts = [("citation_title", ref.fields["title"])]
    parts += [("citation_author", p.replace("{", "").replace("}", "")) for p in ref.persons.get("author", [])]
    if not ref.persons.get("author") and ref.fields.get("institution"):
        parts.append(("citation_author", ref.fields["institution"]))
    if ref.fields.get("year"):
        parts.append(("citation_publication_date", ref.fields["year"]))
    container = ref.fields.get("journal") or ref.fields.get("howpublished")
    if container:
        parts.append(("citation_journal_title" if ref.fields.get("journal") else "citation_publisher", container))
    if ref.type == "techreport":
        parts += [("citation_technical_report_institution", ref.fields["institution"])]
        if ref.fields.get("number"):
            parts.append(("citation_technical_report_number", ref.fields["number"]))
    if ref.url:
        parts.append(("citation_public_url", ref.url))
    return "; ".join(f"{k}={v.replace(';', ',')}" for k, v in parts if v not in unconfirmed)


DOWNLOADS = (("refs.bib", "application/x-bibtex"), ("refs.json", "application/vnd.citationstyles.csl+json"),
             ("refs-biblatex.bib", "application/x-bibtex"))


def _agent(a):
    if "literal" in a:
        return {"@type": "Organization", "name": a["literal"]}
    return {"@type": "Person", "familyName": a["family"], "givenName": a.get("given", ""),
            "name": f"{a.get('given', '')} {a['family']}".strip()}


def json_ld(record, cited, description=None, article=None, term_code=None, unconfirmed=frozenset()) -> str:
    """schema.org JSON-LD, every type and property as the vocabulary defines them (release
    30.0, checked by tests/test_jsonld_schemaorg.py). It cannot show an [unconfirmed] flag, so
    values in `unconfirmed` are left out.

    The page is the CreativeWork: a glossary page is a WebPage whose mainEntity is the
    DefinedTerm (a DefinedTerm has no author, version or citation). Creators take the
    properties that accept them: a group is an Organization, so the editors are the author
    of the edition's own pages and a contributor of the article (editor takes a Person only),
    whose author is the original's, as seeds/*.meta.yml records them."""
    s = record.settings
    editors = [_agent(a) for a in s.authors]
    kind = "WebPage" if record.kind == "DefinedTerm" else record.kind
    data = {"@context": "https://schema.org", "@type": kind, "name": record.title, "url": record.url,
            "inLanguage": s.language,
            "publisher": {"@type": "Organization", "name": s.publisher},
            "isPartOf": {"@type": "WebSite", "name": s.site_name, "url": s.site_url}}
    if record.kind == "ScholarlyArticle":
        # the article's words are not the editors': the original's authors wrote it (its
        # condensation carries no byline), the editors contributed the edition around it
        data["author"] = [{"@type": "Person", "name": n} for n in article["original"]["authors"]]
        data["contributor"] = editors
    else:
        data["author"] = editors
    if record.first_published:
        data["datePublished"] = record.first_published.isoformat()
    if s.version.date:
        data["dateModified"] = s.version.date.isoformat()
    if s.version.commit:
        data["version"] = s.version.label
    if record.version_url:
        data["archivedAt"] = record.version_url  # this version, at its permanent address
    if s.license:
        data["license"] = s.license
    if s.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": s.doi}
        data["sameAs"] = f"https://doi.org/{s.doi}"
    if description:
        data["description"] = description
    if cited:
        data["citation"] = [{"@type": "CreativeWork", "name": r.fields["title"], **({"url": r.url} if r.url else {})}
                            for r in cited]
    if record.kind == "ScholarlyArticle":
        meta = article  # the seed's provenance (seeds/*.meta.yml)
        data["headline"] = record.title
        data["isBasedOn"] = [
            {"@type": "Article", "name": meta["original"]["title"],
             **({"url": meta["original"]["url"]} if meta["original"].get("url") else {}),   # none while unconfirmed
             "author": [{"@type": "Person", "name": n} for n in meta["original"]["authors"]],
             "publisher": {"@type": "Organization", "name": meta["original"]["publisher"]}},
            {"@type": "Article", "name": record.title, "url": meta["this_text"]["url"],
             "datePublished": meta["this_text"]["date"].isoformat(),
             "publisher": {"@type": "Organization", "name": meta["this_text"]["publisher"]}}]
    elif record.kind == "Dataset":
        # the entries themselves, as published by pages/bibliography_page.py (data/bibexport.py)
        data["distribution"] = [{"@type": "DataDownload", "encodingFormat": media, "contentUrl": s.site_url + name}
                                for name, media in DOWNLOADS]
    elif record.kind == "DefinedTerm":
        data["mainEntity"] = {"@type": "DefinedTerm", "name": record.title, "termCode": term_code, "url": record.url,
                              "inDefinedTermSet": {"@type": "DefinedTermSet", "name": "Glossary",
                                                   "url": s.site_url + "glossary/"}}
    # Inside <script>, "</script>" ends it and "<!--" changes how the rest is parsed: no <, >
    # or & reaches the HTML; JSON reads the \u escapes as the same characters.
    text = json.dumps(asserted(data, unconfirmed), ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
