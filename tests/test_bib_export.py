"""The whole bibliography for reference managers (data/bibexport.py): site/refs.json (CSL-JSON)
and site/refs-biblatex.bib (biblatex), read back by pandoc, citation-js and biber --tool.

Every entry of refs.bib must come back with its type (family), title, authors (an organisation
as one undivided name), container, date as far as known, URL and document number, and with
the note that names what is unconfirmed. refs.json is the record each reader is compared
with; it holds refs.bib's items as the site formats them, except that a flagged value is
moved into the note (test_csl_json_is_the_sites_items).

Readers not installed are skipped with the reason, as in tests/test_cite_roundtrip.py (whose
citation-js install and runner are reused)."""
import json
import os
import re
import shutil

import pytest
from pybtex.database import parse_file, parse_string

from conftest import ROOT
from reference_edition.data import bibexport
from reference_edition.data.bib import load_bibliography
from reference_edition.data.unconfirmed_field import items as unconfirmed_items
from test_cite_roundtrip import citation_js, run  # noqa: F401  (citation_js is a fixture)

FAMILY = {"article-newspaper": "article", "article-magazine": "article", "article-journal": "article",
          "article": "article", "webpage": "web", "post-weblog": "web", "post": "web", "report": "report",
          "entry-encyclopedia": "entry", "entry-dictionary": "entry", "entry": "entry",
          "document": "document", "": "document"}   # pandoc reads @misc with no type
# Where each reader puts the container, by biblatex type (data/bibexport.py BIBLATEX): @online's
# organization, @misc's howpublished and @report's institution are read as the publisher.
AS_PUBLISHER = {"online", "misc", "report"}
# The family each reader gives a biblatex type. An item whose CSL type biblatex's data model does
# not allow with its fields is exported in another type (data/bibexport.py FALLBACK: an
# encyclopedia entry without an editor, a news article without an author, a web page without a
# URL or with a document number), and read back as that type: test_fallback_types_are_named
# lists them.
READ_AS = {"article": "article", "online": "web", "report": "report", "inreference": "entry", "misc": "document",
           "dataset": "dataset"}
# What a reader drops, by (reader, format, biblatex type): citation-js reads `number` only for
# reports (and patents, legislation): refs.json keeps it for every entry.
LOST = {("citation-js", "bib", "online"): {"number"}}
# Where a reader puts a field elsewhere: biblatex's `number` of an @article is the issue.
MOVED = {("pandoc", "article"): {"number": "issue"}, ("citation-js", "article"): {"number": "issue"}}
# An entry no copy dates has biblatex's unspecified year (date = {XXXX}, EDTF; data/bibexport.py
# UNKNOWN_DATE): biber and pandoc read it as no date; citation-js 0.7 reads it as the year 0.
UNDATED_AS_YEAR_0 = ("citation-js", "bib")


@pytest.fixture(scope="module")
def files(site):
    return {"json": site / "refs.json", "bib": site / "refs-biblatex.bib"}


