"""Accessibility: axe-core (bundled by the pinned axe-playwright-python) finds no violation, of
any impact, on any page type, at 1280 px and at 390 px (a phone), in the light and the dark palette.

Fixes live in docs/assets/stylesheets/reader-quality.css and overrides/partials/ (DESIGN.md,
"Reader quality"). Colour is never the only carrier of a claim's verdict: checked below."""
import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = ["/", "/article/", "/claims/", "/method/", "/editions/", "/bibliography/", "/glossary/", "/glossary/haqqani-network/",
         "/how-to-cite/", "/404.html"]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE = Axe()


def _violations(page):
    results = AXE.run(page).response
    return [f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:4])
            for v in results["violations"]]


@pytest.fixture(scope="module")
def axe_tab(browser, server):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_axe_violations(axe_tab, server, scheme, width):
    axe_tab.set_viewport_size(WIDTHS[width])
    # Material keeps the reader's palette in localStorage (one key per site); set it the same way.
    axe_tab.goto(server + "/")
    axe_tab.evaluate("""scheme => __md_set("__palette", {index: scheme === "slate" ? 1 : 0, color: {
        media: scheme === "slate" ? "(prefers-color-scheme: dark)" : "(prefers-color-scheme: light)",
        scheme, primary: "blue-grey", accent: "indigo"}})""", scheme)
    found = {}
    for path in PAGES:
        axe_tab.goto(server + path)
        assert axe_tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        problems = _violations(axe_tab)
        if problems:
            found[path] = problems
    assert not found, "\n".join(f"{path} ({width}, {scheme}): {p}" for path, problems in found.items() for p in problems)


def test_verdicts_never_carried_by_colour_alone(reader):
    """Every claim marker and every verdict label carries a symbol and words, not just a colour."""
    article = reader.page("article/")
    marks = article.select("a.claim-mark")
    assert marks
    for mark in marks:
        assert mark.select_one(".claim-mark__symbol").get_text(strip=True), mark
        assert mark["data-verdict"].replace("-", " ") in mark["aria-label"].lower(), mark
    symbols = {}
    for verdict in article.select(".claim-notes .verdict"):
        kind = next(c for c in verdict["class"] if c.startswith("verdict--"))
        symbols.setdefault(kind, set()).add(verdict.select_one(".verdict__symbol").get_text(strip=True))
        assert verdict.get_text(" ", strip=True).split(" ", 1)[1], verdict   # a word after the symbol
    assert all(len(s) == 1 for s in symbols.values())          # one symbol per verdict ...
    assert len({next(iter(s)) for s in symbols.values()}) == len(symbols)   # ... and distinct
