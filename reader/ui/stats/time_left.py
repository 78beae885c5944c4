""" "Time left" from the same figures as the statistics: the store's recent pace per script.

The status line asks a :class:`TimeLeftEstimator` for the time left in the
chapter and in the book. The pace is the store's (``store.stats.pace(unit)``: the
last 30 days of recorded reading, skimmed pages and idle time already left out),
read once and again after each flush of new page views, so a page turn only
does arithmetic. Remaining words (or CJK characters) are the book's length in
the library scaled by the characters left, the way the store projects the time
to finish a book, so ``seconds`` equals ``store.stats.seconds_to_read(units,
unit)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.store.base import StoreError
from reader.store.stats_models import UNITS, Pace
from reader.text.wordcount import reading_length
from reader.ui.stats.units import book_unit

if TYPE_CHECKING:
    from reader.store.stats import Stats
    from reader.text.book import Book
    from reader.ui.stats.ports import StatsBook

__all__ = ["TimeLeft", "TimeLeftEstimator", "units_left"]


@dataclass(frozen=True, slots=True)
class TimeLeft:
    """An estimate for the page on screen (what the status line shows)."""

    chapter_seconds: float
    book_seconds: float
    per_minute: float
    """The pace it is based on, words (or characters) per minute."""
    unit: str


def units_left(length: int, chars_left: int, range_chars: int) -> int:
    """Words (or characters) in ``chars_left`` of a reading range of ``range_chars``
    characters holding ``length`` words in all."""
    if range_chars <= 0 or length <= 0:
        return 0
    return round(length * min(max(chars_left, 0), range_chars) / range_chars)


class TimeLeftEstimator:
    """Time left in the chapter and the book at the reader's recorded pace."""

    def __init__(self, stats: Stats, open_book: StatsBook) -> None:
        self._stats = stats
        self._open = open_book
        self._paces: dict[str, Pace | None] = {}
        self._length: tuple[Book, int, int] | None = None
        """(book, its length in units, its reading range in characters), for the open book."""

    def refresh(self) -> None:
        """Read the paces again (after new page views were written)."""
        paces: dict[str, Pace | None] = {}
        for unit in UNITS:
            try:
                paces[unit] = self._stats.pace(unit)
            except StoreError:  # unreadable now: no estimate until the next flush
                paces[unit] = None
        self._paces = paces

    def pace(self, unit: str) -> Pace | None:
        """The cached pace in ``unit`` (None while unknown)."""
        if not self._paces:
            self.refresh()
        return self._paces.get(unit)

    def estimate(self, chapter_chars_left: int, percent: float) -> TimeLeft | None:
        """Time left after the page on screen, or None while no pace is known."""
        book = self._open.book
        if book is None:
            return None
        unit = book_unit(book)
        pace = self.pace(unit)
        if pace is None or pace.units <= 0:
            return None
        length, range_chars = self._book_length(book, unit)
        chapter = units_left(length, chapter_chars_left, range_chars)
        rest = round(max(0.0, length * (100.0 - float(percent)) / 100.0))
        return TimeLeft(pace.seconds_for(chapter), pace.seconds_for(rest), pace.per_minute, unit)

    def _book_length(self, book: Book, unit: str) -> tuple[int, int]:
        cached = self._length
        if cached is not None and cached[0] is book:
            return cached[1], cached[2]
        lo, hi = book.reading_range()
        record = self._open.record
        if record is not None and record.length > 0 and record.length_unit == unit:
            length = record.length
        else:  # not in the library: count once (as the library does, notes left out)
            length = reading_length(book)[0]
        self._length = (book, length, hi - lo)
        return length, hi - lo
