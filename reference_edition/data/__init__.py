"""The reference edition's data layer: reading and checking seeds, claims, refs.bib and
glossary entries, and the model built from them (model.py). It imports no MkDocs: the plugin
(plugin.py) and its hooks (hooks/) turn the model into pages."""
