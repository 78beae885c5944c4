"""The layouts a :class:`~reader.layout.typeset.Typesetter` keeps, bounded by their text.

A kept :class:`~reader.layout.block_layout.BlockLayout` holds a ``QTextLayout`` with
Qt's shaped glyphs, and the shown text with its offsets, so its memory follows the
length of its laid-out text (some 60–100 bytes a character). :class:`LayoutCache`
keeps the most recently used layouts up to a count and, when given one, a budget in
characters of laid-out text, so that what it holds follows the amount of text kept.

The budget never breaks up the spread being painted. The painter asks for every block
on the spread in order, each paint; were the first of them put out while the later
ones are set, every repaint would set them all again. So the oldest layout goes only
while the newer ones *alone* fill the budget, and each counts at most
:data:`MOST_OF_BUDGET` of it there: the blocks at a spread's two edges may be long
paragraphs mostly off the page, and those must not push out the rest. Blocks used
one after another are therefore all kept when those between the first and the last,
counted so, hold at most seven eighths of the budget: :func:`budget_for` makes that
the spread on screen and the one the page sets ahead of it, with room to spare.
"""

from __future__ import annotations

import math
from collections import OrderedDict

from reader.layout.block_layout import BlockLayout

__all__ = [
    "KEPT_CHARS",
    "KEPT_PAGES",
    "MOST_OF_BUDGET",
    "SPREAD_BLOCKS",
    "LayoutCache",
    "budget_for",
    "limits_for",
]

KEPT_CHARS = 8_000
"""Least characters of laid-out text a page keeps, however small the page (~0.5 MB): some
pages of prose to turn back to without setting them again."""

KEPT_PAGES = 8
"""Pages' worth of characters (as estimated) a page keeps at least (:func:`budget_for`):
the spread on screen and the next one, laid out ahead of a turn, even where a page holds
half as much again as its estimate and a long paragraph sits at each edge; turning back
a spread is then mostly free too. A large window with a small font keeps more, so that
it never sets the blocks of its spread again on a repaint."""

SPREAD_BLOCKS = 4
"""Layouts kept at least per body line of a page: a spread of two pages shows at most one
block a line (a block shows a line at least), with room for lines smaller than the body's."""

MOST_OF_BUDGET = 0.125
"""The share of the budget one layout counts for at most, when deciding whether the
newer layouts alone fill it (a page's worth, with :func:`budget_for`'s budget): a long
paragraph must not push out the page around it."""


def budget_for(chars_per_page: float) -> int:
    """The character budget for a page of ``chars_per_page`` (estimated) characters."""
    return max(KEPT_CHARS, math.ceil(KEPT_PAGES * max(chars_per_page, 0.0)))


def limits_for(size: int, page_lines: int, chars_per_page: float) -> tuple[int, int]:
    """The count (at least ``size``) and character budget to keep for a page of
    ``page_lines`` body lines and about ``chars_per_page`` characters."""
    return max(size, SPREAD_BLOCKS * max(page_lines, 1)), budget_for(chars_per_page)


def text_cost(layout: BlockLayout | None) -> int:
    """What one kept layout counts for: its laid-out characters (a block that shows
    nothing, none; the index map and line arrays of a short one, at least one)."""
    return 0 if layout is None else max(len(layout.text), 1)


class LayoutCache:
    """Block index → its layout (None when it shows nothing), least recently used first out.

    At most ``size`` entries; with a budget of ``chars`` characters also only as many as
    that holds (see the module docstring): the oldest goes while the newer ones alone,
    each counted at most ``MOST_OF_BUDGET * chars``, hold more than ``chars``.
    """

    __slots__ = ("_cap", "_chars", "_counted", "_entries", "_size")

    def __init__(self, size: int, chars: int | None = None) -> None:
        self._entries: OrderedDict[int, tuple[BlockLayout | None, int]] = OrderedDict()
        self._counted = 0  # characters of the kept layouts, each at most _cap
        self._size = 1
        self._chars: int | None = None
        self._cap = 0
        self.limit(size, chars)

    def limit(self, size: int, chars: int | None = None) -> None:
        """Bound the cache to ``size`` entries and ``chars`` characters (None: no budget),
        dropping what no longer fits."""
        self._size = max(int(size), 1)
        self._chars = None if chars is None else max(int(chars), 1)
        self._cap = 0 if self._chars is None else max(int(self._chars * MOST_OF_BUDGET), 1)
        self._counted = sum(min(cost, self._cap) for _lay, cost in self._entries.values())
        self._trim()

    @property
    def size(self) -> int:
        """Most entries kept."""
        return self._size

    @property
    def chars(self) -> int | None:
        """The budget in characters of laid-out text, or None for a count bound only."""
        return self._chars

    @property
    def held(self) -> int:
        """Characters of laid-out text kept now."""
        return sum(cost for _layout, cost in self._entries.values())

    def __len__(self) -> int:
        """Layouts kept now."""
        return len(self._entries)

    def __contains__(self, index: object) -> bool:
        """True when block ``index``'s layout is kept."""
        return index in self._entries

    def use(self, index: int) -> BlockLayout | None:
        """The kept layout of block ``index`` (KeyError when none is kept), now the newest."""
        entries = self._entries
        entries.move_to_end(index)
        return entries[index][0]

    def put(self, index: int, layout: BlockLayout | None) -> None:
        """Keep ``layout`` as block ``index``'s, the newest, dropping what no longer fits."""
        self.drop(index)
        cost = text_cost(layout)
        self._entries[index] = (layout, cost)
        self._counted += min(cost, self._cap)
        self._trim()

    def drop(self, index: int) -> None:
        """Forget block ``index``'s layout, if kept."""
        entry = self._entries.pop(index, None)
        if entry is not None:
            self._counted -= min(entry[1], self._cap)

    def _trim(self) -> None:
        entries = self._entries
        while len(entries) > self._size:
            self._pop_oldest()
        budget = self._chars
        if budget is None:
            return
        cap = self._cap
        while len(entries) > 1:
            oldest = entries[next(iter(entries))][1]
            if self._counted - min(oldest, cap) <= budget:
                break
            self._pop_oldest()

    def _pop_oldest(self) -> None:
        _index, (_layout, cost) = self._entries.popitem(last=False)
        self._counted -= min(cost, self._cap)
