"""Word frequencies from ``wordfreq``'s lists, for a few words, without holding a whole list.

``wordfreq.zipf_frequency`` loads its language's whole list into a dictionary on first use:
for English some 33 MB that stay for the life of the process, to look up the few hundred
words the lost-italics scan (:mod:`reader.text.italics`) asks about. :func:`zipf_table`
gives the same values for a set of words known in advance: it reads the list one
frequency band at a time, keeps only the entries of those words and lets the rest go.

The values are ``zipf_frequency(word, lang)``'s exactly: the frequencies of a word's
tokens are combined and rounded as wordfreq does. The words the scan asks about are
lower-case Latin-1 letters with at most an apostrophe (:func:`plain_tokens`): on those
wordfreq's normalisation (NFC or NFKC, case folding, the Turkish dotted i, Romanian
commas, Serbian transliteration) changes nothing, whatever the Latin-script language, and
its tokeniser (word boundaries of Unicode's TR29, a French ``l'`` cut off before a
vowel) reduces to a few rules, followed here without the ``regex`` package wordfreq runs
it with (2 MB). So those words are looked up without
importing the ``wordfreq`` package, which brings ftfy, wcwidth, langcodes and some
hundred modules (about 7 MB, 10 MB of a first open's peak). Any other word is tokenised
by wordfreq itself. Only for the Latin-script languages the scan supports (no Chinese or
Japanese word segmentation).
"""

from __future__ import annotations

import gzip
import importlib.util
import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from reader.text import rx

__all__ = ["plain_tokens", "zipf_table"]

_PLAIN = rx.lazy_stdlib(r"[a-zà-öø-ÿ']*")
"""Words tokenised here: lower-case Latin-1 letters and straight apostrophes."""
_VOWELS = "AEHIOUYÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÅÏÖŒaehiouyáéíóúàèìòùâêîôûåïöœ"
"""The letters before which wordfreq's ``TOKEN_RE`` (wordfreq/tokens.py) cuts an elision off."""


def zipf_table(words: Iterable[str], lang: str) -> dict[str, float]:
    """``wordfreq.zipf_frequency(word, lang)`` for each of ``words`` (a language wordfreq
    has a list for), reading only their entries of the list."""
    asked = list(words)
    path = _word_lists().get(lang)
    if path is not None and all(_PLAIN.fullmatch(word) for word in asked):
        tokens = {word: plain_tokens(word) for word in asked}
    else:
        from wordfreq import available_languages, lossy_tokenize

        tokens = {word: lossy_tokenize(word, lang) for word in asked}
        path = available_languages("best").get(lang)
        if path is None:  # a code wordfreq matches only loosely: its own lookup
            from wordfreq import zipf_frequency

            return {word: zipf_frequency(word, lang) for word in tokens}
    wanted = {_smash(t) for found in tokens.values() for t in found}
    freqs = _band_frequencies(path, wanted)
    return {word: _zipf(found, freqs) for word, found in tokens.items()}


def plain_tokens(word: str) -> list[str]:
    r"""``wordfreq.lossy_tokenize(word, lang)`` for a word of lower-case Latin-1 letters and
    apostrophes, in any Latin-script language (see the module docstring).

    wordfreq's expression ``(?=[\w\p{So}])(?!\w\w?'[vowel])\X+?(?:@s?(?!\w)|\b)|\w\w?'``
    (``regex.V1 | regex.WORD``) reduced to what it does on such words: a token starts at
    a letter and runs to the next word boundary of Unicode's TR29 (an apostrophe joins
    two letters, ``don't``); a French elision (``l'``, ``qu'`` before a vowel) is a token
    of its own."""
    tokens: list[str] = []
    n = len(word)
    i = 0
    while i < n:
        if word[i] == "'":
            i += 1  # no token starts at an apostrophe
            continue
        if i + 3 < n and word[i + 1] != "'" and word[i + 2] == "'" and word[i + 3] in _VOWELS:
            end = i + 3  # "qu'un"
        elif i + 2 < n and word[i + 1] == "'" and word[i + 2] in _VOWELS:
            end = i + 2  # "l'heure"
        else:
            end = i + 1
            while end < n and not _tr29_break(word, end):
                end += 1
        tokens.append(word[i:end].strip("'").casefold())
        i = end
    return tokens


