"""The bibliography downloads compile: a document citing every entry of /refs.bib is typeset
with pdflatex + BibTeX (styles plain and plainnat), and one citing every entry of
/refs-biblatex.bib with xelatex and lualatex + biber (biblatex, authoryear) in a named
Arabic-capable font (Amiri, Debian's fonts-hosny-amiri): no LaTeX or BibTeX error, no biber
warning under --validate-datamodel, no character missing from the font. Every page's cite.bib
passes biber --validate-datamodel too.

The TeX tools and the font are Debian packages that `make latex` installs (`make test` runs
it); without them these tests are skipped with the reason. The compile helpers are also what
scripts/measure_exports.py runs."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.build, pytest.mark.external]

FONT = "Amiri"   # Arabic and Latin (fonts-hosny-amiri)
BIBTEX_DOC = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{url}
%(natbib)s
\begin{document}
\nocite{*}
\bibliographystyle{%(style)s}
\bibliography{refs}
\end{document}
"""
BIBLATEX_DOC = r"""\documentclass{article}
\usepackage{fontspec}
\setmainfont{%(font)s}
\usepackage[style=authoryear,backend=biber]{biblatex}
\addbibresource{refs-biblatex.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""
LATEX_PACKAGES = "texlive-latex-base texlive-latex-recommended texlive-bibtex-extra texlive-xetex texlive-luatex biber"


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=600)


def latex_errors(log: str) -> list[str]:
    """TeX's error lines ("! ...") in a .log."""
    return [line for line in log.splitlines() if line.startswith("!")]


def missing_glyphs(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("Missing character")]


def bibtex_errors(blg: str) -> list[str]:
    """BibTeX's error messages (its warnings, such as an empty field, are not errors)."""
    errors = [line for line in blg.splitlines() if "error message" in line and not line.startswith("(There was")]
    return errors + [line for line in blg.splitlines() if re.match(r"\(There (?:was|were) \d+ error", line)]


def compile_bibtex(bib: Path, style: str, workdir: Path) -> dict:
    """pdflatex, bibtex, pdflatex twice; what went wrong, by kind."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bib, workdir / "refs.bib")
    natbib = r"\usepackage{natbib}" if style.endswith("nat") else ""
    (workdir / "doc.tex").write_text(BIBTEX_DOC % {"style": style, "natbib": natbib}, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    run(latex, workdir)
    bibtex = run(["bibtex", "doc"], workdir)
    for _ in range(2):
        run(latex, workdir)
    log = (workdir / "doc.log").read_text(encoding="utf-8", errors="replace")
    blg = (workdir / "doc.blg").read_text(encoding="utf-8", errors="replace") if (workdir / "doc.blg").exists() else ""
    return {"latex errors": latex_errors(log), "bibtex errors": bibtex_errors(blg) + ([bibtex.stdout[-500:]]
            if bibtex.returncode > 1 else []), "missing glyphs": missing_glyphs(log),
            "bibtex warnings": [line for line in blg.splitlines() if line.startswith("Warning--")],
            "entries": len(re.findall(r"\\bibitem", (workdir / "doc.bbl").read_text(encoding="utf-8", errors="replace")))
            if (workdir / "doc.bbl").exists() else 0, "pdf": (workdir / "doc.pdf").exists()}


def biber_warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.search(r"\b(WARN|ERROR)\b", line)]


def compile_biblatex(bib: Path, engine: str, workdir: Path, font: str = FONT) -> dict:
    """engine, biber --validate-datamodel, engine twice; what went wrong, by kind."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bib, workdir / "refs-biblatex.bib")
    (workdir / "doc.tex").write_text(BIBLATEX_DOC % {"font": font}, encoding="utf-8")
    latex = [engine, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    run(latex, workdir)
    biber = run(["biber", "--validate-datamodel", "doc"], workdir)
    for _ in range(2):
        run(latex, workdir)
    log = (workdir / "doc.log").read_text(encoding="utf-8", errors="replace")
    bbl = (workdir / "doc.bbl").read_text(encoding="utf-8", errors="replace") if (workdir / "doc.bbl").exists() else ""
    return {"latex errors": latex_errors(log), "biber warnings": biber_warnings(biber.stdout + biber.stderr)
            + ([f"biber exited {biber.returncode}"] if biber.returncode else []),
            "missing glyphs": missing_glyphs(log), "entries": len(re.findall(r"\\entry\{", bbl)),
            "pdf": (workdir / "doc.pdf").exists()}


def validate_datamodel(bib: Path, workdir: Path) -> list[str]:
    """biber --tool --validate-datamodel on one .bib: its warnings and errors."""
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bib, workdir / "in.bib")
    proc = run(["biber", "--tool", "--validate-datamodel", "--output-file=out.bib", "in.bib"], workdir)
    return biber_warnings(proc.stdout + proc.stderr) + ([f"biber exited {proc.returncode}"] if proc.returncode else [])


