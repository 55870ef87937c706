"""The corrections log (Method and corrections page) is the claims file's own record: each
verdict change keeps date, from, to and why in the claim. This replays the file's git
history, commit by commit and then the working tree, and fails if any verdict changed
without a correction that says so: a verdict cannot change silently."""
import functools
import subprocess

import pytest
import yaml

from conftest import ROOT

CLAIMS = "seeds/taliban-plan-to-rebuild-al-qaeda.claims.yml"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml's where PyYAML has it: one file per commit


def git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout


@functools.lru_cache(maxsize=None)   # both tests replay the same history
def versions():
    try:
        if git("rev-parse", "--is-shallow-repository").strip() == "true":
            pytest.skip("shallow clone: the claims file's history is incomplete (git fetch --unshallow)")
        revs = git("log", "--reverse", "--format=%H", "--", CLAIMS).split()
    except (OSError, subprocess.CalledProcessError) as err:
        pytest.skip(f"no git history here ({err})")
    out = [(rev[:7], yaml.load(git("show", f"{rev}:{CLAIMS}"), Loader=LOADER)) for rev in revs]
    out.append(("working tree", yaml.load((ROOT / CLAIMS).read_text(encoding="utf-8"), Loader=LOADER)))
    return out


def test_every_verdict_change_in_the_history_has_a_correction():
    history = versions()
    unlogged = []
    for (_, before), (where, after) in zip(history, history[1:]):
        old = {c["id"]: c["verdict"] for c in before}
        for claim in after:
            was = old.get(claim["id"])
            if was is not None and was != claim["verdict"]:
                logged = [(c["from"], c["to"]) for c in claim.get("corrections", [])]
                if (was, claim["verdict"]) not in logged:
                    unlogged.append(f"{claim['id']}: {was} -> {claim['verdict']} ({where})")
    assert not unlogged, "verdict changes without a `corrections` record:\n" + "\n".join(unlogged)


def test_the_replay_sees_this_rounds_changes():
    """Guards the test above: a removed correction must be noticed (here, in memory)."""
    history = versions()
    corrected = [c for c in history[-1][1] if c.get("corrections")]
    assert corrected, "no claim records a correction"
    claim = dict(corrected[0], corrections=[])
    first = next(v for _, v in history if any(c["id"] == claim["id"] for c in v))
    was = next(c["verdict"] for c in first if c["id"] == claim["id"])
    assert was != claim["verdict"] or len(history) == 1
