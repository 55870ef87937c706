"""README.md and DESIGN.md name only files that exist, and the code points only at their sections
that exist. Files: every relative link, and every path in an inline code span (`reference_edition/data/bib.py`, `scripts/release_edition.py`, `data/model.py`
short for reference_edition/data/model.py, a bare `plugin.py`). A renamed or removed module then
fails here instead of leaving the documentation pointing at nothing.

A path `module.name` (`data/pagemeta.load_settings`) names a module and something it defines,
and both must exist. Not checked: fenced code blocks (commands, examples), paths with
placeholders (`seeds/<slug>.txt`), what a build or a tool writes (OUTPUTS) and the files a
reader is told to create (YOURS)."""
import re
import subprocess

import pytest

from conftest import ROOT

DOCS = ("README.md", "DESIGN.md")
# Written by a build, a test run or make, not kept in the repository.
OUTPUTS = ("site/", "site-offline/", "site-canary/", "test-output/", ".cache/", ".venv/", ".venv-canary/")
# Files the documents tell a reader to create when needed.
YOURS = ("editions/aliases.yml",)
# The code's packages, where the documents' short paths (data/bib.py, features/…) start.
PACKAGE = "reference_edition"

FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
LINK = re.compile(r"\]\(([^)\s]+)\)")
PATH = re.compile(r"[A-Za-z0-9_.][\w.\-]*(?:/[\w.\-]+)+/?")     # a/b.py, tests/fixtures/two-articles, dir/
MODULE = re.compile(r"[\w\-]+\.py")                               # a bare file name: plugin.py


def tracked() -> set[str]:
    """The repository's files, committed or not yet (git ls-files), or the tree's without git."""
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        return set(out.splitlines())
    except (OSError, subprocess.CalledProcessError):
        return {str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts}


def named_paths(text: str) -> list[tuple[int, str]]:
    """(line, path) of every path-like word in the document's inline code spans, outside fences."""
    prose = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)   # keep line numbers
    found = []
    for span in CODE_SPAN.finditer(prose):
        line = prose.count("\n", 0, span.start()) + 1
        for word in span.group(1).split():
            word = word.strip(",;:()[]")
            if PATH.fullmatch(word) or MODULE.fullmatch(word):
                found.append((line, word))
    return found


def relative_links(text: str) -> list[tuple[int, str]]:
    prose = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return [(prose.count("\n", 0, m.start()) + 1, m.group(1).split("#")[0]) for m in LINK.finditer(prose)
            if not re.match(r"[a-z]+:|#|/", m.group(1))]


def exists(path: str, files: set[str]) -> bool:
    """The path is a file or folder of the repository, at the root or under the package; a bare
    module name is the name of some file; `dir/module.name` is a module that defines `name`."""
    path = path.rstrip("/")
    if "/" not in path:
        return any(f == path or f.endswith("/" + path) for f in files)
    for candidate in (path, f"{PACKAGE}/{path}"):
        if candidate in files or any(f.startswith(candidate + "/") for f in files):
            return True
    module, _, name = path.rpartition(".")
    found = [f for f in (f"{module}.py", f"{PACKAGE}/{module}.py") if f in files]
    return name.isidentifier() and any(defines(f, name) for f in found)


def defines(module: str, name: str) -> bool:
    """The module defines `name` at its top level or in a class (def, class or assignment)."""
    source = (ROOT / module).read_text(encoding="utf-8")
    return re.search(rf"^\s*(def|class)\s+{name}\b|^\s*{name}\s*[:=]", source, re.M) is not None


@pytest.mark.parametrize("doc", DOCS)
def test_every_file_the_document_names_exists(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    files = tracked()
    paths = named_paths(text)
    assert paths, f"{doc}: no path found in its code spans; is the pattern still right?"
    missing = [f"{doc}:{line}: `{p}`" for line, p in paths
               if not p.startswith(OUTPUTS) and p not in YOURS and not exists(p, files)]
    assert not missing, ("these paths name no file or folder of the repository (rename them in the "
                         "document, or the document is describing code that is gone):\n" + "\n".join(missing))


@pytest.mark.parametrize("doc", DOCS)
def test_every_relative_link_of_the_document_leads_to_a_file(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    files = tracked()
    missing = [f"{doc}:{line}: ({target})" for line, target in relative_links(text)
               if target and not exists(target, files)]
    assert not missing, "these links lead to no file of the repository:\n" + "\n".join(missing)


def test_the_checks_catch_a_missing_path():
    """The patterns find what the documents write, and a missing file is reported."""
    text = "See `data/bib.py`, `reference_edition/data/nothing.py` and [x](NOWHERE.md).\n```\n`gone/x.py`\n```\n"
    files = tracked()
    assert [p for _, p in named_paths(text)] == ["data/bib.py", "reference_edition/data/nothing.py"]
    assert exists("data/bib.py", files) and not exists("reference_edition/data/nothing.py", files)
    assert relative_links(text) == [(1, "NOWHERE.md")] and not exists("NOWHERE.md", files)
    assert exists("data/pagemeta.load_settings", files), "a module's function was not found"
    assert not exists("data/pagemeta.no_such_function", files), "a missing function was not reported"
    assert not exists("data/no_such_module.load", files), "a missing module was not reported"


# A pointer from code or configuration to a section: (README, "Who is credited"), DESIGN.md, “Tests”.
POINTER = re.compile(r"\b(README|DESIGN)(?:\.md)?,\s*(?:#\s*)?\\?[\"“'](?P<title>[^\"”'\\\n]+)\\?[\"”']")
POINTING = (".py", ".yml", ".ini", ".toml", ".sh", ".html", ".j2", ".md", ".cff", "Makefile", ".gitignore")


def headings(doc: str) -> set[str]:
    prose = FENCE.sub("", (ROOT / doc).read_text(encoding="utf-8"))
    return {line.lstrip("#").strip() for line in prose.splitlines() if line.startswith("#")}


def test_every_section_the_code_points_to_exists():
    titles = {"README": headings("README.md"), "DESIGN": headings("DESIGN.md")}
    pointers, missing = 0, []
    for name in sorted(tracked()):
        if not name.endswith(POINTING) or not (ROOT / name).is_file():
            continue
        text = (ROOT / name).read_text(encoding="utf-8", errors="replace")
        for m in POINTER.finditer(text):
            pointers += 1
            if m["title"] not in titles[m[1]]:
                missing.append(f"{name}:{text.count(chr(10), 0, m.start()) + 1}: {m[1]}, \"{m['title']}\"")
    assert pointers > 10, f"only {pointers} pointers to README or DESIGN sections found: is the pattern still right?"
    assert not missing, ("these point at a section README.md or DESIGN.md does not have (name one of its "
                         "headings):\n" + "\n".join(missing))
