"""No regular expression reads HTML tags anywhere in the package (issue 20): HTML is read by a
parser, html.parser with offsets where text is changed in place (data/html_text.py), lxml where
a written page is checked (data/unconfirmed.py). A regex over tags breaks on what a parser
takes in its stride (an attribute holding ">", a comment, a tag split across lines).

Found by reading each module's syntax tree: every pattern given to a function of `re` (a
string, an f-string's literal parts, or bytes) that holds "<" followed by what starts a tag
(a letter, "/", "!", or a class or group that may be one). Lookbehinds "(?<=", "(?<!" and
named groups "(?P<name>" are not tags."""
import ast
import re

from conftest import ROOT

PACKAGE = ROOT / "reference_edition"
RE_FUNCTIONS = {"compile", "sub", "subn", "search", "match", "fullmatch", "finditer", "findall", "split"}
NOT_TAGS = re.compile(r"\(\?<[=!]|\(\?P<\w+>")
TAG_START = re.compile(r"<(?:[A-Za-z/!]|\\s|\[|\()")
# Modules of other scopes this round, each to read its HTML with data/html_text.py or lxml:
# listed so that the test names them, and fails on any other module.
PENDING = {
    "reference_edition/data/reflist.py": "the reference list's sort keys strip tags (scope 'robust')",
    "reference_edition/pages/bibliography_page.py": "the 'Cited in' placeholders (scope 'bibsplit')",
}


def _pattern_text(node):
    """The literal text of a pattern argument, or None if it is not written in place."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        value = node.value
        return value.decode("latin-1") if isinstance(value, bytes) else value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def regexes_over_tags(path):
    """(line, pattern) of each regex in `path` that reads tags."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in RE_FUNCTIONS and node.args):
            continue
        text = _pattern_text(node.args[0])
        if text is not None and TAG_START.search(NOT_TAGS.sub("", text)):
            found.append((node.lineno, text))
    return found


def test_the_finder_finds_a_regex_over_tags(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('import re\nA = re.compile(r"<[^>]+>")\nB = re.sub(rf"</{name}>", "", x)\n'
                      'C = re.compile(rb"<meta\\s")\nD = re.compile(r"(?<!\\w)(?P<key>[a-z]+)[<>]")\n', encoding="utf-8")
    assert [line for line, _ in regexes_over_tags(sample)] == [2, 3, 4], \
        "the finder must report the three patterns that read tags and not the lookbehind, the group or '[<>]'"


def test_no_module_reads_html_tags_with_a_regex():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 30, f"only {len(modules)} modules found under {PACKAGE}"
    found = [f"{path.relative_to(ROOT).as_posix()}:{line}: {pattern!r}"
             for path in modules if path.relative_to(ROOT).as_posix() not in PENDING
             for line, pattern in regexes_over_tags(path)]
    assert not found, ("regular expressions over HTML tags (read HTML with data/html_text.py or lxml "
                       "instead):\n" + "\n".join(found))


def test_the_pending_modules_are_still_pending():
    """A module listed as pending that no longer reads tags with a regex leaves the list."""
    done = [name for name in PENDING if not regexes_over_tags(ROOT / name)]
    assert not done, f"no longer reading tags with a regex, remove from PENDING: {done}"
