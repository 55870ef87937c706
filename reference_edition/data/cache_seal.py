"""Seals for the caches of what is made from refs.bib (below). What citeproc-py rendered is
kept on disk as HTML and read back into the pages as it is, so each cached entry of the
formatted-reference cache (data/bib.py, _FormatCache) carries a keyed hash (HMAC-SHA256) of its
digest, HTML and label, and the cached order one of its own; the other caches seal each file. An entry whose seal does not verify (edited by hand, planted, corrupted, written with
another key) is dropped and rendered again: nothing in the cache is published unverified.

The key is a random secret of this user, outside the project and its cache
($XDG_CACHE_HOME/reference-edition/cache.key, ~/.cache by default, mode 0600): a cache file
copied or committed from elsewhere, or restored by CI from another run, does not verify.
No key (its folder cannot be read or written): no cache.

The caches (data/bib.py's formatted references, data/bibread_cache.py's refs.bib as read,
data/export_cache.py's exports, data/derived_cache.py's pages and glossary entries) are kept
where `cache_file` says: a value made from data in one file by `kept` (its JSON after a line of
key and seal, written and read a slice at a time by `write_text` and `read_text`, which the
caches that turn the JSON into other values call themselves); the per-entry formatted references,
each sealed on its own, by `write`. Atomically, and a file that cannot be written is no cache,
not a failed build."""
import hashlib
import hmac
import json
import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path

KEY_BYTES = 32
# Not under MkDocs' "mkdocs" logger: a cache that cannot be written is worth a line, not a
# failed strict build.
_log = logging.getLogger("reference_edition")
_warned = set()   # cache folders that could not be written to, in this process


@lru_cache(maxsize=1)
def key() -> bytes | None:
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reference-edition"
    path = folder / "cache.key"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(KEY_BYTES))
        secret = path.read_bytes()
    except OSError:
        return None
    return secret if len(secret) == KEY_BYTES else None   # not yet written by a parallel build: no cache


def seal(*parts: str) -> str:
    return hmac.new(key(), "\0".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


def verifies(mark, *parts: str) -> bool:
    return isinstance(mark, str) and hmac.compare_digest(mark, seal(*parts))


def write(file: Path, data, what: str):
    """`data` as JSON in `file`, atomically: another process reads the old file or the new.
    what: the cache's contents as the warning names them ("formatted references")."""
    _write(file, lambda out: json.dump(data, out, ensure_ascii=False), what)


# A long sealed text (megabytes of pages) is sealed, written and read a slice at a time: the
# whole is never copied again to be joined, encoded or escaped into a JSON string.
_SLICE = 1 << 20


def _text_seal(head: str, text: str) -> str:
    """seal(head, text), reading the text a slice at a time."""
    mac = hmac.new(key(), head.encode("utf-8") + b"\0", hashlib.sha256)
    for at in range(0, len(text), _SLICE):
        mac.update(text[at:at + _SLICE].encode("utf-8"))
    return mac.hexdigest()


def write_text(file: Path, found_by: str, text: str, what: str):
    """`text` in `file` after one line of JSON with `found_by` and the text's seal (read_text)."""
    def out(stream):
        stream.write(json.dumps({"key": found_by, "seal": _text_seal(found_by, text)}) + "\n")
        for at in range(0, len(text), _SLICE):
            stream.write(text[at:at + _SLICE])
    _write(file, out, what)


def read_text(file: Path, found_by: str) -> str | None:
    """The text write_text kept in `file` under `found_by`, if it is there and verifies."""
    try:
        with open(file, encoding="utf-8") as stream:
            head = json.loads(stream.readline())
            text = stream.read()
    except (OSError, ValueError):
        return None
    if not isinstance(head, dict) or head.get("key") != found_by:
        return None
    mark = head.get("seal")
    return text if isinstance(mark, str) and hmac.compare_digest(mark, _text_seal(found_by, text)) else None


def kept(file: Path, found_by: str, make, what: str, unchanged=lambda: True):
    """make()'s value (JSON) as `file` keeps it under `found_by`; make() is called only when the
    file does not hold it. what: the cache's contents as a warning names them. unchanged(): whether
    the files `found_by` was computed from are still as they were after make() read them (if not,
    what it made may be from other bytes: not kept)."""
    text = read_text(file, found_by)
    if text is not None:
        try:
            return json.loads(text)
        except ValueError:
            pass
    value = make()
    if unchanged():
        write_text(file, found_by, json.dumps(value, ensure_ascii=False), what)
    return value


def _write(file: Path, write_to, what: str):
    partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "w", encoding="utf-8") as out:
            write_to(out)
        os.replace(partial, file)
    except OSError as err:   # read-only or full disk: the build goes on without the cache
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        if file.parent not in _warned:   # one warning per folder: every cache there fails alike
            _warned.add(file.parent)
            _log.warning("reference-edition: %s not cached (%s: %s); the build goes on without the cache "
                         "(REFERENCE_EDITION_CACHE=off silences this)", what, file.parent, err.strerror or err)


def cache_file(path: Path, what: str) -> Path | None:
    """Where a cache of `what` made from refs.bib at `path` is kept, or None when caching is off
    or has no key: `.cache/reference-edition/` in the MkDocs project of refs.bib (the nearest
    folder up from refs.bib holding a mkdocs.yml, else refs.bib's folder), one file per refs.bib
    and `what`; REFERENCE_EDITION_CACHE=<folder> puts it elsewhere, =off turns caching off."""
    where = os.environ.get("REFERENCE_EDITION_CACHE", "")
    if where.lower() in ("off", "0", "no", "false") or key() is None:
        return None
    path = Path(path).resolve()
    if where:
        folder = Path(where)
    else:
        project = next((d for d in path.parents if (d / "mkdocs.yml").is_file() or (d / "mkdocs.yaml").is_file()),
                       path.parent)
        folder = project / ".cache" / "reference-edition"
    # Named by the file's name, not its whole path: what a cache holds is keyed on the items it
    # was made from (never on where they were read), so copies of a project sharing one cache
    # folder (REFERENCE_EDITION_CACHE, as the test suite's) reuse each other's work.
    return folder / f"{path.stem}.{what}.json"
