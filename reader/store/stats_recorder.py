"""The recording policy for page views: Qt-free, driven by events, with an injectable clock.

The ui tells a :class:`PageViewRecorder` what happens — a page is shown, the window
is hidden, minimised or loses focus, it is shown or focused again, the book is
closed — and calls :meth:`PageViewRecorder.flush` on a timer and on close. The
recorder turns that into page views:

- a view shorter than :data:`GLANCE_SECONDS` is not recorded;
- a view longer than the idle limit (a setting, five minutes by default) counts as
  the limit;
- while the window is hidden, minimised or unfocused a *reading* view's clock stops
  (listening to read aloud goes on in the background, so a listening view's does not);
- pages turned by read aloud are recorded as :attr:`Kind.LISTENING`, apart from reading;
- a page the caller marks ``counted=False`` (e.g. all author's note) is not recorded;
  the caller's word counts already leave author's notes out.

Each call is O(1) in memory: a finished view goes to an in-memory batch, and only
:meth:`flush` writes (one transaction for the whole batch).

**Crash bound.** The ui calls ``flush()`` on a timer every
:data:`FLUSH_INTERVAL_SECONDS` and when the window is hidden, the book closed or
Quire quits; a crash then loses the open view plus the views finished in the last
30 s at most. Calling it also where the reading position is saved (debounced,
< 1 s after a turn) brings that down to the open view alone, at the cost of one
small transaction per turn — the position write already pays the same. :meth:`due`
tells a caller that polls whether the batch is old enough to write. (A batch size
rule would add nothing: a recorded view lasts at least :data:`GLANCE_SECONDS`, so 20
views are never younger than 30 s.)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol

from reader.store.stats_models import (
    DEFAULT_IDLE_LIMIT_SECONDS,
    FINISHED_PERCENT,
    GLANCE_SECONDS,
    UNITS,
    WORDS,
    Kind,
    PageView,
)

__all__ = [
    "FLUSH_INTERVAL_SECONDS",
    "MAX_PENDING_VIEWS",
    "PageViewRecorder",
    "StatsSettings",
    "ViewSink",
]

FLUSH_INTERVAL_SECONDS: Final = 30.0
"""The ui flushes at least this often (a QTimer), so a crash loses at most this much."""
MAX_PENDING_VIEWS: Final = 10_000
"""While the store keeps failing, the oldest views beyond this many are dropped."""


class ViewSink(Protocol):
    """Where finished page views go (``store.stats`` is one)."""

    def add_views(
        self,
        views: Iterable[PageView],
        *,
        finished: Mapping[int, int] | None = None,
        text_lengths: Mapping[int, int] | None = None,
    ) -> int:
        """Store ``views`` in one transaction; see :meth:`reader.store.stats.Stats.add_views`."""
        ...


class StatsSettings(ViewSink, Protocol):
    """A sink that also knows the reader's recording settings (``store.stats`` does)."""

    def idle_limit(self) -> int:
        """Seconds a view is capped at."""
        ...

    def recording_enabled(self) -> bool:
        """Whether page views are recorded at all."""
        ...


@dataclass(slots=True)
class _Open:
    """The page view in progress."""

    book_id: int
    start: int
    end: int
    units: int
    unit: str
    kind: Kind
    counted: bool
    percent: float | None
    wall_start: float | None
    """Wall-clock time when the view first became active (None: never active yet)."""
    active: float
    """Seconds of active time before ``since``."""
    since: float | None
    """Monotonic time the current active stretch began (None while paused)."""


