"""The Method and corrections page (pages/method_page.py): the verdict definitions with the
site's labels and symbols, how sources and unconfirmed details are handled, and a corrections
log whose rows are exactly the changes of verdict recorded in the claims file, newest first."""
import datetime as dt
import shutil
import textwrap

import pytest

from conftest import ROOT, build_site
from reference_edition.data.bib import load_bibliography
from reference_edition.data.bibcorrections import load_bib_corrections
from reference_edition.data.claims import load_claims
from reference_edition.data.seed import load_article
from reference_edition.data.verdicts import VERDICTS
from sites import make_site

SEED = ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.txt"


def log_rows(doc):
    """(date, claim id, number, from, to, why) of each row of the corrections table, in order."""
    rows = []
    for tr in doc.select(".corrections-log tbody tr.correction"):
        date, claim, change, why = tr.find_all("td", recursive=False)
        link = claim.select_one("a")
        rows.append((date.select_one("time")["datetime"], link["href"].rsplit("#", 1)[1], link.get_text(),
                     change.select_one("[data-verdict-from]")["data-verdict-from"],
                     change.select_one("[data-verdict-to]")["data-verdict-to"], why.get_text()))
    return rows


def test_method_page_defines_every_verdict_with_its_label_and_symbol(reader):
    doc = reader.page("method/")
    assert doc.select_one("article h1").find(string=True, recursive=False).strip() == "Method and corrections"
    terms = doc.select("dl.verdict-definitions > dt")
    assert [dt["id"] for dt in terms] == [f"verdict-{key}" for key in VERDICTS]
    for dt, v in zip(terms, VERDICTS.values()):
        assert dt.select_one(".verdict__symbol").get_text() == v.symbol
        assert dt.get_text(" ", strip=True) == f"{v.symbol} {v.label}"
        assert len(dt.find_next_sibling("dd").get_text(strip=True)) > 40
    text = doc.select_one("article").get_text(" ", strip=True)
    assert "Not found does not mean false" in text and "The weakest essential element of a claim caps its verdict" in text
    assert "https://undocs.org/<symbol>" in text and "[unconfirmed: date]" in text


def test_method_page_follows_claims_and_sources_in_the_navigation(reader):
    """Under "The article": the article, its claims, then this page (previous/next follow it)."""
    doc = reader.page("method/")
    assert "The article" in doc.select_one(".md-tabs__item--active").get_text(), "the article's tab is not active"
    prev = doc.select_one("a.md-footer__link--prev")
    assert prev is not None and "Claims and sources" in prev.get_text(" ", strip=True), "previous page is not the claims"


def test_corrections_log_rows_are_the_claims_corrections_newest_first(reader):
    doc = reader.page("method/")
    intro = doc.select_one("#corrections").find_next("p").get_text(" ", strip=True)
    assert " ".join(intro.split()).startswith("This log records every change of verdict and every correction of a "
                                              "bibliographic fact since the edition was first published, on "
                                              "1 December 2026 (its first corrections round).")
    article = load_article(SEED)
    claims = load_claims(ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.claims.yml", article.paragraphs,
                         load_bibliography(ROOT / "refs.bib"))
    expected = [(c.date.isoformat(), claim.id, claim.number, c.from_, c.to, " ".join(c.why.split()))
                for claim in claims for c in getattr(claim, "corrections", ())]
    expected.sort(key=lambda r: r[0], reverse=True)
    assert log_rows(doc) == expected
    if not expected:
        assert "No verdict has changed" in doc.select_one(".corrections-log tbody").get_text()
    for tr in doc.select(".corrections-log tr.correction"):     # each links to its claim in the article
        claim_id = tr["data-claim"]
        assert tr.select_one("a")["href"] == f"../article/#{claim_id}"
        assert reader.page("article/").select_one(f"#{claim_id}") is not None


