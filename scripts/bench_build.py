#!/usr/bin/env python3
"""Build-speed benchmark: does the full-featured build stay fast as the corpus grows?

For each size (N written pages, M bibliography entries, K glossary entries) it writes a
synthetic project in a temp dir in which citations are spread as a real site spreads them: every
synthetic entry is cited once or twice, across the written pages and the glossary's facts (the
real article's claims and glossary cite the real entries). Each build runs in a fresh subprocess
(wall and CPU time, peak RSS); ratios are of CPU time within one run (steadier than wall time on
a shared machine). The baselines (issue 20, "Asked" 6):
  full     the project's own configuration: mkdocs.yml with its plugins (search, offline and the
           `reference-edition` plugin, whose paths are made absolute and pointed at the synthetic
           refs.bib and glossary) and Markdown extensions; a new project, so the plugin's
           formatted-reference cache (.cache/ of the project) starts empty;
  cached   `full` again in a new process, with the reference cache the first build wrote: what
           `mkdocs build` costs when refs.bib has not changed since the last build;
  plain    "plain-same": the same pages with plain mkdocs-material (search only, no edition
           plugin: citations stay text); the Markdown of the pages the plugin generates (article,
           claims, bibliography, glossary, method) is saved during the full build by a small
           extra hook (`hooks:` still works beside plugins) and built here as ordinary pages,
           with the navigation the full build ended with and Material's settings of mkdocs.yml
           (its navigation features among them), without the edition's template overrides;
  bibtex   "mkdocs-bibtex alone": the written pages (their [@key] citations kept) plus ONE page
           holding `\full_bibliography`, with plain mkdocs-material and the mkdocs-bibtex plugin
           as a reader would configure it alone: the same refs.bib as bib_file, footnote_format
           "ref-{key}", enable_inline_citations false; nothing of this project. [@key, p. 12]
           locators are left in: mkdocs-bibtex (pybtex mode, no csl_file) logs "Affixes not
           supported in simple mode" and drops the locator, so each still becomes a note;
  rebuild  what `mkdocs serve` does after a one-line edit: after a first build in the same
           process, reload the config as serve does (the edition plugin, having on_startup, is
           kept, and so are its caches keyed on the data files) and build again; only the last
           build is timed. Measured for the full project (edit docs/bench/page-000.md) and for
           `plain` (the same edit to its copy of that page). --rebuilds R repeats the edit and
           rebuild R times and reports the resident memory after the first and the last
           (serve's memory must stay flat); --dirty rebuilds as `mkdocs serve --dirty` does.

    .venv/bin/python scripts/bench_build.py --quick        # 3 sizes, up to 200 x 5,000 x 500
    .venv/bin/python scripts/bench_build.py                # full grid N x M x K (18 sizes)
    .venv/bin/python scripts/bench_build.py --size 200 5000 500     # one size (repeatable option)
    .venv/bin/python scripts/bench_build.py --size 200 5000 500 --rebuilds 20   # serve memory
    .venv/bin/python scripts/bench_build.py --profile 200 5000 500  # cProfile of one full build
    .venv/bin/python scripts/bench_build.py --profile 200 5000 500 --cached  # ... refs cached
    .venv/bin/python scripts/bench_build.py --events 200 5000 500   # resident memory and CPU at build events
    .venv/bin/python scripts/bench_build.py --check-cache 1000      # the reference cache changes no output
"""
import argparse
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PLUGIN = "reference-edition"       # the project's plugin, as mkdocs.yml names it
# The mkdocs-bibtex 4.4.0 baseline: the settings a reader would give it alone (issue 13).
BIBTEX_ALONE = {"footnote_format": "ref-{key}", "enable_inline_citations": False}
FACTS = 3                          # facts per synthetic glossary entry, each citing one source
TYPES = ("techreport", "misc", "article", "book", "incollection")
KINDS = ("un", "government", "primary", "research", "news", "reference")
WORDS = ("network leadership province report council analysis border support training "
         "movement security region group sanctions envoy ministry agreement militants").split()

