"""Where a plugin option is written in mkdocs.yml, for errors that name its line; and the
check of its dates that MkDocs' own reader does not make.

MkDocs reads mkdocs.yml with PyYAML before any plugin runs, and PyYAML turns an unquoted
impossible date (`first_published: 2026-02-30`) into a ValueError that MkDocs does not catch:
the build ends in a traceback the plugin never sees. `make check` (scripts/check_data.py) runs
`check_dates` first, so it names the line instead; in the build, a date written quoted reaches
the plugin as text and is checked there (data/pagemeta.load_settings)."""
from pathlib import Path

import yaml

from . import inputs, limits, yamlfile
from .errors import DataError


def _tree(config_file):
    """mkdocs.yml's node tree (composed, not constructed: its !ENV tags need no constructor)."""
    text = inputs.read_text(Path(config_file), limits.YAML_FILE_BYTES)
    return yaml.compose(text, Loader=yamlfile.Loader)


def option_line(config_file, plugin: str, loc: tuple) -> int | None:
    """The line of the plugin's option at `loc` (e.g. ("citation", "first_published")), the
    nearest enclosing one's if it is not written there; None if mkdocs.yml cannot be read so."""
    try:
        root = _tree(config_file)
    except (yaml.YAMLError, DataError):
        return None
    plugins = next((v for k, v in getattr(root, "value", ()) if isinstance(root, yaml.MappingNode)
                    and k.value == "plugins"), None)
    for item in getattr(plugins, "value", ()) if isinstance(plugins, yaml.SequenceNode) else ():
        if isinstance(item, yaml.MappingNode) and [k.value for k, _ in item.value] == [plugin]:
            return yamlfile.line_of(item.value[0][1], loc)
    return None


def check_dates(config_file):
    """Every unquoted date in mkdocs.yml a calendar date, or a DataError naming its line and key."""
    try:
        root = _tree(config_file)
    except (yaml.YAMLError, DataError):
        return   # MkDocs reports its own parse errors; a file it reads but inputs refuses (a
                 # byte-order mark, a link) is for MkDocs to read, as the build does
    yamlfile.check_dates(Path(config_file), root)