class PageViewRecorder:
    """Turns page-shown and window events into page views (see the module docstring)."""

    def __init__(
        self,
        sink: ViewSink,
        *,
        idle_limit: float = DEFAULT_IDLE_LIMIT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        active: bool = True,
        enabled: bool = True,
    ) -> None:
        self._sink = sink
        self._clock = clock
        self._wall = wall_clock
        self.idle_limit = float(idle_limit)
        """Seconds a view is capped at (the ``stats.idle_limit_seconds`` setting)."""
        self._window_active = active
        self._enabled = enabled
        self._open: _Open | None = None
        self._batch: list[tuple[int, int, int, int, int, Kind, int, str]] = []
        """Finished views as :class:`PageView` fields (tuples: the cheapest to make)."""
        self._finished: dict[int, int] = {}
        self._lengths: dict[int, int] = {}
        self._oldest: float | None = None

    @classmethod
    def for_stats(cls, stats: StatsSettings, **kwargs: Any) -> PageViewRecorder:
        """A recorder writing to ``stats`` (``store.stats``) with the reader's settings
        (idle limit, recording on or off); ``kwargs`` as for the constructor."""
        kwargs.setdefault("idle_limit", stats.idle_limit())
        kwargs.setdefault("enabled", stats.recording_enabled())
        return cls(stats, **kwargs)

    # -- events ------------------------------------------------------------------

    def page_shown(
        self,
        book_id: int,
        start: int,
        end: int,
        units: int,
        unit: str = WORDS,
        *,
        kind: Kind = Kind.READING,
        counted: bool = True,
        percent: float | None = None,
        text_length: int | None = None,
    ) -> None:
        """A page ``[start, end)`` of a book is now on screen (this ends the previous view).

        ``units`` is the number of words (``unit="words"``) or CJK characters
        (``"chars"``) on the page, author's notes left out; ``counted=False`` marks a
        page that must not count at all. ``percent`` is the reading progress at the
        page's end (a book is finished at :data:`FINISHED_PERCENT`), ``text_length`` the
        book's text length in code points (both optional). Showing the same page again
        (same book, range and kind) continues the view.
        """
        if self._enabled and text_length is not None and text_length > 0:
            self._lengths[book_id] = int(text_length)
        now = self._clock()
        cur = self._open
        if cur is not None and (cur.book_id, cur.start, cur.end, cur.kind) == (
            book_id,
            start,
            end,
            kind,
        ):
            cur.counted, cur.units, cur.percent = counted, units, percent
            return
        self._close(now)
        if not self._enabled:
            return
        runs = self._window_active or kind == Kind.LISTENING
        self._open = _Open(
            book_id=book_id,
            start=int(start),
            end=int(end),
            units=max(0, int(units)),
            unit=unit if unit in UNITS else WORDS,
            kind=Kind(kind),
            counted=counted,
            percent=percent,
            wall_start=self._wall() if runs else None,
            active=0.0,
            since=now if runs else None,
        )

    def window_inactive(self) -> None:
        """The window was hidden, minimised or lost focus: reading time stops."""
        self._window_active = False
        cur = self._open
        if cur is not None and cur.since is not None and cur.kind == Kind.READING:
            cur.active += self._clock() - cur.since
            cur.since = None

    def window_active(self) -> None:
        """The window is shown and focused again: reading time runs again."""
        self._window_active = True
        cur = self._open
        if cur is not None and cur.since is None:
            cur.since = self._clock()
            if cur.wall_start is None:
                cur.wall_start = self._wall()

    def book_closed(self) -> None:
        """The book was closed (or another one opened): the open view ends now."""
        self._close(self._clock())

    def listening_stopped(self) -> None:
        """Read aloud stopped on this page: its listening view ends. Call
        :meth:`page_shown` with ``kind=Kind.READING`` for the same page to record the
        reading that may follow."""
        if self._open is not None and self._open.kind == Kind.LISTENING:
            self._close(self._clock())

    # -- state -------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        """Whether views are recorded (the reader's ``stats.recording`` setting)."""
        return self._enabled

    @enabled.setter
    def enabled(self, value: bool) -> None:
        if not value:
            self._open = None  # the view in progress is dropped, not recorded
        self._enabled = bool(value)

    @property
    def pending(self) -> int:
        """Finished views waiting for :meth:`flush`."""
        return len(self._batch)

    @property
    def has_open_view(self) -> bool:
        """True while a page view is in progress."""
        return self._open is not None

    def due(self) -> bool:
        """True when finished views have waited :data:`FLUSH_INTERVAL_SECONDS` or more."""
        return (
            bool(self._batch)
            and self._oldest is not None
            and self._clock() - self._oldest >= FLUSH_INTERVAL_SECONDS
        )

    def flush(self) -> int:
        """Write the finished views (not the open one) in one transaction; return how many.

        On a store error the batch is kept for the next flush and the error is raised
        (a :class:`~reader.store.base.StoreError` with a message for the reader).
        """
        if not self._batch and not self._finished and not self._lengths:
            return 0
        batch, finished, lengths = self._batch, self._finished, self._lengths
        views = [PageView(*fields) for fields in batch]
        self._sink.add_views(views, finished=finished, text_lengths=lengths)
        self._batch, self._finished, self._lengths = [], {}, {}
        self._oldest = None
        return len(batch)

    # -- internals ---------------------------------------------------------------

    def _close(self, now: float) -> None:
        cur, self._open = self._open, None
        if cur is None or not cur.counted:
            return
        active = cur.active + (now - cur.since if cur.since is not None else 0.0)
        if active < GLANCE_SECONDS or cur.wall_start is None:
            return
        duration = max(1, round(min(active, self.idle_limit)))
        start_time = int(cur.wall_start)
        self._batch.append(
            (cur.book_id, cur.start, cur.end, start_time, duration, cur.kind, cur.units, cur.unit)
        )
        if cur.percent is not None and cur.percent >= FINISHED_PERCENT:
            prev = self._finished.get(cur.book_id)
            self._finished[cur.book_id] = start_time if prev is None else min(prev, start_time)
        if self._oldest is None:
            self._oldest = now
        if len(self._batch) > MAX_PENDING_VIEWS:
            del self._batch[0]
