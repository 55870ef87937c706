"""Fixed editions (issue 21.4): a manifest per edition (editions/<tag>.yml, data/editions.py,
written by scripts/release_edition.py), the Editions page with what changed between editions and
since the last, and the check that every paragraph and claim anchor of an edition still exists.

Fast tier: the data layer on a copy of the project's data, with editions recorded and the data
then changed. Build tier: the real site's page, a fixture build whose page shows a changed
verdict, a removed bibliography entry and a new glossary entry, and a build that stops because
a claim anchor of an edition is gone."""
import datetime as dt
import importlib.util
import logging
import re
import sys

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort, PluginError

from conftest import ROOT, build_site, copy_data, copy_project
from reference_edition.data import editions
from reference_edition.data.errors import DataError
from reference_edition.data.model import load_edition

sys.path.insert(0, str(ROOT / "scripts"))
import release_edition  # noqa: E402

SLUG = "taliban-plan-to-rebuild-al-qaeda"
SEED, CLAIMS = f"seeds/{SLUG}.txt", f"seeds/{SLUG}.claims.yml"
FIRST = dt.date(2026, 12, 1)
ENTRY = """
@misc{fixture-2020-old,
  author = {{Example Organization}},
  title = {A Source Later Removed},
  howpublished = {Example Publisher},
  year = {2020},
  url = {https://example.org/old},
  urldate = {2024-01-01},
  kind = {research},
  annote = {A fixture entry.},
}
"""
# libyaml's loader and dumper where PyYAML has them, as the data layer (data/yamlfile.py): the
# claims file is read and written again in most tests here.
LOADER, DUMPER = getattr(yaml, "CSafeLoader", yaml.SafeLoader), getattr(yaml, "CSafeDumper", yaml.SafeDumper)
TERM = {"name": "Zzyzx Fixture Term", "kind": "term", "definition": "A glossary entry added after the edition.",
        "unknown": "Everything: it is a fixture."}


@pytest.fixture(scope="module")
def _copy_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("editions") / "project"


@pytest.fixture
def project(_copy_dir):
    """The project's data without its editions, at one path for every test of the module and
    put back before each (conftest.copy_data): a test loads again only the files it edits."""
    copy_data(_copy_dir, ("refs.bib", "seeds", "glossary", "refs-corrections.yml"))
    (_copy_dir / "editions").mkdir()   # removed again by the next test's copy_data
    return _copy_dir


def load(p):
    return load_edition(p / "refs.bib", [(p / SEED, p / CLAIMS)], p / "glossary", p / "refs-corrections.yml")


def release(p, tag, date):
    """An edition of the copy as it is now, as `make release` records it."""
    path = p / "editions" / f"{tag}.yml"
    path.write_text(editions.dump(editions.state(load(p), tag, date)), encoding="utf-8")
    return path


def loaded(p):
    return editions.load_editions(p / "editions")


def edit_claims(p, change):
    """Rewrite the copy's claims file after change(records)."""
    path = p / CLAIMS
    records = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    change(records)
    path.write_text(yaml.dump(records, Dumper=DUMPER, sort_keys=False, allow_unicode=True), encoding="utf-8")


def claim(records, id):
    return next(r for r in records if r["id"] == id)


def correct(p, id, to, date, why="A fixture correction."):
    """Change a claim's verdict with a corrections record, as the house rule asks."""
    def change(records):
        r = claim(records, id)
        r.setdefault("corrections", []).append({"date": date, "from": r["verdict"], "to": to, "why": why})
        r["verdict"] = to
    edit_claims(p, change)


def check_error(p) -> str:
    with pytest.raises(DataError) as err:
        editions.check(loaded(p), load(p))
    return str(err.value)


def line_of(path, text):
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# ------------------------------------------------------------------ the project's own editions

