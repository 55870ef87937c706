"""The reference edition's data layer: reading and validating seeds, claims, refs.bib and
glossary entries. Hooks (one per concern, beside this package) turn it into pages."""
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def source_stamp() -> tuple:
    """The modification times of this package's Python files (hooks/reload_edition.py)."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in _HERE.glob("*.py")))


SOURCE_STAMP = source_stamp()
