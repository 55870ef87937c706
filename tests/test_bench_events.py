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