# Runs in the child process: build (or, for a serve rebuild, build, then edit and rebuild R times
# as `mkdocs serve` does: config reloaded, plugins with on_startup kept, a mkdtemp site folder),
# report JSON. RSS: resident memory now (serve's growth); peak: the process's high-water mark.
CHILD = textwrap.dedent("""\
    import json, resource, shutil, sys, tempfile, time
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    config_file, site_dir, edit, profile, rebuilds, dirty = sys.argv[1:7]
    rebuilds, dirty = int(rebuilds), dirty == "dirty"
    serving = edit != "-"
    if serving:   # serve builds into its own temporary folder (the edition plugin knows it by name)
        site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    def rss_mb():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    def run(first=False):
        config = load_config(config_file=config_file, site_dir=site_dir)
        if serving and first:
            config.plugins.on_startup(command="serve", dirty=dirty)
        build(config, dirty=dirty)   # serve passes its --dirty to every build, the first too
    if profile != "-":
        import cProfile, pstats
        cProfile.run("run()", profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    t0, c0 = time.perf_counter(), time.process_time(); run(first=True)
    first, cpu = time.perf_counter() - t0, time.process_time() - c0
    second = second_cpu = None
    rss = []
    for _ in range(rebuilds if serving else 0):
        with open(edit, "a", encoding="utf-8") as f:
            f.write("\\nOne more line, as an editor adds it.\\n")
        t0, c0 = time.perf_counter(), time.process_time(); run()
        second, second_cpu = time.perf_counter() - t0, time.process_time() - c0
        rss.append(rss_mb())
    if serving:
        shutil.rmtree(site_dir, ignore_errors=True)
    print(json.dumps({"build": first, "rebuild": second, "cpu": cpu, "rebuild_cpu": second_cpu,
                      "rss": rss, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    """)


# Runs in the child process for --check-cache: refs.bib read and formatted as the build does it;
# each Reference's repr holds every value it was read with (data/bibread_cache.py), with its type.
FORMAT_CHILD = textwrap.dedent("""\
    import json, sys
    from reference_edition.data.bib import load_bibliography
    refs = load_bibliography(sys.argv[1])
    print(json.dumps({k: [r.html, r.label, r.order, repr(r)] for k, r in refs.items()}))
    """)


# Added to the full build only, as a hook: saves the Markdown of every page the plugin generates
# (article, claims, bibliography, glossary, method), so the plain build renders the same pages,
# minus features; and the navigation the full build ends with (after the plugins have changed
# it), as a `nav:` setting, so plain-same renders the same navigation into its pages: the
# navigation's size is much of a page's cost (issue 20), so a baseline with more or less of it
# than the full build would misstate the plugin's own cost.
DUMP_HOOK = textwrap.dedent("""\
    import json
    from pathlib import Path
    from mkdocs.plugins import event_priority
    OUT = Path(__file__).parent / "generated"
    @event_priority(1000)
    def on_page_markdown(markdown, page, config, files):
        src = page.file.abs_src_path
        if src is None or not src.startswith(config.docs_dir):
            (OUT / page.file.src_uri).parent.mkdir(parents=True, exist_ok=True)
            (OUT / page.file.src_uri).write_text(markdown, encoding="utf-8")
    def _nav_item(item):
        if item.is_section:
            return {item.title: [_nav_item(child) for child in item.children]}
        if item.is_link:
            return {item.title: item.url}
        title = item.__dict__.get("title")   # a title the nav gave; else the page's own, as here
        return {title: item.file.src_uri} if title else item.file.src_uri
    @event_priority(-1000)   # after every plugin's on_nav
    def on_nav(nav, config, files):
        (OUT.parent / "nav.json").write_text(json.dumps([_nav_item(i) for i in nav.items]), encoding="utf-8")
    """)


