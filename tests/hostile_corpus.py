"""The generative hostile-data corpus (issue 17, item 3): every field of every data file, times
every payload, each built into a copy of the project and classified.

A case is one (field, payload). The fields are walked from the schemas (data/schema.py for the
claims, glossary and meta.yml records; the fields the refs.bib entries use; the seed's headline;
the plugin's options in mkdocs.yml), so a field added to a schema joins the corpus by itself.
Each payload carries a marker unique to its field (`zq017x`), so one build can hold one payload
in every field of every file and every finding is still pinned on one field.

A build is `python -m mkdocs build --strict` in a child process with a time limit and an
address-space cap (a hang or a memory blow-up is an outcome, not a stuck test run), in a worker
folder whose path stays the same from build to build (the formatted-reference cache is keyed on
it). Outcomes of a case:

  clear-error    the build stopped with an error that names the file and the field, no traceback
  inert          the site built, and no page the build changed (nor its search-index entry) has
                 live markup or control bytes
  live-markup    an event handler, a javascript:/data: address, a script, iframe, object, embed,
                 base or meta refresh the site does not have itself, broken JSON-LD, or Jinja
                 that was evaluated
  bad-text       NUL or another control byte written into a page
  unclear-error  the build stopped but no error line names both the file and the field
  traceback      Python's traceback in the output (a crash, or MemoryError under the cap), or
                 the build killed by a signal
  hang           no result within the time limit

One build per payload, with the payload in every field at once: when the error names some of
the fields, those are clear errors and the rest are built again without them; a finding or an
error that names no field of the build splits the group by file, then in halves, each part built
on its own, so every outcome belongs to exactly one field."""
import dataclasses
import functools
import hashlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import typing
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from reference_edition.data import schema  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from conftest import copy_project  # noqa: E402  (the project copy every data test edits)
from test_hostile_data import CLAIMS, META  # noqa: E402

SEED = CLAIMS.replace(".claims.yml", ".txt")
TIMEOUT = float(os.environ.get("HOSTILE_TIMEOUT", 120))   # seconds per build: past it, a hang
MEMORY = int(os.environ.get("HOSTILE_MEMORY_MB", 3072)) << 20   # address-space cap per build
OUTCOMES = ["clear-error", "inert", "live-markup", "bad-text", "unclear-error", "traceback", "hang"]
PASSING = {"clear-error", "inert"}

# ------------------------------------------------------------------ payloads ({m}: the marker)
PAYLOADS = {
    "html-img-onerror": "<img src=x onerror=alert('{m}')>",
    "html-script": "<script>alert('{m}')</script>",
    "html-attr-breakout": "{m}\" onmouseover=\"alert('{m}')\" x=\"",
    "svg-onload": "<svg onload=alert('{m}')><circle r=9 /></svg>",
    "svg-script": "<svg><script>alert('{m}')</script></svg>",
    "iframe-object-embed": "<iframe src=\"javascript:alert('{m}')\"></iframe><object data=\"{m}.swf\"></object>"
                           "<embed src=\"{m}.swf\">",
    "base-meta-refresh": "<base href=\"https://example.org/{m}/\"><meta http-equiv=\"refresh\" "
                         "content=\"0;url=javascript:alert('{m}')\">",
    "markdown-link-javascript": "[{m}](javascript:alert('{m}'))",
    "markdown-image-javascript": "![{m}](javascript:alert('{m}'))",
    "markdown-link-data": "[{m}](data:text/html,<script>alert('{m}')</script>)",
    "autolink-javascript": "<javascript:alert('{m}')>",
    "markdown-link-title-breakout": "[{m}](https://example.org \"t\\\" onclick=\\\"alert('{m}')\")",
    "attr-list-own-line": "{m}\n{: tabindex=0 autofocus onfocus=\"alert('{m}')\" }",
    "attr-list-inline": "*{m}*{: onclick=\"alert('{m}')\" } and [{m}](#){: onclick=\"alert('{m}')\" }",
    "jinja-expression": "{m}{{ 6*7 }}{m} {{ \"<img src=x onerror=alert('{m}')>\"|safe }}",
    "jinja-statement": "{% if true %}<script>alert('{m}')</script>{% endif %}{m}",
    "front-matter-breaker": "{m}\"\n---\ntitle: \"<script>alert('{m}')</script>\n---\n",
    "markdown-reference-definition": "[{m}][r{m}]\n\n[r{m}]: javascript:alert('{m}')",
    "html-comment": "<!-- {m} --><script>alert('{m}')</script><!--",
    "markdown-placeholder-stx-etx": "{m} \x02wzxhzdk:0\x03 \x02klzzwxh:1\x03",
    "markdown-placeholder-word": "{m} wzxhzdk wzxhzdk:0",
    "bidi-override": "{m} \u202egnp.exe\u202c \u2066x\u2069",
    "zero-width": "[{m}](java\u200bscript:alert('{m}')) <img src=x o\u200bnerror=alert('{m}')> \u200d\ufeff",
    "nul-byte": "{m}\x00<script>alert('{m}')</script>",
    "bom": "\ufeff{m}",
    "long-value": "{m} " + "long words " * 20000,
}

