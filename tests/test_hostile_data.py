"""Hostile and malformed data, as a pull request that edits data files could bring it.

Every case edits a copy of the project. It must end in one of two ways: an error that names
file:line and the field (from scripts/check_data.py, the validator `make check` and the build
share), in bounded time and memory; or inert text: the site builds, the payload is shown as
characters, no element gains an event handler or javascript: link, and Chromium opens no
dialog. The table in DESIGN.md ("Data validation and hostile input") lists the cases."""
import re
import resource
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, copy_project

pytestmark = pytest.mark.hostile   # each case runs `make check` or a build on a copy of the project

CLAIMS = "seeds/taliban-plan-to-rebuild-al-qaeda.claims.yml"
META = "seeds/taliban-plan-to-rebuild-al-qaeda.meta.yml"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("bcdefgh", "cdefghi"))


@pytest.fixture
def project(tmp_path):
    copy_project(tmp_path)
    return tmp_path


def replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def first_line_of(path, text):
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# ------------------------------------------------------------------ cases that must be errors
# (id, edit(project) -> (file, expected line or None), words the message must contain)
def _claims_locator(p, locator):
    replace(p / CLAIMS, "    - key: medialine-2023-letter\n",
            f"    - key: medialine-2023-letter\n      locator: {locator}\n")
    return CLAIMS, first_line_of(p / CLAIMS, "locator:")


def _glossary(p, slug, old, new):
    replace(p / "glossary" / f"{slug}.yml", old, new)
    return f"glossary/{slug}.yml", first_line_of(p / "glossary" / f"{slug}.yml", new.splitlines()[0])


def _bytes(p, rel, old, new):
    path = p / rel
    path.write_bytes(path.read_bytes().replace(old, new, 1))
    return rel, path.read_bytes().split(new)[0].count(b"\n") + 1


ERRORS = [
    ("claim-locator-breaks-citation", lambda p: _claims_locator(p, '"para. 1], [@theasialive-2023"'),
     ["sources.0.locator", "plain locator"]),
    ("claim-locator-ampersand", lambda p: _claims_locator(p, '"Q&A"'), ["sources.0.locator"]),
    ("claim-locator-apostrophe", lambda p: _claims_locator(p, "\"Director's note\""), ["sources.0.locator"]),
    ("claim-verdict-not-text", lambda p: (replace(p / CLAIMS, 'verdict: opinion', 'verdict: [opinion]'),
                                        (CLAIMS, None))[1], ["verdict", "should be"]),
    ("claim-id-alias-bomb", lambda p: (replace(p / CLAIMS, "- id: p1-c1\n", "- id: &x p1-c1\n  note2: *x\n"),
                                       (CLAIMS, first_line_of(p / CLAIMS, "&x")))[1],
     ["anchors and aliases"]),
    ("claim-duplicate-key", lambda p: (replace(p / CLAIMS, "- id: p1-c1\n", "- id: p1-c1\n  id: p1-c9\n"),
                                       (CLAIMS, first_line_of(p / CLAIMS, "id: p1-c9")))[1], ["appears twice"]),
    ("claims-not-utf8", lambda p: _bytes(p, CLAIMS, "’".encode(), b"\x92"), ["not UTF-8"]),
    ("glossary-name-html", lambda p: _glossary(p, "kabul", "name: Kabul", 'name: "Kabul<img src=x onerror=alert(1)>"'),
     ["name", "may not contain"]),
    ("glossary-name-number", lambda p: _glossary(p, "kabul", "name: Kabul", "name: 1234"),
     ["name", "valid string"]),
    ("glossary-alias-the", lambda p: _glossary(p, "kabul", "aliases:\n", "aliases:\n- the\n")[:1]
     + (first_line_of(p / "glossary/kabul.yml", "- the"),),
     ["aliases.0", "too short or too common"]),
    ("glossary-locator-alias-bomb", lambda p: _glossary(p, "kabul", "  - key: af-president-kabul-profile\n",
                                                        "  - key: af-president-kabul-profile\n    locator: &a x\n"
                                                        "  - key: af-president-kabul-profile\n    locator: *a\n")[:1]
     + (first_line_of(p / "glossary/kabul.yml", "&a"),),
     ["anchors and aliases"]),
    ("glossary-yaml-suffix", lambda p: ((p / "glossary/kabul.yml").rename(p / "glossary/kabul.yaml"),
                                        ("glossary/kabul.yaml", None))[1], ["rename it to .yml"]),
    ("glossary-not-utf8", lambda p: _bytes(p, "glossary/kabul.yml", b"Kabul", b"K\xe4bul"), ["not UTF-8"]),
    ("meta-alias-bomb", lambda p: ((p / META).write_text((p / META).read_text() + BOMB), (META, None))[1],
     ["anchors and aliases"]),
    ("meta-date-as-text", lambda p: (replace(p / META, "date: 2023-12-01", 'date: "1 December 2023"'),
                                     (META, first_line_of(p / META, "1 December 2023")))[1],
     ["this_text.date", "date"]),
    ("meta-tags-not-text", lambda p: (replace(p / META, "tags: [Afghanistan,", "tags: [1,"),
                                      (META, first_line_of(p / META, "tags:")))[1], ["tags.0"]),
    ("bib-unknown-latex-command", lambda p: (replace(p / "refs.bib", "title        = {What is the",
                                                     "title        = {\\evilmacro{x} What is the"),
                                             ("refs.bib", first_line_of(p / "refs.bib", "{theasialive-2023,")))[1],
     ["theasialive-2023", "\\evilmacro", "Unicode"]),
]


