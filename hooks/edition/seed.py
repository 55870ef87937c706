"""The article as received: seeds/<slug>.txt (verbatim) and seeds/<slug>.meta.yml (provenance).

The seed is: headline, blank line, body paragraphs separated by blank lines, and a last
line that runs the tags together and repeats the title. Nothing here changes the text."""
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import yamlfile

from .errors import DataError


@dataclass(frozen=True)
class Article:
    path: Path
    title: str
    paragraphs: tuple[str, ...]   # paragraph N is paragraphs[N - 1]
    tag_line: str
    meta: dict = field(hash=False, compare=False)

    @property
    def tags(self):
        return self.meta["tags"]


def load_article(seed_path) -> Article:
    seed_path = Path(seed_path)
    return _load(seed_path, seed_path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(seed_path: Path, _mtime) -> Article:
    text = seed_path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    if len(blocks) < 3:
        raise DataError(seed_path, "expected a headline, body paragraphs and a tag line separated by blank lines")
    title, *paragraphs, tag_line = blocks
    for n, para in enumerate(paragraphs, 1):
        if "\n" in para or not para.strip():
            raise DataError(seed_path, f"paragraph {n} is not a single non-empty line", "keep the seed as received")
    meta_path = seed_path.with_suffix(".meta.yml")
    if not meta_path.exists():
        raise DataError(meta_path, "missing provenance file", "create it beside the seed (see README, 'Layout')")
    meta = yamlfile.load(meta_path.read_text(encoding="utf-8")) or {}
    for key in ("slug", "this_text", "original", "tags"):
        if key not in meta:
            raise DataError(meta_path, f"missing key '{key}'")
    if not tag_line.startswith("".join(meta["tags"])):
        raise DataError(meta_path, f"tags {meta['tags']} do not match the seed's last line {tag_line!r}",
                        "list the tags in the order the seed runs them together")
    return Article(seed_path, title, tuple(paragraphs), tag_line, meta)


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]#|~"} | {"<": "&lt;"})


def markdown_literal(text: str) -> str:
    """Escape text so Markdown renders it character for character (the seed stays verbatim)."""
    return text.translate(_MARKDOWN_SPECIAL)