def test_the_first_edition_is_recorded_no_earlier_than_the_first_publication():
    from mkdocs.config import load_config
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    options = config.plugins["reference-edition"].config
    found = editions.load_editions(ROOT / "editions")
    assert [m.manifest.edition for m in found][:1] == ["edition-2026-12"], "the first edition is not edition-2026-12"
    # an edition's date is the day it was recorded (make release), never earlier than the site's first publication
    assert found[0].manifest.date >= dt.date.fromisoformat(options.citation["first_published"]) == FIRST, \
        f"the first edition is dated {found[0].manifest.date}, before citation.first_published (2026-12-01)"
    assert options.editions and (ROOT / "editions").samefile(options.editions), "mkdocs.yml does not read editions/"


def test_the_project_passes_its_editions_check():
    editions.check(editions.load_editions(ROOT / "editions"), load(ROOT))


# ------------------------------------------------------------------ what changed

def test_a_changed_verdict_a_removed_entry_and_a_new_term_are_what_changed(project):
    with open(project / "refs.bib", "a", encoding="utf-8") as f:
        f.write(ENTRY)
    release(project, "edition-2026-12", FIRST)
    correct(project, "p1-c1", "partly-supported", dt.date(2026, 12, 20))
    text = (project / "refs.bib").read_text(encoding="utf-8")
    (project / "refs.bib").write_text(text.replace(ENTRY, ""), encoding="utf-8")
    (project / "glossary" / "zzyzx-fixture-term.yml").write_text(yaml.safe_dump(TERM), encoding="utf-8")

    edition = load(project)
    editions.check(loaded(project), edition)
    [since] = editions.history(loaded(project), edition)
    assert since.older.edition == "edition-2026-12" and since.newer.edition is None
    assert [(c.id, [(r.from_, r.to, r.date) for r in c.corrections]) for c in since.verdicts] == [
        ("p1-c1", [("supported", "partly-supported", dt.date(2026, 12, 20))])], "the verdict change is not listed"
    assert [(c.id, c.what) for c in since.claims] == [("p1-c1", ())], "a claim's text is listed as changed"
    assert [(e.key, e.status) for e in since.bibliography] == [("fixture-2020-old", "removed")]
    assert [(e.key, e.status) for e in since.glossary] == [("zzyzx-fixture-term", "added")]


def test_nothing_changed_is_no_change(project):
    release(project, "edition-2026-12", FIRST)
    [since] = editions.history(loaded(project), load(project))
    assert not since, f"changes found in unchanged data: {since}"


def test_each_edition_lists_its_own_changes_and_the_fields_that_changed(project):
    release(project, "edition-2026-12", FIRST)
    correct(project, "p2-c2", "not-found", dt.date(2027, 1, 10))
    release(project, "edition-2027-01", dt.date(2027, 1, 15))
    text = (project / "glossary" / "farah.yml").read_text(encoding="utf-8")
    (project / "glossary" / "farah.yml").write_text(text.replace("A province in western", "A province of western"),
                                                     encoding="utf-8")
    edit_claims(project, lambda records: claim(records, "p1-c1").update(note="A revised note."))
    first, since = editions.history(loaded(project), load(project))
    assert first.newer.edition == "edition-2027-01"
    assert [c.id for c in first.verdicts] == ["p2-c2"] and not first.glossary
    assert not since.verdicts, "a change of verdict of an earlier edition is listed again since the last"
    assert [(c.id, c.what) for c in since.claims] == [("p1-c1", ("note",))]
    assert [(e.key, e.status, e.fields) for e in since.glossary] == [("farah", "changed", (("definition", "changed"),))]


# ------------------------------------------------------------------ the checks

def test_a_removed_claim_anchor_names_the_manifest_line_and_what_to_do(project):
    path = release(project, "edition-2026-12", FIRST)
    edit_claims(project, lambda records: records.remove(claim(records, "p1-c2")))
    message = check_error(project)
    assert message.startswith(f"{path}:{line_of(path, '{id: p1-c2,')}: "), message
    assert "anchor #p1-c2" in message and "article.md" in message and "restore it" in message, message


def test_a_missing_paragraph_anchor_is_named(project):
    path = release(project, "edition-2026-12", FIRST)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("p11]", "p11, p12]", 1), encoding="utf-8")
    message = check_error(project)
    assert message.startswith(f"{path}:{line_of(path, 'paragraphs:')}: anchor #p12 of article.md"), message
    assert "11 paragraphs" in message, message


