"""The collector runs less often during a build and as before after it (features/garbage_collection.py)."""
import gc
from types import SimpleNamespace

from reference_edition.features import garbage_collection
from reference_edition.plugin import EditionPlugin


def test_a_build_sets_the_thresholds_and_its_end_puts_the_old_ones_back():
    before = gc.get_threshold()
    plugin = SimpleNamespace(gc_thresholds=None)
    try:
        garbage_collection.on_config(plugin)
        assert gc.get_threshold() == garbage_collection.THRESHOLDS, "the build's thresholds are not set"
        garbage_collection.on_config(plugin)   # a serve rebuild's on_config before the last build ended
        garbage_collection.on_build_end(plugin)
        assert gc.get_threshold() == before, f"after the build the thresholds are {gc.get_threshold()}, not {before}"
        garbage_collection.on_build_end(plugin)   # a second end (a failed strict build) changes nothing
        assert gc.get_threshold() == before
    finally:
        gc.set_threshold(*before)


def test_a_failed_build_puts_the_thresholds_back():
    before = gc.get_threshold()
    plugin = EditionPlugin()
    try:
        garbage_collection.on_config(plugin)
        plugin.on_build_error(RuntimeError("a build that failed"))
        assert gc.get_threshold() == before, "on_build_error left the build's thresholds in place"
    finally:
        gc.set_threshold(*before)
