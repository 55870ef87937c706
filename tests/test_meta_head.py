"""Page head metadata for reference managers and search engines (Highwire Press tags as
Google Scholar and Zotero read them, Dublin Core, JSON-LD), and the version of every page."""
import json
import re
import subprocess

from conftest import ROOT


def metas(doc, name):
    return [m["content"] for m in doc.select(f'head meta[name="{name}"]')]


def heading(doc):
    return doc.select_one("article h1").find(string=True, recursive=False).strip()


def json_ld(doc):
    """The page's own JSON-LD record (an article also carries a list of ClaimReviews: test_reviews.py)."""
    records = [json.loads(s.string) for s in doc.select('head script[type="application/ld+json"]')]
    (record,) = [r for r in records if isinstance(r, dict)]
    return record


def test_article_highwire_and_dublin_core(reader):
    doc = reader.page("article/")
    assert metas(doc, "citation_title") == [heading(doc)]
    assert re.fullmatch(r"\d{4}/\d\d/\d\d", metas(doc, "citation_publication_date")[0])
    canonical = doc.select('link[rel="canonical"]')
    assert len(canonical) == 1                        # Material's, not duplicated
    assert metas(doc, "citation_public_url") == [canonical[0]["href"]] == metas(doc, "DC.identifier")
    assert metas(doc, "citation_language") == ["en"] and metas(doc, "citation_publisher")
    for name in ("DC.title", "DC.date", "DC.publisher", "DC.type"):   # DC.creator: people only (below)
        assert metas(doc, name), f"article/ has no <meta name={name!r}>"


def og(doc, name):
    return [m["content"] for m in doc.select(f'head meta[property="{name}"]')]


def test_a_group_author_is_one_creator_and_the_page_is_a_web_page_with_its_site(reader):
    """Google Scholar includes a page only with a citation_author; Zotero's Embedded Metadata
    translator reads an author tag holding a comma as "Family, Given" (ZU.cleanAuthor with
    useComma) and splits one without a comma at the last space (a person "editors, Reference
    edition"): the group is "Reference edition editors," (one name, no given name), never a
    DC.creator or <meta name="author"> (split the same way). citation_title alone reads as a
    journal article: og:type says web page, og:site_name and citation_publisher name the site;
    no page says citation_journal_title."""
    site = reader.page("").select_one("head title")
    for url in ("", "article/", "bibliography/", "glossary/"):
        doc = reader.page(url)
        assert metas(doc, "citation_author") == ["Reference edition editors,"], url
        for name in ("DC.creator", "author", "citation_journal_title"):
            assert metas(doc, name) == [], (url, name)
        assert og(doc, "og:type") == ["website"] and og(doc, "og:title") == metas(doc, "citation_title"), url
        assert og(doc, "og:site_name") == metas(doc, "citation_publisher") == metas(doc, "DC.publisher"), url
        assert og(doc, "og:site_name")[0] in site.get_text() and og(doc, "og:url") == metas(doc, "citation_public_url")
        authors = json_ld(doc)["contributor" if url == "article/" else "author"]
        assert authors == [{"@type": "Organization", "name": "Reference edition editors"}], url


def zotero_clean_author(author: str, use_comma: bool) -> dict:
    """Zotero's ZU.cleanAuthor (zotero/utilities, utilities.js) as far as it splits a name:
    edge punctuation trimmed, then "Last, First" at the comma or "First Last" at the last space."""
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author))
    if use_comma:
        parts = re.split(r"[,،] ?", author)
        return {"lastName": parts[0], "firstName": parts[1] if len(parts) > 1 else None}
    space = author.rfind(" ")
    return {"lastName": author[space + 1:], "firstName": author[:space]}


def test_people_are_citation_authors_family_first_and_a_group_one_name():
    from mkdocs.config import load_config
    from reference_edition.data.headmeta import meta_tags
    from reference_edition.data.pagemeta import Record, Settings
    from reference_edition.features.cite_this_page import settings_of
    base = settings_of(load_config(str(ROOT / "mkdocs.yml")))
    s = Settings(**{**base.__dict__, "authors": ({"family": "Doe", "given": "Jane"},
                                                 {"literal": "Reference edition editors"})})
    tags = meta_tags(Record("x", "T", "https://example.org/t/", "t/", "WebPage", s), [])
    authors = [v for k, v in tags if k == "citation_author"]
    assert authors == ["Doe, Jane", "Reference edition editors,"]
    assert [v for k, v in tags if k == "DC.creator"] == ["Doe, Jane"]
    # as Zotero's Embedded Metadata translator reads them (processHighwireCreators: useComma
    # when the name holds a comma): a person and one creator named as a whole
    assert [zotero_clean_author(a, "," in a) for a in authors] == [
        {"lastName": "Doe", "firstName": "Jane"}, {"lastName": "Reference edition editors", "firstName": None}]


def test_article_has_a_citation_reference_for_each_work_cited(reader):
    doc = reader.page("article/")
    cited = {a["href"].rsplit("#", 1)[1] for a in doc.select("article a.cite")}
    refs = metas(doc, "citation_reference")
    assert cited and len(refs) == len(cited)
    assert all(r.startswith("citation_title=") and "{" not in r for r in refs)
    assert any("citation_author=Gohel, Sajjan M." in r for r in refs)


