"""Lighthouse 12 (npm, via npx) driving Debian Chromium, mobile emulation, on the article page
of the session's strict build served gzip-compressed: accessibility 100, best practices >= 95,
SEO >= 95. The run itself is scripts/lighthouse.sh, the same command DESIGN.md gives; its
summary (all four scores and what cost points) goes to test-output/lighthouse-article.txt.

Performance is recorded there but not asserted: it is timed, so it moves with the machine's
load (91 on a loaded machine, 96-98 on an idle one), and the project's rule is that speed is
measured by benchmark scripts (`make lighthouse`), not by timed tests.

Skipped, not failed, where npx is missing or npm cannot fetch Lighthouse (no network): any
other failure of the script fails the test."""
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import OUTPUT, ROOT

TARGETS = {"accessibility": 100, "best-practices": 95, "seo": 95}
# npm's own error line when it cannot reach the registry, or the registry lacks the package:
# "npm error code ENOTFOUND" (npm >= 10), "npm ERR! code EAI_AGAIN" (older npm). Lighthouse's
# own failures never print this line, so they still fail the test.
NPM_FETCH_ERROR = re.compile(r"^npm (?:ERR!|error) code (ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT"
                             r"|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT|E404)\s*$", re.MULTILINE)


def npm_fetch_error(stderr: str):
    """The npm error code if npx could not fetch the package for lack of network, else None."""
    match = NPM_FETCH_ERROR.search(stderr)
    return match and match.group(1)


def lighthouse(site, page, report):
    if shutil.which("npx") is None:
        pytest.skip("npx not found: Lighthouse needs Node 20 with npx (see README)")
    env = dict(os.environ, SITE=str(site), KEEP_REPORT=str(report))
    proc = subprocess.run(["sh", "scripts/lighthouse.sh", page], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 and (code := npm_fetch_error(proc.stderr)):
        pytest.skip(f"npx could not fetch lighthouse@12 from the npm registry ({code}): no network?")
    assert proc.returncode == 0, f"scripts/lighthouse.sh failed:\n{proc.stdout[-1500:]}\n{proc.stderr[-1500:]}"
    categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {key: round(categories[key]["score"] * 100) for key in categories}, proc.stdout


@pytest.mark.external
def test_article_meets_the_lighthouse_targets(site, tmp_path):
    scores, summary = lighthouse(site, "/article/", tmp_path / "report.json")
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "lighthouse-article.txt").write_text(
        summary + f"performance {scores['performance']}: recorded, not asserted (timed; see make lighthouse)\n",
        encoding="utf-8")
    for key, target in TARGETS.items():
        assert scores[key] >= target, f"{key} {scores[key]} < {target}\n{summary}"


@pytest.mark.parametrize("stderr, code", [
    ("npm error code ENOTFOUND\nnpm error syscall getaddrinfo\n", "ENOTFOUND"),
    ("npm ERR! code EAI_AGAIN\nnpm ERR! errno EAI_AGAIN\n", "EAI_AGAIN"),
    ("npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/lighthouse\n", "E404"),
    # Lighthouse ran and failed (its page load refused): a real failure, not a skip.
    ("Runtime error encountered: net::ERR_CONNECTION_REFUSED (ECONNREFUSED)\n", None),
    ("npm error code ETARGET\nnpm error notarget No matching version found for lighthouse@12.\n", None),
    ("Error: Chrome could not be found\n", None),
])
def test_only_npm_fetch_errors_count_as_no_network(stderr, code):
    assert npm_fetch_error(stderr) == code


@pytest.mark.external
def test_the_script_without_a_registry_is_recognised(tmp_path):
    """The real npx's message as scripts/lighthouse.sh passes it on, not a copy of it: a
    registry that refuses connections and an empty npm cache, as on a machine with no network."""
    if shutil.which("npx") is None:
        pytest.skip("npx not found")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    env = dict(os.environ, SITE=str(tmp_path / "site"), npm_config_registry="http://127.0.0.1:9/",
               npm_config_cache=str(tmp_path / "npm"), npm_config_fetch_retries="0",
               npm_config_update_notifier="false")
    proc = subprocess.run(["sh", "scripts/lighthouse.sh", "/"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and npm_fetch_error(proc.stderr) == "ECONNREFUSED", proc.stderr[-1500:]


@pytest.mark.parametrize("which, stderr, outcome", [
    (None, "", pytest.skip.Exception),                                     # no npx
    ("/usr/bin/npx", "npm error code EAI_AGAIN\n", pytest.skip.Exception),  # no network
    ("/usr/bin/npx", "Error: Chrome could not be found\n", AssertionError),  # anything else fails
], ids=["no-npx", "no-network", "other-failure"])
def test_skips_only_for_missing_npx_or_network(monkeypatch, tmp_path, which, stderr, outcome):
    monkeypatch.setattr(shutil, "which", lambda name: which)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 1, "", stderr))
    with pytest.raises(outcome):
        lighthouse(tmp_path, "/article/", tmp_path / "report.json")
