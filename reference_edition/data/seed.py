"""The article as received: seeds/<slug>.txt (verbatim) and seeds/<slug>.meta.yml (provenance).

The seed is: headline, blank line, body paragraphs separated by blank lines, and a last
line that runs the tags together and repeats the title. Nothing here changes the text, and
the build stops if the file's SHA-256 is not the one recorded in the meta file (`sha256`):
an edit, a re-encoding or a line-ending conversion would otherwise go unnoticed. Its structure
is checked against the meta file too (`paragraph_openings`, each body paragraph's first
words): with a hash re-recorded for changed bytes, a blank line added to the headline or a
paragraph split in two would move every paragraph down one, and the first error would blame a
claim ("quote found 0 times in paragraph 11") instead of naming the seed's line. It is read
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
    _check_structure(seed_path, text, record.paragraph_openings,
                     f"paragraph_openings in {path.name}:{yamlfile.line_of(node, ('paragraph_openings',))}",
                     lambda k: f"{path.name}:{yamlfile.line_of(node, ('paragraph_openings', k))}")
    title, *paragraphs, tag_line = text.split("\n\n")   # the recorded bytes: no line endings to translate
    if not tag_line.startswith("".join(meta["tags"])):
        raise DataError(path, f"tags {meta['tags']} do not match the seed's last line {tag_line!r}",
                        "list the tags in the order the seed runs them together")
    return Article(seed_path, title, tuple(paragraphs), tag_line, meta,
                   tuple((u, yamlfile.line_of(node, ("unconfirmed", n))) for n, u in enumerate(record.unconfirmed)),
                   node)


RESTORE = ("restore the seed as received, `git diff` shows what changed; if the source of record itself "
           "changed, record its paragraphs' first words in paragraph_openings and its hash in sha256")


def _check_structure(seed_path, text, openings, recorded, item_at):
    """Headline, body paragraphs and tag line, each one line, separated by one blank line; the
    paragraphs, in order, those whose first words meta.yml records (`recorded` says where, and
    item_at(k) where its item k is). A DataError names the seed's line where the structure first
    differs; where meta.yml's list may be what is wrong, it names that item's line too."""
    if "\r" in text:
        raise DataError(seed_path, "a carriage return: the line endings were converted (CRLF)",
                        "convert them back to LF (.gitattributes keeps git from converting seeds); " + RESTORE,
                        line=text.count("\n", 0, text.index("\r")) + 1)
    blocks, line = [], 1   # (first line, text) of each blank-line-separated block
    for block in text.split("\n\n"):
        blocks.append((line, block))
        line += block.count("\n") + 2
    for n, (line, block) in enumerate(blocks):
        last = n == len(blocks) - 1
        name = "the headline" if n == 0 else "the tag line" if last else f"paragraph {n}"
        if not block.strip("\n"):
            raise DataError(seed_path, "the tag line is missing: the file ends with a blank line" if last
                            else "an extra blank line (the headline, the paragraphs and the tag line are "
                            "separated by exactly one)", RESTORE, line=line + block.count("\n"))
        if block.startswith("\n"):
            after = "the start of the file" if n == 0 else "the headline" if n == 1 else f"paragraph {n - 1}"
            raise DataError(seed_path, f"an extra blank line between {after} and {name} (the headline, the "
                            "paragraphs and the tag line are separated by exactly one)", RESTORE, line=line)
        if last and block.endswith("\n") and block.count("\n") == 1:
            raise DataError(seed_path, "the tag line ends with a line break: the seed as received ends without one",
                            RESTORE, line=line)
        if "\n" in block:
            raise DataError(seed_path, f"{name} (line {line}) runs onto line {line + 1}: each is one line, followed "
                            "by a blank line", RESTORE, line=line + 1)
    if len(blocks) < 3:
        raise DataError(seed_path, "expected a headline, body paragraphs and a tag line separated by blank lines",
                        RESTORE)
    body = blocks[1:-1]

    def opens(k, opening):
        return k < len(body) and body[k][1].startswith(opening)
    for k, opening in enumerate(openings):
        if opens(k, opening):
            continue
        before = "the headline" if k == 0 else f"paragraph {k}"
        expected = f"paragraph {k + 1}, which opens with {opening!r} ({recorded})"
        moved = next((j for j in range(k + 1, len(body)) if opens(j, opening)), None)
        if moved is not None:
            problem = (f"{before} is followed by {moved - k} block(s) the seed as received does not have: "
                       f"{expected}, starts at line {body[moved][0]}; a blank line was added to {before} or "
                       "a paragraph split in two")
        elif k + 1 < len(openings) and opens(k, openings[k + 1]):
            problem = f"{expected}, is missing: merged into {before} or removed"
        elif k == len(body) and k + 1 == len(openings) and blocks[-1][1].startswith(opening):
            problem = (f"the tag line is missing: the seed ends with paragraph {k + 1}, which opens with "
                       f"{opening!r}")
        elif k >= len(body):
            problem = (f"{expected}, is missing: the seed has {len(body)} body paragraph(s), {recorded} "
                       f"records {len(openings)}")
        else:
            problem = f"{expected}, is not here: this paragraph opens with {' '.join(body[k][1].split()[:6])!r}"
            raise DataError(seed_path, problem, f"{RESTORE}; if the seed is as received, correct item {k + 1} "
                            f"of paragraph_openings ({item_at(k)})", line=body[k][0])
        raise DataError(seed_path, problem, RESTORE, line=body[k][0] if k < len(body) else blocks[-1][0])
    if len(body) > len(openings):
        raise DataError(seed_path, f"a block after paragraph {len(openings)}, which {recorded} records as the "
                        f"last: {len(body) - len(openings)} more block(s) than the seed as received has",
                        f"{RESTORE}; if the seed is as received, add that paragraph's first words to "
                        f"paragraph_openings ({recorded})", line=body[len(openings)][0])
