"""YAML for the project's data files: libyaml's safe loader when present (it is in PyYAML's
wheels), pure Python otherwise. The pure-Python parser was a visible cost of every build."""
import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


def load(text):
    return yaml.load(text, Loader=Loader)


def compose(text):
    return yaml.compose(text, Loader=Loader)
