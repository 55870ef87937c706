"""features/atomic_site_dir.py: a failed build leaves the previous site directory byte for byte
as it was (MkDocs alone empties it first); a good build replaces it whole."""
import errno
import inspect
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from conftest import ROOT, build_site
from sites import make_site

pytestmark = pytest.mark.build   # every test here builds a site

BROKEN = {
    # A hook raises (on_page_markdown): MkDocs has already emptied site_dir by then.
    "hook-error": {"index.md": "# Home\n\nSee [@no-such-key].\n"},
    # A strict-mode warning: MkDocs aborts only after on_post_build, when the site is written.
    "strict-warning": {"index.md": "# Home\n\n[x](missing.md) [@known-2020]\n"},
}


def old_site(parent: Path) -> Path:
    site = parent / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<p>the previous build</p>", encoding="utf-8")
    (site / "assets" / "old.css").write_bytes(b"p { color: black }\n")
    return site


def snapshot(directory: Path) -> dict:
    return {str(p.relative_to(directory)): p.read_bytes() if p.is_file() else None for p in directory.rglob("*")}


def leftovers(parent: Path) -> list:
    return [p.name for p in parent.iterdir() if ".partial-" in p.name or ".old-" in p.name]


@pytest.mark.parametrize("pages", BROKEN.values(), ids=BROKEN.keys())
def test_failed_build_leaves_the_site_dir_byte_identical(tmp_path, pages):
    config = make_site(tmp_path, pages)
    site = old_site(tmp_path)
    before = snapshot(site)
    with pytest.raises((Abort, PluginError)):
        build_site(config, site)
    assert snapshot(site) == before
    assert leftovers(tmp_path) == []


def test_good_build_replaces_the_site_dir(tmp_path):
    config = make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@known-2020]\n"})
    site = old_site(tmp_path)
    build_site(config, site)
    assert not (site / "assets" / "old.css").exists()
    assert "Example Organization 2020" in (site / "index.html").read_text(encoding="utf-8")
    assert leftovers(tmp_path) == []


def test_the_project_keeps_its_site_when_mkdocs_build_fails(tmp_path):
    """The real configuration through the real command: mkdocs.yml registers the hook."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "site-offline*", "*.partial-*", "*.old-*", "test-output", ".pytest_cache",
        "__pycache__", "node_modules"))
    with open(project / "docs" / "index.md", "a", encoding="utf-8") as page:
        page.write("\nA broken citation [@no-such-key].\n")
    site = old_site(project)
    before = snapshot(site)
    proc = subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "--strict"], cwd=project,
                          capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert proc.returncode != 0 and "no-such-key" in proc.stderr, proc.stderr[-2000:]
    assert snapshot(site) == before
    assert leftovers(project) == []


def test_serve_and_dirty_builds_write_in_place(tmp_path):
    """`mkdocs serve` builds into its own temporary directory (this is how the hook knows it),
    and `mkdocs build --dirty` updates the existing site on purpose."""
    from types import SimpleNamespace
    from reference_edition.features import atomic_site_dir as hook
    from mkdocs.commands import serve
    assert "tempfile.mkdtemp(prefix='mkdocs_')" in inspect.getsource(serve.serve)
    plugin = SimpleNamespace(atomic=hook.State())

    def site_dir_after_on_config(site_dir):
        config = {"site_dir": site_dir}
        hook.on_config(plugin, config)
        return config["site_dir"]
    served = tempfile.mkdtemp(prefix="mkdocs_")
    try:
        assert site_dir_after_on_config(served) == served
    finally:
        os.rmdir(served)
    hook.on_startup(plugin, dirty=True)
    try:
        assert site_dir_after_on_config(str(tmp_path / "site")) == str(tmp_path / "site")
    finally:
        hook.on_shutdown(plugin)
    assert site_dir_after_on_config(str(tmp_path / "site")) == f"{tmp_path / 'site'}.partial-{os.getpid()}"
    hook.on_build_error(plugin, None)


def test_folders_of_killed_builds_are_removed_and_running_ones_kept(tmp_path):
    """A build killed before it could clean up leaves <site>.partial-<pid> (or .old-<pid>)."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()   # a pid that has ended
    config = make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@known-2020]\n"})
    stale = [tmp_path / f"site.partial-{dead}", tmp_path / f"site.old-{dead}"]
    running = tmp_path / f"site.partial-{os.getppid()}"                 # pytest's parent is running
    unrelated = tmp_path / "site.partial-notes"
    for folder in (*stale, running, unrelated):
        (folder / "assets").mkdir(parents=True)
    build_site(config, tmp_path / "site")
    assert [p.name for p in stale if p.exists()] == [], "a killed build's folder was left"
    assert running.exists() and unrelated.exists(), "a folder of a running build (or not a build's) was removed"


def test_an_unwritable_site_folder_is_one_clear_error_before_building(tmp_path, caplog):
    """Root may write anywhere, so the folder is made unwritable by being under a file."""
    config = make_site(tmp_path, {"index.md": "# Home\n"})
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(Abort):
        build_site(config, tmp_path / "file" / "site")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "cannot write the site next to" in errors[0] and "--site-dir" in errors[0], errors


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_or_read_only_disk_is_one_line_and_the_old_site_stays(tmp_path, monkeypatch, code):
    """The disk fills (or turns read-only) while pages are written: MkDocs' write_file raises."""
    from mkdocs import utils
    config = make_site(tmp_path, {"index.md": "# Home\n\nA claim.[@known-2020]\n"})
    site = old_site(tmp_path)
    before = snapshot(site)
    real_write = utils.write_file

    def failing_write(content, output_path):
        if output_path.endswith("index.html"):
            raise OSError(code, os.strerror(code), output_path)
        real_write(content, output_path)
    monkeypatch.setattr(utils, "write_file", failing_write)
    with pytest.raises(Abort, match=rf"Cannot write the site: {os.strerror(code)} .*index.html.*unchanged") as err:
        build_site(config, site)
    assert "\n" not in str(err.value)
    assert snapshot(site) == before and leftovers(tmp_path) == []
