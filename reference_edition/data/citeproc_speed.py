"""citeproc-py asks the same questions of the (unchanging) CSL style tree for every item it
renders: XPath queries, the tree's root, whether a node calls a variable, whether a type test
matches, which locale term or option applies. Memoising the answers per style node (and per
item type, for type tests) changes no output, because a style tree is never modified after
loading, and makes formatting several times faster; an item's reference is looked up once
instead of ~150 times. tests/test_bibliography.py formats refs.bib with and without this
module and compares.
Imported for its effect by data/bib.py and data/pagemeta.py."""
from citeproc import model
from citeproc.source import CitationItem

_memo: dict = {}   # (function name, node[, argument]) -> answer; lxml nodes hash by identity,
                   # and keeping them here keeps their Python proxies (and so that identity) alive


def _memoised(cls, name):
    original, label = getattr(cls, name), f"{cls.__name__}.{name}"

    def method(self, *args, **kwargs):
        k = (label, self, args, tuple(kwargs.items())) if kwargs else (label, self, args)
        try:
            return _memo[k]
        except KeyError:
            result = _memo[k] = original(self, *args, **kwargs)
            return result
    method.__name__, method.memoised = name, True
    return method


def _type_test(self, item):
    """If._type compares the node's `type` attribute with the item's type: one answer per pair."""
    k = ("_type", self, item.reference.type)
    try:
        return list(_memo[k])
    except KeyError:
        result = _memo[k] = [t.lower() == item.reference.type for t in self.get("type").split()]
        return list(result)


_FONT_ATTRIBUTES = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
_format = model.Formatted.format


def _format_fast(self, string):
    """Formatted.format with no font attribute on the node changes nothing but numbers to
    strings (each of its five steps returns its input at the attribute's default)."""
    k = ("plain format", self)
    try:
        plain = _memo[k]
    except KeyError:
        plain = _memo[k] = not any(a in self.attrib for a in _FONT_ATTRIBUTES)
    if not plain:
        return _format(self, string)
    return str(string) if isinstance(string, (int, float)) else string


def _reference(self):
    """CitationItem.reference: the source does not change while an item is formatted."""
    try:
        return self.__dict__["_reference"]
    except KeyError:
        ref = self.__dict__["_reference"] = self.bibliography.source[self.key]
        return ref


if not getattr(model.CitationStylesElement.xpath_search, "memoised", False):
    model.CitationStylesElement.xpath_search = _memoised(model.CitationStylesElement, "xpath_search")
    model.CitationStylesElement.get_root = _memoised(model.CitationStylesElement, "get_root")
    model.Parent.calls_variable = _memoised(model.Parent, "calls_variable")
    model.Text.calls_variable = _memoised(model.Text, "calls_variable")
    model.CitationStylesElement.get_term = _memoised(model.CitationStylesElement, "get_term")
    model.CitationStylesElement.get_locale_option = _memoised(model.CitationStylesElement, "get_locale_option")
    model.SomewhatObjectifiedElement.__getattr__ = _memoised(model.SomewhatObjectifiedElement, "__getattr__")
    model.Formatted.format = _format_fast
    model.If._type = _type_test
    CitationItem.reference = property(_reference)
