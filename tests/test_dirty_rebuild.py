"""`mkdocs serve --dirty` and `mkdocs build --dirty` convert only the pages that changed. The
bibliography's "Cited in" must still list the citations of the pages they skip: the generated
pages' from the model (data), hand-written pages' from the plugin's record of their last
conversion (serve) or, in a new process, from reading them again (build)."""

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from conftest import ROOT, copy_project

pytestmark = pytest.mark.build   # every test here builds a site

KEY = "theasialive-2023"     # cited by the article (generated) and by how-to-cite.md (hand-written)


def _build(project, site, dirty, new_process):
    if new_process:
        MkDocsConfig.plugins.plugin_cache.clear()   # a new `mkdocs build` knows nothing of the last one
    # Strict only for the full build: MkDocs warns that any dirty build may leave stale links.
    config = load_config(config_file=str(project / "mkdocs.yml"), strict=not dirty, site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()


def _cited_in(site):
    doc = BeautifulSoup((site / "bibliography" / "index.html").read_text(encoding="utf-8"), "lxml")
    return [a["href"] for a in doc.select(f'[id="{KEY}"] .bib-cited-in a')]


def _dirty_rebuild_keeps_back_links(tmp_path, new_process):
    copy_project(tmp_path)
    site = tmp_path / "site"
    _build(tmp_path, site, dirty=False, new_process=True)
    before = _cited_in(site)
    assert "../how-to-cite/#fnref:ref-theasialive-2023" in before and "../article/#about" in before
    how_to_cite = (site / "how-to-cite" / "index.html").stat().st_mtime_ns

    bib = tmp_path / "refs.bib"   # a data edit: the generated pages are converted again
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "annote       = {The text this edition reproduces:", "annote       = {EDITED The text this edition reproduces:"),
        encoding="utf-8")
    _build(tmp_path, site, dirty=True, new_process=new_process)
    assert (site / "how-to-cite" / "index.html").stat().st_mtime_ns == how_to_cite   # skipped: not converted
    assert "EDITED" in (site / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert _cited_in(site) == before


def test_serve_dirty_rebuild_keeps_back_links_of_skipped_pages(tmp_path):
    _dirty_rebuild_keeps_back_links(tmp_path, new_process=False)


def test_build_dirty_in_a_new_process_keeps_back_links_of_skipped_pages(tmp_path):
    _dirty_rebuild_keeps_back_links(tmp_path, new_process=True)
