"""features/dirty_builds.py: `mkdocs serve --dirty` under `strict: true` rebuilds only what
changed: generated pages whose Markdown is the same as in the last build are skipped as an
unchanged written page is, the bibliography (whose "Cited in" reads every page) is not, and a
skipped page's citation downloads keep what the last build wrote."""
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from conftest import copy_project

pytestmark = pytest.mark.build


def _stamps(site, paths):
    return {p: (site / p).stat().st_mtime_ns for p in paths}


def test_serve_dirty_rebuild_skips_unchanged_generated_pages_under_strict(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    MkDocsConfig.plugins.plugin_cache.clear()   # a new serve process
    config = load_config(config_file=str(project / "mkdocs.yml"), strict=True, site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)   # strict: MkDocs' warning about dirty builds must not abort it
        glossary = sorted(p.relative_to(site).as_posix() for p in (site / "glossary").glob("*/index.html"))
        assert len(glossary) > 10, f"only {len(glossary)} glossary pages were built"
        skipped = ["article/index.html", "claims/index.html", *glossary, "article/cite.bib", "article/cite-p1.ris"]
        rebuilt = ["how-to-cite/index.html", "bibliography/index.html"]
        before = _stamps(site, skipped + rebuilt)
        downloads = {p: (site / p).read_text(encoding="utf-8") for p in ("article/cite.bib", "article/cite-p1.ris")}
        assert all(downloads.values()), "the first build wrote an empty citation download"

        page = project / "docs" / "how-to-cite.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more line, as an editor adds it.\n", encoding="utf-8")
        config = load_config(config_file=str(project / "mkdocs.yml"), strict=True, site_dir=str(site))
        build(config, dirty=True)   # as serve rebuilds: the config reloaded, the plugin kept

        after = _stamps(site, skipped + rebuilt)
        again = [p for p in skipped if after[p] != before[p]]
        assert not again, f"unchanged generated files were written again: {again[:5]}"
        stale = [p for p in rebuilt if after[p] == before[p]]
        assert not stale, f"not rebuilt: {stale}"
        assert "One more line" in (site / "how-to-cite" / "index.html").read_text(encoding="utf-8")
        for p, text in downloads.items():
            assert (site / p).read_text(encoding="utf-8") == text, f"{p} of a skipped page was overwritten"
    finally:
        config.plugins.on_shutdown()


def test_a_changed_glossary_entry_is_rebuilt_in_a_dirty_rebuild(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    MkDocsConfig.plugins.plugin_cache.clear()
    config = load_config(config_file=str(project / "mkdocs.yml"), strict=True, site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        entry = sorted((project / "glossary").glob("*.yml"))[0]
        built = site / "glossary" / entry.stem / "index.html"
        assert built.is_file(), f"no page for {entry.name} at {built}"
        text = entry.read_text(encoding="utf-8")
        assert "definition:" in text, f"{entry.name} has no definition to edit"
        entry.write_text(text.replace("definition:", "definition: EDITEDWORD", 1)
                         if "definition: >" not in text and "definition: |" not in text
                         else text.replace("definition: >", "definition: >\n  EDITEDWORD", 1).replace(
                             "definition: |", "definition: |\n  EDITEDWORD", 1), encoding="utf-8")
        config = load_config(config_file=str(project / "mkdocs.yml"), strict=True, site_dir=str(site))
        build(config, dirty=True)
        assert "EDITEDWORD" in built.read_text(encoding="utf-8"), "the edited glossary entry's page was skipped"
    finally:
        config.plugins.on_shutdown()
