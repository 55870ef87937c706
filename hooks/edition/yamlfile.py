"""YAML for the project's data files: libyaml's safe loader when present (it is in PyYAML's
wheels), pure Python otherwise. The pure-Python parser was a visible cost of every build."""
import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


def load(text):
    return yaml.load(text, Loader=Loader)


def load_with_node(text):
    """The data and its node tree (start lines of each item), from one parse of the text."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()
