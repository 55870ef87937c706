"""Round trip of the site's own citation downloads through the readers researchers use:
pandoc (BibTeX read as biblatex, CSL-JSON), citation-js (BibTeX, RIS, CSL-JSON) and biber
(BibTeX, in its --tool mode). For the article page, paragraph 7 ("Cite ¶") and the
bibliography page, each reader must keep the type, title, author as one undivided name,
the site as container, the date, the version and the paragraph locator.

A reader that is not installed is skipped with the reason: pandoc and biber are Debian
packages (`make tools`, which `make test` runs), citation-js comes from the npm registry (pinned in
tests/roundtrip/package.json, installed into test-output/citation-js on first use; no
network -> skipped, as tests/test_lighthouse.py does)."""
import json
import os
import shutil
import subprocess

import pytest
from pybtex.database import parse_string

from conftest import OUTPUT, ROOT
from test_lighthouse import npm_fetch_error

pytestmark = pytest.mark.external   # every test here runs an outside tool

GROUP = "Reference edition editors"
# Where each reader puts what the export says, as each maps the fields (see DESIGN.md, "Citing").
# BibTeX: biblatex's @online has no container field, so the site is `organization` (read as
# publisher); RIS: T2 is read as collection-title and the version travels in the note (N1).
FIELDS = {  # (reader, format) -> (container field, version field, locator field)
    ("pandoc", "bib"): ("publisher", "version", "note"),
    ("pandoc", "json"): ("container-title", "version", "section"),
    ("citation-js", "bib"): ("publisher", "version", "note"),
    ("citation-js", "ris"): ("collection-title", "note", "note"),
    ("citation-js", "ris", "dataset"): ("publisher", "note", "note"),   # it drops T2 of DATA; PB is the site
    ("citation-js", "json"): ("container-title", "version", "section"),
}


@pytest.fixture(scope="module")
def exports(reader):
    """name -> (files by format, what the site says: the CSL-JSON download is the record)."""
    out = {}
    for name, page, stem in (("article", "article", "cite"), ("paragraph", "article", "cite-p7"),
                             ("bibliography", "bibliography", "cite")):
        files = {fmt: reader.root / page / f"{stem}.{fmt}" for fmt in ("bib", "ris", "json")}
        (record,) = json.loads(files["json"].read_text(encoding="utf-8"))
        out[name] = files, record
    return out


def undivided(author):
    """One name, not split into given and family parts (CSL literal, or family alone)."""
    return author.get("literal") == GROUP or (author.get("family") == GROUP and not author.get("given"))


def check(reader_name, fmt, item, record, locator):
    container, version, where = FIELDS.get((reader_name, fmt, record["type"])) or FIELDS[(reader_name, fmt)]
    label = f"{reader_name} reading {fmt}"
    assert item["type"] == record["type"], label
    assert item["title"] == record["title"], label
    assert [undivided(a) for a in item["author"]] == [True], (label, item["author"])
    assert item[container] == record["container-title"], (label, container, item.get(container))
    assert item["issued"]["date-parts"] == record["issued"]["date-parts"], label
    if "version" in record:   # none in a build outside git ("unversioned")
        assert record["version"] in str(item[version]), (label, version, item.get(version))
    assert item["URL"] == record["URL"], label
    if locator:
        assert locator in str(item[where]), (label, where, item.get(where))


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


@pytest.mark.parametrize("name", ["article", "paragraph", "bibliography"])
def test_pandoc_keeps_every_field(exports, name):
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not found: apt-get install pandoc (make tools)")
    files, record = exports[name]
    locator = "para. 7" if name == "paragraph" else None
    for fmt, pandoc_format in (("bib", "biblatex"), ("json", "csljson")):
        proc = run(["pandoc", "-f", pandoc_format, "-t", "csljson", str(files[fmt])])
        assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
        (item,) = json.loads(proc.stdout)
        check("pandoc", fmt, item, record, locator)


