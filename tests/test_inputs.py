"""Inputs that are files (issue 17): each bad input is a DataError from the data layer (the
build and `make check` both load the model through it) whose message names the file, the line
where there is one, the field and what to do; never a traceback, never a silently wrong page.

Fast tier: the loaders are called directly on a copy of the project's data. Limits are lowered
with monkeypatch where reaching the real one would take a big file (data/limits.py)."""
import logging
import os
import json
import re
import shutil
import textwrap

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_data
from sites import make_site
from reference_edition.data import bibexport, limits
from reference_edition.data.bib import _FormatCache, load_bibliography
from reference_edition.data.bibread import RESERVED_IDS
from reference_edition.data.errors import DataError
from reference_edition.data.model import load_edition

SLUG = "taliban-plan-to-rebuild-al-qaeda"
SEED, CLAIMS, META = f"seeds/{SLUG}.txt", f"seeds/{SLUG}.claims.yml", f"seeds/{SLUG}.meta.yml"


@pytest.fixture(scope="module")
def _copy_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("inputs") / "project"


@pytest.fixture
def project(request, _copy_dir):
    """The project's data, at one path for every test of the module and put back before each
    (conftest.copy_data): a test loads again only the file it edits. A test that monkeypatches
    (a lowered limit, another cache folder) gets a copy at a path of its own: the loaders'
    cached results for the shared path would not see the change."""
    fresh = "monkeypatch" in request.fixturenames
    return copy_data(request.getfixturevalue("tmp_path") / "project" if fresh else _copy_dir,
                     ("refs.bib", "seeds", "glossary"))


def load(p):
    return load_edition(p / "refs.bib", [(p / SEED, p / CLAIMS)], p / "glossary")


def error(p) -> str:
    """The message of the DataError that loading the copy raises (no other exception may escape)."""
    with pytest.raises(DataError) as err:
        load(p)
    return str(err.value)


def expect(message, path, line, *words):
    """The message starts with path:line: (path alone where there is no line; line "*": any
    line) and has the words."""
    where = re.escape(f"{path}:{line}: " if line else f"{path}: ").replace(re.escape("*"), r"\d+")
    assert re.match(where, message), f"expected {where!r} at the start of:\n{message}"
    missing = [w for w in words if w not in message]
    assert not missing, f"{missing} not in:\n{message}"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1   # the line of the edit


def edit_bytes(path, old: bytes, new: bytes):
    data = path.read_bytes()
    assert old in data, f"fixture bytes {old!r} not in {path}"
    path.write_bytes(data.replace(old, new, 1))
    return data[:data.index(old)].count(b"\n") + 1


def entry_line(p, key):
    return next(n for n, line in enumerate((p / "refs.bib").read_text(encoding="utf-8").splitlines(), 1)
                if re.match(rf"@\w+[{{(]{key},", line))


def test_the_copy_loads(project):
    assert len(load(project).refs) > 50


# ------------------------------------------------------------------ 1. links and non-files
def test_glossary_symlink_to_a_file_outside_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yml"
    shutil.copy(project / "glossary" / "kabul.yml", outside)
    (project / "glossary" / "secret.yml").symlink_to(outside)
    expect(error(project), project / "glossary" / "secret.yml", None, "symbolic link", "put the file itself here")


def test_glossary_link_to_the_zero_device_is_refused_unread(project):
    (project / "glossary" / "zero.yml").symlink_to("/dev/zero")
    expect(error(project), project / "glossary" / "zero.yml", None, "symbolic link")


def test_glossary_symlink_loop_is_refused(project):
    (project / "glossary" / "loop.yml").symlink_to(project / "glossary" / "loop.yml")
    expect(error(project), project / "glossary" / "loop.yml", None, "symbolic link")


def test_glossary_directory_named_yml_is_refused(project):
    (project / "glossary" / "x.yml").mkdir()
    expect(error(project), project / "glossary" / "x.yml", None, "is a directory", "remove it or rename it")


def test_glossary_fifo_is_refused_without_blocking(project):
    os.mkfifo(project / "glossary" / "pipe.yml")
    expect(error(project), project / "glossary" / "pipe.yml", None, "named pipe", "not a regular file")