# ------------------------------------------------------------------ fields


@dataclasses.dataclass(frozen=True)
class Field:
    file: str          # project-relative file (a glossary field: the first glossary file that has it)
    path: tuple        # where in the file: YAML path, ("key", "title") in refs.bib, option path
    label: str         # what an error must name (schema's dotted label, bib field, option name)

    @property
    def id(self):
        return f"{self.file}:{'.'.join(map(str, self.path))}"


def _leaves(model, prefix=()):
    """Every scalar field of a pydantic model, as paths (a list contributes its first item)."""
    for name, info in model.model_fields.items():
        key = info.alias or name
        yield from _walk(info.annotation, prefix + (key,))


def _walk(annotation, path):
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from _walk(args[0], path)
    elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in args:
            if arg is not type(None):
                yield from _walk(arg, path)
    elif origin is list:
        yield from _walk(args[0], path + (0,))
    elif isinstance(annotation, type) and issubclass(annotation, schema.RootModel):
        yield from _walk(annotation.model_fields["root"].annotation, path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _leaves(annotation, path)
    else:
        yield path


def _has(data, path):
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or len(data) <= part:
                return False
        elif not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def _label(path):
    return ".".join(str(p) for p in path)


BIB_FIELDS = ["key", "author", "title", "howpublished", "institution", "type", "number", "volume",
              "year", "month", "day", "url", "kind", "unconfirmed", "annote"]
OPTIONS = [("bibliography",), ("glossary",), ("articles", 0, "seed"), ("articles", 0, "claims"),
           ("citation", "authors", 0, "name"), ("citation", "authors", 1, "family"),
           ("citation", "authors", 1, "given"), ("citation", "publisher"), ("citation", "first_published"),
           ("citation", "license"), ("citation", "version_url")]


@functools.lru_cache(maxsize=1)
def fields(root=ROOT):
    """Every field of every data file, each in the first record of the real data that has it."""
    out = []
    claims = yaml.safe_load((root / CLAIMS).read_text(encoding="utf-8"))
    for path in _walk(schema.ClaimsFile, ()):
        record = next(i for i, c in enumerate(claims) if _has(c, path[1:-1]))
        out.append(Field(CLAIMS, (record,) + path[1:], _label(path[1:])))
    glossary = sorted((root / "glossary").glob("*.yml"), key=lambda p: (p.name != "kabul.yml", p.name))
    for path in _leaves(schema.GlossaryRecord):
        file = next(f for f in glossary if _has(yaml.safe_load(f.read_text(encoding="utf-8")), path[:-1]))
        out.append(Field(f"glossary/{file.name}", path, _label(path)))
    for path in _leaves(schema.MetaRecord):
        out.append(Field(META, path, _label(path)))
    entries = _bib_entries((root / "refs.bib").read_text(encoding="utf-8"))
    for name in BIB_FIELDS:
        key = next(k for k, body in entries if name == "key" or re.search(rf"^\s+{name}\s*=", body, re.M))
        out.append(Field("refs.bib", (key, name), name))
    out.append(Field(SEED, ("headline",), "headline"))
    out += [Field("mkdocs.yml", p, _label(p)) for p in OPTIONS]
    return tuple(out)


def _bib_entries(text):
    return [(m[1], m[0]) for m in re.finditer(r"^@\w+\{([^,\s]+),\n(?:.*\n)*?\}\n", text, re.M)]


# ------------------------------------------------------------------ cases and groups


@dataclasses.dataclass(frozen=True)
class Case:
    field: Field
    payload: str

    @property
    def id(self):
        return f"{self.payload}@{self.field.id}"

    @property
    def group(self):
        return self.payload


def corpus():
    return [Case(f, p) for p in PAYLOADS for f in fields()]


def sample(cases, seed=17, payloads=2, per_payload=25):
    """The CI tier's fixed, seeded sample: `per_payload` fields for each of `payloads` payloads
    (one group each: a few builds)."""
    rng = random.Random(seed)
    chosen = rng.sample(sorted({c.payload for c in cases}), payloads)
    out = []
    for payload in chosen:
        group = [c for c in cases if c.payload == payload]
        out += sorted(rng.sample(group, min(per_payload, len(group))), key=group.index)
    return out


def marker(n):
    return f"zq{n:03d}x"


# ------------------------------------------------------------------ writing a copy of the project


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    def ignore_aliases(self, data):   # no anchors: the loader refuses them
        return True


def _dump_yaml(data):
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 30)


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    if isinstance(path[-1], int) and isinstance(data, list) and not data:
        data.append(value)
    else:
        data[path[-1]] = value


