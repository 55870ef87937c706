"""Two articles in one edition (tests/fixtures/two-articles): each gets its own page at its slug,
and the shared pages (claims, bibliography, glossary, method) keep the two apart: the same
claim id in both articles gives two rows, and every back-link lands on the right article's
page and anchor. The fixture's prose, sources and glossary entries are invented placeholders."""
import hashlib
import logging
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort, PluginError

from conftest import build_site
from sites import make_site

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "two-articles"
ONE, TWO = "fixture-one", "fixture-two"        # the slugs in the fixture's meta.yml files
ARTICLES = [{"seed": f"seeds/{s}.txt", "claims": f"seeds/{s}.claims.yml"} for s in (ONE, TWO)]
PARAGRAPHS = {ONE: 3, TWO: 2}
CLAIMS = {ONE: ["p1-c1", "p2-c1"], TWO: ["p1-c1", "p2-c1"]}   # the same ids in both, on purpose


def fixture_project(tmp_path: Path) -> Path:
    """The fixture copied into tmp_path; returns its mkdocs.yml."""
    shutil.copytree(FIXTURE / "seeds", tmp_path / "seeds")
    shutil.copytree(FIXTURE / "glossary", tmp_path / "glossary")
    return make_site(tmp_path, {"index.md": "# Fixture home\n\nA fixture site with two articles.\n"},
                     bib=(FIXTURE / "refs.bib").read_text(encoding="utf-8"),
                     articles=ARTICLES, glossary="glossary")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-articles")
    return build_site(fixture_project(tmp), tmp / "site")


@pytest.fixture(scope="module")
def read(built):
    cache = {}

    def parsed(url_path):
        if url_path not in cache:
            path = built / url_path.strip("/") / "index.html" if url_path.strip("/") else built / "index.html"
            cache[url_path] = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        return cache[url_path]
    return parsed


def test_fixture_seeds_match_their_recorded_hashes():
    """The fixture's meta.yml files hold the seeds' SHA-256 (the build checks them too)."""
    for slug in (ONE, TWO):
        meta = yaml.safe_load((FIXTURE / "seeds" / f"{slug}.meta.yml").read_text(encoding="utf-8"))
        assert meta["slug"] == slug
        assert hashlib.sha256((FIXTURE / "seeds" / f"{slug}.txt").read_bytes()).hexdigest() == meta["sha256"]


@pytest.mark.build
@pytest.mark.parametrize("slug", [ONE, TWO])
def test_each_article_has_its_page_with_numbered_paragraphs_and_markers(read, slug):
    doc = read(f"{slug}/")
    assert doc.select_one("h1").get_text(strip=True) == ("Fixture article one" if slug == ONE else "Fixture article two")
    paras = doc.select("p.para")
    assert [p["id"] for p in paras] == [f"p{n}" for n in range(1, PARAGRAPHS[slug] + 1)]
    for n, p in enumerate(paras, 1):
        assert p["data-para"] == str(n)
        assert p.select_one("a.para-num")["href"] == f"#p{n}"
    for claim in CLAIMS[slug]:
        para = claim.split("-")[0]
        mark = doc.select_one(f"p#{para} a.claim-mark#{claim}")
        assert mark is not None, (slug, claim)
        assert mark["href"] == f"#note-{claim}"
        note = doc.select_one(f"li#note-{claim}")
        assert f"article {'one' if slug == ONE else 'two'}" in note.get_text()   # its own article's note


@pytest.mark.build
def test_same_claim_ids_get_separate_rows_on_the_claims_page(read):
    doc = read("claims/")
    rows = {tr["id"]: tr for tr in doc.select(".claims-table tbody tr")}
    expected = {f"claim-{c}": ONE for c in CLAIMS[ONE]} | {f"claim-{TWO}-{c}": TWO for c in CLAIMS[TWO]}
    assert set(rows) == set(expected)
    assert len(doc.select("[id='claim-p1-c1']")) == 1   # no duplicate id on the page
    for anchor, slug in expected.items():
        claim = anchor.removeprefix(f"claim-{TWO}-").removeprefix("claim-")
        assert rows[anchor].select_one("a")["href"] == f"../{slug}/#{claim}", anchor
        quote = rows[anchor].select_one("q").get_text()
        assert quote in (FIXTURE / "seeds" / f"{slug}.txt").read_text(encoding="utf-8")


