"""Glossary data (glossary/*.yml): validation names the file and the fix; matching follows the
alias rules. Runs on tiny fixture entries (tests/fixtures/glossary/), not the real data."""
import logging
import random
import shutil
import string
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort, PluginError

from conftest import build_site
from reference_edition.data.errors import DataError
from reference_edition.data.bib import load_bibliography
from reference_edition.data.glossary import load_glossary
from sites import make_site

FIXTURE = Path(__file__).parent / "fixtures" / "glossary"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)   # libyaml's where PyYAML has it: 500 files below


@pytest.fixture
def data(tmp_path):
    """A writable copy of the fixture glossary and its refs.bib."""
    shutil.copytree(FIXTURE, tmp_path / "glossary")
    return tmp_path / "glossary"


def load(directory):
    return load_glossary(directory, load_bibliography(directory / "refs.bib"))


def edit(path, **changes):
    entry = yaml.safe_load(path.read_text())
    for key, value in changes.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    path.write_text(yaml.safe_dump(entry, allow_unicode=True))


def error_of(directory):
    with pytest.raises(DataError) as err:
        load(directory)
    return str(err.value)


def found(gloss, text):
    return [(text[s:e], slug) for s, e, slug in gloss.mentions(text)]


# ------------------------------------------------------------------ validation
def test_fixture_data_is_valid_and_ignores_underscore_files(data):
    gloss = load(data)
    assert list(gloss.entries) == ["oath", "group-a", "group-a-east"]  # A–Z by name: Bay'ah, Group A…
    assert gloss.entries["group-a"].facts[1].cite == (("src-one", "para. 2"),)


def test_alias_claimed_twice_names_both_files(data):
    edit(data / "oath.yml", aliases=["bay'a", "group alpha"])
    text = error_of(data)
    assert "group-a.yml" in text and "oath.yml" in text and "group alpha" in text.lower()


@pytest.mark.parametrize("file, changes, expected", [
    ("group-a.yml", {"related": ["group-a-east", "group-z"]}, ["'group-z'", "does not exist"]),   # unknown related slug
    ("group-a-east.yml", {"definition": None}, ["definition: missing"]),                               # missing definition
    ("group-a.yml", {"facts": [{"text": "A fact.", "cite": [{"key": "no-such-key"}]} for _ in range(3)]},
     ["no-such-key", "refs.bib"]),                                                             # unknown cite key
    ("group-a-east.yml", {"unknown": None}, ["unknown"]),                 # fewer than three facts need `unknown`
], ids=["unknown-related-slug", "missing-definition", "unknown-cite-key", "few-facts-need-unknown"])
def test_bad_entry_is_an_error_naming_file_and_problem(data, file, changes, expected):
    edit(data / file, **changes)
    text = error_of(data)
    assert file in text and all(e in text for e in expected), text


def test_unknown_kind_and_bad_slug(data):
    edit(data / "oath.yml", kind="concept")
    assert "oath.yml" in error_of(data) and "concept" in error_of(data)
    edit(data / "oath.yml", kind="term")
    (data / "oath.yml").rename(data / "Oath_Term.yml")
    assert "Oath_Term.yml" in error_of(data)


@pytest.mark.build
def test_strict_build_stops_with_the_message(tmp_path, caplog):
    """Through the plugin, as `mkdocs build --strict` runs it: a PluginError naming the file."""
    shutil.copytree(FIXTURE, tmp_path / "glossary")
    edit(tmp_path / "glossary" / "group-a.yml", related=["group-z"])
    config = make_site(tmp_path, {"index.md": "# Home\n"}, bib=(FIXTURE / "refs.bib").read_text(),
                       glossary="glossary")
    caplog.set_level(logging.WARNING)
    with pytest.raises((Abort, PluginError)) as err:
        build_site(config, tmp_path / "out")
    assert "group-a.yml" in str(err.value) + caplog.text and "group-z" in str(err.value) + caplog.text


# ------------------------------------------------------------------ matching
def test_longest_alias_wins_and_hyphenated_names_are_whole(data):
    gloss = load(data)
    assert found(gloss, "the Group A regime and Group A in the East") == [
        ("Group A regime", "group-a"), ("Group A in the East", "group-a-east")]
    assert found(gloss, "GA-E, not GA") == [("GA-E", "group-a-east"), ("GA", "group-a")]
    assert found(gloss, "GA-Eastern, GAS, pre-GA") == []


def test_case_and_apostrophes(data):
    gloss = load(data)
    assert found(gloss, "group alpha and GROUP ALPHA") == [("group alpha", "group-a"), ("GROUP ALPHA", "group-a")]
    assert found(gloss, "ga and Ga are ordinary words") == []  # short capitals match case-sensitively
    assert found(gloss, "bay’ah, bay'a, BAY’A, bay&#x27;ah") == [
        ("bay’ah", "oath"), ("bay'a", "oath"), ("BAY’A", "oath"), ("bay&#x27;ah", "oath")]
    assert found(gloss, "bay’ahs, baya") == []


def test_matching_finds_one_alias_among_500_entries(tmp_path):
    """Many generated entries load and match the one alias the text holds (speed is the
    benchmark's business, scripts/bench_build.py, not a timed test)."""
    random.seed(4)
    words = ["".join(random.choices(string.ascii_lowercase, k=random.randint(4, 9))) for _ in range(2000)]
    directory = tmp_path / "glossary"
    directory.mkdir()
    shutil.copy(FIXTURE / "refs.bib", directory / "refs.bib")
    for n in range(500):
        names = {" ".join(random.sample(words, random.randint(1, 3))).title() for _ in range(5)}
        name, *aliases = sorted(names)
        entry = {"name": f"{name} {n}", "kind": "term", "aliases": [a + f" {n}" for a in aliases] + [f"X{n:04d}"],
                 "definition": "A synthetic entry.", "facts": [{"text": "A fact.", "cite": [{"key": "src-one"}]} for _ in range(3)]}
        (directory / f"entry-{n}.yml").write_text(yaml.dump(entry, Dumper=DUMPER))
    gloss = load(directory)
    assert len(gloss.entries) == 500, f"{len(gloss.entries)} of 500 generated entries loaded"
    text = (Path(__file__).parent.parent / "seeds" / "taliban-plan-to-rebuild-al-qaeda.txt").read_text() + " X0042."
    hits = [(text[s:e], slug) for s, e, slug in gloss.mentions(text)]
    assert hits == [("X0042", "entry-42")], f"expected only X0042 -> entry-42 in the seed text, found {hits}"
