"""data/bibread_cache.py: refs.bib read back from the cache is exactly what reading the file
gives; it answers only for the same bytes, code and limits; a damaged, planted or foreign cache
is read again; and the checks that depend on more than the file's bytes still run."""
import json
import os
import shutil
import subprocess
import sys
import types

import pytest

from conftest import ROOT
from reference_edition.data import bibread, bibread_cache, cache_seal, limits, robust_links
from reference_edition.data.errors import DataError
from sites import MINI_BIB


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("REFERENCE_EDITION_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    cache_seal.key.cache_clear()
    shutil.copy(ROOT / "refs.bib", tmp_path / "refs.bib")
    yield tmp_path
    cache_seal.key.cache_clear()


def as_read(refs) -> list:
    """Every value of every Reference, with its type and order (a list is not a tuple here)."""
    return [repr(r) for r in refs.values()]


def uncached(path, monkeypatch) -> list:
    with monkeypatch.context() as mp:
        mp.setenv("REFERENCE_EDITION_CACHE", "off")
        return as_read(bibread.read_bibliography(path))


def cached_only(monkeypatch):
    """From here on, reading the file itself is an error: only the cache can answer."""
    def refuse(path, text):
        raise AssertionError(f"{path} was parsed again although the cache holds it")
    monkeypatch.setattr(bibread, "_read", refuse)


def cache_file(project):
    return project / "cache" / "refs.read.json"


def test_a_cached_read_is_exactly_the_uncached_read(project, monkeypatch):
    expected = uncached(project / "refs.bib", monkeypatch)
    assert as_read(bibread.read_bibliography(project / "refs.bib")) == expected, "the first (caching) read differs"
    assert cache_file(project).is_file(), "refs.bib as read was not cached"
    cached_only(monkeypatch)
    again = bibread.read_bibliography(project / "refs.bib")
    assert as_read(again) == expected, "refs.bib read back from the cache differs from reading the file"
    fields = [name for r in again.values() for name in r.fields]
    assert all(name is sys.intern(name) for name in fields), "field names read back are not interned"


def test_a_cached_read_does_not_import_pybtex(project):
    bibread.read_bibliography(project / "refs.bib")
    probe = ("import sys\nfrom reference_edition.data.bibread import read_bibliography\n"
             f"refs = read_bibliography({str(project / 'refs.bib')!r})\n"
             "print(len(refs), 'pybtex' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=dict(os.environ),
                          cwd=ROOT, check=False)
    assert proc.returncode == 0, f"the probe failed:\n{proc.stderr}"
    count, imported = proc.stdout.split()
    assert int(count) > 50 and imported == "False", f"a cached read imported pybtex ({proc.stdout.strip()})"


def test_changed_bytes_are_read_again(project):
    (project / "refs.bib").write_text(MINI_BIB, encoding="utf-8")
    assert bibread.read_bibliography(project / "refs.bib")["known-2020"].fields["title"] == "A Known Source"
    (project / "refs.bib").write_text(MINI_BIB.replace("A Known Source", "A Changed Source"), encoding="utf-8")
    assert bibread.read_bibliography(project / "refs.bib")["known-2020"].fields["title"] == "A Changed Source", \
        "an edited refs.bib was answered from the cache"


def test_errors_are_never_cached_and_read_as_without_the_cache(project, monkeypatch):
    bibread.read_bibliography(project / "refs.bib")   # a good file cached
    bad = MINI_BIB.replace("kind = {research}", "kind = {rumour}")
    (project / "refs.bib").write_text(bad, encoding="utf-8")
    messages = []
    for env in ("off", str(project / "cache"), str(project / "cache")):
        monkeypatch.setenv("REFERENCE_EDITION_CACHE", env)
        with pytest.raises(DataError) as err:
            bibread.read_bibliography(project / "refs.bib")
        messages.append(str(err.value))
    assert "kind 'rumour'" in messages[0] and "refs.bib:1" in messages[0], f"unexpected message: {messages[0]}"
    assert messages == [messages[0]] * 3, f"the cache changed the error: {messages}"


def test_a_lowered_limit_stops_a_cached_file(project, monkeypatch):
    bibread.read_bibliography(project / "refs.bib")
    monkeypatch.setattr(limits, "BIB_ENTRIES", 20)
    with pytest.raises(DataError, match="more than 20 entries"):
        bibread.read_bibliography(project / "refs.bib")


def test_a_cached_read_still_checks_seen_dates_against_today(project, monkeypatch):
    (project / "refs.bib").write_text(MINI_BIB, encoding="utf-8")   # urldate 2024-01-01
    bibread.read_bibliography(project / "refs.bib")
    cached_only(monkeypatch)

    class Before(robust_links.dt.date):
        @classmethod
        def today(cls):
            return cls(2023, 12, 31)
    monkeypatch.setattr(robust_links, "dt", types.SimpleNamespace(date=Before))
    with pytest.raises(DataError, match="urldate`: 2024-01-01 is in the future"):
        bibread.read_bibliography(project / "refs.bib")


def planted(project, edit):
    """The cache file (cache_seal.write_text's: a line of key and seal, then the records) edited:
    edit(head, text) changes the head's key or seal, and returns the text."""
    head, text = cache_file(project).read_text(encoding="utf-8").split("\n", 1)
    head = json.loads(head)
    before = (dict(head), text)
    text = edit(head, text)
    assert (head, text) != before, "the test's edit changed nothing in the file"
    cache_file(project).write_text(f"{json.dumps(head)}\n{text}", encoding="utf-8")


@pytest.mark.parametrize("damage", ["planted", "sealed elsewhere", "truncated", "another format"])
def test_a_damaged_or_foreign_cache_is_read_again(project, monkeypatch, damage):
    expected = as_read(bibread.read_bibliography(project / "refs.bib"))
    title = bibread.read_bibliography(project / "refs.bib")["theasialive-2023"].fields["title"]
    if damage == "planted":   # a hand edit keeping the seal
        planted(project, lambda head, text: text.replace(title, "<script>planted</script>"))
    elif damage == "sealed elsewhere":
        def reseal(head, text):
            text = text.replace(title, "<script>planted</script>")
            head["seal"] = cache_seal.hmac.new(b"k" * 32, f"{head['key']}\0{text}".encode(),
                                               cache_seal.hashlib.sha256).hexdigest()
            return text
        planted(project, reseal)
    elif damage == "truncated":
        text = cache_file(project).read_text(encoding="utf-8")
        cache_file(project).write_text(text[:len(text) // 2], encoding="utf-8")
    else:
        def other_format(head, text):   # the same records, sealed as another format's (with the key)
            head["key"] = head["key"].replace(f"{bibread_cache.FORMAT}:", f"{bibread_cache.FORMAT + 1}:", 1)
            head["seal"] = cache_seal.seal(head["key"], text)
            return text
        planted(project, other_format)
    assert as_read(bibread.read_bibliography(project / "refs.bib")) == expected, f"a {damage} cache was published"
    assert "planted" not in cache_file(project).read_text(encoding="utf-8"), "the damaged cache was kept"
    cached_only(monkeypatch)
    assert as_read(bibread.read_bibliography(project / "refs.bib")) == expected, "the cache was not written again"


def test_the_key_holds_the_code_of_every_module_reading_imports():
    probe = ("import json, sys\nimport reference_edition.data.bibread\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith('reference_edition.'))))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, f"the probe failed:\n{proc.stderr}"
    loaded = set(json.loads(proc.stdout)) - {"reference_edition.data", "reference_edition.data.bibread_cache"}
    assert "reference_edition.data.bibread" in loaded, f"the probe saw no reading: {loaded}"
    keyed = {m.__name__ for m in bibread_cache.READING}
    assert loaded <= keyed, f"reading imports {sorted(loaded - keyed)}, whose code is not in the cache's key (READING)"