@pytest.mark.parametrize("name", ["article", "paragraph", "bibliography"])
def test_pandoc_reads_the_ris_group_author_as_one_name(exports, name):
    """pandoc's RIS reader (pandoc 3) splits "AU - Reference edition editors" into given names and
    a family; "Reference edition editors," (the specification's "Lastname, Firstname" with no
    first name) is one name. Its one exception, by design of the reader: it takes the date from
    PY, the year, and does not read DA (src/Text/Pandoc/Readers/RIS.hs), so the date comes back
    as the year."""
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not found: apt-get install pandoc (make tools)")
    if "ris" not in run(["pandoc", "--list-input-formats"]).stdout.split():
        pytest.skip("this pandoc has no RIS reader (pandoc 3.0 added it)")
    files, record = exports[name]
    proc = run(["pandoc", "-f", "ris", "-t", "csljson", str(files["ris"])])
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    (item,) = json.loads(proc.stdout)
    assert item["title"] == record["title"] and item["URL"] == record["URL"]
    assert [undivided(a) for a in item["author"]] == [True], item["author"]
    assert item["container-title"] == record["container-title"]
    assert item["issued"]["date-parts"] == [record["issued"]["date-parts"][0][:1]]


@pytest.fixture(scope="module")
def citation_js():
    """NODE_PATH of a citation-js install (npm, pinned by tests/roundtrip/package.json)."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("npm/node not found: citation-js needs Node 20 with npm (see README)")
    prefix = OUTPUT / "citation-js"
    prefix.mkdir(parents=True, exist_ok=True)
    manifest = (ROOT / "tests" / "roundtrip" / "package.json").read_text(encoding="utf-8")
    installed = prefix / "package.json"
    if not (prefix / "node_modules" / "@citation-js" / "core").is_dir() or installed.read_text() != manifest:
        installed.write_text(manifest, encoding="utf-8")
        proc = run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix)])
        if proc.returncode != 0 and (code := npm_fetch_error(proc.stderr)):
            pytest.skip(f"npm could not fetch citation-js from the registry ({code}): no network?")
        assert proc.returncode == 0, proc.stderr[-1500:]
    return str(prefix / "node_modules")


def test_citation_js_keeps_every_field(exports, citation_js):
    paths = [str(files[fmt]) for files, _ in exports.values() for fmt in ("bib", "ris", "json")]
    proc = run(["node", str(ROOT / "tests" / "roundtrip" / "citejs.js"), *paths],
               env=dict(os.environ, NODE_PATH=citation_js))
    assert proc.returncode == 0, proc.stderr[-1500:]
    read = json.loads(proc.stdout)
    for name, (files, record) in exports.items():
        for fmt in ("bib", "ris", "json"):
            (item,) = read[str(files[fmt])]
            check("citation-js", fmt, item, record, "para. 7" if name == "paragraph" else None)


@pytest.mark.parametrize("name", ["article", "paragraph", "bibliography"])
def test_biber_reads_the_bibtex_without_error_and_keeps_every_field(exports, name, tmp_path):
    if shutil.which("biber") is None:
        pytest.skip("biber not found: apt-get install biber (make tools)")
    files, record = exports[name]
    source = tmp_path / "in.bib"
    shutil.copyfile(files["bib"], source)
    proc = run(["biber", "--tool", "--output-format=bibtex", "--output-file=out.bib", "in.bib"], cwd=tmp_path)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "ERROR" not in log, log[-1500:]
    # year, month and day (biber reads them as the date, BibTeX styles read the year): no warning
    warnings = [line for line in log.splitlines() if "WARN" in line]
    assert not warnings, warnings
    (entry,) = parse_string((tmp_path / "out.bib").read_text(encoding="utf-8"), "bibtex").entries.values()
    f = {k.lower(): v for k, v in entry.fields.items()}
    assert entry.type.lower() == {"webpage": "online", "dataset": "dataset"}[record["type"]]
    assert f["title"].strip("{}") == record["title"]
    assert [str(p) for p in entry.persons["author"]] == ["{" + GROUP + "}"]   # braced: one name
    assert f["organization"].strip("{}") == record["container-title"]
    assert f["date"] == "-".join(f"{n:02d}" for n in record["issued"]["date-parts"][0])
    assert f.get("version") == record.get("version") and f["url"] == record["URL"]
    if name == "paragraph":
        assert f["note"] == "para. 7"
