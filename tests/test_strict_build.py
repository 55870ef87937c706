"""A strict build stops on bad input, with a message naming the file and the problem."""
import logging

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import build_site
from sites import make_site


def failing_build(tmp_path, caplog, pages, **kw):
    config = make_site(tmp_path, pages, **kw)
    caplog.set_level(logging.WARNING)
    with pytest.raises((Abort, PluginError)) as err:
        build_site(config, tmp_path / "out")
    return str(err.value) + "\n" + caplog.text


@pytest.mark.build
def test_fixture_site_builds_when_all_is_well(tmp_path):
    config = make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@known-2020]\n"})
    out = build_site(config, tmp_path / "out")
    html = (out / "index.html").read_text()
    assert 'href="bibliography/#known-2020"' in html and ">Example Organization 2020</a>)" in html


@pytest.mark.build
def test_unknown_citation_key_names_page_and_key(tmp_path, caplog):
    text = failing_build(tmp_path, caplog, {"index.md": "# Home\n", "notes.md": "See [@no-such-key].\n"})
    assert "notes.md" in text and "no-such-key" in text


@pytest.mark.build
def test_broken_internal_link_names_the_file(tmp_path, caplog):
    text = failing_build(tmp_path, caplog, {"index.md": "# Home\n\n[x](missing.md) [@known-2020]\n"})
    assert "index.md" in text and "missing.md" in text


@pytest.mark.build
def test_broken_anchor_names_the_file_and_anchor(tmp_path, caplog):
    text = failing_build(tmp_path, caplog, {"index.md": "# Home\n\n[x](other.md#nowhere) [@known-2020]\n",
                                            "other.md": "# Other\n"})
    assert "index.md" in text and "nowhere" in text


@pytest.mark.build
def test_malformed_bib_names_file_line_and_entry(tmp_path, caplog):
    bib = "@misc{good-one,\n  title = {Fine},\n  kind = {news},\n  annote = {x},\n}\n\n@misc{bad-one,\n  title = {Unclosed,\n  kind = {news}\n\n@misc{next-one, title={x}, kind={news}, annote={y}}\n"
    text = failing_build(tmp_path, caplog, {"index.md": "# Home\n"}, bib=bib)
    assert "refs.bib:7" in text and "bad-one" in text and "syntax error" in text.lower()


@pytest.mark.build
def test_entry_cited_nowhere_fails_naming_the_key(tmp_path, caplog):
    from sites import MINI_BIB
    bib = MINI_BIB + "@misc{orphan-2021, title={Never Cited}, kind={news}, annote={x}}\n"
    text = failing_build(tmp_path, caplog, {"index.md": "# Home\n\nA claim.[@known-2020]\n"}, bib=bib)
    assert "orphan-2021" in text and "cited nowhere" in text


def test_data_check_script_passes_on_the_project(capsys):
    """`make check` on the project, its main() called here (the script run as a command is in
    tests/test_inputs.py, test_make_check_and_the_build_report_the_same_line)."""
    from test_check_data import check_data
    status, out = check_data.main([]), capsys.readouterr().out
    assert status == 0 and out.endswith("\n0 problem(s)\n"), f"make check on the project: exit {status}\n{out}"


def test_no_citation_or_marker_survives_unprocessed(site):
    """Every [@key] outside code became a link, and no working marker of the build (Markdown's
    stash placeholders, the extension's data-key, the bibliography's cited-in placeholders)
    reaches a reader: on every page of the real site."""
    from bs4 import BeautifulSoup
    left = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "lxml")
        for code in soup.find_all(["code", "pre", "script"]):
            code.decompose()
        text = soup.get_text()
        for marker in ("[@", "\x02", "\x03", "wzxhzdk"):
            if marker in text:
                left.append((path.relative_to(site).as_posix(), marker))
        for marker in ("data-key=", "<!-- cited-in:"):
            if marker in html:
                left.append((path.relative_to(site).as_posix(), marker))
    assert left == []


@pytest.mark.build
@pytest.mark.parametrize("edit, words", [
    (("      bibliography: refs.bib", "      bibliograpy: refs.bib"), ["reference-edition", "'bibliography'"]),
    (("      bibliography: refs.bib", "      bibliography: no-such.bib"), ["reference-edition", "no-such.bib"]),
    (("      glossary: glossary", "      glossary: [glossary]"), ["reference-edition", "glossary"]),
], ids=["misspelt-key", "missing-file", "wrong-type"])
def test_edition_settings_errors_name_the_option(tmp_path, caplog, edit, words):
    """The plugin's options are typed (reference_edition/options.py): MkDocs names the option,
    and a typo stops the build instead of ending in a traceback or being ignored."""
    from conftest import copy_project
    copy_project(tmp_path)
    config = tmp_path / "mkdocs.yml"
    text = config.read_text()
    assert edit[0] in text
    config.write_text(text.replace(*edit), encoding="utf-8")
    caplog.set_level(logging.WARNING)
    with pytest.raises(Exception) as err:
        __import__("conftest").build_site(config, tmp_path / "site")
    message = str(err.value) + caplog.text
    assert "Traceback" not in message and "KeyError" not in message
    assert all(w in message for w in words), message


@pytest.mark.build
def test_citation_syntax_in_code_is_shown_not_processed(tmp_path):
    """Inline code and fenced blocks show [@key] as written: no check, no footnote, no spans."""
    page = ("# Home\n\nA claim.[@known-2020]\n\nWrite `[@known-2020]` or `[@no-such-key]` to cite.\n\n"
            "```markdown\nA claim.[@known-2020, para. 3]\n```\n")
    site = build_site(make_site(tmp_path, {"index.md": page}), tmp_path / "site")
    from bs4 import BeautifulSoup
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    codes = [c.get_text() for c in soup.find_all("code")]
    assert "[@known-2020]" in codes and "[@no-such-key]" in codes
    assert any(c.strip() == "A claim.[@known-2020, para. 3]" for c in codes), codes
    assert len(soup.select("a.cite")) == 1          # only the citation in the prose
    assert not soup.select("code a, code sup, pre span.cite")
