"""Reading the edition's input files: each is a regular file inside the project, read as
UTF-8 without a byte-order mark and within its size limit (data/limits.py), or a DataError
naming the file (and the line, where there is one) and what to do.

Symbolic links are refused, not followed: a link in glossary/ would publish whatever it
points at (a file outside the project, the zero device read until memory runs out), and a
link loop or a directory named x.yml would end the build in a traceback."""
import hashlib
import os
import stat
from pathlib import Path

from .errors import DataError

BOMS = {b"\xef\xbb\xbf": "UTF-8", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}
# C0 controls but tab, line feed and carriage return; DEL and the C1 controls. No text file of
# the edition needs one, and NUL is written into HTML as it is.
CONTROL = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), *range(0x7f, 0xa0)))
_CONTROL_TABLE = dict.fromkeys(map(ord, CONTROL))


def checked_stat(path) -> os.stat_result:
    """The file's status, if it is a regular file reached without a symbolic link."""
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise DataError(path, "file not found", "create it, or fix the path that names it") from None
    except OSError as err:
        raise DataError(path, f"cannot be read: {err.strerror}", "check the path and its permissions") from None
    if stat.S_ISLNK(st.st_mode):
        raise DataError(path, f"is a symbolic link (to {os.readlink(path)!r}); data files are not read "
                        "through links", "put the file itself here")
    if not stat.S_ISREG(st.st_mode):
        raise DataError(path, f"is a {_kind(st.st_mode)}, not a regular file", "remove it or rename it")
    return st


def mtime(path):
    """The modification time of an input as a cache stamp (None if it cannot be stat'ed: the
    loader then reports why); never follows a link."""
    try:
        return os.lstat(path).st_mtime_ns
    except OSError:
        return None


def read_bytes(path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Opened without following a link
    and without blocking (a FIFO swapped in after the check is still refused)."""
    path = Path(path)
    checked_stat(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise DataError(path, f"cannot be read: {err.strerror}", "check the path and its permissions") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise DataError(path, f"is a {_kind(st.st_mode)}, not a regular file", "remove it or rename it")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise DataError(path, f"is larger than the limit of {limit:,} bytes",
                        "split it, or shorten what is in it (limits: data/limits.py)")
    return data


def files_digest(paths, limit: int, salt: str = "") -> str | None:
    """`salt` and the files' paths and bytes as one SHA-256 (what data/derived_cache.py keys on),
    or None if one is not a regular file within `limit` (its reader then says why): read as
    read_bytes reads, never through a link nor blocking on a FIFO."""
    h = hashlib.sha256(salt.encode("utf-8", "surrogatepass"))
    try:
        for path in paths:
            data = read_bytes(path, limit)
            h.update(f"\0{path}\0{len(data)}\0".encode("utf-8", "surrogatepass") + data)
    except DataError:
        return None
    return h.hexdigest()


def decode(path, data: bytes) -> str:
    """UTF-8 text, without a byte-order mark and without control characters, or a DataError
    with the line."""
    for bom, encoding in BOMS.items():
        if data.startswith(bom):
            raise DataError(path, f"starts with a {encoding} byte-order mark (BOM)",
                            "save it as UTF-8 without a BOM", line=1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(path, f"is not UTF-8 (byte 0x{data[err.start]:02x})", "save the file as UTF-8",
                        line=data[:err.start].count(b"\n") + 1) from None
    if len(text.translate(_CONTROL_TABLE)) != len(text):
        pos = next(i for i, c in enumerate(text) if c in CONTROL)
        raise DataError(path, f"holds the control character U+{ord(text[pos]):04X}",
                        "delete it (no text of the edition needs one)", line=text.count("\n", 0, pos) + 1)
    return text


def read_text(path, limit: int) -> str:
    return decode(path, read_bytes(path, limit))


def data_files(directory, suffix: str) -> list[Path]:
    """The `suffix` files of a data folder, sorted; a link or anything but a regular file with
    that suffix is an error, not skipped (it would be read through the link, or left out
    silently)."""
    directory = Path(directory)
    try:
        listing = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as err:
        raise DataError(directory, f"cannot be listed: {err.strerror}", "check the path and its permissions") from None
    files = []
    for entry in listing:
        if entry.name.lower().endswith(suffix):
            checked_stat(entry.path)
            files.append(Path(entry.path))
    return files


def check_inside(path, root):
    """A configured path must lead (links followed) inside the project folder `root`: a system
    file named as the bibliography was read as an empty one, and the error then blamed meta.yml."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([real, top]) != top:
        leads = "" if real == os.path.abspath(path) else f"leads to {real}, which "
        raise DataError(path, f"{leads}is outside the project folder {top}",
                        "copy it into the project and give its path relative to mkdocs.yml")


def _kind(mode) -> str:
    return ("directory" if stat.S_ISDIR(mode) else "named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "socket" if stat.S_ISSOCK(mode)
            else "special file")
