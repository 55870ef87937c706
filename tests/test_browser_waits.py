"""The browser tests wait for states, not times (tests/browser_waits.py): no fixed pause in a
page, and no wait on a Promise-returning predicate (Playwright returns at once: a Promise is a
true value). Read from the tests' source with the ast module."""
import ast
import re

from conftest import ROOT


# Where each waiting call takes its predicate: wait_until(page, predicate, ...) and
# page.wait_for_function(predicate, ...); other calls are listed with their first argument.
PREDICATE_AT = {"wait_until": 1, "wait_for_function": 0}


def _text(node):
    """A string argument's text; an f-string's literal parts (what it adds is data, not code)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def _calls(name, folder=ROOT / "tests"):
    """(file:line, the predicate's text or None) of every call of a method or function `name`."""
    at = PREDICATE_AT.get(name, 0)
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call) and name in (getattr(node.func, "attr", None), getattr(node.func, "id", None)):
                arg = node.args[at] if len(node.args) > at else None
                yield f"{path.name}:{node.lineno}", _text(arg) if arg is not None else None


def returns_a_promise(predicate):
    """An async function, or an arrow function whose body is an expression ending in a Promise
    (`=> x.then(...)`); a body in braces that starts a read and returns a value is fine."""
    return "async " in predicate or bool(re.search(r"=>(?!\s*\{)[^;]*\.then\(", predicate))


def test_no_fixed_pause_in_a_page():
    found = [where for where, _ in _calls("wait_for_timeout")]
    assert not found, f"a fixed pause, too short on a busy machine: wait for the state instead (browser_waits): {found}"


def test_no_wait_on_a_promise():
    checked = [(where, predicate) for name in PREDICATE_AT for where, predicate in _calls(name) if predicate]
    assert len(checked) > 5, f"only {len(checked)} wait predicates found in the tests: is the reader broken?"
    found = [where for where, predicate in checked if returns_a_promise(predicate)]
    assert not found, f"a wait whose predicate returns a Promise returns at once (browser_waits.wait_until): {found}"


def test_the_checks_see_what_they_look_for(tmp_path):
    (tmp_path / "test_x.py").write_text(
        'page.wait_for_timeout(200)\n'
        'page.wait_for_function("() => navigator.clipboard.readText().then(t => t)")\n'
        'wait_until(page, "async () => 1", failing="x")\n'
        'wait_until(page, f"() => {{ navigator.clipboard.readText().then(t => {{ window.t = t; }}); return window.t === {1}; }}", failing="x")\n',
        encoding="utf-8")
    assert [where for where, _ in _calls("wait_for_timeout", tmp_path)] == ["test_x.py:1"]
    seen = [(where, returns_a_promise(p)) for name in PREDICATE_AT for where, p in _calls(name, tmp_path)]
    assert sorted(seen) == [("test_x.py:2", True), ("test_x.py:3", True), ("test_x.py:4", False)], seen
