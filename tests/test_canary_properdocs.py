"""CI canary: the site builds with ProperDocs, the community continuation of MkDocs 1.x, as it
does with the pinned MkDocs (README, "ProperDocs"). It needs `make canary`, which creates
.venv-canary (the runtime lock without mkdocs, plus ProperDocs); without it these tests are
skipped. CI does not run `make canary`, so there they are always skipped."""
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from reference_edition.data.bib import load_bibliography
from reference_edition.data.glossary import load_glossary
from reference_edition.data.seed import load_article
from sites import make_site

ROOT = Path(__file__).resolve().parent.parent
PROPERDOCS = ROOT / ".venv-canary" / "bin" / "properdocs"

pytestmark = pytest.mark.skipif(
    not PROPERDOCS.exists(),
    reason="ProperDocs canary not installed: `make canary` creates .venv-canary (not part of make test or CI)")


def properdocs_build(config, site_dir):
    """`properdocs build --strict` in a subprocess: ProperDocs' own CLI, as a user would run it."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run([str(PROPERDOCS), "build", "--strict", "-f", str(config), "--site-dir", str(site_dir)],
                          cwd=Path(config).parent, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("canary") / "site"
    proc = properdocs_build(ROOT / "mkdocs.yml", out)
    assert proc.returncode == 0, f"properdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def page(site, url_path):
    return BeautifulSoup((site / url_path / "index.html").read_text(encoding="utf-8"), "lxml")


def test_the_venv_has_properdocs_and_no_mkdocs():
    # Otherwise the canary could pass on MkDocs itself. (mkdocs-material and mkdocs-bibtex declare
    # `mkdocs` as a dependency; ProperDocs serves their `import mkdocs` with its own modules.)
    python = PROPERDOCS.parent / "python"
    proc = subprocess.run([str(python), "-c", "import importlib.util as u; print(u.find_spec('mkdocs') is None)"],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "True", "mkdocs is installed in .venv-canary: `rm -r .venv-canary && make canary`"


def test_generator_is_properdocs(canary_site):
    generator = page(canary_site, ".").find("meta", attrs={"name": "generator"})["content"]
    assert "ProperDocs" in generator, generator


def test_article_bibliography_and_glossary_pages_exist(canary_site):
    article = page(canary_site, "article")
    paragraphs = load_article(ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.txt").paragraphs
    assert [p["id"] for p in article.select("p.para[id]")] == [f"p{n}" for n in range(1, len(paragraphs) + 1)]

    bibliography = page(canary_site, "bibliography")
    for key in load_bibliography(ROOT / "refs.bib"):
        assert bibliography.find("div", id=key, class_="bib-entry") is not None, key

    gloss = load_glossary(ROOT / "glossary", ROOT / "refs.bib")
    assert (canary_site / "glossary" / "index.html").is_file()
    for slug, entry in gloss.entries.items():
        doc = page(canary_site, f"glossary/{slug}")
        assert doc.select_one("article h1").get_text().strip().startswith(entry.name), slug


def test_no_citation_or_placeholder_survives_in_any_page(canary_site):
    pages = sorted(canary_site.rglob("*.html"))
    assert len(pages) > 10, pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "EDITION-REFERENCE-NOTE" not in html, path  # hooks/edition/bib.py's placeholder
        doc = BeautifulSoup(html, "lxml")
        for code in doc.select("pre, code"):  # citation syntax shown as code is meant to stay
            code.decompose()
        assert "[@" not in str(doc), path


# hooks/atomic_site_dir.py reads the strict-warning counter from the 'mkdocs' logger and, as
# ProperDocs keeps it, from the 'properdocs' logger: a build failed by warnings keeps the old site.
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
def test_strict_failures_still_stop_the_build(tmp_path, pages, named):
    # The hooks' errors and MkDocs' strict warnings both end a ProperDocs build with an error.
    proc = properdocs_build(fixture_site(tmp_path, pages), tmp_path / "out")
    assert proc.returncode != 0, proc.stderr
    assert all(word in proc.stderr for word in named), proc.stderr


@pytest.mark.parametrize("pages, named", FAILURES)
def test_a_failed_build_leaves_the_previous_site(tmp_path, pages, named):
    config = fixture_site(tmp_path, {"index.md": "# Home\n\nPREVIOUS SITE [@known-2020]\n"})
    assert properdocs_build(config, tmp_path / "out").returncode == 0
    for rel, text in pages.items():
        (tmp_path / "docs" / rel).write_text(text, encoding="utf-8")
    assert properdocs_build(config, tmp_path / "out").returncode != 0
    assert "PREVIOUS SITE" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs.yml", "out", "refs.bib"]
