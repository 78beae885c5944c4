"""What the statistics package needs from the window, as small protocols and a context.

Recording (:class:`~reader.ui.stats.recording.RecordingController`) needs the
page on screen (:class:`RecordedPage`), the open book and its library record
(:class:`StatsBook`), the widget whose activity decides whether time counts, and
a :class:`~reader.ui.common.ports.MessageSink`. The Statistics view and its
import, export and clear commands get a :class:`StatsContext`. The window passes
its reading view, its book session and itself; a test can pass plain objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from reader.layout.style import Theme
    from reader.store.db import Store
    from reader.store.models import BookRecord
    from reader.text.book import Book
    from reader.ui.common.ports import MessageSink


class PageProgress(Protocol):
    """How far through the book the page on screen is (a ``PageInfo`` fits)."""

    @property
    def percent(self) -> float:
        """0–100: how far the end of the visible text is through the reading range."""
        ...


class RecordedPage(Protocol):
    """The page on screen, as far as recording is concerned (the reading view fits)."""

    def book(self) -> Book | None:
        """The book shown (None when none)."""
        ...

    def visible_range(self) -> tuple[int, int]:
        """Source ``[start, end)`` of the text on screen (``(0, 0)`` when none)."""
        ...

    def page_info(self) -> PageProgress:
        """Progress of the page on screen."""
        ...


class StatsBook(Protocol):
    """The book open in the window and its library record (the book session fits)."""

    @property
    def book(self) -> Book | None:
        """The book on screen (None when none)."""
        ...

    @property
    def record(self) -> BookRecord | None:
        """Its library record (None: not in the library, nothing is recorded)."""
        ...


@dataclass(frozen=True)
class StatsContext:
    """Everything the Statistics view and its commands use that they do not own."""

    store: Store
    """Where the statistics are read, imported into, exported from and cleared."""
    open_book: StatsBook
    """The open book (the book chooser starts on it; its chapters are known)."""
    messages: MessageSink
    """Where errors and notices go when no dialog is open."""
    theme: Callable[[], Theme]
    """The reading theme in use (light, sepia or dark colours for the charts)."""
    parent: Callable[[], QWidget]
    """The widget dialogs open over (the main window)."""
    flush: Callable[[], object]
    """Write the page views recorded so far (before the view reads or clears them)."""
    cache_dir: Path | None = None
    """The parse cache, for reading the chapters of books that are not open."""
    hold_writes: Callable[[bool], None] = lambda _hold: None
    """Hold (True) or release (False) the recorder's writes while a background job has
    the library's write lock, so the window never waits for it."""


__all__ = ["PageProgress", "RecordedPage", "StatsBook", "StatsContext"]
