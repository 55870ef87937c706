"""Where each bibliography entry is cited, collected while pages render (one build at a time).

Pages are all rendered to HTML before any template is, so the bibliography page (and any
"cited in" list) can read the complete registry when its own template renders."""
from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Citing:
    page_url: str      # site-relative URL of the citing page, e.g. "article/"
    page_title: str
    anchor: str        # element id on that page the back-link should land on
    label: str         # what the back-link says, e.g. "¶ 7, claim 7.2"


CITED_IN: dict[str, list[Citing]] = defaultdict(list)
CITED_ON: dict[str, dict[str, None]] = defaultdict(dict)   # page URL -> keys, in order of first citation


def reset():
    CITED_IN.clear()
    CITED_ON.clear()


def record(key: str, citing: Citing):
    if citing not in CITED_IN[key]:
        CITED_IN[key].append(citing)
    CITED_ON[citing.page_url].setdefault(key)