def test_a_verdict_changed_without_a_correction_is_refused(project):
    path = release(project, "edition-2026-12", FIRST)
    edit_claims(project, lambda records: claim(records, "p1-c1").update(verdict="opinion"))
    message = check_error(project)
    assert message.startswith(f"{path}:{line_of(path, '{id: p1-c1,')}: claim p1-c1: verdict 'supported'"), message
    assert "no correction between them records it" in message and "add a corrections record" in message, message


def test_a_removed_correction_is_refused(project):
    path = release(project, "edition-2026-12", FIRST)
    corrected = next(r for r in yaml.safe_load((project / CLAIMS).read_text(encoding="utf-8")) if r.get("corrections"))
    edit_claims(project, lambda records: claim(records, corrected["id"]).pop("corrections"))
    message = check_error(project)
    assert message.startswith(f"{path}:{line_of(path, '{id: ' + corrected['id'] + ',')}: claim {corrected['id']}"), message
    assert "only added to" in message, message


def test_a_removed_bibliographic_correction_is_refused(project):
    path = release(project, "edition-2026-12", FIRST)
    log = project / "refs-corrections.yml"
    records = yaml.safe_load(log.read_text(encoding="utf-8"))
    key = records[0]["key"]
    log.write_text(yaml.safe_dump([r for r in records if r["key"] != key], allow_unicode=True), encoding="utf-8")
    message = check_error(project)
    line = line_of(path, f"- key: {key}") + 2   # its `corrections:` line
    assert message.startswith(f"{path}:{line}: entry '{key}' had 1 correction(s)"), message
    assert "only added to" in message and "bibliography_corrections" in message, message


ALIAS = {"article": "article", "anchor": "p1-c2", "to": "p1", "why": "Claim 1.2 was withdrawn: a fixture."}


def write_aliases(p, *records):
    (p / "editions" / "aliases.yml").write_text(yaml.safe_dump(list(records), sort_keys=False), encoding="utf-8")


def test_an_alias_keeps_a_withdrawn_claims_anchor_and_the_claim_is_listed_as_removed(project):
    release(project, "edition-2026-12", FIRST)
    edit_claims(project, lambda records: records.remove(claim(records, "p1-c2")))
    write_aliases(project, ALIAS)
    edition, aliases = load(project), editions.load_aliases(project / "editions")
    editions.check(loaded(project), edition, aliases)
    [since] = editions.history(loaded(project), edition, aliases)
    [removed] = since.claims
    assert (removed.id, removed.number, removed.what, removed.alias.to_label) == ("p1-c2", "1.2", ("removed",), "¶ 1")
    assert editions.aliased_paragraphs(aliases, edition) == {"article.md": {1: ["p1-c2"]}}


@pytest.mark.parametrize("change, words", [
    ({"to": "p1-c9"}, ["to: #p1-c9 is not an anchor of article.md"]),
    ({"anchor": "p1-c1"}, ["anchor: #p1-c1 is an anchor of article.md already", "remove the alias"]),
    ({"article": "no-such-article"}, ["article: 'no-such-article' is not an article of the edition"]),
])
def test_a_wrong_alias_names_its_line(project, change, words):
    """The second record is wrong; the first (an edition's p1-c2, withdrawn) is right."""
    release(project, "edition-2026-12", FIRST)
    edit_claims(project, lambda records: records.remove(claim(records, "p1-c2")))
    write_aliases(project, ALIAS, ALIAS | {"anchor": "p1-c8"} | change)
    path = project / "editions" / "aliases.yml"
    message = check_error_with_aliases(project)
    assert message.startswith(f"{path}:5: "), f"not the second record's line: {message}"
    assert all(w in message for w in words), f"{words} not all in: {message}"


def test_a_malformed_alias_names_file_line_and_field(project):
    write_aliases(project, ALIAS | {"anchor": "claim-2"})
    path = project / "editions" / "aliases.yml"
    with pytest.raises(DataError) as err:
        editions.load_aliases(project / "editions")
    assert str(err.value).startswith(f"{path}:2: record 1: anchor: 'claim-2' is not a paragraph or claim anchor"), err.value


