#!/usr/bin/env python3
"""Record a fixed edition: editions/<tag>.yml, the manifest of the edition model as it is now
(reference_edition/data/editions.py), which the build reads to list the editions, say what
changed between them and keep their anchors.

    .venv/bin/python scripts/release_edition.py TAG [--date YYYY-MM-DD] [--config mkdocs.yml]

`make release EDITION=<tag>` runs this on a clean working tree, then commits the manifest and
tags that commit, so the tag's build (the deploy keeps it under v/<tag>/) lists itself. The date
is today's (UTC) unless given. Refused, with the reason: a tag that is not edition-YYYY-MM[-x],
an edition that exists, a date not after the last edition's, data the build would refuse, an
earlier edition's anchor gone."""
import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")   # Material's MkDocs 2 notice (Makefile)

from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import MkDocsException  # noqa: E402

from reference_edition.data import editions  # noqa: E402
from reference_edition.data.errors import DataError  # noqa: E402

PLUGIN = "reference-edition"


def release(config_file: Path, tag: str, date: dt.date) -> Path:
    """Write the manifest and return its path; DataError (or MkDocsException) if it cannot be."""
    config = load_config(config_file=str(config_file))
    plugin = config.plugins[PLUGIN]
    if not plugin.config.editions:
        raise DataError(config_file, f"{PLUGIN}: no `editions` folder is configured",
                        "add `editions: editions` to the plugin's options and create the folder")
    if not re.fullmatch(editions.TAG_RE, tag):
        raise DataError(config_file, f"'{tag}' is not an edition tag like edition-2026-12",
                        "a year and month; a second edition in one month: edition-2026-12-2")
    path = Path(plugin.config.editions) / f"{tag}.yml"
    if path.exists():
        raise DataError(path, f"edition {tag} exists", "an edition is fixed once released: choose a new tag")
    edition = plugin.load_model(config)
    earlier, aliases = editions.load_editions(plugin.config.editions), editions.load_aliases(plugin.config.editions)
    editions.check(earlier, edition, aliases)
    if earlier and date <= earlier[-1].manifest.date:
        raise DataError(earlier[-1].path, f"the last edition is dated {earlier[-1].manifest.date}; {tag} would "
                        f"be dated {date}", "date the new edition after it: --date YYYY-MM-DD")
    path.write_text(editions.dump(editions.state(edition, tag, date)), encoding="utf-8")
    try:   # read back as the build reads it: a manifest the build would refuse is never left behind
        again = editions.load_editions(plugin.config.editions)
        editions.check(again, edition, aliases)
    except DataError:
        path.unlink()
        raise
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tag", help="the edition's tag, e.g. edition-2026-12")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.datetime.now(dt.timezone.utc).date(),
                        help="its date, YYYY-MM-DD (default: today, UTC)")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the project's mkdocs.yml")
    args = parser.parse_args(argv)
    try:
        path = release(args.config, args.tag, args.date)
    except (DataError, MkDocsException) as err:
        print(err, file=sys.stderr)
        return 1
    print(f"{path}: edition {args.tag} of {args.date}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
