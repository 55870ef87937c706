"""No object of the model is changed after it is built (issue 20): refs.bib is read (parsed and
validated), then formatted and flagged, and the References are composed from those values
(data/bib.py); the Edition is composed from its parts (data/model.py). Frozen dataclasses, no
object.__setattr__ in the package, and what loading and using the model leaves is what it made."""
import ast
import copy
import dataclasses

import pytest

from conftest import ROOT, copy_project
from reference_edition.data import bib
from reference_edition.data.model import ArticleModel, Edition, load_edition

SLUG = "taliban-plan-to-rebuild-al-qaeda"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("REFERENCE_EDITION_CACHE", str(tmp_path / "cache"))   # its own, started cold
    bib._load.cache_clear()
    yield copy_project(tmp_path / "project")
    bib._load.cache_clear()


def test_the_model_classes_are_frozen():
    refs = bib.load_bibliography(ROOT / "refs.bib")
    ref = next(iter(refs.values()))
    for name in ("html", "label", "order", "fields"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(ref, name, getattr(ref, name))
    for cls in (bib.Reference, Edition, ArticleModel):
        assert cls.__dataclass_params__.frozen, f"{cls.__name__} must be a frozen dataclass"


def test_per_entry_values_have_slots():
    """One of these per refs.bib entry, glossary fact, claim or citation: no __dict__ each."""
    from reference_edition.data.claims import Claim
    from reference_edition.data.glossary import Entry, Fact, Relation
    from reference_edition.data.index import Citing
    ref = next(iter(bib.load_bibliography(ROOT / "refs.bib").values()))
    assert not hasattr(ref, "__dict__"), "a loaded Reference has a __dict__: its class lost slots=True"
    for cls in (bib.Reference, Fact, Relation, Entry, Citing, Claim):
        assert "__slots__" in vars(cls), f"{cls.__name__} has no __slots__ (dataclass(slots=True))"


def test_loaded_references_hold_no_pybtex_objects():
    """pybtex's parse of refs.bib is needed only while reading: the references keep plain values
    (str, int, lists, tuples, dicts of them), so pybtex's objects are freed once read."""
    refs = bib.load_bibliography(ROOT / "refs.bib")
    foreign, stack = set(), [[getattr(r, f.name) for f in dataclasses.fields(r)] for r in refs.values()]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend([*value.keys(), *value.values()])
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif not isinstance(value, (str, int, type(None))):
            foreign.add(type(value).__module__ + "." + type(value).__qualname__)
    assert refs and not foreign, f"loaded references hold objects other than plain values: {sorted(foreign)}"


def test_no_module_sets_attributes_on_a_built_object():
    """object.__setattr__ is how a frozen dataclass is changed behind its back."""
    found = []
    for path in sorted((ROOT / "reference_edition").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if (isinstance(node, ast.Attribute) and node.attr == "__setattr__"
                    and isinstance(node.value, ast.Name) and node.value.id == "object"):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{node.lineno}")
    assert not found, ("object.__setattr__ changes an object after it is built; compose it from its "
                       "values instead (dataclasses.replace): " + ", ".join(found))


def test_a_load_leaves_the_references_it_made(project):
    """Cold (citeproc renders), warm (the cache on disk gives it) and after the model and its
    exports have used them, the references are the same values; nothing is added to them later."""
    cold = bib.load_bibliography(project / "refs.bib")
    made = copy.deepcopy(cold)
    assert all(r.html and r.label for r in cold.values()), "every reference is formatted when it is loaded"
    edition = load_edition(project / "refs.bib", [(project / f"seeds/{SLUG}.txt", project / f"seeds/{SLUG}.claims.yml")],
                           project / "glossary")
    assert edition.refs is cold, "the model holds the loaded references, not a second load"
    assert edition.exports and edition.bibtex_blocks and edition.matcher
    changed = [k for k in made if cold[k] != made[k]]   # slots: no attribute beyond the fields can be added
    assert not changed, f"references changed after they were loaded: {changed[:5]}"
    bib._load.cache_clear()
    warm = bib.load_bibliography(project / "refs.bib")
    assert warm is not cold, "the second load must read again (its cache was cleared)"
    differ = [k for k in made if warm[k] != made[k]]
    assert not differ and list(warm) == list(made), f"a warm load gives other references: {differ[:5]}"


def test_once_per_model_makes_a_value_again_only_for_a_new_model():
    from reference_edition.data.model import once_per_model
    calls = []

    @once_per_model
    def made(edition):
        calls.append(edition)
        return len(calls)

    first, second = object(), object()
    assert [made(first), made(first), made(second), made(second), made(first)] == [1, 1, 2, 2, 3], \
        f"made for {calls}: a value was made again for the same model, or kept for another"
