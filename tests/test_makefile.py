"""The Makefile is the documented way to build: its targets do what README says."""
import os
import re
import shutil
import subprocess

from conftest import ROOT
from test_dependencies import read_lock


def clean_env(**env):
    """Under `make test` the environment carries the outer make's MAKEFLAGS (PORT=... included),
    which must not leak into the make these tests run."""
    clean = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return {**clean, **env}


def make_n(*args, cwd=ROOT, **env):
    """The commands `make ARGS` would run (-n runs none of them), one per line (a recipe line
    continued with a backslash is one line)."""
    proc = subprocess.run(["make", "--no-print-directory", "-n", *args], cwd=cwd, capture_output=True,
                          text=True, env=clean_env(**env), check=True)
    return proc.stdout.replace("\\\n", " ").splitlines()


def make_var(name, cwd=ROOT):
    proc = subprocess.run(["make", "--no-print-directory", "-s", "--eval", f"print-var: ; @echo $({name})",
                           "print-var"], cwd=cwd, capture_output=True, text=True, env=clean_env(), check=True)
    return proc.stdout.strip()


def serve_command(*args, **env):
    """The `mkdocs serve` line `make serve` would run."""
    return next(line for line in make_n("serve", *args, **env) if "mkdocs serve" in line)


def test_serve_takes_a_port_on_the_command_line_and_defaults_to_8000():
    assert serve_command().endswith("mkdocs serve --strict --dev-addr 127.0.0.1:8000")
    assert serve_command("PORT=8001").endswith("mkdocs serve --strict --dev-addr 127.0.0.1:8001")
    # A PORT in the environment (some platforms set one) does not move the documented address.
    assert serve_command(PORT="9999").endswith("--dev-addr 127.0.0.1:8000")


def test_ci_runs_exactly_make_test():
    lines = [l for l in (ROOT / ".ci" / "run").read_text().splitlines() if l and not l.startswith("#")]
    assert lines[-1] == "make test"


def index_of(lines, *words):
    """The index of the first line holding every word."""
    found = [i for i, line in enumerate(lines) if all(w in line for w in words)]
    assert found, f"no line with {words} in:\n" + "\n".join(lines)
    return found[0]


def test_make_test_installs_both_venvs_with_the_project_then_runs_pytest(tmp_path):
    # Venvs in places that do not exist: make shows every step of a fresh clone (nothing runs).
    venv, canary = tmp_path / "venv", tmp_path / "canary"
    lines = make_n("test", f"VENV={venv}", f"CANARY={canary}")
    editable = "pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e ."

    steps = [index_of(lines, "-m venv", str(venv)),
             index_of(lines, f"{venv}/bin/python -m pip install", "--require-hashes -r requirements-test.lock"),
             index_of(lines, f"{venv}/bin/python -m pip", editable),
             index_of(lines, "touch", f"{venv}/.installed-")]
    assert steps == sorted(steps), lines

    steps = [index_of(lines, "-m venv", str(canary)),
             index_of(lines, "awk", "requirements.lock >", f"{canary}/runtime-without-mkdocs.lock"),
             index_of(lines, f"{canary}/bin/pip install", "--require-hashes --no-deps"),
             index_of(lines, f"-r {canary}/runtime-without-mkdocs.lock -r requirements-canary.lock"),
             index_of(lines, f"{canary}/bin/pip", editable),
             index_of(lines, "touch", f"{canary}/.installed-")]
    assert steps == sorted(steps), lines
    # The pinned canary only: `make test` never asks PyPI for "the newest ProperDocs".
    assert not [l for l in lines if "--upgrade" in l or "properdocs>=" in l], lines
    assert lines[-1] == f"{venv}/bin/python -m pytest --require-tier browser --require-tier canary", lines


def test_the_canary_venv_leaves_mkdocs_out(tmp_path):
    # The Makefile's own filter, run as make would, into tmp_path instead of .venv-canary.
    awk = next(l for l in make_n("test", f"VENV={tmp_path}/v", f"CANARY={tmp_path}") if l.startswith("awk"))
    subprocess.run(["bash", "-c", awk], cwd=ROOT, check=True)
    kept = read_lock(str(tmp_path / "runtime-without-mkdocs.lock"))  # hashes included, or it fails
    runtime = read_lock("requirements.lock")
    assert "mkdocs" in runtime and "mkdocs-get-deps" in runtime
    assert kept == {k: v for k, v in runtime.items() if k not in ("mkdocs", "mkdocs-get-deps")}


