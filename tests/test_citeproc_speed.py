"""reference_edition/data/citeproc_speed.py: a patch set over citeproc-py that must change no
output in any style the edition offers, and whose memo stays bounded."""
import functools
import json
import os
import subprocess
import sys

from conftest import ROOT

# Formats every refs.bib entry in every style of data/pagemeta.py's STYLES: the whole reference
# list and one in-text citation per entry, as strings. argv: project root, refs.bib, "patched"
# or "as shipped" (citeproc_speed replaced, before anything imports it, by a module holding only
# citeproc-py's own CitationStylesBibliography as its Bibliography),
# and the memo's limit (patched only).
FORMAT_ALL_STYLES = """
import json, sys, types
sys.path.insert(0, sys.argv[1])
if sys.argv[3] == "as shipped":   # no patches, and citeproc-py's own bibliography class
    import citeproc
    shipped = sys.modules["reference_edition.data.citeproc_speed"] = types.ModuleType("citeproc_speed")
    shipped.Bibliography = citeproc.CitationStylesBibliography
else:
    from reference_edition.data import citeproc_speed
    citeproc_speed.MEMO_LIMIT = int(sys.argv[4])
from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
if sys.argv[3] == "patched":   # its subclass of CitationStylesBibliography too
    CitationStylesBibliography = citeproc_speed.Bibliography
from citeproc.source.json import CiteProcJSON
from reference_edition.data.bib import csl_style, load_bibliography
from reference_edition.data.pagemeta import STYLES
from reference_edition.data.reflist import reference_order
items = [r.csl for r in load_bibliography(sys.argv[2]).values()]
out, largest = {}, 0
for key, (label, style) in STYLES.items():
    bib = CitationStylesBibliography(csl_style(style), CiteProcJSON(items), formatter.html)
    citations = [Citation([CitationItem(item["id"])]) for item in items]
    for citation in citations:
        bib.register(citation)
    out[key] = {"references": [str(r) for r in bib.bibliography()],
                "in_text": [str(bib.cite(c, lambda _: None)) for c in citations],
                "order": reference_order(csl_style(style), bib)}
    if sys.argv[3] == "patched":
        largest = max(largest, len(citeproc_speed._memo))
print(json.dumps({"styles": out, "memo": largest}))
"""


@functools.lru_cache(maxsize=None)   # each way formatted once per session (a few seconds each)
def _format_all(how, limit=0):
    env = dict(os.environ, REFERENCE_EDITION_CACHE="off")   # format, do not read formatted references back
    proc = subprocess.run([sys.executable, "-c", FORMAT_ALL_STYLES, str(ROOT), str(ROOT / "refs.bib"), how, str(limit)],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"formatting refs.bib ({how}) failed:\n{proc.stderr[-2000:]}"
    return json.loads(proc.stdout)


def test_patch_set_changes_no_output_in_any_style():
    """Every entry of the real refs.bib, in Chicago, APA and MLA: the reference list, each
    in-text citation and the list's order by the style's sort keys (data/reflist.py) are the
    same with the patches as with citeproc-py as shipped."""
    from reference_edition.data import citeproc_speed
    from reference_edition.data.pagemeta import STYLES
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
