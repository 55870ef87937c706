"""Paths and settings the hooks share, read from `extra.edition` in mkdocs.yml.

A key that is misspelt or missing is an error naming mkdocs.yml and the key (a typo used to
end in a KeyError traceback, or be ignored)."""
import difflib
from pathlib import Path

from .errors import DataError

KEYS = {
    "seed": "the article as received, seeds/<slug>.txt",
    "claims": "the claims file, seeds/<slug>.claims.yml",
    "glossary": "the folder of glossary entries, glossary/",
    "bibliography": "the bibliography, refs.bib",
    "citation": "who and what a citation of any page names (see README, 'Citing')",
}


def edition_settings(config) -> dict:
    raw = config["extra"].get("edition") or {}
    where = config.config_file_path or "mkdocs.yml"
    if not isinstance(raw, dict):
        raise DataError(where, "extra.edition must be a mapping of settings", _allowed())
    for key in raw:
        if key not in KEYS:
            near = difflib.get_close_matches(str(key), KEYS, n=1)
            raise DataError(where, f"extra.edition.{key}: unknown setting"
                            + (f" (did you mean '{near[0]}'?)" if near else ""), _allowed(),
                            line=_line_of(where, key))
    return raw


def project_path(config, key: str) -> Path:
    """A path from `extra.edition.<key>`, relative to mkdocs.yml; it must exist."""
    value = edition_settings(config).get(key)
    where = config.config_file_path or "mkdocs.yml"
    if not isinstance(value, str) or not value:
        raise DataError(where, f"extra.edition.{key} is not set", f"set it to {KEYS[key]}")
    path = Path(where).parent / value
    if not path.exists():
        raise DataError(where, f"extra.edition.{key}: {value} does not exist", f"it should be {KEYS[key]}",
                        line=_line_of(where, key))
    return path


def _allowed():
    return "allowed: " + ", ".join(KEYS)


def _line_of(path, key):
    """The line of `key:` in mkdocs.yml, for the message (None if not found)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:")), None)