@pytest.mark.build
def test_corrections_log_lists_the_bibliographic_corrections_newest_first(reader):
    """One row per record of refs-corrections.yml, newest first (file order within a day), each
    linking to its entry in the bibliography."""
    records = load_bib_corrections(ROOT / "refs-corrections.yml", load_bibliography(ROOT / "refs.bib"))
    expected = [(r.date.isoformat(), r.key, r.field) for r in sorted(records, key=lambda r: r.date, reverse=True)]
    doc = reader.page("method/")
    rows = doc.select(".bib-corrections tbody tr.bib-correction")
    got = [(tr.select_one("time")["datetime"], tr["data-entry"], tr.find_all("td")[2].get_text(strip=True)) for tr in rows]
    assert got == expected, "the log's bibliographic rows are not refs-corrections.yml's records, newest first"
    for tr in rows:
        assert tr.select_one("a")["href"] == f"../bibliography/#{tr['data-entry']}"
    blogs = [tr for tr in rows if tr["data-entry"] == "wh-2011-obama-binladen"]
    assert blogs and "blogs.state.gov" in blogs[0].get_text() and "(removed)" in blogs[0].get_text()


@pytest.mark.build
def test_the_log_starts_when_the_page_metadata_says_the_edition_was_first_published(reader):
    """The corrections log and citation_publication_date name the same first publication."""
    published = reader.page("method/").select_one('meta[name="citation_publication_date"]')["content"]
    intro = " ".join(reader.page("method/").select_one("#corrections").find_next("p").get_text(" ", strip=True).split())
    year, month, day = map(int, published.split("/"))
    assert f"first published, on {dt.date(year, month, day).strftime('%-d %B %Y')}" in intro, (published, intro)


@pytest.mark.build
def test_method_page_says_how_sources_were_read(reader):
    text = " ".join(reader.page("method/").select_one("article").get_text(" ", strip=True).split())
    assert "Sources were read in stored copies" in text and "often only their opening part" in text
    assert "No note gives a page or paragraph locator" in text


def test_unconfirmed_values_are_listed_on_the_method_page(reader):
    table = reader.page("method/").select_one("table.unconfirmed-values")
    rows = {tr.select_one("td a")["href"].rsplit("#", 1)[1]: tr for tr in table.select("tbody tr")}
    assert "S/2023/370" in rows["un-mt-1988-2023-14th"].get_text()
    assert "1 December 2023" in rows["theasialive-2023"].get_text()


CLAIMS = textwrap.dedent("""\
    - id: p1-c1
      quote: "The Israel-Gaza crisis has caused global tensions"
      verdict: partly-supported
      sources:
        - key: known-2020
      note: A fixture note.
      corrections:
        - date: 2026-12-01
          from: supported
          to: not-found
          why: First <b>change</b>, with *stars* and [a link](https://example.org).
        - date: 2026-12-05
          from: not-found
          to: partly-supported
          why: >-
            Second change,
            on two lines.
    """)


def _article_sources_bib():
    """The fixture bibliography plus the real entries the seed's meta.yml names (the build
    checks its dates and addresses against them)."""
    from pybtex.database import BibliographyData, parse_file
    from sites import MINI_BIB
    meta = load_article(SEED).meta
    keys = [meta["this_text"]["bib_key"], meta["original"]["bib_key"]] + [r["bib_key"] for r in meta["republications"]]
    entries = parse_file(str(ROOT / "refs.bib")).entries
    return MINI_BIB + BibliographyData({k: entries[k] for k in keys}).to_string("bibtex")


