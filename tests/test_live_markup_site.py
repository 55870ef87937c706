"""Issue 17's live-markup cases on a built copy of the project (build tier; the Chromium check is
browser tier). One copy carries every case at once: attr_list braces on their own line in a
glossary definition, a fact and meta.yml's description; markup in meta.yml's publisher and
authors; a headline with <script>, a double quote and the paragraph placeholder; markup in a
configured author's name. Each must be inert text: no event handler, no javascript: link, no
script but the site's own, the payload visible as characters."""
import hashlib

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort, PluginError

from conftest import ROOT, build_site, copy_project

pytestmark = pytest.mark.build

SEED = "seeds/taliban-plan-to-rebuild-al-qaeda.txt"
CLAIMS = "seeds/taliban-plan-to-rebuild-al-qaeda.claims.yml"
META = "seeds/taliban-plan-to-rebuild-al-qaeda.meta.yml"
ATTR_LIST = "{: tabindex=0 autofocus onfocus=alert(1) }"
PUBLISHER = "The Asia Live<img src=x onerror=alert(2)>"
AUTHOR = "<script>alert(3)</script>Victoria Jones"
HEADLINE_PREFIX = '<script>alert(4)</script> "Quoted" XPARANUMX: '
EDITOR = "Editors<img src=x onerror=alert(5)>"
PAGES = ["index.html", "article/index.html", "claims/index.html", "glossary/index.html",
         "glossary/kabul/index.html", "bibliography/index.html", "editions/index.html"]


def _copy(tmp_path):
    copy_project(tmp_path)
    return tmp_path


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    p = _copy(tmp_path_factory.mktemp("live-markup"))
    entry = yaml.safe_load((p / "glossary/kabul.yml").read_text(encoding="utf-8"))
    entry["definition"] += f"\n\n{ATTR_LIST}\n"
    entry["facts"][0]["text"] += f"\n\n{ATTR_LIST}\n"
    entry["facts"][1]["text"] += " As *reported* [@theasialive-2023, para. 2]."
    (p / "glossary/kabul.yml").write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    _replace(p / CLAIMS, "    American opinion.\n", "    American opinion. *See also* [@theasialive-2023, para. 1].\n")
    seed = p / SEED
    data = seed.read_bytes()
    seed.write_bytes(HEADLINE_PREFIX.encode() + data)
    meta = p / META
    _replace(meta, hashlib.sha256(data).hexdigest(), hashlib.sha256(seed.read_bytes()).hexdigest())
    _replace(meta, "    published without a byline by The Asia Live.\n",
             f"    published without a byline by The Asia Live.\n\n    {ATTR_LIST}\n")
    _replace(meta, "  publisher: The Asia Live\n", f'  publisher: "{PUBLISHER}"\n')
    _replace(meta, "authors: [Sajjan M. Gohel, Victoria Jones]", f'authors: [Sajjan M. Gohel, "{AUTHOR}"]')
    _replace(p / "mkdocs.yml", "          - name: Reference edition editors\n",
             f'          - name: Reference edition editors\n          - name: "{EDITOR}"\n')
    return build_site(p / "mkdocs.yml", p / "site")


def soup_of(site, page):
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")


def related_to_kabul(site):
    def related(page):
        heading = soup_of(site, page).select_one("h2#related")
        return heading and heading.find_next("ul").select('a[href$="/kabul/"]')
    return sorted(page for page in (p.relative_to(site).as_posix() for p in (site / "glossary").glob("*/index.html"))
                  if related(page))


@pytest.mark.parametrize("page", PAGES + ["glossary/taliban/index.html"])
def test_no_live_markup(hostile, page):
    soup = soup_of(hostile, page)
    handlers = [(el.name, a) for el in soup.find_all(True) for a in el.attrs if a.lower().startswith("on")]
    assert not handlers, f"{page}: event handlers {handlers}"
    assert not soup.select('[href^="javascript:" i], [src^="javascript:" i]'), f"{page}: javascript: URL"
    assert not [s for s in soup.find_all("script") if "alert(" in s.get_text()
                and s.get("type") not in ("application/ld+json", "application/json")], f"{page}: a script of the data"
    assert not soup.find("img", src="x"), f"{page}: an <img> of the data"
    assert not soup.select("[autofocus]:not(.cite-popover__close)"), f"{page}: autofocus from the data"


def test_every_page_relating_to_the_entry_is_inert(hostile):
    pages = related_to_kabul(hostile)
    assert pages, "no entry lists Kabul under Related entries: the case is not exercised"
    for page in pages:
        soup = soup_of(hostile, page)
        assert not [a for el in soup.find_all(True) for a in el.attrs if a.startswith("on")], page
        assert ATTR_LIST in " ".join(soup.select_one("#related").find_next("ul").get_text().split()), page


