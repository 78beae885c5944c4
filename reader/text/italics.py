"""Lost italics: words run together where a converter dropped the italics and the space.

Fan fiction saved from HTML often loses the space beside an italicised word along with
its italics: "squeezing—choking *Alaric*" arrives as "squeezing—chokingAlaric", and
"supposed to be *dead* and you" as "supposed to be deadand you". :func:`find_glued` finds
such words in a parsed book; the display shows them apart with the restored word in
italics (:func:`reader.text.render.render_range`, an inserted space mapped to the
offset it stands before, so every shown character still maps to its source).

A word is taken for two only when all of these hold:

* it occurs once in the book (the same slip is not made twice; a name or brand such as
  "McAllister", "DeLuca", "iPhone" or "macOS" is not a slip at all, and never matches:
  the first part must be two or more lower-case letters, the second either lower-case
  or one capital followed by lower-case letters);
* a capitalised second part is a name used elsewhere in the book ("Alaric"); a
  lower-case word splits into a short word a writer stresses ("me", "at", "not", "and"
  …, not a prefix such as "in" or "over") and another word. These checks need no word
  list, so a book with no such word never loads one;
* the word-frequency list (``wordfreq``, read on first need, and then only for the
  words asked about: :mod:`reader.text.word_frequency`) knows both parts as common
  words and the glued form as no word at all (or a very rare one).

Where a word splits more than one way, the split whose two words are likelier together
wins ("mewho's": "me who's", not "mew ho's"). The restored word is the capitalised part
("choking *Alaric*") or else the rarer of the two ("*dead* and"), the one a writer is
likelier to have stressed.

Qt-free. Only for books in a language the word list knows, written in Latin letters, and
not for a book that marks its italics with underscores (it has not lost them).
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader.text import rx
from reader.text.book import GluedWord

if TYPE_CHECKING:
    from reader.text.book import Book

__all__ = [
    "GLUED_MAX_ZIPF",
    "PART_MIN_ZIPF",
    "find_glued",
    "glued_in",
    "marks_italics",
    "supported_language",
    "wordfreq_loaded",
]

GLUED_MAX_ZIPF = 1.5
"""A glued form at least this frequent (Zipf scale: 1 = once per 100 million words) is a
real word and stays whole."""
PART_MIN_ZIPF = 4.2
"""The other part of a lower-case glued word (beside the short stressed word) must be at
least this common (about 16 per million words): rarer ones are more often foreign words
("assignat", "mirait") or dialect ("shyme") than two words run together."""
FIRST_PART_MIN_ZIPF = 3.0
"""The lower-case part of a camel-cased glue ("choking" in "chokingAlaric")."""
NAME_MIN_ZIPF = 1.5
"""A capitalised part ("Alaric") may be rarer, as names are, but must be known."""
MAX_WORD = 40
"""Longer runs of letters are never taken for two glued words."""
MAX_SCAN_CHARS = 40_000_000
"""Books longer than this are not scanned (the word count alone would cost seconds)."""

_LOWER = "a-zà-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"
_APOS = "'’"
_WORD = rx.lazy_stdlib(rf"[{_LOWER}{_UPPER}]+(?:[{_APOS}][{_LOWER}{_UPPER}]+)?")
_LOWER_WORD = rx.lazy_stdlib(rf"[{_LOWER}]+(?:[{_APOS}][{_LOWER}]+)?")
_CAMEL = rx.lazy_stdlib(rf"([{_LOWER}]{{2,}})([{_UPPER}][{_LOWER}]+)")
_TOKEN = rx.lazy_stdlib(r"\w+(?:['’]\w+)?")
"""A word as counted (letters, digits and an inner apostrophe: "who's")."""

_read: list[bool] = []


def wordfreq_loaded() -> bool:
    """True once the word-frequency list has been read in this process."""
    return bool(_read)


def _frequency(words: set[str], lang: str) -> Callable[[str, str], float]:
    """Zipf frequencies of ``words`` (about 0.3 s: the list is read, keeping only these)."""
    from reader.text.word_frequency import zipf_table

    _read.append(True)
    table = zipf_table(words, lang)
    return lambda word, _lang: table[word]


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    """The languages wordfreq has a word list for, from its data files (not importing it)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    try:
        names = [p.name for p in data.iterdir()]
    except OSError:
        return frozenset()
    return frozenset(
        n.split("_", 1)[1].split(".", 1)[0]
        for n in names
        if n.startswith(("small_", "large_")) and n.endswith(".msgpack.gz")
    )


