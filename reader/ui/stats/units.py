"""Counting a page for the statistics: words (or CJK characters), author's notes left out.

Qt-free. A page's count uses :func:`reader.store.stats_models.count_units`, the
same counting as the library's book length, so "time left" (remaining length ÷
pace) and the recorded pace are in the same units.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.store.stats_models import CHARS, WORDS, count_units
from reader.text.book import BlockKind, Book

__all__ = ["PageCount", "book_unit", "note_ranges", "page_count"]

_NOTE = int(BlockKind.AUTHOR_NOTE)


@dataclass(frozen=True, slots=True)
class PageCount:
    """What one page holds for recording."""

    units: int
    """Words (or CJK characters) outside author's notes."""
    unit: str
    counted: bool
    """False for a page that is all author's note (it must not count at all)."""


def book_unit(book: Book) -> str:
    """``"chars"`` for a CJK book, else ``"words"`` (as the library's ``length_unit``)."""
    return CHARS if book.cjk else WORDS


def note_ranges(book: Book, start: int, end: int) -> list[tuple[int, int]]:
    """The author's-note blocks overlapping source ``[start, end)``, as ranges."""
    blocks = book.blocks
    if end <= start or not len(blocks):
        return []
    first, last = blocks.index_at(start), blocks.index_at(max(start, end - 1))
    kinds = blocks.kinds()
    if _NOTE not in kinds[first : last + 1]:
        return []
    starts, ends = blocks.starts(), blocks.ends()
    return [
        (starts[i], ends[i])
        for i in range(first, last + 1)
        if kinds[i] == _NOTE and starts[i] < end and ends[i] > start
    ]


def page_count(book: Book, start: int, end: int) -> PageCount:
    """Count source ``[start, end)`` of ``book`` for a page view (see :class:`PageCount`)."""
    unit = book_unit(book)
    notes = note_ranges(book, start, end)
    units = count_units(book.text, start, end, unit, skip=notes)
    # A page with nothing to read but author's notes is not reading the story.
    counted = units > 0 or not notes
    return PageCount(units, unit, counted)
