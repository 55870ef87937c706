"""Two punctuation rules of CSL that citeproc-py 0.11 leaves out (its Quoted.quote reads the
locale's punctuation-in-quote option and does nothing with it):

- punctuation-in-quote, true in the en-US locale that Chicago, APA and MLA use: a period or
  comma right after a closing quotation mark goes inside it: “Title”. -> “Title.”
- no period after one: a title that ends in ?, ! or . is not followed by another period,
  inside or outside quotation marks or italics: “What Is X?”. -> “What Is X?”

Only the double closing quotation mark takes punctuation in: ’ is also the apostrophe, so
“The Jihadists’”. becomes “The Jihadists’.”, never “The Jihadists.’”. Applied to
citeproc-py's HTML before URLs become links, when the only tags are its own formatting
tags; addresses in the text are left as they are."""
import re

from .html_text import pieces

# While the rules read citeproc-py's HTML, each tag stands as one private-use character (found
# by html.parser, data/html_text.py), so that they read text, not markup: CLOSING for a
# closing tag, OTHER for any other.
_CLOSING, _OTHER = "\ue010", "\ue011"
_INTO_QUOTE = re.compile(r"”([.,])")
# A period after ?, ! or a period, with closing quotation marks or closing formatting tags between.
_SECOND_STOP = re.compile(f"(?<!\\.)([?!.](?:”|’|{_CLOSING})*)\\.(?!\\.)")
_URL = re.compile(f"(https?://[^\\s{_CLOSING}{_OTHER}]+)")


def punctuate(html: str, punctuation_in_quote: bool) -> str:
    # The marks themselves, should the data hold them, as references: the same characters to a reader.
    html = html.replace(_CLOSING, "&#xe010;").replace(_OTHER, "&#xe011;")
    tags = [p for p in pieces(html) if p.kind == "tag"] if "<" in html else []
    marked, pos = [], 0
    for tag in tags:
        marked += [html[pos:tag.start], _CLOSING if tag.tag and tag.tag.closing else _OTHER]
        pos = tag.end
    parts = _URL.split("".join(marked) + html[pos:])
    for i in range(0, len(parts), 2):   # the text between addresses
        if punctuation_in_quote:
            parts[i] = _INTO_QUOTE.sub(r"\1”", parts[i])
        parts[i] = _SECOND_STOP.sub(r"\1", parts[i])
    written = iter(html[tag.start:tag.end] for tag in tags)   # the rules remove periods only: tags stay in order
    return "".join(next(written) if c in (_CLOSING, _OTHER) else c for c in "".join(parts))


def punctuation_in_quote(style) -> bool:
    """The style's locale option (citeproc-py's own lookup), e.g. true for en-US."""
    return style.root.get_locale_option("punctuation-in-quote").lower() == "true"


# Straight quotation marks in a data field, as typeset text has them (and as pandoc's citeproc
# prints them): ' after a letter, digit or closing mark is an apostrophe or
# closing quote (’), before a digit an elision (’90s); at a word's start it opens (‘); " opens
# at a word's start (“) and closes elsewhere (”). Applied to field values, never to addresses.
_APOSTROPHE = re.compile(r"(?<=[\w.,!?)\]’”])'|'(?=\d)")
_OPENING_SINGLE = re.compile(r"'(?=\w)")
_OPENING_DOUBLE = re.compile(r'(?:^|(?<=[\s(\[—–‘-]))"(?=\S)')


def typographic_quotes(text: str) -> str:
    if "'" not in text and '"' not in text:
        return text
    text = _APOSTROPHE.sub("’", text)
    text = _OPENING_SINGLE.sub("‘", text).replace("'", "’")
    return _OPENING_DOUBLE.sub("“", text).replace('"', "”")