# Added for --events, as a hook: resident memory (now and peak) and CPU time after each build
# event of the edition's interest, to stderr: where a build's time and memory go, by stage
# (loading the model in on_config, generating pages in on_files, converting them before
# on_env, rendering and writing them, the post-build checks).
EVENTS_HOOK = textwrap.dedent("""\
    import resource, sys, time
    from mkdocs.plugins import event_priority
    def say(event):
        with open("/proc/self/statm") as f:
            rss = int(f.read().split()[1]) * resource.getpagesize() / 2**20
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"event {event:30s} {rss:7.0f} MB now {peak:7.0f} MB peak {time.process_time():7.1f} CPU s since the process began",
              file=sys.stderr, flush=True)
    @event_priority(-2000)
    def on_config(config): say("config (the model loaded)")
    @event_priority(-2000)
    def on_files(files, config): say("files (pages generated)")
    @event_priority(-2000)
    def on_env(env, config, files): say("env (every page converted)")
    @event_priority(2000)
    def on_post_build(config): say("post_build (pages written)")
    """)


def bib_entry(i, rng):
    key, etype, kind = f"bench-{i:05d}", TYPES[i % len(TYPES)], KINDS[i % len(KINDS)]
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    fields = {"title": title, "year": str(1990 + i % 35), "kind": kind,
              "annote": f"Synthetic entry {i} for the build benchmark."}
    author = f"Author{i}, Given and Second{i % 97}, Other"
    if etype == "techreport":
        fields |= {"author": author, "institution": f"Institute {i % 50}", "number": f"S/{i}"}
    elif etype == "misc":
        fields |= {"author": f"{{Organization {i % 80}}}", "howpublished": f"Publisher {i % 40}",
                   "url": f"https://example.org/bench/{i}", "urldate": "2024-01-01"}   # an address needs a seen-date
    elif etype == "article":
        fields |= {"author": author, "journal": f"Journal of {rng.choice(WORDS).title()} Studies",
                   "volume": str(i % 40 + 1), "pages": f"{i % 300 + 1}--{i % 300 + 20}"}
    elif etype == "book":
        fields |= {"author": author, "publisher": f"Press {i % 30}"}
    else:
        fields |= {"author": author, "booktitle": f"Handbook of {rng.choice(WORDS).title()}",
                   "publisher": f"Press {i % 30}", "editor": f"Editor{i % 13}, Ed"}
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return key, f"@{etype}{{{key},\n{body},\n}}\n"


def citations(keys, n, k, rng):
    """Every key cited once or twice, shuffled, dealt to the glossary's facts first (FACTS each,
    so every fact cites a source) and the rest to the N pages: (fact citations, page citations)."""
    cites = [key for key in keys for _ in range(rng.choice((1, 2)))]
    rng.shuffle(cites)
    facts = cites[:k * FACTS]
    facts += [rng.choice(keys) for _ in range(k * FACTS - len(facts))]   # fewer citations than facts
    rest = cites[k * FACTS:]
    return facts, [rest[i::n] for i in range(n)] if n else []


def glossary_entry(j, cites):
    return {"name": f"Benchterm {j}", "kind": "term",
            "aliases": [f"Benchterm-{j} Alias", f"BT{j} Network"],
            "definition": f"Synthetic glossary entry {j} for the build benchmark.",
            "facts": [{"text": f"Fact {f} about benchterm {j}.", "cite": [{"key": key, "locator": f"p. {f}"}]}
                      for f, key in enumerate(cites, 1)],
            "related": []}


def page(n, cites, k, rng):
    """A written page: paragraphs of four sentences, each citing one of `cites` (a page citing
    nothing still has one paragraph), glossary terms named in prose."""
    sentences = []
    for key in cites or [None] * 4:
        words = " ".join(rng.choice(WORDS) for _ in range(14))
        term = f" the BT{rng.randrange(k)} Network and Benchterm {rng.randrange(k)}" if k else ""
        cite = "" if key is None else f" [@{key}, p. {rng.randrange(1, 300)}]" if rng.random() < .2 else f" [@{key}]"
        sentences.append(f"{words.capitalize()}{term}{cite}.")
    paras = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
    return f"# Bench page {n}\n\n" + "\n\n".join(paras) + "\n"


