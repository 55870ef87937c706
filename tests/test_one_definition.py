"""Each rule of the data lives in one place (issue 20): the identifiers' patterns and the
glossary's kinds in data/schema.py, meta.yml's unconfirmed items validated once by the seed
loader. The verdicts have their own file, tests/test_verdict_table.py."""
import re

from conftest import ROOT
from reference_edition.data import schema, unconfirmed
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
    """What seed.py validated is kept with its lines (the file need not be read again)."""
    article = load_article(SEED)
    assert article.unconfirmed, "the seed's meta.yml lists unconfirmed items; none kept"
    kept = [(u.what, u.value, " ".join(u.why.split()), f"{article.meta_path.name}:{line}")
            for u, line in article.unconfirmed]
    assert all(isinstance(u, schema.MetaUnconfirmed) for u, _ in article.unconfirmed)
    reread = [(s.item.what, s.item.value, s.item.why, s.source) for s in unconfirmed.meta_items(article.meta_path)]
    assert kept == reread, f"kept {kept}, but meta.yml read again says {reread}"
