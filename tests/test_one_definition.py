"""Each rule of the data lives in one place (issue 20): the identifiers' patterns and the
glossary's kinds in data/schema.py, meta.yml's unconfirmed items validated once by the seed
loader. The verdicts have their own file, tests/test_verdict_table.py."""
import re
from pathlib import Path

from conftest import ROOT
from reference_edition.data import model, schema, seed, unconfirmed, yamlfile
from reference_edition.data.seed import load_article

PACKAGE = ROOT / "reference_edition"
SEED = ROOT / "seeds" / "taliban-plan-to-rebuild-al-qaeda.txt"


def _code_lines(pattern):
    """file:line of every non-comment line of the package's modules but schema.py that matches."""
    modules = [p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "data" / "schema.py"]
    assert len(modules) > 20, f"only {len(modules)} modules searched: the package moved?"
    return [f"{p.relative_to(ROOT)}:{n}" for p in modules
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if not line.lstrip().startswith("#") and re.search(pattern, line)]


def test_key_slug_and_claim_id_patterns_are_defined_once():
    copies = _code_lines(r"\[a-z0-9|\[1-9\]\[0-9\]\*")   # the character classes they are made of
    assert not copies, f"a second copy of schema.KEY, SLUG or CLAIM_ID: import it instead: {copies}"
    assert schema.KEY.fullmatch("un-mt-2023") and not schema.KEY.fullmatch("Un_2023")
    assert schema.SLUG.fullmatch("haqqani-network") and not schema.SLUG.fullmatch("haqqani--network")
    m = schema.CLAIM_ID.fullmatch("p7-c2")
    assert m and (m["para"], m["n"]) == ("7", "2") and not schema.CLAIM_ID.fullmatch("p0-c1")


def test_glossary_kinds_are_listed_once():
    for kind in schema.GLOSSARY_KINDS.values():
        copies = _code_lines(rf"[\"']{re.escape(kind.heading)}[\"']")
        assert not copies, f"the glossary kind heading {kind.heading!r} is written again: {copies}"
    literal = schema.GlossaryRecord.model_fields["kind"].annotation.__args__
    assert literal == tuple(schema.GLOSSARY_KINDS), f"the schema's kinds {literal} are not the table's"


def test_the_seed_keeps_meta_yml_s_unconfirmed_items_as_validated():
    """What seed.py validated is kept with its lines; the model's items are made from it."""
    article = load_article(SEED)
    assert article.unconfirmed, "the seed's meta.yml lists unconfirmed items; none kept"
    assert all(isinstance(u, schema.MetaUnconfirmed) for u, _ in article.unconfirmed)
    lines = article.meta_path.read_text(encoding="utf-8").splitlines()
    for s in unconfirmed.meta_items(article):
        name, line = s.source.split(":")
        assert name == article.meta_path.name and lines[int(line) - 1].strip() == f"- what: {s.item.what}", \
            f"{s.source} is not the line of the item {s.item}: {lines[int(line) - 1]!r}"


def test_meta_yml_is_read_once_per_load(monkeypatch):
    """The seed loader reads and validates meta.yml; the model's check and items use its Article."""
    read = []
    original = yamlfile.load_file
    monkeypatch.setattr(yamlfile, "load_file", lambda path: (read.append(Path(path).name), original(path))[1])
    for cache in (model._cache, seed._load, yamlfile._load_file):   # nothing kept from an earlier load
        cache.clear() if isinstance(cache, dict) else cache.cache_clear()
    edition = model.load_edition(ROOT / "refs.bib", [(SEED, SEED.with_name(SEED.stem + ".claims.yml"))])
    assert edition.articles[0].unconfirmed, "the model kept none of meta.yml's unconfirmed items"
    times = read.count(SEED.with_suffix(".meta.yml").name)
    assert times == 1, f"meta.yml read {times} times in one load (files read: {read})"
