"""refs.bib's `unconfirmed` field read as items: its grammar, and nothing that flags.

    unconfirmed = {ITEM; ITEM; ...}        ITEM = WHAT ["VALUE"] [(WHY)]

(data/unconfirmed.py says what each part means and flags the values.) Reading refs.bib
(data/bibread.py, data/robust_links.py) needs the items, not the flagger: this module imports
no HTML, Jinja or Markdown."""
import re
from functools import lru_cache
from typing import NamedTuple

from . import schema
from .errors import DataError

BIB_NAME = "refs.bib"     # Reference knows its line, not its file: the project's one bibliography
WHAT = re.compile(schema.WORD)
FORM = 'WHAT ["VALUE"] [(WHY)], items separated by ";", e.g. number "S/2023/370" (no copy of the report was seen)'


class Item(NamedTuple):
    what: str              # one lower-case word, e.g. "date", "url", "byline"
    value: str | None      # the unconfirmed string readers may meet, if the item names one
    why: str               # the reason, "" if none is given

    def __str__(self):
        return self.what + (f" “{self.value}”" if self.value else "") + (f" — {self.why}" if self.why else "")


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[Item, ...]:
    """The items of one `unconfirmed` field; ValueError says which item breaks the grammar."""
    items = []
    for n, raw in enumerate(_split(text), 1):
        raw = raw.strip()
        if not raw:
            if n == 1 and not text.strip():
                break
            raise ValueError(f"item {n} is empty (two ';' in a row, or a ';' at the end)")
        items.append(_item(raw, n))
    return tuple(items)


def _split(text):
    """Split at ';' outside parentheses and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == '"' and depth == 0:
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise ValueError(f"a ')' without its '(' in {text[max(0, i - 30):i + 1]!r}")
        elif ch == ";" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    if quoted:
        raise ValueError(f'a "VALUE" is not closed: {text[start:].strip()!r}')
    if depth:
        raise ValueError(f"a '(' is not closed: {text[start:].strip()!r}")
    parts.append(text[start:])
    return parts


def _item(raw, n):
    what = re.match(r'[^\s"(]+', raw)
    if not what or not WHAT.fullmatch(what.group(0)):
        raise ValueError(f"item {n} {raw!r} does not start with WHAT, one lower-case word or hyphenated word")
    rest = raw[what.end():].lstrip()
    value = None
    if rest.startswith('"'):
        end = rest.find('"', 1)
        value = rest[1:end].strip()
        if not value:
            raise ValueError(f"item {n} {raw!r} has an empty \"VALUE\"")
        rest = rest[end + 1:].lstrip()
    why = ""
    if rest.startswith("(") and rest.endswith(")"):
        why = " ".join(rest[1:-1].split())
        rest = ""
    if rest:
        raise ValueError(f"item {n} {raw!r}: after {what.group(0)!r} comes {rest!r}, "
                         "where only a \"VALUE\" in straight quotes and a (WHY) in parentheses may follow")
    return Item(what.group(0), value, why)


def items(ref) -> tuple[Item, ...]:
    """A refs.bib entry's items, or a DataError naming refs.bib:line and the key."""
    try:
        return parse(ref.fields.get("unconfirmed", ""))
    except ValueError as err:
        raise DataError(BIB_NAME, f"entry '{ref.key}': field 'unconfirmed': {err}",
                        f"write each item as {FORM}", line=ref.line) from None
