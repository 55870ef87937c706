#!/usr/bin/env python3
"""Measure issue 18's goal for the bibliography downloads: LaTeX errors, biber warnings and
round-trip losses, printed as a table. Not a test: it reports counts (and the entries behind
them) where the suite asserts; it runs the suite's own helpers (tests/test_latex.py compiles,
tests/test_bib_export.py compares what each reader gives back), so both measure the same thing.

    .venv/bin/python scripts/measure_exports.py [--site DIR]

Without --site the real site is built strictly into a temporary folder first. A tool that is
not installed is reported as such (make latex / make tools install them)."""
import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import test_bib_export as bib_tests  # noqa: E402
import test_latex as latex  # noqa: E402
from conftest import OUTPUT, build_site  # noqa: E402
from test_cite_roundtrip import run  # noqa: E402


def latex_rows(site: Path, work: Path) -> list:
    rows = []
    for style in ("plain", "plainnat"):
        name = f"refs.bib: pdflatex + BibTeX ({style})"
        if reason := latex.missing_tools("pdflatex", "bibtex"):
            rows.append((name, "skipped", reason))
            continue
        r = latex.compile_bibtex(site / "refs.bib", style, work / style)
        rows.append((name, f"{len(r['latex errors']) + len(r['bibtex errors'])} errors, "
                     f"{len(r['bibtex warnings'])} BibTeX warnings, {len(r['missing glyphs'])} missing glyphs, "
                     f"{r['entries']} entries typeset",
                     "; ".join((r["latex errors"] + r["bibtex errors"] + r["bibtex warnings"])[:3])))
    for engine in ("xelatex", "lualatex"):
        name = f"refs-biblatex.bib: {engine} + biber (authoryear, {latex.FONT})"
        if reason := latex.missing_tools(engine, "biber") or latex.font_missing():
            rows.append((name, "skipped", reason))
            continue
        r = latex.compile_biblatex(site / "refs-biblatex.bib", engine, work / engine)
        rows.append((name, f"{len(r['latex errors'])} errors, {len(r['biber warnings'])} biber warnings, "
                     f"{len(r['missing glyphs'])} missing glyphs, {r['entries']} entries typeset",
                     "; ".join((r["latex errors"] + r["biber warnings"])[:3])))
    if reason := latex.missing_tools("biber"):
        rows.append(("biber --validate-datamodel", "skipped", reason))
        return rows
    for label, files in (("refs-biblatex.bib", [site / "refs-biblatex.bib"]),
                         ("every page's cite*.bib", sorted(site.rglob("cite*.bib")))):
        joined = work / f"validate-{len(files)}.bib"
        joined.write_text("\n".join(f.read_text(encoding="utf-8") for f in files), encoding="utf-8")
        warnings = latex.validate_datamodel(joined, work / f"biber-{len(files)}")
        rows.append((f"biber --validate-datamodel: {label}", f"{len(warnings)} warnings", "; ".join(warnings[:3])))
    return rows


def losses(reader: str, fmt: str, read: dict, record: dict, types: dict) -> list:
    """The entries whose read-back fails tests/test_bib_export.py's check (its named exceptions allowed)."""
    lost = []
    for key, want in record.items():
        try:
            bib_tests.check(reader, fmt, read[key], want, types[key])
        except (AssertionError, KeyError) as err:
            lost.append(f"{key} ({str(err).splitlines()[0][:80]})")
    return lost


def roundtrip_rows(site: Path) -> list:
    files = {"json": site / "refs.json", "bib": site / "refs-biblatex.bib"}
    record = {item["id"]: item for item in json.loads(files["json"].read_text(encoding="utf-8"))}
    types = bib_tests.btypes(files)
    rows = []
    if shutil.which("pandoc") is None:
        rows.append(("round trip: pandoc", "skipped", "pandoc not found (make tools)"))
    else:
        for fmt, pandoc_format in (("bib", "biblatex"), ("json", "csljson")):
            proc = run(["pandoc", "-f", pandoc_format, "-t", "csljson", str(files[fmt])])
            read = {item["id"]: item for item in json.loads(proc.stdout or "[]")}
            lost = losses("pandoc", fmt, read, record, types)
            rows.append((f"round trip: pandoc -f {pandoc_format}", f"{len(lost)} of {len(record)} entries lose a field",
                         "; ".join(lost[:3])))
    modules = OUTPUT / "citation-js" / "node_modules"
    if shutil.which("node") is None or not (modules / "@citation-js" / "core").is_dir():
        rows.append(("round trip: citation-js", "skipped", "not installed: run tests/test_bib_export.py once (npm)"))
    else:
        proc = run(["node", str(ROOT / "tests" / "roundtrip" / "citejs.js"), str(files["bib"]), str(files["json"])],
                   env=dict(os.environ, NODE_PATH=str(modules)))
        out = json.loads(proc.stdout or "{}")
        for fmt in ("bib", "json"):
            read = {item["id"]: item for item in out.get(str(files[fmt]), [])}
            lost = losses("citation-js", fmt, read, record, types)
            rows.append((f"round trip: citation-js ({fmt})", f"{len(lost)} of {len(record)} entries lose a field",
                         "; ".join(lost[:3])))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(sys.stderr):
        site = args.site or build_site(ROOT / "mkdocs.yml", Path(tmp) / "site")
        rows = latex_rows(site, Path(tmp) / "latex") + roundtrip_rows(site)
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  result")
    for name, result, detail in rows:
        print(f"{name:<{width}}  {result}" + (f"\n{'':<{width}}    {detail}" if detail else ""))


if __name__ == "__main__":
    main()
