"""Paths and settings the hooks share, read from `extra.edition` in mkdocs.yml."""
from pathlib import Path


def edition_settings(config) -> dict:
    return config["extra"].get("edition", {})


def project_path(config, key: str) -> Path:
    """A path from `extra.edition.<key>`, relative to mkdocs.yml."""
    value = edition_settings(config).get(key)
    if value is None:
        raise KeyError(f"mkdocs.yml: extra.edition.{key} is not set")
    return Path(config.config_file_path).parent / value