def check_error_with_aliases(p) -> str:
    with pytest.raises(DataError) as err:
        editions.check(loaded(p), load(p), editions.load_aliases(p / "editions"))
    return str(err.value)


@pytest.mark.parametrize("old, new, words", [
    ("edition: edition-2026-12", "edition: v1", ["edition:", "'v1' is not an edition tag like edition-2026-12"]),
    ("edition: edition-2026-12", "edition: edition-2026-11", ["edition: 'edition-2026-11' is not this file's name"]),
    ("verdict: supported", "verdict: true", ["verdict:"]),
    ("quote: ", "quote: x", ["quote:"]),
])
def test_a_bad_manifest_names_file_line_and_field(project, old, new, words):
    path = release(project, "edition-2026-12", FIRST)
    text = path.read_text(encoding="utf-8")
    line = line_of(path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        loaded(project)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert all(w in message for w in words), f"{words} not all in: {message}"


def test_editions_on_one_day_are_refused(project):
    release(project, "edition-2026-12", FIRST)
    later = release(project, "edition-2026-12-2", FIRST)
    with pytest.raises(DataError, match=rf"^{re.escape(str(later))}:\d+: date: 2026-12-01 is also the date"):
        loaded(project)


# ------------------------------------------------------------------ the release script and the pages

def _copy(tmp_path):
    project = copy_project(tmp_path / "project")
    for old in (project / "editions").glob("*.yml"):
        old.unlink()
    return project


@pytest.mark.build
def test_release_script_refuses_an_existing_edition_and_an_earlier_date(tmp_path):
    project = _copy(tmp_path)
    path = release_edition.release(project / "mkdocs.yml", "edition-2026-12", FIRST)
    assert path.name == "edition-2026-12.yml" and editions.load_editions(project / "editions")
    with pytest.raises(DataError, match="edition edition-2026-12 exists"):
        release_edition.release(project / "mkdocs.yml", "edition-2026-12", dt.date(2027, 1, 1))
    with pytest.raises(DataError, match="would be dated 2026-11-30"):
        release_edition.release(project / "mkdocs.yml", "edition-2027-01", dt.date(2026, 11, 30))
    assert sorted(p.name for p in (project / "editions").iterdir()) == ["edition-2026-12.yml"]


def test_load_editions_reads_the_manifests_as_they_are_now(project):
    """A manifest written, rewritten or removed is what the next load_editions returns, with no
    cache to clear (scripts/release_edition.py reads its new manifest back this way)."""
    assert loaded(project) == (), "an empty editions/ folder has no editions"
    first = release(project, "edition-2026-12", FIRST)
    assert [m.manifest.edition for m in loaded(project)] == ["edition-2026-12"], "a new manifest was not read"
    release(project, "edition-2027-01", dt.date(2027, 1, 15))
    assert [m.manifest.edition for m in loaded(project)] == ["edition-2026-12", "edition-2027-01"], \
        "a second manifest written after a load was not read"
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace(f"date: {FIRST}", "date: 2026-12-02"), encoding="utf-8")
    assert loaded(project)[0].manifest.date == dt.date(2026, 12, 2), "a rewritten manifest was read as it was"
    first.unlink()
    assert [m.manifest.edition for m in loaded(project)] == ["edition-2027-01"], "a removed manifest is still read"


def test_scripts_use_only_public_names_of_the_package():
    """A script reaches the package through its public names (no `module._private`): a private
    name may change with the module, and the tests would not say which script it breaks."""
    import ast
    package_modules, private = set(), []
    for script in sorted((ROOT / "scripts").glob("*.py")):
        tree = ast.parse(script.read_text(encoding="utf-8"))
        names = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and (node.module or "").startswith("reference_edition") for alias in node.names}
        names |= {(alias.asname or alias.name).split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                  for alias in node.names if alias.name.startswith("reference_edition")}
        package_modules |= names
        private += [f"{script.name}:{node.lineno}: {node.value.id}.{node.attr}" for node in ast.walk(tree)
                    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in names and node.attr.startswith("_") and not node.attr.startswith("__")]
    assert "editions" in package_modules, "scripts/release_edition.py no longer imports data.editions: update this test"
    assert not private, "scripts use private names of reference_edition (give the module a public way):\n" + \
        "\n".join(private)