def missing_tools(*tools) -> str | None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        return f"{', '.join(missing)} not found: apt-get install {LATEX_PACKAGES} (make latex)"
    return None


def font_missing(font: str = FONT) -> str | None:
    proc = subprocess.run(["fc-list", f":family={font}"], capture_output=True, text=True) if shutil.which("fc-list") else None
    if proc is None or not proc.stdout.strip():
        return f"font {font} not found: apt-get install fonts-hosny-amiri (make latex)"
    return None


def entry_count(bib: Path) -> int:
    return len(re.findall(r"^@\w+\{", bib.read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("style", ["plain", "plainnat"])
def test_refs_bib_compiles_with_pdflatex_and_bibtex(site, style, tmp_path):
    if reason := missing_tools("pdflatex", "bibtex") or (shutil.which("kpsewhich") and not run(
            ["kpsewhich", "plainnat.bst"], tmp_path).stdout.strip() and "plainnat.bst not found (texlive-latex-recommended)"):
        pytest.skip(reason)
    result = compile_bibtex(site / "refs.bib", style, tmp_path)
    assert result["pdf"], result
    for kind in ("latex errors", "bibtex errors", "missing glyphs"):
        assert not result[kind], (style, kind, result[kind][:10])
    # plainnat says so of an entry no copy dates (it has no year to print): the only warning allowed
    undated = {item["id"] for item in json.loads((site / "refs.json").read_text(encoding="utf-8"))
               if "issued" not in item}
    assert [w for w in result["bibtex warnings"] if w.removeprefix("Warning--empty year in ") not in undated] == []
    assert result["entries"] == entry_count(site / "refs.bib"), "not every entry was typeset"


@pytest.mark.parametrize("engine", ["xelatex", "lualatex"])
def test_refs_biblatex_compiles_with_biber_in_an_arabic_capable_font(site, engine, tmp_path):
    if reason := missing_tools(engine, "biber") or font_missing():
        pytest.skip(reason)
    result = compile_biblatex(site / "refs-biblatex.bib", engine, tmp_path)
    assert result["pdf"], result
    for kind in ("latex errors", "biber warnings", "missing glyphs"):
        assert not result[kind], (engine, kind, result[kind][:10])
    assert result["entries"] == entry_count(site / "refs-biblatex.bib"), "not every entry was typeset"


def test_every_page_cite_bib_passes_biber_validate_datamodel(site, tmp_path):
    if reason := missing_tools("biber"):
        pytest.skip(reason)
    files = sorted(site.rglob("cite*.bib"))
    assert len(files) > 10, "the pages' cite.bib downloads were not found"
    joined = tmp_path / "cites.bib"   # one biber run: every key is distinct (page slug, paragraph)
    joined.write_text("\n".join(f.read_text(encoding="utf-8") for f in files), encoding="utf-8")
    assert not validate_datamodel(joined, tmp_path / "biber")


def test_refs_biblatex_passes_biber_validate_datamodel(site, tmp_path):
    if reason := missing_tools("biber"):
        pytest.skip(reason)
    assert not validate_datamodel(site / "refs-biblatex.bib", tmp_path)
