"""Reading statistics: the rules (named constants) and the plain records the queries return.

No SQL and no Qt here. Times are UTC epoch seconds (integers) in storage and in
:class:`PageView`; the query results carry local dates, already bucketed in the
reader's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from typing import Final

__all__ = [
    "CHARS",
    "DEFAULT_IDLE_LIMIT_SECONDS",
    "FINISHED_PERCENT",
    "FRACTION_SCALE",
    "GLANCE_SECONDS",
    "GOAL_SETTING",
    "IDLE_LIMIT_SETTING",
    "MAX_PLAUSIBLE_PACE",
    "MIN_DAY_SECONDS",
    "MIN_PACE_SECONDS",
    "PACE_DAYS",
    "QUARTER_SECONDS",
    "RECORDING_SETTING",
    "SESSION_GAP_SECONDS",
    "UNITS",
    "WORDS",
    "BookStats",
    "ChapterTime",
    "ClockStats",
    "Dashboard",
    "DayStat",
    "GoalProgress",
    "Kind",
    "MonthFinished",
    "Pace",
    "PacePoint",
    "PageView",
    "Streaks",
    "WeekStat",
    "count_units",
]

WORDS: Final = "words"
"""Unit for scripts written with spaces between words (Latin, Cyrillic, Greek …): pace in
words per minute. The same value as ``books.length_unit`` for such books."""
CHARS: Final = "chars"
"""Unit for CJK text (Chinese, Japanese): pace in characters per minute (``length_unit``)."""
UNITS: Final = (WORDS, CHARS)

GLANCE_SECONDS: Final = 2.0
"""A page shown for less than this was glanced at, not read: even a short page of 100 words
read in 2 s would be 3,000 words a minute, far beyond reading (people flip past pages
they are looking for in well under a second, and a page shown by a jump is often left at
once). Such views are not recorded at all."""

DEFAULT_IDLE_LIMIT_SECONDS: Final = 300
"""A page view longer than this (five minutes, a setting) is counted as this long: the
reader most likely stepped away."""

IDLE_LIMIT_SETTING: Final = "stats.idle_limit_seconds"
"""Settings key (int seconds) overriding :data:`DEFAULT_IDLE_LIMIT_SECONDS`."""
GOAL_SETTING: Final = "stats.daily_goal_minutes"
"""Settings key (int minutes, or absent) for the optional daily reading goal."""
RECORDING_SETTING: Final = "stats.recording"
"""Settings key (bool, default true): whether page views are recorded at all."""

SESSION_GAP_SECONDS: Final = 30 * 60
"""A new reading session starts after at least this long without reading the book."""

FINISHED_PERCENT: Final = 99.0
"""A book counts as finished once a page ending at or beyond this percent was read."""

MIN_DAY_SECONDS: Final = 60
"""A day counts towards a streak with at least this much reading (or listening)."""

PACE_DAYS: Final = 30
"""The reader's pace for "time left" is measured over this many recent days."""
MIN_PACE_SECONDS: Final = 120
"""Reading time needed before a measured pace is trusted."""
MAX_PLAUSIBLE_PACE: Final = {WORDS: 1000.0, CHARS: 2000.0}
"""Units per minute beyond which a page view was skimmed, not read; such views count as
reading time but are left out of pace (fast readers manage ~700 words or ~1,000 CJK
characters a minute)."""

QUARTER_SECONDS: Final = 900
"""``stat_quarters`` adds reading time up per UTC quarter hour (``stat_hours`` per hour).
Every time zone in use since the 1970s is a whole number of quarter hours from UTC, so a
quarter hour never straddles a local midnight or hour and can be bucketed into local
days exactly; zones a whole number of hours from UTC use the hour sums."""

FRACTION_SCALE: Final = 1_000_000
"""Offsets of imported views whose book's text length was unknown are stored as fractions
of the text out of this (``offset_scale``), and rescaled once the length is learnt."""


def count_units(
    text: str, start: int, end: int, unit: str = WORDS, skip: Sequence[tuple[int, int]] = ()
) -> int:
    """Words (runs of non-white-space) or, for ``unit="chars"``, non-white-space
    characters in ``text[start:end]``, leaving out the ranges in ``skip`` (author's
    notes). The same counting as the library's book length, so a page's count and the
    book's length are in the same units and "time left" = remaining units / pace."""
    pieces = []
    pos = start
    for lo, hi in sorted(skip):
        if hi <= pos or lo >= end:
            continue
        if lo > pos:
            pieces.append(text[pos:lo])
        pos = max(pos, hi)
    if pos < end:
        pieces.append(text[pos:end])
    if unit == CHARS:
        return sum(len(w) for piece in pieces for w in piece.split())
    return sum(len(piece.split()) for piece in pieces)


class Kind(IntEnum):
    """What the reader was doing on a page: reading it, or listening to read aloud."""

    READING = 0
    LISTENING = 1

    @property
    def label(self) -> str:
        """``"reading"`` or ``"listening"`` (as in exports)."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class PageView:
    """One stored page view: a range of the book looked at, from ``start_time`` for ``duration``.

    ``start_offset``/``end_offset`` are code-point offsets into the book's text, or, when
    ``offset_scale`` is not 0, fractions of the text out of ``offset_scale``. ``units`` is
    how many words (or CJK characters, see ``unit``) the range holds, author's notes left
    out, so pace needs no re-reading of the book.
    """

    book_id: int
    start_offset: int
    end_offset: int
    start_time: int
    """UTC epoch seconds."""
    duration: int
    """Seconds (already capped at the idle limit)."""
    kind: Kind = Kind.READING
    units: int = 0
    unit: str = WORDS
    offset_scale: int = 0
    source: str = "quire"
    """``quire``, or ``koreader`` for views imported from KOReader's statistics."""


