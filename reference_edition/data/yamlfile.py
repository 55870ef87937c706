"""YAML for the project's data files: libyaml's safe loader when present (it is in PyYAML's
wheels), pure Python otherwise. The pure-Python parser was a visible cost of every build.

Data files are read strictly (`load_file`): regular files in UTF-8 within a size limit
(data/inputs.py), dates that are calendar dates, no anchors or aliases (an alias bomb
expands to gigabytes before any check could run, and data written once needs none), and no
key twice in one mapping (YAML would silently keep the last). Each problem names file:line."""
from functools import lru_cache
from pathlib import Path

import yaml

from . import inputs, limits
from .errors import DataError

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


def load_file(path):
    """(data, node tree) of a data file, or a DataError naming the file and line. Parsed once per
    change of the file (several modules read meta.yml); callers must not modify the data."""
    path = Path(path).absolute()   # not resolved: a link is refused, not followed
    stat = inputs.checked_stat(path)
    return _load_file(path, stat.st_mtime_ns, stat.st_size)


# A few files are read more than once in one load of the model (an article's meta.yml); a
# glossary file is read once per load, and the model is loaded again only when a file changed.
# Holding every glossary file's node tree would keep megabytes alive for nothing.
@lru_cache(maxsize=16)
def _load_file(path, _mtime, _size):
    text = inputs.read_text(path, limits.YAML_FILE_BYTES)
    try:
        _refuse_aliases(path, text)
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            _refuse_duplicate_keys(path, node)
            check_dates(path, node)
            return (loader.construct_document(node) if node is not None else None), node
        finally:
            loader.dispose()
    except YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise DataError(path, f"not valid YAML: {getattr(err, 'problem', None) or err}",
                        "check the indentation and quoting of that line",
                        line=mark.line + 1 if mark else None) from None


def _refuse_aliases(path, text):
    """Anchors (&a) and aliases (*a) are refused from the event stream, before any node exists."""
    if "&" not in text and "*" not in text:   # neither can be written: no second parse (most files)
        return
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise DataError(path, "YAML anchors and aliases (&name, *name) are not allowed in data files",
                            "write the value out in full", line=event.start_mark.line + 1)


def _refuse_duplicate_keys(path, node):
    stack = [node] if node is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise DataError(path, f"key '{key.value}' appears twice in one record "
                                        f"(first at line {seen[key.value]})", "keep one",
                                        line=key.start_mark.line + 1)
                    seen[key.value] = key.start_mark.line + 1
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def check_dates(path, node):
    """A YAML date must be a calendar date: 2022-02-31 or 0000-01-01 would end the build in a
    ValueError from the constructor (caught here with its line and field instead)."""
    stack = [(node, ())] if node is not None else []
    while stack:
        node, loc = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend((v, loc + (k.value,)) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, loc + (n,)) for n, v in enumerate(node.value))
        elif node.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
            except (ValueError, OverflowError) as err:
                field = ".".join(map(str, loc))
                raise DataError(path, f"{field + ': ' if field else ''}{node.value!r} is not a calendar date ({err})",
                                "write a date that exists, as YYYY-MM-DD", line=node.start_mark.line + 1) from None


def line_of(node, loc) -> int | None:
    """The line of the value at `loc` (a path of list indices and mapping keys) in a node tree;
    where the path stops existing (a missing field), the line of the deepest record on it."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            match = [(k, v) for k, v in node.value if k.value == str(part)]
            if not match:
                break
            key, node = match[0]
            if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
                return key.start_mark.line + 1   # a scalar: the line its key is on
        else:
            break
        line = node.start_mark.line + 1
    return line
