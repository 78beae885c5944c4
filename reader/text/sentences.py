"""Sentences of a shown block, per language, for reading aloud (Qt-free).

:func:`split_sentences` cuts a block's *display* text (hard-wrapped lines already
joined, see :func:`reader.text.render.display_block`) into sentences and returns
their ``[start, end)`` ranges in that text, in code points. The caller maps the
ranges back to source offsets through the display's offset map, so a sentence
always names the exact characters of the book it came from.

The rules:

* a sentence ends after a run of ``.`` ``!`` ``?`` ``…`` (and ``‼ ⁇ ⁈ ⁉``) followed by
  white space, or after a run holding a CJK end ``。 ！ ？ ｡`` (no space needed), in
  both cases with the closing quotes and brackets that follow (``” ’ » 」 』 ）`` …);
* it does not end when the next word starts with a lower-case letter (``"Help!" he
  cried``, ``т. е. это``, ``... and then``), nor after an abbreviation such as
  ``Mr.``, ``Mrs.``, ``Dr.``, ``St.``, ``e.g.`` or Russian ``г.``, nor after an
  initial (``J. R. R. Tolkien``, ``А. С. Пушкин``);
* a sentence longer than :data:`MAX_SENTENCE` (:data:`MAX_CJK_SENTENCE` for CJK
  text) is cut at its last clause mark (``, ; : —`` or ``， 、 ；``) or space before
  the limit, so that highlighting and page following stay close to the voice;
* a piece without a letter or digit (``* * *``, a lone dash) joins its neighbour, so
  every sentence has something to say.

Every range is non-empty, starts and ends on a non-space character, and the ranges
are in order without overlapping; between them there is only white space, so
together they cover every non-space character of the text.
"""

from __future__ import annotations

import re

from reader.text import rx

__all__ = [
    "ABBREVIATIONS",
    "MAX_CJK_SENTENCE",
    "MAX_SENTENCE",
    "is_speakable",
    "split_sentences",
]

MAX_SENTENCE = 300
"""Longest sentence (code points) spoken in one piece in alphabetic text."""
MAX_CJK_SENTENCE = 120
"""Longest sentence (code points) spoken in one piece in CJK text."""

_TERMINATORS = ".!?…‼⁇⁈⁉"
_CJK_TERMINATORS = "。！？｡"
_CLOSERS = "\"'”’»›)]}」』）］｝〕〉》】〗〙〛〞〟"
_OPENERS = "\"'“‘«‹([{「『（［｛〔〈《【〖〘〚〝—–-"
_END_RE = rx.lazy_stdlib(
    f"[{re.escape(_TERMINATORS + _CJK_TERMINATORS)}]+[{re.escape(_CLOSERS)}]*",
)
_CLAUSE_RE = rx.lazy_stdlib(r"[,;:—–](?=\s)|[，、；：]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_COMMON = _words(
    "mr mrs ms messrs mme mlle dr st ste prof rev hon gen col capt lt sgt maj cpl gov "
    "sen rep jr sr mt ft vs cf e.g i.e viz approx fig vol ch pp no nr"
)
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": _COMMON | _words("feb mar apr jun jul aug sep sept oct nov dec inc ltd"),
    "fr": _COMMON | _words("mm mgr env p.ex"),
    "de": _COMMON | _words("z.b d.h bzw hr fr ca vgl evtl ggf u.a s.o"),
    "es": _COMMON | _words("sr sra srta dña d ud uds"),
    "it": _COMMON | _words("sig sigg dott"),
    "ru": _words(
        "г гг т ср см стр ул им проф акад тов св напр изд доп руб коп тыс млн млрд гр ген кн о"
    ),
    "uk": _words("р рр т див вул ім проф акад св напр тис млн млрд"),
}
"""Words after which a period does not end a sentence, by language (lower case, inner
dots kept: ``e.g``). Languages not listed use the English list's common part."""

_NUMBERED = _words("no nr vol ch fig pp p")
"""Abbreviations that stand before a number (``No. 5``): no break when a digit follows."""


