"""Seals for the formatted-reference cache (data/bib.py, _FormatCache). What citeproc-py
rendered is kept on disk as HTML and read back into the pages as it is, so each cached entry
carries a keyed hash (HMAC-SHA256) of its digest, HTML and label, and the cached order one of
its own. An entry whose seal does not verify (edited by hand, planted, corrupted, written with
another key) is dropped and rendered again: nothing in the cache is published unverified.

The key is a random secret of this user, outside the project and its cache
($XDG_CACHE_HOME/reference-edition/cache.key, ~/.cache by default, mode 0600): a cache file
copied or committed from elsewhere, or restored by CI from another run, does not verify.
No key (its folder cannot be read or written): no cache.

Both caches (data/bib.py's formatted references, data/export_cache.py's exports) are written
by `write`: atomically, and a file that cannot be written is no cache, not a failed build."""
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
    partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(partial, file)
    except OSError as err:   # read-only or full disk: the build goes on without the cache
        _log.warning("reference-edition: %s not cached (%s: %s); the build goes on without the cache "
                     "(REFERENCE_EDITION_CACHE=off silences this)", what, file.parent, err.strerror or err)
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
