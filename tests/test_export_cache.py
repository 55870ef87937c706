"""data/export_cache.py: the bibliography exports kept on disk are read back only when they were
made from the same references and flags, and only if their seal verifies."""
import json

import pytest

from conftest import ROOT
from reference_edition.data import bib, cache_seal, export_cache, model
from reference_edition.data.model import load_edition

ARTICLE = ("seeds/taliban-plan-to-rebuild-al-qaeda.txt", "seeds/taliban-plan-to-rebuild-al-qaeda.claims.yml")


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("export-cache")


@pytest.fixture(scope="module")
def edition(cache_dir):
    """The project's model, loaded once for the module with a cache folder and a seal key of
    its own (the tests keep exports in files of their own beside it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REFERENCE_EDITION_CACHE", str(cache_dir / "cache"))
        mp.setenv("XDG_CACHE_HOME", str(cache_dir / "home-cache"))
        cache_seal.key.cache_clear()
        model._cache.clear()   # a model loaded (and its exports kept) under another cache folder
        bib._load.cache_clear()
        yield load_edition(ROOT / "refs.bib", [tuple(ROOT / p for p in ARTICLE)], ROOT / "glossary")
    cache_seal.key.cache_clear()


def made(edition, file, flags=None):
    """The exports as `kept` returns them, and whether it had to make them."""
    calls = []

    def make():
        calls.append(1)
        return model.make_exports(edition.refs, edition.flags)
    out = export_cache.kept(edition.refs, edition.flags if flags is None else flags, file, make)
    return out, bool(calls)


def test_exports_are_read_back_unchanged(edition, tmp_path):
    file = tmp_path / "exports.json"
    first, was_made = made(edition, file)
    assert was_made and file.is_file(), "the first build did not make and keep the exports"
    again, was_made = made(edition, file)
    assert not was_made, "unchanged references and flags: the exports were made again"
    assert again == first == model.make_exports(edition.refs, edition.flags), "the exports read back differ from freshly made ones"
    assert set(first["files"]) == {"refs.bib", "refs.json", "refs-biblatex.bib"} and len(first["blocks"]) == len(edition.refs)


def test_other_flags_make_the_exports_again(edition, tmp_path):
    file = tmp_path / "exports.json"
    made(edition, file)
    assert edition.flags, "the real data flags nothing: this test proves nothing"
    _, was_made = made(edition, file, flags=edition.flags[1:])
    assert was_made, "a flag fewer: the cached exports (with the old flags' notes) were used"


def test_planted_or_damaged_exports_are_made_again(edition, tmp_path):
    file = tmp_path / "exports.json"
    first, _ = made(edition, file)
    head, text = file.read_text(encoding="utf-8").split("\n", 1)   # cache_seal.kept's file: key and seal, then the value
    data = json.loads(text)
    data["files"]["refs.bib"] = "@misc{planted,}"
    file.write_text(f"{head}\n{json.dumps(data)}", encoding="utf-8")
    out, was_made = made(edition, file)
    assert was_made and out == first, "an edited cache file was read back"
    text = file.read_text(encoding="utf-8")
    file.write_text(text[:len(text) // 2], encoding="utf-8")
    out, was_made = made(edition, file)
    assert was_made and out == first, "a truncated cache file was not made again"


def test_the_model_keeps_its_exports_beside_the_formatted_references(edition, cache_dir):
    assert edition.exports["refs.json"].startswith(b"["), "refs.json is not a JSON list"
    files = sorted(p.name.rsplit(".", 2)[-2] for p in (cache_dir / "cache").glob("*.json"))
    # "entries": the glossary's, there too when this process had not read it before (data/derived_cache.py)
    assert set(files) - {"entries"} == {"citeproc", "exports", "formatted", "read"} and len(files) == len(set(files)), \
        f"cache files: {files}"
    assert cache_seal.cache_file(ROOT / "refs.bib", "exports").parent == cache_dir / "cache"


def test_exports_that_cannot_be_kept_are_one_warning_and_the_same_exports(edition, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="reference_edition"):
        out, was_made = made(edition, blocker / "exports.json")
    warnings = [r.getMessage() for r in caplog.records if r.name == "reference_edition"]
    assert len(warnings) == 1 and "bibliography exports not cached" in warnings[0], \
        f"an unwritable cache should give one warning naming the exports, got: {warnings}"
    assert was_made and out == model.make_exports(edition.refs, edition.flags), "the exports differ when they cannot be kept"
    assert not list(tmp_path.glob("not-a-folder*.tmp")), "a partial cache file was left behind"