def test_every_page_lists_exactly_the_works_it_cites(reader):
    checked = citing = 0
    for path in reader.all_html():
        rel = str(path.relative_to(reader.root))
        doc = reader.page(rel)
        if not doc.select_one("section#cite-this-page") or rel.startswith("bibliography"):
            continue
        cited = {a["href"].rsplit("#", 1)[1] for a in doc.select("article a.cite")}
        refs = metas(doc, "citation_reference")
        assert len(refs) == len(cited), f"{rel}: {len(refs)} citation_reference tags for {len(cited)} works cited"
        checked, citing = checked + 1, citing + bool(cited)
    assert checked > 10 and citing > 5, (f"only {checked} pages with section#cite-this-page, {citing} of them citing: "
                                         "has the selector stopped matching?")


def test_article_json_ld_is_a_scholarly_article_based_on_the_original(reader, seed_article):
    data = json_ld(reader.page("article/"))
    assert data["@type"] == "ScholarlyArticle" and data["headline"] == seed_article.title
    based = {b["name"] for b in data["isBasedOn"]} | {b.get("url") for b in data["isBasedOn"]}
    # the original is named; its address is left out while refs.bib flags it unconfirmed (test_unconfirmed.py)
    assert seed_article.meta["original"]["title"] in based and seed_article.meta["this_text"]["url"] in based
    assert data["citation"] and data["version"] and "contributor" in data and "editor" not in data


def test_bibliography_is_a_dataset_whose_entries_are_its_downloads(reader):
    """The page's own record: its entries are the files its JSON-LD names, not a citation_reference
    or a JSON-LD citation each (at 5,000 entries they weighed 1.9 MB of <head>)."""
    doc = reader.page("bibliography/")
    data = json_ld(doc)
    assert data["@type"] == "Dataset"
    downloads = {d["contentUrl"].rsplit("/", 1)[1]: d["encodingFormat"] for d in data["distribution"]}
    assert downloads == {"refs.bib": "application/x-bibtex", "refs.json": "application/vnd.citationstyles.csl+json",
                         "refs-biblatex.bib": "application/x-bibtex"}, downloads
    assert all((reader.root / name).is_file() for name in downloads), downloads
    assert doc.select(".bib-entry[id]"), "no entries on /bibliography/: has the selector stopped matching?"
    assert metas(doc, "citation_reference") == [] and "citation" not in data
    assert metas(doc, "DC.type") == ["Dataset"]


def test_glossary_entry_is_a_page_about_a_defined_term(reader):
    entry = sorted((reader.root / "glossary").glob("*/index.html"))[0]
    doc = reader.page(str(entry.parent.relative_to(reader.root)) + "/")
    data = json_ld(doc)
    assert data["@type"] == "WebPage" and data["mainEntity"]["@type"] == "DefinedTerm"
    assert data["mainEntity"]["termCode"] == entry.parent.name
    assert data["name"] == data["mainEntity"]["name"] == metas(doc, "citation_title")[0] == heading(doc)
    assert data["mainEntity"]["inDefinedTermSet"]["url"].endswith("/glossary/")


def test_other_pages_are_web_pages(reader):
    for url in ("", "how-to-cite/", "claims/", "glossary/"):
        assert json_ld(reader.page(url))["@type"] == "WebPage", url


def expected_version():
    run = lambda *a: subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True).stdout.strip()
    return run("describe", "--tags", "--exact-match", "HEAD") or run("rev-parse", "HEAD")[:7]


def test_every_page_shows_its_version_and_permanent_address(reader):
    version = expected_version() or "unversioned"   # a source tarball is not a git checkout
    assert json.loads((reader.root / "version.json").read_text())["version"] == version
    pages = reader.all_html()
    assert len(pages) > 10
    for path in pages:
        rel = path.relative_to(reader.root)
        if rel.parts[0] in ("assets", "search") or rel.name == "404.html":
            continue
        line = reader.page(str(rel)).select_one("section#cite-this-page .cite-version")
        assert line is not None, f"{rel}: no version line (section#cite-this-page .cite-version)"
        if version == "unversioned":
            assert "Unversioned build" in line.get_text() and not line.select("a"), rel
            continue
        label = line.select_one(".cite-version__label")
        assert label is not None and version in label.get_text(), f"{rel}: version {version} not in .cite-version__label"
        permanent = line.select_one("a.cite-version__url")
        assert permanent is not None and version in permanent["href"], f"{rel}: no permanent address with {version}"


def test_every_page_has_an_opengraph_card_drawn_at_build_time(reader):
    """og:image: the PNG data/ogcard.py draws from the site's name, in the built site, at the
    size its tags state; small, and named by an absolute address as OGP asks."""
    from PIL import Image
    card = reader.root / "assets" / "og-card.png"
    with Image.open(card) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    assert card.stat().st_size < 30_000
    for url in ("", "article/", "bibliography/", "glossary/", "glossary/bayah/"):
        doc = reader.page(url)
        (address,) = og(doc, "og:image")
        assert re.fullmatch(r"https?://.+/assets/og-card\.png", address) and og(doc, "og:url")[0].startswith(
            address[:-len("assets/og-card.png")]), (url, address)
        assert og(doc, "og:image:width") == ["1200"] and og(doc, "og:image:height") == ["630"], url
        assert og(doc, "og:image:type") == ["image/png"] and og(doc, "og:image:alt"), url


def test_the_card_is_the_same_for_the_same_name_and_wraps_a_long_one():
    import io
    from PIL import Image
    from reference_edition.data.ogcard import card_png
    assert card_png("A name") == card_png("A name") != card_png("Another name")
    with Image.open(io.BytesIO(card_png("A very long site name " * 6))) as image:
        assert image.size == (1200, 630)