@pytest.mark.build
def test_cited_in_links_back_to_both_articles(read):
    """shared-source-2020 is cited by claims of both articles: its "Cited in" names each article
    page with links to that article's notes, and the claims page rows of both."""
    cited = read("bibliography/").select_one("#shared-source-2020 .bib-cited-in")
    groups = {g.get_text().split(":", 1)[0]: [a["href"] for a in g.select("a")] for g in cited.select(".cited-in-page")}
    assert groups["Fixture article one"] == [f"../{ONE}/#p1-c1", f"../{ONE}/#p2-c1"]
    assert groups["Fixture article two"] == [f"../{TWO}/#p1-c1"]
    assert groups["Claims and sources"] == ["../claims/#claim-p1-c1", "../claims/#claim-p2-c1",
                                            f"../claims/#claim-{TWO}-p1-c1"]
    only_two = read("bibliography/").select_one("#two-only-2022 .bib-cited-in")
    assert [a["href"] for a in only_two.select("a")] == [f"../{TWO}/#p2-c1", f"../claims/#claim-{TWO}-p2-c1"]


@pytest.mark.build
def test_cited_in_anchors_exist_where_they_point(read):
    """Every back-link of the bibliography lands on an element of the page it names."""
    links = read("bibliography/").select(".bib-cited-in a")
    assert links, "no .bib-cited-in links on the bibliography page"
    for a in links:
        target, anchor = a["href"].split("#")
        url = target.removeprefix("../")
        assert read(url).find(id=anchor) is not None, a["href"]


@pytest.mark.build
@pytest.mark.parametrize("entry, mentions", [
    ("alpha-council", {ONE: [1, 2], TWO: [1]}),
    ("beta-river", {ONE: [1], TWO: [2]}),
])
def test_mentioned_in_lists_each_article_separately(read, entry, mentions):
    text = read(f"glossary/{entry}/").select_one(".glossary-mentioned-in")
    links = [a["href"] for a in text.select("a")]
    assert links == [f"../../{slug}/#p{n}" for slug, paras in mentions.items() for n in paras]
    words = text.get_text(" ", strip=True)
    assert words.index("Fixture article one") < words.index("Fixture article two")
    for slug, paras in mentions.items():   # and each paragraph linked really names the entry
        for n in paras:
            para = read(f"{slug}/").select_one(f"p#p{n}")
            assert any(a["href"] == f"../glossary/{entry}/" for a in para.select("a.term")), (slug, n)


@pytest.mark.build
def test_glossary_index_links_both_articles(read):
    """The index's introduction names the articles whose paragraphs the entries list, each linked."""
    intro = next(p for p in read("glossary/").select("p") if "that mention it" in p.get_text())
    assert [(a.get_text(), a["href"]) for a in intro.select("a")] == [
        ("Fixture article one", f"../{ONE}/"), ("Fixture article two", f"../{TWO}/")]


@pytest.mark.build
def test_corrections_log_links_each_correction_to_its_article(read):
    """Both articles correct a claim p2-c1: newest first, each row linking to its own article."""
    rows = read("method/").select(".corrections-log tr.correction")
    got = [(r.select_one("time")["datetime"], r["data-claim"], r.select_one("a")["href"]) for r in rows]
    assert got == [("2026-12-10", "p2-c1", f"../{TWO}/#p2-c1"), ("2026-12-03", "p2-c1", f"../{ONE}/#p2-c1")]


@pytest.mark.build
@pytest.mark.parametrize("slug", [ONE, TWO])
def test_each_article_has_per_paragraph_citation_downloads(built, slug):
    for n in range(1, PARAGRAPHS[slug] + 1):
        bib = (built / slug / f"cite-p{n}.bib").read_text(encoding="utf-8")
        assert f"/{slug}/#p{n}" in bib and f"edition-{slug}-p{n}" in bib
        assert (built / slug / f"cite-p{n}.ris").is_file()
    assert not (built / slug / f"cite-p{PARAGRAPHS[slug] + 1}.bib").exists()


@pytest.mark.build
def test_duplicate_slug_fails_naming_the_meta_file(tmp_path, caplog):
    config = fixture_project(tmp_path)
    meta = tmp_path / "seeds" / f"{TWO}.meta.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(f"slug: {TWO}", f"slug: {ONE}"), encoding="utf-8")
    caplog.set_level(logging.WARNING)
    with pytest.raises((Abort, PluginError)) as err:
        build_site(config, tmp_path / "out")
    message = str(err.value) + caplog.text
    assert f"{TWO}.meta.yml" in message and f"slug '{ONE}'" in message
    assert not (tmp_path / "out").exists()
