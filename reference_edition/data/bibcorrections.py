"""Corrections to bibliographic facts (refs-corrections.yml beside refs.bib): a changed or
removed address, a date or byline found to come from a copy, an entry merged into another.
The claims files record changes of verdict; this file records the rest, so the corrections
log on /method/ shows both. Each record names the refs.bib entry as it now stands."""
from pathlib import Path

from . import schema, yamlfile
from .errors import DataError, raise_all


def load_bib_corrections(path, refs: dict) -> tuple:
    """The file's records (schema.BibCorrection), each naming an entry of refs, or DataErrors
    naming file:line: field."""
    path = Path(path)
    data, node = yamlfile.load_file(path)
    records = schema.validate(schema.BibCorrectionsFile, data if data is not None else [], node, path).root
    raise_all([DataError(path, f"record {n + 1}: key '{r.key}' is not in refs.bib",
                         "name the entry as it now stands (for a merged entry, the one it was merged into)",
                         line=yamlfile.line_of(node, (n, "key")))
               for n, r in enumerate(records) if r.key not in refs])
    return tuple(records)
