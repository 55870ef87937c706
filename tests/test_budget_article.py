"""Page-weight budget: the article page's HTML plus every stylesheet and script it references
(local files only; pages load nothing from other hosts), measured gzip-compressed, as static
hosts serve them and readers download them.

How the budget was set (DESIGN.md, "Reader quality"): on 25 Nov 2026 the page weighed 105.5 kB
compressed (572 kB uncompressed: HTML 40 kB, Material's CSS 25 kB and JS 35 kB, the edition's
own CSS/JS 6 kB); the budget is that plus ~25% headroom. Raising it is a decision: say why."""
import gzip

BUDGET_GZIP = 132_000          # bytes, gzip level 6 (the common server default)


def _page_files(site, reader, url="article/"):
    soup = reader.page(url)
    base = site / url
    refs = [tag["href"] for tag in soup.select("link[rel=stylesheet][href]")]
    refs += [tag["src"] for tag in soup.select("script[src]")]
    assert not [r for r in refs if r.startswith(("http:", "https:", "//"))]
    return [base / "index.html"] + [(base / r.split("?")[0]).resolve() for r in refs]


def test_article_page_weight_within_budget(site, reader):
    files = _page_files(site, reader)
    sizes = {f.name: len(gzip.compress(f.read_bytes(), 6)) for f in files}
    total = sum(sizes.values())
    assert total <= BUDGET_GZIP, f"article page is {total:,} bytes gzipped (budget {BUDGET_GZIP:,}): {sizes}"


def test_budget_counts_what_the_page_loads(site, reader):
    names = {f.name for f in _page_files(site, reader)}
    assert "index.html" in names and any(n.startswith("main.") and n.endswith(".css") for n in names)
    assert any(n.startswith("bundle.") for n in names)
    assert "iframe-worker-shim.js" not in names   # the offline shim is for file:// copies only
