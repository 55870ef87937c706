"""Valid HTML: the W3C Nu HTML Checker (vnu.jar) finds no error on any page type of the session's
strict build. One run of the checker over one page of each type; a failure names page, line and
message.

The jar is pinned in the Makefile (VNU_JAR) and fetched from the npm registry by `make vnu`,
which `make test` runs; VNU_JAR=/path/to/vnu.jar uses another copy. Without java or the jar the
test is skipped with the reason."""
import json
import os
import shutil
import subprocess

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from reference_edition.markdown.table_caption import TableCaptionExtension
from test_makefile import make_var

PAGES = {"home": "index.html", "article": "article/index.html", "claims": "claims/index.html",
         "method": "method/index.html", "editions": "editions/index.html", "glossary index": "glossary/index.html",
         "glossary entry": "glossary/haqqani-network/index.html",
         "bibliography": "bibliography/index.html", "how to cite": "how-to-cite/index.html",
         "not found": "404.html"}

# Errors in Material's own markup that are kept on purpose, each with the reason.
KNOWN = {
    # base.html's drawer and search toggles (<input type="checkbox" autocomplete="off">): the
    # attribute stops Firefox from restoring a checked toggle on Back, which would reopen the
    # drawer or the search. It is in base.html itself (no partial), so only a copy of Material's
    # whole page template could drop it.
    "Material's drawer/search toggles keep autocomplete=off":
        lambda m: m["message"].startswith("Attribute “autocomplete” is only allowed")
        and 'class="md-toggle" data-md-toggle=' in m.get("extract", ""),
}


@pytest.fixture(scope="module")
def vnu_jar():
    if shutil.which("java") is None:
        pytest.skip("java not found: the W3C Nu HTML Checker needs Java 11 or later (apt-get install default-jre-headless)")
    jar = os.environ.get("VNU_JAR") or str(ROOT / "test-output" / "vnu" / make_var("VNU_JAR") / "vnu.jar")
    if not os.path.isfile(jar):
        pytest.skip(f"{jar} not found: `make vnu` fetches it from the npm registry (no network?)")
    return jar


@pytest.mark.build
@pytest.mark.external
def test_every_page_type_is_valid_html(site, vnu_jar):
    paths = [str(site / page) for page in PAGES.values()]
    proc = subprocess.run(["java", "-jar", vnu_jar, "--errors-only", "--format", "json", *paths],
                          capture_output=True, text=True, timeout=600)
    # vnu prints its JSON report on stderr and exits 1 when it found errors.
    report = json.loads(proc.stderr)
    assert proc.returncode in (0, 1) and "messages" in report, proc.stderr[-1500:]
    names = {str(site / page): name for name, page in PAGES.items()}
    errors, seen = [], set()
    for m in report["messages"]:
        if known := next((name for name, match in KNOWN.items() if match(m)), None):
            seen.add(known)
            continue
        page = m.get("url", "").removeprefix("file:")
        errors.append(f"{names.get(page, page)} ({os.path.relpath(page, site)}) line {m.get('lastLine', '?')}: "
                      f"{m['type']}: {m['message']}")
    assert not errors, f"{len(errors)} HTML errors (W3C Nu HTML Checker):\n" + "\n".join(errors)
    # An exception that no longer occurs (a Material upgrade fixed it) is removed from KNOWN.
    assert seen == set(KNOWN), f"known exceptions no longer seen, remove them from KNOWN: {set(KNOWN) - seen}"


def test_a_caption_in_a_markdown_table_stays_the_tables_first_child():
    """md_in_html alone wraps it in <p> (a <p> in <table>: the checker stops there)."""
    text = ('<table markdown>\n<caption>Claims, in order</caption>\n<tbody markdown>\n'
            '<tr markdown><td markdown="span">*one*</td></tr>\n</tbody>\n</table>\n')
    html = markdown.markdown(text, extensions=["md_in_html", TableCaptionExtension()])
    table = BeautifulSoup(html, "lxml").table
    first = table.find(True)
    assert first.name == "caption" and first.get_text() == "Claims, in order", html
    assert table.select_one("td em"), f"the cells are still Markdown: {html}"
    assert not table.find("p"), html
