"""features/released_pages.py releases a generated page's Markdown once it is converted (memory: MkDocs keeps
page.markdown to the end of the build, a second copy of what the generated File holds). The
pages that link to a generated page still name it by its title."""
import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build


def test_footer_links_name_generated_pages_by_their_titles(site):
    pages = sorted(site.rglob("index.html"))
    labels = []
    for path in pages:
        soup = BeautifulSoup(path.read_bytes(), "lxml")
        labels += [(path.relative_to(site).as_posix(), a.get("aria-label", ""))
                   for a in soup.select("a.md-footer__link")]
    assert any("Glossary" in label for _, label in labels), \
        "no footer link names the glossary index: the selector no longer matches the theme's footer"
    untitled = [(page, label) for page, label in labels if label.endswith(("None", ": "))]
    assert not untitled, f"footer links that lost their page's title: {untitled[:5]}"