def test_refs_bib_through_a_link_is_refused(project, tmp_path_factory):
    real = tmp_path_factory.mktemp("elsewhere") / "refs.bib"
    shutil.move(project / "refs.bib", real)
    (project / "refs.bib").symlink_to(real)
    expect(error(project), project / "refs.bib", None, "symbolic link")


# ------------------------------------------------------------------ 2. UTF-8, BOM, control characters
def test_refs_bib_not_utf8_names_the_line(project):
    line = edit_bytes(project / "refs.bib", "’".encode(), b"\x92")
    expect(error(project), project / "refs.bib", line, "is not UTF-8 (byte 0x92)", "save the file as UTF-8")


def test_seed_not_utf8_is_named_before_the_hash(project):
    line = edit_bytes(project / SEED, "’".encode(), b"\x92")
    message = error(project)
    expect(message, project / SEED, line, "is not UTF-8", "save the file as UTF-8")
    assert "SHA-256" not in message, message


def test_seed_bom_is_named_before_the_hash(project):
    (project / SEED).write_bytes(b"\xef\xbb\xbf" + (project / SEED).read_bytes())
    message = error(project)
    expect(message, project / SEED, 1, "byte-order mark", "without a BOM")
    assert "SHA-256" not in message, message


def test_glossary_bom_is_refused(project):
    path = project / "glossary" / "kabul.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    expect(error(project), path, 1, "byte-order mark", "without a BOM")


def test_nul_byte_in_a_data_file_names_the_line(project):
    line = edit_bytes(project / CLAIMS, b"The Media Line", b"The\x00Media Line")
    expect(error(project), project / CLAIMS, line, "control character U+0000", "delete it")


# ------------------------------------------------------------------ 3. calendar dates
@pytest.mark.parametrize("field, value, words", [
    ("day", "{31}", ["day: '31' is not a day of February 2023"]),
    ("day", "{30}", ["day: '30' is not a day of February 2023"]),
    ("month", "{13}", ["month: '13' is not a month"]),
    ("year", "{0000}", ["year: '0000' is not a year"]),
])
def test_impossible_refs_bib_dates_are_errors(project, field, value, words):
    key = "theasialive-2023"
    path = project / "refs.bib"
    edit(path, "  month        = dec,\n  day          = {1},", "  month        = feb,\n  day          = {1},")
    if field == "day":
        edit(path, "  month        = feb,\n  day          = {1},", f"  month        = feb,\n  day          = {value},")
    else:
        text = path.read_text(encoding="utf-8")
        start = text.index(f"{{{key},")
        body = re.sub(rf"(  {field}\s*= )[^,\n]*", rf"\g<1>{value}", text[start:], count=1)
        path.write_text(text[:start] + body, encoding="utf-8")
    expect(error(project), path, entry_line(project, key), f"entry '{key}'", *words)


@pytest.mark.parametrize("date", ["2023-02-30", "2023-13-01", "0000-12-01"])
def test_impossible_yaml_dates_are_errors(project, date):
    line = edit(project / META, "  date: 2023-12-01", f"  date: {date}")
    expect(error(project), project / META, line, "this_text.date", f"'{date}' is not a calendar date",
           "write a date that exists")


# ------------------------------------------------------------------ 4. the key check, whatever the delimiters
def test_parenthesised_entry_gets_the_key_check(project):
    with open(project / "refs.bib", "a", encoding="utf-8") as f:
        f.write("\n@misc(Bad_Key,\n  title = {T},\n  kind = {research},\n  annote = {A.},\n)\n")
    expect(error(project), project / "refs.bib", entry_line(project, "Bad_Key"),
           "key 'Bad_Key' breaks the key convention", "rename it")


def test_parenthesised_entry_with_a_good_key_loads(project):
    with open(project / "refs.bib", "a", encoding="utf-8") as f:
        f.write("\n@misc(paren-2020,\n  title = {T},\n  year = {2020},\n  kind = {research},\n  annote = {A.},\n)\n")
    refs = load_bibliography(project / "refs.bib")
    assert refs["paren-2020"].line == entry_line(project, "paren-2020")


