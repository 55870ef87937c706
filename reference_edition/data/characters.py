"""Which characters a text field may hold (data/schema.py for the YAML files, data/bib.py for
refs.bib). Invisible characters can hide or reorder text: a right-to-left override in a name
shows it reversed, a zero-width space makes two names that look alike differ.

- Every field: no control characters (NUL and the like; tab and line breaks are whitespace),
  no bidirectional embeddings, overrides or isolates (U+202A-202E, U+2066-2069), no zero-width
  space, word joiner or byte-order mark (U+200B, U+2060, U+FEFF).
- Names, titles, aliases, publishers, authors, tags, values, addresses (`plain`): also no
  zero-width joiner or non-joiner (U+200C, U+200D), direction marks (U+200E, U+200F, U+061C)
  or soft hyphen (U+00AD); readers see and search these as written.
- Prose (definitions, facts, notes, annotations, quotes, reasons: `prose`) may hold those:
  Persian and Arabic spelling needs the joiners, right-to-left quotations the marks."""
import unicodedata

from .inputs import CONTROL

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
HIDDEN = "\u200b\u2060\ufeff"
IN_PROSE_ONLY = "\u200c\u200d\u200e\u200f\u061c\u00ad"
_NEVER = frozenset(CONTROL + BIDI_CONTROLS + HIDDEN)
_NOT_PLAIN = _NEVER | frozenset(IN_PROSE_ONLY)


def problem(text: str, plain: bool) -> str | None:
    """What is wrong with the characters of a field's text, with what to do; None if nothing."""
    refused = _NOT_PLAIN if plain else _NEVER
    if refused.isdisjoint(text):
        return None
    char = next(c for c in text if c in refused)
    name = unicodedata.name(char, "control character")
    if char in CONTROL:
        why, fix = "a control character", "delete it"
    elif char in BIDI_CONTROLS:
        why, fix = "a bidirectional control, which reorders how the text after it is shown", "delete it"
    elif char in HIDDEN:
        why, fix = "an invisible character that can hide or split text", "delete it"
    else:
        why, fix = "an invisible character, allowed in prose only", "delete it from this field"
    return f"holds U+{ord(char):04X} {name}, {why} ({fix})"


def plain(text: str) -> str:
    """A pydantic validator: the text, or ValueError saying which character is refused."""
    found = problem(text, plain=True)
    if found:
        raise ValueError(found)
    return text


def prose(text: str) -> str:
    found = problem(text, plain=False)
    if found:
        raise ValueError(found)
    return text
