"""hooks/reload_edition.py: `mkdocs serve` re-imports hooks/edition/ when its code changed
(MkDocs reloads the hook files on each rebuild, Python would keep the package)."""
import importlib.util
import os
import sys

from conftest import ROOT

HOOK = ROOT / "hooks" / "reload_edition.py"


def load_hook():
    """As MkDocs loads a hook for each build of `mkdocs serve`: a fresh module from the file."""
    spec = importlib.util.spec_from_file_location("reload_edition_under_test", HOOK)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def test_edition_is_reimported_only_when_its_code_changed():
    import edition.bib  # noqa: F401
    saved = {n: m for n, m in sys.modules.items() if n == "edition" or n.startswith("edition.")}
    before = sys.modules["edition.bib"]
    source = ROOT / "hooks" / "edition" / "punctuation.py"
    stat = source.stat()
    try:
        load_hook()
        assert sys.modules.get("edition.bib") is before          # unchanged code: caches kept
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        load_hook()
        assert "edition.bib" not in sys.modules and "edition" not in sys.modules   # changed: dropped
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        sys.modules.update(saved)   # the rest of the session keeps the modules it imported
