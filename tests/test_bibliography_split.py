"""A bibliography too large for one page (data/bibpages.py): an index at /bibliography/ and the
entries on sub-pages by group, a large group in parts. Built from the real project with a few
thousand synthetic sources added: every page stays under 1 MB of HTML, every link to an entry
reaches an element with that id on the page it names, and an old address /bibliography/#key
still reaches the entry (in Chromium; without script, by the index's plain list)."""
import functools
import http.server
import json
import threading
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import _QuietHandler, build_site, copy_project, csp_violations

SYNTHETIC = 2400          # sources added to refs.bib: several parts in a group, as at 5,000
PER_PAGE = 100            # citations per synthetic "sources" page (as scripts/bench_build.py)
MAX_PAGE_BYTES = 1_000_000
FAMILIES = ["Abbas", "Baker", "Chaudhry", "Dalton", "Ebrahim", "Farouk", "Grant", "Haidari", "Iqbal", "Jones",
            "Karimi", "Lodhi", "Mansour", "Nadeem", "Osmani", "Popal", "Qaderi", "Rahimi", "Stanekzai", "Tarzi",
            "Usmani", "Vance", "Wardak", "Yusufzai", "Zadran"]
KINDS = ["research", "news", "un", "government", "primary", "reference"]


# ------------------------------------------------------------------ the layout alone (fast)

def refs_of(n, kinds=("research",)):
    return {f"k-{i:05d}": SimpleNamespace(key=f"k-{i:05d}", kind=kinds[i % len(kinds)], order=i,
                                          label=f"<i>{FAMILIES[i % len(FAMILIES)]}</i> {2000 + i % 20}")
            for i in range(n)}


def test_a_small_bibliography_is_one_page_and_links_go_there():
    from reference_edition.data.bibpages import BIBLIOGRAPHY_PAGE, layout
    plan = layout(refs_of(98, KINDS))
    assert not plan.split and [p.src for p in plan.pages] == [BIBLIOGRAPHY_PAGE]
    assert plan.href("k-00003", "article.md") == "bibliography.md#k-00003"
    assert plan.href("k-00003", "glossary/bayah.md") == "../bibliography.md#k-00003"


def test_a_large_bibliography_is_split_by_group_and_part_with_every_entry_on_one_page():
    from reference_edition.data.bibpages import BIBLIOGRAPHY_PAGE, PART_SIZE, SPLIT_ABOVE, layout
    refs = refs_of(SPLIT_ABOVE * 5 + 7, ("research", "un"))
    plan = layout(refs)
    assert plan.split and BIBLIOGRAPHY_PAGE not in {p.src for p in plan.pages}, "the index holds no entries"
    shown = [k for p in plan.pages for k in p.keys]
    assert sorted(shown) == sorted(refs), "an entry is missing from the sub-pages, or shown twice"
    assert all(0 < len(p.keys) <= PART_SIZE for p in plan.pages), [len(p.keys) for p in plan.pages]
    research = [p for p in plan.pages if p.kind == "research"]
    assert len(research) > 1 and [p.src for p in research][:2] == ["bibliography/research-1.md",
                                                                   "bibliography/research-2.md"]
    assert research[0].span.startswith("Abbas 2000 – ") and "<" not in research[0].title, research[0]
    for page in plan.pages:   # each page's entries in the reference list's order
        orders = [refs[k].order for k in page.keys]
        assert orders == sorted(orders), page.src
        key = page.keys[0]
        assert plan.page_of[key] == page.src
        assert plan.href(key, "article.md") == f"{page.src}#{key}"
        assert plan.href(key, "glossary/x.md") == f"../{page.src}#{key}"
        assert plan.href(key, BIBLIOGRAPHY_PAGE) == f"{page.src}#{key}"


def test_a_group_that_fits_one_page_is_one_page_named_for_it():
    from reference_edition.data.bibpages import PART_SIZE, layout
    refs = refs_of(PART_SIZE * 2, ("research", "news", "un"))
    refs["k-99999"] = SimpleNamespace(key="k-99999", kind="primary", order=99999, label="Zadran 2001")
    plan = layout(refs)
    (primary,) = [p for p in plan.pages if p.kind == "primary"]
    assert primary.src == "bibliography/primary.md" and primary.keys == ("k-99999",) and primary.span == ""


