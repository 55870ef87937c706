"""A generated file written into site_dir when it is generated, not held in memory to the end of
the build: MkDocs has emptied site_dir by on_files, and leaves a File whose source is its own
destination in place (mkdocs.structure.files.File.copy_file). For large downloads: the
bibliography's exports weigh 5 MB at 5,000 entries. A clean build writes into the folder it
swaps into place at the end (features/atomic_site_dir.py), so a failed build leaves nothing; a
`--dirty` build writes into the site itself, so a failed one leaves the new exports beside the
old pages until the next build."""
import os

from mkdocs.structure.files import File


def written_now(config, name: str, data: bytes) -> File:
    path = os.path.join(config.site_dir, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)
    return File.generated(config, name, abs_src_path=path)
