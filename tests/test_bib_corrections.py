"""Corrections to bibliographic facts (refs-corrections.yml, data/bibcorrections.py): the real
file loads against refs.bib; a bad record is an error naming file:line, the field and the fix."""
import textwrap

import pytest

from conftest import ROOT
from reference_edition.data.bib import load_bibliography
from reference_edition.data.bibcorrections import load_bib_corrections
from reference_edition.data.errors import DataError

REFS = {"known-2020": object(), "other-2021": object()}   # only the keys are read

GOOD = textwrap.dedent("""\
    - date: 2026-12-06
      key: known-2020
      field: url
      from: https://example.org/amp
      to: https://example.org/
      why: The AMP variant is not the canonical address.
    - date: 2026-12-01
      key: other-2021
      field: entry
      to: merged into this entry
      why: >-
        A copy of the same report,
        on two lines.
    """)


def write(tmp_path, text):
    path = tmp_path / "refs-corrections.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_projects_corrections_load_against_its_bibliography():
    records = load_bib_corrections(ROOT / "refs-corrections.yml", load_bibliography(ROOT / "refs.bib"))
    assert records, "refs-corrections.yml records no correction"
    assert any(r.key == "wh-2011-obama-binladen" and r.field == "url" and "blogs.state.gov" in r.from_
               for r in records), "the removed blogs.state.gov address is not in the corrections log"
    assert "bdnews-2023-32nd" not in load_bibliography(ROOT / "refs.bib"), "the merged entry is still in refs.bib"


def test_a_good_file_gives_its_records_in_file_order(tmp_path):
    records = load_bib_corrections(write(tmp_path, GOOD), REFS)
    assert [(r.date.isoformat(), r.key, r.field, r.from_, r.to) for r in records] == [
        ("2026-12-06", "known-2020", "url", "https://example.org/amp", "https://example.org/"),
        ("2026-12-01", "other-2021", "entry", None, "merged into this entry")]
    assert records[1].why == "A copy of the same report, on two lines."


def test_an_empty_file_is_no_corrections(tmp_path):
    assert load_bib_corrections(write(tmp_path, "# nothing yet\n"), REFS) == ()


@pytest.mark.parametrize("old, new, message", [
    ("key: other-2021", "key: gone-1999", "refs-corrections.yml:8: record 2: key 'gone-1999' is not in refs.bib"),
    ("date: 2026-12-01", "date: '1 December 2026'", "refs-corrections.yml:7: record 2: date: should be a valid date"),
    ("field: entry", "field: Entry Field", "refs-corrections.yml:9: record 2: field: 'Entry Field' is not one lower-case word"),
    ("  why: The AMP", "  reason: The AMP", "refs-corrections.yml:6: record 1: reason: unknown field"),
    ("from: https://example.org/amp", "from: ''", "refs-corrections.yml:4: record 1: from:"),
])
def test_a_bad_record_names_file_line_and_field(tmp_path, old, new, message):
    assert GOOD.count(old) == 1
    with pytest.raises(DataError) as err:
        load_bib_corrections(write(tmp_path, GOOD.replace(old, new)), REFS)
    assert message in str(err.value), f"expected {message!r} in:\n{err.value}"


def test_a_missing_why_is_reported(tmp_path):
    with pytest.raises(DataError, match=r"refs-corrections.yml:1: record 1: why: missing"):
        load_bib_corrections(write(tmp_path, "- date: 2026-12-06\n  key: known-2020\n  field: url\n"), REFS)


def test_a_mapping_instead_of_a_list_is_refused(tmp_path):
    with pytest.raises(DataError, match="refs-corrections.yml"):
        load_bib_corrections(write(tmp_path, "date: 2026-12-06\nkey: known-2020\n"), REFS)
