"""The article as received: seeds/<slug>.txt (verbatim) and seeds/<slug>.meta.yml (provenance).

The seed is: headline, blank line, body paragraphs separated by blank lines, and a last
line that runs the tags together and repeats the title. Nothing here changes the text, and
the build stops if the file's SHA-256 is not the one recorded in the meta file (`sha256`):
an edit, a re-encoding or a line-ending conversion would otherwise go unnoticed."""
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import schema, yamlfile

from .errors import DataError
from .safe_html import citations_in


@dataclass(frozen=True)
class Article:
    path: Path
    title: str
    paragraphs: tuple[str, ...]   # paragraph N is paragraphs[N - 1]
    tag_line: str
    meta: dict = field(hash=False, compare=False)

    @property
    def meta_path(self) -> Path:
        return meta_path(self.path)

    @property
    def tags(self):
        return self.meta["tags"]


def bib_keys(meta: dict) -> list[str]:
    """The refs.bib keys of the article itself, as meta.yml names them: this text, the original,
    then each republication (once each)."""
    keys = [meta["this_text"]["bib_key"], meta["original"]["bib_key"]]
    return list(dict.fromkeys(keys + [r["bib_key"] for r in meta.get("republications") or []]))


def meta_path(seed_path) -> Path:
    """seeds/<slug>.meta.yml: the provenance file beside a seed."""
    return Path(seed_path).with_suffix(".meta.yml")


def load_article(seed_path) -> Article:
    seed_path, meta = Path(seed_path), meta_path(seed_path)   # its recorded hash decides too (serve rebuilds)
    return _load(seed_path, seed_path.stat().st_mtime_ns, meta.exists() and meta.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(seed_path: Path, _mtime, _meta_mtime) -> Article:
    data, path = seed_path.read_bytes(), meta_path(seed_path)
    if not path.exists():
        raise DataError(path, "missing provenance file", "create it beside the seed (see README, 'Layout')")
    meta, node = yamlfile.load_file(path)
    schema.validate(schema.MetaRecord, meta, node, path)   # every problem of the file at once
    if citations_in(meta["this_text"]["description"]):   # the About box cites bib_key itself
        raise DataError(path, "this_text.description: a citation ([@key]) cannot be placed here",
                        "the About box cites this_text.bib_key already; name other sources in refs.bib's annote",
                        yamlfile.line_of(node, ("this_text", "description")))
    actual = hashlib.sha256(data).hexdigest()
    if actual != str(meta["sha256"]).lower():
        raise DataError(seed_path, f"SHA-256 is {actual}, expected {meta['sha256']} (sha256 in {path.name})",
                        "the seed must stay byte-identical to the text as received: restore it, `git diff` shows "
                        "what changed; record a new hash only if the source of record itself changed")
    text = data.decode("utf-8")  # the recorded bytes: no line endings to translate
    blocks = text.split("\n\n")
    if len(blocks) < 3:
        raise DataError(seed_path, "expected a headline, body paragraphs and a tag line separated by blank lines")
    title, *paragraphs, tag_line = blocks
    for n, para in enumerate(paragraphs, 1):
        if "\n" in para or not para.strip():
            raise DataError(seed_path, f"paragraph {n} is not a single non-empty line", "keep the seed as received")
    if not tag_line.startswith("".join(meta["tags"])):
        raise DataError(path, f"tags {meta['tags']} do not match the seed's last line {tag_line!r}",
                        "list the tags in the order the seed runs them together")
    return Article(seed_path, title, tuple(paragraphs), tag_line, meta)