INDEX_ENTRIES = 20_000   # issue 20: no page heavier than about 1 MB; the index lists every key
THEME_BYTES = 100_000    # what the theme adds around a page's content (head, header, navigation)


def test_the_index_of_20000_entries_stays_under_a_megabyte_and_lists_every_key_under_its_page():
    """The index's own content, converted by Python-Markdown with the site's extensions, plus
    the theme's share, at 20,000 entries with keys as long as scripts/bench_build.py's."""
    import markdown
    from bs4 import BeautifulSoup
    from reference_edition.data.bibpages import BIBLIOGRAPHY_PAGE, layout
    from reference_edition.pages.bibliography_page import index_markdown
    refs = {f"bench-{i:05d}": SimpleNamespace(key=f"bench-{i:05d}", kind=KINDS[i % len(KINDS)], order=i,
                                              label=f"{FAMILIES[i % len(FAMILIES)]} {2000 + i % 20}")
            for i in range(INDEX_ENTRIES)}
    plan = layout(refs)
    urls = {p.src: p.src.removesuffix(".md") + "/" for p in plan.pages}
    text = index_markdown(plan, urls, "bibliography/", "assets/anchors.js",
                          dict(titles=dict.fromkeys(KINDS, "Group"), style_note="a style", count=len(refs),
                               bibtex={}, split=True, headings=False))
    html = markdown.markdown(text.split("\n---\n", 1)[1], extensions=["attr_list", "md_in_html", "toc"])
    weight = len(html.encode("utf-8")) + THEME_BYTES
    assert weight < 1_000_000, f"the index of {INDEX_ENTRIES} entries weighs about {weight} bytes"
    doc = BeautifulSoup(html, "lxml")
    listed = {}
    for section in doc.select(".bib-keys .bib-keys-page"):
        link = section.select_one("p a[href]")
        assert link is not None, f"a list of keys without its page's link: {str(section)[:200]}"
        listed.update((li["id"], link["href"]) for li in section.select("li[id]"))
    assert set(listed) == set(refs), f"{len(set(refs) ^ set(listed))} keys missing from the index, or extra"
    for key, href in listed.items():
        assert href == urls[plan.page_of[key]].removeprefix("bibliography/"), f"#{key} is listed under {href}"
    assert BIBLIOGRAPHY_PAGE not in urls


# ------------------------------------------------------------------ a built site (build tier)