def write_project(base: Path, n, m, k, real_bib=ROOT / "refs.bib", seed=1):
    """The synthetic project: returns (full mkdocs.yml, plain mkdocs.yml, a page to edit)."""
    rng = random.Random(seed)
    docs = base / "docs"
    shutil.copytree(ROOT / "docs", docs)
    keys, entries = zip(*(bib_entry(i, rng) for i in range(m)))
    real_bib = Path(real_bib).read_text(encoding="utf-8")
    (base / "refs.bib").write_text(real_bib + "\n" + "\n".join(entries), encoding="utf-8")
    fact_cites, page_cites = citations(keys, n, k, rng)
    gloss = base / "glossary"
    gloss.mkdir()
    for f in (ROOT / "glossary").glob("*.yml"):
        shutil.copy(f, gloss / f.name)
    for j in range(k):
        (gloss / f"benchterm-{j}.yml").write_text(
            yaml.safe_dump(glossary_entry(j, fact_cites[j * FACTS:(j + 1) * FACTS])), encoding="utf-8")
    bench = docs / "bench"
    bench.mkdir()
    for i in range(n):
        (bench / f"page-{i:03d}.md").write_text(page(i, page_cites[i], k, rng), encoding="utf-8")
    # mkdocs-bibtex alone lists the bibliography where a page says \full_bibliography: its own
    # docs folder, the written pages plus that one page.
    shutil.copytree(docs, base / "bibtex-docs")
    (base / "bibtex-docs" / "bibliography.md").write_text("# Bibliography\n\n\\full_bibliography\n", encoding="utf-8")

    full = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    full.pop("nav", None)                      # every page, generated ones included
    full["docs_dir"] = str(docs)
    full["strict"] = False                     # measure speed, not the synthetic prose
    full["theme"]["custom_dir"] = str(ROOT / full["theme"].get("custom_dir", "overrides"))
    full.pop("watch", None)
    # The edition plugin as mkdocs.yml configures it, its paths made absolute (they are relative
    # to the config file, which is in the temp dir): copies of the article seed and claims, the
    # synthetic refs.bib and glossary.
    edition = _plugin_options(full, PLUGIN)
    shutil.copytree(ROOT / "seeds", base / "seeds")   # data paths must lead inside the project
    for article in edition.get("articles") or []:
        for name in ("seed", "claims"):
            article[name] = str(base / article[name])
    edition["bibliography"], edition["glossary"] = str(base / "refs.bib"), str(gloss)
    edition.pop("editions", None)   # the fixed editions record the real bibliography, not the synthetic one
    if edition.get("bibliography_corrections"):
        shutil.copy(ROOT / edition["bibliography_corrections"], base / "refs-corrections.yml")
        edition["bibliography_corrections"] = str(base / "refs-corrections.yml")
    # Hooks still work beside plugins: one more, in the full build only, saves the Markdown of
    # the pages the plugin generates (the plain build renders them as ordinary pages).
    (base / "dump_generated.py").write_text(DUMP_HOOK, encoding="utf-8")
    full["hooks"] = [str(ROOT / h) for h in full.get("hooks", [])] + [str(base / "dump_generated.py")]
    (base / "full.yml").write_text(yaml.safe_dump(full, sort_keys=False), encoding="utf-8")

    # Material's own settings, its navigation features (tabs, prune...) among them, as the full
    # build has them; not the edition's template overrides (custom_dir).
    theme = {k: v for k, v in full["theme"].items() if k != "custom_dir"}
    plain = {"site_name": "Plain", "docs_dir": str(base / "plain-docs"), "theme": theme,
             "plugins": ["search"], "markdown_extensions": full.get("markdown_extensions", []),
             "extra_css": full.get("extra_css", []), "extra_javascript": full.get("extra_javascript", [])}
    (base / "plain.yml").write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    # mkdocs-bibtex alone, as a reader would configure it: the written pages and one
    # \full_bibliography page, plain Material plus the bibtex plugin on the same refs.bib.
    bibtex = BIBTEX_ALONE | {"bib_file": str(base / "refs.bib")}
    (base / "bibtex.yml").write_text(yaml.safe_dump(
        plain | {"docs_dir": str(base / "bibtex-docs"), "plugins": ["search", {"bibtex": bibtex}]}, sort_keys=False), encoding="utf-8")
    return base / "full.yml", base / "plain.yml", bench / "page-000.md"


