"""The bibliography exports (data/bibexport.py: /refs.bib, /refs.json, /refs-biblatex.bib and
the bibliography page's BibTeX blocks) kept on disk between processes, as the formatted
references are (data/bib.py, _FormatCache): a `mkdocs build` whose refs.bib and flags did not
change reads them back instead of writing every entry in three formats again.

Found by a hash of everything the exports are made from: each reference's fields, names, CSL
item and title pieces, the unconfirmed flags (meta.yml's included), and the exporters' own code
and libraries (so an edited exporter is never answered from the cache). One file per refs.bib,
holding that refs.bib's current exports only, sealed as the reference cache is
(data/cache_seal.py): a file that is missing, foreign, damaged or does not verify is made again;
a file that cannot be written is no cache. Never a different result."""
import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import bibexport, cache_seal, dates, unconfirmed, unconfirmed_field

FORMAT = 2   # 2: cache_seal.kept's file (a line of key and seal, then the exports)


def kept(refs: dict, flags: tuple, file: Path | None, make) -> dict:
    """make(): the exports as a JSON-able dict; called only when `file` does not hold them."""
    if file is None:
        return make()
    return cache_seal.kept(file, f"{FORMAT}:{_digest(refs, flags)}", make, "bibliography exports")


def _digest(refs, flags) -> str:
    data = [[r.key, r.type, r.fields, r.persons, r.csl, r.title_cased] for r in refs.values()]
    h = hashlib.sha256(_code_salt().encode())
    h.update(json.dumps([data, [list(f) for f in flags]], sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code_salt() -> str:
    parts = [str(FORMAT), *(metadata.version(p) for p in ("pybtex", "rispy"))]
    parts += [hashlib.sha256(Path(m.__file__).read_bytes()).hexdigest() for m in (bibexport, dates, unconfirmed, unconfirmed_field)]
    return "\n".join(parts)

