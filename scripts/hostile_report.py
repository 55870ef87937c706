#!/usr/bin/env python3
"""Run the generative hostile-data corpus (tests/hostile_corpus.py, the code the `hostile` test
tier runs) and print the count of cases by outcome, the slowest case's time and peak memory
(RSS of its build), and every case that is neither a clear error nor inert.

    .venv/bin/python scripts/hostile_report.py [--sample] [--only TEXT] [--jobs 2] [--json out.json] [--browser]

--sample runs the CI tier's seeded sample only; --browser also opens the pages each build's
markers reach in Chromium with a dialog handler (one job)."""
import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile_corpus as corpus  # noqa: E402


def write_json(path, results):
    path.write_text(json.dumps([{"case": r.case.id, "file": r.case.field.file, "field": r.case.field.label,
                                 "payload": r.case.payload, "outcome": r.outcome, "detail": r.detail,
                                 "seconds": round(r.seconds, 2), "peak_rss_mb": round(r.peak_rss_mb),
                                 "pages": list(r.pages)} for r in results], indent=1), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", action="store_true", help="the CI tier's seeded sample only")
    parser.add_argument("--only", help="only the cases whose id (payload@file:field) contains this")
    parser.add_argument("--jobs", type=int, default=1, help="builds at a time (default 1)")
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    parser.add_argument("--browser", action="store_true", help="Chromium dialog check on the reached pages")
    args = parser.parse_args()
    cases = corpus.sample(corpus.corpus()) if args.sample else corpus.corpus()
    cases = [c for c in cases if args.only in c.id] if args.only else cases
    started, done = time.perf_counter(), []

    def report(results):
        done.extend(results)
        print(f"{len(done)}/{len(cases)} cases, {time.perf_counter() - started:.0f} s: {results[0].case.payload} "
              + ", ".join(f"{k} {v}" for k, v in Counter(r.outcome for r in results).items()),
              file=sys.stderr, flush=True)
        if args.json:   # written as results come in: a long run can be read while it goes on
            write_json(args.json, done)
    with tempfile.TemporaryDirectory(prefix="hostile-") as work:
        runner = corpus.Runner(Path(work))
        if args.browser:
            from playwright.sync_api import sync_playwright
            from conftest import CHROMIUM, CHROMIUM_ARGS
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                runner.visit = corpus.browser_visitor(browser)
                results = corpus.run(runner, cases, jobs=1, progress=report)
                browser.close()
        else:
            results = corpus.run(runner, cases, jobs=args.jobs, progress=report)
    total = time.perf_counter() - started
    counts = Counter(r.outcome for r in results)
    print(f"{len(results)} cases ({len(corpus.PAYLOADS)} payloads x {len(corpus.fields())} fields"
          f"{', seeded sample' if args.sample else ''}) in {total:.0f} s")
    for outcome in corpus.OUTCOMES:
        print(f"  {outcome:14} {counts.get(outcome, 0)}")
    slowest = max(results, key=lambda r: r.seconds)
    biggest = max(results, key=lambda r: r.peak_rss_mb)
    print(f"slowest case: {slowest.case.id}: {slowest.seconds:.1f} s, peak RSS {slowest.peak_rss_mb:.0f} MB "
          f"({slowest.outcome})")
    print(f"largest peak RSS: {biggest.case.id}: {biggest.peak_rss_mb:.0f} MB")
    failing = [r for r in results if r.outcome not in corpus.PASSING]
    if failing:
        print(f"\n{len(failing)} cases neither a clear error nor inert:")
        for r in sorted(failing, key=lambda r: (r.case.field.id, r.case.payload)):
            print(f"  {r.outcome:13} {r.case.field.id} <- {r.case.payload}: {r.detail.splitlines()[0][:240] if r.detail else ''}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
