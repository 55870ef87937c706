"""The package's layers (DESIGN.md, "Layout"): reference_edition.data (reading, checking, the
model and index) and reference_edition.markdown (the Python-Markdown extensions) import no
MkDocs, so they can be used, tested and kept when MkDocs is not there; only the plugin, its page
generators (pages/) and features (features/) do. The plugin is found through its entry point, as MkDocs finds it."""
import functools
import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "reference_edition"
# A module finder that refuses mkdocs (and mkdocs_bibtex, which imports it): importing a layer
# that needs MkDocs then fails with ImportError in the child process. One child imports each
# layer named in argv in turn (what one imported stays imported: a module of a later layer that
# needs MkDocs is refused all the same) and prints, per layer, "ok" or the error.
BLOCK = """
import sys, importlib, json, pkgutil, traceback
class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("mkdocs", "mkdocs_bibtex", "material"):
            raise ImportError(f"{name} is refused here")
sys.meta_path.insert(0, Refuse())
result = {}
for name in sys.argv[1:]:
    try:
        layer = importlib.import_module("reference_edition." + name)
        for info in pkgutil.walk_packages(layer.__path__, layer.__name__ + "."):
            importlib.import_module(info.name)
        result[name] = "ok"
    except Exception:
        result[name] = traceback.format_exc()[-2000:]
print(json.dumps(result))
"""
LAYERS = ("data", "markdown", "features")   # the two without MkDocs, then one with it


@functools.lru_cache(maxsize=None)
def _importing():
    """The child, started once (before the first test: tests/conftest.py, start_early)."""
    return subprocess.Popen([sys.executable, "-c", BLOCK, *LAYERS], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@functools.lru_cache(maxsize=None)
def imported():
    """layer -> "ok" or the error importing it with MkDocs refused."""
    out, err = _importing().communicate(timeout=120)
    assert _importing().returncode == 0, f"the import check itself failed:\n{err[-2000:]}"
    return json.loads(out)


@pytest.mark.parametrize("layer", ["data", "markdown"])
def test_layer_imports_no_mkdocs(layer):
    assert imported()[layer] == "ok", f"reference_edition.{layer} imports MkDocs:\n{imported()[layer]}"


def test_the_block_would_catch_an_import_of_mkdocs():
    assert "is refused here" in imported()["features"], \
        f"reference_edition.features imported with MkDocs refused: the block catches nothing ({imported()['features']})"


test_layer_imports_no_mkdocs.start_early = test_the_block_would_catch_an_import_of_mkdocs.start_early = _importing


def test_mkdocs_finds_the_plugin_by_its_entry_point():
    (point,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "reference-edition"]
    assert point.value == "reference_edition.plugin:EditionPlugin"
    plugin = point.load()
    assert Path(sys.modules[plugin.__module__].__file__).resolve().is_relative_to(PACKAGE)   # this tree, editable


@pytest.mark.parametrize("folder", ["pages", "features"])
def test_every_page_and_feature_module_is_small_and_used_by_the_plugin(folder):
    plugin = (PACKAGE / "plugin.py").read_text(encoding="utf-8")
    modules = sorted((PACKAGE / folder).glob("[!_]*.py"))
    assert modules, f"no modules in {PACKAGE / folder}"
    for module in modules:
        # a concern the plugin calls, or a helper its concerns share (imported as `from .name import`)
        users = [m for m in modules if m != module and f"from .{module.stem} import" in m.read_text(encoding="utf-8")]
        assert module.stem in plugin or users, f"{module.name} is used neither by plugin.py nor by a module beside it"
        assert len(module.read_text(encoding="utf-8").splitlines()) < 200, f"{module.name}: keep one concern per module"
