"""The article as received: seeds/<slug>.txt (verbatim) and seeds/<slug>.meta.yml (provenance).

The seed is: headline, blank line, body paragraphs separated by blank lines, and a last
line that runs the tags together and repeats the title. Nothing here changes the text, and
the build stops if the file's SHA-256 is not the one recorded in the meta file (`sha256`):
an edit, a re-encoding or a line-ending conversion would otherwise go unnoticed. It is read
as every input is (data/inputs.py), so a byte-order mark or a byte that is not UTF-8 is named
as such before the hash is compared; the headline is checked as a title, the paragraphs as
prose (data/characters.py)."""
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import characters, inputs, limits, schema, yamlfile

from .errors import DataError
from .safe_html import citations_in


@dataclass(frozen=True)
class Article:
    path: Path
    title: str
    paragraphs: tuple[str, ...]   # paragraph N is paragraphs[N - 1]
    tag_line: str
    meta: dict = field(hash=False, compare=False)
    # meta.yml's own `unconfirmed:` items as data/schema.py validated them, each with its line
    # in meta.yml: ((schema.MetaUnconfirmed, line), ...). Read these; the file is not read again.
    unconfirmed: tuple = field(default=(), hash=False, compare=False)
    meta_node: object = field(default=None, hash=False, compare=False, repr=False)   # meta.yml's YAML nodes: its lines

    @property
    def meta_path(self) -> Path:
        return meta_path(self.path)

    def meta_line(self, loc: tuple) -> int | None:
        """The line in meta.yml of the field at `loc`, e.g. ("this_text", "url")."""
        return yamlfile.line_of(self.meta_node, loc)

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
    return _load(seed_path, inputs.checked_stat(seed_path).st_mtime_ns, inputs.mtime(meta))


@lru_cache(maxsize=4)
def _load(seed_path: Path, _mtime, _meta_mtime) -> Article:
    data, path = inputs.read_bytes(seed_path, limits.SEED_FILE_BYTES), meta_path(seed_path)
    text = inputs.decode(seed_path, data)   # BOM, encoding and control characters, each by name
    for n, line in enumerate(text.split("\n"), 1):   # before the hash: it says what changed
        wrong = characters.problem(line, plain=n == 1)
        if wrong:
            raise DataError(seed_path, f"{'the headline' if n == 1 else 'the text'} {wrong}", line=n)
    if inputs.mtime(path) is None:
        raise DataError(path, "missing provenance file", "create it beside the seed (see README, 'A second article')")
    meta, node = yamlfile.load_file(path)
    record = schema.validate(schema.MetaRecord, meta, node, path)   # every problem of the file at once
    if citations_in(meta["this_text"]["description"]):   # the About box cites bib_key itself
        raise DataError(path, "this_text.description: a citation ([@key]) cannot be placed here",
                        "the About box cites this_text.bib_key already; name other sources in refs.bib's annote",
                        yamlfile.line_of(node, ("this_text", "description")))
    actual = hashlib.sha256(data).hexdigest()
    if actual != str(meta["sha256"]).lower():
        raise DataError(seed_path, f"SHA-256 is {actual}, expected {meta['sha256']} (sha256 in {path.name})",
                        "the seed must stay byte-identical to the text as received: restore it, `git diff` shows "
                        "what changed; record a new hash only if the source of record itself changed")
    blocks = text.split("\n\n")   # the recorded bytes: no line endings to translate
    if len(blocks) < 3:
        raise DataError(seed_path, "expected a headline, body paragraphs and a tag line separated by blank lines")
    title, *paragraphs, tag_line = blocks
    for n, para in enumerate(paragraphs, 1):
        if "\n" in para or not para.strip():
            raise DataError(seed_path, f"paragraph {n} is not a single non-empty line", "keep the seed as received")
    if not tag_line.startswith("".join(meta["tags"])):
        raise DataError(path, f"tags {meta['tags']} do not match the seed's last line {tag_line!r}",
                        "list the tags in the order the seed runs them together")
    return Article(seed_path, title, tuple(paragraphs), tag_line, meta,
                   tuple((u, yamlfile.line_of(node, ("unconfirmed", n))) for n, u in enumerate(record.unconfirmed)),
                   node)

