"""Printed contents lists of plain titles, and story titles found through them.

A collection such as O. Henry's prints its contents as bare titles under a
``CONTENTS`` line ("The Gift of the Magi", "A Cosmopolite in a Café" …), and
its stories then start with those titles alone on a line, with no number or
keyword a heading pattern could catch. :func:`titled_lists` finds such lists;
:func:`listed_titles` turns body lines that repeat their entries, in order,
into level-1 headings.
"""

from __future__ import annotations

import bisect
import re

from reader.text import fuzzy, rx
from reader.text.heading_forms import clean_title, looks_like_heading
from reader.text.headings import Heading

Range = tuple[int, int]

_CONTENTS_WORDS = (
    r"(?:table\s+of\s+)?contents|table\s+des\s+mati[eè]res|sommaire|"
    r"inhalt(?:sverzeichnis)?|содержание|оглавление|[íi]ndice|目[录錄次]"
)
_CONTENTS_TITLE = rx.lazy(r"[ \t\u3000]*+(?:" + _CONTENTS_WORDS + r")[ \t.:：\u3000]*", re.I)
# "\n" first, and a first letter re can look for: lines are skipped quickly
_CONTENTS_LINE = rx.lazy(
    r"\n(?P<line>[ \t\u3000]*+(?=[CcTtSsIiСсОоÍí目])(?:"
    + _CONTENTS_WORDS
    + r")[ \t.:：\u3000]*+)(?=\n|\Z)",
    re.I,
)
_SCAN = 60_000  # a printed contents list sits near the front
_MAX_ENTRY = 90
_TRAIL = rx.lazy(r"(?:[\s.·…_-]+(?:\d+|[ivxlcdm]+))?[\s.·…_-]*$")
_WS = rx.lazy(r"\s+")


def entry_key(line: str) -> str:
    """A contents entry or heading line reduced for comparison: case-folded,
    whitespace collapsed, trailing page numbers, roman numerals and dots removed."""
    s = _WS.sub(" ", line.replace("_", "")).strip().casefold()
    return _TRAIL.sub("", s).strip()


