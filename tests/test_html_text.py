"""data/html_text.py: HTML read by html.parser into pieces with their offsets, so text is changed
in place and every tag stays as written."""
from reference_edition.data import html_text

PAGE = ('<!doctype html><p title="a > b" class=x>One &amp; <b>two</b>\n<code>S</code> three<br>'
        '<span class="keep">four <i>five</i></span><script>if (a < b) x = "</p>";</script>six</p>')


def test_the_pieces_cover_the_source_exactly_in_order():
    pieces = html_text.pieces(PAGE)
    assert pieces[0].start == 0 and pieces[-1].end == len(PAGE), "the pieces must cover the whole source"
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:])), "pieces must be contiguous"
    texts = [PAGE[p.start:p.end] for p in pieces if p.kind == "text"]
    assert texts == ["One &amp; ", "two", "\n", "S", " three", "four ", "five", "six"], texts
    raw = [PAGE[p.start:p.end] for p in pieces if p.kind == "raw"]
    assert raw == ['if (a < b) x = "</p>";'], "a script's text is raw, a '<' in it no tag"


def test_literal_and_exempt_places():
    pieces = html_text.pieces(PAGE, exempt_classes=frozenset({"keep"}))
    where = {PAGE[p.start:p.end]: (p.literal, p.exempt) for p in pieces if p.kind == "text"}
    assert where["S"] == (True, False) and where[" three"] == (False, False), where
    assert where["four "] == (True, True) and where["five"] == (True, True), where
    assert where["six"] == (False, False), "the exempt span ends with its closing tag"


def test_replace_text_leaves_tags_as_written():
    out = html_text.replace_text(PAGE, str.upper)
    assert out.startswith('<!doctype html><p title="a > b" class=x>ONE &AMP; <b>TWO</b>'), out
    assert "<code>S</code> THREE<br>" in out and 'x = "</p>";</script>SIX</p>' in out


def test_a_single_tag():
    assert html_text.tag('<span class="a b">') == html_text.Tag("span", {"class": "a b"}, False, False)
    assert html_text.tag("</span>").closing and html_text.tag("<br>").void and html_text.tag("<x/>").void
    assert html_text.tag("<b>text</b>") is None and html_text.tag("&#95;") is None