def _plugin_options(config, name):
    """The options dict of plugin `name` in a loaded mkdocs.yml (made a dict if it was a bare name)."""
    plugins = config["plugins"]
    for i, plugin in enumerate(plugins):
        if plugin == name:
            plugins[i] = plugin = {name: {}}
        if isinstance(plugin, dict) and name in plugin:
            if plugin[name] is None:
                plugin[name] = {}
            return plugin[name]
    sys.exit(f"mkdocs.yml lists no '{name}' plugin")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !relative; keep the default of each."""


_Loader.add_constructor("!ENV", lambda loader, node: (loader.construct_sequence(node)[-1]
                                                       if isinstance(node, yaml.SequenceNode) else None))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:",
                              lambda loader, suffix, node: None)


def plain_same(base: Path, plain: Path):
    """After the full build: plain-same's pages (the written ones and the Markdown the plugin
    generated) and, in plain.yml, the navigation the full build ended with."""
    shutil.copytree(base / "docs", base / "plain-docs")
    shutil.copytree(base / "generated", base / "plain-docs", dirs_exist_ok=True)
    config = yaml.safe_load(plain.read_text(encoding="utf-8"))
    config["nav"] = json.loads((base / "nav.json").read_text(encoding="utf-8"))
    plain.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def events(n, m, k, real_bib):
    """--events: the full build (references cached) and plain-same, each with EVENTS_HOOK."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        base = Path(tmp)
        full, plain, _ = write_project(base, n, m, k, real_bib)
        run(full, base / "site-full")   # fills the reference cache and saves the generated Markdown
        plain_same(base, plain)
        (base / "events_hook.py").write_text(EVENTS_HOOK, encoding="utf-8")
        for name, config in (("full, references cached", full), ("plain-same", plain)):
            data = yaml.safe_load(config.read_text(encoding="utf-8"))
            data["hooks"] = data.get("hooks", []) + [str(base / "events_hook.py")]
            config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
            r = run(config, base / f"site-events-{config.stem}", stderr=True)
            print(f"{name}:", *[line for line in r["stderr"].splitlines() if line.startswith("event ")], sep="\n  ")
            print(f"  the build: {r['rss_mb']:.0f} MB peak, {r['cpu']:.1f} CPU s from loading mkdocs.yml to the end")


def run(config, site_dir, edit=None, profile=None, rebuilds=1, dirty=False, stderr=False):
    # The edition's formatted-reference cache (reference_edition/data/bib.py) in the synthetic
    # project, never a folder set in the caller's environment: it starts empty with each project.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               REFERENCE_EDITION_CACHE=str(config.parent / ".cache" / "reference-edition"))
    proc = subprocess.run([PY, "-c", CHILD, str(config), str(site_dir), str(edit or "-"), str(profile or "-"),
                           str(rebuilds), "dirty" if dirty else "clean"],
                          capture_output=True, text=True, env=env, cwd=config.parent)
    if proc.returncode:
        sys.exit(f"build of {config} failed:\n{proc.stderr[-3000:]}")
    if profile:
        print(proc.stdout)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result | {"stderr": proc.stderr} if stderr else result


def measure(n, m, k, real_bib, rebuilds=1, dirty=False):
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        base = Path(tmp)
        full, plain, edit = write_project(base, n, m, k, real_bib)
        f = run(full, base / "site-full")            # a new project: the reference cache is empty
        w = run(full, base / "site-full-cached")     # the same, again: citeproc-py's rendering on disk
        plain_same(base, plain)
        p = run(plain, base / "site-plain")
        x = run(base / "bibtex.yml", base / "site-bibtex")
        pr = run(plain, None, edit=base / "plain-docs" / edit.relative_to(base / "docs"), rebuilds=rebuilds, dirty=dirty)
        r = run(full, None, edit=edit, rebuilds=rebuilds, dirty=dirty)
        weights = page_weights(base / "site-full")
        return {**weights, "N": n, "M": m, "K": k, "full_s": f["build"], "plain_s": p["build"],
                "full_cpu": f["cpu"], "plain_cpu": p["cpu"], "ratio": f["cpu"] / p["cpu"],
                "bibtex_s": x["build"], "bibtex_cpu": x["cpu"], "bibtex_ratio": f["cpu"] / x["cpu"],
                "cached_s": w["build"], "cached_cpu": w["cpu"], "cached_ratio": w["cpu"] / p["cpu"],
                "cached_bibtex_ratio": w["cpu"] / x["cpu"],
                "rebuild_s": r["rebuild"], "rebuild_cpu": r["rebuild_cpu"],
                "plain_rebuild_s": pr["rebuild"], "plain_rebuild_cpu": pr["rebuild_cpu"],
                "rebuild_ratio": r["rebuild_cpu"] / pr["rebuild_cpu"],
                "full_mb": f["rss_mb"], "cached_mb": w["rss_mb"], "plain_mb": p["rss_mb"], "bibtex_mb": x["rss_mb"],
                "mem_ratio": f["rss_mb"] / p["rss_mb"], "serve_rss": r["rss"], "plain_serve_rss": pr["rss"]}


