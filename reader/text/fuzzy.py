"""rapidfuzz's scores, asked only of the pairs that could reach the score wanted.

Matching a printed contents to its headings compares many pairs that share almost no
letters ("book 11 1812" and "chapter 11"), and importing rapidfuzz costs some 17 ms and
4 MB, most of it in parts never used here (its ``process`` and ``distance`` modules).
Each score here first takes a bound that no rapidfuzz score of the pair can pass,
computed from the letters the two strings share, and calls rapidfuzz only when that bound
reaches ``least``. The result is rapidfuzz's own score whenever that score is at least
``least``; otherwise it is some value below ``least`` (the bound), so a caller that
keeps only scores of ``least`` or more gets exactly what rapidfuzz alone would give.
Once some pair has needed rapidfuzz, every pair is asked of it directly: the bounds,
computed in Python, only spare the import (rapidfuzz scores a pair faster).

The bounds: ``ratio`` is ``200 · LCS / (len a + len b)`` (rapidfuzz's normalised Indel
similarity), and the longest common subsequence is at most the number ``m`` of letters
the two strings have in common, counted with repeats. ``token_sort_ratio`` is ``ratio``
of the strings with their words sorted, which keeps their letters. ``partial_ratio`` is
the best ``ratio`` of the shorter string (length ``n``) against a piece of the longer no
longer than it; every such piece lies within one of length ``n``, so with ``m`` the most
letters the shorter shares with any piece of length ``n`` it is at most
``200 · m / (n + m)``, and it is 100 when the shorter string is a piece of the longer.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

__all__ = ["partial_ratio", "ratio", "token_sort_ratio"]

_fuzz: Any = None
"""rapidfuzz's ``fuzz`` module, once some pair needed it (None before)."""


def _load() -> Any:
    global _fuzz
    if _fuzz is None:
        from rapidfuzz import fuzz

        _fuzz = fuzz
    return _fuzz


def _shared(a: str, b: str) -> int:
    """How many letters ``a`` and ``b`` have in common, repeats counted."""
    return sum((Counter(a) & Counter(b)).values())


def _ratio_bound(a: str, b: str) -> float:
    total = len(a) + len(b)
    return 100.0 if total == 0 else 200.0 * _shared(a, b) / total


def ratio(a: str, b: str, least: float = 0.0) -> float:
    """rapidfuzz's ``fuzz.ratio(a, b)`` when it is at least ``least``, else a value below
    ``least`` (see the module)."""
    fuzz = _fuzz
    if fuzz is None:
        bound = _ratio_bound(a, b)
        if bound < least:
            return bound
        fuzz = _load()
    return float(fuzz.ratio(a, b))


def token_sort_ratio(a: str, b: str, least: float = 0.0) -> float:
    """rapidfuzz's ``fuzz.token_sort_ratio(a, b)`` when it is at least ``least``, else a
    value below ``least``."""
    fuzz = _fuzz
    if fuzz is None:
        bound = _ratio_bound(" ".join(sorted(a.split())), " ".join(sorted(b.split())))
        if bound < least:
            return bound
        fuzz = _load()
    return float(fuzz.token_sort_ratio(a, b))


def _window_shared(short: str, long: str) -> int:
    """The most letters ``short`` has in common with any piece of ``long`` as long as it."""
    want = Counter(short)
    have: Counter[str] = Counter()
    size = len(short)
    shared = best = 0
    for i, ch in enumerate(long):
        if have[ch] < want[ch]:
            shared += 1
        have[ch] += 1
        if i >= size:
            out = long[i - size]
            have[out] -= 1
            if have[out] < want[out]:
                shared -= 1
        best = max(best, shared)
    return best


def partial_ratio(a: str, b: str, least: float = 0.0) -> float:
    """rapidfuzz's ``fuzz.partial_ratio(a, b)`` when it is at least ``least``, else a
    value below ``least``."""
    fuzz = _fuzz
    if fuzz is None:
        short, long = (a, b) if len(a) <= len(b) else (b, a)
        if not short:
            return 0.0 if long else 100.0  # rapidfuzz's scores for an empty string
        if short in long:
            return 100.0  # the piece that is the shorter string itself
        shared = _window_shared(short, long)
        bound = 200.0 * shared / (len(short) + shared) if shared else 0.0
        if bound < least:
            return bound
        fuzz = _load()
    return float(fuzz.partial_ratio(a, b))