def write_project(dest: Path, injections):
    """A copy of the project in `dest` with each (field, text) written in; the YAML data files
    and refs.bib entries a field lives in are rewritten even without a payload, so the baseline
    build (no injections) goes through the same writer."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    copy_project(dest)
    by_file = {}
    for f, text in injections:
        by_file.setdefault(f.file, []).append((f, text))
    for file in {f.file for f in fields()} | set(by_file):
        edits = by_file.get(file, [])
        if file == "refs.bib":
            _write_bib(dest, edits)
        elif file == SEED:
            _write_seed(dest, edits)
        elif file == "mkdocs.yml":
            _write_options(dest, edits)
        elif file != META:
            data = yaml.safe_load((dest / file).read_text(encoding="utf-8"))
            for f, text in edits:
                _set(data, f.path, text)
            (dest / file).write_text(_dump_yaml(data), encoding="utf-8")
    # meta.yml last: the seed's headline changes its recorded SHA-256
    data = yaml.safe_load((dest / META).read_text(encoding="utf-8"))
    for f, text in by_file.get(META, []):
        _set(data, f.path, text)
    if SEED in by_file and "sha256" not in [f.path[0] for f, _ in by_file.get(META, [])]:
        data["sha256"] = hashlib.sha256((dest / SEED).read_bytes()).hexdigest()
    (dest / META).write_text(_dump_yaml(data), encoding="utf-8")


def _write_bib(dest, edits):
    path = dest / "refs.bib"
    text = path.read_text(encoding="utf-8")
    for f, value in sorted(edits, key=lambda e: e[0].path[1] == "key"):   # a new key last: it is how we find the entry
        key, name = f.path
        start = text.index(f"{{{key},\n")
        end = text.index("\n}\n", start)
        body = text[start:end]
        if name == "key":
            body = body.replace(key, value, 1)
        else:
            body = re.sub(rf"^(\s+{name}\s*=\s*).*?(,?)$", lambda m: f"{m[1]}{{{value}}}{m[2]}", body,
                          count=1, flags=re.M)
        text = text[:start] + body + text[end:]
    path.write_text(text, encoding="utf-8")


def _write_seed(dest, edits):
    path = dest / SEED
    for _, value in edits:
        data = path.read_bytes()
        path.write_bytes(value.encode("utf-8", "surrogatepass") + data[data.index(b"\n"):])


def _write_options(dest, edits):
    """The plugin's options written out as YAML in place of the project's (the real values for
    every option not edited; one more author, a person, for the family/given fields)."""
    options = {"bibliography": "refs.bib", "bibliography_corrections": "refs-corrections.yml",
               "articles": [{"seed": SEED, "claims": CLAIMS}],
               "glossary": "glossary",
               "editions": "editions",
               "citation": {"authors": [{"name": "Reference edition editors"},
                                        {"family": "Example", "given": "Ann"}],
                            "publisher": None, "first_published": None, "license": None,
                            "version_url": "{site_url}v/{version}/{page}"}}
    for f, value in edits:
        _set(options, f.path, value)
    path = dest / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    block = re.search(r"^  - reference-edition:\n(?:(?:      .*)?\n)*", text, re.M)
    dumped = "".join("      " + line + "\n" for line in _dump_yaml(options).splitlines())
    path.write_text(text[:block.start()] + "  - reference-edition:\n" + dumped + text[block.end():],
                    encoding="utf-8")


# ------------------------------------------------------------------ building


@dataclasses.dataclass
class Build:
    returncode: int | None      # None: killed at the time limit
    output: str
    seconds: float
    peak_rss_mb: float
    site: Path


def build(project: Path) -> Build:
    """`mkdocs build --strict` on the copy, in a child process under the time and memory caps."""
    site = project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", REFERENCE_EDITION_CACHE=str(project.parent / "cache"))
    log = project / "build.log"

    def caps():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    started = time.perf_counter()
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                                 str(project / "mkdocs.yml"), "-d", str(site)],
                                cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
                                preexec_fn=caps)
        status = rusage = None
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > TIMEOUT:
                proc.kill()
                _, status, rusage = os.wait4(proc.pid, 0)
                status = None
                break
            time.sleep(0.05)
        proc.returncode = 0   # reaped here, not by Popen
    seconds = time.perf_counter() - started
    code = None if status is None else (os.waitstatus_to_exitcode(status))
    return Build(code, log.read_text(encoding="utf-8", errors="replace"), seconds,
                 rusage.ru_maxrss / 1024, site)


# ------------------------------------------------------------------ reading the pages

URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset"}
ACTIVE = {"script", "iframe", "frame", "object", "embed", "base", "applet", "portal"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def page_findings(html: str):
    """(kind, evidence) for every live thing on a page. The caller drops what the baseline site
    has itself (its own scripts and handlers)."""
    for m in CONTROL.finditer(html):
        yield "bad-text", f"control byte {m[0]!r} near {html[max(0, m.start() - 80):m.end() + 80]!r}"
    soup = BeautifulSoup(html, "lxml")
    for el in soup.find_all(True):
        for attr, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if attr.lower().startswith("on") or attr.lower() == "srcdoc":
                yield "live-markup", f"<{el.name} {attr}={value!r}>"
            elif attr.lower() in URL_ATTRS:
                plain = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if plain.startswith(("javascript:", "data:", "vbscript:")):
                    yield "live-markup", f"<{el.name} {attr}={value!r}>"
        if el.name == "script" and el.get("type") == "application/ld+json":
            try:
                json.loads(el.string or "")
            except ValueError:
                yield "live-markup", f"JSON-LD that does not parse: {str(el)[:300]!r}"
        elif el.name in ACTIVE:
            yield "live-markup", str(el)[:400]
        elif el.name == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            yield "live-markup", str(el)[:400]


def site_findings(site: Path, baseline: dict):
    """Findings on every page that differs from the baseline build, minus the baseline's own."""
    allowed = baseline["allowed"]
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        data = page.read_bytes()
        if baseline["pages"].get(rel) == hashlib.sha256(data).hexdigest():
            continue
        html = data.decode("utf-8", errors="replace")
        for kind, evidence in page_findings(html):
            if evidence not in allowed:
                yield rel, kind, evidence
        for m in re.finditer(r"(zq\d{3}x)42\1", html):
            yield rel, "live-markup", f"Jinja evaluated: {m[0]}"
    for rel, html in _search_index(site).items():   # Material's search shows these as HTML
        if baseline["search"].get(rel) != html:
            for kind, evidence in page_findings(html):
                if evidence not in allowed:
                    yield f"search index: {rel}", kind, evidence