# ------------------------------------------------------------------ 5. a flagged value in a title
def test_unconfirmed_value_in_a_title_is_kept_flagged_in_the_exports(project):
    edit(project / "refs.bib", "unconfirmed  = {title (the official heading after",
         'unconfirmed  = {title "Thirty-second" (the official heading after')
    edition = load(project)   # the exports are made with the model (was a KeyError in the build only)
    titles = [t for t in re.findall(r"title = \{(.*)\}", edition.exports["refs-biblatex.bib"].decode())
              if "Thirty-second" in t]
    assert titles and all("Thirty-second [unconfirmed]" in t for t in titles), titles
    json_titles = [i["title"] for i in json.loads(edition.exports["refs.json"].decode()) if "Thirty-second" in i["title"]]
    assert json_titles and all("Thirty-second [unconfirmed]" in t for t in json_titles), json_titles


@pytest.mark.build
def test_site_with_a_flagged_value_in_a_title_builds_and_flags_it(tmp_path):
    import json
    from conftest import build_site
    from sites import MINI_BIB
    bib = MINI_BIB.replace("  kind = {research},", '  kind = {research},\n  unconfirmed = {title "Known" (fixture)},')
    site = build_site(make_site(tmp_path, {"index.md": "# Home\n\nSee [@known-2020].\n"}, bib=bib), tmp_path / "out")
    titles = [i["title"] for i in json.loads((site / "refs.json").read_text(encoding="utf-8"))]
    assert titles == ["A Known [unconfirmed] Source"], titles


# ------------------------------------------------------------------ 6. configured paths inside the project
def test_bibliography_outside_the_project_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "refs.bib"
    shutil.copy(project / "refs.bib", outside)
    with pytest.raises(DataError) as err:
        load_edition(outside, [(project / SEED, project / CLAIMS)], project / "glossary", root=project)
    expect(str(err.value), outside, None, "is outside the project folder", "copy it into the project")


def test_glossary_linked_from_inside_to_outside_is_refused(project, tmp_path_factory):
    real = tmp_path_factory.mktemp("elsewhere") / "glossary"
    shutil.move(project / "glossary", real)
    (project / "glossary").symlink_to(real)
    with pytest.raises(DataError) as err:
        load_edition(project / "refs.bib", [(project / SEED, project / CLAIMS)], project / "glossary", root=project)
    expect(str(err.value), project / "glossary", None, f"leads to {real}, which is outside the project folder")


@pytest.mark.build
def test_a_system_file_as_bibliography_stops_the_build_naming_it(tmp_path, caplog):
    from conftest import build_site
    from mkdocs.exceptions import Abort, PluginError
    config = make_site(tmp_path, {"index.md": "# Home\n"}, bibliography="/etc/hostname")
    with pytest.raises((PluginError, Abort)) as err:
        build_site(config, tmp_path / "out")
    text = str(err.value) + caplog.text
    assert "/etc/hostname: is outside the project folder" in text and "copy it into the project" in text, text
    assert "Traceback" not in text and "meta.yml" not in text, text


# ------------------------------------------------------------------ 7. keys that are page ids
@pytest.mark.parametrize("key", ["cite-this-page", "cite-p1", "about", "p7-c2", "group-un", "fact-1"])
def test_bib_key_that_is_a_page_id_is_refused(project, key):
    line = edit(project / "refs.bib", "@misc{theasialive-2023,", f"@misc{{{key},")
    expect(error(project), project / "refs.bib", line, f"key '{key}' is also an id the site's pages use",
           "rename it")


@pytest.mark.build
def test_every_id_of_the_bibliography_page_is_reserved(site):
    """Every id on the bibliography page that is not an entry's is refused as a key, so no key
    can duplicate it; a template that adds an id must add it to bibread.RESERVED_IDS."""
    doc = BeautifulSoup((site / "bibliography" / "index.html").read_text(encoding="utf-8"), "lxml")
    entries = {div["id"] for div in doc.select("div.bib-entry[id]")}
    others = {el["id"] for el in doc.select("[id]")} - entries
    free = sorted(i for i in others if re.fullmatch(r"[a-z0-9-]+", i) and not RESERVED_IDS.fullmatch(i))
    assert entries and not free, f"ids a refs.bib key could take (add them to bibread.RESERVED_IDS): {free}"


