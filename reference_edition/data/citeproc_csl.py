"""Three CSL rules that citeproc-py 0.11.1 renders otherwise than the CSL specification and
pandoc's citeproc (jgm/citeproc, the second processor the suite compares with) do, patched
into citeproc-py's model. citeproc-py builds its element objects from the style's tags
through lxml, so its classes cannot be subclassed for one style; each patch replaces one
method, says why, and tests/test_citeproc_csl.py checks it on its own. Imported for its
effect by data.bib and data.pagemeta; data.bib's disk cache is keyed on PATCHES.

1. text-case="title" (TextCased.case): citeproc-py capitalizes whole words split at spaces
   only when they are all lowercase, so "Twenty-sixth", "al-Qaeda", "(not)", "[list" and
   "Third-party" stay as written. CSL title case works on the parts of words: pandoc's
   citeproc (Citeproc.CaseTransform.withTitleCase and Citeproc.Pandoc.caseTransform) walks
   the text as runs of letters/digits, spaces and single punctuation marks; a run is
   capitalized at the start, after a sentence end (. ? ! : then a space), after a word break
   (space, hyphen, slash, en or em dash; other marks such as ( [ “ keep the state before
   them) unless it is a stop word or one letter, and as the last word unless it is one letter;
   runs in mixed case or all capitals are left alone. Chicago 16th edition §8.159 asks the
   same of hyphenated compounds ("Twenty-Sixth", "Third-Party").
2. Substituted variables (Substitute.render): "Substituted variables are suppressed in the
   rest of the output to prevent duplication" (CSL 1.0.1, cs:substitute). citeproc-py
   suppresses only a variable named on the substitute's own child, never the variables a
   macro child renders (Chicago's <text macro="substitute-title"/> prints the container
   title in place of a missing author, then again after the title). Every variable a
   cs:text reads while a substitute renders is suppressed, as pandoc's citeproc does.
3. disambiguate="true" (If.render): citeproc-py ignores the test, so a branch conditioned on
   it alone always renders (MLA's in-text citation adds the title to every citation: "(Name,
   Title)"). The test is true only when a citation needs disambiguating; citeproc-py never
   disambiguates, so it is false here: a branch that needs it (match "all") fails.
"""
import re

from citeproc import model
from citeproc.string import MixedString, NoCase, String

PATCHES = "title-case parts, substitute suppression, disambiguate false (1)"

# ---------------------------------------------------------------- 1. title case
_STOP_WORDS = frozenset(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet"
    # pandoc's citeproc adds these (its tests flipflop_Apostrophes, SkipNameParticlesInTitleCase)
    " about van von de d l".split())
_WORD_BREAKS = frozenset(" -/\u2013\u2014")
# data/bib.py gives citeproc-py "<" and ">" in data as \ue000 and \ue001 (its _SHIELD): text
# between them was written as a tag, not words, and is passed over as written ("<script>").
_SHIELDED_TAG = re.compile("(\ue000[^\ue000\ue001]*\ue001)")
START, START_SENTENCE, AFTER_WORD_END, AFTER_WORD_CHAR, AFTER_SENTENCE_END, BEFORE_LAST_WORD = range(6)


# Letters/digits together, spaces together, every other character on its own. In Python's re,
# [^\W_] is exactly str.isalnum and \s exactly str.isspace (both are the Unicode database's).
_RUN = re.compile(r"[^\W_]+|\s+|.", re.S)


def _runs(text: str):
    """Letters/digits together, spaces together, every other character on its own."""
    return _RUN.findall(text)


def _next_state(state, run):
    last = run[-1]
    if last in ".?!:":
        return AFTER_SENTENCE_END
    if last.isalnum():
        return AFTER_WORD_CHAR
    if last.isspace() and state == AFTER_SENTENCE_END:
        return START_SENTENCE
    if last in _WORD_BREAKS or last.isspace():
        return AFTER_WORD_END
    return state   # ( [ “ ’ and other marks: what came before them decides


def _title_run(state, run):
    capitalized = run[0].upper() + run[1:].lower()
    if any(c.isupper() for c in run) and any(c.islower() for c in run):
        return run
    if all(c.isupper() for c in run):
        return run
    if state in (START, START_SENTENCE):
        return capitalized
    if state == AFTER_WORD_END and run not in _STOP_WORDS and len(run) > 1:
        return capitalized
    if state == BEFORE_LAST_WORD and len(run) > 1:
        return capitalized
    return run


def title_case(text):
    """CSL title case as pandoc's citeproc applies it (see 1. above), for a citeproc-py
    String or MixedString; NoCase parts are passed over, as pandoc passes over "nocase"."""
    segments = list(text) if isinstance(text, MixedString) else [text]
    whole = "".join(str(s) for s in segments)
    # The last word (a space before it, no word break in it) counts as the last word.
    last_space = max(whole.rfind(c) for c in " \t\n")
    last_word = last_space + 1 if last_space >= 0 and not whole[-1].isspace() \
        and not _WORD_BREAKS & set(whole[last_space + 1:]) else None
    state, offset, out = START, 0, []
    for segment in segments:
        parts = []
        for piece in _SHIELDED_TAG.split(str(segment)):
            as_written = isinstance(segment, NoCase) or _SHIELDED_TAG.fullmatch(piece)
            for run in _runs(piece):
                if offset == last_word and state in (AFTER_WORD_END, START_SENTENCE, START):
                    state = BEFORE_LAST_WORD
                new_state = _next_state(state, run)
                parts.append(run if as_written or not run.isalnum() else _title_run(state, run))
                state, offset = new_state, offset + len(run)
        out.append(type(segment)("".join(parts)) if isinstance(segment, String) else "".join(parts))
    return MixedString(out) if isinstance(text, MixedString) else out[0] if out else text


_case = model.TextCased.case


def _case_patched(self, text, language=None):
    if self.get("text-case") == "title" and language == "en":
        return title_case(text)
    return _case(self, text, language)


# ---------------------------------------------------------------- 2. substituted variables
_substituting: list = []   # one set per substitute being rendered: (tag, variable) read
_substitute_render = model.Substitute.render
_text_variable = model.Text._variable


def _text_variable_recorded(self, item, context):
    text = _text_variable(self, item, context)
    if _substituting and text:
        _substituting[-1].add((self.tag, self.get("variable")))
    return text


def _substitute_render_suppressing(self, item, context=None, **kwargs):
    _substituting.append(set())
    try:
        text = _substitute_render(self, item, context=context, **kwargs)
    finally:
        read = _substituting.pop()
    if text:
        repressed = context.get_layout().repressed
        for tag, variable in read:
            repressed.setdefault(tag, []).append(variable)
    return text


# ---------------------------------------------------------------- 3. disambiguate="true"
_if_render = model.If.render


def _if_render_without_disambiguation(self, item, context=None, delimiter="", **kwargs):
    if self.get("disambiguate") == "true" and self.get("match") not in ("any", "none"):
        raise model.ConditionFailed   # (with "any" or "none", a false test changes nothing)
    return _if_render(self, item, context=context, delimiter=delimiter, **kwargs)


if not getattr(model.TextCased.case, "patched", False):
    model.TextCased.case = _case_patched
    model.Substitute.render = _substitute_render_suppressing
    model.Text._variable = _text_variable_recorded
    model.If.render = _if_render_without_disambiguation
    for method in (_case_patched, _substitute_render_suppressing, _text_variable_recorded,
                   _if_render_without_disambiguation):
        method.patched = True
