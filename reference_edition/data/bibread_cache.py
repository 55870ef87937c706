"""refs.bib as read (data/bibread.py) kept on disk between processes, beside the formatted
references (data/bib.py) and the exports (data/export_cache.py): a build whose refs.bib did not
change reads its Reference values back instead of parsing the file with pybtex and checking
every entry again (1.3 CPU s at 5,000 entries; reading then imports no pybtex).

Only a read that passed every check of the file is kept (the urldate-against-today check,
below, runs after, on every read), so every error and its message come from reading the file
itself. What is kept is a pure function of the file's bytes and of what reads them:
the entries' checks read no other file (refs-corrections.yml, meta.yml and the glossary are
checked against the read references later, data/model.py). So it is found by a SHA-256 of the
bytes together with the code of every package module reading imports (`READING`), the size
limits in force (data/limits.py), the versions of pybtex and latexcodec (BibTeX and LaTeX
decoding) and Python's (its regular expressions and Unicode tables). The one check that
depends on something else, data/robust_links.py's (a urldate may not be in the future: it
depends on today), runs on every read, cached or not (data/bibread.py). Sealed as the other
caches are (data/cache_seal.py): a file that is missing, foreign, damaged or does not verify is
read again; a file that cannot be written is no cache. Never a different result
(`scripts/bench_build.py --check-cache`, tests/test_bibread_cache.py)."""
import hashlib
import json
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from sys import intern

from . import (bibread, cache_seal, characters, dates, errors, inputs, limits, robust_links, schema,
               unconfirmed_field, verdicts, yamlfile)

FORMAT = 2   # 2: cache_seal.write_text's file (a line of key and seal, then the records)
# The package's modules that reading imports: their code is part of the key (tests/test_bibread_cache.py
# checks that none is missing).
READING = (bibread, cache_seal, characters, dates, errors, inputs, limits, robust_links, schema, unconfirmed_field,
           verdicts, yamlfile)


def kept(path, data: bytes, read) -> dict:
    """key -> Reference for refs.bib at `path` holding `data`; read(): those values made from the
    file, called only when the cache does not hold them."""
    file = cache_seal.cache_file(path, "read")
    if file is None:
        return read()
    found_by = f"{FORMAT}:{key(data)}"
    text = cache_seal.read_text(file, found_by)
    if text is not None:
        try:
            return _references(json.loads(text))
        except (ValueError, TypeError):
            pass
    refs = read()
    text = json.dumps([[r.key, r.type, r.line, r.fields, r.persons, r.csl, r.title_cased] for r in refs.values()],
                      ensure_ascii=False)
    cache_seal.write_text(file, found_by, text, "refs.bib as read")
    return refs


def key(data: bytes) -> str:
    """What refs.bib holding `data` is read into is found by this (see the module's docstring);
    data/bib.py keys its formatted references on it too."""
    return hashlib.sha256(_salt() + _limits() + data).hexdigest()


def _references(records) -> dict:
    """The Reference values as bibread._reference makes them: field names and roles interned,
    the kind the field's own string, the title's pieces tuples (JSON gives lists)."""
    refs = {}
    for key, etype, line, fields, persons, csl, cased in records:
        fields = {intern(k): v for k, v in fields.items()}
        refs[key] = bibread.Reference(key, etype, fields["kind"], line, fields,
                                      {intern(role): people for role, people in persons.items()}, csl,
                                      "", "", tuple((text, kept) for text, kept in cased))
    return refs


def _limits() -> bytes:
    """The size limits as they stand (data/limits.py: the values meant to be changed, and a test
    lowers them to see a limit stop the build)."""
    return repr(sorted((k, v) for k, v in vars(limits).items() if k.isupper())).encode() + b"\0"


@lru_cache(maxsize=1)
def _salt() -> bytes:
    parts = [str(FORMAT), sys.version, *(metadata.version(p) for p in ("pybtex", "latexcodec"))]
    parts += [hashlib.sha256(Path(m.__file__).read_bytes()).hexdigest() for m in (*READING, sys.modules[__name__])]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest().encode() + b"\0"
