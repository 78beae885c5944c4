"""Recording page views from the real page: every page shown, window activity, flushes.

:class:`RecordingController` tells the store's
:class:`~reader.store.stats_recorder.PageViewRecorder` what happens on screen:

- each page shown (its source range, its words or CJK characters with author's
  notes left out, a page that is all author's note not counted, its progress);
- the window hidden, minimised or without focus, and back (via
  :class:`~reader.ui.stats.activity.WindowActivity`);
- read aloud turning the pages (:meth:`RecordingController.set_listening`): those
  views are listening, kept apart from reading.

It writes the finished views on a timer every
:data:`~reader.store.stats_recorder.FLUSH_INTERVAL_SECONDS`, shortly after each
turn (as the reading position is saved, so a crash loses only the page on screen),
when the window is hidden and when it closes. A page turn costs a comparison, a
word count of the page and a few attribute writes (about 0.1 ms); the store is
written later.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from reader.store.base import StoreError
from reader.store.stats_models import DEFAULT_IDLE_LIMIT_SECONDS, GoalProgress, Kind, PageView
from reader.store.stats_recorder import FLUSH_INTERVAL_SECONDS, PageViewRecorder
from reader.ui.session.book_session import SAVE_DELAY_MS
from reader.ui.stats.activity import WindowActivity, is_active
from reader.ui.stats.time_left import TimeLeftEstimator
from reader.ui.stats.units import page_count

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from reader.store.db import Store
    from reader.ui.common.ports import MessageSink
    from reader.ui.stats.ports import RecordedPage, StatsBook

__all__ = ["NEAR_THE_END", "LibrarySink", "RecordingController"]

NEAR_THE_END = 90.0
"""From this far through the book a page's progress is asked of the page itself (which
knows when only white space follows); before, the end offset says it (and is quicker)."""


class LibrarySink:
    """``store.stats`` as the recorder's sink, leaving out views of books no longer in the
    library (removed while open: their rows would break the foreign key and block every
    later flush)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def idle_limit(self) -> int:
        """The reader's idle limit in seconds (the default when unreadable)."""
        try:
            return self._store.stats.idle_limit()
        except StoreError:  # unreadable setting: the default; a write would report it
            return DEFAULT_IDLE_LIMIT_SECONDS

    def recording_enabled(self) -> bool:
        """Whether the reader lets Quire record (yes when unreadable)."""
        try:
            return self._store.stats.recording_enabled()
        except StoreError:  # unreadable setting: the default (on); a write would report it
            return True

    def add_views(
        self,
        views: Iterable[PageView],
        *,
        finished: Mapping[int, int] | None = None,
        text_lengths: Mapping[int, int] | None = None,
    ) -> int:
        """Store the views of books still in the library; return how many were new."""
        views = list(views)
        finished = dict(finished or {})
        lengths = dict(text_lengths or {})
        ids = {v.book_id for v in views} | set(finished) | set(lengths)
        gone = {i for i in ids if self._store.library.get(i) is None}
        if gone:
            views = [v for v in views if v.book_id not in gone]
            finished = {k: v for k, v in finished.items() if k not in gone}
            lengths = {k: v for k, v in lengths.items() if k not in gone}
        return self._store.stats.add_views(views, finished=finished, text_lengths=lengths)


