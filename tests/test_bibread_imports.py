"""Reading refs.bib imports only what reading needs (issue 20: "reading refs.bib pulls in the
HTML flagger, Jinja and the seed loader"): data/bibread.py parses and validates; formatting
(citeproc-py, data/bib.py) and flagging (data/unconfirmed.py) are later steps."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What reading must not load: templates and Markdown (the flagger's), the flagger itself, the
# seed loader, and the formatter (citeproc-py and the edition's patches to it).
NOT_FOR_READING = ("jinja2", "markdown", "markupsafe", "reference_edition.data.unconfirmed",
                   "reference_edition.data.templates", "reference_edition.data.safe_html",
                   "reference_edition.data.seed", "citeproc", "reference_edition.data.bib",
                   "reference_edition.data.citeproc_speed", "reference_edition.data.citeproc_csl")


def _modules_after(code):
    """The modules a fresh interpreter holds after running `code` (this process has them all)."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, f"the probe failed:\n{proc.stderr}"
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_reading_refs_bib_imports_no_formatter_or_flagger():
    loaded = _modules_after("from reference_edition.data.bibread import read_bibliography\n"
                            f"refs = read_bibliography({str(ROOT / 'refs.bib')!r})\n"
                            "assert refs and all(r.csl and not r.html for r in refs.values())")
    wrong = sorted(m for m in loaded if m.split(".")[0] in NOT_FOR_READING or m in NOT_FOR_READING)
    assert not wrong, f"reading refs.bib (data/bibread.py) imported {wrong}: keep those for formatting or flagging"


def test_probe_sees_the_flagger_when_it_is_imported():
    """The check above can fail: loading the whole bibliography (read, format, flag) does import them."""
    loaded = _modules_after("from reference_edition.data.bib import load_bibliography")
    assert {"jinja2", "citeproc", "reference_edition.data.unconfirmed"} <= loaded, \
        "the probe no longer sees modules that data/bib.py imports: it would pass whatever bibread imports"
