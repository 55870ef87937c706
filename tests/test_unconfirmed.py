"""Unconfirmed details (reference_edition/data/unconfirmed.py,
reference_edition/features/unconfirmed_flags.py): refs.bib's `unconfirmed` items are read by their
grammar, references say which values they show unconfirmed, every flagged value reads
"VALUE [unconfirmed]" wherever the site shows it, head metadata leaves such values out, and the
build fails where one appears without the flag."""
import json
import logging
import re
import textwrap

import pytest
import yaml
from mkdocs.exceptions import Abort, PluginError

from conftest import ROOT, build_site
from reference_edition.data import unconfirmed, unconfirmed_field, yamlfile
from reference_edition.data.bib import load_bibliography
from reference_edition.data.errors import DataError
from reference_edition.data.seed import Article, bib_keys, load_article
from sites import MINI_BIB, make_site

SEED = ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.txt"
META = SEED.with_suffix(".meta.yml")


def _seed_with(tmp_path, items):
    """A copy of the real seed, x.txt, whose meta.yml's `unconfirmed:` list is `items` (YAML);
    (seed path, line of `unconfirmed:` in x.meta.yml)."""
    seed = tmp_path / "x.txt"
    seed.write_bytes(SEED.read_bytes())
    head = META.read_text(encoding="utf-8").split("\nunconfirmed:\n")[0] + "\n"
    (tmp_path / "x.meta.yml").write_text(head + "unconfirmed:\n" + items, encoding="utf-8")
    return seed, head.count("\n") + 1


def _meta_only(meta):
    """An Article holding only a meta.yml (check_meta reads no more of it)."""
    data, node = yamlfile.load_file(meta)
    return Article(meta.with_name("x.txt"), "", (), "", data, meta_node=node)

# ------------------------------------------------------------------ the grammar


def test_items_of_the_grammar_are_read():
    items = unconfirmed_field.parse(
        'number "S/2023/370" (commonly cited by secondary sources; no copy of the report was seen); '
        "date (document date not seen); title (short form (from the letter); heading cut off); url")
    assert items == (
        unconfirmed_field.Item("number", "S/2023/370", "commonly cited by secondary sources; no copy of the report was seen"),
        unconfirmed_field.Item("date", None, "document date not seen"),
        unconfirmed_field.Item("title", None, "short form (from the letter); heading cut off"),
        unconfirmed_field.Item("url", None, ""))
    assert unconfirmed_field.parse("") == ()
    assert unconfirmed_field.parse("status-of-listing (withdrawn?)")[0].what == "status-of-listing"
    assert str(items[0]) == "number “S/2023/370” — commonly cited by secondary sources; no copy of the report was seen"


@pytest.mark.parametrize("text, says", [
    ("month and day", "after 'month' comes 'and day'"),
    ("publication date (read from the URL)", "after 'publication' comes 'date (read from the URL)'"),
    ("Byline (none shown)", "does not start with WHAT"),
    ('number "S/2023/370 (never closed)', '"VALUE" is not closed'),
    ("date (not seen", "'(' is not closed"),
    ("date (x)) ", "')' without its '('"),
    ("byline; ; day", "item 2 is empty"),
    ("url (seen) elsewhere", "after 'url' comes '(seen) elsewhere'"),
    ('number "" (empty)', 'empty "VALUE"'),
])
def test_items_outside_the_grammar_are_refused(text, says):
    with pytest.raises(ValueError) as err:
        unconfirmed_field.parse(text)
    assert says in str(err.value)


BIB = textwrap.dedent("""\
    @misc{asia-2023,
      author = {{The Asia Live}},
      title = {What Happened},
      howpublished = {The Asia Live},
      year = {2023},
      month = dec,
      day = {1},
      url = {https://example.org/what/2023/12/01/}, urldate = {2024-01-01},
      kind = {article},
      unconfirmed = {byline (none shown); date (read from the URL path)},
      annote = {Seen; the date 1 December 2023 comes from the URL.},
    }

    @techreport{report-2023,
      author = {{A Monitoring Team}},
      institution = {{United Nations}},
      title = {Fourteenth Report},
      year = {2023},
      month = jun,
      kind = {un},
      unconfirmed = {number "S/2023/370" (commonly cited; no copy seen); day (not seen); url (no copy seen)},
      annote = {Known only from news reports, which give its symbol as S/2023/370.},
    }

    @misc{mirror-2022,
      author = {Doe, Jane},
      title = {A Page},
      howpublished = {Somewhere},
      year = {2022},
      url = {https://mirror.example.net/page},
      kind = {news},
      unconfirmed = {url (seen only as a link); author (byline abbreviated)},
      annote = {A page.},
    }
    """)


