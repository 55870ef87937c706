"""Issue 17's live-markup cases that need no site build: a javascript: version_url, a headline
holding the paragraph placeholder, glossary aliases that would link the interface or break
Python-Markdown's placeholders, and the glossary linker on raw HTML. Their build-tier
counterparts are in test_live_markup_site.py."""
import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import markdown

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from reference_edition.data.errors import DataError
from reference_edition.data.bib import load_bibliography
from reference_edition.data.glossary import _pattern, alias_key, load_glossary
from reference_edition.data.pagemeta import TOKEN, VERSION_TOKEN, Record, Version, formatted_paragraphs, load_settings
from reference_edition.markdown.glossary_links import GlossaryLinksExtension

FIXTURE = Path(__file__).parent / "fixtures" / "glossary"
SITE = {"site_name": "S", "site_url": "https://example.org/", "repo_url": "", "language": "en"}


def settings(**citation):
    return load_settings({"authors": [{"name": "X"}], **citation}, ROOT / "mkdocs.yml", SITE)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(document.domain)//{page}",
                                 "data:text/html,<script>alert(1)</script>", "//evil.example/{page}",
                                 '{site_url}v/{version}/{page}" onclick="alert(1)', "{site_url!r}"])
def test_version_url_must_be_http_or_relative(url):
    with pytest.raises(DataError) as err:
        settings(version_url=url)
    assert re.search(r"mkdocs\.yml:\d+: reference-edition: citation\.version_url", str(err.value)), err.value


@pytest.mark.parametrize("url", ["{site_url}v/{version}/{page}", "https://example.org/v/{commit}/{page}",
                                 "v/{version}/{page}"])
def test_version_url_http_or_relative_is_accepted(url):
    assert settings(version_url=url).version_url == url


@pytest.mark.parametrize("title", [f"The {TOKEN} plan", f"{TOKEN.lower()} and {VERSION_TOKEN}"])
def test_placeholders_in_a_title_are_not_rewritten(title):
    s = settings()
    s = type(s)(**{**s.__dict__, "version": Version("v1.2", "a" * 40, dt.date(2026, 1, 2), False)})
    record = Record("edition-article", title, "https://example.org/article/", "article/", "ScholarlyArticle", s)
    texts = formatted_paragraphs(record, [3, 7])
    for n in (3, 7):
        for style, t in texts[n].items():
            plain = BeautifulSoup(t["reference"], "lxml").get_text()
            assert TOKEN.lower() in plain.lower(), \
                f"{style} ¶ {n}: the title's own {TOKEN!r} was rewritten: {plain}"
            assert f"#p{n}" in plain, f"{style} ¶ {n}: the paragraph number is missing: {plain}"


# ------------------------------------------------------------------ glossary aliases
@pytest.fixture
def glossary(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "glossary")
    return tmp_path / "glossary"


@pytest.mark.parametrize("alias, words", [("Cite", "interface text 'Cite ¶'"), ("Permalink", "Permalink"),
                                          ("Back to top", "Back to top"), ("wzxhzdk", "placeholders"),
                                          ("xklzzwxhx", "placeholders"), ("Kabul\x02", "control character")])   # refused by the character rule first (data/characters.py)
def test_alias_colliding_with_placeholders_or_interface_is_refused(glossary, alias, words):
    path = next(p for p in sorted(glossary.glob("*.yml")) if not p.name.startswith("_"))
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry["aliases"] = list(entry.get("aliases") or []) + [alias]
    path.write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if alias.strip("\x02") in text or (alias.endswith("\x02") and "Kabul\\x02" in text))
    with pytest.raises(DataError) as err:
        load_glossary(glossary, load_bibliography(glossary / "refs.bib"))
    message = str(err.value)
    assert f"{path}:{line}: aliases.{len(entry['aliases']) - 1}" in message and words in message, message


# ------------------------------------------------------------------ the linker links prose only
class _State:
    def __init__(self, gloss):
        self.glossary, self.page = gloss, "article.md"

    def is_article(self, page):
        return True


@pytest.fixture
def linked(glossary):
    """Convert a numbered paragraph as the article page does, with one entry aliased `alias`."""
    def convert(text, alias):
        # The alias is added past the loader's checks (which refuse a placeholder word): the linker
        # must hold on its own.
        gloss = load_glossary(glossary, load_bibliography(glossary / "refs.bib"))
        slug = next(iter(gloss.entries))
        gloss = dataclasses.replace(gloss, pattern=_pattern([alias]), owners={alias_key(alias): slug})
        md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc", GlossaryLinksExtension(_State(gloss))],
                               extension_configs={"toc": {"permalink": True}})
        return BeautifulSoup(md.convert(text + '\n{: #p1 .para data-para="1" }\n'), "lxml")
    return convert


def test_the_linker_leaves_raw_html_in_a_paragraph_alone(linked):
    soup = linked('Ahead Orbis here. <button type="button">Orbis ¶</button> '
                  '<a class="claim-mark" href="#n"><span>Orbis</span> 1</a> <code>Orbis</code>', "Orbis")
    terms = soup.select("a.term")
    assert [t.get_text() for t in terms] == ["Orbis"] and terms[0].parent.name == "p", soup.p
    assert soup.button.get_text() == "Orbis ¶" and not soup.button.find("a"), soup.button
    assert not soup.select("a a"), "a link nested in a link"


def test_the_linker_never_matches_a_placeholder(linked):
    soup = linked('Text with <button type="button">Cite ¶</button> and <em>more</em> &amp; an entity.', "wzxhzdk")
    assert "\x02" not in str(soup) and "\x03" not in str(soup), soup.p
    assert soup.button.get_text() == "Cite ¶" and "&" in soup.p.get_text(), soup.p


@pytest.mark.parametrize("field", ["definition", "unknown"])
def test_a_citation_where_no_reference_list_follows_is_refused(glossary, field):
    path = next(p for p in sorted(glossary.glob("*.yml")) if not p.name.startswith("_"))
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry[field] = "Text [@somewhere, p. 2]."
    path.write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "[@somewhere" in text)
    with pytest.raises(DataError) as err:
        load_glossary(glossary, load_bibliography(glossary / "refs.bib"))
    assert f"{path}:{line}: {field}: a citation" in str(err.value), err.value


def test_a_fact_citing_an_unknown_key_in_its_text_is_an_error(glossary):
    path = next(p for p in sorted(glossary.glob("*.yml")) if not p.name.startswith("_"))
    entry = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry["facts"][0]["text"] += " [@no-such-key]"
    path.write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_glossary(glossary, load_bibliography(glossary / "refs.bib"))
    assert f"{path}:" in str(err.value) and "facts.0.text: cites 'no-such-key'" in str(err.value), err.value


def test_a_note_citing_an_unknown_key_is_an_error(tmp_path):
    from reference_edition.data.claims import load_claims
    path = tmp_path / "a.claims.yml"
    path.write_text("- id: p1-c1\n  quote: The words\n  verdict: opinion\n  note: As [@no-such-key, p. 2] says.\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_claims(path, ["The words of the seed."], {"known": None})
    assert f"{path}:1: claim 'p1-c1': note: cites unknown key 'no-such-key'" in str(err.value), err.value