def test_attr_list_braces_are_shown_as_written(hostile):
    index = soup_of(hostile, "glossary/index.html")
    dd = index.select_one("dt#kabul").find_next_sibling("dd")
    assert ATTR_LIST in dd.get_text(), dd
    entry = soup_of(hostile, "glossary/kabul/index.html")
    assert ATTR_LIST in entry.select_one(".glossary-definition").get_text()
    assert ATTR_LIST in entry.select_one("#fact-1").get_text()
    about = soup_of(hostile, "article/index.html").select_one("#about")
    assert about is not None and ATTR_LIST in about.get_text(), about


def test_publisher_authors_and_editor_are_text(hostile):
    article = soup_of(hostile, "article/index.html")
    text = article.get_text()
    assert PUBLISHER in text and AUTHOR in text, "publisher/authors must be shown as written"
    box = article.select_one("#cite-this-page")
    assert PUBLISHER in box.get_text() and AUTHOR in box.get_text(), "Cite the original names them as text"
    for form in box.select(".cite-format"):
        assert "Editors<img" in form.get_text() or "Editors\\<img" in form.get_text(), \
            f"the configured author is missing from {form['class']}"


def test_headline_is_text_everywhere(hostile):
    article = soup_of(hostile, "article/index.html")
    assert article.h1.get_text().startswith(HEADLINE_PREFIX), article.h1
    assert article.title.get_text().startswith(HEADLINE_PREFIX), article.title
    assert "edition_page" not in article.get_text(), "the front matter was printed: a quote broke it"
    apa = article.select_one("#cite-apa").get_text()
    # as text; the citation forms print quotation marks typographically, as pandoc's citeproc does
    assert HEADLINE_PREFIX.strip().replace('"Quoted"', "“Quoted”") in apa, apa


def test_headline_is_text_in_the_search_index_and_other_pages(hostile):
    """Material's search shows a title as HTML, and every page's navigation and footer print titles."""
    import json
    entries = json.loads((hostile / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = [e["title"] for e in entries if e["location"].startswith("article/")]
    assert titles and not [t for t in titles if "<script" in t], titles
    assert BeautifulSoup(titles[0], "lxml").get_text().startswith(HEADLINE_PREFIX), titles[0]
    for page in PAGES:
        soup = soup_of(hostile, page)
        assert not [s for s in soup.find_all("script") if "alert(4)" in s.get_text()
                    and s.get("type") != "application/ld+json"], page


def test_paragraph_placeholder_in_the_headline_is_kept(hostile):
    article = soup_of(hostile, "article/index.html")
    for n in (1, 7):
        ref = article.select_one(f"#cite-p{n}-chicago").get_text()
        assert "XPARANUMX" in ref.upper() and f"#p{n}" in ref, ref


def test_javascript_version_url_stops_the_build(tmp_path, monkeypatch, caplog):
    p = _copy(tmp_path)
    monkeypatch.setenv("VERSION_URL", "javascript:alert(document.domain)//")
    with pytest.raises((Abort, PluginError)) as err:
        build_site(p / "mkdocs.yml", p / "site")
    message = str(err.value) + caplog.text
    assert "citation.version_url" in message and "http(s) or relative" in message, message
    assert not (p / "site").exists()


@pytest.mark.browser
def test_no_dialog_opens_in_chromium(hostile, browser):
    import functools
    import http.server
    import threading
    from browser_waits import IMAGES_SETTLED
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    dialogs, context = [], browser.new_context()
    try:
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for page in PAGES + related_to_kabul(hostile)[:2]:
            tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{page}")
            tab.wait_for_load_state("load")
            for _ in range(30):   # focus walks through every focusable element
                tab.keyboard.press("Tab")
            tab.wait_for_function(IMAGES_SETTLED)
    finally:
        context.close()
        httpd.shutdown()
    assert dialogs == [], f"dialogs opened: {dialogs}"


def test_citations_in_notes_and_facts_are_citations(hostile):
    """Notes and facts are Markdown by design: [@key, locator] in them is a citation, listed in
    the page's references and in the bibliography's "Cited in"."""
    article = soup_of(hostile, "article/index.html")
    note = article.select_one("#note-p1-c1 .claim-note-text")
    assert note.em and note.em.get_text() == "See also", note
    cite = note.select_one('a.cite[href$="#theasialive-2023"]')
    assert cite is not None and "para. 1" in cite.get_text(), note
    claims = soup_of(hostile, "claims/index.html").select_one('tr[id$="p1-c1"]')
    assert claims.select_one('a.cite[href$="#theasialive-2023"]'), claims
    fact = soup_of(hostile, "glossary/kabul/index.html").select_one("#fact-2")
    assert fact.em and fact.select_one('a.cite[href$="#theasialive-2023"]'), fact
    cited_in = soup_of(hostile, "bibliography/index.html").select_one("#theasialive-2023 .bib-cited-in")
    hrefs = [a["href"] for a in cited_in.select("a")]
    assert any(h.endswith("#p1-c1") for h in hrefs) and any(h.endswith("kabul/#fact-2") for h in hrefs), hrefs
