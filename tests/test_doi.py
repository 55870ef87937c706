"""DOI-ready (issue 21, item 6): .zenodo.json and CITATION.cff say the same (title, creators,
description, keywords, version, licence, related identifiers), so a release can be archived
with a DOI; once `citation.doi` is set, the DOI is in every citation form, the downloads, the
Highwire tags and the JSON-LD."""
import json

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, build_site
from sites import make_site

DOI = "10.5281/zenodo.1234567"


def _cff():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _zenodo():
    return json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))


def _plugin_citation():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda l, node: None)
    config = yaml.load(text, Loader=loader)
    return next(p["reference-edition"] for p in config["plugins"] if isinstance(p, dict) and "reference-edition" in p)["citation"]


def test_zenodo_and_citation_cff_agree():
    cff, zenodo = _cff(), _zenodo()
    assert zenodo["title"] == cff["title"]
    names = [a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"]]
    assert [c["name"] for c in zenodo["creators"]] == names, "creators differ from CITATION.cff's authors"
    assert zenodo["description"] == " ".join(cff["abstract"].split())
    assert zenodo["keywords"] == cff["keywords"]
    for field, cff_field in (("version", "version"), ("license", "license")):
        assert zenodo.get(field) == cff.get(cff_field), f"{field}: .zenodo.json {zenodo.get(field)!r}, CITATION.cff {cff.get(cff_field)!r}"
    urls = {r["url"] for r in cff.get("references", []) if r.get("url")}
    related = {r["identifier"] for r in zenodo.get("related_identifiers", [])}
    assert related == urls, f"related identifiers {sorted(related)} are not CITATION.cff's references {sorted(urls)}"
    assert zenodo["upload_type"] == "dataset" and cff["type"] == "dataset"


def test_citation_cff_names_the_configured_doi():
    assert _cff().get("doi") == _plugin_citation().get("doi"), "CITATION.cff's doi differs from mkdocs.yml's citation.doi"


@pytest.mark.build
def test_a_configured_doi_is_in_every_citation_form(tmp_path):
    config = make_site(tmp_path, {"index.md": "# Home\n\nText [@known-2020].\n"})
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["theme"] = {"name": "material", "custom_dir": str(ROOT / "overrides")}
    settings["plugins"][0]["reference-edition"]["citation"]["doi"] = DOI
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    site = build_site(config, tmp_path / "out")
    doc = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    for style in ("chicago", "apa", "mla"):
        text = (site / f"cite-{style}.txt").read_text(encoding="utf-8")
        assert DOI in text, f"{style}: {text}"
    assert f"doi = {{{DOI}}}" in (site / "cite.bib").read_text(encoding="utf-8")
    assert f"DO  - {DOI}" in (site / "cite.ris").read_text(encoding="utf-8")
    assert json.loads((site / "cite.json").read_text(encoding="utf-8"))[0]["DOI"] == DOI
    assert doc.select_one('meta[name="citation_doi"]')["content"] == DOI
    record = next(json.loads(s.string) for s in doc.select('script[type="application/ld+json"]'))
    assert record["identifier"]["value"] == DOI and record["sameAs"] == f"https://doi.org/{DOI}"


def test_a_malformed_doi_is_refused(tmp_path):
    from reference_edition.data.errors import DataError
    from reference_edition.data.pagemeta import load_settings
    with pytest.raises(DataError, match="citation.doi"):
        load_settings({"authors": [{"name": "E"}], "doi": "https://doi.org/10.1/x"}, tmp_path / "mkdocs.yml",
                      {"site_name": "S", "site_url": "https://example.org/"})
