#!/usr/bin/env python3
"""Validate the edition's data without building the site: refs.bib, the seed and its
metadata, the claims, the glossary, and that every bibliography entry is cited somewhere.

    .venv/bin/python scripts/check_data.py [PROJECT_DIR]     (also: make check)

Prints one line per problem (file:line: what is wrong (what to do)) and exits 1 if any."""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))   # the package, also when it is not installed

from reference_edition.data.bib import load_bibliography  # noqa: E402
from reference_edition.data.claims import load_claims  # noqa: E402
from reference_edition.data.errors import DataError  # noqa: E402
from reference_edition.data.glossary import load_glossary  # noqa: E402
from reference_edition.data.safe_html import citations_in  # noqa: E402
from reference_edition.data.seed import load_article  # noqa: E402
from reference_edition.data.unconfirmed import check_meta  # noqa: E402

CITATION = re.compile(r"@([a-z0-9-]+)")


def edition_options(root: Path) -> dict:
    """The reference-edition plugin's options in root/mkdocs.yml."""
    plugins = yaml.safe_load((root / "mkdocs.yml").read_text().replace("!ENV", ""))["plugins"]
    return next(p["reference-edition"] for p in plugins if isinstance(p, dict) and "reference-edition" in p)


def problems_in(root: Path = ROOT) -> list[str]:
    """Every problem of the project's data at `root`, as the build would report them."""
    settings = edition_options(root)
    problems, cited = [], set()
    try:
        refs = load_bibliography(root / settings["bibliography"])
    except DataError as err:
        return [str(err)]
    for options in settings.get("articles") or []:
        try:   # the seed and its metadata, then the claims checked against its paragraphs
            article = load_article(root / options["seed"])
            cited |= {v["bib_key"] for v in [article.meta["this_text"], article.meta["original"],
                                              *article.meta.get("republications", [])]}
            check_meta(article.meta_path, refs)   # its dates and addresses against refs.bib
            claims = load_claims(root / options["claims"], article.paragraphs, refs)
            cited |= {key for c in claims for key, _ in c.sources + tuple(citations_in(c.note))}
        except DataError as err:
            problems.append(str(err))
    try:
        glossary = load_glossary(root / settings["glossary"], root / settings["bibliography"])
        cited |= {key for e in glossary.entries.values() for f in e.facts
                  for key, _ in f.cite + tuple(citations_in(f.text))}
    except DataError as err:
        problems.append(str(err))
    for md in (root / "docs").rglob("*.md"):
        for block in re.findall(r"\[[^\]]*@[^\]]*\]", md.read_text(encoding="utf-8")):
            for key in CITATION.findall(block):
                (cited.add(key) if key in refs else
                 problems.append(f"{md.relative_to(root)}: citation of unknown key '{key}'"))
    checked_all = not problems  # "cited nowhere" is only meaningful once claims and glossary loaded
    for key, ref in refs.items():
        if key not in cited and checked_all:
            problems.append(f"{settings['bibliography']}:{ref.line}: entry '{key}' is cited nowhere "
                            "(cite it where the edition relies on it, or remove it)")
    print(f"{len(refs)} sources, {len(cited)} cited")
    return problems


def main(args) -> int:
    problems = problems_in(Path(args[0]) if args else ROOT)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