@pytest.fixture
def refs(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return load_bibliography(path)


def test_a_bad_item_in_refs_bib_names_line_key_and_form(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(BIB.replace("day (not seen)", "month and day of distribution"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_bibliography(path)
    message = str(err.value)
    assert "refs.bib:14:" in message and "'report-2023'" in message and "unconfirmed" in message
    assert "after 'month' comes 'and day of distribution'" in message and 'WHAT ["VALUE"] [(WHY)]' in message


def test_shown_items_are_fields_the_entry_has(refs):
    assert [i.what for i in unconfirmed.shown(refs["asia-2023"])] == ["date"]             # byline: not a field
    assert [i.what for i in unconfirmed.shown(refs["report-2023"])] == []                 # no number, day or url
    assert [i.what for i in unconfirmed.shown(refs["mirror-2022"])] == ["url", "author"]  # author is a person field
    assert [i.what for i in refs["report-2023"].unconfirmed] == ["number", "day", "url"]  # the property: all items


def test_references_say_what_they_show_unconfirmed(refs):
    assert refs["asia-2023"].html.endswith('<span class="unconfirmed-flag" title="Not confirmed: date — read from '
                                           'the URL path">[unconfirmed: date]</span>')
    assert refs["mirror-2022"].html.endswith(">[unconfirmed: url; author]</span>")
    assert "unconfirmed" not in refs["report-2023"].html
    # the flagged url is flagged inside the reference's link text, not in its href
    link = re.search(r'<a href="([^"]*)"[^>]*>(.*?)</a>', refs["mirror-2022"].html)
    assert link[1] == "https://mirror.example.net/page"
    assert link[2].startswith('<span class="unconfirmed" title="Unconfirmed: seen only as a link">'
                              "https://mirror.example.net/page <small>[unconfirmed]</small></span>")


def test_flagged_values(refs, tmp_path):
    seed, line = _seed_with(tmp_path, "  - what: wording\n    why: not compared\n"
                                      "  - what: subject\n    value: Members of the Network\n    why: later paragraphs not seen\n")
    flags = unconfirmed.flagged_values(refs, unconfirmed.meta_items(load_article(seed)))
    by_value = {f.value: f for f in flags}
    assert set(by_value) == {"1 December 2023", "December 1, 2023", "2023-12-01",   # (b) the date, day-precision
                             "S/2023/370",                                          # (a) an explicit VALUE
                             "https://mirror.example.net/page",                     # (c) a flagged url still shown
                             "Members of the Network"}                              # (d) meta.yml's own value
    assert by_value["S/2023/370"] == unconfirmed.Flag("S/2023/370", "commonly cited; no copy seen",
                                                      "refs.bib:14 (entry 'report-2023', number)", "report-2023", "number")
    assert by_value["2023-12-01"].source == "refs.bib:1 (entry 'asia-2023', date)"
    assert by_value["Members of the Network"].source == f"x.meta.yml:{line + 3}"
    # value-less items (byline, day, url of an entry without one, wording) are listed only


def test_meta_items_must_be_records(tmp_path):
    seed, line = _seed_with(tmp_path, "  - The byline (none shown).\n")
    with pytest.raises(DataError) as err:
        load_article(seed)
    assert f"x.meta.yml:{line + 1}: unconfirmed.0: should be a record" in str(err.value), str(err.value)
    seed, line = _seed_with(tmp_path, "  - what: Whether it changed\n    why: x\n")
    with pytest.raises(DataError, match=rf"x.meta.yml:{line + 1}: unconfirmed.0.what: .*not one lower-case word"):
        load_article(seed)


def test_meta_dates_and_addresses_must_equal_refs_bib(refs, tmp_path):
    meta = tmp_path / "x.meta.yml"
    body = textwrap.dedent("""\
        this_text: {date: 2023-12-01, url: "https://example.org/what/2023/12/01/", bib_key: asia-2023}
        original:
          bib_key: mirror-2022
        """)
    meta.write_text(body, encoding="utf-8")
    unconfirmed.check_meta(_meta_only(meta), refs)
    meta.write_text(body.replace("2023-12-01", "2023-12-02"), encoding="utf-8")
    with pytest.raises(DataError, match=r"x.meta.yml:1: this_text.date 2023-12-02 is not the date of refs.bib entry 'asia-2023' \(2023-12-01\)"):
        unconfirmed.check_meta(_meta_only(meta), refs)
    meta.write_text(body.replace("bib_key: mirror-2022", "bib_key: report-2023\n  url: https://example.org/copy"),
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"x.meta.yml:4: original.url https://example.org/copy is not the url"):
        unconfirmed.check_meta(_meta_only(meta), refs)


def test_the_real_meta_yml_names_refs_bib_items_and_adds_only_its_own():
    refs = load_bibliography(ROOT / "refs.bib")
    article = load_article(SEED)
    unconfirmed.check_meta(article, refs)
    own = unconfirmed.meta_items(article)
    assert own and all(not s.item.value or s.item.value not in {f.value for f in unconfirmed.flagged_values(refs)}
                       for s in own)
    keys = bib_keys(yaml.safe_load(META.read_text(encoding="utf-8")))   # the article's own sources
    assert keys[:2] == ["theasialive-2023", "gohel-jones-2023-gm"]


# ------------------------------------------------------------------ flagging and finding in HTML

@pytest.fixture
def matcher():
    return unconfirmed.Matcher.of([unconfirmed.Flag("S/2023/370", "no copy seen", "refs.bib:1 (entry 'r', number)"),
                                   unconfirmed.Flag("1 December 2023", "from the URL", "refs.bib:2 (entry 'a', date)"),
                                   unconfirmed.Flag("https://x.example/a?b=1&c=2", "a link list", "refs.bib:3")])


def test_flags_go_in_text_only(matcher):
    html = ('<p title="S/2023/370">Symbol S/2023/370, dated 1 December\n2023; not 21 December 2023 nor S/2023/3701.'
            ' <code>S/2023/370</code> <a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a></p>'
            '<details class="bib-bibtex"><pre>S/2023/370</pre></details><p class="unconfirmed-list">S/2023/370</p>'
            '<script type="application/ld+json">{"n": "S/2023/370"}</script>')
    out = matcher.flag(html)
    assert out.count("[unconfirmed]") == 3
    assert ('Symbol <span class="unconfirmed" title="Unconfirmed: no copy seen">S/2023/370 <small>[unconfirmed]</small>'
            '</span>, dated <span class="unconfirmed" title="Unconfirmed: from the URL">1 December\n2023 '
            "<small>[unconfirmed]</small></span>; not 21 December 2023 nor S/2023/3701.") in out
    assert '<a href="https://x.example/a?b=1&amp;c=2"><span class="unconfirmed" title="Unconfirmed: a link list">' \
           "https://x.example/a?b=1&amp;c=2 <small>[unconfirmed]</small></span></a>" in out
    assert matcher.flag(out) == out                       # flagging twice changes nothing
    found = {(written, where) for _, written, where, _ in matcher.unflagged_html(out)}
    # left: the title attribute, the code and the script; not the link's href (its text is flagged)
    assert found == {("S/2023/370", "attribute title"), ("S/2023/370", "text that cannot be flagged (code, pre, a title)"),
                     ("S/2023/370", "a <script> or <style>")}


def test_the_check_reads_pages_with_a_parser(matcher):
    """What a regex over tags misreads: a ">" inside an attribute, a comment, a value split by
    markup; and a value whose flag follows in another element."""
    page = ('<html><head><title>Notes</title></head><body>'
            '<p data-x="a > b" title="S/2023/370">ok</p><!-- S/2023/370 -->'
            '<p>Dated <b>1 December</b> 2023 here; <span>S/2023/370</span> <small>[unconfirmed]</small></p>'
            '<div class="unconfirmed-list"><p>S/2023/370</p></div></body></html>')
    found = sorted((written, where) for _, written, where, _ in matcher.unflagged_html(page))
    assert found == [("1 December 2023", "text"), ("S/2023/370", "a comment"), ("S/2023/370", "attribute title")], found


def test_the_quick_test_misses_no_value_the_regex_finds():
    """Matcher.holds asks a trie of every written form first (most pages hold no value): it must
    answer as the regex does, for every form, spaced and bounded as a page may write it."""
    matcher = unconfirmed.Matcher.of(_flags())
    assert len(matcher.by_variant) > 20, "too few flagged values to test the trie on"
    for written in matcher.by_variant:
        for text in (written, f"See {written}.", "(" + written.replace(" ", "&nbsp;\n ") + ")",
                     written + "x", "x" + written, written[:-1]):
            assert matcher.holds(text) == bool(matcher.regex.search(text)), f"holds() and the regex disagree on {text!r}"
    assert not matcher.holds('<a href="https://example.org/">2023 December 1</a>' * 100)


def test_unflagged_in_plain_text_and_json(matcher):
    assert matcher.unflagged("Dated 1 December 2023 [unconfirmed].") == []
    assert [w for _, w in matcher.unflagged('{"date": "1 December 2023"}')] == ["1 December 2023"]
    assert [w for _, w in matcher.unflagged(json.dumps({"u": "https://x.example/a?b=1&c=2"}))]


def test_metadata_leaves_flagged_values_out():
    data = {"url": "https://x", "isBasedOn": [{"url": "https://y", "datePublished": "2023-12-01"}], "names": ["a", "b"]}
    assert unconfirmed.asserted(data, frozenset({"https://y", "2023-12-01", "b"})) == \
        {"url": "https://x", "isBasedOn": [{}], "names": ["a"]}


# ------------------------------------------------------------------ the built site

def _flags():
    return unconfirmed.flagged_values(load_bibliography(ROOT / "refs.bib"), unconfirmed.meta_items(load_article(SEED)))


def test_the_asia_live_reference_carries_unconfirmed_date(reader):
    entry = reader.page("bibliography/").select_one("#theasialive-2023")
    ref = entry.select_one(".bib-ref")
    assert ref.get_text().rstrip().endswith("[unconfirmed: date]")
    assert ref.select_one(".unconfirmed-flag").get_text() == "[unconfirmed: date]"
    listed = entry.select_one(".bib-unconfirmed").get_text(" ", strip=True)
    assert listed.startswith("Not confirmed: byline — none shown") and "date —" in listed
    # the same formatted reference in the article's notes and its "Cite this page" box
    article = reader.page("article/")
    assert "[unconfirmed: date]" in article.select_one('li[id="fn:ref-theasialive-2023"]').get_text()


def test_the_un_report_symbol_is_flagged_on_its_glossary_page(reader):
    doc = reader.page("glossary/un-report-june-2023/")
    body = doc.select_one("article")
    hits = [s for s in body.find_all(string=re.compile("S/2023/370"))]
    assert hits
    for s in hits:
        span = s.parent
        assert span.name == "span" and "unconfirmed" in span["class"], s
        assert span.select_one("small").get_text() == "[unconfirmed]" and span["title"].startswith("Unconfirmed: ")


def test_the_article_lists_what_its_sources_leave_unconfirmed(reader):
    note = reader.page("article/").select_one("#about .unconfirmed-list")
    text = note.get_text(" ", strip=True)
    assert text.startswith("Not confirmed.")
    assert "The Asia Live 2023 : byline — none shown on the stored copy" in text
    assert "The text as a whole: condensation —" in text
    assert [a["href"] for a in note.select("a")][:2] == ["../bibliography/#theasialive-2023",
                                                         "../bibliography/#gohel-jones-2023-gm"]
    date = reader.page("article/").select_one("#about").find(string=re.compile("1 December 2023"))
    assert "unconfirmed" in date.parent["class"]          # "It appeared on The Asia Live on 1 December 2023 [unconfirmed]"


def test_head_metadata_asserts_no_flagged_value(reader):
    values = {f.value for f in _flags()}
    doc = reader.page("article/")
    data = json.loads(doc.select_one('script[type="application/ld+json"]').string)
    original, this_text = data["isBasedOn"]
    assert "url" not in original and "datePublished" not in this_text and this_text["url"]
    for path in reader.all_html():
        page = reader.page(str(path.relative_to(reader.root)))
        for meta in page.select("head meta[content]"):
            assert not any(v in meta["content"] for v in values), (path, meta)
        for script in page.select('script[type="application/ld+json"]'):
            assert not any(v in json.dumps(json.loads(script.string)) for v in values), path


EXEMPT = ["bib-bibtex", "unconfirmed-list"]   # the BibTeX records and the Not-confirmed lists


def test_no_page_download_or_citation_file_shows_a_flagged_value_unflagged(reader):
    """Read independently of the build's own check: every text node of every page (outside the
    BibTeX records and Not-confirmed lists) holding a value is inside a flag; every download
    holding one has "[unconfirmed]" after it; CITATION.cff holds none."""
    values = sorted({f.value for f in _flags()}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(v) for v in values))
    seen = 0
    for path in reader.all_html():
        doc = reader.page(str(path.relative_to(reader.root)))
        for s in doc.find_all(string=pattern):
            if s.find_parent(["script", "style"]) or s.find_parent(class_=EXEMPT):
                continue
            seen += 1
            flag = s.find_parent("span", class_="unconfirmed")
            assert flag is not None and flag.select_one("small").get_text() == "[unconfirmed]", (path, s)
        for title in doc.select("head title"):
            assert not pattern.search(title.get_text()), path
    assert seen > 5
    for path in sorted(reader.root.rglob("*")):
        rel = path.relative_to(reader.root).as_posix()
        if path.suffix not in (".txt", ".ris", ".json", ".bib", ".xml") or rel in ("refs.bib", "search/search_index.json"):
            continue
        text = path.read_text(encoding="utf-8")
        for m in pattern.finditer(text):
            assert text[m.end():].lstrip().startswith("[unconfirmed"), (rel, m.group(0))
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert not pattern.search(cff)


def test_the_search_index_carries_the_flags(reader):
    docs = json.loads((reader.root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    texts = [d["text"] for d in docs if d["location"].startswith("glossary/un-report-june-2023/")]
    assert any("S/2023/370 [unconfirmed]" in t for t in texts)


# ------------------------------------------------------------------ the build check, on fixture sites

FIXTURE_BIB = MINI_BIB + textwrap.dedent("""\
    @techreport{report-2023,
      author = {{A Monitoring Team}},
      institution = {{United Nations}},
      title = {Fourteenth Report},
      year = {2023},
      kind = {un},
      unconfirmed = {number "S/2023/370" (commonly cited; no copy seen)},
      annote = {Known from news reports.},
    }
    """)


def _build(tmp_path, caplog, pages, cff=None):
    config = make_site(tmp_path, pages, bib=FIXTURE_BIB)
    if cff is not None:
        (tmp_path / "CITATION.cff").write_text(cff, encoding="utf-8")
    caplog.set_level(logging.WARNING)
    return config


@pytest.mark.build
def test_fixture_prose_is_flagged_and_builds(tmp_path, caplog):
    config = _build(tmp_path, caplog, {"index.md": "# Home\n\nThe report S/2023/370 says so.[@report-2023][@known-2020]\n"},
                    cff="cff-version: 1.2.0\ntitle: Fixture\n")
    out = build_site(config, tmp_path / "out")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "S/2023/370 <small>[unconfirmed]</small></span> says so." in html


@pytest.mark.build
def test_citation_cff_asserting_a_flagged_value_fails_the_build(tmp_path, caplog):
    config = _build(tmp_path, caplog, {"index.md": "# Home\n\nA report.[@report-2023][@known-2020]\n"},
                    cff="cff-version: 1.2.0\ntitle: Fixture\nreferences:\n  - type: report\n    number: S/2023/370\n")
    with pytest.raises((Abort, PluginError)):
        build_site(config, tmp_path / "out")
    text = caplog.text
    assert f"{tmp_path / 'CITATION.cff'}:5: unconfirmed value 'S/2023/370'" in text
    assert "flagged by refs.bib:10 (entry 'report-2023', number)" in text
    assert "leave the value out of CITATION.cff" in text


@pytest.mark.build
def test_front_matter_asserting_a_flagged_value_fails_the_build(tmp_path, caplog):
    page = "---\ntitle: Notes on S/2023/370\ndescription: On the report\n---\n# Notes\n\nSee it.[@report-2023]\n"
    config = _build(tmp_path, caplog, {"index.md": "# Home\n\nA source.[@known-2020]\n", "notes.md": page})
    with pytest.raises((Abort, PluginError)):
        build_site(config, tmp_path / "out")
    text = caplog.text
    assert f"{tmp_path / 'docs' / 'notes.md'}:2: unconfirmed value 'S/2023/370'" in text and "front matter" in text
    assert "notes/index.html (built site)" in text and "cannot be flagged (code, pre, a title)" in text  # <title>


@pytest.mark.build
def test_a_value_in_code_cannot_be_flagged_so_it_fails(tmp_path, caplog):
    config = _build(tmp_path, caplog, {"index.md": "# Home\n\nSymbol `S/2023/370`.[@report-2023][@known-2020]\n"})
    with pytest.raises((Abort, PluginError)):
        build_site(config, tmp_path / "out")
    assert "index.html (built site)" in caplog.text and "write it in the page's running text (not in code" in caplog.text


@pytest.mark.build
def test_an_html_file_mkdocs_does_not_render_is_checked_after_the_build(tmp_path, caplog):
    """Rendered pages are checked in memory as MkDocs writes them; a copied HTML file is read
    after the build; every error is reported, in the order of the files' paths."""
    static = '<html><head><meta charset="utf-8"></head><body>\n<p>Report S/2023/370.</p></body></html>'
    config = _build(tmp_path, caplog, {"index.md": "# Home\n\nSymbol `S/2023/370`.[@report-2023][@known-2020]\n",
                                       "a/static.html": static})
    with pytest.raises((Abort, PluginError)):
        build_site(config, tmp_path / "out")
    text = caplog.text
    assert "a/static.html (built site):2: unconfirmed value 'S/2023/370'" in text, text[-2000:]
    assert text.index("a/static.html (built site)") < text.index("index.html (built site)"), \
        "the errors are not in the order of the files' paths"


# ------------------------------------------------------------------ flagging as a page converts

def _converted(matcher, text, flagged_html=None):
    """Markdown converted with the flagging tree processor (markdown/unconfirmed_flags.py), the
    extensions mkdocs.yml gives, and the door's restored punctuation, as a page is; `flagged_html`
    is the page generators' record of the raw HTML they flagged (none by default)."""
    import markdown
    from types import SimpleNamespace
    from reference_edition.data.safe_html import restore_punctuation
    from reference_edition.markdown.unconfirmed_flags import UnconfirmedFlagsExtension
    state = SimpleNamespace(edition=SimpleNamespace(matcher=matcher),
                            flagged_html=flagged_html or unconfirmed.FlaggedBlocks())
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc", UnconfirmedFlagsExtension(state)])
    return restore_punctuation(md.convert(text)), md


def test_values_are_flagged_in_the_tree_as_prose_and_nowhere_else():
    flags = [unconfirmed.Flag("S/2023/370", "no copy seen", "refs.bib:1 (entry 'r', number)"),
             unconfirmed.Flag("Report_A", "a name", "refs.bib:2 (entry 'a', title)")]
    matcher = unconfirmed.Matcher.of(flags)
    text = ("# On S/2023/370\n\n"
            "The report S/2023/370 is cited, as `S/2023/370` in code and [a link](https://x.example/S/2023/370 "
            '"S/2023/370").\n\n'
            '<span class="unconfirmed-list">Not confirmed: S/2023/370</span> and '
            '<span class="tag">S/2023/370</span>.\n\n'
            "Written by the door: Report&#95;A.\n\n"
            '<div class="bib-group"><p>Raw S/2023/370.</p><details class="bib-bibtex"><pre>S/2023/370</pre></details></div>\n')
    out, md = _converted(matcher, text)
    flagged = '<span class="unconfirmed" title="Unconfirmed: no copy seen">S/2023/370 <small>[unconfirmed]</small></span>'
    assert out.count("[unconfirmed]") == 5, out
    assert f"<h1 id=\"on-s2023370\">On {flagged}</h1>" in out, "a heading's text is flagged, its id is the toc's"
    assert md.toc_tokens[0]["name"] == "On S/2023/370", "the table of contents reads the words before the flag"
    assert f"The report {flagged} is cited" in out
    assert "<code>S/2023/370</code>" in out and 'title="S/2023/370"' in out, "code and attributes stay as written"
    assert '<span class="unconfirmed-list">Not confirmed: S/2023/370</span>' in out, "an exempt place is left alone"
    assert f'<span class="tag">{flagged}</span>' in out, "text inside raw inline HTML is flagged"
    assert ('<span class="unconfirmed" title="Unconfirmed: a name">Report_A <small>[unconfirmed]</small></span>'
            in out), "a value written across a character the door escaped is found"
    assert f"<p>Raw {flagged}.</p>" in out and "<pre>S/2023/370</pre>" in out, "a raw HTML block is flagged as HTML"
    again, _ = _converted(matcher, out)
    assert again.count("[unconfirmed]") == 5, "flagging the flagged page again changes nothing"


def _cited_page(matcher, ref_html, monkeypatch):
    """A page citing one reference, converted with the citations extension and the flagger over a
    stand-in plugin state; (HTML, how many HTML fragments the flagger parsed)."""
    import markdown
    from types import SimpleNamespace
    from reference_edition.data import html_text
    from reference_edition.markdown.citations import CitationsExtension
    from reference_edition.markdown.unconfirmed_flags import UnconfirmedFlagsExtension
    parsed = []
    replace_text = html_text.replace_text
    monkeypatch.setattr(html_text, "replace_text", lambda html, *a, **k: parsed.append(html) or replace_text(html, *a, **k))
    state = SimpleNamespace(
        refs={"doe-2023": SimpleNamespace(html=ref_html, label="Doe 2023")}, page="index.md",
        edition=SimpleNamespace(matcher=matcher, bib_layout=SimpleNamespace(href=lambda key, page: f"bibliography.md#{key}")),
        cited=lambda page, found: None, error=lambda err: err, flagged_html=unconfirmed.FlaggedBlocks())
    md = markdown.Markdown(extensions=[CitationsExtension(state), UnconfirmedFlagsExtension(state)])
    return md.convert("Text [@doe-2023].\n"), parsed


@pytest.mark.parametrize("meta_value", [None, "Meta Name"])
def test_a_reference_flagged_when_formatted_is_not_read_again(meta_value, monkeypatch):
    """A page's reference list holds references flag_references flagged when refs.bib was
    formatted: the flagger does not parse them again, unless the page flags a value refs.bib does
    not (the seed's meta.yml), which the reference may show."""
    url = "https://x.example/r"
    refs_flags = [unconfirmed.Flag(url, "a link list", "refs.bib:3 (entry 'doe-2023', url)", "doe-2023", "url")]
    # formatted as refs.bib is: the address in the href matches too, so Matcher.flag has to parse it
    ref_html = unconfirmed.Matcher.of(refs_flags).flag(f'Doe. 2023. Meta Name. <a href="{url}">{url}</a>.')
    assert ref_html.count("[unconfirmed]") == 1, ref_html
    meta_flags = [unconfirmed.Flag(meta_value, "the seed's", "seed.meta.yml:3")] if meta_value else []
    out, parsed = _cited_page(unconfirmed.Matcher.of(refs_flags + meta_flags), ref_html, monkeypatch)
    if meta_value is None:
        assert ref_html in out, f"the reference list does not hold the reference as formatted: {out}"
        assert parsed == [], f"the flagger parsed the reference again: {parsed}"
        assert out.count("[unconfirmed]") == 1, out
    else:
        assert len(parsed) == 1 and url in parsed[0], f"a page flagging more than refs.bib reads the reference: {parsed}"
        assert out.count("[unconfirmed]") == 2 and "Meta Name <small>[unconfirmed]</small>" in out, out


def test_refs_alone_says_whether_every_value_is_a_refs_bib_entrys():
    from_refs = unconfirmed.Flag("S/1", "why", "refs.bib:1 (entry 'r', number)", "r", "number")
    from_meta = unconfirmed.Flag("S/1", "why", "seed.meta.yml:2")
    assert unconfirmed.Matcher.of([from_refs, from_meta]).refs_alone, "a value refs.bib flags too is flagged in references"
    assert not unconfirmed.Matcher.of([from_refs, from_meta._replace(value="S/2")]).refs_alone, \
        "a value only meta.yml flags is not in the formatted references"


# ------------------------------------------------------------------ the bibliography, flagged as it is written

def _entries_page(matcher, flag):
    """The bibliography's entries (templates/bibliography-entries.md.j2, written for Markdown: the
    door writes Markdown's characters as references) for one entry that shows
    a flagged value in every place an entry can: its reference (flagged when formatted), the
    archived address's seen-date, its annotation, the "Not confirmed" list and its BibTeX;
    (Markdown of the page, FlaggedBlocks the template recorded its group in)."""
    import datetime
    from types import SimpleNamespace
    from reference_edition.pages import bibliography_page
    ref = SimpleNamespace(key="doe-2023", url="https://x.example/r", archived_url="https://web.archive.org/web/2023/x",
                          urldate=datetime.date(2023, 12, 1), annote="The report S/2023/370, seen *1 December 2023*.",
                          unconfirmed=[unconfirmed_field.Item("number", "S/2023/370", "no copy seen")])
    flagged = unconfirmed.FlaggedBlocks()
    markdown_text = bibliography_page.TEMPLATES.get_template("bibliography-entries.md.j2").render(
        groups={"report": [ref]}, headings=False, titles={}, repeated={}, flag=flag, flagged=flagged.add,
        shown={ref.key: matcher.flag("Doe. 2023. Report S/2023/370.")},
        bibtex={ref.key: "@report{doe-2023,\n  number = {S/2023/370},\n  date = {2023-12-01}\n}"})
    return markdown_text, flagged


def _bib_matcher():
    return unconfirmed.Matcher.of([
        unconfirmed.Flag("S/2023/370", "no copy seen", "refs.bib:1 (entry 'doe-2023', number)", "doe-2023", "number"),
        unconfirmed.Flag("1 December 2023", "no copy seen", "refs.bib:1 (entry 'doe-2023', date)", "doe-2023", "date")])


def test_the_bibliography_flags_an_entry_as_the_page_flagger_would():
    """The template flags each part of an entry but its exempt places (unconfirmed.template_flag):
    the group it writes is the group the page flagger (Matcher.flag over the whole block) made of
    the same entry unflagged, byte for byte."""
    matcher = _bib_matcher()
    written, _ = _entries_page(matcher, unconfirmed.template_flag(matcher))
    unflagged, _ = _entries_page(matcher, lambda html: html)
    assert written == matcher.flag(unflagged), "flagging the entry's parts differs from flagging its block"
    assert written.count('class="unconfirmed"') == 4, f"the reference's value, the seen-date and the annotation's two: {written}"
    assert "number = &#123;S/2023/370&#125;" in written and "“S/2023/370” — no copy seen" in written, \
        "the BibTeX and the Not confirmed list show the values unflagged"


def test_a_group_the_bibliography_flagged_is_not_parsed_again(monkeypatch):
    """The page flagger does not parse a group of entries its generator recorded as flagged (the
    BibTeX's unflagged values would have it parse the whole block); an unrecorded block is parsed."""
    from reference_edition.data import html_text
    matcher = _bib_matcher()
    written, flagged = _entries_page(matcher, unconfirmed.template_flag(matcher))
    parsed = []
    replace_text = html_text.replace_text
    monkeypatch.setattr(html_text, "replace_text", lambda html, *a, **k: parsed.append(html) or replace_text(html, *a, **k))
    out, _ = _converted(matcher, written, flagged)
    assert not [p for p in parsed if "bib-group" in p], f"the page flagger parsed a group flagged already: {parsed}"
    assert out.count("[unconfirmed]") == 4 and "number = {S/2023/370}" in out, out
    again, _ = _converted(matcher, written)   # not recorded: read as any raw HTML, with the same result
    assert [p for p in parsed if "bib-group" in p], "an unrecorded block of raw HTML was not read"
    assert again == out, "the page flagger's reading of the group differs from the generator's flagging"


@pytest.mark.parametrize("text, where", [
    ("The report S/2023/370 is cited.\n", "running text"),
    ("ab*S/2023/370*cd\n", "an element's text, words around it in other nodes"),
    ("Report&#95;A is cited.\n", "text across a character the door wrote as a reference"),
    ('<div class="x"><p>Raw S/2023/370.</p></div>\n', "a raw HTML block"),
    ('<div markdown="1">\nIn *S/2023/370*.\n</div>\n', "an element md_in_html keeps"),
    ("| a |\n|---|\n| S/2023/370 |\n", "a table cell"),
])
def test_a_page_holding_a_value_anywhere_is_walked_and_flagged(text, where):
    """The page flagger's first pass over a page (_may_flag) finds a value wherever the walk would."""
    matcher = unconfirmed.Matcher.of([unconfirmed.Flag("S/2023/370", "no copy seen", "refs.bib:1 (entry 'r', number)"),
                                      unconfirmed.Flag("Report_A", "a name", "refs.bib:2 (entry 'a', title)")])
    out, _ = _converted(matcher, text)
    assert out.count("[unconfirmed]") == 1, f"a value in {where} is not flagged: {out}"


def test_a_page_holding_no_value_is_not_walked(monkeypatch):
    """Most pages show no flagged value: the page flagger reads their text once, not node by node."""
    from reference_edition.markdown import unconfirmed_flags
    walked = []
    monkeypatch.setattr(unconfirmed_flags.UnconfirmedFlags, "_element", lambda self, *a: walked.append(a))
    matcher = unconfirmed.Matcher.of([unconfirmed.Flag("S/2023/370", "no copy seen", "refs.bib:1 (entry 'r', number)")])
    out, _ = _converted(matcher, "# Title\n\nText with *S/2023* and 370, `code`, <span>raw</span> and &#95;.\n\n"
                                 '<div class="x"><p>A block.</p></div>\n')
    assert walked == [], "a page without a flagged value was walked node by node"
    _converted(matcher, "Text with S/2023/370 in it.\n")
    assert walked, "a page holding a value was not walked"


def test_a_value_written_with_character_references_is_found(matcher):
    """The check's first pass reads the HTML as written; a value written with references
    (markupsafe's &#39;, a &#32; space) is found too, on a page holding no other value."""
    flagged = unconfirmed.Matcher.of([unconfirmed.Flag("Al-Qaeda's plan", "no copy seen", "refs.bib:1 (entry 'r', title)")])
    for written in ("Al-Qaeda&#39;s plan", "Al-Qaeda's&#32;plan"):
        page = f"<html><head><title>t</title></head><body><p>{written}</p></body></html>"
        found = [(w, where) for _, w, where, _ in flagged.unflagged_html(page)]
        assert found == [("Al-Qaeda's plan", "text")], f"{written!r} went unnoticed: {found}"
    assert matcher.unflagged_html("<p>S&#47;2023&#47;370</p>"), "a value written with &#47; went unnoticed"


def test_a_value_right_after_a_word_in_another_element_is_found(matcher):
    """The page's text nodes are read joined (a value split by markup is found) and each alone:
    joined, a value right after another element's word has no word boundary before it."""
    page = "<html><head><title>Notes</title></head><body><table><tr><th>Date</th><td>1 December 2023</td></tr></table></body></html>"
    found = [(w, where) for _, w, where, _ in matcher.unflagged_html(page)]
    assert found == [("1 December 2023", "text")], f"a value in the cell after a word went unnoticed: {found}"
