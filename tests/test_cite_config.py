"""Citation settings, CITATION.cff and the deploy workflow: what a maintainer edits."""
import datetime as dt

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
    build_at = next(i for i, r in enumerate(runs) if "mkdocs build --strict" in r)
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
