"""data/cache_seal.py: formatted references read back from .cache/ (each entry's rendering, and
the finished formatting of an unchanged refs.bib) are published only if their seal verifies;
anything else there (planted HTML, a file from another machine) is rendered again."""
import json

import pytest

from reference_edition.data import bib, cache_seal
from sites import MINI_BIB

PLANTED = '<img src="x" onerror="alert(1)">'


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("REFERENCE_EDITION_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    cache_seal.key.cache_clear()
    bib._load.cache_clear()
    (tmp_path / "refs.bib").write_text(MINI_BIB, encoding="utf-8")
    yield tmp_path
    cache_seal.key.cache_clear()
    bib._load.cache_clear()


def load(project, whole=False):
    """The reference's HTML as a new process formats it; from each entry's cached rendering
    (refs.citeproc.json), unless `whole`: then the finished formatting may come whole from
    refs.formatted.json (bib._formatted) too."""
    bib._load.cache_clear()
    if not whole:
        (project / "cache" / "refs.formatted.json").unlink(missing_ok=True)
    return bib.load_bibliography(project / "refs.bib")["known-2020"].html


def cache_file(project):
    [file] = (project / "cache").glob("*.citeproc.json")
    return file


def plant(project):
    """Replace each cached reference's HTML, keeping its seal, as a hand edit would."""
    file = cache_file(project)
    data = json.loads(file.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        entry[0] = PLANTED
    file.write_text(json.dumps(data), encoding="utf-8")


def test_the_cache_is_written_sealed_and_read_back(project):
    first = load(project)
    data = json.loads(cache_file(project).read_text(encoding="utf-8"))
    assert all(len(v) == 3 for v in data["entries"].values()), "cached entries carry no seal"
    assert load(project) == first


def test_planted_html_in_the_cache_is_not_published_and_is_replaced(project):
    first = load(project)
    plant(project)
    assert load(project) == first, "the planted HTML in the cache was published"
    assert PLANTED not in cache_file(project).read_text(encoding="utf-8"), "the bad entry was kept"


def test_a_cache_sealed_with_another_key_is_rendered_again(project, monkeypatch):
    first = load(project)
    data = json.loads(cache_file(project).read_text(encoding="utf-8"))
    for digest, entry in data["entries"].items():          # consistent, but sealed elsewhere
        entry[0] = PLANTED
        entry[2] = cache_seal.hmac.new(b"k" * 32, "\0".join([digest, PLANTED, entry[1]]).encode(),
                                       cache_seal.hashlib.sha256).hexdigest()
    cache_file(project).write_text(json.dumps(data), encoding="utf-8")
    assert load(project) == first


def test_without_a_key_there_is_no_cache(project, monkeypatch):
    (project / "home-cache").write_text("a file where the key's folder would be", encoding="utf-8")
    cache_seal.key.cache_clear()
    first = load(project)
    assert "Known Source" in first and not (project / "cache").exists()


def test_the_finished_formatting_is_read_back_whole_and_only_when_sealed(project, monkeypatch):
    first = load(project)
    whole = project / "cache" / "refs.formatted.json"
    assert whole.is_file(), "the finished formatting was not kept"
    with monkeypatch.context() as mp:   # read back whole: citeproc-py's rendering is not asked for
        mp.setattr(bib, "_format_all", lambda *a: pytest.fail("formatted again although kept whole"))
        assert load(project, whole=True) == first
    head, text = whole.read_text(encoding="utf-8").split("\n", 1)   # cache_seal.write_text's file
    head, text = json.loads(head), text.replace("A Known Source", PLANTED)
    whole.write_text(f"{json.dumps(head)}\n{text}", encoding="utf-8")
    assert load(project, whole=True) == first, "a planted finished formatting was published"
    head["seal"] = cache_seal.hmac.new(b"k" * 32, f"{head['key']}\0{text}".encode(),
                                       cache_seal.hashlib.sha256).hexdigest()
    whole.write_text(f"{json.dumps(head)}\n{text}", encoding="utf-8")
    assert load(project, whole=True) == first, "a finished formatting sealed with another key was published"
    assert PLANTED not in whole.read_text(encoding="utf-8"), "the planted finished formatting was kept"


def test_the_finished_formatting_is_that_of_no_cache(project, monkeypatch):
    load(project)
    bib._load.cache_clear()
    with monkeypatch.context() as mp:
        mp.setattr(bib, "_format_all", lambda *a: pytest.fail("formatted again although kept whole"))
        cached = bib.load_bibliography(project / "refs.bib")   # whole, from refs.formatted.json
    bib._load.cache_clear()
    monkeypatch.setenv("REFERENCE_EDITION_CACHE", "off")
    uncached = bib.load_bibliography(project / "refs.bib")
    assert [repr(r) for r in cached.values()] == [repr(r) for r in uncached.values()], \
        "the references read back whole differ from formatting without a cache"