# ------------------------------------------------------------------ 8. invisible and control characters
def test_right_to_left_override_in_a_glossary_name(project):
    path = project / "glossary" / "kabul.yml"
    line = edit(path, "name: Kabul", 'name: "Ka\\u202Ebul"')
    expect(error(project), path, line, "name: holds U+202E RIGHT-TO-LEFT OVERRIDE", "(delete it)")


def test_zero_width_space_in_an_alias(project):
    path = project / "glossary" / "kabul.yml"
    line = edit(path, "- Kabul City", '- "Kabul\\u200BCity"')
    expect(error(project), path, line, "aliases.1: holds U+200B ZERO WIDTH SPACE", "delete it")


def test_joiner_allowed_in_prose_not_in_a_name(project):
    path = project / "glossary" / "kabul.yml"
    edit(path, "definition: The capital", 'definition: "Persian \\u06A9\\u200C\\u0627 \\u200F The capital')
    edit(path, "around it.", 'around it."')
    assert "kabul" in load(project).glossary.entries
    line = edit(path, "name: Kabul", 'name: "Ka\\u200Cbul"')
    expect(error(project), path, line, "name: holds U+200C ZERO WIDTH NON-JOINER", "allowed in prose only")


def test_escaped_nul_in_meta_publisher(project):
    line = edit(project / META, "  publisher: The Asia Live", '  publisher: "The Asia\\0Live"')
    expect(error(project), project / META, line, "this_text.publisher: holds U+0000", "delete it")


def test_bidi_isolate_in_a_refs_bib_title(project):
    key = "theasialive-2023"
    edit(project / "refs.bib", "title        = {What is the", "title        = {What\u2067 is the")
    expect(error(project), project / "refs.bib", entry_line(project, key),
           f"entry '{key}': title: holds U+2067 RIGHT-TO-LEFT ISOLATE", "delete it")


def test_bidi_override_in_the_seed_headline_is_named_with_its_line(project):
    """The hash would stop the build too, but the character check says what is wrong."""
    edit_bytes(project / SEED, b"What is", "What\u202e is".encode())
    expect(error(project), project / SEED, 1, "the headline holds U+202E")


@pytest.mark.parametrize("settings, field", [
    ({"authors": [{"name": "Edi\x00tors"}]}, "citation.authors.0.name: holds U+0000"),
    ({"authors": [{"name": "Editors"}], "publisher": "Pub\u202elisher"}, "citation.publisher: holds U+202E"),
])
def test_control_characters_in_the_plugins_citation_settings(tmp_path, settings, field):
    from reference_edition.data.pagemeta import load_settings
    with pytest.raises(DataError) as err:
        load_settings(settings, tmp_path / "mkdocs.yml", {"site_name": "Fixture"})
    expect(str(err.value), tmp_path / "mkdocs.yml", None, field, "delete it")


# ------------------------------------------------------------------ 9. size limits
def test_field_longer_than_the_limit(project):
    path = project / "glossary" / "kabul.yml"
    line = edit(path, "definition: The capital", "definition: " + "x" * (limits.FIELD_CHARS + 1) + " The capital")
    expect(error(project), path, line, "definition: should have at most 10000 characters", "data/limits.py")


def test_refs_bib_field_longer_than_the_limit(project):
    key = "theasialive-2023"
    edit(project / "refs.bib", "annote       = {The text this edition", "annote       = {" + "x " * limits.FIELD_CHARS)
    expect(error(project), project / "refs.bib", entry_line(project, key),
           f"entry '{key}': annote: is longer than 10,000 characters", "shorten it")


def test_file_larger_than_the_limit(project, monkeypatch):
    monkeypatch.setattr(limits, "YAML_FILE_BYTES", 10_000)   # above meta.yml and every glossary file
    expect(error(project), project / CLAIMS, None, "larger than the limit of 10,000 bytes", "data/limits.py")


def test_too_many_claims(project, monkeypatch):
    monkeypatch.setattr(limits, "CLAIMS_PER_ARTICLE", 10)
    expect(error(project), project / CLAIMS, "*", "claims; the limit is 10", "split the article")


def test_too_many_refs_bib_entries(project, monkeypatch):
    monkeypatch.setattr(limits, "BIB_ENTRIES", 20)
    expect(error(project), project / "refs.bib", "*", "more than 20 entries", "data/limits.py")