def check(project):
    """scripts/check_data.py on the copy, in a child process capped at 1 GB and 60 s (a hang or a
    blow-up fails the test, without timing it)."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "check_data.py"), str(project)],
                          capture_output=True, text=True, timeout=60, preexec_fn=cap)


@pytest.mark.parametrize("edit, expected", [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_bad_data_is_an_error_naming_file_line_and_field(project, edit, expected):
    rel, line = edit(project)
    proc = check(project)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in out, out
    where = f"{project / rel}:{line}:" if line else f"{project / rel}"
    problem = next((ln for ln in out.splitlines() if ln.startswith(where)), None)
    assert problem, f"no problem reported at {where}:\n{out}"
    assert all(word in problem for word in expected), problem


def test_every_problem_of_a_file_is_reported_in_one_run(project):
    replace(project / CLAIMS, "verdict: opinion", "verdict: maybe")
    replace(project / CLAIMS, "- key: medialine-2023-letter", "- key: Not A Key")
    proc = check(project)
    assert "verdict: should be" in proc.stdout and "is not a refs.bib key" in proc.stdout, proc.stdout


@pytest.mark.build
def test_the_build_reports_what_make_check_reports(project, caplog):
    _claims_locator(project, '"para. 1], [@theasialive-2023"')
    proc = check(project)
    with pytest.raises(Exception) as err:
        build_site(project / "mkdocs.yml", project / "site")
    problem = next(ln for ln in proc.stdout.splitlines() if "sources.0.locator" in ln)
    assert problem in str(err.value) + caplog.text


# ------------------------------------------------------------------ cases that must be inert
PAYLOADS = {
    "note": '[click me](javascript:alert(1)) <script>alert(2)</script> <img src=x onerror=alert(3)>',
    "definition": 'A city." onmouseover="alert(4)"><img src=x onerror=alert(5)> <!--<script>',
    "fact": "<script>alert(6)</script> [x](javascript:alert(7))",
    "meta": "<img src=x onerror=alert(8)>",
    "annote": "<script>alert(9)</script>",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    p = tmp_path_factory.mktemp("hostile")
    copy_project(p)
    text = (p / CLAIMS).read_text(encoding="utf-8")
    text = re.sub(r"(- id: p1-c1\n(?:  .*\n|    .*\n)*?  note: >-\n)", lambda m: m.group(1)
                  + f"    {PAYLOADS['note']}\n", text, count=1)
    (p / CLAIMS).write_text(text, encoding="utf-8")
    entry = yaml.safe_load((p / "glossary/kabul.yml").read_text(encoding="utf-8"))
    entry["definition"] = PAYLOADS["definition"] + " " + entry["definition"]
    entry["facts"][0]["text"] = PAYLOADS["fact"] + " " + entry["facts"][0]["text"]
    (p / "glossary/kabul.yml").write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    replace(p / META, "description: >-\n", f"description: >-\n    {PAYLOADS['meta']}\n")
    replace(p / "refs.bib", "annote       = {The text this edition reproduces:",
            "annote       = {" + PAYLOADS["annote"] + " The text this edition reproduces:")
    replace(p / "refs.bib", "title        = {What is the {Taliban}",
            "title        = {M{\\\"u}nchen \\textit{Wissen} 50\\% What is the {Taliban}")
    return build_site(p / "mkdocs.yml", p / "site")


PAGES = ["index.html", "article/index.html", "claims/index.html", "glossary/kabul/index.html",
         "glossary/index.html", "bibliography/index.html"]


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_payloads_are_text_not_markup(hostile_site, page):
    soup = BeautifulSoup((hostile_site / page).read_text(encoding="utf-8"), "lxml")
    handlers = [(el.name, a) for el in soup.find_all(True) for a in el.attrs if a.lower().startswith("on")]
    assert not handlers, handlers
    assert not soup.select('[href^="javascript:" i], [src^="javascript:" i]')
    assert not [s for s in soup.find_all("script") if "alert(" in s.get_text()
                and s.get("type") != "application/ld+json"]
    assert not soup.find("img", src="x")


@pytest.mark.build
def test_payloads_are_shown_as_written(hostile_site):
    def text(page):
        return BeautifulSoup((hostile_site / page).read_text(encoding="utf-8"), "lxml").get_text(" ")
    assert PAYLOADS["note"] in " ".join(text("article/index.html").split())
    assert PAYLOADS["meta"] in text("article/index.html")
    assert "<script>alert(6)</script>" in text("glossary/kabul/index.html")
    soup = BeautifulSoup((hostile_site / "glossary/kabul/index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith(PAYLOADS["definition"][:40])
    assert PAYLOADS["annote"] in text("bibliography/index.html")
    # LaTeX in refs.bib is decoded, not printed: München Wissen 50%
    assert "München Wissen 50% What Is the Taliban" in text("bibliography/index.html")


@pytest.mark.build
def test_json_ld_stays_one_script_and_parses(hostile_site):
    import json
    soup = BeautifulSoup((hostile_site / "glossary/kabul/index.html").read_text(encoding="utf-8"), "lxml")
    (script,) = soup.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["description"].startswith(PAYLOADS["definition"][:40])
    assert "<" not in script.string


@pytest.mark.build
def test_no_dialog_opens_in_chromium(hostile_site, browser):
    import functools
    import http.server
    import threading
    from playwright.sync_api import expect
    from browser_waits import IMAGES_SETTLED
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile_site))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    dialogs = []
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for page in PAGES:
            tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{page}")
            tab.wait_for_load_state("load")
            tab.mouse.move(300, 300)
            for term in tab.locator("a.term").all()[:5]:   # previews show the definition on hover
                term.hover()
                expect(tab.locator("#edition-preview"), f"{page}: hovering a term shows no preview").to_be_visible()
            tab.wait_for_function(IMAGES_SETTLED)
        assert tab.title()   # the page did not blank out
    finally:
        context.close()
        httpd.shutdown()
    assert dialogs == []
