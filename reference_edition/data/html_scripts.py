"""The inline scripts of a written page that a browser runs, read as the browser hashes them
(features/content_security_policy.py allows exactly those)."""
from selectolax.lexbor import LexborHTMLParser

# The types a script runs with (HTML's "JavaScript MIME type essence" strings, "module"; an
# import map or speculation rules are inline scripts to a policy too); none = JavaScript.
# JSON and JSON-LD do not run.
_RUNS = frozenset((
    "", "module", "importmap", "speculationrules",
    "application/ecmascript", "application/javascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript"))
_SPACE = "\t\n\f\r "   # HTML's ASCII whitespace: stripped from a type before it is compared


def inline_scripts(page: bytes) -> list:
    """The text of every inline script that runs, exactly as the browser hashes it (its child
    text): parsed by Lexbor (selectolax), which follows HTML5 as browsers do (script text raw up
    to its </script>, CR LF read as LF, <noscript> read as raw text as a browser that runs scripts
    reads it, an SVG script's character references decoded). C, not Python: every page is parsed
    once per build. The page's bytes are read as UTF-8, as MkDocs writes them (no sniffing).
    Scripts that do not run where they stand but would if script code moved them (in a
    <template>) or if scripts were off (in a <noscript>) are read too: a script no theme
    template writes stops the build wherever it is."""
    return _scripts(LexborHTMLParser(page, scripting=True))


def _scripts(tree) -> list:
    found = []
    for node in tree.css("script, noscript, template"):   # one walk, in document order
        if node.tag == "script":
            if "src" not in node.attributes and (node.attributes.get("type") or "").strip(_SPACE).lower() in _RUNS:
                found.append(node.text(deep=False))
        elif node.tag == "template":   # its content, which is not in the document's tree (nested ones too)
            for fragment in node.template_fragments():
                found += _scripts(fragment)
        elif "<script" in (text := node.text(deep=False)).lower():   # a <noscript>'s text, read as markup
            found += _scripts(LexborHTMLParser(text, is_fragment=True))
    return found