def test_too_many_glossary_entries(project, monkeypatch):
    monkeypatch.setattr(limits, "GLOSSARY_ENTRIES", 5)
    expect(error(project), project / "glossary", None, "glossary entries; the limit is 5", "data/limits.py")


def test_too_many_aliases(project, monkeypatch):
    monkeypatch.setattr(limits, "ALIASES", 20)
    expect(error(project), project / "glossary", None, "names and aliases in all; the limit is 20", "data/limits.py")


def test_too_many_aliases_in_one_entry(project):
    path = project / "glossary" / "kabul.yml"
    many = "".join(f"- Kabulname{n}\n" for n in range(limits.ALIASES_PER_ENTRY + 1))
    line = edit(path, "aliases:\n", "aliases:\n" + many) + 1
    expect(error(project), path, line, "aliases: should have at most 100 items", "data/limits.py")


# ------------------------------------------------------------------ 10. cache that cannot be written
def test_unwritable_cache_is_one_warning_and_the_same_result(project, monkeypatch, caplog):
    blocker = project / "not-a-folder"
    blocker.write_text("a file where the cache folder would be\n", encoding="utf-8")
    monkeypatch.setenv("REFERENCE_EDITION_CACHE", str(blocker))
    with caplog.at_level(logging.WARNING, logger="reference_edition"):
        refs = load_bibliography(project / "refs.bib")
    warnings = [r for r in caplog.records if r.name == "reference_edition"]
    assert len(warnings) == 1 and "without the cache" in warnings[0].getMessage(), caplog.text
    monkeypatch.setenv("REFERENCE_EDITION_CACHE", "off")
    uncached = _FormatCache(None)
    assert uncached.file is None and refs["theasialive-2023"].html, "references are formatted without a cache"


# ------------------------------------------------------------------ 11. the build gives the data layer's message
def _glossary_link(p):
    (p / "glossary" / "loop.yml").symlink_to(p / "glossary" / "loop.yml")
    return p / "glossary" / "loop.yml", "is a symbolic link"


def _seed_bom(p):
    (p / SEED).write_bytes(b"\xef\xbb\xbf" + (p / SEED).read_bytes())
    return p / SEED, "byte-order mark"


def _paren_entry(p):
    with open(p / "refs.bib", "a", encoding="utf-8") as f:
        f.write("\n@misc(Bad_Key,\n  title = {T},\n  kind = {research},\n  annote = {A.},\n)\n")
    return p / "refs.bib", "breaks the key convention"


@pytest.mark.build
@pytest.mark.parametrize("case", [_glossary_link, _seed_bom, _paren_entry], ids=lambda f: f.__name__[1:])
def test_make_check_and_the_build_report_the_same_line(case, tmp_path, caplog):
    import subprocess
    import sys
    from conftest import build_site
    from conftest import copy_project
    copy_project(tmp_path)
    path, words = case(tmp_path)
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_data.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith(str(path)) and words in ln), None)
    assert proc.returncode == 1 and line and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    with pytest.raises(Exception) as err:
        build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert line in str(err.value) + caplog.text, f"the build did not report {line!r}:\n{err.value}"


@pytest.mark.build
def test_build_stops_with_the_data_layer_message_and_no_traceback(tmp_path, caplog):
    from conftest import build_site
    from mkdocs.exceptions import Abort, PluginError
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "loop.yml").symlink_to(glossary / "loop.yml")
    config = make_site(tmp_path, {"index.md": "# Home\n"}, glossary="glossary")
    with pytest.raises((PluginError, Abort)) as err:
        build_site(config, tmp_path / "out")
    text = str(err.value) + caplog.text
    assert f"{glossary / 'loop.yml'}: is a symbolic link" in text and "put the file itself here" in text, text
    assert "Traceback" not in text, text


def test_fixture_sites_bib_still_loads(tmp_path):
    """The minimal fixture bibliography (tests/sites.py) passes every new check."""
    (tmp_path / "refs.bib").write_text(textwrap.dedent("""\
        @misc(known-2020,
          title = {A Known Source},
          year = {2020},
          month = {2},
          day = {29},
          kind = {research},
          annote = {A leap-day fixture entry.},
        )
        """), encoding="utf-8")
    assert load_bibliography(tmp_path / "refs.bib")["known-2020"].csl["issued"] == {"date-parts": [[2020, 2, 29]]}
