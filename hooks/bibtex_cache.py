"""Build speed: mkdocs-bibtex's footnote text comes from the house-style formatting that
edition/bib.py already did once per entry, instead of pybtex formatting every citation on
every page again (before this hook, the largest cost of a build: 1–2 ms per citation).

hooks/citations.py rewrites each reference note from the same edition/bib.py data anyway,
so the text given here is what a reader would see only if that rewrite ever missed a note.
Measured with scripts/bench_build.py (README, "Build speed")."""
import re
from html import unescape

from mkdocs_bibtex.registry import SimpleRegistry

from edition.bib import load_bibliography
from edition.config import project_path
from edition.seed import markdown_literal


def on_config(config):
    """Runs after mkdocs-bibtex's on_config (hooks follow plugins), once its registry exists."""
    plugin = config.plugins.get("bibtex")
    registry = getattr(plugin, "registry", None)
    # PandocRegistry caches already; the plugin keeps its registry across `mkdocs serve` rebuilds.
    if type(registry) is not SimpleRegistry or "reference_text" in vars(registry):
        return config
    bib_path, pybtex_text = project_path(config, "bibliography"), registry.reference_text

    def reference_text(citation):
        ref = load_bibliography(bib_path).get(citation.key)   # cached on refs.bib's mtime
        if ref is None:
            return pybtex_text(citation)
        return markdown_literal(unescape(re.sub(r"<[^>]+>", "", ref.html)))

    registry.reference_text = reference_text   # this registry only: fixture sites stay independent
    return config
