"""Word frequencies from ``wordfreq``'s lists, for a few words, without holding a whole list.

``wordfreq.zipf_frequency`` loads its language's whole list into a dictionary on first use:
for English some 33 MB that stay for the life of the process, to look up the few hundred
words the lost-italics scan (:mod:`reader.text.italics`) asks about. :func:`zipf_table`
gives the same values for a set of words known in advance: it reads the list one
frequency band at a time, keeps only the entries of those words and lets the rest go.

The values are ``zipf_frequency(word, lang)``'s exactly: the words are tokenised and
normalised by wordfreq itself (curly apostrophes, case folding), and the frequencies of a
word's tokens are combined and rounded as wordfreq does. Only for the Latin-script
languages the scan supports (no Chinese or Japanese word segmentation).
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterable

__all__ = ["zipf_table"]


def zipf_table(words: Iterable[str], lang: str) -> dict[str, float]:
    """``wordfreq.zipf_frequency(word, lang)`` for each of ``words`` (a language wordfreq
    has a list for), reading only their entries of the list."""
    from wordfreq import available_languages, lossy_tokenize
    from wordfreq.numbers import smash_numbers

    tokens = {word: lossy_tokenize(word, lang) for word in words}
    path = available_languages("best").get(lang)
    if path is None:  # a code wordfreq matches only loosely: its own lookup
        from wordfreq import zipf_frequency

        return {word: zipf_frequency(word, lang) for word in tokens}
    wanted = {smash_numbers(t) for found in tokens.values() for t in found}
    freqs = _band_frequencies(path, wanted)
    return {word: _zipf(found, freqs) for word, found in tokens.items()}


def _band_frequencies(path: str, wanted: set[str]) -> dict[str, float]:
    """The frequency of each of ``wanted`` found in the cBpack list at ``path`` (see
    ``wordfreq.read_cBpack``): band ``i`` holds the words of frequency 10 ** (-i / 100)."""
    import msgpack
    from wordfreq import cB_to_freq

    freqs: dict[str, float] = {}
    with gzip.open(path, "rb") as fh:
        unpacker = msgpack.Unpacker(fh, raw=False)
        bands = unpacker.read_array_header() - 1
        header = unpacker.unpack()
        if not isinstance(header, dict) or header.get("format") != "cB":
            raise ValueError(f"Unexpected word list header: {header!r}")
        for index in range(bands):
            found = wanted.intersection(unpacker.unpack())
            if found:
                freq = cB_to_freq(-index)
                for word in found:
                    freqs[word] = freq  # as get_frequency_dict: a later band wins
    return freqs


def _zipf(tokens: list[str], freqs: dict[str, float]) -> float:
    """``zipf_frequency`` of a word made of ``tokens`` (``wordfreq._word_frequency`` with its
    default minimum, on the Zipf scale)."""
    from wordfreq import freq_to_zipf, zipf_to_freq
    from wordfreq.numbers import digit_freq, smash_numbers

    minimum = zipf_to_freq(0.0)
    if not tokens:
        return round(freq_to_zipf(minimum), 2)
    one_over_result = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        if smashed not in freqs:
            return round(freq_to_zipf(minimum), 2)
        freq = freqs[smashed]
        if smashed != token:
            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    unrounded = max(1.0 / one_over_result, minimum)
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(freq_to_zipf(round(unrounded, leading_zeroes + 3)), 2)
