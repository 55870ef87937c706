"""reference_edition/data/citeproc_speed.py: a patch set over citeproc-py that must change no
output in any style the edition offers, and whose memo stays bounded."""
import functools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent   # not conftest's: the process below imports this module alone

# citeproc-py as shipped: a process of its own, where citeproc_speed is replaced by an empty
# module before anything imports it (its patches, once made, hold for the whole process). It
# reads the CSL items from the file argv[2] and prints format_all's answer.
AS_SHIPPED = """
import json, sys, types
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
sys.modules["reference_edition.data.citeproc_speed"] = types.ModuleType("citeproc_speed")
from test_citeproc_speed import format_all
with open(sys.argv[2], encoding="utf-8") as f:
    print(json.dumps(format_all(json.load(f))))
"""


def format_all(items, memo=None):
    """Every CSL item in every style of data/pagemeta.py's STYLES: the whole reference list and
    one in-text citation per item, as strings; and the most answers `memo` (citeproc_speed's,
    when patched) held after a style."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON
    from reference_edition.data.bib import csl_style
    from reference_edition.data.pagemeta import STYLES
    out, largest = {}, 0
    for key, (label, style) in STYLES.items():
        bib = CitationStylesBibliography(csl_style(style), CiteProcJSON(items), formatter.html)
        citations = [Citation([CitationItem(item["id"])]) for item in items]
        for citation in citations:
            bib.register(citation)
        out[key] = {"references": [str(r) for r in bib.bibliography()],
                    "in_text": [str(bib.cite(c, lambda _: None)) for c in citations]}
        largest = max(largest, len(memo) if memo is not None else 0)
    return {"styles": out, "memo": largest}


def _items():
    from reference_edition.data.bib import load_bibliography
    return [r.csl for r in load_bibliography(ROOT / "refs.bib").values()]


@functools.lru_cache(maxsize=None)
def _as_shipped():
    """The process formatting with citeproc-py as shipped, started once: it runs while this
    one runs other tests and formats the patched way (two cores, half the wait)."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".json", delete=False) as items:
        json.dump(_items(), items)
    return subprocess.Popen([sys.executable, "-c", AS_SHIPPED, str(ROOT), items.name],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@functools.lru_cache(maxsize=None)   # each way formatted once per session (a few seconds each)
def _format_all(how, limit=0):
    """'as shipped' in that process; 'patched' here, where data/bib.py has imported the patch
    set, with the memo emptied first and holding at most `limit` answers."""
    if how == "as shipped":
        out, err = _as_shipped().communicate()
        os.unlink(_as_shipped().args[-1])   # the items file
        assert _as_shipped().returncode == 0, f"formatting refs.bib with citeproc-py as shipped failed:\n{err[-2000:]}"
        return json.loads(out)
    from reference_edition.data import citeproc_speed
    saved = citeproc_speed.MEMO_LIMIT
    citeproc_speed._memo.clear()
    citeproc_speed.MEMO_LIMIT = limit
    try:
        return format_all(_items(), citeproc_speed._memo)
    finally:
        citeproc_speed.MEMO_LIMIT = saved
        citeproc_speed._memo.clear()   # answers of this run only: the next caller starts as a process does


def test_patch_set_changes_no_output_in_any_style():
    """Every entry of the real refs.bib, in Chicago, APA and MLA: the reference list and each
    in-text citation are the same strings with the patches as with citeproc-py as shipped."""
    from reference_edition.data import citeproc_speed
    from reference_edition.data.pagemeta import STYLES
    _as_shipped()   # started (before the first test, see below) while this process formats too
    patched = _format_all("patched", citeproc_speed.MEMO_LIMIT)["styles"]
    shipped = _format_all("as shipped")["styles"]
    assert sorted(shipped) == sorted(STYLES), f"styles formatted: {sorted(shipped)}, offered: {sorted(STYLES)}"
    for style in STYLES:
        refs = shipped[style]["references"]
        assert len(refs) > 90, f"{style}: only {len(refs)} references formatted from refs.bib"
        for part in ("references", "in_text"):
            differ = [(a, b) for a, b in zip(shipped[style][part], patched[style][part]) if a != b]
            assert not differ and len(shipped[style][part]) == len(patched[style][part]), \
                f"{style} {part}: the patched citeproc-py differs from citeproc-py as shipped, first: {differ[:1]}"


test_patch_set_changes_no_output_in_any_style.start_early = _as_shipped   # tests/conftest.py


def test_memo_is_bounded_and_emptying_it_changes_no_output():
    """A memo limit far below what the three styles ask for: the memo never holds more, and
    emptying it when full gives the same strings as a memo that never fills."""
    from reference_edition.data import citeproc_speed
    small = 500
    bounded = _format_all("patched", small)
    roomy = _format_all("patched", citeproc_speed.MEMO_LIMIT)
    assert 0 < bounded["memo"] <= small, f"the memo held {bounded['memo']} answers with a limit of {small}"
    assert roomy["memo"] > small, f"formatting three styles asked only {roomy['memo']} questions: the test limit proves nothing"
    assert roomy["memo"] < citeproc_speed.MEMO_LIMIT, \
        f"three styles fill the memo ({roomy['memo']} answers): MEMO_LIMIT {citeproc_speed.MEMO_LIMIT} is too small to help"
    assert bounded["styles"] == roomy["styles"], "emptying the memo when full changed a formatted string"
