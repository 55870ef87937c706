"""Pictures made at build time from the edition's data: inline SVG with a data table beside it.

Each picture is an ElementTree fragment that a Markdown extension (markdown/pictures.py) puts
into the page: links are written to the Markdown source files (glossary/<slug>.md#fact-N) so
MkDocs resolves and checks them like any other link, and every text is an AtomicString, so
nothing from data is read as Markdown. No script, nothing from another host; the same data
gives the same bytes."""
