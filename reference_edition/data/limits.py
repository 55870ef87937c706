"""Size limits of the edition's inputs, in one place (DESIGN.md, "Data validation and hostile input").

Each is far above real use (the article has 46 claims, 39 glossary entries and 97 refs.bib
entries; scripts/bench_build.py builds 20,000 refs.bib and 2,000 glossary entries) and far
below what makes a build hang or a page unusable: a 50 MB field built a 48 MB page, 100,000
aliases took 91 s, 10,000 claims 36 s and a 15 MB article page. Past a limit the build stops
with file:line: what is too big (the limit)."""

FIELD_CHARS = 10_000            # one text field: a YAML value, a refs.bib field
YAML_FILE_BYTES = 4_000_000     # a claims, meta.yml or glossary file
SEED_FILE_BYTES = 1_000_000     # an article as received (the seed is 6 kB)
BIB_FILE_BYTES = 64_000_000     # refs.bib (20,000 benchmark entries are ~8 MB)
BIB_ENTRIES = 50_000            # entries in refs.bib
CLAIMS_PER_ARTICLE = 2_000      # records in one claims file
GLOSSARY_ENTRIES = 5_000        # files in glossary/
ALIASES_PER_ENTRY = 100         # names of one glossary entry, its name included
ALIASES = 20_000                # names of all glossary entries together