_LATIN_SCRIPT = frozenset(
    [
        "ca",
        "cs",
        "da",
        "de",
        "en",
        "es",
        "fi",
        "fil",
        "fr",
        "hu",
        "id",
        "is",
        "it",
        "lt",
        "lv",
        "ms",
        "nb",
        "nl",
        "pl",
        "pt",
        "ro",
        "sk",
        "sl",
        "sv",
        "tr",
    ]
)
"""Languages written in the Latin alphabet, the only letters the repair looks at (the word
lists of Chinese, Japanese and Korean also need tokenisers Quire does not ship)."""


def supported_language(language: str) -> str | None:
    """The word-list language for a book's language code (``""`` counts as English), or
    None when the word list has none or the language is not written in Latin letters."""
    code = (language or "en").lower().replace("_", "-").split("-")[0]
    return code if code in _LATIN_SCRIPT and code in _languages() else None


def find_glued(book: Book) -> tuple[GluedWord, ...]:
    """Every glued word of ``book``'s reading text, sorted (see the module docstring).

    A book that marks its italics (``_like this_``, as Project Gutenberg's texts do) has
    not lost them, and is not scanned."""
    lang = supported_language(book.metadata.language)
    lo, hi = book.reading_range()
    if lang is None or hi - lo > MAX_SCAN_CHARS or hi <= lo:
        return ()
    if marks_italics(book.text, lo, hi):
        return ()
    return glued_in(book.text, lo, hi, lang)


MARKED_ITALICS = 10
"""A text with this many ``_marked_`` words keeps its italics: there is nothing to repair."""
_MARKED = rx.lazy_stdlib(r"(?<!\w)_[^_\n]{1,80}_(?!\w)")


def marks_italics(text: str, lo: int, hi: int) -> bool:
    """True when ``text[lo:hi]`` marks italics with underscores (:data:`MARKED_ITALICS`
    times or more)."""
    if text.count("_", lo, hi) < 2 * MARKED_ITALICS:
        return False
    for found, _m in enumerate(_MARKED.finditer(text, lo, hi), 1):
        if found >= MARKED_ITALICS:
            return True
    return False


_CHUNK = 1 << 18
"""Characters counted at a time (a list of every word of a long book would be the
parse's peak: some 35 MB for War and Peace)."""
_SPACE = rx.lazy_stdlib(r"\s")


def count_words(text: str, lo: int, hi: int) -> Counter[str]:
    """How often each word (:data:`_TOKEN`) occurs in ``text[lo:hi]``.

    In C a chunk at a time (findall, then Counter over its list; a Python loop over
    every word would cost more than the rest of the parse), each chunk ending at white
    space, which no word spans."""
    exact: Counter[str] = Counter()
    pos = lo
    while pos < hi:
        end = min(hi, pos + _CHUNK)
        if end < hi:
            space = _SPACE.search(text, end, hi)
            end = space.start() if space is not None else hi
        exact.update(_TOKEN.findall(text, pos, end))
        pos = end
    return exact


def glued_in(text: str, lo: int, hi: int, lang: str = "en") -> tuple[GluedWord, ...]:
    """The glued words of ``text[lo:hi]`` (see :func:`find_glued`)."""
    exact = count_words(text, lo, hi)
    counts: Counter[str] = Counter()
    camel: list[str] = []
    for word, n in exact.items():
        low = word.lower()
        counts[low] += n
        if low != word and word[0].islower() and not word.isupper():
            camel.append(word)
    candidates = _candidates(counts, exact, camel)
    if not candidates:
        return ()
    zipf = _frequency(_asked(candidates), lang)
    decided: dict[str, tuple[int, bool]] = {}
    for word, splits in candidates.items():
        choice = _decide(word, splits, lang, zipf)
        if choice is not None:
            decided[word] = choice
    if not decided:
        return ()
    return _locate(text, lo, hi, decided)


_FUNCTION = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "him",
        "his",
        "i",
        "if",
        "in",
        "is",
        "it",
        "its",
        "just",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "they",
        "this",
        "to",
        "too",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "who's",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
"""Short words a writer stresses (and a converter glues to their neighbour): one part of
a glued lower-case word must be one of them ("*me* who's", "mad *at*", "*dead* and")."""
_NOT_FIRST = frozenset(["a", "be", "by", "do", "for", "i", "in", "no", "of", "on", "so", "to"])
"""Function words that begin real compounds ("inrushing", "forbore", "nothink", "tobe"):
never a first part."""
_NOT_SECOND = frozenset(["a", "i", "in", "on"])
"""… and that end them ("printin'", "sorrowin'", "ondé", "caron"): never a second part."""