@pytest.mark.build
def test_fixture_corrections_log(tmp_path):
    """A claims file of one claim with two corrections: both rows, newest first, the reason as
    plain text (no Markdown or HTML from the data), the link to the claim's anchor."""
    (tmp_path / "seeds").mkdir()
    for suffix in (".txt", ".meta.yml"):
        shutil.copy(SEED.with_suffix(suffix), tmp_path / "seeds" / SEED.with_suffix(suffix).name)
    (tmp_path / "seeds" / "claims.yml").write_text(CLAIMS, encoding="utf-8")
    config_path = make_site(tmp_path, {"index.md": "# Home\n\nA source.[@known-2020]\n"}, bib=_article_sources_bib(),
                            articles=[{"seed": f"seeds/{SEED.name}", "claims": "seeds/claims.yml"}])
    out = build_site(config_path, tmp_path / "out")
    from bs4 import BeautifulSoup
    doc = BeautifulSoup((out / "method" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert log_rows(doc) == [
        ("2026-12-05", "p1-c1", "1.1", "not-found", "partly-supported", "Second change, on two lines."),
        ("2026-12-01", "p1-c1", "1.1", "supported", "not-found",
         "First <b>change</b>, with *stars* and [a link](https://example.org).")]
    first = doc.select(".corrections-log tr.correction")[1]
    assert first.select_one("td:nth-of-type(4) b") is None and first.select_one("td:nth-of-type(4) em") is None
    change = first.select_one(".verdict-change").get_text(" ", strip=True)
    assert change == f"{VERDICTS['supported'].symbol} Supported → {VERDICTS['not-found'].symbol} Not found in the sources"
    assert first.select_one("a")["href"] == "../article/#p1-c1"


@pytest.mark.build
def test_fixture_locator_is_counted_on_the_method_page(tmp_path):
    """The method page's sentence on locators follows the claims: with one source located, it
    says locators are given where seen and counts them, instead of saying no note has one."""
    (tmp_path / "seeds").mkdir()
    for suffix in (".txt", ".meta.yml"):
        shutil.copy(SEED.with_suffix(suffix), tmp_path / "seeds" / SEED.with_suffix(suffix).name)
    located = CLAIMS.replace("    - key: known-2020\n", "    - key: known-2020\n      locator: para. 3\n")
    assert located != CLAIMS
    (tmp_path / "seeds" / "claims.yml").write_text(located, encoding="utf-8")
    config_path = make_site(tmp_path, {"index.md": "# Home\n\nA source.[@known-2020]\n"}, bib=_article_sources_bib(),
                            articles=[{"seed": f"seeds/{SEED.name}", "claims": "seeds/claims.yml"}])
    out = build_site(config_path, tmp_path / "out")
    from bs4 import BeautifulSoup
    text = " ".join(BeautifulSoup((out / "method" / "index.html").read_text(encoding="utf-8"), "lxml")
                    .get_text(" ", strip=True).split())
    assert "given only where the editors saw one (1 of the sources cited in claims)" in text, text[:2000]
    assert "No note gives a page or paragraph locator" not in text


@pytest.mark.build
def test_fixture_bibliographic_corrections_are_shown_as_text_newest_first(tmp_path):
    """refs-corrections.yml's records on the log, newest first; markup in the data stays text."""
    (tmp_path / "seeds").mkdir()
    for suffix in (".txt", ".meta.yml"):
        shutil.copy(SEED.with_suffix(suffix), tmp_path / "seeds" / SEED.with_suffix(suffix).name)
    (tmp_path / "seeds" / "claims.yml").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "refs-corrections.yml").write_text(textwrap.dedent("""\
        - date: 2026-12-01
          key: known-2020
          field: url
          from: https://example.org/amp
          to: https://example.org/known
          why: The AMP <b>variant</b> is *not* canonical.
        - date: 2026-12-06
          key: known-2020
          field: author
          from: <script>alert(1)</script>
          why: A [link](https://example.org) in the data.
        """), encoding="utf-8")
    config_path = make_site(tmp_path, {"index.md": "# Home\n\nA source.[@known-2020]\n"}, bib=_article_sources_bib(),
                            articles=[{"seed": f"seeds/{SEED.name}", "claims": "seeds/claims.yml"}],
                            bibliography_corrections="refs-corrections.yml")
    out = build_site(config_path, tmp_path / "out")
    from bs4 import BeautifulSoup
    doc = BeautifulSoup((out / "method" / "index.html").read_text(encoding="utf-8"), "lxml")
    rows = doc.select(".bib-corrections tr.bib-correction")
    assert [(tr.select_one("time")["datetime"], tr.find_all("td")[2].get_text()) for tr in rows] == [
        ("2026-12-06", "author"), ("2026-12-01", "url")]
    assert rows[0].find_all("td")[3].get_text(" ", strip=True) == "<script>alert(1)</script> → (removed)"
    assert rows[0].select_one("script") is None and rows[1].select_one("b, em") is None
    assert rows[1].find_all("td")[4].get_text() == "The AMP <b>variant</b> is *not* canonical."
    assert rows[0].select_one("td a")["href"] == "../bibliography/#known-2020"