class RecordingController(QObject):
    """Page views from the page on screen into the store (see the module docstring)."""

    figures_changed = Signal()
    """New page views were written or the settings changed: pace and today's time may
    differ (the status line's time left and goal ring read them again)."""

    def __init__(
        self,
        store: Store,
        page: RecordedPage,
        open_book: StatsBook,
        messages: MessageSink,
        *,
        watch: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._sink = LibrarySink(store)
        self._page = page
        self._open = open_book
        self._messages = messages
        self._kind = Kind.READING
        self._last: tuple[int, int, int, Kind] | None = None
        """(book id, start, end, kind) last reported: a repaint of the same page is no turn."""
        self._length_sent: int | None = None
        self._error: str | None = None
        self._held = 0
        self._active = is_active(watch) if watch is not None else True
        self.time_left = TimeLeftEstimator(store.stats, open_book)
        """Time left in the chapter and book from the recorded pace (for the status line)."""
        self.recorder = self._make_recorder(clock, wall_clock)
        self._activity = (
            WindowActivity(watch, self.set_window_active, self.window_closing)
            if watch is not None
            else None
        )
        self._timer = QTimer(self)
        self._timer.setInterval(int(FLUSH_INTERVAL_SECONDS * 1000))
        self._timer.timeout.connect(self.flush)
        self._timer.start()
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(SAVE_DELAY_MS)
        self._soon.timeout.connect(self.flush)

    def _make_recorder(
        self, clock: Callable[[], float], wall_clock: Callable[[], float]
    ) -> PageViewRecorder:
        return PageViewRecorder.for_stats(
            self._sink, clock=clock, wall_clock=wall_clock, active=self._active
        )

    def use_clocks(self, clock: Callable[[], float], wall_clock: Callable[[], float]) -> None:
        """Start over with these clocks (monotonic, and epoch seconds): for tests and
        benchmarks. What was recorded so far is written first."""
        self.close_view()
        self.recorder = self._make_recorder(clock, wall_clock)
        self._last = None
        self.page_shown()

    # --- events -----------------------------------------------------------------------

    @Slot()
    def page_shown(self) -> None:
        """The page on screen may have changed: report it if it did (connect to the
        view's ``page_changed``)."""
        page = self._page
        book = page.book()
        record = self._open.record
        if book is None or record is None or self._open.book is not book:
            self._book_gone()
            return
        start, end = page.visible_range()
        if end <= start:
            self._book_gone()
            return
        if book.whole_length:
            return  # only the opening is read yet: recorded once the whole takes its place
        key = (record.id, start, end, self._kind)
        if key == self._last:
            return
        self._last = key
        count = page_count(book, start, end)
        length = None
        if self._length_sent != record.id:
            self._length_sent = record.id
            length = len(book.text)
        lo, hi = book.reading_range()
        percent = 100.0 * (end - lo) / (hi - lo) if hi > lo else 100.0
        if percent >= NEAR_THE_END:  # the status line's percent (100 on the last page)
            percent = page.page_info().percent
        recorder = self.recorder
        recorder.page_shown(
            record.id,
            start,
            end,
            count.units,
            count.unit,
            kind=self._kind,
            counted=count.counted,
            percent=percent,
            text_length=length,
        )
        if recorder.pending and not self._soon.isActive():
            self._soon.start()

    def _book_gone(self) -> None:
        if self._last is not None:
            self._last = None
            self.recorder.book_closed()
            self._soon.start()

    @Slot(bool)
    def set_listening(self, listening: bool) -> None:
        """Read aloud started (True) or stopped (False): the pages it turns, and the page
        on screen while it speaks, count as listening, kept apart from reading."""
        kind = Kind.LISTENING if listening else Kind.READING
        if kind == self._kind:
            return
        self._kind = kind
        if not listening:
            self.recorder.listening_stopped()
        self._last = None
        self.page_shown()

    @Slot(bool)
    def set_window_active(self, active: bool) -> None:
        """The window came to the front (True) or was hidden, minimised or left (False)."""
        self._active = active
        if active:
            self.recorder.window_active()
            if not self.recorder.has_open_view:
                self._last = None
                self.page_shown()
        else:
            self.recorder.window_inactive()
            self.flush()

    def window_closing(self) -> None:
        """The window is closing: the page on screen ends and everything is written."""
        self.close_view()

    def close_view(self) -> None:
        """End the page view in progress and write every finished view."""
        self.recorder.book_closed()
        self._last = None
        self.flush()

    # --- writing ---------------------------------------------------------------------

    @Slot()
    def flush(self) -> int:
        """Write the finished page views now; return how many (0 on a store error, which
        is shown once; the views are kept for the next try)."""
        self._soon.stop()
        if self._held:
            return 0
        try:
            written = self.recorder.flush()
        except StoreError as err:
            message = f"Reading statistics could not be saved: {err}"
            if message != self._error:
                self._error = message
                self._messages.show_message(message)
            return 0
        self._error = None
        if written:
            self.time_left.refresh()
            self.figures_changed.emit()
        return written

    def hold_writes(self, hold: bool) -> None:
        """Keep finished views in memory (True) while a background job writes the library,
        and write them once released (False) (calls nest)."""
        self._held = max(0, self._held + (1 if hold else -1))
        if not self._held:
            self._soon.start()

    def apply_settings(self) -> None:
        """Take the reader's recording settings again (idle limit, recording on or off)."""
        recorder = self.recorder
        recorder.idle_limit = float(self._sink.idle_limit())
        enabled = self._sink.recording_enabled()
        if enabled != recorder.enabled:
            recorder.enabled = enabled
            self._last = None
            if enabled:
                self.page_shown()
        self.figures_changed.emit()

    def goal(self) -> GoalProgress | None:
        """Today's reading against the daily goal (None without a goal or when unreadable)."""
        try:
            return self._store.stats.goal_progress()
        except StoreError:  # unreadable now: no ring until the next flush reads it again
            return None

    def shutdown(self) -> None:
        """Stop the timers and write everything (the window is going away; a background
        job still holding the writes back is waited for rather than lose them)."""
        self._timer.stop()
        self._held = 0
        self.close_view()
