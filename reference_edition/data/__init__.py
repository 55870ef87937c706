"""The reference edition's data layer: reading and checking seeds, claims, refs.bib and
glossary entries, and the model built from them (model.py). It imports no MkDocs: the plugin
(plugin.py), its page generators (pages/) and its cross-cutting features (features/) turn the
model into a site."""