@pytest.mark.build
def test_fixture_editions_page_shows_a_changed_verdict_a_removed_entry_and_a_new_term(tmp_path):
    project = _copy(tmp_path)
    second = ENTRY.replace("fixture-2020-old", "fixture-2020-older")   # two changes: two items, not one line
    with open(project / "refs.bib", "a", encoding="utf-8") as f:
        f.write(ENTRY + second)
    (project / "docs" / "old.md").write_text("# Old\n\nA source.[@fixture-2020-old][@fixture-2020-older]\n",
                                             encoding="utf-8")
    release_edition.release(project / "mkdocs.yml", "edition-2026-12", FIRST)
    correct(project, "p1-c1", "partly-supported", dt.date(2026, 12, 20), why="Fixture <b>reason</b>.")
    (project / "refs.bib").write_text((project / "refs.bib").read_text(encoding="utf-8").replace(ENTRY + second, ""),
                                      encoding="utf-8")
    (project / "docs" / "old.md").unlink()
    (project / "glossary" / "zzyzx-fixture-term.yml").write_text(yaml.safe_dump(TERM), encoding="utf-8")
    out = build_site(project / "mkdocs.yml", tmp_path / "out")
    doc = BeautifulSoup((out / "editions" / "index.html").read_text(encoding="utf-8"), "lxml")
    since = _section(doc, "current")
    verdicts = [" ".join(li.get_text(" ").split()) for li in _list_after(since, "current-verdicts")]
    assert verdicts == ["claim 1.1 : ● Supported → ◐ Partly supported (20 December 2026). Fixture <b>reason</b>."], verdicts
    link = _list_after(since, "current-verdicts")[0].select_one("a")
    assert link["href"] == "../article/#p1-c1", "the verdict change does not link to the claim"
    removed = [" ".join(li.get_text(" ").split()) for li in _list_after(since, "current-bibliography")]
    assert removed == ["fixture-2020-old : removed.", "fixture-2020-older : removed."], removed
    terms = _list_after(since, "current-glossary")
    assert [" ".join(li.get_text(" ").split()) for li in terms] == ["Zzyzx Fixture Term : added."]
    assert terms[0].select_one("a")["href"] == "../glossary/zzyzx-fixture-term/"
    assert not since.find_all(id="current-claims"), "unchanged claim texts are listed as changed"


def _section(doc, anchor):
    """The h2 with this id and what follows it up to the next h2."""
    h2 = doc.find("h2", id=anchor)
    assert h2 is not None, f"no section #{anchor} on the editions page"
    part = BeautifulSoup("<div></div>", "lxml").div
    for sibling in list(h2.find_next_siblings()):
        if sibling.name == "h2":
            break
        part.append(sibling.__copy__())
    part.insert(0, h2.__copy__())
    return part


def _list_after(section, anchor):
    h3 = section.find("h3", id=anchor)
    assert h3 is not None, f"no heading #{anchor} in the section"
    ul = h3.find_next_sibling("ul")
    assert ul is not None, f"no list under #{anchor}"
    return ul.find_all("li", recursive=False)


