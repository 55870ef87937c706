"""data/derived_cache.py: what is read back from disk (a split bibliography's parts, the
glossary's pages, the glossary's entries) is what a fresh render or read makes, the
bibliography's pages with the same blocks recorded as flagged; anything it depends on that
changed (the model's input files, the package's code, the refs.bib keys), a damaged or foreign
file, or no digest of the inputs means it is made again."""
import json
import os
import shutil
from dataclasses import replace
from types import SimpleNamespace

import pytest
from mkdocs.structure.files import Files

from conftest import ROOT, copy_data
from reference_edition.data import bibpages, cache_seal, derived_cache, glossary, inputs, limits, model
from reference_edition.data.errors import DataError
from reference_edition.pages import bibliography_entries, bibliography_page, glossary_pages

ARTICLE = ("seeds/taliban-plan-to-rebuild-al-qaeda.txt", "seeds/taliban-plan-to-rebuild-al-qaeda.claims.yml")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder and a seal key of the test's own."""
    monkeypatch.setenv("REFERENCE_EDITION_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    cache_seal.key.cache_clear()
    yield tmp_path / "cache"
    cache_seal.key.cache_clear()


# ------------------------------------------------------------------ the cache alone

PARTS = {"bibliography/un.md": ["# UN\n\n<div class=\"bib-group\">x</div>\n", [[6, 35]]],
         "bibliography/news.md": ["# News “quoted”\n", []]}


def kept(edition):
    """What kept() returns for `edition`, and whether it had to render."""
    calls = []

    def render():
        calls.append(1)
        return PARTS
    return derived_cache.pages(edition, "bibliography", render), bool(calls)


def stub(digest="d" * 64):
    return SimpleNamespace(bib_path=ROOT / "refs.bib", inputs_digest=digest)


def test_parts_are_read_back_as_rendered(cache):
    first, rendered = kept(stub())
    assert rendered and first == PARTS, "the first build did not render the parts"
    again, rendered = kept(stub())
    assert not rendered, "same inputs and code: the parts were rendered again"
    assert again == PARTS, f"the parts read back differ from those rendered: {again!r}"


def test_other_inputs_or_code_render_again(cache, monkeypatch):
    kept(stub())
    assert kept(stub("e" * 64))[1], "a changed input file: the parts of the old data were used"
    kept(stub())
    monkeypatch.setattr(derived_cache, "code_salt", lambda: "edited template")
    assert kept(stub())[1], "changed code: the parts the old code rendered were used"


def test_no_digest_of_the_inputs_is_no_cache(cache):
    out, rendered = kept(stub(None))
    assert out is None and not rendered, "a model without an inputs digest was cached or rendered by the cache"
    assert not list(cache.glob("*")), "a model without an inputs digest was written to the cache"


@pytest.mark.parametrize("damage", ["text", "seal", "json"])
def test_a_damaged_or_unsealed_file_renders_again(cache, damage):
    kept(stub())
    (file,) = cache.glob("*.bibliography-pages.json")
    if damage == "json":
        file.write_text("{not json", encoding="utf-8")
    else:
        head, text = file.read_text(encoding="utf-8").split("\n", 1)
        if damage == "text":   # a planted page: the seal no longer verifies
            assert "# UN" in text, "the test's page is not in the file as written"
            text = text.replace("# UN", "# <script>alert(1)</script>")
        else:
            head = json.dumps(json.loads(head) | {"seal": "0" * 64})
        file.write_text(f"{head}\n{text}", encoding="utf-8")
    out, rendered = kept(stub())
    assert rendered and out == PARTS, f"a {damage}-damaged cache file was used"


def test_the_code_salt_covers_every_template_and_module():
    files = {p.name for p in derived_cache.PACKAGE.rglob("*") if p.is_file()}
    assert {"bibliography-entries.md.j2", "bibliography-part.md.j2", "safe_html.py", "unconfirmed.py",
            "bibliography_page.py"} <= files, "the package folder the salt reads is not the package"


def test_an_edited_template_changes_the_salt_at_once_a_module_after_a_restart(tmp_path, monkeypatch):
    package = tmp_path / "reference_edition"
    shutil.copytree(derived_cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(derived_cache, "PACKAGE", package)
    derived_cache._loaded_code.cache_clear()
    try:
        first = derived_cache.code_salt()
        template = package / "templates" / "bibliography-entries.md.j2"
        template.write_text(template.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
        edited = derived_cache.code_salt()
        assert edited != first, "an edited template (which Jinja reloads in serve) left the salt as it was"
        module = package / "pages" / "bibliography_entries.py"
        module.write_text(module.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        assert derived_cache.code_salt() == edited, \
            "an edited module changed the salt although this process still runs the old code"
        derived_cache._loaded_code.cache_clear()   # as a new process
        assert derived_cache.code_salt() != edited, "an edited module left the salt of a new process as it was"
    finally:
        derived_cache._loaded_code.cache_clear()


# ------------------------------------------------------------------ the model's digest of its inputs

def test_the_inputs_digest_follows_every_byte_and_reads_no_special_file(tmp_path):
    def digest(paths):
        return inputs.files_digest(paths, limits.BIB_FILE_BYTES)
    a, b = tmp_path / "a.yml", tmp_path / "b.yml"
    a.write_text("name: x\n"), b.write_text("name: y\n")
    first = digest([a, b])
    assert first and len(first) == 64
    b.write_text("name: z\n")
    assert digest([a, b]) != first, "a changed byte left the digest as it was"
    assert digest([a, tmp_path / "missing.yml"]) is None, "a missing file was digested"
    link = tmp_path / "link.yml"
    link.symlink_to(a)
    assert digest([link]) is None, "a symbolic link was followed"
    fifo = tmp_path / "fifo.yml"
    os.mkfifo(fifo)
    assert digest([fifo]) is None, "a FIFO was opened (a read would block)"


def test_the_loaded_model_carries_the_digest_of_its_inputs_and_an_edit_changes_it(cache, tmp_path):
    project = copy_data(tmp_path / "project", ["refs.bib", "seeds", "glossary"])

    def digest():
        return model.load_edition(project / "refs.bib", [tuple(project / p for p in ARTICLE)],
                                  project / "glossary").inputs_digest
    first = digest()
    assert first and len(first) == 64, first
    entry = sorted((project / "glossary").glob("*.yml"))[0]
    entry.write_text(entry.read_text(encoding="utf-8").replace("name:", "name: Edited", 1), encoding="utf-8")
    assert digest() not in (first, None), "an edited glossary file left the model's inputs digest as it was"
    model._cache.clear()


# ------------------------------------------------------------------ the pages, read back and rendered

@pytest.fixture(scope="module")
def split_edition():
    """The real model with the bibliography split into parts of 20 (several parts per group)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REFERENCE_EDITION_CACHE", "off")
        model._cache.clear()
        edition = model.load_edition(ROOT / "refs.bib", [tuple(ROOT / p for p in ARTICLE)], ROOT / "glossary")
        mp.setattr(bibpages, "PART_SIZE", 20)
        mp.setattr(bibpages, "SPLIT_ABOVE", 20)
        edition = replace(edition, bib_layout=bibpages.layout(edition.refs))
    model._cache.clear()
    assert edition.bib_layout.split and len(edition.bib_layout.pages) > 3 and edition.matcher
    return edition


def bibliography(edition):
    """The bibliography's pages (source -> Markdown) and the blocks on_files recorded as flagged."""
    plugin = SimpleNamespace(edition=edition, flagged_html=None)
    # What File.generated reads of MkDocs' config (the pages' URLs are the index's only).
    config = SimpleNamespace(site_dir=str(ROOT / "site"), use_directory_urls=True,
                             plugins=SimpleNamespace(_current_plugin="reference-edition"))
    files = Files([])
    bibliography_page.on_files(plugin, files, config)
    return {f.src_uri: f.content_string for f in files}, plugin.flagged_html._digests


def test_pages_read_back_are_the_pages_rendered(split_edition, cache, monkeypatch):
    with monkeypatch.context() as off:
        off.setenv("REFERENCE_EDITION_CACHE", "off")
        fresh = bibliography(split_edition)
    assert fresh[1], "no block was recorded as flagged: this test proves nothing"
    assert bibliography(split_edition) == fresh, "the pages rendered for the cache differ from those without it"

    def no_render(*args, **kwargs):
        raise AssertionError("a part was rendered although the cache holds it")
    monkeypatch.setattr(bibliography_entries, "_part", no_render)
    pages, flagged = bibliography(split_edition)
    assert pages == fresh[0], "the pages read back differ from fresh ones"
    assert flagged == fresh[1], "the blocks recorded as flagged differ from a fresh render's"
    other = replace(split_edition, inputs_digest="0" * 64)   # another refs.bib, glossary ...
    with pytest.raises(AssertionError, match="was rendered"):
        bibliography(other)


def test_glossary_pages_read_back_are_the_pages_rendered(split_edition, cache, monkeypatch):
    fresh = glossary_pages._render(split_edition)
    assert len(fresh) > 10, "the real glossary rendered almost no page: this test proves nothing"
    assert derived_cache.pages(split_edition, "glossary", lambda: glossary_pages._render(split_edition)) == fresh

    def no_render(*args, **kwargs):
        raise AssertionError("a glossary page was rendered although the cache holds it")
    monkeypatch.setattr(glossary_pages, "_render", no_render)
    read = derived_cache.pages(split_edition, "glossary", lambda: glossary_pages._render(split_edition))
    assert read == fresh, "the glossary pages read back differ from fresh ones"
    assert list(read) == list(fresh), "the glossary pages read back are in another order"


def test_each_kind_of_page_has_its_own_file(cache):
    kept(stub())
    out = derived_cache.pages(stub(), "glossary", lambda: {"glossary/x.md": "# X\n"})
    assert out == {"glossary/x.md": "# X\n"}, "the glossary was answered with the bibliography's pages"
    assert kept(stub()) == (PARTS, False), "the glossary's pages replaced the bibliography's"


# ------------------------------------------------------------------ the glossary's entries

def copy_glossary(tmp_path):
    """The real glossary in a project folder of its own (the cache is named by the project)."""
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "mkdocs.yml").write_text("site_name: x\n")
    target = tmp_path / "project" / "glossary"
    target.mkdir()
    for path in (ROOT / "glossary").glob("*.yml"):
        (target / path.name).write_bytes(path.read_bytes())
    return target


def read_glossary(directory, keys):
    files = tuple(sorted(p for p in directory.glob("*.yml") if not p.name.startswith("_")))
    return glossary._entries(directory, files, frozenset(keys), tuple(os.lstat(p).st_mtime_ns for p in files))


def test_glossary_entries_read_back_are_the_entries_read(cache, tmp_path, monkeypatch):
    directory = copy_glossary(tmp_path)
    keys = model.load_bibliography(ROOT / "refs.bib").keys()
    monkeypatch.setenv("REFERENCE_EDITION_CACHE", "off")
    fresh = read_glossary(directory, keys)
    monkeypatch.setenv("REFERENCE_EDITION_CACHE", str(cache))
    assert read_glossary(directory, keys) == fresh, "the entries read for the cache differ from those without it"
    assert list(cache.glob("*.entries.json")), "the glossary's entries were not kept"

    def no_read(*args, **kwargs):
        raise AssertionError("an entry was read although the cache holds it")
    with monkeypatch.context() as patched:
        patched.setattr(glossary, "_entry", no_read)
        read = read_glossary(directory, keys)
    assert read == fresh, "the entries read back differ from those read from the files"
    assert all(isinstance(e.facts, tuple) and all(isinstance(c, tuple) for f in e.facts for c in f.cite)
               for e in read), "an entry read back holds a list where the reader gives a tuple"
    assert any(e.relations for e in read) and any(f.date for e in read for f in e.facts), \
        "no entry with relations or a dated fact: the test proves little"


def test_a_changed_glossary_file_or_refs_key_is_read_again_with_its_errors(cache, tmp_path):
    directory = copy_glossary(tmp_path)
    keys = set(model.load_bibliography(ROOT / "refs.bib"))
    read_glossary(directory, keys)
    path = sorted(directory.glob("*.yml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("name:", "name: Edited", 1), encoding="utf-8")
    (entry,) = [e for e in read_glossary(directory, keys) if e.path.name == path.name]
    assert entry.name.startswith("Edited"), "an edited glossary file was answered from the cache"
    cited = next(c[0] for e in read_glossary(directory, keys) for f in e.facts for c in f.cite)
    with pytest.raises(DataError, match=f"'{cited}' is not in refs.bib"):
        read_glossary(directory, keys - {cited})


def test_entries_of_a_file_changed_while_it_was_read_are_not_kept(cache, tmp_path):
    directory = copy_glossary(tmp_path)
    keys = frozenset(model.load_bibliography(ROOT / "refs.bib"))
    files = tuple(sorted(directory.glob("*.yml")))
    before = tuple(os.lstat(p).st_mtime_ns for p in files)
    os.utime(files[0], ns=(before[0] + 10**9, before[0] + 10**9))   # as if edited after the stamp was taken
    glossary._entries(directory, files, keys, before)
    assert not list(cache.glob("*.entries.json")), "entries read from a file that changed meanwhile were kept"
