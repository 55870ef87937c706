"""The version a site is built from: the release tag of HEAD, else its short commit hash,
else "unversioned" (not a git checkout, or git missing). Read once per build."""
import datetime as dt
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Version:
    label: str            # release tag if HEAD is tagged, else short commit hash, else "unversioned"
    commit: str           # full hash ("" outside git)
    date: dt.date | None  # commit date of HEAD
    dirty: bool           # built with uncommitted changes


def _git(root, *args) -> str:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


@lru_cache(maxsize=4)
def git_version(root: Path) -> Version:
    commit = _git(root, "rev-parse", "HEAD")
    if not commit:
        return Version("unversioned", "", None, False)
    tag = _git(root, "describe", "--tags", "--exact-match", "HEAD")
    date = _git(root, "log", "-1", "--format=%cI")
    dirty = bool(_git(root, "status", "--porcelain", "--untracked-files=normal"))
    return Version(tag or commit[:7], commit, dt.datetime.fromisoformat(date).date() if date else None, dirty)


@lru_cache(maxsize=4)
def first_commit_date(root: Path) -> dt.date | None:
    dates = _git(root, "log", "--reverse", "--format=%cI").splitlines()
    return dt.datetime.fromisoformat(dates[0]).date() if dates else None


@lru_cache(maxsize=4)
def last_changed(root: Path) -> dict:
    """Absolute path -> the date of the last commit that changed that file; one `git log` pass.
    Empty outside git."""
    top = _git(root, "rev-parse", "--show-toplevel")
    dates, date = {}, None
    for line in _git(root, "log", "--format=%x00%cs", "--name-only", "--no-renames").splitlines() if top else ():
        if line.startswith("\0"):
            date = dt.date.fromisoformat(line[1:])
        elif line and date:
            dates.setdefault(Path(top, line), date)
    return dates
