"""Two builds in one process with a data edit between them, as `mkdocs serve` rebuilds: the
second build shows the edit everywhere and keeps nothing stale from the first (caches keyed on
the files, registries of citations and mentions reset per build)."""

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, copy_project

pytestmark = pytest.mark.build   # every test here builds a site

CLAIMS = "seeds/taliban-plan-to-rebuild-al-qaeda.claims.yml"


def soup(site, page):
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "lxml")


def test_a_data_edit_between_two_builds_shows_everywhere(tmp_path):
    copy_project(tmp_path)
    first = build_site(tmp_path / "mkdocs.yml", tmp_path / "one")
    cited_before = soup(first, "bibliography").select_one("#theasialive-2023 .bib-cited-in").get_text()

    bib = tmp_path / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "annote       = {The text this edition reproduces:", "annote       = {EDITED-ANNOTE The text this edition reproduces:"),
        encoding="utf-8")
    kabul = tmp_path / "glossary" / "kabul.yml"
    kabul.write_text(kabul.read_text(encoding="utf-8").replace("The capital of Afghanistan", "EDITED-DEFINITION The capital of Afghanistan"),
                     encoding="utf-8")
    claims = tmp_path / CLAIMS
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("    The Media Line (16 November 2023)", "    EDITED-NOTE The Media Line (16 November 2023)", 1),
                      encoding="utf-8")
    second = build_site(tmp_path / "mkdocs.yml", tmp_path / "two")

    assert "EDITED-ANNOTE" in soup(second, "bibliography").select_one("#theasialive-2023").get_text()
    assert "EDITED-DEFINITION" in soup(second, "glossary/kabul").select_one(".glossary-definition").get_text()
    assert "EDITED-NOTE" in soup(second, "article").select_one("#note-p1-c1").get_text()
    assert "EDITED-NOTE" in soup(second, "claims").get_text()
    # registries start afresh: the same back-links once, not twice
    assert soup(second, "bibliography").select_one("#theasialive-2023 .bib-cited-in").get_text() == cited_before
    assert "EDITED" not in soup(first, "bibliography").get_text()