@pytest.mark.build
def test_a_removed_claim_anchor_stops_the_build_and_make_check_with_the_manifest_and_the_anchor(tmp_path, caplog):
    """The project's own first edition: its claim p1-c2 removed from the claims file."""
    project = copy_project(tmp_path / "project")
    edit_claims(project, lambda records: records.remove(claim(records, "p1-c2")))
    expected = re.compile(r"editions/edition-2026-12\.yml:\d+: anchor #p1-c2 of article\.md \(edition-2026-12\) "
                          r"is missing: no claim has the id p1-c2 \(restore it")
    problems = make_check(project)
    assert len(problems) == 1 and expected.search(problems[0]), f"make check reports: {problems}"
    caplog.set_level(logging.WARNING)
    with pytest.raises((Abort, PluginError)) as err:
        build_site(project / "mkdocs.yml", tmp_path / "out")
    text = str(err.value) + "\n" + caplog.text
    assert expected.search(text), text

    write_aliases(project, ALIAS)   # the message's other way out: the anchor kept, leading to ¶ 1
    out = build_site(project / "mkdocs.yml", tmp_path / "out")
    article = BeautifulSoup((out / "article" / "index.html").read_text(encoding="utf-8"), "lxml")
    alias = article.find(id="p1-c2")
    assert alias is not None and alias.name == "span" and alias.find_parent("p")["id"] == "p1", \
        "the withdrawn claim's anchor is not kept at the start of ¶ 1"
    assert article.select_one("#p1 .para-num") is not None and article.select("#p1 > *")[0] is alias
    page = BeautifulSoup((out / "editions" / "index.html").read_text(encoding="utf-8"), "lxml")
    [removed] = _list_after(_section(page, "current"), "current-claims")
    assert " ".join(removed.get_text(" ").split()) == \
        "claim 1.2 : removed; its anchor now leads to ¶ 1 . Claim 1.2 was withdrawn: a fixture.", removed
    assert [a["href"] for a in removed.select("a")] == ["../article/#p1-c2", "../article/#p1"]


def make_check(project):
    """What `make check` (scripts/check_data.py) reports for a project folder."""
    spec = importlib.util.spec_from_file_location("check_data", ROOT / "scripts" / "check_data.py")
    check_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_data)
    return check_data.problems_in(project)


def test_editions_page_lists_the_first_edition_with_its_address(reader):
    doc = reader.page("editions/")
    rows = [[" ".join(td.get_text(" ").split()) for td in tr.find_all("td")]
            for tr in doc.select(".editions-list tbody tr")]
    released = editions.load_editions(ROOT / "editions")[0].manifest.date   # as the manifest records it
    assert ["edition-2026-12", f"{released.day} {released:%B %Y}", "v/edition-2026-12/"] in rows, rows
    address = doc.select_one(".editions-list tbody tr td:nth-of-type(3) a")
    assert address is not None and address["href"].endswith("/v/edition-2026-12/"), "no link to v/edition-2026-12/"
    assert doc.find("h2", id="current") is not None and doc.find("h2", id="edition-2026-12") is not None


def test_editions_page_follows_the_method_page_in_the_navigation(reader):
    doc = reader.page("editions/")
    assert "The article" in doc.select_one(".md-tabs__item--active").get_text(), "the article's tab is not active"
    prev = doc.select_one("a.md-footer__link--prev")
    assert prev is not None and "Method and corrections" in prev.get_text(" ", strip=True), "previous page is not Method"


def test_make_release_writes_the_manifest_on_a_clean_tree_then_commits_and_tags():
    from test_makefile import index_of, make_n
    lines = make_n("release", "EDITION=edition-2027-01", "DATE=2027-01-15")
    clean = index_of(lines, "git status --porcelain")
    new_tag = index_of(lines, "git rev-parse", "refs/tags/edition-2027-01")
    write = index_of(lines, "scripts/release_edition.py", "'edition-2027-01'", "--date '2027-01-15'")
    commit, tag = index_of(lines, "git commit"), index_of(lines, "git tag -a 'edition-2027-01'")
    assert clean < write and new_tag < write < index_of(lines, "git add 'editions/edition-2027-01.yml'") < commit < tag, \
        "make release does not check, write, commit and tag in that order:\n" + "\n".join(lines)


def test_a_manifest_is_written_as_pyyamls_own_dumper_writes_it():
    """editions.dump takes libyaml's dumper where PyYAML has it: the text must not change with it."""
    manifest = editions.load_editions(ROOT / "editions")[0].manifest
    data = manifest.model_dump(mode="python")
    pure = editions.HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10 ** 6,
                                            default_flow_style=None)
    assert editions.dump(manifest) == pure, "libyaml's dumper writes the manifest otherwise than PyYAML's"
