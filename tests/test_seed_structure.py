"""The seed's structure (data/seed.py): a blank line added or removed anywhere, a headline on two
lines, paragraphs merged or split, converted line endings: each is an error naming the seed, the
line where the structure first differs and what to do, even when meta.yml's sha256 was
re-recorded for the changed bytes (the hostile corpus does that; else the hash check names
the seed first), and never an error blaming
the claims of a paragraph that moved. Fast tier: the data layer alone, on a copy of the seed and
its meta.yml."""
import hashlib
import re

import pytest

from reference_edition.data import seed
from reference_edition.data.errors import DataError
from conftest import ROOT

SEED = ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.txt"
TEXT = SEED.read_text(encoding="utf-8")
HEADLINE_END = TEXT.index("\n")
P3 = TEXT.index("\n\nAl-Qaeda’s strategy")               # the blank line before paragraph 3
IN_P2 = TEXT.index(". Over the last two") + 1             # a sentence break inside paragraph 2
P11 = TEXT.index("\n\nAl-Qaeda remains")                   # the blank line before paragraph 11


def load(tmp_path, text: str, rehash=True):
    """load_article on a copy whose meta.yml records the hash of `text` (rehash) or the real one."""
    path, meta = tmp_path / SEED.name, tmp_path / seed.meta_path(SEED).name
    path.write_bytes(text.encode("utf-8"))
    recorded = seed.meta_path(SEED).read_text(encoding="utf-8")
    if rehash:
        recorded = re.sub(r'(?m)^sha256: "\w+"', f'sha256: "{hashlib.sha256(text.encode()).hexdigest()}"', recorded)
    meta.write_text(recorded, encoding="utf-8")
    return seed.load_article(path)


# (case, the changed text, the line the error must name, words it must say)
CHANGES = [
    ("blank line inside the headline (hostile corpus)",
     "[zq017x][rzq017x]\n\n[rzq017x]: javascript:alert('zq017x')" + TEXT[HEADLINE_END:], 3,
     ["the headline", "paragraph 1", "starts at line 5", "paragraph_openings"]),
    ("headline on two lines", "What is\nthe plan?" + TEXT[HEADLINE_END:], 2, ["the headline (line 1) runs onto line 2"]),
    ("no blank line after the headline", TEXT[:HEADLINE_END] + TEXT[HEADLINE_END + 1:], 2, ["the headline"]),
    ("extra blank line after the headline", TEXT[:HEADLINE_END] + "\n" + TEXT[HEADLINE_END:], 3,
     ["extra blank line between the headline and paragraph 1"]),
    ("blank line before the headline", "\n" + TEXT, 1, ["extra blank line between the start of the file and the headline"]),
    ("two extra blank lines between paragraphs", TEXT[:P3] + "\n\n" + TEXT[P3:], 7, ["extra blank line"]),
    ("paragraphs 2 and 3 merged", TEXT[:P3] + " " + TEXT[P3 + 2:], 7, ["paragraph 3", "merged into paragraph 2"]),
    ("paragraphs 2 and 3 on consecutive lines", TEXT[:P3] + TEXT[P3 + 1:], 6, ["paragraph 2 (line 5) runs onto line 6"]),
    ("paragraph 2 split", TEXT[:IN_P2] + "\n\n" + TEXT[IN_P2 + 1:], 7,
     ["paragraph 2 is followed by 1 block", "paragraph 3", "starts at line 9"]),
    ("last paragraph removed", TEXT[:P11] + TEXT[TEXT.rindex("\n\n"):], 23,
     ["paragraph 11", "the seed has 10 body paragraph(s)", "records 11"]),
    ("a paragraph added at the end", TEXT[:TEXT.rindex("\n\n")] + "\n\nOne more paragraph." + TEXT[TEXT.rindex("\n\n"):],
     25, ["a block after paragraph 11"]),
    ("tag line removed", TEXT[:TEXT.rindex("\n\n")], 23, ["the tag line is missing", "ends with paragraph 11"]),
    ("final line break added", TEXT + "\n", 25, ["the tag line ends with a line break"]),
    ("final blank line added", TEXT + "\n\n", 27, ["the file ends with a blank line"]),
    ("CRLF line endings", TEXT.replace("\n", "\r\n"), 1, ["carriage return", "LF"]),
]


@pytest.mark.parametrize("text, line, words", [pytest.param(t, n, w, id=c) for c, t, n, w in CHANGES])
def test_a_structural_change_is_reported_at_the_seed_line(tmp_path, text, line, words):
    with pytest.raises(DataError) as err:
        load(tmp_path, text)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / SEED.name}:{line}: "), f"the error should name the seed's line {line}: {message}"
    missing = [w for w in words if w not in message]
    assert not missing, f"the error should say {missing}: {message}"
    assert "restore the seed as received" in message, f"the error should say what to do: {message}"
    assert "claims" not in message, f"the seed is named, not a claim of a moved paragraph: {message}"


@pytest.mark.parametrize("text", [pytest.param(t, id=c) for c, t, _, _ in CHANGES])
def test_without_a_re_recorded_hash_the_hash_check_names_the_seed_first(tmp_path, text):
    with pytest.raises(DataError) as err:
        load(tmp_path, text, rehash=False)
    assert str(err.value).startswith(f"{tmp_path / SEED.name}: SHA-256 is "), str(err.value)


def test_the_seed_as_received_matches_its_recorded_structure(tmp_path):
    article = load(tmp_path, TEXT)
    assert len(article.paragraphs) == len(article.meta["paragraph_openings"]) == 11, article.meta["paragraph_openings"]


def test_a_wrong_opening_in_meta_yml_names_both_files(tmp_path):
    load(tmp_path, TEXT)   # writes the copy
    meta = tmp_path / seed.meta_path(SEED).name
    meta.write_text(meta.read_text(encoding="utf-8").replace("  - Those lobbying to recognize\n",
                                                             "  - Those lobbying to deny\n"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        seed.load_article(tmp_path / SEED.name)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / SEED.name}:5: paragraph 2, which opens with 'Those lobbying to deny'"), message
    assert re.search(rf"paragraph_openings in {re.escape(meta.name)}:\d+", message), message
    assert "this paragraph opens with 'Those lobbying to recognize the Taliban" in message, message
    item = meta.read_text(encoding="utf-8").splitlines().index("  - Those lobbying to deny") + 1
    assert f"correct item 2 of paragraph_openings ({meta.name}:{item})" in message, \
        f"the error should name the meta.yml item's line {item}, which may be what is wrong: {message}"


def test_paragraph_openings_is_required(tmp_path):
    load(tmp_path, TEXT)
    meta = tmp_path / seed.meta_path(SEED).name
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text[:text.index("paragraph_openings:")] + text[text.index("unconfirmed:"):], encoding="utf-8")
    with pytest.raises(DataError, match="paragraph_openings"):
        seed.load_article(tmp_path / SEED.name)
