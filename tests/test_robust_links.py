"""Robust Links (issue 21.3, data/robust_links.py): every link to a source's address carries the
date the page was seen (data-versiondate, refs.bib `urldate`) and a copy as it was then
(data-versionurl); the bibliography shows that copy as a visible "archived" link; an address
with no seen-date that refs.bib does not list as unconfirmed stops the build."""
import datetime as dt
import json
import re
import textwrap
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_site
from reference_edition.data import bibexport, robust_links
from reference_edition.data.bib import load_bibliography
from reference_edition.data.errors import DataError
from reference_edition.data.safe_html import HTML, MARKDOWN, safe_html
from reference_edition.data.unconfirmed_field import items as unconfirmed_items
from sites import MINI_BIB, make_site

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WAYBACK = re.compile(r"https://web\.archive\.org/web/(\d{8})/(https?://.+)")


def entry(extra):
    return textwrap.dedent(f"""\
        % a comment line, so the entry does not start on line 1

        @misc{{site-2024,
          title = {{A Page}},
          howpublished = {{A Site}},
          year = {{2024}},
          url = {{https://example.org/page?a=1&b=2}},
        {textwrap.indent(extra, "  ")}  kind = {{news}},
          annote = {{A fixture entry.}},
        }}
        """)


def load(tmp_path, extra):
    path = tmp_path / "refs.bib"
    path.write_text(entry(extra), encoding="utf-8")
    return load_bibliography(path)


# ------------------------------------------------------------------ the rule, in the data layer

def test_an_address_without_a_seen_date_names_file_line_field_and_fix(tmp_path):
    with pytest.raises(DataError) as err:
        load(tmp_path, "")
    message = str(err.value)
    assert "refs.bib:3: entry 'site-2024'" in message, message
    assert "`urldate`" in message and "YYYY-MM-DD" in message and "unconfirmed" in message, message


@pytest.mark.parametrize("value, says", [
    ("yesterday", "is not a date"),
    ("2026-13-01", "is not a date"),
    ("2026-2-3", "is not a date"),
    ("06.12.2026", "is not a date"),
    ("2999-01-01", "in the future"),
])
def test_a_seen_date_must_be_a_past_calendar_date(tmp_path, value, says):
    with pytest.raises(DataError, match=rf"refs\.bib:3: entry 'site-2024': field `urldate`: .*{says}"):
        load(tmp_path, f"urldate = {{{value}}},\n")


def test_a_seen_date_and_an_unconfirmed_address_contradict(tmp_path):
    with pytest.raises(DataError, match="`urldate` says its url was seen, and `unconfirmed` lists the url"):
        load(tmp_path, "urldate = {2024-05-01},\nunconfirmed = {url (not seen)},\n")


