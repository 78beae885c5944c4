"""Re-anchoring highlights, notes and bookmarks after the book's text changed.

An annotation stores its offsets plus the quoted text and a little context on
each side (see DESIGN.md). When the file was edited on disk or decoded
differently, the offsets may point at other words; :func:`reanchor` finds the
quote again: at the old offset, else the exact occurrence whose context fits
best, else the same words with different whitespace, else a close fuzzy match
(a word changed, curly quotes became straight ones). An annotation that cannot
be placed is reported as such and the caller keeps it as ``not_found``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

if TYPE_CHECKING:
    from difflib import SequenceMatcher

__all__ = [
    "FUZZY_RATIO",
    "AnchorResult",
    "make_anchor",
    "reanchor",
    "reanchor_annotation",
    "reanchor_bookmark",
]

FUZZY_RATIO = 0.8
"""Least similarity (difflib ratio) for a fuzzy match to count."""

CONTEXT_CHARS = 64
_SHORT_QUOTE = 24  # shorter fuzzy matches must also agree with their context
_MAX_WORD_HITS = 50  # a word found more often than this is too common to locate a quote
_MAX_CANDIDATES = 4
_MAX_EXACT = 100_000  # occurrences looked at (a one-letter quote can have millions)
_MAX_SCORED = 2000  # of those, the ones nearest the old offset are scored by context


class _Ranged(Protocol):
    """What :func:`reanchor_annotation` needs (reader.store.models.Annotation has it)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    status: str


class _Marked(Protocol):
    """What :func:`reanchor_bookmark` needs (reader.store.models.Bookmark has it)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]
    offset: int
    quote: str
    prefix: str
    status: str


R = TypeVar("R", bound=_Ranged)
M = TypeVar("M", bound=_Marked)


@dataclass
class AnchorResult:
    """Where a quote was found: ``[start, end)`` in the new text; ``exact`` if verbatim."""

    start: int
    end: int
    exact: bool


def make_anchor(
    text: str, start: int, end: int, context: int = CONTEXT_CHARS
) -> tuple[str, str, str]:
    """``(quote, prefix, suffix)`` to store with a range ``[start, end)`` of ``text``."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]


# ---------------------------------------------------------------- context scores


