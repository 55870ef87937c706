"""Build speed: mkdocs-bibtex reuses what edition/bib.py already did once per refs.bib.

- Parsing: the plugin parses refs.bib itself (pybtex's parse_file); it is handed the parse
  edition/bib.py made moments before (same file, same modification time), so the file is
  parsed once and held in memory once. Any other file is parsed by pybtex as before.
- Formatting: the plugin's footnote text comes from the house-style formatting edition/bib.py
  did once per entry, instead of pybtex formatting every citation on every page again (before
  this hook, the largest cost of a build: 1–2 ms per citation). hooks/citations.py rewrites
  each reference note from the same data anyway, so this text is what a reader would see only
  if that rewrite ever missed a note.
Measured with scripts/bench_build.py (README, "Build speed"); tests/test_strict_build.py
checks that the plugin's data is edition/bib.py's parse."""
import re
from html import unescape

import mkdocs_bibtex.registry as plugin_registry
from mkdocs_bibtex.registry import SimpleRegistry

from edition.bib import load_bibliography, parsed_bibtex
from edition.config import project_path
from edition.seed import markdown_literal


def _parse_file(file, *args, **kwargs):
    data = None if args or kwargs else parsed_bibtex(file)
    return data if data is not None else _parse_file.pybtex(file, *args, **kwargs)


# Installed when the hooks load, before any on_config; `mkdocs serve` reloads hooks on every
# rebuild, so the original is kept only once.
if getattr(plugin_registry.parse_file, "__name__", "") != "_parse_file":
    _parse_file.pybtex = plugin_registry.parse_file
    plugin_registry.parse_file = _parse_file
else:
    _parse_file.pybtex = plugin_registry.parse_file.pybtex


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