def _tr29_break(word: str, j: int) -> bool:
    """A word boundary of TR29 between ``word[j - 1]`` and ``word[j]`` (0 < j < len), for a
    word of letters and apostrophes: letters join (WB5), an apostrophe joins the letters
    on its two sides (WB6, WB7), anything else breaks (WB999)."""
    left, right = word[j - 1] == "'", word[j] == "'"
    if not left and not right:
        return False
    if right and not left:
        return not (j + 1 < len(word) and word[j + 1] != "'")
    if left and not right:
        return not (j >= 2 and word[j - 2] != "'")
    return True


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, str]:
    """``wordfreq.available_languages("best")`` read from its data folder (a language's
    large list where it has one, else its small one), without importing wordfreq."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return {}
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    lists: dict[str, dict[str, str]] = {"small": {}, "large": {}}
    try:
        paths = sorted(data.glob("*.msgpack.gz"))
    except OSError:
        return {}
    for path in paths:
        if path.name.startswith("_"):
            continue
        name, _, lang = path.name.split(".")[0].partition("_")
        if name in lists:
            lists[name][lang] = str(path)
    return {**lists["small"], **lists["large"]}


_DIGITS = rx.lazy_stdlib(r"\d")


def _smash(token: str) -> str:
    """``wordfreq.numbers.smash_numbers`` (which changes only digits)."""
    if _DIGITS.search(token) is None:
        return token
    from wordfreq.numbers import smash_numbers

    return smash_numbers(token)


_READ_SIZE = 64 * 1024
"""Bytes of the decompressed list the unpacker reads at a time."""


def _band_frequencies(path: str, wanted: set[str]) -> dict[str, float]:
    """The frequency of each of ``wanted`` found in the cBpack list at ``path`` (see
    ``wordfreq.read_cBpack``): band ``i`` holds the words of frequency 10 ** (-i / 100)."""
    import msgpack

    freqs: dict[str, float] = {}
    with gzip.open(path, "rb") as fh:
        # msgpack reads ahead 1 MB at a time by default: 2.3 MB of a first open's peak
        # where 64 KB reads are as fast and cost 0.5 MB.
        unpacker = msgpack.Unpacker(fh, raw=False, read_size=_READ_SIZE)
        bands = unpacker.read_array_header() - 1
        header = unpacker.unpack()
        if not isinstance(header, dict) or header.get("format") != "cB":
            raise ValueError(f"Unexpected word list header: {header!r}")
        for index in range(bands):
            found = wanted.intersection(unpacker.unpack())
            if found:
                freq = 10 ** (-index / 100)  # wordfreq.cB_to_freq(-index)
                for word in found:
                    freqs[word] = freq  # as get_frequency_dict: a later band wins
    return freqs


def _zipf(tokens: list[str], freqs: dict[str, float]) -> float:
    """``zipf_frequency`` of a word made of ``tokens`` (``wordfreq._word_frequency`` with its
    default minimum, on the Zipf scale)."""
    minimum = _zipf_to_freq(0.0)
    if not tokens:
        return round(_freq_to_zipf(minimum), 2)
    one_over_result = 0.0
    for token in tokens:
        smashed = _smash(token)
        if smashed not in freqs:
            return round(_freq_to_zipf(minimum), 2)
        freq = freqs[smashed]
        if smashed != token:
            from wordfreq.numbers import digit_freq

            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    unrounded = max(1.0 / one_over_result, minimum)
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(_freq_to_zipf(round(unrounded, leading_zeroes + 3)), 2)


def _zipf_to_freq(zipf: float) -> float:
    """``wordfreq.zipf_to_freq``."""
    return float(10**zipf / 1e9)


def _freq_to_zipf(freq: float) -> float:
    """``wordfreq.freq_to_zipf``."""
    return math.log(freq, 10) + 9
