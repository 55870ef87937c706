"""Every page's JSON-LD against schema.org's vocabulary: every type is a schema.org class,
every property is a schema.org property whose domain includes the node's type (or a type it
is a subclass of), and every value is of a type the property's range includes (an object of
that type or a subtype; text, a date or an address where the range has a data type).

The vocabulary is schema.org release 30.0 (schemaorg/schemaorg,
data/releases/30.0/schemaorg-current-https.jsonld, the release of 2026-03-25), read from
$SCHEMAORG_VOCABULARY or from the steering repository's shared/research/schemaorg-30.0/ beside
this checkout (copies of public data are kept there, not in this repository); its SHA-256 is
checked, so the test names exactly what it checked against. Without it the tests skip, saying
where to put it."""
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import ROOT

RELEASE = "30.0"
SHA256 = "4467fa19edcb1d7fb3c46c0adf3591b7f870c4a60b7838bdb61694fd02864cf6"
VOCABULARY = Path(os.environ.get("SCHEMAORG_VOCABULARY") or
                  ROOT.parent / "shared" / "research" / f"schemaorg-{RELEASE}" / "schemaorg-current-https.jsonld")
pytestmark = pytest.mark.skipif(not VOCABULARY.is_file(), reason=(
    f"schema.org {RELEASE}'s vocabulary is not at {VOCABULARY}: set SCHEMAORG_VOCABULARY to a copy of "
    f"schemaorg/schemaorg data/releases/{RELEASE}/schemaorg-current-https.jsonld (SHA-256 {SHA256[:12]}…)"))


def test_the_vocabulary_is_the_named_release():
    assert hashlib.sha256(VOCABULARY.read_bytes()).hexdigest() == SHA256, f"{VOCABULARY} is not release {RELEASE}"


def _ids(value):
    return [v["@id"].removeprefix("schema:") for v in (value if isinstance(value, list) else [value])] if value else []


@lru_cache(maxsize=1)
def vocabulary():
    """(classes: name -> direct superclasses, data types, properties: name -> (domain, range))."""
    graph = json.loads(VOCABULARY.read_text(encoding="utf-8"))["@graph"]
    classes, datatypes, properties = {}, set(), {}
    for node in graph:
        name, types = node["@id"].removeprefix("schema:"), node["@type"]
        types = types if isinstance(types, list) else [types]
        if "rdfs:Class" in types:
            classes[name] = _ids(node.get("rdfs:subClassOf"))
            if "schema:DataType" in types:
                datatypes.add(name)
        if "rdf:Property" in types:
            properties[name] = (set(_ids(node.get("schema:domainIncludes"))), set(_ids(node.get("schema:rangeIncludes"))))
    return classes, datatypes, properties


def supertypes(name):
    """The class and every class it is a subclass of."""
    classes, _, _ = vocabulary()
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += classes.get(current, [])
    return seen


def problems(node, where="$"):
    """What in a JSON-LD node (and the nodes inside it) the vocabulary does not allow."""
    classes, datatypes, properties = vocabulary()
    found = []
    kind = node.get("@type")
    if kind not in classes:
        return [f"{where}: @type {kind!r} is not a schema.org class (release {RELEASE})"]
    for prop, value in node.items():
        if prop.startswith("@"):
            continue
        if prop not in properties:
            found.append(f"{where}.{prop}: not a schema.org property")
            continue
        domain, range_ = properties[prop]
        if not domain & supertypes(kind):
            found.append(f"{where}.{prop}: a property of {sorted(domain)}, not of {kind}")
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            here = f"{where}.{prop}" + (f"[{i}]" if isinstance(value, list) else "")
            if isinstance(item, dict):
                if not range_ & supertypes(item.get("@type")):
                    found.append(f"{here}: a {item.get('@type')} where the property takes {sorted(range_)}")
                found += problems(item, here)
            elif not any(datatypes & supertypes(r) or r in datatypes for r in range_):
                found.append(f"{here}: text where the property takes {sorted(range_)}")
    return found


def json_ld_blocks(doc) -> list:
    """Every JSON-LD node of a page's head: the page's own record, and on an article its
    ClaimReviews (a list, features/claim_reviews.py)."""
    nodes = []
    for script in doc.select('head script[type="application/ld+json"]'):
        data = json.loads(script.string)
        nodes += data if isinstance(data, list) else [data]
    return nodes


def page_json_ld(doc):
    (record,) = [n for n in json_ld_blocks(doc) if n.get("@type") != "ClaimReview"]
    return record


@pytest.mark.parametrize("node, expected", [
    ({"@type": "DefinedTerm", "name": "x", "author": {"@type": "Organization", "name": "E"}},
     "author: a property of"),                                                   # not a DefinedTerm's
    ({"@type": "ScholarlyArticle", "editor": [{"@type": "Organization", "name": "E"}]},
     "editor[0]: a Organization where the property takes ['Person']"),
    ({"@type": "WebPage", "mainEntity": {"@type": "DefinedTerm", "termCode": "x", "version": "1"}},
     "mainEntity.version: a property of"),                                       # inside a node
    ({"@type": "WebPagee"}, "not a schema.org class"),
    ({"@type": "WebPage", "autor": "x"}, "not a schema.org property"),
    ({"@type": "WebPage", "isPartOf": "x", "publisher": {"@type": "Person", "name": "P"}}, None),  # URL text, a Person
])
def test_the_check_finds_what_the_vocabulary_does_not_allow(node, expected):
    found = problems(node)
    assert (not found) if expected is None else any(expected in f for f in found), found


@pytest.mark.build
def test_every_page_json_ld_is_schema_org(reader):
    pages = [p for p in reader.all_html() if p.relative_to(reader.root).parts[0] not in ("assets", "search")]
    checked = 0
    for path in pages:
        doc = reader.page(str(path.relative_to(reader.root)))
        if not doc.select('head script[type="application/ld+json"]'):
            continue
        for node in json_ld_blocks(doc):
            checked += 1
            found = problems(node)
            assert not found, f"{path.relative_to(reader.root)} ({node.get('@type')}):\n" + "\n".join(found)
    assert checked > 40 + 40, f"only {checked} JSON-LD nodes checked (pages and the article's ClaimReviews)"


@pytest.mark.build
def test_glossary_pages_are_pages_about_their_term(reader):
    entries = sorted((reader.root / "glossary").glob("*/index.html"))
    assert len(entries) > 30
    for entry in entries:
        data = page_json_ld(reader.page(str(entry.parent.relative_to(reader.root)) + "/"))
        term = data["mainEntity"]
        assert data["@type"] == "WebPage" and term["@type"] == "DefinedTerm", entry
        assert term["termCode"] == entry.parent.name and term["name"] == data["name"], entry
        assert term["inDefinedTermSet"]["url"].endswith("/glossary/")


@pytest.mark.build
def test_the_article_has_its_authors_and_the_editors_as_contributors(reader, seed_article):
    data = page_json_ld(reader.page("article/"))
    assert data["author"] == [{"@type": "Person", "name": n} for n in seed_article.meta["original"]["authors"]]
    assert data["contributor"] == [{"@type": "Organization", "name": "Reference edition editors"}]
    assert "editor" not in data
