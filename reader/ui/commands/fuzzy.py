"""Fuzzy matching for the command palette: ordered-subsequence match with a score.

``"nxpg"`` matches ``"Next Page"`` because its letters appear in that order.
The score prefers matches that start words, run on without gaps and come
early, so the best command comes first. Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

MATCH = 16
"""Every matched character."""
WORD_START = 24
"""The character starts the text or a word (after a space, ``.``, ``_``, ``-``, ``/``)."""
CAMEL = 12
"""An upper-case letter after a lower-case one (``openFile``)."""
CONSECUTIVE = 20
"""The character directly follows the previous matched one."""
GAP_START = 6
GAP_EXTEND = 1
"""Penalty for skipping characters between two matches (first skipped, then each more)."""
LEADING = 1
"""Penalty per character skipped before the first match (capped)."""
LEADING_CAP = 12

_SEPARATORS = frozenset(" ._-/:()[]…,")
_NEG = float("-inf")


def _bonuses(text: str) -> list[int]:
    bonus = []
    prev = " "
    for ch in text:
        if prev in _SEPARATORS and ch not in _SEPARATORS:
            bonus.append(WORD_START)
        elif prev.islower() and ch.isupper():
            bonus.append(CAMEL)
        else:
            bonus.append(0)
        prev = ch
    return bonus


def fuzzy_score(query: str, text: str) -> float | None:
    """Score of the best way to find ``query``'s characters in order in ``text``; None if none.

    Case-insensitive; spaces in ``query`` are ignored. An empty query scores 0.
    """
    needle = [c for c in query.casefold() if not c.isspace()]
    if not needle:
        return 0.0
    hay = text.casefold()
    if len(hay) != len(text):  # casefold changed the length (ß → ss): fall back to lower()
        hay = text.lower()
    n, m = len(needle), len(hay)
    if n > m:
        return None
    bonus = _bonuses(text if len(text) == m else hay)
    # best[j]: best score with needle[i] matched at hay[j] (row i); -inf when impossible.
    best = [_NEG] * m
    for j in range(m):
        if hay[j] == needle[0]:
            best[j] = MATCH + bonus[j] - min(LEADING_CAP, LEADING * j)
    for i in range(1, n):
        row = [_NEG] * m
        carry = _NEG  # best over k < j-1 of best[k] minus its gap penalty up to j
        for j in range(1, m):
            # extend the running maximum by one more skipped character
            if carry != _NEG:
                carry -= GAP_EXTEND
            if j >= 2 and best[j - 2] != _NEG:
                carry = max(carry, best[j - 2] - GAP_START)
            if hay[j] != needle[i]:
                continue
            options = []
            if best[j - 1] != _NEG:
                options.append(best[j - 1] + CONSECUTIVE)
            if carry != _NEG:
                options.append(carry)
            if options:
                row[j] = max(options) + MATCH + bonus[j]
        best = row
    top = max(best)
    return None if top == _NEG else float(top)


def best_score(query: str, fields: Sequence[tuple[str, float]]) -> float | None:
    """The best weighted :func:`fuzzy_score` of ``query`` over ``(text, weight)`` fields."""
    scores = [s * weight for text, weight in fields if (s := fuzzy_score(query, text)) is not None]
    return max(scores) if scores else None


def rank(query: str, items: Iterable[tuple[object, Sequence[tuple[str, float]]]]) -> list[object]:
    """Items whose fields match ``query``, best first (ties keep their original order)."""
    scored = []
    for index, (item, fields) in enumerate(items):
        score = best_score(query, fields)
        if score is not None:
            scored.append((-score, index, item))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [item for _s, _i, item in scored]
