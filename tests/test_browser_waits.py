"""The browser tests wait for states, not times (tests/browser_waits.py): no fixed pause in a
page, and no wait on a Promise-returning predicate (Playwright returns at once: a Promise is a
true value). Read from the tests' source with the ast module."""
import ast

from conftest import ROOT


def _calls(name, folder=ROOT / "tests"):
    """(file:line, first string argument or None) of every call of a method or function `name`."""
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call) and name in (getattr(node.func, "attr", None), getattr(node.func, "id", None)):
                first = node.args[0] if node.args else None
                text = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
                yield f"{path.name}:{node.lineno}", text


def test_no_fixed_pause_in_a_page():
    found = [where for where, _ in _calls("wait_for_timeout")]
    assert not found, f"a fixed pause, too short on a busy machine: wait for the state instead (browser_waits): {found}"


def test_no_wait_on_a_promise():
    found = [where for name in ("wait_for_function", "wait_until") for where, predicate in _calls(name)
             if predicate and (".then(" in predicate or "async " in predicate)]
    assert not found, f"a wait whose predicate returns a Promise returns at once (browser_waits.wait_until): {found}"


def test_the_checks_see_what_they_look_for(tmp_path):
    (tmp_path / "test_x.py").write_text(
        'page.wait_for_timeout(200)\npage.wait_for_function("() => navigator.clipboard.readText().then(t => t)")\n',
        encoding="utf-8")
    assert [where for where, _ in _calls("wait_for_timeout", tmp_path)] == ["test_x.py:1"]
    assert [(where, ".then(" in predicate) for where, predicate in _calls("wait_for_function", tmp_path)] \
        == [("test_x.py:2", True)]
