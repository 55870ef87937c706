"""The Makefile is the documented way to build: its targets do what README says."""
import os
import subprocess

from conftest import ROOT


def serve_command(*args, **env):
    """The `mkdocs serve` line `make serve` would run (-n runs nothing). Under `make test` the
    environment carries the outer make's MAKEFLAGS (PORT=... included), which must not leak in."""
    clean = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    proc = subprocess.run(["make", "-n", "serve", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**clean, **env}, check=True)
    return next(line for line in proc.stdout.splitlines() if "mkdocs serve" in line)


def test_serve_takes_a_port_on_the_command_line_and_defaults_to_8000():
    assert serve_command().endswith("mkdocs serve --strict --dev-addr 127.0.0.1:8000")
    assert serve_command("PORT=8001").endswith("mkdocs serve --strict --dev-addr 127.0.0.1:8001")
    # A PORT in the environment (some platforms set one) does not move the documented address.
    assert serve_command(PORT="9999").endswith("--dev-addr 127.0.0.1:8000")


def test_ci_runs_exactly_make_test():
    lines = [l for l in (ROOT / ".ci" / "run").read_text().splitlines() if l and not l.startswith("#")]
    assert lines[-1] == "make test"
