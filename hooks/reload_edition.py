"""`mkdocs serve` loads the hook files afresh for every rebuild, but Python keeps the modules
they import: an edit to hooks/edition/*.py was not seen until a restart, though mkdocs.yml
watches hooks/. Listed first under `hooks:`, this drops the edition package from Python's
module cache when its source changed since it was imported, so the hooks loaded after it
import the new code. Unchanged code keeps its modules (and their caches: refs.bib formatted once)."""
import sys

EDITION = "edition"


def _changed(package) -> bool:
    stamp = getattr(package, "source_stamp", None)
    return stamp is None or stamp() != package.SOURCE_STAMP


_package = sys.modules.get(EDITION)
if _package is not None and _changed(_package):
    for _name in [n for n in sys.modules if n == EDITION or n.startswith(EDITION + ".")]:
        del sys.modules[_name]
