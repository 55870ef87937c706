"""The bibliography page and site-wide citations."""
import functools
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from conftest import build_site
from reference_edition.data.bib import load_bibliography
from reference_edition.data.bibread import KINDS
from reference_edition.data.errors import DataError
from sites import make_site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def refs():
    return load_bibliography(ROOT / "refs.bib")


def test_every_entry_has_anchor_annotation_citedin_and_bibtex(reader, refs):
    doc = reader.page("bibliography/")
    assert refs, "refs.bib has no entries"
    for key, ref in refs.items():
        entry = doc.find("div", id=key, class_="bib-entry")
        assert entry is not None, f"no div.bib-entry#{key} on the bibliography page"
        annote = entry.select_one(".bib-annote")
        assert annote is not None and annote.get_text(strip=True), f"{key}: no .bib-annote text"
        assert entry.select(".bib-cited-in a"), f"{key}: no link in .bib-cited-in (cited nowhere?)"
        bibtex = entry.select_one("details.bib-bibtex code")
        assert bibtex is not None, f"{key}: no BibTeX block (details.bib-bibtex code)"
        assert list(parse_string(bibtex.get_text(), "bibtex").entries) == [key], f"{key}: BibTeX block is not this entry"
        if ref.unconfirmed:
            assert entry.select_one(".bib-unconfirmed"), f"{key}: unconfirmed values but no .bib-unconfirmed note"


def test_groups_follow_the_documented_order_primary_first(reader, refs):
    doc = reader.page("bibliography/")
    headings = [h["id"][len("group-"):] for h in doc.select("article h2[id^=group-]")]
    expected = [k for k in KINDS if any(r.kind == k for r in refs.values())]
    assert headings == expected, f"group headings (h2#group-*) {headings}, expected {expected}"
    assert headings.index("un") < headings.index("news"), headings


def test_cited_in_links_land_on_existing_anchors(reader):
    doc = reader.page("bibliography/")
    links = doc.select(".bib-cited-in a")
    assert links, "no .bib-cited-in links on the bibliography page"
    for a in links:
        target, _, anchor = a["href"].partition("#")
        page = reader.page(_resolve("bibliography/", target))
        assert page.find(id=anchor) is not None, f"'Cited in' link {a['href']}: no element with id {anchor!r} there"


def _resolve(base, rel):
    parts = [p for p in base.strip("/").split("/") if p]
    for seg in rel.split("/"):
        if seg == "..":
            parts.pop()
        elif seg and seg != ".":
            parts.append(seg)
    return "/".join(parts) + "/"


def test_every_citation_links_to_an_entry_and_has_a_preview(reader, refs):
    bib = reader.page("bibliography/")
    count = 0
    for path in reader.all_html():
        rel = str(path.relative_to(reader.root))
        doc = reader.page(rel)
        for a in doc.select("a.cite"):
            key = a["href"].rsplit("#", 1)[1]
            assert key in refs and bib.find(id=key) is not None, f"{rel}: citation of {key!r} has no bibliography entry"
            preview = doc.find(id=a["data-edition-preview"])
            assert preview is not None and refs[key].html[:20] in str(preview), f"{rel}: {key} has no preview of its reference"
            assert a.get("aria-label", "").startswith("Reference:"), f"{rel}: citation of {key} has no aria-label"
            count += 1
    assert count > 50, f"only {count} a.cite links in the whole site"


def test_whole_bib_download_is_the_exporters_and_each_block_is_its_entry(site, reader):
    """/refs.bib is written by the BibTeX exporter (data/bibexport.py), not copied from the editors'
    refs.bib: the same keys in the same order, and each entry's block on the page is that entry."""
    download = (site / "refs.bib").read_text(encoding="utf-8")
    entries = parse_string(download, "bibtex").entries
    assert list(entries) == list(parse_string((ROOT / "refs.bib").read_text(encoding="utf-8"), "bibtex").entries)
    assert "annote" not in download and "unconfirmed =" not in download and "kind =" not in download
    doc = reader.page("bibliography/")
    for key in entries:
        block = doc.find("div", id=key, class_="bib-entry").select_one("details.bib-bibtex code").get_text()
        assert block.strip() in download, key