def is_speakable(text: str) -> bool:
    """True when ``text`` has something to say (a letter or a digit)."""
    return any(c.isalnum() for c in text)


def _abbreviations(language: str) -> frozenset[str]:
    code = language.lower().replace("_", "-").split("-", 1)[0]
    return ABBREVIATIONS.get(code, _COMMON)


def _word_before(text: str, end: int) -> str:
    """The word ending at ``end`` (white space and opening punctuation bound it)."""
    i = end
    while i > 0 and not text[i - 1].isspace() and text[i - 1] not in _OPENERS:
        i -= 1
    return text[i:end]


def _first_letter(text: str, start: int) -> str:
    """The first character at or after ``start`` that is not space or opening punctuation."""
    n = len(text)
    i = start
    while i < n and (text[i].isspace() or text[i] in _OPENERS):
        i += 1
    return text[i] if i < n else ""


def _ends_here(
    text: str, match: re.Match[str], language: str, abbreviations: frozenset[str]
) -> bool:
    """Whether the terminator run ``match`` ends a sentence."""
    start, end = match.span()
    run = match.group()
    n = len(text)
    cjk = any(c in _CJK_TERMINATORS for c in run)
    if cjk:
        return True
    if end < n and not text[end].isspace():
        return False  # 3.14, U.S.A., "end.”Next"
    nxt = _first_letter(text, end)
    if not nxt:
        return True
    if nxt.islower():
        return False
    if run.rstrip(_CLOSERS) != ".":
        return True
    word = _word_before(text, start)
    low = word.lower()
    if low in abbreviations:
        return low in _NUMBERED and not nxt.isdigit()
    if len(word) == 1 and word.isalpha() and word.isupper():
        return language.lower().startswith("en") and word == "I"  # an initial, but "I."
    return True


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _cap(text: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """``[a, b)`` cut into pieces of at most ``limit`` code points, at clause marks or spaces."""
    pieces: list[tuple[int, int]] = []
    while b - a > limit:
        floor = a + limit // 3
        cut = -1
        for m in _CLAUSE_RE.finditer(text, floor, a + limit):
            cut = m.end()
        if cut < 0:
            space = max(text.rfind(" ", floor, a + limit), text.rfind("\n", floor, a + limit))
            cut = space if space > floor else a + limit
        head = _strip(text, a, cut)
        if head[1] > head[0]:
            pieces.append(head)
        a, b = _strip(text, cut, b)
    if b > a:
        pieces.append((a, b))
    return pieces


def _merge_silent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join pieces with nothing to say to the sentence before (or after, at the start)."""
    out: list[tuple[int, int]] = []
    carry: int | None = None  # start of silent pieces waiting for a sentence
    for a, b in spans:
        if is_speakable(text[a:b]):
            out.append((carry if carry is not None else a, b))
            carry = None
        elif out:
            out[-1] = (out[-1][0], b)
        elif carry is None:
            carry = a
    if carry is not None:
        end = spans[-1][1]
        if out:
            out[-1] = (out[-1][0], end)
        else:
            out.append((carry, end))
    return out


def split_sentences(text: str, language: str = "", *, cjk: bool = False) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``[start, end)`` code-point ranges (see the module
    docstring). ``language`` is an ISO 639-1 code (``en``, ``ru``, ``zh`` …, '' when
    unknown); ``cjk`` selects the shorter length limit of Chinese and Japanese text.
    An empty or all-white-space text has no sentences."""
    abbreviations = _abbreviations(language)
    limit = MAX_CJK_SENTENCE if cjk else MAX_SENTENCE
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END_RE.finditer(text):
        if _ends_here(text, m, language, abbreviations):
            a, b = _strip(text, start, m.end())
            if b > a:
                spans.extend(_cap(text, a, b, limit))
            start = m.end()
    a, b = _strip(text, start, len(text))
    if b > a:
        spans.extend(_cap(text, a, b, limit))
    if not spans:
        return []
    return _merge_silent(text, spans)
