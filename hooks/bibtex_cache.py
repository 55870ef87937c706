"""Build speed: mkdocs-bibtex reuses what edition/bib.py already did once per refs.bib.

- Parsing: the plugin parses refs.bib itself (pybtex's parse_file); it is handed the parse
  edition/bib.py made moments before (same file, same modification time), so the file is
  parsed once and held in memory once. Any other file is parsed by pybtex as before.
- Formatting: the plugin's footnote text is a placeholder, never formatted. hooks/citations.py
  replaces every reference note with the reference edition/bib.py formatted once per entry,
  and fails the build, naming the page, if a placeholder is left. (Before this hook pybtex
  formatted every citation on every page, 1–2 ms each; then Markdown processed formatted
  text that was thrown away, ~1.5 ms a page of 20 citations.)
Measured with scripts/bench_build.py (README, "Build speed"); tests/test_strict_build.py
checks that the plugin's data is edition/bib.py's parse."""
import mkdocs_bibtex.registry as plugin_registry
from mkdocs_bibtex.registry import SimpleRegistry

from edition.bib import NOTE_PLACEHOLDER, load_bibliography, parsed_bibtex
from edition.config import project_path


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
        if citation.key not in load_bibliography(bib_path):   # cached on refs.bib's mtime
            return pybtex_text(citation)
        return NOTE_PLACEHOLDER

    registry.reference_text = reference_text   # this registry only: fixture sites stay independent
    return config