def _search_index(site: Path):
    """location -> the title and text the search index holds for it (HTML Material inserts)."""
    path = site / "search" / "search_index.json"
    if not path.exists():
        return {}
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    return {d["location"]: f"<h1>{d.get('title', '')}</h1>{d.get('text', '')}" for d in docs}


def make_baseline(site: Path):
    pages, allowed = {}, set()
    for page in site.rglob("*.html"):
        data = page.read_bytes()
        pages[page.relative_to(site).as_posix()] = hashlib.sha256(data).hexdigest()
        allowed |= {evidence for _, evidence in page_findings(data.decode("utf-8"))}
    search = _search_index(site)
    for html in search.values():
        allowed |= {evidence for _, evidence in page_findings(html)}
    return {"pages": pages, "allowed": allowed, "search": search}


# ------------------------------------------------------------------ classifying


@dataclasses.dataclass
class Result:
    case: Case
    outcome: str
    detail: str
    seconds: float
    peak_rss_mb: float
    pages: tuple = ()      # pages that show this case's marker (the browser check opens them)


class Runner:
    """Builds groups of cases in worker folders under `work` and classifies every case."""

    def __init__(self, work: Path):
        self.work = Path(work)
        self.work.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._workers = 0
        self.baseline = None
        self.visit = None   # visit(site, pages) -> findings: the browser check (browser_visitor)

    def _folder(self):
        if not hasattr(self._local, "folder"):
            with self._lock:
                self._local.folder = self.work / f"worker{self._workers}" / "project"
                self._workers += 1
        return self._local.folder

    def prepare(self):
        folder = self._folder()
        write_project(folder, [])
        b = build(folder)
        if b.returncode != 0:
            raise RuntimeError(f"the baseline copy of the project does not build:\n{b.output[-3000:]}")
        self.baseline = make_baseline(b.site)
        return b

    def run_group(self, cases):
        """Every case of one group (one payload in many fields), classified."""
        results, todo = [], list(cases)
        while todo:
            done, rest = self._build_together(todo)
            results += done
            if rest is None:          # nothing could be pinned on a field: each file, or half, on its own
                files = list(dict.fromkeys(c.field.file for c in todo))
                parts = ([[c for c in todo if c.field.file == f] for f in files] if len(files) > 1
                         else [todo[:len(todo) // 2], todo[len(todo) // 2:]])
                return results + [r for part in parts for r in self.run_group(part)]
            todo = rest
        return results

    def _build_together(self, cases):
        """(results, cases still to build) for one build of `cases`; rest None: build singly."""
        markers = {marker(i): c for i, c in enumerate(cases)}
        folder = self._folder()
        write_project(folder, [(c.field, PAYLOADS[c.payload].replace("{m}", m)) for m, c in markers.items()])
        b = build(folder)
        single = len(cases) == 1

        def result(case, outcome, detail, pages=()):
            return Result(case, outcome, detail, b.seconds, b.peak_rss_mb, pages)
        if b.returncode is None:
            if single:
                return [result(cases[0], "hang", f"no result in {TIMEOUT:.0f} s")], []
            return [], None
        if "Traceback" in b.output or "MemoryError" in b.output or b.returncode < 0:   # < 0: killed by a signal
            if single:
                return [result(cases[0], "traceback", _tail(b.output))], []
            return [], None
        if b.returncode != 0:
            mark = {c: m for m, c in markers.items()}
            line = {c: _error_line(b.output, c, _bib_entry_lines(folder, mark[c]) if c.field.file == "refs.bib"
                                   else range(0)) for c in cases}
            named = [c for c in cases if line[c]]
            if named:
                return [result(c, "clear-error", line[c]) for c in named], [c for c in cases if c not in named]
            if single:
                return [result(cases[0], "unclear-error", _tail(b.output))], []
            return [], None
        findings = list(site_findings(b.site, self.baseline))
        texts = {p.relative_to(b.site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
                 for p in b.site.rglob("*.html")}
        pages = {m: tuple(sorted(rel for rel, text in texts.items() if m in text)) for m in markers}
        if self.visit:
            findings += self.visit(b.site, sorted({p for ps in pages.values() for p in ps}))
        by_case = {c: [] for c in cases}
        for rel, kind, evidence in findings:
            owners = [c for m, c in markers.items() if m in evidence] or (cases if single else [])
            if not owners:
                return [], None
            for c in owners:
                by_case[c].append((kind, f"{rel}: {evidence}"))
        out = []
        for m, c in markers.items():
            found = by_case[c]
            if found:
                kind = "live-markup" if any(k == "live-markup" for k, _ in found) else "bad-text"
                out.append(result(c, kind, "; ".join(e for _, e in found[:3])[:1500], pages[m]))
            else:
                out.append(result(c, "inert", f"marker on {len(pages[m])} pages", pages[m]))
        return out, []


def _error_line(output, case, entry_lines=range(0)):
    """The error line that names the case's file (or, for an option, the config value) and its
    field (a list item's field: the list will do), or for refs.bib a line of the entry; or ''."""
    f = case.field
    files = ("Config value", "mkdocs.yml") if f.file == "mkdocs.yml" else (Path(f.file).name,)
    labels = {f.label, re.sub(r"(\.\d+)+$", "", f.label)}
    if f.file == "mkdocs.yml":   # MkDocs names a sub-option alone ("Sub-option 'version_url'")
        labels.add(str(f.path[-1]))
    for line in output.splitlines():
        if not any(file in line for file in files):
            continue
        # the seed's one field: an error on its first line, or one that says "headline" (a blank
        # line in it is reported where the paragraph it pushed down now starts)
        if (f"{Path(SEED).name}:1:" in line or "headline" in line if f.file == SEED
                else any(re.search(rf"(?<![\w.]){re.escape(label)}(?![\w])", line) for label in labels)):
            return line.strip()[:600]
        if f.file == "refs.bib" and (f.path[0] in line and re.search(rf"\b{f.path[1]}\b", line)
                                     or any(int(n) in entry_lines for n in re.findall(r"refs\.bib:(\d+)", line))):
            return line.strip()[:600]
    return ""


def _bib_entry_lines(folder, mark):
    """The lines (1-based) of the refs.bib entry that holds `mark` in the written copy."""
    lines = (folder / "refs.bib").read_text(encoding="utf-8", errors="replace").split("\n")
    at = next((n for n, line in enumerate(lines) if mark in line), None)
    if at is None:
        return range(0)
    start = max(n for n in range(at + 1) if lines[n].startswith("@"))
    end = next((n for n in range(at, len(lines)) if lines[n].startswith("}")), at)
    return range(start + 1, end + 2)


def _tail(output):
    return "\n".join(output.strip().splitlines()[-6:])[-1500:]


def run(runner, cases, jobs=1, progress=None):
    """Results of `cases` in group order (groups spread over `jobs` threads); progress(results)
    after each group."""
    from concurrent.futures import ThreadPoolExecutor
    groups = {}
    for case in cases:
        groups.setdefault(case.group, []).append(case)

    def one(group):
        results = runner.run_group(group)
        if progress:
            progress(results)
        return results
    if runner.baseline is None:
        runner.prepare()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return [r for results in pool.map(one, groups.values()) for r in results]


def browser_visitor(browser, limit=4):
    """A Runner.visit that opens up to `limit` of the pages a build's markers reach in Chromium
    (served over HTTP), moves the mouse, hovers the first terms, tabs through the page, and
    reports every dialog as live markup (an alert's message is the marker of its field)."""
    import functools
    import http.server

    from browser_waits import IMAGES_SETTLED

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    def visit(site, pages):
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        context = browser.new_context()
        found = []
        try:
            tab = context.new_page()
            tab.on("dialog", lambda d: (found.append((rel, "live-markup", f"Chromium dialog {d.message!r}")),
                                        d.dismiss()))
            for rel in pages[:limit]:
                tab.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{rel}", wait_until="load")
                tab.mouse.move(300, 300)
                for term in tab.locator("a.term").all()[:3]:
                    term.hover()   # Playwright's default timeout: a busy machine can take seconds
                for _ in range(5):
                    tab.keyboard.press("Tab")
                tab.wait_for_function(IMAGES_SETTLED)
        finally:
            context.close()
            httpd.shutdown()
        return found
    return visit
