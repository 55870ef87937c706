"""Tiny fixture sites for failure cases: each is the real project configuration with a few
pages of its own, so a test proves that one kind of bad input stops a strict build."""
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

MINI_BIB = textwrap.dedent("""\
    @misc{known-2020,
      author = {{Example Organization}},
      title = {A Known Source},
      howpublished = {Example Publisher},
      year = {2020},
      url = {https://example.org/known}, urldate = {2024-01-01},
      kind = {research},
      annote = {A fixture entry.},
    }
    """)


def make_site(tmp_path: Path, pages: dict, bib: str = MINI_BIB, **edition) -> Path:
    """Write a fixture project (pages: docs-relative path -> Markdown) and return its mkdocs.yml.
    `edition`: more options of the edition plugin (articles, glossary), paths relative to tmp_path."""
    docs = tmp_path / "docs"
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    config = {
        "site_name": "Fixture",
        "site_url": "http://127.0.0.1:8000/",
        "docs_dir": str(docs),
        "theme": {"name": "mkdocs"},
        "plugins": [{"reference-edition": {"bibliography": "refs.bib",
                                           "citation": {"authors": [{"name": "Fixture editors"}]}, **edition}}],
        "markdown_extensions": ["attr_list", "footnotes", "md_in_html", "admonition", "pymdownx.superfences"],
        "strict": True,
        "validation": {"links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn",
                                 "absolute_links": "warn"}},
    }
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def edition_options(settings: dict) -> dict:
    """The edition plugin's options in a loaded fixture mkdocs.yml (to edit them in place)."""
    return next(p["reference-edition"] for p in settings["plugins"] if "reference-edition" in p)
