"""What the library pane needs from the window: :class:`LibraryContext`.

The window (the composition root) builds one from its store, its book session
and its own methods; a test can build one from a store in a temporary folder,
a plain object for the open book, and lists that record what was asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from reader.store.db import Store
    from reader.store.models import BookRecord
    from reader.text.book import Book
    from reader.ui.common.ports import MessageSink
    from reader.ui.common.writes import Writes


class LibraryBook(Protocol):
    """The book open in the window, as the library sees it.

    Removing the open book from the library sets ``record`` to None (the book
    stays readable but is no longer saved); undoing the removal sets it back.
    """

    record: BookRecord | None

    @property
    def book(self) -> Book | None:
        """The book on screen (None when none)."""
        ...

    def flush(self) -> None:
        """Write the pending reading position (and the reading statistics recorded so
        far) now."""
        ...


@dataclass(frozen=True)
class LibraryContext:
    """Everything :class:`~reader.ui.library.pane.LibraryPane` uses that it does not own."""

    store: Store
    """The library, its settings (sort order, last folder) and the database path for imports."""
    open_book: LibraryBook
    """The book open in the window."""
    messages: MessageSink
    """Where errors and notices go."""
    open_path: Callable[[str], bool]
    """Open a file in the window at its saved position; False (with a message) on failure."""
    focus_page: Callable[[], None]
    """Give the keyboard focus to the page."""
    show_on_page: Callable[[str], None]
    """Show a message in place of the page (no book open)."""
    command_keys: Callable[[str], str]
    """The keys of a command as the reader sees them ('' when none)."""
    show_pane: Callable[[], None]
    """Bring the pane into view (its dock shown and raised)."""
    edit_book_settings: Callable[[BookRecord], BookRecord | None]
    """Ask for a book's settings and apply them; the updated record, or None."""
    writes: Writes | None = None
    """Where changes go (the window's background writer); None: written at once (tests)."""


__all__ = ["LibraryBook", "LibraryContext"]
