"""CI canary: the site builds with ProperDocs, the community continuation of MkDocs 1.x, as it
does with the pinned MkDocs (DESIGN.md, "ProperDocs").

`make test` creates .venv-canary before the suite (Makefile, $(CANARY_STAMP)): requirements.lock
without mkdocs and mkdocs-get-deps, the ProperDocs pinned in requirements-canary.lock, and the
project itself (reference_edition/, editable), all with --no-deps. Without that venv these tests
are skipped with the reason, and fail under `make test` (`--require-tier canary`), so a CI run
cannot pass a canary that did not run. `make canary` tries
the newest ProperDocs 1.x in the same venv and removes its stamp; the next `make test` puts the
pinned one back."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from reference_edition.data.bib import load_bibliography
from reference_edition.data.glossary import load_glossary
from reference_edition.data.seed import load_article
from conftest import missing_tool
from sites import make_site
from test_dependencies import read_lock

ROOT = Path(__file__).resolve().parent.parent
CANARY = ROOT / ".venv-canary"
PROPERDOCS = CANARY / "bin" / "properdocs"
NOT_IN_THE_CANARY = {"mkdocs", "mkdocs-get-deps"}   # the Makefile's awk filter
GENERATOR = '<meta name="generator" content="'


@pytest.fixture(scope="module", autouse=True)
def canary_venv(pytestconfig):
    if not PROPERDOCS.exists():
        missing_tool(pytestconfig, "canary", f"{PROPERDOCS.relative_to(ROOT)} is missing: "
                     "`make test` creates .venv-canary")


def properdocs_build(config, site_dir, site_url=None):
    """`properdocs build --strict` in a subprocess: ProperDocs' own CLI, as a user would run it
    (site_url: as the deploy sets it, through mkdocs.yml's SITE_URL)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run([str(PROPERDOCS), "build", "--strict", "-f", str(config), "--site-dir", str(site_dir)],
                          cwd=Path(config).parent, env=env, capture_output=True, text=True, timeout=600)


# What the canary venv holds, asked of its own Python (plain: ProperDocs' `mkdocs` alias is not
# loaded, so a real MkDocs would show).
INSPECT = """
import importlib.metadata as md, importlib.util, json
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
dists = {canonicalize_name(d.metadata["Name"]): d.version for d in md.distributions()}
unmet = []
for line in md.requires("properdocs") or []:
    req = Requirement(line)
    if req.marker and not req.marker.evaluate({"extra": ""}):
        continue
    have = dists.get(canonicalize_name(req.name))
    if have is None or not req.specifier.contains(have, prereleases=True):
        unmet.append(f"{line} (installed: {have})")
print(json.dumps({
    "dists": dists,
    "unmet": unmet,
    "mkdocs": importlib.util.find_spec("mkdocs") is not None,
    "plugin": [ep.value for ep in md.entry_points(group="mkdocs.plugins") if ep.name == "reference-edition"],
    "package": importlib.util.find_spec("reference_edition").origin,
}))
"""


@pytest.fixture(scope="module")
def canary_env():
    proc = subprocess.run([str(CANARY / "bin" / "python"), "-c", INSPECT], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_venv_has_properdocs_and_no_mkdocs(canary_env):
    # Otherwise the canary could pass on MkDocs itself. (mkdocs-material and mkdocs-bibtex declare
    # `mkdocs` as a dependency; ProperDocs serves their `import mkdocs` with its own modules.)
    assert not canary_env["mkdocs"], "mkdocs is installed in .venv-canary: `rm -r .venv-canary && make test`"
    assert not NOT_IN_THE_CANARY & set(canary_env["dists"]), canary_env["dists"]


def test_the_venv_is_the_locks_with_the_pinned_properdocs(canary_env):
    """Deterministic: every package at the version of requirements.lock (less mkdocs) and
    requirements-canary.lock, ProperDocs' own requirements met by them, and the project's
    plugin installed from this checkout."""
    locked = {k: v for k, (v, _) in read_lock("requirements.lock").items() if k not in NOT_IN_THE_CANARY}
    pinned = {k: v for k, (v, _) in read_lock("requirements-canary.lock").items()}
    assert set(pinned) == {"properdocs"}, pinned
    wrong = {k: (str(v), canary_env["dists"].get(k)) for k, v in {**locked, **pinned}.items()
             if canary_env["dists"].get(k) != str(v)}
    assert not wrong, (f".venv-canary differs from its locks (locked, installed): {wrong}; "
                       "`make test` reinstalls it (after `make canary` too)")
    assert not canary_env["unmet"], f"ProperDocs {pinned['properdocs']} needs what requirements.lock lacks: {canary_env['unmet']}"
    assert canary_env["plugin"] == ["reference_edition.plugin:EditionPlugin"], canary_env["plugin"]
    assert Path(canary_env["package"]).parent == ROOT / "reference_edition", (
        f"the canary's reference_edition is {canary_env['package']}, not this checkout's: `make test`")


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory, _httpd):
    """Built for the address the suite's MkDocs build is built for (conftest.py), to compare them."""
    out = tmp_path_factory.mktemp("canary") / "site"
    proc = properdocs_build(ROOT / "mkdocs.yml", out, f"http://127.0.0.1:{_httpd.server_address[1]}/")
    assert proc.returncode == 0, f"properdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="module")
def parsed(canary_site):
    """Every page of the canary build, parsed once: {path relative to the site: BeautifulSoup}."""
    return {str(path.relative_to(canary_site)): BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
            for path in sorted(canary_site.rglob("*.html"))}


