"""Dates in mkdocs.yml (issue 21): an impossible `citation.first_published` is an error naming
mkdocs.yml, its line, the option and what to do, never a traceback. Quoted, the date reaches the
plugin as text and data/pagemeta.load_settings checks it; unquoted, PyYAML raises inside MkDocs'
config loader before any plugin runs (a traceback the build cannot prevent), so `make check`
checks mkdocs.yml's dates itself before MkDocs reads the file. Fast tier: no site is built."""
import datetime as dt
import importlib.util
import textwrap
from types import SimpleNamespace

import pytest
import yaml

from reference_edition.data import mkdocs_yml
from reference_edition.data.errors import DataError
from reference_edition.data.pagemeta import load_settings
from reference_edition.features import serve_errors
from conftest import ROOT

SITE = {"site_name": "S", "site_url": "https://example.org/", "repo_url": "", "language": "en"}
CONFIG = """\
site_name: S
plugins:
  - search
  - reference-edition:
      bibliography: refs.bib
      citation:
        authors:
          - name: Editors
        first_published: {date}
        version_url: !ENV [VERSION_URL, "{{site_url}}v/{{version}}/{{page}}"]
"""
DATE_LINE = 9


def config(tmp_path, date):
    path = tmp_path / "mkdocs.yml"
    path.write_text(CONFIG.format(date=date), encoding="utf-8")
    return path


def settings(tmp_path, date):
    path = config(tmp_path, date)
    return load_settings({"authors": [{"name": "Editors"}], "first_published": yaml.safe_load(date)}, path, SITE)


@pytest.mark.parametrize("date, problem", [('"2026-02-30"', "not a calendar date (day is out of range for month)"),
                                           ("'2026-13-01'", "not a calendar date (month must be in 1..12)"),
                                           ('"1 December 2026"', "not a date as YYYY-MM-DD"),
                                           ('"20261201"', "not a date as YYYY-MM-DD")])
def test_a_quoted_impossible_date_names_the_file_line_and_option(tmp_path, date, problem):
    with pytest.raises(DataError) as err:
        settings(tmp_path, date)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'mkdocs.yml'}:{DATE_LINE}: reference-edition: citation.first_published is "
                              f"{yaml.safe_load(date)!r}, {problem}"), message
    assert 'write a date that exists, as "YYYY-MM-DD"' in message, f"the error should say what to do: {message}"


@pytest.mark.parametrize("date", ['"2026-12-01"', "2026-12-01"])
def test_a_real_date_quoted_or_not_is_read_as_a_date(tmp_path, date):
    assert settings(tmp_path, date).first_published == dt.date(2026, 12, 1)


def test_other_citation_errors_name_their_line_too(tmp_path):
    path = config(tmp_path, "null")
    with pytest.raises(DataError) as err:
        load_settings({"authors": [{"name": "Editors"}], "version_url": "javascript:alert(1)"}, path, SITE)
    assert str(err.value).startswith(f"{path}:10: reference-edition: citation.version_url"), str(err.value)
    with pytest.raises(DataError) as err:
        load_settings({"authors": ["Editors"]}, path, SITE)
    assert str(err.value).startswith(f"{path}:8: reference-edition: citation.authors: cannot read"), str(err.value)


def test_an_unquoted_impossible_date_is_named_before_mkdocs_reads_the_file(tmp_path):
    path = config(tmp_path, "2026-02-30")
    with pytest.raises(ValueError, match="day is out of range"):   # what MkDocs' own reader does: a traceback
        from mkdocs.utils import yaml_load
        yaml_load(path.read_text(encoding="utf-8"))
    with pytest.raises(DataError) as err:
        mkdocs_yml.check_dates(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{DATE_LINE}: plugins.1.reference-edition.citation.first_published: "
                              "'2026-02-30' is not a calendar date"), message


def test_a_file_mkdocs_reads_is_not_refused_by_the_date_check(tmp_path):
    """A byte-order mark or a symbolic link: MkDocs reads such a mkdocs.yml, so `make check`
    must not stop on it where the build would not."""
    path = config(tmp_path, "2026-02-28")
    bom = tmp_path / "bom.yml"
    bom.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    link = tmp_path / "link.yml"
    link.symlink_to(path)
    for each in (bom, link):
        assert mkdocs_yml.check_dates(each) is None, f"check_dates refused {each.name}, which MkDocs reads"


def test_make_check_reports_the_unquoted_date_instead_of_a_traceback(tmp_path):
    spec = importlib.util.spec_from_file_location("check_data", ROOT / "scripts" / "check_data.py")
    check_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_data)
    config(tmp_path, "2026-02-30")
    problems = check_data.problems_in(tmp_path)
    assert len(problems) == 1 and f"mkdocs.yml:{DATE_LINE}:" in problems[0] and "first_published" in problems[0], problems


def test_the_projects_own_date_is_quoted_so_an_edit_stays_checkable():
    line = mkdocs_yml.option_line(ROOT / "mkdocs.yml", "reference-edition", ("citation", "first_published"))
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert line and textwrap.dedent(text).startswith('first_published: "'), \
        f"mkdocs.yml:{line}: write first_published quoted, as \"YYYY-MM-DD\": {text.strip()}"


class _Server:
    """What serve_errors.on_serve uses of MkDocs' dev server; its rebuild re-reads mkdocs.yml."""

    def __init__(self, path):
        from mkdocs.config import load_config
        self.builder = lambda config=None: load_config(str(path))

    def get_app(self):
        return None

    def set_app(self, app):
        self.app = app

    def _inject_js_into_html(self, content, epoch):
        return content


def test_serve_names_a_date_saved_unquoted_into_mkdocs_yml(tmp_path):
    """`mkdocs serve`: the rebuild after the edit fails in PyYAML; the error page names the line."""
    path = config(tmp_path, "2026-02-30")
    plugin = SimpleNamespace(serving=serve_errors.State(), mkdocs_config=SimpleNamespace(config_file_path=str(path)))
    server = serve_errors.on_serve(plugin, _Server(path))
    server.builder()
    assert len(plugin.serving.errors) == 1 and plugin.serving.errors[0].startswith(f"{path}:{DATE_LINE}: "), \
        f"the serve error page should name mkdocs.yml's line, not a bare ValueError: {plugin.serving.errors}"
