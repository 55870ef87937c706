#!/usr/bin/env python3
"""Issue 18's goal, measured: how many of the site's formatted citations equal pandoc's
citeproc given the same CSL-JSON and CSL file (tests/citeproc_compare.py does the comparing;
tests/test_pandoc_citeproc.py fails on any difference not named there).

    .venv/bin/python scripts/measure_citeproc.py [--site SITE_DIR] [--show]

Reads a built site (default: site/, as `make build` writes it); needs pandoc on PATH.
Prints one table: the bibliography page (entries equal, equal under a named exception,
different) and Cite this page / Cite ¶ per style (reference and in-text citation of every
page and paragraph). --show prints each exception's keys and each difference."""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bs4 import BeautifulSoup  # noqa: E402

import citeproc_compare as cc  # noqa: E402
from reference_edition.data.bib import CSL_STYLE, load_bibliography  # noqa: E402
from reference_edition.data.pagemeta import STYLES  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site (default: site/)")
    parser.add_argument("--show", action="store_true", help="list the exceptions' keys and the differences")
    args = parser.parse_args()
    if cc.PANDOC is None:
        sys.exit("pandoc is not installed (apt-get install pandoc)")
    page = args.site / "bibliography" / "index.html"
    if not page.is_file():
        sys.exit(f"{page} not found: build the site first (make build)")

    refs = load_bibliography(ROOT / "refs.bib")
    exact, allowed, wrong = cc.compare_bibliography(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml"), refs)
    forms = cc.page_forms(args.site)
    by_style = cc.compare_page_forms(forms)

    rows = [("Bibliography page", CSL_STYLE, len(exact), len(allowed), len(wrong), len(exact) + len(allowed) + len(wrong))]
    for key, (equal, excepted, different) in by_style.items():
        rows.append((f"Cite this page / ¶: {STYLES[key][0]}", STYLES[key][1], equal, len(excepted), len(different),
                     equal + len(excepted) + len(different)))
    print(f"Against {cc.pandoc_version()} (citeproc), same CSL-JSON and CSL file; "
          f"{len(forms)} page and paragraph citations, each a reference and an in-text form")
    header = ("What", "CSL style", "equal", "exception", "different", "of")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths))))
    names = {}
    for key, used in allowed.items():
        for name in used:
            names.setdefault(name, []).append(key)
    for style, (_, excepted, _) in by_style.items():
        for where, name in excepted.items():
            names.setdefault(name, []).append(f"{where} ({style})")
    print("Named exceptions: " + ("; ".join(f"{name}: {len(keys)}" for name, keys in names.items()) or "none"))
    if args.show:
        for name, keys in names.items():
            print(f"\n{name}:\n  " + "\n  ".join(keys))
        for difference in wrong + [d for _, _, diffs in by_style.values() for d in diffs]:
            print(difference)
    return 1 if wrong or any(d for _, _, d in by_style.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