def _common_suffix(a: str, b: str) -> int:
    """Length of the longest common suffix (binary search on slice equality)."""
    lo, hi = 0, min(len(a), len(b))
    if hi and a[-hi:] == b[-hi:]:
        return hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[-mid:] == b[-mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix (binary search on slice equality)."""
    lo, hi = 0, min(len(a), len(b))
    if a[:hi] == b[:hi]:
        return hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of the stored context agree with the text around ``[start, end)``."""
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return _common_suffix(prefix, before) + _common_prefix(suffix, after)


def _best(
    text: str, spans: list[tuple[int, int]], prefix: str, suffix: str, hint: int
) -> tuple[int, int]:
    """The span whose context fits best; ties go to the one nearest ``hint``."""
    return max(
        spans, key=lambda s: (_context_score(text, s[0], s[1], prefix, suffix), -abs(s[0] - hint))
    )


# ---------------------------------------------------------------- the search steps


def _exact(text: str, quote: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    n = len(quote)
    find = text.find
    p = find(quote)
    while p != -1 and len(out) < _MAX_EXACT:
        out.append((p, p + n))
        p = find(quote, p + 1)
    return out


def _loose(text: str, quote: str) -> list[tuple[int, int]]:
    """Occurrences of the quote's words with any whitespace between them."""
    words = quote.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return [m.span() for _, m in zip(range(_MAX_EXACT), pattern.finditer(text), strict=False)]


def _occurrences(text: str, needle: str, limit: int) -> list[int] | None:
    """Start offsets of ``needle``, or None when it occurs more than ``limit`` times."""
    out: list[int] = []
    p = text.find(needle)
    while p != -1:
        if len(out) >= limit:
            return None
        out.append(p)
        p = text.find(needle, p + 1)
    return out


def _candidates(text: str, quote: str, prefix: str, suffix: str, hint: int) -> list[int]:
    """Likely start offsets of a changed quote, best first.

    Every occurrence of one of the quote's rarer words votes for the start it
    implies, and so do the end of the prefix and the start of the suffix; the
    places with most votes (and the old offset) are worth a closer look.
    """
    n = len(quote)
    votes: list[tuple[int, int]] = [(hint, 1)]  # (implied start, weight)
    words = sorted(
        {(m.group(), m.start()) for m in re.finditer(r"\w{4,}", quote)},
        key=lambda w: -len(w[0]),
    )
    for word, at in words[:12]:
        votes.extend((p - at, 1) for p in _occurrences(text, word, _MAX_WORD_HITS) or ())
    tail = prefix[-20:].lstrip()
    if len(tail) >= 8:
        occ = _occurrences(text, tail, _MAX_WORD_HITS) or ()
        votes.extend((p + len(tail), 2) for p in occ)
    head = suffix[:20].rstrip()
    if len(head) >= 8:
        votes.extend((p - n, 2) for p in _occurrences(text, head, _MAX_WORD_HITS) or ())
    width = max(8, n // 8)
    tally: dict[int, int] = {}
    where: dict[int, int] = {}
    for pos, weight in votes:
        if -n < pos < len(text):
            bucket = pos // width
            tally[bucket] = tally.get(bucket, 0) + weight
            where.setdefault(bucket, pos)
    # Edits inside the quote shift later words a little: count neighbours' votes too.
    score = {b: v + (tally.get(b - 1, 0) + tally.get(b + 1, 0)) / 2 for b, v in tally.items()}
    ranked = sorted(score, key=lambda b: -score[b])
    out = [where[b] for b in ranked[:_MAX_CANDIDATES]]
    if hint not in out:
        out.append(hint)
    return out


def _matcher(a: str, b: str) -> SequenceMatcher[str]:
    """difflib's matcher for ``a`` against ``b``, imported when a note is first re-anchored
    (0.4 MB that a start without an edited book does not need)."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False)


def _ratio(a: str, b: str) -> float:
    return _matcher(a, b).ratio()


def _distance(a: str, b: str) -> int:
    """Approximate edit distance (a replaced run costs its longer side)."""
    cost = 0
    for op, i1, i2, j1, j2 in _matcher(a, b).get_opcodes():
        if op != "equal":
            cost += max(i2 - i1, j2 - j1)
    return cost


def _estimate(text: str, quote: str, cand: int) -> tuple[float, int, int]:
    """A first ``(ratio, start, end)`` for ``quote`` in a window around ``cand``."""
    n = len(quote)
    slack = max(16, n // 4)
    ws = max(0, cand - slack)
    window = text[ws : cand + n + slack]
    blocks = [
        b
        for b in _matcher(quote, window).get_matching_blocks()
        if b.size >= 3 or (b.size > 0 and n < 12)
    ]
    if not blocks:
        return 0.0, cand, cand
    # Unmatched ends of the quote are assumed replaced by as many characters.
    first, last = blocks[0], blocks[-1]
    s = max(ws, ws + first.b - first.a)
    e = min(ws + len(window), ws + last.b + last.size + (n - last.a - last.size))
    return _ratio(quote, text[s:e]), s, e


def _refine(text: str, quote: str, prefix: str, suffix: str, s: int, e: int) -> tuple[int, int]:
    """Nudge each boundary to where the edit distance is least and the context fits.

    Ratio alone would always favour dropping a changed first or last character;
    the stored context tells a changed character from a deleted one.
    """
    n = len(quote)
    reach = max(16, n // 4)
    step = max(1, n // 40)
    # Only the ends move, so compare only the quote's ends with the text's.
    k = min(n, reach + 16)
    head, tail = quote[:k], quote[-k:]
    s0, e0 = s, e

    def start_cost(s2: int) -> tuple[float, int]:
        ctx = _common_suffix(prefix, text[max(0, s2 - len(prefix)) : s2])
        return _distance(head, text[s2 : max(s2, s0 + k)]) - 0.5 * min(ctx, 16), abs(s2 - s0)

    def end_cost(e2: int) -> tuple[float, int]:
        ctx = _common_prefix(suffix, text[e2 : e2 + len(suffix)])
        return _distance(tail, text[min(e2, max(s, e0 - k)) : e2]) - 0.5 * min(ctx, 16), abs(
            e2 - e0
        )

    # A coarse pass over the whole reach, then a fine one around the best.
    s = min(range(max(0, s0 - reach), min(e0, s0 + reach + 1), step), key=start_cost)
    s = min(range(max(0, s - step + 1), min(e0, s + step)), key=start_cost)
    e = min(range(max(s + 1, e0 - reach), min(len(text), e0 + reach) + 1, step), key=end_cost)
    e = min(range(max(s + 1, e - step + 1), min(len(text), e + step - 1) + 1), key=end_cost)
    return s, e


def _fuzzy(text: str, quote: str, prefix: str, suffix: str, hint: int) -> AnchorResult | None:
    if len(quote.strip()) < 4:
        return None
    best: tuple[float, int, int] | None = None  # (ratio, context score, -distance to hint)
    choice: tuple[int, int] | None = None
    for cand in _candidates(text, quote, prefix, suffix, hint):
        ratio, s, e = _estimate(text, quote, cand)
        if ratio < FUZZY_RATIO - 0.1:
            continue
        key = (round(ratio, 2), _context_score(text, s, e, prefix, suffix), -abs(s - hint))
        if best is None or key > best:
            best, choice = key, (s, e)
    if choice is None:
        return None
    s, e = _refine(text, quote, prefix, suffix, *choice)
    if _ratio(quote, text[s:e]) < FUZZY_RATIO:
        return None
    if len(quote) < _SHORT_QUOTE and _context_score(text, s, e, prefix, suffix) < 8:
        return None  # a short near-miss anywhere is not enough without its context
    return AnchorResult(s, e, False)


def reanchor(text: str, quote: str, prefix: str, suffix: str, hint: int) -> AnchorResult | None:
    """Find ``quote`` (stored with ``prefix``/``suffix`` around it, once at ``hint``) in ``text``.

    Steps: the quote still at ``hint`` with its context; else the exact
    occurrence whose context fits best (ties: nearest ``hint``); else the same
    words with any whitespace between them; else a fuzzy match (similarity ≥
    :data:`FUZZY_RATIO`, located through the quote's rarer words and its
    context). Returns None when the quote cannot be placed.
    """
    if not quote:
        return None
    hint = max(0, min(hint, len(text)))
    n = len(quote)
    if text.startswith(quote, hint):
        before = text[max(0, hint - len(prefix)) : hint]
        if before == prefix and text.startswith(suffix, hint + n):
            return AnchorResult(hint, hint + n, True)
    if prefix or suffix:
        # The usual case after an edit elsewhere: quote and context intact, moved.
        around = _occurrences(text, prefix + quote + suffix, _MAX_WORD_HITS)
        if around:
            s = min((p + len(prefix) for p in around), key=lambda x: abs(x - hint))
            return AnchorResult(s, s + n, True)
    spans = _exact(text, quote)
    if spans:
        if len(spans) > _MAX_SCORED:
            spans = sorted(spans, key=lambda sp: abs(sp[0] - hint))[:_MAX_SCORED]
        s, e = _best(text, spans, prefix, suffix, hint)
        return AnchorResult(s, e, True)
    spans = _loose(text, quote)
    if spans:
        s, e = _best(text, spans, prefix, suffix, hint)
        return AnchorResult(s, e, False)
    return _fuzzy(text, quote, prefix, suffix, hint)


def reanchor_annotation(text: str, ann: R) -> R:
    """``ann`` placed in ``text``: new offsets and quote/context, or ``status="not_found"``.

    A found annotation gets its quote and context refreshed from the new text
    (so the next re-anchoring starts from what is there now); one not found
    keeps everything it had, so nothing the reader wrote is lost.
    """
    found = reanchor(text, ann.quote, ann.prefix, ann.suffix, ann.start)
    if found is None:
        return dataclasses.replace(ann, status="not_found")
    quote, prefix, suffix = make_anchor(text, found.start, found.end)
    return dataclasses.replace(
        ann,
        start=found.start,
        end=found.end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        status="ok",
    )


def reanchor_bookmark(text: str, bm: M) -> M:
    """``bm`` placed in ``text`` by its quote and prefix, or marked ``not_found``."""
    found = reanchor(text, bm.quote, bm.prefix, "", bm.offset)
    if found is None:
        return dataclasses.replace(bm, status="not_found")
    return dataclasses.replace(
        bm,
        offset=found.start,
        quote=text[found.start : found.start + len(bm.quote)],
        prefix=text[max(0, found.start - CONTEXT_CHARS) : found.start],
        status="ok",
    )