@dataclass(frozen=True, slots=True)
class DayStat:
    """Reading on one local day."""

    day: date
    reading_seconds: int = 0
    listening_seconds: int = 0
    pages: int = 0
    """Page views recorded (reading and listening)."""

    @property
    def seconds(self) -> int:
        """Reading plus listening."""
        return self.reading_seconds + self.listening_seconds

    @property
    def minutes(self) -> float:
        """Reading plus listening, in minutes."""
        return self.seconds / 60


@dataclass(frozen=True, slots=True)
class WeekStat:
    """Reading in one local week (Monday to Sunday)."""

    week_start: date
    """The Monday."""
    reading_seconds: int = 0
    listening_seconds: int = 0
    pages: int = 0

    @property
    def minutes(self) -> float:
        """Reading plus listening, in minutes."""
        return (self.reading_seconds + self.listening_seconds) / 60


@dataclass(frozen=True, slots=True)
class MonthFinished:
    """The books finished in one local month (each book counted at its first finish)."""

    month: date
    """The first day of the month."""
    book_ids: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        """How many books were finished."""
        return len(self.book_ids)


@dataclass(frozen=True, slots=True)
class Streaks:
    """Runs of consecutive local days with at least ``min_seconds`` of reading or listening.

    The current streak runs back from today, or from yesterday while today has no
    qualifying reading yet (the streak is not broken until the day is over).
    """

    current: int
    longest: int
    longest_start: date | None = None
    longest_end: date | None = None
    min_seconds: int = MIN_DAY_SECONDS


@dataclass(frozen=True, slots=True)
class ClockStats:
    """When the reader reads: seconds per weekday (Monday first), per hour, and both."""

    by_weekday: tuple[int, ...]
    by_hour: tuple[int, ...]
    grid: tuple[tuple[int, ...], ...]
    """``grid[weekday][hour]`` seconds."""


@dataclass(frozen=True, slots=True)
class Pace:
    """A measured pace: ``units`` words (or CJK characters) read in ``seconds``."""

    unit: str
    units: int
    seconds: int

    @property
    def per_minute(self) -> float:
        """Words (or characters) per minute."""
        return self.units * 60 / self.seconds if self.seconds > 0 else 0.0

    def seconds_for(self, units: int) -> float:
        """Estimated seconds to read ``units`` more words (or characters)."""
        return max(0, units) * self.seconds / self.units if self.units > 0 else 0.0


@dataclass(frozen=True, slots=True)
class BookStats:
    """One book's figures (times in seconds; dates local)."""

    book_id: int
    title: str
    author: str
    book_key: str
    reading_seconds: int = 0
    listening_seconds: int = 0
    pages: int = 0
    """Page views recorded."""
    sessions: int = 0
    """Runs of reading separated by at least :data:`SESSION_GAP_SECONDS`."""
    unit: str = WORDS
    pace: Pace | None = None
    """This book's own reading pace (None until :data:`MIN_PACE_SECONDS` were measured)."""
    percent: float = 0.0
    """From the book's saved progress."""
    started: datetime | None = None
    """The first recorded page view (local time)."""
    last_read: datetime | None = None
    """The end of the last recorded page view (local time)."""
    finished: datetime | None = None
    """When a page at or beyond :data:`FINISHED_PERCENT` was first read (local time)."""
    length: int = 0
    """The book's length in ``unit`` (from the library)."""
    seconds_to_finish: float | None = None
    """Remaining words / pace (this book's pace, else the reader's recent pace)."""


@dataclass(frozen=True, slots=True)
class ChapterTime:
    """Time spent in one chapter (page views bucketed by their start offset)."""

    index: int
    start: int
    """The chapter's start offset, as supplied."""
    reading_seconds: int = 0
    listening_seconds: int = 0
    pages: int = 0


@dataclass(frozen=True, slots=True)
class PacePoint:
    """A book's reading pace in one session (or on one day)."""

    start: datetime
    """Local time of the first page view of the session (or local midnight of the day)."""
    seconds: int
    units: int
    unit: str

    @property
    def per_minute(self) -> float:
        """Words (or characters) per minute."""
        return self.units * 60 / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """Today's reading (and listening) against the daily goal."""

    goal_minutes: int
    today_seconds: int

    @property
    def fraction(self) -> float:
        """0 … 1 (capped), for a progress ring."""
        goal = self.goal_minutes * 60
        return min(1.0, self.today_seconds / goal) if goal > 0 else 1.0

    @property
    def met(self) -> bool:
        """True once today's time reaches the goal."""
        return self.today_seconds >= self.goal_minutes * 60


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the Statistics view shows on open, computed in one go."""

    today: date
    daily: list[DayStat]
    """The last 30 days, oldest first, today last."""
    weekly: list[WeekStat]
    """The last 52 weeks (Monday-based), oldest first, this week last."""
    heat_map: dict[date, float]
    """Local day → minutes for the last year (days without reading are absent)."""
    finished: list[MonthFinished]
    """The last 12 months, oldest first."""
    streaks: Streaks
    clock: ClockStats
    goal: GoalProgress | None
    total_reading_seconds: int = 0
    total_listening_seconds: int = 0
    paces: dict[str, Pace] = field(default_factory=dict)
    """The reader's recent pace per unit (``words``/``chars``), where measured."""
