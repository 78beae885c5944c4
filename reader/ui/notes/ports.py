"""What the notes panel needs from the window: :class:`NotesContext`.

The window (the composition root) builds one from its store, its book session,
its page and its command registry; a test can build one from a bare
:class:`~reader.ui.reading.view.ReadingView`, a store in a temporary folder and
plain objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from reader.store.db import Store
    from reader.ui.common.ports import MessageSink
    from reader.ui.common.writes import Writes
    from reader.ui.reading.ports import CommandRunner
    from reader.ui.reading.view import ReadingView
    from reader.ui.session.ports import OpenBook


@dataclass(frozen=True)
class NotesContext:
    """Everything :class:`~reader.ui.notes.panel.NotesPanel` uses that it does not own."""

    store: Store
    """Bookmarks, highlights and notes are read and written here at once."""
    open_book: OpenBook
    """The book on screen and its library record."""
    page: ReadingView
    """The page: its marks, selection mode, right-click menu and ribbon come from the panel."""
    commands: CommandRunner
    """Runs window commands from the page menu (bookmark, go to) and shows their keys."""
    messages: MessageSink
    """Where errors and notices go."""
    go_to: Callable[[int], None]
    """Show the page holding a source offset (a jump, not a page turn)."""
    show_panel: Callable[[], None]
    """Bring the panel into view (its dock shown and raised)."""
    cache_dir: Path | None = None
    """The parse cache, for reading other books' chapters when exporting the library."""
    writes: Writes | None = None
    """Where changes go (the window's background writer); None: written at once (tests)."""


__all__ = ["NotesContext"]
