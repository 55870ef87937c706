"""The article's paragraphs in its table of contents (reference_edition/markdown/paragraph_toc.py):
each entry is "¶ N · " and the paragraph's first words as the reader sees them."""
import markdown

from reference_edition.data.safe_html import safe_html
from reference_edition.markdown.paragraph_toc import ParagraphTocExtension


def entries(paragraphs):
    md = markdown.Markdown(extensions=["toc", "attr_list", ParagraphTocExtension()])
    source = "\n\n".join(
        f'<a class="para-num" href="#p{n}">{n}</a> {safe_html(text)} <a class="claim-mark" href="#x">●{n}.1</a>\n'
        f'{{: #p{n} .para data-para="{n}" }}' for n, text in enumerate(paragraphs, 1))
    md.convert(source)
    (text,) = [t for t in md.toc_tokens if t["name"] == "Text"]
    return [e["name"] for e in text["children"]]


def test_entries_keep_the_words_and_punctuation_and_leave_out_the_apparatus():
    assert entries(['AT&T said *x* [y] "q" ok and more words', "Second one here"]) == [
        "¶ 1 · AT&amp;T said *x* [y] &#34;q&#34; ok…", "¶ 2 · Second one here…"]