def page(parsed, url_path):
    return parsed[str(Path(url_path) / "index.html")]


def without_generator(data: bytes) -> bytes:
    """A page without its <meta name="generator"> tag (the one line that names the builder)."""
    start = data.find(GENERATOR.encode())
    return data if start < 0 else data[:start] + data[data.index(b">", start) + 1:]


def test_generator_is_properdocs(parsed):
    generator = page(parsed, ".").find("meta", attrs={"name": "generator"})["content"]
    assert "ProperDocs" in generator, generator


def test_every_file_is_the_mkdocs_builds_but_the_generator_tag(canary_site, site):
    # `site` is the suite's MkDocs build of the same mkdocs.yml (conftest.py).
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(canary_site) for p in canary_site.rglob("*") if p.is_file())
    differ = [str(rel) for rel in files
              if without_generator((site / rel).read_bytes()) != without_generator((canary_site / rel).read_bytes())]
    assert not differ, f"ProperDocs wrote these differently from MkDocs: {differ}"


def test_article_bibliography_and_glossary_pages_exist(parsed):
    article = page(parsed, "article")
    paragraphs = load_article(ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.txt").paragraphs
    assert [p["id"] for p in article.select("p.para[id]")] == [f"p{n}" for n in range(1, len(paragraphs) + 1)]

    bibliography = page(parsed, "bibliography")
    for key in load_bibliography(ROOT / "refs.bib"):
        assert bibliography.find("div", id=key, class_="bib-entry") is not None, key

    gloss = load_glossary(ROOT / "glossary", load_bibliography(ROOT / "refs.bib"))
    assert "glossary/index.html" in parsed
    for slug, entry in gloss.entries.items():
        doc = page(parsed, f"glossary/{slug}")
        assert doc.select_one("article h1").get_text().strip().startswith(entry.name), slug


def test_citations_link_to_bibliography_entries(parsed):
    keys = {div["id"] for div in page(parsed, "bibliography").select("div.bib-entry[id]")}
    cited = set()
    for path, doc in parsed.items():
        for a in doc.select("a.cite"):
            target, _, key = a["href"].partition("#")
            assert target.rstrip("/").endswith("bibliography") and key in keys, (path, a["href"])
            assert a.get_text(strip=True) and a.get("id", "").startswith("fnref"), (path, str(a))
            cited.add(key)
    assert len(page(parsed, "article").select("article a.cite")) > 10
    assert len(cited) > 10, cited


def test_glossary_terms_are_linked_in_the_article(parsed):
    gloss = load_glossary(ROOT / "glossary", load_bibliography(ROOT / "refs.bib"))
    links = page(parsed, "article").select("p.para a.term")
    assert links, "no glossary link in the article"
    for a in links:
        slug = a["href"].strip("/").rpartition("/")[2]
        assert a["href"] == f"../glossary/{slug}/" and slug in gloss.entries, a["href"]
        assert f"glossary/{slug}/index.html" in parsed, slug


def test_no_citation_survives_in_any_page(canary_site):
    pages = sorted(canary_site.rglob("*.html"))
    assert len(pages) > 10, pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        # Citation syntax shown as code is meant to stay (Material's code blocks do not nest).
        html = re.sub(r"<pre[\s>].*?</pre>|<code[\s>].*?</code>", "", html, flags=re.S)
        assert "[@" not in html, (path, html[html.index("[@") - 200:html.index("[@") + 50])


# reference_edition/features/atomic_site_dir.py reads the strict-warning counter from the 'mkdocs'
# logger and, as ProperDocs keeps it, from the 'properdocs' logger: a build failed by warnings
# keeps the old site.
FAILURES = [
    pytest.param({"index.md": "# Home\n", "notes.md": "See [@no-such-key].\n"}, ["notes.md", "no-such-key"],
                 id="unknown-citation-key"),
    pytest.param({"index.md": "# Home\n\n[x](missing.md) [@known-2020]\n"}, ["index.md", "missing.md"],
                 id="broken-link-warning"),
]


def fixture_site(tmp_path, pages):
    config = make_site(tmp_path, pages)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["theme"] = {"name": "material"}  # ProperDocs ships no built-in themes (no "mkdocs")
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    return config


@pytest.mark.parametrize("pages, named", FAILURES)
def test_strict_failures_stop_the_build_and_leave_the_previous_site(tmp_path, pages, named):
    config = fixture_site(tmp_path, {"index.md": "# Home\n\nPREVIOUS SITE [@known-2020]\n"})
    proc = properdocs_build(config, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    previous = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    cite = BeautifulSoup(previous, "lxml").select_one("a.cite")   # the plugin ran on the fixture too
    assert cite is not None and cite["href"].endswith("#known-2020"), previous

    # The plugin's errors and MkDocs' strict warnings both end a ProperDocs build with an error
    # that names the page and the cause...
    for rel, text in pages.items():
        (tmp_path / "docs" / rel).write_text(text, encoding="utf-8")
    proc = properdocs_build(config, tmp_path / "out")
    assert proc.returncode != 0, proc.stderr
    assert all(word in proc.stderr for word in named), proc.stderr
    # ...and leave the previous site as it was, with no build folder beside it (.cache/ is the
    # formatted-reference cache, reference_edition/data/bib.py).
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == previous
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache")
    assert left == ["docs", "mkdocs.yml", "out", "refs.bib"], left