def _lines(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """``(start, end)`` of every line in ``text[a:b]``."""
    out = []
    while a < b:
        e = text.find("\n", a, b)
        e = b if e < 0 else e
        out.append((a, e))
        a = e + 1
    return out


def contents_heads(text: str, lo: int, hi: int) -> list[Range]:
    """``CONTENTS`` title lines (any language) standing alone near the start or the end of
    ``text[lo:hi]`` (printed contents sit at the front or the back of a book)."""
    out: list[Range] = []
    regions = [(lo, min(hi, lo + _SCAN))]
    if hi - _SCAN > lo + _SCAN:
        regions.append((hi - _SCAN, hi))
    elif hi > lo + _SCAN:
        regions = [(lo, hi)]
    for a, b in regions:
        for m in _CONTENTS_LINE.finditer(text, max(a - 1, 0), b):
            s, e = m.span("line")
            if s >= a:
                out.append((s, e))
    if lo < hi and (lo == 0 or text[lo - 1] == "\n"):
        first = _CONTENTS_TITLE.match(text, lo, hi)
        end = text.find("\n", lo, hi)
        if first and first.end() == (hi if end < 0 else end):
            out.insert(0, (lo, first.end()))
    return sorted(set(out))


def titled_lists(
    text: str,
    lo: int,
    hi: int,
    taken: list[Range],
    end: int | None = None,
    stops: frozenset[int] = frozenset(),
) -> list[Range]:
    """Spans of contents lists under a ``CONTENTS`` line whose entries are plain titles.

    Entries are short lines separated by at most one blank line; the list ends
    at a longer gap, a long line, or a repeat of its first entry (the body).
    Lists overlapping ``taken`` (contents already found) are left alone. The
    ``CONTENTS`` line stands near the start or the end of ``text[lo:hi]``; its
    entries may run on to ``end`` (default ``hi``), but not into a heading (a start in
    ``stops``) set apart by a blank line after it: that is where the body begins.
    """
    end = hi if end is None else end
    out: list[Range] = []
    for s, e in contents_heads(text, lo, hi):
        if s > lo and text[max(lo, text.rfind("\n", lo, s - 1) + 1) : s - 1].strip():
            continue  # must stand alone
        entries: list[Range] = []
        blanks = 0
        for s2, e2 in _lines(text, e + 1, min(end, e + 1 + _SCAN)):
            line = text[s2:e2].strip()
            if not line:
                blanks += 1
                if blanks > (3 if not entries else 1):
                    break
                continue
            if len(line) > _MAX_ENTRY or line[-1] in ",;":
                break
            if entries and entry_key(line) == entry_key(text[entries[0][0] : entries[0][1]]):
                break
            if s2 in stops and not text[e2 + 1 : text.find("\n", e2 + 1, end)].strip():
                break
            entries.append((s2, e2))
            blanks = 0
        if len(entries) < 3:
            continue
        span = (entries[0][0], entries[-1][1])
        if any(a < span[1] and span[0] < b for a, b in [*taken, *out]):
            continue
        out.append(span)
    return out


def _standalone(text: str, s: int, e: int, lo: int, hi: int) -> bool:
    before = text.rfind("\n", lo, max(s - 1, lo))
    if s > lo and text[max(before + 1, lo) : s].strip():
        return False
    nxt = text.find("\n", e + 1, hi)
    return e >= hi or not text[e + 1 : hi if nxt < 0 else nxt].strip()


_FUZZY_MIN = 88.0
"""Least rapidfuzz ratio (0–100) for a body line to repeat a contents entry with a typo."""
_FUZZY_AHEAD = 3
_CANDIDATE = rx.lazy(r"\n[ \t]*+\n(?P<line>[ \t]*+\S[^\n]{0,89})(?=\n|\Z)")


def _entry_order(text: str, toc: list[Range]) -> dict[str, int]:
    order: dict[str, int] = {}
    for a, b in toc:
        for s, e in _lines(text, a, b):
            k = entry_key(text[s:e])
            if k and k not in order and not _CONTENTS_TITLE.fullmatch(text, s, e):
                order[k] = len(order)
    return order


def _mostly_headings(text: str, toc: list[Range]) -> bool:
    """True when most entries of the contents have a heading's form."""
    lines = [(s, e) for a, b in toc for s, e in _lines(text, a, b) if text[s:e].strip()]
    lines = lines[:: max(1, len(lines) // 40)]  # a sample is enough
    heads = sum(1 for s, e in lines if looks_like_heading(text, s, e))
    return heads >= 0.8 * len(lines)


def _match(key: str, order: dict[str, int], keys: list[str], last: int) -> int | None:
    """Index of the contents entry that ``key`` repeats: the same words anywhere after
    ``last``, or nearly the same (a typo) among the next few."""
    idx = order.get(key)
    if idx is not None:
        return idx if idx > last else None
    if not key:
        return None
    best = None
    for i in range(last + 1, min(len(keys), last + 1 + _FUZZY_AHEAD)):
        score = fuzzy.ratio(key, keys[i], _FUZZY_MIN)
        if score >= _FUZZY_MIN and (best is None or score > best[0]):
            best = (score, i)
    return None if best is None else best[1]


def listed_titles(
    text: str, headings: list[Heading], toc: list[Range], lo: int, hi: int
) -> list[Heading]:
    """``headings`` plus the body lines that repeat a contents entry (after a contents at the
    front, before one at the back), exactly or with a typo.

    A line counts when it stands alone (blank lines around it), is short, is not
    inside or right after a heading already found, and the matches follow the
    contents order; at least two must be found, else nothing is added.
    """
    if not toc:
        return headings
    order = _entry_order(text, toc)
    if len(order) < 2 or _mostly_headings(text, toc):
        return headings  # entries that are headings ("CHAPTER I") are found as such
    keys = list(order)
    front = [b for a, b in toc if a < (lo + hi) // 2]
    region = (max(front), hi) if front else (lo, min(a for a, _b in toc))
    hstarts = [h.start for h in headings]
    found: list[Heading] = []
    last = -1
    for m in _CANDIDATE.finditer(text, max(region[0] - 1, 0), region[1]):
        s = m.start("line")
        e = s + len(m.group("line").rstrip())
        line = text[s:e]
        if line[-1] in ".,;:" or s < region[0] or not _standalone(text, s, e, *region):
            continue
        idx = _match(entry_key(line), order, keys, last)
        if idx is None:
            continue
        # inside a heading, or right after one (its subtitle or the same title again)
        j = bisect.bisect_right(hstarts, s) - 1
        if j >= 0 and (s < headings[j].end or not text[headings[j].end : s].strip()):
            continue
        found.append(Heading(s, e, clean_title(line), 1, True))
        last = idx
    if len(found) < 2:
        return headings
    return sorted(headings + found)