def _candidates(
    counts: Counter[str], exact: Counter[str], camel: list[str]
) -> dict[str, list[int]]:
    """Words seen once that may be two run together: the word (as in the text for a
    camel-cased one, else lower-case) and its possible split points. Needs no word list.

    ``exact`` counts the words as written, ``counts`` lower-cased; ``camel`` are the
    written words that start lower-case and hold a capital."""
    out: dict[str, list[int]] = {}
    for word in camel:
        m = _CAMEL.fullmatch(word)
        if m is None or len(word) > MAX_WORD or counts.get(word.lower(), 0) != 1:
            continue
        name = m.group(2)
        named = exact.get(name, 0)
        # a name used elsewhere, and always written with its capital ("Alaric", not "Case")
        if named >= 1 and counts.get(name.lower(), 0) - named < named:
            out[word] = [len(m.group(1))]
    for word, n in counts.items():
        if n != 1 or not 4 <= len(word) <= MAX_WORD or not _LOWER_WORD.fullmatch(word):
            continue
        last = len(word) - 1
        ends = (*range(2, min(6, last)), *range(max(2, len(word) - 5), last))
        splits = sorted({i for i in ends if _function_split(word[:i], word[i:])})
        if splits:
            out[word] = splits
    return out


def _function_split(a: str, b: str) -> bool:
    """True when ``a`` + ``b`` may be a function word glued to another word."""
    if a in _FIRST:
        fits = len(b) >= 3 or b in _FUNCTION
    elif b in _SECOND:
        fits = len(a) >= 3
    else:
        return False
    # "l'upas", "o'erpassed": an elision starts a word, it is not glued
    return fits and "'" not in a and "’" not in a and b[0] not in _APOS


_FIRST = _FUNCTION - _NOT_FIRST
_SECOND = _FUNCTION - _NOT_SECOND


def _asked(candidates: dict[str, list[int]]) -> set[str]:
    """Every word :func:`_decide` may look up for these candidates."""
    words: set[str] = set()
    for word, splits in candidates.items():
        glued = word.lower().replace("’", "'")
        words.add(glued)
        if glued[0] == "w":
            words.add("r" + glued[1:])
        for i in splits:
            words.update((glued[:i], glued[i:]))
    return words


def _decide(
    word: str, splits: list[int], lang: str, zipf: Callable[[str, str], float]
) -> tuple[int, bool] | None:
    """The split point and whether the first part is the italic one, or None (stays whole)."""
    glued = word.lower().replace("’", "'")
    if zipf(glued, lang) >= GLUED_MAX_ZIPF:
        return None
    camel = not word.islower()
    # "wecollect", "wascal": a lisped or childish r, not "we collect" (War and Peace)
    if not camel and glued[0] == "w" and zipf("r" + glued[1:], lang) >= 2.5:
        return None
    best: tuple[float, int, bool] | None = None
    for i in splits:
        a, b = glued[:i], glued[i:]
        za, zb = zipf(a, lang), zipf(b, lang)
        if camel:
            if za < FIRST_PART_MIN_ZIPF or zb < NAME_MIN_ZIPF:
                continue
        elif min(za, zb) < PART_MIN_ZIPF and not (a in _FUNCTION and b in _FUNCTION):
            continue
        first_italic = False if camel else za < zb
        score = za + zb
        if best is None or score > best[0]:
            best = (score, i, first_italic)
    return None if best is None else (best[1], best[2])


_MANY = 50
"""With more words to repair than this, they are found in one pass over every word."""


def _locate(
    text: str, lo: int, hi: int, decided: dict[str, tuple[int, bool]]
) -> tuple[GluedWord, ...]:
    """Where each word to repair stands in the text: its one lower-case (or camel-cased)
    occurrence, standing alone as a word."""
    spans: list[tuple[int, int, str]] = []
    if len(decided) <= _MANY:
        for word in decided:
            at = text.find(word, lo, hi)
            while at >= 0:
                end = at + len(word)
                if not _letter_at(text, at - 1, lo, hi) and not _letter_at(text, end, lo, hi):
                    spans.append((at, end, word))
                at = text.find(word, end, hi)
    else:
        spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, lo, hi)]
    out: list[GluedWord] = []
    for s, e, w in sorted(spans):
        choice = decided.get(w)
        if choice is None:
            continue
        split = s + choice[0]
        italic = (s, split) if choice[1] else (split, e)
        out.append(GluedWord(s, e, split, italic[0], italic[1]))
    return tuple(out)


def _letter_at(text: str, i: int, lo: int, hi: int) -> bool:
    """True when ``text[i]``, inside ``[lo, hi)``, is a letter or an apostrophe."""
    if not lo <= i < hi:
        return False
    ch = text[i]
    return ch.isalpha() or ch in _APOS
