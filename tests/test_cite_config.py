"""Citation settings, CITATION.cff and the deploy workflow: what a maintainer edits."""
import datetime as dt
import re

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from conftest import ROOT
from reference_edition.data.errors import DataError
from reference_edition.data.pagemeta import Settings, Version, git_version, load_settings, version_url


def mkdocs_config():
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        return yaml_load(f)


def configured_citation():
    plugins = mkdocs_config()["plugins"]
    return next(p["reference-edition"] for p in plugins if isinstance(p, dict) and "reference-edition" in p)["citation"]


def settings_from(citation):
    return load_settings(citation, ROOT / "mkdocs.yml",
                         {"site_name": "S", "site_url": "https://example.org/", "repo_url": "", "language": "en"})


def test_citation_cff_is_complete_and_names_the_configured_authors():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "title", "type", "authors", "message"):
        assert cff.get(key), key
    assert cff["type"] in ("software", "dataset") and cff["title"] == mkdocs_config()["site_name"]
    configured = [a.get("name") or a["family"] for a in configured_citation()["authors"]]
    assert [a.get("name") or a["family-names"] for a in cff["authors"]] == configured


def test_deploy_workflow_tests_first_and_takes_site_url_from_repository_variables():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    job = flow["jobs"]["deploy"]
    assert job["env"]["SITE_URL"] == "${{ vars.SITE_URL }}"
    runs = [s.get("run", "") for s in job["steps"]]
    test_at = next(i for i, r in enumerate(runs) if "make test" in r)
    # `make pdf` is the strict build (its prerequisite `build`) and then the print of the PDF
    build_at = next((i for i, r in enumerate(runs) if "mkdocs build --strict" in r or "make pdf" in r), None)
    assert build_at is not None, f"no step of deploy.yml builds the site strictly: {runs}"
    assert re.search(r"^pdf:.*\bbuild\b", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M), \
        "the Makefile's pdf target must depend on the strict build"
    assert test_at < build_at and "gh-pages" in runs[-1] and "v/$version" in runs[-1]


def test_unknown_setting_and_bad_author_are_errors_naming_the_key():
    with pytest.raises(DataError, match=r"reference-edition: citation has unknown key\(s\): editor"):
        settings_from({"authors": [{"name": "X"}], "editor": "Y"})
    with pytest.raises(DataError, match=r"reference-edition: citation\.authors"):
        settings_from({"authors": ["Jane Doe"]})
    with pytest.raises(DataError, match="first_published"):
        settings_from({"authors": [{"name": "X"}], "first_published": "soon"})


def test_people_and_groups_as_authors():
    s = settings_from({"authors": [{"family": "Doe", "given": "Jane"}, {"name": "Editors"}],
                       "first_published": dt.date(2026, 1, 2)})
    assert s.authors == ({"family": "Doe", "given": "Jane"}, {"literal": "Editors"})
    assert s.first_published == dt.date(2026, 1, 2) and s.publisher == "S"


def test_permanent_address_is_absent_rather_than_wrong(tmp_path):
    assert git_version(tmp_path) == Version("unversioned", "", None, False)
    base = settings_from({"authors": [{"name": "X"}], "version_url": "{repo_url}/tree/{commit}"})
    assert base.version.commit  # the project is a git checkout
    assert version_url(base) is None  # REPO_URL unset: no half-made address
    with_repo = Settings(**{**base.__dict__, "repo_url": "https://git.example.org/r"})
    assert version_url(with_repo) == f"https://git.example.org/r/tree/{base.version.commit}"
    unversioned = Settings(**{**base.__dict__, "version": git_version(tmp_path)})
    assert version_url(unversioned) is None


@pytest.mark.parametrize("field, value", [
    ("authors", {"name": "X"}), ("publisher", 12), ("first_published", "soon"), ("license", ["CC-BY-4.0"]),
    ("doi", 10.5281), ("version_url", True)])
def test_a_value_of_the_wrong_type_is_named_with_its_field(field, value):
    """data/pagemeta.load_settings is the option's one check (options.py passes it on as written)."""
    with pytest.raises(DataError) as err:
        settings_from({"authors": [{"name": "X"}], field: value})
    message = str(err.value)
    assert f"reference-edition: citation.{field} is {value!r}" in message and "write " in message, message


def test_an_author_that_is_not_text_is_refused():
    with pytest.raises(DataError, match=r"citation\.authors: cannot read \{'name': 12\}"):
        settings_from({"authors": [{"name": 12}]})


@pytest.mark.build
def test_a_misspelt_citation_key_gives_one_message_naming_it(tmp_path, caplog):
    """MkDocs passes `citation` on unchecked, so the build says it once, in the data layer's words."""
    from mkdocs.exceptions import Abort, PluginError

    from conftest import build_site
    from sites import edition_options, make_site
    config = make_site(tmp_path, {"index.md": "# Home\n"})
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    edition_options(settings)["citation"] = {"autors": [{"name": "Fixture editors"}]}
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    caplog.set_level("WARNING")
    with pytest.raises((Abort, PluginError)) as err:
        build_site(config, tmp_path / "site")
    said = [str(err.value)] + [r.getMessage() for r in caplog.records]
    naming = [s for s in said if "autors" in s]
    assert len(naming) == 1, f"the typo is reported {len(naming)} times: {naming}"
    assert "reference-edition: citation has unknown key(s): autors" in naming[0] and "allowed: authors" in naming[0], naming
