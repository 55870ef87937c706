"""reference_edition/data/citeproc_speed.py: a patch set over citeproc-py that must change no
output in any style the edition offers, and whose memo stays bounded."""
import atexit
import functools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent   # not conftest's: the process below imports this module alone

# Each way of formatting runs in a process of its own, started before the first test
# (tests/conftest.py, start_early) and given the CSL items in the file argv[2]:
# - "as shipped": citeproc_speed is replaced, before anything imports it (its patches, once made,
#   hold for the whole process), by a module holding only citeproc-py's own bibliography class;
# - "patched": with the patch set, once with a memo that never fills (MEMO_LIMIT) and once with
#   one of SMALL answers, emptied whenever it is full.
# It prints {limit or "as shipped": format_all's answer}.
SMALL = 500
FORMAT = """
import json, sys, types
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
if sys.argv[3] == "as shipped":   # no patches, and citeproc-py's own bibliography class
    import citeproc
    shipped = sys.modules["reference_edition.data.citeproc_speed"] = types.ModuleType("citeproc_speed")
    shipped.Bibliography = citeproc.CitationStylesBibliography
from test_citeproc_speed import format_all
with open(sys.argv[2], encoding="utf-8") as f:
    items = json.load(f)
if sys.argv[3] == "as shipped":
    from citeproc.model import CitationStylesElement
    print(json.dumps({"as shipped": format_all(items),
                      "patched anyway": getattr(CitationStylesElement.xpath_search, "memoised", False)}))
else:
    from reference_edition.data import citeproc_speed
    out = {}
    for limit in (citeproc_speed.MEMO_LIMIT, int(sys.argv[4])):
        citeproc_speed._memo.clear()
        citeproc_speed.MEMO_LIMIT = limit
        out[limit] = format_all(items, citeproc_speed._memo)
    print(json.dumps(out))
"""


def format_all(items, memo=None):
    """Every CSL item in every style of data/pagemeta.py's STYLES: the whole reference list, one
    in-text citation per item and the list's sorted order, as strings; and the most answers `memo` (citeproc_speed's,
    when patched) held after a style."""
    from citeproc import Citation, CitationItem, formatter
    from citeproc.source.json import CiteProcJSON
    from reference_edition.data import citeproc_speed   # as shipped: the stand-in above
    from reference_edition.data.bib import csl_style
    from reference_edition.data.pagemeta import STYLES
    from reference_edition.data.reflist import reference_order
    out, largest = {}, 0
    for key, (label, style) in STYLES.items():
        bib = citeproc_speed.Bibliography(csl_style(style), CiteProcJSON(items), formatter.html)
        citations = [Citation([CitationItem(item["id"])]) for item in items]
        for citation in citations:
            bib.register(citation)
        out[key] = {"references": [str(r) for r in bib.bibliography()],
                    "in_text": [str(bib.cite(c, lambda _: None)) for c in citations],
                    "order": reference_order(csl_style(style), bib)}
        largest = max(largest, len(memo) if memo is not None else 0)
    return {"styles": out, "memo": largest}


def _items():
    from reference_edition.data.bib import load_bibliography
    return [r.csl for r in load_bibliography(ROOT / "refs.bib").values()]


@functools.lru_cache(maxsize=None)
def _items_file() -> str:
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".json", delete=False) as items:
        json.dump(_items(), items)
    atexit.register(os.unlink, items.name)
    return items.name


@functools.lru_cache(maxsize=None)
def _started(how):
    """The process formatting `how` ("as shipped" or "patched"), started once."""
    return subprocess.Popen([sys.executable, "-c", FORMAT, str(ROOT), _items_file(), how, str(SMALL)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def start_both():
    _started("as shipped")
    _started("patched")


@functools.lru_cache(maxsize=None)   # each process read once per session
def _formatted(how) -> dict:
    out, err = _started(how).communicate()
    assert _started(how).returncode == 0, f"formatting refs.bib ({how}) failed:\n{err[-2000:]}"
    return json.loads(out)


def _format_all(how, limit=None):
    return _formatted(how)["as shipped" if how == "as shipped" else str(limit)]


def test_patch_set_changes_no_output_in_any_style():
    """Every entry of the real refs.bib, in Chicago, APA and MLA: the reference list, each
    in-text citation and the list's order by the style's sort keys (data/reflist.py) are the
    same with the patches as with citeproc-py as shipped."""
    from reference_edition.data import citeproc_speed
    from reference_edition.data.pagemeta import STYLES
    assert not _formatted("as shipped")["patched anyway"], "the process formatting as shipped had the patch set"
    shipped = _format_all("as shipped")["styles"]
    patched = _format_all("patched", citeproc_speed.MEMO_LIMIT)["styles"]
    assert sorted(shipped) == sorted(STYLES), f"styles formatted: {sorted(shipped)}, offered: {sorted(STYLES)}"
    for style in STYLES:
        refs = shipped[style]["references"]
        assert len(refs) > 90, f"{style}: only {len(refs)} references formatted from refs.bib"
        for part in ("references", "in_text", "order"):
            differ = [(a, b) for a, b in zip(shipped[style][part], patched[style][part]) if a != b]
            assert not differ and len(shipped[style][part]) == len(patched[style][part]), \
                f"{style} {part}: the patched citeproc-py differs from citeproc-py as shipped, first: {differ[:1]}"


test_patch_set_changes_no_output_in_any_style.start_early = start_both   # tests/conftest.py


def test_memo_is_bounded_and_emptying_it_changes_no_output():
    """A memo limit far below what the three styles ask for: the memo never holds more, and
    emptying it when full gives the same strings as a memo that never fills."""
    from reference_edition.data import citeproc_speed
    small = SMALL
    bounded = _format_all("patched", small)
    roomy = _format_all("patched", citeproc_speed.MEMO_LIMIT)
    assert 0 < bounded["memo"] <= small, f"the memo held {bounded['memo']} answers with a limit of {small}"
    assert roomy["memo"] > small, f"formatting three styles asked only {roomy['memo']} questions: the test limit proves nothing"
    assert roomy["memo"] < citeproc_speed.MEMO_LIMIT, \
        f"three styles fill the memo ({roomy['memo']} answers): MEMO_LIMIT {citeproc_speed.MEMO_LIMIT} is too small to help"
    assert bounded["styles"] == roomy["styles"], "emptying the memo when full changed a formatted string"


test_memo_is_bounded_and_emptying_it_changes_no_output.start_early = functools.partial(_started, "patched")