def test_a_seen_date_needs_an_address(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("@misc{x-2024, title = {T}, year = {2024}, urldate = {2024-05-01}, kind = {news}, annote = {a}}\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"refs\.bib:1: entry 'x-2024': field `urldate` without a `url`"):
        load_bibliography(path)


def test_an_unconfirmed_address_needs_no_date_and_gets_no_version(tmp_path):
    ref = load(tmp_path, "unconfirmed = {url (no copy seen)},\n")["site-2024"]
    assert ref.urldate is None and ref.archived_url is None
    assert "data-version" not in ref.html and "data-originalurl" not in ref.html, ref.html


def test_a_seen_address_is_a_robust_link(tmp_path):
    ref = load(tmp_path, "urldate = {2024-05-01},\n")["site-2024"]
    assert ref.urldate == dt.date(2024, 5, 1)
    assert ref.archived_url == "https://web.archive.org/web/20240501/https://example.org/page?a=1&b=2"
    link = BeautifulSoup(ref.html, "lxml").find("a")
    assert link["href"] == link["data-originalurl"] == "https://example.org/page?a=1&b=2", ref.html
    assert link["data-versiondate"] == "2024-05-01" and link["data-versionurl"] == ref.archived_url, ref.html


def test_the_door_keeps_robust_link_attributes_and_markdown_cannot_make_them():
    html = ('<a href="https://example.org/p" data-originalurl="https://example.org/p" data-versiondate="2024-05-01" '
            'data-versionurl="https://web.archive.org/web/20240501/https://example.org/p" onclick="x()">p</a>')
    link = BeautifulSoup(str(safe_html(html, HTML)), "lxml").find("a")
    assert link["data-versiondate"] == "2024-05-01" and link["data-versionurl"].startswith("https://web.archive.org/")
    assert "onclick" not in link.attrs
    written = str(safe_html('[p](https://example.org/p){ data-versionurl="javascript:x" } <a data-versiondate="1">q</a>',
                            MARKDOWN))
    assert not BeautifulSoup(written, "lxml").select("[data-versionurl], [data-versiondate]"), written


# ------------------------------------------------------------------ exports

def test_exports_carry_the_seen_date_where_the_format_has_one(tmp_path):
    refs = load(tmp_path, "urldate = {2024-05-01},\n")
    recs = bibexport.records(refs)
    assert json.loads(bibexport.csl_json(recs))[0]["accessed"] == {"date-parts": [[2024, 5, 1]]}
    assert re.search(r"urldate = \{2024-05-01\}", bibexport.bibtex(recs)), bibexport.bibtex(recs)
    assert re.search(r"urldate = \{2024-05-01\}", bibexport.biblatex(recs)), bibexport.biblatex(recs)
    assert "Y2  - 2024/05/01/" in bibexport.ris(recs), bibexport.ris(recs)


def test_exports_give_no_seen_date_for_an_unconfirmed_address(tmp_path):
    recs = bibexport.records(load(tmp_path, "unconfirmed = {url (no copy seen)},\n"))
    assert "accessed" not in recs[0].csl and "urldate" not in bibexport.bibtex(recs)


# ------------------------------------------------------------------ the real refs.bib

def test_every_address_in_refs_bib_was_seen_or_is_listed_unconfirmed_and_says_what_was_seen():
    refs = load_bibliography(ROOT / "refs.bib")   # the rule itself is checked on loading
    with_url = [r for r in refs.values() if r.url]
    assert with_url, "refs.bib has no addresses: nothing to check"
    for ref in with_url:
        unconfirmed = any(i.what == "url" for i in unconfirmed_items(ref))
        assert bool(ref.urldate) != unconfirmed, f"{ref.key}: exactly one of urldate and url-unconfirmed"
        if ref.urldate:
            assert f"Seen on {ref.urldate.isoformat()}" in ref.annote, \
                f"{ref.key}: annote must say what was seen on {ref.urldate} and where"


# ------------------------------------------------------------------ the built site

def source_links(site, refs):
    urls = {r.url: r for r in refs.values() if r.url}
    for path in sorted(site.rglob("*.html")):
        for link in BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").find_all("a", href=True):
            if link["href"] in urls:
                yield path.relative_to(site), link, urls[link["href"]]


def test_every_link_to_a_seen_address_is_a_robust_link(site):
    refs = load_bibliography(ROOT / "refs.bib")
    found = list(source_links(site, refs))
    assert len({ref.key for _, _, ref in found}) == sum(1 for r in refs.values() if r.url), \
        "some source addresses are linked from no page"
    for page, link, ref in found:
        where = f"{page}: link to {ref.key}"
        if not ref.urldate:
            assert not {"data-versiondate", "data-versionurl"} & set(link.attrs), f"{where}: unseen, yet versioned"
            continue
        date, version = link.get("data-versiondate"), link.get("data-versionurl")
        assert date and ISO_DATE.fullmatch(date) and dt.date.fromisoformat(date) == ref.urldate, f"{where}: {date!r}"
        assert version and urlsplit(version).scheme in ("http", "https") and urlsplit(version).netloc, \
            f"{where}: data-versionurl {version!r}"
        stamp = WAYBACK.fullmatch(version)
        assert stamp and stamp[1] == date.replace("-", "") and stamp[2] == ref.url, f"{where}: {version}"
        assert link.get("data-originalurl") == ref.url, f"{where}: data-originalurl"


def test_the_bibliography_shows_an_archived_copy_or_says_the_address_was_not_seen(reader):
    refs = load_bibliography(ROOT / "refs.bib")
    page = reader.page("bibliography/")
    for ref in refs.values():
        entry = page.find(id=ref.key)
        shown = entry.select("p.bib-archived")
        if not ref.url:
            assert not shown, f"{ref.key}: no address, yet an archived line"
            continue
        assert len(shown) == 1, f"{ref.key}: one line saying where a copy is"
        archived = shown[0].select("a")
        if ref.urldate:
            assert [a.get_text() for a in archived] == ["archived copy"], f"{ref.key}: {shown[0]}"
            assert archived[0]["href"] == ref.archived_url, f"{ref.key}: the archived copy's address"
            seen = shown[0].find("time")
            assert seen is not None and seen.get("datetime") == ref.urldate.isoformat() \
                and seen.get_text() == f"{ref.urldate.day} {ref.urldate:%B %Y}", \
                f"{ref.key}: the seen-date should read as a date and carry {ref.urldate} ({shown[0]})"
        else:
            assert not archived and "not seen" in shown[0].get_text(), f"{ref.key}: {shown[0]}"


@pytest.mark.build
def test_a_site_whose_address_has_no_seen_date_does_not_build(tmp_path, caplog):
    from mkdocs.exceptions import Abort, PluginError
    bib = MINI_BIB.replace(" urldate = {2024-01-01},", "")
    assert bib != MINI_BIB, "the fixture bibliography has no urldate to remove"
    config = make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@known-2020]\n"}, bib=bib)
    with pytest.raises((Abort, PluginError)) as err:
        build_site(config, tmp_path / "out")
    text = str(err.value) + caplog.text
    assert "refs.bib:1: entry 'known-2020' has a `url` and no field `urldate`" in text, text