def synthetic_entry(i):
    family = FAMILIES[i * 7 % len(FAMILIES)]
    return (f"@misc{{syn-{i:05d},\n  author = {{{family}, Given{i % 13}}},\n"
            f"  title = {{Synthetic source number {i} on a subject}},\n  howpublished = {{Publisher {i % 17}}},\n"
            f"  year = {{{1990 + i % 35}}},\n  url = {{https://example.org/source/{i}}},\n  urldate = {{2024-01-01}},\n"
            f"  kind = {{{KINDS[i % len(KINDS)]}}},\n  annote = {{Synthetic entry {i} for the split test.}},\n}}\n")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The real project with SYNTHETIC sources, each cited once on a "sources" page, built for
    the address it is served from, and served with its Content-Security-Policy header."""
    from reference_edition.features.content_security_policy import header_value
    project = copy_project(tmp_path_factory.mktemp("split-project"))
    keys = [f"syn-{i:05d}" for i in range(SYNTHETIC)]
    with (project / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n" + "\n".join(synthetic_entry(i) for i in range(SYNTHETIC)))
    nav = ["  - Sources:"]
    for n, start in enumerate(range(0, SYNTHETIC, PER_PAGE)):
        page = project / "docs" / "sources" / f"s-{n:02d}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text(f"# Sources {n}\n\n" + "".join(f"- Source [@{k}]\n" for k in keys[start:start + PER_PAGE]),
                        encoding="utf-8")
        nav.append(f"      - sources/s-{n:02d}.md")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.rstrip().endswith("- How to cite: how-to-cite.md"), "mkdocs.yml no longer ends with its nav"
    config.write_text(text.rstrip() + "\n" + "\n".join(nav) + "\n", encoding="utf-8")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    address = f"http://127.0.0.1:{httpd.server_address[1]}"
    site = build_site(config, tmp_path_factory.mktemp("split-site"), site_url=address + "/")
    httpd.RequestHandlerClass = functools.partial(_QuietHandler, directory=str(site), csp=header_value(site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield SimpleNamespace(root=site, base=address, keys=keys)
    httpd.shutdown()
    httpd.server_close()


def parsed(path: Path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def url_of(site, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return "/" + rel.removesuffix("index.html")


def bibliography_pages(site):
    return sorted((site / "bibliography").rglob("index.html"))


@pytest.mark.build
def test_every_page_is_under_a_megabyte(served):
    sizes = {p.relative_to(served.root).as_posix(): p.stat().st_size for p in served.root.rglob("*.html")}
    assert len(sizes) > 50, f"only {len(sizes)} pages: did the build write the site?"
    heavy = {p: s for p, s in sizes.items() if s >= MAX_PAGE_BYTES}
    assert not heavy, f"pages of 1 MB or more: {heavy}"
    subpages = [p for p in bibliography_pages(served.root) if p.parent.name != "bibliography"]
    assert len(subpages) > len(KINDS), f"the bibliography was not split: {subpages}"


@pytest.mark.build
def test_every_entry_is_on_one_sub_page_and_the_index_lists_it(served):
    site = served.root
    index = parsed(site / "bibliography" / "index.html")
    assert not index.select(".bib-entry"), "the index of a split bibliography shows entries"
    where = {}
    for path in bibliography_pages(site):
        for entry in parsed(path).select(".bib-entry[id]"):
            assert entry["id"] not in where, f"#{entry['id']} is on {where.get(entry['id'])} and {path}"
            where[entry["id"]] = url_of(site, path)
    missing = [k for k in served.keys if k not in where]
    assert not missing, f"{len(missing)} synthetic entries on no bibliography page, e.g. {missing[:3]}"
    listed = {li["id"]: li.find_parent(class_="bib-keys-page").select_one("p a[href]")
              for li in index.select(".bib-keys li[id]")}
    assert set(listed) == set(where), f"the index's list of keys differs from the entries: {set(listed) ^ set(where)}"
    for key, link in listed.items():   # each key under the link to the page its entry is on
        target = urlsplit(urljoin("/bibliography/", link["href"]))
        assert target.path == where[key], f"the index lists #{key} under {link['href']}, not {where[key]}"
    script = index.select_one('script[src*="bibliography-anchors.js"]')
    assert script is not None, "the index has no script that follows /bibliography/#key"
    assert (site / unquote(urlsplit(urljoin("/bibliography/", script["src"])).path).lstrip("/")).is_file()


@pytest.mark.build
def test_every_id_of_the_split_bibliography_is_an_entrys_or_reserved(served):
    """As tests/test_inputs.py checks the one page: no key can take an id the index or a
    sub-page gives (the index's list of keys holds the entries' ids, for old addresses)."""
    import re
    from reference_edition.data.bibread import RESERVED_IDS
    checked = 0
    for path in bibliography_pages(served.root):
        doc = parsed(path)
        entries = {e["id"] for e in doc.select("div.bib-entry[id], .bib-keys li[id]")}
        others = {e["id"] for e in doc.select("[id]")} - entries
        free = sorted(i for i in others if re.fullmatch(r"[a-z0-9-]+", i) and not RESERVED_IDS.fullmatch(i))
        assert entries and not free, f"{path}: ids a refs.bib key could take (add them to bibread.RESERVED_IDS): {free}"
        checked += 1
    assert checked > len(KINDS), f"only {checked} bibliography pages checked"


@pytest.mark.build
def test_every_link_to_an_entry_reaches_it_on_its_page(served):
    """Citations, reference lists, Cited in, the claims table, glossary facts, the method page's
    tables, the article's About box: each link into the bibliography lands on the element."""
    site, ids, reached = served.root, {}, set()
    entries = {e["id"] for path in bibliography_pages(site) for e in parsed(path).select(".bib-entry[id]")}
    kinds = set()
    for path in site.rglob("*.html"):
        doc = parsed(path)
        base = url_of(site, path)
        for a in doc.select("a[href*='#']"):
            target = urlsplit(urljoin(base, a["href"]))
            if target.netloc or not target.path.startswith("/bibliography/") or not target.fragment:
                continue
            if target.path not in ids:
                file = site / target.path.lstrip("/") / "index.html"
                assert file.is_file(), f"{base}: {a['href']} leads to no page"
                ids[target.path] = {e["id"]: e for e in parsed(file).select("[id]")}
            element = ids[target.path].get(target.fragment)
            assert element is not None, f"{base}: {a['href']} names no element on {target.path}"
            if "bib-entry" in element.get("class", []):
                reached.add(target.fragment)
                kinds.add(next((c for c in a.get("class", [])), "plain"))
            else:   # a heading's permalink, a group; not a key (the index's list is for old links only)
                assert target.fragment not in entries, \
                    f"{base}: {a['href']} lands on {element.name}#{target.fragment}, not on the entry's page"
    assert set(served.keys) <= reached, f"{len(set(served.keys) - reached)} synthetic entries reached by no link"
    assert {"cite", "bib-link"} <= kinds, f"no citations or reference-list links were checked: {kinds}"


