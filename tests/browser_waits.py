"""Condition-based waits for the browser tests. On a busy machine (CI runs at load 6-12 on 2 cores)
scripts, scrolling to a fragment and re-rendering all happen late, so a test waits for the state
it checks, never for a fixed time, and a wait that runs out fails saying what it saw instead.

Predicates are JavaScript functions of one argument (not bare expressions; tests/test_serve_errors.py
says why) that return a value, not a Promise (see wait_until)."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# The top of the element matched by a CSS selector, relative to the viewport (null: no such element).
_TOP = "sel => document.querySelector(sel)?.getBoundingClientRect().top ?? null"


def wait_until(page, predicate, arg=None, *, failing, state=None):
    """Wait until the JavaScript function `predicate(arg)` returns a true value (Playwright's
    default timeout); if it never does, fail with `failing` and what `state(arg)` returns then.
    The predicate returns a value, not a Promise: Playwright does not await it, and a Promise is
    a true value (so waiting on `navigator.clipboard.readText().then(…)` returns at once)."""
    try:
        page.wait_for_function(predicate, arg=arg)
    except PlaywrightTimeout:
        seen = f" (found: {page.evaluate(state, arg)!r})" if state else ""
        pytest.fail(f"{failing}{seen}", pytrace=False)


def wait_top_in_view(page, selector, upper=1.0, *, failing):
    """Wait until the top of `selector` is on screen, above `upper` × the viewport's height
    (after a link to a fragment, the browser, Material or the edition's script scrolls late)."""
    wait_until(page, f"([sel, upper]) => {{ const top = ({_TOP})(sel); "
                     "return top !== null && top >= 0 && top < innerHeight * upper; }",
               [selector, upper], failing=f"{failing}: {selector}'s top is not within "
                                          f"0 … {upper:g} × the viewport's height",
               state=f"([sel]) => ({{top: ({_TOP})(sel), height: innerHeight}})")


# Every image has loaded or failed to (lazy ones aside): its load or error handler, where a hostile
# payload's alert() would be, has run. What a test that expects nothing to happen waits for.
IMAGES_SETTLED = "() => [...document.images].every(image => image.complete || image.loading === 'lazy')"
