"""citeproc-py re-runs the same XPath queries over the (unchanging) CSL style tree for every
item it renders: in a profile of the site build this was the largest single cost. Memoising
them per style node and expression changes no output (the style tree is never modified after
loading) and makes formatting several times faster. Imported for its effect by edition.bib and edition.pagemeta."""
from citeproc import model

_original = model.CitationStylesElement.xpath_search
_memo: dict = {}


def _xpath_search(self, expression):
    key = (self, expression)       # lxml elements hash by identity; keeping them here keeps the proxy
    try:
        return _memo[key]
    except KeyError:
        result = _memo[key] = _original(self, expression)
        return result


if getattr(model.CitationStylesElement.xpath_search, "__name__", "") != "_xpath_search":
    model.CitationStylesElement.xpath_search = _xpath_search
