"""The test tiers (pytest.ini, tests/conftest.py): markers follow the fixtures a test uses, the
fast tier leaves out every test that builds, drives a browser or needs a tool, a missing tool
skips (or fails where the run requires its tier), and the suite's builds keep their formatted
references out of the repository's .cache/."""
import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, missing_tool

FAST = "not (build or browser or external or hostile or canary)"


# Tests that must stay out of the fast tier, one per way a test gets its tier, per file.
OUT_OF_FAST = {"test_bibliography.py": ["test_every_entry_has_anchor_annotation_citedin_and_bibtex",  # reader: conftest
                                        "test_hostile_fields_never_become_live_markup"],              # own site: marked
               "test_browser_article.py": ["test_article_loads_with_eleven_numbered_paragraphs"],      # page: conftest
               "test_canary_properdocs.py": ["test_generator_is_properdocs"]}                         # the canary file


@functools.lru_cache(maxsize=None)
def _collecting():
    """`pytest --collect-only -m FAST` of those files, started once (before the first test:
    tests/conftest.py, start_early)."""
    return subprocess.Popen([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "-m", FAST, *(f"tests/{f}" for f in OUT_OF_FAST)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@functools.lru_cache(maxsize=None)
def collected():
    """(file name, test name) of each test that collection selects."""
    out, err = _collecting().communicate(timeout=120)
    assert _collecting().returncode in (0, 5), out + err   # 5: nothing collected
    return {(Path(line.split("::")[0]).name, line.split("::")[1].split("[")[0])
            for line in out.splitlines() if "::" in line}


def test_the_fast_tier_leaves_out_builds_browsers_and_the_canary():
    fast = collected()
    assert ("test_bibliography.py", "test_bad_bib_input_is_an_error_naming_line_and_key") in fast, sorted(fast)
    for file, tests in OUT_OF_FAST.items():
        source = (ROOT / "tests" / file).read_text(encoding="utf-8")
        for test in tests:
            assert f"def {test}(" in source, f"{file} has no {test} any more: update this test"
            assert (file, test) not in fast, f"{file}::{test} is in the fast tier"
    assert not [t for t in fast if t[0] != "test_bibliography.py"], sorted(fast)


test_the_fast_tier_leaves_out_builds_browsers_and_the_canary.start_early = _collecting   # tests/conftest.py


class _Config:
    def __init__(self, required):
        self.required = required

    def getoption(self, name):
        assert name == "require_tier"
        return self.required


def test_a_missing_tool_skips_with_the_reason_unless_its_tier_is_required():
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        missing_tool(_Config([]), "browser", "Chromium not found")
    with pytest.raises(pytest.fail.Exception, match="Chromium not found.*requires the browser tier"):
        missing_tool(_Config(["browser"]), "browser", "Chromium not found")


def test_the_suites_builds_have_a_reference_cache_outside_the_repository():
    cache = os.environ.get("REFERENCE_EDITION_CACHE")
    assert cache, "REFERENCE_EDITION_CACHE is not set for the suite"
    assert ROOT not in Path(cache).resolve().parents, f"the suite's reference cache {cache} is inside the repository"