def page_weights(site: Path) -> dict:
    """What a reader downloads: the heaviest HTML page of the full build, and the search index."""
    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    return {"largest_page": largest.relative_to(site).as_posix(), "largest_page_kb": largest.stat().st_size / 1024,
            "search_index_kb": (site / "search" / "search_index.json").stat().st_size / 1024}


def formatted(bib, cache):
    """refs.bib as a new process formats it: key -> [html, label, order]; cache: a folder or "off"."""
    env = dict(os.environ, REFERENCE_EDITION_CACHE=str(cache))
    proc = subprocess.run([PY, "-c", FORMAT_CHILD, str(bib)], capture_output=True, text=True, env=env, check=True)
    return json.loads(proc.stdout)


def check_cache(m, real_bib):
    """reference_edition/data/bib.py keeps citeproc-py's rendering on disk, and
    data/bibread_cache.py refs.bib as read: the references, labels and order, and every value
    read from refs.bib, must be those of no cache, whether the cache is empty, full, partly
    stale (entries edited, added and removed) or damaged."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
        tmp = Path(tmp)
        bib, cache = tmp / "refs.bib", tmp / "cache"
        entries = [bib_entry(i, rng)[1] for i in range(m)]
        real = Path(real_bib).read_text(encoding="utf-8")
        bib.write_text(real + "\n" + "\n".join(entries), encoding="utf-8")
        expected = formatted(bib, "off")
        checks = [("cold", formatted(bib, cache) == expected),
                  ("warm", formatted(bib, cache) == expected)]
        # entries edited (title; author, which moves them in the list; year, which changes year
        # suffixes), one removed, one added: the cache holds the others
        edited = [e.replace("title = {", "title = {Edited ", 1) if i % 97 == 0 else
                  e.replace("Author", "Zauthor", 1) if i % 89 == 1 else
                  e.replace("year = {199", "year = {200", 1) if i % 83 == 2 else e for i, e in enumerate(entries)]
        edited = edited[:m // 2] + edited[m // 2 + 1:] + [bib_entry(m, rng)[1]]
        bib.write_text(real + "\n" + "\n".join(edited), encoding="utf-8")
        expected = formatted(bib, "off")
        checks += [("partly stale", formatted(bib, cache) == expected),
                   ("warm again", formatted(bib, cache) == expected)]
        for f in cache.glob("*.json"):
            text = f.read_text(encoding="utf-8")
            f.write_text(text[:len(text) // 2], encoding="utf-8")
        checks += [("damaged", formatted(bib, cache) == expected)]
        for name, ok in checks:
            print(f"{name}: {'same as without the cache' if ok else 'DIFFERENT'}")
        print(f"({len(expected)} entries)")
        return all(ok for _, ok in checks)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="three sizes instead of the full grid")
    ap.add_argument("--size", nargs=3, type=int, action="append", metavar=("N", "M", "K"),
                    help="measure this size only (repeat for several); instead of the grid")
    ap.add_argument("--json", action="store_true", help="also print each size's raw numbers as JSON")
    ap.add_argument("--profile", nargs=3, type=int, metavar=("N", "M", "K"), help="cProfile one full build")
    ap.add_argument("--events", nargs=3, type=int, metavar=("N", "M", "K"),
                    help="memory and CPU time at build events, full (references cached) and plain-same")
    ap.add_argument("--cached", action="store_true", help="with --profile: profile a build whose reference cache is warm")
    ap.add_argument("--rebuilds", type=int, default=1, metavar="R",
                    help="serve rebuilds after one-line edits (the last is timed; memory after the first and last)")
    ap.add_argument("--dirty", action="store_true", help="serve rebuilds as `mkdocs serve --dirty` does")
    ap.add_argument("--bib", default=ROOT / "refs.bib", help="the real bibliography to start from (default refs.bib)")
    ap.add_argument("--check-cache", type=int, metavar="M", help="check the reference caches (read, formatted) "
                    "gives what no cache gives (refs.bib plus M synthetic entries); no benchmark")
    args = ap.parse_args()
    if args.check_cache is not None:
        sys.exit(0 if check_cache(args.check_cache, args.bib) else 1)
    if args.events:
        events(*args.events, args.bib)
        return
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            full, _, _ = write_project(Path(tmp), *args.profile, args.bib)
            if args.cached:   # a first build in its own process fills the reference cache
                run(full, Path(tmp) / "site")
            run(full, Path(tmp) / "site", profile=Path(tmp) / "prof.out")
        return
    grid = (args.size if args.size
            else [(1, 100, 50), (50, 1000, 50), (200, 5000, 500)] if args.quick
            else itertools.product((1, 50, 200), (100, 1000, 5000), (50, 500)))
    # Times: wall s (CPU s); ratios: of CPU time. Goals (issue 20): full/bibtex-alone < 1,
    # full/plain-same <= 1.3, peak/plain-same's <= 2, rebuild/plain-same's <= 1.5, serve memory flat.
    print("| N pages | M entries | K terms | full s (CPU s) | refs cached s (CPU s) | plain-same s (CPU s) "
          "| bibtex-alone s (CPU s) | full/bibtex-alone | cached/bibtex-alone | full/plain-same | cached/plain-same "
          "| serve rebuild s (CPU s) | plain-same rebuild s (CPU s) | rebuild/plain-same's "
          "| full peak MB | plain-same peak MB | bibtex-alone peak MB | peak/plain-same's "
          "| serve MB, rebuild 1 → last | plain-same serve MB, 1 → last |")
    print("|---:" * 20 + "|")
    rows = []
    for n, m, k in grid:
        r = measure(n, m, k, args.bib, args.rebuilds, args.dirty)
        rows.append(r)
        print(f"| {n} | {m} | {k} | {r['full_s']:.1f} ({r['full_cpu']:.1f}) | {r['cached_s']:.1f} ({r['cached_cpu']:.1f}) "
              f"| {r['plain_s']:.1f} ({r['plain_cpu']:.1f}) | {r['bibtex_s']:.1f} ({r['bibtex_cpu']:.1f}) "
              f"| {r['bibtex_ratio']:.2f} | {r['cached_bibtex_ratio']:.2f} | {r['ratio']:.2f} | {r['cached_ratio']:.2f} "
              f"| {r['rebuild_s']:.1f} ({r['rebuild_cpu']:.1f}) | {r['plain_rebuild_s']:.1f} ({r['plain_rebuild_cpu']:.1f}) "
              f"| {r['rebuild_ratio']:.2f} | {r['full_mb']:.0f} | {r['plain_mb']:.0f} | {r['bibtex_mb']:.0f} "
              f"| {r['mem_ratio']:.2f} | {r['serve_rss'][0]:.0f} → {r['serve_rss'][-1]:.0f} "
              f"| {r['plain_serve_rss'][0]:.0f} → {r['plain_serve_rss'][-1]:.0f} |", flush=True)
    print("\n| N pages | M entries | K terms | largest page | its KB | search_index.json KB |\n|---:|---:|---:|---|---:|---:|")
    for r in rows:
        print(f"| {r['N']} | {r['M']} | {r['K']} | {r['largest_page']} | {r['largest_page_kb']:.0f} "
              f"| {r['search_index_kb']:.0f} |")
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