def test_make_canary_tries_the_newest_properdocs_and_gives_the_venv_back_to_make_test():
    lines = make_n("canary")
    upgrade = index_of(lines, ".venv-canary/bin/pip install", "--upgrade 'properdocs>=1.6.7,<2'")
    assert "rm -f .venv-canary/.installed-*" in lines[upgrade + 1:], lines  # the stamp goes after it
    assert lines[-1] == ".venv-canary/bin/properdocs build --strict -f mkdocs.yml --site-dir site-canary"
    pinned = make_n("canary", "PROPERDOCS=properdocs==1.6.7")
    index_of(pinned, "--upgrade 'properdocs==1.6.7'")


def test_venv_stamps_change_with_the_locks_and_pyproject(tmp_path):
    """Each venv is reinstalled when what it is made of changes: its locks, and pyproject.toml
    (the entry point that names the plugin, the package list of the editable install)."""
    files = ["Makefile", "pyproject.toml", "requirements.lock", "requirements-test.lock", "requirements-canary.lock"]
    for name in files:
        shutil.copy(ROOT / name, tmp_path / name)
    stamps = lambda: (make_var("STAMP", tmp_path), make_var("CANARY_STAMP", tmp_path))  # noqa: E731
    before = stamps()
    assert before == (make_var("STAMP"), make_var("CANARY_STAMP"))
    assert before[0].startswith(".venv/.installed-") and before[1].startswith(".venv-canary/.installed-")

    seen = {before}
    for name, changes in [("pyproject.toml", (0, 1)), ("requirements-test.lock", (0,)),
                          ("requirements.lock", (1,)), ("requirements-canary.lock", (1,))]:
        old = stamps()
        with open(tmp_path / name, "a", encoding="utf-8") as f:
            f.write("\n# changed\n")
        new = stamps()
        assert [i for i in (0, 1) if new[i] != old[i]] == list(changes), (name, old, new)
        assert new not in seen
        seen.add(new)


FAKE_APT = """#!/bin/sh
# apt-get as another apt run makes it look: `update` finds the lists locked LOCKED times.
count="$0.count"; n=$(cat "$count" 2>/dev/null || echo 0); echo $((n + 1)) > "$count"
case " $* " in
  *" update "*) if [ "$n" -lt "$LOCKED" ]; then echo "$UPDATE_ERROR" >&2; exit 100; fi; exit 0;;
  *" install "*) echo "install: $*" >&2;;
esac
"""


def apt_install(tmp_path, locked, error="E: Could not get lock /var/lib/apt/lists/lock. It is held by process 1 (apt-get)"):
    """The Makefile's apt_install macro, run by make with a fake apt-get first on PATH."""
    fake = tmp_path / "apt-get"
    fake.write_text(FAKE_APT, encoding="utf-8")
    fake.chmod(0o755)
    env = clean_env(PATH=f"{tmp_path}:{os.environ['PATH']}", LOCKED=str(locked), UPDATE_ERROR=error)
    proc = subprocess.run(["make", "--no-print-directory", "-s", "APT_RETRY=0", "--eval",
                           "apt-trial: ; @$(call apt_install,somepackage)", "apt-trial"],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)
    return proc.stderr


def test_apt_waits_for_another_apts_lock_instead_of_failing(tmp_path):
    err = apt_install(tmp_path, locked=2)
    assert err.count("apt is busy") == 2, err
    assert "install: -o DPkg::Lock::Timeout=600 install -y -qq somepackage" in err, err


def test_apt_does_not_wait_on_other_update_errors(tmp_path):
    err = apt_install(tmp_path, locked=1, error="E: Failed to fetch: Temporary failure resolving")
    assert "apt is busy" not in err and "Temporary failure resolving" in err, err
    assert "install: -o DPkg::Lock::Timeout=600" in err, err


def test_every_apt_install_of_make_test_goes_through_the_waiting_macro():
    for target in ("browser", "pandoc", "tools"):
        lines = [line for line in make_n(target) if "DEBIAN_FRONTEND=noninteractive apt-get" in line]
        assert lines, f"make {target} installs nothing with apt-get"
        assert all("DPkg::Lock::Timeout" in line and "Could not get lock" in line for line in lines), (target, lines)


def test_make_test_fetches_the_pinned_html_checker():
    """tests/test_valid_html.py's vnu.jar: a pinned npm package, fetched by `make vnu`, which `make test` runs."""
    pin = make_var("VNU_JAR")
    assert re.fullmatch(r"vnu-jar@\d+\.\d+\.\d+", pin), pin
    fetch = " ".join(make_n("vnu"))
    assert f"npm pack --silent {pin}" in fetch and f"test-output/vnu/{pin}" in fetch, fetch
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: .*\bvnu\b", makefile, re.M), "make test does not run make vnu"