@pytest.fixture(scope="module")
def record(files):
    """key -> the CSL-JSON item the site publishes (what every reader must give back)."""
    return {item["id"]: item for item in json.loads(files["json"].read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def refs():
    return load_bibliography(ROOT / "refs.bib")


def test_exports_hold_exactly_refs_bib_keys(files, record, refs):
    keys = list(parse_file(str(ROOT / "refs.bib"), "bibtex").entries)
    assert list(refs) == keys and len(keys) == 98
    assert list(record) == keys
    assert list(parse_file(str(files["bib"]), "bibtex").entries) == keys


def test_csl_json_is_the_sites_items(record, refs):
    """Each item is the site's (Reference.csl), with a note naming what is unconfirmed; a value
    left out of a field (flagged) is in that note, followed by "[unconfirmed]"."""
    left_out, unseen_addresses = 0, 0
    for key, ref in refs.items():
        item = dict(record[key])
        note = item.pop("note", "")
        assert bool(note) == bool(unconfirmed_items(ref)), key
        assert not note or note.startswith("Not confirmed: "), key
        for var, value in ref.csl.items():
            if item.get(var) == value:
                continue
            if var == "URL" and not ref.urldate:   # an address nobody has seen (data/robust_links.py)
                unseen_addresses += 1
            else:
                left_out += 1
            if var == "issued":   # a flagged day is left out; the date keeps its month
                kept = item[var]["date-parts"][0]
                assert kept == value["date-parts"][0][:len(kept)], key
                assert f"{bibexport.iso_date(value['date-parts'][0])} [unconfirmed]" in note, key
            else:
                assert isinstance(value, str) and f"{value} [unconfirmed]" in note, (key, var)
        # beyond the site's item: the day the address was seen (refs.bib urldate, data/robust_links.py)
        accessed = item.pop("accessed", None)
        assert accessed == ({"date-parts": [[ref.urldate.year, ref.urldate.month, ref.urldate.day]]}
                            if ref.urldate else None), key
        assert set(item) <= set(ref.csl), key
    assert 0 < left_out < 15   # a few flagged values, not whole fields dropped
    assert unseen_addresses == sum(1 for r in refs.values() if r.url and not r.urldate)


def test_bibliography_page_links_the_exports(reader):
    hrefs = [a["href"] for a in reader.page("bibliography/").select("a.md-button[download]")]
    assert hrefs == ["../refs.bib", "../refs.json", "../refs-biblatex.bib"]


def name(n):
    """A CSL name, compared across readers: one undivided name (literal, or family alone), or
    family and given, with a particle that pandoc splits off ("al-" of "al-Zawahiri") joined."""
    particle = n.get("non-dropping-particle", "")
    family = particle + ("" if particle[-1:] in ("-", "’", "'", "") else " ") + n.get("family", "")
    if "literal" in n or not n.get("given"):
        return (n.get("literal") or family,)
    return (family, n["given"])


def straight(value):
    """pandoc reads quotation marks (“…”, ‘…’) as quotations and writes them as "…" (a style
    puts its own marks back), and curls a straight apostrophe: the text is kept."""
    if isinstance(value, dict):
        return {k: straight(v) for k, v in value.items()}
    if isinstance(value, list):
        return [straight(v) for v in value]
    if not isinstance(value, str):
        return value
    return re.sub(r"‘([^’]*)’", r'"\1"', value).replace("“", '"').replace("”", '"').replace("’", "'")


def check(reader, fmt, got, want, btype):
    label = f"{reader} reading {fmt}: {want['id']}"
    if reader == "pandoc":
        got, want = straight(got), straight(want)
    lost = LOST.get((reader, fmt, btype), set()) if fmt == "bib" else set()
    family = READ_AS[btype] if fmt == "bib" else FAMILY[want["type"]]
    assert FAMILY[got.get("type", "")] == family, (label, got.get("type"))
    title = got["title"]
    if (reader, fmt) == ("pandoc", "bib"):   # pandoc appends biblatex's titleaddon: "Title. [Translation]"
        title = re.sub(r"\. \[[^\]]*\]$", "", title)
    assert title == want["title"], label
    assert [name(n) for n in got.get("author", [])] == [name(n) for n in want.get("author", [])], label
    if "container-title" in want:
        field = "publisher" if fmt == "bib" and btype in AS_PUBLISHER else "container-title"
        assert got.get(field) == want["container-title"], (label, field, got.get(field))
    if "publisher" in want:
        assert got.get("publisher") == want["publisher"], label
    if "issued" in want or (reader, fmt) != UNDATED_AS_YEAR_0:
        assert got.get("issued") == want.get("issued"), label
    else:
        assert got.get("issued") in (None, {"date-parts": [[0]]}), label
    assert got.get("URL") == want.get("URL"), label
    for var in ("number", "volume", "genre", "note"):
        if var in want and var not in lost:
            read = MOVED.get((reader, btype), {}).get(var, var) if fmt == "bib" else var
            assert got.get(read) == want[var], (label, var, read, got.get(read))


def btypes(files):
    return {key: e.type.lower() for key, e in parse_file(str(files["bib"]), "bibtex").entries.items()}


def test_biblatex_types_follow_the_csl_types(files, record):
    types = btypes(files)
    assert types, f"{files['bib']} has no entries"
    for key, btype in types.items():
        assert btype == bibexport.biblatex_type(record[key])[0], f"{key}: @{btype} for CSL type {record[key]['type']}"


def test_fallback_types_are_named(files, record):
    """The entries biblatex's data model moves out of their CSL type's biblatex type, with the
    reason: none is moved for any other reason, and none silently."""
    reasons = {"inreference": "no editor", "article": "no author", "online": "no URL"}
    moved = {}
    for key, btype in btypes(files).items():
        preferred = bibexport.BIBLATEX.get(record[key]["type"], bibexport.OTHER)[0]
        if btype != preferred:
            item = record[key]
            if btype in ("report", "article") and preferred == "online":
                why = "document number" if btype == "report" else "volume"
                assert item.get("number" if btype == "report" else "volume"), (key, preferred, btype)
            else:
                why = reasons[preferred]
                missing = {"inreference": "editor", "article": "author", "online": "URL"}[preferred]
                assert not item.get(missing), (key, preferred, btype)
            moved[key] = (preferred, btype, why)
    assert len(moved) < 30, moved


@pytest.mark.external
@pytest.mark.parametrize("fmt", ["bib", "json"])
def test_pandoc_keeps_every_field(files, record, fmt):
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not found: apt-get install pandoc (make tools)")
    proc = run(["pandoc", "-f", {"bib": "biblatex", "json": "csljson"}[fmt], "-t", "csljson", str(files[fmt])])
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    read = {item["id"]: item for item in json.loads(proc.stdout)}
    assert list(read) == list(record)
    types = btypes(files)
    for key, want in record.items():
        check("pandoc", fmt, read[key], want, types[key])


@pytest.mark.external
def test_citation_js_keeps_every_field(files, record, citation_js):  # noqa: F811
    proc = run(["node", str(ROOT / "tests" / "roundtrip" / "citejs.js"), str(files["bib"]), str(files["json"])],
               env=dict(os.environ, NODE_PATH=citation_js))
    assert proc.returncode == 0, proc.stderr[-1500:]
    out = json.loads(proc.stdout)
    types = btypes(files)
    for fmt in ("bib", "json"):
        read = {item["id"]: item for item in out[str(files[fmt])]}
        assert list(read) == list(record), fmt
        for key, want in record.items():
            check("citation-js", fmt, read[key], want, types[key])


def plain(value):
    """A biblatex value as text: braces removed, LaTeX's escapes (\\$, \\%, \\&, \\_, \\#) undone."""
    return re.sub(r"\\([$%&_#{}])", r"\1", re.sub(r"(?<!\\)[{}]", "", value))


def person(p):
    """(family, given), or (name,) for a name braced whole: one name, never divided."""
    if not (p.first_names or p.middle_names or p.prelast_names) and len(p.last_names) == 1 \
            and p.last_names[0].startswith("{") and p.last_names[0].endswith("}"):
        return (plain(p.last_names[0]),)
    return (plain(" ".join(p.prelast_names + p.last_names)), plain(" ".join(p.first_names + p.middle_names)))


@pytest.mark.external
def test_biber_reads_the_biblatex_without_warnings_and_keeps_every_field(files, record, tmp_path):
    if shutil.which("biber") is None:
        pytest.skip("biber not found: apt-get install biber (make tools)")
    shutil.copyfile(files["bib"], tmp_path / "in.bib")
    proc = run(["biber", "--tool", "--output-format=bibtex", "--output-file=out.bib", "in.bib"], cwd=tmp_path)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "ERROR" not in log, log[-1500:]
    assert not [line for line in log.splitlines() if "WARN" in line], log[-1500:]
    entries = parse_string((tmp_path / "out.bib").read_text(encoding="utf-8"), "bibtex").entries
    assert list(entries) == list(record)
    for key, want in record.items():
        entry = entries[key]
        btype, container, fixed = bibexport.biblatex_type(want)
        f = {k.lower(): v for k, v in entry.fields.items()}
        assert entry.type.lower() == btype, key
        assert plain(f["title"]) == want["title"], key
        assert [person(p) for p in entry.persons.get("author", [])] == [
            (n["literal"],) if "literal" in n else (n["family"], n["given"]) for n in want.get("author", [])], key
        assert {k: f.get(k) for k in fixed} == fixed, key
        if "container-title" in want:
            assert plain(f[container]) == want["container-title"], key
        if "issued" in want:
            assert f["date"] == bibexport.iso_date(want["issued"]["date-parts"][0]), key
        assert f.get("url") == want.get("URL"), key
        for var, field in (("number", "number"), ("note", "note")):
            assert (plain(f[field]) if field in f else None) == want.get(var), (key, var)


# ------------------------------------------------------------------ /refs.bib (classic BibTeX)

@pytest.fixture(scope="module")
def classic(site):
    """key -> entry of the /refs.bib download, and the bibliography page's BibTeX blocks."""
    text = (site / "refs.bib").read_text(encoding="utf-8")
    return parse_string(text, "bibtex").entries, text


def test_refs_bib_download_escapes_latex_and_keeps_urls_verbatim(classic, record):
    entries, text = classic
    title = entries["reuters-2025-haqqani-reward-dawn"].fields["title"]
    assert r"\$10m" in title, title   # an unescaped $ stops LaTeX ("Missing $ inserted")
    for key, entry in entries.items():
        if "url" in entry.fields:
            assert entry.fields["url"] == record[key]["URL"], key   # verbatim: no \_ or \%
        for field, value in entry.fields.items():
            if field != "url":
                assert not re.search(r"(?<!\\)[$%&#_]", value), (key, field, value)


def test_refs_bib_download_keeps_a_family_name_with_a_particle_whole(classic):
    """"al-Zawahiri" braced: BibTeX would otherwise read "al" as a von part ("al~Zawahiri")."""
    entries, _ = classic
    (person,) = entries["zawahiri-2013-guidelines"].persons["author"]
    assert person.last_names == ["{al-Zawahiri}"] and not person.prelast_names


def test_refs_bib_download_braces_what_refs_bib_braces(classic, refs):
    """A word the editors braced (a name, an acronym) is braced in the download, so BibTeX's
    styles keep its case ("IS's", "al Qaida's", "Muslim", not "is's", "al qaida's", "muslim")."""
    entries, _ = classic
    for key, ref in refs.items():
        title = entries[key].fields.get("origtitle") or entries[key].fields["title"]
        for text, kept in ref.title_cased:
            if kept:
                assert "{" + text.replace("$", r"\$").replace("&", r"\&") + "}" in title, (key, text)
    assert "{IS}'s and {al Qaida}'s" in entries["hartmann-2017-takfir"].fields["title"]


def test_refs_bib_download_gives_a_non_latin_title_as_its_translation(classic, refs):
    """pdflatex has no Arabic: the title is its bracketed English translation (CMOS), the
    original is in origtitle (biblatex reads it). No transliteration was seen for the only such
    entry, so none is given."""
    entries, _ = classic
    non_latin = [k for k, r in refs.items() if bibexport.non_latin(r.csl["title"])]
    assert non_latin == ["reuters-ar-2013-guidelines-masress"]
    for key in non_latin:
        f = entries[key].fields
        assert f["title"] == refs[key].fields["titleaddon"] and f["title"].startswith("[")
        assert f["origtitle"] == refs[key].csl["title"]
        assert not any(bibexport.non_latin(v) for k, v in f.items() if k != "origtitle"), key


def test_unconfirmed_values_follow_one_policy_in_every_download(site, record):
    """refs.bib, refs-biblatex.bib and refs.json give the same fields: a flagged day or URL is in
    no download as data (it is in the note, flagged), as refs.json has it."""
    classic = parse_string((site / "refs.bib").read_text(encoding="utf-8"), "bibtex").entries
    biblatex = parse_string((site / "refs-biblatex.bib").read_text(encoding="utf-8"), "bibtex").entries
    for key, item in record.items():
        parts = item.get("issued", {}).get("date-parts", [[]])[0]
        assert classic[key].fields.get("date") == (bibexport.iso_date(parts) if parts else None), key
        assert classic[key].fields.get("url") == item.get("URL") == biblatex[key].fields.get("url"), key
        assert biblatex[key].fields.get("day") == (str(parts[2]) if len(parts) == 3 else None), key


def test_pandoc_reads_the_refs_bib_download(site, record):
    """Every entry with its title: /refs.bib once lost a title to an unescaped $."""
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not found: apt-get install pandoc (make tools)")
    proc = run(["pandoc", "-f", "bibtex", "-t", "csljson", str(site / "refs.bib")])
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    read = {item["id"]: item for item in json.loads(proc.stdout)}
    assert list(read) == list(record)
    assert "$10m" in read["reuters-2025-haqqani-reward-dawn"]["title"]
    translated = {"reuters-ar-2013-guidelines-masress"}   # its title is the translation (see above)
    for key, want in record.items():
        got, want = straight(read[key]), straight(want)
        # pandoc makes an English BibTeX title sentence case, keeping the braced words; ʿ and ʾ
        # are given as ‘ and ’ for pdflatex (data/bibexport.py PDFLATEX_SUBSTITUTES)
        title = straight(record[key]["title"].translate(bibexport.PDFLATEX_SUBSTITUTES))
        assert key in translated or got["title"].lower() == title.lower(), key
        for role in ("author", "editor"):
            assert [name(n) for n in got.get(role, [])] == [name(n) for n in want.get(role, [])], (key, role)
        if "container-title" in want:   # @misc's howpublished is read as the publisher
            assert want["container-title"] in (got.get("container-title"), got.get("publisher")), key
        for var in ("volume", "issue", "number"):   # BibTeX's `number` of an @article is the issue
            assert var not in want or want[var] in (got.get(var), got.get("issue")), (key, var)
        assert got.get("URL") == want.get("URL"), key
        assert got.get("issued") == want.get("issued"), key


def test_citation_js_reads_the_refs_bib_download(site, record, citation_js):  # noqa: F811
    """citation-js once rejected the whole /refs.bib (an unescaped $): every entry, with its
    title, URL and date."""
    proc = run(["node", str(ROOT / "tests" / "roundtrip" / "citejs.js"), str(site / "refs.bib")],
               env=dict(os.environ, NODE_PATH=citation_js))
    assert proc.returncode == 0, proc.stderr[-1500:]
    read = {item["id"]: item for item in json.loads(proc.stdout)[str(site / "refs.bib")]}
    assert list(read) == list(record)
    assert "$10m" in read["reuters-2025-haqqani-reward-dawn"]["title"]
    for key, want in record.items():
        assert read[key].get("title"), key
        assert read[key].get("URL") == want.get("URL"), key
        assert read[key].get("issued") == want.get("issued"), key
