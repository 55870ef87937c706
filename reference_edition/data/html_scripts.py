"""The inline scripts of a written page that a browser runs, read as the browser hashes them
(features/content_security_policy.py allows exactly those)."""
import lxml.etree

# A <script> with no type, a JavaScript type or "module" runs; JSON and JSON-LD do not.
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def inline_scripts(page: bytes) -> list:
    """The text of every inline script that runs, exactly as the browser hashes it: parsed by
    libxml2's HTML parser (lxml), whose tokenizer follows HTML5 (script text raw, up to its
    </script>; CR LF read as LF, as browsers read it). C, not Python: every page is parsed once
    per build. The parser feeds a target (_Scripts) instead of building a tree, and reads the
    page's bytes as UTF-8 rather than a decoded copy: no page is ever held as a tree."""
    return lxml.etree.fromstring(page, lxml.etree.HTMLParser(target=_Scripts(), encoding="utf-8"))


class _Scripts:
    """An lxml parser target collecting the text of each inline script that runs."""

    def __init__(self):
        self.found, self.text = [], None   # text: the pieces of the script being read, if one runs

    def start(self, tag, attrib):
        if tag == "script" and attrib.get("src") is None and (attrib.get("type") or "").lower() in _JS_TYPES:
            self.text = []

    def data(self, text):
        if self.text is not None:
            self.text.append(text)

    def end(self, tag):
        if tag == "script" and self.text is not None:
            self.found.append("".join(self.text))
            self.text = None

    def close(self):
        return self.found
