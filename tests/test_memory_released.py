"""Memory (issue 20): what a build no longer needs is not held to its end. The model keeps the
bibliography exports compressed (data/model.py, Compressed); they are written into site_dir
when generated (pages/written_files.py); a page's HTML is released once written, a generated
page's Markdown once converted, with what the plugin gave a page's template once it is written
(features/released_pages.py)."""
import json
import textwrap
import zlib

import pytest

from conftest import build_site
from sites import make_site


def test_compressed_exports_give_back_the_bytes_and_hold_less():
    from reference_edition.data.model import Compressed
    files = {"refs.bib": "@misc{a-2020,\n  title = {Ä title},\n}\n".encode() * 500, "refs.json": b"[]\n"}
    held = Compressed(files)
    assert dict(held) == files, "Compressed does not give back the bytes it was given"
    assert list(held) == ["refs.bib", "refs.json"] and len(held) == 2, "the file names or their order changed"
    assert sum(len(v) for v in held._files.values()) < len(files["refs.bib"]) / 10, \
        "the exports are not held compressed"
    with pytest.raises(TypeError):
        held["refs.bib"] = b""   # read-only: the model never changes once built
    with pytest.raises(TypeError):
        held._files["refs.bib"] = b""


def test_a_file_written_now_is_its_own_source_and_survives_the_copy(tmp_path):
    from mkdocs.config import load_config
    from reference_edition.pages.written_files import written_now
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Fixture\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "reference-edition"   # as MkDocs sets it while a plugin's event runs
    file = written_now(config, "sub/refs.json", b"[1]\n")
    assert (tmp_path / "site" / "sub" / "refs.json").read_bytes() == b"[1]\n", "the file was not written into site_dir"
    assert file.abs_src_path == file.abs_dest_path, "the File is not backed by the file it wrote"
    file.copy_file()   # as MkDocs copies static files: a file that is its own source stays as it is
    assert file.content_bytes == b"[1]\n", "copying the file onto itself changed it"


HOOK = textwrap.dedent("""\
    # Records, when the build is over, what the pages and the generated Files still hold.
    import json, sys
    from mkdocs.plugins import event_priority
    FILES = []
    def on_env(env, config, files):
        FILES[:] = list(files)
        return env
    @event_priority(-2000)   # after the edition plugin's own post-build steps
    def on_post_build(config):
        pages = [f for f in FILES if f.page is not None]
        out = {"pages": len(pages),
               "holding_html": [f.src_uri for f in pages if f.page.content is not None],
               "holding_meta": [f.src_uri for f in pages if {"cite", "claim_reviews"} & set(f.page.meta)],
               "generated": [f.src_uri for f in pages if f.generated_by],
               "holding_markdown": [f.src_uri for f in pages if f.generated_by and (f.page.markdown or f.content_string)],
               "exports": {f.src_uri: [f.abs_src_path, f.abs_dest_path] for f in FILES
                           if f.src_uri in ("refs.bib", "refs.json", "refs-biblatex.bib")}}
        with open(config.config_file_path + ".held.json", "w", encoding="utf-8") as f:
            json.dump(out, f)
    """)


@pytest.mark.build
def test_a_build_holds_no_page_html_nor_generated_markdown_at_its_end(tmp_path):
    config = make_site(tmp_path, {"index.md": "# Home\n\nA claim [@known-2020].\n"})
    (tmp_path / "held_hook.py").write_text(HOOK, encoding="utf-8")
    site = build_site(config, tmp_path / "site", hooks=[str(tmp_path / "held_hook.py")])
    held = json.loads((tmp_path / "mkdocs.yml.held.json").read_text(encoding="utf-8"))
    assert held["pages"] > 1 and held["generated"], f"the hook saw no pages or no generated pages: {held}"
    assert not held["holding_html"], f"pages still hold their HTML after they were written: {held['holding_html']}"
    assert not held["holding_meta"], f"pages still hold their citation box after they were written: {held['holding_meta']}"
    assert not held["holding_markdown"], f"generated pages still hold their Markdown: {held['holding_markdown']}"
    assert set(held["exports"]) == {"refs.bib", "refs.json", "refs-biblatex.bib"}, f"exports: {held['exports']}"
    for name, (src, dest) in held["exports"].items():
        assert src == dest, f"{name} is held in memory or copied, not written into site_dir when generated"
        assert (site / name).stat().st_size > 0, f"{name} is empty in the built site"
    assert b"known-2020" in (site / "refs.bib").read_bytes(), "refs.bib lost its entry"
    assert "known-2020" in json.loads((site / "refs.json").read_text(encoding="utf-8"))[0]["id"], "refs.json lost its entry"
