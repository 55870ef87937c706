"""`make check` (scripts/check_data.py) is the build's own loading without the pages: the plugin's
events in the build's order, the options read by MkDocs' config loader. It reports what the
build stops with, in the same words, on the inputs where a second copy of the loading disagreed."""
import importlib.util
import logging
import textwrap

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import ROOT, build_site
from sites import MINI_BIB, make_site

_spec = importlib.util.spec_from_file_location("check_data", ROOT / "scripts" / "check_data.py")
check_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_data)

CODE_ONLY = "# Home\n\nWrite `[@known-2020]` to cite.\n\n```\n[@known-2020]\n```\n"


def check(config):
    return check_data.problems_in(config.parent)


def build_error(config, caplog):
    caplog.set_level(logging.WARNING)
    with pytest.raises((Abort, PluginError)) as err:
        build_site(config, config.parent / "site")
    return str(err.value) + "\n" + caplog.text


def test_a_key_cited_only_in_code_is_cited_nowhere(tmp_path):
    problems = check(make_site(tmp_path, {"index.md": CODE_ONLY}))
    assert len(problems) == 1 and "cited nowhere" in problems[0] and "known-2020" in problems[0], problems


def test_a_project_without_a_glossary_checks_clean(tmp_path):
    """The plugin's `glossary` option is optional; the fixture site has none (nor articles)."""
    config = make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@known-2020]\n"})
    assert "glossary" not in config.read_text()
    assert check(config) == []


def test_a_check_leaves_no_partial_site(tmp_path):
    """The check dispatches the build's first events, not its last: it ends the build as one
    that stopped does (features/atomic_site_dir.py)."""
    config = make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@known-2020]\n"})
    assert check(config) == []
    left = sorted(p.name for p in tmp_path.glob("*.partial-*"))
    assert not left, f"the check left a partial site folder: {left}"


def _misspelt_option(tmp_path):
    config = make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@known-2020]\n"})
    config.write_text(config.read_text().replace("bibliography: refs.bib", "bibliograpy: refs.bib"))
    return config


BAD = {
    "cited-only-in-code": lambda p: make_site(p, {"index.md": CODE_ONLY}),
    "unknown-key-on-a-page": lambda p: make_site(p, {"index.md": "# Home\n\nA claim.[@known-2020]\n",
                                                     "notes.md": "See [@no-such-key].\n"}),
    "entry-cited-nowhere": lambda p: make_site(p, {"index.md": "# Home\n\nA claim.[@known-2020]\n"},
                                               bib=MINI_BIB + "@misc{orphan-2021, title={Never}, kind={news}, annote={x}}\n"),
    "bib-syntax-error": lambda p: make_site(p, {"index.md": "# Home\n\nA claim.[@known-2020]\n"},
                                            bib=MINI_BIB + textwrap.dedent("""\
                                                @misc{bad-one,
                                                  title = {Unclosed,
                                                  kind = {news}
                                                """)),
    "misspelt-plugin-option": _misspelt_option,
}


@pytest.mark.build
@pytest.mark.parametrize("project", BAD.values(), ids=BAD.keys())
def test_check_and_build_stop_with_the_same_message(tmp_path, caplog, project):
    config = project(tmp_path)
    problems = check(config)
    assert problems, "make check found nothing wrong"
    built = build_error(config, caplog)
    for problem in problems:
        assert problem in built, f"make check says:\n{problem}\nthe build says:\n{built}"
