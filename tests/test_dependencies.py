"""pyproject.toml holds the ranges, the hashed locks hold what is installed: they must agree.

requirements.lock is the runtime lock (pyproject's dependencies), requirements-test.lock the
runtime + `test` extra lock the Makefile installs with `pip install --require-hashes`. Both are
generated from pyproject.toml (README, "Updating dependencies"). requirements-canary.lock pins
the ProperDocs of the canary venv (Makefile; tests/test_canary_properdocs.py)."""
import importlib.metadata
import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
TEST = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]]
LOCKS = {"requirements.lock": RUNTIME, "requirements-test.lock": RUNTIME + TEST}


def read_lock(name):
    """{canonical name: (version, hashes)} from a lock, its continuation lines joined; every
    requirement must be a plain `name==version` pin."""
    text = (ROOT / name).read_text(encoding="utf-8")
    pins = {}
    for line in re.sub(r"\\\n", " ", text).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spec, *options = re.split(r"\s+(?=--)", line)
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", spec)
        assert m, f"{name}: not an exact pin: {spec!r}"
        hashes = [o.split("=", 1)[1] for o in options if o.startswith("--hash=")]
        assert all(o.startswith("--hash=") for o in options), f"{name}: {spec}: unexpected option {options}"
        key = canonicalize_name(m[1])
        assert key not in pins, f"{name}: {m[1]} pinned twice"
        pins[key] = (Version(m[2]), hashes)
    return pins


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_pyproject_dependency_is_locked_inside_its_range(lock):
    pins = read_lock(lock)
    assert LOCKS[lock], f"pyproject.toml names no dependency for {lock}"
    for req in LOCKS[lock]:
        key = canonicalize_name(req.name)
        assert key in pins, f"{lock} lacks {req.name} (pyproject.toml: {req}); regenerate the lock"
        version = pins[key][0]
        assert req.specifier.contains(version, prereleases=True), (
            f"{lock} pins {req.name}=={version}, outside pyproject.toml's {req.specifier}; regenerate the lock")


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_lock_line_is_hashed(lock):
    pins = read_lock(lock)
    assert pins, f"{lock} pins nothing"
    for key, (version, hashes) in pins.items():
        assert hashes, f"{lock}: {key}=={version} has no --hash (generate with --generate-hashes)"
        for h in hashes:
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", h), f"{lock}: {key}: malformed hash {h}"


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_mkdocs_stays_on_1x_and_mkdocs_bibtex_is_exactly_4_4_0(lock):
    declared = {canonicalize_name(r.name): r.specifier for r in RUNTIME}
    assert not declared["mkdocs"].contains("2.0") and declared["mkdocs"].contains("1.6.1")
    assert str(declared["mkdocs-bibtex"]) == "==4.4.0"  # archived upstream: no other release
    pins = read_lock(lock)
    assert pins["mkdocs"][0] < Version("2"), f"{lock}: MkDocs 2 is a different program"
    assert pins["mkdocs-bibtex"][0] == Version("4.4.0")


def test_the_two_locks_pin_the_same_versions():
    """The runtime lock is the test lock less the test tools: same version for every package."""
    runtime, test = read_lock("requirements.lock"), read_lock("requirements-test.lock")
    assert set(runtime) <= set(test), f"only in requirements.lock: {sorted(set(runtime) - set(test))}"
    differ = {k: (runtime[k][0], test[k][0]) for k in runtime if runtime[k][0] != test[k][0]}
    assert not differ, f"the locks disagree: {differ}"


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_each_lock_names_the_command_that_made_it(lock):
    head = (ROOT / lock).read_text(encoding="utf-8").split("\n", 3)[:2]
    command = head[1].lstrip("# ").strip()
    assert command.startswith("uv pip compile pyproject.toml"), head
    assert "--generate-hashes" in command and command.endswith(f"-o {lock}"), command
    assert ("--extra test" in command) == (lock == "requirements-test.lock"), command


def test_makefile_installs_the_hashed_test_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements-test.lock" in makefile
    assert re.search(r"^\$\(STAMP\): requirements-test\.lock pyproject\.toml$", makefile, re.M)
    assert not (ROOT / "requirements.txt").exists(), "requirements.txt is replaced by the locks"


# The Makefile's venvs: the lock each is made from. After the lock, each gets the project with
# `pip install --no-deps --no-build-isolation -e .`: the editable wheel is built with the
# setuptools the lock installed, not with the venv's own (Python 3.11's venv has setuptools 65
# and no `wheel`, and setuptools < 70.1 needs `wheel` for bdist_wheel: the install fails).
VENV_LOCKS = {".venv": "requirements-test.lock", ".venv-canary": "requirements.lock"}


@pytest.mark.parametrize("venv", sorted(VENV_LOCKS))
def test_each_venv_lock_has_a_setuptools_that_builds_the_editable_install(venv):
    lock = VENV_LOCKS[venv]
    pins = read_lock(lock)
    build = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
    assert [canonicalize_name(r.name) for r in build] == ["setuptools"], build
    assert "setuptools" in pins, (
        f"{lock} pins no setuptools: `pip install --no-build-isolation -e .` in {venv} would build "
        "with the venv's own (65: fails); add setuptools>=70.1 to pyproject.toml's dependencies")
    version = pins["setuptools"][0]
    assert build[0].specifier.contains(version), f"{lock}: setuptools {version} outside build-system {build[0]}"
    assert version >= Version("70.1") or "wheel" in pins, (
        f"{lock}: setuptools {version} needs the `wheel` package for an editable install")


# The canary's ProperDocs (Makefile, $(CANARY_STAMP); tests/test_canary_properdocs.py): one hashed
# pin, installed with --no-deps over requirements.lock less mkdocs and mkdocs-get-deps.
def test_the_canary_lock_pins_one_properdocs_1x_with_hashes():
    pins = read_lock("requirements-canary.lock")
    assert set(pins) == {"properdocs"}, f"requirements-canary.lock: only ProperDocs, not {sorted(pins)}"
    version, hashes = pins["properdocs"]
    assert Version("1.6.7") <= version < Version("2"), version
    assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), hashes
    head = (ROOT / "requirements-canary.lock").read_text(encoding="utf-8").split("\n", 3)[:2]
    command = head[1].lstrip("# ").strip()
    assert command == (f"echo 'properdocs=={version}' | uv pip compile - --no-deps --python-version 3.11.5 "
                       "--generate-hashes -o requirements-canary.lock"), command
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\$\(CANARY_STAMP\): requirements\.lock requirements-canary\.lock pyproject\.toml$",
                     makefile, re.M)
    assert "-r requirements-canary.lock" in makefile


def test_the_running_environment_is_the_test_lock():
    """`make test` runs in the venv made from requirements-test.lock: every locked package is
    installed at its locked version (nothing under the site differs from what the lock says)."""
    wrong = {}
    for key, (version, _) in read_lock("requirements-test.lock").items():
        try:
            installed = Version(importlib.metadata.version(key))
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[key] = (str(version), installed and str(installed))
    assert not wrong, f"installed versions differ from requirements-test.lock (locked, installed): {wrong}; run make"
