"""Showing words glued by lost italics apart: a display transform with an exact offset map.

:func:`repair_glued` takes a block's :class:`~reader.text.book.Display` and the
:class:`~reader.text.book.GluedWord` records inside it (found by
:mod:`reader.text.italics`) and inserts a space at each split, mapped to the source
character after it (so a selection of either word maps back to exactly its characters),
and lists the restored word in ``italic`` and ``repaired``.
"""

from __future__ import annotations

import bisect
from array import array

from reader.text.book import Display, GluedWord

__all__ = ["repair_glued"]


def repair_glued(shown: Display, glued: list[GluedWord]) -> Display:
    """``shown`` with each glued word shown apart (a space inserted at its split, mapped to
    the source character after it) and its restored word in italics.

    A word whose split is not shown as two adjacent characters, or whose restored word
    overlaps an italic range already there, is left as it is.
    """
    text, offs = shown.text, shown.offsets
    n = len(text)
    at: list[tuple[int, int]] = []  # (shown index of the split, source offset)
    wanted: list[tuple[int, int]] = []  # source ranges of the restored words
    for g in glued:
        d = bisect.bisect_left(offs, g.split, 0, n)
        if 0 < d < n and offs[d] == g.split and offs[d - 1] == g.split - 1:
            at.append((d, g.split))
            wanted.append((g.italic_start, g.italic_end))
    if not at:
        return shown
    points = [d for d, _s in at]

    def moved(i: int, end: bool) -> int:
        return i + (bisect.bisect_left(points, i) if end else bisect.bisect_right(points, i))

    parts: list[str] = []
    new_offs = array("q")
    pos = 0
    for d, source in at:
        parts.append(text[pos:d])
        new_offs.extend(offs[pos:d])
        parts.append(" ")
        new_offs.append(source)
        pos = d
    parts.append(text[pos:])
    new_offs.extend(offs[pos:])
    italic = [(moved(a, False), moved(b, True)) for a, b in shown.italic]
    repaired = []
    for s, e in wanted:
        a = moved(bisect.bisect_left(offs, s, 0, n), False)
        b = moved(bisect.bisect_left(offs, e, 0, n), True)
        if b > a and not any(x < b and a < y for x, y in italic):
            repaired.append((a, b))
    italic = sorted([*italic, *repaired])
    return Display("".join(parts), new_offs, shown.ruby, tuple(italic), tuple(repaired))
