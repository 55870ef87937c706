"""A patch set that makes citeproc-py 0.11 several times faster and changes no output.

citeproc-py asks the same questions of the (unchanging) CSL style tree for every item it
renders. A style tree is never modified after loading, so each answer below depends only on
the node and its arguments, and is remembered:

  CitationStylesElement.xpath_search   the nodes an XPath expression finds from this node
  CitationStylesElement.get_root       the style's root element
  Parent.calls_variable                whether a node (or one below it) prints a variable
  Text.calls_variable                  the same for a cs:text
  CitationStylesElement.get_term       the locale term a node asks for
  CitationStylesElement.get_locale_option  the locale option a node asks for
  SomewhatObjectifiedElement.__getattr__   the child element of a tag name (style.root.bibliography)
  CitationStylesElement.get_macro      the cs:macro of a name
  Date.is_locale_date                  whether a cs:date is a locale's (asked by every date rendered)
  FormattingInstructions.get_option    a cs:citation's or cs:bibliography's option (or the style's)
  Name.get_option                      a cs:name's option, inherited from cs:citation, cs:bibliography
                                       or the style (only without sort options: a sort key's
                                       name options are the item's sort's, not the node's)

and two more answers depend on the node and one value of the item:

  If._type                 which of a cs:if's `type` values match the item's type (per type)
  Formatted.format         a node with no font attribute only turns numbers into strings
                           (each of its five steps returns its input at the attribute's default)

and one on the item alone: CitationItem.reference, the entry the item names, looked up once
per item instead of about 150 times (the source does not change while an item is formatted).

Two more are not memos. An entry's variables are read as attributes about 90 times per item
(item.reference.title): CustomDict.__getattr__ looks the name up once, where citeproc-py calls
its own __getitem__ through a second method (same value, same VariableError when absent).
And Bibliography, a subclass of citeproc-py's CitationStylesBibliography, registers a citation's
items with a set of the keys seen: citeproc-py tests `key not in self.keys`, a list, so
registering every entry of refs.bib took time quadratic in the entries.

citeproc-py builds its element objects from the style's tags through lxml, so its classes
cannot be subclassed for one style: each patch replaces one method, as data/citeproc_csl.py's
do. The memo is keyed on lxml nodes, which hash by identity: it keeps their Python proxies (and
so that identity) alive. It holds at most MEMO_LIMIT answers (the three styles the edition offers
ask about 3,500 questions for all of refs.bib; the count grows with the styles, not with the
entries) and is emptied when full, so a process that loads styles again and again does not grow.

tests/test_citeproc_speed.py formats every refs.bib entry in every style the edition offers
(Chicago, APA, MLA: data/pagemeta.py's STYLES), with and without this module, and compares
the strings. Imported for its effect by data/bib.py and data/pagemeta.py."""
from citeproc import CitationStylesBibliography, model
from citeproc.source import CitationItem, CustomDict, VariableError

MEMO_LIMIT = 50_000
_memo: dict = {}   # (function name, node[, arguments]) -> answer


def _remember(key, answer):
    if len(_memo) >= MEMO_LIMIT:
        _memo.clear()
    _memo[key] = answer
    return answer


def _memoised(cls, name):
    original, label = getattr(cls, name), f"{cls.__name__}.{name}"

    def method(self, *args, **kwargs):
        k = (label, self, args, tuple(kwargs.items())) if kwargs else (label, self, args)
        try:
            return _memo[k]
        except KeyError:
            return _remember(k, original(self, *args, **kwargs))
    method.__name__, method.memoised = name, True
    return method


def _type_test(self, item):
    """If._type compares the node's `type` attribute with the item's type: one answer per pair
    (a copy each time: citeproc-py's caller may change the list it is given)."""
    k = ("_type", self, item.reference.type)
    try:
        return list(_memo[k])
    except KeyError:
        return list(_remember(k, [t.lower() == item.reference.type for t in self.get("type").split()]))


_FONT_ATTRIBUTES = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
_format = model.Formatted.format


def _format_fast(self, string):
    k = ("plain format", self)
    try:
        plain = _memo[k]
    except KeyError:
        plain = _remember(k, not any(a in self.attrib for a in _FONT_ATTRIBUTES))
    if not plain:
        return _format(self, string)
    return str(string) if isinstance(string, (int, float)) else string


_name_option = model.Name.get_option


def _name_option_memoised(self, name, context=None, sort_options=None):
    if sort_options is not None:
        return _name_option(self, name, context, sort_options)
    k = ("Name.get_option", self, name, context)
    try:
        return _memo[k]
    except KeyError:
        return _remember(k, _name_option(self, name, context))


def _variable(self, name):
    try:
        return dict.__getitem__(self, name)
    except KeyError:
        raise VariableError from None


class Bibliography(CitationStylesBibliography):
    """citeproc-py's bibliography, registering items in time linear in their number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._registered = set(self.keys)

    def register(self, citation, callback=None):
        citation.bibliography = self
        for item in citation.cites:
            if item.key in self.source:
                if item.key not in self._registered:
                    self._registered.add(item.key)
                    self.keys.append(item.key)
                    self.items.append(item)
            elif callback is not None:
                callback(item)

    def sort(self):
        super().sort()
        self._registered = set(self.keys)


def _reference(self):
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
    model.CitationStylesElement.get_macro = _memoised(model.CitationStylesElement, "get_macro")
    model.Date.is_locale_date = _memoised(model.Date, "is_locale_date")
    model.FormattingInstructions.get_option = _memoised(model.FormattingInstructions, "get_option")
    model.Name.get_option = _name_option_memoised
    model.Formatted.format = _format_fast
    CustomDict.__getattr__ = _variable
    model.If._type = _type_test
    CitationItem.reference = property(_reference)
