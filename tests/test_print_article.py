"""Printing the article (Chromium's PDF, print media): the text with paragraph numbers, the
claim notes with their verdicts, and the references; none of the navigation chrome."""
import io
import re

import pytest
from pypdf import PdfReader


@pytest.fixture(scope="module")
def printed(browser, server, seed_article, output_dir):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(server + "/article/")
    tab.emulate_media(media="print")
    pdf = tab.pdf(format="A4")
    context.close()
    (output_dir / "article-print.pdf").write_bytes(pdf)
    return _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _flat(text):
    """Lines break anywhere in a PDF, hyphenated words included."""
    return re.sub(r"-\s", "-", re.sub(r"\s+", " ", text))


def _words(text, n=12):
    return " ".join(text.split()[:n])


def test_paragraph_seven_prints_whole_with_its_number(printed, seed_article):
    # claim markers, e.g. "◐7.2" (pypdf 7 reads the marker's own text run with a space before it)
    markers = re.compile(r"(?<=\w) ?[^\w\s]\d+\.\d+")
    assert f"7 {_flat(seed_article.paragraphs[6])}" in markers.sub("", printed)
    assert re.search(r"\w ?[^\w\s]7\.2\b", printed)       # ... and they print too


def test_claim_notes_print_with_verdicts(printed):
    assert "Claims and sources" in printed
    assert re.search(r"Supported|Partly supported|Not found|Contradicted", printed)
    assert "Editors’ note:" in printed


def test_references_print(reader, printed):
    refs = reader.page("article/").select("div.footnote li")
    assert refs, "the article has a reference list"
    first = re.sub(r"\s+", " ", refs[0].p.get_text(" ")).split(" Bibliography entry")[0]
    assert _words(first, 6) in printed


def test_navigation_chrome_does_not_print(printed):
    assert "How to cite" not in printed                    # the last navigation tab
    assert not re.search(r"Home Article Claims and sources", printed)
    assert "Skip to content" not in printed
    assert "Initializing search" not in printed and "Type to start searching" not in printed
