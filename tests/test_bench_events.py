"""scripts/bench_build.py --events: the hook it adds to both builds reports resident memory and
CPU time at each build event it names (the numbers themselves are the benchmark's, not a test's)."""
import re
import sys

from conftest import ROOT


def test_the_events_hook_reports_memory_and_cpu_at_each_event(capsys):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import bench_build
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    hook = {}
    exec(compile(bench_build.EVENTS_HOOK, "events_hook.py", "exec"), hook)
    hook["on_config"](None)
    hook["on_files"](None, None)
    hook["on_env"](None, None, None)
    hook["on_post_build"](None)
    lines = capsys.readouterr().err.splitlines()
    assert [line.split()[1] for line in lines] == ["config", "files", "env", "post_build"], lines
    for line in lines:
        m = re.search(r"(\d+) MB now +(\d+) MB peak +([\d.]+) CPU s", line)
        assert m and int(m[1]) > 0 and int(m[2]) > 0, f"no memory or CPU time in {line!r}"


def _described(items):
    """A navigation as nested tuples: sections and links by title, pages by source (and the title the nav gave)."""
    return [("section", i.title, _described(i.children)) if i.is_section else ("link", i.title, i.url) if i.is_link
            else ("page", i.__dict__.get("title"), i.file.src_uri) for i in items]


def test_plain_same_gets_the_navigation_the_full_build_ended_with(tmp_path):
    """The full build's hook saves its final navigation (DUMP_HOOK's on_nav) as a `nav:` setting
    that gives plain-same the same navigation: the same sections, titles, links and pages, and
    none of the pages the full build left out of it."""
    import json
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import get_navigation
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import bench_build
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    (tmp_path / "docs").mkdir()

    def navigation(nav):
        config = MkDocsConfig()
        config.load_dict({"site_name": "Bench", "docs_dir": str(tmp_path / "docs"), "nav": nav})
        assert config.validate() == ([], []), "the navigation setting is not valid"
        files = Files([File(src, str(tmp_path / "docs"), str(tmp_path / "site"), True) for src in
                       ("index.md", "about.md", "glossary/index.md", "glossary/a.md", "glossary/b.md", "hidden.md")])
        return get_navigation(files, config), config, files
    full = [{"Home": "index.md"}, {"Glossary": ["glossary/index.md", {"Terms": ["glossary/a.md", {"B": "glossary/b.md"}]}]},
            "about.md", {"Elsewhere": "https://example.org/"}]
    nav, config, files = navigation(full)
    hook = {"__file__": str(tmp_path / "dump_generated.py")}
    exec(compile(bench_build.DUMP_HOOK, "dump_generated.py", "exec"), hook)
    hook["on_nav"](nav, config, files)
    saved = json.loads((tmp_path / "nav.json").read_text(encoding="utf-8"))
    again = _described(navigation(saved)[0].items)
    assert again == _described(nav.items), f"plain-same's navigation {again} is not the full build's {_described(nav.items)}"
    assert "hidden.md" not in json.dumps(saved), "a page the full build left out of the navigation is in plain-same's"
