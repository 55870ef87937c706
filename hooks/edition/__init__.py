"""The reference edition's data layer: reading and validating seeds, claims, refs.bib and
glossary entries. Hooks (one per concern, beside this package) turn it into pages."""