def test_urls_are_canonical_not_mirrors(refs):
    banned = ("scribd", "docslib", "vdocument", "php-proxy", "codestin", "pastebin", "topicsexpress",
              "threadreaderapp", "wikimili", "piglix", "classicistranieri", "herokuapp")
    urls = {key: ref.url for key, ref in refs.items() if ref.url}
    assert urls, "no entry of refs.bib has a url"
    for key, url in urls.items():
        assert not any(b in url for b in banned), f"{key}: {url} is a mirror, not the canonical address"
        if url.startswith(("https://undocs.org", "http://undocs.org")):
            assert re.match(r"^https://undocs\.org/S/", url), f"{key}: UN documents are https://undocs.org/<symbol>, not {url}"


@pytest.mark.parametrize("bib, message", [
    ("@misc{Bad_Key, title={x}, kind={news}, annote={x}}", "key convention"),
    ("@misc{a-1, title={x}, kind={news}, annote={x}}\n@misc{a-1, title={y}, kind={news}, annote={y}}", "duplicate key 'a-1'"),
    ("@misc{a-1, title={x}, kind={blog}, annote={x}}", "kind 'blog'"),
    ("@misc{a-1, title={x}, kind={news}}", "annote"),
    ("@techreport{a-1, title={x}, kind={un}, annote={x}, year={2020}}", "author, institution"),
    ("@misc{a-1, title={x}, kind={news}, annote={x}, url={javascript:alert(1)}}", "not http(s)"),
    ("@online{a-1, title={x}, kind={news}, annote={x}}", "allowed"),
])
def test_bad_bib_input_is_an_error_naming_line_and_key(tmp_path, bib, message):
    path = tmp_path / "refs.bib"
    path.write_text("% header\n" + bib + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_bibliography(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value)


@pytest.mark.build
def test_hostile_fields_never_become_live_markup(tmp_path):
    bib = ("@misc{evil-2020, author={{<img src=x onerror=alert(1)>}}, "
           "title={<script>alert(1)</script>}, howpublished={<b>x</b>}, year={2020}, kind={news}, "
           "annote={<a href=\"javascript:alert(1)\">click</a>}}\n")
    out = build_site(make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@evil-2020]\n"}, bib=bib), tmp_path / "o")
    for page in ("index.html", "bibliography/index.html"):
        doc = BeautifulSoup((out / page).read_text(), "lxml")
        assert not [s for s in doc.find_all("script") if "alert" in s.get_text()]
        assert not doc.select("img[onerror], b")
        assert not [a for a in doc.find_all("a", href=True) if a["href"].startswith("javascript:")]
        assert "<script>alert(1)</script>" in doc.get_text()  # shown as text, not run


@pytest.mark.build
def test_bibliography_entries_are_not_read_as_markdown(tmp_path):
    """The bibliography page shows each reference exactly as formatted: Markdown syntax in the
    data (asterisks, underscores, backticks, brackets) stays text in the reference."""
    bib = ("@misc{md-2021, author={{Org}}, title={A *starred* and __bold__ `coded` [linked](#x) title}, "
           "howpublished={Pub}, year={2021}, url={https://example.org/a_b_c/*d*}, urldate={2024-01-01}, kind={news}, annote={Note *a* _b_.}}\n")
    out = build_site(make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@md-2021]\n"}, bib=bib), tmp_path / "o")
    entry = BeautifulSoup((out / "bibliography/index.html").read_text(), "lxml").find(id="md-2021")
    ref, annote = entry.select_one(".bib-ref"), entry.select_one(".bib-annote")
    assert not entry.select(".bib-ref em, .bib-ref strong, .bib-ref code")
    assert "*Starred* and __Bold__ `Coded` [Linked](#x)" in ref.get_text()   # title case, as pandoc's citeproc
    assert [a["href"] for a in ref.select("a")] == ["https://example.org/a_b_c/*d*"]
    # The annotation is Markdown by design (issue 17), converted by data/safe_html.py's restricted Markdown.
    assert annote.get_text() == "Note a b." and [e.get_text() for e in annote.select("em")] == ["a", "b"], annote


UNPATCHED = """
import json, sys, types
sys.path.insert(0, sys.argv[1])
import citeproc   # citeproc-py as shipped: no patches, its own bibliography class
shipped = sys.modules["reference_edition.data.citeproc_speed"] = types.ModuleType("citeproc_speed")
shipped.Bibliography = citeproc.CitationStylesBibliography
from reference_edition.data.bib import load_bibliography
refs = load_bibliography(sys.argv[2])
print(json.dumps({k: [r.html, r.label] for k, r in refs.items()}))
"""


@functools.lru_cache(maxsize=None)
def _unpatched():
    """refs.bib and 60 synthetic entries of every type (scripts/bench_build.py) in a file of its
    own, and the process formatting it with citeproc-py as shipped, started once."""
    import random
    import subprocess
    import sys
    import tempfile
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_build
    rng = random.Random(3)
    bib = Path(tempfile.mkdtemp(prefix="citeproc-memos-")) / "refs.bib"
    bib.write_text((ROOT / "refs.bib").read_text(encoding="utf-8") + "\n"
                   + "\n".join(bench_build.bib_entry(i, rng)[1] for i in range(60)), encoding="utf-8")
    env = dict(os.environ, REFERENCE_EDITION_CACHE="off")   # format, do not read formatted references back
    return bib, subprocess.Popen([sys.executable, "-c", UNPATCHED, str(ROOT), str(bib)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_citeproc_memos_change_no_output():
    """reference_edition/data/citeproc_speed.py memoises citeproc-py's style queries: every entry of refs.bib,
    plus synthetic entries of every type, must format exactly as unpatched citeproc-py does."""
    import json
    import shutil
    import sys
    bib, unpatched = _unpatched()   # formatting meanwhile (started before the first test: tests/conftest.py)
    import reference_edition.data.citeproc_speed  # noqa: F401  (the memos are on in this process)
    assert "reference_edition.data.citeproc_speed" in sys.modules
    ours = {k: [r.html, r.label] for k, r in load_bibliography(bib).items()}
    out, err = unpatched.communicate()
    shutil.rmtree(bib.parent)
    assert unpatched.returncode == 0, f"formatting with citeproc-py as shipped failed:\n{err[-2000:]}"
    shipped = json.loads(out)
    assert len(ours) > 150 and ours == shipped, \
        f"formatted otherwise than by citeproc-py as shipped: {[k for k in ours if ours[k] != shipped.get(k)][:5]}"


test_citeproc_memos_change_no_output.start_early = _unpatched   # tests/conftest.py


def test_search_index_carries_references_and_annotations_not_bibtex_or_back_links(site, reader):
    """Search finds a source by its reference and annotation; its BibTeX, key line, "Cited in"
    and every page's reference list stay out (data-search-exclude): at 5,000 entries they made
    the index 8.6 MB against 1.4 MB for the written pages."""
    import json
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    bib = " ".join(d["text"] for d in docs if d["location"].startswith("bibliography/"))
    everything = " ".join(d["text"] for d in docs)
    entries = reader.page("bibliography/").select(".bib-entry[id]")
    assert len(entries) > 50, "few entries on /bibliography/: has the selector stopped matching?"
    found = sum(e.select_one(".bib-annote").get_text(" ", strip=True)[:40] in bib for e in entries)
    assert found > len(entries) * 0.9, f"only {found} of {len(entries)} annotations are in the search index"
    assert "Gohel" in bib, "the references' names are not in the search index"
    for left_out in ("Cited in:", "@techreport{", "@misc{", "Bibliography entry"):
        assert left_out not in everything, f"the search index carries {left_out!r}"
    assert not any(d["location"].endswith("#references") for d in docs), "a page's reference list is indexed"