@pytest.mark.build
def test_bibliography_heads_are_their_own_record_and_search_leaves_out_bibtex(served):
    site = served.root
    for path in bibliography_pages(site):
        doc = parsed(path)
        head = str(doc.head)
        assert not doc.select('head meta[name="citation_reference"]'), f"{path}: a citation_reference per entry"
        assert len(head.encode()) < 40_000, f"{path}: the <head> weighs {len(head.encode())} bytes"
        (record,) = [json.loads(s.string) for s in doc.select('head script[type="application/ld+json"]')]
        assert record["@type"] == "Dataset" and "citation" not in record, path
        assert {d["contentUrl"].rsplit("/", 1)[1] for d in record["distribution"]} >= {"refs.bib", "refs.json"}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = "\n".join(d["text"] for d in index["docs"])
    assert "Synthetic entry 7 for the split test" in text, "the annotations are no longer searchable"
    for left_out in ("@misc{syn-", "Cited in", "Bibliography entry", "syn-00007</code>"):
        assert left_out not in text, f"the search index carries {left_out!r}"


@pytest.mark.build
@pytest.mark.browser
def test_an_old_address_reaches_the_entry_on_its_page(served, browser):
    from playwright.sync_api import expect
    from browser_waits import wait_top_in_view
    key = served.keys[-1]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        tab = csp_violations(context.new_page())
        tab.goto(f"{served.base}/bibliography/#{key}")
        tab.wait_for_url(f"**/bibliography/*/#{key}")
        expect(tab.locator(f".bib-entry#{key}"), f"#{key} is not shown at {tab.url}").to_be_visible()
        wait_top_in_view(tab, f"#{key}", failing=f"#{key} is not in view at {tab.url}")
        tab.goto(f"{served.base}/bibliography/")    # a fragment followed on the index itself
        tab.evaluate(f"location.hash = '{key}'")
        tab.wait_for_url(f"**/bibliography/*/#{key}")
        assert not tab.csp_violations, "the index's script broke the Content-Security-Policy:\n" + \
            "\n".join(tab.csp_violations)
    finally:
        context.close()


@pytest.mark.build
@pytest.mark.browser
def test_without_script_an_old_address_shows_the_key_under_the_link_to_its_page(served, browser):
    from playwright.sync_api import expect
    key = served.keys[len(served.keys) // 2]   # in the middle of a page's list: its link is far above
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{served.base}/bibliography/#{key}")
        item = tab.locator(f"li#{key}")
        expect(item).to_be_visible()
        item_box = item.bounding_box()
        assert 0 <= item_box["y"] < 900, f"/bibliography/#{key} does not show the key: it is at {item_box}"
        link = tab.locator(f".bib-keys-page:has(li#{key}) > p a")
        box = link.bounding_box()
        assert box and 0 <= box["y"] < item_box["y"], \
            f"without script, the link to #{key}'s page is not in view above the key: {box}, key at {item_box}"
        link.click()   # where the reader finds the entry by its key
        tab.wait_for_url("**/bibliography/*/")
        expect(tab.locator(f".bib-entry#{key}")).to_have_count(1)
    finally:
        context.close()
